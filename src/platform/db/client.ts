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
import { histogram } from '../metrics';

const queryDurations = histogram('aqb_db_query_duration_seconds', 'PostgreSQL query time as the application sees it (pool wait excluded).', [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]);

/** Wraps a pooled client's query() so every query's time lands in the histogram (promise and callback forms). */
function timeQueries(client: pg.PoolClient): void {
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const started = performance.now();
    const done = () => queryDurations.observe({}, (performance.now() - started) / 1000);
    const last = args.at(-1);
    if (typeof last === 'function') {
      args[args.length - 1] = (...results: unknown[]) => {
        done();
        return (last as (...r: unknown[]) => unknown)(...results);
      };
      return original(...args);
    }
    const result = original(...args);
    if (result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(done, done);
    return result;
  };
}

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
  /**
   * Only on PostgreSQL: runs `fn` on ONE connection of its own, outside the pool (session-level
   * advisory locks and settings belong to a connection, not to the pool).
   */
  withConnection?<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  /**
   * Only on PostgreSQL: LISTENs on a channel on a connection of its own (reconnecting when it is
   * lost); returns a function that stops listening. `onReconnect` runs after a lost connection
   * came back (notifications in between were missed).
   */
  listen?(channel: string, onMessage: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  /** Only on PostgreSQL: the pool, for metrics (total, idle, waiting clients). */
  poolStats?(): { total: number; idle: number; waiting: number };
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
  pool.on('connect', timeQueries);
  const db = drizzleNodePg(pool) as unknown as Database;
  let closed = false;
  const listeners = new Set<() => Promise<void>>();
  return {
    db,
    kind: 'postgres',
    async withConnection(fn) {
      // A connection of its own, outside the pool: holding a lock on it never starves the pool
      // (a pool of one connection would otherwise wait for itself).
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
      client.on('error', () => {});
      await client.connect();
      try {
        return await fn(drizzleNodePg(client) as unknown as Database);
      } finally {
        await client.end().catch(() => {});
      }
    },
    async listen(channel, onMessage, onReconnect) {
      if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel ${channel}`);
      let stopped = false;
      let client: pg.Client | undefined;
      let retry: NodeJS.Timeout | undefined;
      const connect = async (isReconnect: boolean): Promise<void> => {
        const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
        next.on('error', () => {});
        next.on('notification', (message) => {
          if (message.channel === channel) onMessage(message.payload ?? '');
        });
        next.on('end', () => {
          if (stopped) return;
          client = undefined;
          retry = setTimeout(() => void connect(true).catch(() => {}), 1000);
        });
        try {
          await next.connect();
          await next.query(`LISTEN ${channel}`);
        } catch (error) {
          await next.end().catch(() => {});
          if (!isReconnect) throw error;
          return;
        }
        if (stopped) {
          await next.end().catch(() => {});
          return;
        }
        client = next;
        if (isReconnect) onReconnect?.();
      };
      await connect(false);
      const stop = async () => {
        stopped = true;
        clearTimeout(retry);
        listeners.delete(stop);
        await client?.end().catch(() => {});
      };
      listeners.add(stop);
      return stop;
    },
    poolStats() {
      return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
    },
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
      for (const stop of [...listeners]) await stop();
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

/** Key of the advisory lock under which PostgreSQL migrations run (one process at a time). */
export const MIGRATION_LOCK_KEY = 4_711_2024;

/**
 * Runs `fn` while holding a PostgreSQL session advisory lock on a connection of its own (the work
 * itself may use the pool); processes asking for the same key wait. On PGlite (one process by
 * construction) it just runs `fn`.
 */
export async function withAdvisoryLock<T>(database: AppDatabase, key: number, fn: () => Promise<T>): Promise<T> {
  if (!database.withConnection) return fn();
  return database.withConnection(async (lockDb) => {
    await lockDb.execute(sql`select pg_advisory_lock(${key})`);
    try {
      return await fn();
    } finally {
      await lockDb.execute(sql`select pg_advisory_unlock(${key})`);
    }
  });
}

/**
 * Applies the committed drizzle-kit migrations (or those of `migrationsFolder`, a restore's
 * older level). On PostgreSQL an advisory lock keeps processes that start together from
 * migrating at once: the second waits, then finds nothing left to apply.
 */
export async function migrateDatabase(database: AppDatabase, options: { migrationsFolder?: string } = {}): Promise<void> {
  const migrationsFolder = options.migrationsFolder ?? MIGRATIONS_FOLDER;
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  // A session-level advisory lock belongs to one connection: lock, migrate and unlock on the same
  // client (a lost connection releases it too).
  await database.withConnection!(async (db) => {
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      await migrateNodePg(db as never, { migrationsFolder });
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`);
    }
  });
}
