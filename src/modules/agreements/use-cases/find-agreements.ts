import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/client';
import { type Actor, authorize, type MaybeActor, tenantFilter } from '../../access/policy';
import type { AgreementStatus } from '../status';
import { agreements, agreementVersions } from '../tables';

export interface AgreementFilter {
  year?: number;
  ags?: string;
  status?: AgreementStatus;
}

export interface AgreementListItem {
  year: number;
  ags: string;
  districtName: string;
  status: AgreementStatus;
  version: number;
  amountCents: number;
  isDemo: boolean;
  updatedAt: Date;
  /** When the agreement was (last) published; null before. */
  publishedAt: Date | null;
}

/** The agreements the actor may read (a district user: only its own), filtered, by year and AGS. */
export async function findAgreements(db: Executor, actor: MaybeActor, filter: AgreementFilter = {}): Promise<AgreementListItem[]> {
  authorize(actor, 'agreement.read');
  const ownAgs = tenantFilter(actor as Actor);
  const conditions: SQL[] = [];
  if (ownAgs) conditions.push(eq(agreements.ags, ownAgs));
  if (filter.year !== undefined) conditions.push(eq(agreements.year, filter.year));
  if (filter.ags !== undefined) conditions.push(eq(agreements.ags, filter.ags));
  if (filter.status !== undefined) conditions.push(eq(agreements.status, filter.status));
  // Only the columns the list shows: the amount is a generated column, the name one JSON field,
  // so no version's whole content is loaded or validated.
  const rows = await db
    .select({
      agreement: agreements,
      amountCents: agreementVersions.amountCents,
      districtName: sql<string>`${agreementVersions.content} -> 'district' ->> 'name'`,
    })
    .from(agreements)
    .innerJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), eq(agreementVersions.version, agreements.currentVersion)))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(agreements.year), asc(agreements.ags));
  return rows.map(({ agreement, amountCents, districtName }) => {
    return {
      year: agreement.year,
      ags: agreement.ags,
      districtName,
      status: agreement.status,
      version: agreement.currentVersion,
      amountCents: Number(amountCents),
      isDemo: agreement.isDemo,
      updatedAt: agreement.updatedAt,
      publishedAt: agreement.publishedAt,
    };
  });
}
