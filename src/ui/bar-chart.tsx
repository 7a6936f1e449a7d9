import { NarrowBarChart } from './narrow-bar-chart';

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
 * A horizontal SVG bar chart (role="img" with <title>/<desc>) with its narrow form, the one chart of the product: the
 * participant statistics and the survey results draw it. Always shown next to a table with the
 * same numbers, so nobody depends on the picture.
 */
export function BarChart({ id, title, description, labels, values, format, labelWidth = 230, className }: BarChartProps) {
  const max = Math.max(1, ...values.map((v) => v ?? 0));
  const barSpace = CHART_WIDTH - labelWidth - 80;
  const height = values.length * (BAR_HEIGHT + GAP) + GAP;
  return (
    <div class="portal-chart__container">
    <svg class={`portal-chart__svg portal-chart__svg--wide${className ? ` ${className}` : ''}`} viewBox={`0 0 ${CHART_WIDTH} ${height}`} role="img" aria-labelledby={`${id}-titel ${id}-beschreibung`}>
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
    {/* Below 600 px of width the labels above the bars (≥ 12 px at 320 px, issue 12); app.css switches by container query. */}
    <NarrowBarChart
      id={`${id}-schmal`}
      title={title}
      description={description}
      rows={values.map((value, index) => ({ label: labels[index] ?? '', valueText: format(value), share: value === null || value <= 0 ? 0 : value / max }))}
    />
    </div>
  );
}
