import { z } from 'zod';
import { text } from '../../platform/input';

/**
 * `vorgeschlagen`: a district proposed its project; `aufgenommen`: in the public catalogue;
 * `abgelehnt`: the ministry declined the proposal (with a reason); `zurueckgenommen`: taken out
 * of the catalogue again.
 */
export const GOOD_PRACTICE_STATUSES = ['vorgeschlagen', 'aufgenommen', 'abgelehnt', 'zurueckgenommen'] as const;
export type GoodPracticeStatus = (typeof GOOD_PRACTICE_STATUSES)[number];
export const GOOD_PRACTICE_STATUS_LABELS: Record<GoodPracticeStatus, string> = {
  vorgeschlagen: 'Vorgeschlagen',
  aufgenommen: 'Im Katalog',
  abgelehnt: 'Abgelehnt',
  zurueckgenommen: 'Zurückgenommen',
};

/** Who brought the entry in. */
export const GOOD_PRACTICE_ORIGINS = ['hmsi', 'district'] as const;

/** The target groups of the catalogue (DOMAIN 1.5), a filter on the portal. */
export const GOOD_PRACTICE_TARGET_GROUPS = [
  'schueler',
  'jugendliche',
  'junge-erwachsene',
  'gefluechtete',
  'eltern',
  'langzeitarbeitslose',
  'stille-reserve',
  'menschen-mit-behinderungen',
  'beschaeftigte',
] as const;
export type GoodPracticeTargetGroup = (typeof GOOD_PRACTICE_TARGET_GROUPS)[number];
export const GOOD_PRACTICE_TARGET_GROUP_LABELS: Record<GoodPracticeTargetGroup, string> = {
  schueler: 'Schülerinnen und Schüler (Berufsorientierung)',
  jugendliche: 'Jugendliche ohne Ausbildungsplatz',
  'junge-erwachsene': 'Junge Erwachsene ohne Berufsabschluss',
  gefluechtete: 'Geflüchtete und Zugewanderte',
  eltern: 'Alleinerziehende und Eltern (Teilzeitausbildung)',
  langzeitarbeitslose: 'Langzeitarbeitslose',
  'stille-reserve': 'Stille Reserve',
  'menschen-mit-behinderungen': 'Menschen mit Behinderungen',
  beschaeftigte: 'Beschäftigte (Weiterbildung)',
};

/** The Rechtskreise a project names (projects' target groups that are Rechtskreise; DOMAIN 4.2), a filter on the portal. */
export const LEGAL_SPHERE_FILTERS = ['SGB II', 'SGB III', 'SGB VIII', 'SGB XII', 'AsylbLG'] as const;

/** What the ministry or a district writes about a project for the catalogue. */
export const GoodPracticeInputSchema = z.object({
  projectId: z.coerce.number({ error: 'Bitte wählen Sie ein Projekt.' }).int().min(1, 'Bitte wählen Sie ein Projekt.'),
  summary: text(1200, { required: 'Bitte beschreiben Sie kurz, was das Projekt gut macht.', multiline: true }).refine((v) => v.length >= 20, 'Bitte schreiben Sie mindestens 20 Zeichen.'),
  targetGroup: z.enum(GOOD_PRACTICE_TARGET_GROUPS, { error: 'Bitte wählen Sie die Zielgruppe.' }),
  contact: text(300, { required: 'Bitte geben Sie eine Kontaktstelle an (Dienststelle, Funktionsadresse oder Telefon).' }),
});
export type GoodPracticeInput = z.infer<typeof GoodPracticeInputSchema>;

export const DECISIONS = ['aufnehmen', 'ablehnen', 'zuruecknehmen'] as const;
export type Decision = (typeof DECISIONS)[number];

export const DecisionInputSchema = z
  .object({
    decision: z.enum(DECISIONS, { error: 'Bitte wählen Sie eine Entscheidung.' }),
    reason: text(600, { min: 0 }).default(''),
  })
  .superRefine((v, ctx) => {
    if (v.decision !== 'aufnehmen' && v.reason === '') ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Bitte nennen Sie den Grund; die Gebietskörperschaft sieht ihn.' });
  });

export interface GoodPracticeEntry {
  id: number;
  projectId: number;
  status: GoodPracticeStatus;
  origin: (typeof GOOD_PRACTICE_ORIGINS)[number];
  summary: string;
  targetGroup: GoodPracticeTargetGroup;
  contact: string;
  decisionReason: string;
  version: number;
  isDemo: boolean;
  updatedAt: Date;
  /** From the project record (projects module), never copied. */
  project: { year: number; ags: string; key: string; title: string; measureType: number; targetGroups: string[] };
}
