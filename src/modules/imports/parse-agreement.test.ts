import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LW_2025, RTK_2024 } from '../documents/reference-agreements';
import { AgreementInterchangeSchema } from '../documents/schema';
import { loadShippedDistricts } from '../districts/master-data';
import { parseAgreementText } from './parse-agreement';

const districts = loadShippedDistricts();
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const RTK = fixture('rheingau-taunus-kreis_2024.md');
const LW = fixture('limburg-weilburg_2025.txt');

function parseOk(text: string, ctx: Partial<Parameters<typeof parseAgreementText>[1]> = {}) {
  const result = parseAgreementText(text, { districts, ...ctx });
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result;
}

describe('reference agreement Rheingau-Taunus-Kreis 2024 (Markdown)', () => {
  it('reads every field', () => {
    const { agreement } = parseOk(RTK);
    // The expected object is the hand-checked interchange JSON of the real agreement.
    expect(agreement).toEqual(RTK_2024);
    expect(AgreementInterchangeSchema.safeParse(agreement).success).toBe(true);
  });

  it('reports each "Landkreis Rheingau-Taunus-Kreis" as a template defect with its line, and nothing else', () => {
    const { warnings } = parseOk(RTK);
    expect(warnings.every((warning) => warning.code === 'TEMPLATE_DEFECT')).toBe(true);
    // 10 on single lines + the signature "Landrat des Landkreises / Rheingau-Taunus-Kreis".
    expect(warnings).toHaveLength(11);
    expect(warnings[0]).toMatchObject({ line: 19 });
    expect(warnings[0]!.message).toContain('Zeile 19');
    expect(warnings.some((warning) => /Landkreises Rheingau-Taunus-Kreis.*Rheingau-Taunus-Kreises.*Genitiv/.test(warning.message))).toBe(true);
    expect(warnings.at(-1)).toMatchObject({ line: 130 });
  });
});

describe('reference agreement Landkreis Limburg-Weilburg 2025 (plain text)', () => {
  it('reads every field, including the empty Maßnahmenart 4', () => {
    const { agreement } = parseOk(LW);
    expect(agreement).toEqual(LW_2025);
  });

  it('warns about the three "Landkreis Landkreis" defects and the Saturday signature', () => {
    const { warnings } = parseOk(LW);
    expect(warnings.map((warning) => [warning.code, warning.line])).toEqual([
      ['TEMPLATE_DEFECT', 11],
      ['TEMPLATE_DEFECT', 17],
      ['SIGNATURE_ON_WEEKEND', 104],
      ['TEMPLATE_DEFECT', 120],
    ]);
    expect(warnings[0]!.message).toMatch(/Zeile 11.*Landkreis Landkreis/);
    expect(warnings[2]!.message).toContain('Samstag, den 2.8.2025');
  });

  it('warns about an amount that differs from the allocation, in German format', () => {
    const { warnings } = parseOk(LW, { allocationCents: (ags, year) => (ags === '06533' && year === 2025 ? 89_000_000 : undefined) });
    const mismatch = warnings.find((warning) => warning.code === 'AMOUNT_MISMATCH');
    expect(mismatch?.message).toContain('895.210,00 €');
    expect(mismatch?.message).toContain('890.000,00 €');
    expect(parseOk(LW, { allocationCents: () => 89_521_000 }).warnings.some((w) => w.code === 'AMOUNT_MISMATCH')).toBe(false);
    expect(parseOk(LW, { allocationCents: () => undefined }).warnings.some((w) => w.code === 'AMOUNT_MISMATCH')).toBe(false);
  });

  it('reads the same agreement with CRLF, a BOM, extra blank lines and trailing spaces', () => {
    const noisy = `\uFEFF${LW.split('\n').map((line) => `${line}  `).join('\r\n\r\n')}`;
    expect(parseOk(noisy).agreement).toEqual(parseOk(LW).agreement);
  });
});

