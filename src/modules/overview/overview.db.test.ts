import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../tests/support/test-database';
import { applyDemoSetting, seedMasterData } from '../../app/setup-database';
import type { AppDatabase } from '../../platform/db/client';
import { countDistricts, findDistricts } from '../districts/service';
import { getLandesuebersicht } from './service';

let database: AppDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('Landesübersicht', () => {
  it('lists the 26 districts for 2024 and 2025 with the two real allocations', async () => {
    const years = await getLandesuebersicht(database.db);
    expect(years.map((y) => y.year)).toEqual([2024, 2025]);
    for (const year of years) expect(year.rows).toHaveLength(26);
    const rtk = years[0]!.rows.find((r) => r.ags === '06439')!;
    expect(rtk).toMatchObject({ name: 'Rheingau-Taunus-Kreis', regierungsbezirk: 'Darmstadt', allocationCents: 78_710_000, status: 'veroeffentlicht', isDemo: false });
    const lw = years[1]!.rows.find((r) => r.ags === '06533')!;
    expect(lw).toMatchObject({ name: 'Landkreis Limburg-Weilburg', allocationCents: 89_521_000, agreedCents: 89_521_000, status: 'veroeffentlicht' });
    // Without demo data only the real allocation counts.
    expect(years[0]!.allocatedSumCents).toBe(78_710_000);
    expect(years[0]!.hasDemo).toBe(false);
  });

  it('loads demo data flagged as such, summing to a realistic budget, and removes it again', async () => {
    await applyDemoSetting(database, true);
    let years = await getLandesuebersicht(database.db);
    const y2024 = years[0]!;
    expect(y2024.hasDemo).toBe(true);
    expect(y2024.rows.filter((r) => r.isDemo)).toHaveLength(25);
    expect(y2024.rows.find((r) => r.ags === '06439')!.isDemo).toBe(false);
    expect(y2024.allocatedSumCents).toBe(27_700_000_00);
    expect(y2024.rows.every((r) => r.allocationCents !== null && r.allocationCents > 0)).toBe(true);
    // Seeding demo twice changes nothing.
    await applyDemoSetting(database, true);
    expect((await getLandesuebersicht(database.db))[0]!.allocatedSumCents).toBe(27_700_000_00);

    await applyDemoSetting(database, false);
    years = await getLandesuebersicht(database.db);
    expect(years.every((y) => !y.hasDemo)).toBe(true);
    expect(years[0]!.rows.find((r) => r.ags === '06439')!.allocationCents).toBe(78_710_000);
  });

  it('seeds master data idempotently and keeps an administrator’s corrections', async () => {
    const { districts } = await import('../districts/tables');
    const { eq } = await import('drizzle-orm');
    await database.db.update(districts).set({ seat: 'Limburg a. d. Lahn (korrigiert)' }).where(eq(districts.ags, '06533'));
    await seedMasterData(database);
    await seedMasterData(database);
    expect(await countDistricts(database.db)).toBe(26);
    const lw = (await findDistricts(database.db)).find((d) => d.ags === '06533')!;
    expect(lw.seat).toBe('Limburg a. d. Lahn (korrigiert)');
    const years = await getLandesuebersicht(database.db);
    expect(years[0]!.rows.filter((r) => r.status !== null)).toHaveLength(1);
  });
});
