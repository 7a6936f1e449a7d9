import { amountMismatch } from '../agreements/status';
import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, lt } from 'drizzle-orm';
import type { Database, Executor } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { recordAuditEvent } from '../../platform/audit/store';
import type { Actor } from '../access/policy';
import { formatDate, formatDateTime, formatEuro, isoWeekday, isWeekend } from '../../platform/format';
import { type ImportActor, importAgreementContent } from '../agreements/service';
import { type AgreementInterchange, AgreementInterchangeSchema, type Signature, StoredAgreementSchema } from '../documents/schema';
import { findAllocationsForYear } from '../budget-years/service';
import { findBudgetYears, getBudgetYear } from '../budget-years/service';
import { findDistricts } from '../districts/service';
import type { SourceFormat } from './extract-text';
import type { MissingField, ParseContext, ParseWarning, PartialAgreement } from './parse-agreement';
import { z } from 'zod';
import { type AnalysedFile, analyseImportFile, type ImportError, type ImportSource, sha256Hex } from './analyse-file';

export { analyseImportFile, type AnalysedFile, type FileErrorCode, type ImportError, type ImportErrorCode, type ImportSource, sha256Hex, shippedImportContext } from './analyse-file';
import { importDocuments, importDrafts } from './tables';

const MEDIA_TYPES: Record<SourceFormat, string> = {
  md: 'text/markdown',
  txt: 'text/plain',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** The media type stored with a file, from its extension (application/octet-stream when unknown). */
export function mediaTypeOf(fileName: string): string {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const format = ({ md: 'md', markdown: 'md', txt: 'txt', text: 'txt', pdf: 'pdf', docx: 'docx' } as Record<string, SourceFormat>)[extension];
  return format ? MEDIA_TYPES[format] : 'application/octet-stream';
}

/**
 * Master data the importer needs, read once per run: the 26 districts and every allocation
 * (for AMOUNT_MISMATCH).
 */
export async function loadImportContext(db: Executor): Promise<ParseContext> {
  const districts = await findDistricts(db);
  const allocations = new Map<string, number>();
  for (const { year } of await findBudgetYears(db)) {
    for (const row of await findAllocationsForYear(db, year)) allocations.set(`${row.ags}/${row.year}`, Number(row.amountCents));
  }
  return { districts, allocationCents: (ags, year) => allocations.get(`${ags}/${year}`) };
}

// ---------------------------------------------------------------------------------------------
// Difference between two versions

export interface AgreementDifference {
  field: 'amountCents' | 'measures' | 'signatures.land' | 'signatures.district';
  message: string;
}

function describeSignature(signature: Signature | null): string {
  return signature ? `${signature.name}, ${signature.title}, ${signature.place}, ${formatDate(signature.date)}` : 'keine';
}

/**
 * What changed from `before` to `after` (same district and year): the amount, projects added and
 * removed per Maßnahmenart (titles compared exactly), and each signature. Empty when equal.
 */
export function describeAgreementDifference(before: AgreementInterchange, after: AgreementInterchange): AgreementDifference[] {
  const differences: AgreementDifference[] = [];
  if (before.amountCents !== after.amountCents) {
    differences.push({ field: 'amountCents', message: `Betrag: ${formatEuro(before.amountCents)} → ${formatEuro(after.amountCents)}` });
  }
  for (const type of [1, 2, 3, 4] as const) {
    const old = before.measures.find((m) => m.type === type)?.projects.map((p) => p.title) ?? [];
    const now = after.measures.find((m) => m.type === type)?.projects.map((p) => p.title) ?? [];
    const added = now.filter((title) => !old.includes(title));
    const removed = old.filter((title) => !now.includes(title));
    if (added.length) differences.push({ field: 'measures', message: `Maßnahmenart ${type}: hinzugefügt ${added.map((t) => `„${t}“`).join(', ')}` });
    if (removed.length) differences.push({ field: 'measures', message: `Maßnahmenart ${type}: entfernt ${removed.map((t) => `„${t}“`).join(', ')}` });
    if (!added.length && !removed.length && old.join('\n') !== now.join('\n')) {
      differences.push({ field: 'measures', message: `Maßnahmenart ${type}: Reihenfolge der Projekte geändert` });
    }
  }
  for (const side of ['land', 'district'] as const) {
    const a = before.signatures[side];
    const b = after.signatures[side];
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      const label = side === 'land' ? 'Unterschrift des Landes' : 'Unterschrift der Gebietskörperschaft';
      differences.push({ field: `signatures.${side}`, message: `${label}: ${describeSignature(a)} → ${describeSignature(b)}` });
    }
  }
  return differences;
}

