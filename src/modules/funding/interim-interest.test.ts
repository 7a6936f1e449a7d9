import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEEDED_BASE_INTEREST_RATES } from './base-interest-rates';
import { addDays, dayNumber, endOfMonthsPeriod, isoFromDayNumber } from './dates';
import { computeInterest } from './interest';
import { computeInterimInterest } from './interim-interest';
import { formatRatePercent } from './schema';
import { fuzzRuns } from '../../../tests/support/fuzz';

const RUNS = fuzzRuns();
const RATES = SEEDED_BASE_INTEREST_RATES.map((r) => ({ validFrom: r.validFrom, ratePercent: formatRatePercent(r.rateBasisPoints) }));

describe('two-month deadline (§§ 187, 188 BGB)', () => {
  it('ends on the same day number two months later, or the last day of a shorter month', () => {
    expect(endOfMonthsPeriod('2024-03-15', 2)).toBe('2024-05-15');
    expect(endOfMonthsPeriod('2023-12-31', 2)).toBe('2024-02-29');
    expect(endOfMonthsPeriod('2024-12-31', 2)).toBe('2025-02-28');
    expect(endOfMonthsPeriod('2024-07-31', 2)).toBe('2024-09-30');
    expect(endOfMonthsPeriod('2024-11-30', 2)).toBe('2025-01-30');
  });
});

describe('computeInterimInterest: worked example', () => {
  it('matches uses to payouts first in, first out and charges the late parts', () => {
    // Payout 1: 15.3.2024, 30.000 € → to be used by 15.5.2024. Payout 2: 1.6.2024, 20.000 € → by 1.8.2024.
    // Use 30.4.: 10.000 € from payout 1, in time.
    // Use 20.6.: 25.000 € → 20.000 € rest of payout 1, LATE (after 15.5.), 97 days (16.3.–20.6.: 16 + 30 + 31 + 20)
    //   at 8,62 %, 1/366: 2 000 000 × 0,0862 × 97 / 366 = 45 690,7104… ct → 456,91 €;
    //   the other 5.000 € from payout 2, in time.
    // Use 15.9.: 10.000 € from payout 2, LATE (after 1.8.), 106 days:
    //   2.–30.6.: 29 days at 8,62 %: 1 000 000 × 0,0862 × 29 / 366 = 6 830,0546… ct
    //   1.7.–15.9.: 77 days at 8,37 %: 1 000 000 × 0,0837 × 77 / 366 = 17 609,0164… ct → 24 439,0710… → 244,39 €.
    // As of 31.10.2024, 5.000 € of payout 2 are still unused: open, 152 days:
    //   29 days at 8,62 %: 500 000 × 0,0862 × 29 / 366 = 3 415,0273… ct; 123 days at 8,37 %: 14 064,3443… ct
    //   → 17 479,3716… → 174,79 €.
    // Total 456,91 + 244,39 + 174,79 = 876,09 €.
    const result = computeInterimInterest(
      {
        payouts: [
          { date: '2024-06-01', amountCents: 2_000_000 },
          { date: '2024-03-15', amountCents: 3_000_000 },
        ],
        uses: [
          { date: '2024-09-15', amountCents: 1_000_000 },
          { date: '2024-04-30', amountCents: 1_000_000 },
          { date: '2024-06-20', amountCents: 2_500_000 },
        ],
        asOf: '2024-10-31',
      },
      RATES,
    );
    const [first, second] = result.payouts;
    expect(first).toMatchObject({ index: 1, date: '2024-03-15', usableUntil: '2024-05-15', usedInTimeCents: 1_000_000, usedLateCents: 2_000_000, unusedCents: 0, interestCents: 45_691 });
    expect(first!.uses).toEqual([
      { useIndex: 1, usedOn: '2024-04-30', amountCents: 1_000_000, isLate: false },
      { useIndex: 2, usedOn: '2024-06-20', amountCents: 2_000_000, isLate: true },
    ]);
    expect(first!.lateAmounts).toEqual([
      {
        usedOn: '2024-06-20',
        interestTo: '2024-06-20',
        amountCents: 2_000_000,
        days: 97,
        interest: { interestCents: 45_691, periods: [{ from: '2024-03-16', to: '2024-06-20', days: 97, ratePercent: '8.62', interestCents: 45_691 }] },
      },
    ]);
    expect(second).toMatchObject({ index: 0, date: '2024-06-01', usableUntil: '2024-08-01', usedInTimeCents: 500_000, usedLateCents: 1_000_000, unusedCents: 500_000, interestCents: 24_439 + 17_479 });
    expect(second!.lateAmounts.map((l) => [l.usedOn, l.interestTo, l.amountCents, l.days, l.interest.interestCents])).toEqual([
      ['2024-09-15', '2024-09-15', 1_000_000, 106, 24_439],
      [null, '2024-10-31', 500_000, 152, 17_479],
    ]);
    expect(second!.lateAmounts[0]!.interest.periods.map((p) => [p.from, p.to, p.days, p.ratePercent, p.interestCents])).toEqual([
      ['2024-06-02', '2024-06-30', 29, '8.62', 6_830],
      ['2024-07-01', '2024-09-15', 77, '8.37', 17_609],
    ]);
    expect(result.interestCents).toBe(87_609);
    expect(result.usesBeyondPayoutsCents).toBe(0);
  });

  it('counts a use on the last day of the two months as in time, and one paid ahead as used on the payout day', () => {
    // Payout 31.12.2023: the two months end on 29.2.2024.
    const onTime = computeInterimInterest({ payouts: [{ date: '2023-12-31', amountCents: 200_000 }], uses: [{ date: '2024-02-29', amountCents: 100_000 }, { date: '2024-03-01', amountCents: 100_000 }] }, RATES);
    // 1.3.2024 is late: 61 days (1.1.–1.3.2024: 31 + 29 + 1) at 8,62 %, 1/366: 100 000 × 0,0862 × 61 / 366 = 1 436,6667 ct → 14,37 €.
    expect(onTime.payouts[0]).toMatchObject({ usableUntil: '2024-02-29', usedInTimeCents: 100_000, usedLateCents: 100_000, interestCents: 1_437 });
    expect(onTime.payouts[0]!.lateAmounts[0]!.days).toBe(61);
    // The district paid 5.000 € on 1.2. from its own money; the payout of 1.3. reimburses it at once.
    const ahead = computeInterimInterest({ payouts: [{ date: '2024-03-01', amountCents: 500_000 }], uses: [{ date: '2024-02-01', amountCents: 700_000 }] }, RATES);
    expect(ahead.payouts[0]!.uses).toEqual([{ useIndex: 0, usedOn: '2024-03-01', amountCents: 500_000, isLate: false }]);
    expect(ahead).toMatchObject({ interestCents: 0, usesBeyondPayoutsCents: 200_000 });
    // Without asOf, unused money is only reported.
    const unused = computeInterimInterest({ payouts: [{ date: '2024-03-01', amountCents: 500_000 }], uses: [] }, RATES);
    expect(unused.payouts[0]).toMatchObject({ unusedCents: 500_000, lateAmounts: [], interestCents: 0 });
    // asOf within the two months: nothing open yet.
    expect(computeInterimInterest({ payouts: [{ date: '2024-03-01', amountCents: 500_000 }], uses: [], asOf: '2024-05-01' }, RATES).interestCents).toBe(0);
  });
});

