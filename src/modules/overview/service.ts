import { amountMismatch } from '../agreements/status';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { agreements, agreementVersions } from '../agreements/tables';
import { allocationRevisions, allocations } from '../budget-years/tables';
import { findBudgetYears } from '../budget-years/service';
import { districts } from '../districts/tables';
import type { AgreementStatus } from '../agreements/status';

export interface OverviewRow {
  ags: string;
  name: string;
  regierungsbezirk: string;
  allocationCents: number | null;
  status: AgreementStatus | null;
  agreedCents: number | null;
  /** Number of recorded changes of the allocation (Kürzungen/Aufstockungen). */
  revisionsCount: number;
  /** Has a publication on the portal — also while a Nachtrag is being drafted (status back in `entwurf`). */
  published: boolean;
  /** Published, and a Nachtrag of it is in progress. */
  hasOpenAmendment: boolean;
  /** The § 4 amount of the current agreement differs from the current allocation. */
  isMismatch: boolean;
  isDemo: boolean;
}

export interface OverviewYear {
  year: number;
  landesbudgetCents: number | null;
  rows: OverviewRow[];
  allocatedSumCents: number;
  agreedSumCents: number;
  /** Allocated sum minus Landesbudget; null while the Landesbudget is unknown. */
  budgetDifferenceCents: number | null;
  countByStatus: Partial<Record<AgreementStatus | 'keine', number>>;
  hasDemo: boolean;
}

/**
 * The Landesübersicht: per AQB year, all 26 districts with allocation, agreement status and
 * agreed amount, plus sums. One query per year; the read model joins several modules' tables
 * on purpose (it is a report, it owns no data).
 */
export async function getLandesuebersicht(db: Executor): Promise<OverviewYear[]> {
  const years = await findBudgetYears(db);
  const result: OverviewYear[] = [];
  for (const y of years) {
    const rows = await db
      .select({
        ags: districts.ags,
        name: districts.officialName,
        regierungsbezirk: districts.regierungsbezirk,
        allocationCents: allocations.amountCents,
        allocationDemo: allocations.isDemo,
        status: agreements.status,
        agreementDemo: agreements.isDemo,
        content: agreementVersions.content,
        hasPublication: sql<boolean>`exists (select 1 from agreement_publications p where p.agreement_id = ${agreements.id} and p.withdrawn_at is null)`,
      })
      .from(districts)
      .leftJoin(allocations, and(eq(allocations.ags, districts.ags), eq(allocations.year, y.year)))
      .leftJoin(agreements, and(eq(agreements.ags, districts.ags), eq(agreements.year, y.year)))
      .leftJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), eq(agreementVersions.version, agreements.currentVersion)))
      .orderBy(asc(districts.ags));
    const revisionCounts = await db
      .select({ ags: allocationRevisions.ags, n: sql<number>`count(*)` })
      .from(allocationRevisions)
      .where(eq(allocationRevisions.year, y.year))
      .groupBy(allocationRevisions.ags);
    const revisionsByAgs = new Map(revisionCounts.map((r) => [r.ags, Number(r.n)]));
    const mapped: OverviewRow[] = rows.map((r) => ({
      ags: r.ags,
      name: r.name,
      regierungsbezirk: r.regierungsbezirk,
      allocationCents: r.allocationCents === null ? null : Number(r.allocationCents),
      status: r.status,
      agreedCents: r.content ? Number((r.content as { amountCents: number }).amountCents) : null,
      revisionsCount: revisionsByAgs.get(r.ags) ?? 0,
      published: Boolean(r.hasPublication),
      hasOpenAmendment: Boolean(r.hasPublication) && r.status !== 'veroeffentlicht',
      isMismatch: r.content !== null && r.allocationCents !== null && amountMismatch(Number((r.content as { amountCents: number }).amountCents), Number(r.allocationCents)) !== null,
      isDemo: Boolean(r.allocationDemo) || Boolean(r.agreementDemo),
    }));
    const countByStatus: OverviewYear['countByStatus'] = {};
    for (const row of mapped) {
      const key = row.status ?? 'keine';
      countByStatus[key] = (countByStatus[key] ?? 0) + 1;
    }
    const allocatedSumCents = mapped.reduce((sum, r) => sum + (r.allocationCents ?? 0), 0);
    result.push({
      year: y.year,
      landesbudgetCents: y.landesbudgetCents,
      rows: mapped,
      allocatedSumCents,
      budgetDifferenceCents: y.landesbudgetCents === null ? null : allocatedSumCents - y.landesbudgetCents,
      agreedSumCents: mapped.reduce((sum, r) => sum + (r.agreedCents ?? 0), 0),
      countByStatus,
      hasDemo: mapped.some((r) => r.isDemo),
    });
  }
  return result;
}
