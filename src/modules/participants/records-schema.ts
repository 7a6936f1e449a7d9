/**
 * The pseudonymous participant record (issue 14): one per participant and project, identified only
 * by the Kennung the Träger assigns. There is deliberately no field for a name, an address or a
 * birth date; an upload with such columns is refused (upload.ts).
 */
import { z } from 'zod';
import { OUTCOMES } from '../catalogs/schema';
import { IsoDateSchema } from '../documents/schema';

/** The Verbleib codes are shared with the projects' planned outcomes (catalogs/schema.ts). */
export { type Outcome, OUTCOME_LABELS, OUTCOMES } from '../catalogs/schema';

/** The upload's columns, in the order of the template. */
export const PARTICIPANT_COLUMNS = [
  'kennung',
  'eintritt',
  'austritt',
  'geschlecht',
  'geburtsjahr',
  'rechtskreis',
  'erwerbsstatus',
  'isced',
  'behinderung',
  'migration',
  'teilzeitausbildung',
  'verbleib',
] as const;
export type ParticipantColumn = (typeof PARTICIPANT_COLUMNS)[number];

/** `x` = keine Angabe. */
export const GENDERS = ['w', 'm', 'd', 'x'] as const;
export const LEGAL_SPHERES = ['SGB II', 'SGB III', 'SGB VIII', 'SGB XII', 'AsylbLG', 'keiner'] as const;
export const EMPLOYMENT_STATUSES = ['arbeitslos', 'langzeitarbeitslos', 'nicht_erwerbstaetig', 'erwerbstaetig', 'schule_ausbildung'] as const;
export const ISCED_BANDS = ['0-2', '3-4', '5-8', 'x'] as const;
/** Disability and migration background: `x` = keine Angabe. Special categories (Art. 9 GDPR). */
export const YES_NO_UNKNOWN = ['ja', 'nein', 'x'] as const;
export const YES_NO = ['ja', 'nein'] as const;

export type Gender = (typeof GENDERS)[number];
export type LegalSphere = (typeof LEGAL_SPHERES)[number];
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];
export type IscedBand = (typeof ISCED_BANDS)[number];
export type YesNoUnknown = (typeof YES_NO_UNKNOWN)[number];
export type YesNo = (typeof YES_NO)[number];

export const GENDER_LABELS: Record<Gender, string> = { w: 'weiblich', m: 'männlich', d: 'divers', x: 'keine Angabe' };
export const LEGAL_SPHERE_LABELS: Record<LegalSphere, string> = {
  'SGB II': 'SGB II',
  'SGB III': 'SGB III',
  'SGB VIII': 'SGB VIII',
  'SGB XII': 'SGB XII',
  AsylbLG: 'AsylbLG',
  keiner: 'kein Rechtskreis',
};
export const EMPLOYMENT_STATUS_LABELS: Record<EmploymentStatus, string> = {
  arbeitslos: 'arbeitslos',
  langzeitarbeitslos: 'langzeitarbeitslos',
  nicht_erwerbstaetig: 'nicht erwerbstätig',
  erwerbstaetig: 'erwerbstätig',
  schule_ausbildung: 'in Schule oder Ausbildung',
};
export const ISCED_LABELS: Record<IscedBand, string> = { '0-2': 'ISCED 0–2', '3-4': 'ISCED 3–4', '5-8': 'ISCED 5–8', x: 'keine Angabe' };
export const YES_NO_UNKNOWN_LABELS: Record<YesNoUnknown, string> = { ja: 'ja', nein: 'nein', x: 'keine Angabe' };
export const YES_NO_LABELS: Record<YesNo, string> = { ja: 'ja', nein: 'nein' };

/**
 * A Kennung: 1–40 letters, digits and `-_./`, no spaces (a space is the first sign of a name), no
 * `@` (no e-mail addresses).
 */
export const KENNUNG_PATTERN = /^[A-Za-z0-9ÄÖÜäöüß][A-Za-z0-9ÄÖÜäöüß._/-]{0,39}$/;

/** Age limits at entry (issue 14): 15 to 67 years. */
export const MIN_AGE_AT_ENTRY = 15;
export const MAX_AGE_AT_ENTRY = 67;

export const ParticipantRecordSchema = z
  .object({
    kennung: z.string().regex(KENNUNG_PATTERN, 'Kennung: 1–40 Buchstaben, Ziffern oder - _ . / ohne Leerzeichen'),
    entryDate: IsoDateSchema,
    /** Null while the person is in the project. */
    exitDate: IsoDateSchema.nullable(),
    gender: z.enum(GENDERS),
    birthYear: z.number().int().min(1900).max(2100),
    legalSphere: z.enum(LEGAL_SPHERES),
    employmentStatus: z.enum(EMPLOYMENT_STATUSES),
    isced: z.enum(ISCED_BANDS),
    disability: z.enum(YES_NO_UNKNOWN),
    migrationBackground: z.enum(YES_NO_UNKNOWN),
    partTimeTraining: z.enum(YES_NO),
    /** Null while the person is in the project. */
    outcome: z.enum(OUTCOMES).nullable(),
  })
  .strict();
export type ParticipantRecord = z.infer<typeof ParticipantRecordSchema>;

/** The project's Laufzeit, against which entry dates are checked. */
export const ProjectPeriodSchema = z.object({ start: IsoDateSchema, end: IsoDateSchema }).refine((p) => p.start <= p.end, 'Die Laufzeit endet vor ihrem Beginn');
export type ProjectPeriod = z.infer<typeof ProjectPeriodSchema>;
