/**
 * The stored aggregates every page reads (docs/decisions/0017): per project the counts of every
 * statistics table and the running totals of entries and exits per day, per district and year the
 * summed counts. Written by every change of records, in its transaction; kept after retention.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import type { Project } from '../projects/schema';
import type { ParticipantRecord } from './records-schema';
import { type Characteristic, CHARACTERISTICS, type ParticipantFact } from './statistics';
import { participantCounts, participantDistrictCounts, participantFlowDays } from './tables';

const C = CHARACTERISTICS as unknown as Record<keyof typeof CHARACTERISTICS, Characteristic>;
const MEASURE_TYPE: Characteristic = { key: 'measureType', label: 'Maßnahmenart', values: ['1', '2', '3', '4'].map((v) => ({ value: v, label: v })), of: (r) => String(r.measureType), isSpecial: false };

/** The published set of tables: key, rows × columns (labels come from statistics-query.ts). */
export const TABLE_DIMENSIONS: ReadonlyArray<{ key: string; rows: Characteristic; columns: Characteristic }> = [
  { key: 'rechtskreis-geschlecht', rows: C.legalSphere, columns: C.gender },
  { key: 'alter-geschlecht', rows: C.ageGroup, columns: C.gender },
  { key: 'erwerbsstatus-geschlecht', rows: C.employmentStatus, columns: C.gender },
  { key: 'isced-geschlecht', rows: C.isced, columns: C.gender },
  { key: 'teilzeitausbildung-geschlecht', rows: C.partTimeTraining, columns: C.gender },
  { key: 'verbleib-geschlecht', rows: C.outcome, columns: C.gender },
  { key: 'massnahmenart-verbleib', rows: MEASURE_TYPE, columns: C.outcome },
  { key: 'behinderung-geschlecht', rows: C.disability, columns: C.gender },
  { key: 'migration-geschlecht', rows: C.migrationBackground, columns: C.gender },
];

interface CountRow {
  tableKey: string;
  rowValue: string;
  columnValue: string;
  count: number;
}

/**
 * The counts of every table over the records of one project (zeros left out). Counted into typed
 * arrays by value index: 100,000 records × 9 tables in well under a second.
 */
export function computeCounts(records: readonly ParticipantRecord[], measureType: number): CountRow[] {
  const measure = String(measureType);
  const tables = TABLE_DIMENSIONS.map((t) => {
    const rowIndex = new Map(t.rows.values.map((v, i) => [v.value, i]));
    const columnIndex = new Map(t.columns.values.map((v, j) => [v.value, j]));
    const width = t.columns.values.length;
    // The Maßnahmenart is the project's, the same for every record.
    const rowOf = t.rows.key === 'measureType' ? () => measure : t.rows.of;
    const columnOf = t.columns.key === 'measureType' ? () => measure : t.columns.of;
    return { t, rowIndex, columnIndex, width, rowOf, columnOf, cells: new Int32Array(t.rows.values.length * width) };
  });
  for (const record of records) {
    const fact = record as ParticipantFact;
    for (const table of tables) {
      const i = table.rowIndex.get(table.rowOf(fact));
      const j = table.columnIndex.get(table.columnOf(fact));
      if (i === undefined || j === undefined) throw new Error(`computeCounts: unbekannter Wert in ${table.t.key}`);
      table.cells[i * table.width + j]! += 1;
    }
  }
  const out: CountRow[] = [];
  for (const table of tables) {
    table.cells.forEach((count, index) => {
      if (count === 0) return;
      out.push({ tableKey: table.t.key, rowValue: table.t.rows.values[Math.floor(index / table.width)]!.value, columnValue: table.t.columns.values[index % table.width]!.value, count });
    });
  }
  return out;
}

/** Running totals of entries and exits on each day with an entry or an exit. */
export function computeFlowDays(records: readonly Pick<ParticipantRecord, 'entryDate' | 'exitDate'>[]): Array<{ day: string; entriesToDate: number; exitsToDate: number; exitsBefore: number }> {
  const entries = new Map<string, number>();
  const exits = new Map<string, number>();
  for (const r of records) {
    entries.set(r.entryDate, (entries.get(r.entryDate) ?? 0) + 1);
    if (r.exitDate) exits.set(r.exitDate, (exits.get(r.exitDate) ?? 0) + 1);
  }
  const days = [...new Set([...entries.keys(), ...exits.keys()])].sort();
  let entered = 0;
  let left = 0;
  return days.map((day) => {
    const exitsBefore = left;
    entered += entries.get(day) ?? 0;
    left += exits.get(day) ?? 0;
    return { day, entriesToDate: entered, exitsToDate: left, exitsBefore };
  });
}

const CHUNK = 2000;

/**
 * Replaces a project's stored aggregates by those of `records` (its complete new set) and
 * refreshes its district's sums for the year. Call in the transaction of the change.
 */
export async function refreshProjectAggregates(tx: Executor, project: Pick<Project, 'id' | 'year' | 'ags' | 'measureType'>, records: readonly ParticipantRecord[]): Promise<void> {
  await tx.delete(participantCounts).where(eq(participantCounts.projectId, project.id));
  await tx.delete(participantFlowDays).where(eq(participantFlowDays.projectId, project.id));
  const counts = computeCounts(records, project.measureType).map((c) => ({ projectId: project.id, ...c }));
  for (let i = 0; i < counts.length; i += CHUNK) await tx.insert(participantCounts).values(counts.slice(i, i + CHUNK));
  const days = computeFlowDays(records).map((d) => ({ projectId: project.id, ...d }));
  for (let i = 0; i < days.length; i += CHUNK) await tx.insert(participantFlowDays).values(days.slice(i, i + CHUNK));
  await tx.delete(participantDistrictCounts).where(and(eq(participantDistrictCounts.year, project.year), eq(participantDistrictCounts.ags, project.ags)));
  await tx.execute(sql`
    insert into participant_district_counts (year, ags, table_key, row_value, column_value, count)
    select p.year, p.ags, c.table_key, c.row_value, c.column_value, sum(c.count)::int
    from participant_counts c join projects p on p.id = c.project_id
    where p.year = ${project.year} and p.ags = ${project.ags}
    group by 1, 2, 3, 4, 5`);
}
