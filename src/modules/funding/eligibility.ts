/**
 * The förderfähige Zuwendung of one project from its zahlenmäßiger Nachweis (actual expenses and
 * funding per Finanzierungsplan line), by the Bescheid's Finanzierungsart. Pure, integer cents.
 *
 * Step 1 – förderfähige Ausgaben per line (ANBest-P Nr. 1.2: the plan is binding in its total; a
 * single line may be exceeded by up to 20 % where other lines are saved):
 *   - limit of a line = planned + ⌊planned / 5⌋ (20 % of the planned amount, rounded DOWN to the
 *     cent, so the limit never exceeds 120 %);
 *   - the part of a line above its limit is not eligible (`over20PercentCents`, reported per line);
 *   - the savings of all lines (Σ planned − actual where actual < planned) may cover the overruns
 *     within the limits (Σ min(actual, limit) − planned where actual > planned). When they do not
 *     cover all of it, the uncovered part is not eligible either (`notOffsetCents`); it is borne by
 *     the overrunning lines in proportion to their overruns (largest remainder, ties: earlier line).
 *   Hence Σ förderfähige Ausgaben ≤ Σ planned and ≤ Σ actual, and every cent of each line is either
 *   eligible, over 20 %, or not offset.
 *
 * Step 2 – förderfähige Zuwendung, with E = Σ förderfähige Ausgaben, A = approved amount
 * (bewilligte Zuwendung, always the upper limit):
 *   - Anteilfinanzierung: the Anteil is the exact ratio A / P of the approved amount to the planned
 *     expenses P of the Finanzierungsplan (Σ plannedCents) – the Bescheid states the amount and the
 *     plan, and a rounded percentage is never used. Zuwendung = min(A, E · A / P), the product
 *     rounded half up to the cent in this one step. (E = P gives exactly A.)
 *   - Fehlbedarfsfinanzierung: Zuwendung = min(A, max(0, E − actual other funding)), other funding
 *     = every funding line except `aqb`. No rounding.
 *   - Festbetragsfinanzierung: Zuwendung = min(A, E): the fixed amount, reduced only when the
 *     förderfähige Ausgaben fall below it. No rounding.
 *   "Actual expenses" in the three rules are the förderfähige Ausgaben of step 1.
 *
 * A Zuwendung that together with the actual other funding exceeds the förderfähige Ausgaben is
 * flagged (`UEBERFINANZIERUNG`), not reduced: whether ANBest-P Nr. 2 reduces it is the RP's
 * decision.
 */
import { parseInput } from './parse-input';
import { formatEuro } from '../../platform/format';
import { EXPENSE_CATEGORY_LABELS, type EligibilityInput, EligibilityInputSchema, type FinancingType } from './schema';

export interface EligibleExpenseLine {
  /** Position in the input (0-based). */
  index: number;
  category: EligibilityInput['expenses'][number]['category'];
  label: string;
  plannedCents: number;
  actualCents: number;
  /** planned + ⌊planned / 5⌋. */
  limitCents: number;
  eligibleCents: number;
  /** actual − limit where positive: never eligible. */
  over20PercentCents: number;
  /** Overrun within the 20 % that the savings of other lines do not cover. */
  notOffsetCents: number;
}

export type EligibilityProblemCode = 'UEBERSCHREITUNG_UEBER_20_PROZENT' | 'UEBERSCHREITUNG_NICHT_AUSGEGLICHEN' | 'UEBERFINANZIERUNG';

export interface EligibilityProblem {
  code: EligibilityProblemCode;
  /** Expense line (0-based), null for the project as a whole. */
  line: number | null;
  message: string;
}

export interface EligibilityResult {
  financingType: FinancingType;
  approvedCents: number;
  plannedExpensesCents: number;
  actualExpensesCents: number;
  eligibleExpensesCents: number;
  actualOtherFundingCents: number;
  /** The förderfähige Zuwendung. */
  eligibleCents: number;
  lines: EligibleExpenseLine[];
  problems: EligibilityProblem[];
}

/** Largest-remainder shares of `total` in proportion to `weights` (Σ weights > 0, total ≤ Σ weights). */
function shareInProportion(total: number, weights: number[]): number[] {
  const sum = BigInt(weights.reduce((a, b) => a + b, 0));
  const exact = weights.map((w) => BigInt(total) * BigInt(w));
  const shares = exact.map((e) => e / sum);
  const remainders = exact.map((e) => e % sum);
  let leftover = BigInt(total) - shares.reduce((a, b) => a + b, 0n);
  const order = weights.map((_, i) => i).sort((a, b) => (remainders[b]! > remainders[a]! ? 1 : remainders[b]! < remainders[a]! ? -1 : a - b));
  for (const i of order) {
    if (leftover === 0n) break;
    shares[i]! += 1n;
    leftover -= 1n;
  }
  return shares.map(Number);
}

function lineName(line: { category: keyof typeof EXPENSE_CATEGORY_LABELS; label: string }, index: number): string {
  return `Ausgabenzeile ${index + 1} (${EXPENSE_CATEGORY_LABELS[line.category]} „${line.label}“)`;
}

