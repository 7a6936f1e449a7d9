import { createHash } from 'node:crypto';
import type { AgreementInterchange } from '../documents/schema';
import { loadShippedDistricts } from '../districts/service';
import { extractText, type ExtractErrorCode, type SourceFormat } from './extract-text';
import { type ParseContext, type ParseErrorCode, type ParseWarning, type PartialAgreement, parseAgreementText } from './parse-agreement';

/*
 * Recognising a file, without the database: what `aqb import` needs when nothing is saved. Kept
 * apart from service.ts so the command line loads neither the database driver nor the document
 * pipeline for it (issue 18).
 */

/** Codes of a file that could not be read at all (CLI), besides the recognition codes. */
export type FileErrorCode = 'FILE_NOT_FOUND' | 'NOT_A_FILE' | 'READ_FAILED';
export type ImportErrorCode = ExtractErrorCode | ParseErrorCode | FileErrorCode | 'SAVE_FAILED';

export interface ImportError {
  code: ImportErrorCode;
  message: string;
  field?: string;
}

export interface ImportSource {
  file: string;
  sha256: string | null;
}

/** One analysed file: the recognised agreement with warnings, or a coded German error. */
export type AnalysedFile =
  | { ok: true; source: ImportSource; format: SourceFormat; text: string; agreement: AgreementInterchange; warnings: ParseWarning[] }
  | { ok: false; source: ImportSource; text?: string; error: ImportError; partial?: PartialAgreement };

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The import context of a fresh database, without opening one: the shipped 26 districts and the
 * allocations a new database is seeded with (`known`, e.g. REAL_ALLOCATIONS).
 */
export function shippedImportContext(known: ReadonlyArray<{ year: number; ags: string; amountCents: number }>): ParseContext {
  const allocations = new Map(known.map((a) => [`${a.ags}/${a.year}`, a.amountCents]));
  return { districts: loadShippedDistricts(), allocationCents: (ags, year) => allocations.get(`${ags}/${year}`) };
}

/** Reads and recognises one file. Never throws: every problem is a coded error with a German message. */
export async function analyseImportFile(ctx: ParseContext, bytes: Uint8Array, fileName: string, sourceName = fileName): Promise<AnalysedFile> {
  const source: ImportSource = { file: sourceName, sha256: sha256Hex(bytes) };
  const extracted = await extractText(bytes, fileName, { districts: ctx.districts });
  if (!extracted.ok) return { ok: false, source, error: extracted.error };
  const parsed = parseAgreementText(extracted.text, ctx);
  if (!parsed.ok) return { ok: false, source, text: extracted.text, error: parsed.error, ...(parsed.partial ? { partial: parsed.partial } : {}) };
  return { ok: true, source, format: extracted.format, text: extracted.text, agreement: parsed.agreement, warnings: parsed.warnings };
}

