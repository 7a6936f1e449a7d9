/**
 * Joint protection of every table published for one AQB year (issue 14, part 2).
 *
 * The portal publishes the same nine tables for the Land and for each of the 26 districts. They are
 * linked: a Land value is the sum of the 26 district values at the same place (Land = Σ districts),
 * and within one scope the tables share margins (the Geschlecht totals of the eight "× Geschlecht"
 * tables, the Verbleib totals of "Verbleib × Geschlecht" and "Maßnahmenart × Verbleib", the grand
 * total of all nine). Protecting each table on its own leaves a hole: a withheld district value
 * follows from the Land value minus the other districts' published values.
 *
 * Rule: the whole published set is one system. `suppressJointly` takes every table and the links
 * between them (`whole = Σ parts`; one part = the same number published twice) and repeats until
 * nothing changes:
 *  1. every table is made safe on its own (suppression.ts, exact flow audit), starting from what is
 *     already withheld;
 *  2. a number published in several tables is withheld in all of them when it is withheld in one,
 *     with the largest k of its tables (a Geschlecht total of 4 is primary in the disability table);
 *  3. the combined system — every row and column equation of every table and every link, the
 *     published values, every withheld value ≥ 1 — is audited: exact linear algebra (which withheld
 *     values the equations alone determine) and bound propagation (which withheld values get a
 *     single possible value, or a primary one cannot reach k). For each unsafe value the smallest
 *     published non-zero value of an equation it is in is withheld too.
 * It ends at the latest when every non-zero value is withheld (then the system is homogeneous and
 * nothing is determined). Limit: the combined audit is linear algebra plus bound propagation, not
 * integer programming over the whole system; each single table is still audited exactly.
 */
import { type CellMark, type CountTable, gridOf, protectGrid, publishGrid, type PublishedTable } from './suppression';

export interface JointTable {
  table: CountTable;
  k: number;
}

/** A grid value: table index, row, column (margins included: row m = column totals, column n = row totals). */
export interface GridRef {
  t: number;
  i: number;
  j: number;
}

/** whole = Σ parts. */
export interface Link {
  whole: GridRef;
  parts: GridRef[];
}

export interface JointResult {
  tables: PublishedTable[];
  marks: CellMark[][][];
}

/** One linear equation Σ coefficient · value = 0 over grid values. */
export interface Equation {
  terms: Array<{ ref: GridRef; coefficient: 1 | -1 }>;
}

/** Every row and column equation of every table, and every link, as equations. */
export function jointEquations(grids: number[][][], links: readonly Link[]): Equation[] {
  const equations: Equation[] = [];
  grids.forEach((grid, t) => {
    const m = grid.length - 1;
    const n = grid[0]!.length - 1;
    for (let i = 0; i <= m; i++) equations.push({ terms: [...Array.from({ length: n }, (_, j) => ({ ref: { t, i, j }, coefficient: 1 as const })), { ref: { t, i, j: n }, coefficient: -1 }] });
    for (let j = 0; j <= n; j++) equations.push({ terms: [...Array.from({ length: m }, (_, i) => ({ ref: { t, i, j }, coefficient: 1 as const })), { ref: { t, i: m, j }, coefficient: -1 }] });
  });
  for (const link of links) equations.push({ terms: [{ ref: link.whole, coefficient: -1 }, ...link.parts.map((ref) => ({ ref, coefficient: 1 as const }))] });
  return equations;
}

const P = 67108859; // prime < 2^26: products stay exact in doubles

function inverse(a: number): number {
  let [r0, r1, s0, s1] = [P, ((a % P) + P) % P, 0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % P) + P) % P;
}

/**
 * The unknowns (indices) the homogeneous part of the equations determines: unit vector in the row
 * space. Sparse Gauss–Jordan modulo a prime: a value determined over the rationals is determined
 * modulo P too, so nothing determined is missed (the converse error would only withhold more).
 */
export function determinedUnknowns(rows: Array<Map<number, number>>): Set<number> {
  const pivotRow = new Map<number, Map<number, number>>(); // pivot column → reduced row
  for (const original of rows) {
    const row = new Map(original);
    for (const [c, v] of [...row]) if (v === 0) row.delete(c);
    // Eliminate known pivots from the new row (repeat: elimination brings in other columns).
    for (let again = true; again; ) {
      again = false;
      for (const [c, v] of row) {
        const pivot = pivotRow.get(c);
        if (!pivot) continue;
        for (const [pc, pv] of pivot) {
          const next = (((row.get(pc) ?? 0) - v * pv) % P + P) % P;
          if (next === 0) row.delete(pc);
          else row.set(pc, next);
        }
        again = true;
        break;
      }
    }
    if (row.size === 0) continue;
    const [c, v] = row.entries().next().value as [number, number];
    const inv = inverse(v);
    for (const [x, w] of row) row.set(x, (w * inv) % P);
    // Eliminate the new pivot from the existing rows (reduced form).
    for (const other of pivotRow.values()) {
      const f = other.get(c);
      if (f === undefined) continue;
      for (const [x, w] of row) {
        const next = (((other.get(x) ?? 0) - f * w) % P + P) % P;
        if (next === 0) other.delete(x);
        else other.set(x, next);
      }
    }
    pivotRow.set(c, row);
  }
  const determined = new Set<number>();
  for (const [c, row] of pivotRow) if (row.size === 1) determined.add(c);
  return determined;
}

