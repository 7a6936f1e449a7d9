import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { authorize, type MaybeActor } from '../../access/policy';
import { getBudgetYear } from '../../budget-years/service';
import { type AgreementInterchange, AgreementInterchangeSchema } from '../../documents/schema';
import { AGREEMENT_STATUS_LABELS, type AgreementStatus, INITIAL_STATUS } from '../status';
import { agreements, agreementVersions } from '../tables';
import { syncProjectTitles } from '../../projects/service';
import { auditAgreementChange } from './audit';
import { auditSnapshot, currentTemplateId, getAgreement, saveNewVersion } from './agreement-record';

/** Who imports: a signed-in HMSI user (web, `aqb import --als`) or the command line as the system. */
export interface ImportActor {
  actor: MaybeActor;
  /** For the audit event when there is no user account behind the import, e.g. "cli:root". */
  via?: string;
}

/** What importing a document did to the agreement. */
export type ImportedAgreement =
  | { kind: 'created'; agreementId: number; version: number; status: AgreementStatus }
  | { kind: 'unchanged'; agreementId: number; version: number }
  | { kind: 'new_version'; agreementId: number; version: number; previous: AgreementInterchange }
  | { kind: 'amendment'; agreementId: number; version: number; previous: AgreementInterchange; amendsVersion: number };

/** States whose text may still change: an imported document becomes their next version. */
const OPEN_STATES: readonly AgreementStatus[] = ['entwurf', 'in_abstimmung'];

/**
 * The one way an imported document (file or interchange JSON) becomes agreement content, in the
 * caller's transaction, with actor, policy (`import.run`), status guard, template version and audit:
 *  - no agreement yet: a new one, `unterzeichnet` when the document carries both signatures, else
 *    `entwurf`;
 *  - the same content as the current version: nothing is written;
 *  - an agreement still in negotiation (`entwurf`, `in_abstimmung`, also an open Nachtrag): the next
 *    version, status unchanged;
 *  - a published agreement: a Nachtrag draft (`entwurf`, amending the published version) with the
 *    document's text; its signatures are recorded again in the Nachtrag, never copied;
 *  - an agreement waiting for or carrying signatures (`zur_unterschrift`, `unterzeichnet`):
 *    INVALID_STATE_TRANSITION with a German message — signed content never changes.
 * Throws NOT_FOUND for a year that is not set up.
 */
export async function importAgreementContent(tx: Executor, who: ImportActor, input: AgreementInterchange): Promise<ImportedAgreement> {
  const content = AgreementInterchangeSchema.parse(input);
  const ags = content.district.ags;
  // The command line without an account is the system (operator at the server); everyone else asks the policy.
  if (who.actor !== null) authorize(who.actor, 'import.run', { ags });
  await getBudgetYear(tx, content.year);
  const via = who.via ? { via: who.via } : {};
  const [locked] = await tx
    .select({ id: agreements.id })
    .from(agreements)
    .where(and(eq(agreements.year, content.year), eq(agreements.ags, ags)))
    .for('update');

  if (!locked) {
    const status: AgreementStatus = content.signatures.land && content.signatures.district ? 'unterzeichnet' : INITIAL_STATUS;
    const [created] = await tx.insert(agreements).values({ year: content.year, ags, status, currentVersion: 1 }).returning({ id: agreements.id });
    const agreementId = created!.id;
    await tx.insert(agreementVersions).values({
      agreementId,
      version: 1,
      content,
      source: 'import',
      status,
      createdBy: who.actor?.userId ?? null,
      templateVersionId: await currentTemplateId(tx, content.year),
    });
    await syncProjectTitles(tx, who.actor, content.year, ags, content.measures);
    await auditAgreementChange(tx, who.actor, 'agreement.import.create', agreementId, null, { ...auditSnapshot({ status, currentVersion: 1, content }), ...via });
    return { kind: 'created', agreementId, version: 1, status };
  }

  const record = await getAgreement(tx, content.year, ags);
  if (JSON.stringify(record.content) === JSON.stringify(content)) {
    return { kind: 'unchanged', agreementId: record.id, version: record.currentVersion };
  }
  if (OPEN_STATES.includes(record.status)) {
    const version = await saveNewVersion(tx, record.id, {
      expectedVersion: record.currentVersion,
      content,
      status: record.status,
      source: 'import',
      actor: who.actor,
      amendsVersion: record.amendsVersion,
    });
    await syncProjectTitles(tx, who.actor, content.year, ags, content.measures);
    await auditAgreementChange(tx, who.actor, 'agreement.import.update', record.id, auditSnapshot(record), {
      ...auditSnapshot({ status: record.status, currentVersion: version, content }),
      ...via,
    });
    return { kind: 'new_version', agreementId: record.id, version, previous: record.content };
  }
  if (record.status === 'veroeffentlicht') {
    const draft = { ...content, signatures: { land: null, district: null } };
    const version = await saveNewVersion(tx, record.id, {
      expectedVersion: record.currentVersion,
      content: draft,
      status: INITIAL_STATUS,
      source: 'import-amendment',
      actor: who.actor,
      amendsVersion: record.currentVersion,
      set: { landSignatureRecordedBy: null, districtSignatureRecordedBy: null },
    });
    await syncProjectTitles(tx, who.actor, content.year, ags, draft.measures);
    await auditAgreementChange(tx, who.actor, 'agreement.import.amend', record.id, auditSnapshot(record), {
      ...auditSnapshot({ status: INITIAL_STATUS, currentVersion: version, content: draft }),
      amendsVersion: record.currentVersion,
      ...via,
    });
    return { kind: 'amendment', agreementId: record.id, version, previous: record.content, amendsVersion: record.currentVersion };
  }
  throw new AppError(
    'INVALID_STATE_TRANSITION',
    `Die Zielvereinbarung ${content.year} für ${content.district.name} ist im Status „${AGREEMENT_STATUS_LABELS[record.status]}“: ` +
      'ihr Text ist zur Unterschrift freigegeben oder unterschrieben und wird durch einen Import nicht geändert. ' +
      'Ist sie veröffentlicht, wird ein abweichendes Dokument als Nachtrag-Entwurf übernommen.',
  );
}
