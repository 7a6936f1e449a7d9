import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PARTICIPANT_COLUMNS } from './records-schema';
import { buildParticipantTemplateCsv, buildParticipantTemplateXlsx, looksLikePersonalData, MAX_UPLOAD_ERRORS, parseUploadDate, type UploadResult, validateParticipantUpload } from './upload';
import { fuzzRuns } from '../../../tests/support/fuzz';

const RUNS = fuzzRuns();
const LAUFZEIT = { start: '2024-01-01', end: '2024-12-31' };
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const bytes = (text: string) => new TextEncoder().encode(text);
const HEADER = PARTICIPANT_COLUMNS.join(';');

function errorsOf(result: UploadResult) {
  if (result.ok) throw new Error(`expected errors, got ${result.rows.length} rows`);
  return result.errors.map((e) => `${e.line} ${e.field}: ${e.message}`);
}

describe('validateParticipantUpload: CSV', () => {
  it('reads a valid file (BOM, German and ISO dates, any case) into canonical records', async () => {
    const result = await validateParticipantUpload(fixture('teilnehmende-gueltig.csv'), LAUFZEIT);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows).toHaveLength(5);
    expect(result.rows[0]).toEqual({
      kennung: 'TN-001',
      entryDate: '2024-02-01',
      exitDate: null,
      gender: 'w',
      birthYear: 2003,
      legalSphere: 'SGB II',
      employmentStatus: 'arbeitslos',
      isced: '0-2',
      disability: 'nein',
      migrationBackground: 'ja',
      partTimeTraining: 'nein',
      outcome: null,
    });
    expect(result.rows[1]).toMatchObject({ entryDate: '2024-02-15', exitDate: '2024-06-30', legalSphere: 'SGB III', employmentStatus: 'langzeitarbeitslos', outcome: 'uebergang_beschaeftigung' });
    expect(result.rows[2]).toMatchObject({ entryDate: '2024-03-01', exitDate: '2024-12-31', gender: 'd' });
    // Age limits with only the birth year: 2024 − 2009 = 15 and 2024 − 1956 = 68 (i.e. 67 or 68) are accepted.
    expect(result.rows[3]).toMatchObject({ kennung: 'TN-004', birthYear: 2009 });
    expect(result.rows[4]).toMatchObject({ kennung: 'TN-005', gender: 'w', legalSphere: 'keiner', disability: 'nein', birthYear: 1956, entryDate: '2024-12-31' });
  });

  it('reports every kind of bad row with line, column and a German message, and returns no rows', async () => {
    expect(errorsOf(await validateParticipantUpload(fixture('teilnehmende-fehler.csv'), LAUFZEIT))).toEqual([
      '3 geschlecht: Unbekannter Wert „f“. Erlaubt: w, m, d, x.',
      '4 rechtskreis: Unbekannter Wert „SGB 2“. Erlaubt: SGB II, SGB III, SGB VIII, SGB XII, AsylbLG, keiner.',
      '5 austritt: Der Austritt am 15.02.2024 liegt vor dem Eintritt am 01.03.2024.',
      '6 eintritt: Der Eintritt am 15.12.2023 liegt außerhalb der Laufzeit des Projekts (01.01.2024 bis 31.12.2024).',
      '7 geburtsjahr: Bei Eintritt ist die Person höchstens 14 Jahre alt; teilnehmen können Personen ab 15 Jahren.',
      '8 geburtsjahr: Bei Eintritt ist die Person mindestens 68 Jahre alt; teilnehmen können Personen bis 67 Jahre.',
      '9 kennung: Die Kennung „tn-001“ kommt doppelt vor (zuerst in Zeile 2).',
      '10 verbleib: Ein Verbleib ist nur mit Austrittsdatum möglich: Bitte das Austrittsdatum eintragen oder den Verbleib leeren.',
      '11 verbleib: Bei einem Austritt ist der Verbleib anzugeben (notfalls „sonstiges“).',
      '12 eintritt: „31.02.2024“ ist kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT).',
      '13 geburtsjahr: Bitte nur das Geburtsjahr (JJJJ) eintragen, kein Geburtsdatum: Geburtsdaten werden nicht erfasst.',
      '14 kennung: Die Kennung „Max Mustermann“ enthält Leerzeichen oder @. Bitte nur die vom Träger vergebene Kennung eintragen, keinen Namen und keine E-Mail-Adresse.',
      '15 erwerbsstatus: Das Feld „erwerbsstatus“ ist leer.',
      '16 : Die Zeile hat 13 Felder, die Kopfzeile nur 12.',
      '17 isced: Unbekannter Wert „9“. Erlaubt: 0-2, 3-4, 5-8, x.',
      '17 behinderung: Unbekannter Wert „vielleicht“. Erlaubt: ja, nein, x.',
    ]);
  });

  it('refuses the whole file when ONE row is bad', async () => {
    const good = readFileSync(new URL('./fixtures/teilnehmende-gueltig.csv', import.meta.url), 'utf8');
    const oneBad = good.replace('TN-003;1.3.2024', 'TN-003;1.3.2023');
    expect(errorsOf(await validateParticipantUpload(bytes(oneBad), LAUFZEIT))).toEqual([
      '4 eintritt: Der Eintritt am 01.03.2023 liegt außerhalb der Laufzeit des Projekts (01.01.2024 bis 31.12.2024).',
    ]);
  });

  it('refuses a file with columns that look like personal data before reading any row', async () => {
    const withName = `kennung;Vorname;Name;eintritt;austritt;geschlecht;Geburtsdatum;geburtsjahr;rechtskreis;erwerbsstatus;isced;behinderung;migration;teilzeitausbildung;verbleib;E-Mail\nTN-1;Max;Muster;01.02.2024;;m;01.01.2000;2000;SGB II;arbeitslos;0-2;nein;nein;nein;;max@example.org\n`;
    const errors = errorsOf(await validateParticipantUpload(bytes(withName), LAUFZEIT));
    expect(errors).toHaveLength(4);
    expect(errors[0]).toBe(
      '1 Vorname: Die Spalte „Vorname“ sieht nach personenbezogenen Daten aus (Name, Anschrift, Geburtsdatum, Kontakt- oder Versicherungsdaten). ' +
        'Teilnehmende werden nur pseudonym mit einer Kennung erfasst: Die Datei wird nicht angenommen. Bitte die Spalte löschen und die Datei erneut hochladen.',
    );
    expect(errors.map((e) => e.split(':')[0])).toEqual(['1 Vorname', '1 Name', '1 Geburtsdatum', '1 E-Mail']);
    for (const header of ['Nachname', 'Adresse', 'Straße', 'PLZ', 'Wohnort', 'Geburtstag', 'Telefon', 'Handy', 'Sozialversicherungsnummer', 'Steuer-ID', 'IBAN', 'Name des Teilnehmers', 'first_name', 'Date of birth']) {
      expect(looksLikePersonalData(header), header).toBe(true);
    }
    for (const header of [...PARTICIPANT_COLUMNS, 'Bemerkung', 'Maßnahme']) expect(looksLikePersonalData(header), header).toBe(false);
  });

  it('checks the header: missing, unknown and doubled columns', async () => {
    const header = 'kennung;eintritt;austritt;geschlecht;geburtsjahr;rechtskreis;erwerbsstatus;isced;behinderung;behinderung;teilzeitausbildung;bemerkung';
    expect(errorsOf(await validateParticipantUpload(bytes(`${header}\n`), LAUFZEIT))).toEqual([
      '1 behinderung: Die Spalte „behinderung“ kommt doppelt vor.',
      `1 bemerkung: Unbekannte Spalte „bemerkung“. Erlaubt sind genau: ${HEADER}.`,
      `1 migration: Die Spalte „migration“ fehlt. Erforderlich sind genau: ${HEADER}.`,
      `1 verbleib: Die Spalte „verbleib“ fehlt. Erforderlich sind genau: ${HEADER}.`,
    ]);
    expect(errorsOf(await validateParticipantUpload(bytes(''), LAUFZEIT))[0]).toContain('Die Datei ist leer');
    expect(errorsOf(await validateParticipantUpload(bytes(`${HEADER}\n`), LAUFZEIT))).toEqual(['2 : Die Datei enthält keine Teilnehmenden (nur die Kopfzeile).']);
  });

  it('accepts commas, quotes, CRLF and any column order', async () => {
    const columns = [...PARTICIPANT_COLUMNS].reverse();
    const row: Record<string, string> = { kennung: 'TN-7', eintritt: '2024-05-01', austritt: '', geschlecht: 'm', geburtsjahr: '2001', rechtskreis: 'SGB XII', erwerbsstatus: 'arbeitslos', isced: '3-4', behinderung: 'ja', migration: 'nein', teilzeitausbildung: 'nein', verbleib: '' };
    const text = `${columns.map((c) => `"${c}"`).join(',')}\r\n${columns.map((c) => (c === 'rechtskreis' ? '"SGB XII"' : row[c])).join(',')}\r\n`;
    const result = await validateParticipantUpload(bytes(text), LAUFZEIT);
    expect(result).toMatchObject({ ok: true, rows: [{ kennung: 'TN-7', legalSphere: 'SGB XII', disability: 'ja', entryDate: '2024-05-01' }] });
    expect(errorsOf(await validateParticipantUpload(bytes(`${HEADER}\n"TN-8;01.02.2024\n`), LAUFZEIT))).toEqual(['2 : Ein Anführungszeichen (") wird nicht geschlossen.']);
  });

  it('refuses a file that is not UTF-8 and the old .xls format, naming the line', async () => {
    const latin1 = new Uint8Array([...bytes(`${HEADER}\nTN-1;01.02.2024;;w;2003;SGB II;arbeitslos;0-2;nein;ja;nein;\nTN-2;01.02.2024;;w;2003;SGB II;arbeitslos;0-2;nein;ja;nein;sonstiges`), 0xe4]);
    expect(errorsOf(await validateParticipantUpload(latin1, LAUFZEIT))).toEqual([
      '3 : Die Datei ist nicht UTF-8-kodiert. Bitte in Excel „CSV UTF-8 (durch Trennzeichen getrennt)“ wählen oder die Vorlage verwenden.',
    ]);
    expect(errorsOf(await validateParticipantUpload(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), LAUFZEIT))[0]).toContain('(.xls) wird nicht unterstützt');
  });

  it('stops after the error limit with a note', async () => {
    const rows = Array.from({ length: MAX_UPLOAD_ERRORS + 20 }, (_, i) => `TN-${i};01.02.2024;;f;2003;SGB II;arbeitslos;0-2;nein;ja;nein;`);
    const errors = errorsOf(await validateParticipantUpload(bytes(`${HEADER}\n${rows.join('\n')}\n`), LAUFZEIT));
    expect(errors).toHaveLength(MAX_UPLOAD_ERRORS + 1);
    expect(errors.at(-1)).toBe(`0 : Die Prüfung wurde nach ${MAX_UPLOAD_ERRORS} Fehlern abgebrochen; es kann weitere geben. Bitte die genannten Fehler beheben und die Datei erneut hochladen.`);
  });
});

