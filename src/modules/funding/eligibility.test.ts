import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../platform/errors';
import { computeEligibility } from './eligibility';
import { type ActualExpenseLine, type ActualFundingLine, EXPENSE_CATEGORIES, type EligibilityInput, FINANCING_TYPES, FUNDING_SOURCES } from './schema';
import { fuzzRuns } from '../../../tests/support/fuzz';

const RUNS = fuzzRuns();
const euro = (value: number) => Math.round(value * 100);

/** The project of the `aqb.antrag/1` example in issue 13: 65.000 € Personal, 12.000 € Raummiete; AQB 60.000 €, Eigenmittel 17.000 €. */
function plan(actualPersonal: number, actualSach: number, otherFunding: { source: ActualFundingLine['source']; planned: number; actual: number }[] = [{ source: 'eigenmittel', planned: 17_000, actual: 17_000 }]) {
  return {
    expenses: [
      { category: 'personal', label: 'Sozialpädagogische Begleitung 1,0 VZÄ', plannedCents: euro(65_000), actualCents: euro(actualPersonal) },
      { category: 'sach', label: 'Raummiete', plannedCents: euro(12_000), actualCents: euro(actualSach) },
    ] satisfies ActualExpenseLine[],
    funding: [{ source: 'aqb', plannedCents: euro(60_000), actualCents: euro(60_000) }, ...otherFunding.map((f) => ({ source: f.source, plannedCents: euro(f.planned), actualCents: euro(f.actual) }))] satisfies ActualFundingLine[],
  };
}

