import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import { applyDemoSetting } from '../../app/setup-database';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { validateParticipantUpload } from './upload';
import { demoParticipantRecords } from './use-cases/seed-demo';
import { PARTICIPANT_COLUMNS } from './records-schema';

/** Demo participants (issue 14, part 2): the statistics pages are not empty after a fresh demo start. */

let database: AppDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function one<T>(query: ReturnType<typeof sql>): Promise<T> {
  return ((await database.db.execute(query)) as unknown as { rows: T[] }).rows[0]!;
}

describe('demo participant records', () => {
  it('are valid upload rows: the generator passes the upload validation for its Laufzeit', async () => {
    const rows = demoParticipantRecords({ id: 17, year: 2025, startsOn: null, endsOn: null });
    const csv = [PARTICIPANT_COLUMNS.join(';'), ...rows.map((r) => [r.kennung, r.entryDate, r.exitDate ?? '', r.gender, r.birthYear, r.legalSphere, r.employmentStatus, r.isced, r.disability, r.migrationBackground, r.partTimeTraining, r.outcome ?? ''].join(';'))].join('\n');
    const result = await validateParticipantUpload(new TextEncoder().encode(csv), { start: '2025-01-01', end: '2025-12-31' });
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('are seeded for the demo projects with their aggregates, shown on the portal, idempotent, and removed with the demo', async () => {
    const started = performance.now();
    await applyDemoSetting(database, true);
    const seedMs = performance.now() - started;
    const seeded = await one<{ records: number; demo: number }>(sql`
      select count(*)::int as records, count(*) filter (where r.kennung like 'DEMO-%' and p.is_demo)::int as demo
      from participant_records r join projects p on p.id = r.project_id`);
    expect(seeded.records).toBeGreaterThan(1000);
    expect(seeded.demo).toBe(seeded.records);
    // The stored district sums equal a count of the records (one table as the check).
    const district = await one<{ n: number }>(sql`select coalesce(sum(count), 0)::int as n from participant_district_counts where year = 2025 and table_key = 'rechtskreis-geschlecht'`);
    const direct = await one<{ n: number }>(sql`select count(*)::int as n from participant_records r join projects p on p.id = r.project_id where p.year = 2025`);
    expect(district.n).toBe(direct.n);
    const page = await (await createApp({ database }).request('/portal/teilnehmende/2025')).text();
    expect(page).toContain('Demodaten');
    expect(page).toContain(`${direct.n.toLocaleString('de-DE')}`);
    // The demo year's whole published set (Land and 26 districts): nothing in 1..k−1, Land totals shown.
    const { publicParticipantYear } = await import('./statistics-query');
    const year = await publicParticipantYear(database.db, 2025);
    for (const set of [year.land, ...year.districts.values()]) {
      for (const { table, k } of set) expect([...table.cells.flat(), ...table.rowTotals, ...table.columnTotals, table.total].filter((v) => v !== null && v > 0 && v < k)).toEqual([]);
    }
    expect(year.land[0]!.table.total).toBe(direct.n);
    // A second start adds nothing.
    await applyDemoSetting(database, true);
    expect((await one<{ n: number }>(sql`select count(*)::int as n from participant_records`)).n).toBe(seeded.records);
    await applyDemoSetting(database, false);
    expect((await one<{ n: number }>(sql`select count(*)::int as n from participant_records`)).n).toBe(0);
    expect((await one<{ n: number }>(sql`select count(*)::int as n from participant_district_counts`)).n).toBe(0);
    console.log(`demo seeding with ${seeded.records} participant records: ${seedMs.toFixed(0)} ms`);
  });
});
