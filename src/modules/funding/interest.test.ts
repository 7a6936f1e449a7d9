import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../platform/errors';
import { addDays, dayNumber, isoFromDayNumber } from './dates';
import { computeExactInterest, computeInterest, INTEREST_DENOMINATOR, roundHalfUpCents } from './interest';
import { SEEDED_BASE_INTEREST_RATES } from './base-interest-rates';
import { type BaseRateEntry, formatRatePercent } from './schema';
import { fuzzRuns } from '../../../tests/support/fuzz';

const RUNS = fuzzRuns();

/** The history of issue 13 (the seeded master data). */
const RATES: BaseRateEntry[] = SEEDED_BASE_INTEREST_RATES.map((r) => ({ validFrom: r.validFrom, ratePercent: formatRatePercent(r.rateBasisPoints) }));
const PRINCIPAL = 1_234_567; // 12.345,67 €

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) return [error.message, ...error.issues.map((i) => `${i.path}: ${i.message}`)].join(' | ');
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('computeInterest: worked examples (12.345,67 €, history of issue 13)', () => {
  it('a period inside one half-year: 15.3.2024 → 15.6.2024', () => {
    // Interest days 16.3.–15.6.2024: 16 (March) + 30 + 31 + 15 = 92 = 15.6. − 15.3.
    // Rate 1.1.–30.6.2024: 3,62 % + 5 = 8,62 %; 2024 is a leap year → 1/366 per day.
    // 1 234 567 ct × 0,0862 × 92 / 366 = 97 906 101 368 / 3 660 000 = 26 750,3009… ct → 267,50 €.
    expect(computeInterest({ principalCents: PRINCIPAL, from: '2024-03-15', to: '2024-06-15' }, RATES)).toEqual({
      interestCents: 26_750,
      periods: [{ from: '2024-03-16', to: '2024-06-15', days: 92, ratePercent: '8.62', interestCents: 26_750 }],
    });
  });

  it('a period across 1 July: 15.3.2024 → 1.10.2024 (the example of issue 13)', () => {
    // 16.3.–30.6.2024: 16 + 30 + 31 + 30 = 107 days at 8,62 %, 1/366:
    //   1 234 567 × 0,0862 × 107 / 366 = 31 111,7630… ct
    // 1.7.–1.10.2024: 31 + 31 + 30 + 1 = 93 days at 3,37 % + 5 = 8,37 %, 1/366:
    //   1 234 567 × 0,0837 × 93 / 366 = 26 256,8114… ct
    // Sum 57 368,5745… ct, rounded once → 57 369 ct = 573,69 €. (Rounding each period first
    // would give 31 112 + 26 257 = 57 369 here too; the lines are the exact shares by largest remainder.)
    const result = computeInterest({ principalCents: PRINCIPAL, from: '2024-03-15', to: '2024-10-01' }, RATES);
    expect(result).toEqual({
      interestCents: 57_369,
      periods: [
        { from: '2024-03-16', to: '2024-06-30', days: 107, ratePercent: '8.62', interestCents: 31_112 },
        { from: '2024-07-01', to: '2024-10-01', days: 93, ratePercent: '8.37', interestCents: 26_257 },
      ],
    });
    expect(result.periods.reduce((s, p) => s + p.days, 0)).toBe(200);
  });

  it('a period across the leap day 29.2.2024 and the change of year length: 15.12.2023 → 10.3.2024', () => {
    // 16.12.–31.12.2023: 16 days at 3,12 % + 5 = 8,12 %, 2023 has 365 days:
    //   1 234 567 × 0,0812 × 16 / 365 = 4 394,3820… ct
    // 1.1.–10.3.2024: 31 + 29 (incl. 29.2.) + 10 = 70 days at 8,62 %, 1/366:
    //   1 234 567 × 0,0862 × 70 / 366 = 20 353,4898… ct
    // Sum 24 747,8718… ct → 24 748 ct = 247,48 €. Days: 10.3.2024 − 15.12.2023 = 86 = 16 + 70.
    expect(computeInterest({ principalCents: PRINCIPAL, from: '2023-12-15', to: '2024-03-10' }, RATES)).toEqual({
      interestCents: 24_748,
      periods: [
        { from: '2023-12-16', to: '2023-12-31', days: 16, ratePercent: '8.12', interestCents: 4_394 },
        { from: '2024-01-01', to: '2024-03-10', days: 70, ratePercent: '8.62', interestCents: 20_354 },
      ],
    });
  });

  it('counts 29 February as a day: 20.2.2024 → 5.3.2024 is 14 days', () => {
    // 21.–29.2. = 9 days, 1.–5.3. = 5 days → 14. 1 234 567 × 0,0862 × 14 / 366 = 4 070,6979… ct → 40,71 €.
    expect(computeInterest({ principalCents: PRINCIPAL, from: '2024-02-20', to: '2024-03-05' }, RATES)).toEqual({
      interestCents: 4_071,
      periods: [{ from: '2024-02-21', to: '2024-03-05', days: 14, ratePercent: '8.62', interestCents: 4_071 }],
    });
  });

  it('three rates and two year lengths: 1.12.2024 → 31.8.2025', () => {
    // 2.–31.12.2024: 30 days at 8,37 %, 1/366: 1 234 567 × 0,0837 × 30 / 366 = 8 469,9392… ct
    // 1.1.–30.6.2025: 181 days at 2,27 % + 5 = 7,27 %, 1/365: 1 234 567 × 0,0727 × 181 / 365 = 44 507,6624… ct
    // 1.7.–31.8.2025: 62 days at 1,27 % + 5 = 6,27 %, 1/365: 1 234 567 × 0,0627 × 62 / 365 = 13 148,6459… ct
    // Sum 66 126,2475… ct → 661,26 €. Lines: whole cents 8 469 + 44 507 + 13 148 = 66 124, the two
    // cents left go to the largest remainders (,9392 and ,6624) → 8 470, 44 508, 13 148.
    const result = computeInterest({ principalCents: PRINCIPAL, from: '2024-12-01', to: '2025-08-31' }, RATES);
    expect(result.interestCents).toBe(66_126);
    expect(result.periods.map((p) => [p.from, p.to, p.days, p.ratePercent])).toEqual([
      ['2024-12-02', '2024-12-31', 30, '8.37'],
      ['2025-01-01', '2025-06-30', 181, '7.27'],
      ['2025-07-01', '2025-08-31', 62, '6.27'],
    ]);
    expect(result.periods.map((p) => p.interestCents)).toEqual([8_470, 44_508, 13_148]);
  });

  it('rounds half up exactly at half a cent, and only once', () => {
    // Basiszinssatz 5,00 % → 10 % a year; one day in 2023: principal × 0,1 / 365 = principal / 3650 ct.
    const flat: BaseRateEntry[] = [{ validFrom: '2023-01-01', ratePercent: '5.00' }];
    const oneDay = (principalCents: number) => computeInterest({ principalCents, from: '2023-01-01', to: '2023-01-02' }, flat).interestCents;
    expect(oneDay(1825)).toBe(1); // 1825 / 3650 = 0,5 ct exactly → 1 ct
    expect(oneDay(1824)).toBe(0); // 0,4997… ct → 0 ct
    // Two periods (year length 365, then 366) of under half a cent each:
    //   31.12.2023: 1095 × 0,1 / 365 = 0,3 ct;   1.1.2024: 1095 × 0,1 / 366 = 0,2992 ct.
    // Rounded separately 0 + 0 = 0; rounded once 0,5992 → 1 ct, given to the larger remainder.
    const flatTwoYears: BaseRateEntry[] = [
      { validFrom: '2023-07-01', ratePercent: '5.00' },
      { validFrom: '2024-01-01', ratePercent: '5.00' },
    ];
    expect(computeInterest({ principalCents: 1095, from: '2023-12-30', to: '2024-01-01' }, flatTwoYears)).toEqual({
      interestCents: 1,
      periods: [
        { from: '2023-12-31', to: '2023-12-31', days: 1, ratePercent: '10.00', interestCents: 1 },
        { from: '2024-01-01', to: '2024-01-01', days: 1, ratePercent: '10.00', interestCents: 0 },
      ],
    });
    // Same rate and year length across 1 July: ONE period. 1.7. and 2.7.2023: 2 × 0,3 = 0,6 ct → 1 ct.
    const across = computeInterest({ principalCents: 1095, from: '2023-06-30', to: '2023-07-02' }, [{ validFrom: '2023-01-01', ratePercent: '5.00' }, ...flatTwoYears]);
    expect(across).toEqual({ interestCents: 1, periods: [{ from: '2023-07-01', to: '2023-07-02', days: 2, ratePercent: '10.00', interestCents: 1 }] });
  });

  it('works with the negative Basiszinssatz of 2013–2022 (−0,88 % → 4,12 %)', () => {
    const rates: BaseRateEntry[] = [
      { validFrom: '2020-01-01', ratePercent: '-0.88' },
      { validFrom: '2020-07-01', ratePercent: '-0,88' },
    ];
    // 1.1.–31.12.2020: 366 days at 4,12 %, 1/366 → exactly 4,12 % of 10.000,00 € = 412,00 €.
    expect(computeInterest({ principalCents: 1_000_000, from: '2019-12-31', to: '2020-12-31' }, rates)).toEqual({
      interestCents: 41_200,
      periods: [{ from: '2020-01-01', to: '2020-12-31', days: 366, ratePercent: '4.12', interestCents: 41_200 }],
    });
  });

  it('counts no day when start and end are the same', () => {
    expect(computeInterest({ principalCents: PRINCIPAL, from: '2024-05-05', to: '2024-05-05' }, RATES)).toEqual({ interestCents: 0, periods: [] });
  });

  it('never guesses a missing rate and refuses bad input in German', () => {
    expect(message(() => computeInterest({ principalCents: PRINCIPAL, from: '2025-12-01', to: '2026-01-02' }, RATES))).toContain(
      'Für die Zeit ab 1.1.2026 ist kein Basiszinssatz hinterlegt. Zinsen werden nicht geschätzt',
    );
    expect(message(() => computeInterest({ principalCents: PRINCIPAL, from: '2022-12-30', to: '2023-01-10' }, RATES))).toContain('ab 1.7.2022 ist kein Basiszinssatz');
    // A gap in the middle of the history is as missing as one at the end.
    const gap = RATES.filter((r) => r.validFrom !== '2024-07-01');
    expect(message(() => computeInterest({ principalCents: PRINCIPAL, from: '2024-03-15', to: '2024-10-01' }, gap))).toContain('ab 1.7.2024 ist kein Basiszinssatz');
    expect(message(() => computeInterest({ principalCents: PRINCIPAL, from: '2024-10-01', to: '2024-03-15' }, RATES))).toContain(
      'Das Ende des Zinszeitraums (15.3.2024) liegt vor seinem Beginn (1.10.2024).',
    );
    expect(message(() => computeInterest({ principalCents: -1, from: '2024-03-15', to: '2024-04-15' }, RATES))).toContain('principalCents: Betrag darf nicht negativ sein');
    expect(message(() => computeInterest({ principalCents: 1.5, from: '2024-03-15', to: '2024-04-15' }, RATES))).toContain('Betrag in ganzen Cent erwartet');
    expect(message(() => computeInterest({ principalCents: 1, from: '2024-02-30', to: '2024-04-15' }, RATES))).toContain('from: Dieses Datum gibt es nicht');
    expect(message(() => computeInterest({ principalCents: 1, from: '2024-03-15', to: '2024-04-15' }, [...RATES, { validFrom: '2024-01-01', ratePercent: '1.00' }]))).toContain(
      'Der Basiszinssatz ab 1.1.2024 ist doppelt angegeben.',
    );
    expect(message(() => computeInterest({ principalCents: 1, from: '2024-03-15', to: '2024-04-15' }, [{ validFrom: '2024-03-01', ratePercent: '1.00' }]))).toContain(
      'nur zum 1. Januar und 1. Juli',
    );
    expect(message(() => computeInterest({ principalCents: 1, from: '2024-03-15', to: '2024-04-15' }, [{ validFrom: '2024-01-01', ratePercent: '3.625' }]))).toContain(
      'höchstens zwei Nachkommastellen',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

/** Independent reference: every single day as a reduced fraction principal · bp / (10 000 · yearDays), summed exactly. */
function referenceInterest(principalCents: number, from: string, to: string, rates: BaseRateEntry[]): { num: bigint; den: bigint } {
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
  let num = 0n;
  let den = 1n;
  const sorted = [...rates].sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
  for (let day = dayNumber(from) + 1; day <= dayNumber(to); day++) {
    const iso = isoFromDayNumber(day);
    // The rate in force: the latest entry on or before the day (all entries are half-year starts).
    const entry = sorted.filter((r) => r.validFrom <= iso).at(-1)!;
    const [whole, fraction = '0'] = entry.ratePercent.replace('-', '').split('.');
    const baseBp = (Number(whole) * 100 + Number(fraction.padEnd(2, '0'))) * (entry.ratePercent.startsWith('-') ? -1 : 1);
    const year = Number(iso.slice(0, 4));
    const yearDays = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366n : 365n;
    const dayNum = BigInt(principalCents) * BigInt(baseBp + 500);
    const dayDen = 10_000n * yearDays;
    num = num * dayDen + dayNum * den;
    den = den * dayDen;
    const g = gcd(num, den);
    num /= g;
    den /= g;
  }
  return { num, den };
}

const FIRST_YEAR = 2019;
const LAST_YEAR = 2029;
const halfYears = Array.from({ length: (LAST_YEAR - FIRST_YEAR + 1) * 2 }, (_, i) => `${FIRST_YEAR + Math.floor(i / 2)}-${i % 2 === 0 ? '01' : '07'}-01`);
/** A full history 2019–2029 with random rates; some neighbouring half-years share a rate. */
const history = fc
  .array(fc.oneof(fc.integer({ min: -500, max: 2000 }), fc.constantFrom(-88, 127, 362, 500)), { minLength: halfYears.length, maxLength: halfYears.length })
  .map((bps) => halfYears.map((validFrom, i) => ({ validFrom, ratePercent: formatRatePercent(bps[i]!) })));
const firstDay = dayNumber(`${FIRST_YEAR}-01-01`);
const lastDay = dayNumber(`${LAST_YEAR}-12-31`);
const period = fc
  .tuple(fc.integer({ min: firstDay - 1, max: lastDay }), fc.integer({ min: 0, max: 1200 }))
  .map(([start, length]) => ({ from: isoFromDayNumber(start), to: isoFromDayNumber(Math.min(lastDay, start + length)) }));
const principal = fc.oneof(fc.integer({ min: 0, max: 99_000_000_00 }), fc.integer({ min: 0, max: 10_000 }));

describe('computeInterest: properties', () => {
  it('equals the sum of its rate periods before rounding, and the day-by-day reference', () => {
    fc.assert(
      fc.property(history, period, principal, (rates, { from, to }, principalCents) => {
        const exact = computeExactInterest({ principalCents, from, to }, rates);
        // Sum of the periods before rounding = the total before rounding.
        expect(exact.periods.reduce((s, p) => s + p.numerator, 0n)).toBe(exact.numerator);
        // Each period recomputed on its own from its days, rate and year length.
        for (const p of exact.periods) {
          expect(p.numerator * 10_000n * BigInt(p.yearDays)).toBe(BigInt(principalCents) * BigInt(p.rateBasisPoints) * BigInt(p.days) * INTEREST_DENOMINATOR);
        }
        // The day-by-day reference (independent arithmetic): exact.numerator / D = ref.num / ref.den.
        const ref = referenceInterest(principalCents, from, to, rates);
        expect(exact.numerator * ref.den).toBe(ref.num * INTEREST_DENOMINATOR);
        const result = computeInterest({ principalCents, from, to }, rates);
        // Rounded once, half up: |total − exact| ≤ ½ ct, and exactly ½ rounds up.
        const diff2 = 2n * BigInt(result.interestCents) * INTEREST_DENOMINATOR - 2n * exact.numerator;
        expect(diff2 > -INTEREST_DENOMINATOR && diff2 <= INTEREST_DENOMINATOR).toBe(true);
        expect(result.interestCents).toBe(roundHalfUpCents(exact.numerator));
      }),
      { numRuns: RUNS },
    );
  });

  it('cuts the days into contiguous periods of equal rate and year length whose lines add up to the total', () => {
    fc.assert(
      fc.property(history, period, principal, (rates, { from, to }, principalCents) => {
        const result = computeInterest({ principalCents, from, to }, rates);
        const exact = computeExactInterest({ principalCents, from, to }, rates);
        expect(result.periods.reduce((s, p) => s + p.days, 0)).toBe(dayNumber(to) - dayNumber(from));
        expect(result.periods.reduce((s, p) => s + p.interestCents, 0)).toBe(result.interestCents);
        result.periods.forEach((p, i) => {
          expect(dayNumber(p.to) - dayNumber(p.from) + 1).toBe(p.days);
          expect(p.from).toBe(i === 0 ? addDays(from, 1) : addDays(result.periods[i - 1]!.to, 1));
          // Each line within one cent of its exact share.
          const lineDiff = BigInt(p.interestCents) * INTEREST_DENOMINATOR - exact.periods[i]!.numerator;
          expect(lineDiff > -INTEREST_DENOMINATOR && lineDiff < INTEREST_DENOMINATOR).toBe(true);
          if (i > 0) {
            const before = exact.periods[i - 1]!;
            expect(before.rateBasisPoints !== exact.periods[i]!.rateBasisPoints || before.yearDays !== exact.periods[i]!.yearDays).toBe(true);
          }
        });
        if (result.periods.length > 0) expect(result.periods.at(-1)!.to).toBe(to);
      }),
      { numRuns: RUNS },
    );
  });

  it('is additive over split periods before rounding and monotone in principal and end date', () => {
    fc.assert(
      fc.property(history, period, fc.integer({ min: 0, max: 1200 }), principal, fc.integer({ min: 0, max: 1_000_000 }), (rates, { from, to }, split, principalCents, more) => {
        const middle = isoFromDayNumber(Math.min(dayNumber(to), dayNumber(from) + split));
        const whole = computeExactInterest({ principalCents, from, to }, rates).numerator;
        const parts = computeExactInterest({ principalCents, from, to: middle }, rates).numerator + computeExactInterest({ principalCents, from: middle, to }, rates).numerator;
        expect(parts).toBe(whole);
        // Rates are never negative (Basiszinssatz ≥ −5 %), so more money or more days never earn less.
        expect(computeInterest({ principalCents: principalCents + more, from, to }, rates).interestCents).toBeGreaterThanOrEqual(computeInterest({ principalCents, from, to }, rates).interestCents);
        expect(computeInterest({ principalCents, from, to }, rates).interestCents).toBeGreaterThanOrEqual(computeInterest({ principalCents, from, to: middle }, rates).interestCents);
      }),
      { numRuns: RUNS },
    );
  });
});
