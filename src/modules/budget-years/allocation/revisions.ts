/** Revisions of a fixed allocation (Kürzung/Aufstockung). */
import { and, asc, eq, sql } from 'drizzle-orm';
import { checkText, isRealIsoDate } from '../../../platform/input';
import type { Executor } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { UserId } from '../../access/policy';
import { formatEuro } from '../../../platform/format';
import { allocationRevisions, allocations, budgetYears } from '../tables';
import { findAnnouncementDate, writeChangeLetter, type ChangeLetterSummary } from '../letters/change-letters';

export type AllocationRevision = typeof allocationRevisions.$inferSelect;

export interface RevisionPreview {
  fromCents: number;
  toCents: number;
  /** The sum of the year's 26 allocations after the change. */
  newSumCents: number;
  landesbudgetCents: number | null;
}

type RevisionInput = {
  year: number;
  ags: string;
  toCents: number;
  reason: string;
  decidedOn: string;
  actor: UserId | null;
  /** ISO date printed in the change letter; today (UTC) unless given. */
  letterDate?: string;
};

/**
 * Every check of a revision, without writing: the confirmation page shows old and new amount and
 * the new sum of all allocations. VALIDATION_FAILED (German, per field) for an empty reason, a bad
 * date, an unchanged amount or a sum above the Landesbudget; NOT_FOUND without an allocation.
 */
export async function previewRevision(tx: Executor, input: RevisionInput, options: { lock?: boolean } = {}): Promise<RevisionPreview & { allocationId: number; isDemo: boolean; announcedOn: string | null }> {
  const issues = [];
  if (!Number.isSafeInteger(input.toCents) || input.toCents < 0) issues.push({ path: 'amount', message: 'Der neue Betrag muss ≥ 0 sein.' });
  const reasonProblem = checkText(input.reason, 2000, { multiline: true, required: 'Bitte begründen Sie die Änderung.' });
  if (reasonProblem) issues.push({ path: 'reason', message: reasonProblem });
  if (!isRealIsoDate(input.decidedOn)) issues.push({ path: 'decidedOn', message: 'Bitte geben Sie das Datum der Entscheidung an.' });
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', undefined, { issues });

  const query = tx.select().from(allocations).where(and(eq(allocations.year, input.year), eq(allocations.ags, input.ags)));
  const [current] = options.lock ? await query.for('update') : await query;
  if (!current) throw new AppError('NOT_FOUND', `Für AGS ${input.ags} ist im AQB-Jahr ${input.year} keine Zuweisung festgelegt.`);
  if (current.amountCents === input.toCents) {
    throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'amount', message: `Der neue Betrag ist gleich der bisherigen Zuweisung (${formatEuro(current.amountCents)}).` }] });
  }
  const [sum] = await tx.select({ cents: sql<string>`coalesce(sum(${allocations.amountCents}), 0)` }).from(allocations).where(eq(allocations.year, input.year));
  const newSumCents = Number(sum?.cents ?? 0) - current.amountCents + input.toCents;
  const [year] = await tx.select({ landesbudgetCents: budgetYears.landesbudgetCents }).from(budgetYears).where(eq(budgetYears.year, input.year));
  const landesbudgetCents = year?.landesbudgetCents ?? null;
  if (landesbudgetCents !== null && newSumCents > landesbudgetCents) {
    const message = `Die Zuweisungen ergäben zusammen ${formatEuro(newSumCents)} und damit ${formatEuro(newSumCents - landesbudgetCents)} mehr als das Landesbudget (${formatEuro(landesbudgetCents)}). Erhöhen Sie zuerst das Landesbudget.`;
    throw new AppError('VALIDATION_FAILED', message, { issues: [{ path: 'amount', message }] });
  }
  return { allocationId: current.id, fromCents: current.amountCents, toCents: input.toCents, newSumCents, landesbudgetCents, isDemo: current.isDemo, announcedOn: current.announcedOn };
}

/**
 * Changes the current allocation of a district and records the change (from, to, reason, date of
 * the decision, who) and its frozen "Änderung der Mittelankündigung" (PDF and DOCX) in the same
 * transaction — call inside one. The checks of previewRevision, on the locked allocation row.
 */
export async function reviseAllocation(tx: Executor, input: RevisionInput): Promise<AllocationRevision & { changeLetter: ChangeLetterSummary }> {
  const preview = await previewRevision(tx, input, { lock: true });
  await tx.update(allocations).set({ amountCents: input.toCents, updatedAt: new Date() }).where(eq(allocations.id, preview.allocationId));
  const [revision] = await tx
    .insert(allocationRevisions)
    .values({ year: input.year, ags: input.ags, fromCents: preview.fromCents, toCents: input.toCents, reason: input.reason.trim(), decidedOn: input.decidedOn, createdBy: input.actor })
    .returning();
  const letterDate = input.letterDate ?? new Date().toISOString().slice(0, 10);
  const changeLetter = await writeChangeLetter(tx, revision!, {
    letterDate,
    // The first letter's date; a year fixed before letters were stored has only the allocation's.
    announcedOn: (await findAnnouncementDate(tx, input.year, input.ags)) ?? preview.announcedOn,
    isDemo: preview.isDemo,
  });
  await recordAuditEvent(tx, {
    actorId: input.actor,
    action: 'allocation.revise',
    recordType: 'allocation',
    recordId: preview.allocationId,
    before: { year: input.year, ags: input.ags, amountCents: preview.fromCents },
    after: { year: input.year, ags: input.ags, amountCents: input.toCents, reason: input.reason.trim(), decidedOn: input.decidedOn, revisionId: revision!.id, newSumCents: preview.newSumCents, changeLetter: { number: changeLetter.number, letterDate } },
  });
  return { ...revision!, changeLetter };
}

/** The revision history of a year (optionally one district), in the order they were recorded. */
export async function findRevisions(db: Executor, year: number, ags?: string): Promise<AllocationRevision[]> {
  const where = ags ? and(eq(allocationRevisions.year, year), eq(allocationRevisions.ags, ags)) : eq(allocationRevisions.year, year);
  return db.select().from(allocationRevisions).where(where).orderBy(asc(allocationRevisions.id));
}
