import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AppDatabase } from '../../platform/db/client';
import type { Config } from '../../platform/env';
import { logger } from '../../platform/logger';
import { CliChannelRequestSchema, type CliChannelResponse, cliChannelDirFor, cliSocketPathFor, MAX_SOCKET_PATH_BYTES } from './channel';
import { findCommand, runCli } from './main';

const MAX_REQUEST_BYTES = 64 * 1024;

export interface CliChannel {
  socketPath: string;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_REQUEST_BYTES) {
        done(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

function answer(res: ServerResponse, status: number, body: CliChannelResponse): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/**
 * Runs one forwarded command in this process, on the database it already holds, with the
 * caller's working directory and `via`. Only commands marked `remote`; everything else answers
 * exit code 2 with a German message, as an unusable call on the command line would.
 */
async function handle(req: IncomingMessage, res: ServerResponse, config: Config, database: AppDatabase): Promise<void> {
  if (req.method !== 'POST' || req.url !== '/v1/run') {
    answer(res, 404, { exitCode: 2, out: '', err: 'Unbekannte Anfrage an die Verwaltungsschnittstelle.\n' });
    return;
  }
  const raw = await readBody(req);
  const parsed = (() => {
    try {
      return raw === null ? undefined : CliChannelRequestSchema.safeParse(JSON.parse(raw));
    } catch {
      return undefined;
    }
  })();
  if (!parsed?.success) {
    answer(res, 422, { exitCode: 2, out: '', err: 'Die Anfrage an die Verwaltungsschnittstelle ist ungültig.\n' });
    return;
  }
  const { argv, via, cwd } = parsed.data;
  const command = findCommand(argv);
  if (!command?.remote) {
    answer(res, 422, { exitCode: 2, out: '', err: `Dieser Befehl wird nicht über den laufenden Server ausgeführt: aqb ${argv.join(' ')}\nBeenden Sie den Server, um ihn direkt auszuführen.\n` });
    return;
  }
  let out = '';
  let err = '';
  // Neither the argument list (e-mail addresses) nor the output (one-time passwords) goes into the log.
  logger.info('Befehl der Kommandozeile im laufenden Server', { command: command.path.join(' '), via });
  const exitCode = await runCli(argv, { out: (t) => (out += t), err: (t) => (err += t) }, {}, {
    config,
    via,
    cwd,
    runtime: async () => ({ database, close: async () => {} }),
  });
  answer(res, 200, { exitCode, out, err });
}

/**
 * Opens the local channel for `aqb` next to the embedded database's data directory (a 0700
 * directory, a 0600 socket; a stale socket of an earlier run is replaced – the caller holds the
 * data-directory lock, so no other server can be listening there). Returns undefined (logged)
 * when the socket path is too long for the operating system; the CLI then refuses as before.
 */
export async function openCliChannel(options: { dataDir: string; config: Config; database: AppDatabase }): Promise<CliChannel | undefined> {
  const socketPath = cliSocketPathFor(options.dataDir);
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    logger.warn('Verwaltungsschnittstelle für die Kommandozeile nicht geöffnet: Pfad zu lang', { socketPath });
    return undefined;
  }
  const dir = cliChannelDirFor(options.dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  rmSync(socketPath, { force: true });
  const server = createServer((req, res) => {
    handle(req, res, options.config, options.database).catch((error: unknown) => {
      logger.error('Befehl über die Verwaltungsschnittstelle fehlgeschlagen', { message: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) answer(res, 500, { exitCode: 1, out: '', err: 'Der laufende Server konnte den Befehl nicht ausführen.\n' });
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(socketPath, () => {
      server.off('error', fail);
      done();
    });
  });
  chmodSync(socketPath, 0o600);
  return {
    socketPath,
    async close() {
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      rmSync(socketPath, { force: true });
    },
  };
}
