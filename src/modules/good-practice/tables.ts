import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { tsvector } from '../../platform/db/types';
import { users } from '../access/tables';
import { projects } from '../projects/tables';
import { GOOD_PRACTICE_ORIGINS, GOOD_PRACTICE_STATUSES, GOOD_PRACTICE_TARGET_GROUPS } from './schema';

/**
 * A project (from the project records; never a copy) marked as good practice, or proposed by its
 * district. One entry per project. The public catalogue shows `aufgenommen` ones.
 */
export const goodPracticeEntries = pgTable(
  'good_practice_entries',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .unique('good_practice_entries_project')
      .references(() => projects.id, { onDelete: 'cascade' }),
    status: text('status', { enum: GOOD_PRACTICE_STATUSES }).notNull(),
    origin: text('origin', { enum: GOOD_PRACTICE_ORIGINS }).notNull(),
    summary: text('summary').notNull(),
    targetGroup: text('target_group', { enum: GOOD_PRACTICE_TARGET_GROUPS }).notNull(),
    /** A functional contact (office, shared address, phone), public in the catalogue. */
    contact: text('contact').notNull(),
    /** The ministry's reason for declining or withdrawing (the district sees it). */
    decisionReason: text('decision_reason').notNull().default(''),
    /** German full text of the entry's own text; the project's title is added at query time (it stays in the project record). */
    searchVector: tsvector('search_vector').generatedAlwaysAs(sql`to_tsvector('german'::regconfig, coalesce(summary, ''))`),
    version: integer('version').notNull().default(1),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('good_practice_entries_status').on(t.status), index('good_practice_entries_search').using('gin', t.searchVector)],
);
