import { readFileSync } from 'node:fs';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app';
import type { AppDatabase } from '../../src/platform/db/client';
import { buildIssuedBescheid, buildProject, buildUser } from '../factories';
import { signInBrowser } from '../support/auth';
import { hasHorizontalScroll, launchBrowser, pageViolations, VIEWPORTS } from '../support/browser';
import { createTestDatabase } from '../support/test-database';

/**
 * The money path in Chromium, keyboard only (focus + typing + Enter), axe-core on every page at
 * 1280 px and again at 320 px: from an issued Bescheid (20.000 €), the district requests funds (a
 * payment due beyond two months is refused next to its field), RP pays out, the district reports the
 * use and files the Verwendungsnachweis, RP saves the Prüfvermerk, issues the Rückforderung after
 * the confirmation page and downloads the letter.
 */

const AGS = '06439';
/** This suite's own port (4200–4299 are this work's ports). */
const PORT = Number(process.env.E2E_PAYMENTS_PORT ?? 4201);
let database: AppDatabase;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
const visited: Array<{ path: string; role: 'district' | 'rp' }> = [];
let districtUser: Awaited<ReturnType<typeof buildUser>>;
let rpUser: Awaited<ReturnType<typeof buildUser>>;

beforeAll(async () => {
  database = await createTestDatabase();
  const project = await buildProject(database, { year: 2024, ags: AGS, key: 'W1', title: 'Werkstatt Zukunft' });
  await buildIssuedBescheid(database, { year: 2024, ags: AGS, decidedOn: '2024-02-01', lines: [{ projectId: project.id, approvedCents: 20_000_00 }] });
  districtUser = await buildUser(database, 'district', { ags: AGS });
  rpUser = await buildUser(database, 'rp', { totp: true });
  const app = createApp({ database });
  const running = await new Promise<ServerType>((done) => {
    const s = serve({ fetch: app.fetch, port: PORT, hostname: '127.0.0.1' }, () => done(s));
  });
  server = { url: `http://127.0.0.1:${PORT}`, close: () => new Promise((done) => running.close(() => done())) };
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.close();
});

async function check(page: Page, role: 'district' | 'rp'): Promise<void> {
  visited.push({ path: new URL(page.url()).pathname + new URL(page.url()).search.replace(/[?&](abgerufen|ausgezahlt|verwendet|gespeichert|eingereicht|geprueft|erlassen)=1/, ''), role });
  expect(await pageViolations(page), page.url()).toEqual([]);
}
/** Focus a field (by CSS selector) and type with the keyboard, replacing its content. */
async function typeAt(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  if (text) await page.keyboard.type(text);
}
/** Focus a button by its name and press Enter. */
async function press(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name }).first().focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}
async function follow(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('link', { name }).first().focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}
/** Choose an option of a focused select by typing its first letters. */
async function choose(page: Page, selector: string, typed: string): Promise<void> {
  await page.locator(selector).focus();
  await page.keyboard.type(typed);
}

