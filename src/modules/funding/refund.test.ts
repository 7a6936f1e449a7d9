import { describe, expect, it } from 'vitest';
import { isAppError } from '../../platform/errors';
import { SEEDED_BASE_INTEREST_RATES } from './base-interest-rates';
import { computeRefund } from './refund';
import { formatRatePercent } from './schema';

const RATES = SEEDED_BASE_INTEREST_RATES.map((r) => ({ validFrom: r.validFrom, ratePercent: formatRatePercent(r.rateBasisPoints) }));

describe('computeRefund', () => {
  it('refunds paid out minus eligible with interest from the day the Bescheid became ineffective', () => {
    // Paid out 60.000,00 €, förderfähig 57.662,34 € (the Anteilfinanzierung example) → 2.337,66 € back.
    // Interest from 1.3.2025 (not counted) to 30.9.2025: 213 days.
    //   2.3.–30.6.2025: 30 + 30 + 31 + 30 = 121 days at 2,27 % + 5 = 7,27 %, 1/365: 233 766 × 0,0727 × 121 / 365 = 5 633,8887… ct
    //   1.7.–30.9.2025: 31 + 31 + 30 = 92 days at 1,27 % + 5 = 6,27 %, 1/365:   233 766 × 0,0627 × 92 / 365 = 3 694,3994… ct
    //   Sum 9 328,2881… ct → 93,28 €; total 2.337,66 + 93,28 = 2.430,94 €.
    const result = computeRefund({ paidOutCents: 6_000_000, eligibleCents: 5_766_234, interestFrom: '2025-03-01', interestTo: '2025-09-30' }, RATES);
    expect(result).toEqual({
      paidOutCents: 6_000_000,
      eligibleCents: 5_766_234,
      refundCents: 233_766,
      interest: {
        interestCents: 9_328,
        periods: [
          { from: '2025-03-02', to: '2025-06-30', days: 121, ratePercent: '7.27', interestCents: 5_634 },
          { from: '2025-07-01', to: '2025-09-30', days: 92, ratePercent: '6.27', interestCents: 3_694 },
        ],
      },
      totalCents: 243_094,
    });
  });

  it('is never negative and needs no rate when nothing is to be refunded', () => {
    // Eligible above the payouts (a Restzahlung is due, not a refund); 2030 has no Basiszinssatz, yet nothing fails.
    expect(computeRefund({ paidOutCents: 100, eligibleCents: 500, interestFrom: '2030-01-01', interestTo: '2030-06-30' }, RATES)).toEqual({
      paidOutCents: 100,
      eligibleCents: 500,
      refundCents: 0,
      interest: { interestCents: 0, periods: [] },
      totalCents: 0,
    });
  });

  it('refuses an end before the start and a period without a known rate', () => {
    const fail = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        if (isAppError(error)) return error.message;
      }
      return 'no error';
    };
    expect(fail(() => computeRefund({ paidOutCents: 100, eligibleCents: 500, interestFrom: '2025-03-01', interestTo: '2025-02-01' }, RATES))).toBe(
      'Das Ende des Zinszeitraums (1.2.2025) liegt vor seinem Beginn (1.3.2025).',
    );
    expect(fail(() => computeRefund({ paidOutCents: 500, eligibleCents: 100, interestFrom: '2025-11-01', interestTo: '2026-02-01' }, RATES))).toContain('ab 1.1.2026 ist kein Basiszinssatz hinterlegt');
  });
});
