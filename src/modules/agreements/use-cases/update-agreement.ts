import { z } from 'zod';
import type { AppDatabase } from '../../../platform/db/client';
import { AppError, unwrapZod } from '../../../platform/errors';
import { authorize, can, type MaybeActor } from '../../access/policy';
import { type AgreementInterchange, MAX_AMOUNT_CENTS, MeasureSchema, SignatureSchema } from '../../documents/schema';
import { syncProjectTitles } from '../../projects/service';
import { auditAgreementChange } from './audit';
import { type AgreementRecord, auditSnapshot, conflictError, getAgreementFor, saveNewVersion } from './agreement-record';

/**
 * What an edit may change: the projects per Maßnahmenart and (with `agreement.editAmount`) the
 * § 4 amount. `signatures`, when sent (the API's PUT sends the whole interchange document), must
 * equal the stored ones: signatures are recorded by recordSignature, never by editing.
 */
export const AgreementEditSchema = z.object({
  expectedVersion: z.number().int().min(1),
  amountCents: z.number().int('Betrag in ganzen Cent erwartet').min(0, 'Betrag darf nicht negativ sein').max(MAX_AMOUNT_CENTS, 'Betrag ist unrealistisch hoch').optional(),
  measures: z
    .array(MeasureSchema)
    .length(4, 'Genau vier Maßnahmenarten (1–4) erwartet')
    .refine((measures) => measures.every((m, i) => m.type === i + 1), 'Maßnahmenarten müssen in der Reihenfolge 1–4 stehen'),
  signatures: z.object({ land: SignatureSchema.nullable(), district: SignatureSchema.nullable() }).optional(),
});
export type AgreementEdit = z.infer<typeof AgreementEditSchema>;

/**
 * Saves an edited agreement as a new version, only if nobody saved since `expectedVersion`
 * (CONFLICT otherwise, nothing overwritten). District users edit projects of their own district
 * only; the amount is set by HMSI. Saving works whatever the amount – the check comes with
 * "Zur Unterschrift freigeben".
 */
export async function updateAgreement(database: AppDatabase, actor: MaybeActor, year: number, ags: string, edit: AgreementEdit): Promise<{ version: number; record: AgreementRecord }> {
  const input = unwrapZod(AgreementEditSchema.safeParse(edit));
  authorize(actor, 'agreement.edit', { ags });
  const record = await getAgreementFor(database.db, actor, year, ags);
  // A stale form is a conflict even when the agreement has moved on to a status without editing.
  if (record.currentVersion !== input.expectedVersion) throw conflictError(input.expectedVersion, record.currentVersion);
  authorize(actor, 'agreement.edit', { ags, status: record.status });
  const amountCents = input.amountCents ?? record.content.amountCents;
  if (amountCents !== record.content.amountCents && !can(actor, 'agreement.editAmount', { ags, status: record.status })) {
    throw new AppError('FORBIDDEN', 'Den Betrag in § 4 legt das HMSI fest.');
  }
  if (input.signatures !== undefined && JSON.stringify(input.signatures) !== JSON.stringify(record.content.signatures)) {
    throw new AppError('VALIDATION_FAILED', 'Unterschriften werden über „Unterschriften erfassen“ (API: /signatures) eingetragen, nicht durch Ändern des Inhalts.', {
      issues: [{ path: 'signatures', message: 'Weicht vom gespeicherten Stand ab' }],
    });
  }
  const content: AgreementInterchange = { ...record.content, amountCents, measures: input.measures };
  return database.db.transaction(async (tx) => {
    // The version check comes first: it locks the agreement row, so concurrent saves queue here
    // and only the winner touches the project records (the others get CONFLICT, not a key clash).
    const version = await saveNewVersion(tx, record.id, {
      expectedVersion: input.expectedVersion,
      content,
      status: record.status,
      source: 'edit',
      actor,
      amendsVersion: record.amendsVersion,
    });
    // The lines of § 5 are the district's project records: keep them in step (docs/decisions/0016).
    await syncProjectTitles(tx, actor, year, ags, input.measures);
    await auditAgreementChange(tx, actor, 'agreement.update', record.id, auditSnapshot(record), auditSnapshot({ status: record.status, currentVersion: version, content }));
    return { version, record };
  });
}
