import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app';
import { TestClient } from '../../src/modules/access/testing/http-client';
import { generateTotpCode } from '../../src/modules/access/totp';
import type { AppDatabase } from '../../src/platform/db/client';
import { setLogLevel, setLogSink } from '../../src/platform/logger';
import { buildUser } from '../factories';
import { createTestDatabase, TEST_TARGET } from '../support/test-database';

/*
 * Structured logs and metrics (issue 17): one JSON line per request with its id, route pattern,
 * status and duration; the id on every line and in X-Request-Id; no e-mail address, password,
 * one-time code, token or cookie in any line. /metrics only with METRICS_TOKEN.
 */

const METRICS_TOKEN = 'metrics-token-0123456789abcdef-xyz';
let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let lines: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database, metricsToken: METRICS_TOKEN });
});
afterEach(() => {
  setLogSink();
  setLogLevel('silent');
});
afterAll(async () => {
  await database?.close();
});

function capture() {
  lines = [];
  setLogLevel('debug');
  setLogSink((line) => void lines.push(line));
}

describe('request logs', () => {
  it('writes one JSON line per request with id, route, status and duration, and answers the id in X-Request-Id', async () => {
    capture();
    const response = await app.request('http://localhost/zielvereinbarungen/2025/06439?suche=geheim');
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const request = entries.find((e) => e.message === 'request')!;
    expect(request).toMatchObject({ level: 'info', requestId: id, method: 'GET', route: '/zielvereinbarungen/:year{[0-9]{4}}/:ags{[0-9]{5}}', status: 303 });
    expect(typeof request.durationMs).toBe('number');
    expect(lines.join('')).not.toContain('geheim');

    const kept = await app.request('http://localhost/healthz', { headers: { 'x-request-id': 'nginx-5f2b9c0e1d' } });
    expect(kept.headers.get('x-request-id')).toBe('nginx-5f2b9c0e1d');
    const replaced = await app.request('http://localhost/healthz', { headers: { 'x-request-id': '<script>alert(1)</script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await app.request('http://localhost/gibt-es-nicht');
    expect(missing.status).toBe(404);
    expect(lines.map((l) => JSON.parse(l) as { route?: string }).at(-1)!.route).toBe('(keine Route)');
  });

  it('keeps e-mail addresses, passwords, one-time codes, tokens and cookies out of every line, and puts the request id on each', async () => {
    const user = await buildUser(database, 'hmsi', { totp: true, email: 'geheime.person@test.aqb.example', password: 'Sehr-Geheimes-Passwort-77' });
    capture();
    const client = new TestClient(app);
    await client.post('/anmelden', { email: user.email, password: 'Falsches-Passwort-Nr-1' });
    await client.post('/anmelden', { email: 'unbekannt.person@test.aqb.example', password: 'Noch-ein-Passwort-2' });
    await client.post('/anmelden', { email: user.email, password: user.password });
    const code = await generateTotpCode(user.totpSecret!);
    await client.post('/anmelden/code', { code });
    const created = await client.post('/konto/api-tokens', { name: 'Protokolltest' });
    const token = /aqb_[A-Za-z0-9_-]+/.exec(await created.text())![0];
    await app.request('http://localhost/api/v1/agreements', { headers: { authorization: `Bearer ${token}` } });
    await app.request('http://localhost/api/v1/agreements', { headers: { authorization: `Bearer ${token}x` } });
    await client.get(`/admin/protokoll?person=${encodeURIComponent(user.email)}`);
    // A request that fails inside (a 5xx would log the error): an unparseable body must not appear either.
    await app.request('http://localhost/api/v1/agreements', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"year": "Sehr-Geheimes-Passwort-77"' });

    expect(lines.length).toBeGreaterThan(8);
    const text = lines.join('');
    const secrets = [user.email, 'geheime.person', 'unbekannt.person', user.password, 'Falsches-Passwort-Nr-1', 'Noch-ein-Passwort-2', code, token, user.totpSecret!, ...[...client.cookies.values()]];
    for (const secret of secrets) expect(text, `log contains ${secret.slice(0, 12)}…`).not.toContain(secret);
    for (const line of lines) {
      const entry = JSON.parse(line) as { requestId?: string };
      expect(entry.requestId, line).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

describe('/metrics', () => {
  it('does not exist without a token, refuses a wrong one and serves the Prometheus text format with the right one', async () => {
    const without = createApp({ database });
    expect((await without.request('http://localhost/metrics')).status).toBe(404);
    expect((await without.request('http://localhost/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);

    expect((await app.request('http://localhost/metrics')).status).toBe(401);
    const wrong = await app.request('http://localhost/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}0` } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Bearer');

    await app.request('http://localhost/');
    await app.request('http://localhost/portal');
    await app.request('http://localhost/portal');
    const response = await app.request('http://localhost/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const body = await response.text();
    expect(body).toMatch(/^aqb_http_requests_total\{method="GET",route="\/",status="200"\} [1-9]\d*$/m);
    expect(body).toMatch(/^aqb_http_request_duration_seconds_bucket\{method="GET",route="\/portal",le="\+Inf"\} [1-9]\d*$/m);
    expect(body).toMatch(/^aqb_http_request_duration_seconds_count\{method="GET",route="\/portal"\} [1-9]\d*$/m);
    expect(body).toMatch(/^aqb_portal_cache_entries [1-9]\d*$/m);
    expect(body).toMatch(/^aqb_portal_cache_lookups\{result="hit"\} [1-9]\d*$/m);
    expect(body).toMatch(/^aqb_render_pool_tasks\{state="queued"\} \d+$/m);
    expect(body).toMatch(/^process_resident_memory_bytes \d+$/m);
    if (TEST_TARGET === 'postgres') {
      expect(body).toMatch(/^aqb_db_query_duration_seconds_count [1-9]\d*$/m);
      expect(body).toMatch(/^aqb_db_pool_clients\{state="total"\} \d+$/m);
    }
    // Every sample line is "name{labels} number": what a Prometheus scraper accepts.
    for (const line of body.trim().split('\n')) if (!line.startsWith('#')) expect(line).toMatch(/^[a-z_:][a-z0-9_:]*(\{.*\})? -?[0-9.e+-]+$/);
  });
});
