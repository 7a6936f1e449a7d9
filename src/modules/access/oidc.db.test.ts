import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { verifyAuditChain } from '../../platform/audit/store';
import { createOidcClient } from '../../platform/oidc';
import { createTestDatabase } from '../../../tests/support/test-database';
import { startTestProvider, type TestProvider } from '../../../tests/support/oidc-provider';
import { buildUser } from '../../../tests/factories';
import { TestClient } from './testing/http-client';
import { generateTotpCode } from './totp';

/**
 * Sign-in with the Landeskonto against a real OpenID provider (oidc-provider on loopback): the
 * browser's way is driven with fetch through the provider's authorization endpoint and
 * interaction; the app exchanges the code at the provider's token endpoint, checks the ID token
 * (signature, issuer, audience, expiry, nonce), state and PKCE.
 */

let database: AppDatabase;
let provider: TestProvider;
let app: ReturnType<typeof createApp>;
let counter = 0;

beforeAll(async () => {
  [database, provider] = await Promise.all([createTestDatabase(), startTestProvider()]);
  app = createApp({ database, oidc: createOidcClient(provider.config()) });
});
afterAll(async () => {
  await provider?.close();
  await database?.close();
});

function browser(target = app) {
  counter += 1;
  return new TestClient(target, 'http://localhost', {}, `198.51.100.${counter}`);
}

