import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../errors';

/**
 * PGlite has no lock of its own: two processes on one directory silently lose writes. The process
 * that opens the embedded database holds `<data>/<name>.lock` with its pid; a second one refuses.
 */
export interface DataDirLock {
  path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockPathFor(dataDir: string): string {
  const absolute = resolve(dataDir);
  return join(dirname(absolute), `${basename(absolute)}.lock`);
}

/**
 * The live process holding the embedded database's lock, or null when the directory is free (no
 * lock, or a stale one of a dead pid). Only looks; takes nothing.
 */
export function findLockHolder(dataDir: string): { pid: number; startedAt?: string } | null {
  let owner: { pid?: unknown; startedAt?: unknown };
  try {
    owner = JSON.parse(readFileSync(lockPathFor(dataDir), 'utf8'));
  } catch {
    return null;
  }
  if (typeof owner.pid !== 'number' || !isAlive(owner.pid)) return null;
  return { pid: owner.pid, ...(typeof owner.startedAt === 'string' ? { startedAt: owner.startedAt } : {}) };
}

/** Takes the lock or throws DATABASE_LOCKED with a German message. Stale locks of dead pids are taken over. */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = lockPathFor(dataDir);
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      return {
        path,
        release() {
          if (released) return;
          released = true;
          try {
            const owner = JSON.parse(readFileSync(path, 'utf8')) as { pid?: number };
            if (owner.pid === process.pid) unlinkSync(path);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner: { pid?: number; startedAt?: string } = {};
      try {
        owner = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        // Unreadable lock file: treat as held, the user must look at it.
      }
      if (typeof owner.pid === 'number' && owner.pid !== process.pid && !isAlive(owner.pid)) {
        unlinkSync(path);
        continue;
      }
      throw new AppError(
        'DATABASE_LOCKED',
        `Die eingebettete Datenbank in ${resolve(dataDir)} wird bereits von einem anderen Prozess verwendet` +
          (owner.pid ? ` (Prozess ${owner.pid}, gestartet ${owner.startedAt ?? 'unbekannt'})` : '') +
          '. Beenden Sie diesen Prozess zuerst oder wählen Sie mit DATABASE_URL ein anderes Verzeichnis. ' +
          `Nur wenn sicher kein Prozess mehr läuft, darf die Sperrdatei ${path} gelöscht werden.`,
      );
    }
  }
  throw new AppError('DATABASE_LOCKED', `Die Sperrdatei ${path} konnte nicht übernommen werden.`);
}
