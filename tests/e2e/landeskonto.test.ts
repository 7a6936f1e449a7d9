import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app';
import { createOidcClient } from '../../src/platform/oidc';
import type { AppDatabase } from '../../src/platform/db/client';
import { hasHorizontalScroll, launchBrowser, pageViolations, VIEWPORTS } from '../support/browser';
import { startTestProvider, type TestProvider } from '../support/oidc-provider';
import { createTestDatabase } from '../support/test-database';
import { buildUser } from '../factories';
import { generateTotpCode } from '../../src/modules/access/totp';

/**
 * Sign-in with the Landeskonto in Chromium: the browser goes from the sign-in page to a real
 * OpenID provider (oidc-provider on loopback, its interaction answered by the test helper) and
 * back; the pages on the way (sign-in with the button, signed in, waiting, refused) have no axe
 * violations at 1280 and 320 px.
 */

let database: AppDatabase;
let provider: TestProvider;
let browser: Browser;
let server: ServerType;
let url = '';
let counter = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  let app: ReturnType<typeof createApp> | undefined;
  // The port first (the provider must know the redirect address), then provider and app.
  server = await new Promise<ServerType>((done) => {
    const s = serve({ fetch: (request) => app!.fetch(request), port: 0, hostname: '127.0.0.1' }, () => done(s));
  });
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  provider = await startTestProvider({ appOrigin: url });
  app = createApp({ database, oidc: createOidcClient(provider.config()) });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((done) => server?.close(() => done()));
  await provider?.close();
  await database?.close();
});

async function checkPage(page: Page, narrow: boolean): Promise<void> {
  expect(await pageViolations(page)).toEqual([]);
  if (narrow) expect(await hasHorizontalScroll(page)).toBe(false);
}

function person(claims: Record<string, unknown>) {
  counter += 1;
  const accountId = `e2e-${counter}`;
  provider.setAccount(accountId, { email: `e2e-${counter}@hessen.test`, email_verified: true, name: `Erika Landeskonto ${counter}`, ...claims });
  provider.nextLogin({ accountId, amr: ['pwd', 'mfa'] });
}

describe('Anmeldung mit dem Landeskonto in Chromium', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    const narrow = name === 'narrow';

    it(`signs in through the provider and out again, shows the waiting and the refused page (${name}, ${viewport.width} px)`, async () => {
      const context = await browser.newContext({ viewport, locale: 'de-DE' });
      const page = await context.newPage();

      person({ aqb_rolle: 'district', ags: '06439' });
      await page.goto(`${url}/anmelden`);
      await checkPage(page, narrow);
      await Promise.all([page.waitForURL(`${url}/aufgaben`), page.getByRole('button', { name: 'Mit Landeskonto anmelden' }).click()]);
      expect(await page.getByText('Erika Landeskonto').count()).toBeGreaterThan(0);
      await checkPage(page, narrow);
      // Sign-out goes to the provider's end-session page.
      await Promise.all([page.waitForURL(`${provider.issuer}/session/end**`), page.getByRole('button', { name: 'Abmelden' }).first().click()]);

      // No role claim: the waiting page.
      const second = await (await browser.newContext({ viewport, locale: 'de-DE' })).newPage();
      person({});
      await second.goto(`${url}/anmelden`);
      await Promise.all([second.waitForURL(`${url}/anmelden/landeskonto/rueckkehr**`), second.getByRole('button', { name: 'Mit Landeskonto anmelden' }).click()]);
      expect(await second.getByRole('heading', { level: 1 }).textContent()).toBe('Ihr Zugang wird eingerichtet');
      await checkPage(second, narrow);

      // The administrator sees the waiting Landeskonto and assigns a role (with a field error first).
      const admin = await buildUser(database, 'admin', { totp: true });
      const adminPage = await (await browser.newContext({ viewport, locale: 'de-DE' })).newPage();
      await adminPage.goto(`${url}/anmelden`);
      await adminPage.getByLabel('E-Mail-Adresse').fill(admin.email);
      await adminPage.getByLabel('Passwort').fill(admin.password);
      await adminPage.getByRole('button', { name: 'Anmelden', exact: true }).click();
      await adminPage.getByLabel('Code aus der Authenticator-App').fill(await generateTotpCode(admin.totpSecret!));
      await adminPage.getByRole('button', { name: 'Anmelden', exact: true }).click();
      await adminPage.goto(`${url}/admin/benutzer`);
      expect(await adminPage.getByRole('heading', { name: /Landeskonten, die auf eine Rolle warten/ }).count()).toBe(1);
      await checkPage(adminPage, narrow);
      await adminPage.getByRole('link', { name: `Rolle zuweisen: Erika Landeskonto ${counter}` }).click();
      await checkPage(adminPage, narrow);
      await adminPage.getByRole('button', { name: 'Rolle zuweisen und Konto anlegen' }).click();
      expect(await adminPage.getByText('Bitte wählen Sie eine Rolle').count()).toBeGreaterThan(0);
      await checkPage(adminPage, narrow);
      await adminPage.getByLabel('Rolle').selectOption('district');
      await adminPage.getByLabel('Gebietskörperschaft').selectOption('06439');
      await adminPage.getByRole('button', { name: 'Rolle zuweisen und Konto anlegen' }).click();
      expect(new URL(adminPage.url()).pathname).toBe('/admin/benutzer');
      expect(await adminPage.getByText('Das Landeskonto hat Rolle und Zuständigkeit erhalten').count()).toBe(1);

      // Unknown district: the refused page.
      const third = await (await browser.newContext({ viewport, locale: 'de-DE' })).newPage();
      person({ aqb_rolle: 'district', ags: '06999' });
      await third.goto(`${url}/anmelden`);
      await Promise.all([third.waitForURL(`${url}/anmelden/landeskonto/rueckkehr**`), third.getByRole('button', { name: 'Mit Landeskonto anmelden' }).click()]);
      expect(await third.getByRole('heading', { level: 1 }).textContent()).toBe('Anmeldung mit dem Landeskonto abgewiesen');
      expect(await third.getByText('Gebietskörperschaft, die AQB-Steuerung nicht kennt').count()).toBe(1);
      await checkPage(third, narrow);
      await context.close();
    }, 120_000);
  }
});
