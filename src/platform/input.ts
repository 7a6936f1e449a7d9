import { z } from 'zod';

/**
 * Typed input, one way each: the characters a text may hold, the `text(max)` schema builder, the
 * euro and German date parsers, the AGS and year schemas, and the CSV writer for exports. Forms,
 * the JSON API, the CLI and the importer's preview all use these (docs/decisions/0013).
 */

// ── Allowed characters ─────────────────────────────────────────────────────────────────────
/**
 * German and European Latin text: printable ASCII, Latin-1 (ä ö ü ß § « » ° ² ½ …), Latin
 * Extended-A/B (ł č ő ș ț …), Latin Extended Additional (ẞ …), typographic spaces and
 * punctuation (– — ‘ ’ ‚ “ ” „ … • ‹ › ′ ″ ‰), € and a few signs of the trade (№ ™ →). Every one
 * of them has a glyph in Fira Sans, the typeface of the documents, or in the shipped fallback
 * Noto Sans (checked by input.test.ts).
 */
const ALLOWED_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x20, 0x7e],
  [0xa0, 0xff],
  [0x100, 0x17f],
  [0x180, 0x24f],
  [0x1e00, 0x1eff],
  [0x2009, 0x2009], // thin space
  [0x2010, 0x2022], // hyphens, dashes, quotation marks, dagger, bullet
  [0x2026, 0x2026], // …
  [0x202f, 0x202f], // narrow no-break space (Intl's thousands separator)
  [0x2030, 0x2030], // ‰
  [0x2032, 0x2033], // ′ ″
  [0x2039, 0x203a], // ‹ ›
  [0x20ac, 0x20ac], // €
  [0x2116, 0x2116], // №
  [0x2122, 0x2122], // ™
  [0x2190, 0x2193], // ← ↑ → ↓
];

/** Whether one code point may appear in text typed into the application. */
export function isAllowedCharacter(codePoint: number): boolean {
  return ALLOWED_RANGES.some(([start, end]) => codePoint >= start && codePoint <= end);
}

/** The first character of `text` that is not allowed (line breaks allowed when `multiline`), or null. */
export function findDisallowedCharacter(text: string, options: { multiline?: boolean } = {}): string | null {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      // A paired surrogate is a character beyond the BMP (emoji, CJK extensions): never allowed.
      if (next >= 0xdc00 && next <= 0xdfff) return text.slice(i, i + 2);
      return text[i]!;
    }
    if (code >= 0xdc00 && code <= 0xdfff) return text[i]!;
    if (options.multiline && (code === 0x0a || code === 0x0d || code === 0x09)) continue;
    if (!isAllowedCharacter(code)) return text[i]!;
  }
  return null;
}

