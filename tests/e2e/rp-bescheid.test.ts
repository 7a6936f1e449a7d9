import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActorByEmail } from '../../src/modules/access/service';
import { uploadStrategy } from '../../src/modules/funding/service';
import { saveProject } from '../../src/modules/projects/service';
import type { AppDatabase } from '../../src/platform/db/client';
import { buildUser, setAllocation } from '../factories';
import { signInBrowser } from '../support/auth';
import { activate, hasHorizontalScroll, launchBrowser, pageViolations, startServer, typeInto, VIEWPORTS } from '../support/browser';
import { TODAY } from '../support/dates';
import { createTestDatabase } from '../support/test-database';

/**
 * RP Kassel from the Eingang to the Bescheid in Chromium, keyboard only: the district submits its
 * Antrag; RP records the Eingang, fills the Prüfung checklist, sends a Nachforderung through the
 * confirmation page; the district answers; RP resumes the Prüfung, creates the Zuwendungsbescheid
 * draft, edits it (a Teilablehnung with reason), issues it through the confirmation page and
 * downloads the frozen PDF. axe-core at 1280 px and 320 px (no horizontal page scroll at 320 px).
 * Each viewport works on its own district: Hochtaunuskreis (06434) and Main-Kinzig-Kreis (06435).
 */
const YEAR = 2025;
const DISTRICTS = { desktop: '06434', narrow: '06435' } as const;
const german = (iso: string) => iso.split('-').reverse().map(Number).join('.');

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

async function check(page: Page, narrow: boolean): Promise<void> {
  expect(await pageViolations(page), page.url()).toEqual([]);
  if (narrow) expect(await hasHorizontalScroll(page), page.url()).toBe(false);
}

