import { sql } from 'drizzle-orm';
import { check, date, integer, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../access/tables';

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
