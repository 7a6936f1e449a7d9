import { sql } from 'drizzle-orm';
import { bigint, boolean, char, check, date, index, integer, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { users } from '../access/tables';
import { budgetYears } from '../budget-years/tables';
import { districts } from '../districts/tables';
import { projects } from '../projects/tables';
import { DEVIATION_ASSESSMENTS, DEVIATION_ORIGINS, DEVIATION_STATUSES } from './schema';

/**
 * The deviation register (§ 6): one row per deviation of a district's year, optionally tied to one
 * project (referenced, never copied) or a Maßnahmenart. `detection_key` identifies an automatically
 * detected deviation (one per figure and threshold), so a detection run never records it twice.
 */
export const deviations = pgTable(
  'deviations',
  {
    id: serial('id').primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    projectId: integer('project_id').references(() => projects.id),
    measureType: integer('measure_type').$type<1 | 2 | 3 | 4>(),
    origin: text('origin', { enum: DEVIATION_ORIGINS }).notNull().default('manuell'),
    detectionKey: text('detection_key'),
    subject: text('subject').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }),
    count: integer('count'),
    since: date('since', { mode: 'string' }).notNull(),
    status: text('status', { enum: DEVIATION_STATUSES }).notNull().default('offen'),
    justification: text('justification').notNull().default(''),
    justifiedBy: integer('justified_by').references(() => users.id, { onDelete: 'set null' }),
    justifiedAt: timestamp('justified_at', { withTimezone: true }),
    assessment: text('assessment', { enum: DEVIATION_ASSESSMENTS }),
    assessmentReason: text('assessment_reason').notNull().default(''),
    assessedBy: integer('assessed_by').references(() => users.id, { onDelete: 'set null' }),
    assessedAt: timestamp('assessed_at', { withTimezone: true }),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    isDemo: boolean('is_demo').notNull().default(false),
  },
  (t) => [
    index('deviations_year_ags').on(t.year, t.ags),
    unique('deviations_detection_key').on(t.year, t.ags, t.detectionKey),
    check('deviations_measure_type', sql`${t.measureType} is null or ${t.measureType} between 1 and 4`),
    check('deviations_assessed', sql`(${t.status} = 'bewertet') = (${t.assessment} is not null)`),
  ],
);
