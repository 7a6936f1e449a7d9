import { checkText } from '../../platform/input';
import { allQuestions, type Answers, type AnswerValue, LONG_TEXT_MAX, SHORT_TEXT_MAX, type SurveyDefinition, type SurveyQuestion } from './schema';

/**
 * The answers of a response, pure: which questions are shown (conditions), what each type
 * accepts, what a submission needs, the progress, and the mapping to and from the form without
 * JavaScript. The server applies all of it; the page only shows it.
 */

export interface AnswerIssue {
  /** The question's variable (the field of the form). */
  variable: string;
  message: string;
}

/** Whether a question is shown for these answers: no condition, or the earlier answer has the value. */
export function isVisible(q: SurveyQuestion, answers: Answers): boolean {
  if (!q.condition) return true;
  const value = answers[q.condition.variable];
  if (Array.isArray(value)) return value.includes(q.condition.equals);
  return value === q.condition.equals;
}

/** Whether the question counts as answered (a matrix: every item). */
export function isAnswered(q: SurveyQuestion, value: AnswerValue | undefined): boolean {
  if (value === undefined) return false;
  if (q.type === 'multiple') return Array.isArray(value) && value.length > 0;
  if (q.type === 'text' || q.type === 'longtext') return typeof value === 'string' && value.trim() !== '';
  if (q.type === 'matrix') return typeof value === 'object' && !Array.isArray(value) && q.items.every((item) => typeof value[item.key] === 'number');
  return typeof value === 'number';
}

/**
 * The answers with every answer of a hidden question removed, in question order (so a chain of
 * conditions resolves: a question hidden by a hidden question is hidden too).
 */
export function applyConditions(def: SurveyDefinition, answers: Answers): Answers {
  const kept: Answers = {};
  for (const q of allQuestions(def)) {
    const value = answers[q.variable];
    if (value !== undefined && isVisible(q, kept)) kept[q.variable] = value;
  }
  return kept;
}

/** "7 von 12 Fragen beantwortet": the shown questions and how many of them are answered. */
export function progressOf(def: SurveyDefinition, answers: Answers): { answered: number; total: number } {
  const kept = applyConditions(def, answers);
  const shown = allQuestions(def).filter((q) => isVisible(q, kept));
  return { answered: shown.filter((q) => isAnswered(q, kept[q.variable])).length, total: shown.length };
}

const isScale = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5;
const formatNumber = (n: number) => new Intl.NumberFormat('de-DE', { maximumFractionDigits: 6 }).format(n);

/** The German message for a value the question does not accept, or null. */
function valueProblem(q: SurveyQuestion, value: unknown): string | null {
  switch (q.type) {
    case 'single':
      return typeof value === 'number' && q.options.some((o) => o.code === value) ? null : 'Bitte wählen Sie eine der Antworten.';
    case 'multiple':
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && q.options.some((o) => o.code === v))) return 'Bitte wählen Sie nur Antworten aus der Liste.';
      return new Set(value).size === value.length ? null : 'Jede Antwort nur einmal.';
    case 'scale':
      return isScale(value) ? null : 'Bitte wählen Sie einen Wert von 1 bis 5.';
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'Bitte geben Sie eine Zahl ein.';
      if (q.integer && !Number.isInteger(value)) return 'Bitte geben Sie eine ganze Zahl ein.';
      if (q.min !== undefined && value < q.min) return `Die Zahl darf nicht kleiner als ${formatNumber(q.min)} sein.`;
      if (q.max !== undefined && value > q.max) return `Die Zahl darf nicht größer als ${formatNumber(q.max)} sein.`;
      return null;
    }
    case 'text':
    case 'longtext':
      if (typeof value !== 'string') return 'Bitte geben Sie einen Text ein.';
      return checkText(value, q.type === 'text' ? SHORT_TEXT_MAX : LONG_TEXT_MAX, { min: 0, multiline: q.type === 'longtext' });
    case 'matrix': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'Bitte wählen Sie je Aussage einen Wert von 1 bis 5.';
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.some(([key]) => !q.items.some((item) => item.key === key))) return 'Diese Aussage gibt es in der Frage nicht.';
      return entries.every(([, v]) => isScale(v)) ? null : 'Bitte wählen Sie je Aussage einen Wert von 1 bis 5.';
    }
  }
}

