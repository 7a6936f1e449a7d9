/**
 * Portal search with a new term (a cache miss), 10 generated years × 26 districts, 20 and 200
 * projects per agreement, on PGlite and on PostgreSQL (when the server answers).
 *   project    GET /portal/zielvereinbarungen?q=… through the app, in process (stored tsvector, GIN,
 *              count and rows in one query, ts_headline for the page's hits, page rendered)
 *   reference  the former SQL on the same data: to_tsvector over every published version's JSON
 *              on each query, a separate count, whole contents read and validated
 * Each round sends 20 terms never sent before and takes their p95. Goal: p95 ≤ 30 ms (20 projects),
 * ≤ 60 ms (200 projects), both databases.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { createApp } from '../src/app/app';
import { AgreementInterchangeSchema } from '../src/modules/documents/schema';
import { releasePortalCache } from '../src/modules/portal/cache';
import type { AppDatabase } from '../src/platform/db/client';
import { closeRenderPool } from '../src/platform/documents/render-pool';
import { type DatasetSize, openPgliteDataset, openPostgresDataset } from './lib/dataset';
import { finish, percentile, report, ROUNDS, rounds, summarize } from './lib/stats';

const TERMS_PER_ROUND = 20;
const WORDS = ['Pflege', 'Handwerk', 'Alleinerziehende', 'Geflüchtete', 'Sprachförderung', 'Logistik', 'Coaching', 'Teilzeitausbildung', 'Frauen', 'Gastgewerbe', 'Kinderbetreuung', 'Verwaltung', 'Gartenbau', 'Metallverarbeitung', 'Einzelhandel', 'Grundbildung', 'Bewerbungstraining', 'Produktionsschule', 'Zugewanderte', 'Jugendliche'];
const PLACES = ['Kassel', 'Limb', 'Darmstadt', 'Fulda', 'Wetterau', 'Gießen', 'Offenbach', 'Main-Kinzig'];

/** Distinct search texts: one word, two words, a district part — none repeated in a run. */
function* terms(): Generator<string> {
  for (const place of PLACES) yield place;
  for (const a of WORDS) yield a;
  for (const a of WORDS) for (const b of WORDS) if (a !== b) yield `${a} ${b}`;
  for (let i = 0; ; i++) yield `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} ${i}`;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The former portal search (before issue 18), as SQL on the same tables. */
async function formerSearch(database: AppDatabase, q: string): Promise<number> {
  const from = sql`from agreements a
    join districts d on d.ags = a.ags
    join agreement_publications p on p.agreement_id = a.id and p.version = (select max(p2.version) from agreement_publications p2 where p2.agreement_id = a.id)
    join agreement_versions v on v.agreement_id = a.id and v.version = p.version
    where (to_tsvector('german', d.official_name || ' ' || coalesce((select string_agg(pr->>'title', ' ') from jsonb_array_elements(v.content->'measures') m, jsonb_array_elements(m->'projects') pr), '')) @@ websearch_to_tsquery('german', ${q}) or d.official_name ilike ${likePattern(q)})`;
  const count = (await database.db.execute(sql`select count(*) as n ${from}`)) as unknown as { rows: { n: unknown }[] };
  const rows = (await database.db.execute(sql`select a.id, a.year, a.ags, d.official_name, v.content ${from} order by a.year desc, d.official_name asc limit 20`)) as unknown as {
    rows: { content: unknown }[];
  };
  for (const row of rows.rows) AgreementInterchangeSchema.parse(typeof row.content === 'string' ? JSON.parse(row.content) : row.content);
  return Number(count.rows[0]?.n ?? 0);
}

async function benchDatabase(label: string, database: AppDatabase, projects: DatasetSize, goalMs: number): Promise<void> {
  const app = createApp({ database });
  const next = terms();
  const timeOne = async (run: (q: string) => Promise<unknown>) => {
    const q = next.next().value as string;
    const start = performance.now();
    await run(q);
    return performance.now() - start;
  };
  const p95Of = async (run: (q: string) => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < TERMS_PER_ROUND; i++) times.push(await timeOne(run));
    return percentile(times, 95);
  };
  const page = async (q: string) => {
    const response = await app.request(`/portal/zielvereinbarungen?q=${encodeURIComponent(q)}`);
    if (response.status !== 200) throw new Error(`search answered ${response.status}`);
    await response.text();
  };
  const project = summarize(await rounds(ROUNDS, () => p95Of(page), 1));
  const reference = summarize(await rounds(ROUNDS, () => p95Of((q) => formerSearch(database, q)), 1));
  report({
    what: `Portal search, a new term, 10 years, ${projects} projects per agreement, ${label} (p95 of ${TERMS_PER_ROUND} terms per round)`,
    project,
    unit: 'ms',
    reference: { label: 'former SQL (to_tsvector per query)', value: reference },
    ratio: project.median / reference.median,
    goal: `p95 ≤ ${goalMs} ms`,
    met: project.median <= goalMs,
  });
  releasePortalCache(database);
}

const only = process.argv.slice(2);
for (const projects of [20, 200] as DatasetSize[]) {
  if (only.length && !only.includes(String(projects))) continue;
  const goal = projects === 20 ? 30 : 60;
  const pglite = await openPgliteDataset(projects);
  await benchDatabase('PGlite', pglite, projects, goal);
  await pglite.close();
  const postgres = await openPostgresDataset(projects);
  if (postgres) {
    await benchDatabase('PostgreSQL', postgres, projects, goal);
    await postgres.close();
  } else {
    console.log(`PostgreSQL: no server answers at BENCH_DATABASE_URL/TEST_DATABASE_URL — PostgreSQL rows skipped`);
  }
}
await closeRenderPool();
finish();
