import { z } from 'zod';

/**
 * The deviation register (Abweichungen, § 6 of the agreement): what differs from the § 4 amount and
 * the Eckdaten during the year. Life cycle `offen → begruendet → bewertet` (deviation-status.ts).
 */
export const DEVIATION_STATUSES = ['offen', 'begruendet', 'bewertet'] as const;
export type DeviationStatus = (typeof DEVIATION_STATUSES)[number];
export const DEVIATION_STATUS_LABELS: Record<DeviationStatus, string> = {
  offen: 'offen',
  begruendet: 'begründet',
  bewertet: 'bewertet',
};

/** `manuell`: entered by the district or the ministry; `automatisch`: detected from the figures against the year's thresholds. */
export const DEVIATION_ORIGINS = ['manuell', 'automatisch'] as const;
export type DeviationOrigin = (typeof DEVIATION_ORIGINS)[number];

/** The ministry's judgement: a recognised deviation is taken out of the target-achievement judgement (§ 6 "berücksichtigt"). */
export const DEVIATION_ASSESSMENTS = ['anerkannt', 'nicht_anerkannt'] as const;
export type DeviationAssessment = (typeof DEVIATION_ASSESSMENTS)[number];
export const DEVIATION_ASSESSMENT_LABELS: Record<DeviationAssessment, string> = {
  anerkannt: 'anerkannt',
  nicht_anerkannt: 'nicht anerkannt',
};

const text = (max: number) => z.string().trim().max(max, `Höchstens ${max} Zeichen.`);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Bitte ein Datum angeben, z. B. 1.9.2025.');

/** A deviation entered by hand (API body; the form is parsed into the same shape). */
export const RecordDeviationSchema = z
  .object({
    subject: text(500).min(1, 'Bitte beschreiben Sie die Abweichung.'),
    /** The project's key (the district's short name), or null for the whole Maßnahmenart / district. */
    projectKey: z.string().trim().max(40).nullable().default(null),
    measureType: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).nullable().default(null),
    /** The amount of money concerned, in cents (how much more or less than planned; the subject says which). */
    amountCents: z.number().int().min(0, 'Der Betrag darf nicht negativ sein.').max(1e13).nullable().default(null),
    /** A number concerned (places, participants, outcomes). */
    count: z.number().int().min(0, 'Die Anzahl darf nicht negativ sein.').max(1_000_000).nullable().default(null),
    since: isoDate,
  })
  .strict();
export type RecordDeviationInput = z.infer<typeof RecordDeviationSchema>;

export const JustifyDeviationSchema = z
  .object({
    version: z.number().int().min(1),
    justification: text(5000).min(1, 'Bitte begründen Sie die Abweichung.'),
  })
  .strict();

export const AssessDeviationSchema = z
  .object({
    version: z.number().int().min(1),
    assessment: z.enum(DEVIATION_ASSESSMENTS, { error: 'Bitte wählen Sie „anerkannt“ oder „nicht anerkannt“.' }),
    reason: text(5000).min(1, 'Bitte geben Sie den Grund der Bewertung an.'),
  })
  .strict();

export interface Deviation {
  id: number;
  year: number;
  ags: string;
  projectId: number | null;
  /** Key and title of the referenced project (read from the projects module, never copied). */
  project: { key: string; title: string } | null;
  measureType: 1 | 2 | 3 | 4 | null;
  origin: DeviationOrigin;
  subject: string;
  amountCents: number | null;
  count: number | null;
  since: string;
  status: DeviationStatus;
  justification: string;
  justifiedBy: number | null;
  justifiedByName: string | null;
  justifiedAt: Date | null;
  assessment: DeviationAssessment | null;
  assessmentReason: string;
  assessedBy: number | null;
  assessedByName: string | null;
  assessedAt: Date | null;
  createdBy: number | null;
  createdByName: string | null;
  createdAt: Date;
  version: number;
  isDemo: boolean;
}

/** A deviation as the JSON API returns it (dates as ISO strings). */
export const DeviationJsonSchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  ags: z.string(),
  project: z.object({ key: z.string(), title: z.string() }).nullable(),
  measureType: z.number().int().nullable(),
  origin: z.enum(DEVIATION_ORIGINS),
  subject: z.string(),
  amountCents: z.number().int().nullable(),
  count: z.number().int().nullable(),
  since: z.string(),
  status: z.enum(DEVIATION_STATUSES),
  justification: z.string(),
  justifiedByName: z.string().nullable(),
  justifiedAt: z.string().nullable(),
  assessment: z.enum(DEVIATION_ASSESSMENTS).nullable(),
  assessmentReason: z.string(),
  assessedByName: z.string().nullable(),
  assessedAt: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
  isDemo: z.boolean(),
});
export type DeviationJson = z.infer<typeof DeviationJsonSchema>;

export function deviationToJson(d: Deviation): DeviationJson {
  return {
    id: d.id,
    year: d.year,
    ags: d.ags,
    project: d.project,
    measureType: d.measureType,
    origin: d.origin,
    subject: d.subject,
    amountCents: d.amountCents,
    count: d.count,
    since: d.since,
    status: d.status,
    justification: d.justification,
    justifiedByName: d.justifiedByName,
    justifiedAt: d.justifiedAt?.toISOString() ?? null,
    assessment: d.assessment,
    assessmentReason: d.assessmentReason,
    assessedByName: d.assessedByName,
    assessedAt: d.assessedAt?.toISOString() ?? null,
    createdByName: d.createdByName,
    createdAt: d.createdAt.toISOString(),
    version: d.version,
    isDemo: d.isDemo,
  };
}
