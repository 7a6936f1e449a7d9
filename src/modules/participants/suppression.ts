/**
 * Statistical disclosure control for published count tables (issue 14): primary and secondary cell
 * suppression, with totals.
 *
 * The table with its margins is an (m+1) × (n+1) grid: the m × n cells, the row totals as column n,
 * the column totals as row m and the grand total at (m, n). Everything below treats a total like a
 * cell: it is withheld when it is small, and it may be withheld to protect others.
 *
 * Rules
 * 1. Primary suppression: every grid value from 1 to k − 1 is withheld (k = 3; k = 5 for tables of
 *    the special categories disability and migration background — the caller passes k).
 * 2. Zeros are published. A 0 singles nobody out. It does tell a reader that a withheld cell is not
 *    empty, so the audit below assumes exactly that (every withheld value ≥ 1), and zeros are never
 *    withheld as secondary suppressions, which keeps that assumption true. Example of what this
 *    catches: row [1, 1, 0 | 2] with both 1s withheld and the total published — "two cells ≥ 1
 *    that add up to 2" gives both away, although no single equation has only one unknown.
 * 3. Secondary suppression: the published table must leave every withheld value undetermined, and
 *    every primary-withheld value possibly ≥ k. The reader's knowledge is modelled exactly: all
 *    published values, every row and column equation (cells add up to their totals, totals to the
 *    grand total), integers, withheld values ≥ 1. Under this model the table is a circulation in the
 *    network source → row → column → sink → source (cells are row→column arcs, row totals
 *    source→row, column totals column→sink, the grand total sink→source), so the largest and
 *    smallest value a withheld cell can take follow from two max-flow computations in the residual
 *    network of the withheld arcs (forward unbounded, backward down to 1). A cell is safe when
 *    max > min, and a primary cell when in addition max ≥ k.
 *    This is stronger than solving single-unknown equations (chains included) and than linear
 *    algebra alone: both are implied (property tests check all three).
 * 4. While some withheld cell is not safe, more is withheld in its row and column: the cheapest set
 *    of published non-zero values that closes a cycle through it in the network, with room for at
 *    least k − value (primary) or 1 (secondary) along the cycle — found as a shortest path
 *    (Dijkstra) where a value already withheld costs 0 and a published one costs its value (ties:
 *    fewer values, fewer totals). This is "withhold the smallest further cell in that row or
 *    column", chosen so that the row AND the column are protected at once. Withholding a value only
 *    widens what the reader must consider possible, so cells made safe stay safe; the loop ends at
 *    the latest when every non-zero value is withheld (then the reader knows nothing beyond the
 *    zeros, which is safe).
 *
 * Scope: this file protects one table. The tables published for a year share margins (Land = Σ
 * districts, shared Geschlecht and Verbleib totals); joint-suppression.ts protects them together,
 * using `protectGrid` below for each table. An attribute that holds for a whole row ("all 7 people
 * of this row have it") is published as such.
 */

export const DEFAULT_K = 3;
/** k for tables of the special categories (Art. 9 GDPR): disability, migration background. */
export const SPECIAL_CATEGORY_K = 5;

/** A count table before suppression: totals are the sums of the cells. */
export interface CountTable {
  name?: string;
  rows: string[];
  columns: string[];
  cells: number[][];
  rowTotals: number[];
  columnTotals: number[];
  total: number;
}

/** A published table: null where withheld (shown as "•" with a footnote, never as 0). */
export interface PublishedTable {
  name?: string;
  rows: string[];
  columns: string[];
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  total: number | null;
}

export type CellMark = 'published' | 'primary' | 'secondary';

export interface SuppressionResult {
  table: PublishedTable;
  /** The (m+1) × (n+1) grid of marks: cells, row totals in the last column, column totals in the last row. */
  marks: CellMark[][];
}

/** The value range a reader can derive for one withheld grid value. */
export interface CellBounds {
  row: number;
  column: number;
  value: number;
  min: number;
  /** Infinity when unbounded. */
  max: number;
}