/** A compact agreement built from parts, for the variations real files show. */
function doc(parts: { title?: string; year?: string; amount?: string; measures?: string; signatures?: string; body?: string }): string {
  return [
    'Zielvereinbarung',
    '',
    parts.year ?? '2025',
    '',
    'zwischen',
    'dem Hessischen Ministerium für Arbeit, Integration, Jugend und Soziales',
    parts.title ?? 'und dem Landkreis Fulda',
    'zur Umsetzung des hessischen Ausbildungs- und Qualifizierungsbudgets',
    '',
    'Präambel',
    parts.body ?? '',
    '§ 4',
    'Haushaltsmittel und Eckdaten',
    parts.amount ?? 'Das HMSI stellt Haushaltsmittel in Höhe von insgesamt 500.000 Euro zur Verfügung.',
    '§ 5',
    'Ziele für die Umsetzung',
    parts.measures ??
      ['1. Ausbildungsvorbereitung', '- A', '2. Ausbildung', '- B', '3. Qualifizierung', '- C', '4. Weiterbildung Personal', '- D'].join('\n'),
    '§ 6',
    'Zielsteuerung',
    parts.signatures ??
      ['Wiesbaden, den 1.7.2025', 'Heike Hofmann', 'Staatsministerin', '', 'Fulda, den 3.7.2025', 'Bernd Woide', 'Landrat des Landkreises Fulda'].join('\n'),
  ].join('\n');
}

describe('amounts', () => {
  it.each([
    ['787.100 Euro', 78_710_000],
    ['895.210,00 €', 89_521_000],
    ['1.140.300 EUR', 114_030_000],
    ['968.540,50 Euro', 96_854_050],
    ['**787.100 Euro**', 78_710_000],
    ['Das HMSI stellt dem Landkreis Fulda im Jahr 2025 Haushaltsmittel in Höhe von insgesamt 968.540,50 Euro zur Verfügung.', 96_854_050],
    ['im Jahr 2025\nHaushaltsmittel in Höhe von insgesamt\n\n1.140.300 EUR\n\naus dem Budget', 114_030_000],
    ['in Höhe von 12.345,5 €', 1_234_550],
    ['in Höhe von 500.000,– €', 50_000_000],
    ['in Höhe von € 600.000', 60_000_000],
    ['in Höhe von 750000 Euro', 75_000_000],
  ])('%s', (amount, cents) => {
    expect(parseOk(doc({ amount })).agreement.amountCents).toBe(cents);
  });

  it('prefers the § 4 amount over amounts elsewhere', () => {
    const text = doc({ body: 'Im Vorjahr standen 100.000 Euro zur Verfügung.', amount: 'insgesamt 787.100 Euro' });
    expect(parseOk(text).agreement.amountCents).toBe(78_710_000);
  });

  it('keeps what it recognised of a file without the amount, for the web preview (year, district, projects; amount null)', () => {
    const result = parseAgreementText(doc({ amount: 'Haushaltsmittel in Höhe von insgesamt' }), { districts });
    if (result.ok) throw new Error('expected a refusal');
    expect(result.partial?.missing).toEqual(['amountCents']);
    expect(result.partial?.agreement.amountCents).toBeNull();
    expect(result.partial?.agreement.year).toBe(2025);
    expect(result.partial?.agreement.district.ags).toBe('06631');
    // A complete file has no partial.
    expect(parseAgreementText(doc({}), { districts })).not.toHaveProperty('partial');
  });

  it('refuses a missing or zero amount', () => {
    for (const amount of ['Haushaltsmittel in Höhe von insgesamt', 'in Höhe von 0 Euro', 'in Höhe von 0,00 €']) {
      const result = parseAgreementText(doc({ amount }), { districts });
      expect(result).toMatchObject({ ok: false, error: { code: 'MISSING_AMOUNT', field: 'amountCents' } });
    }
  });
});

