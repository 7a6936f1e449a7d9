import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { logger, withLogContext } from '../logger';
import { counter, histogram } from '../metrics';

/** An incoming X-Request-Id (from the reverse proxy, e.g. nginx's $request_id) is kept when it looks like an id. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

const requests = counter('aqb_http_requests_total', 'HTTP requests by method, route pattern and status.');
const durations = histogram('aqb_http_request_duration_seconds', 'Time to the response headers by method and route pattern.');

declare module 'hono' {
  interface ContextVariableMap {
    requestId: string;
  }
}

/**
 * The route pattern that answered ("/zielvereinbarungen/:year/:ags"), never the path itself: it
 * keeps metrics bounded and keeps ids, search words and e-mail addresses out of the log.
 */
function routeOf(c: Parameters<MiddlewareHandler>[0]): string {
  try {
    const routes = matchedRoutes(c);
    const handler = routes.filter((route) => route.method !== 'ALL').at(-1) ?? routes.filter((route) => route.path !== '*' && route.path !== '/*').at(-1);
    return handler?.path ?? '(keine Route)';
  } catch {
    return '(unbekannt)';
  }
}

/**
 * Gives every request an id (kept from X-Request-Id when the proxy sent a sane one), answers it
 * in `X-Request-Id`, puts it on every log line written while the request runs, and writes one
 * line per request: method, route pattern, status, duration. Query strings, bodies, cookies and
 * the Authorization header are never logged.
 */
export function requestLog(): MiddlewareHandler {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    const started = performance.now();
    await withLogContext({ requestId }, async () => {
      try {
        await next();
      } finally {
        const seconds = (performance.now() - started) / 1000;
        const route = routeOf(c);
        const status = c.res.status;
        try {
          c.res.headers.set('X-Request-Id', requestId);
        } catch {
          // Immutable headers (a Response made elsewhere): answer a copy.
          const copy = new Response(c.res.body, c.res);
          copy.headers.set('X-Request-Id', requestId);
          c.res = undefined as never;
          c.res = copy;
        }
        requests.inc({ method: c.req.method, route, status: String(status) });
        durations.observe({ method: c.req.method, route }, seconds);
        const level = status >= 500 ? 'error' : 'info';
        logger[level]('request', { method: c.req.method, route, status, durationMs: Math.round(seconds * 10_000) / 10 });
      }
    });
  };
}
