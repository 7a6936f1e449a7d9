/**
 * Schemas and types of the Förderverfahren calculations (issue 13): the Finanzierungsplan lines of
 * the interchange format `aqb.antrag/1`, the zahlenmäßiger Nachweis, the Basiszinssatz history and
 * the records the balances and interest calculations read. Money is integer cents, dates are ISO.
 */
import { z } from 'zod';
import { AgsSchema, text } from '../../platform/input';
import { IsoDateSchema, MAX_AMOUNT_CENTS } from '../documents/schema';

export { IsoDateSchema };

export const CentsSchema = z
  .number({ error: 'Betrag in Cent (ganze Zahl) erwartet' })
  .int('Betrag in ganzen Cent erwartet')
  .min(0, 'Betrag darf nicht negativ sein')
  .max(MAX_AMOUNT_CENTS, 'Betrag ist unrealistisch hoch');

// ---------------------------------------------------------------------------------------------
// Finanzierungsplan (aqb.antrag/1)

// The Finanzierungsplan belongs to the project record (src/modules/projects): one definition of its
// categories, sources and lines, used here for the Verwendungsnachweis and the calculations.
import { EXPENSE_CATEGORIES, FUNDING_SOURCES, type ExpenseCategory, type FundingSource } from '../projects/schema';

export {
  EXPENSE_CATEGORIES,
  EXPENSE_CATEGORY_LABELS,
  ExpenseLineSchema,
  FUNDING_SOURCES,
  FUNDING_SOURCE_LABELS,
  FundingLineSchema,
  type ExpenseCategory,
  type ExpenseLine,
  type FundingLine,
  type FundingSource,
} from '../projects/schema';
export const ExpenseCategorySchema = z.enum(EXPENSE_CATEGORIES, {
  error: `Unbekannte Ausgabenart; erlaubt: ${EXPENSE_CATEGORIES.join(', ')}`,
});
export const FundingSourceSchema = z.enum(FUNDING_SOURCES, {
  error: `Unbekannte Finanzierungsquelle; erlaubt: ${FUNDING_SOURCES.join(', ')}`,
});

const LabelSchema = z.string().trim().min(1, 'Darf nicht leer sein').max(300, 'Höchstens 300 Zeichen');

// ---------------------------------------------------------------------------------------------
// Zahlenmäßiger Nachweis and förderfähige Zuwendung

/** Finanzierungsart of the Zuwendungsbescheid (VV Nr. 2.2 zu § 44 LHO). */
export const FINANCING_TYPES = ['anteil', 'fehlbedarf', 'festbetrag'] as const;
export type FinancingType = (typeof FINANCING_TYPES)[number];
export const FINANCING_TYPE_LABELS: Record<FinancingType, string> = {
  anteil: 'Anteilfinanzierung',
  fehlbedarf: 'Fehlbedarfsfinanzierung',
  festbetrag: 'Festbetragsfinanzierung',
};
export const FinancingTypeSchema = z.enum(FINANCING_TYPES, { error: `Unbekannte Finanzierungsart; erlaubt: ${FINANCING_TYPES.join(', ')}` });

/**
 * One expense line of the Verwendungsnachweis: the Finanzierungsplan line as approved (planned)
 * next to what was actually spent. A line spent without being planned has `plannedCents: 0`.
 */
export const ActualExpenseLineSchema = z.object({
  category: ExpenseCategorySchema,
  label: LabelSchema,
  plannedCents: CentsSchema,
  actualCents: CentsSchema,
});
export type ActualExpenseLine = z.infer<typeof ActualExpenseLineSchema>;

/** One funding line of the Verwendungsnachweis, planned and actual. */
export const ActualFundingLineSchema = z.object({ source: FundingSourceSchema, plannedCents: CentsSchema, actualCents: CentsSchema });
export type ActualFundingLine = z.infer<typeof ActualFundingLineSchema>;

/**
 * What the förderfähige Zuwendung of one project is computed from: the Bescheid's Finanzierungsart
 * and approved amount (bewilligte Zuwendung, the upper limit) and the Finanzierungsplan lines with
 * their actuals. For Anteilfinanzierung the Anteil is NOT an input: it is the exact ratio
 * approvedCents / Σ plannedCents of the expense lines (see eligibility.ts).
 */
