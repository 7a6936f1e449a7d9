/**
 * Portal over HTTP: the real server (`npm start`'s command, the build) on the 10-year data set
 * (20 projects), load from wrk (or autocannon when wrk is missing) with 50 connections, loopback.
 *   Cached pages   /portal, a list page and an agreement page from the page cache, against nginx
 *                  serving the very same bytes (one worker process, like our one event loop).
 *   Cache miss     the agreement page with the cache off (AQB_PORTAL_CACHE_MB=0): every request
 *                  reads the database and renders; PGlite and PostgreSQL.
 * Rounds alternate project and reference, so drifting load on the machine hits both alike.
 * Goals: cached ≥ 0.8 × nginx req/s and p99 ≤ 1.5 × nginx; miss ≥ 5 × the issue's figures
 * (42–53 req/s PGlite, 133 PostgreSQL) with p99 ≤ 100 ms.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { finish, hasCommand, report, ROUNDS, summarize } from './lib/stats';
import { freePort, type RunningServer, startDatasetServer } from './lib/server';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const CACHED_PATHS = ['/portal', '/portal/zielvereinbarungen?jahr=2020', '/portal/zielvereinbarungen/2020/06439'];
const MISS_PATH = '/portal/zielvereinbarungen/2020/06439';

interface Load {
  rps: number;
  p99: number;
  errors: number;
}

const useWrk = hasCommand('wrk');

function parseMs(text: string): number {
  const match = /([\d.]+)(us|ms|s)/.exec(text);
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
}

/** One load run: wrk (1 thread, as the second core's share) or autocannon in its own process. */
function load(url: string): Load {
  if (useWrk) {
    const result = spawnSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${DURATION_S}s`, '--latency', url], { encoding: 'utf8' });
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(result.stdout)?.[1] ?? 0);
    const p99 = parseMs(/\s99%\s+(\S+)/.exec(result.stdout)?.[1] ?? '');
    const errors = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(result.stdout)?.[1] ?? 0) + Number(/Socket errors:.*?timeout (\d+)/.exec(result.stdout)?.[1] ?? 0);
    return { rps, p99, errors };
  }
  const result = spawnSync(resolve('node_modules/.bin/autocannon'), ['-c', String(CONNECTIONS), '-d', String(DURATION_S), '-j', url], { encoding: 'utf8' });
  const json = JSON.parse(result.stdout) as { requests: { average: number }; latency: { p99: number }; non2xx: number; errors: number };
  return { rps: json.requests.average, p99: json.latency.p99, errors: json.non2xx + json.errors };
}

/** nginx on loopback serving `files` (path → bytes, content type) from a temporary root. */
async function startNginx(files: Map<string, { bytes: Uint8Array; type: string }>): Promise<{ url: string; stop(): void } | undefined> {
  const nginx = ['/usr/sbin/nginx', 'nginx'].find((candidate) => spawnSync(candidate, ['-v'], { stdio: 'ignore' }).status === 0);
  if (!nginx) return undefined;
  const root = mkdtempSync(join(tmpdir(), 'aqb-nginx-'));
  const port = await freePort();
  const types: string[] = [];
  let index = 0;
  const locations: string[] = [];
  for (const [path, file] of files) {
    const name = `page-${index++}.html`;
    mkdirSync(join(root, 'www'), { recursive: true });
    writeFileSync(join(root, 'www', name), file.bytes);
    // Exact-match location per URL (the query string is part of what the portal keys on).
    const [pathname, query] = path.split('?');
    locations.push(`location = ${pathname} { default_type "${file.type}"; ${query ? `if ($args != "${query}") { return 404; } ` : ''}try_files /${name} =404; }`);
    types.push(file.type);
  }
  writeFileSync(
    join(root, 'nginx.conf'),
    `worker_processes 1; daemon off; pid ${join(root, 'nginx.pid')}; error_log ${join(root, 'error.log')} warn;
events { worker_connections 1024; }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000; client_body_temp_path ${root}/tmp;
  proxy_temp_path ${root}/tmp; fastcgi_temp_path ${root}/tmp; uwsgi_temp_path ${root}/tmp; scgi_temp_path ${root}/tmp;
  server { listen 127.0.0.1:${port}; root ${join(root, 'www')}; ${locations.join('\n    ')} } }\n`,
  );
  mkdirSync(join(root, 'tmp'), { recursive: true });
  const child: ChildProcess = spawn(nginx, ['-p', root, '-c', join(root, 'nginx.conf')], { stdio: 'ignore' });
  // Wait until it answers.
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${[...files.keys()][0]}`);
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stop() {
      child.kill('SIGQUIT');
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function fetchBytes(server: RunningServer, path: string) {
  const response = await fetch(`${server.url}${path}`);
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  return { bytes: new Uint8Array(await response.arrayBuffer()), type: response.headers.get('content-type') ?? 'text/html; charset=utf-8' };
}

console.log(`portal bench: ${CONNECTIONS} connections, ${DURATION_S} s per run, ${ROUNDS} rounds, load from ${useWrk ? 'wrk -t1' : 'autocannon (wrk not installed)'}\n`);

// Cached pages against nginx --------------------------------------------------------------------
const cachedServer = (await startDatasetServer('pglite', 20))!;
try {
  const files = new Map<string, { bytes: Uint8Array; type: string }>();
  for (const path of CACHED_PATHS) files.set(path, await fetchBytes(cachedServer, path));
  const nginx = await startNginx(files);
  if (!nginx) console.log('nginx: NOT INSTALLED (apt-get install -y nginx-light) — the cached-page rows have no reference and no ratio.');
  try {
    for (const path of CACHED_PATHS) {
      const project: Load[] = [];
      const reference: Load[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        if (round % 2 === 0) {
          project.push(load(`${cachedServer.url}${path}`));
          if (nginx) reference.push(load(`${nginx.url}${path}`));
        } else {
          if (nginx) reference.push(load(`${nginx.url}${path}`));
          project.push(load(`${cachedServer.url}${path}`));
        }
      }
      const rps = summarize(project.map((l) => l.rps));
      const p99 = summarize(project.map((l) => l.p99));
      const errors = project.reduce((sum, l) => sum + l.errors, 0);
      const refRps = nginx ? summarize(reference.map((l) => l.rps)) : undefined;
      const refP99 = nginx ? summarize(reference.map((l) => l.p99)) : undefined;
      const label = `${path} (${files.get(path)!.bytes.length} bytes)`;
      report({
        what: `Cached portal page ${label}, ${CONNECTIONS} connections: requests/s${errors ? ` — ${errors} errors` : ''}`,
        project: rps,
        unit: 'req/s',
        reference: refRps ? { label: 'nginx, same bytes', value: refRps } : { label: 'nginx', missing: 'not installed — no reference' },
        ratio: refRps ? rps.median / refRps.median : undefined,
        goal: '≥ 0.8 × nginx',
        met: refRps ? rps.median / refRps.median >= 0.8 : false,
      });
      report({
        what: `Cached portal page ${label}: p99 latency`,
        project: p99,
        unit: 'ms',
        reference: refP99 ? { label: 'nginx, same bytes', value: refP99 } : { label: 'nginx', missing: 'not installed — no reference' },
        ratio: refP99 ? p99.median / refP99.median : undefined,
        goal: 'p99 ≤ 1.5 × nginx',
        met: refP99 ? p99.median / refP99.median <= 1.5 : false,
      });
    }
  } finally {
    nginx?.stop();
  }
} finally {
  await cachedServer.stop();
  cachedServer.cleanup();
}

// Cache misses: every request reads the database and renders ------------------------------------
const TODAY = { pglite: { min: 42, median: 47.5, max: 53 }, postgres: { min: 133, median: 133, max: 133 } };
for (const kind of ['pglite', 'postgres'] as const) {
  const server = await startDatasetServer(kind, 20, { AQB_PORTAL_CACHE_MB: '0' });
  if (!server) {
    console.log(`${kind}: no PostgreSQL server answers — cache-miss row skipped`);
    continue;
  }
  try {
    await fetchBytes(server, MISS_PATH);
    const runs: Load[] = [];
    for (let round = 0; round < ROUNDS; round++) runs.push(load(`${server.url}${MISS_PATH}`));
    const rps = summarize(runs.map((l) => l.rps));
    const p99 = summarize(runs.map((l) => l.p99));
    const today = TODAY[kind];
    report({
      what: `Agreement page on a cache miss, ${kind === 'pglite' ? 'PGlite' : 'PostgreSQL'}, ${CONNECTIONS} connections: requests/s`,
      project: rps,
      unit: 'req/s',
      reference: { label: 'issue: today', value: today },
      ratio: rps.median / today.median,
      goal: `≥ 5 × today (≥ ${5 * today.max} req/s)`,
      met: rps.median >= 5 * today.max,
    });
    report({
      what: `Agreement page on a cache miss, ${kind === 'pglite' ? 'PGlite' : 'PostgreSQL'}: p99 latency`,
      project: p99,
      unit: 'ms',
      reference: { label: 'issue: today up to', value: { min: 2000, median: 2000, max: 2000 } },
      goal: 'p99 ≤ 100 ms',
      met: p99.median <= 100,
    });
  } finally {
    await server.stop();
    server.cleanup();
  }
}

finish();
