/**
 * Generates (or finds) the benchmark data sets: `npx tsx bench/generate.ts [20|200] [pglite|postgres]`.
 * The benchmarks call the same functions on first use; this script only makes it explicit.
 */
import { closeRenderPool } from '../src/platform/documents/render-pool';
import { type DatasetSize, openPgliteDataset, openPostgresDataset } from './lib/dataset';

const sizes = process.argv.slice(2).filter((a) => a === '20' || a === '200').map(Number) as DatasetSize[];
const kinds = process.argv.slice(2).filter((a) => a === 'pglite' || a === 'postgres');
for (const projects of sizes.length ? sizes : ([20, 200] as DatasetSize[])) {
  for (const kind of kinds.length ? kinds : ['pglite', 'postgres']) {
    const started = performance.now();
    const database = kind === 'pglite' ? await openPgliteDataset(projects) : await openPostgresDataset(projects);
    if (!database) console.log(`${kind}: kein Server erreichbar, übersprungen`);
    else {
      console.log(`${kind}, ${projects} Projekte: bereit (${Math.round(performance.now() - started)} ms)`);
      await database.close();
    }
  }
}
await closeRenderPool();
