import { and, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { AppDatabase, Executor } from '../../platform/db/client';
import { formatDate, formatEuro } from '../../platform/format';
import { logger } from '../../platform/logger';
import { type Actor, authorize } from '../access/policy';
import { findBudgetYears, getBudgetYear } from '../budget-years/service';
import { computeLights } from './lights';
import { berlinDate, readMonitoringData } from './monitoring';
import { THRESHOLD_FIGURE_LABELS, type TrafficLight } from './monitoring-schema';
import { ensureThresholds } from './thresholds';
import { deviations } from './tables';

/** Who runs a detection: the ministry (button, API) or the system (daily cycle, snapshots of confirmed minutes). */
export type Detector = Actor | 'system';

export interface DetectionResult {
  created: number;
  updated: number;
  unchanged: number;
  /** Red figures whose deviation is already justified or assessed: left as it is. */
  skipped: number;
}

const formatPercent = (p: number | null) => (p === null ? '–' : `${p.toLocaleString('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);

/** The subject of an automatic deviation, e.g. "Ausgezahlt bis 30.9.2025: 25,0 % der Bewilligung (Schwelle 40 %)". */
export function detectionSubject(light: TrafficLight): string {
  const f = THRESHOLD_FIGURE_LABELS[light.figure];
  const scope = light.measureType === null ? '' : ` (Maßnahmenart ${light.measureType})`;
  return `${f.label} bis ${formatDate(light.threshold.asOf)}${scope}: ${formatPercent(light.percent)} ${f.base} (Schwelle ${light.threshold.percent} %)`;
}

const snapshotOf = (r: typeof deviations.$inferSelect) => ({ status: r.status, subject: r.subject, measureType: r.measureType, amountCents: r.amountCents, count: r.count, since: r.since, detectionKey: r.detectionKey, version: r.version });

/**
 * Turns every RED traffic light of a year (one district or all) into a deviation with origin
 * `automatisch` and the light's stable `detection_key` (yellow is a warning on the page, not a
 * deviation: docs/decisions/0026). Never a duplicate (unique key, insert … on conflict do
 * nothing); an `offen` automatic deviation is updated when its shortfall changed; a justified or
 * assessed one is never touched; a light that turned green leaves its deviation in place (the
 * district justifies it or the ministry judges it). Every insert and update audited, and the run.
 */
export async function detectDeviations(tx: Executor, actor: Detector, options: { year: number; ags?: string; today: string }): Promise<DetectionResult> {
  if (actor !== 'system') authorize(actor, 'monitoring.detect', options.ags ? { ags: options.ags } : undefined);
  const actorId = actor === 'system' ? null : actor.userId;
  await getBudgetYear(tx, options.year);
  const { thresholds } = await ensureThresholds(tx, options.year);
  const result: DetectionResult = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
  for (const data of await readMonitoringData(tx, options.year, options.today, options.ags)) {
    // Detected from demo figures: marked as demo, so the demo removal takes it away with them.
    const isDemo = (data.ledger?.isDemo ?? false) || data.projects.some((p) => p.isDemo);
    for (const light of await computeLights(tx, data, thresholds, options.today)) {
      if (light.light !== 'rot') continue;
      const money = light.figure !== 'plaetze';
      const values = { subject: detectionSubject(light), amountCents: money ? light.shortfall : null, count: money ? null : light.shortfall, measureType: light.measureType };
      const [inserted] = await tx
        .insert(deviations)
        .values({ year: data.year, ags: data.ags, origin: 'automatisch', detectionKey: light.detectionKey, since: light.threshold.asOf, createdBy: actorId, isDemo, ...values })
        .onConflictDoNothing()
        .returning();
      if (inserted) {
        result.created += 1;
        await recordAuditEvent(tx, { actorId, action: 'deviation.detect', recordType: 'deviation', recordId: inserted.id, before: null, after: { year: data.year, ags: data.ags, ...snapshotOf(inserted) } });
        continue;
      }
      const [row] = await tx
        .select()
        .from(deviations)
        .where(and(eq(deviations.year, data.year), eq(deviations.ags, data.ags), eq(deviations.detectionKey, light.detectionKey)))
        .for('update');
      if (!row || row.status !== 'offen') {
        result.skipped += 1;
        continue;
      }
      if (row.subject === values.subject && row.amountCents === values.amountCents && row.count === values.count) {
        result.unchanged += 1;
        continue;
      }
      const [updated] = await tx.update(deviations).set({ ...values, version: row.version + 1 }).where(eq(deviations.id, row.id)).returning();
      result.updated += 1;
      await recordAuditEvent(tx, { actorId, action: 'deviation.detect', recordType: 'deviation', recordId: row.id, before: snapshotOf(row), after: snapshotOf(updated!) });
    }
  }
  // The run itself is on record too (who checked when, with what result), also when nothing changed.
  await recordAuditEvent(tx, { actorId, action: 'monitoring.detect', recordType: 'monitoring_detection', recordId: options.year, before: null, after: { year: options.year, ags: options.ags ?? null, today: options.today, ...result } });
  return result;
}

/** Key of the transaction-level advisory lock of the daily detection: one process at a time. */
export const DETECTION_LOCK_KEY = 7_315_026;

/**
 * The daily run (server timer, like the reminders): every AQB year whose year has begun and that
 * is not older than last year, all districts, as the system, under an advisory lock (a second
 * process skips). Returns null when another process holds the lock.
 */
export async function runDailyDetection(database: AppDatabase, today: string = berlinDate()): Promise<DetectionResult | null> {
  return database.db.transaction(async (tx) => {
    const [lock] = ((await tx.execute(sql`select pg_try_advisory_xact_lock(${DETECTION_LOCK_KEY}) as locked`)) as unknown as { rows: { locked: boolean }[] }).rows;
    if (!lock?.locked) return null;
    const thisYear = Number(today.slice(0, 4));
    const total: DetectionResult = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
    for (const { year } of await findBudgetYears(tx)) {
      if (year > thisYear || year < thisYear - 1) continue;
      const r = await detectDeviations(tx, 'system', { year, today });
      for (const k of Object.keys(total) as (keyof DetectionResult)[]) total[k] += r[k];
    }
    return total;
  });
}

/** In the server process: the detection at start and then once per Berlin day (checked hourly); a failure is logged, never fatal. */
export function startDetectionWorker(database: AppDatabase, intervalMs = 60 * 60 * 1000): () => void {
  let lastDay = '';
  let running = false;
  const tick = async () => {
    const today = berlinDate();
    if (running || today === lastDay) return;
    running = true;
    try {
      const result = await runDailyDetection(database, today);
      lastDay = today;
      if (result && (result.created || result.updated)) logger.info('Abweichungen automatisch geprüft', { ...result });
    } catch (error) {
      logger.error('Automatische Abweichungsprüfung fehlgeschlagen', { message: error instanceof Error ? error.message : String(error) });
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
