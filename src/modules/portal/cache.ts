import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { getPublicationStamp } from './service';

/*
 * In-process cache of rendered public portal responses. Published content only changes on a
 * publication, a Nachtrag or an edited page, so every entry is valid until the publication stamp
 * (count/newest id/date, one cheap query, at most once per STAMP_MAX_AGE_MS) changes or
 * invalidatePortalCache() is called. While the database is unreachable, cached pages are still
 * served; everything else answers the German 503 page.
 */

export const STAMP_MAX_AGE_MS = 1000;
/** Public, immutable-until-published pages the app serves through portalCache (mounted before CSRF and session). */
export const PORTAL_CACHED_PATHS = ['/portal', '/portal/*', '/opendata', '/opendata/*', '/leichte-sprache', '/impressum', '/datenschutz'] as const;
const MAX_ENTRIES = 1000;
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
}

class PortalCache {
  entries = new Map<string, Entry>();
  stamp: string | undefined;
  lastModified: Date | null = null;
  checkedAt = 0;
  /** Result of the last stamp check: while the database is down, requests do not each wait for a timeout. */
  isUp = true;
  inFlight: Promise<boolean> | undefined;

  constructor(private readonly database: AppDatabase) {}

  clear(): void {
    this.entries.clear();
    this.checkedAt = 0;
  }

  /** Refreshes the stamp (coalesced, rate-limited); false when the database did not answer. */
  async refresh(): Promise<boolean> {
    if (now() - this.checkedAt < STAMP_MAX_AGE_MS) return this.isUp;
    this.inFlight ??= (async () => {
      try {
        const { stamp, lastModified } = await getPublicationStamp(this.database.db);
        if (stamp !== this.stamp) {
          this.entries.clear();
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
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, entry);
  }
}

const caches = new Map<AppDatabase, PortalCache>();

function cacheFor(database: AppDatabase): PortalCache {
  let cache = caches.get(database);
  if (!cache) {
    cache = new PortalCache(database);
    caches.set(database, cache);
  }
  return cache;
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
 * Serves GET/HEAD of public portal pages from the cache, revalidates with ETag/Last-Modified
 * (304) and stores 200 responses. Public responses carry no cookie (Set-Cookie is stripped).
 */
export function portalCache(database: AppDatabase): MiddlewareHandler {
  const cache = cacheFor(database);
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const isUp = await cache.refresh();
    const url = c.req.url;
    // Scheme, host, path and query: the catalog's absolute URLs depend on the host.
    const key = url;
    const hit = cache.entries.get(key);
    if (hit) return respond(c, hit);
    if (!isUp) throw new AppError('DATABASE_UNAVAILABLE', 'Die Datenbank ist zurzeit nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut.');

    await next();
    if (c.res.status !== 200 || c.res.headers.get('cache-control')?.includes('no-store')) return;
    const body = new Uint8Array(await c.res.arrayBuffer());
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const lastModified = (cache.lastModified ?? new Date()).toUTCString();
    const headers = new Headers(c.res.headers);
    headers.delete('set-cookie');
    headers.set('ETag', etag);
    headers.set('Last-Modified', lastModified);
    headers.set('Cache-Control', CACHE_CONTROL);
    const record: Record<string, string> = {};
    headers.forEach((value, name) => (record[name] = value));
    const entry: Entry = { status: 200, body, headers: record, etag, lastModified };
    cache.store(key, entry);
    c.res = undefined as never;
    c.res = respond(c, entry);
  };
}
