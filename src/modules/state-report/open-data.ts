import { writeCsv } from '../../platform/input';
import type { ReportContent } from './schema';

/** One cell of a released report's tables in long form (open data): withheld stays withheld. */
export interface ReportOpenDataCell {
  year: number;
  versionNo: number;
  chapter: string;
  table: string;
  caption: string;
  row: string;
  column: string;
  /** The figure as a number (euro with decimals, counts), null where withheld or empty. */
  value: number | null;
  /** "•" in the report: withheld to protect small numbers (never published as 0 or a number). */
  withheld: boolean;
}

function parseFigure(text: string): number | null {
  if (!/^-?[\d.]+(,\d+)?$/.test(text)) return null;
  return Number(text.replace(/\./g, '').replace(',', '.'));
}

/**
 * The tables of a released report as open-data cells, taken from the frozen snapshot, so the
 * suppression of the report is the suppression of the data (a withheld "•" is `withheld: true`).
 */
export function reportOpenDataCells(content: ReportContent): ReportOpenDataCell[] {
  const cells: ReportOpenDataCell[] = [];
  for (const chapter of content.chapters) {
    for (const table of chapter.tables) {
      for (const row of table.rows) {
        // Label columns: the first text columns (AGS, name); the rest are figures.
        const labelCount = table.numeric.findIndex((n) => n);
        const label = row.slice(0, Math.max(1, labelCount)).filter((x) => x !== '').join(' ');
        for (let i = Math.max(1, labelCount); i < row.length; i++) {
          if (!table.numeric[i]) continue;
          const text = row[i]!;
          cells.push({ year: content.year, versionNo: content.versionNo, chapter: chapter.key, table: table.id, caption: table.caption, row: label, column: table.columns[i]!, value: text === '•' ? null : parseFigure(text), withheld: text === '•' });
        }
      }
    }
  }
  return cells;
}

const HEADER = ['jahr', 'fassung', 'kapitel', 'tabelle', 'titel', 'zeile', 'spalte', 'wert', 'geheim_gehalten'];

/** The open-data CSV (semicolon, BOM, decimal point in `wert`, empty where withheld). */
export function reportOpenDataCsv(content: ReportContent): string {
  return writeCsv([HEADER, ...reportOpenDataCells(content).map((c) => [String(c.year), String(c.versionNo), c.chapter, c.table, c.caption, c.row, c.column, c.value === null ? '' : String(c.value), c.withheld ? 'ja' : 'nein'])]);
}