const key = (r: GridRef) => `${r.t}:${r.i}:${r.j}`;

/**
 * Withholds across all tables until the published set is safe as a whole (rules at the top).
 * `links` must be true of the data (throws otherwise: a programming error).
 */
export function suppressJointly(input: readonly JointTable[], links: readonly Link[]): JointResult {
  const grids = input.map((t) => gridOf(t.table));
  const value = (r: GridRef) => grids[r.t]![r.i]![r.j]!;
  for (const link of links) {
    if (link.parts.reduce((s, p) => s + value(p), 0) !== value(link.whole)) throw new Error('suppressJointly: Verknüpfung stimmt nicht');
  }
  const reach = grids.map((grid, t) => grid.map((row) => row.map((v) => (v >= 1 && v < input[t]!.k ? input[t]!.k : 0))));
  const primary = reach.map((g) => g.map((row) => row.map((r) => r > 0)));
  const withheld = primary.map((g) => g.map((row) => [...row]));
  const isWithheld = (r: GridRef) => withheld[r.t]![r.i]![r.j]!;
  const withhold = (r: GridRef) => {
    withheld[r.t]![r.i]![r.j] = true;
  };

  // Rule 2: the same number in several tables — union of identity links, the largest k.
  const parent = new Map<string, string>();
  const refs = new Map<string, GridRef>();
  const find = (k: string): string => {
    let root = k;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    return root;
  };
  for (const link of links) {
    if (link.parts.length !== 1) continue;
    const a = find(key(link.whole));
    const b = find(key(link.parts[0]!));
    refs.set(key(link.whole), link.whole);
    refs.set(key(link.parts[0]!), link.parts[0]!);
    if (a !== b) parent.set(b, a);
  }
  const groups = new Map<string, GridRef[]>();
  for (const [k, ref] of refs) {
    const root = find(k);
    groups.set(root, [...(groups.get(root) ?? []), ref]);
  }
  const sameNumber = [...groups.values()];
  for (const group of sameNumber) {
    const r = Math.max(...group.map((g) => reach[g.t]![g.i]![g.j]!));
    for (const g of group) {
      if (r > 0 && value(g) < r) {
        reach[g.t]![g.i]![g.j] = r;
        primary[g.t]![g.i]![g.j] = true;
        withhold(g);
      }
    }
  }

  const equations = jointEquations(grids, links);
  const equationsOf = new Map<string, Equation[]>();
  for (const eq of equations) {
    for (const term of eq.terms) {
      const list = equationsOf.get(key(term.ref));
      if (list) list.push(eq);
      else equationsOf.set(key(term.ref), [eq]);
    }
  }
  for (let round = 0; ; round++) {
    if (round > 10_000) throw new Error('suppressJointly: kein stabiler Zustand (unerreichbar)');
    let changed = false;
    for (let t = 0; t < grids.length; t++) if (protectGrid(grids[t]!, withheld[t]!, reach[t]!)) changed = true;
    for (const group of sameNumber) {
      if (group.some(isWithheld) && !group.every(isWithheld)) {
        group.forEach(withhold);
        changed = true;
      }
    }
    if (changed) continue;
    const unsafe = auditJointly(grids, withheld, reach, equations);
    if (unsafe.length === 0) break;
    // For each unsafe value: the smallest published non-zero value of the first equation (in the
    // order the bounds were derived: the equations that pinned it, then those that pinned their
    // other unknowns) that has one; else of an equation it is in, or of an equation of the withheld
    // values it is linked to.
    const chosen = new Map<string, GridRef>();
    for (const { ref: u, via } of unsafe) {
      let best: GridRef | null = null;
      for (const eq of via) {
        for (const term of eq.terms) if (!isWithheld(term.ref) && value(term.ref) > 0 && (!best || value(term.ref) < value(best))) best = term.ref;
        if (best) break;
      }
      const seen = new Set([key(u)]);
      let frontier = best ? [] : [u];
      while (!best && frontier.length) {
        const next: GridRef[] = [];
        for (const ref of frontier) {
          for (const eq of equationsOf.get(key(ref)) ?? []) {
            for (const term of eq.terms) {
              const k = key(term.ref);
              if (isWithheld(term.ref)) {
                if (!seen.has(k)) {
                  seen.add(k);
                  next.push(term.ref);
                }
              } else if (value(term.ref) > 0 && (!best || value(term.ref) < value(best))) best = term.ref;
            }
          }
        }
        frontier = next;
      }
      if (best) chosen.set(key(best), best);
    }
    if (chosen.size === 0) throw new Error('suppressJointly: kein Schutz möglich (unerreichbar)');
    for (const ref of chosen.values()) withhold(ref);
  }
  return {
    tables: input.map((t, x) => publishGrid(t.table, grids[x]!, withheld[x]!)),
    marks: withheld.map((g, t) => g.map((row, i) => row.map((w, j) => (!w ? 'published' : primary[t]![i]![j] ? 'primary' : 'secondary')))),
  };
}

