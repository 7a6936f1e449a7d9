import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answersFromForm, applyConditions, checkAnswers, fieldName, formFromAnswers, parseGermanNumber, progressOf, readAnswerForm } from './answers';
import { type SurveyDefinition, SurveyDefinitionSchema } from './schema';

/** Every question type once, a conditional number and a conditional chain (f2 → f2b). */
const DEF: SurveyDefinition = SurveyDefinitionSchema.parse({
  title: 'Test',
  sections: [
    {
      title: 'A',
      questions: [
        { variable: 'f1', type: 'single', text: 'Teilzeit?', required: true, options: [{ code: 1, label: 'Ja' }, { code: 2, label: 'Nein' }] },
        { variable: 'f2', type: 'number', text: 'Plätze', required: true, min: 0, max: 100, integer: true, condition: { variable: 'f1', equals: 1 } },
        { variable: 'f3', type: 'multiple', text: 'Gruppen', options: [{ code: 1, label: 'A' }, { code: 2, label: 'B' }, { code: 5, label: 'C' }] },
        { variable: 'f3b', type: 'text', text: 'Warum C?', required: true, condition: { variable: 'f3', equals: 5 } },
      ],
    },
    {
      title: 'B',
      questions: [
        { variable: 'f4', type: 'scale', text: 'Zufrieden?', required: true, scaleLabels: ['1', '2', '3', '4', '5'] },
        { variable: 'f5', type: 'matrix', text: 'Partner', required: true, items: [{ key: 'jc', label: 'Jobcenter' }, { key: 'aa', label: 'Agentur' }], scaleLabels: ['a', 'b', 'c', 'd', 'e'] },
        { variable: 'f6', type: 'longtext', text: 'Anregungen' },
        { variable: 'f7', type: 'number', text: 'Quote', integer: false, min: -1.5, max: 2.5 },
      ],
    },
  ],
});

const draft = (raw: Record<string, unknown>) => checkAnswers(DEF, raw, { forSubmit: false });
const submit = (raw: Record<string, unknown>) => checkAnswers(DEF, raw, { forSubmit: true });
const messages = (r: { issues: { variable: string; message: string }[] }) => Object.fromEntries(r.issues.map((i) => [i.variable, i.message]));

describe('answers: validation per question type', () => {
  it('single choice: only a listed code', () => {
    expect(draft({ f1: 1 }).issues).toEqual([]);
    expect(messages(draft({ f1: 3 }))).toEqual({ f1: 'Bitte wählen Sie eine der Antworten.' });
    expect(messages(draft({ f1: '1' }))).toEqual({ f1: 'Bitte wählen Sie eine der Antworten.' });
  });
  it('multiple choice: listed codes, each once; [] is no answer', () => {
    expect(draft({ f3: [1, 5] }).answers).toEqual({ f3: [1, 5] });
    expect(messages(draft({ f3: [1, 3] }))).toEqual({ f3: 'Bitte wählen Sie nur Antworten aus der Liste.' });
    expect(messages(draft({ f3: [1, 1] }))).toEqual({ f3: 'Jede Antwort nur einmal.' });
    expect(draft({ f3: [] }).answers).toEqual({});
  });
  it('scale: a whole number from 1 to 5', () => {
    expect(draft({ f4: 5 }).issues).toEqual([]);
    for (const bad of [0, 6, 2.5, '3']) expect(messages(draft({ f4: bad }))).toEqual({ f4: 'Bitte wählen Sie einen Wert von 1 bis 5.' });
  });
  it('number: range and whole numbers, with German messages', () => {
    expect(draft({ f1: 1, f2: 100 }).issues).toEqual([]);
    expect(messages(draft({ f1: 1, f2: 101 }))).toEqual({ f2: 'Die Zahl darf nicht größer als 100 sein.' });
    expect(messages(draft({ f1: 1, f2: -1 }))).toEqual({ f2: 'Die Zahl darf nicht kleiner als 0 sein.' });
    expect(messages(draft({ f1: 1, f2: 2.5 }))).toEqual({ f2: 'Bitte geben Sie eine ganze Zahl ein.' });
    expect(draft({ f7: 2.25 }).issues).toEqual([]);
    expect(messages(draft({ f7: -2 }))).toEqual({ f7: 'Die Zahl darf nicht kleiner als -1,5 sein.' });
  });
  it('text: allowed characters and length; blank is no answer', () => {
    expect(draft({ f6: 'Zeile 1\nZeile 2' }).answers).toEqual({ f6: 'Zeile 1\nZeile 2' });
    expect(draft({ f6: '   ' }).answers).toEqual({});
    expect(draft({ f6: 'x'.repeat(5001) }).issues[0]?.message).toBe('Höchstens 5000 Zeichen');
    expect(draft({ f6: 'a\u0000b' }).issues).toHaveLength(1);
  });
  it('matrix: 1–5 per known item; a partly answered matrix is kept as a draft but not complete', () => {
    expect(draft({ f5: { jc: 4 } }).answers).toEqual({ f5: { jc: 4 } });
    expect(messages(draft({ f5: { jc: 7 } }))).toEqual({ f5: 'Bitte wählen Sie je Aussage einen Wert von 1 bis 5.' });
    expect(messages(draft({ f5: { xx: 1 } }))).toEqual({ f5: 'Diese Aussage gibt es in der Frage nicht.' });
    expect(messages(submit({ f1: 2, f4: 3, f5: { jc: 4 } }))).toEqual({ f5: 'Bitte beantworten Sie jede Aussage dieser Pflichtfrage.' });
  });
  it('an unknown variable is an issue', () => {
    expect(messages(draft({ nope: 1 }))).toEqual({ nope: 'Eine Frage „nope“ gibt es in dieser Umfrage nicht.' });
  });
});

