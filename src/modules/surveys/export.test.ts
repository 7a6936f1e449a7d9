import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { codebook, codebookCsv, exportCsv, exportHeader, exportXlsx } from './export';
import { interchangeOf } from './interchange';
import { compareSurveys, surveyResults } from './results';
import type { ExportResponse } from './export';
import type { ResultResponse } from './results';
import { SurveyDefinitionSchema, SurveyInterchangeSchema } from './schema';
import { DEMO_SURVEY_DEFINITION } from './use-cases/demo';

const responses: ExportResponse[] = [
  { ags: '06439', districtName: 'Rheingau-Taunus-Kreis', status: 'eingereicht', submittedOn: '2025-10-01', answers: { f1_teilzeit: 1, f2_teilzeit_plaetze: 12, f3_zielgruppen: [1, 3], f4_zufriedenheit: 4, f5_netzwerk: { ja: 5, aa: 3, kammer: 2 }, f6_praxis: '=SUMME(A1)', f7_anregungen: 'Mehr; "Zeit"' } },
  { ags: '06533', districtName: 'Landkreis Limburg-Weilburg', status: 'entwurf', submittedOn: null, answers: { f1_teilzeit: 2 } },
];

describe('survey export', () => {
  it('has one column per variable: multiple choice and matrix items get their own, hand-checked', () => {
    expect(exportHeader(DEMO_SURVEY_DEFINITION)).toEqual([
      'ags', 'gebietskoerperschaft', 'status', 'eingereicht_am',
      'f1_teilzeit', 'f2_teilzeit_plaetze', 'f3_zielgruppen_1', 'f3_zielgruppen_2', 'f3_zielgruppen_3', 'f3_zielgruppen_4', 'f4_zufriedenheit', 'f5_netzwerk_ja', 'f5_netzwerk_aa', 'f5_netzwerk_kammer', 'f6_praxis', 'f7_anregungen',
    ]);
  });

  it('writes one row per district; an unanswered multiple choice stays empty, a formula is neutralised', () => {
    const lines = exportCsv(DEMO_SURVEY_DEFINITION, responses).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[1]).toBe(`06439;Rheingau-Taunus-Kreis;eingereicht;2025-10-01;1;12;1;0;1;0;4;5;3;2;'=SUMME(A1);"Mehr; ""Zeit"""`);
    expect(lines[2]).toBe('06533;Landkreis Limburg-Weilburg;entwurf;;2;;;;;;;;;;;');
  });

  it('has a codebook with variable, question, type and value labels', () => {
    const entries = codebook(DEMO_SURVEY_DEFINITION);
    expect(entries.find((e) => e.variable === 'f1_teilzeit')).toMatchObject({ question: 'Bieten Sie Teilzeitausbildung an?', type: 'Einfachauswahl', valueLabels: '1 = Ja; 2 = Nein' });
    expect(entries.find((e) => e.variable === 'f3_zielgruppen_2')).toMatchObject({ question: 'Welche Zielgruppen erreichen Sie besonders gut? – Alleinerziehende', valueLabels: '0 = nicht gewählt; 1 = gewählt' });
    expect(entries.find((e) => e.variable === 'f5_netzwerk_aa')?.valueLabels).toBe('1 = sehr schlecht; 2 = schlecht; 3 = mittel; 4 = gut; 5 = sehr gut');
    expect(entries.find((e) => e.variable === 'f2_teilzeit_plaetze')?.note).toBe('Einheit Plätze; Bereich 0 bis 500; ganze Zahl; nur wenn f1_teilzeit = 1');
    expect(codebookCsv(DEMO_SURVEY_DEFINITION).split('\r\n')[0]).toBe('\uFEFFvariable;frage;typ;wertelabels;hinweis');
  });

  it('keeps the header across years: definition → aqb.umfrage/1 JSON → import → same export header and codebook', () => {
    const file = JSON.stringify(interchangeOf(DEMO_SURVEY_DEFINITION));
    const parsed = SurveyInterchangeSchema.parse(JSON.parse(file));
    const { schema, ...imported } = parsed;
    expect(schema).toBe('aqb.umfrage/1');
    expect(SurveyDefinitionSchema.parse(imported)).toEqual(DEMO_SURVEY_DEFINITION);
    expect(exportHeader(imported)).toEqual(exportHeader(DEMO_SURVEY_DEFINITION));
    expect(codebook(imported)).toEqual(codebook(DEMO_SURVEY_DEFINITION));
  });

  it('refuses a definition that breaks the rules: duplicate variable, condition on a later question, unknown value', () => {
    const q = (variable: string, extra: object = {}) => ({ variable, type: 'single', text: variable, options: [{ code: 1, label: 'Ja' }, { code: 2, label: 'Nein' }], ...extra });
    const check = (questions: object[]) => SurveyDefinitionSchema.safeParse({ title: 'T', sections: [{ title: 'S', questions }] }).error?.issues.map((i) => i.message) ?? [];
    expect(check([q('a'), q('a')])).toContain('Den Variablennamen „a“ hat schon eine andere Frage.');
    expect(check([q('a', { condition: { variable: 'b', equals: 1 } }), q('b')])).toContain('Die Bedingung muss sich auf eine frühere Frage beziehen („b“ steht nicht davor).');
    expect(check([q('a'), q('b', { condition: { variable: 'a', equals: 3 } })])).toContain('Die Frage „a“ hat keinen Wert 3.');
    expect(check([q('A1')])[0]).toMatch(/^Variablenname/);
    expect(SurveyInterchangeSchema.safeParse({ schema: 'aqb.umfrage/2', title: 'T', sections: [] }).success).toBe(false);
  });

  it('writes an XLSX workbook with the sheets "Daten" and "Codebuch"', async () => {
    const bytes = await exportXlsx(DEMO_SURVEY_DEFINITION, responses);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as never);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Daten', 'Codebuch']);
    const data = book.getWorksheet('Daten')!;
    expect((data.getRow(1).values as unknown[]).slice(1)).toEqual(exportHeader(DEMO_SURVEY_DEFINITION));
    expect(data.getRow(2).getCell(5).value).toBe(1);
    expect(data.getRow(2).getCell(15).value).toBe('=SUMME(A1)');
    const sheet = book.getWorksheet('Codebuch')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['variable', 'frage', 'typ', 'wertelabels', 'hinweis']);
    expect(sheet.getRow(2).getCell(1).value).toBe('f1_teilzeit');
    expect(sheet.rowCount).toBe(1 + codebook(DEMO_SURVEY_DEFINITION).length);
  });
});

