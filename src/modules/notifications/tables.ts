import { boolean, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { outboxMails } from '../../platform/outbox/tables';
import { users } from '../access/tables';

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
