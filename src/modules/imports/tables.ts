import { char, index, integer, jsonb, pgTable, serial, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../../platform/db/types';
import { agreements } from '../agreements/tables';

/**
 * Every imported original file, kept byte for byte with its SHA-256. One row per saved import;
 * the SHA-256 is unique, so the same file can never be stored twice. It points at the agreement
 * version the file produced (or matched, when its content equalled the current version).
 */
export const importDocuments = pgTable(
  'import_documents',
  {
    id: serial('id').primaryKey(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: char('sha256', { length: 64 }).notNull(),
    bytes: bytea('bytes').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
    agreementId: integer('agreement_id')
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    /** The importer's warnings at saving time: [{ code, message, line? }]. */
    warnings: jsonb('warnings').notNull().default([]),
  },
  (t) => [unique('import_documents_sha256').on(t.sha256), index('import_documents_agreement').on(t.agreementId)],
);

/**
 * An uploaded file waiting in the web preview (one row per file of a batch). Keeps the bytes, the
 * extracted text and the recognised (later: corrected) agreement server-side between preview and
 * save, so the journey needs no JavaScript and no re-upload. Drafts older than a day are deleted.
 */
export const importDrafts = pgTable(
  'import_drafts',
  {
    id: serial('id').primaryKey(),
    batchId: uuid('batch_id').notNull(),
    /** 1-based position of the file in its batch. */
    position: integer('position').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: char('sha256', { length: 64 }).notNull(),
    bytes: bytea('bytes').notNull(),
    /** The text the importer read; null when extraction failed. */
    extractedText: text('extracted_text'),
    /** The recognised agreement (interchange JSON); null when recognition failed. */
    agreement: jsonb('agreement'),
    warnings: jsonb('warnings').notNull().default([]),
    /** { code, message, field? } when the file could not be recognised. */
    error: jsonb('error'),
    /** open | saved | skipped | failed */
    status: text('status', { enum: ['open', 'saved', 'skipped', 'failed'] }).notNull(),
    /** German one-line result after saving ("Neue Version 2 …", "unverändert …"). */
    outcome: text('outcome'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('import_drafts_batch_position').on(t.batchId, t.position)],
);
