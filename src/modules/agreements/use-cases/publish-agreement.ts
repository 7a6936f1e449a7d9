import { createHash } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { AppDatabase, Executor } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { authorize, type MaybeActor } from '../../access/policy';
import { type AgreementDocument, renderPdf } from '../../documents/service';
import { assertTransition } from '../status';
import { agreementPublications, agreements, agreementVersions } from '../tables';
import { StoredAgreementSchema } from '../../documents/schema';
import { auditAgreementChange } from './audit';
import { auditSnapshot, conflictError, getAgreementFor, saveNewVersion } from './agreement-record';
import { composeStoredVersion } from './agreement-document';

/**
 * Publishes a signed agreement (HMSI, both signatures): renders the PDF and stores its bytes and
 * SHA-256 in the same transaction as the status change, so a publication without its frozen
 * document (or the reverse) cannot exist.
 */
export async function publishAgreement(
  database: AppDatabase,
  actor: MaybeActor,
  year: number,
  ags: string,
  expectedVersion: number,
  options: { expectedSha256?: string } = {},
): Promise<{ version: number; sha256: string }> {
  const { record, pdf, sha256, templateVersionId } = await previewPublication(database, actor, year, ags, expectedVersion);
  authorize(actor, 'agreement.publish', { ags });
  // The confirmation page showed a fingerprint: publish exactly that document or nothing.
  if (options.expectedSha256 !== undefined && options.expectedSha256 !== sha256) {
    throw new AppError('CONFLICT', 'Das Dokument hat sich seit der Bestätigungsseite geändert (anderer Fingerabdruck). Bitte prüfen Sie es erneut, bevor Sie veröffentlichen.');
  }
  const publishedAt = new Date();
  return database.db.transaction(async (tx) => {
    const version = await saveNewVersion(tx, record.id, {
      expectedVersion,
      content: record.content,
      status: 'veroeffentlicht',
      source: 'publication',
      actor,
      amendsVersion: record.amendsVersion,
      templateVersionId,
      set: { publishedAt },
    });
    await tx.insert(agreementPublications).values({
      agreementId: record.id,
      version,
      pdf: Buffer.from(pdf),
      sha256,
      publishedAt,
      publishedBy: actor.userId,
      isDemo: record.isDemo,
    });
    await auditAgreementChange(tx, actor, 'agreement.publish', record.id, auditSnapshot(record), {
      ...auditSnapshot({ status: 'veroeffentlicht', currentVersion: version, content: record.content }),
      sha256,
    });
    return { version, sha256 };
  });
}

/**
 * The document a publication would freeze, with every check of publishAgreement (policy, version,
 * both signatures, status): the PDF rendered with the template the signed version records (the
 * wording that was signed), and its SHA-256 — what the confirmation page shows. Nothing is written.
 */
export async function previewPublication(database: AppDatabase, actor: MaybeActor, year: number, ags: string, expectedVersion: number) {
  authorize(actor, 'agreement.publish', { ags });
  const record = await getAgreementFor(database.db, actor, year, ags);
  if (record.currentVersion !== expectedVersion) throw conflictError(expectedVersion, record.currentVersion);
  assertTransition(record.status, 'veroeffentlicht', actor, { ags, signatures: record.content.signatures });
  // Rendering is pure and slow-ish: done before any transaction; the version lock still guards.
  const { document, template } = await composeStoredVersion(database.db, record);
  const pdf = await renderPdf(document);
  return { record, pdf, sha256: createHash('sha256').update(pdf).digest('hex'), templateVersionId: template.id };
}

/**
 * Freezes a publication (PDF bytes + SHA-256) for every agreement in `veroeffentlicht` that has
 * none yet: the seeded real agreements and the published demo ones. The same composition as
 * `publishAgreement` (the template the version records), audited as the system's act in the
 * caller's transaction. Idempotent; agreements of years without a template are skipped.
 * Returns the number created.
 */
export async function publishSeededAgreements(tx: Executor): Promise<number> {
  const missing = await tx
    .select({
      id: agreements.id,
      version: agreements.currentVersion,
      publishedAt: agreements.publishedAt,
      isDemo: agreements.isDemo,
      content: agreementVersions.content,
      templateVersionId: agreementVersions.templateVersionId,
    })
    .from(agreements)
    .innerJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), eq(agreementVersions.version, agreements.currentVersion)))
    .leftJoin(agreementPublications, eq(agreementPublications.agreementId, agreements.id))
    .where(and(eq(agreements.status, 'veroeffentlicht'), isNull(agreementPublications.id)))
    .orderBy(asc(agreements.id));
  // Compose one by one (database reads), then render all at once on the render workers.
  const composed: Array<{ row: (typeof missing)[number]; document: AgreementDocument; templateVersionId: number }> = [];
  for (const row of missing) {
    try {
      const result = await composeStoredVersion(tx, { content: StoredAgreementSchema.parse(row.content), templateVersionId: row.templateVersionId });
      composed.push({ row, document: result.document, templateVersionId: result.template.id });
    } catch (error) {
      if (error instanceof AppError && error.code === 'TEMPLATE_MISSING') continue;
      throw error;
    }
  }
  const pdfs = await Promise.all(composed.map((entry) => renderPdf(entry.document)));
  let created = 0;
  for (const [index, { row, templateVersionId }] of composed.entries()) {
    const pdf = pdfs[index]!;
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    const inserted = await tx
      .insert(agreementPublications)
      .values({ agreementId: row.id, version: row.version, pdf: Buffer.from(pdf), sha256, publishedAt: row.publishedAt ?? new Date(), isDemo: row.isDemo })
      .onConflictDoNothing()
      .returning({ id: agreementPublications.id });
    if (inserted.length === 0) continue;
    created++;
    await auditAgreementChange(tx, null, 'agreement.publish.seed', row.id, null, { version: row.version, sha256, templateVersionId, isDemo: row.isDemo });
  }
  return created;
}
