import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { getMeasureTypeLabels, setMeasureTypeLabel } from '../catalogs/service';
import { buildUser } from '../../../tests/factories';
import { addSubBudget, createBudgetYear, findSubBudgets, getBudgetYear, removeSubBudget, setLandesbudget } from './years';

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
      await addSubBudget(tx, { year: 2025, name: 'Teilzeitausbildung', amountCents: 1_000_000_00, paragraphText: 'Teilzeitausbildung mit 1.000.000 Euro.', actor: null });
      await setLandesbudget(tx, { year: 2025, landesbudgetCents: 27_700_000_00, actor: null });
    });
    const { id: clerk } = await buildUser(database, 'hmsi');
    const result = await database.db.transaction((tx) => createBudgetYear(tx, { year: 2026, actor: clerk, landesbudgetCents: 28_000_000_00 }));
    expect(result).toEqual({ year: 2026, copiedFromYear: 2025, copiedLabels: 4, copiedSubBudgets: 1, copiedTemplate: true });
    const year = await getBudgetYear(database.db, 2026);
    expect(year).toMatchObject({ landesbudgetCents: 28_000_000_00, buendnisPeriod: '2025 bis 2029', copiedFromYear: 2025, createdBy: clerk });
    expect((await getMeasureTypeLabels(database.db, 2026))[1]).toBe('Qualifizierung junger Erwachsener (2025)');
    expect((await findSubBudgets(database.db, 2026)).map((p) => [p.name, p.amountCents, p.paragraphText])).toEqual([['Teilzeitausbildung', 1_000_000_00, 'Teilzeitausbildung mit 1.000.000 Euro.']]);
    // The copy is independent of the original.
    const [copy] = await findSubBudgets(database.db, 2026);
    await database.db.transaction((tx) => removeSubBudget(tx, 2026, copy!.id, null));
    expect(await findSubBudgets(database.db, 2025)).toHaveLength(1);
  });

  it('refuses an existing or implausible year and leaves nothing behind', async () => {
    await expect(database.db.transaction((tx) => createBudgetYear(tx, { year: 2026, actor: null }))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(database.db.transaction((tx) => createBudgetYear(tx, { year: 1999, actor: null }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    // Without a previous year the new year starts empty.
    expect(await database.db.transaction((tx) => createBudgetYear(tx, { year: 2040, actor: null }))).toEqual({ year: 2040, copiedFromYear: null, copiedLabels: 0, copiedSubBudgets: 0, copiedTemplate: false });
    await expect(database.db.transaction((tx) => removeSubBudget(tx, 2025, 999_999, null))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('Teilbudgets in § 2 of the agreements', () => {
  it('puts a Teilbudget’s text into § 2 as a new template version, renders it, and strikes it when the Teilbudget goes', async () => {
    const { getCurrentTemplate } = await import('../templates/service');
    const { renderAgreementFile: renderStoredAgreement, renderInterchangeFile: renderInterchange } = await import('../agreements/service');
    const text = 'Im Jahr {{jahr}} stehen zusätzlich Landesmittel für die Teilzeitausbildung bereit.';
    const before = await getCurrentTemplate(database.db, 2024);
    const added = await database.db.transaction((tx) =>
      addSubBudget(tx, { year: 2024, name: 'Teilzeit 2024', amountCents: 500_000_00, paragraphText: text, actor: null }),
    );
    const withText = await getCurrentTemplate(database.db, 2024);
    expect(withText.version).toBe(before.version + 1);
    expect(withText.content.sections.find((s) => s.number === 2)!.paragraphs.at(-1)).toBe(text);
    // A new draft rendered now carries the sentence with the year filled in (RTK 2024 records v1, so render the current one).
    const { RTK_2024 } = await import('../documents/reference-agreements');
    const rendered = await renderInterchange(database.db, RTK_2024, 'txt');
    expect(String(rendered.body)).toContain('Im Jahr 2024 stehen zusätzlich Landesmittel für die Teilzeitausbildung bereit.');
    // The published RTK 2024 keeps the wording it was rendered with.
    expect(String((await renderStoredAgreement(database.db, 2024, '06439', 'txt')).body)).not.toContain('Teilzeitausbildung bereit');

    await database.db.transaction((tx) => removeSubBudget(tx, 2024, added.id, null));
    const after = await getCurrentTemplate(database.db, 2024);
    expect(after.version).toBe(before.version + 2);
    expect(after.content.sections.find((s) => s.number === 2)!.paragraphs).toEqual(before.content.sections.find((s) => s.number === 2)!.paragraphs);
  });

  it('refuses a § 2 text with an unknown placeholder and saves nothing', async () => {
    await expect(
      database.db.transaction((tx) => addSubBudget(tx, { year: 2024, name: 'Kaputt', amountCents: 1, paragraphText: 'Im Jahr {{jahrr}}.', actor: null })),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'paragraphText' }] });
    expect((await findSubBudgets(database.db, 2024)).map((s) => s.name)).not.toContain('Kaputt');
  });
});
