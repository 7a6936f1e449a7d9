import type { FieldErrors } from '../../ui/forms';
import { parseGermanNumber } from './answers';
import type { SurveyQuestion } from './schema';
import type { QuestionFormValues } from './views/manage-pages';

/**
 * The question form without JavaScript: every type's fields at once, lists as lines
 * ("1 = Ja", "jc = dem Jobcenter"). Reading never throws; what cannot be read is a field error.
 */

type Body = Record<string, unknown>;
function field(body: Body, name: string, max = 4000): string {
  if (!Object.prototype.hasOwnProperty.call(body, name)) return '';
  const value = body[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

export const DEFAULT_SCALE = ['trifft gar nicht zu', 'trifft eher nicht zu', 'teils, teils', 'trifft eher zu', 'trifft voll zu'];

export function readQuestionForm(body: Body): QuestionFormValues {
  return {
    section: field(body, 'abschnitt', 5),
    variable: field(body, 'variable', 60).trim(),
    text: field(body, 'text', 600),
    help: field(body, 'hilfe', 1100),
    type: field(body, 'typ', 20),
    required: field(body, 'pflicht', 5) === '1',
    options: field(body, 'optionen', 12_000),
    scaleLabels: field(body, 'skala', 1000),
    unit: field(body, 'einheit', 60),
    min: field(body, 'min', 30),
    max: field(body, 'max', 30),
    integer: field(body, 'ganzzahl', 5) === '1',
    items: field(body, 'aussagen', 14_000),
    conditionVariable: field(body, 'bedingung_variable', 60),
    conditionValue: field(body, 'bedingung_wert', 10).trim(),
  };
}

export function questionFormValues(q: SurveyQuestion | null, section: number): QuestionFormValues {
  return {
    section: String(section),
    variable: q?.variable ?? '',
    text: q?.text ?? '',
    help: q?.help ?? '',
    type: q?.type ?? 'single',
    required: q?.required ?? false,
    options: q && 'options' in q ? q.options.map((o) => `${o.code} = ${o.label}`).join('\n') : '',
    scaleLabels: q && 'scaleLabels' in q ? q.scaleLabels.join('\n') : '',
    unit: q?.type === 'number' ? (q.unit ?? '') : '',
    min: q?.type === 'number' && q.min !== undefined ? String(q.min).replace('.', ',') : '',
    max: q?.type === 'number' && q.max !== undefined ? String(q.max).replace('.', ',') : '',
    integer: q?.type === 'number' ? q.integer : true,
    items: q?.type === 'matrix' ? q.items.map((i) => `${i.key} = ${i.label}`).join('\n') : '',
    conditionVariable: q?.condition?.variable ?? '',
    conditionValue: q?.condition ? String(q.condition.equals) : '',
  };
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The typed form as the question object the definition schema checks; field errors for what cannot be read. */
export function questionFromForm(v: QuestionFormValues): { question: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const question: Record<string, unknown> = { variable: v.variable, text: v.text, type: v.type, required: v.required };
  if (v.help.trim()) question.help = v.help;
  if (v.type === 'single' || v.type === 'multiple') {
    question.options = lines(v.options).map((line, i) => {
      const m = /^(\d{1,3})\s*=\s*(.+)$/.exec(line);
      return m ? { code: Number(m[1]), label: m[2]!.trim() } : { code: i + 1, label: line };
    });
  }
  if (v.type === 'scale' || v.type === 'matrix') {
    const labels = lines(v.scaleLabels);
    if (labels.length === 0) question.scaleLabels = DEFAULT_SCALE;
    else if (labels.length !== 5) errors.skala = `Eine Skala braucht genau fünf Zeilen (1 bis 5), hier sind es ${labels.length}.`;
    else question.scaleLabels = labels;
  }
  if (v.type === 'matrix') {
    const items: Array<{ key: string; label: string }> = [];
    for (const line of lines(v.items)) {
      const m = /^([^=]+?)\s*=\s*(.+)$/.exec(line);
      if (!m) {
        errors.aussagen = `Die Zeile „${line.slice(0, 40)}“ hat nicht die Form „Kürzel = Text“.`;
        break;
      }
      items.push({ key: m[1]!.trim(), label: m[2]!.trim() });
    }
    question.items = items;
  }
  if (v.type === 'number') {
    if (v.unit.trim()) question.unit = v.unit;
    for (const [key, text] of [['min', v.min], ['max', v.max]] as const) {
      if (!text.trim()) continue;
      const n = parseGermanNumber(text);
      if (n === null) errors[key] = 'Bitte eine Zahl eingeben (z. B. 0 oder 12,5).';
      else question[key] = n;
    }
    question.integer = v.integer;
  }
  if (v.conditionVariable) {
    if (!/^\d{1,3}$/.test(v.conditionValue)) errors.bedingung_wert = 'Bitte den Code der Antwort angeben, bei der die Frage gezeigt wird (z. B. 1).';
    else question.condition = { variable: v.conditionVariable, equals: Number(v.conditionValue) };
  } else if (v.conditionValue) {
    errors.bedingung_variable = 'Bitte die frühere Frage wählen, auf die sich die Bedingung bezieht.';
  }
  return { question, errors };
}

const FIELD_OF_KEY: Record<string, string> = {
  variable: 'variable',
  text: 'text',
  help: 'hilfe',
  type: 'typ',
  options: 'optionen',
  scaleLabels: 'skala',
  items: 'aussagen',
  unit: 'einheit',
  min: 'min',
  max: 'max',
  equals: 'bedingung_wert',
  condition: 'bedingung_variable',
  section: 'abschnitt',
};

/** The form field of an issue path of the definition (`sections.0.questions.2.options.1.label` → `optionen`). */
export function questionFieldOf(path: string): string {
  const parts = path.split('.');
  for (let i = parts.length - 1; i >= 0; i--) {
    const key = parts[i]!;
    if (key === 'variable' && parts[i - 1] === 'condition') return 'bedingung_variable';
    if (FIELD_OF_KEY[key]) return FIELD_OF_KEY[key]!;
  }
  return 'text';
}
