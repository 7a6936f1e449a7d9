import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditSuppression, type CountTable, type PublishedTable, suppressTable, suppressTableDetailed } from './suppression';
import { fuzzRuns } from '../../../tests/support/fuzz';

const RUNS = fuzzRuns();

function table(cells: number[][]): CountTable {
  const rowTotals = cells.map((r) => r.reduce((a, b) => a + b, 0));
  const columnTotals = cells[0]!.map((_, j) => cells.reduce((s, r) => s + r[j]!, 0));
  return { rows: cells.map((_, i) => `Zeile ${i + 1}`), columns: cells[0]!.map((_, j) => `Spalte ${j + 1}`), cells, rowTotals, columnTotals, total: rowTotals.reduce((a, b) => a + b, 0) };
}

/** The (m+1) × (n+1) grid with margins, and the published grid (null = withheld). */
const gridOf = (t: CountTable) => [...t.cells.map((row, i) => [...row, t.rowTotals[i]!]), [...t.columnTotals, t.total]];
const publishedGridOf = (p: PublishedTable) => [...p.cells.map((row, i) => [...row, p.rowTotals[i]!]), [...p.columnTotals, p.total]];

/** Every equation of the table as the list of grid positions it adds up: Σ cells − total = 0. */
function equations(m: number, n: number): { cells: [number, number][]; total: [number, number] }[] {
  const list: { cells: [number, number][]; total: [number, number] }[] = [];
  for (let i = 0; i <= m; i++) list.push({ cells: Array.from({ length: n }, (_, j) => [i, j] as [number, number]), total: [i, n] });
  for (let j = 0; j <= n; j++) list.push({ cells: Array.from({ length: m }, (_, i) => [i, j] as [number, number]), total: [m, j] });
  return list;
}

/**
 * The audit of issue 14, literally: a withheld value that is the only unknown of a row or column
 * equation is recovered, and recovered values count as known for the next round, until nothing
 * changes. Returns the recovered positions (leaks).
 */
function chainAudit(published: (number | null)[][]): [number, number][] {
  const m = published.length - 1;
  const n = published[0]!.length - 1;
  const known = published.map((row) => row.map((v) => v !== null));
  const leaks: [number, number][] = [];
  for (let changed = true; changed; ) {
    changed = false;
    for (const eq of equations(m, n)) {
      const unknown = [...eq.cells, eq.total].filter(([i, j]) => !known[i]![j]);
      if (unknown.length === 1) {
        const [i, j] = unknown[0]!;
        known[i]![j] = true;
        leaks.push([i, j]);
        changed = true;
      }
    }
  }
  return leaks;
}

/**
 * Linear algebra over the rationals (BigInt, fraction-free): a withheld value is determined by the
 * equations alone iff its unit vector lies in the row space of the coefficient matrix.
 */
function linearlyDetermined(published: (number | null)[][]): [number, number][] {
  const m = published.length - 1;
  const n = published[0]!.length - 1;
  const unknowns: [number, number][] = [];
  published.forEach((row, i) => row.forEach((v, j) => v === null && unknowns.push([i, j])));
  const index = new Map(unknowns.map(([i, j], x) => [`${i},${j}`, x]));
  const rows: bigint[][] = equations(m, n).map((eq) => {
    const row = new Array<bigint>(unknowns.length).fill(0n);
    for (const [i, j] of eq.cells) if (index.has(`${i},${j}`)) row[index.get(`${i},${j}`)!]! += 1n;
    if (index.has(`${eq.total[0]},${eq.total[1]}`)) row[index.get(`${eq.total[0]},${eq.total[1]}`)!]! -= 1n;
    return row;
  });
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < unknowns.length && r < rows.length; c++) {
    const p = rows.findIndex((row, k) => k >= r && row[c] !== 0n);
    if (p === -1) continue;
    [rows[r], rows[p]] = [rows[p]!, rows[r]!];
    for (let k = 0; k < rows.length; k++) {
      if (k === r || rows[k]![c] === 0n) continue;
      const a = rows[r]![c]!;
      const b = rows[k]![c]!;
      rows[k] = rows[k]!.map((v, x) => v * a - rows[r]![x]! * b);
    }
    pivots.push(c);
    r++;
  }
  return pivots.filter((c, row) => rows[row]!.every((v, x) => x === c || v === 0n)).map((c) => unknowns[c]!);
}

/**
 * Brute force (tables whose grand total is published, so every value ≤ total): every way to fill
 * the withheld values with integers ≥ 1 that fits all published values and equations; returns the
 * smallest and largest value found per withheld position. Interior cells are filled row by row; a
 * cell that is the last unknown of a row or column with a published total is computed, partial
 * sums that overshoot a published total are cut off.
 */
