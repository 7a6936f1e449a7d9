import { boolean, char, date, index, integer, jsonb, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { users } from '../access/tables';
import { districts } from '../districts/tables';
import { RESPONSE_STATUSES, SURVEY_STATUSES, type SurveyDefinition } from './schema';

/**
 * A survey of the ministry to the districts (§ 7 of every agreement). The definition (sections
 * and questions, the content of `aqb.umfrage/1`) is one jsonb document parsed with zod on every
 * read and write (docs/decisions/0021); it is frozen once the survey is sent.
 */
export const surveys = pgTable(
  'surveys',
  {
    id: serial('id').primaryKey(),
    /** The year the survey belongs to (the same survey in two years shares its variable names). */
    year: integer('year').notNull(),
    definition: jsonb('definition').$type<SurveyDefinition>().notNull(),
    status: text('status', { enum: SURVEY_STATUSES }).notNull().default('entwurf'),
    opensOn: date('opens_on', { mode: 'string' }),
    deadline: date('deadline', { mode: 'string' }),
    /** The AGS the survey was sent to (set when sent). */
    recipients: jsonb('recipients').$type<string[]>().notNull().default([]),
    /** The survey this one was copied from (last year's), for the comparison. */
    copiedFromId: integer('copied_from_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** Optimistic lock of the definition editor and the send form. */
    version: integer('version').notNull().default(1),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('surveys_year').on(t.year)],
);

/**
 * The ONE shared response of a district to a survey: everybody of the district edits the same
 * record (optimistic lock on `version`), saves drafts, submits once; the ministry may reopen it.
 * Created for every recipient when the survey is sent.
 */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: serial('id').primaryKey(),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    status: text('status', { enum: RESPONSE_STATUSES }).notNull().default('entwurf'),
    /** variable → value (see answers.ts); answers of hidden conditional questions are never stored. */
    answers: jsonb('answers').$type<Record<string, unknown>>().notNull().default({}),
    version: integer('version').notNull().default(1),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: integer('submitted_by').references(() => users.id, { onDelete: 'set null' }),
    isDemo: boolean('is_demo').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [unique('survey_responses_survey_ags').on(t.surveyId, t.ags)],
);
