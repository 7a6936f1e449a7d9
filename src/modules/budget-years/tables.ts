import { bigint, boolean, integer, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';

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
  createdBy: text('created_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }),
  updatedBy: text('updated_by'),
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
    createdBy: text('created_by'),
  },
  (t) => [unique('sub_budgets_year_name').on(t.year, t.name)],
);