// ---------------------------------------------------------------------------------------------
// Warnings that depend on the (possibly corrected) content

const WEEKDAYS = ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'];

/**
 * Recomputes the content-dependent warnings (AMOUNT_MISMATCH, SIGNATURE_ON_WEEKEND) for corrected
 * content and keeps the text-dependent ones (template defects, …) from the recognition.
 */
export function refreshWarnings(ctx: ParseContext, content: AgreementInterchange, recognised: ParseWarning[]): ParseWarning[] {
  const kept = recognised.filter((w) => w.code !== 'AMOUNT_MISMATCH' && w.code !== 'SIGNATURE_ON_WEEKEND');
  const fresh: ParseWarning[] = [];
  const expected = ctx.allocationCents?.(content.district.ags, content.year);
  const mismatch = typeof expected === 'number' ? amountMismatch(content.amountCents, expected) : null;
  if (mismatch) fresh.push({ code: 'AMOUNT_MISMATCH', message: mismatch.message });
  for (const [side, label] of [
    ['land', 'des Landes'],
    ['district', 'der Gebietskörperschaft'],
  ] as const) {
    const signature = content.signatures[side];
    if (signature && isWeekend(signature.date)) {
      const line = recognised.find((w) => w.code === 'SIGNATURE_ON_WEEKEND' && w.message.includes(label))?.line;
      fresh.push({
        code: 'SIGNATURE_ON_WEEKEND',
        ...(line ? { line } : {}),
        message: `Die Unterschrift ${label} ist auf ${WEEKDAYS[isoWeekday(signature.date)]}, den ${formatDate(signature.date)} datiert (Wochenende).`,
      });
    }
  }
  return [...kept, ...fresh];
}

// ---------------------------------------------------------------------------------------------
// Saving

export interface ImportFileInput {
  fileName: string;
  bytes: Uint8Array;
  content: AgreementInterchange;
  warnings: ParseWarning[];
}

export type SaveOutcome =
  | { status: 'unchanged'; agreementId: number; version: number; importedAt: Date; message: string }
  | { status: 'created'; agreementId: number; version: number; message: string }
  | { status: 'same_content'; agreementId: number; version: number; message: string }
  | { status: 'new_version'; agreementId: number; version: number; differences: AgreementDifference[]; message: string }
  | { status: 'amendment'; agreementId: number; version: number; differences: AgreementDifference[]; message: string };

/**
 * Saves one recognised file inside `tx`: the agreement content through the agreements' one import
 * use case (actor, policy, status guard, template version, audit: a signed agreement is never
 * changed, a published one gets a Nachtrag draft) and the original file with its SHA-256. The
 * same file again changes nothing ("unchanged"). Throws NOT_FOUND when the AQB year is not set
 * up, INVALID_STATE_TRANSITION for an agreement waiting for or carrying signatures; any error
 * rolls back the caller's transaction, so a failing file leaves nothing behind.
 */
