import { type AppDatabase, openDatabase } from '../platform/db/client';
import { acquireDataDirLock, type DataDirLock } from '../platform/db/lock';
import type { Config } from '../platform/env';
import { isNewDataDir, readStartTemplate } from './start-template';

export interface Runtime {
  database: AppDatabase;
  /** True when a new data directory was filled from the install-time dump (migrated, seeded, with demo data). */
  fromStartTemplate?: boolean;
  close(): Promise<void>;
}

/**
 * Opens the configured database, holding the data-directory lock on the embedded database so a
 * second process refuses instead of silently losing writes. The lock is taken before PGlite
 * touches the directory. `useStartTemplate: false` leaves a new directory empty (a restore's target).
 */
export async function openRuntime(config: Config, options: { useStartTemplate?: boolean } = {}): Promise<Runtime> {
  let lock: DataDirLock | undefined;
  if (config.database.kind === 'pglite-file') lock = acquireDataDirLock(config.database.dataDir);
  try {
    // A new embedded database starts from the dump prepared at install time, when there is one.
    const initialDump = options.useStartTemplate !== false && config.database.kind === 'pglite-file' && isNewDataDir(config.database.dataDir) ? readStartTemplate() : undefined;
    const database = await openDatabase(config.database, { initialDump });
    return {
      database,
      fromStartTemplate: initialDump !== undefined,
      async close() {
        try {
          await database.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
