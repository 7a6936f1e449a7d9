import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../../src/modules/access/testing/http-client';
import { generateTotpCode } from '../../src/modules/access/totp';
import { codeMigrationLevel } from '../../src/platform/backup/backup';
import { type AppDatabase, openPostgres } from '../../src/platform/db/client';
import { buildUser } from '../factories';
import { adminUrl, databaseUrl } from '../support/postgres-urls';
import { TEST_TARGET } from '../support/test-database';

/*
 * Several app processes on one PostgreSQL database (issue 17): two servers start together on a
 * new database (migrations and seeding happen once, under advisory locks), a change published
 * through one process is on the other's cached portal page within a second (LISTEN/NOTIFY — the
 * stamp fallback waits 10 s there), and a bounded load across both ends without an error.
 * The embedded database's refusal of a second process is tested in process.test.ts.
 */

const PORTS = [4331, 4332];
const METRICS_TOKEN = 'zwei-prozesse-metrics-token-0123456789';
const children: ChildProcess[] = [];
let name: string;
let url: string;
let db: AppDatabase;

function start(port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/server.ts'], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), AQB_DEMO: '0', LOG_LEVEL: 'warn', AQB_RENDER_WORKERS: '0', METRICS_TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number>((done) => child.on('exit', (code) => done(code ?? -1)));
  const ready = new Promise<void>((done, fail) => {
    child.stdout!.on('data', () => stdout.includes('läuft auf') && done());
    void exited.then(() => fail(new Error(`exited: ${stderr}`)));
  });
  return { child, exited, ready };
}

/** TestClient against a real server over loopback (never follows redirects, like the in-process one). */
function remote(port: number): TestClient {
  return new TestClient({ request: ((input: string, init?: RequestInit) => fetch(input, { ...init, redirect: 'manual' })) as never }, `http://127.0.0.1:${port}`);
}

describe.skipIf(TEST_TARGET !== 'postgres')('two app processes on one PostgreSQL database', () => {
  beforeAll(async () => {
    const base = process.env.TEST_DATABASE_URL as string;
    name = `aqb_ops_multi_${process.pid}_${randomBytes(3).toString('hex')}`;
    const admin = openPostgres(adminUrl(base), { max: 1 });
    await admin.db.execute(sql.raw(`CREATE DATABASE ${name} TEMPLATE template0`));
    await admin.close();
    url = databaseUrl(base, name);
    const servers = PORTS.map(start);
    await Promise.all(servers.map((s) => s.ready));
    db = openPostgres(url, { max: 2 });
  }, 180_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((r) => child.on('exit', r)) : undefined)));
    await db?.close();
    const admin = openPostgres(adminUrl(process.env.TEST_DATABASE_URL as string), { max: 1 });
    await admin.db.execute(sql.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    await admin.close();
  });

  it('migrated and seeded the new database once although both processes started together', async () => {
    const rows = async (query: string) => ((await db.db.execute(sql.raw(query))) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    expect(Number(await rows('select count(*)::int as n from drizzle.__drizzle_migrations'))).toBe(codeMigrationLevel().count);
    expect(Number(await rows(`select count(*)::int as n from audit_events where action = 'system.seed'`))).toBe(1);
    expect(Number(await rows('select count(*)::int as n from districts'))).toBe(26);
  });

  it('shows a page changed through one process on the other within a second', async () => {
    const other = `http://127.0.0.1:${PORTS[1]}/impressum`;
    const first = await fetch(other);
    expect(first.status).toBe(200);
    const before = await first.text();
    expect((await fetch(other)).headers.get('etag')).toBe(first.headers.get('etag'));

    const user = await buildUser(db, 'admin', { totp: true });
    const client = remote(PORTS[0]!);
    await client.post('/anmelden', { email: user.email, password: user.password });
    expect((await client.post('/anmelden/code', { code: await generateTotpCode(user.totpSecret!) })).status).toBe(303);
    const marker = `Neu-${randomBytes(4).toString('hex')}`;
    const saved = await client.post('/admin/seiten/impressum', { title: 'Impressum', body: `Hessisches Ministerium für Arbeit\n\n${marker}` });
    expect(saved.status).toBe(303);
    const publishedAt = performance.now();

    let seenAfter = Number.POSITIVE_INFINITY;
    while (performance.now() - publishedAt < 5000) {
      const html = await (await fetch(other)).text();
      if (html.includes(marker)) {
        seenAfter = performance.now() - publishedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(before).not.toContain(marker);
    console.info(`two processes: change through :${PORTS[0]} visible on :${PORTS[1]} after ${seenAfter.toFixed(0)} ms`);
    expect(seenAfter).toBeLessThan(1000);
    // It was the notification, not the stamp check (10 s apart while listening).
    const metrics = await (await fetch(`http://127.0.0.1:${PORTS[1]}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(Number(/^aqb_portal_change_notifications (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
  });

  it('serves a bounded load across both processes at once without an error', async () => {
    const run = promisify(execFile);
    const results = [];
    for (const path of ['/', '/portal', '/portal/zielvereinbarungen']) {
      // Both processes under load at the same time, 8 connections each, 3 s.
      const both = await Promise.all(
        PORTS.map(async (port) => {
          const { stdout } = await run(resolve('node_modules/.bin/autocannon'), ['-c', '8', '-d', '3', '-j', `http://127.0.0.1:${port}${path}`], { maxBuffer: 16 * 1024 * 1024 });
          const result = JSON.parse(stdout) as { requests: { total: number; average: number }; latency: { p99: number }; errors: number; timeouts: number; non2xx: number };
          return { port, path, ...result };
        }),
      );
      results.push(...both);
    }
    for (const r of results) console.info(`load :${r.port}${r.path}: ${r.requests.total} requests, ${r.requests.average} req/s, p99 ${r.latency.p99} ms, errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}`);
    for (const r of results) {
      expect(r.requests.total, `${r.port}${r.path}`).toBeGreaterThan(0);
      expect(r.errors + r.timeouts + r.non2xx, `${r.port}${r.path}`).toBe(0);
    }
  }, 120_000);
});
