import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/app/cli/main';
import { setBaseInterestRate } from '../../src/modules/funding/service';
import type { AppDatabase } from '../../src/platform/db/client';
import { buildUser } from '../factories';
import { createTestDatabase } from '../support/test-database';

// The worked examples of src/modules/funding/interest.test.ts (arithmetic written out there),
// now through the command line with the Basiszinssätze read from a real database: one prepared
// test database for the file, handed to the CLI.
let database: AppDatabase;
const env = { DATABASE_URL: 'memory://', AQB_DEMO: '0' };
const cli = { runtime: async () => ({ database, close: async () => {} }) };

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) }, get out() { return out; }, get err() { return err; } };
}

async function zinsen(args: string[]) {
  const c = capture();
  const code = await runCli(['zinsen', ...args], c.io, env, cli);
  return { code, out: c.out, err: c.err };
}

async function json(args: string[]) {
  const result = await zinsen([...args, '--json']);
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.out) as { interestCents: number; periods: { from: string; to: string; days: number; ratePercent: string; interestCents: number }[] };
}

beforeAll(async () => {
  database = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await database?.close();
});

describe('aqb zinsen', () => {
  it('matches the worked examples to the cent (--json)', async () => {
    // Inside one half-year: 92 days at 8,62 %, 1/366 → 26 750,30 ct → 267,50 €.
    expect(await json(['--betrag', '12.345,67', '--von', '2024-03-15', '--bis', '2024-06-15'])).toEqual({
      interestCents: 26_750,
      periods: [{ from: '2024-03-16', to: '2024-06-15', days: 92, ratePercent: '8.62', interestCents: 26_750 }],
    });
    // Across 1 July (issue 13): 107 days at 8,62 % + 93 days at 8,37 % → 573,69 €.
    expect(await json(['--betrag', '12.345,67', '--von', '2024-03-15', '--bis', '2024-10-01'])).toEqual({
      interestCents: 57_369,
      periods: [
        { from: '2024-03-16', to: '2024-06-30', days: 107, ratePercent: '8.62', interestCents: 31_112 },
        { from: '2024-07-01', to: '2024-10-01', days: 93, ratePercent: '8.37', interestCents: 26_257 },
      ],
    });
    // Across the leap day and the change of year length: 16 days at 8,12 %, 1/365 + 70 days at 8,62 %, 1/366 → 247,48 €.
    expect(await json(['--betrag', '12345,67', '--von', '15.12.2023', '--bis', '10.3.2024'])).toEqual({
      interestCents: 24_748,
      periods: [
        { from: '2023-12-16', to: '2023-12-31', days: 16, ratePercent: '8.12', interestCents: 4_394 },
        { from: '2024-01-01', to: '2024-03-10', days: 70, ratePercent: '8.62', interestCents: 20_354 },
      ],
    });
    // 29 February counts: 14 days → 40,71 €.
    expect((await json(['--betrag', '12.345,67', '--von', '2024-02-20', '--bis', '2024-03-05'])).interestCents).toBe(4_071);
    // Three rates, two year lengths → 661,26 €.
    expect((await json(['--betrag', '12.345,67 €', '--von', '2024-12-01', '--bis', '2025-08-31'])).interestCents).toBe(66_126);
  }, 60_000);

  it('prints a German table with one line per period and the total', async () => {
    const r = await zinsen(['--betrag', '12.345,67', '--von', '2024-03-15', '--bis', '2024-10-01']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Zinsen nach § 49a HVwVfG: 5 Prozentpunkte über dem Basiszinssatz (§ 247 BGB), taggenau');
    expect(lines[1]).toBe('Betrag 12.345,67 €, Zinsbeginn 15.03.2024 (nicht mitgezählt), Zinsende 01.10.2024: 200 Zinstage');
    expect(lines.filter((l) => /^\d\d\.\d\d\.\d{4} – /.test(l)).map((l) => l.split(/\s{2,}/))).toEqual([
      ['16.03.2024 – 30.06.2024', '107', '8,62 %', '1/366', '311,12 €'],
      ['01.07.2024 – 01.10.2024', '93', '8,37 %', '1/366', '262,57 €'],
    ]);
    expect(lines.find((l) => l.startsWith('Summe'))!.split(/\s{2,}/)).toEqual(['Summe', '200', '573,69 €']);
  });

  it('reads the rates from the database: a missing half-year is an error until an administrator adds it', async () => {
    const before = await zinsen(['--betrag', '1.000', '--von', '2025-12-01', '--bis', '2026-01-31']);
    expect(before.code).toBe(1);
    expect(before.out).toBe('');
    expect(before.err).toContain('Für die Zeit ab 1.1.2026 ist kein Basiszinssatz hinterlegt. Zinsen werden nicht geschätzt');
    const admin = await buildUser(database, 'admin');
    await database.db.transaction((tx) => setBaseInterestRate(tx, { userId: admin.id, role: 'admin' }, { validFrom: '2026-01-01', ratePercent: '1,27', expectedVersion: null }));
    // 61 days at 6,27 %, 1/365: 100 000 × 0,0627 × 61 / 365 = 1 047,86 ct → 10,48 €.
    expect(await json(['--betrag', '1.000', '--von', '2025-12-01', '--bis', '2026-01-31'])).toEqual({
      interestCents: 1_048,
      periods: [{ from: '2025-12-02', to: '2026-01-31', days: 61, ratePercent: '6.27', interestCents: 1_048 }],
    });
  }, 60_000);

  it('refuses bad input with a German message on stderr (exit 1) and wrong usage with exit 2', async () => {
    const amount = await zinsen(['--betrag', '12,345,67', '--von', '2024-03-15', '--bis', '2024-10-01']);
    expect(amount).toMatchObject({ code: 1, out: '' });
    expect(amount.err).toContain('--betrag: Der Betrag enthält mehrere Kommas');
    const dates = await zinsen(['--betrag', '100', '--von', '2024-02-30', '--bis', 'morgen']);
    expect(dates.code).toBe(1);
    expect(dates.err).toContain('--von: „2024-02-30“ ist kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ).');
    expect(dates.err).toContain('--bis: „morgen“ ist kein gültiges Datum');
    const order = await zinsen(['--betrag', '100', '--von', '2024-10-01', '--bis', '2024-03-15']);
    expect(order.code).toBe(1);
    expect(order.err).toContain('Das Ende des Zinszeitraums (15.3.2024) liegt vor seinem Beginn (1.10.2024).');
    const missing = await zinsen(['--betrag', '100', '--von', '2024-10-01']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--bis fehlt.');
    expect(missing.err).toContain('Aufruf: aqb zinsen --betrag BETRAG --von DATUM --bis DATUM [--json]');
    expect((await zinsen(['--betrag', '100', '--von', '2024-10-01', '--bis', '2024-11-01', '--satz', '5'])).code).toBe(2);
    const help = capture();
    expect(await runCli(['--help'], help.io, env, cli)).toBe(0);
    expect(help.out).toContain('aqb zinsen --betrag BETRAG --von DATUM --bis DATUM [--json]');
  });
});
