import { and, asc, eq, sql } from 'drizzle-orm';
import { isAgs } from '../../../platform/input';
import type { Executor } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { type Actor, type Action, authorize, type MaybeActor, type UserId } from '../../access/policy';
import { getCurrentTemplate } from '../../templates/service';
import { type AgreementInterchange, StoredAgreementSchema } from '../../documents/schema';
import type { AgreementStatus } from '../status';
import { agreements, agreementVersions } from '../tables';

/** An agreement with the content of its current version. */
export interface AgreementRecord {
  id: number;
  year: number;
  ags: string;
  status: AgreementStatus;
  currentVersion: number;
  isDemo: boolean;
  publishedAt: Date | null;
  landSignatureRecordedBy: UserId | null;
  districtSignatureRecordedBy: UserId | null;
  /** The Nachtrag this agreement is in, if any: the published version it amends. */
  amendsVersion: number | null;
  /** The version the district marked "von der Gebietskörperschaft abgestimmt", if any. */
  districtAgreedVersion: number | null;
  districtAgreedAt: Date | null;
  content: AgreementInterchange;
  /** The template version the current version is rendered with; null for old versions without one. */
  templateVersionId: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The agreement of a district in a year with its current content; throws NOT_FOUND. */
export async function getAgreement(db: Executor, year: number, ags: string): Promise<AgreementRecord> {
  if (!Number.isSafeInteger(year) || !isAgs(ags)) throw new AppError('NOT_FOUND');
  const [row] = await db
    .select({ agreement: agreements, content: agreementVersions.content, amendsVersion: agreementVersions.amendsVersion, templateVersionId: agreementVersions.templateVersionId })
    .from(agreements)
    .innerJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), eq(agreementVersions.version, agreements.currentVersion)))
    .where(and(eq(agreements.year, year), eq(agreements.ags, ags)));
  if (!row) throw new AppError('NOT_FOUND', 'Für diese Gebietskörperschaft und dieses Jahr gibt es keine Zielvereinbarung.');
  const a = row.agreement;
  return {
    id: a.id,
    year: a.year,
    ags: a.ags,
    status: a.status,
    currentVersion: a.currentVersion,
    isDemo: a.isDemo,
    publishedAt: a.publishedAt,
    landSignatureRecordedBy: a.landSignatureRecordedBy,
    districtSignatureRecordedBy: a.districtSignatureRecordedBy,
    amendsVersion: row.amendsVersion,
    districtAgreedVersion: a.districtAgreedVersion,
    districtAgreedAt: a.districtAgreedAt,
    content: StoredAgreementSchema.parse(row.content),
    templateVersionId: row.templateVersionId,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

/**
 * Loads an agreement the actor may see for `action`: a district user asking for another
 * district's agreement gets NOT_FOUND (as if it did not exist), the anonymous visitor UNAUTHENTICATED.
 */
export async function getAgreementFor(db: Executor, actor: MaybeActor, year: number, ags: string, action: Action = 'agreement.read'): Promise<AgreementRecord> {
  // Check tenancy before touching the database so a foreign id leaks nothing, not even existence.
  authorize(actor, 'agreement.read', { ags });
  const record = await getAgreement(db, year, ags);
  if (action !== 'agreement.read') authorize(actor, action, { ags, status: record.status });
  return record;
}

export interface VersionChange {
  expectedVersion: number;
  content: AgreementInterchange;
  status: AgreementStatus;
  source: string;
  /** Who saves it; null only for the system (command-line import without an account). */
  actor: Actor | null;
  amendsVersion?: number | null;
  /** The template version the document of this version was rendered with (publications). */
  templateVersionId?: number | null;
  /** Further columns of `agreements` to set with the same conditional update. */
  set?: Partial<Pick<typeof agreements.$inferInsert, 'publishedAt' | 'landSignatureRecordedBy' | 'districtSignatureRecordedBy'>>;
}

/** The German conflict message; `details.currentVersion` tells the UI which version to show next to the user's. */
export function conflictError(expectedVersion: number, currentVersion: number | undefined): AppError {
  return new AppError(
    'CONFLICT',
    `Die Zielvereinbarung wurde inzwischen geändert (Ihre Fassung beruht auf Version ${expectedVersion}, aktuell ist Version ${currentVersion ?? 'unbekannt'}). Ihre Änderungen wurden nicht gespeichert.`,
    { details: { expectedVersion, currentVersion } },
  );
}

/**
 * Writes a new version with optimistic locking: a conditional UPDATE … WHERE current_version =
 * expected moves the agreement on, so of many saves based on the same version exactly one wins and
 * the others get CONFLICT. Call inside the transaction that also writes the audit event.
 * Returns the new version number.
 */
export async function saveNewVersion(tx: Executor, agreementId: number, change: VersionChange): Promise<number> {
  const content = StoredAgreementSchema.parse(change.content);
  const [updated] = await tx
    .update(agreements)
    .set({
      currentVersion: sql`${agreements.currentVersion} + 1`,
      status: change.status,
      updatedAt: new Date(),
      ...change.set,
    })
    .where(and(eq(agreements.id, agreementId), eq(agreements.currentVersion, change.expectedVersion)))
    .returning({ currentVersion: agreements.currentVersion, isDemo: agreements.isDemo });
  if (!updated) {
    const [current] = await tx.select({ currentVersion: agreements.currentVersion }).from(agreements).where(eq(agreements.id, agreementId));
    throw conflictError(change.expectedVersion, current?.currentVersion);
  }
  await tx.insert(agreementVersions).values({
    agreementId,
    version: updated.currentVersion,
    content,
    source: change.source,
    status: change.status,
    createdBy: change.actor?.userId ?? null,
    amendsVersion: change.amendsVersion ?? null,
    // Every version records the template it is rendered from: the one given, else the year's current one.
    templateVersionId: change.templateVersionId ?? (await currentTemplateId(tx, content.year)),
    isDemo: updated.isDemo,
  });
  return updated.currentVersion;
}

/** The id of the year's current template, or null when the year has none. */
export async function currentTemplateId(tx: Executor, year: number): Promise<number | null> {
  try {
    return (await getCurrentTemplate(tx, year)).id;
  } catch (error) {
    if (error instanceof AppError && error.code === 'TEMPLATE_MISSING') return null;
    throw error;
  }
}

export interface AgreementVersionRow {
  version: number;
  status: AgreementStatus | null;
  source: string;
  createdBy: UserId | null;
  amendsVersion: number | null;
  createdAt: Date;
  content: AgreementInterchange;
  templateVersionId: number | null;
}

/** Every version of an agreement, oldest first. */
export async function findAgreementVersions(db: Executor, agreementId: number): Promise<AgreementVersionRow[]> {
  const rows = await db
    .select()
    .from(agreementVersions)
    .where(eq(agreementVersions.agreementId, agreementId))
    .orderBy(asc(agreementVersions.version));
  return rows.map((row) => ({
    version: row.version,
    status: row.status,
    source: row.source,
    createdBy: row.createdBy,
    amendsVersion: row.amendsVersion,
    createdAt: row.createdAt,
    content: StoredAgreementSchema.parse(row.content),
    templateVersionId: row.templateVersionId,
  }));
}

/** One version of an agreement; throws NOT_FOUND. */
export async function getAgreementVersion(db: Executor, agreementId: number, version: number): Promise<AgreementVersionRow> {
  if (!Number.isSafeInteger(version)) throw new AppError('NOT_FOUND', 'Diese Version gibt es nicht.');
  const [row] = await db
    .select()
    .from(agreementVersions)
    .where(and(eq(agreementVersions.agreementId, agreementId), eq(agreementVersions.version, version)));
  if (!row) throw new AppError('NOT_FOUND', `Version ${version} gibt es nicht.`);
  return {
    version: row.version,
    status: row.status,
    source: row.source,
    createdBy: row.createdBy,
    amendsVersion: row.amendsVersion,
    createdAt: row.createdAt,
    content: StoredAgreementSchema.parse(row.content),
    templateVersionId: row.templateVersionId,
  };
}

/** A compact audit snapshot of an agreement state (the full content lives in the versions). */
export function auditSnapshot(record: Pick<AgreementRecord, 'status' | 'currentVersion' | 'content'>) {
  return {
    status: record.status,
    version: record.currentVersion,
    amountCents: record.content.amountCents,
    projects: record.content.measures.map((m) => m.projects.length),
    signatures: { land: record.content.signatures.land !== null, district: record.content.signatures.district !== null },
  };
}