/** The grid (m+1) × (n+1) with margins; throws when the totals are not the sums of the cells. */
function toGrid(table: CountTable): number[][] {
  const m = table.rows.length;
  const n = table.columns.length;
  if (table.cells.length !== m || table.cells.some((row) => row.length !== n) || table.rowTotals.length !== m || table.columnTotals.length !== n) {
    throw new Error('suppressTable: Zeilen, Spalten und Summen passen nicht zusammen');
  }
  for (const row of table.cells) for (const v of row) if (!Number.isSafeInteger(v) || v < 0) throw new Error(`suppressTable: keine Anzahl: ${v}`);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  table.cells.forEach((row, i) => {
    if (sum(row) !== table.rowTotals[i]) throw new Error(`suppressTable: Zeilensumme ${i + 1} stimmt nicht`);
  });
  table.columns.forEach((_, j) => {
    if (sum(table.cells.map((row) => row[j]!)) !== table.columnTotals[j]) throw new Error(`suppressTable: Spaltensumme ${j + 1} stimmt nicht`);
  });
  if (sum(table.rowTotals) !== table.total) throw new Error('suppressTable: Gesamtsumme stimmt nicht');
  return [...table.cells.map((row, i) => [...row, table.rowTotals[i]!]), [...table.columnTotals, table.total]];
}

// ---------------------------------------------------------------------------------------------
// The reader's view as a flow network

/** Nodes: 0 = source, 1…m = rows, m+1…m+n = columns, m+n+1 = sink. Grid value (i, j) is the arc from → to. */
function arcOf(i: number, j: number, m: number, n: number): [from: number, to: number] {
  const source = 0;
  const sink = m + n + 1;
  const rowNode = (r: number) => 1 + r;
  const columnNode = (c: number) => 1 + m + c;
  if (i < m && j < n) return [rowNode(i), columnNode(j)];
  if (i < m) return [source, rowNode(i)]; // row total
  if (j < n) return [columnNode(j), sink]; // column total
  return [sink, source]; // grand total
}

/**
 * Residual capacities of the withheld arcs except (skipI, skipJ): forward unbounded (a withheld
 * value may be larger), backward value − 1 (it may be smaller, down to 1).
 */
function residual(grid: number[][], withheld: boolean[][], skipI: number, skipJ: number): number[][] {
  const m = grid.length - 1;
  const n = grid[0]!.length - 1;
  const size = m + n + 2;
  const cap = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i <= m; i++) {
    for (let j = 0; j <= n; j++) {
      if (!withheld[i]![j] || (i === skipI && j === skipJ)) continue;
      const [from, to] = arcOf(i, j, m, n);
      cap[from]![to] = Infinity;
      cap[to]![from]! += grid[i]![j]! - 1;
    }
  }
  return cap;
}

/** Max flow from `from` to `to` (Edmonds–Karp), stopping once `limit` is reached; Infinity when unbounded. */
function maxFlow(cap: number[][], from: number, to: number, limit: number): number {
  const size = cap.length;
  let flow = 0;
  while (flow < limit) {
    const previous = new Array<number>(size).fill(-1);
    previous[from] = from;
    const queue = [from];
    for (let q = 0; q < queue.length && previous[to] === -1; q++) {
      const u = queue[q]!;
      for (let v = 0; v < size; v++) {
        if (previous[v] === -1 && cap[u]![v]! > 0) {
          previous[v] = u;
          queue.push(v);
        }
      }
    }
    if (previous[to] === -1) break;
    let bottleneck = Infinity;
    for (let v = to; v !== from; v = previous[v]!) bottleneck = Math.min(bottleneck, cap[previous[v]!]![v]!);
    if (bottleneck === Infinity) return Infinity;
    const push = Math.min(bottleneck, limit - flow);
    for (let v = to; v !== from; v = previous[v]!) {
      const u = previous[v]!;
      cap[u]![v]! -= push;
      cap[v]![u]! += push;
    }
    flow += push;
  }
  return flow;
}

