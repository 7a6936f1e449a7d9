import { z } from 'zod';

/**
 * Monitoring of § 6 (issue 15): the figures of a district's year, the ministry's thresholds per year
 * and the traffic lights computed from them. Money in integer cents, percent as whole numbers.
 */

export const MEASURE_TYPES = [1, 2, 3, 4] as const;
export type MeasureType = (typeof MEASURE_TYPES)[number];

/** The figures of one scope (a district or the Land, in total or for one Maßnahmenart). */
export interface MonitoringFigures {
  /** The district's allocation (budget-years); only in total (an allocation is not split per Maßnahmenart). */
  allocationCents: number | null;
  /** bewilligt: the issued Bescheide (payments' ledger balances). */
  approvedCents: number;
  /** abgerufen: Σ Mittelabrufe. */
  requestedCents: number;
  /** ausgezahlt: Σ Auszahlungen. */
  paidCents: number;
  /** verwendet: Σ reported uses. */
  usedCents: number;
  /** Σ plannedPlaces of the active projects. */
  plannedPlaces: number;
  /** People who entered (participant flows up to the day). */
  filledPlaces: number;
  /** Outcomes so far by outcome code (the open outcome left out). */
  outcomes: Record<string, number>;
  /** Planned outcomes per code from the Eckdaten (eckdaten module); null until wired. */
  plannedOutcomes: Record<string, number> | null;
}

export interface MonitoringRow {
  year: number;
  /** AGS, or null for the Land total row. */
  ags: string | null;
  name: string;
  total: MonitoringFigures;
  byMeasureType: Record<MeasureType, MonitoringFigures>;
  isDemo: boolean;
}

export interface Monitoring {
  year: number;
  /** The day the figures were read for (participants' entries up to this day). */
  today: string;
  rows: MonitoringRow[];
  /** The Land: sums of the rows (present when all districts were read). */
  land: MonitoringRow | null;
}

/** The figures a threshold can be set on; each is a share of its base. */
export const THRESHOLD_FIGURES = ['bewilligt', 'abgerufen', 'ausgezahlt', 'verwendet', 'plaetze'] as const;
export type ThresholdFigure = (typeof THRESHOLD_FIGURES)[number];
export const THRESHOLD_FIGURE_LABELS: Record<ThresholdFigure, { label: string; base: string }> = {
  bewilligt: { label: 'Bewilligt', base: 'der Zuweisung' },
  abgerufen: { label: 'Abgerufen', base: 'der Bewilligung' },
  ausgezahlt: { label: 'Ausgezahlt', base: 'der Bewilligung' },
  verwendet: { label: 'Verwendet', base: 'der Bewilligung' },
  plaetze: { label: 'Plätze belegt', base: 'der geplanten Plätze' },
};

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Bitte ein Datum angeben, z. B. 30.9.2025.');

export const ThresholdSchema = z
  .object({
    figure: z.enum(THRESHOLD_FIGURES, { error: 'Unbekannte Kennzahl.' }),
    active: z.boolean(),
    /** At least this share (percent of the base) is expected … */
    percent: z.number({ error: 'Bitte einen Prozentwert angeben, z. B. 40.' }).int('Bitte ganze Prozent angeben, z. B. 40.').min(1, 'Mindestens 1 %.').max(100, 'Höchstens 100 %.'),
    /** … by this day. */
    asOf: isoDate,
    /** Below the percent but within this many points: gelb; below that: rot. */
    yellowBand: z.number({ error: 'Bitte einen Wert angeben, z. B. 10.' }).int('Bitte ganze Prozentpunkte angeben.').min(0, 'Nicht negativ.').max(100, 'Höchstens 100 Prozentpunkte.'),
  })
  .strict();
export type Threshold = z.infer<typeof ThresholdSchema>;

export const SaveThresholdsSchema = z
  .object({
    version: z.number().int().min(1),
    thresholds: z
      .array(ThresholdSchema)
      .length(THRESHOLD_FIGURES.length, `Bitte alle ${THRESHOLD_FIGURES.length} Kennzahlen angeben.`)
      .refine((list) => new Set(list.map((t) => t.figure)).size === list.length, 'Jede Kennzahl nur einmal.'),
  })
  .strict();
export type SaveThresholdsInput = z.infer<typeof SaveThresholdsSchema>;

export interface ThresholdSet {
  year: number;
  thresholds: Threshold[];
  version: number;
  updatedByName: string | null;
  updatedAt: Date;
}

