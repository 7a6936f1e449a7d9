import type { Executor } from '../../platform/db/client';
import { findAllocationsForYear } from '../budget-years/service';
import { findDistricts } from '../districts/service';
import { countParticipantFlows, countParticipantTables, OPEN_OUTCOME } from '../participants/service';
import { type Ledger, readLedgers } from '../payments/service';
import { findProjects } from '../projects/service';
import type { Project } from '../projects/schema';
import { MEASURE_TYPES, type MeasureType, type Monitoring, type MonitoringFigures, type MonitoringRow } from './monitoring-schema';

/**
 * The monitoring figures of § 6 (issue 15), read from the modules that own them and never stored
 * twice: allocation (budget-years), bewilligt / abgerufen / ausgezahlt / verwendet (payments'
 * ledger balances, the same numbers as the Förderübersicht), planned places (projects), filled
 * places (participants' entries up to the day) and outcomes so far (participants' counts).
 */

export function emptyFigures(allocationCents: number | null = null): MonitoringFigures {
  return { allocationCents, approvedCents: 0, requestedCents: 0, paidCents: 0, usedCents: 0, plannedPlaces: 0, filledPlaces: 0, outcomes: {}, plannedOutcomes: null };
}

const MONEY = ['approvedCents', 'requestedCents', 'paidCents', 'usedCents'] as const;

function addInto(into: MonitoringFigures, add: MonitoringFigures): void {
  if (add.allocationCents !== null) into.allocationCents = (into.allocationCents ?? 0) + add.allocationCents;
  for (const k of MONEY) into[k] += add[k];
  into.plannedPlaces += add.plannedPlaces;
  into.filledPlaces += add.filledPlaces;
  for (const [code, n] of Object.entries(add.outcomes)) into.outcomes[code] = (into.outcomes[code] ?? 0) + n;
}

export function sumFigures(list: readonly MonitoringFigures[], allocation: boolean): MonitoringFigures {
  const sum = emptyFigures(allocation ? 0 : null);
  for (const f of list) addInto(sum, f);
  return sum;
}

/** What one district's figures rest on; read once, used for the figures, the lights and the chart. */
export interface DistrictData {
  year: number;
  ags: string;
  name: string;
  allocationCents: number;
  /** The year's projects, dropped ones included (their money stays on record). */
  projects: Project[];
  ledger: Ledger | null;
  /** Project key → people who entered up to `today`. */
  entries: Map<string, number>;
  /** Maßnahmenart → outcome code → count (the open outcome left out). */
  outcomes: Map<MeasureType, Record<string, number>>;
}

/** People who entered per project key up to (and including) a day. */
export async function entriesOn(db: Executor, year: number, ags: string, day: string): Promise<Map<string, number>> {
  return new Map((await countParticipantFlows(db, { year, ags }, day)).map((f) => [f.key, f.entries]));
}

async function outcomesOf(db: Executor, year: number, ags: string): Promise<Map<MeasureType, Record<string, number>>> {
  const table = (await countParticipantTables(db, { year, ags })).find((t) => t.key === 'massnahmenart-verbleib');
  const result = new Map<MeasureType, Record<string, number>>(MEASURE_TYPES.map((m) => [m, {}]));
  if (!table) return result;
  table.rowValues.forEach((row, i) => {
    const type = Number(row) as MeasureType;
    const into = result.get(type);
    if (!into) return;
    table.columnValues.forEach((code, j) => {
      const n = table.table.cells[i]?.[j] ?? 0;
      if (code !== OPEN_OUTCOME && n > 0) into[code] = n;
    });
  });
  return result;
}

export async function readDistrictData(db: Executor, year: number, ags: string, name: string, allocationCents: number, ledger: Ledger | null, today: string): Promise<DistrictData> {
  return {
    year,
    ags,
    name,
    allocationCents,
    projects: await findProjects(db, year, ags, { includeDropped: true }),
    ledger,
    entries: await entriesOn(db, year, ags, today),
    outcomes: await outcomesOf(db, year, ags),
  };
}