/** How far the withheld value (i, j) can rise and fall for a reader, each search stopped at its limit. */
function slack(grid: number[][], withheld: boolean[][], i: number, j: number, upLimit: number, downLimit: number): { up: number; down: number } {
  const m = grid.length - 1;
  const n = grid[0]!.length - 1;
  const [from, to] = arcOf(i, j, m, n);
  const value = grid[i]![j]!;
  const cap = residual(grid, withheld, i, j);
  const needsDown = value > 1 && downLimit > 0;
  const copy = needsDown ? cap.map((row) => row.slice()) : cap;
  // More on arc from→to needs a way back from `to` to `from` through the other withheld arcs.
  const up = upLimit > 0 ? maxFlow(cap, to, from, upLimit) : 0;
  // Skipped when it cannot matter: `isSafe` only asks whether the value can fall when it cannot rise.
  const down = needsDown ? maxFlow(copy, from, to, Math.min(downLimit, value - 1)) : 0;
  return { up, down };
}

/** How far a withheld value must be able to rise: k − value for a primary value (reach = its k), else 1. */
function needOf(value: number, reach: number): number {
  return reach > 0 ? Math.max(1, reach - value) : 1;
}

function isSafe(grid: number[][], withheld: boolean[][], reach: number[][], i: number, j: number): boolean {
  const value = grid[i]![j]!;
  const r = reach[i]![j]!;
  const { up } = slack(grid, withheld, i, j, needOf(value, r), 0);
  if (r > 0) return value + up >= r && up > 0; // rising to k also means: not determined
  if (up > 0) return true;
  return slack(grid, withheld, i, j, 0, 1).down > 0;
}

/**
 * For every withheld grid value of `table`, the exact range a reader can derive (rule 3): used by
 * tests and available to an audit page. `withheld` is the (m+1) × (n+1) mask.
 */
export function auditSuppression(table: CountTable, withheld: boolean[][]): CellBounds[] {
  const grid = toGrid(table);
  const bounds: CellBounds[] = [];
  grid.forEach((row, i) =>
    row.forEach((value, j) => {
      if (!withheld[i]![j]) return;
      const { up, down } = slack(grid, withheld, i, j, Infinity, Infinity);
      bounds.push({ row: i, column: j, value, min: value - down, max: value + up });
    }),
  );
  return bounds;
}

/**
 * The published grid values to withhold so that the withheld value (ui, uj) can rise by at least
 * `need` for a reader: the cheapest path back from the arc's head to its tail through residual arcs
 * with room ≥ need (forward: unbounded; backward: value − 1), costing 0 for withheld values and the
 * value for published non-zero ones (zeros are never used). Cost order: sum of values, then number
 * of values, then number of totals. Empty when there is no such path.
 */
