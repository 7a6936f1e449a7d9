import { bigint, boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** An AQB year (Förderjahr). */
export const budgetYears = pgTable('budget_years', {
  year: integer('year').primaryKey(),
  /** Hessen-wide budget in cents; null while unknown. */
  landesbudgetCents: bigint('landesbudget_cents', { mode: 'number' }),
  /** Text of the Bündnis period as printed in the agreements ("2020 bis 2024"). */
  buendnisPeriod: text('buendnis_period'),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
