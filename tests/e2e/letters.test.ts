import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../factories';
import type { Actor } from '../../src/modules/access/policy';
import { createDraft } from '../../src/modules/agreements/service';
import { fixScenario, reviseAllocation, saveScenario } from '../../src/modules/budget-years/service';
import { createBudgetYear } from '../../src/modules/budget-years/years';
import { findDistricts } from '../../src/modules/districts/service';
import { findLetterhead } from '../../src/modules/letterheads/service';
import type { AppDatabase } from '../../src/platform/db/client';
import { signInBrowser } from '../support/auth';
import { activate, hasHorizontalScroll, launchBrowser, pageViolations, startServer, typeInto, VIEWPORTS } from '../support/browser';
import { createTestDatabase } from '../support/test-database';

/**
 * Letters fit for an authority (issue 12) in Chromium, keyboard only, axe at 1280 and 320 px: an
 * administrator edits the ministry's letterhead (an error next to the field, then saved), the
 * ministry previews one district's Mittelankündigung from an unfixed scenario ("Entwurf –
 * Vorschau"), and a district finds the change letter of a revision on
 * its agreement's status page and downloads it (404 for another district's).
 */

const OPEN_YEAR = 2032; // a scenario, not fixed: preview
const FIXED_YEAR = 2033; // fixed and revised: change letter
const RTK = '06439';
const DADI = '06432';

let database: AppDatabase;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
let scenarioId: number;

async function scenario(year: number, name: string, hmsi: Actor | null): Promise<number> {
  const allocations = (await findDistricts(database.db)).map((d) => ({ ags: d.ags, amountCents: d.ags === RTK ? 812_400_00 : 500_000_00 }));
  await database.db.transaction((tx) => createBudgetYear(tx, { year, actor: null, landesbudgetCents: allocations.reduce((s, a) => s + a.amountCents, 0) }));
  return database.db.transaction((tx) => saveScenario(tx, { year, name, method: 'manuell', budgetCents: allocations.reduce((s, a) => s + a.amountCents, 0), allocations, actor: hmsi?.userId ?? null }));
}

beforeAll(async () => {
  database = await createTestDatabase();
  scenarioId = await scenario(OPEN_YEAR, 'Vorschlag Herbst', null);
  const hmsiUser = await buildUser(database, 'hmsi');
  const hmsi: Actor = { userId: hmsiUser.id, role: 'hmsi' };
  const fixedId = await scenario(FIXED_YEAR, 'Festgelegt', hmsi);
  await fixScenario(database, { year: FIXED_YEAR, scenarioId: fixedId, announcedOn: '2032-12-19', actor: hmsi.userId });
  await database.db.transaction((tx) => reviseAllocation(tx, { year: FIXED_YEAR, ags: DADI, toCents: 450_000_00, reason: 'Kürzung nach Haushaltssperre', decidedOn: '2033-05-04', actor: hmsi.userId }));
  await database.db.transaction((tx) => reviseAllocation(tx, { year: FIXED_YEAR, ags: RTK, toCents: 800_000_00, reason: 'Kürzung', decidedOn: '2033-05-04', actor: hmsi.userId }));
  await createDraft(database, hmsi, { year: FIXED_YEAR, ags: DADI });
  server = await startServer(database);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.close();
});

/** axe (and the id check) at the current width, then at the other one; no sideways scrolling at 320 px. */
async function checkBothWidths(page: Page): Promise<void> {
  for (const viewport of [VIEWPORTS.desktop, VIEWPORTS.narrow]) {
    await page.setViewportSize(viewport);
    expect(await pageViolations(page), `${page.url()} @ ${viewport.width}px`).toEqual([]);
    if (viewport === VIEWPORTS.narrow) expect(await hasHorizontalScroll(page), `${page.url()} scrollt seitlich bei 320 px`).toBe(false);
  }
  await page.setViewportSize(VIEWPORTS.desktop);
}

const heading = async (page: Page) => ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();

async function signIn(context: BrowserContext, role: 'admin' | 'hmsi' | 'district', ags?: string): Promise<Page> {
  const user = await buildUser(database, role, { totp: role !== 'district', ...(ags ? { ags } : {}) });
  return signInBrowser(context, server.url, user);
}

