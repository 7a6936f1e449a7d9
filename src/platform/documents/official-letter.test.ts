import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { afterAll, describe, expect, it } from 'vitest';
import { officialLetterText, type OfficialLetter, OfficialLetterSchema, renderOfficialLetterDocx, renderOfficialLetterPdf } from './official-letter';

const hasTool = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error || result.status !== 0) throw new Error(`${command} ${args.join(' ')} → ${result.status}: ${result.stderr || result.error?.message}`);
  return result.stdout;
}
const hasPoppler = hasTool('pdfinfo') && hasTool('pdftotext');
const hasQpdf = hasTool('qpdf');
const hasSoffice = hasTool('soffice');
if (!hasPoppler) console.warn('official-letter.test: pdfinfo/pdftotext fehlen (apt-get install poppler-utils) – PDF-Prüfungen übersprungen');

const dir = mkdtempSync(join(tmpdir(), 'aqb-official-letter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Fictitious sender and recipient: the component knows no real authority. */
const letter: OfficialLetter = {
  title: 'Testschreiben – Änderung der Mittelankündigung',
  letterhead: {
    authority: 'Ministerium für Beispielangelegenheiten',
    unit: 'Referat Z 1 – Musterverfahren',
    addressLines: ['Musterstraße 1', '12345 Musterstadt'],
    phone: '01234 567-0',
    email: 'poststelle@ministerium.example',
    web: 'ministerium.example',
  },
  returnAddress: 'Ministerium für Beispielangelegenheiten · Musterstraße 1 · 12345 Musterstadt',
  recipient: ['Kreisausschuss des Beispielkreises', 'Am Kreishaus 3', '54321 Kreisstadt'],
  infoBlock: [
    { label: 'Aktenzeichen', value: 'Z 1 – 58 c 02' },
    { label: 'Ansprechperson', value: 'Frau Beispiel' },
    { label: 'Telefon', value: '01234 567-89' },
    { label: 'E-Mail', value: 'beispiel@ministerium.example' },
    { label: 'Datum', value: '19.12.2025' },
  ],
  subject: 'Förderjahr 2026 – Änderung der Mittelankündigung für den Beispielkreis',
  salutation: 'Sehr geehrte Damen und Herren,',
  blocks: [
    { kind: 'paragraph', text: 'Der Betrag wird wie folgt geändert. Text mit Typst-Zeichen #set page(width: 1cm) *fett* $x^2$ <marke> @verweis [Klammer] \\ bleibt Text.' },
    { kind: 'heading', text: 'Gründe der Änderung' },
    { kind: 'list', items: ['Nachtragshaushalt', 'Rückgabe nicht benötigter Mittel'] },
    { kind: 'list', ordered: true, items: ['Erster Schritt', 'Zweiter Schritt'] },
    {
      kind: 'table',
      caption: 'Übersicht der Beträge',
      columns: [{ label: 'Posten' }, { label: 'Betrag', align: 'right' }],
      rows: [
        ['Bisher angekündigt', '624.195,00 €'],
        ['Änderung', '−24.195,00 €'],
      ],
      footer: ['Neuer Betrag', '600.000,00 €'],
    },
    { kind: 'keyValue', items: [{ label: 'Bisheriger Betrag', value: '624.195,00 €' }, { label: 'Neuer Betrag', value: '600.000,00 €' }] },
  ],
  closing: 'Mit freundlichen Grüßen',
  signature: { prefix: 'Im Auftrag', name: 'Erika Musterfrau', role: 'Referatsleiterin' },
  enclosures: ['Berechnungsübersicht'],
  legalNotice: { heading: 'Rechtsbehelfsbelehrung', text: 'Gegen dieses Schreiben ist kein Rechtsbehelf gegeben.\n\nEs handelt sich um eine Mitteilung.' },
};

const flat = (text: string) => text.replace(/\u00ad\s*/g, '').replace(/-\s*\n\s*/g, '-').replace(/\s+/g, ' ');

/** Fails unless every part appears in `text`, each after the one before. */
function expectInOrder(text: string, parts: string[]): void {
  let position = -1;
  for (const part of parts) {
    const found = text.indexOf(part, position + 1);
    expect(found, `„${part}“ fehlt oder steht vor „${parts[parts.indexOf(part) - 1]}“`).toBeGreaterThan(position);
    position = found;
  }
}

const ORDER = [
  letter.letterhead.authority,
  'Telefon 01234 567-0',
  letter.returnAddress!,
  'Kreisausschuss des Beispielkreises',
  '54321 Kreisstadt',
  'Aktenzeichen',
  'Z 1 – 58 c 02',
  letter.subject,
  letter.salutation,
  'Der Betrag wird wie folgt geändert.',
  'Gründe der Änderung',
  'Rückgabe nicht benötigter Mittel',
  'Übersicht der Beträge',
  '600.000,00 €',
  letter.closing,
  'Im Auftrag',
  'Erika Musterfrau',
  'Referatsleiterin',
  'Anlage',
  'Berechnungsübersicht',
  'Rechtsbehelfsbelehrung',
  'Es handelt sich um eine Mitteilung.',
];

describe('official letter: data', () => {
  it('refuses a table row whose width differs from the columns and an address field over 6 lines', () => {
    const table = { kind: 'table' as const, caption: 'T', columns: [{ label: 'A' }, { label: 'B' }], rows: [['1']] };
    expect(OfficialLetterSchema.safeParse({ ...letter, blocks: [table] }).success).toBe(false);
    expect(OfficialLetterSchema.safeParse({ ...letter, blocks: [{ ...table, rows: [['1', '2']] }] }).success).toBe(true);
    expect(OfficialLetterSchema.safeParse({ ...letter, recipient: Array.from({ length: 7 }, (_, i) => `Zeile ${i}`) }).success).toBe(false);
  });

  it('gives the text in reading order, with "Anlagen" for several enclosures', () => {
    const text = officialLetterText({ ...letter, enclosures: ['Eins', 'Zwei'] });
    expectInOrder(text, [letter.letterhead.authority, letter.recipient[0]!, letter.subject, 'Erika Musterfrau', 'Anlagen\nEins\nZwei']);
  });
});

describe.skipIf(!hasPoppler)('official letter: PDF', () => {
  it('is tagged PDF/UA-1 with title and language, A4, and reads letterhead → address → subject → body → signature', async () => {
    const file = join(dir, 'letter.pdf');
    writeFileSync(file, await renderOfficialLetterPdf(letter));
    const info = run('pdfinfo', [file]);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toContain(`Title:           ${letter.title}`);
    expect(info).toMatch(/^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$/m);
    const meta = run('pdfinfo', ['-meta', file]);
    expect(meta).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(meta).toMatch(/<dc:language>\s*<rdf:Bag>\s*<rdf:li>de-DE<\/rdf:li>/);

    const text = flat(run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']));
    expectInOrder(text, ORDER);
    // User text is data, never markup.
    expect(text).toContain('#set page(width: 1cm) *fett* $x^2$ <marke> @verweis [Klammer] \\ bleibt Text.');
  });

  it('places the address field in the DIN 5008 form B zone (45–90 mm) and the subject below it', async () => {
    const file = join(dir, 'zones.pdf');
    writeFileSync(file, await renderOfficialLetterPdf(letter));
    // -bbox gives each word's position in points (1 mm = 2.835 pt).
    const html = run('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-']);
    const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      x: Number(m[1]) / 2.835,
      top: Number(m[2]) / 2.835,
      bottom: Number(m[3]) / 2.835,
      word: m[4]!,
    }));
    const at = (word: string) => words.find((w) => w.word === word)!;
    expect(at('Kreisausschuss').top).toBeGreaterThan(45 + 17.7 - 1);
    expect(at('Kreisstadt').bottom).toBeLessThan(90);
    expect(at('Kreisausschuss').x).toBeCloseTo(25, 0);
    expect(at('Aktenzeichen').x).toBeCloseTo(125, 0);
    expect(at('Aktenzeichen').top).toBeGreaterThan(50 - 1);
    expect(at('Förderjahr').top).toBeGreaterThan(90 + 8);
    expect(at('Förderjahr').top).toBeLessThan(105);
    expect(at(letter.letterhead.authority.split(' ')[0]!).bottom).toBeLessThan(45);
  });

  it.skipIf(!hasQpdf)('passes qpdf --check and tags headings, lists and the table with header cells and a caption', async () => {
    const file = join(dir, 'structure.pdf');
    writeFileSync(file, await renderOfficialLetterPdf(letter));
    expect(run('qpdf', ['--check', file])).toMatch(/No syntax or stream encoding errors/);
    const expanded = join(dir, 'structure-qdf.pdf');
    run('qpdf', ['--qdf', '--object-streams=disable', file, expanded]);
    const structure = strFromU8(new Uint8Array(readFileSync(expanded)), true);
    for (const tag of ['/S /Document', '/S /H', '/S /L', '/S /LI', '/S /Table', '/S /THead', '/S /TH', '/S /TD', '/S /TFoot', '/S /Caption']) expect(structure).toContain(tag);
    expect(structure.match(/\/S \/TH\b/g)).toHaveLength(2);
  });

  it('numbers the pages of a letter longer than one page ("Seite x von y"), and none on a one-page letter', async () => {
    const long = { ...letter, blocks: Array.from({ length: 40 }, (_, i) => ({ kind: 'paragraph' as const, text: `Absatz ${i + 1} mit etwas Text, der eine Zeile füllt und noch ein wenig darüber hinaus geht.` })) };
    const longFile = join(dir, 'long.pdf');
    writeFileSync(longFile, await renderOfficialLetterPdf(long));
    const text = run('pdftotext', ['-raw', '-enc', 'UTF-8', longFile, '-']);
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(run('pdfinfo', [longFile]))?.[1]);
    expect(pages).toBeGreaterThan(1);
    expect([...text.matchAll(/Seite (\d+) von (\d+)/g)].map((m) => `${m[1]}/${m[2]}`)).toEqual(Array.from({ length: pages }, (_, i) => `${i + 1}/${pages}`));

    const shortFile = join(dir, 'short.pdf');
    writeFileSync(shortFile, await renderOfficialLetterPdf({ ...letter, blocks: [letter.blocks[0]!], legalNotice: undefined, signature: null, enclosures: undefined, returnAddress: undefined }));
    const short = run('pdftotext', ['-raw', '-enc', 'UTF-8', shortFile, '-']);
    expect(short).not.toMatch(/Seite \d+ von/);
    expect(short).not.toContain('Erika Musterfrau');
    expect(flat(short)).toContain(letter.closing);
  });

  it('marks a draft ("Entwurf – Vorschau") at the top of every page, before the letterhead', async () => {
    const long = { ...letter, draftMark: 'Entwurf – Vorschau', blocks: Array.from({ length: 40 }, (_, i) => ({ kind: 'paragraph' as const, text: `Absatz ${i + 1} mit etwas Text, der eine Zeile füllt und noch ein wenig darüber hinaus geht.` })) };
    const file = join(dir, 'draft.pdf');
    writeFileSync(file, await renderOfficialLetterPdf(long));
    const pages = run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']).split('\f').filter((page) => page.trim() !== '');
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page).toContain('Entwurf – Vorschau');
    expectInOrder(flat(pages[0]!), ['Entwurf – Vorschau', letter.letterhead.authority, letter.subject]);
    const final = run('pdftotext', ['-raw', '-enc', 'UTF-8', join(dir, 'letter.pdf'), '-']);
    expect(final).not.toContain('Entwurf');
  });
});

