/**
 * Server memory: the real server (`node bin/server.js`, build) on the 10-year data set (20 projects),
 * on PGlite and on PostgreSQL. After start-up, a workload every portal visitor could cause:
 * every agreement page, list pages, 30 searches, the year comparisons, the open data of all years
 * (CSV and JSON) and 200 random query strings on the open data. RSS (VmRSS) and its peak (VmHWM)
 * are read from /proc after each step; 5 rounds of the workload.
 *   reference  the same server on PostgreSQL (the database outside the process)
 * Goal: ≤ 250 MB on PGlite; the page cache bounded in bytes (random query strings add nothing).
 */
import { performance } from 'node:perf_hooks';
import { finish, report, ROUNDS, summarize } from './lib/stats';
import { type RunningServer, startDatasetServer } from './lib/server';
import { DATASET_YEARS, YEARS } from './lib/dataset';

const AGS = ['06411', '06412', '06413', '06414', '06431', '06432', '06433', '06434', '06435', '06436', '06437', '06438', '06439', '06440', '06531', '06532', '06533', '06534', '06535', '06611', '06631', '06632', '06633', '06634', '06635', '06636'];

async function get(server: RunningServer, path: string): Promise<number> {
  const response = await fetch(`${server.url}${path}`);
  const body = await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  return body.byteLength;
}

async function workload(server: RunningServer, round: number): Promise<{ csvBytes: number }> {
  for (const year of DATASET_YEARS) for (const ags of AGS) await get(server, `/portal/zielvereinbarungen/${year}/${ags}`);
  for (let page = 1; page <= 5; page++) await get(server, `/portal/zielvereinbarungen?seite=${page}`);
  for (const word of ['Pflege', 'Handwerk', 'Kassel', 'Frauen', 'Logistik', 'Coaching']) for (let i = 0; i < 5; i++) await get(server, `/portal/zielvereinbarungen?q=${encodeURIComponent(`${word} ${round}${i}`)}`);
  for (const ags of AGS.slice(0, 5)) await get(server, `/portal/vergleich/${ags}/${DATASET_YEARS[0]}/${DATASET_YEARS[1]}`);
  const csvBytes = await get(server, '/opendata/agreements.csv');
  await get(server, '/opendata/agreements.json');
  for (let i = 0; i < 200; i++) await get(server, `/opendata/agreements.json?r=${round}-${i}-${Math.random().toString(36).slice(2)}`);
  return { csvBytes };
}

async function measure(kind: 'pglite' | 'postgres') {
  const server = await startDatasetServer(kind, 20);
  if (!server) return undefined;
  try {
    const idle = server.memory();
    const after: number[] = [];
    const peaks: number[] = [];
    let csvBytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const start = performance.now();
      ({ csvBytes } = await workload(server, round));
      const memory = server.memory();
      after.push(memory.rssMb);
      peaks.push(memory.peakMb);
      console.log(`  ${kind} round ${round + 1}: RSS ${memory.rssMb.toFixed(0)} MB, peak ${memory.peakMb.toFixed(0)} MB (${((performance.now() - start) / 1000).toFixed(1)} s)`);
    }
    return { idle: idle.rssMb, after, peaks, csvBytes };
  } finally {
    await server.stop();
    server.cleanup();
  }
}

console.log(`memory bench: server (build) on ${YEARS} years × 26 × 20 projects, ${ROUNDS} rounds of the workload\n`);
const pglite = (await measure('pglite'))!;
const postgres = await measure('postgres');
const postgresRss = postgres ? summarize(postgres.after) : undefined;
const reference = postgresRss ? { label: 'same server on PostgreSQL', value: postgresRss } : { label: 'PostgreSQL', missing: 'no server answers — no reference' };
console.log(`\n  idle after start: PGlite ${pglite.idle.toFixed(0)} MB${postgres ? `, PostgreSQL ${postgres.idle.toFixed(0)} MB` : ''}; open data CSV of all years: ${(pglite.csvBytes / 1e6).toFixed(1)} MB`);
const rss = summarize(pglite.after);
report({
  what: 'Server memory (RSS after the workload), PGlite',
  project: rss,
  unit: 'MB',
  reference,
  ratio: postgresRss ? rss.median / postgresRss.median : undefined,
  goal: '≤ 250 MB on PGlite',
  met: rss.max <= 250,
});
const peak = summarize(pglite.peaks);
report({
  what: 'Server memory (peak RSS, VmHWM), PGlite',
  project: peak,
  unit: 'MB',
  reference: postgres ? { label: 'same server on PostgreSQL', value: summarize(postgres.peaks) } : reference,
  goal: '≤ 250 MB on PGlite',
  met: peak.max <= 250,
});
// 200 random query strings per round: the growth from round 2 to the last shows what they keep.
const growth = pglite.after[pglite.after.length - 1]! - pglite.after[1]!;
report({
  what: `Growth of RSS over rounds 2–${ROUNDS} (each with 200 random open-data query strings)`,
  project: { min: growth, median: growth, max: growth },
  unit: 'MB',
  reference: { label: 'issue: +226 MB for 200 random query strings before', value: { min: 226, median: 226, max: 226 } },
  goal: 'bounded (≤ 10 MB)',
  met: growth <= 10,
});
finish();