function cheapestProtection(grid: number[][], withheld: boolean[][], ui: number, uj: number, need: number): [number, number][] {
  const m = grid.length - 1;
  const n = grid[0]!.length - 1;
  const size = m + n + 2;
  type Step = { to: number; cell: [number, number]; cost: [number, number, number] };
  const steps: Step[][] = Array.from({ length: size }, () => []);
  for (let i = 0; i <= m; i++) {
    for (let j = 0; j <= n; j++) {
      const value = grid[i]![j]!;
      if ((i === ui && j === uj) || value === 0) continue;
      const cost: [number, number, number] = withheld[i]![j] ? [0, 0, 0] : [value, 1, i === m || j === n ? 1 : 0];
      const [from, to] = arcOf(i, j, m, n);
      steps[from]!.push({ to, cell: [i, j], cost });
      if (value - 1 >= need) steps[to]!.push({ to: from, cell: [i, j], cost });
    }
  }
  const [target, start] = arcOf(ui, uj, m, n);
  const less = (a: [number, number, number], b: [number, number, number]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  const best: ([number, number, number] | null)[] = new Array(size).fill(null);
  const via: (Step & { from: number })[] = new Array(size);
  const done = new Array<boolean>(size).fill(false);
  best[start] = [0, 0, 0];
  for (;;) {
    let u = -1;
    for (let v = 0; v < size; v++) if (!done[v] && best[v] && (u === -1 || less(best[v]!, best[u]!) < 0)) u = v;
    if (u === -1 || u === target) break;
    done[u] = true;
    for (const step of steps[u]!) {
      const cost: [number, number, number] = [best[u]![0] + step.cost[0], best[u]![1] + step.cost[1], best[u]![2] + step.cost[2]];
      if (!done[step.to] && (!best[step.to] || less(cost, best[step.to]!) < 0)) {
        best[step.to] = cost;
        via[step.to] = { ...step, from: u };
      }
    }
  }
  if (!best[target]) return [];
  const cells: [number, number][] = [];
  for (let v = target; v !== start; v = via[v]!.from) {
    const [i, j] = via[v]!.cell;
    if (!withheld[i]![j]) cells.push([i, j]);
  }
  return cells;
}

/**
 * Rule 4 on one grid: withholds more of `withheld` (changed in place) until every withheld value is
 * safe. `reach[i][j]` is the k a primary value must be able to reach (0 for other values). Returns
 * whether anything was added. Used per table here and by the joint protection (joint-suppression.ts),
 * which starts from values withheld for other tables' sake.
 */
export function protectGrid(grid: number[][], withheld: boolean[][], reach: number[][]): boolean {
  const m = grid.length - 1;
  const n = grid[0]!.length - 1;
  let added = false;
  // Safety only grows as more is withheld (rule 4), so a cell found safe is never checked again.
  const knownSafe = grid.map((row) => row.map(() => false));
  for (;;) {
    let unsafe: [number, number] | null = null;
    for (let i = 0; i <= m && !unsafe; i++) {
      for (let j = 0; j <= n && !unsafe; j++) {
        if (!withheld[i]![j] || knownSafe[i]![j]) continue;
        if (isSafe(grid, withheld, reach, i, j)) knownSafe[i]![j] = true;
        else unsafe = [i, j];
      }
    }
    if (!unsafe) return added;
    const [ui, uj] = unsafe;
    const path = cheapestProtection(grid, withheld, ui, uj, needOf(grid[ui]![uj]!, reach[ui]![uj]!));
    if (path.length === 0) throw new Error('suppressTable: kein Schutz möglich (unerreichbar)');
    for (const [pi, pj] of path) withheld[pi]![pj] = true;
    added = true;
  }
}

/** The grid (m+1) × (n+1) of a count table with its margins (throws when the totals are not the sums). */
export function gridOf(table: CountTable): number[][] {
  return toGrid(table);
}

/** The published table for a grid and its withheld mask. */
export function publishGrid(table: CountTable, grid: number[][], withheld: boolean[][]): PublishedTable {
  const m = table.rows.length;
  const n = table.columns.length;
  const show = (i: number, j: number) => (withheld[i]![j] ? null : grid[i]![j]!);
  return {
    ...(table.name !== undefined ? { name: table.name } : {}),
    rows: [...table.rows],
    columns: [...table.columns],
    cells: table.cells.map((row, i) => row.map((_, j) => show(i, j))),
    rowTotals: table.rows.map((_, i) => show(i, n)),
    columnTotals: table.columns.map((_, j) => show(m, j)),
    total: show(m, n),
  };
}

/**
 * Withholds what must not be published (rules at the top of this file) and returns the published
 * table with the marks. k ≥ 2. Throws (a programming error) when the totals are not the sums.
 */
export function suppressTableDetailed(table: CountTable, options: { k?: number } = {}): SuppressionResult {
  const k = options.k ?? DEFAULT_K;
  if (!Number.isInteger(k) || k < 2) throw new Error('suppressTable: k muss eine ganze Zahl ≥ 2 sein');
  const grid = toGrid(table);
  const primary = grid.map((row) => row.map((v) => v >= 1 && v < k));
  const withheld = primary.map((row) => [...row]);
  protectGrid(grid, withheld, primary.map((row) => row.map((p) => (p ? k : 0))));
  return {
    table: publishGrid(table, grid, withheld),
    marks: withheld.map((row, i) => row.map((w, j) => (!w ? 'published' : primary[i]![j] ? 'primary' : 'secondary'))),
  };
}
/** The published table only (see suppressTableDetailed). */
export function suppressTable(table: CountTable, options: { k?: number } = {}): PublishedTable {
  return suppressTableDetailed(table, options).table;
}
