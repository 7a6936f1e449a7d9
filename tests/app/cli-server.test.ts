import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/app/cli/main';
import { cliSocketPathFor } from '../../src/app/cli/channel';
import { openRuntime } from '../../src/app/runtime';
import { auditEvents } from '../../src/platform/audit/tables';
import { loadConfig } from '../../src/platform/env';
import { freshDatabase } from '../support/cli';

/*
 * Issue 17: on the embedded database `aqb` talks to the running server instead of refusing. The
 * real server process on a temporary data directory, the real CLI as a process of its own (in
 * another working directory, so relative file names must resolve against the caller's).
 */

const PORT = 4401;
const TSX = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href;
const ENTRY = resolve('src/app/cli/entry.ts');
const root = mkdtempSync(join(tmpdir(), 'ops-cli-server-'));
const dataDir = join(root, 'data', 'aqb');
const callerDir = mkdtempSync(join(tmpdir(), 'ops-cli-caller-'));
const env = { ...process.env, DATABASE_URL: `file:${dataDir}`, LOG_LEVEL: 'warn', AQB_RENDER_WORKERS: '0' };
let server: ChildProcess | undefined;
let serverExited: Promise<number> | undefined;

function aqb(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', TSX, ENTRY, ...argv], { cwd: callerDir, env, encoding: 'utf8' }, (error, out, err) => {
      done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out, err });
    });
  });
}

/** The same command on a fresh database in this process: what a direct run prints. */
async function direct(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) }, { DATABASE_URL: 'memory://' }, freshDatabase);
  return { code, out, err };
}

beforeAll(async () => {
  server = spawn(process.execPath, ['--import', 'tsx', 'src/app/server.ts'], { env: { ...env, PORT: String(PORT), AQB_DEMO: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  server.stdout!.on('data', (d) => (stdout += d));
  server.stderr!.on('data', (d) => (stderr += d));
  serverExited = new Promise((done) => server!.on('exit', (code) => done(code ?? -1)));
  await new Promise<void>((done, fail) => {
    server!.stdout!.on('data', () => stdout.includes('läuft auf') && done());
    void serverExited!.then(() => fail(new Error(`server exited: ${stderr}`)));
  });
});

afterAll(() => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
});

describe('aqb while the embedded server runs', () => {
  it('opens a private socket next to the data directory: directory 0700, socket 0600', () => {
    const socket = cliSocketPathFor(dataDir);
    expect(statSync(socket).isSocket()).toBe(true);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    expect(statSync(join(socket, '..')).mode & 0o777).toBe(0o700);
  });

  it('verifies the audit chain through the server: same output and exit code 0', async () => {
    const run = await aqb('audit', 'verify');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^Audit-Kette intakt: \d+ Ereignisse \(letzter Hash [0-9a-f]{64}\)\n$/);
  });

  it('creates an account through the server; bad input gives the same German messages and exit code 2 as a direct run', async () => {
    const created = await aqb('user', 'create', '--role', 'hmsi', '--name', 'Paula Probe', '--email', 'paula.probe@example.org');
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toContain('Konto angelegt: Paula Probe <paula.probe@example.org>, HMSI');
    expect(created.out).toMatch(/Einmalpasswort: \S+/);

    const again = await aqb('user', 'create', '--role', 'hmsi', '--name', 'Paula Probe', '--email', 'paula.probe@example.org');
    expect(again.code).toBe(2);
    expect(again.err).toContain('--email: Für diese E-Mail-Adresse gibt es bereits ein Konto.');

    const bad = ['user', 'create', '--role', 'chef', '--name', '', '--email', 'keine-adresse'];
    const viaServer = await aqb(...bad);
    const directly = await direct(...bad);
    expect(directly.code).toBe(2);
    expect(viaServer).toEqual(directly);

    const unknownOption = await aqb('user', 'create', '--rolle', 'hmsi');
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.err).toContain('Ungültige Option');

    const list = await aqb('user', 'list');
    expect(list.code).toBe(0);
    expect(list.out).toContain('paula.probe@example.org');
  });

  it('backs up through the server into the caller’s working directory (file 0600)', async () => {
    const run = await aqb('backup', '--out', 'laufend.aqb');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^Sicherung geschrieben: laufend\.aqb \(/);
    const file = join(callerDir, 'laufend.aqb');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(resolve('laufend.aqb'))).toBe(false);
  });

  it('still refuses a direct open (restore, migrate) with the German message, and the server keeps running', async () => {
    const restore = await aqb('restore', join(callerDir, 'laufend.aqb'));
    expect(restore.code).toBe(1);
    expect(restore.err).toContain('wird bereits von einem anderen Prozess verwendet');
    expect(restore.err).toContain('Beenden Sie den Server vor der Wiederherstellung.');

    const migrate = await aqb('db', 'migrate');
    expect(migrate.code).toBe(1);
    expect(migrate.err).toContain('wird bereits von einem anderen Prozess verwendet');

    await expect(openRuntime(loadConfig({ DATABASE_URL: `file:${dataDir}` }))).rejects.toMatchObject({ code: 'DATABASE_LOCKED' });
    expect((await fetch(`http://127.0.0.1:${PORT}/`)).status).toBe(200);
  });

  it('after the server stops: the socket is gone, the CLI opens the directory itself, the changes are audited as cli:<os-user>', async () => {
    server!.kill('SIGTERM');
    expect(await serverExited).toBe(0);
    expect(existsSync(cliSocketPathFor(dataDir))).toBe(false);

    const run = await aqb('audit', 'verify');
    expect(run.code).toBe(0);
    expect(run.out).toContain('Audit-Kette intakt');

    const runtime = await openRuntime(loadConfig({ DATABASE_URL: `file:${dataDir}` }));
    try {
      const via = `cli:${userInfo().username}`;
      const created = await runtime.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'user.create'));
      expect(created.map((e) => (e.after as { email?: string; via?: string }) ?? {})).toEqual([expect.objectContaining({ email: 'paula.probe@example.org', via })]);
      const backups = await runtime.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'system.backup'));
      expect(backups.map((e) => (e.after as { via?: string }).via)).toEqual([via]);
    } finally {
      await runtime.close();
    }
  });
});
