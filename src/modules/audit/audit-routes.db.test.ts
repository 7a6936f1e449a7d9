import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { TestClient } from '../access/testing/http-client';
import { buildUser } from '../../../tests/factories';
import { generateTotpCode } from '../access/totp';

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
});
afterAll(async () => {
  await database?.close();
});

async function signedIn(role: 'hmsi' | 'admin' | 'district' | 'rp', name = `Prüferin ${role}`) {
  const user = await buildUser(database, role, { totp: role !== 'district', name });
  const c = new TestClient(app);
  await c.post('/anmelden', { email: user.email, password: user.password });
  if (user.totpSecret) await c.post('/anmelden/code', { code: await generateTotpCode(user.totpSecret) });
  return Object.assign(c, { userId: user.id });
}

describe('/admin/protokoll', () => {
  it('shows the newest events with names and the intact chain to HMSI and administrators', async () => {
    for (const role of ['admin', 'hmsi'] as const) {
      const c = await signedIn(role);
      const response = await c.get('/admin/protokoll');
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('Hash-Kette intakt');
      expect(html).toContain('<code>user.create</code>');
      expect(html).toContain('Prüferin admin');
    }
  });

  it('is closed to district and RP users and to anonymous visitors', async () => {
    expect((await (await signedIn('district')).get('/admin/protokoll')).status).toBe(403);
    expect((await (await signedIn('rp')).get('/admin/protokoll')).status).toBe(403);
    expect((await new TestClient(app).get('/admin/protokoll')).status).toBe(303);
  });

  it('filters by action, person and period, shows changed fields only and pages with the filter kept', async () => {
    const c = await signedIn('admin');
    const adminId = c.userId;
    const byAction = await (await c.get('/admin/protokoll?aktion=user.create')).text();
    expect(byAction).toContain('Konto angelegt');
    expect(byAction).not.toContain('<code>session.signIn</code>');
    const byPerson = await (await c.get(`/admin/protokoll?person=${adminId}`)).text();
    expect(byPerson).toContain('<code>session.signIn</code>');
    expect(byPerson).not.toContain('<code>user.create</code>'); // accounts were created by the system in the factory
    const system = await (await c.get('/admin/protokoll?person=system&aktion=user.')).text();
    expect(system).toContain('<code>user.create</code>');
    const future = await (await c.get('/admin/protokoll?von=2099-01-01')).text();
    expect(future).toContain('Keine Ereignisse passen zu diesem Filter.');
    const today = new Date().toISOString().slice(0, 10);
    const [y, m, d] = today.split('-');
    expect(await (await c.get(`/admin/protokoll?von=${d}.${m}.${y}&bis=${today}&aktion=user.create`)).text()).toContain('Konto angelegt');
    // changed fields: a deactivation shows isActive true → false and not the unchanged name
    const other = await buildUser(database, 'district', { name: 'Zu Deaktivierende' });
    const form = await c.get(`/admin/benutzer/${other.id}/deaktivieren`);
    expect(form.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
    expect((await c.post(`/admin/benutzer/${other.id}/deaktivieren`, { _csrf: csrf ?? '' })).status).toBeLessThan(400);
    const deactivation = await (await c.get('/admin/protokoll?aktion=user.deactivate')).text();
    expect(deactivation).toMatch(/<strong>isActive: <\/strong><code class="secret">true<\/code> → <code class="secret">false<\/code>/);
    expect(deactivation).not.toContain('<strong>name: </strong>');
    // paging keeps the filter
    for (let i = 0; i < 55; i += 1) await buildUser(database, 'district');
    const first = await (await c.get('/admin/protokoll?aktion=user.create')).text();
    const older = /href="(\/admin\/protokoll\?aktion=user.create&amp;vor=\d+)"/.exec(first)?.[1];
    expect(older).toBeDefined();
    const second = await (await c.get(older!.replaceAll('&amp;', '&'))).text();
    expect(second).toContain('(ältere Seite)');
    expect(second).not.toContain('<code>session.signIn</code>');
  });

  it('rejects an impossible period with German messages next to the fields and shows nothing', async () => {
    const c = await signedIn('hmsi');
    const response = await c.get('/admin/protokoll?von=31.02.2026&bis=2026-01-01');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Bitte geben Sie ein gültiges Datum ein (TT.MM.JJJJ).');
    const reversed = await (await c.get('/admin/protokoll?von=2026-02-01&bis=2026-01-01')).text();
    expect(reversed).toContain('Das Enddatum liegt vor dem Anfangsdatum.');
    expect(reversed).not.toContain('<code>user.create</code>');
  });

  it('exports the filtered selection as CSV with German labels and guarded cells', async () => {
    const c = await signedIn('admin', '=HYPERLINK("x")');
    const response = await c.get('/admin/protokoll.csv?aktion=user.create');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const csv = await response.text();
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Nr.;Zeitpunkt (UTC);Wer;Aktion;Aktion (technisch);Datensatz;Kennung;Geänderte Felder;Hash');
    expect(lines.slice(1).every((line) => line.includes(';Konto angelegt;user.create;Konto;'))).toBe(true);
    const signIns = await (await c.get(`/admin/protokoll.csv?person=${c.userId}`)).text();
    // the person's name starts with "=": the cell is quoted and guarded, never a formula
    expect(signIns).toContain(`;"'=HYPERLINK(""x"")";Angemeldet;session.signIn;`);
    expect(signIns).not.toMatch(/;=HYPERLINK/);
    expect((await (await signedIn('district')).get('/admin/protokoll.csv')).status).toBe(403);
  });

  it('reports a tampered chain', async () => {
    const c = await signedIn('admin');
    await database.db.execute(sql`update audit_events set actor_id = '999' where sequence = 1`);
    const html = await (await c.get('/admin/protokoll')).text();
    expect(html).toContain('Hash-Kette beschädigt ab Ereignis 1');
  });
});
