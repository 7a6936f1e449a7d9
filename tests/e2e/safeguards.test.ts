import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../factories';
import type { Actor } from '../../src/modules/access/policy';
import { generateTotpCode } from '../../src/modules/access/totp';
import { createDraft, findCurrentAgreementContent, transitionAgreement } from '../../src/modules/agreements/service';
import { fixScenario, saveScenario } from '../../src/modules/budget-years/service';
import { createBudgetYear } from '../../src/modules/budget-years/years';
import { findDistricts, loadShippedDistricts } from '../../src/modules/districts/service';
import { composeAgreement, defaultTemplate, renderText } from '../../src/modules/documents/service';
import type { AppDatabase } from '../../src/platform/db/client';
import { activate, hasHorizontalScroll, launchBrowser, pageViolations, startServer, typeInto, VIEWPORTS } from '../support/browser';
import { createTestDatabase } from '../support/test-database';
import { TODAY } from '../support/dates';

/**
 * The safeguards of issue 12 in Chromium, keyboard only, axe on every page visited: publishing
 * and withdrawing pass their confirmation pages, a signature dated in the future is refused, an
 * import over a published agreement only becomes a Nachtrag draft, a district's "abgestimmt"
 * reaches the ministry's tasks, a district downloads its own Mittelankündigung (404 for another's),
 * and the agreement list searches, filters, sorts and exports.
 */

const RTK = '06439'; // Rheingau-Taunus-Kreis: 2024 seeded as published
const DADI = '06432'; // Darmstadt-Dieburg: 2026 in Abstimmung, with a Mittelankündigung
const OF = '06438'; // Landkreis Offenbach: 2026 zur Unterschrift
const YEAR = 2026;

let database: AppDatabase;
let server: { url: string; close(): Promise<void> };
let browser: Browser;
let hmsiUser: Awaited<ReturnType<typeof buildUser>>;
let districtUser: Awaited<ReturnType<typeof buildUser>>;
const visited: string[] = [];

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
}

