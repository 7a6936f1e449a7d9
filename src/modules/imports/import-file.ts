import { extractText, type ExtractErrorCode, type ExtractOptions, type SourceFormat } from './extract-text';
import { type ParseContext, type ParseErrorCode, type ParseResult, parseAgreementText } from './parse-agreement';

export type ImportResult =
  | (Extract<ParseResult, { ok: true }> & { format: SourceFormat })
  | { ok: false; error: { code: ExtractErrorCode | ParseErrorCode; message: string; field?: string } };

/** Extracts and parses one file in one step (what `aqb import FILE` does per file). Never throws. */
export async function importAgreementFile(
  bytes: Uint8Array,
  fileName: string,
  ctx: ParseContext,
  options: ExtractOptions = {},
): Promise<ImportResult> {
  const extracted = await extractText(bytes, fileName, { districts: ctx.districts, ...options });
  if (!extracted.ok) return extracted;
  const parsed = parseAgreementText(extracted.text, ctx);
  return parsed.ok ? { ...parsed, format: extracted.format } : parsed;
}
