import type { CliOptions } from '../../src/app/cli/main';
import type { AppDatabase } from '../../src/platform/db/client';
import { createTestDatabase } from './test-database';

/**
 * For CLI tests: each call gets its own clone of the run's prepared template database (migrated
 * and seeded once per run) instead of a new in-memory database that migrates and seeds itself —
 * the same fresh state, in a fraction of the time.
 */
export const freshDatabase: CliOptions = {
  async runtime() {
    const database = await createTestDatabase();
    return { database, close: () => database.close() };
  },
};

let shared: Promise<AppDatabase> | undefined;

/**
 * For read-only CLI tests: one clone of the template database for the whole test file, opened at
 * the first call and kept open (the worker process ends with the file).
 */
export function sharedDatabase(): CliOptions {
  return {
    async runtime() {
      shared ??= createTestDatabase();
      return { database: await shared, close: async () => {} };
    },
  };
}
