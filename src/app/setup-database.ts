import { type AppDatabase, migrateDatabase } from '../platform/db/client';
import { publishSeededAgreements, recordTemplateOnSeededVersions, seedRealAgreements } from '../modules/agreements/service';
import { seedRealAllocations } from '../modules/budget-years/service';
import { REAL_YEARS, seedBudgetYears } from '../modules/budget-years/service';
import { seedCatalogs, seedMeasureTypeLabels } from '../modules/catalogs/service';
import { removeDemo, seedDemo } from '../modules/demo/service';
import { seedDistricts } from '../modules/districts/service';
import { seedPortal } from '../modules/portal/service';
import { seedTemplates } from '../modules/templates/service';

/**
 * Seeds the master data (districts, Maßnahmenarten, Rechtskreise, years, the real allocations and
 * agreements) in one transaction. Idempotent: existing rows, including an administrator's edits,
 * are kept.
 */
export async function seedMasterData(database: AppDatabase): Promise<void> {
  await database.db.transaction(async (tx) => {
    await seedDistricts(tx);
    await seedCatalogs(tx);
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

/** Loads (`true`) or removes (`false`) the demo data set in one transaction. */
export async function applyDemoSetting(database: AppDatabase, demo: boolean): Promise<void> {
  await database.db.transaction(async (tx) => {
    if (demo) await seedDemo(tx);
    else await removeDemo(tx);
  });
}

/** Migrates, seeds master data and applies the demo setting: what every start does. */
export async function prepareDatabase(database: AppDatabase, options: { demo: boolean }): Promise<void> {
  await migrateDatabase(database);
  await seedMasterData(database);
  await applyDemoSetting(database, options.demo);
}
