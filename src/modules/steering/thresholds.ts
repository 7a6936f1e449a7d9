import { eq } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { Executor } from '../../platform/db/client';
import { AppError, unwrapZod } from '../../platform/errors';
import { isRealIsoDate } from '../../platform/input';
import { findUserNames } from '../access/service';
import { authorize, type MaybeActor } from '../access/policy';
import { getBudgetYear } from '../budget-years/service';
import { defaultThresholds, SaveThresholdsSchema, THRESHOLD_FIGURES, type Threshold, type ThresholdSet } from './monitoring-schema';
import { monitoringThresholds } from './tables';

type Row = typeof monitoringThresholds.$inferSelect;

async function toSet(db: Executor, row: Row): Promise<ThresholdSet> {
  const names = await findUserNames(db, [row.updatedBy]);
  const order = (t: Threshold) => THRESHOLD_FIGURES.indexOf(t.figure);
  return { year: row.year, thresholds: [...row.thresholds].sort((a, b) => order(a) - order(b)), version: row.version, updatedByName: row.updatedBy === null ? null : (names.get(row.updatedBy) ?? null), updatedAt: row.updatedAt };
}

/**
 * The thresholds of a year; when the year has none yet, the defaults are written first (audited
 * as `monitoring.thresholds.default`, no actor) so every reader sees the same stored set.
 */
export async function ensureThresholds(tx: Executor, year: number): Promise<ThresholdSet> {
  const [existing] = await tx.select().from(monitoringThresholds).where(eq(monitoringThresholds.year, year));
  if (existing) return toSet(tx, existing);
  await getBudgetYear(tx, year);
  const [inserted] = await tx.insert(monitoringThresholds).values({ year, thresholds: defaultThresholds(year) }).onConflictDoNothing().returning();
  if (inserted) {
    await recordAuditEvent(tx, { actorId: null, action: 'monitoring.thresholds.default', recordType: 'monitoring_thresholds', recordId: year, before: null, after: { thresholds: inserted.thresholds, version: 1 } });
    return toSet(tx, inserted);
  }
  const [row] = await tx.select().from(monitoringThresholds).where(eq(monitoringThresholds.year, year));
  return toSet(tx, row!);
}

/** Reads the thresholds for an actor (every monitoring reader sees them). */
export async function readThresholds(tx: Executor, actor: MaybeActor, year: number): Promise<ThresholdSet> {
  authorize(actor, 'monitoring.read');
  return ensureThresholds(tx, year);
}

/**
 * The ministry sets the year's thresholds as a whole (zod → policy → row lock → version →
 * audit, in the caller's transaction). The as-of date must be a real day in the AQB year or the
 * year after; VALIDATION_FAILED names the field (`thresholds.2.asOf`).
 */
export async function saveThresholds(tx: Executor, actor: MaybeActor, year: number, input: unknown): Promise<ThresholdSet> {
  authorize(actor, 'monitoring.thresholds');
  const data = unwrapZod(SaveThresholdsSchema.safeParse(input));
  const issues = data.thresholds.flatMap((t, i) =>
    !isRealIsoDate(t.asOf)
      ? [{ path: `thresholds.${i}.asOf`, message: 'Bitte ein gültiges Datum angeben, z. B. 30.9.2025.' }]
      : t.asOf < `${year}-01-01` || t.asOf > `${year + 1}-12-31`
        ? [{ path: `thresholds.${i}.asOf`, message: `Das Datum muss im AQB-Jahr ${year} oder im Jahr danach liegen.` }]
        : [],
  );
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', issues[0]!.message, { issues });
  await ensureThresholds(tx, year);
  const [row] = await tx.select().from(monitoringThresholds).where(eq(monitoringThresholds.year, year)).for('update');
  if (row!.version !== data.version) throw new AppError('CONFLICT', 'Die Schwellenwerte wurden inzwischen geändert. Bitte laden Sie die Seite neu und prüfen Sie den aktuellen Stand.');
  const [updated] = await tx
    .update(monitoringThresholds)
    .set({ thresholds: data.thresholds, version: row!.version + 1, updatedBy: actor.userId, updatedAt: new Date() })
    .where(eq(monitoringThresholds.year, year))
    .returning();
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'monitoring.thresholds', recordType: 'monitoring_thresholds', recordId: year, before: { thresholds: row!.thresholds, version: row!.version }, after: { thresholds: updated!.thresholds, version: updated!.version } });
  return toSet(tx, updated!);
}