function bruteBounds(original: number[][], withheld: boolean[][]): Map<string, { min: number; max: number }> {
  const m = original.length - 1;
  const n = original[0]!.length - 1;
  const bound = original[m]![n]!;
  const value = original.map((row, i) => row.map((v, j) => (withheld[i]![j] ? 0 : v)));
  const found = new Map<string, { min: number; max: number }>();
  const interior: [number, number][] = [];
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) if (withheld[i]![j]) interior.push([i, j]);
  const rowLeft = (i: number, j: number) => interior.filter(([a, b]) => a === i && b > j).length;
  const columnLeft = (i: number, j: number) => interior.filter(([a, b]) => b === j && a > i).length;
  const rowSum = (i: number) => value[i]!.slice(0, n).reduce((a, b) => a + b, 0);
  const columnSum = (j: number) => value.slice(0, m).reduce((s, row) => s + row[j]!, 0);
  const record = () => {
    const full = value.map((row) => [...row]);
    for (let i = 0; i < m; i++) full[i]![n] = rowSum(i);
    for (let j = 0; j <= n; j++) full[m]![j] = full.slice(0, m).reduce((s, row) => s + row[j]!, 0);
    for (let i = 0; i <= m; i++) {
      for (let j = 0; j <= n; j++) {
        if (i < m && j < n) continue;
        if (withheld[i]![j] ? full[i]![j]! < 1 : full[i]![j] !== original[i]![j]) return;
      }
    }
    for (let i = 0; i <= m; i++) {
      for (let j = 0; j <= n; j++) {
        if (!withheld[i]![j]) continue;
        const key = `${i},${j}`;
        const v = full[i]![j]!;
        const seen = found.get(key);
        found.set(key, seen ? { min: Math.min(seen.min, v), max: Math.max(seen.max, v) } : { min: v, max: v });
      }
    }
  };
  const fill = (x: number) => {
    if (x === interior.length) return record();
    const [i, j] = interior[x]!;
    const rowKnown = !withheld[i]![n];
    const columnKnown = !withheld[m]![j];
    // Room left by the published totals for this cell, keeping ≥ 1 for each later unknown.
    const left = interior.length - x - 1;
    const sumAll = () => value.slice(0, m).reduce((s, row) => s + row.slice(0, n).reduce((a, b) => a + b, 0), 0);
    let high = bound - sumAll() - left;
    if (rowKnown) high = Math.min(high, original[i]![n]! - rowSum(i) - rowLeft(i, j));
    if (columnKnown) high = Math.min(high, original[m]![j]! - columnSum(j) - columnLeft(i, j));
    let low = 1;
    if (left === 0) low = Math.max(low, bound - sumAll());
    if (rowKnown && rowLeft(i, j) === 0) low = Math.max(low, original[i]![n]! - rowSum(i));
    if (columnKnown && columnLeft(i, j) === 0) low = Math.max(low, original[m]![j]! - columnSum(j));
    if (rowKnown && rowLeft(i, j) === 0) high = Math.min(high, low);
    if (columnKnown && columnLeft(i, j) === 0) high = Math.min(high, low);
    if (left === 0) high = Math.min(high, low);
    for (let v = low; v <= high; v++) {
      value[i]![j] = v;
      fill(x + 1);
    }
    value[i]![j] = 0;
  };
  fill(0);
  return found;
}

