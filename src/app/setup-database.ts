import { sql } from 'drizzle-orm';
import { recordAuditEvent } from '../platform/audit/store';
import { type AppDatabase, type Executor, migrateDatabase, withAdvisoryLock } from '../platform/db/client';
import { publishSeededAgreements, recordTemplateOnSeededVersions, seedRealAgreements } from '../modules/agreements/service';
import { seedRealAllocations } from '../modules/budget-years/service';
import { REAL_YEARS, seedBudgetYears } from '../modules/budget-years/service';
import { seedCatalogs, seedMeasureTypeLabels } from '../modules/catalogs/service';
import { removeDemo, seedDemo } from '../modules/demo/service';
import { seedDistricts } from '../modules/districts/service';
import { seedBaseInterestRates } from '../modules/funding/service';
import { seedLetterheads } from '../modules/letterheads/service';
import { seedPortal } from '../modules/portal/service';
import { seedTemplates } from '../modules/templates/service';

/** The tables seeding and the demo data set write to; their row counts before and after are audited. */
const SEEDED_TABLES = [
  'districts',
  'measure_types',
  'legal_spheres',
  'base_interest_rates',
  'letterheads',
  'measure_type_labels',
  'budget_years',
  'allocations',
  'allocation_scenarios',
  'sub_budgets',
  'agreements',
  'agreement_versions',
  'agreement_templates',
  'agreement_publications',
  'portal_pages',
  'users',
] as const;

async function rowCounts(tx: Executor): Promise<Record<string, number>> {
  const select = SEEDED_TABLES.map((table) => `(select count(*) from ${table}) as ${table}`).join(', ');
  const result = (await tx.execute(sql.raw(`select ${select}`))) as unknown as { rows: Record<string, unknown>[] };
  return Object.fromEntries(SEEDED_TABLES.map((table) => [table, Number(result.rows[0]?.[table] ?? 0)]));
}

/**
 * Runs a start-up step in one transaction and records what it changed as ONE audit event of the
 * system (actor null): the row count of every seeded table that changed. A start that changes
 * nothing writes no event, so restarts add no noise.
 */
async function audited(database: AppDatabase, action: string, step: (tx: Executor) => Promise<void>): Promise<void> {
  await database.db.transaction(async (tx) => {
    const before = await rowCounts(tx);
    await step(tx);
    const after = await rowCounts(tx);
    const changed = SEEDED_TABLES.filter((table) => before[table] !== after[table]);
    if (changed.length === 0) return;
    await recordAuditEvent(tx, {
      actorId: null,
      action,
      recordType: 'system',
      recordId: null,
      before: Object.fromEntries(changed.map((table) => [table, before[table]])),
      after: Object.fromEntries(changed.map((table) => [table, after[table]])),
    });
  });
}

/**
 * Seeds the master data (districts, Maßnahmenarten, Rechtskreise, years, the real allocations and
 * agreements) in one transaction, audited as `system.seed`. Idempotent: existing rows, including
 * an administrator's edits, are kept.
 */
export async function seedMasterData(database: AppDatabase): Promise<void> {
  await audited(database, 'system.seed', async (tx) => {
    await seedDistricts(tx);
    await seedCatalogs(tx);
    await seedBaseInterestRates(tx);
    await seedLetterheads(tx);
    await seedBudgetYears(tx);
    for (const { year } of REAL_YEARS) await seedMeasureTypeLabels(tx, year);
    await seedRealAllocations(tx);
    await seedRealAgreements(tx);
    await seedTemplates(tx);
    await recordTemplateOnSeededVersions(tx, ['reference-agreement']);
    await seedPortal(tx);
    // Last: freezes the PDFs of the seeded published agreements with their recorded template.
    await publishSeededAgreements(tx);
  });
}

/** Loads (`true`) or removes (`false`) the demo data set in one transaction, audited as `system.demo.load` / `.remove`. */
export async function applyDemoSetting(database: AppDatabase, demo: boolean): Promise<void> {
  await audited(database, demo ? 'system.demo.load' : 'system.demo.remove', async (tx) => {
    if (demo) await seedDemo(tx);
    else await removeDemo(tx);
  });
}

/** Key of the advisory lock around the whole start-up preparation (migrations have their own). */
const STARTUP_LOCK_KEY = 4_711_2025;

/**
 * Migrates, seeds master data and applies the demo setting: what every start does. Several
 * processes starting together on one PostgreSQL database take turns (advisory lock): the first
 * migrates and seeds, the others find nothing left to do and write no audit event.
 */
export async function prepareDatabase(database: AppDatabase, options: { demo: boolean }): Promise<void> {
  await withAdvisoryLock(database, STARTUP_LOCK_KEY, async () => {
    await migrateDatabase(database);
    await seedMasterData(database);
    await applyDemoSetting(database, options.demo);
  });
}
