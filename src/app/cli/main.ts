import { resolve } from 'node:path';
import { type Config, loadConfig } from '../../platform/env';
import { setLogLevel } from '../../platform/logger';
import { configurePasswordHashing } from '../../modules/access/service';
import { describeFatal } from '../main-errors';
import type { Runtime } from '../runtime';
import { forwardToRunningServer } from './channel';
import { type CliContext, type CliIo, type Command, cliVia } from './command';
import { dbCommands } from './db-commands';
import { districtCommands } from './district-commands';
import { allocateCommands } from './allocate-command';
import { auditCommands } from './audit-command';
import { userCommands } from './user-command';
import { importCommands } from './import-command';
import { renderCommands } from './render-command';
import { interestCommands } from './interest-command';
import { backupCommands } from './backup-command';
import { antragCommands } from './antrag-command';
import { participantCommands } from './participants-command';
import { reminderCommands } from './reminder-command';
import { foerderungCommands } from './foerderung-command';
import { berichtCommands } from './bericht-command';
import { steuerungCommands } from './steuerung-command';

/** Every CLI command; later issues append theirs here. */
export const COMMANDS: Command[] = [...dbCommands, ...districtCommands, ...renderCommands, ...importCommands, ...allocateCommands, ...auditCommands, ...userCommands, ...interestCommands, ...antragCommands, ...participantCommands, ...reminderCommands, ...foerderungCommands, ...steuerungCommands, ...berichtCommands, ...backupCommands];

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    'AQB-Steuerung – Kommandozeile',
    '',
    'Aufruf: aqb <befehl> [optionen]',
    '',
    'Befehle:',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Umgebung: DATABASE_URL (file:./data/aqb | memory:// | postgres://…), AQB_DEMO (0/1)',
    '',
  ].join('\n');
}

export interface CliOptions {
  /**
   * Opens the database instead of the configured one (tests hand in a clone of their prepared
   * template database rather than migrating and seeding a new one per call).
   */
  runtime?: () => Promise<Runtime>;
  /**
   * The running server executing a forwarded command (channel-server.ts): its configuration (no
   * log level or hashing set-up of its own), the caller's `via` and working directory.
   */
  config?: Config;
  via?: string;
  cwd?: string;
}

/** The command the arguments select, or undefined. */
export function findCommand(argv: string[]): Command | undefined {
  return COMMANDS.find((c) => c.path.every((word, i) => argv[i] === word));
}

/** Runs the CLI with arguments; returns the exit code. Exported for in-process tests. */
export async function runCli(argv: string[], io: CliIo, env: Record<string, string | undefined> = process.env, options: CliOptions = {}): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(helpText());
    return 0;
  }
  const command = findCommand(argv);
  if (!command) {
    io.err(`Unbekannter Befehl: ${argv.join(' ')}\n\n${helpText()}`);
    return 2;
  }
  const args = argv.slice(command.path.length);
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  let runtime: Runtime | undefined;
  try {
    const config = options.config ?? loadConfig({ LOG_LEVEL: 'warn', ...env });
    if (!options.config) {
      setLogLevel(config.logLevel);
      configurePasswordHashing(config.passwordHash);
    }
    const via = options.via ?? cliVia();
    const cwd = options.cwd ?? process.cwd();
    // The running server holds the embedded database: it runs administrative commands itself.
    if (command.remote && !options.runtime && config.database.kind === 'pglite-file') {
      const answer = await forwardToRunningServer(config.database.dataDir, { argv, via, cwd });
      if (answer) {
        if (answer.out) io.out(answer.out);
        if (answer.err) io.err(answer.err);
        return answer.exitCode;
      }
    }
    const ctx: CliContext = {
      config,
      io,
      via,
      resolvePath: (path) => resolve(cwd, path),
      async runtime(runtimeOptions = {}) {
        if (!runtime && options.runtime) runtime = await options.runtime();
        if (!runtime) {
          // Loaded on first use: commands that need no database never load the drivers.
          const [{ openRuntime }, { prepareDatabase }] = await Promise.all([import('../runtime'), import('../setup-database')]);
          runtime = await openRuntime(config, { useStartTemplate: !runtimeOptions.empty });
          // The in-memory database starts empty: migrate and seed it so every command works without a server.
          if (config.database.kind === 'pglite-memory' && !runtimeOptions.empty) await prepareDatabase(runtime.database, { demo: false });
        }
        return runtime;
      },
    };
    return await command.run(args, ctx);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      io.err(`Ungültige Option: ${(error as Error).message}\nAufruf: ${command.usage}\n`);
      return 2;
    }
    io.err(`${describeFatal(error)}\n`);
    return 1;
  } finally {
    await runtime?.close();
  }
}
