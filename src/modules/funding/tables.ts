import { sql } from 'drizzle-orm';
import { boolean, char, check, date, index, integer, jsonb, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { users } from '../access/tables';
import { budgetYears } from '../budget-years/tables';
import { districts } from '../districts/tables';
import { bytea } from '../../platform/db/types';
import { ANTRAG_STATUSES } from './antrag-status';

/**
 * Basiszinssatz (§ 247 BGB) history, master data maintained by administrators. One row per
 * half-year (the rate changes on 1 January and 1 July); the rate is stored exactly as integer basis
 * points (3,62 % = 362; it can be negative, as from 2013 to 2022). Rows are changed under optimistic
 * locking (`version`).
 */
export const baseInterestRates = pgTable(
  'base_interest_rates',
  {
    validFrom: date('valid_from', { mode: 'string' }).primaryKey(),
    rateBasisPoints: integer('rate_basis_points').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Who made the last change; null for the seeded history. */
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    check('base_interest_rates_half_year', sql`extract(day from ${t.validFrom}) = 1 and extract(month from ${t.validFrom}) in (1, 7)`),
    check('base_interest_rates_range', sql`${t.rateBasisPoints} between -500 and 2000`),
  ],
);

/**
 * The Antrag of a district for an AQB year at RP Kassel: its workflow state, the submission date
 * (late after 31 March), the Eingang with its Aktenzeichen. Its projects are the district's project
 * records of the year (src/modules/projects). A row appears with the first step; before that the
 * Antrag is an implicit `entwurf`. Optimistic lock: `version`.
 */
export const antraege = pgTable(
  'antraege',
  {
    id: serial('id').primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    status: text('status', { enum: ANTRAG_STATUSES }).notNull().default('entwurf'),
    submittedOn: date('submitted_on', { mode: 'string' }),
    /** Submitted after 31 March of the year (the ministry may still accept it). */
    isLate: boolean('is_late').notNull().default(false),
    /** The Antrag as submitted (`aqb.antrag/1`), frozen: later project edits do not change what RP received. */
    submittedContent: jsonb('submitted_content'),
    aktenzeichen: text('aktenzeichen').unique('antraege_aktenzeichen'),
    receivedOn: date('received_on', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [unique('antraege_year_ags').on(t.year, t.ags)],
);

/**
 * The regional Arbeitsmarkt- und Ausbildungsstrategie of a district (§ 2 of the agreement refers to
 * it): the uploaded document, kept byte for byte with its SHA-256, and its validity period. An
 * Antrag is submitted only when one is valid in its AQB year (STRATEGIE_FEHLT). Never changed;
 * a new version is a new upload.
 */
export const strategies = pgTable(
  'strategies',
  {
    id: serial('id').primaryKey(),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    title: text('title').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: char('sha256', { length: 64 }).notNull(),
    bytes: bytea('bytes').notNull(),
    isDemo: boolean('is_demo').notNull().default(false),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    uploadedBy: integer('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('strategies_ags').on(t.ags), check('strategies_period', sql`${t.validTo} >= ${t.validFrom}`)],
);