function person(claims: Record<string, unknown> = {}, login: { amr?: string[]; acr?: string } = { amr: ['pwd'] }) {
  counter += 1;
  const accountId = `sub-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const email = `landeskonto-${counter}@hessen.test`;
  provider.setAccount(accountId, { email, email_verified: true, name: `Landes Person ${counter}`, ...claims });
  provider.nextLogin({ accountId, ...login });
  return { accountId, email };
}

/** Starts the sign-in in the app and walks the provider; returns the callback address (not yet sent). */
async function toCallback(client: TestClient): Promise<string> {
  const start = await client.post('/anmelden/landeskonto', {});
  expect(start.status).toBe(303);
  const location = start.headers.get('location') ?? '';
  expect(location.startsWith(`${provider.issuer}/auth?`)).toBe(true);
  const auth = new URL(location);
  expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
  expect(auth.searchParams.get('nonce')).toBeTruthy();
  expect(auth.searchParams.get('state')).toBeTruthy();
  return provider.authorize(location);
}

async function auditEvents(action: string): Promise<Array<{ record_id: string | null; actor_id: number | null; after: Record<string, unknown> | null }>> {
  const result = await database.db.execute(sql`select record_id, actor_id, after from audit_events where action = ${action} order by sequence`);
  return (result as unknown as { rows: Array<{ record_id: string | null; actor_id: number | null; after: Record<string, unknown> | null }> }).rows;
}

async function userByEmail(email: string) {
  const result = await database.db.execute(sql`select id, role, ags, oidc_issuer, oidc_subject from users where email = ${email}`);
  return (result as unknown as { rows: Array<{ id: number; role: string; ags: string | null; oidc_issuer: string | null; oidc_subject: string | null }> }).rows[0];
}

describe('sign-in with the Landeskonto (OIDC, real provider on loopback)', () => {
  it('shows "Mit Landeskonto anmelden" only when configured', async () => {
    const withOidc = await (await browser().get('/anmelden')).text();
    expect(withOidc).toContain('Mit Landeskonto anmelden');
    const plain = createApp({ database });
    expect(await (await new TestClient(plain).get('/anmelden')).text()).not.toContain('Landeskonto');
    expect((await new TestClient(plain).get('/anmelden/landeskonto/rueckkehr?code=x&state=y')).status).toBe(404);
  });

  it('creates the account from the claims at the first sign-in, links issuer + subject and lands signed in', async () => {
    const { accountId, email } = person({ aqb_rolle: 'district', ags: '06439' });
    const client = browser();
    const callback = await toCallback(client);
    const response = await client.get(callback);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/aufgaben');
    const user = await userByEmail(email);
    expect(user).toMatchObject({ role: 'district', ags: '06439', oidc_issuer: provider.issuer, oidc_subject: accountId });
    const konto = await client.get('/api/konto');
    expect(await konto.json()).toMatchObject({ email, role: 'district', ags: '06439' });
    const signIns = (await auditEvents('session.signIn')).filter((e) => Number(e.actor_id) === Number(user!.id));
    expect(signIns.at(-1)?.after).toMatchObject({ method: 'oidc', stage: 'active' });
    const created = (await auditEvents('user.create')).filter((e) => Number(e.record_id) === Number(user!.id));
    expect(created[0]?.after).toMatchObject({ via: 'oidc', role: 'district' });

    // The second sign-in finds the same account by issuer + subject (even with another e-mail address).
    provider.setAccount(accountId, { email: `neu-${email}`, email_verified: true, name: 'Landes Person', aqb_rolle: 'district', ags: '06439' });
    provider.nextLogin({ accountId, amr: ['pwd'] });
    const again = browser();
    expect((await again.get(await toCallback(again))).status).toBe(303);
    expect(await (await again.get('/api/konto')).json()).toMatchObject({ id: user!.id });
  });

  it('links an existing local account with the same e-mail address at the first sign-in (audited)', async () => {
    const local = await buildUser(database, 'district', { ags: '06533' });
    counter += 1;
    const accountId = `link-${counter}`;
    provider.setAccount(accountId, { email: local.email.toUpperCase(), email_verified: true, name: 'Verbundene Person' });
    provider.nextLogin({ accountId, amr: ['pwd'] });
    const client = browser();
    expect((await client.get(await toCallback(client))).status).toBe(303);
    expect(await (await client.get('/api/konto')).json()).toMatchObject({ id: local.id, ags: '06533' });
    expect((await userByEmail(local.email))?.oidc_subject).toBe(accountId);
    expect((await auditEvents('user.oidcLink')).some((e) => Number(e.record_id) === local.id)).toBe(true);
  });

  it('without a role claim the person waits for an administrator, who assigns role and district', async () => {
    const { email } = person({});
    const client = browser();
    const waiting = await client.get(await toCallback(client));
    expect(waiting.status).toBe(403);
    const page = await waiting.text();
    expect(page).toContain('Ihr Zugang wird eingerichtet');
    expect(client.sessionCookie()).toBeUndefined();
    expect(await userByEmail(email)).toBeUndefined();

    // The administrator sees the person in the user administration and assigns a role.
    const admin = await buildUser(database, 'admin', { totp: true });
    const adminBrowser = browser(createApp({ database }));
    await adminBrowser.post('/anmelden', { email: admin.email, password: admin.password });
    await adminBrowser.post('/anmelden/code', { code: await generateTotpCode(admin.totpSecret!) });
    const list = await (await adminBrowser.get('/admin/benutzer')).text();
    expect(list).toContain('Landeskonten, die auf eine Rolle warten');
    expect(list).toContain(email);
    const id = /\/admin\/benutzer\/wartend\/(\d+)/.exec(list)?.[1];
    expect(id).toBeDefined();
    const refused = await adminBrowser.post(`/admin/benutzer/wartend/${id}`, { role: 'district', ags: '' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('braucht die Gebietskörperschaft');
    const assigned = await adminBrowser.post(`/admin/benutzer/wartend/${id}`, { role: 'district', ags: '06439' });
    expect(assigned.status).toBe(303);
    expect(await userByEmail(email)).toMatchObject({ role: 'district', ags: '06439' });

    // Now the same Landeskonto signs in.
    const { accountId } = (await database.db.execute(sql`select oidc_subject as "accountId" from users where email = ${email}`) as unknown as { rows: { accountId: string }[] }).rows[0]!;
    provider.nextLogin({ accountId, amr: ['pwd'] });
    const later = browser();
    expect((await later.get(await toCallback(later))).headers.get('location')).toBe('/aufgaben');
    expect((await auditEvents('user.oidcWaiting')).length).toBeGreaterThan(0);
  });

  it('refuses an unknown district claim with a German message, audited', async () => {
    const { email } = person({ aqb_rolle: 'district', ags: '06999' });
    const client = browser();
    const response = await client.get(await toCallback(client));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Gebietskörperschaft, die AQB-Steuerung nicht kennt');
    expect(client.sessionCookie()).toBeUndefined();
    expect(await userByEmail(email)).toBeUndefined();
    const refusals = await auditEvents('session.oidcRefused');
    expect(refusals.at(-1)?.after).toMatchObject({ reason: 'unbekannte_gebietskoerperschaft', value: '06999' });
  });

  it('refuses a wrong state (and a return without a begun sign-in), audited', async () => {
    person({ aqb_rolle: 'hmsi' }, { amr: ['mfa'] });
    const client = browser();
    const callback = new URL(await toCallback(client), 'http://localhost');
    callback.searchParams.set('state', 'falscher-state-wert');
    const response = await client.get(`${callback.pathname}${callback.search}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('nicht in diesem Browser begonnen');
    expect(client.sessionCookie()).toBeUndefined();
    expect((await auditEvents('session.oidcRefused')).at(-1)?.after).toMatchObject({ reason: 'state_falsch' });

    // A callback in a browser that never began a sign-in (login CSRF): no request to match.
    person({ aqb_rolle: 'hmsi' }, { amr: ['mfa'] });
    const attacker = browser();
    const foreign = await toCallback(attacker);
    const victim = browser();
    const refused = await victim.get(foreign);
    expect(refused.status).toBe(400);
    expect(victim.sessionCookie()).toBeUndefined();
  });

  it('refuses a replayed code: the same return again, and the code with a new sign-in', async () => {
    person({ aqb_rolle: 'rp' }, { amr: ['mfa'] });
    const client = browser();
    const callback = await toCallback(client);
    const oidcCookie = client.cookies.get('aqb-oidc')!;
    expect((await client.get(callback)).status).toBe(303);

    // The same return again (even with the old request cookie put back): the request is used up.
    const replay = browser();
    replay.cookies.set('aqb-oidc', oidcCookie);
    const first = await replay.get(callback);
    expect(first.status).toBe(400);
    expect(replay.sessionCookie()).toBeUndefined();

    // The old code under a fresh sign-in (new state, new PKCE verifier): the provider refuses it.
    const fresh = browser();
    const start = await fresh.post('/anmelden/landeskonto', {});
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const code = new URL(callback, 'http://localhost').searchParams.get('code')!;
    const reused = await fresh.get(`/anmelden/landeskonto/rueckkehr?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}&iss=${encodeURIComponent(provider.issuer)}`);
    expect(reused.status).toBe(400);
    expect(await reused.text()).toContain('schon verwendet');
    expect(fresh.sessionCookie()).toBeUndefined();
    expect((await auditEvents('session.oidcRefused')).at(-1)?.after).toMatchObject({ reason: 'code_ungueltig', detail: 'invalid_grant' });
  });

  it('refuses an expired ID token (the relying party two hours ahead of the provider)', async () => {
    const late = createApp({ database, oidc: createOidcClient(provider.config(), { clockSkewSeconds: 2 * 60 * 60 }) });
    person({ aqb_rolle: 'hmsi' }, { amr: ['mfa'] });
    const client = browser(late);
    const response = await client.get(await toCallback(client));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('abgelaufen');
    expect(client.sessionCookie()).toBeUndefined();
    expect((await auditEvents('session.oidcRefused')).at(-1)?.after).toMatchObject({ reason: 'token_abgelaufen' });
  });

  it('does not ask the local TOTP code when the provider reports a second factor (amr mfa), else it does', async () => {
    const local = await buildUser(database, 'hmsi', { totp: true });
    counter += 1;
    const accountId = `mfa-${counter}`;
    provider.setAccount(accountId, { email: local.email, email_verified: true, name: 'HMSI Person', aqb_rolle: 'hmsi' });

    provider.nextLogin({ accountId, amr: ['pwd', 'mfa'] });
    const withMfa = browser();
    const signedIn = await withMfa.get(await toCallback(withMfa));
    expect(signedIn.headers.get('location')).toBe('/aufgaben');
    expect((await withMfa.get('/api/konto')).status).toBe(200);
    expect((await auditEvents('session.signIn')).at(-1)?.after).toMatchObject({ method: 'oidc', secondFactor: 'anbieter' });

    provider.nextLogin({ accountId, amr: ['pwd'] });
    const withoutMfa = browser();
    const pending = await withoutMfa.get(await toCallback(withoutMfa));
    expect(pending.headers.get('location')).toBe('/anmelden/code');
    expect((await withoutMfa.get('/api/konto')).status).toBe(401);
    const code = await withoutMfa.post('/anmelden/code', { code: await generateTotpCode(local.totpSecret!) });
    expect(code.headers.get('location')).toBe('/aufgaben');
    expect((await withoutMfa.get('/api/konto')).status).toBe(200);

    // An acr configured as sufficient counts as well.
    const acrApp = createApp({ database, oidc: createOidcClient(provider.config({ mfaAcr: ['urn:hessen:loa:hoch'] })) });
    provider.nextLogin({ accountId, amr: ['pwd'], acr: 'urn:hessen:loa:hoch' });
    const withAcr = browser(acrApp);
    expect((await withAcr.get(await toCallback(withAcr))).headers.get('location')).toBe('/aufgaben');
  });

  it('signs out locally and at the provider (end-session endpoint), and the session is gone', async () => {
    person({ aqb_rolle: 'rp' }, { amr: ['mfa'] });
    const client = browser();
    await client.get(await toCallback(client));
    const session = client.sessionCookie();
    expect(session).toBeDefined();
    const out = await client.post('/abmelden', {});
    expect(out.status).toBe(303);
    const location = new URL(out.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(location.searchParams.get('client_id')).toBe(provider.clientId);
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe('http://localhost/anmelden?abgemeldet');
    // The provider accepts the request (its confirmation page, not an error).
    const end = await fetch(location, { redirect: 'manual' });
    expect(end.status).toBe(200);
    expect(await end.text()).toContain('logout');
    const stale = new TestClient(app);
    stale.cookies.set('aqb-session', session!);
    expect((await stale.get('/api/konto')).status).toBe(401);
  });

  it('keeps tokens, codes and claims out of the audit trail; the chain stays intact', async () => {
    const result = await database.db.execute(sql`select coalesce(string_agg(after::text, ' '), '') as t from audit_events where action like 'session.%' or action like 'user.oidc%'`);
    const text = (result as unknown as { rows: { t: string }[] }).rows[0]!.t;
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/); // no JWT
    expect(text).not.toContain('code_verifier');
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
  });
});
