import type { Executor } from '../../platform/db/client';
import { countParticipantTables } from '../participants/service';
import { readLedgers } from '../payments/service';
import { findProjects } from '../projects/service';
import { recognisedDeviations } from '../steering/service';
import { readPlannedOutcomes } from './planned-outcomes';
import type { Figure, FigureValues, RecognisedItem } from './schema';

export type MeasureType = 1 | 2 | 3 | 4;
const MEASURE_TYPES: readonly MeasureType[] = [1, 2, 3, 4];

/**
 * The outcomes that count as achieved (columns of the participants' table "Maßnahmenart × Verbleib"):
 * a qualification completed or a move into training or work. `abbruch`, `sonstiges` and those
 * still in the project do not count.
 */
export const ACHIEVED_OUTCOMES = ['ausbildungsabschluss', 'uebergang_ausbildung', 'uebergang_beschaeftigung', 'qualifizierung_abgeschlossen'] as const;

export interface DistrictFigures {
  ags: string;
  /** Per Maßnahmenart with any plan, achievement or recognised deviation, in order 1–4. */
  measures: Array<{ measureType: MeasureType } & Record<Figure, FigureValues>>;
  total: Record<Figure, FigureValues>;
  recognised: RecognisedItem[];
}

const sumOrNull = (values: Array<number | null>): number | null => (values.every((v) => v === null) ? null : values.reduce<number>((s, v) => s + (v ?? 0), 0));

/**
 * Reads the figures of a year per district and Maßnahmenart:
 * - money: planned = the approved AQB amount of the issued Bescheide (funding's approvals in force),
 *   achieved = the uses reported on the money path (verwendet), both from payments' ledgers;
 * - places: planned = the active projects' planned places, achieved = the participants recorded in
 *   the year's projects (participants' stored counts);
 * - outcomes: planned from `readPlannedOutcomes` (skipped while null), achieved = ACHIEVED_OUTCOMES.
 * Recognised deviations (steering) are taken out: an amount lowers the planned money, a number the
 * planned places, of the deviation's Maßnahmenart (none given: only the district total).
 */
export async function readDistrictFigures(db: Executor, year: number, agsList: readonly string[]): Promise<Map<string, DistrictFigures>> {
  const ledgers = await readLedgers(db, year, agsList.length === 1 ? agsList[0] : undefined);
  const out = new Map<string, DistrictFigures>();
  for (const ags of agsList) {
    const projects = await findProjects(db, year, ags, { includeDropped: true });
    const measureOf = new Map(projects.map((p) => [p.id, p.measureType]));
    const ledger = ledgers.get(ags);
    const plannedMoney = new Map<MeasureType, number>();
    const usedMoney = new Map<MeasureType, number>();
    for (const approval of ledger?.approvals.values() ?? []) {
      const mt = approval.measureType as MeasureType;
      plannedMoney.set(mt, (plannedMoney.get(mt) ?? 0) + approval.approvedCents);
    }
    for (const use of ledger?.uses ?? []) {
      const mt = (measureOf.get(use.projectId) ?? ledger?.approvals.get(use.projectId)?.measureType) as MeasureType | undefined;
      if (mt !== undefined) usedMoney.set(mt, (usedMoney.get(mt) ?? 0) + use.amountCents);
    }
    const plannedPlaces = new Map<MeasureType, number | null>();
    for (const p of projects.filter((x) => x.status === 'aktiv')) {
      const before = plannedPlaces.get(p.measureType) ?? null;
      plannedPlaces.set(p.measureType, p.plannedPlaces === null ? before : (before ?? 0) + p.plannedPlaces);
    }
    const tables = await countParticipantTables(db, { year, ags });
    const table = tables.find((t) => t.key === 'massnahmenart-verbleib');
    const filled = new Map<MeasureType, number>();
    const outcomes = new Map<MeasureType, number>();
    if (table) {
      const columns = ACHIEVED_OUTCOMES.map((o) => table.columnValues.indexOf(o)).filter((j) => j >= 0);
      table.rowValues.forEach((value, i) => {
        const mt = Number(value) as MeasureType;
        filled.set(mt, table.table.rowTotals[i] ?? 0);
        outcomes.set(mt, columns.reduce((s, j) => s + (table.table.cells[i]?.[j] ?? 0), 0));
      });
    }
    const plannedOutcomes = await readPlannedOutcomes(db, year, ags);
    const recognised: RecognisedItem[] = (await recognisedDeviations(db, year, ags)).map((d) => ({
      id: d.id,
      measureType: d.measureType,
      subject: d.subject,
      amountCents: d.amountCents,
      count: d.count,
      reason: d.assessmentReason,
      href: `/abweichungen/${year}/${ags}/${d.id}`,
    }));
    const recognisedOf = (mt: MeasureType | null, field: 'amountCents' | 'count') =>
      recognised.filter((r) => mt === null || r.measureType === mt).reduce((s, r) => s + (r[field] ?? 0), 0);

    const measures: DistrictFigures['measures'] = [];
    for (const mt of MEASURE_TYPES) {
      const row = {
        measureType: mt,
        money: { planned: plannedMoney.get(mt) ?? null, recognised: recognisedOf(mt, 'amountCents'), achieved: usedMoney.get(mt) ?? 0 },
        places: { planned: plannedPlaces.get(mt) ?? null, recognised: recognisedOf(mt, 'count'), achieved: filled.get(mt) ?? 0 },
        outcomes: { planned: plannedOutcomes?.get(mt) ?? null, recognised: 0, achieved: outcomes.get(mt) ?? 0 },
      };
      const hasAnything = [row.money, row.places, row.outcomes].some((f) => f.planned !== null || f.achieved > 0 || f.recognised > 0);
      if (hasAnything) measures.push(row);
    }
    const total: Record<Figure, FigureValues> = {
      money: { planned: sumOrNull(MEASURE_TYPES.map((mt) => plannedMoney.get(mt) ?? null)), recognised: recognisedOf(null, 'amountCents'), achieved: [...usedMoney.values()].reduce((s, v) => s + v, 0) },
      places: { planned: sumOrNull(MEASURE_TYPES.map((mt) => plannedPlaces.get(mt) ?? null)), recognised: recognisedOf(null, 'count'), achieved: [...filled.values()].reduce((s, v) => s + v, 0) },
      outcomes: { planned: plannedOutcomes === null ? null : sumOrNull(MEASURE_TYPES.map((mt) => plannedOutcomes.get(mt) ?? null)), recognised: 0, achieved: [...outcomes.values()].reduce((s, v) => s + v, 0) },
    };
    out.set(ags, { ags, measures, total, recognised });
  }
  return out;
}
