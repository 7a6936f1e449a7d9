import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, workerData } from 'node:worker_threads';
import { AppError, type ErrorCode, ERROR_CODES } from '../errors';
import { histogram, timed } from '../metrics';
import { logger } from '../logger';

/*
 * Document rendering off the event loop (docs/decisions/0014). Typst and `docx` are synchronous,
 * CPU-bound work of 5–40 ms per document; in the server's thread every render stalls every other
 * request. A small pool of worker threads (one per core, started on first use, ended when idle)
 * runs render functions instead:
 *
 *   export const renderPdf = (doc) => runInRenderPool<Uint8Array>(import.meta.url, 'renderPdfInThread', doc);
 *
 * The worker imports the module by its URL and calls the named export, so the pool knows nothing
 * about documents (platform has no business rules). The same URL works for TypeScript sources
 * (tsx in dev and tests: the worker registers tsx first) and for the compiled build (.js). Inside a
 * worker, runInRenderPool calls the function directly. A task that throws is reported as
 * AppError('RENDER_FAILED') (or its own AppError); a task that hangs past its time limit ends its
 * worker, which is replaced — other tasks never wait for it.
 */

export interface RenderPoolOptions {
  /** Worker threads; default: one per core. 0 renders in the calling thread (no pool). */
  size?: number;
  /** Time limit of one task in ms before its worker is ended (default 20 s). */
  timeoutMs?: number;
  /** An idle worker ends after this many ms (its memory is given back; default 30 s). */
  idleMs?: number;
}

