import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { acquireDataDirLock, lockPathFor } from './lock';

describe('data directory lock', () => {
  it('refuses a second holder with a German message and frees on release', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'aqb-lock-')), 'nested', 'aqb');
    const first = acquireDataDirLock(dir);
    expect(existsSync(lockPathFor(dir))).toBe(true);
    // The same process counts as a second holder too: the lock is per acquisition.
    let error: unknown;
    try {
      acquireDataDirLock(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DATABASE_LOCKED');
    expect((error as AppError).message).toContain('bereits von einem anderen Prozess verwendet');
    first.release();
    expect(existsSync(lockPathFor(dir))).toBe(false);
    acquireDataDirLock(dir).release();
  });

  it('takes over the stale lock of a process that no longer exists', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'aqb-lock-')), 'aqb');
    writeFileSync(lockPathFor(dir), JSON.stringify({ pid: 2 ** 22 + 12345, startedAt: '2020-01-01' }));
    const lock = acquireDataDirLock(dir);
    lock.release();
  });
});
