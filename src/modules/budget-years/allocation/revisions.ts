/** Revisions of a fixed allocation (Kürzung/Aufstockung). */
import { and, asc, eq } from 'drizzle-orm';
import { checkText, isRealIsoDate } from '../../../platform/input';
import type { Executor } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { UserId } from '../../access/policy';
import { formatEuro } from '../../../platform/format';
import { allocationRevisions, allocations } from '../tables';

export type AllocationRevision = typeof allocationRevisions.$inferSelect;

/**
 * Changes the current allocation of a district and records the change (from, to, reason, date of
 * the decision, who) in the same transaction — call inside one. Throws NOT_FOUND when the
 * district has no allocation that year, VALIDATION_FAILED for an empty reason, a bad date or an
 * unchanged amount.
 */
export async function reviseAllocation(
  tx: Executor,
  input: { year: number; ags: string; toCents: number; reason: string; decidedOn: string; actor: UserId | null },
): Promise<AllocationRevision> {
  const issues = [];
  if (!Number.isSafeInteger(input.toCents) || input.toCents < 0) issues.push({ path: 'amount', message: 'Der neue Betrag muss ≥ 0 sein.' });
  const reasonProblem = checkText(input.reason, 2000, { multiline: true, required: 'Bitte begründen Sie die Änderung.' });
  if (reasonProblem) issues.push({ path: 'reason', message: reasonProblem });
  if (!isRealIsoDate(input.decidedOn)) issues.push({ path: 'decidedOn', message: 'Bitte geben Sie das Datum der Entscheidung an.' });
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', undefined, { issues });

  const [current] = await tx
    .select()
    .from(allocations)
    .where(and(eq(allocations.year, input.year), eq(allocations.ags, input.ags)))
    .for('update');
  if (!current) throw new AppError('NOT_FOUND', `Für AGS ${input.ags} ist im AQB-Jahr ${input.year} keine Zuweisung festgelegt.`);
  if (current.amountCents === input.toCents) {
    throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'amount', message: `Der neue Betrag ist gleich der bisherigen Zuweisung (${formatEuro(current.amountCents)}).` }] });
  }
  await tx.update(allocations).set({ amountCents: input.toCents, updatedAt: new Date() }).where(eq(allocations.id, current.id));
  const [revision] = await tx
    .insert(allocationRevisions)
    .values({ year: input.year, ags: input.ags, fromCents: current.amountCents, toCents: input.toCents, reason: input.reason.trim(), decidedOn: input.decidedOn, createdBy: input.actor })
    .returning();
  await recordAuditEvent(tx, {
    actorId: input.actor,
    action: 'allocation.revise',
    recordType: 'allocation',
    recordId: current.id,
    before: { year: input.year, ags: input.ags, amountCents: current.amountCents },
    after: { year: input.year, ags: input.ags, amountCents: input.toCents, reason: input.reason.trim(), decidedOn: input.decidedOn, revisionId: revision!.id },
  });
  return revision!;
}

/** The revision history of a year (optionally one district), in the order they were recorded. */
export async function findRevisions(db: Executor, year: number, ags?: string): Promise<AllocationRevision[]> {
  const where = ags ? and(eq(allocationRevisions.year, year), eq(allocationRevisions.ags, ags)) : eq(allocationRevisions.year, year);
  return db.select().from(allocationRevisions).where(where).orderBy(asc(allocationRevisions.id));
}