describe('suppressTable: examples', () => {
  it('publishes a table without small values unchanged', () => {
    const result = suppressTable(table([[5, 6], [7, 8]]));
    expect(result).toEqual({ rows: ['Zeile 1', 'Zeile 2'], columns: ['Spalte 1', 'Spalte 2'], cells: [[5, 6], [7, 8]], rowTotals: [11, 15], columnTotals: [12, 14], total: 26 });
  });

  it('protects small cells against "withheld means at least 1" and the totals (k = 3)', () => {
    //            S1  S2  S3 | Σ
    //   Zeile 1   1   1   0 |  2
    //   Zeile 2   5   7   9 | 21
    //   Zeile 3   8   6   4 | 18
    //   Σ        14  14  13 | 41
    // Primary: the two 1s and the row total 2. Withholding only these would leak: the published 0
    // shows the two withheld cells are ≥ 1, and their column equations give them exactly
    // (14 − 5 − 8 = 1). The cheapest protection withholds 5 and 7 in row 2 and its total 21:
    // then a + c = 6 and b + d = 8 (columns), so a ∈ [1, 5], b ∈ [1, 7]: neither is known, and
    // both could be ≥ 3.
    const result = suppressTableDetailed(table([[1, 1, 0], [5, 7, 9], [8, 6, 4]]));
    expect(result.table).toMatchObject({ cells: [[null, null, 0], [null, null, 9], [8, 6, 4]], rowTotals: [null, null, 18], columnTotals: [14, 14, 13], total: 41 });
    expect(result.marks).toEqual([
      ['primary', 'primary', 'published', 'primary'],
      ['secondary', 'secondary', 'published', 'secondary'],
      ['published', 'published', 'published', 'published'],
      ['published', 'published', 'published', 'published'],
    ]);
    const mask = result.marks.map((row) => row.map((mark) => mark !== 'published'));
    expect(auditSuppression(table([[1, 1, 0], [5, 7, 9], [8, 6, 4]]), mask).map((b) => [b.row, b.column, b.min, b.max])).toEqual([
      [0, 0, 1, 5],
      [0, 1, 1, 7],
      [0, 3, 2, 12],
      [1, 0, 1, 5],
      [1, 1, 1, 7],
      [1, 3, 11, 21],
    ]);
  });

  it('uses k = 5 for the special categories', () => {
    //              ja  nein |  Σ
    //   SGB II      4    20 | 24
    //   SGB III     6    15 | 21
    //   Σ          10    35 | 45
    // k = 5: 4 is withheld. Its row, column and the cheapest cycle: 6 and 15 (row SGB III) and 20.
    const t = { ...table([[4, 20], [6, 15]]), rows: ['SGB II', 'SGB III'], columns: ['ja', 'nein'] };
    expect(suppressTable(t, { k: 3 })).toMatchObject({ cells: [[4, 20], [6, 15]] });
    const special = suppressTable(t, { k: 5 });
    expect(special).toMatchObject({ cells: [[null, null], [null, null]], rowTotals: [24, 21], columnTotals: [10, 35], total: 45 });
    // The reader knows x + 20' = 24, x + 6' = 10 …: x can be anything from 1 to 9, so it might be ≥ 5.
    const bounds = auditSuppression(t, [[true, true, false], [true, true, false], [false, false, false]]);
    expect(bounds[0]).toEqual({ row: 0, column: 0, value: 4, min: 1, max: 9 });
  });

  it('withholds everything when the whole table is small, and publishes zeros', () => {
    expect(suppressTable(table([[1]]))).toMatchObject({ cells: [[null]], rowTotals: [null], columnTotals: [null], total: null });
    expect(suppressTable(table([[0, 0], [0, 4]]))).toMatchObject({ cells: [[0, 0], [0, 4]], rowTotals: [0, 4], columnTotals: [0, 4], total: 4 });
    expect(suppressTable(table([[0, 0], [0, 0]]))).toMatchObject({ cells: [[0, 0], [0, 0]], total: 0 });
  });

  it('has audits that catch leaks, each stronger than the one before', () => {
    const hide = (t: CountTable, positions: [number, number][]) => gridOf(t).map((row, i) => row.map((v, j) => (positions.some(([a, b]) => a === i && b === j) ? null : v)));
    // 1. One withheld cell with its row total published: the chain audit recovers it.
    expect(chainAudit(hide(table([[1, 5], [6, 7]]), [[0, 0]]))).toEqual([[0, 0]]);
    // 2. Two withheld rectangles joined by one cell (1, 2): no equation has a single unknown, but
    //    rows 1 + 2 minus columns 1 + 2 leave only that cell — linear algebra finds it.
    const joined = table([[5, 6, 7, 8], [6, 7, 8, 9], [7, 8, 9, 10], [8, 9, 10, 11]]);
    const pattern: [number, number][] = [[0, 0], [0, 1], [1, 0], [1, 1], [1, 2], [2, 2], [2, 3], [3, 2], [3, 3]];
    expect(chainAudit(hide(joined, pattern))).toEqual([]);
    expect(linearlyDetermined(hide(joined, pattern))).toEqual([[1, 2]]);
    // 3. Four withheld 1s with all totals 2: linear algebra sees a free rectangle, but with every
    //    withheld value ≥ 1 each is exactly 1 — the flow audit (and brute force) see it.
    const ones = table([[1, 1], [1, 1]]);
    const cells: [number, number][] = [[0, 0], [0, 1], [1, 0], [1, 1]];
    expect(linearlyDetermined(hide(ones, cells))).toEqual([]);
    const mask = gridOf(ones).map((row, i) => row.map((_, j) => cells.some(([a, b]) => a === i && b === j)));
    expect(auditSuppression(ones, mask).map((b) => [b.min, b.max])).toEqual([[1, 1], [1, 1], [1, 1], [1, 1]]);
    expect([...bruteBounds(gridOf(ones), mask).values()]).toEqual([{ min: 1, max: 1 }, { min: 1, max: 1 }, { min: 1, max: 1 }, { min: 1, max: 1 }]);
    // The suppression itself withholds everything here: the totals 2 are small, and with only the
    // grand total 4 published both row totals (each ≥ 1 + 1) would be exactly 2.
    expect(suppressTable(ones)).toMatchObject({ cells: [[null, null], [null, null]], rowTotals: [null, null], columnTotals: [null, null], total: null });
  });

  it('refuses totals that are not the sums of the cells', () => {
    expect(() => suppressTable({ ...table([[5, 6]]), total: 12 })).toThrow(/Gesamtsumme/);
    expect(() => suppressTable({ ...table([[5, 6]]), rowTotals: [10] })).toThrow(/Zeilensumme/);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const small = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 4 }) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 15 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 200 }) });