function codePointLabel(char: string): string {
  const code = char.length === 1 ? char.charCodeAt(0) : char.codePointAt(0)!;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** How a refused character is named in a German message: „漢“ (U+6F22), or what an invisible one is. */
export function describeCharacter(char: string): string {
  const code = char.charCodeAt(0);
  const label = codePointLabel(char);
  if (code >= 0xd800 && code <= 0xdfff && char.length === 1) return `eine ungültige Zeichenkodierung (${label})`;
  if (code === 0) return `das Nullzeichen (${label})`;
  if (code === 0x0a || code === 0x0d) return `ein Zeilenumbruch (${label})`;
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return `ein Steuerzeichen (${label})`;
  if (/^[\p{Cf}\p{Zl}\p{Zp}\p{Mn}]$/u.test(char) || (code >= 0x2000 && code <= 0x200a)) return `ein unsichtbares oder Sonderleerzeichen (${label})`;
  return `„${char}“ (${label})`;
}

/** The German message for a refused character. */
export function disallowedCharacterMessage(char: string): string {
  return `Der Text enthält ${describeCharacter(char)}. Erlaubt sind Buchstaben lateinischer Schrift (auch mit Akzenten), Ziffern, übliche Satzzeichen sowie € und §.`;
}

export interface TextOptions {
  /** Smallest length after trimming; 1 (required) unless given. 0 allows an empty text. */
  min?: number;
  /** Line breaks and tabs allowed (text areas). */
  multiline?: boolean;
  /** Message when the text is empty (min 1). */
  required?: string;
}

/**
 * The schema of every free text: NFC-normalised, trimmed, between `min` (default 1) and `max`
 * characters, only allowed characters (NUL, control characters, lone surrogates, emoji, CJK …
 * are refused with a German message naming the character).
 */
export function text(max: number, options: TextOptions = {}) {
  const min = options.min ?? 1;
  let schema = z.string({ error: options.required ?? 'Bitte füllen Sie dieses Feld aus.' }).normalize('NFC').trim();
  if (min > 0) schema = schema.min(min, min === 1 ? (options.required ?? 'Darf nicht leer sein') : `Mindestens ${min} Zeichen`);
  return schema.max(max, `Höchstens ${max} Zeichen`).superRefine((value, ctx) => {
    const char = findDisallowedCharacter(value, { multiline: options.multiline });
    if (char !== null) ctx.addIssue({ code: 'custom', message: disallowedCharacterMessage(char) });
  });
}

/**
 * Every string in a JSON-like value (a template, a form object) checked for allowed characters
 * (line breaks allowed): one issue per offending string, with its dotted path.
 */
export function disallowedTextIssues(value: unknown, path: string[] = []): Array<{ path: string; message: string }> {
  if (typeof value === 'string') {
    const char = findDisallowedCharacter(value, { multiline: true });
    return char === null ? [] : [{ path: path.join('.'), message: disallowedCharacterMessage(char) }];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => disallowedTextIssues(item, [...path, String(index)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => disallowedTextIssues(item, [...path, key]));
  return [];
}

/** The zod check of `text()` as a plain function: the German message, or null when the value is fine. */
export function checkText(value: string, max: number, options: TextOptions = {}): string | null {
  const result = text(max, options).safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? 'Ungültige Eingabe');
}

/**
 * A query-string or path value: anything with NUL, control characters or lone surrogates is
 * treated as absent, so it never reaches the database (PostgreSQL refuses NUL in text).
 */
export function cleanParam(value: string | undefined, max = 200): string | undefined {
  if (value === undefined || value.length > max) return undefined;
  if (/[\u0000-\u001f\u007f]/.test(value) || findLoneSurrogate(value)) return undefined;
  return value;
}

function findLoneSurrogate(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return true;
    } else if (code >= 0xdc00 && code <= 0xdfff) return true;
  }
  return false;
}

// ── Identifiers ────────────────────────────────────────────────────────────────────────────
/** Amtlicher Gemeindeschlüssel of a Hessian Gebietskörperschaft: five digits starting with 06. */
export const AGS_PATTERN = /^06\d{3}$/;
export const AgsSchema = z.string().regex(AGS_PATTERN, 'AGS muss fünfstellig sein und mit 06 beginnen');
export const isAgs = (value: unknown): value is string => typeof value === 'string' && AGS_PATTERN.test(value);

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
/** An AQB year as a number. */
export const YearSchema = z.number().int('Ganze Jahreszahl erwartet').min(MIN_YEAR, `Jahr vor ${MIN_YEAR}`).max(MAX_YEAR, `Jahr nach ${MAX_YEAR}`);
/** An AQB year as typed or in a URL: four digits. */
export const YearTextSchema = z.string().regex(/^\d{4}$/, 'Bitte geben Sie das Jahr vierstellig ein (z. B. 2025).');

/** "2025" → 2025 when it is a four-digit year in range, else null. */
export function parseYear(value: string | undefined): number | null {
  const trimmed = value?.trim() ?? '';
  if (!/^\d{4}$/.test(trimmed)) return null;
  const year = Number(trimmed);
  return year >= MIN_YEAR && year <= MAX_YEAR ? year : null;
}

// ── Euro amounts ───────────────────────────────────────────────────────────────────────────
export type EuroInputResult = { ok: true; cents: number } | { ok: false; message: string };

// Ten trillion euros keeps cents far below Number.MAX_SAFE_INTEGER.
const MAX_EURO_DIGITS = 13;

const euroFail = (message: string): EuroInputResult => ({ ok: false, message });

/**
 * A euro amount typed by a person, German notation only: "27.700.000" | "27700000" |
 * "968.540,50" | "1.000.000 €" | "1.140.300,-" → integer cents. Thousands may be grouped with
 * points or spaces (one kind, groups of three); at most two decimals after a comma. Everything
 * that could be read two ways ("27,700,000", "1,000", "1.00.000") is refused instead of guessed:
 * a wrong guess is a factor of 1000. Never throws; a German message for the field otherwise.
 */
