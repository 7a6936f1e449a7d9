import type { AppDatabase } from '../../../platform/db/client';
import type { Project } from '../../projects/schema';
import type { RecordDifference } from '../records';
import { checkPeriod } from '../records';
import { type UploadError, validateParticipantUpload } from '../upload';
import { replaceParticipantRecords } from './replace-records';
import type { ParticipantWriter } from './who';

/**
 * The command line's import: the same validation as the upload page, then the replacement at
 * once (no confirmation step; the difference is printed afterwards). Any error saves nothing.
 */
export async function importParticipantFile(
  database: AppDatabase,
  who: ParticipantWriter,
  project: Project,
  file: { fileName: string; bytes: Uint8Array },
): Promise<{ ok: true; version: number; records: number; difference: RecordDifference } | { ok: false; errors: UploadError[] }> {
  const result = await validateParticipantUpload(file.bytes, checkPeriod(project));
  if (!result.ok) return { ok: false, errors: result.errors };
  const { version, difference } = await database.db.transaction((tx) => replaceParticipantRecords(tx, who, project, result.rows, { fileName: file.fileName }));
  return { ok: true, version, records: result.rows.length, difference };
}
