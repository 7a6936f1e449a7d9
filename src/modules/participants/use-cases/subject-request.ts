import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { AppDatabase, Executor } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { authorize, type Actor } from '../../access/policy';
import { KENNUNG_PATTERN, type ParticipantRecord } from '../records-schema';
import { participantRecords, participantRecordSets, participantUploads } from '../tables';
import { refreshProjectAggregates } from '../aggregates';
import { loadAllRecords } from '../records';

export interface KennungRecord {
  projectId: number;
  year: number;
  projectKey: string;
  projectTitle: string;
  record: ParticipantRecord;
}

/** The Kennung as typed, checked (German message) — matched ignoring case, like the upload does. */
export function parseKennung(value: string | undefined): string {
  const kennung = (value ?? '').trim();
  if (!KENNUNG_PATTERN.test(kennung)) throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'kennung', message: 'Bitte geben Sie eine Kennung ein (1–40 Buchstaben, Ziffern oder - _ . /, ohne Leerzeichen).' }] });
  return kennung;
}

/**
 * The audit trail names a data subject only by this digest (district and Kennung): the trail is
 * append-only, so the Kennung itself must not be in it once its records are deleted.
 */
export function kennungDigest(ags: string, kennung: string): string {
  return createHash('sha256').update(`${ags}:${kennung.toLowerCase()}`).digest('hex');
}

async function findHistory(db: Executor, ags: string, kennung: string): Promise<KennungRecord[]> {
  const rows = (
    (await db.execute(sql`
      select r.project_id, p.year, p.key, p.title, r.kennung, r.entry_date::text as entry_date, r.exit_date::text as exit_date, r.gender, r.birth_year, r.legal_sphere,
             r.employment_status, r.isced, r.disability, r.migration_background, r.part_time_training, r.outcome
      from participant_records r join projects p on p.id = r.project_id
      where p.ags = ${ags} and lower(r.kennung) = ${kennung.toLowerCase()}
      order by p.year, p.key`)) as unknown as { rows: Record<string, string | number | null>[] }
  ).rows;
  return rows.map((r) => ({
    projectId: Number(r.project_id),
    year: Number(r.year),
    projectKey: String(r.key),
    projectTitle: String(r.title),
    record: {
      kennung: String(r.kennung),
      entryDate: String(r.entry_date),
      exitDate: r.exit_date === null ? null : String(r.exit_date),
      gender: r.gender as ParticipantRecord['gender'],
      birthYear: Number(r.birth_year),
      legalSphere: r.legal_sphere as ParticipantRecord['legalSphere'],
      employmentStatus: r.employment_status as ParticipantRecord['employmentStatus'],
      isced: r.isced as ParticipantRecord['isced'],
      disability: r.disability as ParticipantRecord['disability'],
      migrationBackground: r.migration_background as ParticipantRecord['migrationBackground'],
      partTimeTraining: r.part_time_training as ParticipantRecord['partTimeTraining'],
      outcome: r.outcome as ParticipantRecord['outcome'],
    },
  }));
}

/** How many records of the Kennung the district holds and in which projects (no values: those only through the audited export). */
export async function countKennungRecords(db: Executor, actor: Actor, ags: string, kennung: string): Promise<Array<{ year: number; projectKey: string; projectTitle: string }>> {
  authorize(actor, 'participants.subjectRequest', { ags });
  return (await findHistory(db, ags, kennung)).map(({ year, projectKey, projectTitle }) => ({ year, projectKey, projectTitle }));
}

/**
 * Every record of one Kennung in the district's projects, all years (a data subject's request for
 * access, Art. 15 GDPR), audited with the count and the Kennung's digest. Own district only.
 */
export async function exportKennungHistory(database: AppDatabase, actor: Actor, ags: string, kennung: string): Promise<KennungRecord[]> {
  authorize(actor, 'participants.subjectRequest', { ags });
  return database.db.transaction(async (tx) => {
    const history = await findHistory(tx, ags, kennung);
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'participants.subject.export', recordType: 'district', recordId: ags, before: null, after: { kennungSha256: kennungDigest(ags, kennung), records: history.length } });
    return history;
  });
}

/**
 * Deletes every record of one Kennung in the district's projects (Art. 17 GDPR) and the pending
 * uploads of those projects (they may hold it too), raises the projects' record-set versions (a
 * confirmation staged before is refused), audited with counts and the digest. Own district only.
 */
export async function deleteKennungHistory(database: AppDatabase, actor: Actor, ags: string, kennung: string): Promise<number> {
  authorize(actor, 'participants.subjectRequest', { ags });
  return database.db.transaction(async (tx) => {
    const history = await findHistory(tx, ags, kennung);
    const projectIds = [...new Set(history.map((h) => h.projectId))];
    for (const projectId of projectIds) {
      await tx.delete(participantRecords).where(and(eq(participantRecords.projectId, projectId), sql`lower(${participantRecords.kennung}) = ${kennung.toLowerCase()}`));
      const removed = history.filter((h) => h.projectId === projectId).length;
      await tx
        .update(participantRecordSets)
        .set({ recordCount: sql`${participantRecordSets.recordCount} - ${removed}`, version: sql`${participantRecordSets.version} + 1` })
        .where(eq(participantRecordSets.projectId, projectId));
    }
    if (projectIds.length) await tx.delete(participantUploads).where(inArray(participantUploads.projectId, projectIds));
    // The aggregates follow the records (the person no longer counts anywhere).
    for (const projectId of projectIds) {
      const [project] = ((await tx.execute(sql`select id, year, ags, measure_type from projects where id = ${projectId}`)) as unknown as { rows: { id: number; year: number; ags: string; measure_type: number }[] }).rows;
      if (project) await refreshProjectAggregates(tx, { id: Number(project.id), year: Number(project.year), ags: project.ags, measureType: Number(project.measure_type) as 1 | 2 | 3 | 4 }, await loadAllRecords(tx, projectId));
    }
    await recordAuditEvent(tx, {
      actorId: actor.userId,
      action: 'participants.subject.delete',
      recordType: 'district',
      recordId: ags,
      before: { records: history.length, projects: projectIds },
      after: { kennungSha256: kennungDigest(ags, kennung), records: 0 },
    });
    return history.length;
  });
}
