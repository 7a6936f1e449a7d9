import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { loadShippedDistricts } from '../districts/master-data';
import { parseEuro as parseEuroInput } from '../../platform/input';
import { buildOverviewCsv, buildOverviewXlsx, OVERVIEW_HEADERS, type OverviewRow } from './export';

const districts = loadShippedDistricts();

function buildRows(): OverviewRow[] {
  const rows: OverviewRow[] = districts.map((district, index) => ({
    ags: district.ags,
    name: district.officialName,
    regierungsbezirk: district.regierungsbezirk,
    allocationCents: 100_000_000 + index * 1_000_000 + (index === 3 ? 5 : 0),
    revisionsCount: index % 3,
    agreementStatus: index % 2 === 0 ? 'Unterzeichnet' : 'In Abstimmung',
    agreedCents: index % 2 === 0 ? 95_000_000 : null,
    published: index % 4 === 0,
  }));
  // Hostile text that must neither run as a formula nor break the columns.
  rows[0] = { ...rows[0]!, name: '=HYPERLINK("http://x";"klick")', agreementStatus: '@SUM(A1)' };
  rows[1] = { ...rows[1]!, name: 'Stadt "A"; Teil\nzwei', agreementStatus: '-1+2' };
  rows[2] = { ...rows[2]!, name: '+49 Tel', agreementStatus: '\tTab' };
  return rows;
}

/** Minimal RFC 4180 reader for the test (quotes, doubled quotes, CRLF). */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let isQuoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (isQuoted) {
      if (char === '"' && text[i + 1] === '"') (field += '"'), (i += 1);
      else if (char === '"') isQuoted = false;
      else field += char;
    } else if (char === '"') isQuoted = true;
    else if (char === ';') fields.push(field), (field = '');
    else if (char === '\r' && text[i + 1] === '\n') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
      i += 1;
    } else field += char;
  }
  return records;
}

describe('buildOverviewCsv', () => {
  it('writes UTF-8 with BOM, semicolons, German amounts and defuses formulas', () => {
    const rows = buildRows();
    const bytes = buildOverviewCsv(rows);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith('\uFEFFAGS;Gebietskörperschaft;')).toBe(true);
    const records = readCsv(text.slice(1));
    expect(records).toHaveLength(27);
    expect(records[0]).toEqual([...OVERVIEW_HEADERS]);
    for (const record of records) expect(record).toHaveLength(8);

    expect(records[1]![1]).toBe(`'=HYPERLINK("http://x";"klick")`);
    expect(records[1]![5]).toBe(`'@SUM(A1)`);
    expect(records[2]![1]).toBe('Stadt "A"; Teil\nzwei');
    expect(records[2]![5]).toBe(`'-1+2`);
    expect(records[3]![1]).toBe(`'+49 Tel`);
    expect(records[3]![5]).toBe(`'\tTab`);

    expect(records[4]![3]).toBe('1.030.000,05');
    records.slice(1).forEach((record, index) => {
      const row = rows[index]!;
      expect(record[0]).toBe(row.ags);
      expect(parseEuroInput(record[3]!)).toEqual({ ok: true, cents: row.allocationCents });
      expect(record[4]).toBe(String(row.revisionsCount));
      expect(record[6] === '' ? null : parseEuroInput(record[6]!)).toEqual(row.agreedCents === null ? null : { ok: true, cents: row.agreedCents });
      expect(record[7]).toBe(row.published ? 'ja' : 'nein');
    });
  });
});

describe('buildOverviewXlsx', () => {
  it('writes a real Excel table with euro format, sums row and widths', async () => {
    const rows = buildRows();
    const bytes = await buildOverviewXlsx(rows);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const sheet = workbook.getWorksheet('Übersicht')!;
    expect(sheet).toBeDefined();

    // exceljs exposes the loaded table definition (the OOXML <table> part) as `.table`.
    const model = (sheet.getTable('Zuweisungen') as unknown as { table: { tableRef: string; totalsRow: boolean; columns: { name: string }[] } }).table;
    expect(model.tableRef).toBe('A1:H28');
    expect(model.totalsRow).toBe(true);
    expect(model.columns.map((c) => c.name)).toEqual([...OVERVIEW_HEADERS]);

    expect(sheet.getRow(1).values).toEqual([undefined, ...OVERVIEW_HEADERS]);
    rows.forEach((row, index) => {
      const excelRow = sheet.getRow(index + 2);
      expect(excelRow.getCell(1).value).toBe(row.ags);
      expect(excelRow.getCell(2).value).toBe(row.name);
      expect(Math.round((excelRow.getCell(4).value as number) * 100)).toBe(row.allocationCents);
      expect(excelRow.getCell(4).numFmt).toBe('#,##0.00 "€"');
      expect(excelRow.getCell(5).value).toBe(row.revisionsCount);
      expect(excelRow.getCell(7).value === null ? null : Math.round((excelRow.getCell(7).value as number) * 100)).toBe(row.agreedCents);
      expect(excelRow.getCell(8).value).toBe(row.published ? 'ja' : 'nein');
    });
    // A formula-looking name stays a plain string in the workbook.
    expect(sheet.getCell('B2').type).toBe(ExcelJS.ValueType.String);

    const totals = sheet.getRow(28);
    expect(totals.getCell(1).value).toBe('Summe');
    const allocationSum = totals.getCell(4).value as { formula: string; result: number };
    expect(allocationSum.formula).toMatch(/^SUBTOTAL\(109,Zuweisungen\[Zuweisung \(€\)\]\)$/);
    expect(Math.round(allocationSum.result * 100)).toBe(rows.reduce((s, r) => s + r.allocationCents, 0));
    expect(totals.getCell(4).numFmt).toBe('#,##0.00 "€"');
    expect((totals.getCell(5).value as { result: number }).result).toBe(rows.reduce((s, r) => s + r.revisionsCount, 0));
    expect(sheet.getColumn(2).width).toBe(34);
  });
});
