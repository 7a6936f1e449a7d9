import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * A minimal structured logger: one JSON line per event on stderr, so stdout stays clean for CLI
 * output. Inside a request every line carries the request's id (`requestId`, see
 * `withLogContext` and platform/http/request-log.ts). Log only codes, ids, routes and counts —
 * never names, e-mail addresses, form fields, tokens or passwords.
 */
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

let threshold: number = order[(process.env.LOG_LEVEL as Level | undefined) ?? 'info'] ?? order.info;
let sink: (line: string) => void = (line) => void process.stderr.write(line);

const context = new AsyncLocalStorage<Record<string, unknown>>();

export function setLogLevel(level: Level | 'silent'): void {
  threshold = order[level];
}

/** Replaces where log lines go (tests read them); without an argument stderr again. */
export function setLogSink(next?: (line: string) => void): void {
  sink = next ?? ((line) => void process.stderr.write(line));
}

/** Runs `fn` with fields (e.g. the request id) added to every log line written inside it. */
export function withLogContext<T>(fields: Record<string, unknown>, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (order[level] < threshold) return;
  sink(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...context.getStore(), ...fields })}\n`);
}

export const logger = {
  debug: (message: string, fields?: Record<string, unknown>) => write('debug', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write('info', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write('warn', message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write('error', message, fields),
};
