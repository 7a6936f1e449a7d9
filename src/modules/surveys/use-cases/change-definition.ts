import { and, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { Executor } from '../../../platform/db/client';
import { AppError, type FieldIssue, issuesFromZod } from '../../../platform/errors';
import { authorize, type MaybeActor } from '../../access/policy';
import { getSurveyRecord, type Survey } from '../read';
import { type SurveyDefinition, SurveyDefinitionSchema, type SurveySection } from '../schema';
import { surveys } from '../tables';

/** One change of the definition editor (each form of /umfragen/:id/bearbeiten is one). */
export type DefinitionChange =
  | { op: 'meta'; title: string; description?: string }
  | { op: 'addSection'; title: string; description?: string }
  | { op: 'updateSection'; index: number; title: string; description?: string }
  | { op: 'removeSection'; index: number }
  /** Adds a question to a section, or replaces the question `replaces` (it may move to another section). */
  | { op: 'saveQuestion'; section: number; replaces?: string; question: unknown }
  | { op: 'removeQuestion'; variable: string }
  | { op: 'moveQuestion'; variable: string; direction: 'up' | 'down' }
  /** The whole definition at once (PUT of an `aqb.umfrage/1` document through the API). */
  | { op: 'replace'; definition: unknown };

export function conflict(expected: number, current: number): AppError {
  return new AppError('CONFLICT', `Die Umfrage wurde inzwischen geändert (Ihre Fassung beruht auf Version ${expected}, aktuell ist Version ${current}). Ihre Änderung wurde nicht gespeichert; bitte prüfen Sie die aktuelle Fassung.`, {
    details: { expectedVersion: expected, currentVersion: current },
  });
}

const sectionMissing = () => new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'section', message: 'Diesen Abschnitt gibt es nicht.' }] });

/** Applies a change to a copy of the definition (no check of the result yet). */
function apply(def: SurveyDefinition, change: DefinitionChange): unknown {
  const sections: Array<Omit<SurveySection, 'questions'> & { questions: unknown[] }> = def.sections.map((s) => ({ ...s, questions: [...s.questions] }));
  const text = (t: { title: string; description?: string }) => ({ title: t.title, ...(t.description ? { description: t.description } : {}) });
  switch (change.op) {
    case 'replace':
      return change.definition;
    case 'meta':
      return { ...text(change), sections };
    case 'addSection':
      return { ...def, sections: [...sections, { ...text(change), questions: [] }] };
    case 'updateSection': {
      const s = sections[change.index];
      if (!s) throw sectionMissing();
      sections[change.index] = { ...text(change), questions: s.questions };
      return { ...def, sections };
    }
    case 'removeSection':
      if (!sections[change.index]) throw sectionMissing();
      sections.splice(change.index, 1);
      return { ...def, sections };
    case 'saveQuestion': {
      const target = sections[change.section];
      if (!target) throw sectionMissing();
      if (change.replaces !== undefined) {
        const s = sections.findIndex((x) => x.questions.some((q) => (q as { variable: string }).variable === change.replaces));
        if (s < 0) throw new AppError('NOT_FOUND', 'Diese Frage gibt es nicht.');
        const i = sections[s]!.questions.findIndex((q) => (q as { variable: string }).variable === change.replaces);
        if (s === change.section) {
          sections[s]!.questions[i] = change.question;
          return { ...def, sections };
        }
        sections[s]!.questions.splice(i, 1);
      }
      target.questions.push(change.question);
      return { ...def, sections };
    }
    case 'removeQuestion':
    case 'moveQuestion': {
      const s = sections.findIndex((x) => x.questions.some((q) => (q as { variable: string }).variable === change.variable));
      if (s < 0) throw new AppError('NOT_FOUND', 'Diese Frage gibt es nicht.');
      const list = sections[s]!.questions;
      const i = list.findIndex((q) => (q as { variable: string }).variable === change.variable);
      if (change.op === 'removeQuestion') list.splice(i, 1);
      else {
        const j = change.direction === 'up' ? i - 1 : i + 1;
        if (j >= 0 && j < list.length) [list[i], list[j]] = [list[j], list[i]];
      }
      return { ...def, sections };
    }
  }
}

/**
 * Changes the definition of a survey in preparation (one editor action), audited
 * `survey.definition.update` with the change. Policy `survey.manage`; a sent survey is frozen
 * (INVALID_STATE_TRANSITION); a stale version CONFLICT; a definition that would break a rule
 * (duplicate variable, condition on a later question, …) VALIDATION_FAILED with paths — nothing is
 * written on any of these.
 */
export async function changeDefinition(tx: Executor, actor: MaybeActor, target: { id: number; expectedVersion: number }, change: DefinitionChange): Promise<Survey> {
  authorize(actor, 'survey.manage');
  const current = await getSurveyRecord(tx, target.id);
  if (current.status !== 'entwurf') throw new AppError('INVALID_STATE_TRANSITION', 'Die Umfrage ist versandt; ihre Fragen können nicht mehr geändert werden. Kopieren Sie sie, um eine neue Fassung zu bauen.');
  if (current.version !== target.expectedVersion) throw conflict(target.expectedVersion, current.version);
  const parsed = SurveyDefinitionSchema.safeParse(apply(current.definition, change));
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', undefined, { issues: issuesFromZod(parsed.error) as FieldIssue[] });
  const [updated] = await tx
    .update(surveys)
    .set({ definition: parsed.data, version: sql`${surveys.version} + 1`, updatedAt: new Date(), updatedBy: actor.userId })
    .where(and(eq(surveys.id, current.id), eq(surveys.version, current.version)))
    .returning({ id: surveys.id });
  if (!updated) throw conflict(target.expectedVersion, current.version + 1);
  const { question: _q, definition: _d, ...summary } = change as DefinitionChange & { question?: unknown; definition?: unknown };
  await recordAuditEvent(tx, {
    actorId: actor.userId,
    action: 'survey.definition.update',
    recordType: 'survey',
    recordId: current.id,
    before: { version: current.version, questions: current.definition.sections.reduce((n, s) => n + s.questions.length, 0) },
    after: { version: current.version + 1, change: summary, ...(change.op === 'saveQuestion' ? { variable: (change.question as { variable?: unknown }).variable } : {}) },
  });
  return getSurveyRecord(tx, current.id);
}
