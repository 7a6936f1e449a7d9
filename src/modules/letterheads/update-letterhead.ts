import { eq } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { Executor } from '../../platform/db/client';
import { AppError, unwrapZod } from '../../platform/errors';
import { authorize, type MaybeActor } from '../access/policy';
import { type LetterheadKey, LetterheadInputSchema, LetterheadKeySchema, type StoredLetterhead } from './schema';
import { letterheads } from './tables';
import { toLetterhead } from './letterhead-row';

const FIELDS = ['authority', 'unit', 'shortName', 'addressLines', 'contactName', 'phone', 'email', 'web', 'referencePrefix', 'signerName', 'signerRole', 'signaturePrefix'] as const;

/**
 * Saves a sender's letterhead (administrators, `masterdata.edit`). VALIDATION_FAILED with German
 * field issues for bad input; CONFLICT when someone saved it since `expectedVersion` (nothing
 * overwritten); NOT_FOUND for an unknown key. Audited as `letterhead.update` (changed fields
 * before/after) in the same transaction. Letters already stored keep their frozen sender.
 */
export async function updateLetterhead(tx: Executor, actor: MaybeActor, key: LetterheadKey, rawInput: unknown): Promise<StoredLetterhead> {
  authorize(actor, 'masterdata.edit');
  const parsedKey = LetterheadKeySchema.safeParse(key);
  if (!parsedKey.success) throw new AppError('NOT_FOUND', 'Diesen Briefkopf gibt es nicht.');
  const input = unwrapZod(LetterheadInputSchema.safeParse(rawInput));
  const [existing] = await tx.select().from(letterheads).where(eq(letterheads.key, key)).for('update');
  if (!existing) throw new AppError('NOT_FOUND', 'Diesen Briefkopf gibt es nicht.');
  if (existing.version !== input.expectedVersion) {
    throw new AppError('CONFLICT', 'Der Briefkopf wurde inzwischen von jemand anderem geändert. Bitte laden Sie die Seite neu und tragen Sie Ihre Änderung erneut ein.');
  }
  const { expectedVersion: _version, ...values } = input;
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const field of FIELDS) {
    if (JSON.stringify(existing[field]) !== JSON.stringify(values[field])) {
      before[field] = existing[field];
      after[field] = values[field];
    }
  }
  const [row] = await tx
    .update(letterheads)
    .set({ ...values, version: existing.version + 1, updatedAt: new Date(), updatedBy: actor.userId })
    .where(eq(letterheads.key, key))
    .returning();
  if (!row) throw new Error('Briefkopf wurde nicht gespeichert');
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'letterhead.update', recordType: 'letterhead', recordId: key, before: { ...before, version: existing.version }, after: { ...after, version: row.version } });
  return toLetterhead(row);
}
