import { and, desc, eq } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { Executor } from '../../platform/db/client';
import { unwrapZod } from '../../platform/errors';
import { findUserNames } from '../access/service';
import { authorize } from '../access/policy';
import { getBudgetYear } from '../budget-years/service';
import { getDistrict } from '../districts/service';
import { type DetectionResult, detectDeviations, type Detector } from './detection';
import { berlinDate, findMonitoring } from './monitoring';
import { type MonitoringSnapshot, SnapshotInputSchema } from './monitoring-schema';
import { monitoringSnapshots } from './tables';

type Row = typeof monitoringSnapshots.$inferSelect;

async function toSnapshots(db: Executor, rows: Row[]): Promise<MonitoringSnapshot[]> {
  const names = await findUserNames(db, rows.map((r) => r.takenBy));
  return rows.map((r) => ({ id: r.id, year: r.year, ags: r.ags, takenAt: r.takenAt, reason: r.reason, figures: r.figures, takenByName: r.takenBy === null ? null : (names.get(r.takenBy) ?? null) }));
}

/**
 * Records the figures of one district's year as they stand ("Stand festhalten"; the meetings
 * module calls it when the minutes are confirmed, as 'system' or with the confirming ministry
 * actor), audited, and runs the automatic detection for that district in the same transaction.
 */
export async function recordMonitoringSnapshot(
  tx: Executor,
  actor: Detector,
  input: { year: number; ags: string; reason: string },
  options: { today?: string } = {},
): Promise<{ snapshot: MonitoringSnapshot; detection: DetectionResult }> {
  const data = unwrapZod(SnapshotInputSchema.safeParse(input));
  if (actor !== 'system') authorize(actor, 'monitoring.snapshot', { ags: data.ags });
  await getBudgetYear(tx, data.year);
  await getDistrict(tx, data.ags);
  const today = options.today ?? berlinDate();
  const row = (await findMonitoring(tx, data.year, data.ags, today)).rows[0]!;
  const actorId = actor === 'system' ? null : actor.userId;
  const [inserted] = await tx.insert(monitoringSnapshots).values({ year: data.year, ags: data.ags, reason: data.reason, figures: row.total, takenBy: actorId }).returning();
  await recordAuditEvent(tx, { actorId, action: 'monitoring.snapshot', recordType: 'monitoring_snapshot', recordId: inserted!.id, before: null, after: { year: data.year, ags: data.ags, reason: data.reason, figures: row.total } });
  const detection = await detectDeviations(tx, actor, { year: data.year, ags: data.ags, today });
  return { snapshot: (await toSnapshots(tx, [inserted!]))[0]!, detection };
}

/** The latest snapshot of a district's year (the page's "seit …" column), or null. */
export async function latestSnapshot(db: Executor, year: number, ags: string): Promise<MonitoringSnapshot | null> {
  const rows = await db
    .select()
    .from(monitoringSnapshots)
    .where(and(eq(monitoringSnapshots.year, year), eq(monitoringSnapshots.ags, ags)))
    .orderBy(desc(monitoringSnapshots.takenAt), desc(monitoringSnapshots.id))
    .limit(1);
  return rows.length ? (await toSnapshots(db, rows))[0]! : null;
}

/** The latest snapshot per district of a year (Land page). */
export async function latestSnapshots(db: Executor, year: number): Promise<Map<string, MonitoringSnapshot>> {
  const rows = await db.select().from(monitoringSnapshots).where(eq(monitoringSnapshots.year, year)).orderBy(desc(monitoringSnapshots.takenAt), desc(monitoringSnapshots.id));
  const result = new Map<string, MonitoringSnapshot>();
  for (const s of await toSnapshots(db, rows)) if (!result.has(s.ags)) result.set(s.ags, s);
  return result;
}
