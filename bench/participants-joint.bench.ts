/**
 * The joint protection (joint-suppression.ts) of one year's published set — the Land and 26
 * districts, nine tables each — on random records: `npx tsx bench/participants-joint.bench.ts [perDistrict…]`.
 * Prints the time per year for each district size (records per district).
 */
import { computeCounts, TABLE_DIMENSIONS } from '../src/modules/participants/aggregates';
import { suppressJointly } from '../src/modules/participants/joint-suppression';
import type { ParticipantRecord } from '../src/modules/participants/records-schema';
import { crossTableFromCounts, suppressionK } from '../src/modules/participants/statistics';
import { publishedYearLinks } from '../src/modules/participants/statistics-query';

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

function person(i: number): ParticipantRecord {
  const done = random() < 0.6;
  return {
    kennung: `TN-${i}`, entryDate: '2025-03-01', exitDate: done ? '2025-11-30' : null, gender: pick(['w', 'w', 'm', 'm', 'd', 'x'] as const),
    birthYear: 1960 + Math.floor(random() * 50), legalSphere: pick(['SGB II', 'SGB II', 'SGB III', 'SGB VIII', 'SGB XII', 'AsylbLG', 'keiner'] as const),
    employmentStatus: pick(['arbeitslos', 'langzeitarbeitslos', 'nicht_erwerbstaetig', 'erwerbstaetig', 'schule_ausbildung'] as const),
    isced: pick(['0-2', '3-4', '5-8', 'x'] as const), disability: pick(['ja', 'nein', 'nein', 'nein', 'x'] as const), migrationBackground: pick(['ja', 'nein', 'x'] as const),
    partTimeTraining: pick(['ja', 'nein', 'nein'] as const), outcome: done ? pick(['ausbildungsabschluss', 'uebergang_ausbildung', 'uebergang_beschaeftigung', 'qualifizierung_abgeschlossen', 'abbruch', 'sonstiges'] as const) : null,
  } as ParticipantRecord;
}

const sizes = process.argv.slice(2).map(Number);
for (const perDistrict of sizes.length ? sizes : [20, 200, 3840]) {
  const districts = Array.from({ length: 26 }, () => {
    const counts = [1, 2, 3, 4].flatMap((measure) => computeCounts(Array.from({ length: Math.round(perDistrict / 4) }, (_, i) => person(i)), measure));
    return TABLE_DIMENSIONS.map((t) => crossTableFromCounts(counts.filter((c) => c.tableKey === t.key).map((c) => ({ row: c.rowValue, column: c.columnValue, count: c.count })), t.rows as never, t.columns as never));
  });
  const land = TABLE_DIMENSIONS.map((t, x) => {
    const cells = districts[0]![x]!.cells.map((row, i) => row.map((_, j) => districts.reduce((s, d) => s + d[x]!.cells[i]![j]!, 0)));
    const rowTotals = cells.map((r) => r.reduce((a, b) => a + b, 0));
    const columnTotals = cells[0]!.map((_, j) => cells.reduce((s, r) => s + r[j]!, 0));
    return { ...districts[0]![x]!, cells, rowTotals, columnTotals, total: rowTotals.reduce((a, b) => a + b, 0) };
  });
  const input = [land, ...districts].flatMap((scope) => scope.map((table, x) => ({ table, k: suppressionK(TABLE_DIMENSIONS[x]!.rows as never, TABLE_DIMENSIONS[x]!.columns as never) })));
  const links = publishedYearLinks(TABLE_DIMENSIONS, TABLE_DIMENSIONS.map((t) => ({ m: t.rows.values.length, n: t.columns.values.length })), 26);
  const times: number[] = [];
  let withheld = 0;
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    const out = suppressJointly(input, links);
    times.push(performance.now() - start);
    withheld = out.marks.flat(2).filter((m) => m !== 'published').length;
  }
  times.sort((a, b) => a - b);
  console.log(`${perDistrict} records per district: ${times[2]!.toFixed(1)} ms median of 5 (max ${times[4]!.toFixed(1)} ms), ${withheld} of ${input.reduce((s, t) => s + (t.table.rows.length + 1) * (t.table.columns.length + 1), 0)} values withheld`);
}
