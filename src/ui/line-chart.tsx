/*
 * A small line chart of cumulative series over time (issue 15: spend over the months against
 * plan), accessible like the bar chart: an SVG with role="img", <title> and <desc>, always shown
 * next to a table with the same numbers. Two forms as with the bar chart: the wide one (640
 * units, every label) and the narrow one (300 units, 15-unit text, every third label) that
 * app.css shows below 600 px of figure width.
 */

export interface LineSeries {
  /** Named in the legend and in the description. */
  label: string;
  /** One value per x label; null = no point (e.g. months still to come). */
  values: ReadonlyArray<number | null>;
  /** `plan` is drawn dashed, `actual` solid (never colour alone). */
  kind: 'plan' | 'actual';
}

export interface LineChartProps {
  id: string;
  title: string;
  description: string;
  labels: ReadonlyArray<string>;
  series: ReadonlyArray<LineSeries>;
  /** Axis label of the largest value (e.g. "180.000 €"). */
  format: (value: number) => string;
}

function Chart({ id, title, description, labels, series, format, narrow }: LineChartProps & { narrow: boolean }) {
  const width = narrow ? 300 : 640;
  const height = narrow ? 220 : 260;
  const left = narrow ? 8 : 12;
  const top = narrow ? 60 : 50;
  const bottom = narrow ? 26 : 24;
  const right = 8;
  const max = Math.max(1, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (i: number) => left + (labels.length <= 1 ? 0 : (i * plotW) / (labels.length - 1));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const textClass = narrow ? 'portal-chart__label portal-chart__label--narrow' : 'portal-chart__label';
  return (
    <svg class={`portal-chart__svg portal-chart__svg--${narrow ? 'narrow' : 'wide'}`} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-titel ${id}-beschreibung`}>
      <title id={`${id}-titel`}>{title}</title>
      <desc id={`${id}-beschreibung`}>{description}</desc>
      {series.map((s, i) => (
        <g>
          <line x1={left + i * (narrow ? 150 : 220)} x2={left + i * (narrow ? 150 : 220) + 28} y1={narrow ? 12 : 14} y2={narrow ? 12 : 14} class={`line-chart__line line-chart__line--${s.kind}`} />
          <text x={left + i * (narrow ? 150 : 220) + 34} y={narrow ? 17 : 18} class={textClass}>
            {s.label}
          </text>
        </g>
      ))}
      <text x={left} y={top - 6} class={textClass}>
        {`bis ${format(max)}`}
      </text>
      <line x1={left} x2={width - right} y1={top + plotH} y2={top + plotH} class="line-chart__axis" />
      {series.map((s) => {
        const points = s.values.map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`)).filter((p): p is string => p !== null);
        return points.length ? <polyline points={points.join(' ')} class={`line-chart__line line-chart__line--${s.kind}`} /> : null;
      })}
      {labels.map((label, i) =>
        !narrow || i % 3 === 0 ? (
          <text x={x(i)} y={height - 6} text-anchor={i === 0 ? 'start' : i === labels.length - 1 ? 'end' : 'middle'} class={textClass}>
            {label}
          </text>
        ) : null,
      )}
    </svg>
  );
}

/** The chart in both forms inside one container (app.css picks one by the figure's width). */
export function LineChart(props: LineChartProps) {
  return (
    <div class="portal-chart__container">
      <Chart {...props} narrow={false} />
      <Chart {...props} id={`${props.id}-schmal`} narrow />
    </div>
  );
}
