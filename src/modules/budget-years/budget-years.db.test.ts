import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { getMeasureTypeLabels, setMeasureTypeLabel } from '../catalogs/service';
import { addSubBudget, createBudgetYear, findSubBudgets, getBudgetYear, removeSubBudget, setLandesbudget } from './service';

let database: AppDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('creating an AQB year', () => {
  it('copies labels, Teilbudgets and the Bündnis period of the previous year in one transaction, with who and when', async () => {
    await database.db.transaction(async (tx) => {
      await setMeasureTypeLabel(tx, 2025, 2, 'Qualifizierung junger Erwachsener (2025)');
      await addSubBudget(tx, { year: 2025, name: 'Teilzeitausbildung', amountCents: 1_000_000_00, paragraphText: 'Teilzeitausbildung mit 1.000.000 Euro.', actor: 'referat-ii' });
      await setLandesbudget(tx, { year: 2025, landesbudgetCents: 27_700_000_00, actor: 'referat-ii' });
    });
    const result = await database.db.transaction((tx) => createBudgetYear(tx, { year: 2026, actor: 'referat-ii', landesbudgetCents: 28_000_000_00 }));
    expect(result).toEqual({ year: 2026, copiedFromYear: 2025, copiedLabels: 4, copiedSubBudgets: 1, copiedTemplate: true });
    const year = await getBudgetYear(database.db, 2026);
    expect(year).toMatchObject({ landesbudgetCents: 28_000_000_00, buendnisPeriod: '2025 bis 2029', copiedFromYear: 2025, createdBy: 'referat-ii' });
    expect((await getMeasureTypeLabels(database.db, 2026))[1]).toBe('Qualifizierung junger Erwachsener (2025)');
    expect((await findSubBudgets(database.db, 2026)).map((p) => [p.name, p.amountCents, p.paragraphText])).toEqual([['Teilzeitausbildung', 1_000_000_00, 'Teilzeitausbildung mit 1.000.000 Euro.']]);
    // The copy is independent of the original.
    const [copy] = await findSubBudgets(database.db, 2026);
    await database.db.transaction((tx) => removeSubBudget(tx, 2026, copy!.id));
    expect(await findSubBudgets(database.db, 2025)).toHaveLength(1);
  });

  it('refuses an existing or implausible year and leaves nothing behind', async () => {
    await expect(database.db.transaction((tx) => createBudgetYear(tx, { year: 2026, actor: 'x' }))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(database.db.transaction((tx) => createBudgetYear(tx, { year: 1999, actor: 'x' }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    // Without a previous year the new year starts empty.
    expect(await database.db.transaction((tx) => createBudgetYear(tx, { year: 2040, actor: 'x' }))).toEqual({ year: 2040, copiedFromYear: null, copiedLabels: 0, copiedSubBudgets: 0, copiedTemplate: false });
    await expect(database.db.transaction((tx) => removeSubBudget(tx, 2025, 999_999))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
