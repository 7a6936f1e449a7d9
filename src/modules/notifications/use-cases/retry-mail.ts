import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { Executor } from '../../../platform/db/client';
import { AppError, unwrapZod } from '../../../platform/errors';
import { authorize, type MaybeActor } from '../../access/policy';
import { outboxMails } from '../../../platform/outbox/tables';

export const RetryMailSchema = z.object({
  id: z.coerce.number({ error: 'Unbekannte Mail' }).int('Unbekannte Mail').min(1, 'Unbekannte Mail'),
  expectedVersion: z.coerce.number({ error: 'Versionsangabe fehlt' }).int('Versionsangabe fehlt').min(1, 'Versionsangabe fehlt'),
});

/**
 * "Erneut senden": a `fehlgeschlagen` mail goes back to `wartend` with its attempts reset and is due
 * at once (policy `mail.manage`, optimistic lock on `version`, audited `mail.retry`). The row keeps
 * its id and so its Message-ID.
 */
export async function retryMail(tx: Executor, actor: MaybeActor, input: unknown): Promise<void> {
  authorize(actor, 'mail.manage');
  const { id, expectedVersion } = unwrapZod(RetryMailSchema.safeParse(input));
  const [row] = await tx.select().from(outboxMails).where(eq(outboxMails.id, id)).for('update');
  if (!row) throw new AppError('NOT_FOUND', 'Diese Mail gibt es nicht im Postausgang.');
  if (row.version !== expectedVersion) throw new AppError('CONFLICT', 'Die Mail wurde inzwischen verändert. Bitte die Liste neu laden und erneut prüfen.');
  if (row.status !== 'fehlgeschlagen') throw new AppError('CONFLICT', 'Nur fehlgeschlagene Mails können erneut gesendet werden.');
  await tx
    .update(outboxMails)
    .set({ status: 'wartend', attempts: 0, nextAttemptAt: new Date(), version: sql`${outboxMails.version} + 1` })
    .where(and(eq(outboxMails.id, id), eq(outboxMails.version, expectedVersion)));
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'mail.retry', recordType: 'outbox_mail', recordId: id, before: { status: row.status, attempts: row.attempts, lastError: row.lastError }, after: { status: 'wartend', attempts: 0 } });
}
