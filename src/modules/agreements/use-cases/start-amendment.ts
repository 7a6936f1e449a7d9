import type { AppDatabase } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { authorize, type MaybeActor } from '../../access/policy';
import { canStartAmendment, INITIAL_STATUS } from '../status';
import { auditAgreementChange } from './audit';
import { auditSnapshot, conflictError, getAgreementFor, saveNewVersion } from './agreement-record';

/**
 * Starts a Nachtrag of a published agreement (HMSI): a new version in `entwurf` that references
 * the published version; signatures start empty. The publication itself stays untouched.
 */
export async function startAmendment(database: AppDatabase, actor: MaybeActor, year: number, ags: string, expectedVersion: number): Promise<{ version: number }> {
  authorize(actor, 'agreement.amend', { ags });
  const record = await getAgreementFor(database.db, actor, year, ags);
  if (record.currentVersion !== expectedVersion) throw conflictError(expectedVersion, record.currentVersion);
  authorize(actor, 'agreement.amend', { ags, status: record.status });
  if (!canStartAmendment({ ags, status: record.status }, actor)) {
    throw new AppError('INVALID_STATE_TRANSITION', 'Ein Nachtrag kann nur zu einer veröffentlichten Zielvereinbarung angelegt werden.');
  }
  const content = { ...record.content, signatures: { land: null, district: null } };
  return database.db.transaction(async (tx) => {
    const version = await saveNewVersion(tx, record.id, {
      expectedVersion,
      content,
      status: INITIAL_STATUS,
      source: 'amendment',
      actor: actor!,
      amendsVersion: record.currentVersion,
      set: { landSignatureRecordedBy: null, districtSignatureRecordedBy: null },
    });
    await auditAgreementChange(tx, actor!, 'agreement.amend', record.id, auditSnapshot(record), {
      ...auditSnapshot({ status: INITIAL_STATUS, currentVersion: version, content }),
      amendsVersion: record.currentVersion,
    });
    return { version };
  });
}