describe('survey results', () => {
  const submitted: ResultResponse[] = [
    { ags: '06439', districtName: 'B-Kreis', answers: { f1_teilzeit: 1, f2_teilzeit_plaetze: 10, f3_zielgruppen: [1, 2], f4_zufriedenheit: 4, f5_netzwerk: { ja: 5, aa: 3 }, f6_praxis: 'Lotsen' } },
    { ags: '06533', districtName: 'A-Kreis', answers: { f1_teilzeit: 2, f2_teilzeit_plaetze: 99, f3_zielgruppen: [2], f4_zufriedenheit: 4, f5_netzwerk: { ja: 4, aa: 1, kammer: 2 }, f6_praxis: 'Mentoring' } },
    { ags: '06411', districtName: 'C-Stadt', answers: { f1_teilzeit: 1, f2_teilzeit_plaetze: 20 } },
  ];
  const results = surveyResults(DEMO_SURVEY_DEFINITION, submitted);
  const byVar = new Map(results.map((r) => [r.question.variable, r]));

  it('counts choices and scales (hand-checked)', () => {
    expect(byVar.get('f1_teilzeit')).toMatchObject({ kind: 'counts', asked: 3, answered: 3, rows: [{ code: 1, count: 2 }, { code: 2, count: 1 }] });
    expect(byVar.get('f3_zielgruppen')).toMatchObject({ asked: 3, answered: 2, rows: [{ code: 1, count: 1 }, { code: 2, count: 2 }, { code: 3, count: 0 }, { code: 4, count: 0 }] });
    expect((byVar.get('f4_zufriedenheit') as { rows: { count: number }[] }).rows.map((r) => r.count)).toEqual([0, 0, 0, 2, 0]);
  });
  it('counts a conditional number only where its condition holds (the 99 of A-Kreis does not count)', () => {
    expect(byVar.get('f2_teilzeit_plaetze')).toMatchObject({ kind: 'number', asked: 2, sum: 30, min: 10, max: 20, mean: 15, median: 15 });
  });
  it('gives matrix distributions and means, and texts by district in alphabetical order', () => {
    const matrix = byVar.get('f5_netzwerk') as { items: { key: string; counts: number[]; mean: number | null }[] };
    expect(matrix.items.find((i) => i.key === 'ja')).toMatchObject({ counts: [0, 0, 0, 1, 1], mean: 4.5 });
    expect(matrix.items.find((i) => i.key === 'kammer')).toMatchObject({ counts: [0, 1, 0, 0, 0], mean: 2 });
    expect(byVar.get('f6_praxis')).toMatchObject({ kind: 'texts', texts: [{ districtName: 'A-Kreis', text: 'Mentoring' }, { districtName: 'B-Kreis', text: 'Lotsen' }] });
  });
  it('compares two years by variable name; a question only in one year has the other side empty', () => {
    const next = SurveyDefinitionSchema.parse({ ...DEMO_SURVEY_DEFINITION, sections: [{ title: 'Neu', questions: [DEMO_SURVEY_DEFINITION.sections[0]!.questions[0]!, { variable: 'f9_neu', type: 'text', text: 'Neu?' }] }] });
    const rows = compareSurveys({ def: DEMO_SURVEY_DEFINITION, responses: submitted }, { def: next, responses: [submitted[0]!] });
    const f1 = rows.find((r) => r.variable === 'f1_teilzeit')!;
    expect(f1.left).toMatchObject({ rows: [{ count: 2 }, { count: 1 }] });
    expect(f1.right).toMatchObject({ rows: [{ count: 1 }, { count: 0 }] });
    expect(rows.find((r) => r.variable === 'f6_praxis')!.right).toBeNull();
    expect(rows.find((r) => r.variable === 'f9_neu')!.left).toBeNull();
  });
});
