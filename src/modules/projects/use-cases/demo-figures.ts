import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { Executor } from '../../../platform/db/client';
import { unwrapZod } from '../../../platform/errors';
import { z } from 'zod';
import { PlannedOutcomesSchema } from '../schema';
import { projects } from '../tables';

const DemoFiguresSchema = z.array(
  z.object({
    projectId: z.number().int().positive(),
    plannedPlaces: z.number().int().min(0).max(100_000),
    plannedOutcomes: PlannedOutcomesSchema,
  }),
);
export type DemoProjectFigures = z.input<typeof DemoFiguresSchema>[number];

/**
 * Gives demo projects (is_demo, aktiv) their invented planned places and outcomes (AQB_DEMO=1).
 * Only records still without planned places are touched: a figure someone entered on a demo
 * project is kept, and a second start changes nothing. Real projects are never touched, whatever
 * ids are passed. Audited as ONE event (`projects.demoFigures`) when anything changed; the records
 * go with the demo projects (`removeDemoProjects`). Returns how many records were updated.
 */
export async function planDemoProjects(tx: Executor, input: DemoProjectFigures[]): Promise<number> {
  const figures = unwrapZod(DemoFiguresSchema.safeParse(input));
  if (figures.length === 0) return 0;
  const open = await tx
    .select({ id: projects.id, year: projects.year, ags: projects.ags, key: projects.key })
    .from(projects)
    .where(and(inArray(projects.id, figures.map((f) => f.projectId)), eq(projects.isDemo, true), eq(projects.status, 'aktiv'), isNull(projects.plannedPlaces)))
    .for('update');
  const byId = new Map(open.map((row) => [row.id, row]));
  const now = new Date();
  const changed: Array<{ year: number; ags: string; key: string; plannedPlaces: number; plannedOutcomes: Record<string, number | undefined> }> = [];
  for (const f of figures) {
    const row = byId.get(f.projectId);
    if (!row) continue;
    await tx
      .update(projects)
      .set({ plannedPlaces: f.plannedPlaces, plannedOutcomes: f.plannedOutcomes, updatedAt: now, version: sql`${projects.version} + 1` })
      .where(eq(projects.id, row.id));
    changed.push({ year: row.year, ags: row.ags, key: row.key, plannedPlaces: f.plannedPlaces, plannedOutcomes: f.plannedOutcomes });
  }
  if (changed.length) {
    await recordAuditEvent(tx, { actorId: null, action: 'projects.demoFigures', recordType: 'system', recordId: null, before: null, after: { projects: changed.length, places: changed.reduce((s, c) => s + c.plannedPlaces, 0) } });
  }
  return changed.length;
}
