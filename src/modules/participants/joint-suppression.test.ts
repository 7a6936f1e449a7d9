import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JointTable, type Link, suppressJointly } from './joint-suppression';
import { publishedYearLinks } from './statistics-query';
import { type CountTable, type PublishedTable, suppressTable } from './suppression';
import { fuzzRuns } from '../../../tests/support/fuzz';

const RUNS = fuzzRuns();

function table(cells: number[][]): CountTable {
  const rowTotals = cells.map((r) => r.reduce((a, b) => a + b, 0));
  const columnTotals = cells[0]!.map((_, j) => cells.reduce((s, r) => s + r[j]!, 0));
  return { rows: cells.map((_, i) => `Z${i}`), columns: cells[0]!.map((_, j) => `S${j}`), cells, rowTotals, columnTotals, total: rowTotals.reduce((a, b) => a + b, 0) };
}
const gridOf = (t: CountTable) => [...t.cells.map((row, i) => [...row, t.rowTotals[i]!]), [...t.columnTotals, t.total]];
const publishedGridOf = (p: PublishedTable) => [...p.cells.map((row, i) => [...row, p.rowTotals[i]!]), [...p.columnTotals, p.total]];

/**
 * The reader's whole system, built here independently of the production code: every row and
 * column equation of every published grid and every link, as lists of (grid value, ±1).
 */
function readerEquations(grids: (number | null)[][][], links: readonly Link[]): Array<Array<[string, number]>> {
  const eqs: Array<Array<[string, number]>> = [];
  grids.forEach((g, t) => {
    const m = g.length - 1;
    const n = g[0]!.length - 1;
    for (let i = 0; i <= m; i++) eqs.push([...Array.from({ length: n }, (_, j) => [`${t}:${i}:${j}`, 1] as [string, number]), [`${t}:${i}:${n}`, -1]]);
    for (let j = 0; j <= n; j++) eqs.push([...Array.from({ length: m }, (_, i) => [`${t}:${i}:${j}`, 1] as [string, number]), [`${t}:${m}:${j}`, -1]]);
  });
  for (const l of links) eqs.push([[`${l.whole.t}:${l.whole.i}:${l.whole.j}`, -1], ...l.parts.map((p) => [`${p.t}:${p.i}:${p.j}`, 1] as [string, number])]);
  return eqs;
}

const valueAt = (grids: (number | null)[][][], k: string) => {
  const [t, i, j] = k.split(':').map(Number);
  return grids[t!]![i!]![j!]!;
};

/** Single-unknown equations, iterated (recovered values count as known): the recovered values. */
function chainAudit(published: (number | null)[][][], links: readonly Link[]): string[] {
  const known = new Set<string>();
  published.forEach((g, t) => g.forEach((row, i) => row.forEach((v, j) => v !== null && known.add(`${t}:${i}:${j}`))));
  const leaks: string[] = [];
  const eqs = readerEquations(published, links);
  for (let changed = true; changed; ) {
    changed = false;
    for (const eq of eqs) {
      const unknown = eq.filter(([k]) => !known.has(k));
      if (unknown.length === 1) {
        known.add(unknown[0]![0]);
        leaks.push(unknown[0]![0]);
        changed = true;
      }
    }
  }
  return leaks;
}

