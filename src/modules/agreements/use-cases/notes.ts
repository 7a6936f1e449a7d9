import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { text } from '../../../platform/input';
import type { AppDatabase, Executor } from '../../../platform/db/client';
import { AppError, unwrapZod } from '../../../platform/errors';
import { authorize, type MaybeActor, type UserId } from '../../access/policy';
import { agreementNotes, agreements } from '../tables';
import { auditAgreementChange } from './audit';
import { conflictError, getAgreementFor } from './agreement-record';

export const NoteInputSchema = z.object({
  // text(): NUL and other control characters are refused with a German message (PostgreSQL refuses NUL: was a 500).
  body: text(5000, { multiline: true, required: 'Bitte schreiben Sie die Notiz.' }),
});

export interface AgreementNote {
  id: number;
  version: number;
  party: 'land' | 'district';
  authorId: UserId | null;
  body: string;
  createdAt: Date;
}

/** The notes of an agreement, oldest first; NOT_FOUND for another district's agreement. */
export async function findAgreementNotes(db: Executor, actor: MaybeActor, year: number, ags: string): Promise<{ notes: AgreementNote[] }> {
  const record = await getAgreementFor(db, actor, year, ags);
  const notes = await db
    .select({ id: agreementNotes.id, version: agreementNotes.version, party: agreementNotes.party, authorId: agreementNotes.authorId, body: agreementNotes.body, createdAt: agreementNotes.createdAt })
    .from(agreementNotes)
    .where(eq(agreementNotes.agreementId, record.id))
    .orderBy(asc(agreementNotes.createdAt), asc(agreementNotes.id));
  return { notes };
}

/**
 * Adds a negotiation note tied to the agreement's current version (what was changed and why, an
 * open question), audited. The ministry writes as `land`, a district as `district`.
 */
export async function addAgreementNote(database: AppDatabase, actor: MaybeActor, year: number, ags: string, raw: unknown): Promise<number> {
  authorize(actor, 'agreement.note', { ags });
  const { body } = unwrapZod(NoteInputSchema.safeParse(raw));
  const record = await getAgreementFor(database.db, actor, year, ags, 'agreement.note');
  const party = actor.role === 'district' ? 'district' : 'land';
  return database.db.transaction(async (tx) => {
    const [row] = await tx.insert(agreementNotes).values({ agreementId: record.id, version: record.currentVersion, party, authorId: actor.userId, body, isDemo: record.isDemo }).returning({ id: agreementNotes.id });
    await auditAgreementChange(tx, actor, 'agreement.note', record.id, null, { noteId: row!.id, version: record.currentVersion, party });
    return row!.id;
  });
}

/**
 * The district marks its part "von der Gebietskörperschaft abgestimmt" for the version it has
 * seen (`expectedVersion`, CONFLICT when the agreement changed since), audited. The ministry's task
 * list shows it. A later version is not covered by the mark: the page says which version was agreed.
 */
export async function markDistrictAgreed(database: AppDatabase, actor: MaybeActor, year: number, ags: string, expectedVersion: number): Promise<void> {
  authorize(actor, 'agreement.markAgreed', { ags });
  const record = await getAgreementFor(database.db, actor, year, ags, 'agreement.markAgreed');
  if (record.currentVersion !== expectedVersion) throw conflictError(expectedVersion, record.currentVersion);
  if (record.districtAgreedVersion === record.currentVersion) throw new AppError('CONFLICT', `Version ${record.currentVersion} ist bereits als abgestimmt markiert.`);
  await database.db.transaction(async (tx) => {
    await tx.update(agreements).set({ districtAgreedVersion: record.currentVersion, districtAgreedAt: new Date(), districtAgreedBy: actor.userId }).where(eq(agreements.id, record.id));
    await auditAgreementChange(tx, actor, 'agreement.markAgreed', record.id, { districtAgreedVersion: record.districtAgreedVersion }, { districtAgreedVersion: record.currentVersion });
  });
}
