import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm run bench`: runs every bench/*.bench.ts in its own process, one after the other, so the
// numbers of one do not disturb the next. Pass names to run a subset: npm run bench -- documents
// The first run generates the data sets (bench/lib/dataset.ts, a few minutes; kept in bench/out/
// and as aqb_bench_* databases on the PostgreSQL server). BENCH_ROUNDS (≥ 5), BENCH_DURATION (s).
const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filter.length === 0 || filter.some((name) => f.includes(name)))
  .sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${file} (load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')}) ===\n`);
  const result = spawnSync(resolve('node_modules/.bin/tsx'), [join(here, file)], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
