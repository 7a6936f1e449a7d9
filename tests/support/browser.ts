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

/**
 * Table cells that are cut off: wider than the viewport, or whose content overflows them, or
 * inside a scroll region that has to scroll (issue 12: at 320 px rows stack instead). Returns a
 * short description of each, empty when every cell is fully visible.
 */
export async function cutOffTableCells(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const width = document.documentElement.clientWidth;
    for (const cell of Array.from(document.querySelectorAll<HTMLElement>('main table td, main table th'))) {
      const box = cell.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      const head = cell.closest('thead');
      if (head && getComputedStyle(head).position === 'absolute') continue; // the visually hidden header row of a stacked table
      const text = (cell.textContent ?? '').trim().slice(0, 40);
      if (box.left < -1 || box.right > width + 1) found.push(`außerhalb (${Math.round(box.left)}–${Math.round(box.right)} px): ${text}`);
      else if (cell.scrollWidth > cell.clientWidth + 1) found.push(`Inhalt breiter als die Zelle: ${text}`);
    }
    for (const region of Array.from(document.querySelectorAll<HTMLElement>('main .table-region'))) {
      if (region.scrollWidth > region.clientWidth + 1) found.push(`Tabellenbereich scrollt waagerecht: ${(region.querySelector('caption')?.textContent ?? '').trim().slice(0, 40)}`);
    }
    return found;
  });
}

/** Visible chart texts (SVG) drawn smaller than `minPx` on screen: "label (size px)". */
export async function smallChartTexts(page: Page, minPx = 12): Promise<string[]> {
  return page.evaluate((min) => {
    const found: string[] = [];
    for (const text of Array.from(document.querySelectorAll<SVGTextElement>('svg text'))) {
      const svg = text.ownerSVGElement;
      if (!svg || svg.getBoundingClientRect().width === 0) continue; // the other (hidden) form of the chart
      const scale = text.getScreenCTM()?.a ?? 1;
      const size = Number.parseFloat(getComputedStyle(text).fontSize) * scale;
      if (size < min - 0.01) found.push(`${(text.textContent ?? '').trim()} (${size.toFixed(1)} px)`);
    }
    return found;
  }, minPx);
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
