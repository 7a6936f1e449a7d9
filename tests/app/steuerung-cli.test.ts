import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/app/cli/main';
import type { AppDatabase } from '../../src/platform/db/client';
import { buildIssuedBescheid, buildProject, OWN_AGS, setAllocation } from '../factories';
import { createTestDatabase } from '../support/test-database';

let database: AppDatabase;
const env = { DATABASE_URL: 'memory://', AQB_DEMO: '0' };
const cli = { runtime: async () => ({ database, close: async () => {} }) };

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['steuerung', 'export', ...args], { out: (t) => void (out += t), err: (t) => void (err += t) }, env, cli as never);
  return { code, out, err };
}

beforeAll(async () => {
  database = await createTestDatabase();
  await setAllocation(database, 2025, OWN_AGS, 500_000_00);
  const project = await buildProject(database, { year: 2025, key: 'CLI1', plannedPlaces: 15 });
  await buildIssuedBescheid(database, { year: 2025, lines: [{ projectId: project.id, approvedCents: 123_456_78 }] });
}, 120_000);
afterAll(async () => {
  await database?.close();
});

describe('aqb steuerung export', () => {
  it('prints the monitoring CSV with 26 districts and the Land row, writes XLSX, refuses bad options', async () => {
    const csv = await run(['--year', '2025']);
    expect(csv.code).toBe(0);
    const lines = csv.out.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('AGS;Gebietskörperschaft;Zuweisung (EUR);Bewilligt (EUR);Abgerufen (EUR);Ausgezahlt (EUR);Verwendet (EUR);Plätze geplant;Plätze belegt;Verbleibe bisher');
    expect(lines).toHaveLength(28);
    expect(lines.find((l) => l.startsWith(OWN_AGS))).toBe(`${OWN_AGS};Rheingau-Taunus-Kreis;500.000,00;123.456,78;0,00;0,00;0,00;15;0;0`);
    expect(lines.at(-1)).toMatch(/^;Land Hessen;.*;123\.456,78;0,00;0,00;0,00;15;0;0$/);
    const dir = mkdtempSync(join(tmpdir(), 'steuerung-cli-'));
    const xlsx = await run(['--year', '2025', '--format', 'xlsx', '--out', join(dir, 'm.xlsx')]);
    expect(xlsx.code).toBe(0);
    expect(xlsx.err).toContain('Monitoring 2025 geschrieben');
    expect(readFileSync(join(dir, 'm.xlsx')).subarray(0, 2).toString()).toBe('PK');
    expect((await run(['--year', '25'])).code).toBe(2);
    expect((await run(['--year', '2025', '--format', 'pdf'])).code).toBe(2);
    expect((await run(['--year', '2025', '--format', 'xlsx'])).code).toBe(2);
    expect((await run(['--year', '2099'])).code).toBe(1);
  });
});
