import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDemoSetting } from '../../src/app/setup-database';
import type { AppDatabase } from '../../src/platform/db/client';
import { buildUser } from '../factories';
import { signInBrowser } from '../support/auth';
import { cutOffTableCells, hasHorizontalScroll, launchBrowser, pageViolations, smallChartTexts, startServer, VIEWPORTS } from '../support/browser';
import { createTestDatabase } from '../support/test-database';

let database: AppDatabase;
let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  database = await createTestDatabase();
  await applyDemoSetting(database, true);
  server = await startServer(database);
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.close();
});

describe('Monitoring in Chromium', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`district page and Land page: axe 0, charts readable, no horizontal scroll (${name}, ${viewport.width} px)`, async () => {
      const context = await browser.newContext({ viewport, locale: 'de-DE' });
      const page = await signInBrowser(context, server.url, await buildUser(database, 'hmsi', { totp: true }));
      const response = await page.goto(`${server.url}/steuerung/2025/06439`);
      expect(response?.status()).toBe(200);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Monitoring 2025');
      expect(await page.getByRole('img', { name: /Mittelabfluss 2025/ }).count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Stand festhalten' }).count()).toBe(1);
      expect(await pageViolations(page)).toEqual([]);
      expect(await smallChartTexts(page)).toEqual([]);
      if (name === 'narrow') {
        expect(await hasHorizontalScroll(page)).toBe(false);
        expect(await cutOffTableCells(page)).toEqual([]);
      }
      await page.screenshot({ path: `/tmp/monitoring/district-${name}.png`, fullPage: true });
      const land = await page.goto(`${server.url}/steuerung?jahr=2025`);
      expect(land?.status()).toBe(200);
      expect(await pageViolations(page)).toEqual([]);
      if (name === 'narrow') expect(await hasHorizontalScroll(page)).toBe(false);
      await context.close();
    }, 120_000);
  }
});
