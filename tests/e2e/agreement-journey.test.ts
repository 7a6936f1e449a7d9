import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../factories';
import { generateTotpCode } from '../../src/modules/access/totp';
import { allocations } from '../../src/modules/budget-years/tables';
import type { AppDatabase } from '../../src/platform/db/client';
import { activate, hasHorizontalScroll, launchBrowser, pageViolations, startServer, typeInto, VIEWPORTS } from '../support/browser';
import { createTestDatabase } from '../support/test-database';
import { TODAY_GERMAN } from '../support/dates';

/**
 * The agreement journey in Chromium, keyboard only: the ministry drafts the Rheingau-Taunus-Kreis
 * agreement 2025, the district's coordinator adds a project, the ministry sends it to signature,
 * both sides sign, the ministry publishes. axe-core on every page visited.
 */

const AGS = '06439';
const BASE = `/zielvereinbarungen/2025/${AGS}`;
let database: AppDatabase;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
const visited: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  // The test database has no demo data, so RTK 2025 has no allocation yet: set one.
  await database.db.insert(allocations).values({ year: 2025, ags: AGS, amountCents: 801_230_00, source: 'test' });
  server = await startServer(database);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.close();
});

async function checkPage(page: Page): Promise<void> {
  visited.push(new URL(page.url()).pathname);
  expect(await pageViolations(page), page.url()).toEqual([]);
}

const type = (page: Page, label: string | RegExp, text: string) => typeInto(page, label, text);

