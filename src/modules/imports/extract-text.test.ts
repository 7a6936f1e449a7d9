import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { composeAgreement, defaultTemplate, renderDocx, renderPdf } from '../documents/service';
import { loadShippedDistricts } from '../districts/master-data';
import { MAX_IMPORT_FILE_BYTES, extractText, htmlToLines, repairHyphenatedNames } from './extract-text';
import { buildAgreement } from '../../../tests/factories';

const districts = loadShippedDistricts();
const encoder = new TextEncoder();
const RTK = readFileSync(new URL('./fixtures/rheingau-taunus-kreis_2024.md', import.meta.url));
const LW = readFileSync(new URL('./fixtures/limburg-weilburg_2025.txt', import.meta.url));
const workDir = mkdtempSync(join(tmpdir(), 'aqb-extract-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const rtkDistrict = districts.find((district) => district.ags === '06439')!;
const samplePdf = () =>
  renderPdf(composeAgreement({ agreement: buildAgreement(rtkDistrict), district: rtkDistrict, template: defaultTemplate(2025) }));

const hasQpdf = spawnSync('qpdf', ['--version']).status === 0;

describe('text files', () => {
  it('reads .md and .txt, case-insensitive extension', async () => {
    expect(await extractText(RTK, 'RTK_2024.MD')).toEqual({ ok: true, text: RTK.toString('utf8'), format: 'md' });
    expect(await extractText(LW, 'lw.Txt')).toMatchObject({ ok: true, format: 'txt' });
  });

  it('tolerates a UTF-8 BOM, CRLF and Windows-1252', async () => {
    const bom = await extractText(new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('Zielvereinbarung\r\n2025')]), 'a.txt');
    expect(bom).toEqual({ ok: true, text: 'Zielvereinbarung\r\n2025', format: 'txt' });
    // "Maßnahmen für Städte" in Windows-1252.
    const latin = new Uint8Array([0x4d, 0x61, 0xdf, 0x6e, 0x61, 0x68, 0x6d, 0x65, 0x6e, 0x20, 0x66, 0xfc, 0x72, 0x20, 0x53, 0x74, 0xe4, 0x64, 0x74, 0x65]);
    expect(await extractText(latin, 'a.txt')).toEqual({ ok: true, text: 'Maßnahmen für Städte', format: 'txt', encoding: 'windows-1252' });
  });

  it('refuses binary junk, a PDF or DOCX named .txt, and empty files', async () => {
    const junk = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    expect(await extractText(junk, 'junk.txt')).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_FILE' } });
    const pdf = await samplePdf();
    const asText = await extractText(pdf, 'vereinbarung.txt');
    expect(asText).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_FILE' } });
    expect(!asText.ok && asText.error.message).toContain('PDF');
    const docx = await renderDocx(composeAgreement({ agreement: buildAgreement(rtkDistrict), district: rtkDistrict, template: defaultTemplate(2025) }));
    expect(await extractText(docx, 'vereinbarung.md')).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_FILE' } });
    expect(await extractText(new Uint8Array(0), 'leer.txt')).toMatchObject({ ok: false, error: { code: 'EMPTY_FILE' } });
    expect(await extractText(encoder.encode(' \n\r\n\t'), 'leer.md')).toMatchObject({ ok: false, error: { code: 'EMPTY_FILE' } });
  });

  it('refuses other extensions', async () => {
    for (const name of ['a.doc', 'a.rtf', 'a', 'a.pdf.exe', 'a.html']) {
      expect(await extractText(LW, name)).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_FILE' } });
    }
  });

  // The size is checked before any decoding; the test timeout (not a timed assertion) guards that.
  it('refuses 50 MB with FILE_TOO_LARGE without decoding it', { timeout: 5_000 }, async () => {
    const big = new Uint8Array(50 * 1024 * 1024);
    for (const name of ['big.txt', 'big.pdf', 'big.docx', 'big.md']) {
      const result = await extractText(big, name);
      expect(result).toMatchObject({ ok: false, error: { code: 'FILE_TOO_LARGE' } });
    }
    expect(MAX_IMPORT_FILE_BYTES).toBe(20 * 1024 * 1024);
    expect(await extractText(new Uint8Array(MAX_IMPORT_FILE_BYTES + 1), 'x.txt')).toMatchObject({ ok: false, error: { code: 'FILE_TOO_LARGE' } });
  });
});

