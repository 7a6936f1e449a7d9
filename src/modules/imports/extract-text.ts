import { loadShippedDistricts } from '../districts/service';
import type { District } from '../districts/schema';
import { MAX_PDF_PAGES, PDF_TIME_LIMIT_MS, readPdfText } from './pdf-text';
import { checkZip, MAX_ZIP_ENTRIES, MAX_ZIP_UNPACKED_BYTES, MAX_ZIP_XML_BYTES } from './zip-guard';

/** Largest file the importer reads: 20 MB. Checked before any decoding. */
export const MAX_IMPORT_FILE_BYTES = 20 * 1024 * 1024;

export type SourceFormat = 'md' | 'txt' | 'pdf' | 'docx';

export type ExtractErrorCode =
  | 'UNSUPPORTED_FILE'
  | 'FILE_TOO_LARGE'
  | 'PDF_UNREADABLE'
  | 'PDF_ENCRYPTED'
  | 'DOCX_UNREADABLE'
  | 'DOCX_ENCRYPTED'
  | 'PDF_TOO_COMPLEX'
  | 'EMPTY_FILE';

export type ExtractedText =
  | { ok: true; text: string; format: SourceFormat; /** Set for PDF. */ pages?: number; /** e.g. "windows-1252" when not UTF-8. */ encoding?: string }
  | { ok: false; error: { code: ExtractErrorCode; message: string } };

export interface ExtractOptions {
  /** Master data used to repair hyphenated names in PDF text; defaults to the shipped districts. */
  districts?: District[];
}

const FORMATS: Record<string, SourceFormat> = { md: 'md', markdown: 'md', txt: 'txt', text: 'txt', pdf: 'pdf', docx: 'docx' };

function fail(code: ExtractErrorCode, message: string): ExtractedText {
  return { ok: false, error: { code, message } };
}

function formatOf(fileName: string): SourceFormat | null {
  const match = /\.([A-Za-z0-9]+)$/.exec(fileName.trim());
  return match ? (FORMATS[match[1]!.toLowerCase()] ?? null) : null;
}

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

function isPdf(bytes: Uint8Array): boolean {
  // The header may follow some junk bytes; PDF readers accept it within the first KB.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

const isZip = (bytes: Uint8Array) => startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);

function describeBinary(bytes: Uint8Array): string {
  if (isPdf(bytes)) return 'eine PDF-Datei';
  if (isZip(bytes)) return 'ein ZIP-Archiv (z. B. DOCX)';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return 'ein altes Office-Dokument (DOC/XLS)';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff])) return 'ein Bild';
  return 'eine Binärdatei';
}

/** Decodes text bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; null for binary. */
function decodeText(bytes: Uint8Array): { text: string; encoding: string } | null {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    try {
      const text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
      return hasControlCharacters(text) ? null : { text: text.replace(/^\uFEFF/, ''), encoding };
    } catch {
      return null;
    }
  }
  // NUL bytes never occur in UTF-8 or Windows-1252 text.
  if (bytes.includes(0)) return null;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return hasControlCharacters(text) ? null : { text: text.replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: a text saved by older Windows programs is Windows-1252 (ä = 0xE4).
    const text = new TextDecoder('windows-1252').decode(bytes);
    return hasControlCharacters(text) ? null : { text, encoding: 'windows-1252' };
  }
}

function hasControlCharacters(text: string): boolean {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || (code >= 0x7f && code < 0xa0) || code === 0xfffd) {
      count++;
      // A stray control character is tolerated; binary data has many.
      if (count > Math.max(2, text.length / 1000)) return true;
    }
  }
  return false;
}

/**
 * Restores hyphens that PDF text lost in names known from master data
 * ("Limburg Weilburg" → "Limburg-Weilburg").
 */
export function repairHyphenatedNames(text: string, districts: District[]): string {
  const names = new Set<string>();
  for (const district of districts) {
    for (const value of [district.name, district.officialName, district.seat, district.signingPlace]) {
      for (const word of value.split(/\s+/)) if (word.includes('-')) names.add(word);
    }
  }
  let result = text;
  for (const name of [...names].sort((a, b) => b.length - a.length)) {
    const parts = name.split('-').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const regex = new RegExp(`(?<![\\p{L}])${parts.join('[ \\n]+')}(?![\\p{L}])`, 'gu');
    result = result.replace(regex, name);
  }
  return result;
}

