import type { Executor } from '../../../platform/db/client';
import type { Actor } from '../../access/policy';
import { recordAuditEvent } from '../../../platform/audit/store';

/** Records one agreement change in the audit trail; call in the transaction of the change. */
export async function auditAgreementChange(tx: Executor, actor: Actor | null, action: string, agreementId: number, before: unknown, after: unknown): Promise<void> {
  // A null actor is the system itself (start-up seeding): recorded as such, never left out.
  await recordAuditEvent(tx, { actorId: actor?.userId ?? null, action, recordType: 'agreement', recordId: String(agreementId), before, after });
}
