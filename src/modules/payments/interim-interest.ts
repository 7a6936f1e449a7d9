import { eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { isAppError } from '../../platform/errors';
import { computeInterimInterest, findBaseInterestRates, type InterimInterestResult } from '../funding/service';
import type { Ledger } from './ledger';
import type { InterestDecision, InterestDecisionLine } from './schema';
import { interimInterestDecisions } from './tables';

export interface ProjectInterimInterest {
  projectId: number;
  projectKey: string;
  projectTitle: string;
  asOf: string;
  result: InterimInterestResult | null;
  lines: InterestDecisionLine[];
  interestCents: number;
  /** German message when the calculation up to `asOf` is impossible (no Basiszinssatz); lines then without open money. */
  error: string | null;
  decision: { decision: InterestDecision; asOf: string; interestCents: number; reason: string; version: number } | null;
}

/** funding's `computeInterimInterest` on one project's payouts and uses; a missing Basiszinssatz becomes a message, not an error. */
export async function computeInterimInterestOf(db: Executor, ledger: Ledger, projectId: number, asOf: string): Promise<{ result: InterimInterestResult | null; lines: InterestDecisionLine[]; interestCents: number; error: string | null }> {
  const rates = await findBaseInterestRates(db);
  const payouts = ledger.requests.filter((r) => r.projectId === projectId).flatMap((r) => r.payouts.map((p) => ({ date: p.paidOn, amountCents: p.amountCents })));
  const uses = ledger.uses.filter((u) => u.projectId === projectId).map((u) => ({ date: u.usedOn, amountCents: u.amountCents }));
  let result: InterimInterestResult;
  let error: string | null = null;
  try {
    result = computeInterimInterest({ payouts, uses, asOf }, rates);
  } catch (e) {
    if (!isAppError(e)) throw e;
    error = `${e.message} ${e.issues.map((i) => i.message).join(' ')}`.trim();
    try {
      // Without the open lines (money still unused at the Stichtag) the closed ones may still be computable.
      result = computeInterimInterest({ payouts, uses }, rates);
    } catch (inner) {
      if (!isAppError(inner)) throw inner;
      return { result: null, lines: [], interestCents: 0, error };
    }
  }
  const lines: InterestDecisionLine[] = result.payouts.flatMap((p) =>
    p.lateAmounts.map((l) => ({ paidOn: p.date, usedOn: l.usedOn, interestTo: l.interestTo, amountCents: l.amountCents, days: l.days, interestCents: l.interest.interestCents })),
  );
  return { result, lines, interestCents: result.interestCents, error };
}

/** The Zwischenzinsen of every project of a ledger up to `asOf`, with RP's decision where taken. */
export async function findInterimInterest(db: Executor, ledger: Ledger, asOf: string): Promise<ProjectInterimInterest[]> {
  const decisions = new Map(
    (await db.select().from(interimInterestDecisions).where(eq(interimInterestDecisions.year, ledger.year))).filter((d) => d.ags === ledger.ags).map((d) => [d.projectId, d]),
  );
  const ids = [...new Set([...ledger.requests.map((r) => r.projectId), ...ledger.uses.map((u) => u.projectId)])];
  const out: ProjectInterimInterest[] = [];
  for (const id of ids) {
    const project = ledger.projects.get(id);
    const computed = await computeInterimInterestOf(db, ledger, id, asOf);
    const d = decisions.get(id);
    out.push({
      projectId: id,
      projectKey: project?.key ?? `#${id}`,
      projectTitle: project?.title ?? '',
      asOf,
      ...computed,
      decision: d ? { decision: d.decision, asOf: d.asOf, interestCents: Number(d.interestCents), reason: d.reason, version: d.version } : null,
    });
  }
  return out.sort((a, b) => a.projectKey.localeCompare(b.projectKey, 'de'));
}