interface Task {
  module: string;
  fn: string;
  args: unknown[];
  timeoutMs: number;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface PoolWorker {
  worker: Worker;
  task: Task | undefined;
  timer: NodeJS.Timeout | undefined;
  idleTimer: NodeJS.Timeout | undefined;
}

interface WorkerReply {
  ok: boolean;
  value?: unknown;
  error?: { code?: string; message: string; details?: Record<string, unknown> };
}

const IS_RENDER_WORKER = (workerData as { aqbRenderWorker?: boolean } | null)?.aqbRenderWorker === true;

/** The worker's whole program: register tsx when the pool runs from TypeScript, then answer tasks. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const loaded = new Map();
const ready = (async () => {
  if (workerData.tsxApi) {
    const api = await import(workerData.tsxApi);
    (api.register ?? api.default.register)();
  }
})();
async function load(url) {
  let module = loaded.get(url);
  if (!module) {
    module = import(url);
    loaded.set(url, module);
  }
  return module;
}
parentPort.on('message', async (task) => {
  try {
    await ready;
    const module = await load(task.module);
    const fn = module[task.fn];
    if (typeof fn !== 'function') throw new Error('Keine Funktion ' + task.fn + ' in ' + task.module);
    const value = await fn(...task.args);
    if (value instanceof Uint8Array) {
      // A fresh buffer of exactly this size can be handed over without a copy.
      const copy = value.byteOffset === 0 && value.byteLength === value.buffer.byteLength && !(value.buffer instanceof SharedArrayBuffer) ? value : value.slice();
      parentPort.postMessage({ ok: true, value: copy }, [copy.buffer]);
    } else {
      parentPort.postMessage({ ok: true, value });
    }
  } catch (error) {
    parentPort.postMessage({ ok: false, error: { code: error && error.code, message: String(error && error.message || error), details: error && error.details } });
  }
});
`;

function tsxApiUrl(): string | undefined {
  // From TypeScript sources (tsx, vitest) the worker needs tsx to load them; the build is plain JS.
  if (!/\.tsx?$/.test(new URL(import.meta.url).pathname)) return undefined;
  // The ES module entry of tsx/esm/api (its CommonJS twin cannot register hooks in a worker).
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('tsx/package.json'));
  const exported = (require('tsx/package.json') as { exports: Record<string, { import?: string | { default?: string } }> }).exports['./esm/api']?.import;
  const entry = typeof exported === 'string' ? exported : (exported?.default ?? './dist/esm/api/index.mjs');
  return pathToFileURL(join(packageDir, entry)).href;
}

function toError(reply: WorkerReply['error'], task: Task): AppError {
  const code = reply?.code && reply.code in ERROR_CODES ? (reply.code as ErrorCode) : 'RENDER_FAILED';
  return new AppError(code, code === 'RENDER_FAILED' ? undefined : reply?.message, {
    details: { ...(reply?.details ?? {}), task: task.fn, ...(code === 'RENDER_FAILED' && !reply?.details ? { diagnostics: reply?.message } : {}) },
  });
}

class RenderPool {
  private readonly workers: PoolWorker[] = [];
  private readonly queue: Task[] = [];
  private readonly tsxApi = tsxApiUrl();
  completed = 0;
  failed = 0;
  timedOut = 0;

  constructor(
    readonly size: number,
    readonly timeoutMs: number,
    readonly idleMs: number,
  ) {}

  run(task: Task): void {
    this.queue.push(task);
    this.dispatch();
  }

  private spawn(): PoolWorker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { aqbRenderWorker: true, tsxApi: this.tsxApi } });
    const entry: PoolWorker = { worker, task: undefined, timer: undefined, idleTimer: undefined };
    worker.on('message', (reply: WorkerReply) => this.finish(entry, reply));
    worker.on('error', (error) => this.crash(entry, error));
    worker.on('exit', (code) => {
      if (entry.task) this.crash(entry, new Error(`Render-Worker beendet (Code ${code})`));
      this.remove(entry);
    });
    worker.unref();
    this.workers.push(entry);
    return entry;
  }

  private remove(entry: PoolWorker): void {
    const index = this.workers.indexOf(entry);
    if (index >= 0) this.workers.splice(index, 1);
    clearTimeout(entry.timer);
    clearTimeout(entry.idleTimer);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let entry = this.workers.find((w) => !w.task);
      if (!entry) {
        if (this.workers.length >= this.size) return;
        entry = this.spawn();
      }
      const task = this.queue.shift()!;
      entry.task = task;
      clearTimeout(entry.idleTimer);
      entry.worker.ref();
      entry.timer = setTimeout(() => this.timeout(entry), task.timeoutMs);
      entry.worker.postMessage({ module: task.module, fn: task.fn, args: task.args });
    }
  }

  private release(entry: PoolWorker): void {
    clearTimeout(entry.timer);
    entry.task = undefined;
    entry.worker.unref();
    entry.idleTimer = setTimeout(() => {
      this.remove(entry);
      void entry.worker.terminate();
    }, this.idleMs);
    entry.idleTimer.unref();
    this.dispatch();
  }

  private finish(entry: PoolWorker, reply: WorkerReply): void {
    const task = entry.task;
    if (!task) return;
    this.release(entry);
    if (reply.ok) {
      this.completed++;
      task.resolve(reply.value);
    } else {
      this.failed++;
      task.reject(toError(reply.error, task));
    }
  }

  private crash(entry: PoolWorker, error: unknown): void {
    const task = entry.task;
    entry.task = undefined;
    this.remove(entry);
    void entry.worker.terminate();
    if (task) {
      this.failed++;
      logger.error('Render-Worker abgestürzt', { task: task.fn, error: String(error) });
      task.reject(new AppError('RENDER_FAILED', undefined, { cause: error, details: { task: task.fn, diagnostics: String(error) } }));
    }
    this.dispatch();
  }

  private timeout(entry: PoolWorker): void {
    const task = entry.task;
    if (!task) return;
    entry.task = undefined;
    this.timedOut++;
    this.remove(entry);
    // The hanging render is ended with its thread; the next task gets a new worker.
    void entry.worker.terminate();
    logger.error('Dokumenterzeugung abgebrochen: Zeitlimit überschritten', { task: task.fn, timeoutMs: task.timeoutMs });
    task.reject(
      new AppError('RENDER_FAILED', `Das Dokument konnte nicht innerhalb von ${Math.round(task.timeoutMs / 1000)} Sekunden erzeugt werden und wurde abgebrochen.`, {
        details: { task: task.fn, timeoutMs: task.timeoutMs },
      }),
    );
    this.dispatch();
  }

  stats() {
    return {
      size: this.size,
      workers: this.workers.length,
      busy: this.workers.filter((w) => w.task).length,
      queued: this.queue.length,
      completed: this.completed,
      failed: this.failed,
      timedOut: this.timedOut,
    };
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    for (const task of this.queue.splice(0)) task.reject(new AppError('RENDER_FAILED', 'Die Dokumenterzeugung wurde beendet.'));
    await Promise.all(
      workers.map(async (entry) => {
        clearTimeout(entry.timer);
        clearTimeout(entry.idleTimer);
        entry.task?.reject(new AppError('RENDER_FAILED', 'Die Dokumenterzeugung wurde beendet.'));
        await entry.worker.terminate();
      }),
    );
  }
}

function defaultSize(): number {
  const configured = process.env.AQB_RENDER_WORKERS;
  if (configured !== undefined && /^\d+$/.test(configured)) return Number(configured);
  return Math.max(1, availableParallelism());
}

let pool: RenderPool | undefined;
let options: RenderPoolOptions = {};

/** Sets size and limits of the pool (before first use, or after closeRenderPool()). */
export function configureRenderPool(next: RenderPoolOptions): void {
  options = { ...options, ...next };
}

function getPool(): RenderPool | undefined {
  if (!pool) {
    const size = options.size ?? defaultSize();
    if (size === 0) return undefined;
    pool = new RenderPool(size, options.timeoutMs ?? 20_000, options.idleMs ?? 30_000);
  }
  return pool;
}

/**
 * Runs `module`'s export `fn` with `args` on a render worker and resolves with its result
 * (Uint8Array results are moved, not copied). Arguments travel as structured clones: plain data
 * only. Rejects with AppError('RENDER_FAILED') when the function throws, its worker dies or the
 * time limit passes; an AppError the function throws keeps its code.
 */
export async function runInRenderPool<T>(module: string, fn: string, ...args: unknown[]): Promise<T> {
  const target = IS_RENDER_WORKER ? undefined : getPool();
  if (!target) {
    const loaded = (await import(module)) as Record<string, (...a: unknown[]) => Promise<T>>;
    return IS_RENDER_WORKER ? loaded[fn]!(...args) : timed(renderDurations, { fn }, () => loaded[fn]!(...args));
  }
  // Timed from the request's side: queueing for a free worker counts, as the user waits for it too.
  return timed(
    renderDurations,
    { fn },
    () =>
      new Promise<T>((resolve, reject) => {
        target.run({ module, fn, args, timeoutMs: options.timeoutMs ?? 20_000, resolve: resolve as (value: unknown) => void, reject });
      }),
  );
}

const renderDurations = histogram('aqb_render_duration_seconds', 'Document renders (PDF, DOCX) by render function, queueing included.', [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20]);

/**
 * The URL of module `name` (without extension) next to `base` (the caller's import.meta.url), with
 * the caller's own extension: `.ts` when running from the sources, `.js` in the build. Lets a
 * module hand the render worker code that it never loads itself.
 */
export function siblingModule(base: string, name: string): string {
  const extension = /\.(m?[jt]sx?)$/.exec(new URL(base).pathname)?.[1] ?? 'js';
  return new URL(`${name}.${extension}`, base).href;
}

/** Workers, busy, queued, completed, failed and timed-out tasks (for a metrics endpoint). */
export function renderPoolStats() {
  return pool?.stats() ?? { size: options.size ?? defaultSize(), workers: 0, busy: 0, queued: 0, completed: 0, failed: 0, timedOut: 0 };
}

/** Ends every worker (shutdown, tests); the next render starts a new pool. */
export async function closeRenderPool(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.close();
}
