import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { getPublicationStamp, parseListFilter } from './service';
import { filterQuery } from './views/list-page';

/*
 * In-process cache of rendered public portal responses. Published content only changes on a
 * publication, a Nachtrag or an edited page, so every entry is valid until the publication stamp
 * (count/newest id/date, one cheap query, at most once per STAMP_MAX_AGE_MS) changes or
 * invalidatePortalCache() is called. While the database is unreachable, cached pages are still
 * served; everything else answers the German 503 page.
 */

export const STAMP_MAX_AGE_MS = 1000;
/**
 * With LISTEN/NOTIFY on PostgreSQL (several processes, docs/decisions/0018) a change reaches every
 * process at commit; the stamp check is then only the fallback for a lost notification.
 */
export const LISTENING_STAMP_MAX_AGE_MS = 10_000;
/** The channel the migration's triggers notify when published content changes. */
export const PORTAL_CHANGED_CHANNEL = 'aqb_portal_changed';
/** Public, immutable-until-published pages the app serves through portalCache (mounted before CSRF and session). */
export const PORTAL_CACHED_PATHS = ['/portal', '/portal/*', '/opendata', '/opendata/*', '/leichte-sprache', '/impressum', '/datenschutz'] as const;
/** Default memory budget of the cache: bodies, headers and keys together. */
export const DEFAULT_CACHE_BYTES = 32 * 1024 * 1024;
/** A response larger than this share of the budget is streamed through and not kept. */
const MAX_ENTRY_SHARE = 8;
export const CACHE_CONTROL = 'public, max-age=300, stale-if-error=86400';

/** The clock of the stamp check; tests move it forward instead of sleeping (setPortalCacheClock). */
let now: () => number = () => Date.now();

/** Replaces the cache's clock (tests); without an argument the real clock is back. */
export function setPortalCacheClock(clock?: () => number): void {
  now = clock ?? (() => Date.now());
}

interface Entry {
  status: number;
  body: Uint8Array<ArrayBuffer>;
  headers: Record<string, string>;
  etag: string;
  lastModified: string;
  /** What this entry costs the budget: body, header strings, key. */
  bytes: number;
}

/** Size, hits and misses of the portal page cache (for a metrics endpoint). */
export interface PortalCacheStats {
  entries: number;
  bytes: number;
  maxBytes: number;
  hits: number;
  misses: number;
  /** Change notifications received from PostgreSQL (LISTEN). */
  notifications: number;
}

/** The paths whose pages read query parameters, and how: anything else is keyed without a query. */
const QUERY_READERS: Record<string, (params: URLSearchParams) => string> = {
  '/portal/zielvereinbarungen': (params) => filterQuery(parseListFilter(Object.fromEntries(params))),
};

/**
 * The cache key of a request: scheme, host (the catalogue's absolute URLs depend on it), path and
 * the normalised parameters the page actually reads. Unknown parameters, their order and invalid
 * values (which the page ignores too) map to the same key, so random query strings cannot fill
 * the cache with copies of one page.
 */
export function portalCacheKey(url: string): string {
  const parsed = new URL(url);
  const reader = QUERY_READERS[parsed.pathname];
  return `${parsed.origin}${parsed.pathname}${reader ? reader(parsed.searchParams) : ''}`;
}

class PortalCache {
  /** Least recently used first (a hit moves its entry to the end). */
  entries = new Map<string, Entry>();
  bytes = 0;
  hits = 0;
  misses = 0;
  stamp: string | undefined;
  lastModified: Date | null = null;
  checkedAt = 0;
  /** Result of the last stamp check: while the database is down, requests do not each wait for a timeout. */
  isUp = true;
  inFlight: Promise<boolean> | undefined;
  stampMaxAgeMs = STAMP_MAX_AGE_MS;
  /** Notifications received (for tests and metrics). */
  notifications = 0;

  constructor(
    private readonly database: AppDatabase,
    readonly maxBytes: number,
  ) {}

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
    this.checkedAt = 0;
  }

  get maxEntryBytes(): number {
    return Math.floor(this.maxBytes / MAX_ENTRY_SHARE);
  }

  get(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Refreshes the stamp (coalesced, rate-limited); false when the database did not answer. */
  async refresh(): Promise<boolean> {
    if (now() - this.checkedAt < this.stampMaxAgeMs) return this.isUp;
    this.inFlight ??= (async () => {
      try {
        const { stamp, lastModified } = await getPublicationStamp(this.database.db);
        if (stamp !== this.stamp) {
          this.entries.clear();
          this.bytes = 0;
          this.stamp = stamp;
        }
        this.lastModified = lastModified;
        this.isUp = true;
        return true;
      } catch {
        this.isUp = false;
        return false;
      } finally {
        this.checkedAt = now();
        this.inFlight = undefined;
      }
    })();
    return this.inFlight;
  }

  store(key: string, entry: Entry): void {
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.bytes -= previous.bytes;
    }
    if (entry.bytes > this.maxEntryBytes) return;
    // Evict least recently used entries until the new one fits the budget.
    for (const [oldKey, old] of this.entries) {
      if (this.bytes + entry.bytes <= this.maxBytes) break;
      this.entries.delete(oldKey);
      this.bytes -= old.bytes;
    }
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
  }
}

const caches = new Map<AppDatabase, PortalCache>();

