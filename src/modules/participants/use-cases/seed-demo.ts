import { sql } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/client';
import { computeCounts, computeFlowDays } from '../aggregates';
import { EMPLOYMENT_STATUSES, GENDERS, ISCED_BANDS, LEGAL_SPHERES, OUTCOMES, type ParticipantRecord, YES_NO, YES_NO_UNKNOWN } from '../records-schema';

/** A small deterministic generator (the demo looks the same at every fresh start). */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/**
 * Invented participant records for one demo project: 6–29 people, Kennungen "DEMO-…" (clearly not
 * a Träger's), entry within the Laufzeit (or the AQB year), about half of them already left.
 */
export function demoParticipantRecords(project: { id: number; year: number; startsOn: string | null; endsOn: string | null }): ParticipantRecord[] {
  const random = generator(project.id * 7919 + project.year);
  const pick = <T>(list: readonly T[], weights?: readonly number[]): T => {
    if (!weights) return list[Math.floor(random() * list.length)]!;
    let r = random() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < list.length; i++) if ((r -= weights[i]!) < 0) return list[i]!;
    return list[list.length - 1]!;
  };
  const start = project.startsOn ?? `${project.year}-01-01`;
  const end = project.endsOn ?? `${project.year}-12-31`;
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
  const first = day(start);
  const last = Math.max(first, day(end));
  const count = 6 + Math.floor(random() * 24);
  return Array.from({ length: count }, (_, i) => {
    const entry = first + Math.floor(random() * Math.max(1, Math.floor((last - first) * 0.6)));
    const left = random() < 0.5 && entry < last;
    const exit = left ? entry + 1 + Math.floor(random() * (last - entry)) : null;
    return {
      kennung: `DEMO-${project.id}-${String(i + 1).padStart(3, '0')}`,
      entryDate: iso(entry),
      exitDate: exit === null ? null : iso(Math.min(exit, last)),
      gender: pick(GENDERS, [45, 45, 3, 7]),
      birthYear: project.year - 16 - Math.floor(random() * 30),
      legalSphere: pick(LEGAL_SPHERES, [40, 25, 10, 5, 10, 10]),
      employmentStatus: pick(EMPLOYMENT_STATUSES, [35, 25, 15, 10, 15]),
      isced: pick(ISCED_BANDS, [45, 35, 10, 10]),
      disability: pick(YES_NO_UNKNOWN, [10, 80, 10]),
      migrationBackground: pick(YES_NO_UNKNOWN, [35, 55, 10]),
      partTimeTraining: pick(YES_NO, [15, 85]),
      outcome: exit === null ? null : pick(OUTCOMES, [20, 25, 20, 15, 12, 8]),
    } as ParticipantRecord;
  });
}

const CHUNK = 5000;

async function insertJson(tx: Executor, rows: readonly object[], insert: (json: string) => ReturnType<typeof sql>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await tx.execute(insert(JSON.stringify(rows.slice(i, i + CHUNK))));
}

/**
 * Participant records for every demo project (is_demo) that has none yet, with their stored
 * aggregates, in a handful of bulk statements (it runs at every fresh start). Idempotent: a project
 * with a record set (uploaded, replaced or deleted) is left alone. Not audited: demo data, like the
 * demo agreements.
 */
