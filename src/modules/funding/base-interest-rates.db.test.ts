import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import type { AppDatabase } from '../../platform/db/client';
import { findAuditEvents, verifyAuditChain } from '../../platform/audit/store';
import { isAppError } from '../../platform/errors';
import type { Actor } from '../access/policy';
import { computeInterest, findBaseInterestRates, seedBaseInterestRates, setBaseInterestRate } from './service';

let database: AppDatabase;
let admin: Actor;
let hmsi: Actor;
beforeAll(async () => {
  database = await createTestDatabase();
  admin = { userId: (await buildUser(database, 'admin')).id, role: 'admin' };
  hmsi = { userId: (await buildUser(database, 'hmsi')).id, role: 'hmsi' };
});
afterAll(async () => {
  await database?.close();
});


async function failure(run: () => Promise<unknown>): Promise<{ code: string; message: string; issues: string[] }> {
  try {
    await run();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message, issues: error.issues.map((i) => `${i.path}: ${i.message}`) };
    throw error;
  }
  throw new Error('expected an AppError');
}

async function countRates(): Promise<number> {
  const result = (await database.db.execute(sql`select count(*)::int as n from base_interest_rates`)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}

describe('Basiszinssatz master data', () => {
  it('is seeded with the history of issue 13 and feeds the interest calculation', async () => {
    const rates = await findBaseInterestRates(database.db);
    expect(rates.map((r) => [r.validFrom, r.ratePercent, r.rateBasisPoints, r.version])).toEqual([
      ['2023-01-01', '1.62', 162, 1],
      ['2023-07-01', '3.12', 312, 1],
      ['2024-01-01', '3.62', 362, 1],
      ['2024-07-01', '3.37', 337, 1],
      ['2025-01-01', '2.27', 227, 1],
      ['2025-07-01', '1.27', 127, 1],
    ]);
    // The worked example of interest.test.ts, from the stored rates: 573,69 €.
    expect(computeInterest({ principalCents: 1_234_567, from: '2024-03-15', to: '2024-10-01' }, rates).interestCents).toBe(57_369);
  });

  it('lets an administrator add the next half-year, audited in the same transaction', async () => {
    const rates = await findBaseInterestRates(database.db);
    expect(() => computeInterest({ principalCents: 100_000, from: '2025-12-01', to: '2026-01-31' }, rates)).toThrow(/ab 1\.1\.2026 ist kein Basiszinssatz/);
    const added = await database.db.transaction((tx) => setBaseInterestRate(tx, admin, { validFrom: '2026-01-01', ratePercent: '1,27', expectedVersion: null }));
    expect(added).toMatchObject({ validFrom: '2026-01-01', ratePercent: '1.27', rateBasisPoints: 127, version: 1, updatedBy: admin.userId });
    const events = await findAuditEvents(database.db, { recordType: 'base_interest_rate', recordId: '2026-01-01' });
    expect(events.map((e) => [e.action, e.actorId, e.before, e.after])).toEqual([['baseInterestRate.create', String(admin.userId), null, { ratePercent: '1.27' }]]);
    // 2.12.2025–31.1.2026: 30 days at 6,27 % and 31 days at 6,27 % (2025 and 2026 both 365 days): one period.
    const interest = computeInterest({ principalCents: 100_000, from: '2025-12-01', to: '2026-01-31' }, await findBaseInterestRates(database.db));
    expect(interest.periods).toEqual([{ from: '2025-12-02', to: '2026-01-31', days: 61, ratePercent: '6.27', interestCents: 1_048 }]);
    // 100 000 × 0,0627 × 61 / 365 = 1 047,8630… ct → 10,48 €.
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });

  it('corrects a rate under optimistic locking: a stale form changes nothing', async () => {
    const changed = await database.db.transaction((tx) => setBaseInterestRate(tx, admin, { validFrom: '2026-01-01', ratePercent: '1.30', expectedVersion: 1 }));
    expect(changed).toMatchObject({ ratePercent: '1.30', version: 2 });
    const stale = await failure(() => database.db.transaction((tx) => setBaseInterestRate(tx, admin, { validFrom: '2026-01-01', ratePercent: '9.99', expectedVersion: 1 })));
    expect(stale).toMatchObject({ code: 'CONFLICT', message: 'Der Basiszinssatz wurde inzwischen geändert. Bitte die Seite neu laden und die Änderung erneut eintragen.' });
    const again = await failure(() => database.db.transaction((tx) => setBaseInterestRate(tx, admin, { validFrom: '2026-01-01', ratePercent: '1.27', expectedVersion: null })));
    expect(again).toMatchObject({ code: 'CONFLICT', message: 'Für die Zeit ab 1.1.2026 ist bereits ein Basiszinssatz hinterlegt (1,30 %). Bitte diesen ändern.' });
    const missing = await failure(() => database.db.transaction((tx) => setBaseInterestRate(tx, admin, { validFrom: '2030-07-01', ratePercent: '1.00', expectedVersion: 3 })));
    expect(missing.code).toBe('NOT_FOUND');
    expect((await findBaseInterestRates(database.db)).find((r) => r.validFrom === '2026-01-01')).toMatchObject({ ratePercent: '1.30', version: 2 });
    const events = await findAuditEvents(database.db, { recordType: 'base_interest_rate', recordId: '2026-01-01' });
    expect(events.map((e) => [e.action, e.before, e.after])).toEqual([
      ['baseInterestRate.create', null, { ratePercent: '1.27' }],
      ['baseInterestRate.update', { ratePercent: '1.27', version: 1 }, { ratePercent: '1.30', version: 2 }],
    ]);
  });

  it('is for administrators only and refuses dates other than 1 January / 1 July and bad rates', async () => {
    const before = await countRates();
    expect((await failure(() => database.db.transaction((tx) => setBaseInterestRate(tx, hmsi, { validFrom: '2026-07-01', ratePercent: '1.00', expectedVersion: null })))).code).toBe('FORBIDDEN');
    expect((await failure(() => database.db.transaction((tx) => setBaseInterestRate(tx, null, { validFrom: '2026-07-01', ratePercent: '1.00', expectedVersion: null })))).code).toBe('UNAUTHENTICATED');
    const bad = await failure(() => database.db.transaction((tx) => setBaseInterestRate(tx, admin, { validFrom: '2026-03-01', ratePercent: '3,625', expectedVersion: null })));
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.issues).toEqual([
      'validFrom: Der Basiszinssatz ändert sich nur zum 1. Januar und 1. Juli (§ 247 Abs. 1 BGB)',
      'ratePercent: Zinssatz in Prozent mit höchstens zwei Nachkommastellen erwartet (z. B. 3,62 oder -0,88)',
    ]);
    const range = await failure(() => database.db.transaction((tx) => setBaseInterestRate(tx, admin, { validFrom: '2026-07-01', ratePercent: '-6', expectedVersion: null })));
    expect(range.issues).toEqual(['ratePercent: Der Basiszinssatz muss zwischen -5,00 % und 20,00 % liegen']);
    expect(await countRates()).toBe(before);
  });

  it('writes neither the rate nor its audit event when the surrounding transaction fails', async () => {
    const before = await countRates();
    await expect(
      database.db.transaction(async (tx) => {
        await setBaseInterestRate(tx, admin, { validFrom: '2026-07-01', ratePercent: '1.10', expectedVersion: null });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await countRates()).toBe(before);
    expect(await findAuditEvents(database.db, { recordType: 'base_interest_rate', recordId: '2026-07-01' })).toEqual([]);
  });

  it('seeds idempotently, audited by the start-up, and keeps an administrator’s correction of a seeded rate', async () => {
    // The start-up's one `system.seed` event records the six rows.
    const seedEvents = (await database.db.execute(sql`select before, after from audit_events where action = 'system.seed'`)) as unknown as { rows: { before: Record<string, number>; after: Record<string, number> }[] };
    expect(seedEvents.rows.map((r) => [r.before.base_interest_rates, r.after.base_interest_rates])).toEqual([[0, 6]]);
    const [seeded] = await findBaseInterestRates(database.db);
    await database.db.transaction((tx) => setBaseInterestRate(tx, admin, { validFrom: '2023-01-01', ratePercent: '1.63', expectedVersion: seeded!.version }));
    const count = await countRates();
    await database.db.transaction((tx) => seedBaseInterestRates(tx));
    await database.db.transaction((tx) => seedBaseInterestRates(tx));
    expect(await countRates()).toBe(count);
    expect((await findBaseInterestRates(database.db))[0]).toMatchObject({ validFrom: '2023-01-01', ratePercent: '1.63', version: 2 });
    const again = (await database.db.execute(sql`select count(*)::int as n from audit_events where action = 'system.seed'`)) as unknown as { rows: { n: number }[] };
    expect(Number(again.rows[0]!.n)).toBe(1);
  });

  it('refuses a row outside the half-year grid in the database itself', async () => {
    await expect(database.db.execute(sql`insert into base_interest_rates (valid_from, rate_basis_points) values ('2027-02-01', 100)`)).rejects.toThrow();
    await expect(database.db.execute(sql`insert into base_interest_rates (valid_from, rate_basis_points) values ('2027-01-01', -501)`)).rejects.toThrow();
  });
});
