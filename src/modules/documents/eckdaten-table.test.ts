import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { afterAll, describe, expect, it } from 'vitest';
import { composeAgreement } from './compose';
import { districtByAgs } from './fixtures/agreements';
import { hasTool, run } from './fixtures/tools';
import { renderDocx } from './render-docx';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';
import { renderPdf } from './render-pdf';
import { renderText } from './render-text';
import type { AgreementInterchange } from './schema';
import { LW_2025 } from './service';
import { defaultTemplate, type YearTemplateContent } from './template';

/**
 * The optional Eckdaten table of § 4 (docs/decisions/0027): printed only when the template asks
 * for it and the agreement carries the figures; in every format with the same numbers, as a real
 * data table (caption, column and row headers). Hand-checked figures:
 *   1: 2 Projekte, 65.000,50 €, 20 Plätze, 16 · 2: none · 3: 1 Projekt, 12.345,67 €, 12 Plätze, 6 · 4: none
 *   Insgesamt: 3 Projekte, 77.346,17 €, 32 Plätze, 22 geplante Abschlüsse und Übergänge
 */
const ECKDATEN: NonNullable<AgreementInterchange['eckdaten']> = [
  { type: 1, projects: 2, aqbCents: 6_500_050, places: 20, outcomes: 16 },
  { type: 2, projects: 0, aqbCents: 0, places: 0, outcomes: 0 },
  { type: 3, projects: 1, aqbCents: 1_234_567, places: 12, outcomes: 6 },
  { type: 4, projects: 0, aqbCents: 0, places: 0, outcomes: 0 },
];
const withTable: YearTemplateContent = { ...defaultTemplate(2025), eckdatenTable: true };
const district = districtByAgs(LW_2025.district.ags);
const compose = (agreement: AgreementInterchange, template = withTable) => composeAgreement({ agreement, district, template });
const agreement: AgreementInterchange = { ...LW_2025, eckdaten: ECKDATEN };

const dir = mkdtempSync(join(tmpdir(), 'aqb-eckdaten-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Eckdaten table in § 4', () => {
  it('is printed after the closing paragraph of § 4 with one row per Maßnahmenart and the total', () => {
    const section4 = compose(agreement).sections[3]!;
    const last = section4.blocks.at(-1)!;
    expect(section4.blocks.map((b) => b.kind)).toEqual(['paragraph', 'amount', 'paragraph', 'table']);
    if (last.kind !== 'table') throw new Error('keine Tabelle');
    expect(last.caption).toBe('Eckdaten 2025');
    expect(last.columns.map((c) => c.label)).toEqual(['Maßnahmenart', 'Projekte', 'AQB-Mittel', 'Plätze', 'Geplante Abschlüsse und Übergänge']);
    expect(last.rows[0]).toEqual(['Ausbildungsvorbereitung', '2', '65.000,50 €', '20', '16']);
    expect(last.rows[1]!.slice(1)).toEqual(['0', '0,00 €', '0', '0']);
    expect(last.footer).toEqual(['Insgesamt', '3', '77.346,17 €', '32', '22']);
  });

  it('leaves the reference text word for word alone without the option or without figures', () => {
    const reference = renderText(compose(LW_2025, defaultTemplate(2025)));
    expect(renderText(compose(agreement, defaultTemplate(2025)))).toBe(reference); // figures, no option
    expect(renderText(compose(LW_2025))).toBe(reference); // option, no figures (e.g. signed before it was chosen)
    expect(renderText(compose(agreement))).not.toBe(reference);
    expect(renderText(compose(agreement))).toContain('Insgesamt | 3 | 77.346,17 € | 32 | 22');
    expect(renderMarkdown(compose(agreement))).toContain('| Insgesamt | 3 | 77.346,17 € | 32 | 22 |');
  });

  it('HTML: a data table with caption, column headers, row headers and the total in tfoot', () => {
    const html = renderHtml(compose(agreement));
    const table = /<table class="agreement-table">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(table).toContain('<caption>Eckdaten 2025</caption>');
    expect(table.match(/<th scope="col"/g)).toHaveLength(5);
    expect(table.match(/<th scope="row"/g)).toHaveLength(5);
    expect(table).toContain('<th scope="row">Ausbildungsvorbereitung</th><td class="agreement-number">2</td><td class="agreement-number">65.000,50 €</td>');
    expect(table).toMatch(/<tfoot><tr><th scope="row">Insgesamt<\/th><td class="agreement-number">3<\/td><td class="agreement-number">77\.346,17 €<\/td><td class="agreement-number">32<\/td><td class="agreement-number">22<\/td><\/tr><\/tfoot>/);
    // After the § 4 closing paragraph, before § 5.
    expect(html.indexOf('zur Verfügung.</p>')).toBeLessThan(html.indexOf('<table'));
    expect(html.indexOf('<table')).toBeLessThan(html.indexOf('§ 5</span>'));
  });

  it('DOCX: a table with a repeated header row and the figures', async () => {
    const bytes = await renderDocx(compose(agreement));
    const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
    expect(xml).toContain('<w:tblHeader/>');
    const text = (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value.replace(/\s+/g, ' ');
    expect(text).toContain('Eckdaten 2025');
    expect(text).toContain('Insgesamt 3 77.346,17 € 32 22');
    expect(text).toContain('Ausbildungsvorbereitung 2 65.000,50 € 20 16');
  });

  describe.skipIf(!hasTool('pdftotext') || !hasTool('qpdf'))('PDF', () => {
    it('prints the table (pdftotext), stays tagged PDF/UA with table, header and data cells in the structure tree', async () => {
      const file = join(dir, 'eckdaten.pdf');
      writeFileSync(file, await renderPdf(compose(agreement)));
      const info = run('pdfinfo', [file]);
      expect(info).toMatch(/^Tagged:\s+yes$/m);
      expect(run('pdfinfo', ['-meta', file])).toContain('<pdfuaid:part>1</pdfuaid:part>');
      const text = run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']);
      expect(text).toContain('Eckdaten 2025');
      expect(text).toMatch(/Insgesamt\s+3\s+77\.346,17 €\s+32\s+22/);
      expect(text).toMatch(/Ausbildungsvorbereitung\s+2\s+65\.000,50 €\s+20\s+16/);
      const qdf = run('qpdf', ['--qdf', '--object-streams=disable', file, '-']);
      expect(qdf).toMatch(/\/S \/Table\b/);
      expect(qdf).toMatch(/\/S \/TH\b/);
      expect(qdf).toMatch(/\/S \/TD\b/);
    });
  });
});