describe('PDF', () => {
  it('reads a rendered agreement with its hyphens intact', async () => {
    const result = await extractText(await samplePdf(), 'RTK.PDF');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.format).toBe('pdf');
    expect(result.text).toContain('Rheingau-Taunus-Kreis');
    expect(result.text).not.toMatch(/Rheingau Taunus/);
  });

  it('PDF_UNREADABLE for truncated or corrupt bytes', async () => {
    const pdf = await samplePdf();
    for (const bytes of [pdf.subarray(0, 400), encoder.encode('%PDF-1.7\n garbage garbage'), pdf.map((byte, i) => (i > 200 && i % 3 === 0 ? 0 : byte))]) {
      const result = await extractText(bytes, 'kaputt.pdf');
      expect(result.ok).toBe(false);
      expect(!result.ok && ['PDF_UNREADABLE', 'EMPTY_FILE']).toContain(!result.ok && result.error.code);
    }
    expect(await extractText(pdf.subarray(0, 400), 'kaputt.pdf')).toMatchObject({ ok: false, error: { code: 'PDF_UNREADABLE' } });
  });

  it('UNSUPPORTED_FILE for a text file named .pdf', async () => {
    expect(await extractText(LW, 'lw.pdf')).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_FILE' } });
  });

  it.skipIf(!hasQpdf)('PDF_ENCRYPTED for a password-protected PDF (made with qpdf)', async () => {
    const plain = join(workDir, 'plain.pdf');
    const locked = join(workDir, 'locked.pdf');
    writeFileSync(plain, await samplePdf());
    execFileSync('qpdf', ['--encrypt', 'geheim', 'owner', '256', '--', plain, locked]);
    expect(await extractText(readFileSync(locked), 'locked.pdf')).toMatchObject({ ok: false, error: { code: 'PDF_ENCRYPTED' } });
  });
});

describe('DOCX', () => {
  it('reads a rendered agreement with its list items as bullets', async () => {
    const agreement = buildAgreement(rtkDistrict);
    const docx = await renderDocx(composeAgreement({ agreement, district: rtkDistrict, template: defaultTemplate(2025) }));
    const result = await extractText(docx, 'a.DOCX');
    expect(result.ok && result.text).toContain(`- ${agreement.measures[2]!.projects[0]!.title}`);
  });

  it('DOCX_UNREADABLE for a ZIP that is no Word document, UNSUPPORTED_FILE for junk', async () => {
    const zipHeader = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Uint8Array(200)]);
    expect(await extractText(zipHeader, 'a.docx')).toMatchObject({ ok: false, error: { code: 'DOCX_UNREADABLE' } });
    expect(await extractText(LW, 'a.docx')).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_FILE' } });
  });
});

describe('repairHyphenatedNames', () => {
  it('restores hyphens lost in names known from the master data', () => {
    expect(repairHyphenatedNames('dem Landkreis Limburg Weilburg und dem Rheingau Taunus\nKreis', districts)).toBe(
      'dem Landkreis Limburg-Weilburg und dem Rheingau-Taunus-Kreis',
    );
  });
});

describe('htmlToLines (DOCX via mammoth HTML)', () => {
  it('keeps Word numbering of ordered lists, bullets of unordered lists and headings', () => {
    const html =
      '<h2>§ 5</h2><p>Ziele &amp; Projekte</p><ol><li>Ausbildungsvorbereitung<ul><li>Projekt „Zukunft“</li><li>Projekt &quot;X&quot;</li></ul></li><li>Ausbildung</li></ol>';
    const lines = htmlToLines(html).split('\n').filter((line) => line !== '');
    expect(lines).toEqual(['## § 5', 'Ziele & Projekte', '1. Ausbildungsvorbereitung', '- Projekt „Zukunft“', '- Projekt "X"', '2. Ausbildung']);
  });
});

describe('PDF hyphens across line widths (Typst, justified)', () => {
  it('restores real hyphens and removes hyphenation hyphens at every line width', async () => {
    const { NodeCompiler } = await import('@myriaddreamin/typst-ts-node-compiler');
    const fonts = fileURLToPath(new URL('../../../node_modules/@expo-google-fonts/fira-sans', import.meta.url));
    const compiler = NodeCompiler.create({ workspace: workDir, fontArgs: [{ fontPaths: [fonts] }] });
    const sentence =
      'Das Ausbildungs- und Qualifizierungsbudget der Arbeitsmarkt- und Ausbildungspolitik im Main-Kinzig-Kreis, Müßtal-Öhringen und Werra-Meißner-Kreis mit Dr. Anna Müller-Schmidt, Projekt „NAVI“ „NAVI“, Vor- oder Nachbereitung, E-Mail-Adresse und Kommunikationswissenschaftlerinnen.';
    for (let width = 3; width <= 9; width += 0.5) {
      const source = `#set document(title: [Test])\n#set text(lang: "de", font: "Fira Sans")\n#set page(width: ${width}cm, margin: 0.5cm)\n#set par(justify: true)\n${sentence}\n`;
      const pdf = compiler.pdf({ mainFileContent: source }, { pdfStandard: 'ua-1' } as never);
      const result = await extractText(new Uint8Array(pdf), 'a.pdf');
      expect(result.ok && result.text.replace(/\n/g, ' '), `width ${width} cm`).toBe(sentence);
    }
  });
});
