import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/client';
import { allocations, announcementChangeLetters } from '../tables';

/** The two allocations known from the published agreements (§ 4). */
export const REAL_ALLOCATIONS = [
  { year: 2024, ags: '06439', amountCents: 787_100_00, source: 'Zielvereinbarung RTK 2024, § 4' },
  { year: 2025, ags: '06533', amountCents: 895_210_00, source: 'Zielvereinbarung LW 2025, § 4' },
] as const;

/** Inserts the known real allocations where missing (idempotent). */
export async function seedRealAllocations(db: Executor): Promise<void> {
  await db
    .insert(allocations)
    .values(REAL_ALLOCATIONS.map((a) => ({ ...a, isDemo: false })))
    .onConflictDoNothing();
}

/** The current allocation in cents of a district for a year, or undefined when none is set. */
export async function findAllocationCents(db: Executor, ags: string, year: number): Promise<number | undefined> {
  const [row] = await db
    .select({ amountCents: allocations.amountCents })
    .from(allocations)
    .where(and(eq(allocations.ags, ags), eq(allocations.year, year)));
  return row?.amountCents;
}

/** Every current allocation, keyed `${year}:${ags}` (for lists that compare § 4 against it). */
export async function findAllAllocationCents(db: Executor): Promise<Map<string, number>> {
  const rows = await db.select({ year: allocations.year, ags: allocations.ags, amountCents: allocations.amountCents }).from(allocations);
  return new Map(rows.map((row) => [`${row.year}:${row.ags}`, row.amountCents]));
}

export async function findAllocationsForYear(db: Executor, year: number) {
  return db.select().from(allocations).where(eq(allocations.year, year));
}

/** Inserts demo allocations where a district has none for the year. */
export async function insertDemoAllocations(db: Executor, year: number, amounts: Map<string, number>): Promise<void> {
  if (amounts.size === 0) return;
  await db
    .insert(allocations)
    .values([...amounts].map(([ags, amountCents]) => ({ year, ags, amountCents, isDemo: true, source: 'demo' })))
    .onConflictDoNothing();
}

export async function removeDemoAllocations(db: Executor): Promise<void> {
  // The change letters written for demo allocations go with them.
  await db.delete(announcementChangeLetters).where(eq(announcementChangeLetters.isDemo, true));
  await db.delete(allocations).where(eq(allocations.isDemo, true));
}