/** The defaults written when a year has no thresholds yet (the ministry changes them on its page). */
export function defaultThresholds(year: number): Threshold[] {
  const sep30 = `${year}-09-30`;
  return [
    { figure: 'bewilligt', active: false, percent: 90, asOf: `${year}-06-30`, yellowBand: 10 },
    { figure: 'abgerufen', active: false, percent: 50, asOf: sep30, yellowBand: 10 },
    { figure: 'ausgezahlt', active: true, percent: 40, asOf: sep30, yellowBand: 10 },
    { figure: 'verwendet', active: false, percent: 30, asOf: sep30, yellowBand: 10 },
    { figure: 'plaetze', active: true, percent: 70, asOf: sep30, yellowBand: 10 },
  ];
}

export const LIGHTS = ['gruen', 'gelb', 'rot', 'offen', 'keine'] as const;
export type Light = (typeof LIGHTS)[number];
/** Always said in words, never by colour alone. */
export const LIGHT_LABELS: Record<Light, string> = {
  gruen: 'grün – erreicht',
  gelb: 'gelb – knapp unter der Schwelle',
  rot: 'rot – unter der Schwelle',
  offen: 'noch nicht fällig',
  keine: 'nicht bewertbar (keine Planzahl)',
};

/** One traffic light: a figure of a scope (total or a Maßnahmenart) against its threshold on a day. */
export interface TrafficLight {
  figure: ThresholdFigure;
  /** null = the district (or Land) in total. */
  measureType: MeasureType | null;
  threshold: Threshold;
  light: Light;
  /** The figure on the as-of day (or today, before it), and its base. */
  value: number;
  base: number;
  /** value / base in percent, one decimal (null without a base). */
  percent: number | null;
  /** How much (cents or places) is missing to the threshold (0 when reached). */
  shortfall: number;
  /** The stable key of the automatic deviation: `ausgezahlt:2025-09-30`, `plaetze:ma2:2025-09-30`. */
  detectionKey: string;
}

export const SNAPSHOT_REASON_MAX = 200;
export const SnapshotInputSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    ags: z.string().regex(/^06\d{3}$/),
    reason: z.string().trim().min(1, 'Bitte geben Sie einen Anlass an.').max(SNAPSHOT_REASON_MAX, `Höchstens ${SNAPSHOT_REASON_MAX} Zeichen.`),
  })
  .strict();

export interface MonitoringSnapshot {
  id: number;
  year: number;
  ags: string;
  takenAt: Date;
  reason: string;
  figures: MonitoringFigures;
  takenByName: string | null;
}

export const DetectInputSchema = z.object({ today: isoDate.optional() }).strict();

// ── JSON ──────────────────────────────────────────────────────────────────────────────────────

const FiguresJsonSchema = z.object({
  allocationCents: z.number().int().nullable(),
  approvedCents: z.number().int(),
  requestedCents: z.number().int(),
  paidCents: z.number().int(),
  usedCents: z.number().int(),
  plannedPlaces: z.number().int(),
  filledPlaces: z.number().int(),
  outcomes: z.record(z.string(), z.number().int()),
  plannedOutcomes: z.record(z.string(), z.number().int()).nullable(),
});
export const MonitoringRowJsonSchema = z.object({
  year: z.number().int(),
  ags: z.string().nullable(),
  name: z.string(),
  total: FiguresJsonSchema,
  byMeasureType: z.object({ 1: FiguresJsonSchema, 2: FiguresJsonSchema, 3: FiguresJsonSchema, 4: FiguresJsonSchema }),
  isDemo: z.boolean(),
});
export const TrafficLightJsonSchema = z.object({
  figure: z.enum(THRESHOLD_FIGURES),
  measureType: z.number().int().nullable(),
  light: z.enum(LIGHTS),
  lightText: z.string(),
  value: z.number().int(),
  base: z.number().int(),
  percent: z.number().nullable(),
  shortfall: z.number().int(),
  detectionKey: z.string(),
});
export const ThresholdSetJsonSchema = z.object({ year: z.number().int(), thresholds: z.array(ThresholdSchema), version: z.number().int(), updatedByName: z.string().nullable(), updatedAt: z.string() });
export const DistrictMonitoringJsonSchema = z.object({
  year: z.number().int(),
  today: z.string(),
  row: MonitoringRowJsonSchema,
  lights: z.array(TrafficLightJsonSchema),
  latestSnapshot: z.object({ takenAt: z.string(), reason: z.string(), figures: FiguresJsonSchema }).nullable(),
});
export const LandMonitoringJsonSchema = z.object({ year: z.number().int(), today: z.string(), rows: z.array(MonitoringRowJsonSchema), land: MonitoringRowJsonSchema.nullable() });
export const DetectionResultJsonSchema = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), skipped: z.number().int() });
