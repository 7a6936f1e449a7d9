import { request } from 'node:http';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { findLockHolder } from '../../platform/db/lock';

/*
 * The local channel between `aqb` and the running embedded server (docs/decisions/0024): HTTP
 * over a Unix domain socket next to the data directory, in a directory of mode 0700, the socket
 * itself 0600. Whoever can open it is the server's operating-system user (or root) – the same
 * people who could stop the server and open the directory themselves.
 */

/** `<data>/aqb.cli/` for the data directory `<data>/aqb`: the socket's private directory. */
export function cliChannelDirFor(dataDir: string): string {
  const absolute = resolve(dataDir);
  return join(dirname(absolute), `${basename(absolute)}.cli`);
}

export function cliSocketPathFor(dataDir: string): string {
  return join(cliChannelDirFor(dataDir), 'sock');
}

/** Unix socket paths are limited (108 bytes on Linux, 104 on macOS); a longer one is not opened. */
export const MAX_SOCKET_PATH_BYTES = 100;

export const CliChannelRequestSchema = z.object({
  argv: z.array(z.string().max(4096)).min(1).max(64),
  /** `cli:<os-user>` of the calling process, recorded in the audit trail. */
  via: z.string().regex(/^cli(:[A-Za-z0-9._@$-]{1,64})?$/),
  /** The caller's working directory: relative file names resolve against it, not the server's. */
  cwd: z.string().min(1).max(4096),
});
export type CliChannelRequest = z.infer<typeof CliChannelRequestSchema>;

export const CliChannelResponseSchema = z.object({ exitCode: z.number().int(), out: z.string(), err: z.string() });
export type CliChannelResponse = z.infer<typeof CliChannelResponseSchema>;

/** Connection errors that mean "no server listens here" (the caller then opens the database itself). */
const NOT_LISTENING = new Set(['ENOENT', 'ECONNREFUSED', 'ENOTSOCK', 'EACCES', 'EPERM']);

/**
 * Sends one command to the server listening on `socketPath`. Resolves null when nobody listens
 * there; rejects with a German message when the server answers but not as expected.
 */
export function sendCliCommand(socketPath: string, body: CliChannelRequest): Promise<CliChannelResponse | null> {
  return new Promise((done, fail) => {
    const payload = JSON.stringify(body);
    const req = request({ socketPath, path: '/v1/run', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => {
        const parsed = (() => {
          try {
            return CliChannelResponseSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch {
            return undefined;
          }
        })();
        if (parsed?.success) done(parsed.data);
        else fail(new Error(`Der laufende Server hat auf den Befehl nicht verständlich geantwortet (HTTP ${res.statusCode}).`));
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code && NOT_LISTENING.has(error.code)) done(null);
      else fail(new Error(`Verbindung zum laufenden Server fehlgeschlagen: ${error.message}`));
    });
    req.end(payload);
  });
}

/**
 * When a live server holds the embedded database in `dataDir`, lets it run the command and
 * returns its answer; null when no server holds the directory or none listens (then the caller
 * opens the database directly and gets the usual refusal if it is held after all).
 */
export async function forwardToRunningServer(dataDir: string, request: CliChannelRequest): Promise<CliChannelResponse | null> {
  const holder = findLockHolder(dataDir);
  if (!holder || holder.pid === process.pid) return null;
  const socketPath = cliSocketPathFor(dataDir);
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) return null;
  return sendCliCommand(socketPath, request);
}
