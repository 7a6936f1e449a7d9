import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { fuzzRuns } from '../../../tests/support/fuzz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { TestClient } from './testing/http-client';
import { buildUser } from '../../../tests/factories';
import { generateTotpCode } from './totp';
import { createOidcClient } from '../../platform/oidc';
import { startTestProvider, type TestProvider } from '../../../tests/support/oidc-provider';

/**
 * Every form of the access module with 1,000 generated inputs each: oversized and binary strings,
 * __proto__/constructor keys, duplicated and missing fields, multipart bodies. Expected: no
 * response ≥ 500 and no stack trace in any body.
 */

const RUNS = fuzzRuns();
const STACK = /\n\s+at [^\n]+[:(]|node_modules|\.tsx?:\d+|TypeError|ReferenceError|SyntaxError: /;

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let provider: TestProvider;
let oidcApp: ReturnType<typeof createApp>;
beforeAll(async () => {
  [database, provider] = await Promise.all([createTestDatabase(), startTestProvider()]);
  app = createApp({ database });
  oidcApp = createApp({ database, oidc: createOidcClient(provider.config()) });
});
afterAll(async () => {
  await provider?.close();
  await database?.close();
});

const huge = fc.constantFrom('x'.repeat(100_000), 'ä'.repeat(20_000), '\u0000'.repeat(1000), '€'.repeat(5000), '<script>alert(1)</script>'.repeat(2000));
const text = fc.oneof({ weight: 6, arbitrary: fc.string({ maxLength: 60 }) }, { weight: 1, arbitrary: huge }, { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) }, { weight: 1, arbitrary: fc.constantFrom('', ' ', '06439', 'hmsi', 'district', '123456', 'a@b.de', '/konto', '//evil.example') });

/** Form fields: the expected names (sometimes missing or repeated) plus hostile extra keys. */
function fields(names: string[]): fc.Arbitrary<[string, string][]> {
  const known = fc.array(fc.tuple(fc.constantFrom(...names), text), { maxLength: names.length + 3 });
  const hostile = fc.array(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', '__proto__[isAdmin]', 'role', 'weiter', ''), text), { maxLength: 3 });
  return fc.tuple(known, hostile).map(([a, b]) => [...a, ...b]);
}

const tallies = new Map<string, { requests: number; statuses: Map<number, number>; failures: string[] }>();

function tally(form: string, status: number, body: string): void {
  const entry = tallies.get(form) ?? { requests: 0, statuses: new Map<number, number>(), failures: [] };
  tallies.set(form, entry);
  entry.requests++;
  entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
  if (status >= 500) entry.failures.push(`${status}: ${body.slice(0, 300)}`);
  if (STACK.test(body)) entry.failures.push(`stack trace: ${body.slice(0, 300)}`);
}

async function send(c: TestClient, path: string, pairs: [string, string][], multipart: boolean, form: string, ip: string, target = app): Promise<void> {
  if (!c.csrf()) await c.get('/anmelden');
  let response: Response;
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  if (multipart) {
    const body = new FormData();
    body.append('_csrf', c.csrf());
    for (const [k, v] of pairs) body.append(k, v);
    response = await target.request(`http://localhost${path}`, { method: 'POST', body, headers: { cookie, 'x-forwarded-for': ip } });
  } else {
    const body = new URLSearchParams([['_csrf', c.csrf()], ...pairs]);
    response = await target.request(`http://localhost${path}`, { method: 'POST', body: body.toString(), headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip } });
  }
  tally(form, response.status, await response.text());
}

async function signedIn(role: 'district' | 'admin'): Promise<TestClient> {
  const user = await buildUser(database, role, { totp: role === 'admin' });
  const c = new TestClient(app, 'http://localhost', { 'x-forwarded-for': `192.0.2.${role === 'admin' ? 1 : 2}` });
  await c.post('/anmelden', { email: user.email, password: user.password });
  if (user.totpSecret) await c.post('/anmelden/code', { code: await generateTotpCode(user.totpSecret) });
  return c;
}

let formCounter = 0;

/** `beforeEach` may reset state, e.g. the throttle, so the inputs reach the checks behind it. */
async function fuzz(form: string, path: string, names: string[], client: () => Promise<TestClient>, beforeEach?: () => Promise<void>, target = app): Promise<void> {
  const c = await client();
  formCounter += 1;
  const ip = `198.51.100.${formCounter}`;
  await fc.assert(
    fc.asyncProperty(fields(names), fc.boolean(), async (pairs, multipart) => {
      await beforeEach?.();
      await send(c, path, pairs, multipart && pairs.every(([, v]) => v.length < 50_000), form, ip, target);
    }),
    { numRuns: RUNS },
  );
  const tally = tallies.get(form);
  console.log(`fuzz ${form}: ${tally?.requests} requests (${[...(tally?.statuses ?? [])].map(([s, n]) => `${s}×${n}`).join(' ')})`);
  expect(tally?.requests).toBeGreaterThanOrEqual(RUNS);
  expect(tally?.failures).toEqual([]);
}

