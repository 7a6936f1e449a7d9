/**
 * Schemas and types of the money path after the Bescheid (issue 13): Mittelabruf, Auszahlung,
 * Verwendung, the Zwischenzinsen decision, the Verwendungsnachweis and the Prüfvermerk with the
 * Rückforderung. Money is integer cents, dates ISO. Inputs are the service's inputs (forms and the
 * JSON API parse into them); the JSON columns are checked with the same schemas.
 */
import { z } from 'zod';
import { IsoDateSchema, text } from '../../platform/input';
import { CentsSchema, ExpenseCategorySchema, type FinancingType, FundingSourceSchema } from '../funding/schema';

const PositiveCentsSchema = CentsSchema.refine((cents) => cents > 0, 'Der Betrag muss größer als 0 sein.');
const ProjectKeySchema = z.string({ error: 'Bitte wählen Sie ein Projekt.' }).trim().min(1, 'Bitte wählen Sie ein Projekt.').max(40, 'Höchstens 40 Zeichen');
const VersionSchema = z.number({ error: 'Der Stand der Seite fehlt.' }).int().min(0).max(999_999_999);

/** One payment the requested money is needed for (the planned use of a Mittelabruf). */
export const PlannedUseSchema = z.object({
  dueOn: IsoDateSchema,
  amountCents: PositiveCentsSchema,
  purpose: text(300, { required: 'Bitte nennen Sie, wofür die Zahlung fällig wird.' }),
});
export type PlannedUse = z.infer<typeof PlannedUseSchema>;

export const RequestInputSchema = z.object({
  projectKey: ProjectKeySchema,
  requestedOn: IsoDateSchema,
  amountCents: PositiveCentsSchema,
  plannedUse: z.array(PlannedUseSchema).min(1, 'Bitte nennen Sie mindestens eine fällige Zahlung (geplante Verwendung).').max(12, 'Höchstens 12 Zahlungen'),
});
export type RequestInput = z.infer<typeof RequestInputSchema>;

export const PayoutInputSchema = z.object({ requestId: z.number().int().min(1).max(2_147_483_647), paidOn: IsoDateSchema, amountCents: PositiveCentsSchema });
export type PayoutInput = z.infer<typeof PayoutInputSchema>;

export const UseInputSchema = z.object({ projectKey: ProjectKeySchema, usedOn: IsoDateSchema, amountCents: PositiveCentsSchema, description: text(300, { min: 0 }) });
export type UseInput = z.infer<typeof UseInputSchema>;

export const INTEREST_DECISIONS = ['geltend', 'verzicht'] as const;
export type InterestDecision = (typeof INTEREST_DECISIONS)[number];
export const INTEREST_DECISION_LABELS: Record<InterestDecision, string> = { geltend: 'Zwischenzinsen werden geltend gemacht', verzicht: 'Auf Zwischenzinsen wird verzichtet' };

export const InterestDecisionInputSchema = z.object({
  projectKey: ProjectKeySchema,
  decision: z.enum(INTEREST_DECISIONS, { error: 'Bitte wählen Sie: geltend machen oder verzichten.' }),
  asOf: IsoDateSchema,
  reason: text(2000, { min: 0, multiline: true }),
  /** The decision's version the page showed; 0 when there was none. */
  expectedVersion: VersionSchema,
});
export type InterestDecisionInput = z.infer<typeof InterestDecisionInputSchema>;

/** One late part as decided (frozen with the decision). */
export interface InterestDecisionLine {
  paidOn: string;
  usedOn: string | null;
  interestTo: string;
  amountCents: number;
  days: number;
  interestCents: number;
}

// ── Verwendungsnachweis ───────────────────────────────────────────────────────────────────────
export const PROOF_STATUSES = ['entwurf', 'eingereicht', 'geprueft'] as const;
export type ProofStatus = (typeof PROOF_STATUSES)[number];
export const PROOF_STATUS_LABELS: Record<ProofStatus, string> = { entwurf: 'Entwurf', eingereicht: 'Eingereicht', geprueft: 'Geprüft (Prüfvermerk erlassen)' };

/** One project of the Verwendungsnachweis: Sachbericht and the actuals per approved plan line. */
export const ProofProjectSchema = z.object({
  projectId: z.number().int().min(1),
  projectKey: ProjectKeySchema,
  report: text(5000, { min: 0, multiline: true }),
  placesFilled: z.number().int().min(0).max(100_000).nullable(),
  results: text(5000, { min: 0, multiline: true }),
  expenses: z.array(z.object({ category: ExpenseCategorySchema, label: z.string().max(300), plannedCents: CentsSchema, actualCents: CentsSchema })).max(500),
  funding: z.array(z.object({ source: FundingSourceSchema, plannedCents: CentsSchema, actualCents: CentsSchema })).max(100),
});
export type ProofProject = z.infer<typeof ProofProjectSchema>;

/** The district's draft: per project key the texts and the actual amounts in the order of the approved plan's lines. */
export const ProofDraftInputSchema = z.object({
  expectedVersion: VersionSchema,
  projects: z
    .array(
      z.object({
        projectKey: ProjectKeySchema,
        report: text(5000, { min: 0, multiline: true }),
        placesFilled: z.number().int('Ganze Zahl erwartet').min(0, 'Darf nicht negativ sein').max(100_000, 'Unrealistisch hoch').nullable(),
        results: text(5000, { min: 0, multiline: true }),
        expenses: z.array(CentsSchema).max(500),
        funding: z.array(CentsSchema).max(100),
      }),
    )
    .max(200),
});
export type ProofDraftInput = z.infer<typeof ProofDraftInputSchema>;

export const AuditInputSchema = z.object({
  expectedVersion: VersionSchema,
  note: text(10_000, { min: 0, multiline: true }),
  /** Last day of interest on the Rückforderung. */
  interestTo: IsoDateSchema,
});
export type AuditInput = z.infer<typeof AuditInputSchema>;

/** One part of a refund matched to a payout (latest payout first) and its interest periods. */
export interface RefundPortion {
  paidOn: string;
  amountCents: number;
  interestCents: number;
  periods: { from: string; to: string; days: number; ratePercent: string; interestCents: number }[];
}

export interface RefundProject {
  projectKey: string;
  projectTitle: string;
  financingType: FinancingType;
  approvedCents: number;
  paidCents: number;
  eligibleCents: number;
  plannedExpensesCents: number;
  actualExpensesCents: number;
  eligibleExpensesCents: number;
  lines: { label: string; plannedCents: number; actualCents: number; limitCents: number; eligibleCents: number; over20PercentCents: number; notOffsetCents: number }[];
  problems: { code: string; message: string }[];
  refundCents: number;
  interestCents: number;
  portions: RefundPortion[];
}

/** The Prüfvermerk and Rückforderung of a Verwendungsnachweis: computed live, frozen when issued. */
export interface RefundContent {
  year: number;
  ags: string;
  districtName: string;
  aktenzeichen: string | null;
  note: string;
  interestTo: string;
  issuedOn: string | null;
  projects: RefundProject[];
  totals: { approvedCents: number; paidCents: number; eligibleCents: number; refundCents: number; interestCents: number; totalCents: number };
}
