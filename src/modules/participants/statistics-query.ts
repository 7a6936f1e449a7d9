/**
 * Participant statistics from the database: one round trip of `GROUP BY` counts per table (the
 * records never leave the database), turned into count tables by the pure core (statistics.ts)
 * and, for publication, suppressed (suppression.ts). Scope: an AQB year (projects of that year),
 * optionally one district and one project.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { getMeasureTypeLabels } from '../catalogs/service';
import { type Characteristic, CHARACTERISTICS, crossTableFromCounts, measureTypeCharacteristic, suppressionK } from './statistics';
import { type CountTable, type PublishedTable, suppressTable } from './suppression';

export interface StatisticsScope {
  year: number;
  ags?: string;
  projectId?: number;
}

/** Age band at entry in SQL, the same bands as CHARACTERISTICS.ageGroup. */
const AGE_SQL = `case when extract(year from entry_date)::int - birth_year <= 17 then 'unter_18' when extract(year from entry_date)::int - birth_year <= 29 then '18_29' when extract(year from entry_date)::int - birth_year <= 54 then '30_54' else '55_plus' end`;

/** Column expressions per characteristic (fixed strings, never user input). */
const SQL_OF: Record<string, string> = {
  gender: 'gender',
  legalSphere: 'legal_sphere',
  employmentStatus: 'employment_status',
  isced: 'isced',
  disability: 'disability',
  migrationBackground: 'migration_background',
  partTimeTraining: 'part_time_training',
  outcome: `coalesce(outcome, 'offen')`,
  ageGroup: AGE_SQL,
  measureType: 'measure_type::text',
};

interface TableSpec {
  /** Stable key (CSV file names, the CLI). */
  key: string;
  rows: Characteristic<never>;
  columns: Characteristic<never>;
}

const C = CHARACTERISTICS as unknown as Record<keyof typeof CHARACTERISTICS, Characteristic<never>>;

/** The published set of tables, in page order: every characteristic by gender, and Maßnahmenart × Verbleib. */
function tableSpecs(measureType: Characteristic<never>): TableSpec[] {
  return [
    { key: 'rechtskreis-geschlecht', rows: C.legalSphere, columns: C.gender },
    { key: 'alter-geschlecht', rows: C.ageGroup, columns: C.gender },
    { key: 'erwerbsstatus-geschlecht', rows: C.employmentStatus, columns: C.gender },
    { key: 'isced-geschlecht', rows: C.isced, columns: C.gender },
    { key: 'teilzeitausbildung-geschlecht', rows: C.partTimeTraining, columns: C.gender },
    { key: 'verbleib-geschlecht', rows: C.outcome, columns: C.gender },
    { key: 'massnahmenart-verbleib', rows: measureType, columns: C.outcome },
    { key: 'behinderung-geschlecht', rows: C.disability, columns: C.gender },
    { key: 'migration-geschlecht', rows: C.migrationBackground, columns: C.gender },
  ];
}

export interface StatisticsTable {
  key: string;
  /** k the table is published with: 5 with a special category, else 3. */
  k: number;
  table: CountTable;
  /** The characteristics' values behind the row and column labels (for frozen counts). */
  rowValues: string[];
  columnValues: string[];
}

function scopeFilter(scope: StatisticsScope): SQL {
  const parts: SQL[] = [sql`p.year = ${scope.year}`];
  if (scope.ags !== undefined) parts.push(sql`p.ags = ${scope.ags}`);
  if (scope.projectId !== undefined) parts.push(sql`p.id = ${scope.projectId}`);
  return sql.join(parts, sql` and `);
}

async function rowsOf<T>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** The count tables (before suppression) of a scope: one statement, one GROUP BY per table. */
export async function countParticipantTables(db: Executor, scope: StatisticsScope): Promise<StatisticsTable[]> {
  const specs = tableSpecs(measureTypeCharacteristic(await getMeasureTypeLabels(db, scope.year)));
  const parts = specs.map(
    (spec) => sql`select ${spec.key}::text as t, (${sql.raw(SQL_OF[spec.rows.key]!)})::text as r, (${sql.raw(SQL_OF[spec.columns.key]!)})::text as c, count(*)::int as n from base group by 2, 3`,
  );
  // Counts frozen when records were deleted at the end of the retention period keep counting.
  const retained = sql`select rc.table_key as t, rc.row_value as r, rc.column_value as c, sum(rc.count)::int as n
    from participant_retained_counts rc join projects p on p.id = rc.project_id where ${scopeFilter(scope)} group by 1, 2, 3`;
  const query = sql`with base as materialized (
      select r.gender, r.legal_sphere, r.employment_status, r.isced, r.disability, r.migration_background, r.part_time_training, r.outcome, r.entry_date, r.birth_year, p.measure_type
      from participant_records r join projects p on p.id = r.project_id where ${scopeFilter(scope)})
    ${sql.join([...parts, retained], sql` union all `)}`;
  const counts = await rowsOf<{ t: string; r: string; c: string; n: number }>(db, query);
  return specs.map((spec) => ({
    key: spec.key,
    k: suppressionK(spec.rows, spec.columns),
    rowValues: spec.rows.values.map((v) => v.value),
    columnValues: spec.columns.values.map((v) => v.value),
    table: crossTableFromCounts(
      counts.filter((row) => row.t === spec.key).map((row) => ({ row: row.r, column: row.c, count: Number(row.n) })),
      spec.rows,
      spec.columns,
    ),
  }));
}

