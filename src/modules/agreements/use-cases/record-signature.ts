import { z } from 'zod';
import type { AppDatabase } from '../../../platform/db/client';
import { unwrapZod } from '../../../platform/errors';
import { authorize, type MaybeActor } from '../../access/policy';
import { SignatureSchema } from '../../documents/schema';
import { statusAfterSignature } from '../status';
import { auditAgreementChange } from './audit';
import { auditSnapshot, conflictError, getAgreementFor, saveNewVersion } from './agreement-record';

export const SignatureInputSchema = z.object({
  expectedVersion: z.number().int().min(1),
  party: z.enum(['land', 'district'], { error: 'Partei „land“ oder „district“ erwartet' }),
  signature: SignatureSchema,
});
export type SignatureInput = z.infer<typeof SignatureInputSchema>;

/**
 * Records the Land's (HMSI) or the district's signature – place, date, name, title and the
 * recording user – as a new version. The second signature, in either order, makes the agreement
 * `unterzeichnet`. Throws INVALID_STATE_TRANSITION outside `zur_unterschrift`.
 */
export async function recordSignature(database: AppDatabase, actor: MaybeActor, year: number, ags: string, raw: SignatureInput): Promise<{ version: number; status: string }> {
  const input = unwrapZod(SignatureInputSchema.safeParse(raw));
  const action = input.party === 'land' ? 'agreement.signLand' : 'agreement.signDistrict';
  authorize(actor, action, { ags });
  const record = await getAgreementFor(database.db, actor, year, ags);
  if (record.currentVersion !== input.expectedVersion) throw conflictError(input.expectedVersion, record.currentVersion);
  authorize(actor, action, { ags, status: record.status });
  const signatures = { ...record.content.signatures, [input.party]: input.signature };
  const status = statusAfterSignature(record.status, signatures);
  const content = { ...record.content, signatures };
  return database.db.transaction(async (tx) => {
    const version = await saveNewVersion(tx, record.id, {
      expectedVersion: input.expectedVersion,
      content,
      status,
      source: `signature-${input.party}`,
      actor: actor!,
      amendsVersion: record.amendsVersion,
      set: input.party === 'land' ? { landSignatureRecordedBy: actor!.userId } : { districtSignatureRecordedBy: actor!.userId },
    });
    await auditAgreementChange(tx, actor!, `agreement.sign.${input.party}`, record.id, auditSnapshot(record), { ...auditSnapshot({ status, currentVersion: version, content }), signature: input.signature });
    return { version, status };
  });
}
