import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../access/tables';

/**
 * The senders of official letters (Briefköpfe): the ministry and RP Kassel, Dezernat 57. Master
 * data edited by administrators; every letter reads its sender from here when it is rendered and
 * keeps it frozen in its stored PDF/DOCX.
 */
export const letterheads = pgTable('letterheads', {
  /** 'hmsi' | 'rp-kassel' (LETTERHEAD_KEYS in schema.ts). */
  key: text('key').primaryKey(),
  authority: text('authority').notNull(),
  unit: text('unit'),
  /** Short sender name for the Rücksendeangabe ("HMSI", "RP Kassel"). */
  shortName: text('short_name').notNull(),
  /** Postal address, one string per line (1–4). */
  addressLines: jsonb('address_lines').$type<string[]>().notNull(),
  contactName: text('contact_name').notNull(),
  phone: text('phone'),
  email: text('email'),
  web: text('web'),
  /** Prefix of the Aktenzeichen printed in the letters ("AQB"). */
  referencePrefix: text('reference_prefix').notNull(),
  signerName: text('signer_name').notNull(),
  signerRole: text('signer_role').notNull(),
  /** "Im Auftrag", "In Vertretung" or null (signed in one's own name). */
  signaturePrefix: text('signature_prefix'),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
});
