import { eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { findApprovals } from '../funding/service';
import { proofs } from './tables';

/** The Verwendungsnachweis deadline of a district and year (for the calendar). */
export interface ProofDeadline {
  year: number;
  ags: string;
  dueOn: string;
  submittedOn: string | null;
  isSubmitted: boolean;
  isDemo: boolean;
}

/** Every Verwendungsnachweis deadline of a year: one per district with an issued Bescheid (the latest `proofDueOn` of its approvals in force). */
export async function findProofDeadlines(db: Executor, year: number): Promise<ProofDeadline[]> {
  const due = new Map<string, string>();
  for (const a of (await findApprovals(db, { year })).values()) if ((due.get(a.ags) ?? '') < a.proofDueOn) due.set(a.ags, a.proofDueOn);
  const rows = new Map((await db.select({ ags: proofs.ags, status: proofs.status, submittedOn: proofs.submittedOn, isDemo: proofs.isDemo }).from(proofs).where(eq(proofs.year, year))).map((r) => [r.ags, r]));
  return [...due].map(([ags, dueOn]) => {
    const row = rows.get(ags);
    return { year, ags, dueOn, submittedOn: row?.submittedOn ?? null, isSubmitted: row !== undefined && row.status !== 'entwurf', isDemo: row?.isDemo ?? false };
  });
}
