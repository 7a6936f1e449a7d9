import { AxeBuilder } from '@axe-core/playwright';
import { serve, type ServerType } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createApp } from '../../src/app/app';
import type { AppDatabase } from '../../src/platform/db/client';

/** Debian's Chromium; tests never download a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Serves the real app on a free loopback port. */
export async function startServer(database: AppDatabase): Promise<{ url: string; close(): Promise<void> }> {
  const app = createApp({ database });
  const server = await new Promise<ServerType>((done) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => done(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(() => done())) };
}

export const VIEWPORTS = { desktop: { width: 1280, height: 900 }, narrow: { width: 320, height: 720 } } as const;

/**
 * axe-core with the WCAG 2.1 A/AA tags, plus the id-uniqueness check axe no longer makes (its
 * duplicate-id rules are retired, but a repeated id still breaks label, aria-describedby and skip
 * links): returns the violations (ids and targets) for a readable failure.
 */
export async function pageViolations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const violations = result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  const duplicates = await duplicateIds(page);
  if (duplicates.length > 0) violations.push({ id: 'duplicate-id', impact: 'serious', help: 'Jede id darf nur einmal auf der Seite vorkommen', targets: duplicates.map((id) => `#${id}`) });
  return violations;
}

/** The ids that occur more than once in the page. */
export async function duplicateIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const seen = new Map<string, number>();
    document.querySelectorAll('[id]').forEach((element) => seen.set(element.id, (seen.get(element.id) ?? 0) + 1));
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
}

/** Whether the page scrolls horizontally (content wider than the viewport). */
export async function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

/** Focuses an element by its accessible name and presses Enter (links, buttons), waiting for the next page. */
export async function activate(page: Page, role: 'link' | 'button', name: string | RegExp): Promise<void> {
  await page.getByRole(role, { name, exact: typeof name === 'string' }).first().focus();
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

/** Focuses a field by its label and types with the keyboard, replacing the content (`exact`: the label as a whole). */
export async function typeInto(page: Page, label: string | RegExp, text: string, options: { exact?: boolean } = {}): Promise<void> {
  await page.getByLabel(label, { exact: options.exact ?? false }).first().focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  if (text) await page.keyboard.type(text);
}