/** A district with its allocation, one complete project and a strategy: ready to submit. */
async function districtReadyToSubmit(ags: string) {
  const user = await buildUser(database, 'district', { ags });
  await setAllocation(database, YEAR, ags, 100_000_00);
  const actor = await getActorByEmail(database.db, user.email);
  await database.db.transaction(async (tx) => {
    await saveProject(tx, actor, { year: YEAR, ags }, {
      key: 'RP1',
      title: 'Ausbildungsbegleitung',
      measureType: 1,
      provider: { name: 'Begleitung gGmbH', address: 'Weg 5, 61352 Bad Homburg' },
      start: `${YEAR}-01-01`,
      end: `${YEAR}-12-31`,
      expenses: [{ category: 'personal', label: 'Begleiterin', amountCents: 40_000_00 }],
      funding: [
        { source: 'aqb', amountCents: 30_000_00 },
        { source: 'eigenmittel', amountCents: 10_000_00 },
      ],
    });
    await uploadStrategy(tx, actor, ags, { title: 'Regionale Strategie', validFrom: `${YEAR}-01-01`, validTo: `${YEAR + 2}-12-31`, file: { name: 's.pdf', bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n') } });
  });
  return user;
}

describe('RP Kassel: Prüfung bis Bescheid (Chromium, nur Tastatur)', () => {
  for (const [label, viewport] of Object.entries(VIEWPORTS)) {
    it(`takes the Antrag in, asks for documents, resumes and issues the Bescheid (${label})`, async () => {
      const narrow = viewport.width < 400;
      const ags = DISTRICTS[label as keyof typeof DISTRICTS];
      const antrag = `${server.url}/antraege/${YEAR}/${ags}`;
      const districtUser = await districtReadyToSubmit(ags);
      const districtContext = await browser.newContext({ viewport, locale: 'de-DE' });
      const district = await signInBrowser(districtContext, server.url, districtUser);
      await district.goto(antrag);
      await check(district, narrow);
      await activate(district, 'button', 'Antrag einreichen');
      await check(district, narrow);

      const rpContext = await browser.newContext({ viewport, locale: 'de-DE' });
      const rp = await signInBrowser(rpContext, server.url, await buildUser(database, 'rp', { totp: true }));
      await rp.goto(antrag);
      await check(rp, narrow);
      await activate(rp, 'button', 'Eingang erfassen und Prüfung beginnen');
      expect(await rp.getByRole('heading', { name: 'Prüfung durch das Regierungspräsidium' }).count()).toBe(1);
      await check(rp, narrow);

      // The checklist: the first item ticked with the space bar, a note typed.
      await rp.getByRole('group', { name: 'Formale Vollständigkeit des Antrags' }).getByLabel('geprüft und in Ordnung').focus();
      await rp.keyboard.press('Space');
      await typeInto(rp, /^Vermerk: Formale Vollständigkeit des Antrags/, 'Vollständig eingereicht.');
      await activate(rp, 'button', 'Prüfung speichern');
      expect(await rp.getByRole('group', { name: 'Formale Vollständigkeit des Antrags' }).getByLabel('geprüft und in Ordnung').isChecked()).toBe(true);
      expect(await rp.getByLabel(/^Vermerk: Formale Vollständigkeit des Antrags/).inputValue()).toBe('Vollständig eingereicht.');
      await check(rp, narrow);

      // The Nachforderung, after its confirmation page.
      const deadline = german(`${Number(TODAY.slice(0, 4)) + 1}-01-31`);
      await typeInto(rp, 'Welche Unterlagen oder Angaben fehlen?', 'Kostenaufstellung der Personalausgaben');
      await typeInto(rp, /^Frist/, deadline);
      await activate(rp, 'button', 'Nachforderung prüfen und senden …');
      expect(await rp.getByRole('heading', { level: 1 }).textContent()).toBe('Nachforderung senden?');
      await check(rp, narrow);
      await activate(rp, 'button', 'Ja, Nachforderung senden');
      expect(await rp.getByText(`Frist ${deadline}`).count()).toBeGreaterThan(0);
      await check(rp, narrow);

      // The district answers.
      await district.goto(antrag);
      await check(district, narrow);
      await typeInto(district, /^Ihre Antwort an das Regierungspräsidium/, 'Die Aufstellung ist im Projekt RP1 ergänzt.');
      await activate(district, 'button', 'Antwort senden');
      expect(await district.getByText(/Antwort vom .*: Die Aufstellung ist im Projekt RP1 ergänzt\./).count()).toBe(1);
      await check(district, narrow);
      await districtContext.close();

      // RP resumes and writes the Bescheid.
      await rp.goto(antrag);
      await activate(rp, 'button', 'Prüfung fortsetzen (Projekte wieder sperren)');
      await check(rp, narrow);
      await activate(rp, 'button', 'Entwurf des Zuwendungsbescheides anlegen');
      expect(await rp.getByRole('heading', { level: 1 }).textContent()).toContain('Zuwendungsbescheid');
      await check(rp, narrow);
      await typeInto(rp, /^Bewilligt \(Euro\), RP1/, '25.000,00');
      await typeInto(rp, /^Begründung der Teilablehnung, RP1/, 'Ein Teil der Personalausgaben ist nicht förderfähig.');
      await activate(rp, 'button', 'Entwurf speichern');
      expect(await rp.getByLabel(/^Bewilligt \(Euro\), RP1/).inputValue()).toBe('25.000,00');
      await check(rp, narrow);
      await activate(rp, 'link', 'Zuwendungsbescheid erlassen …');
      expect(await rp.getByRole('heading', { level: 1 }).textContent()).toBe('Zuwendungsbescheid erlassen?');
      expect(await rp.getByText(/über 25\.000,00 €/).count()).toBe(1);
      await check(rp, narrow);
      await activate(rp, 'button', 'Ja, Zuwendungsbescheid erlassen');
      expect(await rp.getByText('Erlassen', { exact: true }).count()).toBeGreaterThan(0);
      await check(rp, narrow);

      // The frozen PDF.
      const href = await rp.getByRole('link', { name: 'PDF', exact: true }).first().getAttribute('href');
      expect(href).toBe(`/antraege/${YEAR}/${ags}/bescheide/1/bescheid.pdf`);
      const pdf = await rp.request.get(`${server.url}${href}`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toContain('application/pdf');
      expect(Buffer.from(await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
      await rpContext.close();
    }, 240_000);
  }
});
