import { z } from 'zod';

/**
 * Zielerreichung (§ 6): the ministry's rules per year, the figures per district and Maßnahmenart
 * and the judgement. Pure types and zod schemas; no database here.
 */
export const JUDGEMENTS = ['erreicht', 'teilweise_erreicht', 'nicht_erreicht'] as const;
export type Judgement = (typeof JUDGEMENTS)[number];
export const JUDGEMENT_LABELS: Record<Judgement, string> = {
  erreicht: 'erreicht',
  teilweise_erreicht: 'teilweise erreicht',
  nicht_erreicht: 'nicht erreicht',
};

/** The three figures: AQB money verwendet against planned, places filled against planned, outcomes achieved against planned. */
export const FIGURES = ['money', 'places', 'outcomes'] as const;
export type Figure = (typeof FIGURES)[number];
export const FIGURE_LABELS: Record<Figure, string> = { money: 'AQB-Mittel (verwendet)', places: 'Plätze (besetzt)', outcomes: 'Ergebnisse (erreicht)' };
/** Form field prefixes (German) per figure. */
export const FIGURE_FIELDS: Record<Figure, string> = { money: 'mittel', places: 'plaetze', outcomes: 'ergebnisse' };

/**
 * How the figures combine into one judgement:
 * - `schlechteste`: the worst figure decides (every figure must reach `erreicht` for `erreicht`);
 * - `gewichtet`: each figure scores 2 (erreicht), 1 (teilweise) or 0 (nicht) and the weighted mean
 *   decides: at least 1.5 → erreicht, at least 0.5 → teilweise erreicht, below → nicht erreicht.
 * A figure without a plan is skipped in both (its weight does not count).
 */
export const COMBINATIONS = ['schlechteste', 'gewichtet'] as const;
export type Combination = (typeof COMBINATIONS)[number];
export const COMBINATION_LABELS: Record<Combination, string> = {
  schlechteste: 'Die schlechteste Kennzahl entscheidet',
  gewichtet: 'Gewichteter Mittelwert (erreicht = 2, teilweise = 1, nicht = 0; ab 1,5 erreicht, ab 0,5 teilweise)',
};

const percent = z.number({ error: 'Bitte eine ganze Zahl von 0 bis 200 angeben.' }).int('Bitte eine ganze Zahl von 0 bis 200 angeben.').min(0, 'Mindestens 0 %.').max(200, 'Höchstens 200 %.');
const weight = z.number({ error: 'Bitte ein Gewicht von 0 bis 10 angeben.' }).int('Bitte ein ganzzahliges Gewicht von 0 bis 10 angeben.').min(0, 'Mindestens 0.').max(10, 'Höchstens 10.');

export const FigureRuleSchema = z
  .object({
    /** From this share of the (adjusted) plan on, the figure counts as `erreicht`. */
    achievedPercent: percent,
    /** From this share on, `teilweise erreicht`; below it `nicht erreicht`. */
    partlyPercent: percent,
    /** Weight in the `gewichtet` combination. */
    weight,
  })
  .strict()
  .refine((r) => r.partlyPercent <= r.achievedPercent, { message: 'Die Schwelle für „teilweise erreicht“ darf nicht über der für „erreicht“ liegen.', path: ['partlyPercent'] });
export type FigureRule = z.infer<typeof FigureRuleSchema>;

export const AchievementRulesSchema = z
  .object({
    money: FigureRuleSchema,
    places: FigureRuleSchema,
    outcomes: FigureRuleSchema,
    combination: z.enum(COMBINATIONS, { error: 'Bitte wählen Sie, wie die Kennzahlen zusammengeführt werden.' }),
  })
  .strict()
  .refine((r) => r.combination !== 'gewichtet' || r.money.weight + r.places.weight + r.outcomes.weight > 0, { message: 'Mindestens eine Kennzahl braucht ein Gewicht über 0.', path: ['money', 'weight'] });
