import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../factories';
import type { AppDatabase } from '../../src/platform/db/client';
import { hasHorizontalScroll, launchBrowser, pageViolations, startServer, VIEWPORTS } from '../support/browser';
import { signInBrowser } from '../support/auth';
import { createTestDatabase } from '../support/test-database';

/**
 * The calendar in Chromium, keyboard only: HMSI filters by district, a district user opens its
 * calendar, creates a feed address (shown once), fetches the feed without a session, revokes it
 * after the confirmation page. axe-core at 1280 px and 320 px (no horizontal page scroll).
 */
const AGS = '06439';

let database: AppDatabase;
let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServer(database);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.close();
});

async function check(page: Page, narrow = false): Promise<void> {
  expect(await pageViolations(page), page.url()).toEqual([]);
  if (narrow) expect(await hasHorizontalScroll(page), page.url()).toBe(false);
}
async function press(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name }).focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

describe('Kalender (Chromium)', () => {
  for (const [label, viewport] of Object.entries(VIEWPORTS)) {
    it(`HMSI filters by district; the district subscribes and revokes (${label})`, async () => {
      const narrow = viewport.width < 400;
      const hmsiContext = await browser.newContext({ viewport, locale: 'de-DE' });
      const hmsi = await signInBrowser(hmsiContext, server.url, await buildUser(database, 'hmsi', { totp: true }));
      await hmsi.goto(`${server.url}/kalender`);
      expect(await hmsi.getByRole('heading', { level: 1 }).textContent()).toBe('Kalender der Fristen und Termine');
      expect(await hmsi.getByRole('heading', { level: 2, name: 'März 2025' }).count()).toBe(1);
      await check(hmsi, narrow);
      await hmsi.getByLabel(/^Gebietskörperschaft/).selectOption(AGS);
      await press(hmsi, 'Anzeigen');
      expect(hmsi.url()).toContain(`gk=${AGS}`);
      expect(await hmsi.getByRole('link', { name: 'Antrag bei RP Kassel einreichen' }).count()).toBe(1);
      await check(hmsi, narrow);
      await hmsiContext.close();

      const context = await browser.newContext({ viewport, locale: 'de-DE' });
      const page = await signInBrowser(context, server.url, await buildUser(database, 'district', { ags: AGS }));
      await page.goto(`${server.url}/kalender`);
      expect(await page.getByText('Überfällig –').count()).toBeGreaterThan(0);
      expect(await page.getByLabel(/^Gebietskörperschaft/).count()).toBe(0);
      await check(page, narrow);
      await press(page, 'Neue Kalender-Adresse erstellen');
      const url = (await page.locator('[data-feed-url]').textContent())!.trim();
      expect(url).toMatch(/\/kalender\/ical\/kal_[A-Za-z0-9_-]{43}\.ics$/);
      await check(page, narrow);
      const feed = await fetch(url);
      expect(feed.status).toBe(200);
      expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
      expect(await feed.text()).toContain(`UID:antrag-2025-${AGS}@aqb-steuerung`);

      await page.getByRole('link', { name: /Widerrufen/ }).first().focus();
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Kalender-Adresse widerrufen');
      await check(page, narrow);
      await press(page, 'Ja, widerrufen');
      expect(await page.getByText('Die Kalender-Adresse wurde widerrufen.').count()).toBe(1);
      await check(page, narrow);
      expect((await fetch(url)).status).toBe(404);
      await context.close();
    }, 120_000);
  }
});
