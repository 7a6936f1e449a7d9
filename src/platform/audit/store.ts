import { and, asc, desc, eq, gt, gte, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { chainEvent, GENESIS_HASH, type ChainedAuditEvent, type ChainVerification, type JsonValue, verifyChain } from './chain';
import { auditChainHead, auditEvents } from './tables';

/** What a change records; `before`/`after` are JSON snapshots of the record (null when absent). */
export interface AuditEventInput {
  /**
   * The acting user's id (`users.id`), or null for the system itself (start-up seeding, the
   * command line without a user account). Stored as text: the hashed chain format predates it.
   */
  actorId: number | null;
  /** Verb-first action name: "agreement.transition", "user.create", "session.login". */
  action: string;
  recordType: string;
  recordId: string | number | null;
  before?: unknown;
  after?: unknown;
}

export type AuditEvent = ChainedAuditEvent;

/** Turns values into plain JSON (Dates → ISO strings, undefined keys dropped) before hashing. */
function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

function toEvent(row: typeof auditEvents.$inferSelect): AuditEvent {
  return {
    sequence: row.sequence,
    at: row.at.toISOString(),
    actorId: row.actorId,
    action: row.action,
    recordType: row.recordType,
    recordId: row.recordId,
    before: (row.before ?? null) as JsonValue,
    after: (row.after ?? null) as JsonValue,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/**
 * Appends one hash-chained event IN THE GIVEN TRANSACTION (pass the transaction of the change it
 * records, so both commit or neither). Concurrent writers queue on the chain-head row
 * (SELECT … FOR UPDATE), so the chain never forks; the lock is held until the transaction ends.
 */
export async function recordAuditEvent(tx: Executor, input: AuditEventInput): Promise<AuditEvent> {
  // The head row is created once; ON CONFLICT makes concurrent first writers safe.
  await tx.insert(auditChainHead).values({ id: 1, sequence: 0, hash: GENESIS_HASH }).onConflictDoNothing();
  const [head] = await tx.select().from(auditChainHead).where(eq(auditChainHead.id, 1)).for('update');
  if (!head) throw new Error('Audit-Kettenkopf fehlt');
  // Millisecond precision survives timestamptz unchanged, so the hashed ISO string can be re-derived.
  const at = new Date();
  const event = chainEvent(head.sequence === 0 ? null : { sequence: head.sequence, hash: head.hash }, {
    at: at.toISOString(),
    actorId: input.actorId === null ? null : String(input.actorId),
    action: input.action,
    recordType: input.recordType,
    recordId: input.recordId === null ? null : String(input.recordId),
    before: toJson(input.before),
    after: toJson(input.after),
  });
  await tx.insert(auditEvents).values({
    sequence: event.sequence,
    at,
    actorId: event.actorId,
    action: event.action,
    recordType: event.recordType,
    recordId: event.recordId,
    // jsonb null and SQL NULL both read back as null; SQL NULL keeps the column honest.
    before: event.before === null ? null : event.before,
    after: event.after === null ? null : event.after,
    prevHash: event.prevHash,
    hash: event.hash,
  });
  await tx.update(auditChainHead).set({ sequence: event.sequence, hash: event.hash }).where(eq(auditChainHead.id, 1));
  return event;
}

/** The history of one record, oldest first (e.g. the per-agreement history page). */
export async function findAuditEvents(db: Executor, filter: { recordType: string; recordId: string | number }): Promise<AuditEvent[]> {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.recordType, filter.recordType), eq(auditEvents.recordId, String(filter.recordId))))
    .orderBy(asc(auditEvents.sequence));
  return rows.map(toEvent);
}

/** Which events the audit log shows; every part optional, all given parts must hold. */
export interface AuditFilter {
  recordType?: string;
  recordId?: string;
  /** A user id, or 'system' for events without a person. */
  actor?: number | 'system';
  /** An exact action ("agreement.publish") or a prefix ending in "." ("agreement."). */
  action?: string;
  /** Inclusive ISO dates (YYYY-MM-DD), compared in UTC. */
  from?: string;
  to?: string;
}

function filterConditions(filter: AuditFilter) {
  const conditions = [];
  if (filter.recordType) conditions.push(eq(auditEvents.recordType, filter.recordType));
  if (filter.recordId) conditions.push(eq(auditEvents.recordId, filter.recordId));
  if (filter.actor === 'system') conditions.push(isNull(auditEvents.actorId));
  else if (filter.actor !== undefined) conditions.push(eq(auditEvents.actorId, String(filter.actor)));
  if (filter.action) {
    conditions.push(filter.action.endsWith('.') ? sql`starts_with(${auditEvents.action}, ${filter.action})` : eq(auditEvents.action, filter.action));
  }
  if (filter.from) conditions.push(gte(auditEvents.at, new Date(`${filter.from}T00:00:00.000Z`)));
  if (filter.to) conditions.push(lt(auditEvents.at, new Date(new Date(`${filter.to}T00:00:00.000Z`).getTime() + 86_400_000)));
  return conditions;
}

/**
 * The newest events of the whole trail matching the filter, newest first (admin view), paged by
 * sequence: `beforeSequence` continues below the last event of the previous page.
 */
export async function findRecentAuditEvents(db: Executor, options: { limit?: number; beforeSequence?: number; filter?: AuditFilter } = {}): Promise<AuditEvent[]> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 10_000);
  const conditions = filterConditions(options.filter ?? {});
  if (options.beforeSequence !== undefined) conditions.push(lt(auditEvents.sequence, options.beforeSequence));
  const rows = await db
    .select()
    .from(auditEvents)
    .where(conditions.length === 0 ? undefined : and(...conditions))
    .orderBy(desc(auditEvents.sequence))
    .limit(limit);
  return rows.map(toEvent);
}

const PAGE = 1000;

/**
 * Verifies the whole chain page by page against the stored head (which also catches rows deleted
 * at the end). Returns the count or the first broken sequence with a German reason. Never throws
 * for tampered data.
 */
export async function verifyAuditChain(db: Executor): Promise<ChainVerification> {
  const [head] = await db.select().from(auditChainHead).where(eq(auditChainHead.id, 1));
  let start: { sequence: number; hash: string } | undefined;
  let count = 0;
  let lastSeen = 0;
  for (;;) {
    const rows = await db.select().from(auditEvents).where(gt(auditEvents.sequence, lastSeen)).orderBy(asc(auditEvents.sequence)).limit(PAGE);
    if (rows.length === 0) break;
    const events = rows.map(toEvent);
    const result = verifyChain(events, start ? { start } : {});
    if (!result.ok) return result;
    count += result.count;
    const last = events[events.length - 1] as AuditEvent;
    start = { sequence: last.sequence, hash: last.hash };
    lastSeen = last.sequence;
  }
  if (head && head.sequence > 0) {
    const end = verifyChain([], { start: start ?? { sequence: 0, hash: GENESIS_HASH }, expectedHead: { sequence: head.sequence, hash: head.hash } });
    if (!end.ok) return end;
  }
  return { ok: true, count, headHash: start?.hash ?? GENESIS_HASH };
}