export const EligibilityInputSchema = z
  .object({
    financingType: FinancingTypeSchema,
    approvedCents: CentsSchema,
    expenses: z.array(ActualExpenseLineSchema).min(1, 'Mindestens eine Ausgabenzeile erwartet').max(500, 'Höchstens 500 Ausgabenzeilen'),
    funding: z.array(ActualFundingLineSchema).max(100, 'Höchstens 100 Finanzierungszeilen'),
  })
  .superRefine((input, ctx) => {
    const planned = input.expenses.reduce((sum, line) => sum + line.plannedCents, 0);
    if (input.financingType === 'anteil' && planned === 0) {
      ctx.addIssue({ code: 'custom', path: ['expenses'], message: 'Bei Anteilfinanzierung muss der Finanzierungsplan Ausgaben enthalten (der Anteil ist Zuwendung ÷ geplante Ausgaben).' });
    }
    if (input.financingType === 'anteil' && input.approvedCents > planned) {
      ctx.addIssue({ code: 'custom', path: ['approvedCents'], message: 'Bei Anteilfinanzierung kann die Zuwendung die geplanten Ausgaben nicht übersteigen (Anteil über 100 %).' });
    }
  });
export type EligibilityInput = z.infer<typeof EligibilityInputSchema>;

// ---------------------------------------------------------------------------------------------
// Basiszinssatz (§ 247 BGB)

/**
 * The Basiszinssatz changes on 1 January and 1 July (§ 247 Abs. 1 BGB); an entry is the rate for
 * its half-year. `ratePercent` is an exact decimal string with at most two decimals ("3.62",
 * "-0.88"); a comma is accepted as decimal separator on input ("3,62").
 */
export const RATE_PERCENT_PATTERN = /^[+-]?\d{1,2}([.,]\d{1,2})?$/;

/** Lowest Basiszinssatz accepted: −5 %, so that 5 points above it is never negative. */
export const MIN_BASE_RATE_BASIS_POINTS = -500;
export const MAX_BASE_RATE_BASIS_POINTS = 2000;

/** "3,62" | "3.62" | "-0.88" | "4" → basis points (362, −88, 400); null when not such a decimal. */
export function parseRatePercent(text: string): number | null {
  const value = text.trim();
  if (!RATE_PERCENT_PATTERN.test(value)) return null;
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = value.replace(/^[+-]/, '').split(/[.,]/);
  // Digits are combined as text: 3.62 never passes through a binary fraction.
  const basisPoints = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return negative ? -basisPoints : basisPoints;
}

