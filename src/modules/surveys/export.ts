import { writeCsv } from '../../platform/input';
import { writeXlsxWorkbook, type XlsxColumn, type XlsxTable } from '../../platform/xlsx';
import { allQuestions, type Answers, QUESTION_TYPE_LABELS, type SurveyDefinition, type SurveyQuestion } from './schema';

/**
 * The analysis export, pure: one row per district, one column per variable, and the codebook
 * (variable, question text, type, value labels). The columns follow from the definition alone, so
 * a survey copied to another year (or imported from its `aqb.umfrage/1` file) has the same header.
 */

/** The columns before the variables: who answered and how far. */
export const FIXED_COLUMNS = ['ags', 'gebietskoerperschaft', 'status', 'eingereicht_am'] as const;

export interface CodebookEntry {
  variable: string;
  question: string;
  type: string;
  /** "1 = Ja; 2 = Nein", "0 = nicht gewählt; 1 = gewählt", "" for texts and numbers. */
  valueLabels: string;
  /** Unit and range of a number, the condition of a conditional question. */
  note: string;
  kind: 'code' | 'number' | 'text';
}

const scaleLabels = (labels: readonly string[]) => labels.map((l, i) => `${i + 1} = ${l}`).join('; ');

function conditionNote(q: SurveyQuestion): string {
  return q.condition ? `nur wenn ${q.condition.variable} = ${q.condition.equals}` : '';
}

/** The codebook entries of one question, one per export column. */
export function codebookOf(q: SurveyQuestion): CodebookEntry[] {
  const type = QUESTION_TYPE_LABELS[q.type];
  const cond = conditionNote(q);
  const join = (...parts: string[]) => parts.filter(Boolean).join('; ');
  switch (q.type) {
    case 'single':
      return [{ variable: q.variable, question: q.text, type, valueLabels: q.options.map((o) => `${o.code} = ${o.label}`).join('; '), note: cond, kind: 'code' }];
    case 'multiple':
      return q.options.map((o) => ({ variable: `${q.variable}_${o.code}`, question: `${q.text} – ${o.label}`, type, valueLabels: '0 = nicht gewählt; 1 = gewählt', note: cond, kind: 'code' as const }));
    case 'scale':
      return [{ variable: q.variable, question: q.text, type, valueLabels: scaleLabels(q.scaleLabels), note: cond, kind: 'code' }];
    case 'matrix':
      return q.items.map((item) => ({ variable: `${q.variable}_${item.key}`, question: `${q.text} – ${item.label}`, type, valueLabels: scaleLabels(q.scaleLabels), note: cond, kind: 'code' as const }));
    case 'number': {
      const range = q.min !== undefined || q.max !== undefined ? `Bereich ${q.min ?? '–∞'} bis ${q.max ?? '∞'}` : '';
      return [{ variable: q.variable, question: q.text, type, valueLabels: '', note: join(q.unit ? `Einheit ${q.unit}` : '', range, q.integer ? 'ganze Zahl' : '', cond), kind: 'number' }];
    }
    default:
      return [{ variable: q.variable, question: q.text, type, valueLabels: '', note: cond, kind: 'text' }];
  }
}

export function codebook(def: SurveyDefinition): CodebookEntry[] {
  return allQuestions(def).flatMap(codebookOf);
}

/** The header of the data file: the fixed columns, then every variable in question order. */
export function exportHeader(def: SurveyDefinition): string[] {
  return [...FIXED_COLUMNS, ...codebook(def).map((e) => e.variable)];
}

export interface ExportResponse {
  ags: string;
  districtName: string;
  status: string;
  submittedOn: string | null;
  answers: Answers;
}

/** The cells of one question for one response: codes and numbers as numbers, texts as text, null = no answer. */
function cellsOf(q: SurveyQuestion, answers: Answers): (string | number | null)[] {
  const value = answers[q.variable];
  switch (q.type) {
    case 'multiple':
      // A multiple choice that was not answered stays empty in every column (not "0 = nicht gewählt").
      return q.options.map((o) => (Array.isArray(value) ? (value.includes(o.code) ? 1 : 0) : null));
    case 'matrix':
      return q.items.map((item) => (value && typeof value === 'object' && !Array.isArray(value) ? (value[item.key] ?? null) : null));
    default:
      return [value === undefined || typeof value === 'object' ? null : value];
  }
}

export function exportRows(def: SurveyDefinition, responses: ExportResponse[]): (string | number | null)[][] {
  const questions = allQuestions(def);
  return responses.map((r) => [r.ags, r.districtName, r.status, r.submittedOn ?? '', ...questions.flatMap((q) => cellsOf(q, r.answers))]);
}

const csvCell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v).replace('.', ',') : v);

/** The data file as CSV (UTF-8 with BOM, `;`, decimal comma as Excel with German settings reads it). */
export function exportCsv(def: SurveyDefinition, responses: ExportResponse[]): string {
  return writeCsv([exportHeader(def), ...exportRows(def, responses).map((row) => row.map(csvCell))]);
}

export const CODEBOOK_HEADER = ['variable', 'frage', 'typ', 'wertelabels', 'hinweis'] as const;

export function codebookCsv(def: SurveyDefinition): string {
  return writeCsv([[...CODEBOOK_HEADER], ...codebook(def).map((e) => [e.variable, e.question, e.type, e.valueLabels, e.note])]);
}

/** The workbook: sheet "Daten" (one row per district) and sheet "Codebuch". */
export async function exportXlsx(def: SurveyDefinition, responses: ExportResponse[]): Promise<Uint8Array> {
  const entries = codebook(def);
  const columns: XlsxColumn[] = [
    ...FIXED_COLUMNS.map((header): XlsxColumn => ({ header, kind: 'text', width: header === 'gebietskoerperschaft' ? 32 : 14 })),
    ...entries.map((e): XlsxColumn => ({ header: e.variable, kind: e.kind === 'text' ? 'text' : 'number', width: e.kind === 'text' ? 40 : 12 })),
  ];
  const data: XlsxTable = { sheetName: 'Daten', tableName: 'Daten', columns, rows: exportRows(def, responses) };
  const book: XlsxTable = {
    sheetName: 'Codebuch',
    tableName: 'Codebuch',
    columns: CODEBOOK_HEADER.map((header) => ({ header, kind: 'text', width: header === 'frage' ? 60 : header === 'wertelabels' ? 50 : 20 })),
    rows: entries.map((e) => [e.variable, e.question, e.type, e.valueLabels, e.note]),
  };
  return writeXlsxWorkbook([data, book]);
}
