import type { Executor } from '../../../platform/db/client';
import type { MaybeActor } from '../../access/policy';
import { findAuditEvents } from '../../../platform/audit/store';
import { getAgreementFor } from './agreement-record';

/** The audit events of one agreement (whoever may read the agreement may read its history). */
export async function findAgreementHistory(db: Executor, actor: MaybeActor, year: number, ags: string) {
  const record = await getAgreementFor(db, actor, year, ags);
  const events = await findAuditEvents(db, { recordType: 'agreement', recordId: String(record.id) });
  return { record, events };
}
