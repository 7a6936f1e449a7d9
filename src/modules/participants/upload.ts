/**
 * Validation of an uploaded participant file (issue 14), as a pure function of the file's bytes and
 * the project's Laufzeit. A file with any error yields only the errors (each with line, column and a
 * German message), so the caller saves nothing.
 *
 * Accepted: CSV (UTF-8, with or without BOM, `;` or `,`, quotes per RFC 4180) or XLSX (first
 * worksheet). The header row must hold exactly the twelve columns of PARTICIPANT_COLUMNS, each
 * once, in any order (case and surrounding spaces do not matter). Values are matched ignoring case
 * and surrounding spaces and stored in their canonical spelling ("sgb ii" → "SGB II"). Dates are
 * TT.MM.JJJJ (also T.M.JJJJ) or JJJJ-MM-TT. Rows whose cells are all empty are skipped.
 *
 * Checks per row: unknown values; exit before entry; entry outside the Laufzeit; age at entry under
 * 15 or over 67; a Kennung used twice (ignoring case: "TN-1" and "tn-1" are one person); an outcome
 * without exit date; and an exit without outcome (a decision of ours: the outcome is recorded at
 * exit, "sonstiges" exists for the unknown case). Only the birth year is known, so the age at entry
 * is entry year − birth year or one less; a row is refused only when BOTH are outside 15…67.
 *
 * Data protection: a header that looks like personal data (name, address, birth date, phone,
 * e-mail, insurance or tax number …) refuses the whole file before any row is read; a birth date in
 * the `geburtsjahr` column and a Kennung with spaces or `@` are refused per row.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { parseCsv, type CsvRecord } from './csv';
import { unwrapZod } from '../../platform/errors';
import { writeXlsxTable } from '../../platform/xlsx';
import {
  type EmploymentStatus,
  EMPLOYMENT_STATUSES,
  type Gender,
  type IscedBand,
  type LegalSphere,
  type Outcome,
  type YesNo,
  type YesNoUnknown,
  GENDERS,
  ISCED_BANDS,
  KENNUNG_PATTERN,
  LEGAL_SPHERES,
  MAX_AGE_AT_ENTRY,
  MIN_AGE_AT_ENTRY,
  OUTCOMES,
  PARTICIPANT_COLUMNS,
  type ParticipantColumn,
  type ParticipantRecord,
  type ProjectPeriod,
  ProjectPeriodSchema,
  YES_NO,
  YES_NO_UNKNOWN,
} from './records-schema';

export interface UploadError {
  /** 1-based line (CSV) or row (XLSX); 1 is the header. */
  line: number;
  /** Column name, or '' for the file as a whole. */
  field: string;
  message: string;
}

export type UploadResult = { ok: true; rows: ParticipantRecord[] } | { ok: false; errors: UploadError[] };

/** More errors than this stop the check: nothing is saved anyway, and the list stays readable. */
export const MAX_UPLOAD_ERRORS = 500;

// ---------------------------------------------------------------------------------------------
// Personal data in headers

/** Header names (normalised: lower case, umlauts folded, only letters and digits) that are personal data. */
const PERSONAL_HEADERS = new Set([
  'name', 'vorname', 'nachname', 'familienname', 'geburtsname', 'rufname', 'firstname', 'lastname', 'surname', 'fullname',
  'adresse', 'anschrift', 'address', 'strasse', 'str', 'street', 'hausnummer', 'hausnr', 'plz', 'postleitzahl', 'ort', 'wohnort', 'stadt', 'city', 'zip',
  'geburtsdatum', 'geburtstag', 'gebdatum', 'gebdat', 'geburtsort', 'birthdate', 'dateofbirth', 'dob', 'birthday',
  'telefon', 'telefonnummer', 'tel', 'telnr', 'handy', 'mobil', 'mobilnummer', 'phone', 'email', 'emailadresse', 'mail',
  'sozialversicherungsnummer', 'svnr', 'svnummer', 'rentenversicherungsnummer', 'rvnr', 'versicherungsnummer',
  'steuerid', 'steueridentifikationsnummer', 'iban', 'ausweisnummer', 'personalausweisnummer', 'passnummer', 'kundennummer', 'bgnummer',
]);
/** Parts that mark a header as personal data wherever they occur ("Name des TN", "E-Mail privat"). */
const PERSONAL_PARTS = ['name', 'adresse', 'anschrift', 'strasse', 'geburtsdatum', 'geburtstag', 'geburtsort', 'telefon', 'email', 'versicherungsnummer', 'steuerid'];

