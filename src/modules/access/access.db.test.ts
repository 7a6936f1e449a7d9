import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { verifyAuditChain } from '../../platform/audit/store';
import { TestClient } from './testing/http-client';
import { buildUser } from '../../../tests/factories';
import { generateTotpCode, TOTP_PERIOD_SECONDS } from './totp';
import { deactivateUser } from './users';
import { hashToken } from './tokens';

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
});
afterAll(async () => {
  await database?.close();
});

let addressCounter = 0;
/** A client from its own address, so per-address throttling of one test does not leak into another. */
function client(options: { https?: boolean } = {}) {
  addressCounter += 1;
  const headers: Record<string, string> = {};
  if (options.https) headers['x-forwarded-proto'] = 'https';
  return new TestClient(app, 'http://localhost', headers, `203.0.113.${addressCounter}`);
}

async function signIn(c: TestClient, email: string, password: string, weiter?: string) {
  return c.post('/anmelden', { email, password, ...(weiter ? { weiter } : {}) });
}

async function sessionCount(userId: number): Promise<number> {
  const result = await database.db.execute(sql`select count(*)::int as n from sessions where user_id = ${Number(userId)}`);
  return Number((result as unknown as { rows: { n: number }[] }).rows[0]?.n);
}

describe('sign-in with password', () => {
  it('signs a district user in, sets an HttpOnly SameSite=Lax cookie and shows the account page', async () => {
    const user = await buildUser(database, 'district');
    const c = client();
    const response = await signIn(c, user.email.toUpperCase(), user.password, '/konto');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/konto');
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('aqb-session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
    // A browser-session cookie: the server enforces idle and absolute timeouts.
    expect(cookie).not.toMatch(/Max-Age|Expires/i);
    // Only the hash of the cookie value is stored.
    const stored = await database.db.execute(sql`select id from sessions where user_id = ${Number(user.id)}`);
    expect((stored as unknown as { rows: { id: string }[] }).rows.map((r) => r.id)).toEqual([hashToken(c.sessionCookie() as string)]);
    const page = await c.get('/konto');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1 class="kern-heading-large">Mein Konto</h1>');
    expect(html).toContain('Angemeldet als');
    expect(html).toContain('Rheingau-Taunus-Kreis');
  });

  it('uses __Host-aqb-session with Secure behind HTTPS (x-forwarded-proto)', async () => {
    const user = await buildUser(database, 'district');
    const c = client({ https: true });
    const response = await signIn(c, user.email, user.password);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('__Host-aqb-session='));
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    expect((await c.get('/konto')).status).toBe(200);
  });

  it('answers a wrong password and an unknown account with the same message', async () => {
    const user = await buildUser(database, 'district');
    const wrong = await signIn(client(), user.email, 'falsches-Passwort-123');
    const unknown = await signIn(client(), 'niemand@test.aqb.example', 'falsches-Passwort-123');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = await wrong.text();
    expect(a).toContain('E-Mail-Adresse oder Passwort ist falsch.');
    expect(await unknown.text()).toContain('E-Mail-Adresse oder Passwort ist falsch.');
    expect(wrong.headers.getSetCookie().some((l) => l.startsWith('aqb-session='))).toBe(false);
  });

  it('shows German field errors for empty fields', async () => {
    const response = await client().post('/anmelden', { email: '', password: '' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('Bitte geben Sie Ihre E-Mail-Adresse an.');
    expect(html).toContain('Bitte geben Sie Ihr Passwort an.');
    expect(html).toContain('aria-invalid="true"');
  });

  it('refuses a deactivated account with the generic message', async () => {
    const user = await buildUser(database, 'district');
    await database.db.transaction((tx) => deactivateUser(tx, null, user.id));
    const response = await signIn(client(), user.email, user.password);
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('E-Mail-Adresse oder Passwort ist falsch.');
  });

  it('only redirects to local paths after sign-in', async () => {
    const user = await buildUser(database, 'district');
    const response = await signIn(client(), user.email, user.password, '//evil.example/x');
    expect(response.headers.get('location')).toBe('/aufgaben'); // never the foreign address: the start page after sign-in
  });
});

describe('throttling', () => {
  it('locks an account after 5 failures in 15 minutes, even for the right password, without revealing the account', async () => {
    const user = await buildUser(database, 'district');
    for (let i = 0; i < 5; i++) expect((await signIn(client(), user.email, `falsch-${i}-xxxxxxxx`)).status).toBe(401);
    const locked = await signIn(client(), user.email, user.password);
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('Zu viele fehlgeschlagene Anmeldeversuche');
    // The same answer for an account that does not exist.
    for (let i = 0; i < 5; i++) await signIn(client(), 'gibt-es-nicht@test.aqb.example', `falsch-${i}-xxxxxxxx`);
    expect((await signIn(client(), 'gibt-es-nicht@test.aqb.example', 'irgendwas-langes')).status).toBe(429);
    // After the window the account works again.
    await database.db.execute(sql`update login_attempts set at = at - interval '16 minutes' where email = ${user.email}`);
    expect((await signIn(client(), user.email, user.password)).status).toBe(303);
  });

  it('locks an address after 20 failures, whichever accounts were tried', async () => {
    const user = await buildUser(database, 'district');
    const attacker = client();
    for (let i = 0; i < 20; i++) await signIn(attacker, `opfer-${i}@test.aqb.example`, 'falsch-xxxxxxxxxx');
    const blocked = await signIn(attacker, user.email, user.password);
    expect(blocked.status).toBe(429);
    // The account itself is not locked for others.
    expect((await signIn(client(), user.email, user.password)).status).toBe(303);
  });
});

describe('sessions', () => {
  it('issues a new session id at every sign-in and ends the previous session of the browser', async () => {
    const user = await buildUser(database, 'district');
    const c = client();
    await signIn(c, user.email, user.password);
    const first = c.sessionCookie() as string;
    await signIn(c, user.email, user.password);
    const second = c.sessionCookie() as string;
    expect(second).not.toBe(first);
    expect(await sessionCount(user.id)).toBe(1);
    const old = new TestClient(app);
    old.cookies.set('aqb-session', first);
    expect((await old.get('/konto')).status).toBe(303);
  });

  it('ends a session after 30 idle minutes', async () => {
    const user = await buildUser(database, 'district');
    const c = client();
    await signIn(c, user.email, user.password);
    await database.db.execute(sql`update sessions set last_seen_at = now() - interval '29 minutes' where user_id = ${Number(user.id)}`);
    expect((await c.get('/konto')).status).toBe(200);
    await database.db.execute(sql`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = ${Number(user.id)}`);
    const response = await c.get('/konto');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/anmelden?weiter=%2Fkonto');
    expect(await sessionCount(user.id)).toBe(0);
  });

  it('ends a session 12 hours after sign-in even when active', async () => {
    const user = await buildUser(database, 'district');
    const c = client();
    await signIn(c, user.email, user.password);
    const row = await database.db.execute(sql`select extract(epoch from expires_at - created_at)::int as seconds from sessions where user_id = ${Number(user.id)}`);
    expect((row as unknown as { rows: { seconds: number }[] }).rows[0]?.seconds).toBe(12 * 3600);
    await database.db.execute(sql`update sessions set expires_at = now() - interval '1 second', last_seen_at = now() where user_id = ${Number(user.id)}`);
    expect((await c.get('/konto')).status).toBe(303);
    expect(await sessionCount(user.id)).toBe(0);
  });

  it('signs out with POST /abmelden; the old cookie value is dead', async () => {
    const user = await buildUser(database, 'district');
    const c = client();
    await signIn(c, user.email, user.password);
    const value = c.sessionCookie() as string;
    const response = await c.post('/abmelden', {});
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/anmelden?abgemeldet');
    expect(c.sessionCookie()).toBeUndefined();
    expect(await sessionCount(user.id)).toBe(0);
    const replay = new TestClient(app);
    replay.cookies.set('aqb-session', value);
    expect((await replay.get('/konto')).status).toBe(303);
    expect(await (await c.get('/anmelden?abgemeldet')).text()).toContain('Sie haben sich abgemeldet.');
  });

  it('refuses sign-out without the CSRF token', async () => {
    const user = await buildUser(database, 'district');
    const c = client();
    await signIn(c, user.email, user.password);
    const response = await app.request('http://localhost/abmelden', { method: 'POST', headers: { cookie: `aqb-session=${c.sessionCookie()}`, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(response.status).toBe(403);
    expect(await sessionCount(user.id)).toBe(1);
  });

  it('ends every session of an account when it is deactivated', async () => {
    const user = await buildUser(database, 'district');
    const a = client();
    const b = client();
    await signIn(a, user.email, user.password);
    await signIn(b, user.email, user.password);
    expect(await sessionCount(user.id)).toBe(2);
    await database.db.transaction((tx) => deactivateUser(tx, null, user.id));
    expect(await sessionCount(user.id)).toBe(0);
    expect((await a.get('/konto')).status).toBe(303);
    expect((await b.get('/konto')).status).toBe(303);
  });

  it('redirects anonymous HTML requests to the sign-in page and answers /api with 401 JSON', async () => {
    const page = await client().get('/konto?x=1');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/anmelden?weiter=%2Fkonto%3Fx%3D1');
    const api = await client().get('/api/konto');
    expect(api.status).toBe(401);
    expect(api.headers.get('www-authenticate')).toContain('Bearer');
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });
});

describe('one-time password and second factor', () => {
  it('forces a new password after a one-time password, with German policy messages', async () => {
    const c = client();
    const { createUser } = await import('./users');
    const { oneTimePassword, user } = await database.db.transaction((tx) => createUser(tx, null, { email: 'neu-kreis@test.aqb.example', name: 'Neue Koordinatorin', role: 'district', ags: '06533' }));
    const response = await signIn(c, user.email, oneTimePassword, '/konto');
    expect(response.headers.get('location')).toBe('/anmelden/passwort?weiter=%2Fkonto');
    // Not signed in yet.
    expect((await c.get('/konto')).status).toBe(303);
    const page = await c.get('/anmelden/passwort?weiter=%2Fkonto');
    expect(await page.text()).toContain('Neues Passwort festlegen');
    const weak = await c.post('/anmelden/passwort', { newPassword: 'kurz', repeatPassword: 'kurz', weiter: '/konto' });
    expect(weak.status).toBe(422);
    expect(await weak.text()).toContain('mindestens 12 Zeichen');
    const mismatch = await c.post('/anmelden/passwort', { newPassword: 'Lindenallee-Brunnen-7', repeatPassword: 'Lindenallee-Brunnen-8', weiter: '/konto' });
    expect(await mismatch.text()).toContain('stimmen nicht überein');
    const pendingCookie = c.sessionCookie();
    const done = await c.post('/anmelden/passwort', { newPassword: 'Lindenallee-Brunnen-7', repeatPassword: 'Lindenallee-Brunnen-7', weiter: '/konto' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/konto');
    expect(c.sessionCookie()).not.toBe(pendingCookie);
    expect((await c.get('/konto')).status).toBe(200);
    // The one-time password is gone.
    expect((await signIn(client(), user.email, oneTimePassword)).status).toBe(401);
  });

  for (const role of ['hmsi', 'rp', 'admin'] as const) {
    it(`requires TOTP setup for ${role} at the first sign-in`, async () => {
      const user = await buildUser(database, role);
      const c = client();
      const response = await signIn(c, user.email, user.password);
      expect(response.headers.get('location')).toBe('/anmelden/zwei-faktor-einrichten');
      expect((await c.get('/konto')).status).toBe(303);
      expect((await c.get('/api/konto')).status).toBe(401);
      const html = await (await c.get('/anmelden/zwei-faktor-einrichten')).text();
      const uri = /otpauth:\/\/totp\/[^<"]+/.exec(html)?.[0] as string;
      const secret = new URL(uri.replaceAll('&amp;', '&')).searchParams.get('secret') as string;
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(html.replace(/\s/g, '')).toContain(secret);
      const wrong = await c.post('/anmelden/zwei-faktor-einrichten', { code: '000000' === (await generateTotpCode(secret)) ? '111111' : '000000' });
      expect(wrong.status).toBe(422);
      const ok = await c.post('/anmelden/zwei-faktor-einrichten', { code: await generateTotpCode(secret) });
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toBe('/aufgaben');
      const me = await c.get('/api/konto');
      expect(me.status).toBe(200);
      expect(((await me.json()) as { role: string }).role).toBe(role);
    });
  }

  it('asks for the code at later sign-ins and refuses a replayed code', async () => {
    const user = await buildUser(database, 'hmsi', { totp: true });
    const secret = user.totpSecret as string;
    const c = client();
    const first = await signIn(c, user.email, user.password, '/konto');
    expect(first.headers.get('location')).toBe('/anmelden/code?weiter=%2Fkonto');
    const pending = c.sessionCookie();
    expect((await c.post('/anmelden/code', { code: 'abc', weiter: '/konto' })).status).toBe(422);
    const code = await generateTotpCode(secret);
    const ok = await c.post('/anmelden/code', { code, weiter: '/konto' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/konto');
    expect(c.sessionCookie()).not.toBe(pending);
    expect((await c.get('/konto')).status).toBe(200);
    // The same code again (another browser, same 30-second window): refused.
    const other = client();
    await signIn(other, user.email, user.password);
    const replay = await other.post('/anmelden/code', { code });
    expect(replay.status).toBe(422);
    expect(await replay.text()).toContain('schon verwendet');
    // The next step's code works.
    const next = await generateTotpCode(secret, new Date(Date.now() + TOTP_PERIOD_SECONDS * 1000));
    expect((await other.post('/anmelden/code', { code: next })).status).toBe(303);
  });

  it('lets a district user set up TOTP voluntarily on the account page', async () => {
    const user = await buildUser(database, 'district');
    const c = client();
    await signIn(c, user.email, user.password);
    const html = await (await c.get('/konto/zwei-faktor')).text();
    const secret = new URL((/otpauth:\/\/totp\/[^<"]+/.exec(html)?.[0] as string).replaceAll('&amp;', '&')).searchParams.get('secret') as string;
    const ok = await c.post('/konto/zwei-faktor', { code: await generateTotpCode(secret) });
    expect(ok.headers.get('location')).toBe('/konto?gespeichert=zwei-faktor');
    await c.post('/abmelden', {});
    expect((await signIn(c, user.email, user.password)).headers.get('location')).toBe('/anmelden/code');
  });
});

describe('account page', () => {
  it('changes the password (current one required) and ends the other sessions', async () => {
    const user = await buildUser(database, 'district');
    const a = client();
    const b = client();
    await signIn(a, user.email, user.password);
    await signIn(b, user.email, user.password);
    const wrong = await a.post('/konto/passwort', { currentPassword: 'nicht-richtig-123', newPassword: 'Neuer-Pfad-am-Fluss-9', repeatPassword: 'Neuer-Pfad-am-Fluss-9' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Das bisherige Passwort ist falsch.');
    const ok = await a.post('/konto/passwort', { currentPassword: user.password, newPassword: 'Neuer-Pfad-am-Fluss-9', repeatPassword: 'Neuer-Pfad-am-Fluss-9' });
    expect(ok.headers.get('location')).toBe('/konto?gespeichert=passwort');
    expect((await a.get('/konto')).status).toBe(200);
    expect((await b.get('/konto')).status).toBe(303);
    expect((await signIn(client(), user.email, 'Neuer-Pfad-am-Fluss-9')).status).toBe(303);
  });
});

describe('personal API tokens', () => {
  it('creates a token shown once, authenticates with it, and refuses it after revocation', async () => {
    const user = await buildUser(database, 'district', { ags: '06533' });
    const c = client();
    await signIn(c, user.email, user.password);
    const empty = await c.post('/konto/api-tokens', { name: '  ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Bitte geben Sie dem Token einen Namen.');
    // NUL cannot be stored in PostgreSQL text: a German field error, not a server error.
    const nul = await c.post('/konto/api-tokens', { name: 'Skript\u0000' });
    expect(nul.status).toBe(422);
    expect(await nul.text()).toContain('Nullzeichen (U+0000)');
    const created = await c.post('/konto/api-tokens', { name: 'Auswertung' });
    expect(created.status).toBe(201);
    const html = await created.text();
    const token = /aqb_[A-Za-z0-9_-]{43}/.exec(html)?.[0] as string;
    expect(token).toBeDefined();
    // Shown once: the account page afterwards lists only the hint.
    const later = await (await c.get('/konto')).text();
    expect(later).not.toContain(token);
    expect(later).toContain(`${token.slice(0, 8)}…`);
    const stored = await database.db.execute(sql`select token_hash from api_tokens where user_id = ${Number(user.id)}`);
    expect((stored as unknown as { rows: { token_hash: string }[] }).rows[0]?.token_hash).toBe(hashToken(token));

    const api = await app.request('/api/konto', { headers: { authorization: `Bearer ${token}` } });
    expect(api.status).toBe(200);
    expect(await api.json()).toMatchObject({ id: user.id, role: 'district', ags: '06533' });
    expect((await app.request('/api/konto', { headers: { authorization: 'Bearer aqb_kaputt' } })).status).toBe(401);
    expect((await app.request('/api/konto', { headers: { authorization: `Bearer ${token.slice(0, -1)}x` } })).status).toBe(401);

    const [row] = (await database.db.execute(sql`select id from api_tokens where user_id = ${Number(user.id)}`) as unknown as { rows: { id: number }[] }).rows;
    const confirm = await c.get(`/konto/api-tokens/${row?.id}/widerrufen`);
    expect(await confirm.text()).toContain('Ja, widerrufen');
    const revoked = await c.post(`/konto/api-tokens/${row?.id}/widerrufen`, {});
    expect(revoked.status).toBe(303);
    const refused = await app.request('/api/konto', { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(401);
  });

  it('cannot revoke another user’s token, and a deactivated user’s token stops working', async () => {
    const owner = await buildUser(database, 'district');
    const other = await buildUser(database, 'district');
    const { createApiToken } = await import('./api-tokens');
    const { token, summary } = await database.db.transaction((tx) => createApiToken(tx, owner.id, 'Skript'));
    const c = client();
    await signIn(c, other.email, other.password);
    expect((await c.post(`/konto/api-tokens/${summary.id}/widerrufen`, {})).status).toBe(404);
    expect((await app.request('/api/konto', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await database.db.transaction((tx) => deactivateUser(tx, null, owner.id));
    expect((await app.request('/api/konto', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });
});

describe('user administration', () => {
  async function signInAdmin() {
    const admin = await buildUser(database, 'admin', { totp: true });
    const c = client();
    await signIn(c, admin.email, admin.password);
    await c.post('/anmelden/code', { code: await generateTotpCode(admin.totpSecret as string) });
    return { admin, c };
  }

  it('is for administrators only', async () => {
    const user = await buildUser(database, 'district');
    const c = client();
    await signIn(c, user.email, user.password);
    expect((await c.get('/admin/benutzer')).status).toBe(403);
    expect((await client().get('/admin/benutzer')).status).toBe(303);
  });

  it('creates accounts with a one-time password, validates in German, deactivates after confirmation', async () => {
    const { c } = await signInAdmin();
    const list = await c.get('/admin/benutzer');
    expect(list.status).toBe(200);
    const invalid = await c.post('/admin/benutzer', { name: 'Kai Kreis', email: 'kein-at', role: 'district', ags: '' });
    expect(invalid.status).toBe(422);
    const invalidHtml = await invalid.text();
    expect(invalidHtml).toContain('gültige E-Mail-Adresse');
    expect(invalidHtml).toContain('braucht die Gebietskörperschaft');
    const created = await c.post('/admin/benutzer', { name: 'Kai Kreis', email: 'Kai.Kreis@Test.AQB.example', role: 'district', ags: '06439' });
    expect(created.status).toBe(201);
    const password = /id="einmalpasswort">\s*([a-z0-9-]{23})/.exec(await created.text())?.[1] as string;
    expect(password).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const duplicate = await c.post('/admin/benutzer', { name: 'Kai Kreis', email: 'kai.kreis@test.aqb.example', role: 'district', ags: '06439' });
    expect(await duplicate.text()).toContain('gibt es bereits ein Konto');

    const kai = client();
    expect((await signIn(kai, 'kai.kreis@test.aqb.example', password)).headers.get('location')).toBe('/anmelden/passwort');
    const [row] = (await database.db.execute(sql`select id from users where email = 'kai.kreis@test.aqb.example'`) as unknown as { rows: { id: number }[] }).rows;
    const confirm = await c.get(`/admin/benutzer/${row?.id}/deaktivieren`);
    expect(await confirm.text()).toContain('Ja, deaktivieren');
    expect((await c.post(`/admin/benutzer/${row?.id}/deaktivieren`, {})).headers.get('location')).toBe('/admin/benutzer?deaktiviert');
    expect(await sessionCount(Number(row?.id))).toBe(0);
    expect(await (await c.get('/admin/benutzer?deaktiviert')).text()).toContain('deaktiviert');
  });

  it('resets an account (forgotten password, lost authenticator) with a new one-time password', async () => {
    const { admin, c } = await signInAdmin();
    const user = await buildUser(database, 'hmsi', { totp: true });
    const victim = client();
    await signIn(victim, user.email, user.password);
    await victim.post('/anmelden/code', { code: await generateTotpCode(user.totpSecret as string) });
    expect((await victim.get('/konto')).status).toBe(200);
    expect(await (await c.get(`/admin/benutzer/${user.id}/zuruecksetzen`)).text()).toContain('Ja, zurücksetzen');
    const reset = await c.post(`/admin/benutzer/${user.id}/zuruecksetzen`, {});
    expect(reset.status).toBe(200);
    const password = /id="einmalpasswort">\s*([a-z0-9-]{23})/.exec(await reset.text())?.[1] as string;
    expect(password).toBeDefined();
    expect((await victim.get('/konto')).status).toBe(303);
    expect((await signIn(client(), user.email, user.password)).status).toBe(401);
    const again = client();
    expect((await signIn(again, user.email, password)).headers.get('location')).toBe('/anmelden/passwort');
    const changed = await again.post('/anmelden/passwort', { newPassword: 'Neues-Gartenhaus-2026', repeatPassword: 'Neues-Gartenhaus-2026' });
    expect(changed.headers.get('location')).toBe('/anmelden/zwei-faktor-einrichten');
    expect((await c.post(`/admin/benutzer/${admin.id}/zuruecksetzen`, {})).status).toBe(409);
  });

  it('edits name, e-mail, role and district (German messages, no duplicate e-mail, never the own role) and ends the sessions when permissions change', async () => {
    const { admin, c } = await signInAdmin();
    const user = await buildUser(database, 'district', { ags: '06439', name: 'Dora Distrikt' });
    const dora = client();
    await signIn(dora, user.email, user.password);
    expect((await dora.get('/konto')).status).toBe(200);
    const other = await buildUser(database, 'rp');
    const [otherRow] = (await database.db.execute(sql`select email from users where id = ${other.id}`) as unknown as { rows: { email: string }[] }).rows;

    const page = await (await c.get(`/admin/benutzer/${user.id}/bearbeiten`)).text();
    expect(page).toContain('value="Dora Distrikt"');
    expect(page).toMatch(/<option value="06439" selected(="")?>Rheingau-Taunus-Kreis<\/option>/);

    const taken = await c.post(`/admin/benutzer/${user.id}/bearbeiten`, { name: 'Dora Distrikt', email: otherRow!.email, role: 'district', ags: '06439' });
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('gibt es bereits ein Konto');
    const noDistrict = await c.post(`/admin/benutzer/${user.id}/bearbeiten`, { name: 'Dora Distrikt', email: user.email, role: 'district', ags: '' });
    expect(await noDistrict.text()).toContain('braucht die Gebietskörperschaft');
    // A name change alone keeps the session.
    expect((await c.post(`/admin/benutzer/${user.id}/bearbeiten`, { name: 'Dora Distrikt-Neu', email: user.email, role: 'district', ags: '06439' })).headers.get('location')).toBe('/admin/benutzer?geaendert');
    expect((await dora.get('/konto')).status).toBe(200);
    // Another district: the old sessions end, the new permission applies at the next sign-in.
    expect((await c.post(`/admin/benutzer/${user.id}/bearbeiten`, { name: 'Dora Distrikt-Neu', email: user.email, role: 'district', ags: '06533' })).status).toBe(303);
    expect((await dora.get('/konto')).status).toBe(303);
    expect(await sessionCount(user.id)).toBe(0);
    const [row] = (await database.db.execute(sql`select name, ags from users where id = ${user.id}`) as unknown as { rows: { name: string; ags: string }[] }).rows;
    expect(row).toEqual({ name: 'Dora Distrikt-Neu', ags: '06533' });
    // The own role stays.
    const own = await c.post(`/admin/benutzer/${admin.id}/bearbeiten`, { name: 'Admin', email: admin.email, role: 'hmsi', ags: '' });
    expect(own.status).toBe(422);
    expect(await own.text()).toContain('Ihre eigene Rolle können Sie nicht ändern');
    expect((await c.get('/admin/benutzer/999999/bearbeiten')).status).toBe(404);
  });

  it('records account changes in an intact audit chain', async () => {
    const result = await verifyAuditChain(database.db);
    expect(result.ok).toBe(true);
    const actions = (await database.db.execute(sql`select distinct action from audit_events`) as unknown as { rows: { action: string }[] }).rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['user.create', 'user.deactivate', 'user.changePassword', 'user.enableTotp', 'apiToken.create', 'apiToken.revoke', 'user.resetAccess', 'user.update']));
  });
});
