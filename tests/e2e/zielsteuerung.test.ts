import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/platform/db/client';
import { buildProject, buildUser } from '../factories';
import { signInBrowser } from '../support/auth';
import { activate, hasHorizontalScroll, launchBrowser, pageViolations, startServer, typeInto, VIEWPORTS } from '../support/browser';
import { createTestDatabase } from '../support/test-database';

/**
 * Zielsteuerung (§ 6) end to end in Chromium, keyboard only (issue 15): the ministry schedules the
 * autumn Umsetzungsbesprechung; the district confirms a date; the monitoring detects a red figure
 * (no place of Maßnahmenart 2 filled by 30.9.) as an automatic deviation and the regenerated agenda
 * shows it; the district justifies it; the minutes record a follow-up; both sides confirm; the
 * Landesbericht is created and its PDF passes the PDF checks. axe-core 0 violations on every page at
 * 1280 px, and again at 320 px (no horizontal page scroll) on the pages of the journey.
 */
const AGS = '06439';
const YEAR = 2025;
const BASE = `/umsetzungsbesprechungen/${YEAR}/${AGS}`;

let database: AppDatabase;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
let hmsiUser: Awaited<ReturnType<typeof buildUser>>;
let districtUser: Awaited<ReturnType<typeof buildUser>>;
const visited: Array<{ role: 'hmsi' | 'district'; path: string }> = [];

beforeAll(async () => {
  database = await createTestDatabase();
  // 20 places planned in Maßnahmenart 2, nobody entered: 0 % by 30.9. is below the 70 % threshold.
  await buildProject(database, { year: YEAR, ags: AGS, key: 'BO', title: 'Berufsorientierung plus', measureType: 2, plannedPlaces: 20 });
  hmsiUser = await buildUser(database, 'hmsi', { totp: true });
  districtUser = await buildUser(database, 'district', { ags: AGS });
  server = await startServer(database);
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.close();
});

async function check(page: Page, role: 'hmsi' | 'district'): Promise<void> {
  expect(await pageViolations(page), page.url()).toEqual([]);
  const url = new URL(page.url());
  visited.push({ role, path: url.pathname });
}

const h1 = async (page: Page) => ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();

