import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../src/platform/db/client';
import { buildProject, buildUser } from '../factories';
import { signInBrowser } from '../support/auth';
import { activate, hasHorizontalScroll, launchBrowser, pageViolations, startServer, typeInto, VIEWPORTS } from '../support/browser';
import { createTestDatabase } from '../support/test-database';

/**
 * Tagungen and Gute Praxis in Chromium, keyboard only, axe-core at 1280 px and 320 px: the ministry
 * creates and publishes a conference, a district registers, the ministry uploads material and sees
 * the names; the ministry marks a project as good practice and a citizen finds it on the portal by
 * a German search word (another inflection than the text's) and follows the link to the agreement.
 */
const AGS = '06439';

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

async function check(page: Page, narrow: boolean): Promise<void> {
  expect(await pageViolations(page), page.url()).toEqual([]);
  if (narrow) expect(await hasHorizontalScroll(page), page.url()).toBe(false);
}
async function press(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

describe('Tagungen und Gute Praxis (Chromium)', () => {
  for (const [label, viewport] of Object.entries(VIEWPORTS)) {
    it(`conference from creation to material; good practice found on the portal (${label})`, async () => {
      const narrow = viewport.width < 400;
      const title = `Fachtagung Übergang Schule–Beruf ${label}`;
      const hmsiContext = await browser.newContext({ viewport, locale: 'de-DE' });
      const hmsi = await signInBrowser(hmsiContext, server.url, await buildUser(database, 'hmsi', { totp: true }));
      await hmsi.goto(`${server.url}/tagungen`);
      await check(hmsi, narrow);
      await activate(hmsi, 'link', 'Neue Tagung anlegen');
      await check(hmsi, narrow);
      await typeInto(hmsi, 'Titel', title, { exact: true });
      await typeInto(hmsi, 'Tag', '10.6.2030', { exact: true });
      await typeInto(hmsi, 'Beginn (Uhrzeit)', '9:30', { exact: true });
      await typeInto(hmsi, 'Ende (Uhrzeit)', '16:00', { exact: true });
      await typeInto(hmsi, /^Ort/, 'Wiesbaden, Sonnenberger Straße 2');
      await typeInto(hmsi, /^Programm/, '10:00 Begrüßung\n11:00 Gute Praxis');
      await typeInto(hmsi, 'Plätze insgesamt', '40', { exact: true });
      await typeInto(hmsi, 'Anmeldeschluss', '1.6.2030', { exact: true });
      await hmsi.getByLabel(/Auch im Portal/).focus();
      await hmsi.keyboard.press('Space');
      await press(hmsi, 'Speichern');
      expect(await hmsi.getByRole('heading', { level: 1 }).textContent()).toBe(title);
      await check(hmsi, narrow);
      await activate(hmsi, 'link', 'Veröffentlichen');
      await check(hmsi, narrow);
      await press(hmsi, 'Jetzt veröffentlichen');
      expect(await hmsi.getByText('Die Tagung ist veröffentlicht.').count()).toBe(1);
      const eventUrl = hmsi.url().replace(/\?.*$/, '');

      const districtContext = await browser.newContext({ viewport, locale: 'de-DE' });
      const district = await signInBrowser(districtContext, server.url, await buildUser(database, 'district', { ags: AGS }));
      await district.goto(`${server.url}/tagungen`);
      await check(district, narrow);
      await activate(district, 'link', title);
      await check(district, narrow);
      // A first try with more names than people: 422 next to the field, nothing lost.
      await typeInto(district, 'Zahl der Personen', '1', { exact: true });
      await typeInto(district, /^Person 1: Name/, 'Erika Beispiel');
      await typeInto(district, /^Person 2: Name/, `Max Muster ${label}`);
      await typeInto(district, /^Verpflegung oder Barrierefreiheit/, 'vegetarisch');
      await press(district, 'Anmelden');
      expect(await district.getByText('Sie haben 2 Namen, aber 1 Personen angegeben.').count()).toBeGreaterThan(0);
      expect(await district.getByLabel(/^Person 2: Name/).inputValue()).toBe(`Max Muster ${label}`);
      await check(district, narrow);
      await typeInto(district, 'Zahl der Personen', '2', { exact: true });
      await press(district, 'Anmelden');
      expect(await district.getByText('Ihre Anmeldung ist gespeichert.').count()).toBe(1);
      expect(await district.getByText(`Max Muster ${label}`).count()).toBe(0);
      await check(district, narrow);
      await districtContext.close();

      await hmsi.goto(eventUrl);
      expect(await hmsi.getByText(`Max Muster ${label}`).count()).toBe(1);
      await typeInto(hmsi, 'Titel des Dokuments', 'Folien der Tagung', { exact: true });
      await hmsi.locator('#feld-datei').setInputFiles({ name: 'folien.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%%EOF\n') });
      await press(hmsi, 'Hochladen');
      expect(await hmsi.getByText('Das Dokument wurde hochgeladen.').count()).toBe(1);
      expect(await hmsi.getByRole('link', { name: 'Folien der Tagung' }).count()).toBe(1);
      await check(hmsi, narrow);

      // Good practice: a project of RTK 2024 (its agreement is published) into the catalogue.
      const projectTitle = `Verbundausbildung Rheingau ${label}`;
      await buildProject(database, { year: 2024, ags: AGS, key: `GP-${label}`, title: projectTitle, measureType: 2 });
      await hmsi.goto(`${server.url}/gute-praxis`);
      await check(hmsi, narrow);
      await hmsi.getByLabel('AQB-Jahr', { exact: true }).selectOption('2024');
      await hmsi.getByLabel('Gebietskörperschaft', { exact: true }).selectOption(AGS);
      await press(hmsi, 'Projekte anzeigen');
      await check(hmsi, narrow);
      await hmsi.getByLabel('Projekt', { exact: true }).selectOption({ label: `GP-${label}: ${projectTitle}` });
      await typeInto(hmsi, 'Kurzbeschreibung', `Betriebe teilen sich Ausbildungsplätze; Kennwort ${label}.`, { exact: true });
      await hmsi.getByLabel('Zielgruppe', { exact: true }).selectOption('jugendliche');
      await typeInto(hmsi, 'Kontakt', 'Amt für Arbeit, aqb@example.org', { exact: true });
      await press(hmsi, 'In den Katalog aufnehmen');
      expect(await hmsi.getByText('Gespeichert.').count()).toBe(1);
      await check(hmsi, narrow);
      await hmsiContext.close();

      const citizenContext = await browser.newContext({ viewport, locale: 'de-DE' });
      const citizen = await citizenContext.newPage();
      await citizen.goto(`${server.url}/portal/gute-praxis`);
      await check(citizen, narrow);
      await typeInto(citizen, /^Suche/, `Ausbildungsplatz ${label}`);
      await press(citizen, 'Suchen');
      expect(await citizen.getByRole('heading', { level: 3, name: projectTitle }).count()).toBe(1);
      await check(citizen, narrow);
      await activate(citizen, 'link', /^Zielvereinbarung 2024/);
      expect(new URL(citizen.url()).pathname).toBe(`/portal/zielvereinbarungen/2024/${AGS}`);
      await citizen.goto(`${server.url}/portal/tagungen`);
      expect(await citizen.getByRole('heading', { level: 2, name: title }).count()).toBe(1);
      await check(citizen, narrow);
      await citizenContext.close();
    });
  }
});
