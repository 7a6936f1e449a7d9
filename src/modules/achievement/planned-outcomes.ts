import type { Executor } from '../../platform/db/client';

/**
 * The planned outcomes (Ausbildungsabschlüsse, Übergänge …) of a district's year per Maßnahmenart,
 * or null when the project records carry no such plan. This is the ONE place the outcomes plan is
 * read: the Eckdaten work adds planned outcomes to the projects in parallel; wire it here (read the
 * projects' service and sum per Maßnahmenart). Until then the outcomes figure is skipped everywhere.
 */
export async function readPlannedOutcomes(_db: Executor, _year: number, _ags: string): Promise<Map<1 | 2 | 3 | 4, number> | null> {
  return null;
}
