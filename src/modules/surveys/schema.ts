import { z } from 'zod';
import { AgsSchema, IsoDateSchema, text, YearSchema } from '../../platform/input';

/**
 * The survey definition and the interchange format `aqb.umfrage/1`: sections of questions, each
 * with a variable name that names its column(s) in the export. The same variable names in two
 * years' surveys make the two exports comparable column by column (docs/decisions/0021).
 */
export const SURVEY_SCHEMA_ID = 'aqb.umfrage/1';

export const QUESTION_TYPES = ['single', 'multiple', 'scale', 'number', 'text', 'longtext', 'matrix'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  single: 'Einfachauswahl',
  multiple: 'Mehrfachauswahl',
  scale: 'Skala 1–5',
  number: 'Zahl',
  text: 'Kurzer Text',
  longtext: 'Langer Text',
  matrix: 'Matrix (mehrere Aussagen auf einer Skala)',
};

export const SHORT_TEXT_MAX = 300;
export const LONG_TEXT_MAX = 5000;

/** A variable name as statistics programs accept it: lower case letter first, then letters, digits, underscores. */
export const VARIABLE_PATTERN = /^[a-z][a-z0-9_]{0,29}$/;
const VariableSchema = z.string().regex(VARIABLE_PATTERN, 'Variablenname: Kleinbuchstabe am Anfang, dann Kleinbuchstaben, Ziffern oder _ (höchstens 30 Zeichen), z. B. „f1_angebot“.');
/** An item key of a matrix question (the part after `variable_` in the export). */
const ItemKeySchema = z.string().regex(/^[a-z0-9][a-z0-9_]{0,14}$/, 'Kürzel der Aussage: Kleinbuchstaben, Ziffern oder _ (höchstens 15 Zeichen).');

const OptionSchema = z.object({
  /** The value stored and exported (a whole number, as analysis programs expect). */
  code: z.number().int('Code: ganze Zahl').min(0, 'Code: 0 bis 999').max(999, 'Code: 0 bis 999'),
  label: text(200),
});
export type SurveyOption = z.infer<typeof OptionSchema>;

/** The five labels of a 1–5 scale (1 first). */
const ScaleLabelsSchema = z.tuple([text(80), text(80), text(80), text(80), text(80)], { error: 'Eine Skala hat genau fünf Beschriftungen (1 bis 5).' });

/** A question shown only when an earlier question's answer has the given code (for a multiple choice: contains it). */
const ConditionSchema = z.object({ variable: VariableSchema, equals: z.number().int().min(0).max(999) });
export type SurveyCondition = z.infer<typeof ConditionSchema>;

const base = {
  variable: VariableSchema,
  text: text(500),
  help: text(1000, { min: 0, multiline: true }).optional(),
  required: z.boolean().default(false),
  condition: ConditionSchema.optional(),
};

export const QuestionSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('single'), options: z.array(OptionSchema).min(2, 'Mindestens zwei Antwortmöglichkeiten').max(50) }),
  z.object({ ...base, type: z.literal('multiple'), options: z.array(OptionSchema).min(2, 'Mindestens zwei Antwortmöglichkeiten').max(50) }),
  z.object({ ...base, type: z.literal('scale'), scaleLabels: ScaleLabelsSchema }),
  z.object({
    ...base,
    type: z.literal('number'),
    unit: text(40, { min: 0 }).optional(),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    integer: z.boolean().default(true),
  }),
  z.object({ ...base, type: z.literal('text') }),
  z.object({ ...base, type: z.literal('longtext') }),
  z.object({ ...base, type: z.literal('matrix'), items: z.array(z.object({ key: ItemKeySchema, label: text(300) })).min(1, 'Mindestens eine Aussage').max(40), scaleLabels: ScaleLabelsSchema }),
]);
export type SurveyQuestion = z.infer<typeof QuestionSchema>;
export type SurveyQuestionInput = z.input<typeof QuestionSchema>;

const SectionSchema = z.object({
  title: text(200),
  description: text(2000, { min: 0, multiline: true }).optional(),
  questions: z.array(QuestionSchema).max(200),
});
export type SurveySection = z.infer<typeof SectionSchema>;

/** Every export column of a question, in order (see `exportColumns`). */
export function questionColumns(q: SurveyQuestion): string[] {
  if (q.type === 'multiple') return q.options.map((o) => `${q.variable}_${o.code}`);
  if (q.type === 'matrix') return q.items.map((i) => `${q.variable}_${i.key}`);
  return [q.variable];
}

