import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { type Approval, type Balances, computeBalances, findApprovalHistory, findApprovals } from '../funding/service';
import { findProjects } from '../projects/service';
import type { PlannedUse } from './schema';
import { fundUses, paymentRequests, payouts } from './tables';

export interface PayoutRecord {
  id: number;
  requestId: number;
  paidOn: string;
  amountCents: number;
  isDemo: boolean;
}

export interface RequestRecord {
  id: number;
  projectId: number;
  projectKey: string;
  requestedOn: string;
  amountCents: number;
  plannedUse: PlannedUse[];
  payouts: PayoutRecord[];
  /** Requested and not yet paid out. */
  openCents: number;
  isDemo: boolean;
}

export interface UseRecord {
  id: number;
  projectId: number;
  projectKey: string;
  usedOn: string;
  amountCents: number;
  description: string;
  isDemo: boolean;
}

/** Everything the money path of one district and year rests on, read in one place. */
export interface Ledger {
  year: number;
  ags: string;
  /** The approval in force per project id (issued Bescheide only). */
  approvals: Map<number, Approval>;
  /** Project id → key and title (dropped projects included, their money stays on record). */
  projects: Map<number, { key: string; title: string }>;
  requests: RequestRecord[];
  uses: UseRecord[];
  balances: Balances;
  isDemo: boolean;
}

/**
 * Reads approvals, requests, payouts and uses of a district (or, without `ags`, of every district)
 * and derives the balances with funding's `computeBalances` (bewilligt from the issued Bescheide
 * only). Nothing is stored twice, so the figures cannot drift.
 */
export async function readLedger(db: Executor, year: number, ags: string): Promise<Ledger> {
  return (await readLedgers(db, year, ags)).get(ags) ?? emptyLedger(year, ags);
}

function emptyLedger(year: number, ags: string): Ledger {
  return { year, ags, approvals: new Map(), projects: new Map(), requests: [], uses: [], balances: computeBalances({ approvals: [], requests: [], payouts: [], uses: [] }), isDemo: false };
}

/** The ledgers of a year per AGS (only districts with a Bescheid or money records appear). */
export async function readLedgers(db: Executor, year: number, ags?: string): Promise<Map<string, Ledger>> {
  const history = await findApprovalHistory(db, { year, ...(ags ? { ags } : {}) });
  const approvals = await findApprovals(db, { year, ...(ags ? { ags } : {}) });
  const requestRows = await db
    .select()
    .from(paymentRequests)
    .where(and(eq(paymentRequests.year, year), ags ? eq(paymentRequests.ags, ags) : undefined))
    .orderBy(asc(paymentRequests.requestedOn), asc(paymentRequests.id));
  const payoutRows = requestRows.length
    ? await db.select().from(payouts).where(inArray(payouts.requestId, requestRows.map((r) => r.id))).orderBy(asc(payouts.paidOn), asc(payouts.id))
    : [];
  const useRows = await db
    .select()
    .from(fundUses)
    .where(and(eq(fundUses.year, year), ags ? eq(fundUses.ags, ags) : undefined))
    .orderBy(asc(fundUses.usedOn), asc(fundUses.id));

  const districtsSeen = new Set<string>([...history.map((h) => h.ags), ...requestRows.map((r) => r.ags), ...useRows.map((u) => u.ags)]);
  const result = new Map<string, Ledger>();
  for (const district of [...districtsSeen].sort()) {
    const projects = new Map<number, { key: string; title: string }>();
    for (const p of await findProjects(db, year, district, { includeDropped: true })) projects.set(p.id, { key: p.key, title: p.title });
    const keyOf = (id: number) => projects.get(id)?.key ?? `#${id}`;
    const requests: RequestRecord[] = requestRows
      .filter((r) => r.ags === district)
      .map((r) => {
        const paid = payoutRows.filter((p) => p.requestId === r.id).map((p) => ({ id: p.id, requestId: p.requestId, paidOn: p.paidOn, amountCents: Number(p.amountCents), isDemo: p.isDemo }));
        const amountCents = Number(r.amountCents);
        return {
          id: r.id,
          projectId: r.projectId,
          projectKey: keyOf(r.projectId),
          requestedOn: r.requestedOn,
          amountCents,
          plannedUse: r.plannedUse,
          payouts: paid,
          openCents: amountCents - paid.reduce((s, p) => s + p.amountCents, 0),
          isDemo: r.isDemo,
        };
      });
    const uses: UseRecord[] = useRows
      .filter((u) => u.ags === district)
      .map((u) => ({ id: u.id, projectId: u.projectId, projectKey: keyOf(u.projectId), usedOn: u.usedOn, amountCents: Number(u.amountCents), description: u.description, isDemo: u.isDemo }));
    const districtHistory = history.filter((h) => h.ags === district);
    const balances = computeBalances({
      approvals: districtHistory.map((h) => ({ ags: district, project: h.projectKey || keyOf(h.projectId), decidedOn: h.decidedOn, amountCents: h.approvedCents })),
      requests: requests.map((r) => ({ ags: district, project: r.projectKey, requestedOn: r.requestedOn, amountCents: r.amountCents })),
      payouts: requests.flatMap((r) => r.payouts.map((p) => ({ ags: district, project: r.projectKey, paidOn: p.paidOn, amountCents: p.amountCents }))),
      uses: uses.map((u) => ({ ags: district, project: u.projectKey, usedOn: u.usedOn, amountCents: u.amountCents })),
    });
    const districtApprovals = new Map([...approvals].filter(([, a]) => a.ags === district));
    result.set(district, {
      year,
      ags: district,
      approvals: districtApprovals,
      projects,
      requests,
      uses,
      balances,
      isDemo: requests.some((r) => r.isDemo) || uses.some((u) => u.isDemo),
    });
  }
  return result;
}

/** The figures of one project in a ledger (zeros when it has none). */
export function projectFigures(ledger: Ledger, projectKey: string) {
  const district = ledger.balances.districts[0];
  return district?.projects.find((p) => p.project === projectKey) ?? { approvedCents: 0, requestedCents: 0, paidCents: 0, usedCents: 0, availableCents: 0, requestedNotPaidCents: 0, paidNotUsedCents: 0 };
}

/**
 * Serialises writes on one project's money (PostgreSQL advisory lock for the transaction; PGlite has
 * one connection, so there it is a no-op in effect): a request, payout or use is checked against
 * figures no concurrent write can change before the commit.
 */
export async function lockProjectMoney(tx: Executor, projectId: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(7301, ${projectId}::int)`);
}