beforeAll(async () => {
  database = await createTestDatabase();
  hmsiUser = await buildUser(database, 'hmsi', { totp: true, name: 'Helga Fachreferat' });
  districtUser = await buildUser(database, 'district', { ags: DADI, name: 'Dora Dieburg' });
  const hmsi: Actor = { userId: hmsiUser.id, role: 'hmsi' };
  // AQB year 2026 with a fixed (manual) allocation, so the Mittelankündigungen exist.
  await database.db.transaction((tx) => createBudgetYear(tx, { year: YEAR, actor: null }));
  const allocations = (await findDistricts(database.db)).map((d) => ({ ags: d.ags, amountCents: d.ags === DADI ? 624_195_00 : 500_000_00 }));
  const scenarioId = await database.db.transaction((tx) =>
    saveScenario(tx, { year: YEAR, name: 'Ankündigung 2026', method: 'manuell', budgetCents: allocations.reduce((s, a) => s + a.amountCents, 0), allocations, actor: null }),
  );
  await fixScenario(database, { year: YEAR, scenarioId, announcedOn: TODAY, actor: null });
  // Darmstadt-Dieburg 2026 in Abstimmung; Offenbach 2026 waits for signatures.
  await createDraft(database, hmsi, { year: YEAR, ags: DADI });
  await transitionAgreement(database, hmsi, YEAR, DADI, 'in_abstimmung', 1);
  await createDraft(database, hmsi, { year: YEAR, ags: OF });
  await transitionAgreement(database, hmsi, YEAR, OF, 'in_abstimmung', 1);
  await transitionAgreement(database, hmsi, YEAR, OF, 'zur_unterschrift', 2);
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

const type = (page: Page, label: string | RegExp, text: string) => typeInto(page, label, text, { exact: typeof label === 'string' });

/** Focuses a select by its label and types the start of an option's text (as a keyboard user does). */
async function choose(page: Page, label: string, text: string): Promise<void> {
  await page.getByLabel(new RegExp(`^${label}`)).focus();
  await page.keyboard.type(text);
}

/** Focuses a link and presses Enter; returns the download it starts. */
async function download(page: Page, name: string): Promise<Buffer> {
  await page.getByRole('link', { name, exact: true }).first().focus();
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  return readFileSync((await file.path())!);
}

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

/** A new ministry user per sign-in: a TOTP code is accepted only once, and the tests sign in within seconds. */
function freshHmsi() {
  return buildUser(database, 'hmsi', { totp: true });
}

async function heading(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
}

async function agreementState(year: number, ags: string) {
  return (await rows<{ status: string; version: number }>(sql`select status, current_version as version from agreements where year = ${year} and ags = ${ags}`))[0]!;
}

describe('Sicherungen der Zielvereinbarung (Chromium, nur Tastatur)', () => {
  it('withdraws the RTK 2024 publication only with a reason, then publishes it again through its confirmation page', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE' });
    const hmsi = await signIn(context, await freshHmsi());
    const base = `/zielvereinbarungen/2024/${RTK}`;
    const portal = `/portal/zielvereinbarungen/2024/${RTK}`;
    const before = await agreementState(2024, RTK);
    expect(before.status).toBe('veroeffentlicht');

    await hmsi.goto(`${server.url}${base}/status`);
    await checkPage(hmsi);
    await activate(hmsi, 'button', 'Veröffentlichung zurückziehen');
    expect(new URL(hmsi.url()).pathname).toBe(`${base}/zurueckziehen`);
    expect(await heading(hmsi)).toBe('Veröffentlichung zurückziehen');
    await checkPage(hmsi);

    // An empty reason: the German message next to the field, nothing changed.
    await activate(hmsi, 'button', 'Veröffentlichung zurückziehen');
    expect(await hmsi.locator('#feld-grund-fehler').textContent()).toContain('Bitte begründen Sie, warum die Veröffentlichung zurückgezogen wird.');
    expect(await hmsi.getByLabel('Begründung').getAttribute('aria-invalid')).toBe('true');
    expect(await agreementState(2024, RTK)).toEqual(before);
    await checkPage(hmsi);

    await type(hmsi, 'Begründung', 'Falsche Fassung veröffentlicht; die richtige folgt.');
    await activate(hmsi, 'button', 'Veröffentlichung zurückziehen');
    expect(new URL(hmsi.url()).pathname).toBe(`${base}/status`);
    expect(await hmsi.getByText('Der Status wurde geändert.').count()).toBe(1);
    expect(await hmsi.getByText('Unterzeichnet', { exact: true }).count()).toBeGreaterThan(0);
    await checkPage(hmsi);

    // The portal page says so, with 410 Gone.
    const gone = await hmsi.goto(`${server.url}${portal}`);
    expect(gone?.status()).toBe(410);
    expect(await hmsi.getByText(/Zurückgezogen am/).count()).toBeGreaterThan(0);
    expect(await hmsi.getByText(/Falsche Fassung veröffentlicht; die richtige folgt\./).count()).toBe(1);
    await checkPage(hmsi);

    // Publishing again passes its confirmation page: PDF link, SHA-256, portal address; nothing yet published.
    await hmsi.goto(`${server.url}${base}/status`);
    await activate(hmsi, 'link', 'Veröffentlichen …');
    expect(await heading(hmsi)).toBe('Veröffentlichen bestätigen');
    const shown = (await hmsi.locator('code.sha256').textContent())!.trim();
    expect(shown).toMatch(/^[0-9a-f]{64}$/);
    expect(await hmsi.getByRole('link', { name: /^PDF ansehen \(\d+ KB\)$/ }).count()).toBe(1);
    expect(await hmsi.getByText(portal, { exact: true }).count()).toBe(1);
    expect((await agreementState(2024, RTK)).status).toBe('unterzeichnet');
    await checkPage(hmsi);
    // The PDF link serves the very document whose fingerprint is shown.
    const href = await hmsi.getByRole('link', { name: /^PDF ansehen/ }).getAttribute('href');
    const preview = await context.request.get(`${server.url}${href}`);
    expect(preview.headers()['content-type']).toBe('application/pdf');
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(await preview.body()).digest('hex')).toBe(shown);

    await activate(hmsi, 'button', 'Jetzt veröffentlichen');
    expect(await hmsi.getByText('Veröffentlicht', { exact: true }).count()).toBeGreaterThan(0);
    await checkPage(hmsi);
    expect((await agreementState(2024, RTK)).status).toBe('veroeffentlicht');
    const latest = await rows<{ sha256: string }>(sql`select p.sha256 from agreement_publications p join agreements a on a.id = p.agreement_id where a.year = 2024 and a.ags = ${RTK} order by p.id desc limit 1`);
    expect(latest[0]!.sha256).toBe(shown);
    await context.close();
  }, 120_000);

  it('refuses a signature dated in the future next to the date field and saves nothing', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE' });
    const hmsi = await signIn(context, await freshHmsi());
    const before = await agreementState(YEAR, OF);
    await hmsi.goto(`${server.url}/zielvereinbarungen/${YEAR}/${OF}/unterschrift`);
    await checkPage(hmsi);
    const tomorrow = new Date(`${TODAY}T12:00:00Z`);
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    const german = `${tomorrow.getUTCDate()}.${tomorrow.getUTCMonth() + 1}.${tomorrow.getUTCFullYear()}`;
    await type(hmsi, 'Ort', 'Wiesbaden');
    await type(hmsi, 'Datum der Unterschrift', german);
    await type(hmsi, 'Name der unterzeichnenden Person', 'Heike Hofmann');
    await type(hmsi, 'Amtsbezeichnung', 'Staatsministerin');
    await activate(hmsi, 'button', 'Unterschrift erfassen');
    // No confirmation page: the form again, the message at the date field.
    expect(await heading(hmsi)).not.toBe('Unterschrift bestätigen');
    expect(await hmsi.locator('#feld-datum-fehler').textContent()).toContain(`Das Datum der Unterschrift (${german}) liegt in der Zukunft.`);
    expect(await hmsi.getByLabel('Datum der Unterschrift').getAttribute('aria-invalid')).toBe('true');
    expect(await hmsi.getByLabel('Datum der Unterschrift').inputValue()).toBe(german);
    await checkPage(hmsi);
    expect(await agreementState(YEAR, OF)).toEqual(before);
    const content = await findCurrentAgreementContent(database.db, OF, YEAR);
    expect(content?.signatures).toEqual({ land: null, district: null });
    await context.close();
  }, 60_000);

  it('turns an import of a different text for the published RTK 2024 into a Nachtrag draft, the publication untouched', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE' });
    const hmsi = await signIn(context, await freshHmsi());
    const published = await agreementState(2024, RTK);
    expect(published.status).toBe('veroeffentlicht');
    const content = (await findCurrentAgreementContent(database.db, RTK, 2024))!;
    const district = loadShippedDistricts().find((d) => d.ags === RTK)!;
    const text = renderText(composeAgreement({ agreement: { ...content, amountCents: content.amountCents + 1_000_00 }, district, template: defaultTemplate(2024) }));

    await activate(hmsi, 'link', 'Import');
    expect(await heading(hmsi)).toBe('Zielvereinbarungen importieren');
    await checkPage(hmsi);
    await hmsi.getByLabel('Dateien (.md, .txt, .pdf, .docx)').setInputFiles([{ name: 'rtk-2024-geaendert.txt', mimeType: 'text/plain', buffer: Buffer.from(text) }]);
    await activate(hmsi, 'button', 'Hochladen und prüfen');
    expect(await heading(hmsi)).toBe('Import prüfen: rtk-2024-geaendert.txt');
    // Before saving, the page says that the agreement exists and is published, shows the difference,
    // and offers only "als Nachtrag-Entwurf übernehmen" or discarding.
    expect(await hmsi.getByText(/gibt es bereits eine Zielvereinbarung \(Veröffentlicht, Version \d+\)/).count()).toBe(1);
    expect(await hmsi.getByText(/gespeichert → .* in der Datei/).count()).toBe(1);
    const actions = hmsi.locator('.import-actions').getByRole('button');
    expect(await actions.allTextContents()).toEqual(['Als Nachtrag-Entwurf übernehmen', 'Verwerfen, weiter']);
    await checkPage(hmsi);
    await activate(hmsi, 'button', 'Als Nachtrag-Entwurf übernehmen');
    const outcome = hmsi.getByText(/Die Zielvereinbarung ist veröffentlicht: als Nachtrag-Entwurf \(Version \d+\) übernommen/);
    expect(await outcome.count()).toBe(1);
    expect(await outcome.textContent()).toContain('die Unterschriften werden im Nachtrag erneut erfasst');
    await checkPage(hmsi);

    const after = await agreementState(2024, RTK);
    expect(after).toEqual({ status: 'entwurf', version: published.version + 1 });
    // The publication stays on the portal until the Nachtrag is published.
    const portal = await hmsi.goto(`${server.url}/portal/zielvereinbarungen/2024/${RTK}`);
    expect(portal?.status()).toBe(200);
    await checkPage(hmsi);
    await hmsi.goto(`${server.url}/zielvereinbarungen/2024/${RTK}/status`);
    expect(await hmsi.getByText(`zur veröffentlichten Version ${published.version}`).count()).toBe(1);
    await checkPage(hmsi);
    await context.close();
  }, 120_000);

  it('lets the district mark its part "abgestimmt" and the ministry finds it under "Meine Aufgaben"', async () => {
    const districtContext = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE' });
    const hmsiContext = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE' });
    const district = await signIn(districtContext, districtUser);
    const base = `/zielvereinbarungen/${YEAR}/${DADI}`;
    await district.goto(`${server.url}${base}/status`);
    await activate(district, 'link', 'Notizen');
    expect(await heading(district)).toBe('Notizen zum Zielvereinbarungsgespräch');
    expect(await district.getByText('Die Gebietskörperschaft hat ihren Teil noch nicht als abgestimmt markiert.').count()).toBe(1);
    await checkPage(district);
    await activate(district, 'button', 'Version 2 als „von der Gebietskörperschaft abgestimmt“ markieren');
    expect(await district.getByText('Gespeichert.').count()).toBe(1);
    expect(await district.getByText(/^Von der Gebietskörperschaft abgestimmt: Version 2/).count()).toBe(1);
    await checkPage(district);

    const hmsi = await signIn(hmsiContext, await freshHmsi());
    await activate(hmsi, 'link', 'Meine Aufgaben');
    expect(new URL(hmsi.url()).pathname).toBe('/aufgaben');
    await checkPage(hmsi);
    const task = hmsi.getByRole('link', { name: 'Von der Gebietskörperschaft abgestimmt: zur Unterschrift freigeben' });
    expect(await task.count()).toBe(1);
    expect(await task.getAttribute('href')).toBe(`${base}/status`);
    await activate(hmsi, 'link', 'Von der Gebietskörperschaft abgestimmt: zur Unterschrift freigeben');
    expect(new URL(hmsi.url()).pathname).toBe(`${base}/status`);
    expect(await hmsi.getByRole('button', { name: 'Zur Unterschrift freigeben' }).count()).toBe(1);
    await checkPage(hmsi);
    await districtContext.close();
    await hmsiContext.close();
  }, 60_000);

  it("lets the district download its own Mittelankündigung from the status page and gives 404 for another district's", async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE', acceptDownloads: true });
    const district = await signIn(context, districtUser);
    await district.goto(`${server.url}/zielvereinbarungen/${YEAR}/${DADI}/status`);
    expect(await district.getByText(/^624\.195,00 € vom /).count()).toBe(1);
    await checkPage(district);
    const pdf = await download(district, 'PDF');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const own = await context.request.get(`${server.url}/mittelankuendigungen/${YEAR}/${DADI}/pdf`);
    expect(own.status()).toBe(200);
    expect(Buffer.from(await own.body()).equals(pdf)).toBe(true);

    const other = await district.goto(`${server.url}/mittelankuendigungen/${YEAR}/${RTK}/pdf`);
    expect(other?.status()).toBe(404);
    expect(await district.getByRole('heading', { level: 1 }).count()).toBe(1);
    await checkPage(district);
    await context.close();
  }, 60_000);

  it('searches, filters by Regierungsbezirk, sorts the agreement list and exports the selection as CSV', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE', acceptDownloads: true });
    const hmsi = await signIn(context, await freshHmsi());
    const districts = await findDistricts(database.db);
    const bezirkOf = new Map(districts.flatMap((d) => [[d.name, d.regierungsbezirk], [d.officialName, d.regierungsbezirk]] as const));
    await activate(hmsi, 'link', 'Zielvereinbarungen');
    await checkPage(hmsi);
    const names = async () => (await hmsi.locator('tbody th a').allTextContents()).map((t) => t.trim());

    // Search by name.
    await type(hmsi, /^Name oder AGS/, 'Rheingau');
    await activate(hmsi, 'button', 'Filtern');
    expect(new URL(hmsi.url()).searchParams.get('suche')).toBe('Rheingau');
    const found = await names();
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found)).toEqual(new Set(['Rheingau-Taunus-Kreis']));
    await checkPage(hmsi);

    // Regierungsbezirk Gießen, largest amount first.
    await type(hmsi, /^Name oder AGS/, '');
    // Type-ahead with ASCII only: the browser's select matches „Gießen“ by its start.
    await choose(hmsi, 'Regierungsbezirk', 'Gie');
    await choose(hmsi, 'Sortieren nach', 'Betrag');
    await choose(hmsi, 'Reihenfolge', 'ab');
    await activate(hmsi, 'button', 'Filtern');
    const query = new URL(hmsi.url()).searchParams;
    expect(query.get('suche')).toBe('');
    expect(query.get('bezirk')).toBe('Gießen');
    expect(query.get('sortierung')).toBe('betrag');
    expect(query.get('richtung')).toBe('ab');
    const inGiessen = await names();
    expect(inGiessen.length).toBeGreaterThan(0);
    for (const name of inGiessen) expect(bezirkOf.get(name), name).toBe('Gießen');
    expect(await hmsi.getByText('sortiert nach Betrag (§ 4) absteigend').count()).toBe(1);
    const euro = (text: string) => Number(text.replace(/[^\d,]/g, '').replace(',', '.'));
    const amounts = (await hmsi.locator('tbody tr td:nth-of-type(3)').allTextContents()).map(euro);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    await checkPage(hmsi);

    // The CSV is the same selection.
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await download(hmsi, 'CSV')).replace(/^\uFEFF/, '');
    const lines = csv.trimEnd().split(/\r?\n/);
    expect(lines[0]!.split(';').slice(0, 3)).toEqual(['AGS', 'Gebietskörperschaft', 'Regierungsbezirk']);
    expect(lines).toHaveLength(inGiessen.length + 1);
    for (const line of lines.slice(1)) expect(line.split(';')[2]).toBe('Gießen');
    expect(lines.slice(1).map((l) => l.split(';')[1])).toEqual(inGiessen);
    await context.close();
  }, 60_000);

  it('shows the same German messages next to the fields without JavaScript (empty reason, future signature)', async () => {
    // Without JavaScript axe cannot run in the page; the server-rendered error state is what is checked here.
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'de-DE', javaScriptEnabled: false });
    const hmsi = await signIn(context, await freshHmsi());
    const LW = '06533'; // Limburg-Weilburg 2025: seeded as published
    const before = await agreementState(2025, LW);
    expect(before.status).toBe('veroeffentlicht');
    await hmsi.goto(`${server.url}/zielvereinbarungen/2025/${LW}/status`);
    await activate(hmsi, 'button', 'Veröffentlichung zurückziehen');
    expect(await heading(hmsi)).toBe('Veröffentlichung zurückziehen');
    await activate(hmsi, 'button', 'Veröffentlichung zurückziehen');
    expect(await hmsi.locator('#feld-grund-fehler').textContent()).toContain('Bitte begründen Sie, warum die Veröffentlichung zurückgezogen wird.');
    expect(await agreementState(2025, LW)).toEqual(before);

    const signing = await agreementState(YEAR, OF);
    await hmsi.goto(`${server.url}/zielvereinbarungen/${YEAR}/${OF}/unterschrift`);
    await type(hmsi, 'Ort', 'Wiesbaden');
    await type(hmsi, 'Datum der Unterschrift', '1.1.2099');
    await type(hmsi, 'Name der unterzeichnenden Person', 'Heike Hofmann');
    await type(hmsi, 'Amtsbezeichnung', 'Staatsministerin');
    await activate(hmsi, 'button', 'Unterschrift erfassen');
    expect(await hmsi.locator('#feld-datum-fehler').textContent()).toContain('Das Datum der Unterschrift (1.1.2099) liegt in der Zukunft.');
    expect(await agreementState(YEAR, OF)).toEqual(signing);
    await context.close();
  }, 60_000);

  it('shows the safeguard pages without horizontal scrolling and axe violations at 320 px', async () => {
    const context = await browser.newContext({ viewport: VIEWPORTS.narrow, locale: 'de-DE' });
    const hmsi = await signIn(context, await freshHmsi());
    const { version } = await agreementState(YEAR, OF);
    const paths = [
      `/zielvereinbarungen/${YEAR}/${OF}/unterschrift`,
      `/zielvereinbarungen/${YEAR}/${DADI}/notizen`,
      `/zielvereinbarungen/${YEAR}/${DADI}/status`,
      '/aufgaben',
      '/import',
      '/zielvereinbarungen?bezirk=Gie%C3%9Fen&sortierung=betrag&richtung=ab',
      `/portal/zielvereinbarungen/2024/${RTK}`,
    ];
    for (const path of paths) {
      await hmsi.goto(`${server.url}${path}`);
      expect(await pageViolations(hmsi), path).toEqual([]);
      expect(await hasHorizontalScroll(hmsi), path).toBe(false);
    }
    // The future-date error state at 320 px.
    await hmsi.goto(`${server.url}/zielvereinbarungen/${YEAR}/${OF}/unterschrift`);
    await type(hmsi, 'Ort', 'Wiesbaden');
    await type(hmsi, 'Datum der Unterschrift', '1.1.2099');
    await type(hmsi, 'Name der unterzeichnenden Person', 'Heike Hofmann');
    await type(hmsi, 'Amtsbezeichnung', 'Staatsministerin');
    await activate(hmsi, 'button', 'Unterschrift erfassen');
    expect(await hmsi.locator('#feld-datum-fehler').count()).toBe(1);
    expect(await pageViolations(hmsi)).toEqual([]);
    expect(await hasHorizontalScroll(hmsi)).toBe(false);
    expect((await agreementState(YEAR, OF)).version).toBe(version);
    console.log(`safeguards: ${visited.length} pages checked with axe (0 violations)`);
    await context.close();
  }, 120_000);
});
