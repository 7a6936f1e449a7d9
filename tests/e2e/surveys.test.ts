import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../src/app/app';
import type { AppDatabase } from '../../src/platform/db/client';
import { buildUser } from '../factories';
import { signInBrowser } from '../support/auth';
import { activate, hasHorizontalScroll, launchBrowser, pageViolations, typeInto, VIEWPORTS } from '../support/browser';
import { createTestDatabase } from '../support/test-database';

/**
 * Surveys in Chromium, keyboard only, axe-core at 1280 px and 320 px (no horizontal page scroll):
 * the ministry builds a survey with a conditional question and a matrix in the editor forms and
 * sends it to two districts after the confirmation page; one district saves a draft first, then
 * both answer and submit; the ministry sees the response rate and the results and downloads the
 * XLSX (data + codebook sheets) and the codebook CSV.
 */
/** This suite's server port (4500–4599 belong to the survey work). */
const PORT = Number(process.env.E2E_SURVEYS_PORT ?? 4510);
const A = { ags: '06439', name: 'Rheingau-Taunus-Kreis' };
const B = { ags: '06533', name: 'Limburg-Weilburg' };

let database: AppDatabase;
let server: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  database = await createTestDatabase();
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

const today = () => {
  const iso = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());
  return `${Number(iso.slice(8, 10))}.${Number(iso.slice(5, 7))}.${iso.slice(0, 4)}`;
};

async function check(page: Page, narrow: boolean): Promise<void> {
  expect(await pageViolations(page), page.url()).toEqual([]);
  if (narrow) expect(await hasHorizontalScroll(page), page.url()).toBe(false);
}
const h1 = async (page: Page) => (await page.getByRole('heading', { level: 1 }).textContent())?.trim();
/** Checks a radio button or check box with the keyboard (focus, space). */
async function tick(page: Page, label: string, exact = true): Promise<void> {
  await page.getByLabel(label, { exact }).first().focus();
  await page.keyboard.press('Space');
}
/** Chooses an option of a select with the keyboard: focus it and type the start of the option's text. */
async function choose(page: Page, label: string | RegExp, typed: string): Promise<void> {
  await page.getByLabel(label).first().focus();
  await page.keyboard.type(typed);
}

async function addQuestion(page: Page, narrow: boolean, fields: { text: string; variable: string; type: string; required?: boolean; lines?: Record<string, string>; extra?: (page: Page) => Promise<void> }) {
  await activate(page, 'link', 'Neue Frage in Abschnitt 1');
  expect(await h1(page)).toBe('Neue Frage');
  await typeInto(page, 'Fragetext', fields.text);
  await typeInto(page, 'Variablenname', fields.variable);
  await choose(page, 'Fragetyp', fields.type);
  if (fields.required) await tick(page, 'Pflichtfrage (muss vor dem Einreichen beantwortet sein)');
  for (const [label, value] of Object.entries(fields.lines ?? {})) await typeInto(page, label, value);
  await fields.extra?.(page);
  await activate(page, 'button', 'Frage speichern');
  expect(await h1(page), await page.locator('.kern-error').allTextContents().then((t) => t.join(' | '))).toBe('Fragen bearbeiten');
  await check(page, narrow);
}

async function answerAs(district: { ags: string; name: string }, viewport: { width: number; height: number }, title: string, fill: (page: Page) => Promise<void>, options: { draftFirst?: boolean } = {}) {
  const narrow = viewport.width < 400;
  const context = await browser.newContext({ viewport, locale: 'de-DE' });
  const page = await signInBrowser(context, server.url, await buildUser(database, 'district', { ags: district.ags }));
  await page.goto(`${server.url}/umfragen`);
  await check(page, narrow);
  await activate(page, 'link', title);
  expect(await h1(page)).toBe(title);
  expect(await page.getByText('0 von 3 Fragen beantwortet').count()).toBe(1);
  expect(await page.getByText(/Nur beantworten, wenn Sie „Bieten Sie Teilzeitausbildung an\?“ mit „Ja“ beantwortet haben\./).count()).toBe(1);
  await check(page, narrow);
  if (options.draftFirst) {
    await tick(page, 'Ja');
    await activate(page, 'button', 'Entwurf speichern');
    expect(await page.getByText('Der Entwurf wurde gespeichert.').count()).toBe(1);
    expect(await page.getByText('1 von 4 Fragen beantwortet').count()).toBe(1);
    await check(page, narrow);
  }
  await fill(page);
  await activate(page, 'button', 'Entwurf speichern');
  expect(await page.getByText('Der Entwurf wurde gespeichert.').count()).toBe(1);
  await activate(page, 'link', 'Antwort einreichen …');
  expect(await h1(page)).toBe('Antwort einreichen?');
  await check(page, narrow);
  await activate(page, 'button', 'Ja, jetzt einreichen');
  expect(await page.getByText('Die Antwort wurde eingereicht. Vielen Dank!').count()).toBe(1);
  expect(await page.getByRole('button', { name: 'Entwurf speichern' }).count()).toBe(0);
  await check(page, narrow);
  await context.close();
}