/** The structural rules zod cannot say per field: unique names and codes, conditions on earlier choice questions, ranges. */
function checkDefinition(def: { sections: SurveySection[] }, ctx: z.RefinementCtx): void {
  const seen = new Map<string, SurveyQuestion>();
  const columns = new Set<string>();
  def.sections.forEach((section, s) => {
    section.questions.forEach((q, i) => {
      const path = ['sections', s, 'questions', i];
      if (seen.has(q.variable)) ctx.addIssue({ code: 'custom', path: [...path, 'variable'], message: `Den Variablennamen „${q.variable}“ hat schon eine andere Frage.` });
      if ('options' in q) {
        const codes = q.options.map((o) => o.code);
        if (new Set(codes).size !== codes.length) ctx.addIssue({ code: 'custom', path: [...path, 'options'], message: 'Jeder Code darf nur einmal vorkommen.' });
      }
      if (q.type === 'matrix') {
        const keys = q.items.map((item) => item.key);
        if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', path: [...path, 'items'], message: 'Jedes Kürzel einer Aussage darf nur einmal vorkommen.' });
      }
      if (q.type === 'number' && q.min !== undefined && q.max !== undefined && q.min > q.max) ctx.addIssue({ code: 'custom', path: [...path, 'max'], message: 'Der Höchstwert ist kleiner als der Mindestwert.' });
      for (const column of questionColumns(q)) {
        if (columns.has(column)) ctx.addIssue({ code: 'custom', path: [...path, 'variable'], message: `Die Exportspalte „${column}“ entstünde zweimal.` });
        columns.add(column);
      }
      if (q.condition) {
        const target = seen.get(q.condition.variable);
        if (!target) ctx.addIssue({ code: 'custom', path: [...path, 'condition', 'variable'], message: `Die Bedingung muss sich auf eine frühere Frage beziehen („${q.condition.variable}“ steht nicht davor).` });
        else if (target.type !== 'single' && target.type !== 'multiple' && target.type !== 'scale') {
          ctx.addIssue({ code: 'custom', path: [...path, 'condition', 'variable'], message: 'Eine Bedingung kann sich nur auf eine Auswahl- oder Skalenfrage beziehen.' });
        } else if (!conditionValues(target).some((v) => v.code === q.condition!.equals)) {
          ctx.addIssue({ code: 'custom', path: [...path, 'condition', 'equals'], message: `Die Frage „${target.variable}“ hat keinen Wert ${q.condition.equals}.` });
        }
      }
      seen.set(q.variable, q);
    });
  });
}

const DefinitionShape = {
  title: text(200),
  description: text(4000, { min: 0, multiline: true }).optional(),
  sections: z.array(SectionSchema).max(50),
};

/** A survey's definition as stored (jsonb, parsed with this schema on every read and write). */
export const SurveyDefinitionSchema = z.object(DefinitionShape).superRefine(checkDefinition);
export type SurveyDefinition = z.infer<typeof SurveyDefinitionSchema>;

/** The interchange file `aqb.umfrage/1`: the definition with its schema id (no year, no recipients, no answers). */
export const SurveyInterchangeSchema = z
  .object({ schema: z.literal(SURVEY_SCHEMA_ID, { error: `Das Feld „schema“ muss „${SURVEY_SCHEMA_ID}“ lauten.` }), ...DefinitionShape })
  .superRefine(checkDefinition);
export type SurveyInterchange = z.infer<typeof SurveyInterchangeSchema>;

/** The values a condition may test for: the codes of a choice, 1–5 of a scale. */
export function conditionValues(q: SurveyQuestion): SurveyOption[] {
  if (q.type === 'single' || q.type === 'multiple') return q.options;
  if (q.type === 'scale') return q.scaleLabels.map((label, i) => ({ code: i + 1, label }));
  return [];
}

export function allQuestions(def: SurveyDefinition): SurveyQuestion[] {
  return def.sections.flatMap((s) => s.questions);
}

// ── Answers ───────────────────────────────────────────────────────────────────────────────────

/** One stored answer: a code, codes, a number, a text, or the scale value per matrix item. */
export type AnswerValue = number | number[] | string | Record<string, number>;
export type Answers = Record<string, AnswerValue>;

export const AnswersSchema = z.record(z.string().regex(VARIABLE_PATTERN), z.union([z.number(), z.array(z.number()), z.string(), z.record(z.string(), z.number())]));

export const SURVEY_STATUSES = ['entwurf', 'versandt'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];
export const SURVEY_STATUS_LABELS: Record<SurveyStatus, string> = { entwurf: 'In Vorbereitung', versandt: 'Versandt' };

export const RESPONSE_STATUSES = ['entwurf', 'eingereicht'] as const;
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number];
export const RESPONSE_STATUS_LABELS: Record<ResponseStatus, string> = { entwurf: 'Entwurf', eingereicht: 'Eingereicht' };

/** What the ministry fills in to send a survey (checked again in the use case against the survey). */
export const SendSurveySchema = z
  .object({
    opensOn: IsoDateSchema,
    deadline: IsoDateSchema,
    recipients: z.array(AgsSchema).min(1, 'Bitte wählen Sie mindestens eine Gebietskörperschaft.').max(26),
  })
  .refine((v) => v.deadline >= v.opensOn, { path: ['deadline'], message: 'Die Frist darf nicht vor dem Öffnungsdatum liegen.' });
export type SendSurvey = z.infer<typeof SendSurveySchema>;

export const CreateSurveySchema = z.object({ year: YearSchema, title: text(200), description: text(4000, { min: 0, multiline: true }).optional() });
