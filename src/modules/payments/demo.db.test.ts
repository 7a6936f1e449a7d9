import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDemoSetting } from '../../app/setup-database';
import { createTestDatabase } from '../../../tests/support/test-database';
import type { AppDatabase } from '../../platform/db/client';
import { findInterimInterest } from './interim-interest';
import { readLedger } from './ledger';
import { getProof } from './proof';

let database: AppDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function count(table: string, where = 'true'): Promise<number> {
  const result = (await database.db.execute(sql.raw(`select count(*)::int as n from ${table} where ${where}`))) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}

describe('demo data of the money path', () => {
  it('loads a complete 2025 for three districts (one late use, one Rückforderung) and "Demo-Daten entfernen" removes all of it', async () => {
    await applyDemoSetting(database, true);
    expect(await count('bescheide', 'is_demo')).toBe(3);
    expect(await count('payment_requests', 'is_demo')).toBeGreaterThanOrEqual(6);
    expect(await count('payouts', 'is_demo')).toBe(await count('payment_requests', 'is_demo'));
    const ledger = await readLedger(database.db, 2025, '06439');
    expect(ledger.balances.problems).toEqual([]);
    const district = ledger.balances.districts[0]!;
    expect(district.paidCents).toBe(district.approvedCents);
    expect(district.usedCents).toBe(district.paidCents);
    const interim = await findInterimInterest(database.db, ledger, '2025-12-31');
    expect(interim.some((p) => p.interestCents > 0 && p.lines.some((l) => l.usedOn === '2025-09-15'))).toBe(true);
    const proof = await getProof(database.db, 2025, '06439');
    expect(proof.status).toBe('geprueft');
    expect(proof.refund!.totals.refundCents).toBeGreaterThan(0);
    expect(proof.refund!.totals.interestCents).toBeGreaterThan(0);

    await applyDemoSetting(database, false);
    for (const table of ['payment_requests', 'payouts', 'fund_uses', 'interim_interest_decisions', 'proofs']) expect(await count(table), table).toBe(0);
    expect(await count('bescheide', 'is_demo')).toBe(0);
    expect(await count('bescheid_projects')).toBe(0);
    expect(await count('antraege', 'is_demo')).toBe(0);
  });
});
