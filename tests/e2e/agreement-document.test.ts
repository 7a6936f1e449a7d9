import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/platform/db/client';
import { pageViolations, hasHorizontalScroll, launchBrowser, startServer, VIEWPORTS } from '../support/browser';
import { createTestDatabase } from '../support/test-database';
import { signInBrowser } from '../support/auth';
import { buildUser } from '../factories';

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

describe('Zielvereinbarung as a document in Chromium', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`follows the Landesübersicht link to the RTK 2024 agreement; agreement page and template editor have no axe violations (${name}, ${viewport.width} px)`, async () => {
      const context = await browser.newContext({ viewport, locale: 'de-DE' });
      const page = await signInBrowser(context, server.url, await buildUser(database, 'hmsi', { totp: true }));
      await page.goto(`${server.url}/`);
      await page.locator('#jahr-2024').locator('xpath=..').getByRole('link', { name: 'Rheingau-Taunus-Kreis', exact: true }).click();
      await page.waitForURL(`${server.url}/zielvereinbarungen/2024/06439`);
      expect(await page.getByRole('heading', { level: 1 }).allTextContents()).toEqual(['Zielvereinbarung 2024 – Rheingau-Taunus-Kreis']);
      await expect(page.getByText('787.100 Euro', { exact: true }).isVisible()).resolves.toBe(true);
      expect(await page.getByRole('link', { name: 'PDF', exact: true }).getAttribute('href')).toBe('/zielvereinbarungen/2024/06439/dokument.pdf');
      expect(await pageViolations(page)).toEqual([]);
      if (name === 'narrow') expect(await hasHorizontalScroll(page)).toBe(false);

      await page.goto(`${server.url}/vorlagen/2025`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Vorlage für das AQB-Jahr 2025');
      expect(await pageViolations(page)).toEqual([]);
      if (name === 'narrow') expect(await hasHorizontalScroll(page)).toBe(false);
      await context.close();
    });
  }

  it('downloads the PDF from the agreement page', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, acceptDownloads: true });
    const page = await signInBrowser(context, server.url, await buildUser(database, 'hmsi', { totp: true }));
    await page.goto(`${server.url}/zielvereinbarungen/2024/06439`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'PDF', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe('Zielvereinbarung_2024_Rheingau-Taunus-Kreis.pdf');
    await context.close();
  });

  it('edits a paragraph of the 2025 template, previews it and saves it as a new version', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE' });
    const page = await signInBrowser(context, server.url, await buildUser(database, 'hmsi', { totp: true }));
    await page.goto(`${server.url}/vorlagen/2025`);
    const paragraph = page.getByLabel('§ 6, Absatz 1', { exact: true });
    const changed = '{{gk.Nom}} und das HMSI bleiben über das Budget {{jahr}} im Gespräch (Vorschautest).';
    await paragraph.fill(changed);
    await page.getByLabel('Gebietskörperschaft für die Vorschau').selectOption('06533');
    await page.getByRole('button', { name: 'Vorschau' }).click();
    await page.waitForLoadState();
    const preview = page.locator('section.template-preview');
    await expect(preview.getByText('Der Landkreis Limburg-Weilburg und das HMSI bleiben über das Budget 2025 im Gespräch (Vorschautest).').isVisible()).resolves.toBe(true);
    // The preview keeps the edited text in the form and saves nothing.
    expect(await page.getByLabel('§ 6, Absatz 1', { exact: true }).inputValue()).toBe(changed);
    expect(await page.getByRole('row', { name: /^2 / }).count()).toBe(0);
    expect(await pageViolations(page)).toEqual([]);

    await page.getByLabel('Änderungsnotiz').fill('§ 6 Satz 1 gekürzt');
    await page.getByRole('button', { name: 'Als neue Version speichern' }).click();
    await page.waitForURL(`${server.url}/vorlagen/2025?gespeichert=2`);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Version 2 gespeichert');
    expect(await page.getByLabel('§ 6, Absatz 1', { exact: true }).inputValue()).toBe(changed);
    expect(await page.getByRole('cell', { name: '§ 6 Satz 1 gekürzt' }).count()).toBe(1);
    await context.close();
  });
});
