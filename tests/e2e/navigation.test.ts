import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/platform/db/client';
import { buildUser } from '../factories';
import { signInBrowser } from '../support/auth';
import { hasHorizontalScroll, launchBrowser, pageViolations, startServer, VIEWPORTS } from '../support/browser';
import { createTestDatabase } from '../support/test-database';

/**
 * The staff navigation in Chromium: a flat list on a wide screen; below 40rem the long list folds
 * into a "Menü" disclosure (no JavaScript needed) that the keyboard opens; a district sees only
 * what the policy lets it open. axe 0 violations in both states.
 */
let database: AppDatabase;
let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServer(database);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.close();
});

const navLinks = (page: import('playwright-core').Page) => page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link');

describe('staff navigation', () => {
  it('is a flat list at 1280 px with the § 6 entries', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE' });
    const page = await signInBrowser(context, server.url, await buildUser(database, 'hmsi', { totp: true }));
    await page.goto(`${server.url}/steuerung`);
    const labels = await navLinks(page).allTextContents();
    for (const label of ['Steuerung', 'Abweichungen', 'Umsetzungsbesprechungen', 'Zielerreichung', 'Landesbericht']) expect(labels).toContain(label);
    expect(await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Steuerung', exact: true }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByText(/^Menü \(/).isVisible()).toBe(false);
    expect(await pageViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it('folds into a menu at 320 px that the keyboard opens; a district sees no Landesbericht', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.narrow, locale: 'de-DE' });
    const page = await signInBrowser(context, server.url, await buildUser(database, 'district', { ags: '06439' }));
    await page.goto(`${server.url}/aufgaben`);
    expect(await navLinks(page).count()).toBe(0);
    const summary = page.getByText(/^Menü \(\d+ Bereiche\)$/);
    expect(await summary.isVisible()).toBe(true);
    expect(await pageViolations(page)).toEqual([]);
    await summary.focus();
    await page.keyboard.press('Enter');
    const labels = await navLinks(page).allTextContents();
    expect(labels).toContain('Steuerung');
    expect(labels).toContain('Umsetzungsbesprechungen');
    expect(labels).not.toContain('Landesbericht');
    expect(await pageViolations(page)).toEqual([]);
    expect(await hasHorizontalScroll(page)).toBe(false);
    await page.getByRole('link', { name: 'Umsetzungsbesprechungen', exact: true }).focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname).toMatch(/^\/umsetzungsbesprechungen/);
    await context.close();
  }, 60_000);
});
