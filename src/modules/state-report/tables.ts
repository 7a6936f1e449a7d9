import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, serial, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea } from '../../platform/db/types';
import { users } from '../access/tables';
import { budgetYears } from '../budget-years/tables';
import { type ChapterKey, type ReportContent, STATE_REPORT_STATUSES } from './schema';

/**
 * The Landesbericht: one row per version of a year's report. A draft holds only the texts (the
 * figures are generated when it is rendered); a release freezes the content snapshot and the three
 * files with their SHA-256. A correction is a new version; at most one draft per year.
 */
export const stateReports = pgTable(
  'state_reports',
  {
    id: serial('id').primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year),
    versionNo: integer('version_no').notNull(),
    status: text('status', { enum: STATE_REPORT_STATUSES }).notNull().default('entwurf'),
    foreword: text('foreword').notNull().default(''),
    commentary: jsonb('commentary').$type<Partial<Record<ChapterKey, string>>>().notNull().default({}),
    content: jsonb('content').$type<ReportContent>(),
    pdf: bytea('pdf'),
    docx: bytea('docx'),
    html: bytea('html'),
    pdfSha256: text('pdf_sha256'),
    docxSha256: text('docx_sha256'),
    htmlSha256: text('html_sha256'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    releasedBy: integer('released_by').references(() => users.id, { onDelete: 'set null' }),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    /** Released while demo records were loaded: removed with the demo data (AQB_DEMO=0). */
    isDemo: boolean('is_demo').notNull().default(false),
  },
  (t) => [
    unique('state_reports_year_version').on(t.year, t.versionNo),
    index('state_reports_year').on(t.year),
    uniqueIndex('state_reports_one_draft').on(t.year).where(sql`${t.status} = 'entwurf'`),
    check('state_reports_released', sql`(${t.status} = 'freigegeben') = (${t.content} is not null and ${t.pdf} is not null and ${t.docx} is not null and ${t.html} is not null and ${t.releasedAt} is not null)`),
  ],
);
