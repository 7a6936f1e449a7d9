import { integer, jsonb, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { budgetYears } from '../budget-years/tables';
import { users } from '../access/tables';

/**
 * The standard text of an AQB year (Präambel, § 1–§ 7, labels), versioned: an edit inserts a new
 * version, nothing is ever overwritten, so an agreement can name the version it was rendered from
 * (agreement_versions.template_version_id). `content` is YearTemplateContent, checked by zod on
 * read and write.
 */
export const agreementTemplates = pgTable(
  'agreement_templates',
  {
    id: serial('id').primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year),
    version: integer('version').notNull(),
    content: jsonb('content').notNull(),
    /** Change note shown in the history ("Standardvorlage", "§ 2 Satz 2 an neue Förderrichtlinie angepasst"). */
    note: text('note').notNull(),
    /** User id of the editor; null for seeded versions and until accounts exist. */
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('agreement_templates_year_version').on(t.year, t.version)],
);