/**
 * The withheld values a reader of the whole published set can pin down: determined by the
 * equations (linear algebra), or by bound propagation (integers, withheld ≥ 1) left with one value,
 * or, for a primary value, unable to reach its k.
 */
export function auditJointly(grids: number[][][], withheld: boolean[][][], reach: number[][][], equations: readonly Equation[]): Array<{ ref: GridRef; via: Equation[] }> {
  const index = new Map<string, number>();
  const unknowns: GridRef[] = [];
  grids.forEach((grid, t) => grid.forEach((row, i) => row.forEach((_, j) => {
    if (withheld[t]![i]![j]) {
      index.set(`${t}:${i}:${j}`, unknowns.length);
      unknowns.push({ t, i, j });
    }
  })));
  if (unknowns.length === 0) return [];
  // Each equation over the unknowns: Σ a·x = constant.
  const system: Array<{ terms: Array<[number, number]>; constant: number; eq: Equation }> = [];
  for (const eq of equations) {
    const terms: Array<[number, number]> = [];
    let constant = 0;
    for (const term of eq.terms) {
      const x = index.get(key(term.ref));
      if (x === undefined) constant -= term.coefficient * grids[term.ref.t]![term.ref.i]![term.ref.j]!;
      else terms.push([x, term.coefficient]);
    }
    if (terms.length) system.push({ terms, constant, eq });
  }
  const unsafe = new Set<number>();
  for (const x of determinedUnknowns(system.map((e) => new Map(e.terms.map(([x, a]) => [x, (a + P) % P]))))) unsafe.add(x);

  // Bound propagation: lo ≥ 1, hi ≤ ∞, tightened by each equation until stable (bounded rounds).
  // Which equation last raised lo / lowered hi of each unknown (system index, −1: none).
  const loBy = new Array<number>(unknowns.length).fill(-1);
  const hiBy = new Array<number>(unknowns.length).fill(-1);
  const lo = new Array<number>(unknowns.length).fill(1);
  const hi = new Array<number>(unknowns.length).fill(Infinity);
  for (let round = 0, changed = true; changed && round < 50; round++) {
    changed = false;
    for (let e = 0; e < system.length; e++) {
      const { terms, constant } = system[e]!;
      // Σ a·x = c  →  a_x·x = c − Σ_{y≠x} a_y·y
      // Finite parts and the number of infinite parts of Σ a·y's lower and upper bound.
      let sumLo = 0;
      let sumHi = 0;
      let infLo = 0;
      let infHi = 0;
      for (const [y, a] of terms) {
        const l = a > 0 ? lo[y]! : -hi[y]!;
        const h = a > 0 ? hi[y]! : -lo[y]!;
        if (Number.isFinite(l)) sumLo += l;
        else infLo++;
        if (Number.isFinite(h)) sumHi += h;
        else infHi++;
      }
      for (const [x, a] of terms) {
        const ownLo = a > 0 ? lo[x]! : -hi[x]!;
        const ownHi = a > 0 ? hi[x]! : -lo[x]!;
        const restLo = infLo - (Number.isFinite(ownLo) ? 0 : 1) > 0 ? -Infinity : sumLo - (Number.isFinite(ownLo) ? ownLo : 0);
        const restHi = infHi - (Number.isFinite(ownHi) ? 0 : 1) > 0 ? Infinity : sumHi - (Number.isFinite(ownHi) ? ownHi : 0);
        const termLo = constant - restHi;
        const termHi = constant - restLo;
        const [newLo, newHi] = a > 0 ? [termLo, termHi] : [-termHi, -termLo];
        if (newLo > lo[x]!) { lo[x] = newLo; loBy[x] = e; changed = true; }
        if (newHi < hi[x]!) { hi[x] = newHi; hiBy[x] = e; changed = true; }
      }
    }
  }
  unknowns.forEach((u, x) => {
    const r = reach[u.t]![u.i]![u.j]!;
    if (lo[x] === hi[x] || (r > 0 && hi[x]! < r)) unsafe.add(x);
  });
  // The equations behind a value's bounds, breadth first through the unknowns they involve.
  const via = (x: number): Equation[] => {
    const out: Equation[] = [];
    const seenEq = new Set<number>();
    const seenX = new Set<number>([x]);
    const queue = [x];
    for (let q = 0; q < queue.length && out.length < 64; q++) {
      const y = queue[q]!;
      for (const e of [hiBy[y]!, loBy[y]!]) {
        if (e < 0 || seenEq.has(e)) continue;
        seenEq.add(e);
        out.push(system[e]!.eq);
        for (const [z] of system[e]!.terms) if (!seenX.has(z)) { seenX.add(z); queue.push(z); }
      }
    }
    return out;
  };
  return [...unsafe].map((x) => ({ ref: unknowns[x]!, via: via(x) }));
}
