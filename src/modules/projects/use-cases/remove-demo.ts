import { eq } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/client';
import { projects, providers } from '../tables';

/** Deletes demo project records (their plan lines cascade) and demo Träger (AQB_DEMO=0). */
export async function removeDemoProjects(db: Executor): Promise<void> {
  await db.delete(projects).where(eq(projects.isDemo, true));
  await db.delete(providers).where(eq(providers.isDemo, true));
}