/** The money of one project from the ledger's balances (zeros without records). */
function projectMoney(ledger: Ledger | null, key: string) {
  const p = ledger?.balances.districts[0]?.projects.find((x) => x.project === key);
  return { approvedCents: p?.approvedCents ?? 0, requestedCents: p?.requestedCents ?? 0, paidCents: p?.paidCents ?? 0, usedCents: p?.usedCents ?? 0 };
}

/** The row of one district: in total (with the allocation) and per Maßnahmenart. */
export function districtRow(data: DistrictData): MonitoringRow {
  const byMeasureType = Object.fromEntries(MEASURE_TYPES.map((m) => [m, emptyFigures()])) as Record<MeasureType, MonitoringFigures>;
  for (const project of data.projects) {
    const f = byMeasureType[project.measureType];
    const money = projectMoney(data.ledger, project.key);
    for (const k of MONEY) f[k] += money[k];
    if (project.status === 'aktiv') {
      f.plannedPlaces += project.plannedPlaces ?? 0;
      f.filledPlaces += data.entries.get(project.key) ?? 0;
    }
  }
  for (const m of MEASURE_TYPES) byMeasureType[m].outcomes = { ...data.outcomes.get(m) };
  const total = sumFigures(MEASURE_TYPES.map((m) => byMeasureType[m]), false);
  total.allocationCents = data.allocationCents;
  // Money of a project no longer on record (should not happen) still counts in the total: the
  // balances are the truth, the Maßnahmenart split is their breakdown.
  const balance = data.ledger?.balances.total;
  if (balance) for (const k of MONEY) total[k] = balance[k];
  return { year: data.year, ags: data.ags, name: data.name, total, byMeasureType, isDemo: (data.ledger?.isDemo ?? false) || data.projects.some((p) => p.isDemo) };
}

export function landRow(year: number, rows: readonly MonitoringRow[]): MonitoringRow {
  const byMeasureType = Object.fromEntries(MEASURE_TYPES.map((m) => [m, sumFigures(rows.map((r) => r.byMeasureType[m]), false)])) as Record<MeasureType, MonitoringFigures>;
  return { year, ags: null, name: 'Land Hessen', total: sumFigures(rows.map((r) => r.total), true), byMeasureType, isDemo: rows.some((r) => r.isDemo) };
}

/** The data behind the figures of one district or (without `ags`) all 26. */
export async function readMonitoringData(db: Executor, year: number, today: string, ags?: string): Promise<DistrictData[]> {
  const districts = (await findDistricts(db)).filter((d) => ags === undefined || d.ags === ags);
  const allocations = new Map((await findAllocationsForYear(db, year)).map((a) => [a.ags, Number(a.amountCents)]));
  const ledgers = await readLedgers(db, year, ags);
  const result: DistrictData[] = [];
  for (const d of districts) result.push(await readDistrictData(db, year, d.ags, d.name, allocations.get(d.ags) ?? 0, ledgers.get(d.ags) ?? null, today));
  return result;
}

/**
 * The monitoring table of a year: one district (`ags`) or all 26 with the Land total row. `today`
 * (Europe/Berlin date) bounds the participants' entries.
 */
export async function findMonitoring(db: Executor, year: number, ags?: string, today: string = berlinDate()): Promise<Monitoring> {
  const rows = (await readMonitoringData(db, year, today, ags)).map(districtRow);
  return { year, today, rows, land: ags === undefined ? landRow(year, rows) : null };
}

