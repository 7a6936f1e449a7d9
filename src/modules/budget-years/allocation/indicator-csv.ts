/**
 * Import of the indicator table that drives the distribution (one row per district, one column
 * per indicator). Reports every problem with its line number in German so a clerk can fix the file
 * in one pass.
 *
 * Input rules (decided here, shown in the upload help text):
 * - Header `ags;<indikator>;…`. Separator `;` or `,`, taken from the header line.
 * - AGS five-digit ("06439"); the four-digit form "6439" is accepted too because spreadsheet
 *   programs drop the leading zero. Gemeindeschlüssel (8 digits) and names of Sonderstatusstädte
 *   are rejected: those towns receive no AQB of their own.
 * - Numbers without thousands separators. With `;` the decimal mark may be comma or point; a
 *   value like "12.345" is rejected as ambiguous (thousands point or decimal point?). With `,` as
 *   separator the decimal mark must be a point.
 * - Line 0 in an error means the file as a whole (empty file, a district without a row).
 */
import type { District } from '../../districts/schema';

export interface IndicatorCsvError {
  /** Physical line (1-based) where the record starts; 0 = the whole file. */
  line: number;
  message: string;
}

export type IndicatorCsvResult =
  | { ok: true; indicators: string[]; rows: Map<string, Record<string, number>> }
  | { ok: false; errors: IndicatorCsvError[] };

export interface IndicatorCsvOptions {
  /** Names of kreisangehörige Sonderstatusstädte, to explain why such a row is refused. */
  sonderstatusstaedte?: string[];
}

interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Parses the indicator CSV against the given districts (normally all 26). Succeeds only when every
 * district has exactly one row with a non-negative number for every indicator; otherwise returns
 * all errors found. Row keys are the canonical five-digit AGS.
 */