function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]/g, '');
}

/** True when a column header names personal data that the system must never receive. */
export function looksLikePersonalData(header: string): boolean {
  const key = normaliseHeader(header);
  if (key === '' || (PARTICIPANT_COLUMNS as readonly string[]).includes(key)) return false;
  return PERSONAL_HEADERS.has(key) || PERSONAL_PARTS.some((part) => key.includes(part));
}

// ---------------------------------------------------------------------------------------------
// Values

/** Lower-cased, space-trimmed input → canonical value. */
function lookup<T extends string>(values: readonly T[]): Map<string, T> {
  return new Map(values.map((v) => [v.toLowerCase(), v]));
}
const VALUE_LISTS = {
  geschlecht: lookup(GENDERS),
  rechtskreis: lookup(LEGAL_SPHERES),
  erwerbsstatus: lookup(EMPLOYMENT_STATUSES),
  isced: lookup(ISCED_BANDS),
  behinderung: lookup(YES_NO_UNKNOWN),
  migration: lookup(YES_NO_UNKNOWN),
  teilzeitausbildung: lookup(YES_NO),
  verbleib: lookup(OUTCOMES),
} as const;
const ALLOWED_TEXT: Record<keyof typeof VALUE_LISTS, string> = {
  geschlecht: GENDERS.join(', '),
  rechtskreis: LEGAL_SPHERES.join(', '),
  erwerbsstatus: EMPLOYMENT_STATUSES.join(', '),
  isced: ISCED_BANDS.join(', '),
  behinderung: YES_NO_UNKNOWN.join(', '),
  migration: YES_NO_UNKNOWN.join(', '),
  teilzeitausbildung: YES_NO.join(', '),
  verbleib: `${OUTCOMES.join(', ')} (leer, solange die Person im Projekt ist)`,
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const GERMAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "01.03.2024" | "1.3.2024" | "2024-03-01" → "2024-03-01"; null when not a real date in one of these forms. */
export function parseUploadDate(text: string): string | null {
  let y: number;
  let m: number;
  let d: number;
  let match = GERMAN_DATE.exec(text);
  if (match) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    match = ISO_DATE.exec(text);
    if (!match) return null;
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  if (m < 1 || m > 12 || d < 1) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!)) return null;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

const germanDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

// ---------------------------------------------------------------------------------------------
// Rows

interface Row {
  line: number;
  cells: string[];
}

class ErrorList {
  readonly errors: UploadError[] = [];
  /** True once an error was dropped or rows were left unchecked because the list was full. */
  truncated = false;
  get full(): boolean {
    return this.errors.length >= MAX_UPLOAD_ERRORS;
  }
  add(line: number, field: string, message: string): void {
    if (this.full) this.truncated = true;
    else this.errors.push({ line, field, message });
  }
}

/** Checks the header row; returns the column index of every field, or null after reporting errors. */
function readHeader(header: Row, errors: ErrorList): Map<ParticipantColumn, number> | null {
  const personal = header.cells.map((cell) => cell.trim()).filter((cell) => looksLikePersonalData(cell));
  if (personal.length > 0) {
    for (const column of personal) {
      errors.add(
        header.line,
        column,
        `Die Spalte „${column}“ sieht nach personenbezogenen Daten aus (Name, Anschrift, Geburtsdatum, Kontakt- oder Versicherungsdaten). ` +
          'Teilnehmende werden nur pseudonym mit einer Kennung erfasst: Die Datei wird nicht angenommen. Bitte die Spalte löschen und die Datei erneut hochladen.',
      );
    }
    return null;
  }
  const index = new Map<ParticipantColumn, number>();
  header.cells.forEach((cell, i) => {
    const name = cell.trim().toLowerCase();
    if (name === '' && header.cells.slice(i).every((c) => c.trim() === '')) return; // trailing empty cells
    if (!(PARTICIPANT_COLUMNS as readonly string[]).includes(name)) {
      errors.add(header.line, cell.trim(), `Unbekannte Spalte „${cell.trim()}“. Erlaubt sind genau: ${PARTICIPANT_COLUMNS.join(';')}.`);
    } else if (index.has(name as ParticipantColumn)) {
      errors.add(header.line, name, `Die Spalte „${name}“ kommt doppelt vor.`);
    } else index.set(name as ParticipantColumn, i);
  });
  for (const column of PARTICIPANT_COLUMNS) {
    if (!index.has(column)) errors.add(header.line, column, `Die Spalte „${column}“ fehlt. Erforderlich sind genau: ${PARTICIPANT_COLUMNS.join(';')}.`);
  }
  return errors.errors.length > 0 ? null : index;
}