describe('Maßnahmenarten', () => {
  const expectedTypes = (text: string) => parseOk(doc({ measures: text })).agreement.measures.map((m) => m.projects.map((p) => p.title));

  it('reads numbered, unnumbered, Markdown and bold headings with all bullet styles', () => {
    const variants = [
      '1. Ausbildungsvorbereitung\n- A\n2. Ausbildung\n• B\n3. Qualifizierung\n* C\n4. Weiterbildung Personal\n– D',
      '#### Ausbildungsvorbereitung\n\n- A\n\n#### Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen\n\n- B\n\n#### Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung\n\n- C\n\n#### Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der fachlichen Verantwortung für Benachteiligte im Kontext der\n\n#### Arbeitsmarktförderung\n\n- D',
      '**1. Ausbildungsvorbereitung**\n- A\n**2. Ausbildung und Ausbildungscoaching in anerkannten**\n**Ausbildungsberufen**\n- B\n**3. Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung**\n- C\n**4. Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der**\n**fachlichen Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung**\n- D',
      'Ausbildungsvorbereitung:\n\n  - A\n\nAusbildung und Ausbildungscoaching in anerkannten\nAusbildungsberufen\n  - B\nQualifizierungsprojekte zur Arbeitsmarktintegration,\nFachkräftesicherung\n  - C\nWeiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte\nin der fachlichen Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung\n  - D',
    ];
    for (const variant of variants) expect(expectedTypes(variant)).toEqual([['A'], ['B'], ['C'], ['D']]);
  });

  it('accepts empty Maßnahmenarten and keeps project titles exactly, quotes included', () => {
    const text = [
      '1. Ausbildungsvorbereitung',
      '2. Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen',
      '- Ausbildung "BAEREN-STARKE"',
      '- Projekt „NAVI“ – Neuausrichtung ‚klein‘ \'x\' (SGB II)',
      '3. Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung',
      '4. Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der fachlichen Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung',
      '',
      'Die Förderung der aufgeführten Maßnahmen erfolgt auf Basis und nach Maßgabe des Bescheides.',
    ].join('\n');
    expect(expectedTypes(text)).toEqual([[], ['Ausbildung "BAEREN-STARKE"', 'Projekt „NAVI“ – Neuausrichtung ‚klein‘ \'x\' (SGB II)'], [], []]);
  });

  it('joins a project title wrapped over two lines and stops at the closing paragraph', () => {
    const text = [
      '2. Ausbildung',
      '- Intensiv begleitete kooperative Ausbildung mit integrativem Beginn in den',
      '  Ausbildungswerkstätten der GAB',
      '- Zweites Projekt',
      'Die Förderung der aufgeführten Maßnahmen erfolgt auf Basis und nach Maßgabe des Bescheides.',
    ].join('\n');
    expect(expectedTypes(text)).toEqual([
      [],
      ['Intensiv begleitete kooperative Ausbildung mit integrativem Beginn in den Ausbildungswerkstätten der GAB', 'Zweites Projekt'],
      [],
      [],
    ]);
  });
});