describe('computeEligibility: worked examples', () => {
  it('Anteilfinanzierung: the exact share 60.000 / 77.000 of the förderfähige Ausgaben', () => {
    // Actual: Personal 66.000 € (+1.000 €, limit 65.000 + 13.000 = 78.000 €), Raummiete 8.000 € (−4.000 € saved).
    // The overrun of 1.000 € is covered by the savings → förderfähige Ausgaben 66.000 + 8.000 = 74.000 €.
    // Zuwendung = 74.000 × 60.000 / 77.000 = 57.662,337… € → one rounding → 57.662,34 € (below the 60.000 € cap).
    const result = computeEligibility({ financingType: 'anteil', approvedCents: euro(60_000), ...plan(66_000, 8_000) });
    expect(result.plannedExpensesCents).toBe(euro(77_000));
    expect(result.eligibleExpensesCents).toBe(euro(74_000));
    expect(result.eligibleCents).toBe(5_766_234);
    expect(result.lines.map((l) => [l.limitCents, l.eligibleCents, l.over20PercentCents, l.notOffsetCents])).toEqual([
      [euro(78_000), euro(66_000), 0, 0],
      [euro(14_400), euro(8_000), 0, 0],
    ]);
    // 57.662,34 + 17.000 Eigenmittel = 74.662,34 € > 74.000 €: flagged for the RP, not reduced.
    expect(result.problems).toEqual([
      {
        code: 'UEBERFINANZIERUNG',
        line: null,
        message:
          'Zuwendung (57.662,34 €) und sonstige Finanzierung (17.000,00 €) übersteigen die förderfähigen Ausgaben (74.000,00 €) um 662,34 €. ' +
          'Ob die Zuwendung nach ANBest-P Nr. 2 zu ermäßigen ist, entscheidet das Regierungspräsidium.',
      },
    ]);
    // Spending exactly the plan gives exactly the approved amount (E · A / P with E = P).
    expect(computeEligibility({ financingType: 'anteil', approvedCents: euro(60_000), ...plan(65_000, 12_000) }).eligibleCents).toBe(euro(60_000));
  });

  it('Fehlbedarfsfinanzierung: förderfähige Ausgaben minus actual other funding, at most the approved amount', () => {
    // 74.000 € förderfähig − 17.000 € Eigenmittel = 57.000 €.
    expect(computeEligibility({ financingType: 'fehlbedarf', approvedCents: euro(60_000), ...plan(66_000, 8_000) }).eligibleCents).toBe(euro(57_000));
    // An unplanned Jobcenter contribution of 5.000 € reduces it by the full amount: 74.000 − 22.000 = 52.000 €.
    const moreFunding = plan(66_000, 8_000, [
      { source: 'eigenmittel', planned: 17_000, actual: 17_000 },
      { source: 'jobcenter', planned: 0, actual: 5_000 },
    ]);
    expect(computeEligibility({ financingType: 'fehlbedarf', approvedCents: euro(60_000), ...moreFunding })).toMatchObject({ actualOtherFundingCents: euro(22_000), eligibleCents: euro(52_000) });
    // Less Eigenmittel than planned: 74.000 − 10.000 = 64.000 €, capped at the approved 60.000 €.
    const less = plan(66_000, 8_000, [{ source: 'eigenmittel', planned: 17_000, actual: 10_000 }]);
    expect(computeEligibility({ financingType: 'fehlbedarf', approvedCents: euro(60_000), ...less }).eligibleCents).toBe(euro(60_000));
    // Other funding above the expenses: never negative.
    const tooMuch = plan(10_000, 0, [{ source: 'esf', planned: 0, actual: 20_000 }]);
    expect(computeEligibility({ financingType: 'fehlbedarf', approvedCents: euro(60_000), ...tooMuch }).eligibleCents).toBe(0);
  });

  it('Festbetragsfinanzierung: the fixed amount, reduced only when the förderfähige Ausgaben fall below it', () => {
    expect(computeEligibility({ financingType: 'festbetrag', approvedCents: euro(60_000), ...plan(66_000, 8_000) }).eligibleCents).toBe(euro(60_000));
    // 50.000 + 5.000 = 55.000 € spent: the Zuwendung falls to 55.000 €.
    expect(computeEligibility({ financingType: 'festbetrag', approvedCents: euro(60_000), ...plan(50_000, 5_000) }).eligibleCents).toBe(euro(55_000));
    // More Eigenmittel do not reduce a Festbetrag.
    const more = plan(66_000, 8_000, [{ source: 'eigenmittel', planned: 17_000, actual: 30_000 }]);
    expect(computeEligibility({ financingType: 'festbetrag', approvedCents: euro(60_000), ...more }).eligibleCents).toBe(euro(60_000));
  });

  it('20 % rule: an overrun beyond 20 % is not eligible and is reported on its line', () => {
    // Personal 60.000 € (−5.000 € saved); Raummiete 15.000 € against 12.000 € planned: limit 12.000 + 2.400 = 14.400 €,
    // 600 € above it are not eligible; the 2.400 € within the limit are covered by the 5.000 € savings.
    // Förderfähige Ausgaben 60.000 + 14.400 = 74.400 €; Anteil 74.400 × 60.000 / 77.000 = 57.974,025… € → 57.974,03 €.
    const result = computeEligibility({ financingType: 'anteil', approvedCents: euro(60_000), ...plan(60_000, 15_000) });
    expect(result.actualExpensesCents).toBe(euro(75_000));
    expect(result.eligibleExpensesCents).toBe(euro(74_400));
    expect(result.eligibleCents).toBe(5_797_403);
    expect(result.lines[1]).toMatchObject({ limitCents: euro(14_400), eligibleCents: euro(14_400), over20PercentCents: euro(600), notOffsetCents: 0 });
    expect(result.problems[0]).toEqual({
      code: 'UEBERSCHREITUNG_UEBER_20_PROZENT',
      line: 1,
      message:
        'Ausgabenzeile 2 (Sachausgaben „Raummiete“): Die Ausgaben von 15.000,00 € überschreiten den Ansatz von 12.000,00 € um mehr als 20 % ' +
        '(Grenze 14.400,00 €); 600,00 € sind nicht förderfähig (ANBest-P Nr. 1.2).',
    });
  });

  it('20 % rule: an overrun within 20 % counts only as far as other lines are saved, shared in proportion', () => {
    // Personal +6.000 € and Honorare +2.000 € (both within 20 %), Sachausgaben −4.000 €.
    // Savings 4.000 € cover 4.000 of the 8.000 € overrun, shared 6 : 2 → 3.000 € and 1.000 €;
    // the rest (3.000 € and 1.000 €) is not offset. Förderfähig 53.000 + 11.000 + 16.000 = 80.000 € = the plan total.
    const result = computeEligibility({
      financingType: 'fehlbedarf',
      approvedCents: euro(50_000),
      expenses: [
        { category: 'personal', label: 'Anleitung', plannedCents: euro(50_000), actualCents: euro(56_000) },
        { category: 'honorare', label: 'Dozentinnen', plannedCents: euro(10_000), actualCents: euro(12_000) },
        { category: 'sach', label: 'Material', plannedCents: euro(20_000), actualCents: euro(16_000) },
      ],
      funding: [{ source: 'dritte', plannedCents: euro(30_000), actualCents: euro(25_000) }],
    });
    expect(result.lines.map((l) => [l.eligibleCents, l.notOffsetCents])).toEqual([
      [euro(53_000), euro(3_000)],
      [euro(11_000), euro(1_000)],
      [euro(16_000), 0],
    ]);
    expect(result.eligibleExpensesCents).toBe(euro(80_000));
    // 80.000 − 25.000 = 55.000 €, capped at 50.000 €.
    expect(result.eligibleCents).toBe(euro(50_000));
    expect(result.problems.map((p) => [p.code, p.line])).toEqual([
      ['UEBERSCHREITUNG_NICHT_AUSGEGLICHEN', 0],
      ['UEBERSCHREITUNG_NICHT_AUSGEGLICHEN', 1],
    ]);
    expect(result.problems[1]!.message).toBe(
      'Ausgabenzeile 2 (Honorare „Dozentinnen“): 1.000,00 € der Überschreitung sind nicht durch Einsparungen bei anderen Ansätzen ausgeglichen ' +
        'und deshalb nicht förderfähig (ANBest-P Nr. 1.2: der Finanzierungsplan ist in seinem Gesamtergebnis verbindlich).',
    );
  });

  it('rounds the 20 % limit down to the cent and treats an unplanned line as 0 € planned', () => {
    // 20 % of 12.345,67 € = 2.469,134 € → 2.469,13 €; limit 14.814,80 €. One cent more is over 20 %.
    const result = computeEligibility({
      financingType: 'festbetrag',
      approvedCents: euro(100_000),
      expenses: [
        { category: 'sach', label: 'Miete', plannedCents: 1_234_567, actualCents: 1_481_481 },
        { category: 'personal', label: 'Personal', plannedCents: euro(50_000), actualCents: euro(40_000) },
        { category: 'sonstige', label: 'Nicht geplant', plannedCents: 0, actualCents: euro(500) },
      ],
      funding: [],
    });
    expect(result.lines.map((l) => [l.limitCents, l.eligibleCents, l.over20PercentCents])).toEqual([
      [1_481_480, 1_481_480, 1],
      [euro(60_000), euro(40_000), 0],
      [0, 0, euro(500)],
    ]);
  });

  it('refuses inconsistent input in German', () => {
    const messages = (input: unknown) => {
      try {
        computeEligibility(input as EligibilityInput);
      } catch (error) {
        if (isAppError(error)) return error.issues.map((i) => `${i.path}: ${i.message}`);
        throw error;
      }
      return [];
    };
    expect(messages({ financingType: 'anteil', approvedCents: euro(80_000), ...plan(1, 1) })).toEqual([
      'approvedCents: Bei Anteilfinanzierung kann die Zuwendung die geplanten Ausgaben nicht übersteigen (Anteil über 100 %).',
    ]);
    expect(messages({ financingType: 'anteil', approvedCents: 0, expenses: [{ category: 'sach', label: 'x', plannedCents: 0, actualCents: 5 }], funding: [] })[0]).toContain(
      'muss der Finanzierungsplan Ausgaben enthalten',
    );
    expect(messages({ financingType: 'vollfinanzierung', approvedCents: 1, expenses: [], funding: [{ source: 'bund', plannedCents: -1, actualCents: 0 }] })).toEqual([
      'financingType: Unbekannte Finanzierungsart; erlaubt: anteil, fehlbedarf, festbetrag',
      'expenses: Mindestens eine Ausgabenzeile erwartet',
      'funding.0.source: Unbekannte Finanzierungsquelle; erlaubt: aqb, eigenmittel, jobcenter, agentur, esf, dritte',
      'funding.0.plannedCents: Betrag darf nicht negativ sein',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const amount = fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 2_000 }), fc.constant(0));
const expenseLine = fc.record({ category: fc.constantFrom(...EXPENSE_CATEGORIES), label: fc.constant('Zeile'), plannedCents: amount, actualCents: amount });
/** Actuals near the plan (within ±40 %), where the 20 % rule matters most. */
const nearPlanLine = fc
  .tuple(fc.constantFrom(...EXPENSE_CATEGORIES), fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: -40, max: 40 }), fc.integer({ min: -3, max: 3 }))
  .map(([category, plannedCents, percent, jitter]) => ({ category, label: 'Zeile', plannedCents, actualCents: Math.max(0, Math.round((plannedCents * (100 + percent)) / 100) + jitter) }));
const lines = fc.array(fc.oneof(expenseLine, nearPlanLine), { minLength: 1, maxLength: 8 });
const fundingLines = fc.array(fc.record({ source: fc.constantFrom(...FUNDING_SOURCES), plannedCents: amount, actualCents: amount }), { maxLength: 5 });
const input = fc
  .record({ financingType: fc.constantFrom(...FINANCING_TYPES), approvedShare: fc.integer({ min: 0, max: 1000 }), approvedRaw: amount, expenses: lines, funding: fundingLines })
  .filter(({ expenses }) => expenses.some((l) => l.plannedCents > 0))
  .map(({ financingType, approvedShare, approvedRaw, expenses, funding }): EligibilityInput => {
    const planned = expenses.reduce((s, l) => s + l.plannedCents, 0);
    // Anteil: the approved amount is at most the planned expenses (share ≤ 100 %).
    const approvedCents = financingType === 'anteil' ? Math.floor((planned * approvedShare) / 1000) : approvedRaw;
    return { financingType, approvedCents, expenses, funding };
  });

describe('computeEligibility: a tie in the Anteil share', () => {
  it('rounds half a cent up (found by the property test: 1.630 × 42.447 / 56.596 = 1.222,5 Cent)', () => {
    const r = computeEligibility({
      financingType: 'anteil',
      approvedCents: 42447,
      expenses: [
        { category: 'personal', label: 'Zeile', plannedCents: 974, actualCents: 0 },
        { category: 'personal', label: 'Zeile', plannedCents: 55622, actualCents: 1630 },
        { category: 'personal', label: 'Zeile', plannedCents: 0, actualCents: 0 },
      ],
      funding: [],
    });
    expect(r.eligibleCents).toBe(1223);
  });
});

describe('computeEligibility: properties', () => {
  it('never pays more than approved, never less than 0, and follows each Finanzierungsart', () => {
    fc.assert(
      fc.property(input, (data) => {
        const r = computeEligibility(data);
        const A = data.approvedCents;
        const E = r.eligibleExpensesCents;
        const P = r.plannedExpensesCents;
        expect(r.eligibleCents).toBeGreaterThanOrEqual(0);
        expect(r.eligibleCents).toBeLessThanOrEqual(A);
        const other = data.funding.filter((f) => f.source !== 'aqb').reduce((s, f) => s + f.actualCents, 0);
        expect(r.actualOtherFundingCents).toBe(other);
        if (data.financingType === 'fehlbedarf') expect(r.eligibleCents).toBe(Math.min(A, Math.max(0, E - other)));
        if (data.financingType === 'festbetrag') {
          expect(r.eligibleCents).toBe(Math.min(A, E));
          if (E >= A) expect(r.eligibleCents).toBe(A);
        }
        if (data.financingType === 'anteil') {
          // E · A / P rounded half up, unless capped: x − ½ < result ≤ x + ½ (a tie goes up); E = P gives exactly A.
          const scaled = BigInt(r.eligibleCents) * BigInt(P) * 2n - BigInt(E) * BigInt(A) * 2n;
          if (r.eligibleCents < A) expect(scaled > -BigInt(P) && scaled <= BigInt(P)).toBe(true);
          if (E === P) expect(r.eligibleCents).toBe(A);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('20 % rule: every cent of a line is eligible, over 20 % or not offset; overruns count only as far as other lines save', () => {
    fc.assert(
      fc.property(input, (data) => {
        const r = computeEligibility(data);
        let savings = 0;
        let recognisedOverrun = 0;
        let allWithinLimit = true;
        r.lines.forEach((line, i) => {
          const source = data.expenses[i]!;
          const limit = source.plannedCents + Math.floor(source.plannedCents / 5);
          expect(line.limitCents).toBe(limit);
          expect(limit * 5).toBeLessThanOrEqual(source.plannedCents * 6); // never more than 120 %
          expect(line.eligibleCents + line.over20PercentCents + line.notOffsetCents).toBe(source.actualCents);
          expect(line.over20PercentCents).toBe(Math.max(0, source.actualCents - limit));
          expect(line.eligibleCents).toBeLessThanOrEqual(Math.min(source.actualCents, limit));
          expect(line.eligibleCents).toBeGreaterThanOrEqual(Math.min(source.actualCents, source.plannedCents));
          expect(line.notOffsetCents).toBeGreaterThanOrEqual(0);
          savings += Math.max(0, source.plannedCents - source.actualCents);
          recognisedOverrun += Math.max(0, line.eligibleCents - source.plannedCents);
          if (source.actualCents > limit) allWithinLimit = false;
          // Each problem names its line.
          expect(r.problems.some((p) => p.code === 'UEBERSCHREITUNG_UEBER_20_PROZENT' && p.line === i)).toBe(line.over20PercentCents > 0);
          expect(r.problems.some((p) => p.code === 'UEBERSCHREITUNG_NICHT_AUSGEGLICHEN' && p.line === i)).toBe(line.notOffsetCents > 0);
        });
        expect(recognisedOverrun).toBeLessThanOrEqual(savings);
        expect(r.eligibleExpensesCents).toBe(r.lines.reduce((s, l) => s + l.eligibleCents, 0));
        expect(r.eligibleExpensesCents).toBeLessThanOrEqual(Math.min(r.plannedExpensesCents, r.actualExpensesCents));
        // Nothing over 20 % and the total within the plan: everything spent is eligible.
        if (allWithinLimit && r.actualExpensesCents <= r.plannedExpensesCents) expect(r.eligibleExpensesCents).toBe(r.actualExpensesCents);
        // Overruns not covered only when the savings are used up.
        if (r.lines.some((l) => l.notOffsetCents > 0)) expect(recognisedOverrun).toBe(savings);
      }),
      { numRuns: RUNS },
    );
  });

  it('is monotone: spending more never lowers it; more other funding never raises it', () => {
    fc.assert(
      fc.property(input, fc.nat({ max: 10_000 }), fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 }), (data, lineSeed, extra, extraFunding) => {
        const base = computeEligibility(data);
        const line = lineSeed % data.expenses.length;
        const spent = { ...data, expenses: data.expenses.map((l, i) => (i === line ? { ...l, actualCents: l.actualCents + extra } : l)) };
        const after = computeEligibility(spent);
        expect(after.eligibleExpensesCents).toBeGreaterThanOrEqual(base.eligibleExpensesCents);
        expect(after.eligibleCents).toBeGreaterThanOrEqual(base.eligibleCents);
        const funded = computeEligibility({ ...data, funding: [...data.funding, { source: 'dritte', plannedCents: 0, actualCents: extraFunding }] });
        if (data.financingType === 'fehlbedarf') expect(funded.eligibleCents).toBeLessThanOrEqual(base.eligibleCents);
        else expect(funded.eligibleCents).toBe(base.eligibleCents);
      }),
      { numRuns: RUNS },
    );
  });
});
