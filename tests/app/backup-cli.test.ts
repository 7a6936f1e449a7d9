import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/app/cli/main';
import { acquireDataDirLock } from '../../src/platform/db/lock';

/** `aqb backup` / `aqb restore` as an operator runs them: real files, a real embedded data directory. */

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) }, get out() { return out; }, get err() { return err; } };
}

const dir = mkdtempSync(join(tmpdir(), 'aqb-backup-cli-'));
const file = join(dir, 'sicherung.zip');
const releases: Array<() => void> = [];
afterAll(() => releases.forEach((release) => release()));

describe('aqb backup and aqb restore', () => {
  it('needs --out, writes a file only its owner can read, and says what it holds', async () => {
    const usage = capture();
    expect(await runCli(['backup'], usage.io, { DATABASE_URL: 'memory://' })).toBe(2);
    expect(usage.err).toContain('--out');

    const c = capture();
    expect(await runCli(['backup', '--out', file], c.io, { DATABASE_URL: 'memory://' })).toBe(0);
    // Every table of the schema (found from the catalog, not a list): 32 when this test was written, more since.
    const tables = Number(/Sicherung geschrieben: .*Format portable, Migrationsstand \d+, (\d+) Tabellen, \d+ Zeilen/.exec(c.out)?.[1]);
    expect(tables).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('restores into a new embedded data directory, refuses it a second time without --force, and replaces it with --force', async () => {
    const target = `file:${join(dir, 'daten', 'aqb')}`;
    const c = capture();
    expect(await runCli(['restore', file], c.io, { DATABASE_URL: target }), c.err).toBe(0);
    expect(c.out).toContain('alle Prüfsummen gleich; Audit-Kette intakt');

    const again = capture();
    expect(await runCli(['restore', file], again.io, { DATABASE_URL: target })).toBe(1);
    expect(again.err).toContain('Die Zieldatenbank ist nicht leer');

    const forced = capture();
    expect(await runCli(['restore', file, '--force'], forced.io, { DATABASE_URL: target }), forced.err).toBe(0);
    const verify = capture();
    expect(await runCli(['audit', 'verify'], verify.io, { DATABASE_URL: target })).toBe(0);
  }, 120_000);

  it('refuses a damaged file, memory:// and a directory the server holds, with German messages', async () => {
    const broken = join(dir, 'kaputt.zip');
    writeFileSync(broken, 'keine Sicherung');
    const damaged = capture();
    expect(await runCli(['restore', broken], damaged.io, { DATABASE_URL: `file:${join(dir, 'leer')}` })).toBe(1);
    expect(damaged.err).toContain('beschädigt oder unvollständig');

    const memory = capture();
    expect(await runCli(['restore', file], memory.io, { DATABASE_URL: 'memory://' })).toBe(2);
    expect(memory.err).toContain('memory://');

    const held = join(dir, 'server', 'aqb');
    releases.push(acquireDataDirLock(held).release);
    const locked = capture();
    expect(await runCli(['backup', '--out', join(dir, 'x.zip')], locked.io, { DATABASE_URL: `file:${held}` })).toBe(1);
    expect(locked.err).toContain('/admin/sicherung');
  });
});
