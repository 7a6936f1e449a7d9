import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

/* Helpers every benchmark shares: rounds, min/median/max, and the side-by-side table line. */

export interface Summary {
  min: number;
  median: number;
  max: number;
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}

/** The p-th percentile (0–100) of the values, nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Runs `fn` `rounds` times (after `warmup` unmeasured runs) and returns each round's value. */
export async function rounds(count: number, fn: (round: number) => Promise<number>, warmup = 0): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(await fn(i));
  return values;
}

export const ROUNDS = Math.max(5, Number(process.env.BENCH_ROUNDS ?? 5));

const fmt = (value: number, unit: string) => {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
};

export const formatSummary = (s: Summary, unit: string) => `${fmt(s.min, unit)} / ${fmt(s.median, unit)} / ${fmt(s.max, unit)}`;

export interface ResultRow {
  what: string;
  project: Summary;
  unit: string;
  /** The reference tool's numbers, or why there are none. */
  reference?: { label: string; value: Summary } | { label: string; missing: string };
  /** Goal as text and whether it holds (judged on the median). */
  goal: string;
  met: boolean;
  /** ratio = project / reference (medians), with what the ratio means. */
  ratio?: number;
}

const results: ResultRow[] = [];

/** Prints one benchmark result: project and reference side by side, min/median/max, ratio, goal. */
export function report(row: ResultRow): void {
  results.push(row);
  const reference = row.reference
    ? 'value' in row.reference
      ? `${row.reference.label}: ${formatSummary(row.reference.value, row.unit)}`
      : `${row.reference.label}: ${row.reference.missing}`
    : 'reference: —';
  const ratio = row.ratio === undefined ? '' : `   ratio ${row.ratio.toFixed(2)}`;
  console.log(`${row.what}\n    project (min/median/max): ${formatSummary(row.project, row.unit)}   ${reference}${ratio}\n    goal ${row.goal}: ${row.met ? 'MET' : 'NOT MET'}`);
}

/** Closing lines of a benchmark file: how many goals held. */
export function finish(): void {
  const met = results.filter((r) => r.met).length;
  console.log(`\n${met} of ${results.length} goals met. Load average now ${loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${cpus().length} cores (other processes on the machine skew every number).`);
}

export function hasCommand(name: string): boolean {
  // A shell builtin look-up: no package manager, no network.
  return spawnSyncStatus('sh', ['-c', `command -v ${name}`]) === 0;
}

function spawnSyncStatus(cmd: string, args: string[]): number | null {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status;
}