describe('official letter: DOCX', () => {
  it('has the title, German as default language, the subject as Heading 1, page numbers', async () => {
    const files = unzipSync(await renderOfficialLetterDocx(letter));
    expect(strFromU8(files['docProps/core.xml']!)).toContain(`<dc:title>${letter.title}</dc:title>`);
    const styles = strFromU8(files['word/styles.xml']!);
    expect(/<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)?.[0]).toMatch(/<w:lang w:val="de-DE"\/>/);
    const document = strFromU8(files['word/document.xml']!);
    expect(document.match(/<w:pStyle w:val="Heading1"\/>/g)).toHaveLength(1);
    expect(document.match(/<w:pStyle w:val="Heading2"\/>/g)).toHaveLength(2);
    expect(document).toMatch(/<w:tblHeader\/>/);
    const footer = Object.entries(files).find(([part]) => /^word\/footer\d*\.xml$/.test(part));
    expect(strFromU8(footer![1])).toMatch(/NUMPAGES/);
    expect(Object.keys(files).some((part) => /^word\/header\d*\.xml$/.test(part))).toBe(false);
    const draft = unzipSync(await renderOfficialLetterDocx({ ...letter, draftMark: 'Entwurf – Vorschau' }));
    const header = Object.entries(draft).find(([part]) => /^word\/header\d*\.xml$/.test(part));
    expect(strFromU8(header![1])).toContain('Entwurf – Vorschau');
  });

  it('reads back (mammoth) in the same order as the PDF', async () => {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(await renderOfficialLetterDocx(letter)) });
    expectInOrder(flat(value), ORDER);
  });

  it.skipIf(!hasSoffice || !hasPoppler)('opens in LibreOffice and converts to a PDF with the same text order', async () => {
    const file = join(dir, 'letter.docx');
    writeFileSync(file, await renderOfficialLetterDocx(letter));
    run('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', join(dir, 'soffice'), file]);
    expectInOrder(flat(run('pdftotext', ['-raw', '-enc', 'UTF-8', join(dir, 'soffice', 'letter.pdf'), '-'])), ORDER);
  }, 60_000);
});