export type AchievementRules = z.infer<typeof AchievementRulesSchema>;

/** The rules when the ministry has set none for a year (documented in README.md). */
export const DEFAULT_RULES: AchievementRules = {
  money: { achievedPercent: 90, partlyPercent: 70, weight: 1 },
  places: { achievedPercent: 85, partlyPercent: 60, weight: 1 },
  outcomes: { achievedPercent: 80, partlyPercent: 50, weight: 1 },
  combination: 'schlechteste',
};

/** Saving the rules: the edited version (0 when none are stored yet) and the rules. */
export const SaveRulesSchema = z.object({ version: z.number().int().min(0), rules: AchievementRulesSchema }).strict();

/** The ministry's final judgement of a district's year; `version` 0 for the first, else the stored version (a correction). */
export const JudgeSchema = z
  .object({
    version: z.number().int().min(0),
    judgement: z.enum(JUDGEMENTS, { error: 'Bitte wählen Sie „erreicht“, „teilweise erreicht“ oder „nicht erreicht“.' }),
    reason: z.string().trim().max(5000, 'Höchstens 5000 Zeichen.').default(''),
  })
  .strict();
export type JudgeInput = z.infer<typeof JudgeSchema>;

/** One figure of one row: planned, recognised (taken out of the plan) and achieved; planned null = no plan, skipped. */
export interface FigureValues {
  planned: number | null;
  recognised: number;
  achieved: number;
}

export interface FigureAssessment extends FigureValues {
  figure: Figure;
  /** planned − recognised, never below 0; null when there is no plan. */
  adjustedPlanned: number | null;
  /** achieved / adjusted plan in whole percent (rounded down), null when skipped. */
  percent: number | null;
  level: Judgement | null;
}

export interface Proposal {
  judgement: Judgement | null;
  figures: FigureAssessment[];
}

/** A recognised deviation as shown beside the figures (read from steering, referenced by id). */
export interface RecognisedItem {
  id: number;
  measureType: 1 | 2 | 3 | 4 | null;
  subject: string;
  amountCents: number | null;
  count: number | null;
  reason: string;
  href: string;
}

/** One row of `findAchievements`: a district's Maßnahmenart, or (measureType null) the district total. */
export interface AchievementRow {
  ags: string;
  districtName: string;
  measureType: 1 | 2 | 3 | 4 | null;
  money: FigureAssessment;
  places: FigureAssessment;
  outcomes: FigureAssessment;
  proposed: Judgement | null;
  /** The ministry's final judgement (district total only; null on the Maßnahmenart rows or before it). */
  final: Judgement | null;
  reason: string | null;
}

export const FigureJsonSchema = z.object({
  planned: z.number().int().nullable(),
  recognised: z.number().int(),
  achieved: z.number().int(),
  adjustedPlanned: z.number().int().nullable(),
  percent: z.number().int().nullable(),
  level: z.enum(JUDGEMENTS).nullable(),
});
export const AchievementRowJsonSchema = z.object({
  ags: z.string(),
  districtName: z.string(),
  measureType: z.number().int().nullable(),
  money: FigureJsonSchema,
  places: FigureJsonSchema,
  outcomes: FigureJsonSchema,
  proposed: z.enum(JUDGEMENTS).nullable(),
  final: z.enum(JUDGEMENTS).nullable(),
  reason: z.string().nullable(),
});

export function rowToJson(row: AchievementRow): z.infer<typeof AchievementRowJsonSchema> {
  const figure = (f: FigureAssessment) => ({ planned: f.planned, recognised: f.recognised, achieved: f.achieved, adjustedPlanned: f.adjustedPlanned, percent: f.percent, level: f.level });
  return { ags: row.ags, districtName: row.districtName, measureType: row.measureType, money: figure(row.money), places: figure(row.places), outcomes: figure(row.outcomes), proposed: row.proposed, final: row.final, reason: row.reason };
}
