/**
 * Zwischenzinsen under the two-month rule (VV Nr. 7 zu § 44 LHO; § 49a Abs. 4 HVwVfG): funds may
 * be paid out only as far as they are needed for payments due within two months. For the part of a
 * payout not used within two months of it, interest is computed for the time from the payout to its
 * use (5 points above the Basiszinssatz, interest.ts). The RP decides whether to claim it.
 *
 * Allocation rule (first in, first out), documented for the Zwischenzinsen page:
 * 1. Payouts are taken in date order, uses in date order (same date: input order).
 * 2. Each use consumes the oldest payout that still has money left, then the next one, and so on;
 *    a use may be split over several payouts.
 * 3. A use dated before the payout it is matched with (the district paid ahead from its own money)
 *    counts as used on the payout date: the payout reimburses it at once.
 * 4. The two months end on the day of the second month after the payout with the same number as
 *    the payout day, or the month's last day (§§ 187 Abs. 1, 188 Abs. 2 and 3 BGB): a payout on
 *    15.3. must be used by 15.5.; on 31.12.2023 by 29.2.2024. A use on that day is in time.
 * 5. A late part earns interest for the days after the payout date up to and including the use date
 *    (§ 187 Abs. 1 BGB). Each (payout, late use) pair is one interest calculation, rounded once, so
 *    every line can be checked with `aqb zinsen`; the totals are the sums of these lines.
 * 6. Money of a payout never used: when `asOf` is given and lies after the end of the two months,
 *    interest up to `asOf` is shown as an open line (`usedOn: null`); otherwise it is reported as
 *    `unusedCents` only. Uses beyond all payouts (paid from own or later funds) are reported as
 *    `usesBeyondPayoutsCents` and earn nothing.
 */
import { parseInput } from './parse-input';
import { daysBetween, endOfMonthsPeriod } from './dates';
import { computeInterest, type InterestResult } from './interest';
import { type BaseRateEntry, type InterimInterestInput, InterimInterestInputSchema } from './schema';

export const TWO_MONTHS = 2;

export interface PayoutUse {
  /** Position of the use in the input (0-based). */
  useIndex: number;
  /** The date the use counts on: its own date, or the payout date when it came earlier (rule 3). */
  usedOn: string;
  amountCents: number;
  isLate: boolean;
}

export interface LateAmount {
  /** Use date (inclusive end of interest), null for money still unused at `asOf`. */
  usedOn: string | null;
  /** Last interest day: usedOn, or asOf for an open line. */
  interestTo: string;
  amountCents: number;
  days: number;
  interest: InterestResult;
}

export interface PayoutInterimInterest {
  /** Position of the payout in the input (0-based). */
  index: number;
  date: string;
  amountCents: number;
  /** Last day of the two months. */
  usableUntil: string;
  usedInTimeCents: number;
  usedLateCents: number;
  unusedCents: number;
  uses: PayoutUse[];
  lateAmounts: LateAmount[];
  interestCents: number;
}

export interface InterimInterestResult {
  payouts: PayoutInterimInterest[];
  interestCents: number;
  usesBeyondPayoutsCents: number;
}

/** Stable order by date, then input position. */
function byDate<T extends { date: string }>(items: readonly T[]): { item: T; index: number }[] {
  return items.map((item, index) => ({ item, index })).sort((a, b) => (a.item.date < b.item.date ? -1 : a.item.date > b.item.date ? 1 : a.index - b.index));
}

/**
 * Matches uses to payouts first in, first out and computes the Zwischenzinsen of every late part
 * (rules at the top of this file). Payouts come back in date order. Throws VALIDATION_FAILED for
 * bad input or a day without a known Basiszinssatz (only where interest is due).
 */
export function computeInterimInterest(rawInput: InterimInterestInput, baseRates: readonly BaseRateEntry[]): InterimInterestResult {
  const input = parseInput(InterimInterestInputSchema, rawInput, 'Die Angaben zu Auszahlungen und Verwendung sind ungültig.');
  const payouts = byDate(input.payouts).map(({ item, index }) => ({
    index,
    date: item.date,
    amountCents: item.amountCents,
    usableUntil: endOfMonthsPeriod(item.date, TWO_MONTHS),
    remaining: item.amountCents,
    uses: [] as PayoutUse[],
  }));

  let current = 0;
  let usesBeyondPayoutsCents = 0;
  for (const { item: use, index: useIndex } of byDate(input.uses)) {
    let left = use.amountCents;
    while (left > 0) {
      while (current < payouts.length && payouts[current]!.remaining === 0) current++;
      const payout = payouts[current];
      if (!payout) {
        usesBeyondPayoutsCents += left;
        break;
      }
      const amountCents = Math.min(left, payout.remaining);
      const usedOn = use.date < payout.date ? payout.date : use.date;
      payout.uses.push({ useIndex, usedOn, amountCents, isLate: usedOn > payout.usableUntil });
      payout.remaining -= amountCents;
      left -= amountCents;
    }
  }

  const result: PayoutInterimInterest[] = payouts.map((payout) => {
    const lateAmounts: LateAmount[] = payout.uses
      .filter((use) => use.isLate)
      .map((use) => ({
        usedOn: use.usedOn,
        interestTo: use.usedOn,
        amountCents: use.amountCents,
        days: daysBetween(payout.date, use.usedOn),
        interest: computeInterest({ principalCents: use.amountCents, from: payout.date, to: use.usedOn }, baseRates),
      }));
    if (payout.remaining > 0 && input.asOf !== undefined && input.asOf > payout.usableUntil) {
      lateAmounts.push({
        usedOn: null,
        interestTo: input.asOf,
        amountCents: payout.remaining,
        days: daysBetween(payout.date, input.asOf),
        interest: computeInterest({ principalCents: payout.remaining, from: payout.date, to: input.asOf }, baseRates),
      });
    }
    const sumUses = (late: boolean) => payout.uses.filter((u) => u.isLate === late).reduce((sum, u) => sum + u.amountCents, 0);
    return {
      index: payout.index,
      date: payout.date,
      amountCents: payout.amountCents,
      usableUntil: payout.usableUntil,
      usedInTimeCents: sumUses(false),
      usedLateCents: sumUses(true),
      unusedCents: payout.remaining,
      uses: payout.uses,
      lateAmounts,
      interestCents: lateAmounts.reduce((sum, late) => sum + late.interest.interestCents, 0),
    };
  });

  return { payouts: result, interestCents: result.reduce((sum, p) => sum + p.interestCents, 0), usesBeyondPayoutsCents };
}
