import type { Command } from './command';

/** Not built yet. */
export const importCommands: Command[] = [];
