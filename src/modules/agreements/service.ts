import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { REAL_AGREEMENTS } from './reference-data';
import { type AgreementInterchange, AgreementInterchangeSchema } from './schema';
import type { AgreementStatus } from './status';
import { agreements, agreementVersions } from './tables';

export interface NewAgreement {
  content: AgreementInterchange;
  status: AgreementStatus;
  source: string;
  isDemo: boolean;
  publishedAt?: Date | null;
}

/**
 * Creates an agreement with its first version. Call inside a transaction: both rows land or none.
 * Returns the new id, or undefined when the district already has an agreement for that year.
 */
export async function insertAgreementIfMissing(tx: Executor, input: NewAgreement): Promise<number | undefined> {
  const content = AgreementInterchangeSchema.parse(input.content);
  const [created] = await tx
    .insert(agreements)
    .values({
      year: content.year,
      ags: content.district.ags,
      status: input.status,
      currentVersion: 1,
      isDemo: input.isDemo,
      publishedAt: input.publishedAt ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: agreements.id });
  if (!created) return undefined;
  await tx.insert(agreementVersions).values({ agreementId: created.id, version: 1, content, source: input.source, isDemo: input.isDemo });
  return created.id;
}

/** Seeds the two real published agreements (RTK 2024, LW 2025), idempotently. */
export async function seedRealAgreements(tx: Executor): Promise<void> {
  for (const real of REAL_AGREEMENTS) {
    await insertAgreementIfMissing(tx, {
      content: real.content,
      status: 'veroeffentlicht',
      source: 'reference-agreement',
      isDemo: false,
      publishedAt: real.publishedAt,
    });
  }
}

/** The current content of the agreement of a district in a year, or undefined. */
export async function findCurrentAgreementContent(db: Executor, ags: string, year: number): Promise<AgreementInterchange | undefined> {
  const [row] = await db
    .select({ content: agreementVersions.content })
    .from(agreements)
    .innerJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), eq(agreementVersions.version, agreements.currentVersion)))
    .where(and(eq(agreements.ags, ags), eq(agreements.year, year)));
  return row ? AgreementInterchangeSchema.parse(row.content) : undefined;
}

/** Deletes demo agreements (their versions cascade). */
export async function removeDemoAgreements(db: Executor): Promise<void> {
  await db.delete(agreements).where(eq(agreements.isDemo, true));
}