describe('answers: conditional questions', () => {
  it('drops the answer of a question whose condition does not hold (server side)', () => {
    expect(draft({ f1: 2, f2: 12 }).answers).toEqual({ f1: 2 });
    expect(draft({ f2: 12 }).answers).toEqual({});
    expect(draft({ f1: 1, f2: 12 }).answers).toEqual({ f1: 1, f2: 12 });
  });
  it('ignores an invalid answer of a hidden question instead of refusing the form', () => {
    expect(draft({ f1: 2, f2: 'viel' }).issues).toEqual([]);
    expect(draft({ f1: 1, f2: 'viel' }).issues).toHaveLength(1);
  });
  it('requires a conditional required question only when it is shown', () => {
    const base = { f4: 3, f5: { jc: 1, aa: 2 } };
    expect(messages(submit({ ...base, f1: 2 }))).toEqual({});
    expect(messages(submit({ ...base, f1: 1 }))).toEqual({ f2: 'Bitte beantworten Sie diese Pflichtfrage.' });
    // Condition on a multiple choice: shown when the code is among the chosen ones.
    expect(messages(submit({ ...base, f1: 2, f3: [1, 5] }))).toEqual({ f3b: 'Bitte beantworten Sie diese Pflichtfrage.' });
    expect(messages(submit({ ...base, f1: 2, f3: [1] }))).toEqual({});
  });
  it('lists every missing required question on submit', () => {
    expect(Object.keys(messages(submit({})))).toEqual(['f1', 'f4', 'f5']);
  });
  it('counts progress over the shown questions: "n von m Fragen beantwortet"', () => {
    expect(progressOf(DEF, {})).toEqual({ answered: 0, total: 6 });
    expect(progressOf(DEF, { f1: 1 })).toEqual({ answered: 1, total: 7 });
    expect(progressOf(DEF, { f1: 1, f2: 3, f3: [5], f3b: 'weil', f5: { jc: 1 } })).toEqual({ answered: 4, total: 8 });
  });
  it('applyConditions is idempotent and never adds answers (property)', () => {
    const value = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }), fc.string({ maxLength: 5 }));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('f1', 'f2', 'f3', 'f3b', 'f4', 'f6'), value), (answers) => {
        const once = applyConditions(DEF, answers);
        expect(applyConditions(DEF, once)).toEqual(once);
        for (const key of Object.keys(once)) expect(answers).toHaveProperty(key);
      }),
    );
  });
});

describe('answers: the form without JavaScript', () => {
  it('reads the posted fields into answers and back', () => {
    const body = {
      [fieldName('f1')]: '1',
      [fieldName('f2')]: '12',
      [fieldName('f3', 1)]: '1',
      [fieldName('f3', 5)]: '1',
      [fieldName('f3b')]: 'Weil.',
      [fieldName('f4')]: '4',
      [fieldName('f5', 'jc')]: '2',
      [fieldName('f5', 'aa')]: '5',
      [fieldName('f7')]: '1,25',
      __proto__: 'x',
      fremd: 'y',
    };
    const values = readAnswerForm(DEF, body);
    expect(Object.keys(values)).not.toContain('fremd');
    const { raw, issues } = answersFromForm(DEF, values);
    expect(issues).toEqual([]);
    const { answers } = checkAnswers(DEF, raw, { forSubmit: true });
    expect(answers).toEqual({ f1: 1, f2: 12, f3: [1, 5], f3b: 'Weil.', f4: 4, f5: { jc: 2, aa: 5 }, f7: 1.25 });
    expect(formFromAnswers(DEF, answers)).toEqual(values);
  });
  it('refuses a number that is no number, with a German message', () => {
    expect(answersFromForm(DEF, { [fieldName('f2')]: 'zwölf' }).issues).toEqual([{ variable: 'f2', message: 'Bitte geben Sie eine Zahl ein (z. B. 12 oder 12,5).' }]);
  });
  it('parses German numbers', () => {
    expect(parseGermanNumber('1.234,5')).toBe(1234.5);
    expect(parseGermanNumber('12,5')).toBe(12.5);
    expect(parseGermanNumber('12.5')).toBe(12.5);
    expect(parseGermanNumber('1.234')).toBe(1234);
    expect(parseGermanNumber('-3')).toBe(-3);
    expect(parseGermanNumber('1,2,3')).toBeNull();
    expect(parseGermanNumber('')).toBeNull();
    fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), (n) => {
      expect(parseGermanNumber(new Intl.NumberFormat('de-DE').format(n))).toBe(n);
    }));
  });
});
