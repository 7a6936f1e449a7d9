// The transactional mail outbox (docs/decisions/0031): infrastructure every module may write to in its own transaction.
import { and, asc, count, desc, eq, lte, sql } from 'drizzle-orm';
import type { AppDatabase, Executor } from '../db/client';
import type { MailAttachment, MailTransport } from '../mail';
import { counter, registerGauge } from '../metrics';
import { outboxMails } from './tables';

export type OutboxStatus = 'wartend' | 'gesendet' | 'fehlgeschlagen';
export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = { wartend: 'wartend', gesendet: 'gesendet', fehlgeschlagen: 'fehlgeschlagen' };

/** Attempts before a mail is `fehlgeschlagen` (about 1 + 2 + … + 128 minutes ≈ 4 hours of retries). */
export const MAX_ATTEMPTS = 8;
/** The first retry waits this long; every further one twice as long (capped at 6 hours). */
export const BASE_DELAY_MS = 60_000;
const MAX_DELAY_MS = 6 * 60 * 60 * 1000;

/** The wait after the n-th failed attempt (n ≥ 1): BASE · 2^(n−1), at most 6 hours. */
export function backoffMs(failedAttempts: number, baseMs = BASE_DELAY_MS): number {
  return Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, failedAttempts - 1));
}

export interface NewMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  kind: string;
  /** Same key → enqueued once (ON CONFLICT DO NOTHING). */
  dedupeKey?: string;
  /** Files to send with the mail (an .ics invitation). */
  attachments?: MailAttachment[];
}

/**
 * Writes a mail into the outbox in the caller's transaction (the one of the causing event); returns
 * its id, or null when a mail with the same dedupe key already exists.
 */
export async function enqueueMail(tx: Executor, mail: NewMail): Promise<number | null> {
  const rows = await tx
    .insert(outboxMails)
    .values({ recipient: mail.to, subject: mail.subject, bodyText: mail.text, bodyHtml: mail.html ?? null, kind: mail.kind, dedupeKey: mail.dedupeKey ?? null, attachments: mail.attachments ?? [] })
    .onConflictDoNothing({ target: outboxMails.dedupeKey })
    .returning({ id: outboxMails.id });
  return rows[0]?.id ?? null;
}

/** The Message-ID of an outbox row: the same on every attempt. */
export function messageIdFor(id: number, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)/.exec(from)?.[1] ?? 'aqb-steuerung.invalid';
  return `<aqb-outbox-${id}@${domain}>`;
}

const sentTotal = counter('aqb_mail_sent_total', 'Mails delivered to the mail server.');
const failedAttemptsTotal = counter('aqb_mail_send_failures_total', 'Failed delivery attempts (each retry counts).');
let lastCounts = { wartend: 0, fehlgeschlagen: 0 };
registerGauge({ name: 'aqb_mail_outbox_pending', help: 'Mails waiting in the outbox (as of the last worker run or admin page view).', read: () => [{ value: lastCounts.wartend }] });
registerGauge({ name: 'aqb_mail_outbox_failed', help: 'Mails given up after the last attempt (as of the last worker run).', read: () => [{ value: lastCounts.fehlgeschlagen }] });

