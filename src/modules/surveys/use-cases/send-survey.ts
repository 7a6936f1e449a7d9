import { and, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { Executor } from '../../../platform/db/client';
import { AppError, unwrapZod } from '../../../platform/errors';
import { authorize, type MaybeActor } from '../../access/policy';
import { findDistricts } from '../../districts/service';
import { getSurveyRecord, type Survey } from '../read';
import { allQuestions, SendSurveySchema } from '../schema';
import { surveyResponses, surveys } from '../tables';
import { conflict } from './change-definition';

/**
 * Sends a survey in preparation to the chosen districts (all 26 or a subset) with an opening date
 * and a deadline: the definition is frozen and every recipient gets its one shared response (a
 * draft), audited `survey.send`. Policy `survey.manage`; a survey without questions or already
 * sent INVALID_STATE_TRANSITION; stale version CONFLICT; bad dates or AGS VALIDATION_FAILED.
 */
export async function sendSurvey(tx: Executor, actor: MaybeActor, target: { id: number; expectedVersion: number }, raw: unknown, options: { isDemo?: boolean } = {}): Promise<Survey> {
  authorize(actor, 'survey.manage');
  const input = unwrapZod(SendSurveySchema.safeParse(raw));
  const current = await getSurveyRecord(tx, target.id);
  if (current.status !== 'entwurf') throw new AppError('INVALID_STATE_TRANSITION', 'Die Umfrage ist schon versandt.');
  if (current.version !== target.expectedVersion) throw conflict(target.expectedVersion, current.version);
  if (allQuestions(current.definition).length === 0) throw new AppError('INVALID_STATE_TRANSITION', 'Die Umfrage hat noch keine Frage. Bitte legen Sie zuerst Fragen an.');
  const known = new Set((await findDistricts(tx)).map((d) => d.ags));
  const recipients = [...new Set(input.recipients)].sort();
  const unknown = recipients.filter((ags) => !known.has(ags));
  if (unknown.length) throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'recipients', message: `Unbekannte Gebietskörperschaft: ${unknown.join(', ')}` }] });
  const [updated] = await tx
    .update(surveys)
    .set({ status: 'versandt', opensOn: input.opensOn, deadline: input.deadline, recipients, sentAt: new Date(), version: sql`${surveys.version} + 1`, updatedAt: new Date(), updatedBy: actor.userId })
    .where(and(eq(surveys.id, current.id), eq(surveys.version, current.version), eq(surveys.status, 'entwurf')))
    .returning({ id: surveys.id });
  if (!updated) throw conflict(target.expectedVersion, current.version + 1);
  await tx.insert(surveyResponses).values(recipients.map((ags) => ({ surveyId: current.id, ags, isDemo: options.isDemo ?? current.isDemo, updatedBy: actor.userId })));
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'survey.send', recordType: 'survey', recordId: current.id, before: { status: 'entwurf' }, after: { status: 'versandt', opensOn: input.opensOn, deadline: input.deadline, recipients } });
  return getSurveyRecord(tx, current.id);
}
