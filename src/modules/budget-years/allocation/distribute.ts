/**
 * The yearly distribution of the Landesbudget among the districts (Mittelzuweisung), as a pure
 * function. All arithmetic on shares is exact: every indicator value and weight (a binary double)
 * is turned into an exact integer ratio, so no float error can flip a rounding decision.
 *
 * Rounding rule (documented for the allocation letter):
 * 1. Floors are rounded UP to the rounding unit (a floor of 200.005 € with unit 10 € means 200.010 €).
 * 2. floor(budget / unit) units are shared by Hare–Niemeyer on the exact quotas: everyone gets the
 *    whole part of the quota, the left-over units go to the largest remainders; equal remainders are
 *    served in ascending AGS order.
 * 3. The odd cents (budget mod unit) all go to ONE district: the one whose rounded amount lies
 *    furthest below its exact share of the budget in cents (largest exact share − rounded amount;
 *    floored districts count as 0 short); ties → smallest AGS.
 *    Hence every amount is a multiple of the unit except at most this one.
 */
import { formatEuro } from '../../../platform/format';

export { compareScenarios, type ScenarioComparisonRow, type ScenarioInput } from './compare-scenarios';

export interface DistributeInput {
  budgetCents: number;
  /** Indicator values per district (AGS), e.g. { sgb2Bedarfsgemeinschaften: 12345, jugendarbeitslose: 321 }. */
  indicators: Map<string, Record<string, number>>;
  /** Relative weights per indicator name; normalised, so { a: 2, b: 1 } = { a: 0.66…, b: 0.33… }. */
  weights: Record<string, number>;
  /** Minimum amount: one value for every district, or per AGS (missing AGS = no floor). */
  floorCents?: number | Map<string, number>;
  /** Amounts are whole multiples of this many cents; default 1000 (10 €). */
  roundToCents?: number;
}

export interface Allocation {
  ags: string;
  amountCents: number;
}

export type DistributeResult =
  | { ok: true; allocations: Allocation[] }
  | { ok: false; errors: { message: string }[] };

export const DEFAULT_ROUND_TO_CENTS = 1000;

/**
 * Shares budgetCents among the districts of `indicators` by the weighted indicator shares, floors
 * first, rounded as described above. Guarantees: the amounts sum to budgetCents exactly, each is ≥ 0
 * and ≥ its (rounded-up) floor, the result depends only on the input. Never throws on bad input;
 * returns every problem as a German message. Allocations are sorted by AGS.
 */