function cacheFor(database: AppDatabase, maxBytes: number, listen: boolean): PortalCache {
  let cache = caches.get(database);
  if (!cache) {
    const created = new PortalCache(database, maxBytes);
    cache = created;
    caches.set(database, created);
    if (listen && database.listen) {
      // Every process clears its cache when another one (or itself) publishes; after a lost
      // connection notifications may be missing, so the cache starts over then too.
      database
        .listen(
          PORTAL_CHANGED_CHANNEL,
          () => {
            created.notifications++;
            created.clear();
          },
          () => created.clear(),
        )
        .then(() => {
          created.stampMaxAgeMs = LISTENING_STAMP_MAX_AGE_MS;
        })
        .catch(() => {
          // No listener (e.g. a connection limit): the per-second stamp check keeps working alone.
        });
    }
  }
  return cache;
}

/** Entries, bytes, budget, hits and misses of every portal cache of this process (summed). */
export function portalCacheStats(): PortalCacheStats {
  const stats: PortalCacheStats = { entries: 0, bytes: 0, maxBytes: 0, hits: 0, misses: 0, notifications: 0 };
  for (const cache of caches.values()) {
    stats.entries += cache.entries.size;
    stats.bytes += cache.bytes;
    stats.maxBytes += cache.maxBytes;
    stats.hits += cache.hits;
    stats.misses += cache.misses;
    stats.notifications += cache.notifications;
  }
  return stats;
}

/** Drops every cached portal response; the publication workflow calls this after publish or amendment. */
export function invalidatePortalCache(): void {
  for (const cache of caches.values()) cache.clear();
}

/** Forgets the cache of a closed database (tests open many). */
export function releasePortalCache(database: AppDatabase): void {
  caches.delete(database);
}

function isNotModified(c: Context, entry: Entry): boolean {
  const inm = c.req.header('if-none-match');
  if (inm !== undefined) return inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === entry.etag || tag.trim() === '*');
  const ims = c.req.header('if-modified-since');
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return Number.isFinite(since) && Date.parse(entry.lastModified) <= since;
}

function respond(c: Context, entry: Entry): Response {
  if (isNotModified(c, entry)) {
    return new Response(null, { status: 304, headers: { ETag: entry.etag, 'Last-Modified': entry.lastModified, 'Cache-Control': CACHE_CONTROL } });
  }
  // A plain header record and a Uint8Array body keep @hono/node-server on its fast path.
  if (c.req.method === 'HEAD') return new Response(null, { status: entry.status, headers: { ...entry.headers } });
  return new Response(entry.body, { status: entry.status, headers: { ...entry.headers } });
}

/**
 * Reads a body up to `limit` bytes. Returns the bytes, or — when the body is larger — a stream of
 * the chunks read so far followed by the rest, so a large file is passed through, not buffered.
 */
async function readUpTo(body: ReadableStream<Uint8Array> | null, limit: number): Promise<{ bytes: Uint8Array<ArrayBuffer> } | { stream: ReadableStream<Uint8Array> }> {
  if (!body) return { bytes: new Uint8Array(0) };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size > limit) {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const chunk of chunks) controller.enqueue(chunk);
          chunks.length = 0;
        },
        async pull(controller) {
          const next = await reader.read();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        },
        cancel(reason) {
          return reader.cancel(reason);
        },
      });
      return { stream };
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes };
}

/**
 * Serves GET/HEAD of public portal pages from the cache, revalidates with ETag/Last-Modified
 * (304) and stores 200 responses, least recently used out first within `maxBytes`. Public
 * responses carry no cookie (Set-Cookie is stripped).
 */
export function portalCache(database: AppDatabase, options: { maxBytes?: number; listen?: boolean } = {}): MiddlewareHandler {
  const cache = cacheFor(database, options.maxBytes ?? DEFAULT_CACHE_BYTES, options.listen ?? false);
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const isUp = await cache.refresh();
    const key = portalCacheKey(c.req.url);
    const hit = cache.get(key);
    if (hit) {
      cache.hits++;
      return respond(c, hit);
    }
    cache.misses++;
    if (!isUp) throw new AppError('DATABASE_UNAVAILABLE', 'Die Datenbank ist zurzeit nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut.');

    await next();
    if (c.res.status !== 200 || c.res.headers.get('cache-control')?.includes('no-store')) return;
    const headers = new Headers(c.res.headers);
    headers.delete('set-cookie');
    const read = await readUpTo(c.res.body, cache.maxEntryBytes);
    if ('stream' in read) {
      // Too large to keep (e.g. the open data of all years): streamed through, not cached.
      headers.set('Cache-Control', CACHE_CONTROL);
      c.res = undefined as never;
      c.res = new Response(c.req.method === 'HEAD' ? null : read.stream, { status: 200, headers });
      return;
    }
    const body = read.bytes;
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const lastModified = (cache.lastModified ?? new Date()).toUTCString();
    headers.set('ETag', etag);
    headers.set('Last-Modified', lastModified);
    headers.set('Cache-Control', CACHE_CONTROL);
    const record: Record<string, string> = {};
    let headerBytes = 0;
    headers.forEach((value, name) => {
      record[name] = value;
      headerBytes += name.length + value.length;
    });
    const entry: Entry = { status: 200, body, headers: record, etag, lastModified, bytes: body.byteLength + headerBytes + key.length * 2 + 200 };
    cache.store(key, entry);
    c.res = undefined as never;
    c.res = respond(c, entry);
  };
}
