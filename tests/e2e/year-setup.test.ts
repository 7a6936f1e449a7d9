import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../factories';
import type { AppDatabase } from '../../src/platform/db/client';
import { pageViolations, hasHorizontalScroll, launchBrowser, startServer, VIEWPORTS } from '../support/browser';
import { signInBrowser } from '../support/auth';
import { createTestDatabase } from '../support/test-database';

/**
 * The year set-up in Chromium: the ministry creates AQB year 2026, uploads the indicators twice
 * with different weights, compares the two scenarios, fixes one and downloads a letter. axe-core
 * on every page, at 1280 px during the journey and again at 320 px.
 */

const FIXTURE = new URL('../../src/modules/budget-years/allocation/fixtures/indicators-2026.csv', import.meta.url).pathname;
let database: AppDatabase;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
const visited: string[] = [];

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

async function check(page: Page): Promise<void> {
  visited.push(new URL(page.url()).pathname + new URL(page.url()).search);
  expect(await pageViolations(page), page.url()).toEqual([]);
}

async function submit(page: Page, name: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
}

async function h1(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
}

async function addKeyScenario(page: Page, name: string, weights: string, floor: string): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Szenario nach Verteilungsschlüssel' }).click()]);
  expect(await h1(page)).toBe('Szenario nach Verteilungsschlüssel 2026');
  await check(page);
  await page.getByLabel('Name des Szenarios').fill(name);
  await page.locator('#feld-key').setInputFiles(FIXTURE);
  await page.getByLabel('Gewichtung').fill(weights);
  await page.getByLabel('Mindestbetrag je Gebietskörperschaft in Euro').fill(floor);
  await submit(page, 'Szenario berechnen und speichern');
  expect(await h1(page)).toBe('AQB-Jahr 2026');
  expect(await page.getByText('Das Szenario wurde gespeichert.').count()).toBe(1);
}

describe('AQB-Jahr einrichten (Chromium)', () => {
  it('creates 2026, uploads indicators, compares two scenarios, fixes one and downloads a letter', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE', acceptDownloads: true });
    // One account per context: a one-time code is accepted only once.
    const page = await signInBrowser(context, server.url, await buildUser(database, 'hmsi', { totp: true }));

    await page.goto(`${server.url}/jahre`);
    expect(await h1(page)).toBe('AQB-Jahre');
    await check(page);
    expect(await page.getByLabel('Jahr', { exact: true }).inputValue()).toBe('2026');
    await page.getByLabel(/^Landesbudget in Euro/).fill('27.700.000');
    await submit(page, 'AQB-Jahr anlegen');
    expect(await h1(page)).toBe('AQB-Jahr 2026');
    expect(await page.getByText('Angelegt als Kopie des AQB-Jahres 2025').count()).toBe(1);
    await check(page);

    await addKeyScenario(page, 'Bedarf', 'sgb2_bedarfsgemeinschaften=1', '');
    await addKeyScenario(page, 'Jugend mit Sockel', 'jugendarbeitslose=0,7; sgb2_bedarfsgemeinschaften=0,3', '300.000');
    await check(page);

    await page.getByLabel('Bedarf auswählen').check();
    await page.getByLabel('Jugend mit Sockel auswählen').check();
    await submit(page, 'Ausgewählte Szenarien vergleichen');
    expect(await h1(page)).toBe('Szenarien vergleichen 2026');
    expect(await page.locator('tbody tr').count()).toBe(26);
    expect(await page.getByRole('columnheader', { name: 'Veränderung (Jugend mit Sockel)' }).count()).toBe(1);
    expect(await page.locator('tfoot').textContent()).toContain('27.700.000,00 €');
    await check(page);

    await page.goto(`${server.url}/jahre/2026`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Festlegen (Jugend mit Sockel)' }).click()]);
    expect(await h1(page)).toBe('Szenario „Jugend mit Sockel“ festlegen');
    await check(page);
    await page.getByLabel('Datum der Mittelankündigung').fill('2025-12-19');
    await submit(page, 'Verbindlich festlegen und Schreiben erzeugen');
    expect(await page.getByText('Die Zuweisung wurde festgelegt; die Mittelankündigungen sind erzeugt.').count()).toBe(1);
    expect(await page.locator('#zuweisung-tabelle').count()).toBe(1);
    await check(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'PDF (Landkreis Darmstadt-Dieburg)' }).click()]);
    expect(download.suggestedFilename()).toBe('mittelankuendigung-2026-06432.pdf');
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  });

  it('shows the running total of a manual scenario while typing (JavaScript) and on "Summe berechnen" (without)', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE' });
    const page = await signInBrowser(context, server.url, await buildUser(database, 'hmsi', { totp: true }));
    await page.goto(`${server.url}/jahre/2026/szenarien/manuell`);
    await check(page);
    const total = page.locator('[data-running-total-output]');
    const before = (await total.textContent())!;
    expect(before).toMatch(/^Summe: /);
    // One district +1.000 €: the line follows at once, no request.
    const field = page.getByLabel('Landkreis Darmstadt-Dieburg');
    const old = await field.inputValue();
    await field.fill('');
    await field.pressSequentially('1.000.000,00');
    const typed = (await total.textContent())!;
    expect(typed).not.toBe(before);
    expect(typed).toMatch(/Landesbudget/);
    await field.fill('abc');
    expect(await total.textContent()).toMatch(/(Ein Betrag fehlt oder ist|\d+ Beträge fehlen oder sind) ungültig und nicht mitgezählt\./);
    await field.fill(old);
    expect(await total.textContent()).toBe(before);
    await context.close();

    // Without JavaScript the button computes the same line on the server.
    const plain = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE', javaScriptEnabled: false });
    const noJs = await signInBrowser(plain, server.url, await buildUser(database, 'hmsi', { totp: true }));
    await noJs.goto(`${server.url}/jahre/2026/szenarien/manuell`);
    await noJs.getByLabel('Landkreis Darmstadt-Dieburg').fill('1.000.000,00');
    await submit(noJs, 'Summe berechnen');
    expect(await noJs.locator('[data-running-total-output]').textContent()).toMatch(/^Summe: .*Landesbudget/);
    // (axe needs JavaScript; the same page was checked above with it.)
    await plain.close();
  });

  it('has no axe violations and no horizontal page scroll at 320 px on the pages of the journey', async () => {
    expect(visited.length).toBeGreaterThan(5);
    const context = await browser.newContext({ viewport: VIEWPORTS.narrow, locale: 'de-DE' });
    const page = await signInBrowser(context, server.url, await buildUser(database, 'hmsi', { totp: true }));
    for (const path of new Set(visited)) {
      const response = await page.goto(`${server.url}${path}`);
      expect(response?.status(), path).toBe(200);
      expect(await pageViolations(page), path).toEqual([]);
      const wide = await page.evaluate(() =>
        Array.from(document.querySelectorAll('body *'))
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.parentElement?.closest('.table-region'))
          .map((e) => `${e.tagName}.${e.className}#${e.id}`)
          .slice(0, 5),
      );
      expect(await hasHorizontalScroll(page), `${path}: ${wide.join(', ')}`).toBe(false);
    }
    await context.close();
  });
});