function validateRows(rows: Row[], laufzeit: ProjectPeriod): UploadResult {
  const period = unwrapZod(ProjectPeriodSchema.safeParse(laufzeit));
  const errors = new ErrorList();
  const [header, ...data] = rows;
  if (!header || header.cells.every((c) => c.trim() === '')) {
    return { ok: false, errors: [{ line: 1, field: '', message: `Die Datei ist leer. Erwartet wird eine Kopfzeile mit ${PARTICIPANT_COLUMNS.join(';')}.` }] };
  }
  const columns = readHeader(header, errors);
  if (!columns) return { ok: false, errors: errors.errors };
  const width = header.cells.length;
  const at = (cells: string[], column: ParticipantColumn) => (cells[columns.get(column)!] ?? '').trim();
  const out: ParticipantRecord[] = [];
  const seen = new Map<string, number>();

  for (const row of data) {
    if (errors.full) {
      errors.truncated = true;
      break;
    }
    const { line, cells } = row;
    if (cells.every((c) => c.trim() === '')) continue;
    if (cells.length > width && cells.slice(width).some((c) => c.trim() !== '')) {
      errors.add(line, '', `Die Zeile hat ${cells.length} Felder, die Kopfzeile nur ${width}.`);
      continue;
    }
    const before = errors.errors.length;
    const missing = (column: ParticipantColumn) => errors.add(line, column, `Das Feld „${column}“ ist leer.`);
    /** The canonical value of a list column, null when empty or unknown (an error is recorded). */
    const value = (column: keyof typeof VALUE_LISTS): string | null => {
      const text = at(cells, column);
      if (text === '') {
        if (column !== 'verbleib') missing(column);
        return null;
      }
      const found = VALUE_LISTS[column].get(text.toLowerCase());
      if (found === undefined) errors.add(line, column, `Unbekannter Wert „${text}“. Erlaubt: ${ALLOWED_TEXT[column]}.`);
      return found ?? null;
    };

    const kennung = at(cells, 'kennung');
    if (kennung === '') missing('kennung');
    else if (!KENNUNG_PATTERN.test(kennung)) {
      errors.add(
        line,
        'kennung',
        /\s/.test(kennung) || kennung.includes('@')
          ? `Die Kennung „${kennung}“ enthält Leerzeichen oder @. Bitte nur die vom Träger vergebene Kennung eintragen, keinen Namen und keine E-Mail-Adresse.`
          : `Die Kennung „${kennung}“ ist ungültig: 1 bis 40 Buchstaben, Ziffern oder - _ . /.`,
      );
    } else {
      const key = kennung.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) errors.add(line, 'kennung', `Die Kennung „${kennung}“ kommt doppelt vor (zuerst in Zeile ${first}).`);
      else seen.set(key, line);
    }

    const entryText = at(cells, 'eintritt');
    const entryDate = entryText === '' ? null : parseUploadDate(entryText);
    if (entryText === '') missing('eintritt');
    else if (!entryDate) errors.add(line, 'eintritt', `„${entryText}“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT).`);
    else if (entryDate < period.start || entryDate > period.end) {
      errors.add(line, 'eintritt', `Der Eintritt am ${germanDate(entryDate)} liegt außerhalb der Laufzeit des Projekts (${germanDate(period.start)} bis ${germanDate(period.end)}).`);
    }
    const exitText = at(cells, 'austritt');
    const exitDate = exitText === '' ? null : parseUploadDate(exitText);
    if (exitText !== '' && !exitDate) errors.add(line, 'austritt', `„${exitText}“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT).`);
    else if (exitDate && entryDate && exitDate < entryDate) errors.add(line, 'austritt', `Der Austritt am ${germanDate(exitDate)} liegt vor dem Eintritt am ${germanDate(entryDate)}.`);

    const yearText = at(cells, 'geburtsjahr');
    let birthYear: number | null = null;
    if (yearText === '') missing('geburtsjahr');
    else if (/^\d{4}$/.test(yearText)) birthYear = Number(yearText);
    else if (/[./-]/.test(yearText)) errors.add(line, 'geburtsjahr', 'Bitte nur das Geburtsjahr (JJJJ) eintragen, kein Geburtsdatum: Geburtsdaten werden nicht erfasst.');
    else errors.add(line, 'geburtsjahr', `„${yearText}“ ist kein Geburtsjahr (vierstellig, z. B. 2004).`);
    if (birthYear !== null && entryDate) {
      const years = Number(entryDate.slice(0, 4)) - birthYear;
      // Age at entry is `years` (birthday passed) or `years − 1`; refuse only when both are outside.
      if (years < MIN_AGE_AT_ENTRY) errors.add(line, 'geburtsjahr', `Bei Eintritt ist die Person höchstens ${Math.max(years, 0)} Jahre alt; teilnehmen können Personen ab ${MIN_AGE_AT_ENTRY} Jahren.`);
      else if (years - 1 > MAX_AGE_AT_ENTRY) errors.add(line, 'geburtsjahr', `Bei Eintritt ist die Person mindestens ${years - 1} Jahre alt; teilnehmen können Personen bis ${MAX_AGE_AT_ENTRY} Jahre.`);
    }

    const gender = value('geschlecht');
    const legalSphere = value('rechtskreis');
    const employmentStatus = value('erwerbsstatus');
    const isced = value('isced');
    const disability = value('behinderung');
    const migrationBackground = value('migration');
    const partTimeTraining = value('teilzeitausbildung');
    const outcome = value('verbleib');
    if (outcome && exitText === '') errors.add(line, 'verbleib', 'Ein Verbleib ist nur mit Austrittsdatum möglich: Bitte das Austrittsdatum eintragen oder den Verbleib leeren.');
    if (exitDate && at(cells, 'verbleib') === '') errors.add(line, 'verbleib', 'Bei einem Austritt ist der Verbleib anzugeben (notfalls „sonstiges“).');

    if (errors.errors.length === before) {
      // Every value below was found in its list or parsed, or an error was recorded above.
      out.push({
        kennung,
        entryDate: entryDate!,
        exitDate,
        gender: gender as Gender,
        birthYear: birthYear!,
        legalSphere: legalSphere as LegalSphere,
        employmentStatus: employmentStatus as EmploymentStatus,
        isced: isced as IscedBand,
        disability: disability as YesNoUnknown,
        migrationBackground: migrationBackground as YesNoUnknown,
        partTimeTraining: partTimeTraining as YesNo,
        outcome: outcome as Outcome | null,
      });
    }
  }
  if (errors.truncated) {
    errors.errors.push({ line: 0, field: '', message: `Die Prüfung wurde nach ${MAX_UPLOAD_ERRORS} Fehlern abgebrochen; es kann weitere geben. Bitte die genannten Fehler beheben und die Datei erneut hochladen.` });
  }
  if (errors.errors.length > 0) return { ok: false, errors: errors.errors };
  if (out.length === 0) return { ok: false, errors: [{ line: 2, field: '', message: 'Die Datei enthält keine Teilnehmenden (nur die Kopfzeile).' }] };
  return { ok: true, rows: out };
}

