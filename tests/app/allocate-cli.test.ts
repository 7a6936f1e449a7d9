import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/app/cli/main';
import type { AppDatabase } from '../../src/platform/db/client';
import { createTestDatabase } from '../support/test-database';

const fixture = readFileSync(new URL('../../src/modules/budget-years/allocation/fixtures/indicators-2026.csv', import.meta.url), 'utf8');
const errorFixture = new URL('../../src/modules/budget-years/allocation/fixtures/indicators-errors.csv', import.meta.url).pathname;
let dir: string;
/** One prepared test database for the whole file, handed to the CLI (no migrate and seed per call). */
let database: AppDatabase;
const env = { DATABASE_URL: 'memory://', AQB_DEMO: '0' };
const cli = { runtime: async () => ({ database, close: async () => {} }) };

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) }, get out() { return out; }, get err() { return err; } };
}

/** Writes a CSV variant of the good fixture and returns its path. */
function csvFile(name: string, edit: (lines: string[]) => string[]): string {
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, edit(fixture.trimEnd().split('\n')).join('\n'));
  return path;
}

async function counts(): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of ['budget_years', 'allocation_scenarios', 'allocation_scenario_amounts', 'allocations']) {
    const rows = (await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] };
    result[table] = Number(rows.rows[0]!.n);
  }
  return result;
}

async function allocate(args: string[]) {
  const c = capture();
  const code = await runCli(['allocate', '--year', '2026', ...args], c.io, env, cli);
  return { code, out: c.out, err: c.err };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aqb-allocate-'));
  database = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('aqb allocate', () => {
  it('prints 26 allocations as JSON that add up to the budget, for every accepted money notation', async () => {
    const key = csvFile('good', (lines) => lines);
    for (const budget of ['27700000', '27.700.000', '27.700.000,00']) {
      const result = await allocate(['--budget', budget, '--key', key, '--weights', 'sgb2_bedarfsgemeinschaften=0.6,jugendarbeitslose=0.4', '--floor', '300.000', '--round', '10', '--dry-run', '--json']);
      expect(result.code, result.err).toBe(0);
      const output = JSON.parse(result.out) as { year: number; budgetCents: number; allocations: { ags: string; name: string; amountCents: number }[]; sumCents: number };
      expect(output.year).toBe(2026);
      expect(output.budgetCents).toBe(27_700_000_00);
      expect(output.allocations).toHaveLength(26);
      expect(output.sumCents).toBe(output.budgetCents);
      expect(output.allocations.reduce((s, a) => s + a.amountCents, 0)).toBe(output.budgetCents);
      expect(output.allocations.every((a) => a.amountCents >= 300_000_00 && a.amountCents % 1000 === 0)).toBe(true);
      expect(output.allocations.find((a) => a.ags === '06439')?.name).toBe('Rheingau-Taunus-Kreis');
    }
  }, 120_000);

  const badCases: [string, () => string[], RegExp][] = [
    ['an unknown AGS', () => ['--key', csvFile('unknown', (l) => l.map((x) => x.replace(/^06636;/, '06699;')))], /Zeile 27: Unbekannter AGS 06699/],
    ['a missing district', () => ['--key', csvFile('missing', (l) => l.filter((x) => !x.startsWith('06611;')))], /Datei: Es fehlt eine Zeile für AGS 06611 \(Stadt Kassel\)/],
    ['a duplicate AGS', () => ['--key', csvFile('duplicate', (l) => [...l, l[1]!])], /Zeile 28: AGS 06411 .* kommt doppelt vor \(zuerst in Zeile 2\)/],
    ['a negative value', () => ['--key', csvFile('negative', (l) => l.map((x) => x.replace(/^06412;41230;/, '06412;-41230;')))], /Zeile 3: .*negativ/],
    ['a non-numeric value', () => ['--key', csvFile('text', (l) => l.map((x) => x.replace(/^06412;41230;/, '06412;viele;')))], /Zeile 3: .*„viele“ ist keine Zahl/],
    ['all weights zero', () => ['--key', csvFile('weights', (l) => l), '--weights', 'sgb2_bedarfsgemeinschaften=0,jugendarbeitslose=0'], /--weights: Alle Gewichte sind 0/],
    ['floors above the budget', () => ['--key', csvFile('floors', (l) => l), '--floor', '2.000.000'], /--floor: Die Mindestbeträge .* übersteigen das Budget/],
    ['an empty file', () => ['--key', csvFile('empty', () => [])], /Datei: Die Datei ist leer/],
    ['the error fixture', () => ['--key', errorFixture], /Zeile 7: AGS 06411 .* doppelt[\s\S]*Zeile 8: .*negativ[\s\S]*Zeile 9: .*keine Zahl/],
  ];
  for (const [name, args, message] of badCases) {
    it(`refuses ${name} with a German per-line error, exit code 1 and nothing saved`, async () => {
      const before = await counts();
      const result = await allocate(['--budget', '27.700.000', ...args()]);
      expect(result.code).toBe(1);
      expect(result.err).toContain('nichts wurde gespeichert');
      expect(result.err).toMatch(message);
      expect(result.out).toBe('');
      expect(await counts()).toEqual(before);
    }, 60_000);
  }

  it('refuses a bad budget and missing options with exit code 2', async () => {
    const result = await allocate(['--budget', '27,700,000', '--key', csvFile('good2', (l) => l)]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('--budget:');
    const missing = capture();
    expect(await runCli(['allocate', '--budget', '1'], missing.io, env, cli)).toBe(2);
    expect(missing.err).toContain('--year fehlt');
    expect(missing.err).toContain('--key fehlt');
  }, 60_000);

  it('stores the result as a scenario, creating 2026 as a copy of 2025', async () => {
    const before = await counts();
    const result = await allocate(['--budget', '27.700.000', '--key', csvFile('good3', (l) => l), '--name', 'CLI-Lauf']);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('Als Szenario „CLI-Lauf“ im AQB-Jahr 2026 gespeichert.');
    expect(await counts()).toEqual({ ...before, budget_years: before.budget_years! + 1, allocation_scenarios: before.allocation_scenarios! + 1, allocation_scenario_amounts: before.allocation_scenario_amounts! + 26 });
    const year = (await database.db.execute(sql.raw('select copied_from_year, landesbudget_cents from budget_years where year = 2026'))) as unknown as { rows: { copied_from_year: number; landesbudget_cents: number }[] };
    expect(year.rows[0]).toMatchObject({ copied_from_year: 2025 });
    expect(Number(year.rows[0]!.landesbudget_cents)).toBe(27_700_000_00);
    const template = (await database.db.execute(sql.raw('select count(*)::int as n from agreement_templates where year = 2026'))) as unknown as { rows: { n: number }[] };
    expect(template.rows[0]!.n).toBe(1);
    // The same name twice is refused, nothing added.
    const again = await allocate(['--budget', '27.700.000', '--key', csvFile('good4', (l) => l), '--name', 'CLI-Lauf']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('bereits ein Szenario „CLI-Lauf“');
  }, 120_000);
});
