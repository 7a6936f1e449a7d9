/**
 * Export of the yearly allocation overview (one row per district) as CSV and as an Excel table.
 * Mapping only; the web layer sets file names and content types.
 */
import type ExcelJS from 'exceljs';
import { writeCsv } from '../../platform/input';
import { formatEuroNumber } from '../../platform/format';

export interface OverviewRow {
  ags: string;
  name: string;
  regierungsbezirk: string;
  allocationCents: number;
  revisionsCount: number;
  /** German label of the agreement status, e.g. "In Abstimmung". */
  agreementStatus: string;
  agreedCents: number | null;
  published: boolean;
}

export const OVERVIEW_HEADERS = [
  'AGS',
  'Gebietskörperschaft',
  'Regierungsbezirk',
  'Zuweisung (€)',
  'Änderungen der Zuweisung',
  'Status Zielvereinbarung',
  'Vereinbarter Betrag (€)',
  'Veröffentlicht',
] as const;

const EURO_FORMAT = '#,##0.00 "€"';
const COLUMN_WIDTHS = [9, 34, 18, 18, 14, 26, 22, 14];

/**
 * CSV for Excel with German settings: UTF-8 with BOM, `;`, CRLF, amounts like "787.100,00".
 * Cells starting with = + - @ tab or CR get a leading apostrophe so no cell is run as a formula.
 */
export function buildOverviewCsv(rows: ReadonlyArray<OverviewRow>): Uint8Array {
  const lines = [
    [...OVERVIEW_HEADERS],
    ...rows.map((row) =>
      [
        row.ags,
        row.name,
        row.regierungsbezirk,
        formatEuroNumber(row.allocationCents),
        String(row.revisionsCount),
        row.agreementStatus,
        row.agreedCents === null ? '' : formatEuroNumber(row.agreedCents),
        row.published ? 'ja' : 'nein',
      ],
    ),
  ];
  return new TextEncoder().encode(writeCsv(lines));
}

/**
 * The same overview as an .xlsx with one real Excel table ("Zuweisungen"): filter buttons, euro
 * number format, a sums row (SUBTOTAL, so it follows the filter) and sensible column widths.
 */
export async function buildOverviewXlsx(rows: ReadonlyArray<OverviewRow>): Promise<Uint8Array> {
  // Loaded on first use: exceljs costs ≈ 0,3 s at start-up and only the export needs it.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'AQB-Steuerung';
  const sheet = workbook.addWorksheet('Übersicht', { views: [{ state: 'frozen', ySplit: 1 }] });

  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  // exceljs writes `totalsRowResult` as the cached formula result, so viewers without recalculation show the sum.
  const totals = {
    allocation: sum(rows.map((row) => row.allocationCents)) / 100,
    revisions: sum(rows.map((row) => row.revisionsCount)),
    agreed: sum(rows.map((row) => row.agreedCents ?? 0)) / 100,
  };
  const columns = [
    { name: OVERVIEW_HEADERS[0], filterButton: true, totalsRowLabel: 'Summe' },
    { name: OVERVIEW_HEADERS[1], filterButton: true },
    { name: OVERVIEW_HEADERS[2], filterButton: true },
    { name: OVERVIEW_HEADERS[3], filterButton: true, totalsRowFunction: 'sum', totalsRowResult: totals.allocation },
    { name: OVERVIEW_HEADERS[4], filterButton: true, totalsRowFunction: 'sum', totalsRowResult: totals.revisions },
    { name: OVERVIEW_HEADERS[5], filterButton: true },
    { name: OVERVIEW_HEADERS[6], filterButton: true, totalsRowFunction: 'sum', totalsRowResult: totals.agreed },
    { name: OVERVIEW_HEADERS[7], filterButton: true },
  ] as ExcelJS.TableColumnProperties[];

  sheet.addTable({
    name: 'Zuweisungen',
    ref: 'A1',
    headerRow: true,
    totalsRow: true,
    style: { theme: 'TableStyleMedium2', showRowStripes: true },
    columns,
    rows: rows.map((row) => [
      row.ags,
      row.name,
      row.regierungsbezirk,
      row.allocationCents / 100,
      row.revisionsCount,
      row.agreementStatus,
      row.agreedCents === null ? null : row.agreedCents / 100,
      row.published ? 'ja' : 'nein',
    ]),
  });

  COLUMN_WIDTHS.forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
  });
  // Format data and sums row (row 1 is the header).
  for (let rowNumber = 2; rowNumber <= rows.length + 2; rowNumber += 1) {
    for (const column of [4, 7]) sheet.getCell(rowNumber, column).numFmt = EURO_FORMAT;
  }
  sheet.getRow(rows.length + 2).font = { bold: true };

  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}