/** The published tables of a scope: primary and secondary suppression, withheld = null. */
export async function publicParticipantTables(db: Executor, scope: { year: number; ags?: string }): Promise<Array<{ key: string; k: number; table: PublishedTable }>> {
  return (await countParticipantTables(db, scope)).map(({ key, k, table }) => ({ key, k, table: suppressTable(table, { k }) }));
}

/** A count table as a "published" one without suppression (staff pages and the CLI without --oeffentlich). */
export function unsuppressed(table: CountTable): PublishedTable {
  return { ...table };
}

export interface FlowRow {
  /** Project key or AGS. */
  key: string;
  label: string;
  plannedPlaces: number | null;
  entries: number;
  exits: number;
  activeOn: number;
}

/**
 * Per project (with `ags`) or per district (without): planned places from the project records
 * against entries, exits up to and participants in the project on the reference date.
 */
export async function countParticipantFlows(db: Executor, scope: { year: number; ags?: string }, referenceDate: string): Promise<FlowRow[]> {
  if (scope.ags !== undefined) {
    const rows = await rowsOf<{ key: string; title: string; planned: number | null; entries: number; exits: number; active: number }>(
      db,
      sql`select p.key, p.title, p.planned_places as planned,
            (count(r.id) + coalesce(max(s.retained_entries), 0))::int as entries,
            (count(r.id) filter (where r.exit_date <= ${referenceDate}) + coalesce(max(s.retained_exits), 0))::int as exits,
            count(r.id) filter (where r.entry_date <= ${referenceDate} and (r.exit_date is null or r.exit_date >= ${referenceDate}))::int as active
          from projects p left join participant_records r on r.project_id = p.id left join participant_record_sets s on s.project_id = p.id
          where p.year = ${scope.year} and p.ags = ${scope.ags} and p.status = 'aktiv'
          group by p.id order by p.measure_type, p.position, p.id`,
    );
    return rows.map((r) => ({ key: r.key, label: r.title, plannedPlaces: r.planned === null ? null : Number(r.planned), entries: Number(r.entries), exits: Number(r.exits), activeOn: Number(r.active) }));
  }
  const rows = await rowsOf<{ ags: string; name: string; planned: number | null; entries: number; exits: number; active: number }>(
    db,
    sql`select d.ags, d.name,
          (select sum(p2.planned_places)::int from projects p2 where p2.year = ${scope.year} and p2.ags = d.ags and p2.status = 'aktiv') as planned,
          (count(r.id) + coalesce((select sum(s.retained_entries) from participant_record_sets s join projects p3 on p3.id = s.project_id where p3.year = ${scope.year} and p3.ags = d.ags), 0))::int as entries,
          (count(r.id) filter (where r.exit_date <= ${referenceDate}) + coalesce((select sum(s.retained_exits) from participant_record_sets s join projects p3 on p3.id = s.project_id where p3.year = ${scope.year} and p3.ags = d.ags), 0))::int as exits,
          count(r.id) filter (where r.entry_date <= ${referenceDate} and (r.exit_date is null or r.exit_date >= ${referenceDate}))::int as active
        from districts d
        left join projects p on p.ags = d.ags and p.year = ${scope.year}
        left join participant_records r on r.project_id = p.id
        group by d.ags, d.name order by d.name`,
  );
  return rows.map((r) => ({ key: r.ags, label: r.name, plannedPlaces: r.planned === null ? null : Number(r.planned), entries: Number(r.entries), exits: Number(r.exits), activeOn: Number(r.active) }));
}

/** Whether any record of the scope belongs to a demo project (the page then shows the demo banner). */
export async function hasDemoParticipants(db: Executor, scope: { year: number; ags?: string }): Promise<boolean> {
  const rows = await rowsOf<{ x: number }>(
    db,
    sql`select 1 as x from projects p where ${scopeFilter(scope)} and p.is_demo and exists (select 1 from participant_records r where r.project_id = p.id) limit 1`,
  );
  return rows.length > 0;
}
