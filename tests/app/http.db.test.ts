import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app';
import { applyDemoSetting } from '../../src/app/setup-database';
import { type AppDatabase, openPostgres } from '../../src/platform/db/client';
import { createTestDatabase } from '../support/test-database';

let database: AppDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('web application', () => {
  it('shows the Landesübersicht with both years, the 26 districts and the two real amounts', async () => {
    const response = await createApp({ database }).request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('AQB-Jahr 2024');
    expect(html).toContain('AQB-Jahr 2025');
    expect(html.match(/<tr class="kern-table__row" data-ags="/g)).toHaveLength(52);
    expect(html).toMatch(/Rheingau-Taunus-Kreis<\/a><\/th><td class="kern-table__cell" data-label="Regierungsbezirk">Darmstadt<\/td><td class="kern-table__cell kern-table__cell--numeric" data-label="Zugewiesener Betrag">787\.100,00 €/);
    expect(html).toMatch(/Landkreis Limburg-Weilburg<\/a><\/th><td class="kern-table__cell" data-label="Regierungsbezirk">Gießen<\/td><td class="kern-table__cell kern-table__cell--numeric" data-label="Zugewiesener Betrag">895\.210,00 €/);
    expect(html).not.toContain('Demodaten');
    expect(html).toContain('href="#inhalt"');
    // A visitor is linked to the portal page of a published agreement (staff get the staff page).
    expect(html).toContain('<a class="kern-link" href="/portal/zielvereinbarungen/2024/06439">Rheingau-Taunus-Kreis</a>');
    expect(html).not.toContain('href="/zielvereinbarungen/2024/06439"');
  });

  it('marks every page with demo data with the banner', async () => {
    await applyDemoSetting(database, true);
    const html = await (await createApp({ database }).request('/')).text();
    expect(html).toContain('<p class="kern-title">Demodaten</p>');
    await applyDemoSetting(database, false);
  });

  it('serves KERN CSS and fonts from the package, not a CDN', async () => {
    const app = createApp({ database });
    const css = await app.request('/assets/kern/kern.min.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    const font = await app.request('/assets/kern/fonts/fira-sans/FiraSans-Regular.woff2');
    expect(font.status).toBe(200);
    expect((await app.request('/assets/kern/../../package.json')).status).toBe(404);
    expect((await app.request('/assets/%2e%2e/server.ts')).status).toBe(404);
  });

  it('answers health and readiness', async () => {
    const app = createApp({ database });
    expect((await app.request('/healthz')).status).toBe(200);
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
  });

  it('answers unknown pages with a German 404 page and security headers', async () => {
    const response = await createApp({ database }).request('/gibt-es-nicht');
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('Seite nicht gefunden');
    expect(html).toContain('lang="de"');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('strict-transport-security')).toBeNull();
    const https = await createApp({ database }).request('/healthz', { headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers.get('strict-transport-security')).toContain('max-age=');
  });

  it('reports 503 on /readyz and a German error page without stack trace when the database is gone', async () => {
    // Nothing listens on port 1: the same as a stopped PostgreSQL server.
    const stopped = openPostgres('postgres://postgres@127.0.0.1:1/aqb', { max: 1 });
    const app = createApp({ database: stopped });
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'nicht bereit', message: 'Die Datenbank antwortet nicht.' });
    expect((await app.request('/healthz')).status).toBe(200);
    const page = await app.request('/');
    expect(page.status).toBe(503);
    const html = await page.text();
    expect(html).toContain('Die Datenbank ist zurzeit nicht erreichbar');
    expect(html).not.toMatch(/at \w+ \(|node_modules|ECONNREFUSED/);
    await stopped.close();
  });
});

describe('CSRF protection', () => {
  it('rejects a form post without the token and accepts it with the token the page carries', async () => {
    const app = createApp({ database });
    const rejected = await app.request('/', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'x=1' });
    expect(rejected.status).toBe(403);
    expect(await rejected.text()).toContain('Das Formular ist abgelaufen');
    const first = await app.request('/');
    const cookie = first.headers.get('set-cookie')!;
    const visitor = /aqb-csrf=([^;]+)/.exec(cookie)![1]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await (await app.request('/anmelden', { headers: { cookie: `aqb-csrf=${visitor}` } })).text())![1]!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const accepted = await app.request('/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `aqb-csrf=${visitor}` },
      body: `_csrf=${token}`,
    });
    // The token passes; there is no POST handler on "/", so the router answers 404.
    expect(accepted.status).toBe(404);
  });
});
