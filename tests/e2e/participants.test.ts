import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/platform/db/client';
import { cutOffTableCells, pageViolations, hasHorizontalScroll, launchBrowser, smallChartTexts, startServer, VIEWPORTS } from '../support/browser';
import { createTestDatabase } from '../support/test-database';
import { signInBrowser } from '../support/auth';
import { buildProject, buildUser, participantCsv, participantRow } from '../factories';

/**
 * Teilnehmende in Chromium, at 1280 and 320 px with axe: a district uploads a file with an error,
 * fixes it, confirms the replacement; the public statistics page shows "•" where withheld.
 */

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

describe('Teilnehmende in Chromium', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`upload with an error, fix, confirm, public table with • (${name}, ${viewport.width} px)`, async () => {
      const key = `E2E-${name}`;
      await buildProject(database, { key, title: `Projekt ${name}` });
      const context = await browser.newContext({ viewport, locale: 'de-DE' });
      const page = await signInBrowser(context, server.url, await buildUser(database, 'district', { ags: '06439' }));
      const check = async () => {
        expect(await pageViolations(page)).toEqual([]);
        if (name === 'narrow') expect(await hasHorizontalScroll(page)).toBe(false);
        if (name === 'narrow') expect(await cutOffTableCells(page)).toEqual([]);
        expect(await smallChartTexts(page)).toEqual([]);
      };

      await page.goto(`${server.url}/teilnehmende`);
      expect(new URL(page.url()).pathname).toMatch(/^\/teilnehmende\/\d{4}\/06439$/);
      await page.goto(`${server.url}/teilnehmende/2025/06439`);
      await page.getByRole('link', { name: `Projekt ${name}` }).click();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Teilnehmende: Projekt ${name}`);
      await check();

      // A file with one error: nothing is saved, the error is shown with its line.
      const bad = participantRow('TN-3');
      bad[2] = '2025-01-15'; // exit before entry (1 March)
      bad[11] = 'abbruch';
      await page.getByLabel('Datei (CSV oder XLSX)').setInputFiles({ name: 'teilnehmende.csv', mimeType: 'text/csv', buffer: Buffer.from(participantCsv([participantRow('TN-1'), participantRow('TN-2'), bad])) });
      await page.getByRole('button', { name: 'Datei prüfen' }).click();
      await page.getByRole('heading', { name: /Die Datei wurde nicht übernommen: 1 Fehler/ }).waitFor();
      expect(await page.locator('tr[data-line="4"]').textContent()).toContain('austritt');
      expect(await page.getByLabel('Datei (CSV oder XLSX)').getAttribute('aria-invalid')).toBe('true');
      await check();

      // The fixed file: the confirmation page lists the new Kennungen; nothing is saved before the click.
      const rows = [participantRow('TN-1'), participantRow('TN-2', { gender: 'm' }), participantRow('TN-3', { left: true }), participantRow('TN-4', { gender: 'd' })];
      await page.getByLabel('Datei (CSV oder XLSX)').setInputFiles({ name: 'teilnehmende-korrigiert.csv', mimeType: 'text/csv', buffer: Buffer.from(participantCsv(rows)) });
      await page.getByRole('button', { name: 'Datei prüfen' }).click();
      await page.waitForURL(/\/hochladen\/[0-9a-f-]{36}$/);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Teilnehmende ersetzen?');
      expect(await page.locator('tr[data-kind="neu"]').textContent()).toContain('4');
      await check();
      await page.getByRole('button', { name: 'Teilnehmende ersetzen' }).click();
      await page.getByText('Die Teilnehmendendaten wurden ersetzt: 4 Datensätze.').waitFor();
      expect(await page.getByRole('table', { name: /Teilnehmende 1 bis 4 von 4/ }).count()).toBe(1);
      await check();
      await context.close();

      // The public page: small numbers withheld as "•" with the footnote.
      const visitor = await browser.newContext({ viewport, locale: 'de-DE' });
      const publicPage = await visitor.newPage();
      await publicPage.goto(`${server.url}/portal/teilnehmende/2025/06439`);
      expect(await publicPage.getByRole('heading', { level: 1 }).textContent()).toBe('Teilnehmende 2025: Rheingau-Taunus-Kreis');
      const legal = publicPage.locator('[data-table="tabelle-rechtskreis-geschlecht"]');
      expect(await legal.getByText('•').count()).toBeGreaterThan(0);
      expect(await legal.getByText('„•“ bedeutet nie 0').count()).toBe(1);
      expect(await publicPage.content()).not.toContain('TN-1');
      expect(await pageViolations(publicPage)).toEqual([]);
      if (name === 'narrow') expect(await hasHorizontalScroll(publicPage)).toBe(false);
      if (name === 'narrow') expect(await cutOffTableCells(publicPage)).toEqual([]);
      expect(await smallChartTexts(publicPage)).toEqual([]);
      await visitor.close();
    }, 120_000);
  }
});
