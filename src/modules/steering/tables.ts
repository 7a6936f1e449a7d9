import { sql } from 'drizzle-orm';
import { bigint, boolean, char, check, date, index, integer, jsonb, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { users } from '../access/tables';
import { budgetYears } from '../budget-years/tables';
import { districts } from '../districts/tables';
import { projects } from '../projects/tables';
import type { MonitoringFigures, Threshold } from './monitoring-schema';
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

/**
 * The ministry's thresholds of one AQB year (monitoring-schema.ts `ThresholdSchema`), one row per
 * year holding the whole set, so one `version` guards it (optimistic lock). Written with the
 * defaults when a year is first read.
 */
export const monitoringThresholds = pgTable('monitoring_thresholds', {
  year: integer('year')
    .primaryKey()
    .references(() => budgetYears.year),
  thresholds: jsonb('thresholds').$type<Threshold[]>().notNull(),
  version: integer('version').notNull().default(1),
  updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A monitoring snapshot ("Stand festhalten", or the confirmed minutes of an Umsetzungsbesprechung):
 * the figures of one district's year at that moment, so the page can show the change since.
 */
export const monitoringSnapshots = pgTable(
  'monitoring_snapshots',
  {
    id: serial('id').primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    takenAt: timestamp('taken_at', { withTimezone: true }).notNull().defaultNow(),
    reason: text('reason').notNull(),
    figures: jsonb('figures').$type<MonitoringFigures>().notNull(),
    takenBy: integer('taken_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('monitoring_snapshots_year_ags').on(t.year, t.ags, t.takenAt)],
);
