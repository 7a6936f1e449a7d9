import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { agreements, agreementVersions } from '../agreements/tables';
import { allocations } from '../allocations/tables';
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
  isDemo: boolean;
}

export interface OverviewYear {
  year: number;
  landesbudgetCents: number | null;
  rows: OverviewRow[];
  allocatedSumCents: number;
  agreedSumCents: number;
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
      })
      .from(districts)
      .leftJoin(allocations, and(eq(allocations.ags, districts.ags), eq(allocations.year, y.year)))
      .leftJoin(agreements, and(eq(agreements.ags, districts.ags), eq(agreements.year, y.year)))
      .leftJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), eq(agreementVersions.version, agreements.currentVersion)))
      .orderBy(asc(districts.ags));
    const mapped: OverviewRow[] = rows.map((r) => ({
      ags: r.ags,
      name: r.name,
      regierungsbezirk: r.regierungsbezirk,
      allocationCents: r.allocationCents === null ? null : Number(r.allocationCents),
      status: r.status,
      agreedCents: r.content ? Number((r.content as { amountCents: number }).amountCents) : null,
      isDemo: Boolean(r.allocationDemo) || Boolean(r.agreementDemo),
    }));
    const countByStatus: OverviewYear['countByStatus'] = {};
    for (const row of mapped) {
      const key = row.status ?? 'keine';
      countByStatus[key] = (countByStatus[key] ?? 0) + 1;
    }
    result.push({
      year: y.year,
      landesbudgetCents: y.landesbudgetCents,
      rows: mapped,
      allocatedSumCents: mapped.reduce((sum, r) => sum + (r.allocationCents ?? 0), 0),
      agreedSumCents: mapped.reduce((sum, r) => sum + (r.agreedCents ?? 0), 0),
      countByStatus,
      hasDemo: mapped.some((r) => r.isDemo),
    });
  }
  return result;
}
