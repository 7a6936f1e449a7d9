import { index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../access/tables';

/**
 * Personal iCal feed tokens (/kalender/ical/:token.ics). Only the SHA-256 hash of the token is
 * stored; `hint` (the first characters) lets the owner recognise it. A revoked token answers 404.
 */
export const calendarFeedTokens = pgTable(
  'calendar_feed_tokens',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    hint: text('hint').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('calendar_feed_tokens_hash').on(t.tokenHash), index('calendar_feed_tokens_user').on(t.userId)],
);