describe('signatures', () => {
  it.each([
    [
      'Wiesbaden, den 01.07.2025\n\n*Heike Hofmann*\n\nHeike Hofmann\nStaatsministerin\nHessisches Ministerium\nfür Arbeit, Integration,\nJugend und Soziales\n\nHeppenheim, den 5.7.2025\n\nChristine Klein\nLandrätin des Kreises Bergstraße',
      { place: 'Wiesbaden', date: '2025-07-01', name: 'Heike Hofmann', title: 'Staatsministerin' },
      { place: 'Heppenheim', date: '2025-07-05', name: 'Christine Klein', title: 'Landrätin' },
    ],
    [
      'Kassel, den 14.08.2025\nDr. Ilona Friedrich\nOberbürgermeisterin\nder Stadt Kassel\n\nWiesbaden, den 2.9.2025\nMax Mustermann\nStaatsminister',
      { place: 'Wiesbaden', date: '2025-09-02', name: 'Max Mustermann', title: 'Staatsminister' },
      { place: 'Kassel', date: '2025-08-14', name: 'Dr. Ilona Friedrich', title: 'Oberbürgermeisterin' },
    ],
    [
      'Wiesbaden, 1. Juli 2025\nHeike Hofmann, Staatsministerin\n\nBad Homburg v. d. Höhe, den 3.7.2025\nUlrich Krebs, Landrat',
      { place: 'Wiesbaden', date: '2025-07-01', name: 'Heike Hofmann', title: 'Staatsministerin' },
      { place: 'Bad Homburg v. d. Höhe', date: '2025-07-03', name: 'Ulrich Krebs', title: 'Landrat' },
    ],
  ])('reads signature blocks %#', (signatures, land, district) => {
    expect(parseOk(doc({ signatures })).agreement.signatures).toEqual({ land, district });
  });

  it('returns null for an unsigned side', () => {
    const signatures = 'Wiesbaden, den 1.7.2025\nHeike Hofmann\nStaatsministerin\n\nOrt, Datum\n\n______________________________\nLandrat des Landkreises Fulda';
    expect(parseOk(doc({ signatures })).agreement.signatures).toEqual({
      land: { place: 'Wiesbaden', date: '2025-07-01', name: 'Heike Hofmann', title: 'Staatsministerin' },
      district: null,
    });
    expect(parseOk(doc({ signatures: '' })).agreement.signatures).toEqual({ land: null, district: null });
  });

  it('warns when a date does not exist instead of importing it', () => {
    const result = parseOk(doc({ signatures: 'Wiesbaden, den 31.2.2025\nHeike Hofmann\nStaatsministerin' }));
    expect(result.agreement.signatures.land).toBeNull();
    expect(result.warnings.map((warning) => warning.code)).toContain('SIGNATURE_INCOMPLETE');
  });
});

describe('errors', () => {
  it('NOT_AN_AGREEMENT for other texts', () => {
    for (const text of ['', 'Hallo Welt', 'Einladung zur Umsetzungsbesprechung im Herbst 2025', '\u0000\u0001binary']) {
      expect(parseAgreementText(text, { districts })).toMatchObject({ ok: false, error: { code: 'NOT_AN_AGREEMENT' } });
    }
  });

  it('MISSING_YEAR when no year is given anywhere', () => {
    const text = doc({ year: '' }).replace(/2025/g, '');
    expect(parseAgreementText(text, { districts })).toMatchObject({ ok: false, error: { code: 'MISSING_YEAR', field: 'year' } });
  });

  it('UNKNOWN_DISTRICT for a Sonderstatusstadt or no district', () => {
    const text = doc({ title: 'und der Universitätsstadt Gießen', signatures: '' });
    const result = parseAgreementText(text, { districts });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_DISTRICT', field: 'district' } });
    expect(!result.ok && result.error.message).toContain('Sonderstatusstadt');
    expect(parseAgreementText(doc({ title: 'und dem Landkreis Nirgendwo', signatures: '' }), { districts })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_DISTRICT' },
    });
  });
});

describe('robustness against PDF line wrapping and other layouts', () => {
  it('does not take a wrapped sentence starting with "§ 5 vereinbarten" for the § 5 heading', () => {
    const body = 'Das HMSI und der Landkreis Fulda setzen ihre Kompetenzen dafür ein, dass die in\n§ 5 vereinbarten Ziele erreicht werden.\n\nUnterjährige Abweichungen von den in\n§ 4 genannten Haushaltsmitteln werden berücksichtigt.';
    const { agreement } = parseOk(doc({ body }));
    expect(agreement.measures.map((m) => m.projects.length)).toEqual([1, 1, 1, 1]);
  });

  it('skips page numbers inside the project list', () => {
    const measures = '1. Ausbildungsvorbereitung\n- A\nSeite 2 von 3\n- B\n2. Ausbildung\n- C\n3\n3. Qualifizierung\n4. Weiterbildung Personal';
    expect(parseOk(doc({ measures })).agreement.measures.map((m) => m.projects.map((p) => p.title))).toEqual([['A', 'B'], ['C'], [], []]);
  });

  it('reads Word bullets exported as private-use characters', () => {
    const measures = '1. Ausbildungsvorbereitung\n\uF0B7 A\n\uF0B7\tB\n2. Ausbildung\n3. Qualifizierung\n4. Weiterbildung Personal';
    expect(parseOk(doc({ measures })).agreement.measures[0]!.projects).toEqual([{ title: 'A' }, { title: 'B' }]);
  });

  it('assigns the blocks by role when the district signs first and a Staatssekretär signs for the Land', () => {
    const signatures = 'Fulda, den 3.7.2025\nBernd Woide\nLandrat\n\nWiesbaden, den 9.7.2025\nManfred Pentz\nStaatssekretär';
    expect(parseOk(doc({ signatures })).agreement.signatures).toEqual({
      land: { place: 'Wiesbaden', date: '2025-07-09', name: 'Manfred Pentz', title: 'Staatssekretär' },
      district: { place: 'Fulda', date: '2025-07-03', name: 'Bernd Woide', title: 'Landrat' },
    });
  });
});

