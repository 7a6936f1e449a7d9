import { userInfo } from 'node:os';
import type { Config } from '../../platform/env';
import type { Runtime } from '../runtime';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliContext {
  config: Config;
  io: CliIo;
  /**
   * Opens (once) the configured database; the in-memory one migrated and seeded with master data.
   * `empty: true` (restore) opens a new embedded directory without the install-time dump.
   */
  runtime(options?: { empty?: boolean }): Promise<Runtime>;
  /** Who runs the command, for the audit trail: `cli:<os-user>` (also when the running server executes it). */
  via: string;
  /** A path the caller named, resolved against the caller's working directory (which the running server does not share). */
  resolvePath(path: string): string;
}

export interface Command {
  /** Words that select the command, e.g. ["db", "migrate"]. */
  path: string[];
  usage: string;
  summary: string;
  /**
   * An administrative command that the running embedded server executes on the command line's
   * behalf when it holds the data directory (docs/decisions/0024). Only commands that need no
   * terminal and no exclusive database access.
   */
  remote?: boolean;
  /** Returns the exit code. */
  run(args: string[], ctx: CliContext): Promise<number>;
}

/**
 * How the command line appears in the audit trail when no account is named: the system, with the
 * operating-system user as `via` ("cli:root").
 */
export function cliVia(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}