async function signIn(context: BrowserContext, user: { email: string; password: string; totpSecret: string | null }): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.url}/anmelden`);
  await type(page, 'E-Mail-Adresse', user.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(user.password);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  if (user.totpSecret) {
    await type(page, 'Code aus der Authenticator-App', await generateTotpCode(user.totpSecret));
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  }
  expect(new URL(page.url()).pathname).not.toMatch(/^\/anmelden/);
  return page;
}

async function heading(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
}

describe('Zielvereinbarung von Entwurf bis Veröffentlichung (Chromium, nur Tastatur)', () => {
  it('ministry drafts, district adds a project, ministry releases, both sign, ministry publishes', async () => {
    const hmsiUser = await buildUser(database, 'hmsi', { totp: true, name: 'Helga Fachreferat' });
    const districtUser = await buildUser(database, 'district', { ags: AGS, name: 'Klaus Koordination' });
    const hmsiContext = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE' });
    const districtContext = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE' });

    // 1. The ministry drafts the RTK agreement 2025.
    const hmsi = await signIn(hmsiContext, hmsiUser);
    await activate(hmsi, 'link', 'Zielvereinbarungen');
    expect(await heading(hmsi)).toBe('Zielvereinbarungen');
    await checkPage(hmsi);
    await hmsi.getByLabel('AQB-Jahr des Entwurfs').focus();
    await hmsi.keyboard.type('2025');
    await hmsi.getByLabel('Gebietskörperschaft').focus();
    await hmsi.keyboard.type('Rheingau');
    expect(await hmsi.getByLabel('Gebietskörperschaft').inputValue()).toBe(AGS);
    await activate(hmsi, 'button', 'Entwurf anlegen');
    expect(new URL(hmsi.url()).pathname).toBe(`${BASE}/bearbeiten`);
    expect(await hmsi.getByText('Der Entwurf wurde angelegt.').count()).toBe(1);
    expect(await hmsi.getByLabel(/Betrag in § 4/).inputValue()).toBe('801.230,00');
    await checkPage(hmsi);
    await activate(hmsi, 'link', 'Status');
    await checkPage(hmsi);
    await activate(hmsi, 'button', 'Zur Abstimmung geben');
    expect(await hmsi.getByText('In Abstimmung', { exact: true }).count()).toBeGreaterThan(0);
    await checkPage(hmsi);

    // 2. The district's coordinator adds a project.
    const district = await signIn(districtContext, districtUser);
    await activate(district, 'link', 'Zielvereinbarungen');
    await checkPage(district);
    // Two agreements of the district (2024 published, 2025 new): filter by year.
    await district.getByLabel('AQB-Jahr').focus();
    await district.keyboard.type('2025');
    await activate(district, 'button', 'Filtern');
    expect(await district.getByRole('link', { name: 'Rheingau-Taunus-Kreis' }).count()).toBe(1);
    await activate(district, 'link', 'Rheingau-Taunus-Kreis');
    await checkPage(district);
    await activate(district, 'link', 'Bearbeiten');
    await checkPage(district);
    await district.getByRole('textbox').first().focus();
    await district.keyboard.type('Ausbildungslotsen im Rheingau');
    await activate(district, 'button', 'Speichern');
    expect(await district.getByText('Gespeichert.').count()).toBe(1);
    expect(await district.getByRole('textbox').first().inputValue()).toBe('Ausbildungslotsen im Rheingau');
    await checkPage(district);

    // 3. The ministry sends it to signature (the amount equals the allocation).
    await hmsi.goto(`${server.url}${BASE}/status`);
    expect(await hmsi.getByText('Betrag und Zuweisung stimmen überein.').count()).toBe(1);
    await activate(hmsi, 'button', 'Zur Unterschrift freigeben');
    expect(await hmsi.getByText('Der Status wurde geändert.').count()).toBe(1);
    await checkPage(hmsi);

    // 4. Both sides record their signatures: the district first, then the Land. The district's page
    // was drawn before the release; it offers "Unterschriften" once reloaded (the navigation follows the state).
    await district.reload();
    await activate(district, 'link', 'Unterschriften');
    await checkPage(district);
    await type(district, 'Ort', 'Bad Schwalbach');
    await type(district, 'Datum der Unterschrift', TODAY_GERMAN);
    await type(district, 'Name der unterzeichnenden Person', 'Sandro Zehner');
    await type(district, 'Amtsbezeichnung', 'Landrat');
    await activate(district, 'button', 'Unterschrift erfassen');
    // A confirmation page says what is recorded before anything is written.
    expect(await district.getByRole('heading', { level: 1 }).textContent()).toBe('Unterschrift bestätigen');
    expect(await district.getByText('Danach fehlt noch die Unterschrift der anderen Seite.').count()).toBe(1);
    await checkPage(district);
    await activate(district, 'button', 'Unterschrift erfassen');
    expect(await district.getByText('Die Unterschrift wurde erfasst.').count()).toBe(1);
    await checkPage(district);

    await hmsi.goto(`${server.url}${BASE}/unterschrift`);
    await type(hmsi, 'Ort', 'Wiesbaden');
    await type(hmsi, 'Datum der Unterschrift', TODAY_GERMAN);
    await type(hmsi, 'Name der unterzeichnenden Person', 'Heike Hofmann');
    await type(hmsi, 'Amtsbezeichnung', 'Staatsministerin');
    await activate(hmsi, 'button', 'Unterschrift erfassen');
    expect(await hmsi.getByText(/Damit liegen beide Unterschriften vor/).count()).toBe(1);
    await activate(hmsi, 'button', 'Unterschrift erfassen');
    expect(await hmsi.getByText('Unterzeichnet', { exact: true }).count()).toBeGreaterThan(0);
    await checkPage(hmsi);

    // 5. The ministry publishes.
    await activate(hmsi, 'link', 'Status');
    await activate(hmsi, 'link', 'Veröffentlichen …');
    // The confirmation shows the PDF that goes public, its fingerprint and the portal page; nothing is published yet.
    expect(await hmsi.getByRole('heading', { level: 1 }).textContent()).toBe('Veröffentlichen bestätigen');
    const shown = (await hmsi.locator('code.sha256').textContent())!.trim();
    expect(shown).toMatch(/^[0-9a-f]{64}$/);
    expect(await hmsi.getByText(`/portal/zielvereinbarungen/2025/${AGS}`).count()).toBe(1);
    expect(((await database.db.execute(`select count(*)::int as n from agreement_publications p join agreements a on a.id = p.agreement_id where a.year = 2025 and a.ags = '${AGS}'` as never)) as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
    await checkPage(hmsi);
    await activate(hmsi, 'button', 'Jetzt veröffentlichen');
    expect(await hmsi.getByText('Veröffentlicht', { exact: true }).count()).toBeGreaterThan(0);
    await checkPage(hmsi);
    const rows = (await database.db.execute(`select length(pdf) as size, sha256 from agreement_publications p join agreements a on a.id = p.agreement_id where a.year = 2025 and a.ags = '${AGS}'` as never)) as unknown as { rows: { size: number; sha256: string }[] };
    expect(rows.rows).toHaveLength(1);
    // What was shown is what went public.
    expect(rows.rows[0]!.sha256).toBe(shown);

    // Versions, comparison and history of the journey.
    await activate(hmsi, 'link', 'Versionen');
    await checkPage(hmsi);
    await activate(hmsi, 'button', 'Vergleichen');
    expect(await hmsi.locator('ins').count()).toBeGreaterThan(0);
    await checkPage(hmsi);
    await hmsi.goto(`${server.url}${BASE}/verlauf`);
    expect(await hmsi.getByRole('cell', { name: 'Veröffentlicht (PDF eingefroren)' }).count()).toBe(1);
    await checkPage(hmsi);
    await hmsi.goto(`${server.url}/zielvereinbarungen/vergleich?ags=${AGS}&von=2024&zu=2025`);
    await checkPage(hmsi);
    console.log(`agreement journey: ${visited.length} pages checked with axe (0 violations)`);
    await hmsiContext.close();
    await districtContext.close();
  }, 120_000);

  it('shows every workflow page without horizontal scrolling and axe violations at 320 px', async () => {
    const user = await buildUser(database, 'hmsi', { totp: true });
    const context = await browser.newContext({ viewport: VIEWPORTS.narrow, locale: 'de-DE' });
    const page = await signIn(context, user);
    for (const path of ['/zielvereinbarungen', `${BASE}/bearbeiten`, `${BASE}/status`, `${BASE}/unterschrift`, `${BASE}/versionen`, `${BASE}/vergleich?von=1&zu=3`, `${BASE}/verlauf`, `/zielvereinbarungen/vergleich?ags=${AGS}&von=2024&zu=2025`]) {
      await page.goto(`${server.url}${path}`);
      expect(await pageViolations(page), path).toEqual([]);
      expect(await hasHorizontalScroll(page), path).toBe(false);
    }
    await context.close();
  }, 120_000);
});