export async function seedDemoParticipants(tx: Executor): Promise<number> {
  const projects = (
    (await tx.execute(sql`
      select p.id, p.year, p.ags, p.measure_type, p.starts_on::text as starts_on, p.ends_on::text as ends_on from projects p
      where p.is_demo and not exists (select 1 from participant_record_sets s where s.project_id = p.id)
      order by p.id`)) as unknown as { rows: { id: number; year: number; ags: string; measure_type: number; starts_on: string | null; ends_on: string | null }[] }
  ).rows;
  if (projects.length === 0) return 0;
  const records: Array<ParticipantRecord & { projectId: number }> = [];
  const counts: Array<{ projectId: number; tableKey: string; rowValue: string; columnValue: string; count: number }> = [];
  const days: Array<{ projectId: number; day: string; entriesToDate: number; exitsToDate: number; exitsBefore: number }> = [];
  const sets: Array<{ projectId: number; recordCount: number }> = [];
  for (const p of projects) {
    const projectId = Number(p.id);
    const rows = demoParticipantRecords({ id: projectId, year: Number(p.year), startsOn: p.starts_on, endsOn: p.ends_on });
    for (const r of rows) records.push({ ...r, projectId });
    for (const c of computeCounts(rows, Number(p.measure_type))) counts.push({ projectId, ...c });
    for (const d of computeFlowDays(rows)) days.push({ projectId, ...d });
    sets.push({ projectId, recordCount: rows.length });
  }
  await insertJson(tx, sets, (json) => sql`
    insert into participant_record_sets (project_id, version, record_count, replaced_at, file_name)
    select x."projectId", 1, x."recordCount", now(), 'Demo-Daten' from jsonb_to_recordset(${json}::jsonb) as x("projectId" int, "recordCount" int)`);
  await insertJson(tx, records, (json) => sql`
    insert into participant_records (project_id, kennung, entry_date, exit_date, gender, birth_year, legal_sphere, employment_status, isced, disability, migration_background, part_time_training, outcome)
    select x."projectId", x."kennung", x."entryDate", x."exitDate", x."gender", x."birthYear", x."legalSphere", x."employmentStatus", x."isced", x."disability", x."migrationBackground", x."partTimeTraining", x."outcome"
    from jsonb_to_recordset(${json}::jsonb) as x("projectId" int, "kennung" text, "entryDate" date, "exitDate" date, "gender" text, "birthYear" smallint, "legalSphere" text, "employmentStatus" text, "isced" text, "disability" text, "migrationBackground" text, "partTimeTraining" text, "outcome" text)`);
  await insertJson(tx, counts, (json) => sql`
    insert into participant_counts (project_id, table_key, row_value, column_value, count)
    select x."projectId", x."tableKey", x."rowValue", x."columnValue", x."count" from jsonb_to_recordset(${json}::jsonb) as x("projectId" int, "tableKey" text, "rowValue" text, "columnValue" text, "count" int)`);
  await insertJson(tx, days, (json) => sql`
    insert into participant_flow_days (project_id, day, entries_to_date, exits_to_date, exits_before)
    select x."projectId", x."day", x."entriesToDate", x."exitsToDate", x."exitsBefore" from jsonb_to_recordset(${json}::jsonb) as x("projectId" int, "day" date, "entriesToDate" int, "exitsToDate" int, "exitsBefore" int)`);
  await refreshDistrictCounts(tx, [...new Set(projects.map((p) => `${p.year}:${p.ags}`))]);
  return records.length;
}

/** Recomputes the district sums of the given "year:ags" pairs from the projects' stored counts. */
async function refreshDistrictCounts(tx: Executor, pairs: readonly string[]): Promise<void> {
  if (pairs.length === 0) return;
  const json = JSON.stringify(pairs.map((p) => ({ year: Number(p.split(':')[0]), ags: p.split(':')[1] })));
  await tx.execute(sql`
    delete from participant_district_counts d using jsonb_to_recordset(${json}::jsonb) as x(year int, ags text)
    where d.year = x.year and d.ags = x.ags`);
  await tx.execute(sql`
    insert into participant_district_counts (year, ags, table_key, row_value, column_value, count)
    select p.year, p.ags, c.table_key, c.row_value, c.column_value, sum(c.count)::int
    from participant_counts c join projects p on p.id = c.project_id
    join jsonb_to_recordset(${json}::jsonb) as x(year int, ags text) on x.year = p.year and x.ags = p.ags
    group by 1, 2, 3, 4, 5`);
}

/**
 * Before the demo projects are deleted (AQB_DEMO=0): their records and counts go with them by
 * cascade, but the district sums are per year and district — recomputed here without them.
 */
export async function removeDemoParticipants(tx: Executor): Promise<void> {
  const pairs = (
    (await tx.execute(sql`select distinct p.year, p.ags from projects p where p.is_demo and exists (select 1 from participant_counts c where c.project_id = p.id)`)) as unknown as { rows: { year: number; ags: string }[] }
  ).rows;
  await tx.execute(sql`delete from participant_counts c using projects p where p.id = c.project_id and p.is_demo`);
  await tx.execute(sql`delete from participant_records r using projects p where p.id = r.project_id and p.is_demo`);
  await refreshDistrictCounts(tx, pairs.map((p) => `${p.year}:${p.ags}`));
}
