import { eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { Executor } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { authorize } from '../../access/policy';
import type { Project } from '../../projects/schema';
import { refreshProjectAggregates } from '../aggregates';
import { diffRecords, getRecordSetState, loadAllRecords, type RecordDifference } from '../records';
import type { ParticipantRecord } from '../records-schema';
import { participantRecords, participantRecordSets } from '../tables';
import type { ParticipantWriter } from './who';

/** Rows per INSERT: one JSON parameter each, so the parameter limit never matters. */
const INSERT_CHUNK = 5000;

/** Inserts validated records through one jsonb parameter per chunk (fast on PGlite and PostgreSQL). */
export async function insertRecords(tx: Executor, projectId: number, rows: readonly ParticipantRecord[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = JSON.stringify(rows.slice(i, i + INSERT_CHUNK));
    await tx.execute(sql`
      insert into participant_records (project_id, kennung, entry_date, exit_date, gender, birth_year, legal_sphere, employment_status, isced, disability, migration_background, part_time_training, outcome)
      select ${projectId}, x."kennung", x."entryDate", x."exitDate", x."gender", x."birthYear", x."legalSphere", x."employmentStatus", x."isced", x."disability", x."migrationBackground", x."partTimeTraining", x."outcome"
      from jsonb_to_recordset(${chunk}::jsonb) as x("kennung" text, "entryDate" date, "exitDate" date, "gender" text, "birthYear" smallint, "legalSphere" text, "employmentStatus" text, "isced" text, "disability" text, "migrationBackground" text, "partTimeTraining" text, "outcome" text)`);
  }
}

/**
 * Replaces ALL participant records of a project by `rows` (already validated by the upload core)
 * in the caller's transaction, raises the record set's version and writes one audit event with
 * the counts (never the rows: the trail must not copy special-category data). With
 * `expectedVersion`, a record set replaced in between is a CONFLICT and nothing changes.
 * Checks `participants.upload` for a signed-in actor; `actor: null` is the command line.
 */
export async function replaceParticipantRecords(
  tx: Executor,
  who: ParticipantWriter,
  project: Pick<Project, 'id' | 'ags' | 'year' | 'key' | 'measureType'>,
  rows: readonly ParticipantRecord[],
  meta: { fileName: string; expectedVersion?: number },
): Promise<{ version: number; difference: RecordDifference }> {
  if (who.actor !== null) authorize(who.actor, 'participants.upload', { ags: project.ags });
  // Serialises replacements of one project: the second waits here and then sees the new version.
  await tx.insert(participantRecordSets).values({ projectId: project.id }).onConflictDoNothing();
  await tx.execute(sql`select 1 from participant_record_sets where project_id = ${project.id} for update`);
  const state = await getRecordSetState(tx, project.id);
  if (meta.expectedVersion !== undefined && meta.expectedVersion !== state.version) {
    throw new AppError('CONFLICT', 'Die Teilnehmendendaten dieses Projekts wurden inzwischen durch einen anderen Upload ersetzt. Bitte prüfen Sie den aktuellen Stand und laden Sie Ihre Datei erneut hoch.', {
      details: { expectedVersion: meta.expectedVersion, currentVersion: state.version },
    });
  }
  const difference = diffRecords(await loadAllRecords(tx, project.id), rows);
  await tx.delete(participantRecords).where(eq(participantRecords.projectId, project.id));
  await insertRecords(tx, project.id, rows);
  await refreshProjectAggregates(tx, project, rows);
  const version = state.version + 1;
  await tx
    .update(participantRecordSets)
    .set({ version, recordCount: rows.length, replacedAt: new Date(), replacedBy: who.actor?.userId ?? null, fileName: meta.fileName })
    .where(eq(participantRecordSets.projectId, project.id));
  await recordAuditEvent(tx, {
    actorId: who.actor?.userId ?? null,
    action: 'participants.replace',
    recordType: 'project',
    recordId: project.id,
    before: { version: state.version, records: state.recordCount },
    after: {
      version,
      records: rows.length,
      fileName: meta.fileName,
      added: difference.added.length,
      changed: difference.changed.length,
      removed: difference.removed.length,
      ...(who.via ? { via: who.via } : {}),
    },
  });
  return { version, difference };
}