describe('Zielsteuerung: Umsetzungsbesprechung, Abweichung, Protokoll, Landesbericht (Chromium, nur Tastatur)', () => {
  it('runs from the invitation to the released figures in the Landesbericht', async () => {
    const hmsiContext = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE', acceptDownloads: true });
    const hmsi = await signInBrowser(hmsiContext, server.url, hmsiUser);
    const districtContext = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE' });
    const district = await signInBrowser(districtContext, server.url, districtUser);

    // 1. The ministry proposes two dates.
    await hmsi.goto(`${server.url}${BASE}`);
    await check(hmsi, 'hmsi');
    await activate(hmsi, 'link', 'Besprechung ansetzen');
    await check(hmsi, 'hmsi');
    await typeInto(hmsi, 'Datum, Vorschlag 1', '14.10.2025');
    await typeInto(hmsi, 'Beginn, Vorschlag 1', '10:00');
    await typeInto(hmsi, 'Ende, Vorschlag 1', '12:00');
    await typeInto(hmsi, 'Datum, Vorschlag 2', '4.11.2025');
    await typeInto(hmsi, 'Beginn, Vorschlag 2', '9:30');
    await typeInto(hmsi, 'Ende, Vorschlag 2', '11:30');
    await typeInto(hmsi, 'Ort', 'Kreishaus Bad Schwalbach, Raum 2.14');
    await activate(hmsi, 'button', 'Termine vorschlagen');
    expect(await hmsi.getByText('Die Terminvorschläge wurden gespeichert.').count()).toBe(1);
    await check(hmsi, 'hmsi');

    // 2. The district confirms the second date through the confirmation page.
    await district.goto(`${server.url}${BASE}`);
    await check(district, 'district');
    await district.getByLabel('Termin, der passt').selectOption('1');
    await activate(district, 'button', 'Termin bestätigen …');
    await check(district, 'district');
    await district.locator('main form button[type=submit]').first().focus();
    await Promise.all([district.waitForNavigation(), district.keyboard.press('Enter')]);
    expect(await district.getByText('Der Termin ist bestätigt; die Einladung geht an alle Teilnehmenden.').count()).toBe(1);
    expect(await district.getByRole('link', { name: 'Termin für den Kalender (.ics)' }).count()).toBe(1);
    await check(district, 'district');
    const ics = await (await district.request.get(`${server.url}${BASE}/einladung.ics`)).text();
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain('DTSTART:20251104T083000Z');

    // 3. The monitoring: the ministry lets the detection run; the places figure of Maßnahmenart 2 is red.
    await hmsi.goto(`${server.url}/steuerung/${YEAR}/${AGS}`);
    await check(hmsi, 'hmsi');
    await activate(hmsi, 'button', 'Abweichungen jetzt prüfen');
    await check(hmsi, 'hmsi');
    await hmsi.goto(`${server.url}/abweichungen/${YEAR}/${AGS}`);
    const detected = hmsi.getByRole('link', { name: /Maßnahmenart 2/ });
    expect(await detected.count()).toBe(1);
    const subject = ((await detected.textContent()) ?? '').trim();
    expect(subject).toMatch(/^Plätze belegt bis 30\.9\.2025 \(Maßnahmenart 2\): 0,0\s%/);
    await check(hmsi, 'hmsi');

    // 4. The agenda, generated again from the current figures, lists the detected deviation.
    await hmsi.goto(`${server.url}${BASE}/tagesordnung`);
    await check(hmsi, 'hmsi');
    await activate(hmsi, 'button', 'Aus aktuellen Zahlen neu erzeugen …');
    await check(hmsi, 'hmsi');
    await hmsi.locator('main form button[type=submit]').first().focus();
    await Promise.all([hmsi.waitForNavigation(), hmsi.keyboard.press('Enter')]);
    await hmsi.goto(`${server.url}${BASE}`);
    expect(await hmsi.locator('main').textContent()).toContain(`${subject} (seit 30.9.2025, noch nicht begründet)`);
    await check(hmsi, 'hmsi');

    // 5. The district justifies the deviation.
    await district.goto(`${server.url}/abweichungen/${YEAR}/${AGS}`);
    await check(district, 'district');
    await activate(district, 'link', subject);
    await typeInto(district, 'Begründung', 'Der Träger hat die Gruppe erst im Oktober begonnen; alle 20 Plätze sind seitdem belegt.', { exact: true });
    await activate(district, 'button', 'Begründung speichern');
    expect(await district.getByText('Die Begründung wurde gespeichert.').count()).toBe(1);
    await check(district, 'district');

    // 6. After the meeting: the ministry opens the minutes and records a follow-up.
    await hmsi.goto(`${server.url}${BASE}`);
    await activate(hmsi, 'button', 'Besprechung hat stattgefunden: Protokoll beginnen …');
    await check(hmsi, 'hmsi');
    await hmsi.locator('main form button[type=submit]').first().focus();
    await Promise.all([hmsi.waitForNavigation(), hmsi.keyboard.press('Enter')]);
    // Opening the minutes leads straight to their form.
    expect(new URL(hmsi.url()).pathname).toBe(`${BASE}/protokoll`);
    await check(hmsi, 'hmsi');
    await typeInto(hmsi, 'Anwesende', 'Frau Beispiel (HMSI)\nHerr Muster (AQB-Koordination)');
    await typeInto(hmsi, 'Besprechung, TOP 4', 'Der spätere Start in Maßnahmenart 2 wurde erläutert.');
    await typeInto(hmsi, 'Was, Folgeaufgabe 1', 'Belegungsliste Oktober nachreichen');
    await typeInto(hmsi, 'Wer, Folgeaufgabe 1', 'Rheingau-Taunus-Kreis');
    await typeInto(hmsi, 'Bis wann, Folgeaufgabe 1', '31.3.2026');
    await activate(hmsi, 'button', 'Protokoll speichern');
    expect(await hmsi.getByText('Das Protokoll wurde gespeichert.').count()).toBe(1);
    await check(hmsi, 'hmsi');

    // 7. Both sides confirm; the minutes are frozen as a PDF.
    for (const [page, role] of [[hmsi, 'hmsi'], [district, 'district']] as const) {
      await page.goto(`${server.url}${BASE}`);
      await activate(page, 'button', 'Protokoll bestätigen …');
      await check(page, role);
      await page.locator('main form button[type=submit]').first().focus();
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      expect(await page.getByText('Ihre Bestätigung des Protokolls wurde gespeichert.').count()).toBe(1);
      await check(page, role);
    }
    expect(await district.getByRole('link', { name: 'Bestätigtes Protokoll (PDF)' }).count()).toBe(1);
    expect(await district.locator('main').textContent()).toContain('Belegungsliste Oktober nachreichen');
    // The deadline calendar carries the meeting and the follow-up (a deadline with reminders and in the feed).
    await district.goto(`${server.url}/kalender?jahr=${YEAR}`);
    const calendar = (await district.locator('main').textContent()) ?? '';
    expect(calendar).toContain(`Umsetzungsbesprechung ${YEAR}`);
    expect(calendar).toContain('Folgeaufgabe: Belegungsliste Oktober nachreichen');
    await check(district, 'district');

    // 8. The Landesbericht: the ministry creates the draft for the year and downloads its PDF.
    await hmsi.goto(`${server.url}/landesbericht`);
    await check(hmsi, 'hmsi');
    await hmsi.getByLabel('AQB-Jahr').selectOption(String(YEAR));
    await activate(hmsi, 'button', 'Landesbericht anlegen');
    expect(await h1(hmsi)).toBe(`Landesbericht ${YEAR}`);
    expect(await hmsi.locator('main').textContent()).toContain('Für 2025 ist 1 Abweichung erfasst; das HMSI hat sie noch nicht bewertet.');
    await check(hmsi, 'hmsi');
    await hmsi.getByRole('link', { name: /^PDF, Fassung 1/ }).focus();
    const [download] = await Promise.all([hmsi.waitForEvent('download'), hmsi.keyboard.press('Enter')]);
    const file = join(mkdtempSync(join(tmpdir(), 'landesbericht-')), 'landesbericht.pdf');
    writeFileSync(file, readFileSync((await download.path())!));
    execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Title:\s+Landesbericht 2025/);
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' })).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(execFileSync('qpdf', ['--show-object=trailer', file], { encoding: 'utf8' }).length).toBeGreaterThan(0);
    const catalog = execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, '-'], { encoding: 'latin1', maxBuffer: 64 * 1024 * 1024 });
    expect(catalog).toMatch(/\/Lang \((de|de-DE)\)/);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Abweichungen (§ 6)');
    expect(text).toContain('Entwurf');
    await hmsiContext.close();
    await districtContext.close();
  }, 300_000);

  it('has no axe violations and no horizontal page scroll at 320 px on the pages of the journey', async () => {
    expect(visited.length).toBeGreaterThan(15);
    for (const [role, user] of [['hmsi', hmsiUser], ['district', districtUser]] as const) {
      const context = await browser.newContext({ viewport: VIEWPORTS.narrow, locale: 'de-DE' });
      const page = await signInBrowser(context, server.url, user);
      for (const path of new Set(visited.filter((v) => v.role === role).map((v) => v.path))) {
        const response = await page.goto(`${server.url}${path}`);
        // POST-only paths (a confirmation page reached by a form) answer 404/405 to a GET, and a step
        // already taken is no longer offered (403, e.g. scheduling again): only pages that still exist count.
        if (response && [403, 404, 405].includes(response.status())) continue;
        expect(response?.status(), path).toBeLessThan(400);
        expect(await pageViolations(page), path).toEqual([]);
        expect(await hasHorizontalScroll(page), path).toBe(false);
      }
      await context.close();
    }
  }, 180_000);
});
