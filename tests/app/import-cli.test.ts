import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/app/cli/main';
import { freshDatabase } from '../support/cli';
import { composeAgreement, defaultTemplate, renderDocx, renderPdf, renderText } from '../../src/modules/documents/service';
import { LW_2025, RTK_2024 } from '../../src/modules/documents/reference-agreements';
import type { AgreementInterchange } from '../../src/modules/documents/schema';
import { loadShippedDistricts } from '../../src/modules/districts/master-data';
import { buildAgreement } from '../factories';
import { formatEuro } from '../../src/platform/format';

const MEMORY = { DATABASE_URL: 'memory://' };
const districts = loadShippedDistricts();
const fixtures = new URL('../../src/modules/imports/fixtures/', import.meta.url);

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) }, get out() { return out; }, get err() { return err; } };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function compose(agreement: AgreementInterchange) {
  const district = districts.find((d) => d.ags === agreement.district.ags)!;
  return composeAgreement({ agreement, district, template: defaultTemplate(agreement.year) });
}

let dir: string;
const file = (name: string) => join(dir, name);
let darmstadt: AgreementInterchange; // Wissenschaftsstadt Darmstadt, not Landkreis Darmstadt-Dieburg
let offenbachKreis: AgreementInterchange;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aqb-import-cli-'));
  writeFileSync(file('rtk_2024.md'), readFileSync(new URL('rheingau-taunus-kreis_2024.md', fixtures)));
  writeFileSync(file('lw_2025.txt'), readFileSync(new URL('limburg-weilburg_2025.txt', fixtures)));
  darmstadt = buildAgreement(districts.find((d) => d.ags === '06411')!, 2025);
  offenbachKreis = buildAgreement(districts.find((d) => d.ags === '06438')!, 2024);
  writeFileSync(file('darmstadt.pdf'), await renderPdf(compose(darmstadt)));
  writeFileSync(file('offenbach-kreis.docx'), await renderDocx(compose(offenbachKreis)));
  writeFileSync(file('junk.pdf'), Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
  writeFileSync(file('vereinbarung.odt'), 'Zielvereinbarung');
  mkdirSync(file('ordner.txt'));
  const withoutAmount = readFileSync(new URL('limburg-weilburg_2025.txt', fixtures), 'utf8').replace(/\d{1,3}(?:\.\d{3})+(?:,\d{2})?\s*(?:€|Euro|EUR)/g, 'die zugewiesenen Mittel');
  writeFileSync(file('ohne-betrag.txt'), withoutAmount);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type JsonEntry = Record<string, unknown> & { source: { file: string; sha256: string | null }; error?: { code: string; message: string; field?: string }; warnings?: { code: string; message: string }[] };

async function importJson(paths: string[], extra: string[] = []) {
  const c = capture();
  const code = await runCli(['import', ...paths, '--json', ...extra], c.io, MEMORY, freshDatabase);
  return { code, entries: JSON.parse(c.out) as JsonEntry[], err: c.err };
}

function agreementOf(entry: JsonEntry): AgreementInterchange {
  const { source: _source, warnings: _warnings, saved: _saved, ...agreement } = entry;
  return agreement as unknown as AgreementInterchange;
}

describe('aqb import', () => {
  it('recognises both reference agreements, a PDF and a DOCX with every field; exit 0; JSON in argument order', async () => {
    const paths = [file('lw_2025.txt'), file('rtk_2024.md'), file('darmstadt.pdf'), file('offenbach-kreis.docx')];
    const { code, entries } = await importJson(paths);
    expect(code).toBe(0);
    expect(entries.map((e) => e.source.file)).toEqual(paths);
    expect(entries.map(agreementOf)).toEqual([LW_2025, RTK_2024, darmstadt, offenbachKreis]);
    for (const [i, entry] of entries.entries()) expect(entry.source.sha256).toBe(sha256(readFileSync(paths[i]!)));
    expect(Object.keys(entries[0]!)).toEqual(['schema', 'year', 'district', 'amountCents', 'measures', 'signatures', 'source', 'warnings']);
    // LW 2025: "Landkreis Landkreis" template defects and the Land's signature on Saturday, 2.8.2025.
    expect(entries[0]!.warnings!.map((w) => w.code)).toEqual(['TEMPLATE_DEFECT', 'TEMPLATE_DEFECT', 'SIGNATURE_ON_WEEKEND', 'TEMPLATE_DEFECT']);
    expect(entries[0]!.warnings![2]!.message).toBe('Die Unterschrift des Landes ist auf Samstag, den 2.8.2025 datiert (Wochenende).');
  });

  it('answers every bad input with its own code and German message, keeps going, and exits 1', async () => {
    const paths = [file('junk.pdf'), file('vereinbarung.odt'), file('ordner.txt'), file('fehlt.txt'), file('ohne-betrag.txt'), file('lw_2025.txt')];
    const { code, entries } = await importJson(paths);
    expect(code).toBe(1);
    expect(entries.map((e) => e.source.file)).toEqual(paths);
    expect(entries.map((e) => e.error?.code)).toEqual(['PDF_UNREADABLE', 'UNSUPPORTED_FILE', 'NOT_A_FILE', 'FILE_NOT_FOUND', 'MISSING_AMOUNT', undefined]);
    expect(entries[0]!.error!.message).toContain('ist keine lesbare PDF-Datei');
    expect(entries[1]!.error!.message).toContain('Nur Dateien mit den Endungen .md, .txt, .pdf und .docx');
    expect(entries[2]!.error!.message).toBe(`„${paths[2]}“ ist keine Datei, sondern ein Verzeichnis.`);
    expect(entries[3]!.error!.message).toBe(`Die Datei „${paths[3]}“ gibt es nicht.`);
    expect(entries[4]!.error).toEqual({ code: 'MISSING_AMOUNT', field: 'amountCents', message: 'Der Betrag der Haushaltsmittel (§ 4) wurde nicht gefunden.' });
    expect(entries[4]!.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(entries[3]!.source.sha256).toBeNull();
    expect(Object.keys(entries[0]!)).toEqual(['source', 'error']);
    expect(agreementOf(entries[5]!)).toEqual(LW_2025);
  });

  it('warns when the amount differs from the allocation', async () => {
    const other = { ...LW_2025, amountCents: 900_000_00 };
    writeFileSync(file('lw-anders.txt'), renderText(compose(other)));
    const { code, entries } = await importJson([file('lw-anders.txt')]);
    expect(code).toBe(0);
    expect(entries[0]!.warnings).toContainEqual({
      code: 'AMOUNT_MISMATCH',
      message: 'Der Betrag in § 4 (900.000,00 €) weicht um 4.790,00 € von der aktuellen Zuweisung (895.210,00 €) ab.',
      line: expect.any(Number),
    });
  });

  it('--save stores each file once, reports a re-import as unchanged and a changed document as a new version of a draft', async () => {
    // An unsigned document starts a draft; its changed text becomes version 2.
    const draft: AgreementInterchange = { ...structuredClone(darmstadt), signatures: { land: null, district: null } };
    writeFileSync(file('darmstadt-entwurf.pdf'), await renderPdf(compose(draft)));
    const changed = structuredClone(draft);
    changed.amountCents += 500_00;
    changed.measures[3]!.projects.push({ title: 'Schulung „Digitale Akte“' });
    writeFileSync(file('darmstadt-v2.txt'), renderText(compose(changed)));
    const { code, entries } = await importJson([file('darmstadt-entwurf.pdf'), file('darmstadt-entwurf.pdf'), file('darmstadt-v2.txt')], ['--save']);
    expect(code).toBe(0);
    const saved = entries.map((e) => e.saved as { status: string; version: number; message: string; differences?: { field: string; message: string }[] });
    expect(saved.map((s) => [s.status, s.version])).toEqual([
      ['created', 1],
      ['unchanged', 1],
      ['new_version', 2],
    ]);
    expect(saved[1]!.message).toMatch(/^unverändert, bereits importiert am /);
    expect(saved[2]!.differences).toEqual([
      { field: 'amountCents', message: `Betrag: ${formatEuro(draft.amountCents)} → ${formatEuro(changed.amountCents)}` },
      { field: 'measures', message: 'Maßnahmenart 4: hinzugefügt „Schulung „Digitale Akte““' },
    ]);
  });

  it('--save never changes signed content: a different text for a signed agreement is refused (exit 1), a published one gets a Nachtrag draft', async () => {
    const signed = buildAgreement(districts.find((d) => d.ags === '06412')!, 2025); // Frankfurt, both signatures
    writeFileSync(file('frankfurt.txt'), renderText(compose(signed)));
    const changed = structuredClone(signed);
    changed.amountCents += 1_00;
    writeFileSync(file('frankfurt-v2.txt'), renderText(compose(changed)));
    const { code, entries } = await importJson([file('frankfurt.txt'), file('frankfurt-v2.txt')], ['--save']);
    expect(code).toBe(1);
    expect((entries[0]!.saved as { status: string }).status).toBe('created');
    expect(entries[1]!.error).toMatchObject({ code: 'SAVE_FAILED' });
    expect((entries[1]!.error as { message: string }).message).toContain('im Status „Unterzeichnet“');

    const published = readFileSync(file('lw_2025.txt'), 'utf8').replace('895.210', '895.310');
    writeFileSync(file('lw_2025-geaendert.txt'), published);
    const amended = await importJson([file('lw_2025-geaendert.txt')], ['--save']);
    expect(amended.code).toBe(0);
    expect((amended.entries[0]!.saved as { status: string; message: string }).status).toBe('amendment');
  });

  it('--save refuses an agreement for a year that is not set up, with exit 1 and a German message', async () => {
    const old = buildAgreement(districts.find((d) => d.ags === '06412')!, 2025);
    writeFileSync(file('frankfurt-2019.txt'), renderText(compose(old)).replaceAll('2025', '2019'));
    const { code, entries } = await importJson([file('frankfurt-2019.txt')], ['--save']);
    expect(code).toBe(1);
    expect(entries[0]!.error).toEqual({ code: 'SAVE_FAILED', message: 'Nicht gespeichert: Das AQB-Jahr 2019 ist nicht angelegt.' });
  });

  it('prints a readable German summary without --json', async () => {
    const c = capture();
    const code = await runCli(['import', file('lw_2025.txt'), file('fehlt.txt')], c.io, MEMORY, freshDatabase);
    expect(code).toBe(1);
    expect(c.out).toContain(`${file('lw_2025.txt')}: erkannt – Landkreis Limburg-Weilburg (AGS 06533), AQB-Jahr 2025, 895.210,00 €`);
    expect(c.out).toContain('Unterschrift Gebietskörperschaft: Michael Köberle, Landrat, Limburg, 14.8.2025');
    expect(c.out).toContain(`${file('fehlt.txt')}: nicht erkannt – Die Datei „${file('fehlt.txt')}“ gibt es nicht. [FILE_NOT_FOUND]`);
    expect(c.out).toContain('1 von 2 Dateien erkannt.');
  });

  it('asks for a file when none is given (exit 2)', async () => {
    const c = capture();
    expect(await runCli(['import', '--json'], c.io, MEMORY, freshDatabase)).toBe(2);
    expect(c.err).toContain('Bitte mindestens eine Datei angeben.');
  });
});
