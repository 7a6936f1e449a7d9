import type { BrowserContext, Page } from 'playwright-core';
import { csrfTokenFor } from '../../src/platform/http/csrf';
import { createApiToken } from '../../src/modules/access/service';
import { buildUser } from '../factories';
import { generateTotpCode } from '../../src/modules/access/totp';
import type { Role } from '../../src/modules/access/policy';
import type { AppDatabase } from '../../src/platform/db/client';

/**
 * Request headers that sign in as a new user of `role` through the real API-token middleware
 * (for in-process `app.request` tests of pages behind the policy).
 */
export async function authHeaders(database: AppDatabase, role: Role, ags?: string): Promise<{ authorization: string }> {
  const user = await buildUser(database, role, { ags });
  const { token } = await database.db.transaction((tx) => createApiToken(tx, user.id, `Test ${role}`));
  return { authorization: `Bearer ${token}` };
}

const TOTP_STEP_MS = 30_000;
/** The 30-second step of the last code this process used per secret (the server refuses a replayed step). */
const lastTotpStep = new Map<string, number>();

/**
 * A code the server has not yet seen for `secret`: the current step's, or – when this process already
 * signed in with it (the same user twice within 30 s) – the next step's, which the server accepts as
 * clock drift; waits only when even that one is used.
 */
async function unusedTotpCode(secret: string): Promise<string> {
  const current = Math.floor(Date.now() / TOTP_STEP_MS);
  const target = Math.max(current, (lastTotpStep.get(secret) ?? -1) + 1);
  if (target > current + 1) await new Promise((resolve) => setTimeout(resolve, (target - 1) * TOTP_STEP_MS - Date.now() + 50));
  lastTotpStep.set(secret, target);
  return generateTotpCode(secret, new Date(target * TOTP_STEP_MS));
}

/** Signs in through /anmelden in a browser context (password, then the TOTP code when set up). */
export async function signInBrowser(context: BrowserContext, baseUrl: string, user: { email: string; password: string; totpSecret: string | null }): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/anmelden`);
  await page.getByLabel('E-Mail-Adresse').fill(user.email);
  await page.getByLabel('Passwort', { exact: true }).fill(user.password);
  await Promise.all([page.waitForNavigation(), page.getByLabel('Passwort', { exact: true }).press('Enter')]);
  if (user.totpSecret) {
    await page.getByLabel('Code aus der Authenticator-App').fill(await unusedTotpCode(user.totpSecret));
    await Promise.all([page.waitForNavigation(), page.getByLabel('Code aus der Authenticator-App').press('Enter')]);
  }
  if (new URL(page.url()).pathname.startsWith('/anmelden')) throw new Error(`Anmeldung fehlgeschlagen: ${page.url()}`);
  return page;
}

type Requester = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

/** The same app, every request carrying `headers` (e.g. from authHeaders) merged under its own. */
export function withHeaders(app: Requester, headers: Record<string, string>): Requester {
  return {
    request: (path, init = {}) => app.request(path, { ...init, headers: { ...headers, ...((init.headers as Record<string, string> | undefined) ?? {}) } }),
  };
}

/**
 * A visitor cookie + CSRF token pair for form posts without a session (e.g. with a bearer token):
 * GET any page, read the aqb-csrf cookie; the token is the one the server binds to it (the same
 * value a page's hidden `_csrf` field carries).
 */
export async function csrfPair(app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }): Promise<{ cookie: string; token: string }> {
  const response = await app.request('/');
  const setCookie = response.headers.get('set-cookie') ?? '';
  const match = /aqb-csrf=([^;]+)/.exec(setCookie);
  if (!match) throw new Error('no CSRF cookie');
  return { cookie: `aqb-csrf=${match[1]}`, token: csrfTokenFor(`anon:${match[1]}`) };
}
