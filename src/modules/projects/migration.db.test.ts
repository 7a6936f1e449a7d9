import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBudgetYears } from '../budget-years/service';
import { seedDistricts } from '../districts/service';
import { type AppDatabase, MIGRATIONS_FOLDER, migrateDatabase, openPglite, openPostgres } from '../../platform/db/client';
import { adminUrl, databaseUrl } from '../../../tests/support/postgres-urls';
import { TEST_TARGET } from '../../../tests/support/test-database';
import { LW_2025, RTK_2024 } from '../documents/service';
import type { AgreementInterchange } from '../documents/schema';
import { measuresFromProjects, findProjects } from './service';

/**
 * Migration 0009 turns every project title of every stored agreement version into a project
 * record. This test builds a database at migration level 0008 with agreements the old way (titles
 * only, one title removed in a later version, one title listed twice), migrates, and checks that
 * nothing is lost: the lists drawn from the records are the stored lists, word for word.
 */

const BEFORE_PROJECTS = 8; // journal index of the last migration before the project records

let database: AppDatabase;
let folder: string;
let cleanup: () => Promise<void> = async () => {};

async function migrateTo(db: AppDatabase, migrationsFolder: string) {
  if (db.kind === 'pglite') await migratePglite(db.db as never, { migrationsFolder });
  else await migrateNodePg(db.db as never, { migrationsFolder });
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'aqb-migrations-'));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number }[] };
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.filter((e) => e.idx <= BEFORE_PROJECTS) }));
  if (TEST_TARGET === 'pglite') {
    database = await openPglite({});
  } else {
    const base = process.env.TEST_DATABASE_URL as string;
    const name = `aqb_migration_${process.pid}`;
    const admin = openPostgres(adminUrl(base), { max: 1 });
    await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
    await admin.db.execute(sql.raw(`create database ${name}`));
    await admin.close();
    database = openPostgres(databaseUrl(base, name), { max: 2 });
    cleanup = async () => {
      const again = openPostgres(adminUrl(base), { max: 1 });
      await again.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
      await again.close();
    };
  }
  await migrateTo(database, folder);
}, 120_000);

afterAll(async () => {
  await database?.close();
  await cleanup();
  rmSync(folder, { recursive: true, force: true });
});

async function insertOldAgreement(content: AgreementInterchange, versions: AgreementInterchange[]): Promise<void> {
  const rows = (await database.db.execute(
    sql`insert into agreements (year, ags, status, current_version) values (${content.year}, ${content.district.ags}, 'entwurf', ${versions.length}) returning id`,
  )) as unknown as { rows: { id: number }[] };
  const id = rows.rows[0]!.id;
  for (const [index, version] of versions.entries()) {
    await database.db.execute(sql`insert into agreement_versions (agreement_id, version, content, source) values (${id}, ${index + 1}, ${JSON.stringify(version)}::jsonb, 'test')`);
  }
}

describe('migration 0009: project records from every stored version', () => {
  it('keeps every title; the current lists come back word for word, older titles as entfallen', async () => {
    // Districts and years are the same at level 0008 as today: their seeds can run on the old schema.
    await seedDistricts(database.db);
    await seedBudgetYears(database.db);
    // RTK 2024 in two versions: version 1 had an extra project that version 2 removed.
    const withExtra: AgreementInterchange = structuredClone(RTK_2024);
    withExtra.measures[0]!.projects.push({ title: 'Später entfallenes Projekt' });
    await insertOldAgreement(RTK_2024, [withExtra, RTK_2024]);
    // LW 2025 with one title listed twice in Maßnahmenart 3.
    const doubled: AgreementInterchange = structuredClone(LW_2025);
    doubled.measures[2]!.projects.push({ title: doubled.measures[2]!.projects[0]!.title });
    await insertOldAgreement(doubled, [doubled]);

    await migrateDatabase(database);

    expect(await measuresFromProjects(database.db, 2024, '06439')).toEqual(RTK_2024.measures);
    expect(await measuresFromProjects(database.db, 2025, '06533')).toEqual(doubled.measures);
    const rtk = await findProjects(database.db, 2024, '06439', { includeDropped: true });
    expect(new Set(rtk.map((p) => p.key))).toEqual(new Set(rtk.map((_, i) => `P${i + 1}`)));
    const dropped = rtk.filter((p) => p.status === 'entfallen');
    expect(dropped.map((p) => p.title)).toEqual(['Später entfallenes Projekt']);
    expect(rtk.filter((p) => p.status === 'aktiv')).toHaveLength(11);
    expect(new Set(rtk.map((p) => p.key)).size).toBe(rtk.length);
  });
});
