/*
 * The narrow form of a horizontal bar chart (issue 12: chart labels readable at 320 px). The wide
 * charts put the label beside the bar in a 640-unit viewBox, which at 296 px shrinks 13-unit text
 * to 6 px. This one puts each label above its bar in a 300-unit viewBox with 15-unit text: in
 * the 265 px a 320 px screen leaves for the figure that is 13 px, and the chart is never drawn wider than 400 px. app.css shows it instead
 * of the wide one when the figure is narrower than 600 px (a container query).
 */

export interface BarChartRow {
  label: string;
  /** The value as printed ("1.234,00 €", "•"). */
  valueText: string;
  /** Bar length as a share of the longest, 0 … 1 (0: no bar). */
  share: number;
  barClass?: string;
}

const WIDTH = 300;
const LABEL_LINE = 19;
const BAR_HEIGHT = 16;
const ROW_GAP = 10;
const VALUE_SPACE = 125;

export function NarrowBarChart({ id, title, description, rows }: { id: string; title: string; description: string; rows: BarChartRow[] }) {
  const rowHeight = LABEL_LINE + BAR_HEIGHT + ROW_GAP;
  const height = rows.length * rowHeight + ROW_GAP;
  const barSpace = WIDTH - VALUE_SPACE;
  return (
    <svg class="portal-chart__svg portal-chart__svg--narrow" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-titel ${id}-beschreibung`}>
      <title id={`${id}-titel`}>{title}</title>
      <desc id={`${id}-beschreibung`}>{description}</desc>
      {rows.map((row, index) => {
        const top = ROW_GAP + index * rowHeight;
        const width = row.share > 0 ? Math.max(1, Math.round(row.share * barSpace)) : 0;
        return (
          <g>
            <text x={0} y={top + 14} class="portal-chart__label portal-chart__label--narrow">
              {row.label}
            </text>
            {width > 0 ? <rect x={0} y={top + LABEL_LINE} width={width} height={BAR_HEIGHT} class={row.barClass ?? 'portal-chart__bar'} /> : null}
            <text x={width + 6} y={top + LABEL_LINE + 13} class="portal-chart__value portal-chart__value--narrow">
              {row.valueText}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