export function distributeBudget(input: DistributeInput): DistributeResult {
  const unit = input.roundToCents ?? DEFAULT_ROUND_TO_CENTS;
  const errors = validate(input, unit);
  if (errors.length > 0) return { ok: false, errors: errors.map((message) => ({ message })) };

  const agsList = [...input.indicators.keys()].sort();
  const weighted = Object.entries(input.weights)
    .filter(([, weight]) => weight > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const weightInts = toCommonScaleIntegers(weighted.map(([, weight]) => weight));
  const columns = weighted.map(([name]) => toCommonScaleIntegers(agsList.map((ags) => input.indicators.get(ags)![name]!)));
  const columnTotals = columns.map((column) => column.reduce((sum, value) => sum + value, 0n));

  // share_d = Σ_k (w_k / W) · (a_dk / A_k). With the common denominator W · Π A_k the numerator of
  // district d is N_d = Σ_k w_k · a_dk · Π_{j≠k} A_j; only ratios of N are used below.
  const numerators = agsList.map((_, d) =>
    columns.reduce((sum, column, k) => {
      const otherTotals = columnTotals.reduce((product, total, j) => (j === k ? product : product * total), 1n);
      return sum + weightInts[k]! * column[d]! * otherTotals;
    }, 0n),
  );

  const budget = BigInt(input.budgetCents);
  const unitBig = BigInt(unit);
  const totalUnits = budget / unitBig;
  const oddCents = budget % unitBig;
  const floorUnits = agsList.map((ags) => {
    const floor = BigInt(floorFor(input.floorCents, ags));
    return (floor + unitBig - 1n) / unitBig;
  });

  const sumFloorCents = agsList.reduce((sum, ags) => sum + BigInt(floorFor(input.floorCents, ags)), 0n);
  if (sumFloorCents > budget) {
    return fail(`Die Mindestbeträge (zusammen ${formatEuro(Number(sumFloorCents))}) übersteigen das Budget von ${formatEuro(input.budgetCents)}.`);
  }
  const sumFloorUnits = floorUnits.reduce((sum, value) => sum + value, 0n);
  if (sumFloorUnits > totalUnits) {
    return fail(
      `Die Mindestbeträge übersteigen nach Aufrundung auf volle ${formatEuro(unit)} (zusammen ${formatEuro(Number(sumFloorUnits * unitBig))}) ` +
        `das in Einheiten von ${formatEuro(unit)} verteilbare Budget von ${formatEuro(Number(totalUnits * unitBig))}.`,
    );
  }

  // Floors: whoever's proportional quota is below its floor gets the floor; the rest is re-shared
  // among the others. Each round only lowers the others' quotas, so it ends after ≤ n rounds.
  const isFloored = agsList.map(() => false);
  let rest = totalUnits;
  let freeWeight = 0n;
  for (;;) {
    rest = totalUnits - floorUnits.reduce((sum, value, d) => (isFloored[d] ? sum + value : sum), 0n);
    freeWeight = numerators.reduce((sum, value, d) => (isFloored[d] ? sum : sum + value), 0n);
    const newlyFloored = agsList
      .map((_, d) => d)
      .filter((d) => !isFloored[d] && rest * numerators[d]! < floorUnits[d]! * freeWeight);
    if (newlyFloored.length === 0) break;
    for (const d of newlyFloored) isFloored[d] = true;
  }
  if (freeWeight === 0n && rest > 0n) {
    // Unreachable when the floors are feasible (see the feasibility checks above); kept as a guard.
    throw new Error('distributeBudget: Restbudget ohne Empfänger');
  }

  // Hare–Niemeyer on quotas rest · N_d / freeWeight; all remainders share the denominator freeWeight.
  const units = agsList.map((_, d) => (isFloored[d] ? floorUnits[d]! : (rest * numerators[d]!) / freeWeight));
  const remainders = agsList.map((_, d) => (isFloored[d] ? 0n : (rest * numerators[d]!) % freeWeight));
  let leftover = totalUnits - units.reduce((sum, value) => sum + value, 0n);
  const byRemainder = agsList
    .map((_, d) => d)
    .filter((d) => !isFloored[d])
    .sort((a, b) => (remainders[b]! > remainders[a]! ? 1 : remainders[b]! < remainders[a]! ? -1 : a - b));
  for (const d of byRemainder) {
    if (leftover === 0n) break;
    units[d]! += 1n;
    leftover -= 1n;
  }

  const cents = units.map((value) => value * unitBig);
  if (oddCents > 0n) {
    const restCents = rest * unitBig + oddCents;
    cents[oddCentsRecipient(isFloored, numerators, cents, restCents, freeWeight)]! += oddCents;
  }

  return { ok: true, allocations: agsList.map((ags, d) => ({ ags, amountCents: Number(cents[d]!) })) };
}

/**
 * Index of the district whose rounded amount lies furthest below its exact share in cents
 * (restCents · N_d / freeWeight − amount; floored districts: 0). Ties → smallest AGS.
 */
function oddCentsRecipient(isFloored: boolean[], numerators: bigint[], cents: bigint[], restCents: bigint, freeWeight: bigint): number {
  let best = 0;
  let bestShortfall: bigint | undefined;
  for (let d = 0; d < numerators.length; d += 1) {
    // Scaled by freeWeight so the comparison stays in integers.
    const shortfall = isFloored[d] ? 0n : restCents * numerators[d]! - cents[d]! * freeWeight;
    // Strict ">" keeps the first (smallest AGS) on ties because the districts are sorted by AGS.
    if (bestShortfall === undefined || shortfall > bestShortfall) {
      best = d;
      bestShortfall = shortfall;
    }
  }
  return best;
}

function fail(message: string): DistributeResult {
  return { ok: false, errors: [{ message }] };
}

function floorFor(floor: DistributeInput['floorCents'], ags: string): number {
  if (floor === undefined) return 0;
  if (typeof floor === 'number') return floor;
  return floor.get(ags) ?? 0;
}

function isCents(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

function validate(input: DistributeInput, unit: number): string[] {
  const errors: string[] = [];
  if (!isCents(input.budgetCents)) errors.push('Das Budget muss ein Betrag ≥ 0 in ganzen Cent sein.');
  if (!Number.isSafeInteger(unit) || unit < 1) errors.push('Die Rundungseinheit muss eine ganze Zahl von Cent ≥ 1 sein.');
  if (input.indicators.size === 0) errors.push('Es liegen keine Indikatorwerte vor.');

  const known = new Set<string>();
  for (const values of input.indicators.values()) for (const name of Object.keys(values)) known.add(name);

  let hasPositiveWeight = false;
  for (const [name, weight] of Object.entries(input.weights)) {
    if (!known.has(name)) errors.push(`Die Gewichtung nennt den unbekannten Indikator „${name}“.`);
    if (!Number.isFinite(weight) || weight < 0) errors.push(`Das Gewicht für „${name}“ muss eine Zahl ≥ 0 sein.`);
    else if (weight > 0) hasPositiveWeight = true;
  }
  if (!hasPositiveWeight) errors.push('Alle Gewichte sind 0: Mindestens ein Indikator braucht ein Gewicht größer als 0.');

  for (const [name, weight] of Object.entries(input.weights)) {
    if (!known.has(name) || !(weight > 0)) continue;
    let total = 0;
    let isValid = true;
    for (const [ags, values] of [...input.indicators.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const value = values[name];
      if (value === undefined) {
        errors.push(`Für AGS ${ags} fehlt der Wert des Indikators „${name}“.`);
        isValid = false;
      } else if (!Number.isFinite(value) || value < 0) {
        errors.push(`Der Wert des Indikators „${name}“ für AGS ${ags} muss eine Zahl ≥ 0 sein.`);
        isValid = false;
      } else {
        total += value;
      }
    }
    if (isValid && total === 0) {
      errors.push(`Der Indikator „${name}“ ist überall 0 und kann deshalb nicht gewichtet werden.`);
    }
  }

  const floor = input.floorCents;
  if (typeof floor === 'number' && !isCents(floor)) errors.push('Der Mindestbetrag muss ein Betrag ≥ 0 in ganzen Cent sein.');
  if (floor instanceof Map) {
    for (const [ags, value] of floor) {
      if (!input.indicators.has(ags)) errors.push(`Mindestbetrag für AGS ${ags}, für den keine Indikatorwerte vorliegen.`);
      if (!isCents(value)) errors.push(`Der Mindestbetrag für AGS ${ags} muss ein Betrag ≥ 0 in ganzen Cent sein.`);
    }
  }
  return errors;
}

/**
 * Non-negative finite doubles → integers with the same ratios. A double is exactly m · 2^e, so
 * shifting every mantissa to the smallest exponent keeps all ratios exact (at most ~2100 bits).
 */
function toCommonScaleIntegers(values: number[]): bigint[] {
  const parts = values.map(toMantissaExponent);
  const minExponent = Math.min(...parts.filter((part) => part.mantissa > 0n).map((part) => part.exponent));
  return parts.map((part) => (part.mantissa === 0n ? 0n : part.mantissa << BigInt(part.exponent - minExponent)));
}

function toMantissaExponent(value: number): { mantissa: bigint; exponent: number } {
  if (value === 0) return { mantissa: 0n, exponent: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biasedExponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biasedExponent === 0) return { mantissa: fraction, exponent: -1074 }; // subnormal
  return { mantissa: fraction | (1n << 52n), exponent: biasedExponent - 1075 };
}
