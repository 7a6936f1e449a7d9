import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDemoSetting } from '../../src/app/setup-database';
import type { AppDatabase } from '../../src/platform/db/client';
import { cutOffTableCells, pageViolations, hasHorizontalScroll, launchBrowser, smallChartTexts, startServer, VIEWPORTS } from '../support/browser';
import { createTestDatabase } from '../support/test-database';

let database: AppDatabase;
let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  database = await createTestDatabase();
  await applyDemoSetting(database, true);
  server = await startServer(database);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.close();
});

describe('Landesübersicht in Chromium', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`shows both years with the real amounts and has no axe violations (${name}, ${viewport.width} px)`, async () => {
      const context = await browser.newContext({ viewport, locale: 'de-DE' });
      const page = await context.newPage();
      const response = await page.goto(`${server.url}/`);
      expect(response?.status()).toBe(200);
      await expect(page.title()).resolves.toBe('Landesübersicht – AQB-Steuerung');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Landesübersicht');
      const rtk = page.locator('#jahr-2024').locator('xpath=..').locator('tr[data-ags="06439"]');
      await expect(rtk.locator('td').nth(1).textContent()).resolves.toBe('787.100,00 €');
      const lw = page.locator('tr[data-ags="06533"]').nth(1);
      await expect(lw.locator('td').nth(1).textContent()).resolves.toBe('895.210,00 €');
      expect(await page.locator('table').count()).toBe(2);
      expect(await page.locator('tbody tr').count()).toBe(52);
      expect(await page.getByText('Demodaten', { exact: true }).count()).toBeGreaterThan(0);
      expect(await pageViolations(page)).toEqual([]);
      if (name === 'narrow') expect(await hasHorizontalScroll(page)).toBe(false);
      if (name === 'narrow') expect(await cutOffTableCells(page)).toEqual([]);
      expect(await smallChartTexts(page)).toEqual([]);
      await context.close();
    });
  }

  it('offers a skip link as the first keyboard stop', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Zum Inhalt springen');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('inhalt');
    await context.close();
  });
});
