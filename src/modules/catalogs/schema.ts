/**
 * Value lists shared by modules that must compare one to one: the Verbleib (outcome) codes of a
 * participant record (participants) are the same codes a project plans (projects, Eckdaten).
 * They live here, below both, because participants reads projects (docs/decisions/0027).
 */
export const OUTCOMES = ['ausbildungsabschluss', 'uebergang_ausbildung', 'uebergang_beschaeftigung', 'qualifizierung_abgeschlossen', 'abbruch', 'sonstiges'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_LABELS: Record<Outcome, string> = {
  ausbildungsabschluss: 'Ausbildungsabschluss',
  uebergang_ausbildung: 'Übergang in Ausbildung',
  uebergang_beschaeftigung: 'Übergang in Beschäftigung',
  qualifizierung_abgeschlossen: 'Qualifizierung abgeschlossen',
  abbruch: 'Abbruch',
  sonstiges: 'Sonstiger Verbleib',
};

/** The outcomes a project can plan (Eckdaten): the successes, not `abbruch` or `sonstiges`. */
export const PLANNED_OUTCOMES = ['ausbildungsabschluss', 'uebergang_ausbildung', 'uebergang_beschaeftigung', 'qualifizierung_abgeschlossen'] as const satisfies readonly Outcome[];
export type PlannedOutcome = (typeof PLANNED_OUTCOMES)[number];

/** Plural labels for the planned figures ("geplante Ausbildungsabschlüsse"). */
export const PLANNED_OUTCOME_LABELS: Record<PlannedOutcome, string> = {
  ausbildungsabschluss: 'Ausbildungsabschlüsse',
  uebergang_ausbildung: 'Übergänge in Ausbildung',
  uebergang_beschaeftigung: 'Übergänge in Beschäftigung',
  qualifizierung_abgeschlossen: 'Abgeschlossene Qualifizierungen',
};
