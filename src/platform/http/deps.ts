import type { AppDatabase } from '../db/client';

/** What route factories receive from the composition root. */
export interface RouteDeps {
  database: AppDatabase;
}
