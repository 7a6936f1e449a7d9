import { bigint, boolean, char, date, integer, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { budgetYears } from '../budget-years/tables';
import { districts } from '../districts/tables';

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
