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
  const code = await runCli(['foerderung', 'export', ...args], { out: (t) => void (out += t), err: (t) => void (err += t) }, env, cli as never);
  return { code, out, err };
}

beforeAll(async () => {
  database = await createTestDatabase();
  await setAllocation(database, 2025, OWN_AGS, 500_000_00);
  const project = await buildProject(database, { year: 2025, key: 'CLI1' });
  await buildIssuedBescheid(database, { year: 2025, lines: [{ projectId: project.id, approvedCents: 123_456_78 }] });
}, 120_000);
afterAll(async () => {
  await database?.close();
});

describe('aqb foerderung export', () => {
  it('prints the CSV with 26 districts and the Land sum, writes XLSX, refuses bad options', async () => {
    const csv = await run(['--year', '2025']);
    expect(csv.code).toBe(0);
    const lines = csv.out.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('AGS;Gebietskörperschaft;Zugewiesen (EUR);Beantragt (EUR);Bewilligt (EUR);Ausgezahlt (EUR);Verwendet (EUR);Zurückgefordert (EUR)');
    expect(lines).toHaveLength(28);
    expect(lines.find((l) => l.startsWith(OWN_AGS))).toContain(';123.456,78;');
    expect(lines.at(-1)).toMatch(/^;Land Hessen;.*;123\.456,78;0,00;0,00;0,00$/);
    const dir = mkdtempSync(join(tmpdir(), 'payments-cli-'));
    const xlsx = await run(['--year', '2025', '--format', 'xlsx', '--out', join(dir, 'f.xlsx')]);
    expect(xlsx.code).toBe(0);
    expect(readFileSync(join(dir, 'f.xlsx')).subarray(0, 2).toString()).toBe('PK');
    expect((await run(['--year', '25'])).code).toBe(2);
    expect((await run(['--year', '2025', '--format', 'pdf'])).code).toBe(2);
    expect((await run(['--year', '2099'])).code).toBe(1);
  });
});