/**
 * Checks answers against the definition: unknown variables and values the question does not
 * accept are issues; answers of hidden questions are dropped (they do not hold); `forSubmit` also
 * requires every shown required question. Empty answers (blank text, no choice) are dropped.
 * Returns the answers to store (only when there are no issues) and the issues.
 */
export function checkAnswers(def: SurveyDefinition, raw: Record<string, unknown>, options: { forSubmit: boolean }): { answers: Answers; issues: AnswerIssue[] } {
  const questions = allQuestions(def);
  const byVariable = new Map(questions.map((q) => [q.variable, q]));
  const issues: AnswerIssue[] = [];
  const valid: Answers = {};
  for (const [variable, value] of Object.entries(raw)) {
    const q = byVariable.get(variable);
    if (!q) {
      issues.push({ variable, message: `Eine Frage „${variable}“ gibt es in dieser Umfrage nicht.` });
      continue;
    }
    if (value === null || value === undefined) continue;
    const problem = valueProblem(q, value);
    if (problem) {
      issues.push({ variable, message: problem });
      continue;
    }
    const normalised = typeof value === 'string' ? value.normalize('NFC').trim() : (value as AnswerValue);
    if (isAnswered(q, normalised) || (q.type === 'matrix' && Object.keys(normalised as object).length > 0)) valid[variable] = normalised;
  }
  // Issues of hidden questions do not count either: the server ignores what does not hold.
  const kept = applyConditions(def, valid);
  const shownIssues = issues.filter((i) => {
    const q = byVariable.get(i.variable);
    return !q || isVisible(q, kept);
  });
  if (options.forSubmit) {
    for (const q of questions) {
      if (q.required && isVisible(q, kept) && !isAnswered(q, kept[q.variable]) && !shownIssues.some((i) => i.variable === q.variable)) {
        shownIssues.push({ variable: q.variable, message: q.type === 'matrix' ? 'Bitte beantworten Sie jede Aussage dieser Pflichtfrage.' : 'Bitte beantworten Sie diese Pflichtfrage.' });
      }
    }
  }
  return { answers: kept, issues: shownIssues };
}

// ── The form without JavaScript ───────────────────────────────────────────────────────────────

/** The form field of a question (or of one option / item of it). */
export function fieldName(variable: string, part?: string | number): string {
  return part === undefined ? `a_${variable}` : `a_${variable}__${part}`;
}

/** What the form posted, as typed: field name → text (only the fields of this definition). */
export type AnswerFormValues = Record<string, string>;

export function readAnswerForm(def: SurveyDefinition, body: Record<string, unknown>): AnswerFormValues {
  const values: AnswerFormValues = {};
  const take = (name: string, max: number) => {
    if (!Object.prototype.hasOwnProperty.call(body, name)) return;
    const v = body[name];
    if (typeof v === 'string') values[name] = v.slice(0, max);
  };
  for (const q of allQuestions(def)) {
    if (q.type === 'multiple') q.options.forEach((o) => take(fieldName(q.variable, o.code), 5));
    else if (q.type === 'matrix') q.items.forEach((item) => take(fieldName(q.variable, item.key), 5));
    else take(fieldName(q.variable), q.type === 'longtext' ? LONG_TEXT_MAX + 100 : q.type === 'text' ? SHORT_TEXT_MAX + 100 : 40);
  }
  return values;
}

/** A number as a German person types it: "1.234,5", "12,5", "12.5", "-3". */
export function parseGermanNumber(input: string): number | null {
  const s = input.replace(/\s/g, '');
  if (s === '') return null;
  let normalised: string;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) normalised = s.replaceAll('.', '').replace(',', '.');
  else if (/^-?\d+(,\d+)?$/.test(s)) normalised = s.replace(',', '.');
  else if (/^-?\d+\.\d+$/.test(s)) normalised = s;
  else return null;
  const n = Number(normalised);
  return Number.isFinite(n) ? n : null;
}

