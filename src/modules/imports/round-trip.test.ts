import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgreementInterchange } from '../documents/schema';
import { composeAgreement, defaultTemplate, renderDocx, renderMarkdown, renderPdf, renderText } from '../documents/service';
import { loadShippedDistricts } from '../districts/master-data';
import type { District } from '../districts/schema';
import { importAgreementFile } from './import-file';
import { MEASURE_LABELS } from './measure-headings';
import { buildAgreement } from '../../../tests/factories';

const districts = loadShippedDistricts();
const encoder = new TextEncoder();

function compose(agreement: AgreementInterchange, district: District) {
  return composeAgreement({ agreement, district, template: defaultTemplate(agreement.year) });
}

async function importBytes(bytes: Uint8Array, fileName: string) {
  const result = await importAgreementFile(bytes, fileName, { districts });
  if (!result.ok) throw new Error(`${fileName}: ${result.error.code} ${result.error.message}`);
  return result.agreement;
}

describe('import(render(x)) = x for all 26 districts', () => {
  for (const district of districts) {
    it(`${district.ags} ${district.officialName}: txt, md, pdf, docx`, async () => {
      const agreement = buildAgreement(district);
      const doc = compose(agreement, district);
      expect(await importBytes(encoder.encode(renderText(doc)), 'a.txt')).toEqual(agreement);
      expect(await importBytes(encoder.encode(renderMarkdown(doc)), 'a.md')).toEqual(agreement);
      expect(await importBytes(await renderPdf(doc), 'a.pdf')).toEqual(agreement);
      expect(await importBytes(await renderDocx(doc), 'a.docx')).toEqual(agreement);
    });
  }

  it('an unsigned district side comes back as null in every format', async () => {
    const district = districts.find((d) => d.ags === '06611')!;
    const agreement = buildAgreement(district, 2024, { unsignedDistrict: true });
    const doc = compose(agreement, district);
    for (const [bytes, name] of [
      [encoder.encode(renderText(doc)), 'a.txt'],
      [encoder.encode(renderMarkdown(doc)), 'a.md'],
      [await renderPdf(doc), 'a.pdf'],
      [await renderDocx(doc), 'a.docx'],
    ] as const) {
      expect(await importBytes(bytes, name)).toEqual(agreement);
    }
  });
});

/** Variations seen in real files, applied to the text and Markdown renderings. */
const VARIATIONS: Record<string, (text: string) => string> = {
  'extra blank lines': (text) => text.replace(/\n/g, '\n\n\n'),
  CRLF: (text) => text.replace(/\n/g, '\r\n'),
  'trailing spaces and tabs': (text) => text.replace(/\n/g, '  \t\n'),
  // The 2024 template prints the Maßnahmenarten unnumbered, 2025 numbered: toggle either way.
  'numbering of Maßnahmenarten toggled': (text) =>
    text.replace(/^(#* ?)(?:([1-4])\\?\. )?(.+)$/gm, (all, marks: string, number: string | undefined, rest: string) => {
      const type = Object.entries(MEASURE_LABELS).find(([, label]) => label === rest)?.[0];
      if (!type) return all;
      return number ? `${marks}${rest}` : `${marks}${type}. ${rest}`;
    }),
  'wrapped Maßnahmenart headings': (text) =>
    text.replace(/^(#*\s*)([1-4]\\?\.\s+)?(\S+(?: \S+){2,5}) (.+)$/gm, (all, marks: string, number: string | undefined, head: string, tail: string) => {
      const isHeading = Object.values(MEASURE_LABELS).some((label) => `${head} ${tail}`.replace(/\\/g, '') === label);
      return isHeading ? `${marks}${number ?? ''}${head}\n${marks}${tail}` : all;
    }),
  'dates with leading zeros': (text) =>
    text.replace(/, den (\d{1,2})\.(\d{1,2})\.(\d{4})/g, (_all, d: string, m: string, y: string) => `, den ${d.padStart(2, '0')}.${m.padStart(2, '0')}.${y}`),
  'dates without "den"': (text) => text.replace(/, den (\d)/g, ', $1'),
  'tab-indented bullets with •': (text) => text.replace(/^- /gm, '\t• '),
  'all variations at once': (text) =>
    VARIATIONS.CRLF!(VARIATIONS['extra blank lines']!(VARIATIONS['dates with leading zeros']!(VARIATIONS['wrapped Maßnahmenart headings']!(text)))),
};

