import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDemoSetting } from '../../src/app/setup-database';
import { buildUser } from '../factories';
import { generateTotpCode } from '../../src/modules/access/totp';
import type { AppDatabase } from '../../src/platform/db/client';
import { pageViolations, hasHorizontalScroll, launchBrowser, startServer, VIEWPORTS } from '../support/browser';
import { createTestDatabase } from '../support/test-database';

let database: AppDatabase;
let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  database = await createTestDatabase();
  // Demo data on: the sign-in page lists the demo accounts (a longer page to check for axe and 320 px).
  await applyDemoSetting(database, true);
  server = await startServer(database);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.close();
});

async function checkPage(page: Page, narrow: boolean): Promise<void> {
  expect(await pageViolations(page)).toEqual([]);
  if (narrow) expect(await hasHorizontalScroll(page)).toBe(false);
}

describe('Anmeldung in Chromium', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    const narrow = name === 'narrow';

    it(`signs in with password and TOTP code, shows the account page, signs out (${name}, ${viewport.width} px)`, async () => {
      const user = await buildUser(database, 'hmsi', { totp: true, name: 'Helga Fachreferat' });
      const context = await browser.newContext({ viewport, locale: 'de-DE' });
      const page = await context.newPage();
      await page.goto(`${server.url}/konto`);
      expect(new URL(page.url()).pathname).toBe('/anmelden');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Anmelden');
      expect(await page.getByRole('table', { name: 'Demo-Konten je Rolle' }).count()).toBe(1);
      await checkPage(page, narrow);

      // Wrong password first: the German message, the e-mail kept.
      await page.getByLabel('E-Mail-Adresse').fill(user.email);
      await page.getByLabel('Passwort').fill('falsches-Passwort-1');
      await page.getByRole('button', { name: 'Anmelden' }).click();
      expect(await page.getByText('E-Mail-Adresse oder Passwort ist falsch.').count()).toBe(1);
      await checkPage(page, narrow);

      await page.getByLabel('Passwort').fill(user.password);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      expect(new URL(page.url()).pathname).toBe('/anmelden/code');
      await checkPage(page, narrow);
      await page.getByLabel('Code aus der Authenticator-App').fill(await generateTotpCode(user.totpSecret as string));
      await page.getByRole('button', { name: 'Anmelden' }).click();

      expect(new URL(page.url()).pathname).toBe('/konto');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mein Konto');
      expect(await page.getByText('Angemeldet als Helga Fachreferat').count()).toBe(1);
      await checkPage(page, narrow);

      // A personal API token, shown once.
      await page.getByLabel('Name des Tokens').fill('Auswertung');
      await page.getByRole('button', { name: 'API-Token erstellen' }).click();
      expect(await page.locator('#neues-token').textContent()).toMatch(/^aqb_[A-Za-z0-9_-]{43}$/);
      await checkPage(page, narrow);

      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name === 'aqb-session');
      expect(session?.httpOnly).toBe(true);
      expect(session?.sameSite).toBe('Lax');

      await page.getByRole('button', { name: 'Abmelden' }).click();
      expect(new URL(page.url()).pathname).toBe('/anmelden');
      expect(await page.getByText('Sie haben sich abgemeldet.').count()).toBe(1);
      await page.goto(`${server.url}/konto`);
      expect(new URL(page.url()).pathname).toBe('/anmelden');
      await context.close();
    });

    it(`sets up TOTP at the first sign-in of an administrator (${name}, ${viewport.width} px)`, async () => {
      const user = await buildUser(database, 'admin');
      const context = await browser.newContext({ viewport, locale: 'de-DE' });
      const page = await context.newPage();
      await page.goto(`${server.url}/anmelden`);
      await page.getByLabel('E-Mail-Adresse').fill(user.email);
      await page.getByLabel('Passwort').fill(user.password);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      expect(new URL(page.url()).pathname).toBe('/anmelden/zwei-faktor-einrichten');
      await checkPage(page, narrow);
      const secret = ((await page.locator('#totp-schluessel').textContent()) ?? '').replace(/\s/g, '');
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await page.getByLabel('Code aus der Authenticator-App').fill(await generateTotpCode(secret));
      await page.getByRole('button', { name: 'Einrichtung abschließen' }).click();
      // The start page after sign-in is "Meine Aufgaben".
      expect(new URL(page.url()).pathname).toBe('/aufgaben');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Meine Aufgaben');
      await checkPage(page, narrow);
      await page.goto(`${server.url}/admin/benutzer`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Benutzerverwaltung');
      await checkPage(page, narrow);
      await page.goto(`${server.url}/admin/protokoll`);
      expect(await page.getByText(/Hash-Kette intakt/).count()).toBe(1);
      await checkPage(page, narrow);
      // The backup page: download without JavaScript (a form post), then the list shows it.
      await page.goto(`${server.url}/admin/sicherung`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Datensicherung');
      await checkPage(page, narrow);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Sicherung herunterladen' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^aqb-sicherung-.*\.zip$/);
      await page.goto(`${server.url}/admin/sicherung`);
      expect(await page.getByRole('table').count()).toBe(1);
      await checkPage(page, narrow);
      await context.close();
    });
  }

  it('works with the keyboard alone', async () => {
    const user = await buildUser(database, 'district');
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(`${server.url}/anmelden`);
    await page.getByLabel('E-Mail-Adresse').focus();
    await page.keyboard.type(user.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(user.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/aufgaben`);
    await page.goto(`${server.url}/konto`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mein Konto');
    await context.close();
  });
});
