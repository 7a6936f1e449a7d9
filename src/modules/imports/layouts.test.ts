import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileTypstPdf } from '../../platform/documents/typst';
import type { AgreementInterchange } from '../documents/schema';
import { loadShippedDistricts } from '../districts/master-data';
import { splitColumns } from './columns';
import { importAgreementFile } from './import-file';

/**
 * Issue 11: real published layouts the importer must read, in fixtures of our own making
 * (fixtures/layouts/): two signature blocks side by side (as `pdftotext -layout` prints the
 * table, and as a typeset PDF), the title line above the name, place and date on one line with
 * the signatory on the next, and project titles that begin with a dash. Every field is checked.
 */

const districts = loadShippedDistricts();
const fixture = (name: string) => readFileSync(new URL(`./fixtures/layouts/${name}`, import.meta.url));
const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;
const workDir = mkdtempSync(join(tmpdir(), 'aqb-layouts-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function importOk(bytes: Uint8Array, fileName: string): Promise<AgreementInterchange> {
  const result = await importAgreementFile(bytes, fileName, { districts });
  if (!result.ok) throw new Error(`${fileName}: ${result.error.code} ${result.error.message}`);
  expect(result.warnings).toEqual([]);
  return result.agreement;
}

const measures = (...projects: string[][]) => projects.map((titles, i) => ({ type: (i + 1) as 1 | 2 | 3 | 4, projects: titles.map((title) => ({ title })) }));

const VOGELSBERG: AgreementInterchange = {
  schema: 'aqb.zielvereinbarung/1',
  year: 2025,
  district: { ags: '06535', name: 'Vogelsbergkreis' },
  amountCents: 612_300_00,
  measures: measures(['-Jugendwerkstatt Lauterbach', '– Berufsorientierung im ländlichen Raum'], ['Ausbildungscoaching „Startklar“'], [], ['Fortbildung Jobcenter-Fallmanagement']),
  signatures: {
    land: { place: 'Wiesbaden', date: '2025-08-05', name: 'Heike Hofmann', title: 'Staatsministerin' },
    district: { place: 'Lauterbach', date: '2025-08-12', name: 'Dr. Jens Mischak', title: 'Landrat' },
  },
};

describe('two signature blocks side by side', () => {
  it('reads both signatures from a pdftotext -layout text, and the dash-led project titles', async () => {
    expect(await importOk(fixture('gross-gerau_2025_side-by-side.txt'), 'gross-gerau.txt')).toEqual({
      schema: 'aqb.zielvereinbarung/1',
      year: 2025,
      district: { ags: '06433', name: 'Kreis Groß-Gerau' },
      amountCents: 1_012_480_50,
      measures: measures(
        ['-Jugendwerkstatt Rüsselsheim', '– Werkstattjahr für Geflüchtete', 'Berufsorientierung „Praxis trifft Schule“'],
        ['- Teilzeitausbildung für Alleinerziehende (-Zugänge)'],
        ['Qualifizierung Lager und Logistik am Flughafen'],
        [],
      ),
      signatures: {
        land: { place: 'Wiesbaden', date: '2025-08-04', name: 'Heike Hofmann', title: 'Staatsministerin' },
        district: { place: 'Groß-Gerau', date: '2025-08-11', name: 'Thomas Will', title: 'Landrat' },
      },
    });
  });

  it('reads both signatures from a typeset PDF with the signature table', async () => {
    const pdf = await compileTypstPdf(fixture('side-by-side-signatures.typ').toString('utf8'), {}, { title: 'Zielvereinbarung 2025 Vogelsbergkreis' });
    expect(await importOk(pdf, 'vogelsberg.pdf')).toEqual(VOGELSBERG);
  });

  it.skipIf(!hasPdftotext)('reads the same PDF as pdftotext -layout prints it, saved as .txt', async () => {
    const pdf = await compileTypstPdf(fixture('side-by-side-signatures.typ').toString('utf8'), {}, { title: 'Zielvereinbarung 2025 Vogelsbergkreis' });
    const file = join(workDir, 'vogelsberg.pdf');
    writeFileSync(file, pdf);
    const layoutText = execFileSync('pdftotext', ['-layout', file, '-']);
    expect(layoutText.toString('utf8')).toMatch(/Wiesbaden, den 5\.8\.2025 {3,}Lauterbach, den 12\.08\.2025/);
    expect(await importOk(new Uint8Array(layoutText), 'vogelsberg.txt')).toEqual(VOGELSBERG);
  });

  it('splits only real two-column blocks: bullets with indented text and single wide gaps stay lines', () => {
    const lines = ['   •   -Jugendwerkstatt', '   •   – Werkstattjahr', 'Betrag:      1.000 Euro', '', 'Links oben                 Rechts oben', 'Links unten                Rechts unten', '                           nur rechts'];
    const split = splitColumns(lines.map((text, i) => ({ no: i + 1, text })));
    expect(split.map((line) => line.text)).toEqual([
      '   •   -Jugendwerkstatt',
      '   •   – Werkstattjahr',
      'Betrag:      1.000 Euro',
      '',
      'Links oben',
      'Links unten',
      '',
      '',
      'Rechts oben',
      'Rechts unten',
      'nur rechts',
    ]);
    // Each part keeps the line number of the input it came from.
    expect(split.filter((line) => line.text.startsWith('Rechts')).map((line) => line.no)).toEqual([5, 6]);
  });
});

describe('other signature block layouts', () => {
  it('the title line before the name ("Die Staatsministerin" / "Heike Hofmann")', async () => {
    const agreement = await importOk(fixture('main-kinzig_2024_title-before-name.txt'), 'main-kinzig.txt');
    expect(agreement).toEqual({
      schema: 'aqb.zielvereinbarung/1',
      year: 2024,
      district: { ags: '06435', name: 'Main-Kinzig-Kreis' },
      amountCents: 1_340_600_00,
      measures: measures(['Produktionsschule Gelnhausen'], ['- Ausbildungsbegleitung „Dranbleiben“'], ['Qualifizierung in der Pflegehilfe'], ['Fortbildung Fallmanagement']),
      signatures: {
        land: { place: 'Wiesbaden', date: '2024-07-19', name: 'Heike Hofmann', title: 'Staatsministerin' },
        district: { place: 'Gelnhausen', date: '2024-07-26', name: 'Thorsten Stolz', title: 'Landrat' },
      },
    });
  });

  it('place and date on one line, the signatory (name, title) on the next, no blank lines', async () => {
    const agreement = await importOk(fixture('kassel_2025_place-date-then-signatory.txt'), 'kassel.txt');
    expect(agreement).toEqual({
      schema: 'aqb.zielvereinbarung/1',
      year: 2025,
      district: { ags: '06611', name: 'Stadt Kassel' },
      amountCents: 1_587_020_00,
      measures: measures(['Jugendberufshilfe Nordstadt'], [], ['–Kompetenzzentrum Pflege'], []),
      signatures: {
        land: { place: 'Wiesbaden', date: '2025-07-30', name: 'Heike Hofmann', title: 'Hessische Staatsministerin' },
        district: { place: 'Kassel', date: '2025-08-06', name: 'Dr. Sven Schoeller', title: 'Oberbürgermeister' },
      },
    });
  });
});
