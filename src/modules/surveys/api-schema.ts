import { z } from 'zod';
import { AgsSchema, IsoDateSchema, YearSchema } from '../../platform/input';
import { RESPONSE_STATUSES, SURVEY_STATUSES, SurveyInterchangeSchema } from './schema';

/** The request and response shapes of /api/v1/umfragen (the OpenAPI document is generated from these). */

export const SurveyIdParamsSchema = z.object({ id: z.string().regex(/^\d{1,9}$/) });
export const ResponseParamsSchema = z.object({ id: z.string().regex(/^\d{1,9}$/), ags: AgsSchema });

export const SurveySummarySchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  title: z.string(),
  status: z.enum(SURVEY_STATUSES),
  version: z.number().int(),
  opensOn: z.string().nullable(),
  deadline: z.string().nullable(),
  recipients: z.array(z.string()),
  copiedFromId: z.number().int().nullable(),
});
export const SurveyListSchema = z.object({ items: z.array(SurveySummarySchema) });
export const SurveyEnvelopeSchema = SurveySummarySchema.extend({ umfrage: SurveyInterchangeSchema });

export const ImportSurveyBodySchema = z.object({ year: YearSchema, umfrage: SurveyInterchangeSchema });
export const SendSurveyBodySchema = z.object({ version: z.number().int().min(1), opensOn: IsoDateSchema, deadline: IsoDateSchema, recipients: z.array(AgsSchema).min(1) });

const AnswerValueSchema = z.union([z.number(), z.array(z.number()), z.string(), z.record(z.string(), z.number())]);
export const ResponseEnvelopeSchema = z.object({
  surveyId: z.number().int(),
  ags: z.string(),
  status: z.enum(RESPONSE_STATUSES),
  version: z.number().int(),
  submittedAt: z.string().nullable(),
  answers: z.record(z.string(), AnswerValueSchema),
  progress: z.object({ answered: z.number().int(), total: z.number().int() }),
});
export const SaveResponseBodySchema = z.object({ answers: z.record(z.string(), z.unknown()) });
export const VersionBodySchema = z.object({ version: z.number().int().min(1).max(999_999_999) });

export const SurveyResultsSchema = z.object({
  surveyId: z.number().int(),
  recipients: z.number().int(),
  submitted: z.number().int(),
  missing: z.array(z.object({ ags: z.string(), status: z.enum(RESPONSE_STATUSES) })),
  questions: z.array(z.object({ variable: z.string(), type: z.string(), asked: z.number().int(), result: z.unknown() })),
});
