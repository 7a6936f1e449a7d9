/**
 * Portal benchmark (plain tsx script, not vitest):
 *   npx tsx bench/portal.bench.ts   (also part of `npm run bench`)
 * Serves the real app (PGlite in memory, migrated and seeded) and a minimal node:http server that
 * answers every request with the same bytes as the agreement page, both on loopback. autocannon
 * (in a child process) runs 50 connections for 10 s against each (the reference before and after)
 * and prints requests/s, p99 latency and the ratio.
 * Goals: ratio ≥ 0.5, p99 ≤ 20 ms for the agreement page.
 */
import { createServer, type Server } from 'node:http';
import { spawn } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../src/app/app';
import { prepareDatabase } from '../src/app/setup-database';
import { openPglite } from '../src/platform/db/client';

interface CannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
}

/** autocannon runs in its own process (`-j` prints JSON), so the load generator does not share the server's event loop. */
function autocannon(options: { url: string; connections: number; duration: number }): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    const bin = resolvePath('node_modules/.bin/autocannon');
    const child = spawn(bin, ['-c', String(options.connections), '-d', String(options.duration), '-j', options.url], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as CannonResult) : reject(new Error(`autocannon exit ${code}`))));
  });
}

const PATH = '/portal/zielvereinbarungen/2024/06439';
const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);

function listen(server: Server | ServerType): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

async function run(label: string, url: string): Promise<CannonResult> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  console.log(
    `${label.padEnd(28)} ${result.requests.average.toFixed(0).padStart(7)} req/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   non-2xx ${result.non2xx}   errors ${result.errors}`,
  );
  return result;
}

const database = await openPglite({});
await prepareDatabase(database, { demo: false });
const app = createApp({ database });
const appServer = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((resolve) => appServer.once('listening', resolve));
const appAddress = appServer.address();
const appPort = typeof appAddress === 'object' && appAddress ? appAddress.port : 0;

const first = await fetch(`http://127.0.0.1:${appPort}${PATH}`);
if (first.status !== 200) throw new Error(`Agreement page answered ${first.status}`);
const bytes = Buffer.from(await first.arrayBuffer());
const contentType = first.headers.get('content-type') ?? 'text/html; charset=utf-8';

const staticServer = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': bytes.length });
  res.end(bytes);
});
const staticPort = await listen(staticServer);

console.log(`Portal benchmark: ${PATH} (${bytes.length} bytes), ${CONNECTIONS} connections, ${DURATION_S} s each, loopback`);
// The reference runs before and after the portal and is averaged: other load on the machine
// drifts, and a single order would favour whichever run got the quieter seconds.
const before = await run('static node:http (reference)', `http://127.0.0.1:${staticPort}${PATH}`);
const portal = await run('portal agreement page', `http://127.0.0.1:${appPort}${PATH}`);
const after = await run('static node:http (reference)', `http://127.0.0.1:${staticPort}${PATH}`);
const referenceRps = (before.requests.average + after.requests.average) / 2;
const ratio = portal.requests.average / referenceRps;
console.log(`ratio portal/static: ${ratio.toFixed(2)} (goal ≥ 0.5)   portal p99: ${portal.latency.p99} ms (goal ≤ 20 ms)`);
console.log(ratio >= 0.5 && portal.latency.p99 <= 20 ? 'Goals met.' : 'Goals NOT met.');

staticServer.close();
appServer.close();
await database.close();
