/**
 * Participant statistics from the database: one round trip of `GROUP BY` counts per table (the
 * records never leave the database), turned into count tables by the pure core (statistics.ts)
 * and, for publication, suppressed (suppression.ts). Scope: an AQB year (projects of that year),
 * optionally one district and one project.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { getMeasureTypeLabels } from '../catalogs/service';
import { TABLE_DIMENSIONS } from './aggregates';
import { type Characteristic, crossTableFromCounts, measureTypeCharacteristic, suppressionK } from './statistics';
import { type Link, suppressJointly } from './joint-suppression';
import { type CountTable, type PublishedTable } from './suppression';

export interface StatisticsScope {
  year: number;
  ags?: string;
  projectId?: number;
}

interface TableSpec {
  /** Stable key (CSV file names, the CLI, the stored counts). */
  key: string;
  rows: Characteristic<never>;
  columns: Characteristic<never>;
}

/** The published set of tables (aggregates.ts), with the year's printed Maßnahmenart labels. */
function tableSpecs(measureType: Characteristic<never>): TableSpec[] {
  return TABLE_DIMENSIONS.map((t) => ({
    key: t.key,
    rows: (t.rows.key === 'measureType' ? measureType : t.rows) as Characteristic<never>,
    columns: (t.columns.key === 'measureType' ? measureType : t.columns) as Characteristic<never>,
  }));
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

/**
 * The count tables (before suppression) of a scope, from the stored aggregates (aggregates.ts):
 * a project's own counts, a district's sums, or the Land's sum of the 26 district sums.
 */
export async function countParticipantTables(db: Executor, scope: StatisticsScope): Promise<StatisticsTable[]> {
  const specs = tableSpecs(measureTypeCharacteristic(await getMeasureTypeLabels(db, scope.year)));
  const query =
    scope.projectId !== undefined
      ? sql`select c.table_key as t, c.row_value as r, c.column_value as c, c.count as n from participant_counts c join projects p on p.id = c.project_id where ${scopeFilter(scope)}`
      : sql`select table_key as t, row_value as r, column_value as c, sum(count)::int as n from participant_district_counts
            where year = ${scope.year} ${scope.ags !== undefined ? sql`and ags = ${scope.ags}` : sql``} group by 1, 2, 3`;
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

/**
 * The links between the tables published for one year (joint-suppression.ts): `tables` holds, per
 * scope (the Land first, then each district), the nine tables in TABLE_DIMENSIONS order. A Land
 * value is the sum of the districts' values at the same place; within a scope the tables that share
 * a characteristic share its totals, and all nine share the grand total.
 */
export function publishedYearLinks(specs: ReadonlyArray<{ rows: { key: string }; columns: { key: string } }>, sizes: ReadonlyArray<{ m: number; n: number }>, districts: number): Link[] {
  const T = specs.length;
  const links: Link[] = [];
  for (let t = 0; t < T && districts > 0; t++) {
    const { m, n } = sizes[t]!;
    for (let i = 0; i <= m; i++) {
      for (let j = 0; j <= n; j++) links.push({ whole: { t, i, j }, parts: Array.from({ length: districts }, (_, d) => ({ t: (d + 1) * T + t, i, j })) });
    }
  }
  for (let scope = 0; scope <= districts; scope++) {
    const at = (t: number) => scope * T + t;
    for (let a = 0; a < T; a++) {
      for (let b = a + 1; b < T; b++) {
        const A = sizes[a]!;
        const B = sizes[b]!;
        links.push({ whole: { t: at(a), i: A.m, j: A.n }, parts: [{ t: at(b), i: B.m, j: B.n }] });
        // A margin of a characteristic: row totals (column n) or column totals (row m).
        const margins = (x: number, size: { m: number; n: number }) => [
          { key: specs[x]!.rows.key, ref: (v: number) => ({ t: at(x), i: v, j: size.n }), count: size.m },
          { key: specs[x]!.columns.key, ref: (v: number) => ({ t: at(x), i: size.m, j: v }), count: size.n },
        ];
        for (const ma of margins(a, A)) {
          for (const mb of margins(b, B)) {
            if (ma.key !== mb.key) continue;
            for (let v = 0; v < ma.count; v++) links.push({ whole: ma.ref(v), parts: [mb.ref(v)] });
          }
        }
      }
    }
  }
  return links;
}

/**
 * Every table the portal publishes for a year — the Land's nine and each district's nine —
 * protected jointly (joint-suppression.ts), from one query over the stored district counts.
 */
export async function publicParticipantYear(db: Executor, year: number): Promise<{ land: PublishedSet; districts: Map<string, PublishedSet> }> {
  const specs = tableSpecs(measureTypeCharacteristic(await getMeasureTypeLabels(db, year)));
  const agsList = (await rowsOf<{ ags: string }>(db, sql`select ags from districts order by ags`)).map((r) => r.ags);
  const counts = await rowsOf<{ a: string; t: string; r: string; c: string; n: number }>(
    db,
    sql`select ags as a, table_key as t, row_value as r, column_value as c, count as n from participant_district_counts where year = ${year}`,
  );
  const byScope = new Map<string, Map<string, Array<{ row: string; column: string; count: number }>>>();
  for (const row of counts) {
    const scope = byScope.get(row.a) ?? new Map<string, Array<{ row: string; column: string; count: number }>>();
    byScope.set(row.a, scope);
    const list = scope.get(row.t) ?? [];
    scope.set(row.t, list);
    list.push({ row: row.r, column: row.c, count: Number(row.n) });
  }
  const tablesOf = (ags: string | null) =>
    specs.map((spec) => ({
      key: spec.key,
      k: suppressionK(spec.rows, spec.columns),
      table: crossTableFromCounts(ags === null ? counts.filter((r) => r.t === spec.key).map((r) => ({ row: r.r, column: r.c, count: Number(r.n) })) : (byScope.get(ags)?.get(spec.key) ?? []), spec.rows, spec.columns),
    }));
  // The joint protection costs up to seconds for a sparse year: computed once per state of the counts.
  const fingerprint = `${year}|${agsList.join(',')}|${specs.map((s) => [...s.rows.values, ...s.columns.values].map((v) => v.label).join(',')).join('/')}|${counts.map((r) => `${r.a},${r.t},${r.r},${r.c},${r.n}`).sort().join(';')}`;
  const cached = publishedYears.get(year);
  if (cached && cached.fingerprint === fingerprint) return cached.result;
  const scopes = [tablesOf(null), ...agsList.map((ags) => tablesOf(ags))];
  const flat = scopes.flat();
  const links = publishedYearLinks(specs, specs.map((s) => ({ m: s.rows.values.length, n: s.columns.values.length })), agsList.length);
  const published = suppressJointly(flat, links).tables;
  const T = specs.length;
  const setOf = (scope: number): PublishedSet => scopes[scope]!.map((t, x) => ({ key: t.key, k: t.k, table: published[scope * T + x]! }));
  const result = { land: setOf(0), districts: new Map(agsList.map((ags, d) => [ags, setOf(d + 1)])) };
  publishedYears.set(year, { fingerprint, result });
  return result;
}

/** The last jointly protected set per year, with the exact counts it was computed from. */
const publishedYears = new Map<number, { fingerprint: string; result: { land: PublishedSet; districts: Map<string, PublishedSet> } }>();

export type PublishedSet = Array<{ key: string; k: number; table: PublishedTable }>;

/**
 * The published tables of a scope: primary and secondary suppression, withheld = null, protected
 * together with every other table published for the year (Land and all districts).
 */
export async function publicParticipantTables(db: Executor, scope: { year: number; ags?: string }): Promise<PublishedSet> {
  const year = await publicParticipantYear(db, scope.year);
  if (scope.ags === undefined) return year.land;
  const tables = year.districts.get(scope.ags);
  if (!tables) throw new Error(`publicParticipantTables: unbekannte Gebietskörperschaft ${scope.ags}`);
  return tables;
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
 * against entries, exits up to and participants in the project on the reference date, from the
 * stored running totals (the latest day on or before the reference date per project).
 */
export async function countParticipantFlows(db: Executor, scope: { year: number; ags?: string }, referenceDate: string): Promise<FlowRow[]> {
  const perProject = sql`
    select p.id, p.ags, p.key, p.title, p.planned_places, p.measure_type, p.position, p.status,
      coalesce(f.entries_to_date, 0) as entries,
      coalesce(f.exits_to_date, 0) as exits,
      coalesce(f.entries_to_date, 0) - coalesce(case when f.day = ${referenceDate}::date then f.exits_before else f.exits_to_date end, 0) as active
    from projects p
    left join lateral (select * from participant_flow_days d where d.project_id = p.id and d.day <= ${referenceDate}::date order by d.day desc limit 1) f on true
    where p.year = ${scope.year} ${scope.ags !== undefined ? sql`and p.ags = ${scope.ags}` : sql``}`;
  if (scope.ags !== undefined) {
    const rows = await rowsOf<{ key: string; title: string; planned_places: number | null; entries: number; exits: number; active: number; status: string }>(
      db,
      sql`select * from (${perProject}) x where status = 'aktiv' order by measure_type, position, id`,
    );
    return rows.map((r) => ({ key: r.key, label: r.title, plannedPlaces: r.planned_places === null ? null : Number(r.planned_places), entries: Number(r.entries), exits: Number(r.exits), activeOn: Number(r.active) }));
  }
  const rows = await rowsOf<{ ags: string; name: string; planned: number | null; entries: number; exits: number; active: number }>(
    db,
    sql`select d.ags, d.name, sum(x.planned_places) filter (where x.status = 'aktiv')::int as planned,
          coalesce(sum(x.entries), 0)::int as entries, coalesce(sum(x.exits), 0)::int as exits, coalesce(sum(x.active), 0)::int as active
        from districts d left join (${perProject}) x on x.ags = d.ags
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