/** 862 → "8.62", −88 → "-0.88": the exact decimal string of a rate in basis points. */
export function formatRatePercent(basisPoints: number): string {
  const sign = basisPoints < 0 ? '-' : '';
  const abs = Math.abs(basisPoints);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const HalfYearStartSchema = IsoDateSchema.refine(
  (iso) => iso.endsWith('-01-01') || iso.endsWith('-07-01'),
  'Der Basiszinssatz ändert sich nur zum 1. Januar und 1. Juli (§ 247 Abs. 1 BGB)',
);

export const RatePercentSchema = z
  .string({ error: 'Zinssatz in Prozent als Text erwartet (z. B. "3,62")' })
  .refine((text) => parseRatePercent(text) !== null, 'Zinssatz in Prozent mit höchstens zwei Nachkommastellen erwartet (z. B. 3,62 oder -0,88)')
  .refine((text) => {
    const bp = parseRatePercent(text);
    return bp === null || (bp >= MIN_BASE_RATE_BASIS_POINTS && bp <= MAX_BASE_RATE_BASIS_POINTS);
  }, 'Der Basiszinssatz muss zwischen -5,00 % und 20,00 % liegen');

/** One entry of the Basiszinssatz history, as passed to the interest calculation. */
export const BaseRateEntrySchema = z.object({ validFrom: HalfYearStartSchema, ratePercent: RatePercentSchema });
export type BaseRateEntry = z.infer<typeof BaseRateEntrySchema>;

/** The admin form / API input to add or change a Basiszinssatz (optimistic lock on change). */
export const SetBaseInterestRateSchema = z.object({
  validFrom: HalfYearStartSchema,
  ratePercent: RatePercentSchema,
  /** The version the form was based on; null when adding a rate for a new half-year. */
  expectedVersion: z.number().int().min(1).nullable(),
});
export type SetBaseInterestRate = z.infer<typeof SetBaseInterestRateSchema>;

// ---------------------------------------------------------------------------------------------
// Interest, Zwischenzinsen, Rückforderung

export const InterestInputSchema = z.object({
  principalCents: CentsSchema,
  /** The day the interest period starts from; not itself counted (§ 187 Abs. 1 BGB). */
  from: IsoDateSchema,
  /** The last day counted (§ 188 Abs. 1 BGB). */
  to: IsoDateSchema,
});
export type InterestInput = z.infer<typeof InterestInputSchema>;

export const PayoutSchema = z.object({ date: IsoDateSchema, amountCents: CentsSchema });
export type Payout = z.infer<typeof PayoutSchema>;
export const UseSchema = z.object({ date: IsoDateSchema, amountCents: CentsSchema });
export type Use = z.infer<typeof UseSchema>;

export const InterimInterestInputSchema = z.object({
  payouts: z.array(PayoutSchema).max(1000),
  uses: z.array(UseSchema).max(10_000),
  /**
   * Optional date of the calculation: for money paid out and not (yet) used when its two months
   * ended before this date, interest is shown up to this date as "offen".
   */
  asOf: IsoDateSchema.optional(),
});
export type InterimInterestInput = z.infer<typeof InterimInterestInputSchema>;

export const RefundInputSchema = z.object({
  paidOutCents: CentsSchema,
  eligibleCents: CentsSchema,
  /** Eintritt der Unwirksamkeit des Bescheids (§ 49a Abs. 3 HVwVfG); not itself counted. */
  interestFrom: IsoDateSchema,
  /** Last day of interest (day of repayment or of the calculation). */
  interestTo: IsoDateSchema,
});
export type RefundInput = z.infer<typeof RefundInputSchema>;

// ---------------------------------------------------------------------------------------------
// Balances (bewilligt / abgerufen / ausgezahlt / verwendet / verfügbar)

const ProjectKeySchema = z.string().trim().min(1, 'Projektschlüssel fehlt').max(40, 'Höchstens 40 Zeichen');

/** A Zuwendungsbescheid or Änderungsbescheid: the approved amount of a project from `decidedOn` on. */
export const ApprovalRecordSchema = z.object({ ags: AgsSchema, project: ProjectKeySchema, decidedOn: IsoDateSchema, amountCents: CentsSchema });
/** A Mittelabruf as submitted (withdrawn or rejected requests are left out by the caller). */
export const RequestRecordSchema = z.object({ ags: AgsSchema, project: ProjectKeySchema, requestedOn: IsoDateSchema, amountCents: CentsSchema });
export const PayoutRecordSchema = z.object({ ags: AgsSchema, project: ProjectKeySchema, paidOn: IsoDateSchema, amountCents: CentsSchema });
export const UseRecordSchema = z.object({ ags: AgsSchema, project: ProjectKeySchema, usedOn: IsoDateSchema, amountCents: CentsSchema });
export type ApprovalRecord = z.infer<typeof ApprovalRecordSchema>;
export type RequestRecord = z.infer<typeof RequestRecordSchema>;
export type PayoutRecord = z.infer<typeof PayoutRecordSchema>;
export type UseRecord = z.infer<typeof UseRecordSchema>;

export const BalanceRecordsSchema = z.object({
  approvals: z.array(ApprovalRecordSchema),
  requests: z.array(RequestRecordSchema),
  payouts: z.array(PayoutRecordSchema),
  uses: z.array(UseRecordSchema),
});
export type BalanceRecords = z.infer<typeof BalanceRecordsSchema>;

// ---------------------------------------------------------------------------------------------
// Bescheide (Zuwendungsbescheid, Änderungsbescheid)

export const BESCHEID_KINDS = ['zuwendung', 'aenderung'] as const;
export type BescheidKind = (typeof BESCHEID_KINDS)[number];
export const BESCHEID_KIND_LABELS: Record<BescheidKind, string> = { zuwendung: 'Zuwendungsbescheid', aenderung: 'Änderungsbescheid' };

/** `entwurf` (RP edits it) → `erlassen` (issued, frozen). */
export const BESCHEID_STATUSES = ['entwurf', 'erlassen'] as const;
export type BescheidStatus = (typeof BESCHEID_STATUSES)[number];
export const BESCHEID_STATUS_LABELS: Record<BescheidStatus, string> = { entwurf: 'Entwurf', erlassen: 'Erlassen' };

/** The Finanzierungsplan a Bescheid approves for one project, frozen with the Bescheid. */
export interface ApprovedPlan {
  expenses: { category: ExpenseCategory; label: string; amountCents: number }[];
  funding: { source: FundingSource; amountCents: number }[];
}

// ---------------------------------------------------------------------------------------------
// Prüfung (checklist of RP Kassel) and Nachforderung

/** The items of the Prüfung, in the order of the page (issue 13, "RP Kassel: from Eingang to Bescheid"). */
export const CHECKLIST_ITEMS = ['vollstaendigkeit', 'foerderfaehigkeit', 'besserstellungsverbot', 'strategie', 'zielvereinbarung'] as const;
export type ChecklistItemKey = (typeof CHECKLIST_ITEMS)[number];
export const CHECKLIST_ITEM_LABELS: Record<ChecklistItemKey, string> = {
  vollstaendigkeit: 'Formale Vollständigkeit des Antrags',
  foerderfaehigkeit: 'Förderfähigkeit der Ausgaben',
  besserstellungsverbot: 'Besserstellungsverbot beachtet (Vermerk)',
  strategie: 'Regionale Arbeitsmarkt- und Ausbildungsstrategie liegt vor',
  zielvereinbarung: 'Stand der Zielvereinbarung geprüft',
};

export const ChecklistItemSchema = z.object({
  key: z.enum(CHECKLIST_ITEMS),
  checked: z.boolean(),
  note: text(2000, { min: 0, multiline: true }),
});
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;
/** The whole checklist: every item exactly once, in order. */
export const ChecklistSchema = z
  .array(ChecklistItemSchema)
  .length(CHECKLIST_ITEMS.length, `Die Checkliste hat ${CHECKLIST_ITEMS.length} Punkte.`)
  .refine((items) => items.every((item, i) => item.key === CHECKLIST_ITEMS[i]), 'Die Punkte der Checkliste stehen nicht in der vorgesehenen Reihenfolge.');

/** RP asks for missing documents: what is missing, and by when. */
export const NachforderungInputSchema = z.object({
  items: text(4000, { multiline: true, required: 'Bitte beschreiben Sie, welche Unterlagen oder Angaben fehlen.' }),
  deadline: IsoDateSchema,
});
export type NachforderungInput = z.infer<typeof NachforderungInputSchema>;

/** The district's answer to a Nachforderung. */
export const NachforderungAnswerSchema = z.object({
  answer: text(4000, { multiline: true, required: 'Bitte schreiben Sie Ihre Antwort.' }),
});

// ---------------------------------------------------------------------------------------------
// Bescheid drafts (RP edits them before issuing)


export const BescheidLineInputSchema = z.object({
  projectId: z.number().int().positive(),
  approvedCents: CentsSchema,
  financingType: FinancingTypeSchema,
  rejectionReason: text(2000, { min: 0, multiline: true }),
  /** Änderungsbescheid only: the amount asked for in the district's Änderungsantrag. */
  requestedCents: CentsSchema.optional(),
});
export type BescheidLineInput = z.infer<typeof BescheidLineInputSchema>;

export const BescheidDraftInputSchema = z.object({
  periodFrom: IsoDateSchema,
  periodTo: IsoDateSchema,
  proofDueOn: IsoDateSchema,
  purpose: text(2000, { multiline: true, required: 'Bitte geben Sie den Zweck der Zuwendung an.' }),
  conditions: text(8000, { multiline: true, required: 'Bitte geben Sie die Nebenbestimmungen an.' }),
  legalRemedy: text(4000, { multiline: true, required: 'Bitte geben Sie die Rechtsbehelfsbelehrung an.' }),
  reason: text(2000, { min: 0, multiline: true }),
  lines: z.array(BescheidLineInputSchema).min(1, 'Der Bescheid braucht mindestens ein Projekt.'),
});
export type BescheidDraftInput = z.infer<typeof BescheidDraftInputSchema>;
