/**
 * Rückforderung after the Verwendungsnachweis: what was paid out beyond the förderfähige Zuwendung
 * is to be refunded (after Aufhebung of the Bescheid, §§ 48, 49 HVwVfG) with interest under
 * § 49a Abs. 3 HVwVfG from the day the Bescheid became ineffective. The interest is the one
 * calculation of interest.ts (the same as `aqb zinsen`), on the refund amount.
 */
import { AppError } from '../../platform/errors';
import { parseInput } from './parse-input';
import { formatDate } from '../../platform/format';
import { type BaseRateEntry, type RefundInput, RefundInputSchema } from './schema';
import { computeInterest, type InterestResult } from './interest';

export interface RefundResult {
  paidOutCents: number;
  eligibleCents: number;
  /** max(0, paid out − eligible). */
  refundCents: number;
  interest: InterestResult;
  /** refund + interest. */
  totalCents: number;
}

/**
 * Refund = paid out − eligible, never negative (an eligible amount above the payouts is a Restzahlung,
 * not a negative refund); interest on it for the days after `interestFrom` up to `interestTo`.
 * Throws VALIDATION_FAILED for bad input or a day without a known Basiszinssatz (only when there is
 * something to refund: no refund needs no rate).
 */
export function computeRefund(rawInput: RefundInput, baseRates: readonly BaseRateEntry[]): RefundResult {
  const input = parseInput(RefundInputSchema, rawInput, 'Die Angaben zur Rückforderung sind ungültig.');
  if (input.interestTo < input.interestFrom) {
    throw new AppError('VALIDATION_FAILED', `Das Ende des Zinszeitraums (${formatDate(input.interestTo)}) liegt vor seinem Beginn (${formatDate(input.interestFrom)}).`);
  }
  const refundCents = Math.max(0, input.paidOutCents - input.eligibleCents);
  const interest: InterestResult =
    refundCents === 0 ? { interestCents: 0, periods: [] } : computeInterest({ principalCents: refundCents, from: input.interestFrom, to: input.interestTo }, baseRates);
  return { paidOutCents: input.paidOutCents, eligibleCents: input.eligibleCents, refundCents, interest, totalCents: refundCents + interest.interestCents };
}