describe('more layouts', () => {
  it('reads a one-line title with the year and the district', () => {
    const text = doc({ title: '', year: 'Zielvereinbarung 2026 zwischen dem Hessischen Ministerium für Arbeit, Integration, Jugend und Soziales und der Stadt Kassel' })
      .replace(/^2025$/m, '')
      .replace(/Landkreis Fulda|Landkreises Fulda/g, 'Stadt Kassel');
    const { agreement } = parseOk(text.replace(/\b2025\b/g, ''));
    expect(agreement.year).toBe(2026);
    expect(agreement.district.ags).toBe('06611');
  });

  it.each([
    ['in Höhe von 787 100 Euro', 78_710_000],
    ['in Höhe von 1 140 300,50 €', 114_030_050],
    ['im Jahr 2025\n787.100 Euro', 78_710_000],
  ])('space-grouped and line-separated amounts: %s', (amount, cents) => {
    expect(parseOk(doc({ amount })).agreement.amountCents).toBe(cents);
  });

  it('reads numbered project lists and "Maßnahmenart 2 – …" headings', () => {
    const measures = 'Maßnahmenart 1 – Ausbildungsvorbereitung\n1. Erstes Projekt\n2) Zweites Projekt\nMaßnahmenart 2: Ausbildung\na) Drittes Projekt\n3. Qualifizierung\n4. Weiterbildung Personal';
    expect(parseOk(doc({ measures })).agreement.measures.map((m) => m.projects.map((p) => p.title))).toEqual([
      ['Erstes Projekt', 'Zweites Projekt'],
      ['Drittes Projekt'],
      [],
      [],
    ]);
  });
});

describe('year consistency and signature prefixes', () => {
  it('warns when the text names another budget year than the title', () => {
    const { agreement, warnings } = parseOk(doc({ body: 'Mit dem Ausbildungs- und Qualifizierungsbudget 2024 wurden …' }));
    expect(agreement.year).toBe(2025);
    expect(warnings.map((warning) => warning.code)).toContain('YEAR_INCONSISTENT');
  });

  it('drops "gez." before a name', () => {
    const signatures = 'Wiesbaden, den 1.7.2025\ngez. Heike Hofmann\nStaatsministerin';
    expect(parseOk(doc({ signatures })).agreement.signatures.land).toEqual({ place: 'Wiesbaden', date: '2025-07-01', name: 'Heike Hofmann', title: 'Staatsministerin' });
  });
});

describe('a list that runs into the signatures', () => {
  it('ends the last Maßnahmenart at "Ort, den Datum" even without § 6 or a blank line', () => {
    const text = doc({ signatures: '' })
      .replace(/§ 6\nZielsteuerung\n/, '')
      .concat('\nWiesbaden, den 1.7.2025\nHeike Hofmann\nStaatsministerin');
    const { agreement } = parseOk(text);
    expect(agreement.measures[3]!.projects).toEqual([{ title: 'D' }]);
    expect(agreement.signatures.land?.name).toBe('Heike Hofmann');
  });
});