export async function saveImportedFile(tx: Executor, who: ImportActor, input: ImportFileInput): Promise<SaveOutcome> {
  const sha256 = sha256Hex(input.bytes);
  const [known] = await tx
    .select({ agreementId: importDocuments.agreementId, version: importDocuments.version, importedAt: importDocuments.importedAt })
    .from(importDocuments)
    .where(eq(importDocuments.sha256, sha256));
  if (known) {
    return { status: 'unchanged', ...known, message: `unverändert, bereits importiert am ${formatDateTime(known.importedAt)}` };
  }
  const content = AgreementInterchangeSchema.parse(input.content);
  const recorded = await importAgreementContent(tx, who, content);
  const { agreementId, version } = recorded;
  let outcome: SaveOutcome;
  if (recorded.kind === 'unchanged') {
    // Same agreement from another file (e.g. the PDF of an imported DOCX): keep the file, no new version.
    outcome = { status: 'same_content', agreementId, version, message: `Inhalt gleich der gespeicherten Version ${version}; Datei zusätzlich abgelegt` };
  } else if (recorded.kind === 'created') {
    outcome = { status: 'created', agreementId, version, message: 'neue Zielvereinbarung gespeichert (Version 1)' };
  } else if (recorded.kind === 'amendment') {
    const differences = describeAgreementDifference(recorded.previous, content);
    outcome = {
      status: 'amendment',
      agreementId,
      version,
      differences,
      message: `Die Zielvereinbarung ist veröffentlicht: als Nachtrag-Entwurf (Version ${version}) übernommen, die Unterschriften werden im Nachtrag erneut erfasst; abweichend: ${differences.map((d) => d.message).join('; ')}`,
    };
  } else {
    const differences = describeAgreementDifference(recorded.previous, content);
    outcome = {
      status: 'new_version',
      agreementId,
      version,
      differences,
      message: `als neue Version ${version} gespeichert; geändert: ${differences.map((d) => d.message).join('; ')}`,
    };
  }
  await tx.insert(importDocuments).values({
    fileName: input.fileName,
    mediaType: mediaTypeOf(input.fileName),
    sizeBytes: input.bytes.byteLength,
    sha256,
    bytes: input.bytes,
    agreementId,
    version,
    warnings: input.warnings,
  });
  return outcome;
}

/** Saves one file in its own transaction (see saveImportedFile). */
export async function saveImport(db: Database, who: ImportActor, input: ImportFileInput): Promise<SaveOutcome> {
  return db.transaction((tx) => saveImportedFile(tx, who, input));
}

export interface StoredImportDocument {
  id: number;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  importedAt: Date;
  agreementId: number;
  version: number;
}

/** The most recently saved import files, newest first. */
export async function findRecentImportDocuments(db: Executor, limit = 20): Promise<StoredImportDocument[]> {
  return db
    .select({
      id: importDocuments.id,
      fileName: importDocuments.fileName,
      sha256: importDocuments.sha256,
      sizeBytes: importDocuments.sizeBytes,
      importedAt: importDocuments.importedAt,
      agreementId: importDocuments.agreementId,
      version: importDocuments.version,
    })
    .from(importDocuments)
    .orderBy(desc(importDocuments.importedAt), desc(importDocuments.id))
    .limit(limit);
}

