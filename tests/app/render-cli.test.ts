import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/app/cli/main';
import { sharedDatabase } from '../support/cli';
import { RTK_2024 } from '../../src/modules/documents/reference-agreements';

const ENV = { DATABASE_URL: 'memory://' };
const dir = mkdtempSync(join(tmpdir(), 'aqb-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) }, get out() { return out; }, get err() { return err; } };
}

function writeJson(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

async function render(args: string[]) {
  const c = capture();
  const code = await runCli(['render', ...args], c.io, ENV, sharedDatabase());
  return { code, out: c.out, err: c.err };
}

describe('aqb render --from', () => {
  const rtk = writeJson('rtk.json', RTK_2024);

  it('renders an interchange file as text to stdout', async () => {
    const r = await render(['--from', rtk, '--format', 'txt']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('und dem Rheingau-Taunus-Kreis');
    expect(r.out).toContain('787.100 Euro');
    expect(r.out).toContain('Landrat des Rheingau-Taunus-Kreises');
  });

  it('renders a complete German HTML page to stdout', async () => {
    const r = await render(['--from', rtk, '--format', 'html']);
    expect(r.code).toBe(0);
    expect(r.out.startsWith('<!DOCTYPE html>\n<html lang="de">')).toBe(true);
    expect(r.out).toContain('<title>Zielvereinbarung 2024 – Rheingau-Taunus-Kreis</title>');
    expect(r.out.match(/<h1>/g)).toHaveLength(1);
    expect(r.out).toContain('<li>Projekt &quot;DigiStart24&quot; (Digitales Lernen im RTK für Kunden/Innen des SGB II)</li>');
  });

  it('writes a tagged PDF with --out', async () => {
    const out = join(dir, 'rtk.pdf');
    const r = await render(['--from', rtk, '--format', 'pdf', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(out);
    const info = execFileSync('pdfinfo', [out], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Title:\s+Zielvereinbarung 2024 – Rheingau-Taunus-Kreis/);
    expect(info).toMatch(/Pages:\s+[2-9]/);
  });

  it('writes a DOCX with --out', async () => {
    const out = join(dir, 'rtk.docx');
    expect((await render(['--from', rtk, '--format', 'docx', '--out', out])).code).toBe(0);
    const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(out)))['word/document.xml']!);
    expect(xml).toContain('Rheingau-Taunus-Kreis');
  });

  it('writes text to a file with --out and keeps stdout for the confirmation', async () => {
    const out = join(dir, 'rtk.txt');
    const r = await render(['--from', rtk, '--format', 'txt', '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('787.100 Euro');
    expect(r.out).not.toContain('787.100 Euro');
  });

  it('refuses invalid JSON syntax with a German message', async () => {
    const r = await render(['--from', writeJson('kaputt.json', '{"schema": "aqb.zielvereinbarung/1",'), '--format', 'txt']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('ist kein gültiges JSON');
    expect(r.out).toBe('');
  });

  it('lists every zod issue with its path', async () => {
    const broken = structuredClone(RTK_2024) as unknown as Record<string, unknown> & { measures: { projects: { title: string }[] }[]; signatures: { land: { date: string } } };
    broken.amountCents = -5;
    broken.measures[2]!.projects[0]!.title = '';
    broken.signatures.land.date = '2024-02-30';
    const r = await render(['--from', writeJson('falsch.json', broken), '--format', 'txt']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Die Datei ist keine gültige Zielvereinbarung');
    expect(r.err).toContain('amountCents: Betrag darf nicht negativ sein');
    expect(r.err).toContain('measures.2.projects.0.title: Darf nicht leer sein');
    expect(r.err).toContain('signatures.land.date: Dieses Datum gibt es nicht');
  });

  it('refuses an unknown AGS', async () => {
    const r = await render(['--from', writeJson('unbekannt.json', { ...RTK_2024, district: { ags: '06999', name: 'Nirgendwo' } }), '--format', 'txt']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Die Gebietskörperschaft mit dem AGS „06999“ ist nicht bekannt.');
  });

  it('refuses a year without template with the exact message', async () => {
    const r = await render(['--from', writeJson('2016.json', { ...RTK_2024, year: 2016 }), '--format', 'txt']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Für das AQB-Jahr 2016 ist keine Vorlage hinterlegt');
  });

  it('refuses a missing file, a missing format, pdf without --out and mixed sources', async () => {
    const missing = await render(['--from', join(dir, 'gibt-es-nicht.json'), '--format', 'txt']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('gibt es nicht');
    const noFormat = await render(['--from', rtk]);
    expect(noFormat.code).toBe(2);
    expect(noFormat.err).toContain('--format');
    const badFormat = await render(['--from', rtk, '--format', 'odt']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.err).toContain('Unbekanntes Format „odt“');
    const pdf = await render(['--from', rtk, '--format', 'pdf']);
    expect(pdf.code).toBe(2);
    expect(pdf.err).toContain('--out');
    const both = await render(['--from', rtk, '--ags', '06439', '--year', '2024', '--format', 'txt']);
    expect(both.code).toBe(2);
  });
});

describe('aqb render --ags --year', () => {
  it('renders the stored LW 2025 agreement from the seeded in-memory database', async () => {
    const r = await render(['--ags', '06533', '--year', '2025', '--format', 'txt']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('und dem Landkreis Limburg-Weilburg');
    expect(r.out).toContain('895.210 Euro');
    expect(r.out).not.toContain('Landkreis Landkreis');
  });

  it('writes the stored agreement as PDF', async () => {
    const out = join(dir, 'lw.pdf');
    expect((await render(['--ags', '06533', '--year', '2025', '--format', 'pdf', '--out', out])).code).toBe(0);
    expect(execFileSync('pdfinfo', [out], { stdio: ['ignore', 'pipe', 'ignore'] }).toString()).toMatch(/Title:\s+Zielvereinbarung 2025 – Landkreis Limburg-Weilburg/);
  });

  it('refuses an unknown AGS, a year without template and a district without agreement', async () => {
    const unknown = await render(['--ags', '06999', '--year', '2024', '--format', 'txt']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('„06999“ ist nicht bekannt');
    const noTemplate = await render(['--ags', '06439', '--year', '2016', '--format', 'txt']);
    expect(noTemplate.code).toBe(1);
    expect(noTemplate.err).toContain('Für das AQB-Jahr 2016 ist keine Vorlage hinterlegt');
    const none = await render(['--ags', '06439', '--year', '2025', '--format', 'html']);
    expect(none.code).toBe(1);
    expect(none.err).toContain('Für den Rheingau-Taunus-Kreis gibt es im AQB-Jahr 2025 keine Zielvereinbarung.');
    const badAgs = await render(['--ags', '6439', '--year', '2024', '--format', 'txt']);
    expect(badAgs.code).toBe(2);
  });
});