/** Counts per state (also refreshes the /metrics gauges). */
export async function countOutbox(db: Executor): Promise<Record<OutboxStatus, number>> {
  const rows = await db.select({ status: outboxMails.status, n: count() }).from(outboxMails).groupBy(outboxMails.status);
  const counts: Record<OutboxStatus, number> = { wartend: 0, gesendet: 0, fehlgeschlagen: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  lastCounts = { wartend: counts.wartend, fehlgeschlagen: counts.fehlgeschlagen };
  return counts;
}

export interface ProcessOptions {
  from: string;
  now?: () => Date;
  maxAttempts?: number;
  baseDelayMs?: number;
  /** At most this many mails per run. */
  limit?: number;
}

/**
 * How long a taken mail is reserved for the worker that took it: longer than an SMTP attempt can
 * last (the transport times out after 30 s), so nobody else takes it meanwhile.
 */
export const LEASE_MS = 5 * 60 * 1000;

/**
 * Sends due mails one by one. Each is taken in a short transaction with `FOR UPDATE SKIP LOCKED`:
 * the attempt is counted and the row reserved (`next_attempt_at` = now + LEASE_MS) before the
 * commit, so two workers (processes) never take the same row, and no transaction stays open while
 * the SMTP server is asked (the embedded database has one connection for everything). Then the
 * result is written: `gesendet`, or the error with the next attempt after exponential backoff;
 * after `maxAttempts` the mail is `fehlgeschlagen`. A process that dies between the server's
 * acceptance and that write leaves the row reserved; after the lease it is sent again with the
 * same Message-ID (at-least-once; receivers drop the repeat by Message-ID).
 */
export async function processOutbox(database: AppDatabase, transport: MailTransport, options: ProcessOptions): Promise<{ sent: number; failed: number }> {
  const now = options.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const limit = options.limit ?? 100;
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < limit; i++) {
    const row = await database.db.transaction(async (tx) => {
      const [due] = await tx
        .select({ id: outboxMails.id })
        .from(outboxMails)
        .where(and(eq(outboxMails.status, 'wartend'), lte(outboxMails.nextAttemptAt, now())))
        .orderBy(asc(outboxMails.nextAttemptAt), asc(outboxMails.id))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!due) return null;
      const [taken] = await tx
        .update(outboxMails)
        .set({ attempts: sql`${outboxMails.attempts} + 1`, nextAttemptAt: new Date(now().getTime() + LEASE_MS), version: sql`${outboxMails.version} + 1` })
        .where(eq(outboxMails.id, due.id))
        .returning();
      return taken ?? null;
    });
    if (!row) break;
    // Written only if nobody touched the row since it was taken (e.g. an administrator's retry).
    const mine = and(eq(outboxMails.id, row.id), eq(outboxMails.version, row.version));
    try {
      await transport.send({ from: options.from, to: row.recipient, subject: row.subject, text: row.bodyText, ...(row.bodyHtml ? { html: row.bodyHtml } : {}), ...(row.attachments.length ? { attachments: row.attachments } : {}), messageId: messageIdFor(row.id, options.from) });
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
      const giveUp = row.attempts >= maxAttempts;
      await database.db
        .update(outboxMails)
        .set({ lastError: message, status: giveUp ? 'fehlgeschlagen' : 'wartend', nextAttemptAt: new Date(now().getTime() + backoffMs(row.attempts, options.baseDelayMs)), version: sql`${outboxMails.version} + 1` })
        .where(mine);
      failedAttemptsTotal.inc();
      failed++;
      continue;
    }
    await database.db.update(outboxMails).set({ status: 'gesendet', sentAt: now(), lastError: null, version: sql`${outboxMails.version} + 1` }).where(mine);
    sentTotal.inc();
    sent++;
  }
  await countOutbox(database.db);
  return { sent, failed };
}

export interface OutboxRow {
  id: number;
  recipient: string;
  subject: string;
  kind: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  version: number;
}

/** One page of the outbox, newest first; `status` filters. */
export async function findOutboxPage(db: Executor, options: { page: number; pageSize: number; status?: OutboxStatus }): Promise<{ rows: OutboxRow[]; total: number }> {
  const where = options.status ? eq(outboxMails.status, options.status) : undefined;
  const [totalRow] = await db.select({ n: count() }).from(outboxMails).where(where);
  const rows = await db
    .select({ id: outboxMails.id, recipient: outboxMails.recipient, subject: outboxMails.subject, kind: outboxMails.kind, status: outboxMails.status, attempts: outboxMails.attempts, nextAttemptAt: outboxMails.nextAttemptAt, lastError: outboxMails.lastError, createdAt: outboxMails.createdAt, sentAt: outboxMails.sentAt, version: outboxMails.version })
    .from(outboxMails)
    .where(where)
    .orderBy(desc(outboxMails.createdAt), desc(outboxMails.id))
    .limit(options.pageSize)
    .offset((options.page - 1) * options.pageSize);
  return { rows, total: Number(totalRow?.n ?? 0) };
}

/** One outbox row or null. */
export async function findOutboxMail(db: Executor, id: number): Promise<OutboxRow | null> {
  if (!Number.isSafeInteger(id)) return null;
  const [row] = await db.select().from(outboxMails).where(eq(outboxMails.id, id));
  return row ?? null;
}
