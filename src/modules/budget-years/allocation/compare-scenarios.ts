/**
 * Side-by-side comparison of distribution scenarios against last year's allocation. Pure data;
 * the view formats cents and percent through the platform formatting module.
 */

export interface ScenarioInput {
  name: string;
  allocations: ReadonlyArray<{ ags: string; amountCents: number }>;
}

export interface ScenarioCell {
  name: string;
  /** null when the scenario has no amount for this district. */
  amountCents: number | null;
  /** amount − last year; null without both numbers. */
  changeCents: number | null;
  /** Change relative to last year in percent, rounded half away from zero to two decimals; null if last year was 0 or missing. */
  changePercent: number | null;
}

export interface ScenarioComparisonRow {
  ags: string;
  lastCents: number | null;
  scenarios: ScenarioCell[];
}

/**
 * One row per AGS that occurs in last year's map or in any scenario (sorted by AGS), each with the
 * scenarios in the given order. A final summary is left to the caller (`sumScenarioComparison`).
 */
export function compareScenarios(
  last: ReadonlyMap<string, number> | undefined,
  scenarios: ReadonlyArray<ScenarioInput>,
): ScenarioComparisonRow[] {
  const amountsByScenario = scenarios.map((scenario) => new Map(scenario.allocations.map((a) => [a.ags, a.amountCents])));
  const agsSet = new Set<string>(last ? last.keys() : []);
  for (const amounts of amountsByScenario) for (const ags of amounts.keys()) agsSet.add(ags);

  return [...agsSet].sort().map((ags) => {
    const lastCents = last?.get(ags) ?? null;
    return {
      ags,
      lastCents,
      scenarios: scenarios.map((scenario, index) => buildCell(scenario.name, amountsByScenario[index]!.get(ags) ?? null, lastCents)),
    };
  });
}

/** Column totals of a comparison (last year and each scenario), as a row with ags "Summe". */
export function sumScenarioComparison(rows: ReadonlyArray<ScenarioComparisonRow>): ScenarioComparisonRow {
  const hasLast = rows.some((row) => row.lastCents !== null);
  const lastCents = hasLast ? rows.reduce((sum, row) => sum + (row.lastCents ?? 0), 0) : null;
  const names = rows[0]?.scenarios.map((cell) => cell.name) ?? [];
  return {
    ags: 'Summe',
    lastCents,
    scenarios: names.map((name, index) => {
      const amountCents = rows.reduce((sum, row) => sum + (row.scenarios[index]?.amountCents ?? 0), 0);
      return buildCell(name, amountCents, lastCents);
    }),
  };
}

function buildCell(name: string, amountCents: number | null, lastCents: number | null): ScenarioCell {
  if (amountCents === null || lastCents === null) return { name, amountCents, changeCents: null, changePercent: null };
  const changeCents = amountCents - lastCents;
  return { name, amountCents, changeCents, changePercent: lastCents === 0 ? null : percent(changeCents, lastCents) };
}

function percent(change: number, base: number): number {
  // Integer division on hundredths of a percent; BigInt because change · 10000 may pass 2^53.
  const scaled = BigInt(Math.abs(change)) * 10000n * 2n + BigInt(Math.abs(base));
  const hundredths = Number(scaled / (2n * BigInt(Math.abs(base))));
  const sign = Math.sign(change) * Math.sign(base);
  return sign === 0 || hundredths === 0 ? 0 : (sign * hundredths) / 100;
}

/**
 * The comparison as export rows (the page's table): AGS, name, last year, then per scenario the
 * amount, the change and the change in percent; the sums row last. Amounts in cents.
 */
export function comparisonExport(rows: ReadonlyArray<ScenarioComparisonRow>, total: ScenarioComparisonRow, names: ReadonlyArray<string>, districtName: (ags: string) => string, year: number) {
  const headers = ['AGS', 'Gebietskörperschaft', `Zuweisung ${year - 1} (€)`, ...names.flatMap((name) => [`${name} (€)`, `Veränderung ${name} (€)`, `Veränderung ${name} (%)`])];
  const kinds = ['text', 'text', 'euro', ...names.flatMap(() => ['euro', 'euro', 'percent'] as const)] as const;
  const line = (row: ScenarioComparisonRow, ags: string, name: string) => [ags, name, row.lastCents, ...row.scenarios.flatMap((cell) => [cell.amountCents, cell.changeCents, cell.changePercent])];
  return {
    headers,
    kinds: kinds as ReadonlyArray<'text' | 'euro' | 'percent'>,
    rows: rows.map((row) => line(row, row.ags, districtName(row.ags))),
    totals: line(total, '', 'Summe'),
  };
}
