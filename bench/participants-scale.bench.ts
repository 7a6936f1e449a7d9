/**
 * Teilnehmende at scale (issue 14), on PGlite and PostgreSQL (plain tsx script):
 *   npx tsx bench/participants-scale.bench.ts [records-per-project]
 * Data: 10 AQB years × 26 districts × 20 projects × 192 records ≈ 1,000,000 participant records,
 * generated in the database (generate_series; bench data, not the upload path). Then, per database:
 *   - the Land page /teilnehmende/2025 and a district page /teilnehmende/2025/06439 over HTTP
 *     (app.request with an HMSI API token, rendering included): p95 ≤ 50 ms;
 *   - the public Land statistics /portal/teilnehmende/2025 (nine tables, suppression): ≤ 200 ms;
 *   - a 100,000-row CSV validated and saved (replaceParticipantRecords, one transaction): ≥ 20,000 rows/s;
 * each beside a plain `SELECT count(*) … GROUP BY` over the same rows as the reference.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { createApp } from '../src/app/app';
import { prepareDatabase } from '../src/app/setup-database';
import { createApiToken, createUser } from '../src/modules/access/service';
import { replaceParticipantRecords, validateParticipantCsv } from '../src/modules/participants/service';
import { computeCounts, computeFlowDays } from '../src/modules/participants/aggregates';
import { loadAllRecords } from '../src/modules/participants/records';
import { participantCounts, participantFlowDays } from '../src/modules/participants/tables';
import { type AppDatabase, openPglite, openPostgres } from '../src/platform/db/client';
import { percentile } from './lib/stats';
import { postgresBaseUrl } from './lib/dataset';

const PER_PROJECT = Number(process.argv[2] ?? 192);
const YEARS = [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025];
const PROJECTS_PER_DISTRICT = 20;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);

async function rows<T>(db: AppDatabase['db'], query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function generate(database: AppDatabase): Promise<number> {
  const db = database.db;
  for (const year of YEARS) await db.execute(sql`insert into budget_years (year) values (${year}) on conflict do nothing`);
  await db.execute(sql`
    insert into projects (year, ags, key, title, measure_type, position, planned_places, starts_on, ends_on)
    select y, d.ags, 'P' || n, 'Projekt ' || n, 1 + (n % 4), n, 150 + (n % 7) * 10, make_date(y, 1, 1), make_date(y, 12, 31)
    from districts d, unnest(${sql.raw(`array[${YEARS.join(',')}]`)}::int[]) as y, generate_series(1, ${PROJECTS_PER_DISTRICT}) as n
    on conflict do nothing`);
  const started = performance.now();
  await db.execute(sql`
    insert into participant_records (project_id, kennung, entry_date, exit_date, gender, birth_year, legal_sphere, employment_status, isced, disability, migration_background, part_time_training, outcome)
    select p.id, 'TN-' || g,
      make_date(p.year, 1 + (g % 12), 1 + (g % 28)),
      case when (g + p.id) % 5 < 3 then make_date(p.year, 1 + (g % 12), 1 + (g % 28)) + 30 + (g % 90) else null end,
      (array['w','m','d','x'])[1 + ((g * 7 + p.id) % 4)],
      p.year - 16 - ((g * 13 + p.id) % 45),
      (array['SGB II','SGB III','SGB VIII','SGB XII','AsylbLG','keiner'])[1 + ((g * 3 + p.id) % 6)],
      (array['arbeitslos','langzeitarbeitslos','nicht_erwerbstaetig','erwerbstaetig','schule_ausbildung'])[1 + ((g * 5 + p.id) % 5)],
      (array['0-2','3-4','5-8','x'])[1 + ((g * 11 + p.id) % 4)],
      (array['ja','nein','nein','nein','x'])[1 + ((g * 17 + p.id) % 5)],
      (array['ja','nein','nein','x'])[1 + ((g * 19 + p.id) % 4)],
      (array['ja','nein','nein','nein'])[1 + ((g * 23 + p.id) % 4)],
      case when (g + p.id) % 5 < 3 then (array['ausbildungsabschluss','uebergang_ausbildung','uebergang_beschaeftigung','qualifizierung_abgeschlossen','abbruch','sonstiges'])[1 + (g % 6)] else null end
    from projects p, generate_series(1, ${PER_PROJECT}) as g`);
  await db.execute(sql`insert into participant_record_sets (project_id, version, record_count) select id, 1, ${PER_PROJECT} from projects on conflict do nothing`);
  // The stored aggregates, computed by the module's own functions from each project's records.
  const projects = await rows<{ id: number; measure_type: number }>(db, sql`select id, measure_type from projects`);
  const counts: Array<typeof participantCounts.$inferInsert> = [];
  const days: Array<typeof participantFlowDays.$inferInsert> = [];
  // 5 columns × 10,000 rows stays below the 65,535 parameters of one statement.
  const flush = async (force = false) => {
    while (counts.length >= 10_000 || (force && counts.length)) await db.insert(participantCounts).values(counts.splice(0, 10_000));
    while (days.length >= 10_000 || (force && days.length)) await db.insert(participantFlowDays).values(days.splice(0, 10_000));
  };
  for (const project of projects) {
    const records = await loadAllRecords(db, Number(project.id));
    for (const c of computeCounts(records, Number(project.measure_type))) counts.push({ projectId: Number(project.id), ...c });
    for (const d of computeFlowDays(records)) days.push({ projectId: Number(project.id), ...d });
    await flush();
  }
  await flush(true);
  await db.execute(sql`insert into participant_district_counts (year, ags, table_key, row_value, column_value, count)
    select p.year, p.ags, c.table_key, c.row_value, c.column_value, sum(c.count)::int from participant_counts c join projects p on p.id = c.project_id group by 1, 2, 3, 4, 5`);
  await db.execute(sql.raw('analyze'));
  const [{ n } = { n: 0 }] = await rows<{ n: number }>(db, sql`select count(*)::int as n from participant_records`);
  console.log(`  ${Number(n).toLocaleString('de-DE')} Datensätze erzeugt in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return Number(n);
}

async function timeIt(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times;
}

const ms = (values: number[]) => `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms`;

function csvOf(count: number): Uint8Array {
  const lines = ['kennung;eintritt;austritt;geschlecht;geburtsjahr;rechtskreis;erwerbsstatus;isced;behinderung;migration;teilzeitausbildung;verbleib'];
  const g = ['w', 'm', 'd', 'x'];
  const rk = ['SGB II', 'SGB III', 'SGB VIII', 'SGB XII', 'AsylbLG', 'keiner'];
  for (let i = 0; i < count; i++) {
    const month = String(1 + (i % 12)).padStart(2, '0');
    const day = String(1 + (i % 28)).padStart(2, '0');
    const left = i % 5 < 3;
    lines.push(`NEU-${i};${day}.${month}.2025;${left ? `28.12.2025` : ''};${g[i % 4]};${1980 + (i % 30)};${rk[i % 6]};arbeitslos;0-2;nein;x;nein;${left ? 'abbruch' : ''}`);
  }
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`);
}

async function measure(label: string, database: AppDatabase): Promise<void> {
  console.log(`\n${label}`);
  await generate(database);
  const { user } = await database.db.transaction((tx) => createUser(tx, null, { email: `bench-${Date.now()}@bench.example`, name: 'Bench HMSI', role: 'hmsi' }));
  const { token } = await database.db.transaction((tx) => createApiToken(tx, user.id, 'bench'));
  const app = createApp({ database, portalCacheBytes: 0 });
  const get = async (path: string) => {
    const response = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    await response.text();
  };
  const anonymous = async (path: string) => {
    const response = await app.request(path);
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    await response.text();
  };
  const reference = (scope: ReturnType<typeof sql>) => () => database.db.execute(sql`select p.ags, r.gender, count(*) from participant_records r join projects p on p.id = r.project_id where ${scope} group by 1, 2`);

  const land = await timeIt(() => get('/teilnehmende/2025?stichtag=2025-06-30'));
  const landRef = await timeIt(reference(sql`p.year = 2025`));
  console.log(`  Landesseite 2025 (HTTP):           ${ms(land)}   Referenz SELECT count(*) GROUP BY: ${ms(landRef)}   Ziel p95 ≤ 50 ms: ${percentile(land, 95) <= 50 ? 'erreicht' : 'NICHT erreicht'}`);
  const district = await timeIt(() => get('/teilnehmende/2025/06439?stichtag=2025-06-30'));
  const districtRef = await timeIt(reference(sql`p.year = 2025 and p.ags = '06439'`));
  console.log(`  Kreisseite 2025/06439 (HTTP):      ${ms(district)}   Referenz: ${ms(districtRef)}   Ziel p95 ≤ 50 ms: ${percentile(district, 95) <= 50 ? 'erreicht' : 'NICHT erreicht'}`);
  // First request: the joint protection of the year's 27 × 9 tables is computed (then cached per state of the counts).
  const coldStart = performance.now();
  await anonymous('/portal/teilnehmende/2025');
  console.log(`  Portal Land 2025, erste Anfrage (gemeinsame Sperrung aller 27 × 9 Tabellen): ${(performance.now() - coldStart).toFixed(1)} ms`);
  const publicLand = await timeIt(() => anonymous('/portal/teilnehmende/2025'));
  console.log(`  Portal Land 2025 (9 Tabellen, Sperrung): ${ms(publicLand)}   Referenz: ${ms(landRef)}   Ziel ≤ 200 ms: ${percentile(publicLand, 95) <= 200 ? 'erreicht' : 'NICHT erreicht'}`);

  const bytes = csvOf(100_000);
  const [project] = await rows<{ id: number; year: number; ags: string; key: string }>(database.db, sql`select id, year, ags, key, measure_type from projects where year = 2025 and ags = '06439' and key = 'P1'`);
  const started = performance.now();
  const parsed = validateParticipantCsv(bytes, { start: '2025-01-01', end: '2025-12-31' });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors.slice(0, 3)));
  const validated = performance.now();
  await database.db.transaction((tx) => replaceParticipantRecords(tx, { actor: null }, { id: Number(project!.id), year: 2025, ags: '06439', key: 'P1', measureType: 2 }, parsed.rows, { fileName: 'bench.csv' }));
  const saved = performance.now();
  const refStart = performance.now();
  await database.db.execute(sql`select gender, count(*) from participant_records where project_id = ${Number(project!.id)} group by 1`);
  const refMs = performance.now() - refStart;
  const rate = 100_000 / ((saved - started) / 1000);
  console.log(
    `  100.000 Zeilen prüfen + speichern:  ${(saved - started).toFixed(0)} ms (prüfen ${(validated - started).toFixed(0)} ms, speichern ${(saved - validated).toFixed(0)} ms) = ${Math.round(rate).toLocaleString('de-DE')} Zeilen/s   Referenz SELECT count(*) GROUP BY der 100.000: ${refMs.toFixed(1)} ms   Ziel ≥ 20.000 Zeilen/s: ${rate >= 20_000 ? 'erreicht' : 'NICHT erreicht'}`,
  );
}

async function main() {
  const pglite = await openPglite({});
  await prepareDatabase(pglite, { demo: false });
  await measure('PGlite (im Speicher)', pglite);
  await pglite.close();

  const base = postgresBaseUrl();
  if (!base) return;
  const admin = openPostgres(base, { max: 1 });
  try {
    await admin.ping(2000);
  } catch {
    console.log('\nPostgreSQL antwortet nicht – übersprungen.');
    await admin.close();
    return;
  }
  const name = 'aqb_bench_participants';
  await admin.db.execute(sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  await admin.db.execute(sql.raw(`CREATE DATABASE ${name}`));
  await admin.close();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const postgres = openPostgres(url.toString(), { max: 4 });
  await prepareDatabase(postgres, { demo: false });
  await measure('PostgreSQL', postgres);
  await postgres.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
