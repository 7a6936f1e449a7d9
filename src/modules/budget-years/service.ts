import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { budgetYears } from './tables';

/** The AQB years whose agreements are known from the reference documents. */
export const REAL_YEARS = [
  { year: 2024, buendnisPeriod: '2020 bis 2024' },
  { year: 2025, buendnisPeriod: '2025 bis 2029' },
] as const;

/** Inserts the known AQB years where missing (idempotent). */
export async function seedBudgetYears(db: Executor): Promise<void> {
  await db
    .insert(budgetYears)
    .values(REAL_YEARS.map((y) => ({ ...y, isDemo: false })))
    .onConflictDoNothing();
}

export async function findBudgetYears(db: Executor) {
  return db.select().from(budgetYears).orderBy(asc(budgetYears.year));
}

/** One AQB year; throws NOT_FOUND with a German message when it does not exist. */
export async function getBudgetYear(db: Executor, year: number) {
  const [row] = await db.select().from(budgetYears).where(eq(budgetYears.year, year));
  if (!row) throw new AppError('NOT_FOUND', `Das AQB-Jahr ${year} ist nicht angelegt.`);
  return row;
}