describe('validateParticipantUpload: XLSX', () => {
  it('accepts its own XLSX template with the two example rows, like the CSV template', async () => {
    const fromXlsx = await validateParticipantUpload(await buildParticipantTemplateXlsx({ example: true }), LAUFZEIT);
    const fromCsv = await validateParticipantUpload(buildParticipantTemplateCsv({ example: true }), LAUFZEIT);
    expect(fromXlsx).toEqual(fromCsv);
    expect(fromXlsx.ok && fromXlsx.rows.map((r) => r.kennung)).toEqual(['BEISPIEL-001', 'BEISPIEL-002']);
  });

  async function xlsx(rows: ExcelJS.CellValue[][]): Promise<Uint8Array> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Teilnehmende');
    for (const row of rows) sheet.addRow(row);
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  }

  it('reads the first worksheet with Excel dates, numbers and text', async () => {
    const file = await xlsx([
      [...PARTICIPANT_COLUMNS],
      ['TN-1', new Date(Date.UTC(2024, 1, 1)), null, 'w', 2003, 'SGB II', 'arbeitslos', '0-2', 'nein', 'ja', 'nein', null],
      [1002, '15.03.2024', '2024-09-30', 'm', '1999', 'SGB III', 'erwerbstaetig', '3-4', 'x', 'x', 'ja', 'qualifizierung_abgeschlossen'],
    ]);
    const result = await validateParticipantUpload(file, LAUFZEIT);
    expect(result).toMatchObject({
      ok: true,
      rows: [
        { kennung: 'TN-1', entryDate: '2024-02-01', exitDate: null, birthYear: 2003 },
        { kennung: '1002', entryDate: '2024-03-15', exitDate: '2024-09-30', outcome: 'qualifizierung_abgeschlossen', partTimeTraining: 'ja' },
      ],
    });
  });

  it('reports errors with the row number of the sheet and refuses personal-data columns', async () => {
    const file = await xlsx([[...PARTICIPANT_COLUMNS], ['TN-1', new Date(Date.UTC(2025, 0, 5)), null, 'w', 2003, 'SGB II', 'arbeitslos', '0-2', 'nein', 'ja', 'nein', null]]);
    expect(errorsOf(await validateParticipantUpload(file, LAUFZEIT))).toEqual(['2 eintritt: Der Eintritt am 05.01.2025 liegt außerhalb der Laufzeit des Projekts (01.01.2024 bis 31.12.2024).']);
    const personal = await xlsx([[...PARTICIPANT_COLUMNS, 'Anschrift'], ['TN-1', '01.02.2024', null, 'w', 2003, 'SGB II', 'arbeitslos', '0-2', 'nein', 'ja', 'nein', null, 'Musterstraße 1']]);
    expect(errorsOf(await validateParticipantUpload(personal, LAUFZEIT))[0]).toMatch(/^1 Anschrift: Die Spalte „Anschrift“ sieht nach personenbezogenen Daten aus/);
    expect(errorsOf(await validateParticipantUpload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), LAUFZEIT))).toEqual(['0 : Die Datei ist keine lesbare XLSX-Datei.']);
  });
});

