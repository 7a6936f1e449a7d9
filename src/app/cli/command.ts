import type { Config } from '../../platform/env';
import type { Runtime } from '../runtime';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export interface CliContext {
  config: Config;
  io: CliIo;
  /** Opens (once) the configured database, migrated and seeded with master data. */
  runtime(): Promise<Runtime>;
}

export interface Command {
  /** Words that select the command, e.g. ["db", "migrate"]. */
  path: string[];
  usage: string;
  summary: string;
  /** Returns the exit code. */
  run(args: string[], ctx: CliContext): Promise<number>;
}
