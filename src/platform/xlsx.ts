/**
 * One writer for spreadsheet exports: a workbook with one sheet holding one real Excel table
 * (filter buttons, striped rows, a frozen header), typed columns (text, whole numbers, euros from
 * cents) and an optional sums row. Every export of the product goes through it, so every file
 * looks and behaves the same in Excel and LibreOffice.
 */
import type ExcelJS from 'exceljs';

/** euro: cents in, euros shown; percent: a percentage number in (3.25 = 3,25 %); number: any number as it is. */
export type XlsxColumnKind = 'text' | 'integer' | 'euro' | 'percent' | 'number';

export interface XlsxColumn {
  header: string;
  kind: XlsxColumnKind;
  /** Character width of the column; a sensible default per kind when left out. */
  width?: number;
  /** Sum this column in the totals row (numeric kinds only). */
  sum?: boolean;
}

export type XlsxCell = string | number | null;

export interface XlsxTable {
  sheetName: string;
  /** Excel table name: letters, digits and underscores, starting with a letter. */
  tableName: string;
  columns: ReadonlyArray<XlsxColumn>;
  /** One array per row, in column order; euro cells in cents. */
  rows: ReadonlyArray<ReadonlyArray<XlsxCell>>;
  /** Label of the totals row ("Summe"); no totals row when no column sums. */
  totalsLabel?: string;
}

const EURO_FORMAT = '#,##0.00 "€"';
const INTEGER_FORMAT = '#,##0';
const PERCENT_FORMAT = '0.00 %';
const DEFAULT_WIDTH: Record<XlsxColumnKind, number> = { text: 24, integer: 12, euro: 18, percent: 12, number: 12 };

/** Euro cells are stored in euros with the euro format. Strings stay strings: exceljs writes them as
 * shared strings, never as formulas, so a title starting with "=" is not run. */
function cellValue(column: XlsxColumn, value: XlsxCell): XlsxCell {
  if (value === null) return null;
  if (column.kind === 'euro') return typeof value === 'number' ? value / 100 : value;
  if (column.kind === 'percent') return typeof value === 'number' ? value / 100 : value;
  return value;
}

/** Builds the .xlsx bytes. exceljs is loaded on first use (≈ 0,3 s at start-up otherwise). */
export async function writeXlsxTable(table: XlsxTable): Promise<Uint8Array> {
  return writeXlsxWorkbook([table]);
}

/** A workbook of several sheets, one table each (e.g. the data and its codebook); table names must differ. */
export async function writeXlsxWorkbook(tables: ReadonlyArray<XlsxTable>): Promise<Uint8Array> {
  for (const table of tables) if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(table.tableName)) throw new Error(`Ungültiger Tabellenname: ${table.tableName}`);
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'AQB-Steuerung';
  for (const table of tables) addTableSheet(workbook, table);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

function addTableSheet(workbook: ExcelJS.Workbook, table: XlsxTable): void {
  const sheet = workbook.addWorksheet(table.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const hasTotals = table.columns.some((column) => column.sum) && table.rows.length > 0;

  const columns: ExcelJS.TableColumnProperties[] = table.columns.map((column, index) => {
    const properties: ExcelJS.TableColumnProperties = { name: column.header, filterButton: true };
    if (hasTotals && index === 0) properties.totalsRowLabel = table.totalsLabel ?? 'Summe';
    if (hasTotals && column.sum && column.kind !== 'text') {
      const total: number = table.rows.reduce((acc, row) => acc + (typeof row[index] === 'number' ? (row[index] as number) : 0), 0);
      properties.totalsRowFunction = 'sum';
      // exceljs writes totalsRowResult as the cached result, so viewers without recalculation show the sum.
      (properties as { totalsRowResult?: number }).totalsRowResult = column.kind === 'euro' ? total / 100 : total;
    }
    return properties;
  });

  sheet.addTable({
    name: table.tableName,
    ref: 'A1',
    headerRow: true,
    totalsRow: hasTotals,
    style: { theme: 'TableStyleMedium2', showRowStripes: true },
    columns,
    // An Excel table needs at least one data row; an empty export gets one empty row.
    rows: table.rows.length > 0 ? table.rows.map((row) => table.columns.map((column, index) => cellValue(column, row[index] ?? null))) : [table.columns.map(() => null)],
  });

  table.columns.forEach((column, index) => {
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.width = column.width ?? DEFAULT_WIDTH[column.kind];
    if (column.kind === 'euro') sheetColumn.numFmt = EURO_FORMAT;
    if (column.kind === 'integer') sheetColumn.numFmt = INTEGER_FORMAT;
    if (column.kind === 'percent') sheetColumn.numFmt = PERCENT_FORMAT;
  });
  sheet.getRow(1).numFmt = '@';
  if (hasTotals) sheet.getRow(table.rows.length + 2).font = { bold: true };
}
