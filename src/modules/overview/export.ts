/**
 * Export of the yearly allocation overview (one row per district) as CSV and as an Excel table.
 * Mapping only; the web layer sets file names and content types.
 */
import { writeCsv } from '../../platform/input';
import { formatEuroNumber } from '../../platform/format';
import { writeXlsxTable } from '../../platform/xlsx';

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
export function buildOverviewXlsx(rows: ReadonlyArray<OverviewRow>): Promise<Uint8Array> {
  const kinds = ['text', 'text', 'text', 'euro', 'integer', 'text', 'euro', 'text'] as const;
  return writeXlsxTable({
    sheetName: 'Übersicht',
    tableName: 'Zuweisungen',
    totalsLabel: 'Summe',
    columns: OVERVIEW_HEADERS.map((header, index) => ({ header, kind: kinds[index]!, width: COLUMN_WIDTHS[index], sum: index === 3 || index === 4 || index === 6 })),
    rows: rows.map((row) => [row.ags, row.name, row.regierungsbezirk, row.allocationCents, row.revisionsCount, row.agreementStatus, row.agreedCents, row.published ? 'ja' : 'nein']),
  });
}
