/**
 * The senders of official letters (Briefköpfe) for other modules: look one up, turn it into the
 * letterhead, information block and signature of an OfficialLetter
 * (src/platform/documents/official-letter.ts). Administrators edit them (update-letterhead.ts).
 */
import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import type { Letterhead, OfficialLetter } from '../../platform/documents/official-letter';
import { SEEDED_LETTERHEADS } from './data';
import { toLetterhead } from './letterhead-row';
import type { LetterheadKey, StoredLetterhead } from './schema';
import { letterheads } from './tables';

export { LETTERHEAD_KEYS, LETTERHEAD_LABELS, type LetterheadKey, type StoredLetterhead } from './schema';
export { updateLetterhead } from './update-letterhead';


/**
 * Inserts the seeded senders where missing (idempotent, keeps an administrator's edits). Audited
 * by the start-up's `system.seed` event (row count of `letterheads`).
 */
export async function seedLetterheads(tx: Executor): Promise<void> {
  await tx.insert(letterheads).values(SEEDED_LETTERHEADS.map((seed) => ({ ...seed }))).onConflictDoNothing();
}

/** Both senders, ministry first. */
export async function findLetterheads(db: Executor): Promise<StoredLetterhead[]> {
  const rows = await db.select().from(letterheads).orderBy(asc(letterheads.key));
  return rows.map(toLetterhead);
}

/** One sender; NOT_FOUND for an unknown key (or before the master data was seeded). */
export async function findLetterhead(db: Executor, key: LetterheadKey): Promise<StoredLetterhead> {
  const [row] = await db.select().from(letterheads).where(eq(letterheads.key, key));
  if (!row) throw new AppError('NOT_FOUND', 'Diesen Briefkopf gibt es nicht.');
  return toLetterhead(row);
}

/** The sender as printed at the top of an official letter. */
export function letterheadOf(sender: StoredLetterhead): Letterhead {
  return {
    authority: sender.authority,
    ...(sender.unit ? { unit: sender.unit } : {}),
    addressLines: sender.addressLines,
    ...(sender.phone ? { phone: sender.phone } : {}),
    ...(sender.email ? { email: sender.email } : {}),
    ...(sender.web ? { web: sender.web } : {}),
  };
}

/** The Rücksendeangabe above the address field: "HMSI · Sonnenberger Straße 2/2a · 65193 Wiesbaden". */
export function returnAddressOf(sender: StoredLetterhead): string {
  return [sender.shortName, ...sender.addressLines].join(' · ');
}

/**
 * The information block of a letter from this sender: Aktenzeichen (prefix + the letter's own
 * part), Ansprechperson, Telefon and E-Mail when known, Datum (already formatted).
 */
export function infoBlockOf(sender: StoredLetterhead, reference: string, date: string): OfficialLetter['infoBlock'] {
  return [
    { label: 'Aktenzeichen', value: `${sender.referencePrefix} – ${reference}` },
    { label: 'Ansprechperson', value: sender.contactName },
    ...(sender.phone ? [{ label: 'Telefon', value: sender.phone }] : []),
    ...(sender.email ? [{ label: 'E-Mail', value: sender.email }] : []),
    { label: 'Datum', value: date },
  ];
}

/** Who signs a letter from this sender. */
export function signatureOf(sender: StoredLetterhead): NonNullable<OfficialLetter['signature']> {
  return { ...(sender.signaturePrefix ? { prefix: sender.signaturePrefix } : {}), name: sender.signerName, role: sender.signerRole };
}

/** The four parts of an OfficialLetter that come from its sender. */
export function senderParts(sender: StoredLetterhead, reference: string, date: string): Pick<OfficialLetter, 'letterhead' | 'returnAddress' | 'infoBlock' | 'signature'> {
  return { letterhead: letterheadOf(sender), returnAddress: returnAddressOf(sender), infoBlock: infoBlockOf(sender, reference, date), signature: signatureOf(sender) };
}

/**
 * Letterhead and Rücksendeangabe of a sender from the master data, or `fallback` while the master
 * data has no row for it (a database seeded before the letterheads existed).
 */
export async function letterSender(db: Executor, key: LetterheadKey, fallback: Pick<OfficialLetter, 'letterhead' | 'returnAddress'>): Promise<Pick<OfficialLetter, 'letterhead' | 'returnAddress'>> {
  const [row] = await db.select().from(letterheads).where(eq(letterheads.key, key));
  if (!row) return fallback;
  const sender = toLetterhead(row);
  return { letterhead: letterheadOf(sender), returnAddress: returnAddressOf(sender) };
}
