import { eq, lt, sql } from 'drizzle-orm';
import { PENDING_UPLOAD_HOURS } from '../records';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { AppDatabase } from '../../../platform/db/client';
import { participantRecords, participantRecordSets, participantUploads } from '../tables';

/**
 * Key of the transaction advisory lock of the retention run: with several app processes on one
 * PostgreSQL database (each runs retention at start and daily), only one deletes; the others skip.
 */
export const RETENTION_LOCK_KEY = 4_711_0014;

/** The retention period's default: records go at the end of the fifth year after the project's end. */
export const DEFAULT_RETENTION_YEARS = 5;

export interface RetentionDeletion {
  projectId: number;
  year: number;
  ags: string;
  key: string;
  /** The project's end (or, without one, the end of its AQB year) the period counts from. */
  endedOn: string;
  records: number;
}

/**
 * Deletes the participant records of every project whose retention period is over on `today`:
 * the project ended (its `ends_on`, else the end of its AQB year) in a year Y, and `today` lies
 * after 31 December of Y + `retentionYears`. The stored aggregates (counts, running totals of
 * entries and exits) are not touched, so the statistics and everything published before stay. One transaction and one audit
 * event (`participants.retention.delete`, actor = the system) per project. Idempotent. Also
 * deletes pending uploads older than a day (one `participants.upload.expire` event).
 *
 * The whole run is one transaction holding `pg_try_advisory_xact_lock(RETENTION_LOCK_KEY)`: when
 * another process runs it at the same moment, this run deletes nothing and returns [] (skipped);
 * the lock ends with the transaction.
 */
export async function deleteExpiredParticipantRecords(database: AppDatabase, options: { today: string; retentionYears?: number; via?: string }): Promise<RetentionDeletion[]> {
  const years = options.retentionYears ?? DEFAULT_RETENTION_YEARS;
  return database.db.transaction(async (tx) => {
    const [lock] = ((await tx.execute(sql`select pg_try_advisory_xact_lock(${RETENTION_LOCK_KEY}) as locked`)) as unknown as { rows: { locked: boolean }[] }).rows;
    if (!lock?.locked) return [];
    // Validated uploads nobody confirmed within a day hold people's data for nothing: gone, audited.
    {
      const stale = await tx.delete(participantUploads).where(lt(participantUploads.createdAt, sql`now() - make_interval(hours => ${PENDING_UPLOAD_HOURS})`)).returning({ id: participantUploads.id, projectId: participantUploads.projectId });
      if (stale.length) {
        await recordAuditEvent(tx, { actorId: null, action: 'participants.upload.expire', recordType: 'participant_upload', recordId: null, before: { uploads: stale.length, projects: [...new Set(stale.map((s) => s.projectId))] }, after: null });
      }
    }
    const todayYear = Number(options.today.slice(0, 4));
    const due = (
      (await tx.execute(sql`
        select p.id, p.year, p.ags, p.key, coalesce(p.ends_on, make_date(p.year, 12, 31))::text as ended_on
        from projects p
        where extract(year from coalesce(p.ends_on, make_date(p.year, 12, 31)))::int + ${years} < ${todayYear}
          and exists (select 1 from participant_records r where r.project_id = p.id)
        order by p.id`)) as unknown as { rows: { id: number; year: number; ags: string; key: string; ended_on: string }[] }
    ).rows;
    const deleted: RetentionDeletion[] = [];
    for (const project of due) {
      const projectId = Number(project.id);
      const result = await (async () => {
        await tx.insert(participantRecordSets).values({ projectId }).onConflictDoNothing();
        await tx.execute(sql`select 1 from participant_record_sets where project_id = ${projectId} for update`);
        const [found] = ((await tx.execute(sql`select count(*)::int as n from participant_records where project_id = ${projectId}`)) as unknown as { rows: { n: number }[] }).rows;
        const records = Number(found?.n ?? 0);
        if (records === 0) return null;
        // The stored counts and running totals (aggregates.ts) stay: statistics and publications keep them.
        await tx.delete(participantRecords).where(eq(participantRecords.projectId, projectId));
        await tx.delete(participantUploads).where(eq(participantUploads.projectId, projectId));
        await tx
          .update(participantRecordSets)
          .set({ recordCount: 0, version: sql`${participantRecordSets.version} + 1`, retentionDeletedAt: new Date() })
          .where(eq(participantRecordSets.projectId, projectId));
        await recordAuditEvent(tx, {
          actorId: null,
          action: 'participants.retention.delete',
          recordType: 'project',
          recordId: projectId,
          before: { records },
          after: { records: 0, endedOn: project.ended_on, retentionYears: years, ...(options.via ? { via: options.via } : {}) },
        });
        return records;
      })();
      if (result !== null) deleted.push({ projectId, year: Number(project.year), ags: project.ags, key: project.key, endedOn: project.ended_on, records: result });
    }
    return deleted;
  });
}
