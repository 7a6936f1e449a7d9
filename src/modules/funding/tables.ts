import { sql } from 'drizzle-orm';
import { bigint, boolean, char, check, date, index, integer, jsonb, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { users } from '../access/tables';
import { budgetYears } from '../budget-years/tables';
import { districts } from '../districts/tables';
import { bytea } from '../../platform/db/types';
import { projects } from '../projects/tables';
import { ANTRAG_STATUSES } from './antrag-status';
import { type ApprovedPlan, BESCHEID_KINDS, BESCHEID_STATUSES, type ChecklistItem, FINANCING_TYPES } from './schema';

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
    /** The Prüfung of RP Kassel: every checklist item checked or not, with the examiner's note (null until first saved). */
    checklist: jsonb('checklist').$type<ChecklistItem[]>(),
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

/**
 * A Bescheid of RP Kassel on a district's Antrag (issue 13): the Zuwendungsbescheid (`sequence` 1)
 * and the Änderungsbescheide after it (2, 3, …), each a complete statement of what is approved from
 * its `decidedOn` on (the latest issued one rules; balances.ts). A `entwurf` can be edited by RP;
 * `erlassen` is frozen: `content` holds the document data exactly as sent.
 */
export const bescheide = pgTable(
  'bescheide',
  {
    id: serial('id').primaryKey(),
    antragId: integer('antrag_id')
      .notNull()
      .references(() => antraege.id),
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    /** 1 = Zuwendungsbescheid, 2 … = Änderungsbescheide in order. */
    sequence: integer('sequence').notNull(),
    kind: text('kind', { enum: BESCHEID_KINDS }).notNull(),
    status: text('status', { enum: BESCHEID_STATUSES }).notNull().default('entwurf'),
    /** Date of the Bescheid (set when it is issued). */
    decidedOn: date('decided_on', { mode: 'string' }),
    /** Bewilligungszeitraum. */
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }).notNull(),
    /** Verwendungsnachweis due (default: six months after the end of the Bewilligungszeitraum). */
    proofDueOn: date('proof_due_on', { mode: 'string' }).notNull(),
    /** Zweck der Zuwendung. */
    purpose: text('purpose').notNull().default(''),
    /** Änderungsbescheid: why (amount, Laufzeit, project swap …). */
    reason: text('reason').notNull().default(''),
    /** Nebenbestimmungen (ANBest-GK, Weiterleitung under VV Nr. 12 with ANBest-P …). */
    conditions: text('conditions').notNull().default(''),
    /** Rechtsbehelfsbelehrung. */
    legalRemedy: text('legal_remedy').notNull().default(''),
    /** The document data as issued (frozen). */
    content: jsonb('content'),
    /** The issued letter, frozen: tagged PDF/UA-1 and DOCX (null for drafts). */
    pdf: bytea('pdf'),
    docx: bytea('docx'),
    version: integer('version').notNull().default(1),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    unique('bescheide_antrag_sequence').on(t.antragId, t.sequence),
    index('bescheide_year_ags').on(t.year, t.ags),
    check('bescheide_period', sql`${t.periodTo} >= ${t.periodFrom}`),
  ],
);

/**
 * What a Bescheid approves per project: the AQB amount asked for and approved, the Finanzierungsart,
 * a reason where less (or nothing) is approved (Teilablehnung), and the Finanzierungsplan the approval
 * rests on, frozen (the Verwendungsnachweis is checked against these lines, not the live record).
 */
export const bescheidProjects = pgTable(
  'bescheid_projects',
  {
    id: serial('id').primaryKey(),
    bescheidId: integer('bescheid_id')
      .notNull()
      .references(() => bescheide.id, { onDelete: 'cascade' }),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    requestedCents: bigint('requested_cents', { mode: 'number' }).notNull(),
    approvedCents: bigint('approved_cents', { mode: 'number' }).notNull(),
    financingType: text('financing_type', { enum: FINANCING_TYPES }).notNull(),
    /** Teilablehnung: why less than asked for (required when approved < requested). */
    rejectionReason: text('rejection_reason').notNull().default(''),
    /** The approved plan: `{ expenses: [{ category, label, amountCents }], funding: [{ source, amountCents }] }`. */
    plan: jsonb('plan').$type<ApprovedPlan>().notNull(),
  },
  (t) => [
    unique('bescheid_projects_bescheid_project').on(t.bescheidId, t.projectId),
    index('bescheid_projects_project').on(t.projectId),
    check('bescheid_projects_amounts', sql`${t.approvedCents} >= 0 and ${t.requestedCents} >= 0`),
  ],
);

/**
 * A Nachforderung of RP Kassel on an Antrag in Prüfung: what is missing and by when. The letter is
 * frozen when sent (`content`, PDF/UA and DOCX); the district answers on its Antrag page; RP then
 * resumes the Prüfung. Numbered per Antrag (`sequence`).
 */
export const nachforderungen = pgTable(
  'nachforderungen',
  {
    id: serial('id').primaryKey(),
    antragId: integer('antrag_id')
      .notNull()
      .references(() => antraege.id),
    sequence: integer('sequence').notNull(),
    items: text('items').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    sentOn: date('sent_on', { mode: 'string' }).notNull(),
    content: jsonb('content').notNull(),
    pdf: bytea('pdf').notNull(),
    docx: bytea('docx').notNull(),
    answer: text('answer'),
    answeredOn: date('answered_on', { mode: 'string' }),
    answeredBy: integer('answered_by').references(() => users.id, { onDelete: 'set null' }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [unique('nachforderungen_antrag_sequence').on(t.antragId, t.sequence)],
);
