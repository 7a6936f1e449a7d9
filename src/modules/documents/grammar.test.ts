import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { District } from '../districts/schema';
import { loadShippedDistricts } from '../districts/master-data';
import { composeAgreement } from './compose';
import { buildDemoAgreement } from '../../../tests/factories';
import { districtByAgs } from './fixtures/agreements';
import type { AgreementDocument } from './model';
import { renderDocx } from './render-docx';
import { renderHtml } from './render-html';
import { renderMarkdown } from './render-markdown';
import { renderPdf } from './render-pdf';
import { renderText } from './render-text';
import { defaultTemplate, SEED_TEMPLATE_YEARS } from './template';

const districts = loadShippedDistricts();
const GENERA = ['m', 'f'] as const;

function compose(district: District, year: number, headGenus: 'm' | 'f', signed = true): AgreementDocument {
  return composeAgreement({ agreement: buildDemoAgreement(district, year, { headGenus, signed }), district, template: defaultTemplate(year) });
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

describe('grammar of the generated text, 26 districts × head m/f × both years', () => {
  it('has 26 districts to check', () => expect(districts).toHaveLength(26));

  for (const year of SEED_TEMPLATE_YEARS) {
    for (const headGenus of GENERA) {
      it(`${year}, head ${headGenus}: no doubled or glued type nouns, no masculine article before a city`, () => {
        for (const district of districts) {
          const text = renderText(compose(district, year, headGenus));
          const where = `${district.officialName} ${year} ${headGenus}`;
          expect(text, where).not.toMatch(/Landkreis(es)? Landkreis/);
          expect(text, where).not.toMatch(/\b(Land)?[Kk]reis(es)?\s+[\wÄÖÜäöüß-]*[Kk]reis(es)?\b/);
          // "der" is also the feminine genitive/dative ("Oberbürgermeisterin der Stadt Kassel"), so it is
          // checked through the nominative positions below instead of here.
          expect(text, where).not.toMatch(/\b(des|dem|den)\s+(Stadt|Landeshauptstadt|Wissenschaftsstadt)\b/);
          expect(text, where).not.toMatch(/\b[Dd]er (Stadt|Landeshauptstadt|Wissenschaftsstadt) [^\n]*? (finanziert|beteiligt sich|und das HMSI)/);
        }
      });

      it(`${year}, head ${headGenus}: the district's form at every position of DOMAIN.md 3.4`, () => {
        for (const district of districts) {
          const text = renderText(compose(district, year, headGenus)).replace(/\s+/g, ' ');
          const f = district.forms;
          const expected = [
            `und ${f.dat} zur Umsetzung`, // title
            `Ausbildungsstrategie ${f.gen}.`, // Präambel
            `Soziales und ${f.nom} setzen`, // § 2
            `von ${f.dat} bereits erarbeiteten`, // § 2
            `stellt ${f.dat} im Jahr ${year}`, // § 4
            `Ziele für die Umsetzung ${f.gen} `, // § 5 heading
            `${capitalise(f.nom)} finanziert`, // § 5
            `durch ${f.akk} vom Regierungspräsidium`, // § 5
            `${capitalise(f.nom)} und das HMSI`, // § 6
            `${capitalise(f.nom)} beteiligt sich`, // § 7
            `${district.headTitle[headGenus]} ${f.gen}`, // signature
          ];
          for (const phrase of expected) expect(text, `${district.officialName} ${year} ${headGenus}`).toContain(phrase);
        }
      });
    }
  }

  // Literal phrases, written out by hand so the check does not only repeat the master data.
  const literal: Array<[ags: string, genus: 'm' | 'f', phrases: string[]]> = [
    ['06434', 'f', ['und dem Hochtaunuskreis', 'Ausbildungsstrategie des Hochtaunuskreises', 'Der Hochtaunuskreis finanziert', 'Landrätin des Hochtaunuskreises']],
    ['06414', 'f', ['und der Landeshauptstadt Wiesbaden', 'Die Landeshauptstadt Wiesbaden finanziert', 'Oberbürgermeisterin der Landeshauptstadt Wiesbaden', 'durch die Landeshauptstadt Wiesbaden vom']],
    ['06431', 'f', ['Landrätin des Kreises Bergstraße', 'Ausbildungsstrategie des Kreises Bergstraße', 'Der Kreis Bergstraße beteiligt sich']],
    ['06439', 'm', ['Landrat des Rheingau-Taunus-Kreises', 'Ziele für die Umsetzung des Rheingau-Taunus-Kreises', 'durch den Rheingau-Taunus-Kreis vom']],
    ['06533', 'm', ['und dem Landkreis Limburg-Weilburg', 'Landrat des Landkreises Limburg-Weilburg', 'Der Landkreis Limburg-Weilburg und das HMSI']],
    ['06611', 'm', ['von der Stadt Kassel bereits', 'Die Stadt Kassel beteiligt sich', 'Oberbürgermeister der Stadt Kassel', 'stellt der Stadt Kassel im Jahr']],
    ['06411', 'f', ['Oberbürgermeisterin der Wissenschaftsstadt Darmstadt', 'und die Wissenschaftsstadt Darmstadt setzen']],
  ];
  for (const [ags, genus, phrases] of literal) {
    it(`literal phrases for ${ags}`, () => {
      for (const year of SEED_TEMPLATE_YEARS) {
        const text = renderText(compose(districtByAgs(ags), year, genus)).replace(/\s+/g, ' ');
        for (const phrase of phrases) expect(text).toContain(phrase);
      }
    });
  }

  it('an unsigned district block prints "Ort, Datum", a signature rule and both head titles', () => {
    const text = renderText(compose(districtByAgs('06611'), 2025, 'f', false));
    expect(text).toContain('Ort, Datum\n\n______________________________\nOberbürgermeister/Oberbürgermeisterin der Stadt Kassel');
  });

  it('an empty Maßnahmenart prints its heading without a list', () => {
    const district = districtByAgs('06533');
    const agreement = buildDemoAgreement(district, 2025);
    agreement.measures[3]!.projects = [];
    const doc = composeAgreement({ agreement, district, template: defaultTemplate(2025) });
    const html = renderHtml(doc);
    expect(html).toMatch(/<h3>4\. Weiterbildungsmaßnahmen[^<]*<\/h3>\n<p>/);
    // "4\\." is escaped so no Markdown reader takes it for an ordered list.
    expect(renderMarkdown(doc)).toMatch(/### 4\\\. Weiterbildungsmaßnahmen[^\n]*\n\nDie Förderung/);
  });
});

describe('all four formats render for all 26 districts', () => {
  for (const year of SEED_TEMPLATE_YEARS) {
    it(`${year}: text, Markdown, HTML, PDF and DOCX`, async () => {
      for (const [index, district] of districts.entries()) {
        const doc = compose(district, year, GENERA[index % 2]!, index % 3 !== 0);
        const html = renderHtml(doc);
        expect(html.match(/<h1[ >]/g)).toHaveLength(1);
        expect(html.match(/<h2[ >]/g)).toHaveLength(8); // Präambel + § 1–§ 7
        expect(html).not.toMatch(/style=|<script/);
        expect(html.startsWith('<article class="agreement" lang="de">')).toBe(true);
        expect(renderMarkdown(doc).match(/^# /gm)).toHaveLength(1);
        const pdf = await renderPdf(doc);
        expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
        expect(new TextDecoder('latin1').decode(pdf.slice(-1024))).toContain('%%EOF');
        const docx = unzipSync(await renderDocx(doc));
        expect(Object.keys(docx)).toContain('word/document.xml');
        expect(new TextDecoder().decode(docx['word/document.xml'])).toContain(district.forms.gen);
      }
    });
  }
});

describe('escaping', () => {
  it('keeps markup characters in project titles as text in every format', async () => {
    const district = districtByAgs('06439');
    const agreement = buildDemoAgreement(district, 2024);
    const evil = 'Projekt <script>alert(1)</script> & "Quote" #set text(red) ]* _x_ `code` $math$';
    agreement.measures[0]!.projects = [{ title: evil }];
    const doc = composeAgreement({ agreement, district, template: defaultTemplate(2024) });
    expect(renderHtml(doc)).toContain('Projekt &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Quote&quot;');
    expect(renderMarkdown(doc)).toContain('Projekt \\<script\\>alert(1)\\</script\\> & "Quote" \\#set text(red) \\]\\* \\_x\\_ \\`code\\` $math$');
    expect(renderText(doc)).toContain(`- ${evil}`);
    const pdf = await renderPdf(doc);
    expect(pdf.length).toBeGreaterThan(1000);
  });
});
