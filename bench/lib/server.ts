/* Starting the real server (`node bin/server.js`, the ahead-of-time build) for HTTP and memory benchmarks. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type DatasetSize, openPgliteDataset, openPostgresDataset, postgresDatasetUrl } from './dataset';

export interface RunningServer {
  url: string;
  pid: number;
  /** Resident set size and its peak (VmRSS, VmHWM) in MB, from /proc. */
  memory(): { rssMb: number; peakMb: number };
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export function processMemory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Starts the server as `npm start` does (node flags from package.json) with `env`; resolves once it listens. */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  // Exactly what `npm start` runs (its node flags included).
  const start = (JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/).slice(1);
  const child: ChildProcess = spawn(process.execPath, start, {
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in 120 s: ${output}`)), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('läuft auf')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited (${code}): ${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    memory: () => processMemory(child.pid!),
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** A PGlite data directory holding the data set (a temporary copy; removed by the returned function). */
export async function pgliteDatasetDir(projects: DatasetSize): Promise<{ dataDir: string; remove(): void }> {
  // Make sure the dump exists (generates it on first use), then unpack it into a directory.
  const database = await openPgliteDataset(projects);
  const dump = await database.pglite!.dumpDataDir('gzip');
  await database.close();
  const dir = mkdtempSync(join(tmpdir(), 'aqb-bench-db-'));
  const dataDir = join(dir, 'aqb');
  const unpack = await PGlite.create({ dataDir, loadDataDir: dump });
  await unpack.close();
  return { dataDir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts the server on the data set: PGlite (a file directory) or PostgreSQL (undefined when no server answers). */
export async function startDatasetServer(kind: 'pglite' | 'postgres', projects: DatasetSize, env: Record<string, string> = {}): Promise<(RunningServer & { cleanup(): void }) | undefined> {
  if (kind === 'postgres') {
    const database = await openPostgresDataset(projects);
    if (!database) return undefined;
    await database.close();
    const server = await startServer({ DATABASE_URL: postgresDatasetUrl(projects), AQB_DEMO: '0', ...env });
    return { ...server, cleanup: () => undefined };
  }
  const { dataDir, remove } = await pgliteDatasetDir(projects);
  const server = await startServer({ DATABASE_URL: `file:${dataDir}`, AQB_DEMO: '0', ...env });
  return {
    ...server,
    async stop() {
      await server.stop();
    },
    cleanup: () => {
      if (existsSync(dataDir)) remove();
    },
  };
}
