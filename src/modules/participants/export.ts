import { writeCsv } from '../../platform/input';
import { writeXlsxTable, type XlsxCell } from '../../platform/xlsx';
import type { PublishedTable } from './suppression';

/**
 * Every table of a page as one CSV file (Excel, German settings): per table a title line, the
 * header, one line per row with its total, the totals line, an empty line. Withheld values are
 * "•" (the footnote line says why), never 0.
 */
export function statisticsCsv(title: string, tables: ReadonlyArray<{ table: PublishedTable; k?: number }>, options: { suppressed?: boolean } = {}): string {
  const lines: string[][] = [[title], []];
  const value = (v: number | null) => (v === null ? '•' : String(v));
  for (const { table, k } of tables) {
    lines.push([table.name ?? '']);
    lines.push(['', ...table.columns, 'Summe']);
    table.rows.forEach((label, i) => lines.push([label, ...table.cells[i]!.map(value), value(table.rowTotals[i] ?? null)]));
    lines.push(['Summe', ...table.columnTotals.map(value), value(table.total)]);
    if (options.suppressed) lines.push([`• = geheim gehalten (Werte 1 bis ${(k ?? 3) - 1} und Werte, aus denen sie sich errechnen ließen); nie 0`]);
    lines.push([]);
  }
  return writeCsv(lines);
}

/**
 * Every table of a page as one XLSX file through the product's writer (one sheet, one Excel table
 * with filters): one line per value — Tabelle, Zeile, Spalte, Anzahl — row and column totals with
 * "Summe" as their label. Withheld values are "•" (the column "Hinweis" says why), never 0.
 */
export async function statisticsXlsx(title: string, tables: ReadonlyArray<{ table: PublishedTable; k?: number }>, options: { suppressed?: boolean } = {}): Promise<Uint8Array> {
  const rows: XlsxCell[][] = [];
  const hint = (k: number | undefined) => `geheim gehalten (Werte 1 bis ${(k ?? 3) - 1} und Werte, aus denen sie sich errechnen ließen)`;
  for (const { table, k } of tables) {
    const add = (row: string, column: string, v: number | null) => rows.push([table.name ?? '', row, column, v === null ? '•' : v, v === null && options.suppressed ? hint(k) : null]);
    table.rows.forEach((label, i) => {
      table.columns.forEach((column, j) => add(label, column, table.cells[i]![j] ?? null));
      add(label, 'Summe', table.rowTotals[i] ?? null);
    });
    table.columns.forEach((column, j) => add('Summe', column, table.columnTotals[j] ?? null));
    add('Summe', 'Summe', table.total);
  }
  return writeXlsxTable({
    sheetName: title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '),
    tableName: 'Teilnehmende',
    columns: [
      { header: 'Tabelle', kind: 'text', width: 36 },
      { header: 'Zeile', kind: 'text', width: 30 },
      { header: 'Spalte', kind: 'text', width: 24 },
      { header: 'Anzahl', kind: 'integer' },
      { header: 'Hinweis', kind: 'text', width: 60 },
    ],
    rows,
  });
}
