import type { Light, Threshold } from './monitoring-schema';

/**
 * The traffic light of one figure against one threshold on a day (pure; table-driven test in
 * monitoring.db.test.ts):
 *
 * - before the as-of date: `offen` (not yet due; the page shows the figure as it stands today);
 * - no base (nothing planned / approved / allocated): `keine` — nothing to judge, never red;
 * - value ≥ percent of the base: `gruen`; within `yellowBand` points below: `gelb`; below: `rot`.
 *
 * Integer arithmetic only (value · 100 against percent · base), so 40 % of 1.000,00 € is reached
 * with exactly 400,00 €.
 */
export function judge(threshold: Pick<Threshold, 'percent' | 'yellowBand' | 'asOf'>, value: number, base: number, today: string): { light: Light; shortfall: number } {
  const shortfall = base > 0 ? Math.max(0, Math.ceil((threshold.percent * base) / 100) - value) : 0;
  if (today < threshold.asOf) return { light: 'offen', shortfall };
  if (base <= 0) return { light: 'keine', shortfall: 0 };
  if (value * 100 >= threshold.percent * base) return { light: 'gruen', shortfall: 0 };
  if (value * 100 >= Math.max(0, threshold.percent - threshold.yellowBand) * base) return { light: 'gelb', shortfall };
  return { light: 'rot', shortfall };
}

/** value / base in percent with one decimal, or null without a base. */
export function percentOf(value: number, base: number): number | null {
  return base > 0 ? Math.round((value * 1000) / base) / 10 : null;
}