// ---------------------------------------------------------------------------------------------
// Files

const isZip = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
const isOle = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;

function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; line: number } {
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const at = lossy.indexOf('\ufffd');
    return { ok: false, line: lossy.slice(0, Math.max(at, 0)).split(/\r\n|\n|\r/).length };
  }
}

/** An XLSX cell value as the text a person sees (dates as ISO, formulas by their result). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
    return '';
  }
  return String(value);
}

/**
 * The first worksheet's rows as text. exceljs' streaming reader is used: about twice as fast as
 * loading the whole workbook, and it keeps dates (it reads the styles that mark a number as a date).
 */
async function readXlsx(bytes: Uint8Array): Promise<{ ok: true; rows: Row[] } | { ok: false; error: UploadError }> {
  const rows: Row[] = [];
  let sheets = 0;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    for await (const worksheet of reader) {
      sheets++;
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = row.values as ExcelJS.CellValue[]; // index 0 is unused by exceljs
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i] ?? null));
        rows.push({ line: row.number, cells });
      }
      break; // the first worksheet only
    }
  } catch {
    return { ok: false, error: { line: 0, field: '', message: 'Die Datei ist keine lesbare XLSX-Datei.' } };
  }
  if (sheets === 0) return { ok: false, error: { line: 0, field: '', message: 'Die XLSX-Datei enthält kein Tabellenblatt.' } };
  return { ok: true, rows };
}

/**
 * Validates an uploaded participant file (CSV or XLSX, told apart by its first bytes) against the
 * project's Laufzeit (rules at the top of this file). Never throws for bad files: every problem is
 * an error with line, column and a German message.
 */