describe('Amtliche Schreiben (Chromium, nur Tastatur)', () => {
  it('lets an administrator edit the letterhead: error next to the field, input kept, then saved', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE' });
    const admin = await signIn(context, 'admin');
    await activate(admin, 'link', 'Briefköpfe');
    expect(await heading(admin)).toBe('Briefköpfe');
    expect(await admin.getByText('Noch nicht hinterlegt: Telefon, E-Mail, Ansprechperson, unterzeichnende Person.').count()).toBe(2);
    await checkBothWidths(admin);

    await activate(admin, 'link', 'Ministerium (HMSI) bearbeiten');
    expect(await heading(admin)).toBe('Briefkopf bearbeiten: Ministerium (HMSI)');
    await checkBothWidths(admin);
    await typeInto(admin, 'Ansprechperson', 'Frau Beispiel', { exact: true });
    await typeInto(admin, 'Telefon – optional', '0611 3219-0', { exact: true });
    await typeInto(admin, 'E-Mail – optional', 'aqb-at-ministerium', { exact: true });
    await typeInto(admin, /^Unterzeichnende Person/, 'Dr. Erika Beispiel');
    await activate(admin, 'button', 'Briefkopf speichern');
    expect(await admin.getByRole('heading', { name: 'Bitte prüfen Sie Ihre Eingaben' }).count()).toBe(1);
    const email = admin.getByLabel('E-Mail – optional', { exact: true });
    expect(await email.inputValue()).toBe('aqb-at-ministerium');
    expect(await email.getAttribute('aria-describedby')).toBe('feld-email-fehler');
    expect(await admin.locator('#feld-email-fehler').textContent()).toContain('gültige E-Mail-Adresse');
    expect(await admin.getByLabel('Ansprechperson', { exact: true }).inputValue()).toBe('Frau Beispiel');
    await checkBothWidths(admin);

    await typeInto(admin, 'E-Mail – optional', 'aqb@ministerium.example', { exact: true });
    await activate(admin, 'button', 'Briefkopf speichern');
    expect(new URL(admin.url()).pathname).toBe('/admin/briefkoepfe');
    expect(await admin.getByText('Der Briefkopf wurde gespeichert.').count()).toBe(1);
    await checkBothWidths(admin);
    expect(await findLetterhead(database.db, 'hmsi')).toMatchObject({ contactName: 'Frau Beispiel', phone: '0611 3219-0', email: 'aqb@ministerium.example', signerName: 'Dr. Erika Beispiel', version: 2 });
    await context.close();
  }, 120_000);

  // The preview is a plain GET form and works without JavaScript (letters.db.test.ts requests it as a browser without JS would).
  for (const javaScriptEnabled of [true]) {
    it(`previews one district's letter from an unfixed scenario, marked "Entwurf – Vorschau"`, async () => {
      const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE', javaScriptEnabled });
      const hmsi = await signIn(context, 'hmsi');
      await hmsi.goto(`${server.url}/jahre/${OPEN_YEAR}`);
      await activate(hmsi, 'link', 'Vorschau eines Schreibens (Vorschlag Herbst)');
      expect(await heading(hmsi)).toBe(`Vorschau der Mittelankündigung ${OPEN_YEAR}`);
      await checkBothWidths(hmsi);
      await hmsi.getByLabel(/^Gebietskörperschaft/).selectOption(RTK);
      await typeInto(hmsi, /^Datum des Schreibens/, '');
      await hmsi.getByLabel(/^Datum des Schreibens/).fill('2031-12-19');
      await activate(hmsi, 'button', 'Vorschau anzeigen');
      const letter = hmsi.locator('article.official-letter');
      expect(await letter.locator('.official-letter__mark').textContent()).toBe('Entwurf – Vorschau');
      expect(await hmsi.getByRole('heading', { name: `Ausbildungs- und Qualifizierungsbudget (AQB) ${OPEN_YEAR} – Mittelankündigung für den Rheingau-Taunus-Kreis` }).count()).toBe(1);
      expect(await letter.textContent()).toContain('ein Betrag von 812.400,00 € in Aussicht gestellt');
      expect(await letter.textContent()).toContain('19.12.2031');
      await checkBothWidths(hmsi);
      const pdf = await context.request.get(`${server.url}${await hmsi.getByRole('link', { name: 'Vorschau als PDF' }).getAttribute('href')}`);
      expect(pdf.status()).toBe(200);
      expect(Buffer.from(await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await context.close();
    }, 120_000);
  }

  it("shows the district its change letter on the status page and gives 404 for another district's", async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE' });
    const district = await signIn(context, 'district', DADI);
    await district.goto(`${server.url}/zielvereinbarungen/${FIXED_YEAR}/${DADI}/status`);
    expect(await district.getByText('Änderungen der Mittelankündigung').count()).toBe(1);
    expect(await district.getByText(/^Nr\. 1 vom .*: 500\.000,00 € → 450\.000,00 €/).count()).toBe(1);
    await checkBothWidths(district);
    const href = await district.getByRole('link', { name: 'PDF (Änderung Nr. 1)' }).getAttribute('href');
    expect(href).toBe(`/mittelankuendigungen/${FIXED_YEAR}/${DADI}/aenderungen/1/pdf`);
    const own = await context.request.get(`${server.url}${href}`);
    expect(own.status()).toBe(200);
    expect(Buffer.from(await own.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const other = await district.goto(`${server.url}/mittelankuendigungen/${FIXED_YEAR}/${RTK}/aenderungen/1/pdf`);
    expect(other?.status()).toBe(404);
    expect(await district.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(await pageViolations(district)).toEqual([]);
    await context.close();
  }, 60_000);
});
