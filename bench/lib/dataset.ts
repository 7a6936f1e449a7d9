/**
 * The benchmark data set: 10 generated AQB years (2026–2035) × 26 districts, each agreement
 * carried through the app's own workflow — createDraft, updateAgreement (projects), submit,
 * release for signature, both signatures, publishAgreement (Typst PDF frozen) — after the year
 * was created, its scenario stored and fixed (26 letters rendered) by the budget-years use cases.
 * `projects` per agreement: 20 (the usual size) or 200 (the large variant).
 *
 * Generated once and kept: PGlite as a dump under bench/out/, PostgreSQL as its own database
 * (`aqb_bench_<projects>`) on the server of BENCH_DATABASE_URL / TEST_DATABASE_URL. Both are keyed
 * by the migrations and this file, so a schema change generates anew.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { prepareDatabase } from '../../src/app/setup-database';
import type { Actor } from '../../src/modules/access/policy';
import { createUser } from '../../src/modules/access/service';
import { createDraft, publishAgreement, recordSignature, transitionAgreement, updateAgreement } from '../../src/modules/agreements/service';
import { createBudgetYear, fixScenario, saveScenario, setLandesbudget } from '../../src/modules/budget-years/service';
import { findDistricts } from '../../src/modules/districts/service';
import { seedMeasureTypeLabels } from '../../src/modules/catalogs/service';
import { getCurrentTemplate, saveTemplateVersion } from '../../src/modules/templates/service';
import type { Measure } from '../../src/modules/documents/schema';
import { type AppDatabase, MIGRATIONS_FOLDER, openPglite, openPostgres } from '../../src/platform/db/client';

/*
 * Signatures may not lie in the future nor before the year's preparation (1 January of the year
 * before): with today's date only years up to next year can be signed. The ten generated years are
 * therefore 2016–2023 (a template saved for 2016 through the template use case, each later year
 * created as a copy of the one before) and 2026–2027, around the seeded 2024 and 2025.
 */
export const DATASET_YEARS = [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2026, 2027];
export const YEARS = DATASET_YEARS.length;
export type DatasetSize = 20 | 200;

const OUT = resolve('bench/out');

function datasetKey(projects: DatasetSize): string {
  const hash = createHash('sha256').update(String(projects));
  for (const file of readdirSync(MIGRATIONS_FOLDER).sort()) if (file.endsWith('.sql')) hash.update(readFileSync(join(MIGRATIONS_FOLDER, file)));
  hash.update(readFileSync(new URL(import.meta.url)));
  return hash.digest('hex').slice(0, 12);
}

/* Deterministic pseudo-random numbers: the same data set on every machine and database. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const WHAT = ['Ausbildungsvorbereitung', 'Berufsorientierung', 'Teilzeitausbildung', 'Verbundausbildung', 'Sprachförderung', 'Qualifizierung', 'Einzelcoaching', 'Bewerbungstraining', 'Brückenqualifizierung', 'Praktikumsbegleitung', 'Grundbildung', 'Nachqualifizierung', 'Fallmanagement', 'Ausbildungscoaching', 'Produktionsschule'];
const WHO = ['für Alleinerziehende', 'für junge Geflüchtete', 'für Frauen', 'für Langzeitarbeitslose', 'für Jugendliche ohne Abschluss', 'für Menschen mit Beeinträchtigungen', 'für Auszubildende', 'für Zugewanderte', 'im ländlichen Raum', 'für Kundinnen und Kunden des SGB II'];
const FIELD = ['im Handwerk', 'in der Pflege', 'im Gastgewerbe', 'in Lager und Logistik', 'im Einzelhandel', 'in der Metallverarbeitung', 'in der Kinderbetreuung', 'in der Verwaltung', 'im Gartenbau', 'in der IT'];
const PLACE = ['Nord', 'Süd', 'Mitte', 'Ost', 'West', 'plus', '2.0', '„Zukunft“', '„Perspektive“', '„Start“'];

function projectTitle(rnd: () => number, index: number): string {
  const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)]!;
  return `${pick(WHAT)} ${pick(WHO)} ${pick(FIELD)} ${pick(PLACE)} (${index + 1})`;
}

/**
 * The projects of one agreement: about 70 % carried over from the district's previous year (some
 * reworded), the rest new — what a real year-to-year comparison sees.
 */
