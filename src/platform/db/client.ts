import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { DatabaseTarget } from '../env';
import { AppError } from '../errors';
import { projectRoot } from '../paths';

/** The Drizzle handle every service receives. Both drivers share the pg-core query builder. */
export type Database = PgDatabase<PgQueryResultHKT, Record<string, never>>;
export type Transaction = PgTransaction<PgQueryResultHKT, Record<string, never>>;
/** Services accept either the database or an open transaction. */
export type Executor = Database | Transaction;

export interface AppDatabase {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Throws DATABASE_UNAVAILABLE when the database does not answer within the timeout. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
  /** Only on PGlite: the raw instance (tests dump and clone it). */
  pglite?: PGlite;
}

export const MIGRATIONS_FOLDER = join(projectRoot(), 'drizzle');

// bigint columns and sum()/count() come back from `pg` as strings; the schema uses
// bigint({ mode: 'number' }) and queries map aggregates explicitly with Number().
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * PostgreSQL's default shared_buffers (128 MB) is memory PGlite allocates and touches in the
 * WebAssembly heap at start: with it the embedded server held ≈ 385 MB RSS idle, 120 MB of them
 * buffer pool for a database of a few dozen MB that the operating system caches anyway (issue 18,
 * heap snapshot and /proc measurements in bench/memory.bench.ts). 16 MB keeps the hot pages.
 */
export const PGLITE_SHARED_BUFFERS = '8MB';
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`];

/** Opens PGlite from a directory, from memory, or from a dumped data directory (tests). */
export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob }): Promise<AppDatabase> {
  if (options.dataDir) mkdirSync(dirname(resolve(options.dataDir)), { recursive: true });
  const client = await PGlite.create({
    startParams: PGLITE_START_PARAMS,
    ...(options.dataDir ? { dataDir: resolve(options.dataDir) } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const db = drizzlePglite(client) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    pglite: client,
    async ping() {
      await client.query('select 1');
    },
    async close() {
      if (!client.closed) await client.close();
    },
  };
}

/** Opens a PostgreSQL pool. Connection problems surface on first use, not here. */
export function openPostgres(url: string, options: { max?: number } = {}): AppDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 10_000,
  });
  // An idle client losing its connection must not crash the process; /readyz reports it.
  pool.on('error', () => {});
  const db = drizzleNodePg(pool) as unknown as Database;
  let closed = false;
  return {
    db,
    kind: 'postgres',
    async ping(timeoutMs = 2000) {
      try {
        await withTimeout(pool.query('select 1'), timeoutMs);
      } catch (cause) {
        throw new AppError('DATABASE_UNAVAILABLE', undefined, { cause });
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** Opens the configured database (without migrating it). `initialDump` fills a new PGlite directory. */
export async function openDatabase(target: DatabaseTarget, options: { initialDump?: Blob } = {}): Promise<AppDatabase> {
  switch (target.kind) {
    case 'pglite-file':
      return openPglite({ dataDir: target.dataDir, loadDataDir: options.initialDump });
    case 'pglite-memory':
      return openPglite({});
    case 'postgres':
      return openPostgres(target.url);
  }
}

/**
 * Applies the committed drizzle-kit migrations. On PostgreSQL an advisory lock keeps two
 * starting processes from migrating at once.
 */
export async function migrateDatabase(database: AppDatabase): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  const lockKey = 4_711_2024;
  await database.db.execute(sql`select pg_advisory_lock(${lockKey})`);
  try {
    await migrateNodePg(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await database.db.execute(sql`select pg_advisory_unlock(${lockKey})`);
  }
}
