import { LetterheadKeySchema, type StoredLetterhead } from './schema';
import type { letterheads } from './tables';

/** A stored row as the module hands it out (the key checked against the two known senders). */
export function toLetterhead(row: typeof letterheads.$inferSelect): StoredLetterhead {
  return {
    key: LetterheadKeySchema.parse(row.key),
    authority: row.authority,
    unit: row.unit,
    shortName: row.shortName,
    addressLines: row.addressLines,
    contactName: row.contactName,
    phone: row.phone,
    email: row.email,
    web: row.web,
    referencePrefix: row.referencePrefix,
    signerName: row.signerName,
    signerRole: row.signerRole,
    signaturePrefix: row.signaturePrefix === 'Im Auftrag' || row.signaturePrefix === 'In Vertretung' ? row.signaturePrefix : null,
    version: row.version,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}