function projectsFor(previous: string[] | undefined, count: number, rnd: () => number): string[] {
  const titles: string[] = [];
  for (let i = 0; i < count; i++) {
    const carried = previous?.[i];
    if (carried && rnd() < 0.7) titles.push(rnd() < 0.1 ? `${carried} – verlängert` : carried);
    else titles.push(projectTitle(rnd, i));
  }
  return titles;
}

function measuresOf(titles: string[]): Measure[] {
  const measures: Measure[] = ([1, 2, 3, 4] as const).map((type) => ({ type, projects: [] }));
  // Roughly 30/35/25/10 % over the four Maßnahmenarten, as in the real agreements.
  titles.forEach((title, i) => {
    const share = i / titles.length;
    const type = share < 0.3 ? 0 : share < 0.65 ? 1 : share < 0.9 ? 2 : 3;
    measures[type]!.projects.push({ title });
  });
  return measures;
}

/** Generates the data set into an empty database (migrated and seeded here). Logs progress. */
export async function generateDataset(database: AppDatabase, projects: DatasetSize, log: (line: string) => void = console.log): Promise<void> {
  const started = performance.now();
  await prepareDatabase(database, { demo: false });
  const districts = await findDistricts(database.db);
  // Real accounts (user ids are foreign keys): one HMSI account, one per district.
  const account = (role: 'hmsi' | 'district', ags?: string) =>
    database.db.transaction(async (tx) => (await createUser(tx, null, { role, ags, name: `Benchmark ${ags ?? role}`, email: `bench-${ags ?? role}@bench.aqb.example` })).user.id);
  const HMSI: Actor = { userId: await account('hmsi'), role: 'hmsi' };
  const districtActors = new Map<string, Actor>();
  for (const district of districts) districtActors.set(district.ags, { userId: await account('district', district.ags), role: 'district', ags: district.ags });
  // Signatures may not lie in the future: the generated years are all signed today.
  const today = new Date().toISOString().slice(0, 10);
  const rnd = random(projects * 7919);
  const previousTitles = new Map<string, string[]>();
  for (const year of DATASET_YEARS) {
    const budgetCents = 27_700_000_00 + (year - DATASET_YEARS[0]!) * 250_000_00;
    // Amounts: shares of the budget, exact to the cent (the last district takes the remainder).
    const weights = districts.map(() => 0.5 + rnd());
    const weightSum = weights.reduce((a, b) => a + b, 0);
    const amounts = weights.map((w) => Math.floor((budgetCents * w) / weightSum / 1000) * 1000);
    amounts[amounts.length - 1]! += budgetCents - amounts.reduce((a, b) => a + b, 0);
    const scenarioId = await database.db.transaction(async (tx) => {
      const created = await createBudgetYear(tx, { year, actor: HMSI.userId });
      if (!created.copiedTemplate) {
        // The first year has no year before it: it gets the 2024 standard text as its template.
        await seedMeasureTypeLabels(tx, year);
        await saveTemplateVersion(tx, year, (await getCurrentTemplate(tx, 2024)).content, 'Benchmark: Vorlage wie 2024', HMSI.userId);
      }
      await setLandesbudget(tx, { year, landesbudgetCents: budgetCents, actor: HMSI.userId });
      return saveScenario(tx, {
        year,
        name: `Benchmark ${year}`,
        method: 'manuell',
        budgetCents,
        allocations: districts.map((d, i) => ({ ags: d.ags, amountCents: amounts[i]! })),
        actor: HMSI.userId,
      });
    });
    await fixScenario(database, { year, scenarioId, announcedOn: `${year - 1}-11-15`, actor: HMSI.userId });

    for (const district of districts) {
      const districtActor = districtActors.get(district.ags)!;
      const titles = projectsFor(previousTitles.get(district.ags), projects, rnd);
      previousTitles.set(district.ags, titles);
      let { version } = await createDraft(database, HMSI, { year, ags: district.ags });
      ({ version } = await updateAgreement(database, districtActor, year, district.ags, { expectedVersion: version, measures: measuresOf(titles) }));
      ({ version } = await transitionAgreement(database, HMSI, year, district.ags, 'in_abstimmung', version));
      ({ version } = await transitionAgreement(database, HMSI, year, district.ags, 'zur_unterschrift', version));
      const date = today;
      ({ version } = await recordSignature(database, HMSI, year, district.ags, {
        expectedVersion: version,
        party: 'land',
        signature: { place: 'Wiesbaden', date, name: 'Heike Hofmann', title: 'Staatsministerin' },
      }));
      ({ version } = await recordSignature(database, districtActor, year, district.ags, {
        expectedVersion: version,
        party: 'district',
        signature: { place: district.seat, date, name: 'Erika Mustermann', title: 'Landrätin' },
      }));
      await publishAgreement(database, HMSI, year, district.ags, version);
    }
    log(`  ${year}: 26 Zielvereinbarungen mit je ${projects} Projekten veröffentlicht (${Math.round((performance.now() - started) / 1000)} s)`);
  }
}