describe('validateParticipantUpload: properties', () => {
  const day = fc.integer({ min: 0, max: 365 }).map((d) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10));
  const record = fc
    .record({
      entryDate: day,
      stay: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
      gender: fc.constantFrom('w', 'm', 'd', 'x'),
      age: fc.integer({ min: 16, max: 67 }),
      legalSphere: fc.constantFrom('SGB II', 'SGB III', 'SGB VIII', 'SGB XII', 'AsylbLG', 'keiner'),
      employmentStatus: fc.constantFrom('arbeitslos', 'langzeitarbeitslos', 'nicht_erwerbstaetig', 'erwerbstaetig', 'schule_ausbildung'),
      isced: fc.constantFrom('0-2', '3-4', '5-8', 'x'),
      disability: fc.constantFrom('ja', 'nein', 'x'),
      migrationBackground: fc.constantFrom('ja', 'nein', 'x'),
      partTimeTraining: fc.constantFrom('ja', 'nein'),
      outcome: fc.constantFrom('ausbildungsabschluss', 'uebergang_ausbildung', 'uebergang_beschaeftigung', 'qualifizierung_abgeschlossen', 'abbruch', 'sonstiges'),
    })
    .map((r) => {
      const exitDate = r.stay === null ? null : new Date(Date.parse(r.entryDate) + r.stay * 86_400_000).toISOString().slice(0, 10);
      return {
        entryDate: r.entryDate,
        exitDate,
        gender: r.gender,
        birthYear: Number(r.entryDate.slice(0, 4)) - r.age,
        legalSphere: r.legalSphere,
        employmentStatus: r.employmentStatus,
        isced: r.isced,
        disability: r.disability,
        migrationBackground: r.migrationBackground,
        partTimeTraining: r.partTimeTraining,
        outcome: exitDate === null ? null : r.outcome,
      };
    });
  const file = fc.record({
    records: fc.array(record, { minLength: 1, maxLength: 30 }),
    delimiter: fc.constantFrom(';', ','),
    german: fc.boolean(),
    upper: fc.boolean(),
    bom: fc.boolean(),
  });
  type Written = { records: { entryDate: string; exitDate: string | null; gender: string; birthYear: number; legalSphere: string; employmentStatus: string; isced: string; disability: string; migrationBackground: string; partTimeTraining: string; outcome: string | null }[]; delimiter: string; german: boolean; upper: boolean; bom: boolean };
  /** The records as a CSV file: German or ISO dates, values in upper case or as listed, with or without BOM. */
  function csv({ records, delimiter, german, upper, bom }: Written): string {
    const date = (iso: string | null) => (iso === null ? '' : german ? `${iso.slice(8)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` : iso);
    const text = (v: string) => (upper ? v.toUpperCase() : v);
    const lines = records.map((r, i) =>
      [`TN-${i}`, date(r.entryDate), date(r.exitDate), text(r.gender), r.birthYear, text(r.legalSphere), text(r.employmentStatus), r.isced, text(r.disability), r.migrationBackground, r.partTimeTraining, r.outcome ?? ''].join(delimiter),
    );
    return `${bom ? '\ufeff' : ''}${PARTICIPANT_COLUMNS.join(delimiter)}\n${lines.join('\n')}\n`;
  }

  it('reads back exactly what was written, in either notation', async () => {
    await fc.assert(
      fc.asyncProperty(file, async (f) => {
        const result = await validateParticipantUpload(bytes(csv(f)), LAUFZEIT);
        expect(result).toEqual({ ok: true, rows: f.records.map((r, i) => ({ kennung: `TN-${i}`, ...r })) });
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses the whole file for one bad value, naming its line and column', async () => {
    const columns = ['geschlecht', 'rechtskreis', 'erwerbsstatus', 'isced', 'behinderung', 'migration', 'teilzeitausbildung'] as const;
    await fc.assert(
      fc.asyncProperty(file, fc.nat(), fc.constantFrom(...columns), fc.constantFrom('?', 'unbekannt', '1', 'SGB IV'), async (f, seed, column, bad) => {
        const victim = seed % f.records.length;
        const lines = csv(f).split('\n');
        const cells = lines[victim + 1]!.split(f.delimiter);
        cells[PARTICIPANT_COLUMNS.indexOf(column)] = bad;
        lines[victim + 1] = cells.join(f.delimiter);
        const result = await validateParticipantUpload(bytes(lines.join('\n')), LAUFZEIT);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.errors).toEqual([{ line: victim + 2, field: column, message: expect.stringContaining(`Unbekannter Wert „${bad}“`) }]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('template and dates', () => {
  it('offers a template that is itself a valid upload (with the example rows) and starts with the exact header', async () => {
    const template = buildParticipantTemplateCsv();
    expect([...template.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(template)).toBe(`\ufeff${HEADER}\r\n`);
    const example = await validateParticipantUpload(buildParticipantTemplateCsv({ example: true }), LAUFZEIT);
    expect(example).toMatchObject({ ok: true, rows: [{ kennung: 'BEISPIEL-001' }, { kennung: 'BEISPIEL-002', outcome: 'uebergang_beschaeftigung' }] });
  });

  it('parses exactly the real dates in both notations', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
        const iso = date.toISOString().slice(0, 10);
        const [y, m, d] = iso.split('-');
        expect(parseUploadDate(iso)).toBe(iso);
        expect(parseUploadDate(`${d}.${m}.${y}`)).toBe(iso);
        expect(parseUploadDate(`${Number(d)}.${Number(m)}.${y}`)).toBe(iso);
      }),
      { numRuns: RUNS },
    );
    for (const bad of ['29.02.2023', '31.04.2024', '2024-13-01', '00.01.2024', '1.1.24', '2024/01/01', '']) expect(parseUploadDate(bad), bad).toBeNull();
    expect(parseUploadDate('29.02.2024')).toBe('2024-02-29');
  });
});
