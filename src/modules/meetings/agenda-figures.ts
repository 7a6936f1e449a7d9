import type { Executor } from '../../platform/db/client';
import { findAllocationCents } from '../budget-years/service';
import { countParticipantFlows } from '../participants/service';
import { readLedger } from '../payments/service';

/**
 * The live figures of a district's year for the agenda, composed in ONE place from the payments
 * ledger, the allocation and the participant flows. When steering's `findMonitoring` exists
 * (monitoring helper), the lead swaps this file's body for it; the shape stays.
 */
export interface AgendaFigures {
  allocationCents: number | null;
  approvedCents: number;
  paidCents: number;
  usedCents: number;
  projects: Array<{ key: string; title: string; plannedPlaces: number | null; filledPlaces: number }>;
}

export async function readAgendaFigures(db: Executor, year: number, ags: string, referenceDate: string): Promise<AgendaFigures> {
  const ledger = await readLedger(db, year, ags);
  const own = ledger.balances.districts.find((d) => d.ags === ags);
  const flows = await countParticipantFlows(db, { year, ags }, referenceDate);
  return {
    allocationCents: (await findAllocationCents(db, ags, year)) ?? null,
    approvedCents: own?.approvedCents ?? 0,
    paidCents: own?.paidCents ?? 0,
    usedCents: own?.usedCents ?? 0,
    projects: flows.map((f) => ({ key: f.key, title: f.label, plannedPlaces: f.plannedPlaces, filledPlaces: f.activeOn })),
  };
}
