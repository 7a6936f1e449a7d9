import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * `aqb bericht` while the embedded server holds the data directory (ADR 0024): the command is
 * forwarded over the CLI channel and the server answers it (a direct open would be refused).
 */

const PORT = 4715;
const TSX = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href;
const ENTRY = resolve('src/app/cli/entry.ts');
const root = mkdtempSync(join(tmpdir(), 'state-report-cli-server-'));
const dataDir = join(root, 'data', 'aqb');
const callerDir = mkdtempSync(join(tmpdir(), 'state-report-cli-caller-'));
const env = { ...process.env, DATABASE_URL: `file:${dataDir}`, LOG_LEVEL: 'warn', AQB_RENDER_WORKERS: '0' };
let server: ChildProcess | undefined;

function aqb(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', TSX, ENTRY, ...argv], { cwd: callerDir, env, encoding: 'utf8' }, (error, out, err) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err });
    });
  });
}

beforeAll(async () => {
  server = spawn(process.execPath, ['--import', 'tsx', 'src/app/server.ts'], { env: { ...env, PORT: String(PORT), AQB_DEMO: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  server.stdout!.on('data', (d) => (stdout += d));
  server.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise((done) => server!.on('exit', done));
  await new Promise<void>((done, fail) => {
    server!.stdout!.on('data', () => stdout.includes('läuft auf') && done());
    void exited.then(() => fail(new Error(`server exited: ${stderr}`)));
  });
}, 120_000);

afterAll(() => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
});

describe('aqb bericht through the running server', () => {
  it('is answered by the server: no report yet (exit 1, German message), bad options exit 2', async () => {
    const none = await aqb('bericht', '--year', '2025', '--format', 'pdf', '--out', 'bericht.pdf');
    expect(none.err).toContain('Einen Landesbericht 2025 gibt es noch nicht.');
    expect(none.code).toBe(1);
    const bad = await aqb('bericht', '--year', '2025', '--format', 'odt', '--out', 'bericht.odt');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--format: erlaubt sind pdf, docx und html.');
  });
});