describe('access forms under fuzzing', () => {
  it('POST /anmelden', async () => {
    await buildUser(database, 'district', { email: 'fuzz@test.aqb.example' });
    await fuzz('Anmelden', '/anmelden', ['email', 'password', 'weiter'], async () => new TestClient(app));
  }, 600_000);

  it('POST /anmelden/passwort (forced change)', async () => {
    await fuzz('Neues Passwort', '/anmelden/passwort', ['newPassword', 'repeatPassword', 'weiter'], async () => {
      const { createUser } = await import('./users');
      const { user, oneTimePassword } = await database.db.transaction((tx) => createUser(tx, null, { email: 'fuzz-otp@test.aqb.example', name: 'Fuzz', role: 'district', ags: '06439' }));
      const c = new TestClient(app);
      await c.post('/anmelden', { email: user.email, password: oneTimePassword });
      return c;
    });
  }, 600_000);

  it('POST /anmelden/code', async () => {
    await fuzz('Code', '/anmelden/code', ['code', 'weiter'], async () => {
      const user = await buildUser(database, 'hmsi', { totp: true });
      const c = new TestClient(app);
      await c.post('/anmelden', { email: user.email, password: user.password });
      return c;
    }, async () => {
      // Without this, five wrong codes lock the account and every later input only meets the throttle.
      await database.db.execute(sql`delete from login_attempts`);
    });
  }, 600_000);

  it('POST /konto/passwort and /konto/api-tokens', async () => {
    await fuzz('Passwort ändern', '/konto/passwort', ['currentPassword', 'newPassword', 'repeatPassword'], () => signedIn('district'));
    await fuzz('API-Token', '/konto/api-tokens', ['name'], () => signedIn('district'));
  }, 600_000);

  it('POST /admin/benutzer', async () => {
    await fuzz('Konto anlegen', '/admin/benutzer', ['name', 'email', 'role', 'ags'], () => signedIn('admin'));
  }, 600_000);

  it('POST /admin/benutzer/:id/bearbeiten', async () => {
    const target = await buildUser(database, 'district', { email: 'fuzz-bearbeiten@test.aqb.example' });
    await fuzz('Konto bearbeiten', `/admin/benutzer/${target.id}/bearbeiten`, ['name', 'email', 'role', 'ags'], () => signedIn('admin'));
  }, 600_000);

  it('POST /admin/benutzer/wartend/:id (role for a waiting Landeskonto)', async () => {
    const email = 'fuzz-wartend@hessen.test';
    await fuzz('Rolle zuweisen', '/admin/benutzer/wartend/999001', ['role', 'ags'], () => signedIn('admin'), async () => {
      // A successful assignment uses the waiting entry up: put it back, so every input meets the checks.
      await database.db.execute(sql`delete from users where email = ${email}`);
      await database.db.execute(sql`insert into oidc_waiting_accounts (id, issuer, subject, email, name) values (999001, 'http://fuzz', 'fuzz-sub', ${email}, 'Fuzz Wartend') on conflict do nothing`);
    });
  }, 600_000);

  it('POST /anmelden/landeskonto (start at the real provider)', async () => {
    await fuzz('Landeskonto', '/anmelden/landeskonto', ['weiter'], async () => new TestClient(oidcApp), undefined, oidcApp);
  }, 600_000);

  it('GET /anmelden/landeskonto/rueckkehr with generated code, state, iss and error parameters', async () => {
    const param = fc.tuple(fc.constantFrom('code', 'state', 'iss', 'error', 'error_description', 'session_state', '__proto__'), text);
    await fc.assert(
      fc.asyncProperty(fc.array(param, { maxLength: 6 }), fc.boolean(), fc.boolean(), async (pairs, begin, realState) => {
        const c = new TestClient(oidcApp);
        const query = new URLSearchParams(pairs.map(([k, v]) => [k, v.slice(0, 4000)]));
        if (begin) {
          // A begun sign-in (cookie + stored state): the junk reaches the provider's token endpoint.
          const start = await c.post('/anmelden/landeskonto', {});
          if (realState) query.set('state', new URL(start.headers.get('location')!).searchParams.get('state')!);
        }
        const response = await c.get(`/anmelden/landeskonto/rueckkehr?${query.toString()}`);
        tally('Rückkehr vom Landeskonto', response.status, await response.text());
        expect(c.sessionCookie()).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
    const entry = tallies.get('Rückkehr vom Landeskonto');
    console.log(`fuzz Rückkehr vom Landeskonto: ${entry?.requests} requests (${[...(entry?.statuses ?? [])].map(([s, n]) => `${s}×${n}`).join(' ')})`);
    expect(entry?.failures).toEqual([]);
  }, 600_000);
});
