import { writeCsv } from '../../platform/input';
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
