import { buildUser } from '../../../../tests/factories';
import { findAmountMismatch } from '../../agreements/service';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../../platform/db/client';
import { createTestDatabase } from '../../../../tests/support/test-database';
import { applyDemoSetting } from '../../../app/setup-database';
import { createBudgetYear, setLandesbudget } from '../service';
import { findDistricts } from '../../districts/service';
import {
  buildLettersZip,
  findAllocationCents,
  findRevisions,
  findScenarios,
  fixScenario,
  getBudgetYear,
  getLetterFile,
  reviseAllocation,
  runKeyScenario,
  saveScenario,
} from '../service';

let database: AppDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function count(table: string, year: number): Promise<number> {
  const result = (await database.db.execute(sql.raw(`select count(*)::int as n from ${table} where year = ${year}`))) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}

/** 26 amounts: Darmstadt-Dieburg gets `dadiCents`, everyone else 500.000 €. */
async function manualAmounts(dadiCents: number) {
  const districts = await findDistricts(database.db);
  return districts.map((d) => ({ ags: d.ags, amountCents: d.ags === '06432' ? dadiCents : 500_000_00 }));
}

describe('revisions of a fixed allocation', () => {
  it('represents DOMAIN 1.3: Darmstadt-Dieburg 2011, 624.195 € announced, then cut to 374.850 €', async () => {
    await database.db.transaction((tx) => createBudgetYear(tx, { year: 2011, actor: null }));
    const id = await database.db.transaction((tx) =>
      saveScenario(tx, { year: 2011, name: 'Ankündigung 2011', method: 'manuell', budgetCents: 0, allocations: [], actor: null }).catch(() => 0),
    );
    expect(id).toBe(0); // an empty scenario is refused
    // Read outside the transaction: PGlite has one connection, a nested query would wait forever.
    const allocations = await manualAmounts(624_195_00);
    const scenarioId = await database.db.transaction((tx) =>
      saveScenario(tx, { year: 2011, name: 'Ankündigung 2011', method: 'manuell', budgetCents: allocations.reduce((s, a) => s + a.amountCents, 0), allocations, actor: null }),
    );
    await fixScenario(database, { year: 2011, scenarioId, announcedOn: '2010-12-21', actor: null });
    expect(await findAllocationCents(database.db, '06432', 2011)).toBe(624_195_00);
    // 2011 had no Landesbudget recorded: the fixed scenario's budget became it (no page says "nicht erfasst").
    expect((await getBudgetYear(database.db, 2011)).landesbudgetCents).toBe(allocations.reduce((s, a) => s + a.amountCents, 0));

    const { id: clerk } = await buildUser(database, 'hmsi');
    await database.db.transaction((tx) =>
      reviseAllocation(tx, { year: 2011, ags: '06432', toCents: 374_850_00, reason: 'Kürzung nach Haushaltssperre', decidedOn: '2011-05-02', actor: clerk }),
    );
    expect(await findAllocationCents(database.db, '06432', 2011)).toBe(374_850_00);
    const history = await findRevisions(database.db, 2011, '06432');
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ fromCents: 624_195_00, toCents: 374_850_00, reason: 'Kürzung nach Haushaltssperre', decidedOn: '2011-05-02', createdBy: clerk });
    expect(history[0]!.createdAt).toBeInstanceOf(Date);

    // A second change keeps the first in the history.
    await database.db.transaction((tx) => reviseAllocation(tx, { year: 2011, ags: '06432', toCents: 400_000_00, reason: 'Teilweise Aufhebung', decidedOn: '2011-09-01', actor: null }));
    expect((await findRevisions(database.db, 2011, '06432')).map((r) => [r.fromCents, r.toCents])).toEqual([
      [624_195_00, 374_850_00],
      [374_850_00, 400_000_00],
    ]);
    // The letter keeps the announced amount.
    const letter = await getLetterFile(database.db, 2011, '06432', 'pdf');
    expect(Buffer.from(letter.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
  });

  it('refuses a revision without reason, with the same amount, or for a district without allocation, changing nothing', async () => {
    const before = await count('allocation_revisions', 2011);
    await expect(database.db.transaction((tx) => reviseAllocation(tx, { year: 2011, ags: '06432', toCents: 1, reason: ' ', decidedOn: '2011-01-01', actor: null }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(database.db.transaction((tx) => reviseAllocation(tx, { year: 2011, ags: '06432', toCents: 400_000_00, reason: 'x', decidedOn: '2011-01-01', actor: null }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(database.db.transaction((tx) => reviseAllocation(tx, { year: 2024, ags: '06432', toCents: 1, reason: 'x', decidedOn: '2024-01-01', actor: null }))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await count('allocation_revisions', 2011)).toBe(before);
    expect(await findAllocationCents(database.db, '06432', 2011)).toBe(400_000_00);
  });
});

describe('flagging agreements whose § 4 amount differs from the allocation', () => {
  it('is silent while they match and reports the difference after a cut', async () => {
    expect(await findAmountMismatch(database.db, 2025, '06533')).toBeNull();
    await database.db.transaction((tx) => reviseAllocation(tx, { year: 2025, ags: '06533', toCents: 800_000_00, reason: 'Kürzung', decidedOn: '2025-06-30', actor: null }));
    const mismatch = await findAmountMismatch(database.db, 2025, '06533');
    expect(mismatch).toMatchObject({ allocationCents: 800_000_00, agreedCents: 895_210_00, differenceCents: 95_210_00 });
    expect(mismatch?.message).toContain('weicht um 95.210,00 € von der aktuellen Zuweisung (800.000,00 €) ab');
    // No agreement → nothing to flag.
    expect(await findAmountMismatch(database.db, 2011, '06432')).toBeNull();
  });
});

describe('scenarios and fixing', () => {
  const csv = readFileSync(new URL('./fixtures/indicators-2026.csv', import.meta.url), 'utf8');

  it('stores two key scenarios and fixes one: 26 allocation rows and 26 letters, then refuses a second fixing', async () => {
    await database.db.transaction(async (tx) => {
      await createBudgetYear(tx, { year: 2026, actor: null });
      await setLandesbudget(tx, { year: 2026, landesbudgetCents: 27_700_000_00, actor: null });
    });
    const districts = await findDistricts(database.db);
    for (const [name, weightsText] of [['Bedarf', 'sgb2_bedarfsgemeinschaften=1'], ['Jugend', 'jugendarbeitslose=0.7,sgb2_bedarfsgemeinschaften=0.3']] as const) {
      const run = runKeyScenario({ budgetCents: 27_700_000_00, csvText: csv, weightsText, floorCents: 300_000_00 }, districts);
      if (!run.ok) throw new Error(JSON.stringify(run.errors));
      await database.db.transaction((tx) =>
        saveScenario(tx, { year: 2026, name, method: 'schluessel', budgetCents: 27_700_000_00, allocations: run.allocations, indicators: run.indicators, weights: run.weights, floorCents: 300_000_00, roundToCents: 1000, actor: null }),
      );
    }
    const scenarios = await findScenarios(database.db, 2026);
    expect(scenarios.map((s) => [s.name, s.sumCents, s.allocations.length])).toEqual([
      ['Bedarf', 27_700_000_00, 26],
      ['Jugend', 27_700_000_00, 26],
    ]);
    await expect(
      database.db.transaction((tx) => saveScenario(tx, { year: 2026, name: 'Bedarf', method: 'manuell', budgetCents: 0, allocations: scenarios[0]!.allocations, actor: null })),
    ).rejects.toMatchObject({ code: 'CONFLICT' });

    // Two clerks fix different scenarios at the same moment: exactly one wins, completely.
    const results = await Promise.allSettled(scenarios.map((s) => fixScenario(database, { year: 2026, scenarioId: s.id, announcedOn: '2025-12-19', actor: null })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'CONFLICT' } });
    const winner = scenarios[results.findIndex((r) => r.status === 'fulfilled')]!;
    expect(await count('allocations', 2026)).toBe(26);
    expect(await count('announcement_letters', 2026)).toBe(26);
    for (const a of winner.allocations) expect(await findAllocationCents(database.db, a.ags, 2026)).toBe(a.amountCents);
    const fixed = (await findScenarios(database.db, 2026)).filter((s) => s.fixedAt !== null);
    expect(fixed.map((s) => s.id)).toEqual([winner.id]);

    const zip = await buildLettersZip(database.db, 2026);
    expect(zip.fileName).toBe('mittelankuendigungen-2026.zip');
    expect(Buffer.from(zip.bytes.subarray(0, 2)).toString()).toBe('PK');
  });

  it('refuses fixing a year that already has real allocations, leaving everything unchanged', async () => {
    const allocations = (await findDistricts(database.db)).map((d) => ({ ags: d.ags, amountCents: 1_000_00 }));
    const id = await database.db.transaction((tx) => saveScenario(tx, { year: 2024, name: 'Spät', method: 'manuell', budgetCents: 26_000_00, allocations, actor: null }));
    const before = await count('allocations', 2024);
    await expect(fixScenario(database, { year: 2024, scenarioId: id, announcedOn: '2023-12-21', actor: null })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await count('allocations', 2024)).toBe(before);
    expect(await count('announcement_letters', 2024)).toBe(0);
    expect(await findAllocationCents(database.db, '06439', 2024)).toBe(787_100_00);
  });

  it('keeps demo data out of years the ministry created, also after fixing (restart with demo on)', async () => {
    const before2026 = await count('allocations', 2026);
    await applyDemoSetting(database, true);
    expect(await count('allocations', 2026)).toBe(before2026);
    expect(await count('agreements', 2026)).toBe(0);
    expect(await count('agreements', 2011)).toBe(0);
    expect(await count('agreements', 2025)).toBeGreaterThan(1);
    await applyDemoSetting(database, false);
  });
});
