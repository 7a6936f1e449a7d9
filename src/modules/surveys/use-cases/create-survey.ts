import { z } from 'zod';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { Executor } from '../../../platform/db/client';
import { unwrapZod } from '../../../platform/errors';
import { YearSchema } from '../../../platform/input';
import { authorize, type MaybeActor } from '../../access/policy';
import { getSurveyRecord, type Survey } from '../read';
import { CreateSurveySchema, type SurveyDefinition, SurveyInterchangeSchema } from '../schema';
import { surveys } from '../tables';

/** Inserts a survey in preparation with its definition, audited with `extra.action` (shared by create, import and copy). */
export async function insertSurvey(tx: Executor, actorId: number | null, year: number, definition: SurveyDefinition, extra: { copiedFromId?: number; isDemo?: boolean; action: string }): Promise<Survey> {
  const [row] = await tx
    .insert(surveys)
    .values({ year, definition, copiedFromId: extra.copiedFromId ?? null, isDemo: extra.isDemo ?? false, createdBy: actorId, updatedBy: actorId })
    .returning({ id: surveys.id });
  const survey = await getSurveyRecord(tx, row!.id);
  await recordAuditEvent(tx, { actorId, action: extra.action, recordType: 'survey', recordId: survey.id, before: null, after: { year, title: definition.title, questions: definition.sections.reduce((n, s) => n + s.questions.length, 0), ...(extra.copiedFromId ? { copiedFromId: extra.copiedFromId } : {}) } });
  return survey;
}

/**
 * Creates an empty survey (title, year, description) in preparation, audited `survey.create`.
 * Policy `survey.manage`; VALIDATION_FAILED with German field messages.
 */
export async function createSurvey(tx: Executor, actor: MaybeActor, raw: unknown): Promise<Survey> {
  authorize(actor, 'survey.manage');
  const input = unwrapZod(CreateSurveySchema.safeParse(raw));
  return insertSurvey(tx, actor.userId, input.year, { title: input.title, ...(input.description ? { description: input.description } : {}), sections: [] }, { action: 'survey.create' });
}

const ImportSchema = z.object({ year: YearSchema, umfrage: z.unknown() });

/**
 * Creates a survey in preparation from an `aqb.umfrage/1` document (built once, reused), audited
 * `survey.import`. Policy `survey.manage`; VALIDATION_FAILED with the document's JSON paths.
 */
export async function importSurvey(tx: Executor, actor: MaybeActor, raw: unknown, options: { isDemo?: boolean } = {}): Promise<Survey> {
  authorize(actor, 'survey.manage');
  const { year, umfrage } = unwrapZod(ImportSchema.safeParse(raw));
  const { schema: _schema, ...definition } = unwrapZod(SurveyInterchangeSchema.safeParse(umfrage));
  return insertSurvey(tx, actor.userId, year, definition, { action: 'survey.import', isDemo: options.isDemo });
}

