import { bigint, boolean, char, date, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { bytea } from '../../platform/db/types';
import { districts } from '../districts/tables';
import { users } from '../access/tables';

/** An AQB year (Förderjahr). */
export const budgetYears = pgTable('budget_years', {
  year: integer('year').primaryKey(),
  /** Hessen-wide budget in cents; null while unknown. */
  landesbudgetCents: bigint('landesbudget_cents', { mode: 'number' }),
  /** Text of the Bündnis period as printed in the agreements ("2020 bis 2024"). */
  buendnisPeriod: text('buendnis_period'),
  /** The year this one was copied from (labels, Teilbudgets, template); null for seeded years. */
  copiedFromYear: integer('copied_from_year'),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }),
  updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
});

/** Teilbudget: an earmarked part of the Landesbudget with the text for § 2 of that year's agreements. */
export const subBudgets = pgTable(
  'sub_budgets',
  {
    id: serial('id').primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    /** Text that goes into § 2 of the agreements of this year. */
    paragraphText: text('paragraph_text').notNull().default(''),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [unique('sub_budgets_year_name').on(t.year, t.name)],
);

// Allocations: scenarios, the fixed allocation per district, revisions and the frozen letters.
/** The current allocation (Mittelzuweisung) of one district in one AQB year. */
export const allocations = pgTable(
  'allocations',
  {
    id: serial('id').primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    announcedOn: date('announced_on', { mode: 'string' }),
    source: text('source').notNull().default('manual'),
    isDemo: boolean('is_demo').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('allocations_year_ags').on(t.year, t.ags)],
);

/**
 * A named distribution proposal for a year: by key (indicators, weights, floor, rounding) or by
 * hand. Fixing one copies its amounts into `allocations`; the scenario itself stays unchanged.
 */
export const allocationScenarios = pgTable(
  'allocation_scenarios',
  {
    id: serial('id').primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year),
    name: text('name').notNull(),
    /** 'schluessel' (distribution key) or 'manuell' (26 amounts typed in). */
    method: text('method', { enum: ['schluessel', 'manuell'] }).notNull(),
    budgetCents: bigint('budget_cents', { mode: 'number' }).notNull(),
    /** Indicator values per AGS, as used (zod-checked on read). Null for manual scenarios. */
    indicators: jsonb('indicators'),
    /** Weights per indicator name. Null for manual scenarios. */
    weights: jsonb('weights'),
    floorCents: bigint('floor_cents', { mode: 'number' }),
    roundToCents: integer('round_to_cents'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    fixedAt: timestamp('fixed_at', { withTimezone: true }),
    fixedBy: integer('fixed_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [unique('allocation_scenarios_year_name').on(t.year, t.name)],
);

/** The amount of one district in one scenario. */
export const allocationScenarioAmounts = pgTable(
  'allocation_scenario_amounts',
  {
    scenarioId: integer('scenario_id')
      .notNull()
      .references(() => allocationScenarios.id, { onDelete: 'cascade' }),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.scenarioId, t.ags] })],
);

/** Every change of a fixed allocation (cut or increase), append-only. */
export const allocationRevisions = pgTable('allocation_revisions', {
  id: serial('id').primaryKey(),
  year: integer('year')
    .notNull()
    .references(() => budgetYears.year),
  ags: char('ags', { length: 5 })
    .notNull()
    .references(() => districts.ags),
  fromCents: bigint('from_cents', { mode: 'number' }).notNull(),
  toCents: bigint('to_cents', { mode: 'number' }).notNull(),
  reason: text('reason').notNull(),
  decidedOn: date('decided_on', { mode: 'string' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
});

/** The Mittelankündigung letters generated when an allocation is fixed: frozen PDF and DOCX. */
export const announcementLetters = pgTable(
  'announcement_letters',
  {
    id: serial('id').primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    announcedOn: date('announced_on', { mode: 'string' }).notNull(),
    pdf: bytea('pdf').notNull(),
    docx: bytea('docx').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('announcement_letters_year_ags').on(t.year, t.ags)],
);

/**
 * The "Änderung der Mittelankündigung" written with each revision of a fixed allocation: old and
 * new amount and the reason, frozen PDF and DOCX, stored in the revision's transaction.
 */
export const announcementChangeLetters = pgTable('announcement_change_letters', {
  id: serial('id').primaryKey(),
  revisionId: integer('revision_id')
    .notNull()
    .unique()
    .references(() => allocationRevisions.id),
  year: integer('year')
    .notNull()
    .references(() => budgetYears.year),
  ags: char('ags', { length: 5 })
    .notNull()
    .references(() => districts.ags),
  /** The n-th change of this district's allocation in the year, printed in the letter ("Nr. 2"). */
  number: integer('number').notNull(),
  fromCents: bigint('from_cents', { mode: 'number' }).notNull(),
  toCents: bigint('to_cents', { mode: 'number' }).notNull(),
  /** The date printed in the letter. */
  letterDate: date('letter_date', { mode: 'string' }).notNull(),
  pdf: bytea('pdf').notNull(),
  docx: bytea('docx').notNull(),
  /** Written for a demo allocation: removed with the demo data. */
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [unique('announcement_change_letters_year_ags_number').on(t.year, t.ags, t.number)]);