describe('Umfragen (Chromium, Tastatur)', () => {
  for (const [label, viewport] of Object.entries(VIEWPORTS)) {
    it(`the ministry builds and sends, two districts answer, the ministry evaluates and downloads (${label})`, async () => {
      const narrow = viewport.width < 400;
      const title = `Umfrage Teilzeit ${label}`;
      const context = await browser.newContext({ viewport, locale: 'de-DE', acceptDownloads: true });
      const hmsi = await signInBrowser(context, server.url, await buildUser(database, 'hmsi', { totp: true }));
      await hmsi.goto(`${server.url}/umfragen`);
      expect(await h1(hmsi)).toBe('Umfragen');
      await check(hmsi, narrow);
      await typeInto(hmsi, 'Titel', title, { exact: true });
      await activate(hmsi, 'button', 'Umfrage anlegen');
      expect(await h1(hmsi)).toBe('Fragen bearbeiten');
      await check(hmsi, narrow);
      await typeInto(hmsi, 'Titel des Abschnitts', 'Angebote und Zusammenarbeit');
      await activate(hmsi, 'button', 'Abschnitt anlegen');
      await check(hmsi, narrow);

      await addQuestion(hmsi, narrow, { text: 'Bieten Sie Teilzeitausbildung an?', variable: 'f1_teilzeit', type: 'Einfach', required: true, lines: { Antwortmöglichkeiten: '1 = Ja\n2 = Nein' } });
      await addQuestion(hmsi, narrow, {
        text: 'Wie viele Plätze gab es?',
        variable: 'f2_plaetze',
        type: 'Zahl',
        required: true,
        lines: { Einheit: 'Plätze', Mindestwert: '0', Höchstwert: '200' },
        extra: async (page) => {
          await choose(page, '… die frühere Frage', 'f1');
          await typeInto(page, '… diesen Code als Antwort hat', '1');
        },
      });
      await addQuestion(hmsi, narrow, { text: 'Wie gut klappt die Zusammenarbeit mit …', variable: 'f3_netz', type: 'Matrix', lines: { 'Aussagen (nur Matrix)': 'jc = dem Jobcenter\naa = der Agentur für Arbeit' } });
      await addQuestion(hmsi, narrow, { text: 'Anregungen an das HMSI', variable: 'f4_anregungen', type: 'Langer' });
      expect(await hmsi.getByText('Nur beantworten, wenn Sie „Bieten Sie Teilzeitausbildung an?“ mit „Ja“ beantwortet haben.').count()).toBe(1);

      await activate(hmsi, 'link', 'Weiter: Umfrage versenden …');
      expect(await h1(hmsi)).toBe('Umfrage versenden');
      await check(hmsi, narrow);
      await typeInto(hmsi, 'Geöffnet ab', today());
      await typeInto(hmsi, /^Frist/, '31.12.2099');
      await tick(hmsi, 'Nur die unten gewählten');
      await tick(hmsi, A.name);
      await tick(hmsi, B.name);
      await activate(hmsi, 'button', 'Weiter zur Bestätigung');
      expect(await h1(hmsi)).toBe('Umfrage jetzt versenden?');
      await check(hmsi, narrow);
      await activate(hmsi, 'button', 'Ja, jetzt versenden');
      expect(await hmsi.getByText('Die Umfrage wurde versandt.').count()).toBe(1);
      await check(hmsi, narrow);
      const surveyUrl = hmsi.url().replace(/\?.*$/, '');

      await answerAs(A, viewport, title, async (page) => {
        await typeInto(page, 'Wie viele Plätze gab es?', '12');
        await tick(page, 'dem Jobcenter: 4', false);
        await tick(page, 'der Agentur für Arbeit: 2', false);
      }, { draftFirst: true });
      await answerAs(B, viewport, title, async (page) => {
        await tick(page, 'Nein');
        await tick(page, 'dem Jobcenter: 5', false);
        await typeInto(page, 'Anregungen an das HMSI', 'Früher planen.');
      });

      await hmsi.goto(surveyUrl);
      await activate(hmsi, 'link', 'Ergebnisse, Rücklauf und Export');
      expect(await h1(hmsi)).toBe(`Ergebnisse: ${title}`);
      expect(await hmsi.getByText('2 von 2 Antworten eingereicht (100 %)').count()).toBe(1);
      expect(await hmsi.getByText('Früher planen.').count()).toBe(1);
      // Two charts, each drawn in its wide and its narrow form; the width shows one of them.
      expect(await hmsi.locator('svg[role="img"]').count()).toBe(4);
      expect(await hmsi.locator('svg[role="img"]:visible').count()).toBe(2);
      await check(hmsi, narrow);

      await hmsi.getByRole('link', { name: 'Daten und Codebuch (Excel, zwei Tabellenblätter)' }).focus();
      const [download] = await Promise.all([hmsi.waitForEvent('download'), hmsi.keyboard.press('Enter')]);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await readFile((await download.path())!)) as never);
      expect(book.worksheets.map((s) => s.name)).toEqual(['Daten', 'Codebuch']);
      const data = book.getWorksheet('Daten')!;
      expect((data.getRow(1).values as unknown[]).slice(1)).toEqual(['ags', 'gebietskoerperschaft', 'status', 'eingereicht_am', 'f1_teilzeit', 'f2_plaetze', 'f3_netz_jc', 'f3_netz_aa', 'f4_anregungen']);
      const rows = [2, 3].map((n) => (data.getRow(n).values as unknown[]).slice(1));
      expect(rows.find((r) => r[0] === A.ags)?.slice(4, 8)).toEqual([1, 12, 4, 2]);
      expect(rows.find((r) => r[0] === B.ags)?.slice(4, 9)).toEqual([2, undefined, 5, undefined, 'Früher planen.']);
      expect(book.getWorksheet('Codebuch')!.getRow(2).getCell(4).value).toBe('1 = Ja; 2 = Nein');

      await hmsi.getByRole('link', { name: 'Codebuch (CSV: Variable, Frage, Typ, Wertelabels)' }).focus();
      const [codebook] = await Promise.all([hmsi.waitForEvent('download'), hmsi.keyboard.press('Enter')]);
      expect((await readFile((await codebook.path())!, 'utf8')).split('\r\n')[0]).toBe('\uFEFFvariable;frage;typ;wertelabels;hinweis');
      await context.close();
    }, 240_000);
  }
});
