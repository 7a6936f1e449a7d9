import { eq } from 'drizzle-orm';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { AppDatabase } from '../../../platform/db/client';
import { authorize, type Actor } from '../../access/policy';
import type { Project } from '../../projects/schema';
import { getPendingUpload } from '../records';
import { participantUploads } from '../tables';
import { replaceParticipantRecords } from './replace-records';

/**
 * Confirms a pending upload: replaces the project's records by the upload's rows, in one
 * transaction with the audit event, and deletes the pending upload. CONFLICT (nothing changed)
 * when the records were replaced after the upload was staged; NOT_FOUND for an unknown one.
 */
export async function confirmParticipantUpload(database: AppDatabase, actor: Actor, project: Project, uploadId: string): Promise<{ version: number; records: number }> {
  authorize(actor, 'participants.upload', { ags: project.ags });
  return database.db.transaction(async (tx) => {
    const pending = await getPendingUpload(tx, project.id, uploadId);
    const { version } = await replaceParticipantRecords(tx, { actor }, project, pending.rows, { fileName: pending.fileName, expectedVersion: pending.baseVersion });
    await tx.delete(participantUploads).where(eq(participantUploads.id, pending.id));
    return { version, records: pending.rowCount };
  });
}

/** Discards a pending upload (nothing else changes), audited. NOT_FOUND for an unknown one. */
export async function discardParticipantUpload(database: AppDatabase, actor: Actor, project: Project, uploadId: string): Promise<void> {
  authorize(actor, 'participants.upload', { ags: project.ags });
  await database.db.transaction(async (tx) => {
    const pending = await getPendingUpload(tx, project.id, uploadId);
    await tx.delete(participantUploads).where(eq(participantUploads.id, pending.id));
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'participants.upload.discard', recordType: 'project', recordId: project.id, before: { upload: pending.id, fileName: pending.fileName, records: pending.rowCount }, after: null });
  });
}
