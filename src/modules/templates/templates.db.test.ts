import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDemoSetting, seedMasterData } from '../../app/setup-database';
import type { AppDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { createTestDatabase } from '../../../tests/support/test-database';
import { defaultTemplate } from '../documents/service';
import { getAgreement, renderAgreementFile as renderStoredAgreement } from '../agreements/service';
import { findBudgetYears } from '../budget-years/service';
import {
  copyTemplateToYear,
  findTemplateVersions,
  findTemplateYears,
  getCurrentTemplate,
  saveTemplateVersion,
} from './service';

let database: AppDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('year templates', () => {
  it('seeds version 1 of 2024 and 2025 from the reference agreements, idempotently', async () => {
    await seedMasterData(database); // a second seed must not add versions
    expect(await findTemplateYears(database.db)).toEqual([
      { year: 2024, currentVersion: 1 },
      { year: 2025, currentVersion: 1 },
    ]);
    const t2024 = await getCurrentTemplate(database.db, 2024);
    expect(t2024.version).toBe(1);
    expect(t2024.content).toEqual(defaultTemplate(2024));
    expect((await getCurrentTemplate(database.db, 2025)).content.buendnisPeriod).toBe('2025 bis 2029');
  });

  it('throws TEMPLATE_MISSING with the exact German message for a year without template', async () => {
    const error = await rejection(getCurrentTemplate(database.db, 2016));
    expect(error.code).toBe('TEMPLATE_MISSING');
    expect(error.message).toBe('Für das AQB-Jahr 2016 ist keine Vorlage hinterlegt');
    expect(error.status).toBe(404);
  });

  it('records the template version on the seeded real agreements', async () => {
    const rtk = await getAgreement(database.db, 2024, '06439');
    expect(rtk.templateVersionId).toBe((await getCurrentTemplate(database.db, 2024)).id);
    const lw = await getAgreement(database.db, 2025, '06533');
    expect(lw.templateVersionId).toBe((await getCurrentTemplate(database.db, 2025)).id);
  });

  it('records the template version on demo agreements too', async () => {
    await applyDemoSetting(database, true);
    const current = await getCurrentTemplate(database.db, 2025);
    const demo = await getAgreement(database.db, 2025, '06411');
    expect(demo.isDemo).toBe(true);
    expect(demo.templateVersionId).toBe(current.id);
    await applyDemoSetting(database, false);
  });

  it('saves a change as a new version and keeps the old one; stored agreements keep rendering from their recorded version', async () => {
    const before = await getCurrentTemplate(database.db, 2024);
    const content = structuredClone(before.content);
    content.sections[6]!.paragraphs[1] = 'Die Zielvereinbarungen werden im Portal „Arbeitswelt Hessen“ veröffentlicht (geändert).';
    const saved = await database.db.transaction((tx) => saveTemplateVersion(tx, 2024, content, 'Portalname geändert', null));
    expect(saved.version).toBe(2);
    expect((await getCurrentTemplate(database.db, 2024)).id).toBe(saved.id);
    const versions = await findTemplateVersions(database.db, 2024);
    expect(versions.map((v) => [v.version, v.note])).toEqual([
      [2, 'Portalname geändert'],
      [1, 'Standardvorlage aus der veröffentlichten Zielvereinbarung'],
    ]);
    expect(versions[1]!.content).toEqual(before.content);

    // RTK 2024 records version 1: its text does not change with the new template version.
    const text = (await renderStoredAgreement(database.db, 2024, '06439', 'txt')).body as string;
    expect(text).toContain('Die Zielvereinbarungen werden auf dem Internetportal des HMSI');
    expect(text).not.toContain('(geändert)');
  });

  it('refuses an invalid template or a missing change note and stores nothing', async () => {
    const content = structuredClone((await getCurrentTemplate(database.db, 2025)).content);
    content.preamble.paragraphs[0] = 'Text mit {{gk.unbekannt}}';
    const error = await rejection(database.db.transaction((tx) => saveTemplateVersion(tx, 2025, content, '  ', null)));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((i) => i.path)).toEqual(['preamble.paragraphs.0', 'note']);
    expect(error.issues[0]!.message).toContain('Unbekannter Platzhalter „{{gk.unbekannt}}“');
    expect(await findTemplateVersions(database.db, 2025)).toHaveLength(1);
  });

  it('starts a new year as a copy of the previous year and refuses to copy twice', async () => {
    // The AQB year must exist first (the year set-up creates it in the same transaction).
    await database.db.execute("insert into budget_years (year) values (2026) on conflict do nothing" as never);
    expect((await findBudgetYears(database.db)).map((y) => y.year)).toContain(2026);
    const copy = await database.db.transaction((tx) => copyTemplateToYear(tx, 2025, 2026, null));
    expect(copy.year).toBe(2026);
    expect(copy.version).toBe(1);
    expect(copy.note).toBe('Kopie der Vorlage 2025 (Version 1)');
    expect(copy.content).toEqual((await getCurrentTemplate(database.db, 2025)).content);
    const again = await rejection(database.db.transaction((tx) => copyTemplateToYear(tx, 2025, 2026, null)));
    expect(again.code).toBe('CONFLICT');
    const missing = await rejection(database.db.transaction((tx) => copyTemplateToYear(tx, 2016, 2027, null)));
    expect(missing.message).toBe('Für das AQB-Jahr 2016 ist keine Vorlage hinterlegt');
  });

  it('renders stored agreements in every format with a German file name', async () => {
    const pdf = await renderStoredAgreement(database.db, 2024, '06439', 'pdf');
    expect(pdf.fileName).toBe('Zielvereinbarung_2024_Rheingau-Taunus-Kreis.pdf');
    expect(pdf.contentType).toBe('application/pdf');
    expect(Buffer.from(pdf.body as Uint8Array).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const json = await renderStoredAgreement(database.db, 2025, '06533', 'json');
    expect(json.fileName).toBe('Zielvereinbarung_2025_Landkreis_Limburg-Weilburg.json');
    expect(JSON.parse(json.body as string).amountCents).toBe(895_210_00);
    const missing = await rejection(renderStoredAgreement(database.db, 2025, '06439', 'txt'));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.message).toBe('Für den Rheingau-Taunus-Kreis gibt es im AQB-Jahr 2025 keine Zielvereinbarung.');
    expect((await rejection(renderStoredAgreement(database.db, 2024, '06999', 'txt'))).code).toBe('UNKNOWN_DISTRICT');
  });
});
