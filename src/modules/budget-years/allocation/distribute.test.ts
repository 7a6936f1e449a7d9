import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { loadShippedDistricts } from '../../districts/master-data';
import { compareScenarios, distributeBudget, type DistributeInput } from './distribute';
import { sumScenarioComparison } from './compare-scenarios';
import { parseIndicatorCsv } from './indicator-csv';

const districts = loadShippedDistricts();
const agsList = districts.map((d) => d.ags).sort();

function demoIndicators(): Map<string, Record<string, number>> {
  const text = readFileSync(new URL('./fixtures/indicators-2026.csv', import.meta.url), 'utf8');
  const parsed = parseIndicatorCsv(text, districts);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.rows;
}

function amounts(input: DistributeInput): number[] {
  const result = distributeBudget(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.allocations.map((a) => a.amountCents);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const simple = (values: number[]) => new Map(values.map((value, i) => [`0641${i + 1}`, { a: value }]));

describe('distributeBudget: examples', () => {
  it('shares the Landesbudget 27.700.000 € by SGB II and Jugendarbeitslose to the cent, in 10-€ steps', () => {
    const result = distributeBudget({
      budgetCents: 2_770_000_000,
      indicators: demoIndicators(),
      weights: { sgb2_bedarfsgemeinschaften: 2, jugendarbeitslose: 1 },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.allocations.map((a) => a.ags)).toEqual(agsList);
    const cents = result.allocations.map((a) => a.amountCents);
    expect(sum(cents)).toBe(2_770_000_000);
    for (const c of cents) expect(c % 1000).toBe(0);
    const byAgs = new Map(result.allocations.map((a) => [a.ags, a.amountCents]));
    // Frankfurt carries the largest share, the Vogelsbergkreis one of the smallest.
    expect(Math.max(...cents)).toBe(byAgs.get('06412'));
    expect(byAgs.get('06535')!).toBeLessThan(byAgs.get('06439')!);
    // Hand check of Frankfurt: (2·41230/Σsgb2 + 1·3105/Σjugend)/3 · 27,7 Mio. €, within one 10-€ step.
    const rows = [...demoIndicators().values()];
    const sgb2 = sum(rows.map((r) => r.sgb2_bedarfsgemeinschaften!));
    const youth = sum(rows.map((r) => r.jugendarbeitslose!));
    const quota = ((2 * 41230) / sgb2 + 3105 / youth) / 3 * 2_770_000_000;
    expect(Math.abs(byAgs.get('06412')! - quota)).toBeLessThan(1000);
  });

  it('distributes the Teilbudget Teilzeitausbildung (1 Mio. €) with a floor of 20.000 € per district', () => {
    const cents = amounts({
      budgetCents: 100_000_000,
      indicators: demoIndicators(),
      weights: { sgb2_bedarfsgemeinschaften: 1 },
      floorCents: 2_000_000,
    });
    expect(sum(cents)).toBe(100_000_000);
    for (const c of cents) expect(c).toBeGreaterThanOrEqual(2_000_000);
    expect(cents.filter((c) => c === 2_000_000).length).toBeGreaterThan(3);
  });

  it('gives the left-over unit to the larger remainder, ties by smaller AGS', () => {
    // 3 × 33,33 € of 100 €: quotas 3⅓ units each; the fourth unit goes to the smallest AGS.
    expect(amounts({ budgetCents: 10_000, indicators: simple([1, 1, 1]), weights: { a: 1 } })).toEqual([4000, 3000, 3000]);
    // Same shares, listed in reverse insertion order: the same result.
    const reversed = new Map([...simple([1, 1, 1])].reverse());
    expect(amounts({ budgetCents: 10_000, indicators: reversed, weights: { a: 1 } })).toEqual([4000, 3000, 3000]);
    expect(amounts({ budgetCents: 10_000, indicators: simple([1, 1, 2]), weights: { a: 1 } })).toEqual([3000, 2000, 5000]);
  });

  it('puts the odd cents on the district furthest below its exact quota (ties: smaller AGS)', () => {
    // 100,05 €: units 4/3/3 as above; the two 30-€ districts are both 3,35 € short → 06412.
    expect(amounts({ budgetCents: 10_005, indicators: simple([1, 1, 1]), weights: { a: 1 } })).toEqual([4000, 3005, 3000]);
    // 1,37 € with a 10-€ unit: nothing to share in units, all odd cents to the largest quota.
    expect(amounts({ budgetCents: 137, indicators: simple([1, 5, 2]), weights: { a: 1 } })).toEqual([0, 137, 0]);
  });

  it('applies floors and re-shares the rest until stable', () => {
    expect(amounts({ budgetCents: 100_000, indicators: simple([98, 1, 1]), weights: { a: 1 }, floorCents: 10_000 })).toEqual([
      80_000, 10_000, 10_000,
    ]);
    // 400/300/200/100 € with floor 240 €: first 06413 and 06414 are lifted, then 06412 falls below too.
    expect(amounts({ budgetCents: 100_000, indicators: simple([40, 30, 20, 10]), weights: { a: 1 }, floorCents: 24_000 })).toEqual([
      28_000, 24_000, 24_000, 24_000,
    ]);
    // Per-district floors; floors not on the 10-€ grid are rounded up (55,01 € → 60 €).
    expect(
      amounts({ budgetCents: 100_000, indicators: simple([1, 1, 1, 1]), weights: { a: 1 }, floorCents: new Map([['06414', 50_000], ['06411', 5_501]]) }),
    ).toEqual([17_000, 17_000, 16_000, 50_000]);
  });

  it('reports infeasible floors and bad weights in German', () => {
    const indicators = simple([1, 2, 3]);
    const messages = (input: DistributeInput) => {
      const result = distributeBudget(input);
      return result.ok ? [] : result.errors.map((e) => e.message);
    };
    expect(messages({ budgetCents: 100_000, indicators, weights: { a: 1 }, floorCents: 40_000 })).toEqual([
      'Die Mindestbeträge (zusammen 1.200,00 €) übersteigen das Budget von 1.000,00 €.',
    ]);
    expect(messages({ budgetCents: 100_005, indicators, weights: { a: 1 }, floorCents: 33_335 })[0]).toMatch(/nach Aufrundung auf volle 10,00 €/);
    expect(messages({ budgetCents: 100_000, indicators, weights: { a: 0 } })).toEqual([
      'Alle Gewichte sind 0: Mindestens ein Indikator braucht ein Gewicht größer als 0.',
    ]);
    expect(messages({ budgetCents: 100_000, indicators, weights: { a: 1, quote: 1 } })).toEqual([
      'Die Gewichtung nennt den unbekannten Indikator „quote“.',
    ]);
    expect(messages({ budgetCents: 100_000, indicators: simple([0, 0]), weights: { a: 1 } })).toEqual([
      'Der Indikator „a“ ist überall 0 und kann deshalb nicht gewichtet werden.',
    ]);
    expect(messages({ budgetCents: -1, indicators, weights: { a: -1 }, roundToCents: 0 })).toHaveLength(4);
  });

  it('decides ties exactly where floating point would not', () => {
    // Exact shares 9/28, 9/28, 10/28. In doubles ½·½ + ½·2/14 = 0.3214285714285714 but
    // ½·9/14 = 0.32142857142857145, which would hand the second unit to 06412 instead of 06411.
    const indicators = new Map([
      ['06411', { a: 1, b: 2 }],
      ['06412', { a: 0, b: 9 }],
      ['06413', { a: 1, b: 3 }],
    ]);
    expect(amounts({ budgetCents: 2000, indicators, weights: { a: 1, b: 1 } })).toEqual([1000, 0, 1000]);
  });
});

describe('distributeBudget: properties', () => {
  const value = fc.oneof(
    fc.constant(0),
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.double({ min: 1e-300, max: 1e-10, noNaN: true }),
    fc.double({ min: 1e200, max: 1e300, noNaN: true }),
    fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true }),
  );
  const weight = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 }), fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true }));
  const scenario = fc
    .record({
      budgetCents: fc.oneof(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 0, max: 100_000 })),
      indicatorCount: fc.integer({ min: 1, max: 4 }),
      unit: fc.constantFrom(undefined, 1, 7, 100, 1000, 10_000),
      seedValues: fc.array(fc.array(value, { minLength: 4, maxLength: 4 }), { minLength: 26, maxLength: 26 }),
      seedWeights: fc.array(weight, { minLength: 4, maxLength: 4 }),
      floorKind: fc.constantFrom('none', 'uniform', 'map'),
      floorFraction: fc.double({ min: 0, max: 0.06, noNaN: true }),
      floorMask: fc.array(fc.integer({ min: 0, max: 3_000_000 }), { minLength: 26, maxLength: 26 }),
      reverse: fc.boolean(),
    })
    .map((s) => {
      const names = ['sgb2', 'jugend', 'abgaenger', 'quote'].slice(0, s.indicatorCount);
      const entries = agsList.map((ags, d) => [ags, Object.fromEntries(names.map((n, k) => [n, s.seedValues[d]![k]!]))] as const);
      const indicators = new Map(s.reverse ? [...entries].reverse() : entries);
      const weights = Object.fromEntries(names.map((n, k) => [n, s.seedWeights[k]!]));
      const floorCents =
        s.floorKind === 'none'
          ? undefined
          : s.floorKind === 'uniform'
            ? Math.floor(s.budgetCents * s.floorFraction)
            : new Map(agsList.map((ags, d) => [ags, s.floorMask[d]!]));
      return { budgetCents: s.budgetCents, indicators, weights, floorCents, roundToCents: s.unit } satisfies DistributeInput;
    });

  it('always sums to the budget to the cent, respects floors and the rounding grid, is deterministic', () => {
    let successes = 0;
    fc.assert(
      fc.property(scenario, (input) => {
        const unit = input.roundToCents ?? 1000;
        const floorOf = (ags: string) =>
          input.floorCents === undefined ? 0 : typeof input.floorCents === 'number' ? input.floorCents : (input.floorCents.get(ags) ?? 0);
        const weighted = Object.entries(input.weights).filter(([, w]) => w > 0);
        const hasZeroColumn = weighted.some(([n]) => agsList.every((ags) => input.indicators.get(ags)![n] === 0));
        const roundedFloors = sum(agsList.map((ags) => Math.ceil(floorOf(ags) / unit) * unit));
        const isFeasible = roundedFloors <= Math.floor(input.budgetCents / unit) * unit;
        const expectOk = weighted.length > 0 && !hasZeroColumn && isFeasible;

        const result = distributeBudget(input);
        expect(result.ok).toBe(expectOk);
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          return;
        }
        successes += 1;
        const cents = result.allocations.map((a) => a.amountCents);
        expect(result.allocations.map((a) => a.ags)).toEqual(agsList);
        expect(sum(cents)).toBe(input.budgetCents);
        const odd = input.budgetCents % unit;
        const offGrid = cents.filter((c) => c % unit !== 0);
        expect(offGrid.length).toBeLessThanOrEqual(1);
        if (odd === 0) expect(offGrid).toEqual([]);
        else expect(cents.filter((c) => c % unit === odd).length).toBeGreaterThanOrEqual(1);
        result.allocations.forEach((a) => {
          expect(Number.isSafeInteger(a.amountCents)).toBe(true);
          expect(a.amountCents).toBeGreaterThanOrEqual(0);
          expect(a.amountCents).toBeGreaterThanOrEqual(floorOf(a.ags));
        });
        const again = distributeBudget({ ...input, indicators: new Map([...input.indicators].reverse()) });
        expect(again).toEqual(result);
      }),
      { numRuns: 1500 },
    );
    // Guard against a generator that only produces errors.
    expect(successes).toBeGreaterThan(500);
  });

  it('without floors every amount lies within one unit of its exact quota (Hare–Niemeyer)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 26, maxLength: 26 }),
        (budgetCents, values) => {
          const indicators = new Map(agsList.map((ags, d) => [ags, { a: values[d]! }]));
          const cents = amounts({ budgetCents, indicators, weights: { a: 1 } });
          const total = sum(values);
          const units = Math.floor(budgetCents / 1000);
          cents.forEach((c, d) => {
            const quota = (units * values[d]!) / total;
            const assigned = Math.floor(c / 1000);
            expect(assigned).toBeGreaterThanOrEqual(Math.floor(quota - 1e-6));
            expect(assigned).toBeLessThanOrEqual(Math.ceil(quota + 1e-6));
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('compareScenarios', () => {
  it('lists each district with every scenario and the change against last year', () => {
    const last = new Map([['06411', 78_710_000], ['06412', 0], ['06413', 100_000]]);
    const rows = compareScenarios(last, [
      { name: 'A: nur SGB II', allocations: [{ ags: '06411', amountCents: 89_521_000 }, { ags: '06412', amountCents: 5000 }, { ags: '06414', amountCents: 1 }] },
      { name: 'B: gemischt', allocations: [{ ags: '06411', amountCents: 78_710_000 }, { ags: '06413', amountCents: 99_999 }] },
    ]);
    expect(rows.map((r) => r.ags)).toEqual(['06411', '06412', '06413', '06414']);
    expect(rows[0]).toEqual({
      ags: '06411',
      lastCents: 78_710_000,
      scenarios: [
        { name: 'A: nur SGB II', amountCents: 89_521_000, changeCents: 10_811_000, changePercent: 13.74 },
        { name: 'B: gemischt', amountCents: 78_710_000, changeCents: 0, changePercent: 0 },
      ],
    });
    expect(rows[1]!.scenarios[0]).toMatchObject({ changeCents: 5000, changePercent: null });
    expect(rows[2]!.scenarios[1]).toMatchObject({ changeCents: -1, changePercent: 0 });
    expect(rows[2]!.scenarios[0]).toMatchObject({ amountCents: null, changeCents: null });
    expect(rows[3]).toMatchObject({ lastCents: null, scenarios: [{ amountCents: 1, changeCents: null }, { amountCents: null }] });
    const totals = sumScenarioComparison(rows);
    expect(totals.lastCents).toBe(78_810_000);
    expect(totals.scenarios.map((s) => s.amountCents)).toEqual([89_526_001, 78_809_999]);
    expect(compareScenarios(undefined, [])).toEqual([]);
  });
});
