import { and, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { Executor } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { authorize, type MaybeActor } from '../../access/policy';
import { checkAnswers } from '../answers';
import { berlinToday } from '../dates';
import { getResponseRecord, getSurvey, type Survey, type SurveyResponse } from '../read';
import { surveyResponses } from '../tables';

export interface ResponseTarget {
  surveyId: number;
  ags: string;
  expectedVersion: number;
}

const deDate = (iso: string) => `${Number(iso.slice(8, 10))}.${Number(iso.slice(5, 7))}.${iso.slice(0, 4)}`;

/** The German conflict of a stale response form; the route shows both versions' values from `details`. */
function responseConflict(expected: number, current: SurveyResponse): AppError {
  return new AppError('CONFLICT', `Jemand aus Ihrer Gebietskörperschaft hat die Antwort inzwischen gespeichert (Ihre Fassung beruht auf Version ${expected}, aktuell ist Version ${current.version}). Ihre Eingaben wurden nicht gespeichert. Unten sehen Sie beide Fassungen; speichern Sie erneut, um Ihre zu übernehmen.`, {
    details: { expectedVersion: expected, currentVersion: current.version },
  });
}

/** The survey and the district's response, after tenancy and role (404 for another district's). */
async function load(tx: Executor, actor: MaybeActor, target: ResponseTarget): Promise<{ survey: Survey; response: SurveyResponse }> {
  authorize(actor, 'survey.answer', { ags: target.ags });
  const survey = await getSurvey(tx, actor, target.surveyId);
  const response = await getResponseRecord(tx, survey.id, target.ags);
  if (response.status !== 'entwurf') throw new AppError('INVALID_STATE_TRANSITION', 'Die Antwort ist eingereicht. Ändern kann sie erst wieder, wer sie vom HMSI wieder öffnen lässt.');
  if (survey.opensOn && berlinToday() < survey.opensOn) throw new AppError('INVALID_STATE_TRANSITION', `Die Umfrage ist erst ab dem ${deDate(survey.opensOn)} geöffnet.`);
  if (response.version !== target.expectedVersion) throw responseConflict(target.expectedVersion, response);
  return { survey, response };
}

/**
 * Saves the district's shared response as a draft (every value checked against its question;
 * answers of questions whose condition does not hold are dropped; required questions are not
 * required yet), audited `survey.response.save` with the changed variables. Policy
 * `survey.answer` (own district; another's 404); a submitted response INVALID_STATE_TRANSITION;
 * a stale version CONFLICT — nothing is overwritten silently; bad values VALIDATION_FAILED with
 * the variable as path.
 */
export async function saveResponse(tx: Executor, actor: MaybeActor, target: ResponseTarget, raw: Record<string, unknown>): Promise<SurveyResponse> {
  const { survey, response } = await load(tx, actor, target);
  const { answers, issues } = checkAnswers(survey.definition, raw, { forSubmit: false });
  if (issues.length) throw new AppError('VALIDATION_FAILED', undefined, { issues: issues.map((i) => ({ path: i.variable, message: i.message })) });
  const changed = [...new Set([...Object.keys(answers), ...Object.keys(response.answers)])].filter((v) => JSON.stringify(answers[v]) !== JSON.stringify(response.answers[v])).sort();
  const [updated] = await tx
    .update(surveyResponses)
    .set({ answers, version: sql`${surveyResponses.version} + 1`, updatedAt: new Date(), updatedBy: actor!.userId })
    .where(and(eq(surveyResponses.id, response.id), eq(surveyResponses.version, response.version)))
    .returning({ id: surveyResponses.id });
  if (!updated) throw responseConflict(target.expectedVersion, await getResponseRecord(tx, survey.id, target.ags));
  await recordAuditEvent(tx, { actorId: actor!.userId, action: 'survey.response.save', recordType: 'survey_response', recordId: response.id, before: { version: response.version }, after: { version: response.version + 1, changed } });
  return getResponseRecord(tx, survey.id, target.ags);
}

/**
 * Submits the district's response once: every shown required question must be answered
 * (VALIDATION_FAILED lists the missing ones), audited `survey.response.submit` (with `late` after
 * the deadline). Same policy, state and version rules as `saveResponse`.
 */
export async function submitResponse(tx: Executor, actor: MaybeActor, target: ResponseTarget): Promise<SurveyResponse> {
  const { survey, response } = await load(tx, actor, target);
  const { issues } = checkAnswers(survey.definition, response.answers, { forSubmit: true });
  if (issues.length) throw new AppError('VALIDATION_FAILED', `Die Antwort kann noch nicht eingereicht werden: ${issues.length === 1 ? 'eine Pflichtfrage ist' : `${issues.length} Pflichtfragen sind`} offen.`, { issues: issues.map((i) => ({ path: i.variable, message: i.message })) });
  const late = survey.deadline !== null && berlinToday() > survey.deadline;
  const [updated] = await tx
    .update(surveyResponses)
    .set({ status: 'eingereicht', submittedAt: new Date(), submittedBy: actor!.userId, version: sql`${surveyResponses.version} + 1`, updatedAt: new Date(), updatedBy: actor!.userId })
    .where(and(eq(surveyResponses.id, response.id), eq(surveyResponses.version, response.version), eq(surveyResponses.status, 'entwurf')))
    .returning({ id: surveyResponses.id });
  if (!updated) throw responseConflict(target.expectedVersion, await getResponseRecord(tx, survey.id, target.ags));
  await recordAuditEvent(tx, { actorId: actor!.userId, action: 'survey.response.submit', recordType: 'survey_response', recordId: response.id, before: { status: 'entwurf', version: response.version }, after: { status: 'eingereicht', version: response.version + 1, late } });
  return getResponseRecord(tx, survey.id, target.ags);
}

/**
 * The ministry reopens a submitted response: it is a draft of the district again, audited
 * `survey.response.reopen`. Policy `survey.reopen` (HMSI; only a submitted response); stale
 * version CONFLICT.
 */
export async function reopenResponse(tx: Executor, actor: MaybeActor, target: ResponseTarget): Promise<SurveyResponse> {
  authorize(actor, 'survey.reopen', { ags: target.ags });
  const survey = await getSurvey(tx, actor, target.surveyId);
  const response = await getResponseRecord(tx, survey.id, target.ags);
  authorize(actor, 'survey.reopen', { ags: target.ags, status: response.status });
  if (response.version !== target.expectedVersion) throw responseConflict(target.expectedVersion, response);
  const [updated] = await tx
    .update(surveyResponses)
    .set({ status: 'entwurf', submittedAt: null, submittedBy: null, version: sql`${surveyResponses.version} + 1`, updatedAt: new Date(), updatedBy: actor.userId })
    .where(and(eq(surveyResponses.id, response.id), eq(surveyResponses.version, response.version)))
    .returning({ id: surveyResponses.id });
  if (!updated) throw responseConflict(target.expectedVersion, await getResponseRecord(tx, survey.id, target.ags));
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'survey.response.reopen', recordType: 'survey_response', recordId: response.id, before: { status: 'eingereicht', version: response.version }, after: { status: 'entwurf', version: response.version + 1 } });
  return getResponseRecord(tx, survey.id, target.ags);
}
