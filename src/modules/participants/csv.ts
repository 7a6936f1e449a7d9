/**
 * A small, fast CSV reader for uploads (RFC 4180: quoted fields with "" inside, CRLF/LF/CR line
 * ends). Each record carries the physical line it starts on, so messages can name the line a person
 * sees in an editor. Files without quotes take a split-based fast path.
 */

export interface CsvRecord {
  /** 1-based line number where the record starts. */
  line: number;
  fields: string[];
}

export type CsvResult = { ok: true; delimiter: ';' | ','; records: CsvRecord[] } | { ok: false; line: number; message: string };

/** `;` when the header line has one outside quotes, else `,` (German Excel writes `;`). */
function detectDelimiter(text: string): ';' | ',' {
  let inQuotes = false;
  let commas = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) break;
    else if (!inQuotes && c === ';') return ';';
    else if (!inQuotes && c === ',') commas++;
  }
  return commas > 0 ? ',' : ';';
}

/** Parses CSV text (BOM already removed). Never throws; an unclosed quote is reported with its line. */
export function parseCsv(text: string): CsvResult {
  const delimiter = detectDelimiter(text);
  if (!text.includes('"')) {
    const lines = text.split(/\r\n|\n|\r/);
    if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return { ok: true, delimiter, records: lines.map((l, i) => ({ line: i + 1, fields: l.split(delimiter) })) };
  }

  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quoteLine = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      inQuotes = true;
      quoteLine = line;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += c;
  }
  if (inQuotes) return { ok: false, line: quoteLine, message: 'Ein Anführungszeichen (") wird nicht geschlossen.' };
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return { ok: true, delimiter, records };
}
