import type { Executor } from '../../platform/db/client';
import { findEckdaten } from '../projects/service';

/**
 * The planned outcomes (Ausbildungsabschlüsse, Übergänge in Ausbildung/Beschäftigung, abgeschlossene
 * Qualifizierungen) of a district's year per Maßnahmenart, summed from the active projects' Eckdaten,
 * or null when no project carries such a plan (the outcomes figure is then skipped; likewise per
 * Maßnahmenart without one). This is the ONE
 * place the outcomes plan is read; the codes are the ones the achieved count uses (PLANNED_OUTCOMES).
 */
export async function readPlannedOutcomes(db: Executor, year: number, ags: string): Promise<Map<1 | 2 | 3 | 4, number> | null> {
  const eckdaten = await findEckdaten(db, year, ags);
  if (eckdaten.byMeasureType.every((row) => row.plannedOutcomesTotal === 0)) return null;
  // A Maßnahmenart whose projects plan no outcome has no outcomes plan (skipped there, not "0 of 0").
  return new Map(eckdaten.byMeasureType.filter((row) => row.plannedOutcomesTotal > 0).map((row) => [row.measureType as 1 | 2 | 3 | 4, row.plannedOutcomesTotal]));
}
