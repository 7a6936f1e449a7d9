import { z } from 'zod';
import { text } from '../../platform/input';
import { PLANNED_OUTCOMES, type PlannedOutcome } from '../catalogs/schema';
import { IsoDateSchema, MAX_AMOUNT_CENTS, MeasureTypeCodeSchema } from '../documents/schema';

export { PLANNED_OUTCOME_LABELS, PLANNED_OUTCOMES, type PlannedOutcome } from '../catalogs/schema';

/** `aktiv`: listed in § 5 and part of the Antrag. `entfallen`: was listed once, no longer (kept, never deleted). */
export const PROJECT_STATUSES = ['aktiv', 'entfallen'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** Expense categories of a Finanzierungsplan (interchange codes of `aqb.antrag/1`). */
export const EXPENSE_CATEGORIES = ['personal', 'honorare', 'sach', 'teilnehmende', 'verwaltung', 'sonstige'] as const;
export type ExpenseCategory = (typeof EXPENSE_CATEGORIES)[number];
export const EXPENSE_CATEGORY_LABELS: Record<ExpenseCategory, string> = {
  personal: 'Personalausgaben',
  honorare: 'Honorare',
  sach: 'Sachausgaben',
  teilnehmende: 'Teilnehmendenbezogene Ausgaben',
  verwaltung: 'Verwaltungsausgaben',
  sonstige: 'Sonstige Ausgaben',
};

/** Funding sources of a Finanzierungsplan (interchange codes of `aqb.antrag/1`). */
export const FUNDING_SOURCES = ['aqb', 'eigenmittel', 'jobcenter', 'agentur', 'esf', 'dritte'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export const FUNDING_SOURCE_LABELS: Record<FundingSource, string> = {
  aqb: 'AQB-Zuwendung',
  eigenmittel: 'Eigenmittel der Gebietskörperschaft',
  jobcenter: 'Jobcenter (SGB II)',
  agentur: 'Agentur für Arbeit',
  esf: 'ESF+',
  dritte: 'Sonstige Dritte',
};

/** Target groups and Rechtskreise a project serves (Präambel, § 1 and § 3 of the agreements). */
export const TARGET_GROUPS = ['SGB II', 'SGB III', 'SGB VIII', 'SGB XII', 'AsylbLG', 'Stille Reserve', 'Teilzeitausbildung', 'Menschen mit Behinderungen'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];
export const TARGET_GROUP_LABELS: Record<TargetGroup, string> = {
  'SGB II': 'SGB II (Bürgergeld)',
  'SGB III': 'SGB III (Arbeitsförderung)',
  'SGB VIII': 'SGB VIII (Kinder- und Jugendhilfe)',
  'SGB XII': 'SGB XII (Sozialhilfe)',
  AsylbLG: 'AsylbLG',
  'Stille Reserve': 'Stille Reserve',
  Teilzeitausbildung: 'Menschen mit familiensorgenden Tätigkeiten (Teilzeitausbildung)',
  'Menschen mit Behinderungen': 'Menschen mit Behinderungen',
};

const cents = z.number({ error: 'Betrag in Cent erwartet' }).int('Betrag in ganzen Cent erwartet').min(0, 'Betrag darf nicht negativ sein').max(MAX_AMOUNT_CENTS, 'Betrag ist unrealistisch hoch');

/** The district's own short name of a project (unique per district and year), e.g. "P1" or "Zukunft". */
export const ProjectKeySchema = z
  .string()
  .trim()
  .min(1, 'Bitte geben Sie ein Kürzel an.')
  .max(40, 'Höchstens 40 Zeichen')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u, 'Nur Buchstaben, Ziffern, Punkt, Bindestrich und Unterstrich, ohne Leerzeichen');

export const ExpenseLineSchema = z.object({
  category: z.enum(EXPENSE_CATEGORIES, { error: `Unbekannte Ausgabenart; erlaubt: ${EXPENSE_CATEGORIES.join(', ')}` }),
  label: text(300),
  amountCents: cents,
});
export type ExpenseLine = z.infer<typeof ExpenseLineSchema>;

export const FundingLineSchema = z.object({
  source: z.enum(FUNDING_SOURCES, { error: `Unbekannte Finanzierungsquelle; erlaubt: ${FUNDING_SOURCES.join(', ')}` }),
  amountCents: cents,
});
export type FundingLine = z.infer<typeof FundingLineSchema>;

/** Largest planned number of one outcome of one project. */
export const MAX_PLANNED_OUTCOME = 100_000;
const plannedCount = z
  .number({ error: 'Ganze Zahl erwartet' })
  .int('Ganze Zahl erwartet')
  .min(0, 'Darf nicht negativ sein')
  .max(MAX_PLANNED_OUTCOME, 'Unrealistisch hoch');

/**
 * Planned outcomes of a project (Eckdaten, § 4/§ 6): how many participants are to reach each
 * outcome, in the participant records' Verbleib codes so plan and actuals compare one to one.
 * Every entry is optional: a missing one is "not planned", not zero.
 */
export const PlannedOutcomesSchema = z
  .object(Object.fromEntries(PLANNED_OUTCOMES.map((code) => [code, plannedCount.optional()])) as Record<PlannedOutcome, z.ZodOptional<typeof plannedCount>>)
  .strict();
export type PlannedOutcomes = Partial<Record<PlannedOutcome, number>>;

export const ProviderInputSchema = z.object({
  name: text(200),
  address: text(300, { min: 0 }).default(''),
});
export type ProviderInput = z.infer<typeof ProviderInputSchema>;

/**
 * A project as the district describes it: the shape of one entry of `aqb.antrag/1` and of the
 * project form. Everything but key, title and Maßnahmenart may still be missing in a draft; the
 * Antrag's checks say what is missing before it is submitted.
 */
export const ProjectInputSchema = z.object({
  key: ProjectKeySchema,
  title: text(500),
  measureType: MeasureTypeCodeSchema,
  /** Name of the year's Teilbudget the project is counted against, or null. */
  teilbudget: text(200, { min: 0 }).nullable().default(null),
  provider: ProviderInputSchema.nullable().default(null),
  start: IsoDateSchema.nullable().default(null),
  end: IsoDateSchema.nullable().default(null),
  earlyStart: z.boolean().default(false),
  plannedPlaces: z.number().int('Ganze Zahl erwartet').min(0, 'Darf nicht negativ sein').max(100_000, 'Unrealistisch hoch').nullable().default(null),
  plannedOutcomes: PlannedOutcomesSchema.default({}),
  targetGroups: z.array(z.enum(TARGET_GROUPS, { error: `Zielgruppe erwartet: ${TARGET_GROUPS.join(', ')}` })).max(TARGET_GROUPS.length).default([]),
  expenses: z.array(ExpenseLineSchema).max(100, 'Höchstens 100 Ausgabenpositionen').default([]),
  funding: z.array(FundingLineSchema).max(50, 'Höchstens 50 Finanzierungspositionen').default([]),
});
export type ProjectInput = z.infer<typeof ProjectInputSchema>;
export type ProjectInputDraft = z.input<typeof ProjectInputSchema>;

/** A Träger of the district's list. */
export interface Provider {
  id: number;
  ags: string;
  name: string;
  address: string;
  version: number;
  isDemo: boolean;
  updatedAt: Date;
}

/** A stored project with its Finanzierungsplan. */
export interface Project {
  id: number;
  year: number;
  ags: string;
  key: string;
  title: string;
  measureType: 1 | 2 | 3 | 4;
  position: number;
  status: ProjectStatus;
  subBudgetId: number | null;
  provider: { id: number; name: string; address: string } | null;
  start: string | null;
  end: string | null;
  earlyStart: boolean;
  plannedPlaces: number | null;
  plannedOutcomes: PlannedOutcomes;
  targetGroups: TargetGroup[];
  expenses: ExpenseLine[];
  funding: FundingLine[];
  version: number;
  isDemo: boolean;
  updatedAt: Date;
}

/** Sums of a Finanzierungsplan. */
export function planTotals(plan: { expenses: readonly { amountCents: number }[]; funding: readonly { source: FundingSource; amountCents: number }[] }): {
  expensesCents: number;
  fundingCents: number;
  aqbCents: number;
} {
  const sum = (lines: readonly { amountCents: number }[]) => lines.reduce((total, line) => total + line.amountCents, 0);
  return {
    expensesCents: sum(plan.expenses),
    fundingCents: sum(plan.funding),
    aqbCents: sum(plan.funding.filter((line) => line.source === 'aqb')),
  };
}

const count = z.number().int().min(0);
const EckdatenFiguresJsonSchema = z.object({
  projects: count,
  aqbCents: count.describe('Geplante AQB-Mittel in Cent (AQB-Zuwendung der Finanzierungspläne)'),
  plannedPlaces: count,
  projectsWithoutPlaces: count,
  plannedOutcomes: z.object(Object.fromEntries(PLANNED_OUTCOMES.map((code) => [code, count])) as Record<PlannedOutcome, typeof count>),
  plannedOutcomesTotal: count,
});

/** The answer of `GET /api/v1/projekte/{year}/{ags}/eckdaten` (the shape of `findEckdaten`). */
export const EckdatenJsonSchema = z.object({
  year: z.number().int(),
  ags: z.string(),
  projects: z.array(
    z.object({
      id: z.number().int(),
      key: z.string(),
      title: z.string(),
      measureType: MeasureTypeCodeSchema,
      aqbCents: count,
      plannedPlaces: count.nullable(),
      plannedOutcomes: PlannedOutcomesSchema,
    }),
  ),
  byMeasureType: z.array(EckdatenFiguresJsonSchema.extend({ measureType: MeasureTypeCodeSchema })).length(4),
  total: EckdatenFiguresJsonSchema,
});
