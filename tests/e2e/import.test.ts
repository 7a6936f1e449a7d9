import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCurrentAgreementContent } from '../../src/modules/agreements/service';
import type { AppDatabase } from '../../src/platform/db/client';
import { pageViolations, hasHorizontalScroll, launchBrowser, startServer, VIEWPORTS } from '../support/browser';
import { createTestDatabase } from '../support/test-database';
import { signInBrowser } from '../support/auth';
import { buildUser } from '../factories';

let database: AppDatabase;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
const lw = readFileSync(new URL('../../src/modules/imports/fixtures/limburg-weilburg_2025.txt', import.meta.url));
const rtk = readFileSync(new URL('../../src/modules/imports/fixtures/rheingau-taunus-kreis_2024.md', import.meta.url));

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

async function upload(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  await page.goto(`${server.url}/import`);
  await page.getByLabel('Dateien (.md, .txt, .pdf, .docx)').setInputFiles(files);
  await page.getByRole('button', { name: 'Hochladen und prüfen' }).click();
  await page.waitForURL(/\/import\/stapel\/[0-9a-f-]{36}\/1$/);
}

describe('Import in Chromium', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it(`upload and preview pages have no axe violations (${name}, ${viewport.width} px)`, async () => {
      const context = await browser.newContext({ viewport, locale: 'de-DE' });
      const page = await signInBrowser(context, server.url, await buildUser(database, 'hmsi', { totp: true }));
      const response = await page.goto(`${server.url}/import`);
      expect(response?.status()).toBe(200);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Zielvereinbarungen importieren');
      expect(await pageViolations(page)).toEqual([]);
      if (name === 'narrow') expect(await hasHorizontalScroll(page)).toBe(false);

      await upload(page, [{ name: 'limburg-weilburg_2025.txt', mimeType: 'text/plain', buffer: lw }]);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Import prüfen: limburg-weilburg_2025.txt');
      expect(await page.getByText('Datei 1 von 1').count()).toBe(1);
      expect(await page.locator('[data-code="SIGNATURE_ON_WEEKEND"]').count()).toBe(1);
      expect(await pageViolations(page)).toEqual([]);
      if (name === 'narrow') expect(await hasHorizontalScroll(page)).toBe(false);
      await context.close();
    });
  }

  it('uploads two files, corrects the amount and a project title, saves, skips the second, and sees the result stored', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE' });
    const page = await signInBrowser(context, server.url, await buildUser(database, 'hmsi', { totp: true }));
    await upload(page, [
      { name: 'limburg-weilburg_2025.txt', mimeType: 'text/plain', buffer: lw },
      { name: 'rheingau-taunus-kreis_2024.md', mimeType: 'text/markdown', buffer: rtk },
    ]);
    expect(await page.getByText('Datei 1 von 2').count()).toBe(1);
    expect(await page.getByLabel('Betrag der Haushaltsmittel (§ 4) in Euro').inputValue()).toBe('895.210,00');
    expect(await page.getByRole('region', { name: 'Ausgelesener Text der Datei' }).textContent()).toContain('895.210 Euro');

    await page.getByLabel('Betrag der Haushaltsmittel (§ 4) in Euro').fill('901.234,56');
    const projects = page.getByLabel('3. Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung');
    expect(await projects.inputValue()).toBe('Berufsperspektive für Frauen und Männer');
    await projects.fill('Berufsperspektive für Frauen und Männer (berichtigt)\nNeues Projekt „Start“');
    // LW 2025 is stored and published: the page says so before saving and names what saving does.
    expect(await page.getByText(/gibt es bereits eine Zielvereinbarung \(Veröffentlicht, Version 1\)/).count()).toBe(1);
    await page.getByRole('button', { name: 'Als Nachtrag-Entwurf übernehmen', exact: true }).click();

    await page.waitForURL(/\/2\?vorher=1$/);
    expect(await page.getByText('Datei 2 von 2').count()).toBe(1);
    // LW 2025 is published: the corrected document becomes a Nachtrag draft; the publication stays.
    expect(await page.getByText(/als Nachtrag-Entwurf \(Version 2\) übernommen.*Betrag: 895\.210,00 € → 901\.234,56 €/).count()).toBe(1);
    const stored = await findCurrentAgreementContent(database.db, '06533', 2025);
    expect(stored?.amountCents).toBe(901_234_56);
    expect(stored?.measures[2]!.projects).toEqual([{ title: 'Berufsperspektive für Frauen und Männer (berichtigt)' }, { title: 'Neues Projekt „Start“' }]);

    await page.getByRole('button', { name: 'Verwerfen, weiter' }).click();
    await page.waitForURL(/\/import\/stapel\/[0-9a-f-]{36}$/);
    expect(await page.getByText('2 von 2 Dateien bearbeitet').count()).toBe(1);
    expect(await page.locator('tr[data-status="saved"]').count()).toBe(1);
    expect(await page.locator('tr[data-status="skipped"]').count()).toBe(1);
    expect(await pageViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Weitere Dateien importieren' }).click();
    expect(await page.getByRole('table').getByText('limburg-weilburg_2025.txt').count()).toBe(1);
    await context.close();
  });

  for (const javaScriptEnabled of [false, true]) {
    it(`shows corrections that do not validate next to their fields (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ viewport: VIEWPORTS.narrow, locale: 'de-DE', javaScriptEnabled });
      const page = await signInBrowser(context, server.url, await buildUser(database, 'hmsi', { totp: true }));
      await upload(page, [{ name: 'rtk.md', mimeType: 'text/markdown', buffer: rtk }]);
      await page.getByLabel('AQB-Jahr').fill('20x4');
      // RTK 2024 is published: saving would make a Nachtrag draft.
      await page.getByRole('button', { name: 'Als Nachtrag-Entwurf übernehmen', exact: true }).click();
      await page.getByRole('heading', { name: 'Bitte prüfen Sie Ihre Eingaben' }).waitFor();
      expect(await page.locator('#feld-year-fehler').textContent()).toContain('Bitte geben Sie das AQB-Jahr vierstellig ein');
      expect(await page.getByLabel('AQB-Jahr').getAttribute('aria-invalid')).toBe('true');
      // axe-core runs as page script, so it can only check the error state with JavaScript on.
      if (javaScriptEnabled) {
        expect(await pageViolations(page)).toEqual([]);
        expect(await hasHorizontalScroll(page)).toBe(false);
      }
      await context.close();
    });
  }

  for (const [name, viewport, javaScriptEnabled] of [['desktop', VIEWPORTS.desktop, true], ['narrow', VIEWPORTS.narrow, true], ['narrow, JavaScript off', VIEWPORTS.narrow, false]] as const) {
    it(`a file without the § 4 amount opens with the field empty and marked; the typed amount is saved (${name})`, async () => {
      const text = rtk.toString('utf8');
      expect(text).toContain('787.100 Euro');
      const withoutAmount = Buffer.from(text.replace('787.100 Euro', ''), 'utf8');
      const context = await browser.newContext({ viewport, locale: 'de-DE', javaScriptEnabled });
      const page = await signInBrowser(context, server.url, await buildUser(database, 'hmsi', { totp: true }));
      await upload(page, [{ name: 'rtk-ohne-betrag.md', mimeType: 'text/markdown', buffer: withoutAmount }]);
      expect(await page.getByText('In der Datei fehlen Angaben').count()).toBeGreaterThan(0);
      const amount = page.getByLabel('Betrag der Haushaltsmittel (§ 4) in Euro');
      expect(await amount.inputValue()).toBe('');
      expect(await page.getByText('Fehlt in der Datei – bitte eintragen.').count()).toBe(1);
      if (javaScriptEnabled) {
        expect(await pageViolations(page)).toEqual([]);
        if (viewport.width < 400) expect(await hasHorizontalScroll(page)).toBe(false);
      }
      // Left empty: the German message next to the field, nothing saved.
      await page.locator('button[name="action"][value="save"]').click();
      await page.getByRole('heading', { name: 'Bitte prüfen Sie Ihre Eingaben' }).waitFor();
      expect(await page.locator('#feld-amount-fehler').count()).toBe(1);
      if (javaScriptEnabled) expect(await pageViolations(page)).toEqual([]);
      await page.getByLabel('Betrag der Haushaltsmittel (§ 4) in Euro').fill('787.100,00');
      await page.locator('button[name="action"][value="save"]').click();
      await page.waitForURL(/\/import\/stapel\/[0-9a-f-]{36}(\/\d+\?vorher=1)?$/);
      const stored = await findCurrentAgreementContent(database.db, '06439', 2024);
      expect(stored?.amountCents).toBe(787_100_00);
      await context.close();
    });
  }
});
