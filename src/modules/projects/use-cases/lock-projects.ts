import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { projectLocks } from '../tables';

export const PROJECT_LOCK_REASONS = ['eingereicht', 'in_pruefung', 'beschieden'] as const;
export type ProjectLockReason = (typeof PROJECT_LOCK_REASONS)[number];

const MESSAGES: Record<ProjectLockReason, string> = {
  eingereicht: 'Die Projekte sind mit dem Antrag eingereicht und können nicht mehr geändert werden. Änderungen sind erst möglich, wenn das Regierungspräsidium Unterlagen nachfordert oder der Antrag zurückgezogen wird.',
  in_pruefung: 'Der Antrag wird vom Regierungspräsidium Kassel geprüft; die Projekte können nicht geändert werden. Änderungen sind erst möglich, wenn das Regierungspräsidium Unterlagen nachfordert oder der Antrag zurückgezogen wird.',
  beschieden: 'Über den Antrag ist beschieden; die Projekte können nur noch durch einen Änderungsbescheid des Regierungspräsidiums Kassel geändert werden.',
};

/** Locks (or re-labels the lock of) a district's project records of a year, in the caller's transaction. */
export async function lockProjects(tx: Executor, year: number, ags: string, reason: ProjectLockReason): Promise<void> {
  await tx
    .insert(projectLocks)
    .values({ year, ags, reason })
    .onConflictDoUpdate({ target: [projectLocks.year, projectLocks.ags], set: { reason, lockedAt: new Date() } });
}

/** Lifts the lock (Nachforderung, withdrawal); nothing happens when there is none. */
export async function unlockProjects(tx: Executor, year: number, ags: string): Promise<void> {
  await tx.delete(projectLocks).where(and(eq(projectLocks.year, year), eq(projectLocks.ags, ags)));
}

/** The lock's reason, or null when the district may change its records. */
export async function findProjectLock(db: Executor, year: number, ags: string): Promise<ProjectLockReason | null> {
  const [row] = await db.select({ reason: projectLocks.reason }).from(projectLocks).where(and(eq(projectLocks.year, year), eq(projectLocks.ags, ags)));
  return (row?.reason as ProjectLockReason | undefined) ?? null;
}

/** The German message of a lock, for pages that hide the forms. */
export const projectLockMessage = (reason: ProjectLockReason) => MESSAGES[reason];

/** Throws PROJECTS_LOCKED (422, German message) when the records of the year are locked. */
export async function assertProjectsUnlocked(db: Executor, year: number, ags: string): Promise<void> {
  const reason = await findProjectLock(db, year, ags);
  if (reason) throw new AppError('VALIDATION_FAILED', MESSAGES[reason], { issues: [{ path: 'key', message: `${MESSAGES[reason]} [PROJEKTE_GESPERRT]` }], details: { code: 'PROJEKTE_GESPERRT' } });
}
