import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { MailAttachment } from '../mail';

/**
 * The outbox: every mail is written here in the transaction of the event that causes it; the
 * worker sends it later (retry with exponential backoff). `status`: wartend → gesendet, or
 * fehlgeschlagen after the last attempt. `dedupe_key` makes enqueueing idempotent; the Message-ID
 * is derived from `id`, so a repeated delivery carries the same Message-ID.
 */
export const outboxMails = pgTable(
  'outbox_mails',
  {
    id: serial('id').primaryKey(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    bodyHtml: text('body_html'),
    /** Files sent with the mail (e.g. an iCal invitation), content base64-encoded; empty for most mails. */
    attachments: jsonb('attachments').$type<MailAttachment[]>().notNull().default([]),
    /** What caused the mail, e.g. `erinnerung` or `tagesuebersicht` (for the admin list). */
    kind: text('kind').notNull(),
    dedupeKey: text('dedupe_key'),
    status: text('status', { enum: ['wartend', 'gesendet', 'fehlgeschlagen'] }).notNull().default('wartend'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [uniqueIndex('outbox_mails_dedupe').on(t.dedupeKey), index('outbox_mails_due').on(t.status, t.nextAttemptAt)],
);
