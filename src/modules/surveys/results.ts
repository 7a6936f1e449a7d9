import { applyConditions, isAnswered, isVisible } from './answers';
import { allQuestions, type Answers, conditionValues, type SurveyDefinition, type SurveyQuestion } from './schema';

/**
 * The results of a survey, pure: per question the counts of each value (choices, scales, matrix
 * items), the figures of a number question, the texts by district. Only submitted responses
 * count; `asked` is the number of submitted responses to which the question was shown.
 */

export interface ResultResponse {
  ags: string;
  districtName: string;
  answers: Answers;
}

export interface CountRow {
  code: number;
  label: string;
  count: number;
}

export type QuestionResult =
  | { kind: 'counts'; question: SurveyQuestion; asked: number; answered: number; rows: CountRow[] }
  | { kind: 'matrix'; question: SurveyQuestion & { type: 'matrix' }; asked: number; items: Array<{ key: string; label: string; counts: number[]; answered: number; mean: number | null }> }
  | { kind: 'number'; question: SurveyQuestion & { type: 'number' }; asked: number; values: Array<{ districtName: string; value: number }>; sum: number; min: number | null; max: number | null; mean: number | null; median: number | null }
  | { kind: 'texts'; question: SurveyQuestion; asked: number; texts: Array<{ districtName: string; text: string }> };

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function questionResult(q: SurveyQuestion, responses: ResultResponse[]): QuestionResult {
  // `responses` carry condition-checked answers (surveyResults applies the conditions first).
  const shown = responses.filter((r) => isVisible(q, r.answers)).map((r) => ({ r, kept: r.answers }));
  const asked = shown.length;
  const values = shown.map(({ r, kept }) => ({ r, value: kept[q.variable] })).filter(({ value }) => value !== undefined);
  switch (q.type) {
    case 'single':
    case 'scale':
    case 'multiple': {
      const rows = conditionValues(q).map((o) => ({ code: o.code, label: o.label, count: values.filter(({ value }) => (Array.isArray(value) ? value.includes(o.code) : value === o.code)).length }));
      return { kind: 'counts', question: q, asked, answered: values.filter(({ value }) => isAnswered(q, value)).length, rows };
    }
    case 'matrix': {
      const items = q.items.map((item) => {
        const cells = values.map(({ value }) => (value as Record<string, number>)[item.key]).filter((v): v is number => typeof v === 'number');
        return { key: item.key, label: item.label, counts: [1, 2, 3, 4, 5].map((n) => cells.filter((v) => v === n).length), answered: cells.length, mean: cells.length ? cells.reduce((a, b) => a + b, 0) / cells.length : null };
      });
      return { kind: 'matrix', question: q, asked, items };
    }
    case 'number': {
      const list = values.map(({ r, value }) => ({ districtName: r.districtName, value: value as number }));
      const sorted = list.map((v) => v.value).sort((a, b) => a - b);
      const sum = sorted.reduce((a, b) => a + b, 0);
      return { kind: 'number', question: q, asked, values: list, sum, min: sorted[0] ?? null, max: sorted.at(-1) ?? null, mean: sorted.length ? sum / sorted.length : null, median: median(sorted) };
    }
    default:
      return { kind: 'texts', question: q, asked, texts: values.map(({ r, value }) => ({ districtName: r.districtName, text: String(value) })).sort((a, b) => a.districtName.localeCompare(b.districtName, 'de')) };
  }
}

/** The results of every question, in order; responses are the submitted ones (answers already condition-checked when saved). */
export function surveyResults(def: SurveyDefinition, responses: ResultResponse[]): QuestionResult[] {
  const cleaned = responses.map((r) => ({ ...r, answers: applyConditions(def, r.answers) }));
  return allQuestions(def).map((q) => questionResult(q, cleaned));
}

export interface ComparedQuestion {
  variable: string;
  text: string;
  /** Both years' results, null where the question is missing (or has another type) in that survey. */
  left: QuestionResult | null;
  right: QuestionResult | null;
}

/** Two surveys (e.g. 2025 and its copy 2026) question by question, matched by variable name. */
export function compareSurveys(left: { def: SurveyDefinition; responses: ResultResponse[] }, right: { def: SurveyDefinition; responses: ResultResponse[] }): ComparedQuestion[] {
  const a = new Map(surveyResults(left.def, left.responses).map((r) => [r.question.variable, r]));
  const b = new Map(surveyResults(right.def, right.responses).map((r) => [r.question.variable, r]));
  const order = [...a.keys(), ...[...b.keys()].filter((v) => !a.has(v))];
  return order.map((variable) => {
    const l = a.get(variable) ?? null;
    const r = b.get(variable) ?? null;
    // A variable whose type changed between the years is not comparable: only the left side is shown.
    const comparable = !l || !r || l.question.type === r.question.type;
    return { variable, text: (l ?? r)!.question.text, left: l, right: comparable ? r : null };
  });
}
