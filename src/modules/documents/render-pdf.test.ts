import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeAgreement } from './compose';
import { buildDemoAgreement } from '../../../tests/factories';
import { districtByAgs } from './fixtures/agreements';
import { LW_2025, RTK_2024 } from './service';
import { firstDifference, joinHyphenSpace, normalisePdfText, normaliseRendering } from './fixtures/normalise';
import { hasTool, run } from './fixtures/tools';
import type { AgreementDocument } from './model';
import { renderPdf } from './render-pdf';
import { renderText } from './render-text';
import { defaultTemplate } from './template';
import type { AgreementInterchange } from './schema';

const hasPoppler = hasTool('pdfinfo') && hasTool('pdftotext') && hasTool('pdffonts');
const hasQpdf = hasTool('qpdf');
if (!hasPoppler) console.warn('render-pdf.test: pdfinfo/pdftotext fehlen (apt-get install poppler-utils) – PDF-Prüfungen übersprungen');
if (!hasQpdf) console.warn('render-pdf.test: qpdf fehlt (apt-get install qpdf) – Strukturprüfung übersprungen');

const dir = mkdtempSync(join(tmpdir(), 'aqb-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function compose(agreement: AgreementInterchange): AgreementDocument {
  return composeAgreement({ agreement, district: districtByAgs(agreement.district.ags), template: defaultTemplate(agreement.year) });
}

/** A long agreement so that page breaks fall inside § 5 and the signatures move. */
function longAgreement(projectsPerType: number): AgreementInterchange {
  const agreement = buildDemoAgreement(districtByAgs('06414'), 2025, { headGenus: 'f', signed: false });
  agreement.measures = agreement.measures.map((measure) => ({
    ...measure,
    projects: Array.from({ length: measure.type === 4 ? 0 : projectsPerType }, (_, i) => ({
      title: `Projekt ${measure.type}.${i + 1}: Qualifizierung und Begleitung benachteiligter junger Menschen im Übergang Schule–Beruf`,
    })),
  }));
  return agreement;
}

const cases: Array<[name: string, agreement: AgreementInterchange]> = [
  ['RTK 2024', RTK_2024],
  ['LW 2025', LW_2025],
  ['Wiesbaden unsigned, long', longAgreement(14)],
  ['Wiesbaden unsigned, longer', longAgreement(23)],
];

async function writePdf(name: string, doc: AgreementDocument): Promise<string> {
  const file = join(dir, `${name.replace(/\W+/g, '-')}.pdf`);
  writeFileSync(file, await renderPdf(doc));
  return file;
}

describe.skipIf(!hasPoppler)('PDF rendering (poppler)', () => {
  for (const [name, agreement] of cases) {
    it(`${name}: tagged, titled, PDF/UA-1, German, Fira Sans, same text as the text rendering`, async () => {
      const doc = compose(agreement);
      const file = await writePdf(name, doc);

      const info = run('pdfinfo', [file]);
      expect(info).toMatch(/^Tagged:\s+yes$/m);
      expect(info).toContain(`Title:           ${doc.title}`);
      expect(info).toMatch(/^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$/m);
      const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);

      const meta = run('pdfinfo', ['-meta', file]);
      expect(meta).toContain('<pdfuaid:part>1</pdfuaid:part>');
      expect(meta).toMatch(/<dc:language>\s*<rdf:Bag>\s*<rdf:li>de-DE<\/rdf:li>/);

      const fonts = run('pdffonts', [file]).split('\n').slice(2).filter((line) => line.trim() !== '');
      expect(fonts.length).toBeGreaterThan(0);
      for (const line of fonts) {
        expect(line).toMatch(/FiraSans/);
        expect(line).toMatch(/\byes\s+yes\s+yes\b/); // embedded, subset, ToUnicode
      }

      // -raw keeps the content-stream order, so the two side-by-side signature blocks stay apart.
      const pdfText = run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']);
      const footers = [...pdfText.matchAll(/^Seite (\d+) von (\d+)$/gm)];
      expect(footers.map((m) => `${m[1]}/${m[2]}`)).toEqual(Array.from({ length: pages }, (_, i) => `${i + 1}/${pages}`));

      const actual = joinHyphenSpace(normalisePdfText(pdfText));
      const expected = joinHyphenSpace(normaliseRendering(renderText(doc)));
      if (actual !== expected) expect.fail(`PDF-Text weicht ab ${firstDifference(actual, expected)}`);
    });
  }

  it('keeps headings with the next block and the signature blocks on one page', async () => {
    for (const [name, agreement] of cases) {
      const doc = compose(agreement);
      const file = await writePdf(`${name}-layout`, doc);
      const pageTexts = run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']).split('\f').filter((page) => page.trim() !== '');
      const headingLines = new Set<string>([doc.heading, doc.preamble.heading]);
      for (const section of doc.sections) {
        headingLines.add(section.label.replace(' ', '\u00a0')).add(section.label).add(section.heading);
        if (section.subheading) headingLines.add(section.subheading);
        for (const block of section.blocks) if (block.kind === 'measureType') headingLines.add(block.heading);
      }
      pageTexts.slice(0, -1).forEach((page, index) => {
        const lines = page.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !/^Seite \d+ von \d+$/.test(line));
        expect(headingLines.has(lines.at(-1) ?? ''), `${name}: Seite ${index + 1} endet mit Überschrift „${lines.at(-1)}“`).toBe(false);
      });
      const [land, district] = doc.signatures;
      const lastPage = joinHyphenSpace(normalisePdfText(pageTexts.at(-1) ?? ''));
      for (const line of [land.placeAndDate, ...land.lines, ...district.lines]) {
        expect(lastPage, name).toContain(joinHyphenSpace(normaliseRendering(line)));
      }
    }
  });

  it('prints Typst markup in project titles as plain text', async () => {
    const agreement = structuredClone(RTK_2024);
    const title = 'Projekt #set page(width: 1cm) *fett* $x^2$ <label> @ref [Klammer] \\ "Zitat"';
    agreement.measures[0]!.projects = [{ title }];
    const file = await writePdf('markup', compose(agreement));
    const text = run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']).replace(/\s+/g, ' ');
    expect(text).toContain(title.replace(/\s+/g, ' '));
    expect(run('pdfinfo', [file])).toMatch(/A4/);
  });
});

describe.skipIf(!hasQpdf)('PDF structure (qpdf)', () => {
  it('qpdf --check finds no errors or warnings', async () => {
    for (const [name, agreement] of cases) {
      const file = await writePdf(`${name}-qpdf`, compose(agreement));
      const output = run('qpdf', ['--check', file]);
      expect(output, name).toContain('No syntax or stream encoding errors found');
    }
  });

  it('the catalog carries /Lang (de-DE), /MarkInfo and a structure tree', async () => {
    const file = await writePdf('catalog', compose(LW_2025));
    const catalog = run('qpdf', ['--show-object=trailer', '--filtered-stream-data', file]);
    const root = /\/Root (\d+) 0 R/.exec(catalog)?.[1];
    const rootObject = run('qpdf', [`--show-object=${root}`, file]);
    expect(rootObject).toMatch(/\/Lang \(de-DE\)/);
    expect(rootObject).toMatch(/\/MarkInfo/);
    expect(rootObject).toMatch(/\/StructTreeRoot/);
  });
});