export function parseIndicatorCsv(text: string, districts: District[], options: IndicatorCsvOptions = {}): IndicatorCsvResult {
  const content = text.replace(/^\uFEFF/, '');
  const separator = detectSeparator(content);
  const { records, errors } = tokenize(content, separator);
  const nonBlank = records.filter((record) => record.fields.some((field) => field.trim() !== ''));

  const header = nonBlank[0];
  if (!header) {
    return { ok: false, errors: [...errors, { line: 0, message: 'Die Datei ist leer. Erwartet wird eine Kopfzeile „ags;<Indikator>;…“ und eine Zeile je Gebietskörperschaft.' }] };
  }

  const headerCells = header.fields.map((field) => field.trim());
  if (headerCells[0]!.toLowerCase() !== 'ags') {
    errors.push({ line: header.line, message: `Die erste Spalte der Kopfzeile muss „ags“ heißen, nicht „${headerCells[0]}“.` });
  }
  const indicators = headerCells.slice(1);
  if (indicators.length === 0) {
    errors.push({ line: header.line, message: 'Die Kopfzeile enthält keine Indikatoren (erwartet: „ags;<Indikator>;…“).' });
    return { ok: false, errors };
  }
  const seenNames = new Set<string>();
  indicators.forEach((name, index) => {
    if (name === '') errors.push({ line: header.line, message: `Spalte ${index + 2} der Kopfzeile hat keinen Namen.` });
    else if (seenNames.has(name)) errors.push({ line: header.line, message: `Der Indikator „${name}“ steht mehrfach in der Kopfzeile.` });
    seenNames.add(name);
  });

  const districtsByAgs = new Map(districts.map((district) => [district.ags, district]));
  const firstLineByAgs = new Map<string, number>();
  const sonderstatus = new Set((options.sonderstatusstaedte ?? []).map((name) => name.toLowerCase()));
  const rows = new Map<string, Record<string, number>>();

  for (const record of nonBlank.slice(1)) {
    const report = (message: string) => errors.push({ line: record.line, message });
    const cells = record.fields.map((field) => field.trim());
    if (cells.length !== headerCells.length) {
      report(`Die Zeile hat ${cells.length} Spalten, erwartet werden ${headerCells.length} (ags und ${indicators.length} Indikatoren).`);
    }

    const resolved = resolveAgs(cells[0]!, districtsByAgs, sonderstatus);
    if ('message' in resolved) {
      report(resolved.message);
    } else {
      const firstLine = firstLineByAgs.get(resolved.ags);
      if (firstLine !== undefined) {
        report(`AGS ${resolved.ags} (${resolved.district.officialName}) kommt doppelt vor (zuerst in Zeile ${firstLine}).`);
      } else {
        firstLineByAgs.set(resolved.ags, record.line);
      }
    }

    const values: Record<string, number> = {};
    let isRowValid = cells.length === headerCells.length && !('message' in resolved);
    indicators.forEach((name, index) => {
      const cell = cells[index + 1];
      if (cell === undefined) return; // already reported as a wrong column count
      const parsed = parseIndicatorValue(cell, separator);
      if (typeof parsed === 'string') {
        report(`Spalte „${name}“: ${parsed}`);
        isRowValid = false;
      } else {
        values[name] = parsed;
      }
    });
    if (isRowValid && !('message' in resolved) && !rows.has(resolved.ags)) rows.set(resolved.ags, values);
  }

  for (const district of [...districts].sort((a, b) => (a.ags < b.ags ? -1 : 1))) {
    if (!firstLineByAgs.has(district.ags)) {
      errors.push({ line: 0, message: `Es fehlt eine Zeile für AGS ${district.ags} (${district.officialName}).` });
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, indicators, rows };
}

function detectSeparator(content: string): ';' | ',' {
  let isQuoted = false;
  let hasComma = false;
  for (const char of content) {
    if (char === '"') isQuoted = !isQuoted;
    else if (!isQuoted && (char === '\n' || char === '\r')) {
      if (hasComma) return ',';
      continue;
    } else if (!isQuoted && char === ';') return ';';
    else if (!isQuoted && char === ',') hasComma = true;
  }
  return hasComma ? ',' : ';';
}

/** RFC 4180 records with the physical line each starts on; quoted fields may hold separators and line breaks. */
function tokenize(content: string, separator: string): { records: CsvRecord[]; errors: IndicatorCsvError[] } {
  const records: CsvRecord[] = [];
  const errors: IndicatorCsvError[] = [];
  let fields: string[] = [];
  let field = '';
  let isQuoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < content.length; i += 1) {
    const char = content[i]!;
    if (isQuoted) {
      if (char === '"' && content[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        isQuoted = false;
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
    } else if (char === '"' && field.trim() === '') {
      field = '';
      isQuoted = true;
    } else if (char === separator) {
      fields.push(field);
      field = '';
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && content[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      field += char;
    }
  }
  if (isQuoted) errors.push({ line: recordLine, message: 'Ein Anführungszeichen wird nicht geschlossen.' });
  if (field !== '' || fields.length > 0) endRecord();
  return { records, errors };
}

function resolveAgs(
  cell: string,
  districtsByAgs: Map<string, District>,
  sonderstatus: Set<string>,
): { ags: string; district: District } | { message: string } {
  if (cell === '') return { message: 'Der AGS fehlt.' };
  if (sonderstatus.has(cell.toLowerCase())) {
    return { message: `„${cell}“ ist eine Sonderstatusstadt; sie erhält kein eigenes AQB (zuständig ist ihr Landkreis).` };
  }
  if (/^06\d{6}$/.test(cell)) {
    return {
      message: `„${cell}“ ist ein Gemeindeschlüssel (kreisangehörige Gemeinde, z. B. eine Sonderstatusstadt). Das AQB erhalten nur die 26 Landkreise und kreisfreien Städte (fünfstelliger AGS, z. B. 06439).`,
    };
  }
  if (!/^\d{4,5}$/.test(cell)) return { message: `„${cell}“ ist kein gültiger AGS (fünfstellig, z. B. 06439).` };
  const ags = cell.padStart(5, '0');
  const district = districtsByAgs.get(ags);
  if (!district) {
    if (!ags.startsWith('06')) return { message: `Der AGS ${ags} gehört nicht zu Hessen (hessische AGS beginnen mit 06).` };
    return { message: `Unbekannter AGS ${ags}: keine der 26 hessischen Gebietskörperschaften.` };
  }
  return { ags, district };
}

/** A number ≥ 0, or the German reason why the cell is not one. */
function parseIndicatorValue(cell: string, separator: string): number | string {
  if (cell === '') return 'Der Wert fehlt.';
  if (/^[-−–]\s*\d/.test(cell)) return `Der Wert „${cell}“ ist negativ; erlaubt sind nur Zahlen ≥ 0.`;
  if (separator === ',') {
    if (/^\d+,\d+$/.test(cell)) return `„${cell}“: Bei Komma als Trennzeichen muss das Dezimalzeichen ein Punkt sein.`;
    if (!/^\d+(\.\d+)?$/.test(cell)) return `„${cell}“ ist keine Zahl.`;
    return Number(cell);
  }
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(cell)) {
    return `„${cell}“ ist mehrdeutig (Tausenderpunkt oder Dezimalpunkt?). Bitte ohne Tausendertrennzeichen schreiben, Dezimalstellen mit Komma.`;
  }
  if (!/^\d+([.,]\d+)?$/.test(cell)) return `„${cell}“ ist keine Zahl.`;
  return Number(cell.replace(',', '.'));
}
