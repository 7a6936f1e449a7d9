import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/app/cli/main';
import { createStateReport, releaseStateReport, saveStateReportDraft } from '../../src/modules/state-report/service';
import type { AppDatabase } from '../../src/platform/db/client';
import { buildIssuedBescheid, buildProject, buildUser, setAllocation } from '../factories';
import { createTestDatabase } from '../support/test-database';

let database: AppDatabase;
const env = { DATABASE_URL: 'memory://', AQB_DEMO: '0' };
const cli = { runtime: async () => ({ database, close: async () => {} }) };
const dir = mkdtempSync(join(tmpdir(), 'bericht-cli-'));

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['bericht', ...args], { out: (t) => void (out += t), err: (t) => void (err += t) }, env, cli as never);
  return { code, out, err };
}

beforeAll(async () => {
  database = await createTestDatabase();
  await setAllocation(database, 2025, '06439', 500_000_00);
  const project = await buildProject(database, { year: 2025, key: 'CLI1' });
  await buildIssuedBescheid(database, { year: 2025, lines: [{ projectId: project.id, approvedCents: 123_456_78 }] });
}, 120_000);
afterAll(async () => {
  await database?.close();
});

describe('aqb bericht', () => {
  it('refuses bad options and a missing report; writes the draft marked "Entwurf", then the released version', async () => {
    expect((await run(['--year', '25', '--out', join(dir, 'x.pdf')])).code).toBe(2);
    expect((await run(['--year', '2025', '--format', 'odt', '--out', join(dir, 'x.odt')])).code).toBe(2);
    expect((await run(['--year', '2025'])).code).toBe(2);
    expect((await run(['--year', '2099', '--out', join(dir, 'x.pdf')])).code).toBe(1);
    const none = await run(['--year', '2025', '--out', join(dir, 'x.pdf')]);
    expect(none.code).toBe(1);
    expect(none.err).toContain('gibt es noch nicht');

    const actor = { userId: (await buildUser(database, 'hmsi')).id, role: 'hmsi' as const };
    const created = await database.db.transaction((tx) => createStateReport(tx, actor, 2025));
    const saved = await database.db.transaction((tx) => saveStateReportDraft(tx, actor, 2025, { version: created.version, foreword: 'Vorwort aus der Kommandozeile.', commentary: {} }));

    const draft = await run(['--year', '2025', '--format', 'html', '--out', join(dir, 'entwurf.html')]);
    expect(draft.code).toBe(0);
    expect(draft.err).toContain('Fassung 1 (Entwurf)');
    const html = readFileSync(join(dir, 'entwurf.html'), 'utf8');
    expect(html).toContain('Entwurf – nicht freigegeben.');
    expect(html).toMatch(/<td[^>]*>123\.456,78<\/td>/);

    await database.db.transaction((tx) => releaseStateReport(tx, actor, 2025, { version: saved.version }));
    const pdf = await run(['--year', '2025', '--format', 'pdf', '--out', join(dir, 'bericht.pdf')]);
    expect(pdf.code).toBe(0);
    expect(pdf.err).toContain('Fassung 1 (freigegeben)');
    const text = execFileSync('pdftotext', [join(dir, 'bericht.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Vorwort aus der Kommandozeile.');
    expect(text).not.toContain('Entwurf – nicht freigegeben.');
    const docx = await run(['--year', '2025', '--format', 'docx', '--out', join(dir, 'bericht.docx')]);
    expect(docx.code).toBe(0);
    expect(readFileSync(join(dir, 'bericht.docx')).subarray(0, 2).toString()).toBe('PK');
  });
});