/** Number of stored import files (tests, overview). */
export async function countImportDocuments(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(importDocuments);
  return Number(row?.n ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Web drafts: uploaded files waiting for preview and confirmation

export type DraftStatus = 'open' | 'saved' | 'skipped' | 'failed';

export interface ImportDraft {
  id: number;
  batchId: string;
  position: number;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  extractedText: string | null;
  agreement: AgreementInterchange | null;
  /**
   * An open draft of a file that lacks only some fields (issue 12): what was recognised, the
   * missing fields null; `missing` names them. Null for complete and for failed files.
   */
  partial: PartialAgreement['agreement'] | null;
  missing: MissingField[];
  warnings: ParseWarning[];
  error: ImportError | null;
  status: DraftStatus;
  outcome: string | null;
}

/** How a partial agreement is stored in import_drafts.agreement: the stored form with year and amount nullable. */
const PartialDraftSchema = StoredAgreementSchema.extend({ year: z.number().int().nullable(), amountCents: z.number().int().nullable() });
const MissingFieldsSchema = z.array(z.enum(['year', 'amountCents']));

/** Drafts are deleted a day after upload. */
const DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * Analyses every uploaded file and keeps them as one batch of drafts (one transaction). Files that
 * cannot be recognised become failed drafts with their error; they never block the others.
 * Returns the batch id.
 */
export async function createImportBatch(db: Database, actor: Actor, files: { fileName: string; bytes: Uint8Array }[]): Promise<string> {
  const ctx = await loadImportContext(db);
  const analysed: { file: { fileName: string; bytes: Uint8Array }; result: AnalysedFile }[] = [];
  for (const file of files) analysed.push({ file, result: await analyseImportFile(ctx, file.bytes, file.fileName) });
  const batchId = randomUUID();
  await db.transaction(async (tx) => {
    await tx.delete(importDrafts).where(lt(importDrafts.createdAt, new Date(Date.now() - DRAFT_LIFETIME_MS)));
    let position = 0;
    for (const { file, result } of analysed) {
      position++;
      await tx.insert(importDrafts).values({
        batchId,
        position,
        fileName: file.fileName,
        mediaType: mediaTypeOf(file.fileName),
        sizeBytes: file.bytes.byteLength,
        sha256: sha256Hex(file.bytes),
        // A file that was not recognised is never saved: keep its name, hash and error, not its bytes.
        // One that lacks only some fields opens like a recognised one, the gaps to be typed in.
        bytes: result.ok || result.partial ? file.bytes : new Uint8Array(0),
        extractedText: result.text ?? null,
        agreement: result.ok ? result.agreement : (result.partial?.agreement ?? null),
        warnings: result.ok ? result.warnings : (result.partial?.warnings ?? []),
        error: result.ok ? null : result.partial ? { ...result.error, missing: result.partial.missing } : result.error,
        status: result.ok || result.partial ? 'open' : 'failed',
      });
    }
    await recordAuditEvent(tx, {
      actorId: actor.userId,
      action: 'import.upload',
      recordType: 'import_batch',
      recordId: batchId,
      before: null,
      after: {
        files: analysed.map(({ file, result }) => ({ fileName: file.fileName, sha256: sha256Hex(file.bytes), recognised: result.ok, ...(!result.ok && result.partial ? { missing: result.partial.missing } : {}) })),
      },
    });
  });
  return batchId;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const draftColumns = {
  id: importDrafts.id,
  batchId: importDrafts.batchId,
  position: importDrafts.position,
  fileName: importDrafts.fileName,
  sizeBytes: importDrafts.sizeBytes,
  sha256: importDrafts.sha256,
  extractedText: importDrafts.extractedText,
  agreement: importDrafts.agreement,
  warnings: importDrafts.warnings,
  error: importDrafts.error,
  status: importDrafts.status,
  outcome: importDrafts.outcome,
};

function toDraft(row: { agreement: unknown; warnings: unknown; error: unknown } & Omit<ImportDraft, 'agreement' | 'partial' | 'missing' | 'warnings' | 'error'>): ImportDraft {
  const agreement = row.agreement ? StoredAgreementSchema.safeParse(row.agreement) : null;
  const missing = MissingFieldsSchema.safeParse((row.error as { missing?: unknown } | null)?.missing);
  // A partial draft is open with the missing fields named in its error; once saved it holds the full agreement.
  const partial = row.status === 'open' && missing.success && !agreement?.success && row.agreement ? PartialDraftSchema.safeParse(row.agreement) : null;
  return {
    ...row,
    agreement: agreement?.success ? agreement.data : null,
    partial: partial?.success ? partial.data : null,
    missing: partial?.success ? missing.data! : [],
    warnings: Array.isArray(row.warnings) ? (row.warnings as ParseWarning[]) : [],
    error: (row.error as ImportError | null) ?? null,
  };
}

/** The drafts of a batch in upload order; throws NOT_FOUND (German) for an unknown or expired batch. */
export async function getImportBatch(db: Executor, batchId: string): Promise<ImportDraft[]> {
  if (!UUID.test(batchId)) throw new AppError('NOT_FOUND', 'Diesen Import gibt es nicht (mehr). Bitte laden Sie die Dateien erneut hoch.');
  const rows = await db.select(draftColumns).from(importDrafts).where(eq(importDrafts.batchId, batchId)).orderBy(asc(importDrafts.position));
  if (rows.length === 0) throw new AppError('NOT_FOUND', 'Diesen Import gibt es nicht (mehr). Bitte laden Sie die Dateien erneut hoch.');
  return rows.map(toDraft);
}

/** The bytes of one draft (for saving). */
async function getDraftBytes(tx: Executor, id: number): Promise<Uint8Array> {
  const [row] = await tx.select({ bytes: importDrafts.bytes }).from(importDrafts).where(eq(importDrafts.id, id));
  if (!row) throw new AppError('NOT_FOUND', 'Diese Datei des Imports gibt es nicht mehr.');
  return row.bytes;
}

/**
 * Saves an open draft with the (corrected) content in ONE transaction: agreement version, original
 * file and the draft's new status land together or not at all. Throws CONFLICT when the draft was
 * already handled (e.g. the form was sent twice).
 */
export async function saveImportDraft(db: Database, who: ImportActor, draft: ImportDraft, content: AgreementInterchange): Promise<SaveOutcome> {
  if (draft.status !== 'open') throw new AppError('CONFLICT', `Die Datei „${draft.fileName}“ wurde in diesem Import bereits bearbeitet.`);
  const ctx = await loadImportContext(db);
  const warnings = refreshWarnings(ctx, content, draft.warnings);
  return db.transaction(async (tx) => {
    const claimed = await tx
      .update(importDrafts)
      .set({ status: 'saved' })
      .where(and(eq(importDrafts.id, draft.id), eq(importDrafts.status, 'open')))
      .returning({ id: importDrafts.id });
    if (claimed.length === 0) throw new AppError('CONFLICT', `Die Datei „${draft.fileName}“ wurde in diesem Import bereits bearbeitet.`);
    const bytes = await getDraftBytes(tx, draft.id);
    const outcome = await saveImportedFile(tx, who, { fileName: draft.fileName, bytes, content, warnings });
    await tx.update(importDrafts).set({ outcome: outcome.message, agreement: content, warnings }).where(eq(importDrafts.id, draft.id));
    return outcome;
  });
}

/** Marks an open draft as not to be saved (audited; a draft handled already changes nothing). */
export async function skipImportDraft(db: Database, actor: Actor, draft: ImportDraft): Promise<void> {
  await db.transaction(async (tx) => {
    const skipped = await tx
      .update(importDrafts)
      .set({ status: 'skipped', outcome: 'nicht gespeichert' })
      .where(and(eq(importDrafts.id, draft.id), eq(importDrafts.status, 'open')))
      .returning({ id: importDrafts.id });
    if (skipped.length === 0) return;
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'import.skip', recordType: 'import_batch', recordId: draft.batchId, before: null, after: { fileName: draft.fileName, position: draft.position } });
  });
}

export { type ParseWarning } from './parse-agreement';
export { MAX_IMPORT_FILE_BYTES } from './extract-text';

/** A coded German error for a file that was recognised but could not be saved (nothing was written). */
export function describeSaveFailure(error: unknown): ImportError {
  if (error instanceof AppError) return { code: 'SAVE_FAILED', message: `Nicht gespeichert: ${error.message}` };
  return { code: 'SAVE_FAILED', message: 'Nicht gespeichert: Die Datenbank hat den Import abgelehnt; es wurde nichts geändert.' };
}
