import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject, buildUser } from '../factories';
import type { AppDatabase } from '../../src/platform/db/client';
import { activate, hasHorizontalScroll, launchBrowser, pageViolations, startServer, typeInto, VIEWPORTS } from '../support/browser';
import { signInBrowser } from '../support/auth';
import { createTestDatabase } from '../support/test-database';

/**
 * The deviation register (§ 6) in Chromium, keyboard only: the district records a deviation (first
 * with a mistake: the German message at the field, nothing saved), justifies it; the ministry judges
 * it through the confirmation page. axe-core at 1280 px and 320 px (no horizontal page scroll).
 */
const AGS = '06439';
const YEAR = 2025;

let database: AppDatabase;
let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  database = await createTestDatabase();
  await buildProject(database, { year: YEAR, ags: AGS, key: 'BO', title: 'Berufsorientierung plus', measureType: 2 });
  server = await startServer(database);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.close();
});

async function check(page: Page, narrow: boolean): Promise<void> {
  expect(await pageViolations(page), page.url()).toEqual([]);
  if (narrow) expect(await hasHorizontalScroll(page), page.url()).toBe(false);
}

describe('Abweichungen (Chromium)', () => {
  for (const [label, viewport] of Object.entries(VIEWPORTS)) {
    it(`district records and justifies, the ministry judges after confirming (${label})`, async () => {
      const narrow = viewport.width < 400;
      const subject = `Weniger Plätze besetzt (${label})`;
      const context = await browser.newContext({ viewport, locale: 'de-DE' });
      const page = await signInBrowser(context, server.url, await buildUser(database, 'district', { ags: AGS }));
      await page.goto(`${server.url}/abweichungen?jahr=${YEAR}`);
      expect(page.url()).toBe(`${server.url}/abweichungen/${YEAR}/${AGS}`);
      await check(page, narrow);
      await activate(page, 'link', 'Abweichung erfassen');
      await check(page, narrow);
      await typeInto(page, /^Abweichung/, subject);
      await page.getByLabel(/^Projekt/).selectOption('BO');
      await typeInto(page, /^Anzahl/, '6');
      await typeInto(page, /^Seit/, '31.9.2025');
      await activate(page, 'button', 'Abweichung erfassen');
      expect(await page.locator('#feld-seit-fehler').textContent()).toContain('Bitte ein gültiges Datum angeben');
      expect(await page.getByLabel(/^Anzahl/).inputValue()).toBe('6');
      await check(page, narrow);
      await typeInto(page, /^Seit/, '30.9.2025');
      await activate(page, 'button', 'Abweichung erfassen');
      expect(await page.getByText('Die Abweichung wurde erfasst.').count()).toBe(1);
      await check(page, narrow);
      await activate(page, 'link', subject);
      expect(await page.getByText('Berufsorientierung plus (BO)').count()).toBe(1);
      await typeInto(page, 'Begründung', 'Der Träger hat die zweite Gruppe erst im Oktober gestartet.', { exact: true });
      await activate(page, 'button', 'Begründung speichern');
      expect(await page.getByText('Die Begründung wurde gespeichert.').count()).toBe(1);
      await check(page, narrow);
      const detail = page.url().split('?')[0]!;
      await context.close();

      const hmsiContext = await browser.newContext({ viewport, locale: 'de-DE' });
      const hmsi = await signInBrowser(hmsiContext, server.url, await buildUser(database, 'hmsi', { totp: true }));
      await hmsi.goto(`${server.url}/abweichungen?jahr=${YEAR}`);
      expect(await hmsi.getByRole('link', { name: subject }).count()).toBe(1);
      await check(hmsi, narrow);
      await activate(hmsi, 'link', subject);
      await hmsi.getByLabel('Bewertung', { exact: true }).selectOption('anerkannt');
      await typeInto(hmsi, /^Grund/, 'Der spätere Start ist mit dem Träger abgestimmt.');
      await activate(hmsi, 'button', 'Weiter zur Bestätigung');
      expect(await hmsi.getByRole('heading', { level: 1 }).textContent()).toBe('Bewertung bestätigen');
      await check(hmsi, narrow);
      await activate(hmsi, 'button', 'Bewertung endgültig speichern');
      expect(hmsi.url().split('?')[0]).toBe(detail);
      expect(await hmsi.getByText('Die Bewertung wurde gespeichert.').count()).toBe(1);
      expect(await hmsi.getByText(/wird bei der Beurteilung der Zielerreichung herausgenommen/).count()).toBe(1);
      await check(hmsi, narrow);
      await hmsiContext.close();
    });
  }
});