describe('Mittelabruf bis Rückforderung (Chromium, nur Tastatur)', () => {
  it('district requests, RP pays, district reports use and files the Nachweis, RP issues the Rückforderung and downloads the letter', async () => {
    const districtContext = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE' });
    const district = await signInBrowser(districtContext, server.url, districtUser);
    const rpContext = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE', acceptDownloads: true });
    const rp = await signInBrowser(rpContext, server.url, rpUser);

    // District: the Mittel page, a request beyond two months refused, then the right one.
    await district.goto(`${server.url}/mittel?jahr=2024`);
    await check(district, 'district');
    await follow(district, 'Rheingau-Taunus-Kreis');
    expect(await district.getByRole('heading', { level: 1 }).textContent()).toBe('Mittel 2024');
    await check(district, 'district');
    await choose(district, '#feld-r-projekt', 'W1');
    await typeAt(district, '#feld-r-datum', '10.3.2024');
    await typeAt(district, '#feld-r-betrag', '5.000,00');
    await typeAt(district, '#feld-r-faellig_1_datum', '11.5.2024');
    await typeAt(district, '#feld-r-faellig_1_betrag', '5.000,00');
    await typeAt(district, '#feld-r-faellig_1_zweck', 'Honorare März bis Mai');
    await press(district, 'Mittel abrufen');
    expect(await district.locator('#feld-r-faellig_1_datum-fehler').textContent()).toContain('nicht innerhalb von zwei Monaten fällig');
    expect(await district.locator('#feld-r-faellig_1_datum').getAttribute('aria-describedby')).toContain('feld-r-faellig_1_datum-fehler');
    await check(district, 'district');
    await typeAt(district, '#feld-r-faellig_1_datum', '10.5.2024');
    await press(district, 'Mittel abrufen');
    expect(await district.getByText('Der Mittelabruf wurde gespeichert.').count()).toBe(1);

    // RP: the payout against the request (the open amount is proposed).
    await rp.goto(`${server.url}/mittel/2024/${AGS}`);
    await check(rp, 'rp');
    const payoutDate = rp.getByLabel('Auszahlungsdatum');
    await payoutDate.focus();
    await rp.keyboard.press('ControlOrMeta+A');
    await rp.keyboard.type('15.3.2024');
    await press(rp, 'Auszahlung erfassen');
    expect(await rp.getByText('Die Auszahlung wurde erfasst.').count()).toBe(1);
    await check(rp, 'rp');

    // District: the use, late (1.7.2024, two months ended 15.5.), then the Zwischenzinsen page.
    await district.goto(`${server.url}/mittel/2024/${AGS}`);
    await choose(district, '#feld-v-projekt', 'W1');
    await typeAt(district, '#feld-v-datum', '1.7.2024');
    await typeAt(district, '#feld-v-betrag', '5.000,00');
    await typeAt(district, '#feld-v-beschreibung', 'Honorare');
    await press(district, 'Verwendung melden');
    expect(await district.getByText('Die Verwendung wurde gemeldet.').count()).toBe(1);
    await check(district, 'district');
    await follow(district, 'Zwischenzinsen');
    await typeAt(district, '#feld-stichtag', '1.7.2024');
    await press(district, 'Neu berechnen');
    expect(await district.getByText('127,15 €').count()).toBeGreaterThan(0);
    await check(district, 'district');

    // District: the Verwendungsnachweis (actual expenses 4.000 € of 20.000 € planned), submitted after the confirmation page.
    await district.goto(`${server.url}/verwendungsnachweise/2024/${AGS}`);
    await check(district, 'district');
    await typeAt(district, '#feld-bericht_0', 'Werkstatt mit zehn Plätzen durchgeführt.');
    await typeAt(district, '#feld-plaetze_0', '10');
    await typeAt(district, '#feld-ergebnisse_0', 'Sieben Teilnehmende in Ausbildung.');
    await typeAt(district, '#feld-ausgabe_0_0', '4.000,00');
    await typeAt(district, '#feld-finanzierung_0_0', '4.000,00');
    await press(district, 'Entwurf speichern');
    expect(await district.getByText('Der Entwurf wurde gespeichert.').count()).toBe(1);
    await check(district, 'district');
    await follow(district, 'Verwendungsnachweis einreichen …');
    await check(district, 'district');
    await press(district, 'Jetzt verbindlich einreichen');
    expect(await district.getByText('Der Verwendungsnachweis wurde eingereicht.').count()).toBe(1);
    await check(district, 'district');

    // RP: Prüfvermerk with the interest end, the confirmation page with the computation, the issue, the letter.
    await rp.goto(`${server.url}/verwendungsnachweise/2024/${AGS}`);
    await check(rp, 'rp');
    await typeAt(rp, '#feld-pruefvermerk', 'Ausgaben deutlich unter Plan; anteilige Rückforderung.');
    await typeAt(rp, '#feld-zinsende', '1.10.2024');
    await press(rp, 'Prüfvermerk speichern und berechnen');
    expect(await rp.getByText('Der Prüfvermerk wurde gespeichert.').count()).toBe(1);
    await check(rp, 'rp');
    await follow(rp, 'Prüfvermerk und Rückforderung erlassen …');
    expect(await rp.getByRole('heading', { level: 1 }).textContent()).toBe('Prüfvermerk und Rückforderung 2024 erlassen');
    // 5.000 paid − 4.000 eligible = 1.000 €; interest 15.3.–1.10.2024: 1.000 × (0,0862 × 107 + 0,0837 × 93) / 366 = 46,47 €.
    expect(await rp.getByText('46,47 €').count()).toBeGreaterThan(0);
    await check(rp, 'rp');
    await press(rp, 'Verbindlich erlassen');
    expect(await rp.getByText('Prüfvermerk und Rückforderung wurden erlassen.').count()).toBe(1);
    await check(rp, 'rp');
    await rp.getByRole('link', { name: 'PDF herunterladen' }).focus();
    const [download] = await Promise.all([rp.waitForEvent('download'), rp.keyboard.press('Enter')]);
    const file = readFileSync((await download.path())!);
    expect(file.subarray(0, 5).toString()).toBe('%PDF-');
    expect(download.suggestedFilename()).toBe(`rueckforderung-2024-${AGS}.pdf`);
    await districtContext.close();
    await rpContext.close();
  }, 180_000);

  it('has no axe violations and no horizontal page scroll at 320 px on the pages of the journey', async () => {
    expect(visited.length).toBeGreaterThan(10);
    for (const [role, user] of [['district', districtUser], ['rp', rpUser]] as const) {
      const context = await browser.newContext({ viewport: VIEWPORTS.narrow, locale: 'de-DE' });
      const page = await signInBrowser(context, server.url, user);
      for (const path of new Set(visited.filter((v) => v.role === role).map((v) => v.path))) {
        await page.goto(`${server.url}${path}`);
        expect(await pageViolations(page), path).toEqual([]);
        expect(await hasHorizontalScroll(page), path).toBe(false);
      }
      await context.close();
    }
  }, 180_000);
});
