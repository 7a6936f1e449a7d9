import { boolean, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { MailAttachment } from '../../platform/mail';
import { users } from '../access/tables';

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

/** Per account: reminder days before a deadline and whether they come as one daily digest. */
export const reminderSettings = pgTable('reminder_settings', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  enabled: boolean('enabled').notNull().default(true),
  /** Days before the deadline, descending, e.g. {7,1}. */
  offsetDays: integer('offset_days').array().notNull(),
  dailyDigest: boolean('daily_digest').notNull().default(false),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One row per reminder ever enqueued: (account, calendar entry, offset) at most once. */
export const reminderLog = pgTable(
  'reminder_log',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    entryId: text('entry_id').notNull(),
    offsetDays: integer('offset_days').notNull(),
    outboxId: integer('outbox_id').references(() => outboxMails.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.entryId, t.offsetDays] })],
);