describe('variations of the text and Markdown renderings', () => {
  const samples = ['06411', '06438', '06439', '06533', '06611', '06633'].map((ags) => districts.find((d) => d.ags === ags)!);
  for (const [name, vary] of Object.entries(VARIATIONS)) {
    it(name, async () => {
      for (const [district, year] of samples.flatMap((d) => [[d, 2024], [d, 2025]] as const)) {
        const agreement = buildAgreement(district, year);
        const doc = compose(agreement, district);
        const text = vary(renderText(doc));
        const markdown = vary(renderMarkdown(doc));
        expect(text, 'variation must change the text').not.toBe(renderText(doc));
        expect(await importBytes(encoder.encode(text), 'a.txt')).toEqual(agreement);
        expect(await importBytes(encoder.encode(markdown), 'a.md')).toEqual(agreement);
      }
    });
  }

  it('straight and typographic quotes in project titles survive unchanged', async () => {
    const district = districts.find((d) => d.ags === '06414')!;
    const agreement = buildAgreement(district, 2025);
    agreement.measures[0]!.projects = [
      { title: 'Projekt "Gerade" mit \'einfachen\' Anführungszeichen' },
      { title: 'Projekt „Deutsch“ und ‚einfach‘ und »französisch« und “englisch”' },
    ];
    const doc = compose(agreement, district);
    for (const [bytes, name] of [
      [encoder.encode(renderText(doc)), 'a.txt'],
      [encoder.encode(renderMarkdown(doc)), 'a.md'],
      [await renderPdf(doc), 'a.pdf'],
      [await renderDocx(doc), 'a.docx'],
    ] as const) {
      expect((await importBytes(bytes, name)).measures[0]!.projects, name).toEqual(agreement.measures[0]!.projects);
    }
  });
});

describe('round trip of generated project titles (fast-check)', () => {
  const WORDS = [
    'Projekt', 'Ausbildung', 'Teilzeit-Ausbildung', 'Qualifizierung', 'für', 'und', 'mit', 'Alleinerziehende', 'Geflüchtete',
    '„NAVI“', '"BASS"', '‚klein‘', "'Start'", '(SGB II)', '50+', '&', 'Kunden/Innen', 'E-Mail-Beratung', 'Vor- und Nachbereitung',
    'Berufsorientierung/Coaching', '–', 'Jobcenter', 'Müßtal-Öhringen', '2025', 'Langzeitarbeitslose', 'Sprachförderung', 'im',
    'Kontext', 'Integrationskursteilnehmende', 'BaE', 'integrativ', 'Werkstatt', 'GAB', 'Arbeitsmarktintegrationsmaßnahme',
  ];
  // A title never starts with a dash: that would read as a bullet in every format.
  const title = fc
    .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 18 })
    .filter((words) => words[0] !== '–')
    .map((words) => words.join(' '));
  const district = districts.find((d) => d.ags === '06435')!;

  it('txt, md, pdf and docx give back the generated titles exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(title, { maxLength: 4 }), { minLength: 4, maxLength: 4 }), async (titles) => {
        const agreement = buildAgreement(district, 2025);
        agreement.measures = agreement.measures.map((measure, i) => ({ ...measure, projects: titles[i]!.map((t) => ({ title: t })) }));
        const doc = compose(agreement, district);
        expect(await importBytes(encoder.encode(renderText(doc)), 'a.txt')).toEqual(agreement);
        expect(await importBytes(encoder.encode(renderMarkdown(doc)), 'a.md')).toEqual(agreement);
        expect(await importBytes(await renderPdf(doc), 'a.pdf')).toEqual(agreement);
        expect(await importBytes(await renderDocx(doc), 'a.docx')).toEqual(agreement);
      }),
      { numRuns: Number(process.env.ROUND_TRIP_RUNS ?? 60), seed: Number(process.env.ROUND_TRIP_SEED ?? 42) },
    );
  });
});
