import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app';
import { createApiToken } from '../../src/modules/access/service';
import { TestClient } from '../../src/modules/access/testing/http-client';
import { generateTotpCode } from '../../src/modules/access/totp';
import { FEEDBACK_PER_ADDRESS } from '../../src/modules/portal/routes';
import type { AppDatabase } from '../../src/platform/db/client';
import { csrfTokenFor } from '../../src/platform/http/csrf';
import { buildUser as makeUser } from '../factories';
import { createTestDatabase } from '../support/test-database';

/**
 * Issue 11, sign-in and session defects, each against the real app and database: second-factor
 * guessing, spoofed X-Forwarded-For, CSRF tokens not bound to the session, API tokens surviving a
 * password change, cacheable private pages, unthrottled anonymous forms.
 */

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let addressCounter = 0;
beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database, trustedProxies: ['127.0.0.1'] });
});
afterAll(async () => {
  await database?.close();
});

/** A browser on its own socket address (what the server sees as the peer). */
function browser(address = `198.51.100.${++addressCounter}`, headers: Record<string, string> = {}) {
  return new TestClient(app, 'http://localhost', headers, address);
}

async function wrongCode(secret: string): Promise<string> {
  const right = await generateTotpCode(secret);
  return right === '000000' ? '111111' : '000000';
}

describe('second factor', () => {
  it('locks the account after 5 wrong codes, and a correct password does not reset the count', async () => {
    const user = await makeUser(database, 'hmsi', { totp: true });
    const attacker = browser();
    // The attacker knows the password: sign in again after every two wrong codes.
    for (let round = 0; round < 3; round++) {
      const signedIn = await attacker.post('/anmelden', { email: user.email, password: user.password });
      expect(signedIn.headers.get('location')).toBe('/anmelden/code');
      for (let i = 0; i < 2; i++) {
        const response = await attacker.post('/anmelden/code', { code: await wrongCode(user.totpSecret!) });
        if (round * 2 + i < 5) expect(response.status).toBe(422);
        else expect(response.status).toBe(429);
      }
    }
    // Even the right code and a fresh password step are refused now.
    await attacker.post('/anmelden', { email: user.email, password: user.password });
    const locked = await attacker.post('/anmelden/code', { code: await generateTotpCode(user.totpSecret!) });
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('Zu viele falsche Codes');
    // From another address too: the count belongs to the account.
    const other = browser();
    await other.post('/anmelden', { email: user.email, password: user.password });
    expect((await other.post('/anmelden/code', { code: await generateTotpCode(user.totpSecret!) })).status).toBe(429);
  });
});

describe('client address', () => {
  it('ignores X-Forwarded-For from a direct client: 20 failures from one socket lock that address, whatever it claims', async () => {
    const address = `203.0.113.${++addressCounter}`;
    for (let i = 0; i < 20; i++) {
      const spoofing = browser(address, { 'x-forwarded-for': `192.0.2.${i}` });
      await spoofing.post('/anmelden', { email: `niemand-${i}@test.aqb.example`, password: 'falsch-falsch-falsch' });
    }
    const user = await makeUser(database, 'district');
    const blocked = await browser(address, { 'x-forwarded-for': '192.0.2.250' }).post('/anmelden', { email: user.email, password: user.password });
    expect(blocked.status).toBe(429);
  });

  it('believes X-Forwarded-For only from a trusted proxy (TRUSTED_PROXIES)', async () => {
    // Through the trusted proxy 127.0.0.1: each forwarded client is counted on its own.
    for (let i = 0; i < 20; i++) {
      await browser('127.0.0.1', { 'x-forwarded-for': '198.18.0.1' }).post('/anmelden', { email: `niemand-${i}@test.aqb.example`, password: 'falsch-falsch-falsch' });
    }
    const user = await makeUser(database, 'district');
    expect((await browser('127.0.0.1', { 'x-forwarded-for': '198.18.0.1' }).post('/anmelden', { email: user.email, password: user.password })).status).toBe(429);
    // A client-added entry before the proxy's own does not move the count elsewhere.
    expect((await browser('127.0.0.1', { 'x-forwarded-for': '10.9.9.9, 198.18.0.1' }).post('/anmelden', { email: user.email, password: user.password })).status).toBe(429);
    expect((await browser('127.0.0.1', { 'x-forwarded-for': '198.18.0.2' }).post('/anmelden', { email: user.email, password: user.password })).status).toBe(303);
  });
});

