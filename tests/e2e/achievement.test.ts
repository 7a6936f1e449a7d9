import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIssuedBescheid, buildProject, buildUser } from '../factories';
import type { AppDatabase } from '../../src/platform/db/client';
import { activate, hasHorizontalScroll, launchBrowser, pageViolations, startServer, typeInto, VIEWPORTS } from '../support/browser';
import { signInBrowser } from '../support/auth';
import { createTestDatabase } from '../support/test-database';

/**
 * Zielerreichung (§ 6) in Chromium, keyboard only: the ministry opens the Land page, a district,
 * judges against the proposal (first without the reason: the German message at the field), confirms;
 * the district reads its own page without the form. axe-core at 1280 px and 320 px.
 */
const YEAR = 2025;
const AGS = ['06439', '06533'] as const;

let database: AppDatabase;
let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  database = await createTestDatabase();
  for (const ags of AGS) {
    const project = await buildProject(database, { year: YEAR, ags, key: 'ZE', title: 'Zielerreichung prüfen', measureType: 1, plannedPlaces: 12 });
    await buildIssuedBescheid(database, { year: YEAR, ags, lines: [{ projectId: project.id, approvedCents: 40_000_00 }] });
  }
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

describe('Zielerreichung (Chromium)', () => {
  for (const [index, [label, viewport]] of Object.entries(VIEWPORTS).entries()) {
    it(`the ministry judges with a reason after confirming; the district reads it (${label})`, async () => {
      const narrow = viewport.width < 400;
      const ags = AGS[index]!;
      const context = await browser.newContext({ viewport, locale: 'de-DE' });
      const hmsi = await signInBrowser(context, server.url, await buildUser(database, 'hmsi', { totp: true }));
      await hmsi.goto(`${server.url}/zielerreichung/${YEAR}`);
      await check(hmsi, narrow);
      const name = ags === '06439' ? 'Rheingau-Taunus-Kreis' : 'Landkreis Limburg-Weilburg';
      await activate(hmsi, 'link', name);
      expect(hmsi.url()).toBe(`${server.url}/zielerreichung/${YEAR}/${ags}`);
      // Nothing used yet: 0 % of 40.000 € and of 12 places → nicht erreicht.
      expect(await hmsi.getByText('Vorschlag nach den Regeln:').textContent()).toContain('nicht erreicht');
      await check(hmsi, narrow);
      await hmsi.getByLabel('Beurteilung des HMSI').selectOption('teilweise_erreicht');
      await activate(hmsi, 'button', 'Beurteilung prüfen');
      expect(await hmsi.locator('#feld-grund-fehler').textContent()).toContain('weicht vom Vorschlag ab');
      await check(hmsi, narrow);
      await typeInto(hmsi, /^Grund/, 'Die Maßnahme startet verspätet, die Plätze sind zugesagt.');
      await activate(hmsi, 'button', 'Beurteilung prüfen');
      expect(await hmsi.getByRole('heading', { level: 1 }).textContent()).toBe('Beurteilung bestätigen');
      await check(hmsi, narrow);
      await activate(hmsi, 'button', 'Beurteilung endgültig speichern');
      expect(await hmsi.getByText('Die Beurteilung wurde gespeichert.').count()).toBe(1);
      await check(hmsi, narrow);
      await context.close();

      const districtContext = await browser.newContext({ viewport, locale: 'de-DE' });
      const district = await signInBrowser(districtContext, server.url, await buildUser(database, 'district', { ags }));
      await district.goto(`${server.url}/zielerreichung?jahr=${YEAR}`);
      expect(district.url()).toBe(`${server.url}/zielerreichung/${YEAR}/${ags}`);
      expect(await district.getByText(/Beurteilung des HMSI \(endgültig\)/).textContent()).toContain('teilweise erreicht');
      expect(await district.getByLabel('Beurteilung korrigieren').count()).toBe(0);
      await check(district, narrow);
      await districtContext.close();
    });
  }
});