/** Exact linear algebra over the rationals (BigInt, fraction-free) on the combined system. */
function linearlyDetermined(published: (number | null)[][][], links: readonly Link[]): string[] {
  const unknowns: string[] = [];
  published.forEach((g, t) => g.forEach((row, i) => row.forEach((v, j) => v === null && unknowns.push(`${t}:${i}:${j}`))));
  const index = new Map(unknowns.map((k, x) => [k, x]));
  const rows: bigint[][] = readerEquations(published, links)
    .map((eq) => {
      const row = new Array<bigint>(unknowns.length).fill(0n);
      for (const [k, a] of eq) if (index.has(k)) row[index.get(k)!]! += BigInt(a);
      return row;
    })
    .filter((row) => row.some((v) => v !== 0n));
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

describe('suppressJointly: the Land and its districts', () => {
  // One table type (2 × 2), the Land and two districts. District A has a 2; B has none below 3.
  const specs = [{ rows: { key: 'a' }, columns: { key: 'g' } }];
  const sizes = [{ m: 2, n: 2 }];
  const links = publishedYearLinks(specs, sizes, 2);
  const A = table([[2, 5], [6, 7]]);
  const B = table([[10, 4], [3, 9]]);
  const land = table([[12, 9], [9, 16]]);

  it('closes the hole of tables protected one by one: Land − B gave A’s withheld 2 away', () => {
    const alone = [suppressTable(land), suppressTable(A), suppressTable(B)].map(publishedGridOf);
    expect(alone[1]![0]![0]).toBeNull();
    expect(chainAudit(alone, links)).toContain('1:0:0');
    const joint = suppressJointly([land, A, B].map((t) => ({ table: t, k: 3 })), links).tables.map(publishedGridOf);
    expect(joint[1]![0]![0]).toBeNull();
    expect(chainAudit(joint, links)).toEqual([]);
    expect(linearlyDetermined(joint, links)).toEqual([]);
    // Hand-checked: B’s 10 (the smallest value completing A’s cycle in the Land equation) goes too.
    expect(joint[2]![0]![0]).toBeNull();
  });

  it('withholds a number shared by two tables in both, with the larger k', () => {
    // Two tables of one scope sharing the column characteristic g: column totals 4 and 9.
    const shared = publishedYearLinks([{ rows: { key: 'a' }, columns: { key: 'g' } }, { rows: { key: 'b' }, columns: { key: 'g' } }], [{ m: 2, n: 2 }, { m: 2, n: 2 }], 0);
    const t0 = table([[2, 4], [2, 5]]); // column totals 4, 9: fine with k = 3
    const t1 = table([[1, 6], [3, 3]]); // same column totals; k = 5 makes the 4 primary
    const out = suppressJointly([{ table: t0, k: 3 }, { table: t1, k: 5 }], shared).tables;
    expect(out[1]!.columnTotals[0]).toBeNull();
    expect(out[0]!.columnTotals[0]).toBeNull();
  });
});

// Random years: 2–4 districts, three table types (rows a, c, e; columns g, g, c) like the portal's
// shared Geschlecht and Verbleib margins, k = 3, 3, 5.
const SPECS = [
  { rows: { key: 'a' }, columns: { key: 'g' } },
  { rows: { key: 'c' }, columns: { key: 'g' } },
  { rows: { key: 'e' }, columns: { key: 'c' } },
];
const DOMAIN = { a: 3, c: 2, e: 2, g: 2 } as const;
const K = [3, 3, 5];

function yearOf(people: Array<Array<{ a: number; c: number; e: number; g: number }>>): { tables: JointTable[]; links: Link[] } {
  const count = (list: Array<{ a: number; c: number; e: number; g: number }>, r: 'a' | 'c' | 'e', c: 'g' | 'c') => {
    const cells = Array.from({ length: DOMAIN[r] }, () => new Array<number>(DOMAIN[c]).fill(0));
    for (const p of list) cells[p[r]]![p[c]]! += 1;
    return table(cells);
  };
  const scopes = [people.flat(), ...people];
  const tables = scopes.flatMap((list) => SPECS.map((s, x) => ({ table: count(list, s.rows.key as 'a' | 'c' | 'e', s.columns.key as 'g' | 'c'), k: K[x]! })));
  const links = publishedYearLinks(SPECS, SPECS.map((s) => ({ m: DOMAIN[s.rows.key as 'a'], n: DOMAIN[s.columns.key as 'g'] })), people.length);
  return { tables, links };
}

const person = fc.record({ a: fc.nat(DOMAIN.a - 1), c: fc.nat(DOMAIN.c - 1), e: fc.nat(DOMAIN.e - 1), g: fc.nat(DOMAIN.g - 1) });

describe('suppressJointly: property over random published years', () => {
  it('no published value in 1..k−1 (for the largest k of a number published twice), nothing withheld derivable from the combined system', () => {
    fc.assert(
      fc.property(fc.array(fc.array(person, { maxLength: 14 }), { minLength: 2, maxLength: 4 }), (people) => {
        const { tables, links } = yearOf(people);
        const out = suppressJointly(tables, links).tables.map(publishedGridOf);
        const truth = tables.map((t) => gridOf(t.table));
        // Published values are the true ones; zeros are never withheld; nothing in 1..k−1.
        out.forEach((g, t) => g.forEach((row, i) => row.forEach((v, j) => {
          const real = truth[t]![i]![j]!;
          if (v !== null) expect(v).toBe(real);
          if (real === 0) expect(v).toBe(0);
          if (v !== null && v > 0) expect(v).toBeGreaterThanOrEqual(tables[t]!.k);
        })));
        // A number published in two places is withheld in both or in neither.
        for (const l of links) {
          if (l.parts.length !== 1) continue;
          const a = valueAt(out, `${l.whole.t}:${l.whole.i}:${l.whole.j}`);
          const b = valueAt(out, `${l.parts[0]!.t}:${l.parts[0]!.i}:${l.parts[0]!.j}`);
          expect(a === null).toBe(b === null);
          if (a !== null && a > 0) expect(a).toBeGreaterThanOrEqual(Math.max(tables[l.whole.t]!.k, tables[l.parts[0]!.t]!.k));
        }
        expect(chainAudit(out, links)).toEqual([]);
        expect(linearlyDetermined(out, links)).toEqual([]);
      }),
      { numRuns: Math.max(40, Math.floor(RUNS / 2)) },
    );
  });
});
