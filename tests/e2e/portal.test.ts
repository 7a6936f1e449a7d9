import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
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

const PORTAL_PAGES = [
  '/portal',
  '/portal/zielvereinbarungen',
  '/portal/zielvereinbarungen?q=Ausbildung&rb=Darmstadt&sort=betrag-ab',
  '/portal/zielvereinbarungen?q=gibtesnicht',
  '/portal/zielvereinbarungen/2024/06439',
  '/portal/zielvereinbarungen/2025/06533',
  '/portal/vergleich/06533/2024/2025',
  '/opendata',
  '/barrierefreiheit',
  '/leichte-sprache',
  '/impressum',
  '/datenschutz',
];

/** Tabs forward until the focused element matches, like a keyboard user; fails after `limit` stops. */
async function tabTo(page: Page, matches: string, limit = 150): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((selector) => document.activeElement?.matches(selector) ?? false, matches)) return;
  }
  throw new Error(`Mit der Tabulatortaste nicht erreichbar: ${matches}`);
}

describe('public portal in Chromium', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`every portal page has one h1, no axe violations${name === 'narrow' ? ' and no horizontal scrolling' : ''} (${viewport.width} px)`, async () => {
      const context = await browser.newContext({ viewport, locale: 'de-DE' });
      const page = await context.newPage();
      for (const path of PORTAL_PAGES) {
        const response = await page.goto(`${server.url}${path}`);
        expect(response?.status(), path).toBe(200);
        expect(await page.locator('h1').count(), path).toBe(1);
        expect(await pageViolations(page), path).toEqual([]);
        if (name === 'narrow') expect(await hasHorizontalScroll(page), path).toBe(false);
        if (name === 'narrow') expect(await cutOffTableCells(page), path).toEqual([]);
        expect(await smallChartTexts(page), path).toEqual([]);
      }
      await context.close();
    });
  }

  it('at 320 px a table row reads as label/value pairs, and the chart is the narrow one with labels of at least 12 px', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.narrow, locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(`${server.url}/portal`);
    const cell = page.locator('main table[data-stack] tbody tr').first().locator('td').first();
    const label = await cell.getAttribute('data-label');
    expect(label).toBeTruthy();
    expect(await cell.evaluate((td) => getComputedStyle(td, '::before').content)).toBe(JSON.stringify(label));
    expect(await cell.evaluate((td) => getComputedStyle(td).display)).toBe('block');
    expect(await page.locator('svg.portal-chart__svg--narrow').isVisible()).toBe(true);
    expect(await page.locator('svg.portal-chart__svg--wide').isVisible()).toBe(false);
    expect(await page.locator('svg.portal-chart__svg--narrow text').count()).toBeGreaterThan(0);
    expect(await smallChartTexts(page)).toEqual([]);
    // At 1280 px the same table keeps its columns and the wide chart is shown.
    await page.setViewportSize(VIEWPORTS.desktop);
    expect(await cell.evaluate((td) => getComputedStyle(td).display)).toBe('table-cell');
    expect(await page.locator('svg.portal-chart__svg--wide').isVisible()).toBe(true);
    await context.close();
  });

  it('keyboard only: search, open an agreement, download the PDF whose SHA-256 matches the page', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/portal/zielvereinbarungen`);
    await tabTo(page, '#feld-q');
    await page.keyboard.type('Limburg-Weilburg');
    await Promise.all([page.waitForURL(/q=Limburg-Weilburg/), page.keyboard.press('Enter')]);
    await tabTo(page, 'a[href="/portal/zielvereinbarungen/2025/06533"]');
    await Promise.all([page.waitForURL(/\/2025\/06533$/), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toBe('Zielvereinbarung 2025 – Landkreis Limburg-Weilburg');
    const fingerprint = (await page.locator('code.portal-hash').textContent())?.trim();
    await tabTo(page, 'a[href$="/zielvereinbarung.pdf"]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('zielvereinbarung-2025-06533.pdf');
    const bytes = readFileSync((await download.path()) as string);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(fingerprint);
    await context.close();
  });

  it('crawl: every internal link reachable from /portal answers 200', async () => {
    const seen = new Set<string>(['/portal']);
    const queue = ['/portal'];
    const failures: string[] = [];
    while (queue.length > 0 && seen.size < 600) {
      const path = queue.shift() as string;
      const response = await fetch(`${server.url}${path}`, { redirect: 'manual' });
      if (response.status !== 200) failures.push(`${response.status} ${path}`);
      if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) {
        await response.arrayBuffer();
        continue;
      }
      const html = await response.text();
      for (const match of html.matchAll(/href="([^"#]*)(#[^"]*)?"/g)) {
        const href = (match[1] ?? '').replace(/&amp;/g, '&');
        if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/assets/')) continue;
        if (!seen.has(href)) {
          seen.add(href);
          queue.push(href);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(seen.size).toBeGreaterThan(40);
    for (const path of ['/opendata/agreements.csv', '/opendata/catalog.jsonld', '/portal/zielvereinbarungen/2024/06439/zielvereinbarung.docx', '/impressum']) {
      expect(seen.has(path), path).toBe(true);
    }
  });
});
