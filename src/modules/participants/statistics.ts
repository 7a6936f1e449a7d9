/**
 * Aggregation of participant records into count tables (before suppression): counts by one
 * characteristic and cross-tables of two (Rechtskreis × Geschlecht, Maßnahmenart × Verbleib, …).
 * Every table lists all values of its characteristics in their fixed order, zeros included, so
 * tables of different projects, districts and years line up. The same table can be built from
 * records (in memory) or from counts a `GROUP BY` returned (crossTableFromCounts), for large data.
 */
import type { MeasureTypeCode } from '../documents/schema';
import {
  EMPLOYMENT_STATUS_LABELS,
  EMPLOYMENT_STATUSES,
  GENDER_LABELS,
  GENDERS,
  ISCED_BANDS,
  ISCED_LABELS,
  LEGAL_SPHERE_LABELS,
  LEGAL_SPHERES,
  OUTCOME_LABELS,
  OUTCOMES,
  type ParticipantRecord,
  YES_NO,
  YES_NO_LABELS,
  YES_NO_UNKNOWN,
  YES_NO_UNKNOWN_LABELS,
} from './records-schema';
import { type CountTable, DEFAULT_K, type PublishedTable, SPECIAL_CATEGORY_K, suppressTable } from './suppression';

/** A record with the context the statistics group by (the project's Maßnahmenart). */
export type ParticipantFact = ParticipantRecord & { measureType?: MeasureTypeCode };

export interface Characteristic<R = ParticipantFact> {
  key: string;
  /** Heading in German ("Rechtskreis"). */
  label: string;
  values: readonly { value: string; label: string }[];
  /** The value of one record (one of `values`). */
  of(record: R): string;
  /** Special category of personal data (Art. 9 GDPR): tables with it are published with k = 5. */
  isSpecial: boolean;
}

const listed = <T extends string>(values: readonly T[], labels: Record<T, string>) => values.map((value) => ({ value, label: labels[value] }));

/** Outcome of a record; "offen" while the person is still in the project. */
export const OPEN_OUTCOME = 'offen';
/** Age bands at entry (ESF+ common indicators); age = entry year − birth year. */
export const AGE_BANDS = [
  { value: 'unter_18', label: 'unter 18 Jahre', max: 17 },
  { value: '18_29', label: '18 bis 29 Jahre', max: 29 },
  { value: '30_54', label: '30 bis 54 Jahre', max: 54 },
  { value: '55_plus', label: '55 Jahre und älter', max: Infinity },
] as const;

export const CHARACTERISTICS = {
  gender: { key: 'gender', label: 'Geschlecht', values: listed(GENDERS, GENDER_LABELS), of: (r: ParticipantFact) => r.gender, isSpecial: false },
  legalSphere: { key: 'legalSphere', label: 'Rechtskreis', values: listed(LEGAL_SPHERES, LEGAL_SPHERE_LABELS), of: (r: ParticipantFact) => r.legalSphere, isSpecial: false },
  employmentStatus: {
    key: 'employmentStatus',
    label: 'Erwerbsstatus bei Eintritt',
    values: listed(EMPLOYMENT_STATUSES, EMPLOYMENT_STATUS_LABELS),
    of: (r: ParticipantFact) => r.employmentStatus,
    isSpecial: false,
  },
  isced: { key: 'isced', label: 'Bildungsstand (ISCED)', values: listed(ISCED_BANDS, ISCED_LABELS), of: (r: ParticipantFact) => r.isced, isSpecial: false },
  disability: { key: 'disability', label: 'Behinderung', values: listed(YES_NO_UNKNOWN, YES_NO_UNKNOWN_LABELS), of: (r: ParticipantFact) => r.disability, isSpecial: true },
  migrationBackground: {
    key: 'migrationBackground',
    label: 'Migrationshintergrund',
    values: listed(YES_NO_UNKNOWN, YES_NO_UNKNOWN_LABELS),
    of: (r: ParticipantFact) => r.migrationBackground,
    isSpecial: true,
  },
  partTimeTraining: { key: 'partTimeTraining', label: 'Teilzeitausbildung', values: listed(YES_NO, YES_NO_LABELS), of: (r: ParticipantFact) => r.partTimeTraining, isSpecial: false },
  outcome: {
    key: 'outcome',
    label: 'Verbleib',
    values: [...listed(OUTCOMES, OUTCOME_LABELS), { value: OPEN_OUTCOME, label: 'noch im Projekt' }],
    of: (r: ParticipantFact) => r.outcome ?? OPEN_OUTCOME,
    isSpecial: false,
  },
  ageGroup: {
    key: 'ageGroup',
    label: 'Alter bei Eintritt',
    values: AGE_BANDS.map(({ value, label }) => ({ value, label })),
    of: (r: ParticipantFact) => {
      const age = Number(r.entryDate.slice(0, 4)) - r.birthYear;
      return AGE_BANDS.find((band) => age <= band.max)!.value;
    },
    isSpecial: false,
  },
} satisfies Record<string, Characteristic>;

