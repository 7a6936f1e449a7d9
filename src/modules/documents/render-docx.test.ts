import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { afterAll, describe, expect, it } from 'vitest';
import { composeAgreement } from './compose';
import { buildDemoAgreement } from '../../../tests/factories';
import { districtByAgs } from './fixtures/agreements';
import { LW_2025, RTK_2024 } from './service';
import { firstDifference, joinHyphenSpace, normalisePdfText, normaliseRendering } from './fixtures/normalise';
import { hasTool, run } from './fixtures/tools';
import type { AgreementDocument } from './model';
import { renderDocx } from './render-docx';
import { renderText } from './render-text';
import { defaultTemplate } from './template';
import type { AgreementInterchange } from './schema';

function compose(agreement: AgreementInterchange): AgreementDocument {
  return composeAgreement({ agreement, district: districtByAgs(agreement.district.ags), template: defaultTemplate(agreement.year) });
}

/**
 * Minimal XML well-formedness check: declarations, comments, CDATA and properly nested tags with
 * quoted attributes. Enough to catch broken escaping or unbalanced elements in generated parts.
 */
function assertWellFormedXml(xml: string, part: string): void {
  const stack: string[] = [];
  const token = /<(\?[\s\S]*?\?|!--[\s\S]*?--|!\[CDATA\[[\s\S]*?\]\]|\/?[A-Za-z_][\w:.-]*(?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*\/?)>/g;
  let position = 0;
  for (const match of xml.matchAll(token)) {
    const between = xml.slice(position, match.index);
    if (/[<>]/.test(between)) throw new Error(`${part}: ungültiges Markup bei ${position}: ${between.slice(0, 80)}`);
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(between)) throw new Error(`${part}: unmaskiertes & bei ${position}`);
    position = (match.index ?? 0) + match[0].length;
    const body = match[1] ?? '';
    if (body.startsWith('?') || body.startsWith('!')) continue;
    const name = /^\/?([\w:.-]+)/.exec(body)?.[1] ?? '';
    if (body.startsWith('/')) {
      const open = stack.pop();
      if (open !== name) throw new Error(`${part}: </${name}> schließt <${open}>`);
    } else if (!body.endsWith('/')) stack.push(name);
  }
  if (/[<>]/.test(xml.slice(position))) throw new Error(`${part}: ungültiges Markup am Ende`);
  if (stack.length > 0) throw new Error(`${part}: nicht geschlossen: ${stack.join(', ')}`);
}

const hasSoffice = hasTool('soffice');
if (!hasSoffice) console.warn('render-docx.test: LibreOffice (soffice) fehlt – DOCX→PDF-Vergleich übersprungen');
const dir = mkdtempSync(join(tmpdir(), 'aqb-docx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases: Array<[string, AgreementInterchange]> = [
  ['RTK 2024', RTK_2024],
  ['LW 2025', LW_2025],
  ['Kassel unsigned', buildDemoAgreement(districtByAgs('06611'), 2025, { headGenus: 'f', signed: false })],
];

describe('DOCX rendering', () => {
  it('the XML check rejects broken parts', () => {
    expect(() => assertWellFormedXml('<a><b></a>', 'x')).toThrow(/schließt/);
    expect(() => assertWellFormedXml('<a>Tom & Jerry</a>', 'x')).toThrow(/&/);
    expect(() => assertWellFormedXml('<a><b/>', 'x')).toThrow(/nicht geschlossen/);
    expect(() => assertWellFormedXml('<?xml version="1.0"?><a x="1"><b/>&amp;</a>', 'x')).not.toThrow();
  });

  for (const [name, agreement] of cases) {
    it(`${name}: well-formed parts, heading styles, German, page numbers, title`, async () => {
      const doc = compose(agreement);
      const files = unzipSync(await renderDocx(doc));
      for (const [part, bytes] of Object.entries(files)) {
        if (part.endsWith('.xml') || part.endsWith('.rels')) assertWellFormedXml(strFromU8(bytes), part);
      }
      const document = strFromU8(files['word/document.xml']!);
      expect(document.match(/<w:pStyle w:val="Heading1"\/>/g)).toHaveLength(1);
      expect(document.match(/<w:pStyle w:val="Heading2"\/>/g)).toHaveLength(8);
      const measureHeadings = document.match(/<w:pStyle w:val="Heading3"\/>/g)?.length ?? 0;
      expect(measureHeadings).toBe(1 + 4); // "Ziele des Landes" + four Maßnahmenarten
      expect(document).toMatch(/<w:cantSplit\/>/);

      const styles = strFromU8(files['word/styles.xml']!);
      const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)?.[0] ?? '';
      expect(defaults).toMatch(/<w:lang w:val="de-DE"\/>/);
      for (const level of [1, 2, 3]) expect(styles).toContain(`w:styleId="Heading${level}"`);

      const footer = Object.entries(files).find(([part]) => /^word\/footer\d*\.xml$/.test(part));
      const footerXml = strFromU8(footer![1]);
      expect(footerXml).toContain('Seite ');
      expect(footerXml).toMatch(/PAGE/);
      expect(footerXml).toMatch(/NUMPAGES/);

      const core = strFromU8(files['docProps/core.xml']!);
      expect(core).toContain(`<dc:title>${doc.title}</dc:title>`);
    });

    it(`${name}: the text read back by mammoth equals the text rendering`, async () => {
      const doc = compose(agreement);
      const { value } = await mammoth.extractRawText({ buffer: Buffer.from(await renderDocx(doc)) });
      const actual = normaliseRendering(value);
      const expected = normaliseRendering(renderText(doc));
      if (actual !== expected) expect.fail(`DOCX-Text weicht ab ${firstDifference(actual, expected)}`);
    });
  }

  it.skipIf(!hasSoffice || !hasTool('pdftotext'))('LibreOffice opens the DOCX and exports the same text to PDF', async () => {
    for (const [name, agreement] of cases) {
      const doc = compose(agreement);
      const file = join(dir, `${name.replace(/\W+/g, '-')}.docx`);
      writeFileSync(file, await renderDocx(doc));
      run('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, file]);
      const pdfText = run('pdftotext', ['-raw', '-enc', 'UTF-8', file.replace(/\.docx$/, '.pdf'), '-']);
      const actual = joinHyphenSpace(normalisePdfText(pdfText));
      const expected = joinHyphenSpace(normaliseRendering(renderText(doc)));
      if (actual !== expected) expect.fail(`${name}: LibreOffice-Text weicht ab ${firstDifference(actual, expected)}`);
      expect(readFileSync(file.replace(/\.docx$/, '.pdf')).length).toBeGreaterThan(1000);
    }
  });
});