const randomTable = (maxRows: number, maxColumns: number, value: fc.Arbitrary<number>) =>
  fc.tuple(fc.integer({ min: 1, max: maxRows }), fc.integer({ min: 1, max: maxColumns })).chain(([m, n]) => fc.array(fc.array(value, { minLength: n, maxLength: n }), { minLength: m, maxLength: m }).map(table));
const k = fc.constantFrom(3, 5);

describe('suppressTable: properties', () => {
  it('publishes no value from 1 to k − 1, changes no published value and never withholds a zero', () => {
    fc.assert(
      fc.property(randomTable(8, 6, small), k, (t, kValue) => {
        const original = gridOf(t);
        const published = publishedGridOf(suppressTable(t, { k: kValue }));
        published.forEach((row, i) =>
          row.forEach((v, j) => {
            if (v === null) expect(original[i]![j]).toBeGreaterThan(0);
            else {
              expect(v).toBe(original[i]![j]);
              expect(v === 0 || v >= kValue).toBe(true);
            }
          }),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('leaves no withheld value recoverable: not by chains of single-unknown equations, not by linear algebra', () => {
    fc.assert(
      fc.property(randomTable(8, 6, small), k, (t, kValue) => {
        const published = publishedGridOf(suppressTable(t, { k: kValue }));
        expect(chainAudit(published)).toEqual([]);
        expect(linearlyDetermined(published)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('leaves every withheld value with more than one possible value and every small one possibly ≥ k (brute force)', () => {
    fc.assert(
      fc.property(randomTable(3, 3, fc.integer({ min: 0, max: 5 })), k, (t, kValue) => {
        const result = suppressTableDetailed(t, { k: kValue });
        if (result.table.total === null) return; // everything unbounded: nothing to enumerate
        const original = gridOf(t);
        const withheld = result.marks.map((row) => row.map((mark) => mark !== 'published'));
        const brute = bruteBounds(original, withheld);
        result.marks.forEach((row, i) =>
          row.forEach((mark, j) => {
            if (mark === 'published') return;
            const range = brute.get(`${i},${j}`)!;
            expect(range.min).toBeLessThan(range.max);
            if (mark === 'primary') expect(range.max).toBeGreaterThanOrEqual(kValue);
          }),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('audits exactly: the flow bounds equal the brute-force bounds for any withholding pattern', () => {
    fc.assert(
      fc.property(
        randomTable(3, 3, fc.integer({ min: 0, max: 5 })).chain((t) =>
          fc.array(fc.array(fc.boolean(), { minLength: t.columns.length + 1, maxLength: t.columns.length + 1 }), { minLength: t.rows.length + 1, maxLength: t.rows.length + 1 }).map((mask) => ({ t, mask })),
        ),
        ({ t, mask }) => {
          const original = gridOf(t);
          // Zeros are never withheld, and the grand total stays published so every value is ≤ it.
          const withheld = mask.map((row, i) => row.map((w, j) => w && original[i]![j]! > 0 && !(i === t.rows.length && j === t.columns.length)));
          const brute = bruteBounds(original, withheld);
          for (const b of auditSuppression(t, withheld)) expect({ min: b.min, max: b.max }).toEqual(brute.get(`${b.row},${b.column}`));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('handles Land-sized tables (27 × 8) with many small values', () => {
    fc.assert(
      fc.property(fc.array(fc.array(small, { minLength: 8, maxLength: 8 }), { minLength: 27, maxLength: 27 }), k, (cells, kValue) => {
        const published = publishedGridOf(suppressTable(table(cells), { k: kValue }));
        expect(chainAudit(published)).toEqual([]);
        expect(linearlyDetermined(published)).toEqual([]);
      }),
      { numRuns: Math.max(10, Math.round(RUNS / 10)) },
    );
  });
});