const codeOf = (text: string | undefined): number | undefined => (text !== undefined && /^\d{1,3}$/.test(text) ? Number(text) : undefined);

/** The form's texts as answers; a number that is no number is an issue (the other checks follow in `checkAnswers`). */
export function answersFromForm(def: SurveyDefinition, values: AnswerFormValues): { raw: Record<string, unknown>; issues: AnswerIssue[] } {
  const raw: Record<string, unknown> = {};
  const issues: AnswerIssue[] = [];
  for (const q of allQuestions(def)) {
    const v = values[fieldName(q.variable)];
    switch (q.type) {
      case 'single':
      case 'scale': {
        if (v === undefined || v === '') break;
        const code = codeOf(v);
        if (code === undefined) issues.push({ variable: q.variable, message: 'Bitte wählen Sie eine der Antworten.' });
        else raw[q.variable] = code;
        break;
      }
      case 'multiple': {
        const codes = q.options.filter((o) => values[fieldName(q.variable, o.code)] === '1').map((o) => o.code);
        if (codes.length) raw[q.variable] = codes;
        break;
      }
      case 'matrix': {
        const cells: Record<string, number> = {};
        for (const item of q.items) {
          const code = codeOf(values[fieldName(q.variable, item.key)]);
          if (code !== undefined) cells[item.key] = code;
        }
        if (Object.keys(cells).length) raw[q.variable] = cells;
        break;
      }
      case 'number': {
        if (v === undefined || v.trim() === '') break;
        const n = parseGermanNumber(v);
        if (n === null) issues.push({ variable: q.variable, message: 'Bitte geben Sie eine Zahl ein (z. B. 12 oder 12,5).' });
        else raw[q.variable] = n;
        break;
      }
      case 'text':
      case 'longtext':
        if (v !== undefined && v.trim() !== '') raw[q.variable] = v;
        break;
    }
  }
  return { raw, issues };
}

/** The stored answers as form values (to show the form filled in). */
export function formFromAnswers(def: SurveyDefinition, answers: Answers): AnswerFormValues {
  const values: AnswerFormValues = {};
  for (const q of allQuestions(def)) {
    const value = answers[q.variable];
    if (value === undefined) continue;
    if (q.type === 'multiple' && Array.isArray(value)) for (const code of value) values[fieldName(q.variable, code)] = '1';
    else if (q.type === 'matrix' && typeof value === 'object' && !Array.isArray(value)) for (const [key, v] of Object.entries(value)) values[fieldName(q.variable, key)] = String(v);
    else if (q.type === 'number' && typeof value === 'number') values[fieldName(q.variable)] = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 6, useGrouping: false }).format(value);
    else values[fieldName(q.variable)] = String(value);
  }
  return values;
}

/** An answer in words, for the conflict message, the results and the district's overview. */
export function describeAnswer(q: SurveyQuestion, value: AnswerValue | undefined): string {
  if (value === undefined || !isAnswered(q, value) && !(q.type === 'matrix' && typeof value === 'object')) return '(keine Antwort)';
  switch (q.type) {
    case 'single':
      return q.options.find((o) => o.code === value)?.label ?? String(value);
    case 'multiple':
      return (value as number[]).map((c) => q.options.find((o) => o.code === c)?.label ?? String(c)).join('; ');
    case 'scale':
      return `${value} – ${q.scaleLabels[(value as number) - 1] ?? ''}`;
    case 'number':
      return `${formatNumber(value as number)}${q.unit ? ` ${q.unit}` : ''}`;
    case 'matrix':
      return q.items.map((item) => `${item.label}: ${(value as Record<string, number>)[item.key] ?? '–'}`).join('; ');
    default:
      return String(value);
  }
}
