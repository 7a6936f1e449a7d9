import { type Context, Hono } from 'hono';
import type { z } from 'zod';
import type { AppDatabase } from '../../platform/db/client';
import { AppError, unwrapZod } from '../../platform/errors';
import { getActor } from '../access/context';
import { authorize, type MaybeActor } from '../access/policy';
import { progressOf } from './answers';
import { ImportSurveyBodySchema, ResponseParamsSchema, SaveResponseBodySchema, SendSurveyBodySchema, SurveyIdParamsSchema, VersionBodySchema } from './api-schema';
import { interchangeOf } from './interchange';
import { findResponses, findSurveys, getResponseRecord, getSurvey, type Survey, type SurveyResponse } from './read';
import { surveyResults } from './results';
import { changeDefinition } from './use-cases/change-definition';
import { importSurvey } from './use-cases/create-survey';
import { reopenResponse, saveResponse, submitResponse } from './use-cases/answer-response';
import { sendSurvey } from './use-cases/send-survey';

const MAX_BODY_CHARS = 2_000_000;

async function jsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw new AppError('VALIDATION_FAILED', 'Bitte senden Sie JSON (Content-Type: application/json).');
  const text = await c.req.text();
  if (text.length > MAX_BODY_CHARS) throw new AppError('FILE_TOO_LARGE', 'Die Anfrage ist zu groß.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Der Inhalt ist kein gültiges JSON.');
  }
}
const parse = <T extends z.ZodType>(schema: T, value: unknown): z.infer<T> => unwrapZod(schema.safeParse(value)) as z.infer<T>;
function ifMatch(c: Context): number {
  const header = c.req.header('if-match');
  const match = header ? /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim()) : null;
  if (!match) throw new AppError('VALIDATION_FAILED', 'Die Version fehlt: Bitte senden Sie If-Match mit der gelesenen Version (z. B. If-Match: "3").', { issues: [{ path: 'If-Match', message: 'Fehlt oder ist keine Versionsnummer' }] });
  return Number(match[1]);
}
function surveyId(c: Context): number {
  const r = SurveyIdParamsSchema.safeParse({ id: c.req.param('id') });
  if (!r.success) throw new AppError('NOT_FOUND');
  return Number(r.data.id);
}
function responseTarget(c: Context): { surveyId: number; ags: string } {
  const r = ResponseParamsSchema.safeParse({ id: c.req.param('id'), ags: c.req.param('ags') });
  if (!r.success) throw new AppError('NOT_FOUND');
  return { surveyId: Number(r.data.id), ags: r.data.ags };
}

const summary = (s: Survey) => ({ id: s.id, year: s.year, title: s.definition.title, status: s.status, version: s.version, opensOn: s.opensOn, deadline: s.deadline, recipients: s.recipients, copiedFromId: s.copiedFromId });
const responseJson = (survey: Survey, r: SurveyResponse) => ({ surveyId: r.surveyId, ags: r.ags, status: r.status, version: r.version, submittedAt: r.submittedAt?.toISOString() ?? null, answers: r.answers, progress: progressOf(survey.definition, r.answers) });

/**
 * JSON API /api/v1/umfragen: the same use cases and policies as the pages (the ministry imports,
 * changes and sends definitions in `aqb.umfrage/1` and reads results; a district reads and
 * answers its own response). Errors are rendered by the app as { error: { code, message, issues } }.
 */
