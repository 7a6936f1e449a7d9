import { z } from 'zod';
import type { AppDatabase } from '../../../platform/db/client';
import { AppError, unwrapZod } from '../../../platform/errors';
import { formatDate } from '../../../platform/format';
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

/** Today as an ISO date in Hessen's time zone (a signature dated "today" after 23:00 UTC is not in the future). */
function todayInBerlin(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(now);
}

/**
 * Plausibility of a signature date (German message, or null when plausible): not in the future,
 * not before 1 January of the AQB year before the agreement's year (Zielvereinbarungsgespräche
 * start before the year), not before the draft existed. The other party's date does not constrain
 * this one: either may sign first.
 */
export function implausibleSignatureDate(date: string, context: { year: number; draftCreatedOn: string; party: 'land' | 'district'; other: string | null; today?: string }): string | null {
  const today = context.today ?? todayInBerlin();
  if (date > today) return `Das Datum der Unterschrift (${formatDate(date)}) liegt in der Zukunft. Bitte erfassen Sie eine Unterschrift erst, wenn sie geleistet ist.`;
  const earliest = `${context.year - 1}-01-01`;
  if (date < earliest) return `Das Datum der Unterschrift (${formatDate(date)}) liegt vor dem AQB-Jahr ${context.year} und seiner Vorbereitung (frühestens ${formatDate(earliest)}).`;
  if (date < context.draftCreatedOn) return `Das Datum der Unterschrift (${formatDate(date)}) liegt vor dem Entwurf dieser Zielvereinbarung (angelegt am ${formatDate(context.draftCreatedOn)}).`;
  return null;
}

/**
 * Records the Land's (HMSI) or the district's signature – place, date, name, title and the
 * recording user – as a new version. The second signature, in either order, makes the agreement
 * `unterzeichnet`. Throws INVALID_STATE_TRANSITION outside `zur_unterschrift`.
 */
export async function recordSignature(database: AppDatabase, actor: MaybeActor, year: number, ags: string, raw: SignatureInput): Promise<{ version: number; status: string }> {
  const { input, record, status, content } = await checkSignature(database, actor, year, ags, raw);
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

/**
 * Every check of recordSignature (policy, version, schema, plausibility, status) without writing:
 * what the confirmation page shows before the signature is recorded. Returns the status the
 * agreement will have afterwards. Throws as recordSignature does.
 */
export async function checkSignature(database: AppDatabase, actor: MaybeActor, year: number, ags: string, raw: SignatureInput) {
  const input = unwrapZod(SignatureInputSchema.safeParse(raw));
  const action = input.party === 'land' ? 'agreement.signLand' : 'agreement.signDistrict';
  authorize(actor, action, { ags });
  const record = await getAgreementFor(database.db, actor, year, ags);
  if (record.currentVersion !== input.expectedVersion) throw conflictError(input.expectedVersion, record.currentVersion);
  authorize(actor, action, { ags, status: record.status });
  const problem = implausibleSignatureDate(input.signature.date, { year, draftCreatedOn: record.createdAt.toISOString().slice(0, 10), party: input.party, other: record.content.signatures[input.party === 'land' ? 'district' : 'land']?.date ?? null });
  if (problem) throw new AppError('VALIDATION_FAILED', problem, { issues: [{ path: 'signature.date', message: problem }] });
  const signatures = { ...record.content.signatures, [input.party]: input.signature };
  const status = statusAfterSignature(record.status, signatures);
  const content = { ...record.content, signatures };
  return { input, record, status, content };
}
