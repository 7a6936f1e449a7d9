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
  const close = database.close.bind(database);
  database.close = async () => {
    await close();
    const cleanup = openPostgres(adminUrl(base), { max: 1 });
    await cleanup.db.execute(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)` as never);
    await cleanup.close();
  };
  return database;
}
