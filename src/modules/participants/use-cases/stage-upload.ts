import { randomUUID } from 'node:crypto';
import { lt, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { AppDatabase } from '../../../platform/db/client';
import { authorize, type Actor } from '../../access/policy';
import type { Project } from '../../projects/schema';
import { checkPeriod, diffRecords, getRecordSetState, loadAllRecords, PENDING_UPLOAD_HOURS, type RecordDifference } from '../records';
import { participantUploads } from '../tables';
import { type UploadError, validateParticipantUpload } from '../upload';

export type StageResult = { ok: true; uploadId: string; difference: RecordDifference; rowCount: number } | { ok: false; errors: UploadError[] };

/**
 * Validates an uploaded participant file against the project's Laufzeit. A file with any error
 * stores nothing and returns every error with its line. A valid file is kept server-side as a
 * pending upload (with the difference against the current records) until it is confirmed or
 * discarded; that staging is audited (counts only). Checks `participants.upload` (own district).
 */
export async function stageParticipantUpload(database: AppDatabase, actor: Actor, project: Project, file: { fileName: string; bytes: Uint8Array }): Promise<StageResult> {
  authorize(actor, 'participants.upload', { ags: project.ags });
  const result = await validateParticipantUpload(file.bytes, checkPeriod(project));
  if (!result.ok) return { ok: false, errors: result.errors };
  return database.db.transaction(async (tx) => {
    await tx.delete(participantUploads).where(lt(participantUploads.createdAt, sql`now() - make_interval(hours => ${PENDING_UPLOAD_HOURS})`));
    const state = await getRecordSetState(tx, project.id);
    const difference = diffRecords(await loadAllRecords(tx, project.id), result.rows);
    const uploadId = randomUUID();
    await tx.insert(participantUploads).values({ id: uploadId, projectId: project.id, baseVersion: state.version, fileName: file.fileName, rowCount: result.rows.length, rows: result.rows, createdBy: actor.userId });
    await recordAuditEvent(tx, {
      actorId: actor.userId,
      action: 'participants.upload.stage',
      recordType: 'project',
      recordId: project.id,
      before: { version: state.version, records: state.recordCount },
      after: { upload: uploadId, fileName: file.fileName, records: result.rows.length, added: difference.added.length, changed: difference.changed.length, removed: difference.removed.length },
    });
    return { ok: true as const, uploadId, difference, rowCount: result.rows.length };
  });
}
