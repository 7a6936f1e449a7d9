import type { AppDatabase } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { authorize, type MaybeActor } from '../../access/policy';
import { findAllocationCents } from '../../budget-years/service';
import { AGREEMENT_STATUSES, type AgreementStatus, assertTransition } from '../status';
import { auditAgreementChange } from './audit';
import { auditSnapshot, conflictError, getAgreementFor, saveNewVersion } from './agreement-record';
import { publishAgreement } from './publish-agreement';

export function isAgreementStatus(value: unknown): value is AgreementStatus {
  return typeof value === 'string' && (AGREEMENT_STATUSES as readonly string[]).includes(value);
}

/**
 * Moves an agreement to another status along the one transition table (status.ts), as a new
 * version. → zur_unterschrift needs § 4 = current allocation (the German message names the
 * difference); reopening from zur_unterschrift discards recorded signatures; → veroeffentlicht
 * publishes (freezes the PDF). Throws INVALID_STATE_TRANSITION, CONFLICT, NOT_FOUND, FORBIDDEN.
 */
export async function transitionAgreement(database: AppDatabase, actor: MaybeActor, year: number, ags: string, to: AgreementStatus, expectedVersion: number): Promise<{ version: number }> {
  if (!isAgreementStatus(to)) throw new AppError('VALIDATION_FAILED', 'Unbekannter Zielstatus.', { issues: [{ path: 'to', message: 'Unbekannter Status' }] });
  // Tenancy first; the step's own action (status.ts → policy) is checked by assertTransition.
  authorize(actor, 'agreement.read', { ags });
  if (to === 'veroeffentlicht') return publishAgreement(database, actor, year, ags, expectedVersion);
  const record = await getAgreementFor(database.db, actor, year, ags);
  if (record.currentVersion !== expectedVersion) throw conflictError(expectedVersion, record.currentVersion);
  const allocationCents = to === 'zur_unterschrift' ? ((await findAllocationCents(database.db, ags, year)) ?? null) : undefined;
  assertTransition(record.status, to, actor, {
    ags,
    amountCents: record.content.amountCents,
    allocationCents,
    signatures: record.content.signatures,
  });
  const reopening = record.status === 'zur_unterschrift';
  const content = reopening ? { ...record.content, signatures: { land: null, district: null } } : record.content;
  return database.db.transaction(async (tx) => {
    const version = await saveNewVersion(tx, record.id, {
      expectedVersion,
      content,
      status: to,
      source: 'transition',
      actor: actor!,
      amendsVersion: record.amendsVersion,
      set: reopening ? { landSignatureRecordedBy: null, districtSignatureRecordedBy: null } : undefined,
    });
    await auditAgreementChange(tx, actor!, `agreement.transition.${to}`, record.id, auditSnapshot(record), auditSnapshot({ status: to, currentVersion: version, content }));
    return { version };
  });
}
