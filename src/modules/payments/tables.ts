import { sql } from 'drizzle-orm';
import { bigint, boolean, char, check, date, index, integer, jsonb, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { users } from '../access/tables';
import { budgetYears } from '../budget-years/tables';
import { districts } from '../districts/tables';
import { projects } from '../projects/tables';
import type { InterestDecisionLine, PlannedUse, ProofProject, RefundContent } from './schema';

/**
 * A Mittelabruf of a district for one project (VV Nr. 7 zu § 44 LHO): the amount, the date and the
 * planned use (which payments fall due when). Never changed after it is made; payouts refer to it.
 */
export const paymentRequests = pgTable(
  'payment_requests',
  {
    id: serial('id').primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    requestedOn: date('requested_on', { mode: 'string' }).notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    /** `[{ dueOn, amountCents, purpose }]`: the payments the money is needed for. */
    plannedUse: jsonb('planned_use').$type<PlannedUse[]>().notNull(),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('payment_requests_year_ags').on(t.year, t.ags), check('payment_requests_amount', sql`${t.amountCents} > 0`)],
);

/** An Auszahlung by RP Kassel against one Mittelabruf. */
export const payouts = pgTable(
  'payouts',
  {
    id: serial('id').primaryKey(),
    requestId: integer('request_id')
      .notNull()
      .references(() => paymentRequests.id, { onDelete: 'cascade' }),
    paidOn: date('paid_on', { mode: 'string' }).notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('payouts_request').on(t.requestId), check('payouts_amount', sql`${t.amountCents} > 0`)],
);

/** What the district reports it used when, per project (feeds the Zwischenzinsen). */
export const fundUses = pgTable(
  'fund_uses',
  {
    id: serial('id').primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    usedOn: date('used_on', { mode: 'string' }).notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    description: text('description').notNull().default(''),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('fund_uses_year_ags').on(t.year, t.ags), check('fund_uses_amount', sql`${t.amountCents} > 0`)],
);

/**
 * RP's decision on the Zwischenzinsen of one project (§ 49a Abs. 4 HVwVfG: "kann"): claimed or
 * waived, with the calculation as it stood (frozen lines) and a reason. A later decision replaces
 * the earlier one (optimistic lock `version`); every decision is audited.
 */
export const interimInterestDecisions = pgTable(
  'interim_interest_decisions',
  {
    id: serial('id').primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    decision: text('decision', { enum: ['geltend', 'verzicht'] }).notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    interestCents: bigint('interest_cents', { mode: 'number' }).notNull(),
    lines: jsonb('lines').$type<InterestDecisionLine[]>().notNull(),
    reason: text('reason').notNull().default(''),
    version: integer('version').notNull().default(1),
    isDemo: boolean('is_demo').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [unique('interim_interest_decisions_project').on(t.projectId)],
);

/**
 * The Verwendungsnachweis of a district for a year: Sachbericht and zahlenmäßiger Nachweis per
 * project (JSON, zod-checked), `entwurf → eingereicht` (frozen) `→ geprueft` (Prüfvermerk and
 * Rückforderung issued, frozen in `refund`).
 */
export const proofs = pgTable(
  'proofs',
  {
    id: serial('id').primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    status: text('status', { enum: ['entwurf', 'eingereicht', 'geprueft'] }).notNull().default('entwurf'),
    projects: jsonb('projects').$type<ProofProject[]>().notNull(),
    submittedOn: date('submitted_on', { mode: 'string' }),
    /** RP's Prüfvermerk (text) and the chosen end of the interest period, saved before issuing. */
    auditNote: text('audit_note').notNull().default(''),
    interestTo: date('interest_to', { mode: 'string' }),
    issuedOn: date('issued_on', { mode: 'string' }),
    /** The Prüfvermerk/Rückforderung as issued: computation and letter data, frozen. */
    refund: jsonb('refund').$type<RefundContent>(),
    version: integer('version').notNull().default(1),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [unique('proofs_year_ags').on(t.year, t.ags)],
);
