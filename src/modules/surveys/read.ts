import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { type Actor, authorize, tenantFilter } from '../access/policy';
import { type Answers, AnswersSchema, type ResponseStatus, type SurveyDefinition, SurveyDefinitionSchema, type SurveyStatus } from './schema';
import { surveyResponses, surveys } from './tables';

export interface Survey {
  id: number;
  year: number;
  definition: SurveyDefinition;
  status: SurveyStatus;
  opensOn: string | null;
  deadline: string | null;
  recipients: string[];
  copiedFromId: number | null;
  sentAt: Date | null;
  version: number;
  isDemo: boolean;
  updatedAt: Date;
}

export interface SurveyResponse {
  id: number;
  surveyId: number;
  ags: string;
  status: ResponseStatus;
  answers: Answers;
  version: number;
  submittedAt: Date | null;
  isDemo: boolean;
  updatedAt: Date;
}

type SurveyRow = typeof surveys.$inferSelect;
type ResponseRow = typeof surveyResponses.$inferSelect;

function toSurvey(row: SurveyRow): Survey {
  return {
    id: row.id,
    year: row.year,
    // The jsonb column is parsed on every read: a definition that does not fit the schema never reaches a page.
    definition: SurveyDefinitionSchema.parse(row.definition),
    status: row.status,
    opensOn: row.opensOn,
    deadline: row.deadline,
    recipients: row.recipients,
    copiedFromId: row.copiedFromId,
    sentAt: row.sentAt,
    version: row.version,
    isDemo: row.isDemo,
    updatedAt: row.updatedAt,
  };
}

function toResponse(row: ResponseRow): SurveyResponse {
  return { id: row.id, surveyId: row.surveyId, ags: row.ags, status: row.status, answers: AnswersSchema.parse(row.answers) as Answers, version: row.version, submittedAt: row.submittedAt, isDemo: row.isDemo, updatedAt: row.updatedAt };
}

/** A survey by id (no policy: the callers check it), or NOT_FOUND. */
export async function getSurveyRecord(db: Executor, id: number): Promise<Survey> {
  const [row] = await db.select().from(surveys).where(eq(surveys.id, id));
  if (!row) throw new AppError('NOT_FOUND', 'Diese Umfrage gibt es nicht.');
  return toSurvey(row);
}

/**
 * A survey the actor may read: the ministry every one; a district only a sent survey it is a
 * recipient of (any other answers NOT_FOUND, so ids reveal nothing).
 */
export async function getSurvey(db: Executor, actor: Actor, id: number): Promise<Survey> {
  authorize(actor, 'survey.read');
  const survey = await getSurveyRecord(db, id);
  const own = tenantFilter(actor);
  if (own !== null && (survey.status !== 'versandt' || !survey.recipients.includes(own))) throw new AppError('NOT_FOUND', 'Diese Umfrage gibt es nicht.');
  return survey;
}

/** The surveys the actor may read, newest year first. */
export async function findSurveys(db: Executor, actor: Actor): Promise<Survey[]> {
  authorize(actor, 'survey.read');
  const own = tenantFilter(actor);
  const rows = await db.select().from(surveys).orderBy(desc(surveys.year), desc(surveys.id));
  return rows.map(toSurvey).filter((s) => own === null || (s.status === 'versandt' && s.recipients.includes(own)));
}

/** Every sent survey, by deadline (for the calendar's deadlines; no policy). */
export async function findSentSurveys(db: Executor): Promise<Survey[]> {
  return (await db.select().from(surveys).where(eq(surveys.status, 'versandt')).orderBy(asc(surveys.deadline))).map(toSurvey);
}

/** The response of one district (no policy), or NOT_FOUND when the survey was not sent to it. */
export async function getResponseRecord(db: Executor, surveyId: number, ags: string): Promise<SurveyResponse> {
  const [row] = await db.select().from(surveyResponses).where(and(eq(surveyResponses.surveyId, surveyId), eq(surveyResponses.ags, ags)));
  if (!row) throw new AppError('NOT_FOUND', 'Diese Gebietskörperschaft wurde zu dieser Umfrage nicht eingeladen.');
  return toResponse(row);
}

export async function findResponses(db: Executor, surveyIds: number[]): Promise<SurveyResponse[]> {
  if (surveyIds.length === 0) return [];
  return (await db.select().from(surveyResponses).where(inArray(surveyResponses.surveyId, surveyIds)).orderBy(asc(surveyResponses.ags))).map(toResponse);
}
