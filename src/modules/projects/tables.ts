import { bigint, boolean, char, date, index, integer, jsonb, pgTable, serial, smallint, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { users } from '../access/tables';
import { budgetYears, subBudgets } from '../budget-years/tables';
import { districts } from '../districts/tables';
import { PROJECT_STATUSES } from './schema';

/**
 * Träger (Bildungs- und Beschäftigungsträger): the organisations a district passes funds on to
 * (VV Nr. 12 zu § 44 LHO). One list per district, reused across years.
 */
export const providers = pgTable(
  'providers',
  {
    id: serial('id').primaryKey(),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    /** Optimistic lock of the Träger form. */
    version: integer('version').notNull().default(1),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [unique('providers_ags_name').on(t.ags, t.name)],
);

/**
 * One project (Maßnahme) of a district in an AQB year: the record § 5 of the agreement, the Antrag,
 * the Bescheid, the payments and the participant statistics refer to. `key` is the district's own
 * short name for it (unique per district and year). A project that was in an agreement once and is
 * no longer listed is kept as `entfallen`, never deleted.
 */
export const projects = pgTable(
  'projects',
  {
    id: serial('id').primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    key: text('key').notNull(),
    title: text('title').notNull(),
    measureType: smallint('measure_type').notNull(),
    /** Order within its Maßnahmenart, as § 5 lists it. */
    position: integer('position').notNull().default(0),
    status: text('status', { enum: PROJECT_STATUSES }).notNull().default('aktiv'),
    subBudgetId: integer('sub_budget_id').references(() => subBudgets.id, { onDelete: 'set null' }),
    providerId: integer('provider_id').references(() => providers.id),
    startsOn: date('starts_on', { mode: 'string' }),
    endsOn: date('ends_on', { mode: 'string' }),
    /** Vorzeitiger Maßnahmebeginn (from 1 January, before the Bescheid). */
    earlyStart: boolean('early_start').notNull().default(false),
    plannedPlaces: integer('planned_places'),
    /** Planned outcomes by Verbleib code (PLANNED_OUTCOMES), e.g. {"ausbildungsabschluss": 8}; a missing code is not planned. */
    plannedOutcomes: jsonb('planned_outcomes').$type<Partial<Record<string, number>>>().notNull().default({}),
    /** Rechtskreise / target groups the project serves (codes of legal_spheres, e.g. "SGB II"). */
    targetGroups: jsonb('target_groups').$type<string[]>().notNull().default([]),
    /** Optimistic lock: every save is based on a version. */
    version: integer('version').notNull().default(1),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [unique('projects_year_ags_key').on(t.year, t.ags, t.key), index('projects_year_ags').on(t.year, t.ags)],
);

/** Expense lines of a project's Finanzierungsplan. */
export const projectExpenseLines = pgTable('project_expense_lines', {
  id: serial('id').primaryKey(),
  projectId: integer('project_id')
    .notNull()
    .references(() => projects.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  category: text('category').notNull(),
  label: text('label').notNull(),
  amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
});

/** Funding lines of a project's Finanzierungsplan; the sum equals the expenses to the cent. */
export const projectFundingLines = pgTable('project_funding_lines', {
  id: serial('id').primaryKey(),
  projectId: integer('project_id')
    .notNull()
    .references(() => projects.id, { onDelete: 'cascade' }),
  position: integer('position').notNull(),
  source: text('source').notNull(),
  amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
});

/**
 * A district's project records of a year are locked while RP Kassel holds its Antrag (submitted,
 * in Prüfung, beschieden): the district cannot change them (issue 13). The funding module sets and
 * lifts the lock through projects/service.ts (it sits above projects); a Nachforderung or a
 * withdrawal lifts it. After the Bescheid changes go only through an Änderungsbescheid.
 */
export const projectLocks = pgTable('project_locks', {
  year: integer('year')
    .notNull()
    .references(() => budgetYears.year),
  ags: char('ags', { length: 5 })
    .notNull()
    .references(() => districts.ags),
  /** Why the records are locked: `eingereicht`, `in_pruefung`, `beschieden`. */
  reason: text('reason').notNull(),
  lockedAt: timestamp('locked_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [unique('project_locks_year_ags').on(t.year, t.ags)]);
