import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeAgreement, defaultTemplate, renderText } from '../documents/service';
import { LW_2025 } from '../documents/reference-agreements';
import type { AgreementInterchange } from '../documents/schema';
import { findCurrentAgreementContent } from '../agreements/service';
import { findDistricts } from '../districts/service';
import type { District } from '../districts/schema';
import type { AppDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { createTestDatabase } from '../../../tests/support/test-database';
import {
  analyseImportFile,
  countImportDocuments,
  describeAgreementDifference,
  loadImportContext,
  refreshWarnings,
  saveImport,
  sha256Hex,
} from './service';
import { buildAgreement } from '../../../tests/factories';

const encoder = new TextEncoder();
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

/** The command line without an account: the system (see importAgreementContent). */
const SYSTEM = { actor: null, via: 'test' };

let database: AppDatabase;
let districts: District[];
beforeAll(async () => {
  database = await createTestDatabase();
  districts = await findDistricts(database.db);
});
afterAll(async () => {
  await database?.close();
});

/** Row counts of everything an import can write. */
async function counts() {
  const result = await database.db.execute(
    sql`select (select count(*) from agreements)::int as agreements, (select count(*) from agreement_versions)::int as versions, (select count(*) from import_documents)::int as documents`,
  );
  return (result as unknown as { rows: { agreements: number; versions: number; documents: number }[] }).rows[0]!;
}

function renderAgreementText(agreement: AgreementInterchange): Uint8Array {
  const district = districts.find((d) => d.ags === agreement.district.ags)!;
  return encoder.encode(renderText(composeAgreement({ agreement, district, template: defaultTemplate(agreement.year) })));
}

async function analyse(bytes: Uint8Array, fileName: string) {
  const result = await analyseImportFile(await loadImportContext(database.db), bytes, fileName);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result;
}

describe('saving imports', () => {
  it('keeps the original file of a reference agreement that equals the seeded one, then reports the re-import as unchanged', async () => {
    const bytes = fixture('limburg-weilburg_2025.txt');
    const analysed = await analyse(bytes, 'limburg-weilburg_2025.txt');
    expect(analysed.agreement).toEqual(LW_2025);
    const before = await counts();

    const first = await saveImport(database.db, SYSTEM, { fileName: 'limburg-weilburg_2025.txt', bytes, content: analysed.agreement, warnings: analysed.warnings });
    expect(first.status).toBe('same_content');
    expect(await counts()).toEqual({ ...before, documents: before.documents + 1 });
    const stored = await database.db.execute(sql`select sha256, bytes, size_bytes, media_type from import_documents where file_name = 'limburg-weilburg_2025.txt'`);
    const row = (stored as unknown as { rows: { sha256: string; bytes: Uint8Array; size_bytes: number; media_type: string }[] }).rows[0]!;
    expect(row.sha256).toBe(sha256Hex(bytes));
    expect(new Uint8Array(row.bytes)).toEqual(bytes);
    expect(row.size_bytes).toBe(bytes.byteLength);
    expect(row.media_type).toBe('text/plain');

    const again = await saveImport(database.db, SYSTEM, { fileName: 'kopie.txt', bytes, content: analysed.agreement, warnings: analysed.warnings });
    expect(again.status).toBe('unchanged');
    expect(again.message).toMatch(/^unverändert, bereits importiert am \d{1,2}\.\d{1,2}\.\d{4}/);
    expect(await counts()).toEqual({ ...before, documents: before.documents + 1 });
  });

  it('creates a signed agreement from a signed document and refuses a different text for it afterwards, changing nothing', async () => {
    const district = districts.find((d) => d.ags === '06611')!; // Stadt Kassel, not Landkreis Kassel
    const original = buildAgreement(district, 2025);
    const before = await counts();

    const firstBytes = renderAgreementText(original);
    const first = await analyse(firstBytes, 'kassel.txt');
    expect(first.agreement).toEqual(original);
    const created = await saveImport(database.db, SYSTEM, { fileName: 'kassel.txt', bytes: firstBytes, content: first.agreement, warnings: first.warnings });
    expect(created).toMatchObject({ status: 'created', version: 1 });
    expect(await counts()).toEqual({ agreements: before.agreements + 1, versions: before.versions + 1, documents: before.documents + 1 });
    const status = await database.db.execute(sql`select status from agreements where ags = '06611' and year = 2025`);
    expect((status as unknown as { rows: { status: string }[] }).rows[0]!.status).toBe('unterzeichnet');

    const changed: AgreementInterchange = structuredClone(original);
    changed.amountCents = original.amountCents + 1_000_00;
    const secondBytes = renderAgreementText(changed);
    const second = await analyse(secondBytes, 'kassel-neu.txt');
    const refused = await saveImport(database.db, SYSTEM, { fileName: 'kassel-neu.txt', bytes: secondBytes, content: second.agreement, warnings: second.warnings }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'INVALID_STATE_TRANSITION' });
    expect((refused as Error).message).toContain('im Status „Unterzeichnet“');
    expect(await counts()).toEqual({ agreements: before.agreements + 1, versions: before.versions + 1, documents: before.documents + 1 });
    expect(await findCurrentAgreementContent(database.db, '06611', 2025)).toEqual(original);
  });

  it('stores a different document for a draft as version 2 with the difference, keeping version 1', async () => {
    const district = districts.find((d) => d.ags === '06633')!; // Landkreis Kassel
    const original: AgreementInterchange = { ...buildAgreement(district, 2025), signatures: { land: null, district: null } };
    const before = await counts();
    const firstBytes = renderAgreementText(original);
    const first = await analyse(firstBytes, 'lk-kassel.txt');
    expect(await saveImport(database.db, SYSTEM, { fileName: 'lk-kassel.txt', bytes: firstBytes, content: first.agreement, warnings: first.warnings })).toMatchObject({ status: 'created', version: 1 });

    const changed: AgreementInterchange = structuredClone(original);
    changed.amountCents = original.amountCents + 1_000_00;
    const removedTitle = changed.measures[2]!.projects[0]!.title;
    changed.measures[2]!.projects.shift();
    changed.measures[0]!.projects.push({ title: 'Neues Projekt „Brücke“' });
    const secondBytes = renderAgreementText(changed);
    const second = await analyse(secondBytes, 'lk-kassel-neu.txt');
    expect(second.agreement).toEqual(changed);
    const outcome = await saveImport(database.db, SYSTEM, { fileName: 'lk-kassel-neu.txt', bytes: secondBytes, content: second.agreement, warnings: second.warnings });
    expect(outcome.status).toBe('new_version');
    if (outcome.status !== 'new_version') return;
    expect(outcome.version).toBe(2);
    expect(outcome.differences.map((d) => d.field)).toEqual(['amountCents', 'measures', 'measures']);
    expect(outcome.differences[1]!.message).toBe('Maßnahmenart 1: hinzugefügt „Neues Projekt „Brücke““');
    expect(outcome.differences[2]!.message).toBe(`Maßnahmenart 3: entfernt „${removedTitle}“`);
    expect(await counts()).toEqual({ agreements: before.agreements + 1, versions: before.versions + 2, documents: before.documents + 2 });
    expect(await findCurrentAgreementContent(database.db, '06633', 2025)).toEqual(changed);
    // Version 1 is kept, not overwritten.
    const v1 = await database.db.execute(
      sql`select v.content from agreement_versions v join agreements a on a.id = v.agreement_id where a.ags = '06633' and a.year = 2025 and v.version = 1`,
    );
    expect((v1 as unknown as { rows: { content: unknown }[] }).rows[0]!.content).toEqual(original);
  });

  it('turns a different document for a published agreement into a Nachtrag draft; the publication stays as it is', async () => {
    const published = await findCurrentAgreementContent(database.db, '06533', 2025); // LW 2025, seeded as published
    const changed: AgreementInterchange = structuredClone(published!);
    changed.measures[0]!.projects.push({ title: 'Nachträglich aufgenommenes Projekt' });
    const bytes = renderAgreementText(changed);
    const analysed = await analyse(bytes, 'lw-nachtrag.txt');
    const outcome = await saveImport(database.db, SYSTEM, { fileName: 'lw-nachtrag.txt', bytes, content: analysed.agreement, warnings: analysed.warnings });
    expect(outcome.status).toBe('amendment');
    const rows = (await database.db.execute(
      sql`select a.status, v.amends_version, v.content from agreements a join agreement_versions v on v.agreement_id = a.id and v.version = a.current_version where a.ags = '06533' and a.year = 2025`,
    )) as unknown as { rows: { status: string; amends_version: number; content: AgreementInterchange }[] };
    expect(rows.rows[0]).toMatchObject({ status: 'entwurf', amends_version: 1 });
    expect(rows.rows[0]!.content.signatures).toEqual({ land: null, district: null });
    const publications = (await database.db.execute(sql`select count(*)::int as n from agreement_publications p join agreements a on a.id = p.agreement_id where a.ags = '06533' and a.year = 2025`)) as unknown as { rows: { n: number }[] };
    expect(publications.rows[0]!.n).toBe(1);
  });


  it('leaves the database unchanged when the AQB year is not set up', async () => {
    const district = districts.find((d) => d.ags === '06412')!;
    const bytes = renderAgreementText(buildAgreement(district, 2025));
    // A corrected year in the preview, or an old document: 2019 has no budget_years row.
    const content = buildAgreement(district, 2019);
    const before = await counts();
    const error = await saveImport(database.db, SYSTEM, { fileName: 'frankfurt-2019.txt', bytes, content, warnings: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe('Das AQB-Jahr 2019 ist nicht angelegt.');
    expect(await counts()).toEqual(before);
  });

  it('rolls back the new agreement version when the database rejects the file row in the same transaction', async () => {
    const district = districts.find((d) => d.ags === '06413')!; // Offenbach am Main (Stadt)
    const agreement = buildAgreement(district, 2024);
    const bytes = renderAgreementText(agreement);
    const analysed = await analyse(bytes, 'offenbach.txt');
    const before = await counts();
    // PostgreSQL refuses NUL characters in text: the agreement rows are already written when the
    // import_documents insert fails, so only the transaction keeps the database clean.
    await expect(saveImport(database.db, SYSTEM, { fileName: 'offen\u0000bach.txt', bytes, content: analysed.agreement, warnings: [] })).rejects.toThrow();
    expect(await counts()).toEqual(before);
    expect(await findCurrentAgreementContent(database.db, '06413', 2024)).toBeUndefined();
  });

  it('answers unreadable files and non-agreements with coded German errors and writes nothing', async () => {
    const before = await counts();
    const ctx = await loadImportContext(database.db);
    const junk = await analyseImportFile(ctx, new Uint8Array([0, 1, 2, 3, 255, 254, 0, 7]), 'daten.txt');
    expect(junk).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_FILE' } });
    const letter = await analyseImportFile(ctx, encoder.encode('Sehr geehrte Damen und Herren,\nanbei die Unterlagen.\n'), 'brief.md');
    expect(letter).toMatchObject({ ok: false, error: { code: 'NOT_AN_AGREEMENT' } });
    expect(await countImportDocuments(database.db)).toBe(before.documents);
    expect(await counts()).toEqual(before);
  });
});

describe('warnings and differences', () => {
  it('warns about an amount that differs from the allocation, and recomputes it for corrected content', async () => {
    const ctx = await loadImportContext(database.db);
    const changed = { ...LW_2025, amountCents: 900_000_00 };
    const analysed = await analyseImportFile(ctx, renderAgreementText(changed), 'lw.txt');
    expect(analysed.ok && analysed.warnings.map((w) => w.code)).toContain('AMOUNT_MISMATCH');
    if (!analysed.ok) return;
    expect(refreshWarnings(ctx, LW_2025, analysed.warnings).map((w) => w.code)).not.toContain('AMOUNT_MISMATCH');
    expect(refreshWarnings(ctx, changed, []).find((w) => w.code === 'AMOUNT_MISMATCH')?.message).toBe(
      'Der Betrag in § 4 (900.000,00 €) weicht um 4.790,00 € von der aktuellen Zuweisung (895.210,00 €) ab.',
    );
  });

  it('reports no difference for equal agreements and a reordering separately', () => {
    expect(describeAgreementDifference(LW_2025, structuredClone(LW_2025))).toEqual([]);
    const reordered = structuredClone(LW_2025);
    const projects = reordered.measures.find((m) => m.projects.length > 1)!;
    projects.projects.reverse();
    expect(describeAgreementDifference(LW_2025, reordered)).toEqual([
      { field: 'measures', message: `Maßnahmenart ${projects.type}: Reihenfolge der Projekte geändert` },
    ]);
  });
});
