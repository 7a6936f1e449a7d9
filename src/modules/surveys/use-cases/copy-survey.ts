import type { Executor } from '../../../platform/db/client';
import { AppError, unwrapZod } from '../../../platform/errors';
import { YearSchema } from '../../../platform/input';
import { authorize, type MaybeActor } from '../../access/policy';
import { getSurveyRecord, type Survey } from '../read';
import { insertSurvey } from './create-survey';
import { z } from 'zod';

/**
 * Copies a survey's definition into a new survey in preparation for another year (same sections,
 * questions and variable names, so the two exports line up), audited `survey.copy`. The copy
 * remembers its origin for the comparison. Policy `survey.manage`.
 */
export async function copySurvey(tx: Executor, actor: MaybeActor, sourceId: number, raw: unknown): Promise<Survey> {
  authorize(actor, 'survey.manage');
  const source = await getSurveyRecord(tx, sourceId);
  const { year } = unwrapZod(z.object({ year: YearSchema }).safeParse(raw));
  if (year === source.year) throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'year', message: `Die Umfrage ist schon eine des Jahres ${year}. Bitte wählen Sie ein anderes Jahr.` }] });
  return insertSurvey(tx, actor.userId, year, source.definition, { copiedFromId: source.id, action: 'survey.copy' });
}