/**
 * Förderfähige Ausgaben per line and förderfähige Zuwendung (rules at the top of this file).
 * Guarantees: 0 ≤ eligibleCents ≤ approvedCents; per line eligible + over 20 % + not offset =
 * actual. Throws VALIDATION_FAILED (German issues) for input the schema refuses.
 */
export function computeEligibility(rawInput: EligibilityInput): EligibilityResult {
  const input = parseInput(EligibilityInputSchema, rawInput, 'Der zahlenmäßige Nachweis ist unvollständig oder ungültig.');
  const problems: EligibilityProblem[] = [];

  const limits = input.expenses.map((line) => line.plannedCents + Math.floor(line.plannedCents / 5));
  const withinLimit = input.expenses.map((line, i) => Math.min(line.actualCents, limits[i]!));
  const overruns = input.expenses.map((line, i) => Math.max(0, withinLimit[i]! - line.plannedCents));
  const savings = input.expenses.reduce((sum, line) => sum + Math.max(0, line.plannedCents - line.actualCents), 0);
  const totalOverrun = overruns.reduce((a, b) => a + b, 0);
  const covered = Math.min(savings, totalOverrun);
  const coveredPerLine = totalOverrun === 0 ? overruns.map(() => 0) : shareInProportion(covered, overruns);

  const lines: EligibleExpenseLine[] = input.expenses.map((line, i) => {
    const eligibleCents = Math.min(line.actualCents, line.plannedCents) + coveredPerLine[i]!;
    const over20PercentCents = Math.max(0, line.actualCents - limits[i]!);
    const notOffsetCents = overruns[i]! - coveredPerLine[i]!;
    if (over20PercentCents > 0) {
      problems.push({
        code: 'UEBERSCHREITUNG_UEBER_20_PROZENT',
        line: i,
        message:
          `${lineName(line, i)}: Die Ausgaben von ${formatEuro(line.actualCents)} überschreiten den Ansatz von ${formatEuro(line.plannedCents)} ` +
          `um mehr als 20 % (Grenze ${formatEuro(limits[i]!)}); ${formatEuro(over20PercentCents)} sind nicht förderfähig (ANBest-P Nr. 1.2).`,
      });
    }
    if (notOffsetCents > 0) {
      problems.push({
        code: 'UEBERSCHREITUNG_NICHT_AUSGEGLICHEN',
        line: i,
        message:
          `${lineName(line, i)}: ${formatEuro(notOffsetCents)} der Überschreitung sind nicht durch Einsparungen bei anderen Ansätzen ausgeglichen ` +
          'und deshalb nicht förderfähig (ANBest-P Nr. 1.2: der Finanzierungsplan ist in seinem Gesamtergebnis verbindlich).',
      });
    }
    return {
      index: i,
      category: line.category,
      label: line.label,
      plannedCents: line.plannedCents,
      actualCents: line.actualCents,
      limitCents: limits[i]!,
      eligibleCents,
      over20PercentCents,
      notOffsetCents,
    };
  });

  const plannedExpensesCents = input.expenses.reduce((sum, line) => sum + line.plannedCents, 0);
  const actualExpensesCents = input.expenses.reduce((sum, line) => sum + line.actualCents, 0);
  const eligibleExpensesCents = lines.reduce((sum, line) => sum + line.eligibleCents, 0);
  const actualOtherFundingCents = input.funding.filter((line) => line.source !== 'aqb').reduce((sum, line) => sum + line.actualCents, 0);
  const approved = input.approvedCents;

  let eligibleCents: number;
  switch (input.financingType) {
    case 'anteil': {
      // E · A / P rounded half up: ⌊(2·E·A + P) / (2·P)⌋, in BigInt (E · A can exceed 2^53).
      const product = BigInt(eligibleExpensesCents) * BigInt(approved);
      const share = Number((2n * product + BigInt(plannedExpensesCents)) / (2n * BigInt(plannedExpensesCents)));
      eligibleCents = Math.min(approved, share);
      break;
    }
    case 'fehlbedarf':
      eligibleCents = Math.min(approved, Math.max(0, eligibleExpensesCents - actualOtherFundingCents));
      break;
    case 'festbetrag':
      eligibleCents = Math.min(approved, eligibleExpensesCents);
      break;
  }

  const overfunding = eligibleCents + actualOtherFundingCents - eligibleExpensesCents;
  if (overfunding > 0) {
    problems.push({
      code: 'UEBERFINANZIERUNG',
      line: null,
      message:
        `Zuwendung (${formatEuro(eligibleCents)}) und sonstige Finanzierung (${formatEuro(actualOtherFundingCents)}) übersteigen die förderfähigen Ausgaben ` +
        `(${formatEuro(eligibleExpensesCents)}) um ${formatEuro(overfunding)}. Ob die Zuwendung nach ANBest-P Nr. 2 zu ermäßigen ist, entscheidet das Regierungspräsidium.`,
    });
  }

  return {
    financingType: input.financingType,
    approvedCents: approved,
    plannedExpensesCents,
    actualExpensesCents,
    eligibleExpensesCents,
    actualOtherFundingCents,
    eligibleCents,
    lines,
    problems,
  };
}
