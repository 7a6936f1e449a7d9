import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAuditEvents } from '../../platform/audit/store';
import type { AppDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { buildAccounts, buildIssuedBescheid, buildProject, OWN_AGS, participantCsv, participantRow, setAllocation } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import { findDistricts } from '../districts/service';
import { replaceParticipantRecords, validateParticipantCsv } from '../participants/service';
import { paymentRequests, payouts } from '../payments/tables';
import type { Project } from '../projects/schema';
import { detectDeviations, runDailyDetection } from './detection';
import { findDeviations, justifyDeviation } from './deviations';
import { computeLights } from './lights';
import { findMonitoring, moneyOn, readMonitoringData, spendByMonth } from './monitoring';
import { defaultThresholds, type Threshold } from './monitoring-schema';
import { latestSnapshot, recordMonitoringSnapshot } from './snapshots';
import { ensureThresholds, saveThresholds } from './thresholds';
import { judge } from './traffic-light';
import { deviations } from './tables';

/**
 * Monitoring (§ 6): figures from the owning modules, thresholds, traffic lights, snapshots and the
 * automatic detection — on a real database, numbers checked by hand.
 */

let database: AppDatabase;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
let agsList: string[];
const YEAR = 2025;
const EUR = 100;

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

/** A Mittelabruf with one payout (straight into the payments tables: the ledger reads them). */
async function pay(project: Project, amountCents: number, on: string, requested = amountCents) {
  const [request] = await database.db
    .insert(paymentRequests)
    .values({ year: project.year, ags: project.ags, projectId: project.id, requestedOn: on, amountCents: requested, plannedUse: [{ dueOn: on, amountCents: requested, purpose: 'Personal' }] })
    .returning();
  if (amountCents > 0) await database.db.insert(payouts).values({ requestId: request!.id, paidOn: on, amountCents });
}

async function participants(project: Project, entered: number, left = 0) {
  const rows = Array.from({ length: entered }, (_, i) => participantRow(`TN-${project.key}-${i}`, { left: i < left }));
  const parsed = validateParticipantCsv(participantCsv(rows), { start: `${YEAR}-01-01`, end: `${YEAR}-12-31` });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await database.db.transaction((tx) => replaceParticipantRecords(tx, { actor: null }, project, parsed.rows, { fileName: 't.csv' }));
}

beforeAll(async () => {
  database = await createTestDatabase();
  accounts = await buildAccounts(database);
  agsList = (await findDistricts(database.db)).map((d) => d.ags).filter((a) => a !== OWN_AGS);
}, 120_000);
afterAll(async () => {
  await database?.close();
});

describe('traffic light (pure)', () => {
  const t = { percent: 40, yellowBand: 10, asOf: '2025-09-30' };
  it.each([
    ['below the yellow band', 29_999, 100_000, '2025-10-01', 'rot', 10_001],
    ['at the lower edge of the band', 30_000, 100_000, '2025-10-01', 'gelb', 10_000],
    ['just below the limit', 39_999, 100_000, '2025-10-01', 'gelb', 1],
    ['exactly at the limit', 40_000, 100_000, '2025-10-01', 'gruen', 0],
    ['above the limit', 90_000, 100_000, '2025-10-01', 'gruen', 0],
    ['on the as-of day', 0, 100_000, '2025-09-30', 'rot', 40_000],
    ['the day before the as-of day', 0, 100_000, '2025-09-29', 'offen', 40_000],
    ['zero base', 0, 0, '2025-10-01', 'keine', 0],
    ['ceil of the shortfall', 0, 1, '2025-10-01', 'rot', 1],
  ])('%s', (_name, value, base, today, light, shortfall) => {
    expect(judge(t, value, base, today)).toEqual({ light, shortfall });
  });
});

describe('monitoring figures', () => {
  it('reads allocation, money (= the ledger balances), places and outcomes per Maßnahmenart, with the Land row', async () => {
    await setAllocation(database, YEAR, OWN_AGS, 500_000 * EUR);
    const a = await buildProject(database, { year: YEAR, key: 'MA1', measureType: 1, plannedPlaces: 10 });
    const b = await buildProject(database, { year: YEAR, key: 'MA2', measureType: 2, plannedPlaces: 8, start: `${YEAR}-07-01`, end: `${YEAR}-12-31` });
    await buildIssuedBescheid(database, { year: YEAR, lines: [{ projectId: a.id, approvedCents: 120_000 * EUR }, { projectId: b.id, approvedCents: 60_000 * EUR }] });
    await pay(a, 30_000 * EUR, `${YEAR}-03-15`, 40_000 * EUR);
    await pay(a, 20_000 * EUR, `${YEAR}-10-15`);
    await participants(a, 6, 2);
    await participants(b, 3);

    const m = await findMonitoring(database.db, YEAR, OWN_AGS, `${YEAR}-12-31`);
    expect(m.land).toBeNull();
    const row = m.rows[0]!;
    expect(row.total).toMatchObject({ allocationCents: 500_000 * EUR, approvedCents: 180_000 * EUR, requestedCents: 60_000 * EUR, paidCents: 50_000 * EUR, usedCents: 0, plannedPlaces: 18, filledPlaces: 9, plannedOutcomes: null });
    expect(row.total.outcomes).toEqual({ uebergang_ausbildung: 2 });
    expect(row.byMeasureType[1]).toMatchObject({ approvedCents: 120_000 * EUR, paidCents: 50_000 * EUR, plannedPlaces: 10, filledPlaces: 6, allocationCents: null });
    expect(row.byMeasureType[2]).toMatchObject({ approvedCents: 60_000 * EUR, paidCents: 0, plannedPlaces: 8, filledPlaces: 3 });
    // Money on a day: the same records cut by date; after the last record equal to the balances.
    const [data] = await readMonitoringData(database.db, YEAR, `${YEAR}-12-31`, OWN_AGS);
    expect(moneyOn(data!, `${YEAR}-09-30`, null)).toEqual({ approvedCents: 180_000 * EUR, requestedCents: 40_000 * EUR, paidCents: 30_000 * EUR, usedCents: 0 });
    expect(moneyOn(data!, `${YEAR + 1}-12-31`, null).paidCents).toBe(row.total.paidCents);
    // Entries up to a day: before 1 March nobody had entered.
    expect((await findMonitoring(database.db, YEAR, OWN_AGS, `${YEAR}-02-28`)).rows[0]!.total.filledPlaces).toBe(0);

    const land = await findMonitoring(database.db, YEAR, undefined, `${YEAR}-12-31`);
    expect(land.rows).toHaveLength(26);
    expect(land.land!.total.approvedCents).toBe(land.rows.reduce((s, r) => s + r.total.approvedCents, 0));
    expect(land.land!.total.paidCents).toBeGreaterThanOrEqual(50_000 * EUR);
  });

  it('spend over the months: plan pro rata over the Laufzeit, cumulative payouts by month end', async () => {
    const [data] = await readMonitoringData(database.db, YEAR, `${YEAR}-10-20`, OWN_AGS);
    const months = spendByMonth(data!, `${YEAR}-10-20`);
    expect(months).toHaveLength(12);
    // MA1: 120.000 € over 12 months = 10.000 €/month; MA2: 60.000 € over Jul–Dec = 10.000 €/month.
    expect(months[0]).toEqual({ month: `${YEAR}-01`, planCents: 10_000 * EUR, paidCents: 0 });
    expect(months[2]).toEqual({ month: `${YEAR}-03`, planCents: 30_000 * EUR, paidCents: 30_000 * EUR });
    expect(months[6]!.planCents).toBe(80_000 * EUR);
    expect(months[9]).toEqual({ month: `${YEAR}-10`, planCents: 140_000 * EUR, paidCents: 50_000 * EUR });
    expect(months[10]!.paidCents).toBeNull();
    expect(months[11]!.planCents).toBe(180_000 * EUR);
  });
});

describe('thresholds', () => {
  it('writes the defaults once, saves with the version, refuses a stale version and a bad date, audits', async () => {
    const first = await database.db.transaction((tx) => ensureThresholds(tx, 2024));
    expect(first.version).toBe(1);
    expect(first.thresholds).toEqual(defaultThresholds(2024));
    expect((await database.db.transaction((tx) => ensureThresholds(tx, 2024))).version).toBe(1);
    const changed = first.thresholds.map((t) => (t.figure === 'ausgezahlt' ? { ...t, percent: 50 } : t));
    expect(await code(database.db.transaction((tx) => saveThresholds(tx, accounts.districtOwn.actor, 2024, { version: 1, thresholds: changed })))).toBe('FORBIDDEN');
    const saved = await database.db.transaction((tx) => saveThresholds(tx, accounts.hmsi.actor, 2024, { version: 1, thresholds: changed }));
    expect(saved).toMatchObject({ version: 2, updatedByName: 'Test hmsi' });
    expect(saved.thresholds.find((t) => t.figure === 'ausgezahlt')!.percent).toBe(50);
    expect(await code(database.db.transaction((tx) => saveThresholds(tx, accounts.hmsi.actor, 2024, { version: 1, thresholds: changed })))).toBe('CONFLICT');
    const bad = await database.db
      .transaction((tx) => saveThresholds(tx, accounts.hmsi.actor, 2024, { version: 2, thresholds: changed.map((t, i) => (i === 2 ? { ...t, asOf: '2024-02-30' } : t)) }))
      .catch((e: unknown) => e);
    expect((bad as AppError).issues).toEqual([{ path: 'thresholds.2.asOf', message: 'Bitte ein gültiges Datum angeben, z. B. 30.9.2025.' }]);
    const events = await findAuditEvents(database.db, { recordType: 'monitoring_thresholds', recordId: 2024 });
    expect(events.map((e) => e.action)).toEqual(['monitoring.thresholds.default', 'monitoring.thresholds']);
  });
});

describe('automatic detection against the thresholds (table-driven)', () => {
  // Default thresholds of 2025: ausgezahlt ≥ 40 % of bewilligt by 30.9.2025 (gelb 30–40 %), plätze ≥ 70 % by 30.9.2025 (gelb 60–70 %).
  const cases: Array<{ name: string; approved: number | null; paid?: number; paidOn?: string; places?: number; entered?: number; today: string; expect: Array<{ key: string; amountCents?: number; count?: number }> }> = [
    { name: 'money below the yellow band → red → deviation with the shortfall', approved: 100_000, paid: 25_000, today: '2025-10-01', expect: [{ key: 'ausgezahlt:2025-09-30', amountCents: 15_000 * EUR }] },
    { name: 'money in the yellow band → warning only, no deviation', approved: 100_000, paid: 35_000, today: '2025-10-01', expect: [] },
    { name: 'money exactly at the limit → green', approved: 100_000, paid: 40_000, today: '2025-10-01', expect: [] },
    { name: 'money above the limit → green', approved: 100_000, paid: 80_000, today: '2025-10-01', expect: [] },
    { name: 'before the as-of date → not due', approved: 100_000, paid: 0, today: '2025-09-29', expect: [] },
    { name: 'on the as-of date → judged', approved: 100_000, paid: 0, today: '2025-09-30', expect: [{ key: 'ausgezahlt:2025-09-30', amountCents: 40_000 * EUR }] },
    { name: 'after the as-of date a later payout does not count', approved: 100_000, paid: 60_000, paidOn: '2025-10-10', today: '2025-10-20', expect: [{ key: 'ausgezahlt:2025-09-30', amountCents: 40_000 * EUR }] },
    { name: 'zero plan (no Bescheid) → not judged', approved: null, today: '2025-10-01', expect: [] },
    { name: 'places below the yellow band → red per Maßnahmenart', approved: null, places: 10, entered: 5, today: '2025-10-01', expect: [{ key: 'plaetze:ma3:2025-09-30', count: 2 }] },
    { name: 'places at the limit → green', approved: null, places: 10, entered: 7, today: '2025-10-01', expect: [] },
    { name: 'places planned 0 → not judged', approved: null, places: 0, entered: 0, today: '2025-10-01', expect: [] },
    { name: 'no data at all', approved: null, places: undefined, today: '2025-10-01', expect: [] },
  ];
  it.each(cases.map((c, i) => [c.name, i] as const))('%s', async (_name, i) => {
    const c = cases[i]!;
    const ags = agsList[i]!;
    if (c.approved !== null || c.places !== undefined) {
      const project = await buildProject(database, { year: YEAR, ags, key: `T${i}`, measureType: 3, plannedPlaces: c.places ?? null });
      if (c.approved !== null) await buildIssuedBescheid(database, { year: YEAR, ags, lines: [{ projectId: project.id, approvedCents: c.approved * EUR }] });
      if (c.paid) await pay(project, c.paid * EUR, c.paidOn ?? '2025-06-30');
      if (c.entered) await participants(project, c.entered);
    }
    const result = await database.db.transaction((tx) => detectDeviations(tx, accounts.hmsi.actor, { year: YEAR, ags, today: c.today }));
    const found = (await findDeviations(database.db, { year: YEAR, ags })).filter((d) => d.origin === 'automatisch');
    expect(result.created).toBe(c.expect.length);
    const rows = await database.db.select().from(deviations).where(and(eq(deviations.year, YEAR), eq(deviations.ags, ags)));
    expect(rows.map((r) => ({ key: r.detectionKey, ...(r.amountCents !== null ? { amountCents: r.amountCents } : {}), ...(r.count !== null ? { count: r.count } : {}) }))).toEqual(c.expect);
    expect(found.every((d) => d.status === 'offen' && d.since === '2025-09-30')).toBe(true);
    // Run again: never a duplicate.
    const again = await database.db.transaction((tx) => detectDeviations(tx, 'system', { year: YEAR, ags, today: c.today }));
    expect(again).toEqual({ created: 0, updated: 0, unchanged: c.expect.length, skipped: 0 });
  });

  it('updates an open automatic deviation when the figure changes, never a justified one; audited; the lights say it in words', async () => {
    const ags = agsList[20]!;
    const project = await buildProject(database, { year: YEAR, ags, key: 'UPD', measureType: 1, plannedPlaces: null });
    await buildIssuedBescheid(database, { year: YEAR, ags, lines: [{ projectId: project.id, approvedCents: 100_000 * EUR }] });
    await pay(project, 10_000 * EUR, '2025-05-01');
    const today = '2025-10-05';
    await database.db.transaction((tx) => detectDeviations(tx, 'system', { year: YEAR, ags, today }));
    const [first] = await findDeviations(database.db, { year: YEAR, ags });
    expect(first).toMatchObject({ amountCents: 30_000 * EUR, subject: 'Ausgezahlt bis 30.9.2025: 10,0 % der Bewilligung (Schwelle 40 %)', createdByName: null });
    // A payout booked late, dated before 30.9.: the shortfall shrinks.
    await pay(project, 5_000 * EUR, '2025-09-20');
    expect(await database.db.transaction((tx) => detectDeviations(tx, accounts.hmsi.actor, { year: YEAR, ags, today }))).toEqual({ created: 0, updated: 1, unchanged: 0, skipped: 0 });
    const [second] = await findDeviations(database.db, { year: YEAR, ags });
    expect(second).toMatchObject({ id: first!.id, amountCents: 25_000 * EUR, version: 2 });
    // Justified: detection leaves it alone even if the figure changes again.
    await database.db.transaction((tx) => justifyDeviation(tx, { userId: accounts.districtOwn.actor.userId, role: 'district', ags }, first!.id, { version: 2, justification: 'Träger rechnet quartalsweise ab.' }));
    await pay(project, 2_000 * EUR, '2025-09-21');
    expect(await database.db.transaction((tx) => detectDeviations(tx, 'system', { year: YEAR, ags, today }))).toEqual({ created: 0, updated: 0, unchanged: 0, skipped: 1 });
    expect((await findDeviations(database.db, { year: YEAR, ags }))[0]).toMatchObject({ amountCents: 25_000 * EUR, status: 'begruendet' });
    const events = await findAuditEvents(database.db, { recordType: 'deviation', recordId: first!.id });
    expect(events.map((e) => e.action)).toEqual(['deviation.detect', 'deviation.detect', 'deviation.justify']);
    // The district may not run the detection.
    expect(await code(database.db.transaction((tx) => detectDeviations(tx, accounts.districtOwn.actor, { year: YEAR, ags: OWN_AGS, today })))).toBe('FORBIDDEN');

    const [data] = await readMonitoringData(database.db, YEAR, today, ags);
    const thresholds: Threshold[] = defaultThresholds(YEAR);
    const lights = await computeLights(database.db, data!, thresholds, today);
    expect(lights.map((l) => [l.detectionKey, l.light, l.percent])).toEqual([['ausgezahlt:2025-09-30', 'rot', 17]]);
  });
});

describe('snapshots', () => {
  it('records the figures, audited, and runs the detection for the district; the latest is found', async () => {
    expect(await code(database.db.transaction((tx) => recordMonitoringSnapshot(tx, accounts.rp.actor, { year: YEAR, ags: OWN_AGS, reason: 'x' })))).toBe('FORBIDDEN');
    const { snapshot, detection } = await database.db.transaction((tx) => recordMonitoringSnapshot(tx, accounts.hmsi.actor, { year: YEAR, ags: OWN_AGS, reason: 'Umsetzungsbesprechung' }, { today: '2025-10-20' }));
    expect(snapshot).toMatchObject({ reason: 'Umsetzungsbesprechung', takenByName: 'Test hmsi' });
    expect(snapshot.figures).toMatchObject({ approvedCents: 180_000 * EUR, paidCents: 50_000 * EUR });
    // OWN_AGS: 30.000 € of 180.000 € paid by 30.9. = 16,7 % → red; MA1 places 6/10 = 60 % → gelb; MA2 3/8 = 37,5 % → red.
    expect(detection.created).toBe(2);
    const keys = (await findDeviations(database.db, { year: YEAR, ags: OWN_AGS })).map((d) => d.subject).sort();
    expect(keys).toEqual(['Ausgezahlt bis 30.9.2025: 16,7 % der Bewilligung (Schwelle 40 %)', 'Plätze belegt bis 30.9.2025 (Maßnahmenart 2): 37,5 % der geplanten Plätze (Schwelle 70 %)']);
    expect((await latestSnapshot(database.db, YEAR, OWN_AGS))!.id).toBe(snapshot.id);
    expect((await findAuditEvents(database.db, { recordType: 'monitoring_snapshot', recordId: snapshot.id })).map((e) => e.action)).toEqual(['monitoring.snapshot']);
  });
});

describe('daily detection', () => {
  it('runs for this and last year as the system, never duplicates, and records each run', async () => {
    const before = (await database.db.select().from(deviations)).length;
    const first = await runDailyDetection(database, '2025-10-20');
    expect(first).not.toBeNull();
    const after = (await database.db.select().from(deviations)).length;
    expect(after - before).toBe(first!.created);
    const again = await runDailyDetection(database, '2025-10-20');
    expect(again!.created).toBe(0);
    expect((await database.db.select().from(deviations)).length).toBe(after);
    const runs = await findAuditEvents(database.db, { recordType: 'monitoring_detection', recordId: 2025 });
    expect(runs.filter((e) => e.actorId === null).length).toBeGreaterThanOrEqual(2);
  });
});