describe('CSRF bound to the session', () => {
  it('refuses a token from another session and an injected visitor cookie with its matching token', async () => {
    const alice = await makeUser(database, 'district');
    const bob = await makeUser(database, 'district');
    const a = browser();
    const b = browser();
    await a.post('/anmelden', { email: alice.email, password: alice.password });
    await b.post('/anmelden', { email: bob.email, password: bob.password });
    // Bob's token in a form Alice's browser sends: refused.
    const crossed = await a.post('/konto/api-tokens', { name: 'Fremd', _csrf: b.csrf() });
    expect(crossed.status).toBe(403);
    expect(await crossed.text()).toContain('Das Formular ist abgelaufen');
    // An attacker who planted a visitor cookie knows its token; with a session it does not count.
    const planted = 'a'.repeat(43);
    a.cookies.set('aqb-csrf', planted);
    expect((await a.post('/konto/api-tokens', { name: 'Gepflanzt', _csrf: csrfTokenFor(`anon:${planted}`) })).status).toBe(403);
    // The own session's token passes.
    expect((await a.post('/konto/api-tokens', { name: 'Eigenes' })).status).toBe(201);
  });

  it('renews the token at sign-in and sign-out: the earlier one is refused', async () => {
    const user = await makeUser(database, 'district');
    const c = browser();
    await c.get('/anmelden');
    const beforeSignIn = c.csrf();
    await c.post('/anmelden', { email: user.email, password: user.password });
    const signedIn = c.csrf();
    expect(signedIn).not.toBe(beforeSignIn);
    expect((await c.post('/konto/api-tokens', { name: 'Alt', _csrf: beforeSignIn })).status).toBe(403);
    await c.post('/abmelden', {});
    expect(c.sessionCookie()).toBeUndefined();
    const afterSignOut = c.csrf();
    expect(afterSignOut).not.toBe(beforeSignIn);
    expect(afterSignOut).not.toBe(signedIn);
    // The signed-in token is worthless now, the pre-sign-in one too.
    expect((await c.post('/anmelden', { email: user.email, password: user.password, _csrf: signedIn })).status).toBe(403);
    expect((await c.post('/anmelden', { email: user.email, password: user.password, _csrf: beforeSignIn })).status).toBe(403);
    expect((await c.post('/anmelden', { email: user.email, password: user.password })).status).toBe(303);
  });

  it('refuses a form post from a foreign Origin even with a valid token', async () => {
    const user = await makeUser(database, 'district');
    const c = browser();
    await c.get('/anmelden');
    expect((await c.post('/anmelden', { email: user.email, password: user.password }, { origin: 'https://boese.example' })).status).toBe(403);
    expect((await c.post('/anmelden', { email: user.email, password: user.password }, { origin: 'http://localhost' })).status).toBe(303);
  });
});

describe('password change and caching', () => {
  it('revokes the API tokens of the account when its password changes', async () => {
    const user = await makeUser(database, 'district');
    const { token } = await database.db.transaction((tx) => createApiToken(tx, user.id, 'Skript'));
    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.request('/api/konto', { headers: bearer })).status).toBe(200);
    const c = browser();
    await c.post('/anmelden', { email: user.email, password: user.password });
    const changed = await c.post('/konto/passwort', { currentPassword: user.password, newPassword: 'Walnussbaum-Uferweg-88', repeatPassword: 'Walnussbaum-Uferweg-88' });
    expect(changed.status).toBe(303);
    const refused = await app.request('/api/konto', { headers: bearer });
    expect(refused.status).toBe(401);
    expect((await c.get('/konto')).status).toBe(200);
  });

  it('refuses weak new passwords in the form: spaces, zero-width spaces, repeats, the product’s words', async () => {
    const user = await makeUser(database, 'district');
    const c = browser();
    await c.post('/anmelden', { email: user.email, password: user.password });
    for (const weak of [' '.repeat(12), '\u200b'.repeat(12), 'abcabcabcabc', 'Zielvereinbarung']) {
      const response = await c.post('/konto/passwort', { currentPassword: user.password, newPassword: weak, repeatPassword: weak });
      expect(response.status, JSON.stringify(weak)).toBe(422);
    }
  });

  it('sends Cache-Control: no-store with signed-in pages and every API response', async () => {
    const user = await makeUser(database, 'hmsi');
    const { token } = await database.db.transaction((tx) => createApiToken(tx, user.id, 'Cache'));
    const bearer = { authorization: `Bearer ${token}` };
    for (const path of ['/', '/zielvereinbarungen', '/jahre', '/api/v1/agreements', '/api/konto', '/api/v1/agreements/2024/06439', '/gibt-es-nicht']) {
      const response = await app.request(path, { headers: bearer });
      expect(response.headers.get('cache-control'), path).toBe('no-store');
    }
    expect((await app.request('/api/v1/agreements')).headers.get('cache-control')).toBe('no-store');
  });
});

describe('anonymous forms', () => {
  it(`accepts ${FEEDBACK_PER_ADDRESS} accessibility feedback messages per address and hour, then 429 with a German message`, async () => {
    const address = `192.0.2.${++addressCounter}`;
    const c = browser(address);
    await c.get('/barrierefreiheit');
    for (let i = 0; i < FEEDBACK_PER_ADDRESS; i++) {
      expect((await c.post('/barrierefreiheit/rueckmeldung', { message: `Kontrast zu gering (${i})` })).status).toBe(303);
    }
    const throttled = await c.post('/barrierefreiheit/rueckmeldung', { message: 'Noch eine' });
    expect(throttled.status).toBe(429);
    expect(await throttled.text()).toContain('Bitte versuchen Sie es später erneut');
    // Somebody else is not affected.
    const other = browser();
    await other.get('/barrierefreiheit');
    expect((await other.post('/barrierefreiheit/rueckmeldung', { message: 'Andere Adresse' })).status).toBe(303);
  });
});