const firstDay = dayNumber('2023-01-01');
const lastDay = dayNumber('2025-10-31');
const date = fc.integer({ min: firstDay, max: lastDay }).map(isoFromDayNumber);
const money = fc.oneof(fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 1, max: 100 }));
const scenario = fc.record({
  payouts: fc.array(fc.record({ date, amountCents: money }), { maxLength: 6 }),
  uses: fc.array(fc.record({ date, amountCents: money }), { maxLength: 10 }),
  asOf: fc.option(fc.constant('2025-12-31'), { nil: undefined }),
});

describe('computeInterimInterest: properties', () => {
  it('allocates every cent once, first in first out, and charges exactly the late parts', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const result = computeInterimInterest(input, RATES);
        const paid = input.payouts.reduce((s, p) => s + p.amountCents, 0);
        const used = input.uses.reduce((s, u) => s + u.amountCents, 0);
        const allocated = result.payouts.reduce((s, p) => s + p.usedInTimeCents + p.usedLateCents, 0);
        // Conservation: each payout = in time + late + unused; each use is allocated or beyond the payouts.
        for (const p of result.payouts) expect(p.usedInTimeCents + p.usedLateCents + p.unusedCents).toBe(p.amountCents);
        expect(allocated + result.payouts.reduce((s, p) => s + p.unusedCents, 0)).toBe(paid);
        expect(allocated + result.usesBeyondPayoutsCents).toBe(used);
        // FIFO: a payout with money left means no later payout was touched and no use was left over.
        result.payouts.forEach((p, i) => {
          if (p.unusedCents > 0) {
            expect(result.payouts.slice(i + 1).every((later) => later.uses.length === 0)).toBe(true);
            expect(result.usesBeyondPayoutsCents).toBe(0);
          }
          expect(i === 0 || result.payouts[i - 1]!.date <= p.date).toBe(true);
          for (const use of p.uses) {
            expect(use.usedOn >= p.date).toBe(true);
            expect(use.isLate).toBe(use.usedOn > p.usableUntil);
          }
          // Interest only on late parts (and open money after the two months), each as in `aqb zinsen`.
          const late = p.uses.filter((u) => u.isLate);
          expect(p.lateAmounts.slice(0, late.length).map((l) => l.amountCents)).toEqual(late.map((u) => u.amountCents));
          for (const l of p.lateAmounts) {
            expect(l.days).toBe(dayNumber(l.interestTo) - dayNumber(p.date));
            expect(l.days).toBeGreaterThan(59);
            expect(l.interest).toEqual(computeInterest({ principalCents: l.amountCents, from: p.date, to: l.interestTo }, RATES));
          }
          expect(p.lateAmounts.length - late.length).toBe(input.asOf && p.unusedCents > 0 && input.asOf > p.usableUntil ? 1 : 0);
          expect(p.interestCents).toBe(p.lateAmounts.reduce((s, l) => s + l.interest.interestCents, 0));
        });
        expect(result.interestCents).toBe(result.payouts.reduce((s, p) => s + p.interestCents, 0));
        // Everything used within two months of its payout → no Zwischenzinsen.
        const timely = computeInterimInterest({ payouts: input.payouts, uses: input.payouts.map((p) => ({ date: addDays(p.date, 30), amountCents: p.amountCents })) }, RATES);
        expect(timely.interestCents).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });
});