/** Maßnahmenart 1–4 with the year's printed labels (catalogs' getMeasureTypeLabels). */
export function measureTypeCharacteristic(labels: readonly [string, string, string, string]): Characteristic {
  return {
    key: 'measureType',
    label: 'Maßnahmenart',
    values: labels.map((label, i) => ({ value: String(i + 1), label })),
    of: (r) => {
      if (r.measureType === undefined) throw new Error('measureTypeCharacteristic: Datensatz ohne Maßnahmenart');
      return String(r.measureType);
    },
    isSpecial: false,
  };
}

/** k for publishing a table of these characteristics: 5 when one is a special category, else 3. */
export function suppressionK(...characteristics: Characteristic<never>[]): number {
  return characteristics.some((c) => c.isSpecial) ? SPECIAL_CATEGORY_K : DEFAULT_K;
}

function withTotals(name: string, rows: string[], columns: string[], cells: number[][]): CountTable {
  const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = columns.map((_, j) => cells.reduce((sum, row) => sum + row[j]!, 0));
  return { name, rows, columns, cells, rowTotals, columnTotals, total: rowTotals.reduce((a, b) => a + b, 0) };
}

/**
 * Cross-table of two characteristics over the records: rows × columns in the characteristics'
 * fixed order, with totals. Throws on a record whose value is not in a characteristic's list.
 */
export function crossTable<R>(records: Iterable<R>, rows: Characteristic<R>, columns: Characteristic<R>, name = `${rows.label} × ${columns.label}`): CountTable {
  const rowIndex = new Map(rows.values.map((v, i) => [v.value, i]));
  const columnIndex = new Map(columns.values.map((v, j) => [v.value, j]));
  const cells = rows.values.map(() => new Array<number>(columns.values.length).fill(0));
  for (const record of records) {
    const i = rowIndex.get(rows.of(record));
    const j = columnIndex.get(columns.of(record));
    if (i === undefined || j === undefined) throw new Error(`crossTable: unbekannter Wert „${i === undefined ? rows.of(record) : columns.of(record)}“`);
    cells[i]![j]! += 1;
  }
  return withTotals(name, rows.values.map((v) => v.label), columns.values.map((v) => v.label), cells);
}

/** Counts by one characteristic: one row per value, one column "Anzahl". */
export function countBy<R>(records: Iterable<R>, characteristic: Characteristic<R>, name = characteristic.label): CountTable {
  const all: Characteristic<R> = { key: 'all', label: 'Anzahl', values: [{ value: 'all', label: 'Anzahl' }], of: () => 'all', isSpecial: false };
  return crossTable(records, characteristic, all, name);
}

/**
 * The same cross-table from counts (e.g. `SELECT legal_sphere, gender, count(*) … GROUP BY 1, 2`).
 * Values outside the lists throw; missing combinations are 0.
 */
export function crossTableFromCounts(
  counts: Iterable<{ row: string; column: string; count: number }>,
  rows: Characteristic<never>,
  columns: Characteristic<never>,
  name = `${rows.label} × ${columns.label}`,
): CountTable {
  const rowIndex = new Map(rows.values.map((v, i) => [v.value, i]));
  const columnIndex = new Map(columns.values.map((v, j) => [v.value, j]));
  const cells = rows.values.map(() => new Array<number>(columns.values.length).fill(0));
  for (const { row, column, count } of counts) {
    const i = rowIndex.get(row);
    const j = columnIndex.get(column);
    if (i === undefined || j === undefined) throw new Error(`crossTableFromCounts: unbekannter Wert „${i === undefined ? row : column}“`);
    if (!Number.isSafeInteger(count) || count < 0) throw new Error(`crossTableFromCounts: keine Anzahl: ${count}`);
    cells[i]![j]! += count;
  }
  return withTotals(name, rows.values.map((v) => v.label), columns.values.map((v) => v.label), cells);
}

/** The cross-table as the portal publishes it: suppressed with k = 3, or 5 for special categories. */
export function publicCrossTable<R>(records: Iterable<R>, rows: Characteristic<R>, columns: Characteristic<R>, name?: string): PublishedTable {
  return suppressTable(crossTable(records, rows, columns, name), { k: suppressionK(rows as Characteristic<never>, columns as Characteristic<never>) });
}

/** In the project on `date`: entered on or before it and not yet left (the exit day still counts). */
export function isActiveOn(record: Pick<ParticipantRecord, 'entryDate' | 'exitDate'>, date: string): boolean {
  return record.entryDate <= date && (record.exitDate === null || record.exitDate >= date);
}

/** Entries and exits from `from` to `to` (both inclusive) and the participants in the project on `to`. */
export function countFlows(records: Iterable<Pick<ParticipantRecord, 'entryDate' | 'exitDate'>>, from: string, to: string): { entries: number; exits: number; activeOn: number } {
  let entries = 0;
  let exits = 0;
  let activeOn = 0;
  for (const r of records) {
    if (r.entryDate >= from && r.entryDate <= to) entries++;
    if (r.exitDate !== null && r.exitDate >= from && r.exitDate <= to) exits++;
    if (isActiveOn(r, to)) activeOn++;
  }
  return { entries, exits, activeOn };
}
