import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/app/cli/main';
import type { AppDatabase } from '../../src/platform/db/client';
import { deleteExpiredParticipantRecords, RETENTION_LOCK_KEY } from '../../src/modules/participants/service';
import { createTestDatabase, TEST_TARGET } from '../support/test-database';
import { buildProject, OWN_AGS, participantCsv, participantRow } from '../factories';

/** `aqb teilnehmende import` and `aqb teilnehmende statistik` on one database (PGlite and PostgreSQL). */

let database: AppDatabase;
let dir: string;
const file = (name: string) => join(dir, name);

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) }, get out() { return out; }, get err() { return err; } };
}
async function run(args: string[]) {
  const c = capture();
  const code = await runCli(args, c.io, { DATABASE_URL: 'memory://' }, { runtime: async () => ({ database, close: async () => {} }) });
  return { code, out: c.out, err: c.err };
}
async function records(): Promise<number> {
  const result = (await database.db.execute(sql`select count(*)::int as n from participant_records`)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}
async function chain(): Promise<number> {
  const result = (await database.db.execute(sql`select coalesce(max(sequence), 0)::int as n from audit_events`)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}

beforeAll(async () => {
  database = await createTestDatabase();
  await buildProject(database, { key: 'CLI', title: 'Projekt CLI' });
  dir = mkdtempSync(join(tmpdir(), 'aqb-teilnehmende-'));
  const bad = participantRow('TN-3');
  bad[4] = '1930';
  writeFileSync(file('fehler.csv'), participantCsv([participantRow('TN-1'), participantRow('TN-2'), bad]));
  const rows = [
    ...Array.from({ length: 7 }, (_, i) => participantRow(`W-${i}`, { gender: 'w', legalSphere: 'SGB II' })),
    ...Array.from({ length: 6 }, (_, i) => participantRow(`M-${i}`, { gender: 'm', legalSphere: 'SGB II' })),
    ...Array.from({ length: 5 }, (_, i) => participantRow(`X-${i}`, { gender: 'w', legalSphere: 'SGB III' })),
    participantRow('D-1', { gender: 'd', legalSphere: 'SGB III' }),
  ];
  writeFileSync(file('gueltig.csv'), participantCsv(rows));
});
afterAll(async () => {
  await database?.close();
});

describe('aqb teilnehmende import', () => {
  it('refuses a file with an error (exit 1, every error with its line, nothing saved, nothing audited)', async () => {
    const before = await chain();
    const result = await run(['teilnehmende', 'import', '--year', '2025', '--ags', OWN_AGS, '--projekt', 'CLI', file('fehler.csv')]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/Zeile 4, Spalte geburtsjahr: .*67/);
    expect(result.err).toContain('1 Fehler – es wurde nichts gespeichert.');
    expect(await records()).toBe(0);
    expect(await chain()).toBe(before);
    const json = await run(['teilnehmende', 'import', '--year', '2025', '--ags', OWN_AGS, '--projekt', 'CLI', file('fehler.csv'), '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, errors: [{ line: 4, field: 'geburtsjahr' }] });
  });

  it('saves a valid file, audited, and reports the difference as JSON', async () => {
    const before = await chain();
    const result = await run(['teilnehmende', 'import', '--year', '2025', '--ags', OWN_AGS, '--projekt', 'CLI', file('gueltig.csv'), '--json']);
    expect(result.code, result.err).toBe(0);
    const json = JSON.parse(result.out);
    expect(json).toMatchObject({ ok: true, records: 19, version: 1, changed: [], removed: [], unchanged: 0 });
    expect(json.added).toHaveLength(19);
    expect(await records()).toBe(19);
    expect(await chain()).toBe(before + 1);
    const again = await run(['teilnehmende', 'import', '--year', '2025', '--ags', OWN_AGS, '--projekt', 'CLI', file('gueltig.csv')]);
    expect(again.out).toContain('19 Teilnehmende für „Projekt CLI“ (06439, 2025) gespeichert: 0 neu, 0 geändert, 0 entfallen, 19 unverändert.');
  });

  it('answers wrong usage with exit 2 and unknown projects with exit 1', async () => {
    expect((await run(['teilnehmende', 'import', '--year', '25', '--ags', OWN_AGS, '--projekt', 'CLI', file('gueltig.csv')])).code).toBe(2);
    expect((await run(['teilnehmende', 'import', '--year', '2025', '--ags', OWN_AGS, '--projekt', 'CLI'])).code).toBe(2);
    const unknown = await run(['teilnehmende', 'import', '--year', '2025', '--ags', OWN_AGS, '--projekt', 'Gibtsnicht', file('gueltig.csv')]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('Ein Projekt „Gibtsnicht“ gibt es');
  });
});

describe('aqb teilnehmende statistik', () => {
  type Table = { name: string; rows: string[]; columns: string[]; cells: (number | null)[][]; rowTotals: (number | null)[]; columnTotals: (number | null)[]; total: number | null };

  it('prints the counts in the JSON shape of the issue', async () => {
    const result = await run(['teilnehmende', 'statistik', '--year', '2025', '--ags', OWN_AGS, '--json']);
    expect(result.code, result.err).toBe(0);
    const { tables } = JSON.parse(result.out) as { tables: Table[] };
    const legal = tables.find((t) => t.name === 'Rechtskreis × Geschlecht')!;
    expect(Object.keys(legal)).toEqual(['name', 'rows', 'columns', 'cells', 'rowTotals', 'columnTotals', 'total']);
    expect(legal.columns).toEqual(['weiblich', 'männlich', 'divers', 'keine Angabe']);
    expect(legal.rows[0]).toBe('SGB II');
    expect(legal.cells[0]).toEqual([7, 6, 0, 0]);
    expect(legal.cells[1]).toEqual([5, 0, 1, 0]);
    expect(legal.total).toBe(19);
  });

  it('with --oeffentlich prints exactly what the portal publishes: the 1 withheld and one more cell to protect it', async () => {
    const result = await run(['teilnehmende', 'statistik', '--year', '2025', '--ags', OWN_AGS, '--oeffentlich', '--json']);
    const { tables } = JSON.parse(result.out) as { tables: Table[] };
    const legal = tables.find((t) => t.name === 'Rechtskreis × Geschlecht')!;
    expect(legal.cells[1]![2]).toBeNull();
    // The divers column total (1) is withheld too, and in row SGB III one more cell, so 1 cannot be recovered.
    expect(legal.columnTotals[2]).toBeNull();
    expect(legal.cells[1]!.filter((v) => v === null).length + (legal.rowTotals[1] === null ? 1 : 0)).toBeGreaterThanOrEqual(2);
    for (const table of tables) for (const v of [...table.cells.flat(), ...table.rowTotals, ...table.columnTotals, table.total]) expect(v === null || v === 0 || v >= 3).toBe(true);
    const { publicParticipantTables } = await import('../../src/modules/participants/service');
    const portal = (await publicParticipantTables(database.db, { year: 2025, ags: OWN_AGS })).map(({ table }) => ({ ...table }));
    expect(tables).toEqual(portal);
    const text = await run(['teilnehmende', 'statistik', '--year', '2025', '--oeffentlich']);
    expect(text.out).toContain('•');
    expect(text.out).toContain('Rechtskreis × Geschlecht');
  });

  it('refuses an unknown year (exit 1) and a bad AGS (exit 2)', async () => {
    expect((await run(['teilnehmende', 'statistik', '--year', '1999'])).code).toBe(1);
    expect((await run(['teilnehmende', 'statistik', '--year', '2025', '--ags', '123'])).code).toBe(2);
  });
});

describe('aqb teilnehmende aufbewahrung', () => {
  it('deletes the records at the end of the fifth year after the project end, audited, and the statistics stay as they were', async () => {
    await database.db.execute(sql`insert into budget_years (year) values (2019) on conflict do nothing`);
    await buildProject(database, { year: 2019, key: 'Alt', title: 'Altes Projekt', end: '2019-12-31' });
    writeFileSync(file('alt.csv'), participantCsv([participantRow('A-1', { year: 2019 }), participantRow('A-2', { year: 2019, left: true }), participantRow('A-3', { year: 2019, gender: 'm' })]));
    expect((await run(['teilnehmende', 'import', '--year', '2019', '--ags', OWN_AGS, '--projekt', 'Alt', file('alt.csv')])).code).toBe(0);
    const before = (await run(['teilnehmende', 'statistik', '--year', '2019', '--json'])).out;
    const recordsBefore = await records();

    // A validated upload nobody confirmed for two days goes with the next run, audited.
    await database.db.execute(sql`insert into participant_uploads (id, project_id, base_version, file_name, row_count, rows, created_at)
      select '11111111-1111-4111-8111-111111111111', id, 1, 'liegengeblieben.csv', 0, '[]'::jsonb, now() - interval '2 days' from projects where key = 'Alt'`);
    const early = await run(['teilnehmende', 'aufbewahrung', '--stichtag', '2024-12-31', '--json']);
    expect(JSON.parse(early.out).deleted).toEqual([]);
    const stale = (await database.db.execute(sql`select count(*)::int as n from participant_uploads`)) as unknown as { rows: { n: number }[] };
    expect(Number(stale.rows[0]!.n)).toBe(0);
    const expired = (await database.db.execute(sql`select count(*)::int as n from audit_events where action = 'participants.upload.expire'`)) as unknown as { rows: { n: number }[] };
    expect(Number(expired.rows[0]!.n)).toBe(1);
    expect(await records()).toBe(recordsBefore);

    const chainBefore = await chain();
    const due = await run(['teilnehmende', 'aufbewahrung', '--stichtag', '2025-01-01', '--json']);
    expect(due.code, due.err).toBe(0);
    expect(JSON.parse(due.out)).toMatchObject({ retentionYears: 5, deleted: [{ year: 2019, ags: OWN_AGS, key: 'Alt', endedOn: '2019-12-31', records: 3 }] });
    expect(await records()).toBe(recordsBefore - 3);
    expect(await chain()).toBe(chainBefore + 1);
    // The aggregates remain: the same tables as before the deletion.
    expect((await run(['teilnehmende', 'statistik', '--year', '2019', '--json'])).out).toBe(before);
    // Nothing left to delete: no event.
    expect(JSON.parse((await run(['teilnehmende', 'aufbewahrung', '--stichtag', '2025-01-01', '--json'])).out).deleted).toEqual([]);
    expect(await chain()).toBe(chainBefore + 1);
    // The period is configurable.
    const c = capture();
    expect(await runCli(['teilnehmende', 'aufbewahrung', '--stichtag', '2026-06-01'], c.io, { DATABASE_URL: 'memory://', AQB_TEILNEHMENDE_AUFBEWAHRUNG_JAHRE: '0' }, { runtime: async () => ({ database, close: async () => {} }) })).toBe(1);
    expect(c.err).toContain('AQB_TEILNEHMENDE_AUFBEWAHRUNG_JAHRE');
  });
});


describe('retention in one process at a time (advisory lock)', () => {
  async function auditCount(): Promise<number> {
    const result = (await database.db.execute(sql`select count(*)::int as n from audit_events where action = 'participants.retention.delete'`)) as unknown as { rows: { n: number }[] };
    return Number(result.rows[0]!.n);
  }
  async function prepare(year: number, key: string): Promise<void> {
    await database.db.execute(sql`insert into budget_years (year) values (${year}) on conflict do nothing`);
    await buildProject(database, { year, key, title: `Projekt ${key}`, end: `${year}-12-31` });
    writeFileSync(file(`${key}.csv`), participantCsv([participantRow(`${key}-1`, { year }), participantRow(`${key}-2`, { year })]));
    expect((await run(['teilnehmende', 'import', '--year', String(year), '--ags', OWN_AGS, '--projekt', key, file(`${key}.csv`)])).code).toBe(0);
  }

  it.runIf(TEST_TARGET === 'postgres')('skips while another process holds the lock and deletes nothing', async () => {
    await prepare(2017, 'Gesperrt');
    const recordsBefore = await records();
    const eventsBefore = await auditCount();
    let release!: () => void;
    let locked!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const other = database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${RETENTION_LOCK_KEY})`);
      locked();
      await held;
    });
    await isLocked;
    expect(await deleteExpiredParticipantRecords(database, { today: '2025-01-01' })).toEqual([]);
    release();
    await other;
    expect(await records()).toBe(recordsBefore);
    expect(await auditCount()).toBe(eventsBefore);
    // Once the lock is free, the next run deletes.
    expect((await deleteExpiredParticipantRecords(database, { today: '2025-01-01' })).map((d) => d.key)).toEqual(['Gesperrt']);
  });

  it('two concurrent runs: one deletes, the other skips or finds nothing; nothing deleted twice, one audit event', async () => {
    await prepare(2016, 'Zweimal');
    const recordsBefore = await records();
    const eventsBefore = await auditCount();
    const [a, b] = await Promise.all([deleteExpiredParticipantRecords(database, { today: '2025-01-01' }), deleteExpiredParticipantRecords(database, { today: '2025-01-01' })]);
    expect([...a, ...b].map((d) => [d.key, d.records])).toEqual([['Zweimal', 2]]);
    expect(await records()).toBe(recordsBefore - 2);
    expect(await auditCount()).toBe(eventsBefore + 1);
  });
});
