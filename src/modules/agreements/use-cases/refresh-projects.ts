import type { Executor } from '../../../platform/db/client';
import { isAppError } from '../../../platform/errors';
import type { Actor } from '../../access/policy';
import { measuresFromProjects } from '../../projects/service';
import { EDITABLE_AGREEMENT_STATES } from '../../access/policy';
import { auditAgreementChange } from './audit';
import { auditSnapshot, getAgreement, saveNewVersion } from './agreement-record';

/**
 * Keeps § 5 of a draft in step with the project records (docs/decisions/0016): when the district's
 * agreement of that year is still being negotiated and its lists differ from the records, a new
 * version with the records' titles is written, audited, in the caller's transaction. Signed and
 * published versions keep their frozen text (a Nachtrag picks the change up). Returns the new
 * version number, or null when nothing was written (no agreement, frozen, or already in step).
 * `actor: null` is the system (the command line's `aqb antrag import` without an account).
 */
export async function refreshDraftFromProjects(tx: Executor, actor: Actor | null, year: number, ags: string): Promise<number | null> {
  let record;
  try {
    record = await getAgreement(tx, year, ags);
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
  if (!(EDITABLE_AGREEMENT_STATES as readonly string[]).includes(record.status)) return null;
  const measures = await measuresFromProjects(tx, year, ags);
  if (JSON.stringify(measures) === JSON.stringify(record.content.measures)) return null;
  const content = { ...record.content, measures };
  const version = await saveNewVersion(tx, record.id, {
    expectedVersion: record.currentVersion,
    content,
    status: record.status,
    source: 'projects',
    actor,
    amendsVersion: record.amendsVersion,
  });
  await auditAgreementChange(tx, actor, 'agreement.projects', record.id, auditSnapshot(record), auditSnapshot({ status: record.status, currentVersion: version, content }));
  return version;
}
