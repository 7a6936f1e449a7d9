/**
 * Interest under § 49a Abs. 3 and 4 HVwVfG: 5 percentage points above the Basiszinssatz (§ 247 BGB)
 * per year, computed day by day. The rules, exactly:
 *
 * 1. Interest days are every day AFTER the start date up to and including the end date
 *    (§ 187 Abs. 1, § 188 Abs. 1 BGB); their number is the difference of the two dates.
 * 2. Each day earns principal × (Basiszinssatz of that day + 5 points) × 1/365, or × 1/366 when the
 *    day lies in a leap year.
 * 3. The exact sum over all days is rounded half up to the cent ONCE, at the end.
 *
 * Arithmetic is exact: rates are integer basis points (8,62 % = 862), and with the common
 * denominator D = 10 000 · 365 · 366 every day's interest is an integer numerator over D
 * (principal · bp · 366 for a 365-day year, principal · bp · 365 for a 366-day year), summed in
 * BigInt. No floating-point number touches an amount.
 *
 * Output: one period per run of days with the same rate and the same year length. `from` and `to`
 * of a period are its FIRST and LAST interest day (both inclusive, so `days = to − from + 1`);
 * the first period therefore starts the day after the start date. `ratePercent` is the yearly rate
 * (Basiszinssatz + 5) as an exact decimal string with a point and two decimals ("8.62"): a JSON
 * number would invite floating-point arithmetic downstream. A period's `interestCents` is its exact
 * share of the total, distributed by largest remainder so that the periods add up to the total to
 * the cent (each within one cent of its exact value); the total itself is rounded only once.
 *
 * The Basiszinssatz history is data (an array of half-year entries, see schema.ts). A day whose
 * half-year has no entry is an error with a German message, never a guess.
 */
import { AppError } from '../../platform/errors';
import { parseInput } from './parse-input';
import { formatDate } from '../../platform/format';
import { dayNumber, halfYearStart, isLeapYear, isoFromDayNumber, nextHalfYearStart } from './dates';
import { type BaseRateEntry, BaseRateEntrySchema, formatRatePercent, type InterestInput, InterestInputSchema, parseRatePercent } from './schema';

/** § 49a Abs. 3 HVwVfG: 5 percentage points above the Basiszinssatz. */
export const SURCHARGE_BASIS_POINTS = 500;

/** Common denominator of every day's interest in cents: 10 000 (basis points) · 365 · 366. */
export const INTEREST_DENOMINATOR = 10_000n * 365n * 366n;

export interface InterestPeriod {
  /** First interest day of the period (inclusive). */
  from: string;
  /** Last interest day of the period (inclusive). */
  to: string;
  days: number;
  /** Yearly rate = Basiszinssatz + 5 points, exact decimal string ("8.62"). */
  ratePercent: string;
  interestCents: number;
}

export interface InterestResult {
  interestCents: number;
  periods: InterestPeriod[];
}

/** A period with its exact interest: numerator / INTEREST_DENOMINATOR cents. */
export interface ExactInterestPeriod {
  from: string;
  to: string;
  days: number;
  /** Basiszinssatz + 5 points, in basis points. */
  rateBasisPoints: number;
  yearDays: 365 | 366;
  numerator: bigint;
}

/** Half-year start → Basiszinssatz in basis points; duplicates and bad entries are refused. */
function rateTable(baseRates: readonly BaseRateEntry[]): Map<string, number> {
  const table = new Map<string, number>();
  baseRates.forEach((entry, index) => {
    const checked = parseInput(BaseRateEntrySchema, entry, `Der Basiszinssatz Nr. ${index + 1} ist ungültig.`);
    if (table.has(checked.validFrom)) {
      throw new AppError('VALIDATION_FAILED', `Der Basiszinssatz ab ${formatDate(checked.validFrom)} ist doppelt angegeben.`);
    }
    table.set(checked.validFrom, parseRatePercent(checked.ratePercent)!);
  });
  return table;
}

function missingRate(halfYear: string): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    `Für die Zeit ab ${formatDate(halfYear)} ist kein Basiszinssatz hinterlegt. Zinsen werden nicht geschätzt: Bitte den Basiszinssatz (§ 247 BGB) ab ${formatDate(halfYear)} in den Stammdaten ergänzen.`,
    { details: { missingBaseRateFrom: halfYear } },
  );
}

