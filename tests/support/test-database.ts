import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { type AppDatabase, openPglite, openPostgres } from '../../src/platform/db/client';
import { adminUrl, databaseUrl } from './postgres-urls';

export const TEST_TARGET: 'pglite' | 'postgres' = process.env.AQB_TEST_TARGET === 'postgres' ? 'postgres' : 'pglite';

/**
 * A fresh, migrated database with master data (no demo data) for one test file: a clone of the
 * run's template, on PGlite or — when the run targets PostgreSQL — a new database on the server.
 * Close it in afterAll.
 */
export async function createTestDatabase(): Promise<AppDatabase> {
  if (TEST_TARGET === 'pglite') {
    const file = inject('pgliteTemplate');
    return openPglite({ loadDataDir: new Blob([readFileSync(file)]) });
  }
  const base = process.env.TEST_DATABASE_URL as string;
  const TEMPLATE_DB = inject('postgresTemplate');
  const name = `aqb_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = openPostgres(adminUrl(base), { max: 1 });
  try {
    // Concurrent clones of one template can collide ("being accessed by other users"): retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.db.execute(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}` as never);
        break;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.close();
  }
  const database = openPostgres(databaseUrl(base, name), { max: 5 });
  urls.set(database, databaseUrl(base, name));
  const close = database.close.bind(database);
  database.close = async () => {
    await close();
    const cleanup = openPostgres(adminUrl(base), { max: 1 });
    await cleanup.db.execute(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)` as never);
    await cleanup.close();
  };
  return database;
}

const urls = new WeakMap<AppDatabase, string>();

/** The connection URL of a PostgreSQL test database made here (undefined on PGlite). */
export function testDatabaseUrl(database: AppDatabase): string | undefined {
  return urls.get(database);
}

/**
 * A new, EMPTY database (no tables, no migrations) on the run's target: a fresh in-memory PGlite
 * or a new PostgreSQL database from template0 (dropped on close). For restore tests.
 */
export async function createEmptyTestDatabase(prefix = 'aqb_test_empty'): Promise<AppDatabase> {
  if (TEST_TARGET === 'pglite') return openPglite({});
  const base = process.env.TEST_DATABASE_URL as string;
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = openPostgres(adminUrl(base), { max: 1 });
  try {
    await admin.db.execute(`CREATE DATABASE ${name} TEMPLATE template0` as never);
  } finally {
    await admin.close();
  }
  const url = databaseUrl(base, name);
  const database = openPostgres(url, { max: 5 });
  urls.set(database, url);
  const close = database.close.bind(database);
  database.close = async () => {
    await close();
    const cleanup = openPostgres(adminUrl(base), { max: 1 });
    await cleanup.db.execute(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)` as never);
    await cleanup.close();
  };
  return database;
}
