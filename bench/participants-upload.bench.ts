/**
 * Participant upload benchmark (plain tsx script, not vitest):
 *   npx tsx bench/participants-upload.bench.ts [rows] [repetitions]
 * Builds a deterministic CSV of `rows` participants (default 100 000, the size issue 14 names),
 * validates it `repetitions` times (default 5) and prints rows/s for the CSV path (decode, parse,
 * every check). Goal: ≥ 20 000 rows/s validated. Then the same rows as XLSX (one run; exceljs
 * reading dominates), and the suppression of a Land-sized table for reference.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { PARTICIPANT_COLUMNS } from '../src/modules/participants/records-schema';
import { suppressTable } from '../src/modules/participants/suppression';
import { validateParticipantCsv, validateParticipantUpload } from '../src/modules/participants/upload';

const rows = Number(process.argv[2] ?? 100_000);
const repetitions = Number(process.argv[3] ?? 5);
const LAUFZEIT = { start: '2024-01-01', end: '2024-12-31' };

/** A small deterministic generator (mulberry32), so every run validates the same file. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)]!;

function buildRows(count: number): string[][] {
  const next = random(14);
  const out: string[][] = [];
  for (let i = 0; i < count; i++) {
    const entry = new Date(Date.UTC(2024, 0, 1 + Math.floor(next() * 300)));
    const hasExit = next() < 0.6;
    const exit = hasExit ? new Date(entry.getTime() + Math.floor(next() * 60) * 86_400_000) : null;
    const german = (d: Date) => `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;
    out.push([
      `TN-${String(i).padStart(6, '0')}`,
      german(entry),
      exit ? german(exit) : '',
      pick(next, ['w', 'm', 'd', 'x']),
      String(2024 - 16 - Math.floor(next() * 45)),
      pick(next, ['SGB II', 'SGB III', 'SGB VIII', 'SGB XII', 'AsylbLG', 'keiner']),
      pick(next, ['arbeitslos', 'langzeitarbeitslos', 'nicht_erwerbstaetig', 'erwerbstaetig', 'schule_ausbildung']),
      pick(next, ['0-2', '3-4', '5-8', 'x']),
      pick(next, ['ja', 'nein', 'x']),
      pick(next, ['ja', 'nein', 'x']),
      pick(next, ['ja', 'nein']),
      exit ? pick(next, ['ausbildungsabschluss', 'uebergang_ausbildung', 'uebergang_beschaeftigung', 'qualifizierung_abgeschlossen', 'abbruch', 'sonstiges']) : '',
    ]);
  }
  return out;
}

const data = buildRows(rows);
const csv = new TextEncoder().encode(`\ufeff${[PARTICIPANT_COLUMNS.join(';'), ...data.map((r) => r.join(';'))].join('\r\n')}\r\n`);
process.stdout.write(`CSV: ${rows.toLocaleString('de-DE')} Zeilen, ${(csv.length / 1_048_576).toFixed(1)} MiB, Last ${loadavg()[0]!.toFixed(2)}\n`);

validateParticipantCsv(csv, LAUFZEIT); // warm-up
const rates: number[] = [];
for (let r = 0; r < repetitions; r++) {
  const start = performance.now();
  const result = validateParticipantCsv(csv, LAUFZEIT);
  const ms = performance.now() - start;
  if (!result.ok) throw new Error(`Benchmark-Datei ungültig: ${JSON.stringify(result.errors.slice(0, 3))}`);
  if (result.rows.length !== rows) throw new Error(`erwartet ${rows} Zeilen, erhalten ${result.rows.length}`);
  rates.push(rows / (ms / 1000));
  process.stdout.write(`  Lauf ${r + 1}: ${ms.toFixed(0)} ms, ${Math.round(rows / (ms / 1000)).toLocaleString('de-DE')} Zeilen/s\n`);
}
rates.sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)]!;
process.stdout.write(`CSV validiert: Median ${Math.round(median).toLocaleString('de-DE')} Zeilen/s (Ziel ≥ 20.000) ${median >= 20_000 ? 'OK' : 'ZU LANGSAM'}\n`);

const workbook = new ExcelJS.Workbook();
const sheet = workbook.addWorksheet('Teilnehmende');
sheet.addRow([...PARTICIPANT_COLUMNS]);
for (const row of data) sheet.addRow(row);
const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
const xlsxStart = performance.now();
const xlsxResult = await validateParticipantUpload(xlsx, LAUFZEIT);
const xlsxMs = performance.now() - xlsxStart;
if (!xlsxResult.ok) throw new Error('XLSX-Datei ungültig');
process.stdout.write(`XLSX (${(xlsx.length / 1_048_576).toFixed(1)} MiB) gelesen und validiert: ${xlsxMs.toFixed(0)} ms, ${Math.round(rows / (xlsxMs / 1000)).toLocaleString('de-DE')} Zeilen/s\n`);

// Suppression of a Land table (26 districts × 6 Rechtskreise, small counts) for reference.
const next = random(7);
const cells = Array.from({ length: 26 }, () => Array.from({ length: 6 }, () => (next() < 0.3 ? 0 : Math.floor(next() * 12))));
const table = {
  rows: cells.map((_, i) => `GK ${i + 1}`),
  columns: ['SGB II', 'SGB III', 'SGB VIII', 'SGB XII', 'AsylbLG', 'keiner'],
  cells,
  rowTotals: cells.map((r) => r.reduce((a, b) => a + b, 0)),
  columnTotals: cells[0]!.map((_, j) => cells.reduce((s, r) => s + r[j]!, 0)),
  total: cells.flat().reduce((a, b) => a + b, 0),
};
suppressTable(table, { k: 5 });
const suppressionStart = performance.now();
const runs = 50;
for (let r = 0; r < runs; r++) suppressTable(table, { k: r % 2 === 0 ? 3 : 5 });
process.stdout.write(`Sperrung einer Landestabelle 26 × 6: ${((performance.now() - suppressionStart) / runs).toFixed(1)} ms je Tabelle\n`);