/** Today's date in Europe/Berlin (YYYY-MM-DD). */
export function berlinDate(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

// ── Figures on a day (the traffic lights judge the figure as it stood on the as-of date) ─────

/**
 * The money of a district (or one Maßnahmenart) on a day: the same ledger records the balances
 * sum, up to that day (requests by requestedOn, payouts by paidOn, uses by usedOn); bewilligt is
 * the approval in force. On a day after every record this equals the balances (tested).
 */
export function moneyOn(data: DistrictData, day: string, measureType: MeasureType | null): { approvedCents: number; requestedCents: number; paidCents: number; usedCents: number } {
  const keys = new Set(data.projects.filter((p) => measureType === null || p.measureType === measureType).map((p) => p.key));
  const ledger = data.ledger;
  const result = { approvedCents: 0, requestedCents: 0, paidCents: 0, usedCents: 0 };
  if (!ledger) return result;
  for (const p of ledger.balances.districts[0]?.projects ?? []) if (measureType === null || keys.has(p.project)) result.approvedCents += p.approvedCents;
  for (const r of ledger.requests) {
    if (measureType !== null && !keys.has(r.projectKey)) continue;
    if (r.requestedOn <= day) result.requestedCents += r.amountCents;
    for (const p of r.payouts) if (p.paidOn <= day) result.paidCents += p.amountCents;
  }
  for (const u of ledger.uses) if ((measureType === null || keys.has(u.projectKey)) && u.usedOn <= day) result.usedCents += u.amountCents;
  return result;
}

/** Planned places and people who entered up to a day (active projects), total or one Maßnahmenart. */
export function placesOn(data: DistrictData, entries: Map<string, number>, measureType: MeasureType | null): { planned: number; filled: number } {
  let planned = 0;
  let filled = 0;
  for (const p of data.projects) {
    if (p.status !== 'aktiv' || (measureType !== null && p.measureType !== measureType)) continue;
    planned += p.plannedPlaces ?? 0;
    filled += entries.get(p.key) ?? 0;
  }
  return { planned, filled };
}

// ── Spend over the months against plan (chart) ───────────────────────────────────────────────

export interface SpendMonth {
  /** YYYY-MM */
  month: string;
  /** Cumulative plan at the month's end: each project's bewilligt amount spread pro rata over its Laufzeit months. */
  planCents: number;
  /** Cumulative ausgezahlt at the month's end (null for months after today). */
  paidCents: number | null;
}

const monthIndex = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
const monthEnd = (index: number) => {
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${String(m).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
};

/**
 * The twelve months of the AQB year: plan (pro rata over each project's Laufzeit, whole year when
 * it has none; integer cents, the last Laufzeit month takes the remainder) and actual (cumulative
 * payouts by month end, up to today's month).
 */
export function spendByMonth(data: DistrictData, today: string, measureType: MeasureType | null = null): SpendMonth[] {
  const first = data.year * 12;
  const months = Array.from({ length: 12 }, (_, i) => first + i);
  const plan = new Array<number>(12).fill(0);
  for (const project of data.projects) {
    if (measureType !== null && project.measureType !== measureType) continue;
    const approved = projectMoney(data.ledger, project.key).approvedCents;
    if (approved <= 0) continue;
    const from = monthIndex(project.start ?? `${data.year}-01-01`);
    const to = Math.max(from, monthIndex(project.end ?? `${data.year}-12-31`));
    const count = to - from + 1;
    months.forEach((m, i) => {
      if (m < from) return;
      const elapsed = Math.min(m, to) - from + 1;
      plan[i]! += elapsed >= count ? approved : Math.floor((approved * elapsed) / count);
    });
  }
  const keys = new Set(data.projects.filter((p) => measureType === null || p.measureType === measureType).map((p) => p.key));
  const payouts = (data.ledger?.requests ?? []).filter((r) => keys.has(r.projectKey)).flatMap((r) => r.payouts);
  return months.map((m, i) => {
    const end = monthEnd(m);
    const started = `${end.slice(0, 7)}-01` <= today;
    return { month: end.slice(0, 7), planCents: plan[i]!, paidCents: started ? payouts.filter((p) => p.paidOn <= end).reduce((s, p) => s + p.amountCents, 0) : null };
  });
}
