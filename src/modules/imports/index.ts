/**
 * The importer's recognition core: file bytes → text (extractText) → agreement (parseAgreementText).
 * CLI, database saving and web UI build on these two functions.
 */
export { type ExtractedText, type ExtractErrorCode, type ExtractOptions, type SourceFormat, MAX_IMPORT_FILE_BYTES, extractText } from './extract-text';
export {
  type ParseContext,
  type ParseError,
  type ParseErrorCode,
  type ParseResult,
  type ParseWarning,
  type ParseWarningCode,
  MAX_TEXT_CHARS,
  parseAgreementText,
} from './parse-agreement';
export { MEASURE_LABELS, matchMeasureHeading } from './measure-headings';
export { findAmounts, parseAmountCents } from './parse-amount';
export { importAgreementFile, type ImportResult } from './import-file';
export {
  analyseImportFile,
  type AnalysedFile,
  type FileErrorCode,
  type ImportError,
  type ImportErrorCode,
  type ImportSource,
  sha256Hex,
  shippedImportContext,
} from './analyse-file';
