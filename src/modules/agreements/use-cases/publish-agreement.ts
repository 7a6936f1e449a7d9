import { createHash } from 'node:crypto';
import type { AppDatabase } from '../../../platform/db/client';
import { authorize, type MaybeActor } from '../../access/policy';
import { renderPdf } from '../../documents/service';
import { assertTransition } from '../status';
import { agreementPublications } from '../tables';
import { auditAgreementChange } from './audit';
import { auditSnapshot, conflictError, getAgreementFor, saveNewVersion } from './agreement-record';
import { composeWithTemplate } from './compose-record';

/**
 * Publishes a signed agreement (HMSI, both signatures): renders the PDF and stores its bytes and
 * SHA-256 in the same transaction as the status change, so a publication without its frozen
 * document (or the reverse) cannot exist.
 */
export async function publishAgreement(database: AppDatabase, actor: MaybeActor, year: number, ags: string, expectedVersion: number): Promise<{ version: number; sha256: string }> {
  authorize(actor, 'agreement.publish', { ags });
  const record = await getAgreementFor(database.db, actor, year, ags);
  if (record.currentVersion !== expectedVersion) throw conflictError(expectedVersion, record.currentVersion);
  assertTransition(record.status, 'veroeffentlicht', actor!, { ags, signatures: record.content.signatures });
  // Rendering is pure and slow-ish: do it before the transaction; the lock check below still guards.
  // The template version is recorded with the publication, so the agreement page keeps showing
  // the text of the frozen PDF even after the year template is edited.
  const { document, templateVersionId } = await composeWithTemplate(database.db, record.content);
  const pdf = await renderPdf(document);
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const publishedAt = new Date();
  return database.db.transaction(async (tx) => {
    const version = await saveNewVersion(tx, record.id, {
      expectedVersion,
      content: record.content,
      status: 'veroeffentlicht',
      source: 'publication',
      actor: actor!,
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
      publishedBy: /^\d{1,9}$/.test(actor!.userId) ? Number(actor!.userId) : null,
      isDemo: record.isDemo,
    });
    await auditAgreementChange(tx, actor!, 'agreement.publish', record.id, auditSnapshot(record), {
      ...auditSnapshot({ status: 'veroeffentlicht', currentVersion: version, content: record.content }),
      sha256,
    });
    return { version, sha256 };
  });
}