function textResult(bytes: Uint8Array, format: SourceFormat, fileName: string): ExtractedText {
  if (bytes.length === 0) return fail('EMPTY_FILE', `Die Datei „${fileName}“ ist leer.`);
  const decoded = decodeText(bytes);
  if (!decoded) {
    return fail('UNSUPPORTED_FILE', `Die Datei „${fileName}“ hat die Endung .${format}, ist aber ${describeBinary(bytes)} und kein Text.`);
  }
  if (decoded.text.trim() === '') return fail('EMPTY_FILE', `Die Datei „${fileName}“ enthält keinen Text.`);
  return decoded.encoding === 'utf-8'
    ? { ok: true, text: decoded.text, format }
    : { ok: true, text: decoded.text, format, encoding: decoded.encoding };
}

async function pdfResult(bytes: Uint8Array, fileName: string, options: ExtractOptions): Promise<ExtractedText> {
  if (bytes.length === 0) return fail('EMPTY_FILE', `Die Datei „${fileName}“ ist leer.`);
  if (!isPdf(bytes)) {
    if (decodeText(bytes)) return fail('UNSUPPORTED_FILE', `Die Datei „${fileName}“ hat die Endung .pdf, ist aber eine Textdatei. Bitte als .txt oder .md einlesen.`);
    const kind = describeBinary(bytes);
    // Unrecognised bytes under .pdf are most likely a damaged PDF; a recognised other format is the wrong file.
    if (kind === 'eine Binärdatei') return fail('PDF_UNREADABLE', `Die Datei „${fileName}“ ist keine lesbare PDF-Datei: ihr fehlt der PDF-Kopf, sie ist beschädigt oder gar kein PDF.`);
    return fail('UNSUPPORTED_FILE', `Die Datei „${fileName}“ hat die Endung .pdf, ist aber ${kind}.`);
  }
  try {
    const read = await readPdfText(bytes);
    if (!read.ok) {
      return read.reason === 'pages'
        ? fail('PDF_TOO_COMPLEX', `Die PDF-Datei „${fileName}“ hat ${read.pages} Seiten; eingelesen werden höchstens ${MAX_PDF_PAGES} Seiten. Eine Zielvereinbarung ist kürzer – bitte prüfen Sie, ob es die richtige Datei ist.`)
        : fail('PDF_TOO_COMPLEX', `Die PDF-Datei „${fileName}“ ist zu aufwendig aufgebaut: ihr Text ließ sich nicht in ${PDF_TIME_LIMIT_MS / 1000} Sekunden auslesen. Bitte speichern Sie sie neu als PDF (z. B. „Drucken als PDF“) oder laden Sie die Word-Fassung hoch.`);
    }
    const { text, pages } = read;
    if (text.trim() === '') {
      return fail('EMPTY_FILE', `Die PDF-Datei „${fileName}“ enthält keinen auslesbaren Text (vermutlich ein Scan ohne Texterkennung).`);
    }
    return { ok: true, text: repairHyphenatedNames(text, options.districts ?? loadShippedDistricts()), format: 'pdf', pages };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException') {
      return fail('PDF_ENCRYPTED', `Die PDF-Datei „${fileName}“ ist verschlüsselt oder kennwortgeschützt und kann nicht gelesen werden.`);
    }
    return fail('PDF_UNREADABLE', `Die PDF-Datei „${fileName}“ ist beschädigt oder kann nicht gelesen werden.`);
  }
}

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_all, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower === 'amp') return '&';
    if (lower === 'lt') return '<';
    if (lower === 'gt') return '>';
    if (lower === 'quot') return '"';
    if (lower === 'apos') return "'";
    if (lower === 'nbsp') return ' ';
    const code = lower.startsWith('#x') ? Number.parseInt(lower.slice(2), 16) : Number(lower.slice(1));
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/**
 * (Exported for tests.) mammoth's HTML keeps what its raw text loses: list items and headings. Each block becomes a line,
 * list items get "- ", headings "#", so the parser sees the same structure as in Markdown.
 */
export function htmlToLines(html: string): string {
  // Ordered lists keep their numbers: Word numbers the Maßnahmenarten "1." – "4." automatically.
  const counters: Array<number | null> = [];
  const withMarkers = html.replace(/<(\/?)(ol|ul|li)\b[^>]*>/gi, (_all, closing: string, tag: string) => {
    const name = tag.toLowerCase();
    if (name === 'ol' || name === 'ul') {
      if (closing) counters.pop();
      else counters.push(name === 'ol' ? 0 : null);
      return '\n';
    }
    if (closing) return '\n';
    const top = counters.length - 1;
    const counter = counters[top];
    if (counter === null || counter === undefined) return '\n- ';
    counters[top] = counter + 1;
    return `\n${counter + 1}. `;
  });
  return decodeEntities(
    withMarkers
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<h([1-6])[^>]*>/gi, (_all, level: string) => `\n\n${'#'.repeat(Number(level))} `)
      .replace(/<\/(?:p|h[1-6]|table|tr)>/gi, '\n')
      .replace(/<(?:td|th)[^>]*>/gi, ' ')
      .replace(/<p[^>]*>/gi, '\n')
      .replace(/<[^>]+>/g, ''),
  )
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

