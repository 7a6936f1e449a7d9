import { sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { AppDatabase } from '../../../platform/db/client';

/**
 * Key of the transaction advisory lock of the conferences' retention run (participants use
 * 4_711_0014): with several app processes on one PostgreSQL database only one deletes at a time.
 */
export const EVENT_RETENTION_LOCK_KEY = 4_711_0016;

export interface EventRetentionDeletion {
  eventId: number;
  endedOn: string;
  names: number;
  needs: number;
}

/**
 * Deletes the personal data of every conference that ended more than a year before `today`
 * (Europe/Berlin days): the names and roles of the registered people and the needs texts. The
 * numbers of people stay (for the statistics of § 7). One audit event `event.retention.delete`
 * (actor: the system) per conference; idempotent (`personal_data_deleted_at`). The run holds
 * `pg_try_advisory_xact_lock`: when another process runs at the same moment this one deletes
 * nothing and returns [].
 */
export async function deleteExpiredEventPersonalData(database: AppDatabase, options: { today: string; via?: string }): Promise<EventRetentionDeletion[]> {
  return database.db.transaction(async (tx) => {
    const [lock] = ((await tx.execute(sql`select pg_try_advisory_xact_lock(${EVENT_RETENTION_LOCK_KEY}) as locked`)) as unknown as { rows: { locked: boolean }[] }).rows;
    if (!lock?.locked) return [];
    const due = (
      (await tx.execute(sql`
        select e.id, (e.ends_at at time zone 'Europe/Berlin')::date::text as ended_on
        from events e
        where e.personal_data_deleted_at is null
          and ((e.ends_at at time zone 'Europe/Berlin')::date + interval '1 year')::date < ${options.today}::date
        order by e.id
        for update`)) as unknown as { rows: { id: number; ended_on: string }[] }
    ).rows;
    const deleted: EventRetentionDeletion[] = [];
    for (const event of due) {
      const eventId = Number(event.id);
      const [names] = ((await tx.execute(sql`
        with gone as (delete from event_registration_people p using event_registrations r where r.id = p.registration_id and r.event_id = ${eventId} returning p.id)
        select count(*)::int as n from gone`)) as unknown as { rows: { n: number }[] }).rows;
      const [needs] = ((await tx.execute(sql`
        with gone as (update event_registrations set needs = '' where event_id = ${eventId} and needs <> '' returning id)
        select count(*)::int as n from gone`)) as unknown as { rows: { n: number }[] }).rows;
      await tx.execute(sql`update events set personal_data_deleted_at = now() where id = ${eventId}`);
      const entry = { eventId, endedOn: event.ended_on, names: Number(names?.n ?? 0), needs: Number(needs?.n ?? 0) };
      await recordAuditEvent(tx, {
        actorId: null,
        action: 'event.retention.delete',
        recordType: 'event',
        recordId: eventId,
        before: { names: entry.names, needs: entry.needs },
        after: { names: 0, needs: 0, endedOn: entry.endedOn, ...(options.via ? { via: options.via } : {}) },
      });
      deleted.push(entry);
    }
    return deleted;
  });
}
