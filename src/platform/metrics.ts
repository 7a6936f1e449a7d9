/*
 * A small in-process metrics registry with the Prometheus text exposition format (version 0.0.4):
 * counters and histograms with labels, and gauges read at scrape time from collectors (pool sizes,
 * cache bytes). Label values come from code (route patterns, status codes, function names), never
 * from request data, so the number of series stays bounded and nothing personal is exported.
 */

type Labels = Record<string, string>;

const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}="${String(labels[name]).replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`)
    .join(',');
}

function withLabels(name: string, key: string, extra?: string): string {
  const all = [key, extra].filter(Boolean).join(',');
  return all ? `${name}{${all}}` : name;
}

class Counter {
  readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  render(): string[] {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`, ...[...this.values].map(([key, value]) => `${withLabels(this.name, key)} ${value}`)];
  }
}

class Histogram {
  readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: number[] = DEFAULT_BUCKETS,
  ) {}
  observe(labels: Labels, seconds: number): void {
    const key = labelKey(labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    for (let i = 0; i < this.buckets.length; i++) if (seconds <= this.buckets[i]!) entry.counts[i]!++;
    entry.sum += seconds;
    entry.count++;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, entry] of this.series) {
      this.buckets.forEach((bound, i) => lines.push(`${withLabels(`${this.name}_bucket`, key, `le="${bound}"`)} ${entry.counts[i]}`));
      lines.push(`${withLabels(`${this.name}_bucket`, key, 'le="+Inf"')} ${entry.count}`);
      lines.push(`${withLabels(`${this.name}_sum`, key)} ${entry.sum}`);
      lines.push(`${withLabels(`${this.name}_count`, key)} ${entry.count}`);
    }
    return lines;
  }
}

/** A gauge read when scraped: `read` returns one value per label set. */
interface GaugeCollector {
  name: string;
  help: string;
  read(): Array<{ labels?: Labels; value: number }>;
}

const counters = new Map<string, Counter>();
const histograms = new Map<string, Histogram>();
const gauges = new Map<string, GaugeCollector>();

/** The counter of that name (created on first use). */
export function counter(name: string, help: string): Counter {
  let existing = counters.get(name);
  if (!existing) counters.set(name, (existing = new Counter(name, help)));
  return existing;
}

/** The histogram of that name (created on first use); values in seconds. */
export function histogram(name: string, help: string, buckets?: number[]): Histogram {
  let existing = histograms.get(name);
  if (!existing) histograms.set(name, (existing = new Histogram(name, help, buckets)));
  return existing;
}

/** Registers (or replaces) a gauge read at scrape time. */
export function registerGauge(collector: GaugeCollector): void {
  gauges.set(collector.name, collector);
}

/** Everything in the Prometheus text format. A collector that throws is skipped, not fatal. */
export function renderMetrics(): string {
  const lines: string[] = [];
  for (const c of counters.values()) lines.push(...c.render());
  for (const h of histograms.values()) lines.push(...h.render());
  for (const gauge of gauges.values()) {
    let values: Array<{ labels?: Labels; value: number }>;
    try {
      values = gauge.read();
    } catch {
      continue;
    }
    lines.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`);
    for (const { labels, value } of values) lines.push(`${withLabels(gauge.name, labelKey(labels ?? {}))} ${value}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Times a promise into a histogram (rejections count too). */
export async function timed<T>(target: Histogram, labels: Labels, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    target.observe(labels, (performance.now() - started) / 1000);
  }
}

registerGauge({ name: 'process_resident_memory_bytes', help: 'Resident memory of the process.', read: () => [{ value: process.memoryUsage().rss }] });
registerGauge({ name: 'nodejs_heap_used_bytes', help: 'Used V8 heap.', read: () => [{ value: process.memoryUsage().heapUsed }] });
registerGauge({ name: 'process_uptime_seconds', help: 'Seconds since the process started.', read: () => [{ value: Math.round(process.uptime()) }] });
