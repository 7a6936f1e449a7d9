import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// node itself with tsx's loader, not the tsx launcher: signals reach the server directly, without a
// relay process in between (the launcher forwards them, which made SIGTERM tests flaky under load).
const nodeArgs = ['--import', 'tsx'];
const children: ChildProcess[] = [];

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [...nodeArgs, 'src/app/server.ts'], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
  ready.catch(() => {}); // awaited only where the test expects a successful start
  return { child, exited, ready, output: () => ({ stdout, stderr }) };
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm start as a process', () => {
  it('holds the data directory: a second process refuses with a German message and exit ≠ 0, the first keeps running', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'aqb-start-')), 'data', 'aqb');
    const first = start({ DATABASE_URL: `file:${dir}`, PORT: '38111' });
    await first.ready;
    expect(existsSync(`${dir}.lock`)).toBe(true);

    const second = start({ DATABASE_URL: `file:${dir}`, PORT: '38112' });
    const code = await second.exited;
    expect(code).not.toBe(0);
    expect(second.output().stderr).toContain('bereits von einem anderen Prozess verwendet');

    const page = await fetch('http://127.0.0.1:38111/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('787.100,00 €');

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it('starts a new data directory with demo data off (AQB_DEMO=0): no demo record, the real amounts', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'aqb-start-')), 'aqb');
    const run = start({ DATABASE_URL: `file:${dir}`, PORT: '38113', AQB_DEMO: '0' });
    await run.ready;
    const html = await (await fetch('http://127.0.0.1:38113/')).text();
    expect(html).toContain('787.100,00 €');
    expect(html).not.toContain('Demodaten');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('refuses a bad PORT with a German message naming the variable', async () => {
    const run = start({ PORT: 'abc', DATABASE_URL: 'memory://' });
    expect(await run.exited).not.toBe(0);
    expect(run.output().stderr).toContain('PORT');
    expect(run.output().stderr).toContain('Konfiguration ist ungültig');
  });
});