/** A PGlite database with the data set (from the kept dump, or generated and dumped now). */
export async function openPgliteDataset(projects: DatasetSize): Promise<AppDatabase> {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `dataset-pglite-${projects}-${datasetKey(projects)}.tar.gz`);
  if (existsSync(file)) return openPglite({ loadDataDir: new Blob([readFileSync(file)]) });
  console.log(`Erzeuge Datensatz (PGlite, ${YEARS} Jahre × 26 × ${projects} Projekte) …`);
  const database = await openPglite({});
  await generateDataset(database, projects);
  const dump = await database.pglite!.dumpDataDir('gzip');
  writeFileSync(file, new Uint8Array(await dump.arrayBuffer()));
  return database;
}

/** The PostgreSQL server for benchmarks, or undefined when none is configured. */
export function postgresBaseUrl(): string | undefined {
  return process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** A PostgreSQL database with the data set (kept between runs), or undefined when the server does not answer. */
export async function openPostgresDataset(projects: DatasetSize, options: { max?: number } = {}): Promise<AppDatabase | undefined> {
  const base = postgresBaseUrl();
  if (!base) return undefined;
  const admin = openPostgres(base, { max: 1 });
  try {
    await admin.ping(2000);
  } catch {
    await admin.close();
    return undefined;
  }
  const name = `aqb_bench_${projects}`;
  const key = datasetKey(projects);
  try {
    const exists = (await admin.db.execute(sql`select 1 from pg_database where datname = ${name}`)) as unknown as { rows: unknown[] };
    let current = false;
    if (exists.rows.length > 0) {
      const probe = openPostgres(withDatabase(base, name), { max: 1 });
      try {
        const marker = (await probe.db.execute(sql`select key from bench_dataset`)) as unknown as { rows: unknown[] };
        current = (marker.rows[0] as { key?: string } | undefined)?.key === key;
      } catch {
        current = false;
      } finally {
        await probe.close();
      }
    }
    if (!current) {
      console.log(`Erzeuge Datensatz (PostgreSQL ${name}, ${YEARS} Jahre × 26 × ${projects} Projekte) …`);
      await admin.db.execute(sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      await admin.db.execute(sql.raw(`CREATE DATABASE ${name}`));
      const fresh = openPostgres(withDatabase(base, name), { max: 4 });
      try {
        await generateDataset(fresh, projects);
        await fresh.db.execute(sql.raw(`CREATE TABLE bench_dataset (key text not null); INSERT INTO bench_dataset VALUES ('${key}'); ANALYZE;`));
      } finally {
        await fresh.close();
      }
    }
  } finally {
    await admin.close();
  }
  return openPostgres(withDatabase(base, name), { max: options.max ?? 10 });
}

/** The URL of the PostgreSQL data set database (for a server process started by a benchmark). */
export function postgresDatasetUrl(projects: DatasetSize): string {
  return withDatabase(postgresBaseUrl()!, `aqb_bench_${projects}`);
}