export async function validateParticipantUpload(bytes: Uint8Array, laufzeit: ProjectPeriod): Promise<UploadResult> {
  if (isOle(bytes)) {
    return { ok: false, errors: [{ line: 0, field: '', message: 'Das alte Excel-Format (.xls) wird nicht unterstützt. Bitte als .xlsx oder als „CSV UTF-8“ speichern.' }] };
  }
  if (isZip(bytes)) {
    const xlsx = await readXlsx(bytes);
    return xlsx.ok ? validateRows(xlsx.rows, laufzeit) : { ok: false, errors: [xlsx.error] };
  }
  return validateParticipantCsv(bytes, laufzeit);
}

/** The CSV half of validateParticipantUpload, synchronous (used directly by the benchmark). */
export function validateParticipantCsv(bytes: Uint8Array, laufzeit: ProjectPeriod): UploadResult {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    return {
      ok: false,
      errors: [{ line: decoded.line, field: '', message: 'Die Datei ist nicht UTF-8-kodiert. Bitte in Excel „CSV UTF-8 (durch Trennzeichen getrennt)“ wählen oder die Vorlage verwenden.' }],
    };
  }
  const csv = parseCsv(decoded.text);
  if (!csv.ok) return { ok: false, errors: [{ line: csv.line, field: '', message: csv.message }] };
  return validateRows(
    csv.records.map((r: CsvRecord) => ({ line: r.line, cells: r.fields })),
    laufzeit,
  );
}

// ---------------------------------------------------------------------------------------------
// Template

/** What each column takes, for the upload page next to the template download. */
export const PARTICIPANT_COLUMN_HELP: Record<ParticipantColumn, string> = {
  kennung: 'vom Träger vergebene Kennung (1–40 Zeichen: Buchstaben, Ziffern, - _ . /), nie ein Name',
  eintritt: 'Eintrittsdatum (TT.MM.JJJJ oder JJJJ-MM-TT), innerhalb der Laufzeit des Projekts',
  austritt: 'Austrittsdatum; leer, solange die Person im Projekt ist',
  geschlecht: `${GENDERS.join(', ')} (x = keine Angabe)`,
  geburtsjahr: 'Geburtsjahr (JJJJ), kein Geburtsdatum; bei Eintritt 15 bis 67 Jahre',
  rechtskreis: LEGAL_SPHERES.join(', '),
  erwerbsstatus: `Erwerbsstatus bei Eintritt: ${EMPLOYMENT_STATUSES.join(', ')}`,
  isced: `Bildungsstand: ${ISCED_BANDS.join(', ')} (x = keine Angabe)`,
  behinderung: `${YES_NO_UNKNOWN.join(', ')} (besondere Kategorie personenbezogener Daten, Art. 9 DSGVO)`,
  migration: `Migrationshintergrund: ${YES_NO_UNKNOWN.join(', ')} (besondere Kategorie, Art. 9 DSGVO)`,
  teilzeitausbildung: YES_NO.join(', '),
  verbleib: `Verbleib bei Austritt: ${OUTCOMES.join(', ')}; leer, solange die Person im Projekt ist`,
};

/**
 * The downloadable template: UTF-8 with BOM (so Excel shows umlauts), `;`, CRLF, the header row and,
 * with `example`, two clearly invented rows.
 */
/** The template's two invented example rows (header order). */
const TEMPLATE_EXAMPLES = [
  ['BEISPIEL-001', '01.02.2024', '', 'w', '2003', 'SGB II', 'arbeitslos', '0-2', 'nein', 'ja', 'nein', ''],
  ['BEISPIEL-002', '15.02.2024', '30.06.2024', 'm', '1998', 'SGB III', 'langzeitarbeitslos', '3-4', 'x', 'nein', 'nein', 'uebergang_beschaeftigung'],
];

/** The template as XLSX (the same header and example rows as the CSV; every column text). */
export async function buildParticipantTemplateXlsx(options: { example?: boolean } = {}): Promise<Uint8Array> {
  return writeXlsxTable({
    sheetName: 'Teilnehmende',
    tableName: 'Teilnehmende',
    columns: PARTICIPANT_COLUMNS.map((header) => ({ header, kind: 'text' as const, width: 16 })),
    rows: options.example ? TEMPLATE_EXAMPLES : [],
  });
}

export function buildParticipantTemplateCsv(options: { example?: boolean } = {}): Uint8Array {
  const lines: string[] = [PARTICIPANT_COLUMNS.join(';')];
  if (options.example) {
    for (const row of TEMPLATE_EXAMPLES) lines.push(row.join(';'));
  }
  return new TextEncoder().encode(`\ufeff${lines.join('\r\n')}\r\n`);
}
