import type { Executor } from '../../platform/db/client';
import { findAllocationCents } from '../budget-years/service';
import { getMeasureTypeLabels } from '../catalogs/service';
import { findMonitoring } from '../steering/service';

/**
 * The live figures of a district's year for the agenda: the monitoring row of steering
 * (`findMonitoring`, the same figures the monitoring page and the traffic lights show), as of the
 * agenda's reference date. One source, so the agenda and the monitoring page never disagree. Only
 * the allocation is read from budget-years itself: the monitoring counts a missing one as 0, the
 * agenda says "noch nicht festgelegt".
 */
export interface AgendaFigures {
  allocationCents: number | null;
  approvedCents: number;
  requestedCents: number;
  paidCents: number;
  usedCents: number;
  /** Per Maßnahmenart with planned or filled places (active projects), then the total. */
  places: Array<{ label: string; planned: number; filled: number }>;
  totalPlaces: { planned: number; filled: number };
}

export async function readAgendaFigures(db: Executor, year: number, ags: string, referenceDate: string): Promise<AgendaFigures> {
  const monitoring = await findMonitoring(db, year, ags, referenceDate);
  const row = monitoring.rows[0];
  const labels = await getMeasureTypeLabels(db, year);
  const allocationCents = (await findAllocationCents(db, ags, year)) ?? null;
  if (!row) return { allocationCents, approvedCents: 0, requestedCents: 0, paidCents: 0, usedCents: 0, places: [], totalPlaces: { planned: 0, filled: 0 } };
  const places = ([1, 2, 3, 4] as const)
    .map((m) => ({ label: `Maßnahmenart ${m} (${labels[m - 1]})`, planned: row.byMeasureType[m].plannedPlaces, filled: row.byMeasureType[m].filledPlaces }))
    .filter((p) => p.planned > 0 || p.filled > 0);
  const t = row.total;
  return { allocationCents, approvedCents: t.approvedCents, requestedCents: t.requestedCents, paidCents: t.paidCents, usedCents: t.usedCents, places, totalPlaces: { planned: t.plannedPlaces, filled: t.filledPlaces } };
}
