import { and, asc, count, desc, eq, lte, sql } from 'drizzle-orm';
import type { AppDatabase, Executor } from '../../platform/db/client';
import type { MailTransport } from '../../platform/mail';
import { counter, registerGauge } from '../../platform/metrics';
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
}

/**
 * Writes a mail into the outbox in the caller's transaction (the one of the causing event); returns
 * its id, or null when a mail with the same dedupe key already exists.
 */
export async function enqueueMail(tx: Executor, mail: NewMail): Promise<number | null> {
  const rows = await tx
    .insert(outboxMails)
    .values({ recipient: mail.to, subject: mail.subject, bodyText: mail.text, bodyHtml: mail.html ?? null, kind: mail.kind, dedupeKey: mail.dedupeKey ?? null })
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
 * Sends due mails one by one. Each is taken with `FOR UPDATE SKIP LOCKED` in its own transaction
 * and stays locked while the SMTP server is asked, so two workers (processes) never send the same
 * row; the new state is committed with the lock. A failure counts an attempt and schedules the next
 * one with exponential backoff; after `maxAttempts` the mail is `fehlgeschlagen`.
 */
export async function processOutbox(database: AppDatabase, transport: MailTransport, options: ProcessOptions): Promise<{ sent: number; failed: number }> {
  const now = options.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const limit = options.limit ?? 100;
  let sent = 0;
  let failed = 0;
  for (let i = 0; i < limit; i++) {
    const outcome = await database.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(outboxMails)
        .where(and(eq(outboxMails.status, 'wartend'), lte(outboxMails.nextAttemptAt, now())))
        .orderBy(asc(outboxMails.nextAttemptAt), asc(outboxMails.id))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!row) return 'empty' as const;
      const attempts = row.attempts + 1;
      try {
        await transport.send({ from: options.from, to: row.recipient, subject: row.subject, text: row.bodyText, ...(row.bodyHtml ? { html: row.bodyHtml } : {}), messageId: messageIdFor(row.id, options.from) });
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        const giveUp = attempts >= maxAttempts;
        await tx
          .update(outboxMails)
          .set({ attempts, lastError: message, status: giveUp ? 'fehlgeschlagen' : 'wartend', nextAttemptAt: new Date(now().getTime() + backoffMs(attempts, options.baseDelayMs)), version: sql`${outboxMails.version} + 1` })
          .where(eq(outboxMails.id, row.id));
        failedAttemptsTotal.inc();
        return 'failed' as const;
      }
      await tx.update(outboxMails).set({ attempts, status: 'gesendet', sentAt: now(), lastError: null, version: sql`${outboxMails.version} + 1` }).where(eq(outboxMails.id, row.id));
      sentTotal.inc();
      return 'sent' as const;
    });
    if (outcome === 'empty') break;
    if (outcome === 'sent') sent++;
    else failed++;
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
