import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDatabase, Executor } from '../../../platform/db/client';
import { AppError, unwrapZod } from '../../../platform/errors';
import { text } from '../../../platform/input';
import { authorize, type MaybeActor } from '../../access/policy';
import { assertTransition } from '../status';
import { agreementPublications, agreements } from '../tables';
import { auditAgreementChange } from './audit';
import { auditSnapshot, conflictError, getAgreementFor, saveNewVersion } from './agreement-record';

export const WithdrawalInputSchema = z.object({
  reason: text(1000, { multiline: true, required: 'Bitte begründen Sie, warum die Veröffentlichung zurückgezogen wird.' }),
});

/**
 * Withdraws the current publication of a published agreement (HMSI): the frozen PDF stays stored
 * but is no longer served; the portal says "zurückgezogen am …" with the reason. The agreement
 * goes back to `unterzeichnet` as a new version (signatures kept) and can be published again after
 * the correction. One transaction with the audit event; CONFLICT when the agreement changed.
 */
export async function withdrawPublication(database: AppDatabase, actor: MaybeActor, year: number, ags: string, expectedVersion: number, raw: unknown): Promise<{ version: number }> {
  authorize(actor, 'agreement.withdrawPublication', { ags });
  const record = await getAgreementFor(database.db, actor, year, ags);
  authorize(actor, 'agreement.withdrawPublication', { ags, status: record.status });
  const { reason } = unwrapZod(WithdrawalInputSchema.safeParse(raw));
  if (record.currentVersion !== expectedVersion) throw conflictError(expectedVersion, record.currentVersion);
  assertTransition(record.status, 'unterzeichnet', actor, { ags, withdrawalReason: reason });
  return database.db.transaction(async (tx) => {
    const [publication] = await tx
      .select({ id: agreementPublications.id, version: agreementPublications.version, sha256: agreementPublications.sha256 })
      .from(agreementPublications)
      .where(and(eq(agreementPublications.agreementId, record.id), isNull(agreementPublications.withdrawnAt)))
      .orderBy(desc(agreementPublications.version))
      .limit(1);
    if (!publication) throw new AppError('INVALID_STATE_TRANSITION', 'Es gibt keine Veröffentlichung, die zurückgezogen werden könnte.');
    const withdrawnAt = new Date();
    const version = await saveNewVersion(tx, record.id, {
      expectedVersion,
      content: record.content,
      status: 'unterzeichnet',
      source: 'withdrawal',
      actor: actor!,
      amendsVersion: record.amendsVersion,
      set: { publishedAt: null },
    });
    await tx.update(agreementPublications).set({ withdrawnAt, withdrawnBy: actor!.userId, withdrawalReason: reason }).where(eq(agreementPublications.id, publication.id));
    await auditAgreementChange(tx, actor!, 'agreement.withdrawPublication', record.id, auditSnapshot(record), {
      ...auditSnapshot({ status: 'unterzeichnet', currentVersion: version, content: record.content }),
      withdrawnPublicationVersion: publication.version,
      sha256: publication.sha256,
      reason,
    });
    return { version };
  });
}

export interface PublicationWithdrawal {
  version: number;
  withdrawnAt: Date;
  reason: string;
}

/** The newest withdrawn publication of an agreement (for the portal's "zurückgezogen" page), if any. */
export async function findLatestWithdrawal(db: Executor, year: number, ags: string): Promise<PublicationWithdrawal | undefined> {
  const [row] = await db
    .select({ version: agreementPublications.version, withdrawnAt: agreementPublications.withdrawnAt, reason: agreementPublications.withdrawalReason })
    .from(agreementPublications)
    .innerJoin(agreements, eq(agreements.id, agreementPublications.agreementId))
    .where(and(eq(agreements.year, year), eq(agreements.ags, ags)))
    .orderBy(desc(agreementPublications.version))
    .limit(1);
  if (!row || !row.withdrawnAt) return undefined;
  return { version: row.version, withdrawnAt: row.withdrawnAt, reason: row.reason ?? '' };
}