/**
 * The interest days from `from` (exclusive) to `to` (inclusive), cut into periods of equal rate and
 * year length, each with its exact interest numerator (over INTEREST_DENOMINATOR). Throws
 * VALIDATION_FAILED for bad input, an end before the start, or a day without a known Basiszinssatz.
 */
export function computeExactInterest(input: InterestInput, baseRates: readonly BaseRateEntry[]): { periods: ExactInterestPeriod[]; numerator: bigint } {
  const { principalCents, from, to } = parseInput(InterestInputSchema, input, 'Die Angaben zur Zinsberechnung sind ungültig.');
  if (to < from) throw new AppError('VALIDATION_FAILED', `Das Ende des Zinszeitraums (${formatDate(to)}) liegt vor seinem Beginn (${formatDate(from)}).`);
  const rates = rateTable(baseRates);
  const principal = BigInt(principalCents);
  const periods: ExactInterestPeriod[] = [];
  const lastDay = dayNumber(to);
  let day = dayNumber(from) + 1;
  // Half-years never cross a year boundary, so rate and year length are constant within one.
  while (day <= lastDay) {
    const iso = isoFromDayNumber(day);
    const halfYear = halfYearStart(iso);
    const baseRate = rates.get(halfYear);
    if (baseRate === undefined) throw missingRate(halfYear);
    const segmentEnd = Math.min(lastDay, dayNumber(nextHalfYearStart(iso)) - 1);
    const days = segmentEnd - day + 1;
    const rateBasisPoints = baseRate + SURCHARGE_BASIS_POINTS;
    const yearDays = isLeapYear(Number(iso.slice(0, 4))) ? 366 : 365;
    // One day's interest in cents = principal · bp / (10 000 · yearDays) = principal · bp · (731 − yearDays) / D.
    const numerator = principal * BigInt(rateBasisPoints) * BigInt(days) * BigInt(731 - yearDays);
    const previous = periods.at(-1);
    if (previous && previous.rateBasisPoints === rateBasisPoints && previous.yearDays === yearDays) {
      previous.to = isoFromDayNumber(segmentEnd);
      previous.days += days;
      previous.numerator += numerator;
    } else {
      periods.push({ from: iso, to: isoFromDayNumber(segmentEnd), days, rateBasisPoints, yearDays, numerator });
    }
    day = segmentEnd + 1;
  }
  return { periods, numerator: periods.reduce((sum, p) => sum + p.numerator, 0n) };
}

/** numerator / INTEREST_DENOMINATOR rounded half up (numerator ≥ 0). */
export function roundHalfUpCents(numerator: bigint): number {
  return Number((2n * numerator + INTEREST_DENOMINATOR) / (2n * INTEREST_DENOMINATOR));
}

/**
 * Interest on `principalCents` for the days after `from` up to and including `to` at 5 points above
 * the Basiszinssatz, rounded once (rules at the top of this file). Throws VALIDATION_FAILED (German
 * message) for bad input, an end before the start, or a day without a known Basiszinssatz.
 */
export function computeInterest(input: InterestInput, baseRates: readonly BaseRateEntry[]): InterestResult {
  const exact = computeExactInterest(input, baseRates);
  const interestCents = roundHalfUpCents(exact.numerator);
  // Largest remainder: every period gets its whole cents, the cents left over by the one rounding go
  // to the largest remainders (ties: the earlier period). 0 ≤ leftover ≤ number of periods.
  const shares = exact.periods.map((p) => ({ cents: p.numerator / INTEREST_DENOMINATOR, remainder: p.numerator % INTEREST_DENOMINATOR }));
  let leftover = BigInt(interestCents) - shares.reduce((sum, s) => sum + s.cents, 0n);
  const order = shares.map((_, i) => i).sort((a, b) => (shares[b]!.remainder > shares[a]!.remainder ? 1 : shares[b]!.remainder < shares[a]!.remainder ? -1 : a - b));
  for (const i of order) {
    if (leftover <= 0n) break;
    if (shares[i]!.remainder === 0n) break;
    shares[i]!.cents += 1n;
    leftover -= 1n;
  }
  return {
    interestCents,
    periods: exact.periods.map((p, i) => ({
      from: p.from,
      to: p.to,
      days: p.days,
      ratePercent: formatRatePercent(p.rateBasisPoints),
      interestCents: Number(shares[i]!.cents),
    })),
  };
}
