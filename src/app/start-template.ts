import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MIGRATIONS_FOLDER, openPglite } from '../platform/db/client';
import { projectRoot } from '../platform/paths';
import { prepareDatabase } from './setup-database';

/*
 * A new PGlite directory costs ≈ 3 s for initdb alone. `npm install` (postinstall) therefore
 * builds one migrated, seeded database with demo data and dumps it; the first `npm start` on an
 * empty data directory loads that dump (≈ 0,6 s) instead. The dump is keyed by the PGlite version,
 * the migrations and the source files, so a dump of other code is simply not used; a matching one
 * is already migrated and seeded (with demo data).
 */
// The project root, also when running from the ahead-of-time build (build/src/app).
const root = projectRoot();
const cacheDir = join(root, 'node_modules', '.cache', 'aqb-steuerung');

/** Every file below `dir` (sorted), for the key: a dump of other code is not used. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]))
    .sort();
}

function templateKey(): string {
  // The package's exports hide package.json; its installed copy is read directly.
  const pgliteVersion = (JSON.parse(readFileSync(join(root, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string }).version;
  // The dump must be exactly what this code's migrations and seeds produce: the key covers the
  // PGlite version, the migrations and the sources (≈ 20 ms to hash).
  const hash = createHash('sha256').update(pgliteVersion);
  for (const file of [...listFiles(MIGRATIONS_FOLDER), ...listFiles(join(root, 'src'))]) hash.update(file.slice(root.length)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

export function startTemplatePath(): string {
  return join(cacheDir, `pglite-start-${templateKey()}.tar.gz`);
}

/** The dump for a new data directory, when one matching this code exists. */
export function readStartTemplate(): Blob | undefined {
  try {
    const file = startTemplatePath();
    return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a PGlite directory has yet to be created (missing or empty). */
export function isNewDataDir(dataDir: string): boolean {
  return !existsSync(dataDir) || readdirSync(dataDir).length === 0;
}

/** Builds the dump (postinstall). Returns the file written. */
export async function buildStartTemplate(): Promise<string> {
  const database = await openPglite({});
  try {
    await prepareDatabase(database, { demo: true });
    const dump = await database.pglite!.dumpDataDir('gzip');
    const file = startTemplatePath();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, new Uint8Array(await dump.arrayBuffer()));
    renameSync(`${file}.tmp`, file);
    // Dumps of earlier code are never used again.
    for (const old of readdirSync(dirname(file))) if (old.startsWith('pglite-start-') && join(dirname(file), old) !== file) rmSync(join(dirname(file), old), { force: true });
    return file;
  } finally {
    await database.close();
  }
}
