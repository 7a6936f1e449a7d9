import { and, eq, inArray, isNull } from 'drizzle-orm';
import { AppError } from '../../platform/errors';
import type { Executor } from '../../platform/db/client';
import { REAL_AGREEMENTS } from '../documents/service';
import { findTemplateYears, getCurrentTemplate } from '../templates/service';
import { removeDemoProjects, syncProjectTitles } from '../projects/service';
import { type AgreementInterchange, AgreementInterchangeSchema, StoredAgreementSchema } from '../documents/schema';
import { type AgreementStatus, amountMismatch, type AmountMismatch } from './status';
import { findAllocationCents } from '../budget-years/service';
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
  // Every listed project becomes a record (docs/decisions/0016).
  await syncProjectTitles(tx, null, content.year, content.district.ags, content.measures, input.isDemo);
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
  return row ? StoredAgreementSchema.parse(row.content) : undefined;
}

/**
 * Whether the § 4 amount of the district's current agreement differs from its current allocation
 * (status.ts `amountMismatch`). Null when they match or the agreement or the allocation is missing.
 */
export async function findAmountMismatch(db: Executor, year: number, ags: string): Promise<AmountMismatch | null> {
  const allocationCents = await findAllocationCents(db, ags, year);
  if (allocationCents === undefined) return null;
  const agreement = await findCurrentAgreementContent(db, ags, year);
  return agreement ? amountMismatch(agreement.amountCents, allocationCents) : null;
}

/** Deletes demo agreements (their versions cascade) and the demo project records. */
export async function removeDemoAgreements(db: Executor): Promise<void> {
  await db.delete(agreements).where(eq(agreements.isDemo, true));
  await removeDemoProjects(db);
}

/**
 * Records the template version for the versions of a year's agreements that have none yet and
 * came from one of `sources` (seeded: "reference-agreement", "demo"). Idempotent; returns the count.
 */
export async function assignTemplateVersionWhereMissing(tx: Executor, year: number, templateVersionId: number, sources: string[]): Promise<number> {
  const ids = tx.select({ id: agreements.id }).from(agreements).where(eq(agreements.year, year));
  const updated = await tx
    .update(agreementVersions)
    .set({ templateVersionId })
    .where(and(isNull(agreementVersions.templateVersionId), inArray(agreementVersions.source, sources), inArray(agreementVersions.agreementId, ids)))
    .returning({ id: agreementVersions.id });
  return updated.length;
}

/**
 * Records the year's current template version on seeded agreement versions (`sources`, e.g.
 * "reference-agreement", "demo") that have none yet. Years without a template are skipped.
 */
export async function recordTemplateOnSeededVersions(tx: Executor, sources: string[]): Promise<void> {
  for (const { year } of await findTemplateYears(tx)) {
    const template = await getCurrentTemplate(tx, year);
    await assignTemplateVersionWhereMissing(tx, year, template.id, sources);
  }
}

/** The workflow use cases (one file per action in use-cases/), for other modules such as the API. */
export * from './use-cases';