async function docxResult(bytes: Uint8Array, fileName: string): Promise<ExtractedText> {
  if (bytes.length === 0) return fail('EMPTY_FILE', `Die Datei „${fileName}“ ist leer.`);
  if (!isZip(bytes)) return fail('UNSUPPORTED_FILE', `Die Datei „${fileName}“ hat die Endung .docx, ist aber ${describeBinary(bytes)}.`);
  // Sizes and entry count first, with a hard limit while inflating: a zip bomb is refused here,
  // in milliseconds, before mammoth unpacks anything.
  const zip = await checkZip(bytes);
  if (!zip.ok) {
    const mb = (n: number) => n / 1024 / 1024;
    if (zip.reason === 'too-large') {
      return fail('FILE_TOO_LARGE', `Das Word-Dokument „${fileName}“ ist entpackt zu groß (erlaubt sind ${mb(MAX_ZIP_UNPACKED_BYTES)} MB insgesamt und ${mb(MAX_ZIP_XML_BYTES)} MB je Textteil). Es wurde nicht eingelesen; eine Zielvereinbarung ist viel kleiner.`);
    }
    if (zip.reason === 'too-many-entries') return fail('FILE_TOO_LARGE', `Das Word-Dokument „${fileName}“ besteht aus mehr als ${MAX_ZIP_ENTRIES} Teilen und wurde nicht eingelesen.`);
    if (zip.reason === 'encrypted') return fail('DOCX_ENCRYPTED', `Das Word-Dokument „${fileName}“ ist verschlüsselt oder kennwortgeschützt und kann nicht gelesen werden.`);
    return fail('DOCX_UNREADABLE', `Das Word-Dokument „${fileName}“ ist beschädigt oder kein DOCX.`);
  }
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Loaded on first use, not at start-up.
    const { default: mammoth } = await import('mammoth');
    // Images are never read: the agreement's text is all the importer needs.
    const { value } = await mammoth.convertToHtml({ buffer }, { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) });
    const text = htmlToLines(value);
    if (text === '') return fail('EMPTY_FILE', `Das Word-Dokument „${fileName}“ enthält keinen Text.`);
    return { ok: true, text, format: 'docx' };
  } catch {
    return fail('DOCX_UNREADABLE', `Das Word-Dokument „${fileName}“ ist beschädigt oder kein DOCX.`);
  }
}

/**
 * Extracts the text of an uploaded agreement by its extension (.md, .txt, .pdf, .docx). Never throws:
 * problems come back as coded errors (UNSUPPORTED_FILE, FILE_TOO_LARGE, PDF_UNREADABLE,
 * PDF_ENCRYPTED, PDF_TOO_COMPLEX, DOCX_UNREADABLE, DOCX_ENCRYPTED, EMPTY_FILE) with a German
 * message. Limits: MAX_IMPORT_FILE_BYTES per file, the ZIP limits of zip-guard.ts, MAX_PDF_PAGES
 * and PDF_TIME_LIMIT_MS.
 */
export async function extractText(bytes: Uint8Array, fileName: string, options: ExtractOptions = {}): Promise<ExtractedText> {
  try {
    const format = formatOf(fileName);
    if (!format) {
      return fail('UNSUPPORTED_FILE', `„${fileName}“: Nur Dateien mit den Endungen .md, .txt, .pdf und .docx können eingelesen werden.`);
    }
    if (bytes.length > MAX_IMPORT_FILE_BYTES) {
      const mb = (bytes.length / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 });
      return fail('FILE_TOO_LARGE', `Die Datei „${fileName}“ ist ${mb} MB groß; erlaubt sind höchstens 20 MB.`);
    }
    if (format === 'pdf') return await pdfResult(bytes, fileName, options);
    if (format === 'docx') return await docxResult(bytes, fileName);
    return textResult(bytes, format, fileName);
  } catch {
    return fail('UNSUPPORTED_FILE', `Die Datei „${fileName}“ konnte nicht gelesen werden.`);
  }
}
