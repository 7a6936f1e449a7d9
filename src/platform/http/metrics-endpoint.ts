import { timingSafeEqual } from 'node:crypto';
import type { Handler } from 'hono';
import { renderMetrics } from '../metrics';

/**
 * GET /metrics in the Prometheus text format, for a scraper holding the token
 * (`Authorization: Bearer <METRICS_TOKEN>`). Without a configured token the endpoint does not
 * exist (404, like any unknown path); a wrong or missing token is 401.
 */
export function metricsEndpoint(token: string | undefined): Handler {
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  return (c) => {
    if (!expected) return c.notFound();
    const given = Buffer.from(c.req.header('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      c.header('Cache-Control', 'no-store');
      return c.text('Für /metrics ist ein gültiges Token nötig (Authorization: Bearer …).\n', 401);
    }
    c.header('Cache-Control', 'no-store');
    return c.body(renderMetrics(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
  };
}