export function surveyApiRoutes({ database }: { database: AppDatabase }) {
  const app = new Hono();
  const db = database.db;
  const actorOf = (c: Context): MaybeActor => getActor(c);
  const signedIn = (c: Context) => {
    const actor = actorOf(c);
    authorize(actor, 'survey.read');
    return actor;
  };

  app.get('/api/v1/umfragen', async (c) => c.json({ items: (await findSurveys(db, signedIn(c))).map(summary) }));

  app.post('/api/v1/umfragen', async (c) => {
    authorize(actorOf(c), 'survey.manage');
    const body = parse(ImportSurveyBodySchema, await jsonBody(c));
    const survey = await db.transaction((tx) => importSurvey(tx, actorOf(c), body));
    c.header('ETag', `"${survey.version}"`);
    return c.json({ ...summary(survey), umfrage: interchangeOf(survey.definition) }, 201);
  });

  app.get('/api/v1/umfragen/:id', async (c) => {
    const survey = await getSurvey(db, signedIn(c), surveyId(c));
    c.header('ETag', `"${survey.version}"`);
    return c.json({ ...summary(survey), umfrage: interchangeOf(survey.definition) });
  });

  app.put('/api/v1/umfragen/:id/definition', async (c) => {
    const actor = actorOf(c);
    authorize(actor, 'survey.manage');
    const id = surveyId(c);
    await getSurvey(db, actor, id);
    const expectedVersion = ifMatch(c);
    const body = await jsonBody(c);
    const { schema: _schema, ...definition } = parse(ImportSurveyBodySchema.shape.umfrage, body);
    const survey = await db.transaction((tx) => changeDefinition(tx, actor, { id, expectedVersion }, { op: 'replace', definition }));
    c.header('ETag', `"${survey.version}"`);
    return c.json({ ...summary(survey), umfrage: interchangeOf(survey.definition) });
  });

  app.post('/api/v1/umfragen/:id/versenden', async (c) => {
    const actor = actorOf(c);
    authorize(actor, 'survey.manage');
    const id = surveyId(c);
    await getSurvey(db, actor, id);
    const { version, ...input } = parse(SendSurveyBodySchema, await jsonBody(c));
    const survey = await db.transaction((tx) => sendSurvey(tx, actor, { id, expectedVersion: version }, input));
    return c.json({ ...summary(survey), umfrage: interchangeOf(survey.definition) });
  });

  app.get('/api/v1/umfragen/:id/ergebnisse', async (c) => {
    const actor = actorOf(c);
    authorize(actor, 'survey.manage');
    const survey = await getSurvey(db, actor, surveyId(c));
    const responses = await findResponses(db, [survey.id]);
    const submitted = responses.filter((r) => r.status === 'eingereicht');
    const results = surveyResults(survey.definition, submitted.map((r) => ({ ags: r.ags, districtName: r.ags, answers: r.answers })));
    return c.json({
      surveyId: survey.id,
      recipients: responses.length,
      submitted: submitted.length,
      missing: responses.filter((r) => r.status !== 'eingereicht').map((r) => ({ ags: r.ags, status: r.status })),
      questions: results.map(({ question, ...rest }) => ({ variable: question.variable, type: question.type, asked: rest.asked, result: rest })),
    });
  });

  async function responseFor(c: Context) {
    const actor = actorOf(c);
    const target = responseTarget(c);
    authorize(actor, 'survey.read', { ags: target.ags });
    const survey = await getSurvey(db, actor, target.surveyId);
    return { actor, target, survey, response: await getResponseRecord(db, survey.id, target.ags) };
  }

  app.get('/api/v1/umfragen/:id/antworten/:ags', async (c) => {
    const { survey, response } = await responseFor(c);
    c.header('ETag', `"${response.version}"`);
    return c.json(responseJson(survey, response));
  });

  app.put('/api/v1/umfragen/:id/antworten/:ags', async (c) => {
    const { actor, target, survey } = await responseFor(c);
    authorize(actor, 'survey.answer', { ags: target.ags });
    const expectedVersion = ifMatch(c);
    const { answers } = parse(SaveResponseBodySchema, await jsonBody(c));
    const saved = await db.transaction((tx) => saveResponse(tx, actor, { ...target, expectedVersion }, answers));
    c.header('ETag', `"${saved.version}"`);
    return c.json(responseJson(survey, saved));
  });

  app.post('/api/v1/umfragen/:id/antworten/:ags/einreichen', async (c) => {
    const { actor, target, survey } = await responseFor(c);
    authorize(actor, 'survey.answer', { ags: target.ags });
    const { version } = parse(VersionBodySchema, await jsonBody(c));
    const saved = await db.transaction((tx) => submitResponse(tx, actor, { ...target, expectedVersion: version }));
    return c.json(responseJson(survey, saved));
  });

  app.post('/api/v1/umfragen/:id/antworten/:ags/wieder-oeffnen', async (c) => {
    const { actor, target, survey } = await responseFor(c);
    authorize(actor, 'survey.reopen', { ags: target.ags });
    const { version } = parse(VersionBodySchema, await jsonBody(c));
    const saved = await db.transaction((tx) => reopenResponse(tx, actor, { ...target, expectedVersion: version }));
    return c.json(responseJson(survey, saved));
  });

  return app;
}
