import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { buildUser } from '../factories';
import type { AppDatabase } from '../../src/platform/db/client';
import { enqueueMail } from '../../src/modules/notifications/service';
import { activate, hasHorizontalScroll, launchBrowser, pageViolations, startServer, VIEWPORTS } from '../support/browser';
import { signInBrowser } from '../support/auth';
import { createTestDatabase } from '../support/test-database';

/**
 * E-mail reminders and the outbox in Chromium, keyboard only: a district user sets the reminder
 * days (a wrong value is named next to the field first); an administrator finds a failed mail in the
 * outbox and sends it again after the confirmation page. axe-core at 1280 px and 320 px.
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

async function check(page: Page, narrow = false): Promise<void> {
  expect(await pageViolations(page), page.url()).toEqual([]);
  if (narrow) expect(await hasHorizontalScroll(page), page.url()).toBe(false);
}

describe('E-Mail-Erinnerungen und Postausgang (Chromium)', () => {
  for (const [label, viewport] of Object.entries(VIEWPORTS)) {
    it(`the district sets its reminders; the administration sends a failed mail again (${label})`, async () => {
      const narrow = viewport.width < 400;
      const context = await browser.newContext({ viewport, locale: 'de-DE' });
      const page = await signInBrowser(context, server.url, await buildUser(database, 'district', { ags: AGS }));
      await page.goto(`${server.url}/konto`);
      await activate(page, 'link', 'Erinnerungen einstellen');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('E-Mail-Erinnerungen');
      expect(await page.getByLabel(/^Tage vor der Frist/).inputValue()).toBe('7, 1');
      await check(page, narrow);
      await page.getByLabel(/^Tage vor der Frist/).fill('14, 0');
      await activate(page, 'button', 'Speichern');
      expect(await page.getByRole('alert').textContent()).toContain('Jeder Tag muss zwischen 1 und 60 liegen.');
      await check(page, narrow);
      await page.getByLabel(/^Tage vor der Frist/).fill('14, 3');
      await page.getByLabel(/Tagesübersicht/).check();
      await activate(page, 'button', 'Speichern');
      expect(await page.getByText('Die Erinnerungen sind gespeichert.').count()).toBe(1);
      expect(await page.getByLabel(/^Tage vor der Frist/).inputValue()).toBe('14, 3');
      await check(page, narrow);
      await context.close();

      const id = await database.db.transaction((tx) => enqueueMail(tx, { to: 'koordination@kreis.example', subject: `Erinnerung: Antrag (${label})`, text: 'Test', kind: 'erinnerung' }));
      await database.db.execute(sql`update outbox_mails set status = 'fehlgeschlagen', attempts = 8, last_error = '421 Dienst nicht verfügbar' where id = ${id}`);
      const adminContext = await browser.newContext({ viewport, locale: 'de-DE' });
      const admin = await signInBrowser(adminContext, server.url, await buildUser(database, 'admin', { totp: true }));
      await admin.goto(`${server.url}/admin/postausgang`);
      expect(await admin.getByRole('heading', { level: 1 }).textContent()).toBe('Postausgang');
      await check(admin, narrow);
      await admin.getByLabel(/^Status/).selectOption('fehlgeschlagen');
      await activate(admin, 'button', 'Anzeigen');
      expect(admin.url()).toContain('status=fehlgeschlagen');
      await activate(admin, 'link', `Mail ${id} erneut senden`);
      expect(await admin.getByRole('heading', { level: 1 }).textContent()).toBe(`Mail ${id} erneut senden?`);
      await check(admin, narrow);
      await activate(admin, 'button', 'Erneut senden');
      expect(await admin.getByText('Die Mail steht wieder im Postausgang').count()).toBe(1);
      await check(admin, narrow);
      await adminContext.close();
    }, 120_000);
  }
});
