const BAR_HEIGHT = 20;
const GAP = 6;
const CHART_WIDTH = 640;

export interface BarChartProps {
  /** Prefix of the ids of the chart's title and description (unique on the page). */
  id: string;
  title: string;
  /** What the bars show, read out after the title ("Die Zahlen stehen auch in der Tabelle darunter."). */
  description: string;
  labels: ReadonlyArray<string>;
  /** One value per label; null = withheld (no bar, `nullText` instead). */
  values: ReadonlyArray<number | null>;
  format: (value: number | null) => string;
  /** Width of the label column in SVG units. */
  labelWidth?: number;
  /** Extra class of the svg element (e.g. the module's own colour). */
  className?: string;
}

/**
 * A horizontal SVG bar chart (role="img" with <title>/<desc>), the one chart of the product: the
 * participant statistics and the survey results draw it. Always shown next to a table with the
 * same numbers, so nobody depends on the picture.
 */
export function BarChart({ id, title, description, labels, values, format, labelWidth = 230, className }: BarChartProps) {
  const max = Math.max(1, ...values.map((v) => v ?? 0));
  const barSpace = CHART_WIDTH - labelWidth - 80;
  const height = values.length * (BAR_HEIGHT + GAP) + GAP;
  return (
    <svg class={`portal-chart__svg${className ? ` ${className}` : ''}`} viewBox={`0 0 ${CHART_WIDTH} ${height}`} role="img" aria-labelledby={`${id}-titel ${id}-beschreibung`}>
      <title id={`${id}-titel`}>{title}</title>
      <desc id={`${id}-beschreibung`}>{description}</desc>
      {values.map((value, index) => {
        const y = GAP + index * (BAR_HEIGHT + GAP);
        const width = value === null || value <= 0 ? 0 : Math.max(1, Math.round((value / max) * barSpace));
        return (
          <g>
            <text x={labelWidth - 8} y={y + BAR_HEIGHT / 2 + 5} text-anchor="end" class="portal-chart__label">
              {labels[index]}
            </text>
            {width > 0 ? <rect x={labelWidth} y={y} width={width} height={BAR_HEIGHT} class="portal-chart__bar" /> : null}
            <text x={labelWidth + width + 6} y={y + BAR_HEIGHT / 2 + 5} class="portal-chart__value">
              {format(value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