export function parseEuro(input: string): EuroInputResult {
  // Spaces of every kind (incl. the narrow no-break space Intl uses) are only grouping or padding.
  let value = input.replace(/[\u00a0\u202f\u2007\u2009]/g, ' ').trim();
  value = value.replace(/\s*(€|eur|euro)$/i, '').trim();
  // "1.000,-" / "1.000,--" is the customary German way to write whole euros.
  value = value.replace(/,[-–]{1,2}$/, '');
  if (value === '') return euroFail('Bitte geben Sie einen Betrag ein.');
  if (/^[-−–]/.test(value)) return euroFail('Der Betrag darf nicht negativ sein.');
  if (/^\+/.test(value)) return euroFail('Bitte geben Sie den Betrag ohne Vorzeichen ein.');
  if (!/^[\d., ]+$/.test(value)) {
    return euroFail('Der Betrag darf nur Ziffern, Tausenderpunkte und ein Dezimalkomma enthalten (z. B. 27.700.000,00).');
  }
  const commaCount = value.split(',').length - 1;
  if (commaCount > 1) {
    return euroFail('Der Betrag enthält mehrere Kommas. Tausender bitte mit Punkt trennen, das Komma nur vor den Cent (z. B. 27.700.000,00).');
  }
  const [integerPart = '', decimalPart] = value.split(',');
  if (decimalPart !== undefined) {
    if (decimalPart === '') return euroFail('Nach dem Komma fehlen die Cent (z. B. 968.540,50).');
    if (!/^\d+$/.test(decimalPart)) return euroFail('Nach dem Komma dürfen nur Ziffern stehen (z. B. 968.540,50).');
    if (decimalPart.length > 2) {
      return euroFail(`„${value}“ ist mehrdeutig: Nach dem Komma sind höchstens zwei Stellen (Cent) erlaubt. Tausender bitte mit Punkt trennen (z. B. 1.000).`);
    }
  }
  if (integerPart === '') return euroFail('Vor dem Komma muss ein Euro-Betrag stehen (z. B. 0,50).');
  let euroDigits: string;
  if (/^\d+$/.test(integerPart)) {
    euroDigits = integerPart;
  } else if (/^\d{1,3}(\.\d{3})+$/.test(integerPart) || /^\d{1,3}( \d{3})+$/.test(integerPart)) {
    euroDigits = integerPart.replace(/[. ]/g, '');
  } else if (/^\d+\.\d{1,2}$/.test(integerPart) && decimalPart === undefined) {
    return euroFail(`„${value}“: Für Cent bitte ein Komma verwenden (z. B. ${integerPart.replace('.', ',')}); der Punkt trennt Tausender.`);
  } else {
    return euroFail(`„${value}“ ist kein gültiger Betrag: Tausenderpunkte müssen Dreiergruppen trennen (z. B. 1.000.000).`);
  }
  euroDigits = euroDigits.replace(/^0+(?=\d)/, '');
  if (euroDigits.length > MAX_EURO_DIGITS) return euroFail('Der Betrag ist zu groß.');
  const centDigits = (decimalPart ?? '').padEnd(2, '0');
  // Digits are combined as text so no binary fraction ever touches the amount.
  return { ok: true, cents: Number(BigInt(euroDigits) * 100n + BigInt(centDigits)) };
}

// ── Dates ──────────────────────────────────────────────────────────────────────────────────
/** Whether "YYYY-MM-DD" names a day that exists. */
export function isRealIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Datum im Format JJJJ-MM-TT erwartet')
  .refine(isRealIsoDate, 'Dieses Datum gibt es nicht');

/**
 * A date typed by a person: "1.7.2024", "01.07.2024" or "2024-07-01" → "2024-07-01"; null when
 * it is no date or the day does not exist (31.2.2025).
 */
export function parseGermanDate(input: string): string | null {
  const value = input.trim();
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  const iso = german ? `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}` : value;
  return isRealIsoDate(iso) ? iso : null;
}

// ── CSV ────────────────────────────────────────────────────────────────────────────────────
/** Cells starting with = + - @ tab or CR get a leading ' so Excel/Calc never run them as a formula (OWASP). */
export function guardCsvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: string): string {
  const guarded = guardCsvCell(value);
  return /[;"\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/** One CSV line (without line end) with the formula guard on every cell, for files written in parts. */
export function csvLine(row: ReadonlyArray<string>): string {
  return row.map(csvCell).join(';');
}

/** What starts a CSV file for Excel with German settings: the UTF-8 byte order mark. */
export const CSV_BOM = '\uFEFF';

/** A CSV file for Excel with German settings: UTF-8 with BOM, `;` separated, CRLF, formula guard on every cell. */
export function writeCsv(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return `${CSV_BOM}${rows.map(csvLine).join('\r\n')}\r\n`;
}
