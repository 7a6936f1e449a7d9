import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app';
import { applyDemoSetting } from '../../src/app/setup-database';
import type { Role } from '../../src/modules/access/policy';
import type { AppDatabase } from '../../src/platform/db/client';
import { authHeaders, withHeaders } from '../support/auth';
import { createTestDatabase } from '../support/test-database';

let database: AppDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await applyDemoSetting(database, true);
});
afterAll(async () => {
  await database?.close();
});

const START = ['/', '/umfragen', '/tagungen', '/gute-praxis', '/portal/gute-praxis', '/portal/tagungen', '/zielvereinbarungen', '/jahre', '/vorlagen', '/import', '/admin/benutzer', '/admin/protokoll', '/admin/sicherung', '/portal', '/opendata'];
const MAX_PAGES = 400;

/** Internal links of an HTML page (no downloads of generated files, no sign-out). */
function links(html: string): string[] {
  return [...html.matchAll(/href="(\/[^"#]*)"/g)]
    .map((m) => m[1]!.replace(/&amp;/g, '&'))
    .filter((href) => !href.startsWith('/assets/') && !/\.(pdf|docx|xlsx|zip|csv|json|jsonld|txt)(\?|$)/.test(href) && !href.startsWith('/abmelden'));
}

/**
 * Every staff role follows every internal link reachable from the main pages, with the demo data
 * loaded: no page answers with a server error, every HTML page has exactly one h1 and no stack
 * trace. Catches broken links and pages that only fail with real-looking data.
 */
describe('crawl of the staff pages with demo data', () => {
  for (const [role, ags] of [['hmsi'], ['district', '06439'], ['rp'], ['admin']] as [Role, string?][]) {
    it(`as ${role}${ags ? ` (${ags})` : ''}: no 5xx, one h1 per page, no stack trace`, async () => {
      const app = withHeaders(createApp({ database }), await authHeaders(database, role, ags));
      const seen = new Set<string>();
      const queue = [...START];
      const problems: string[] = [];
      while (queue.length > 0 && seen.size < MAX_PAGES) {
        const path = queue.shift()!;
        if (seen.has(path)) continue;
        seen.add(path);
        const response = await app.request(path);
        if (response.status >= 500) problems.push(`${path} → ${response.status}`);
        if (!(response.headers.get('content-type') ?? '').includes('text/html') || response.status >= 300) continue;
        const html = await response.text();
        const h1 = html.match(/<h1[\s>]/g)?.length ?? 0;
        if (h1 !== 1) problems.push(`${path}: ${h1} h1`);
        if (/\bat .+\(.+:\d+:\d+\)|node_modules\//.test(html)) problems.push(`${path}: stack trace`);
        for (const href of links(html)) if (!seen.has(href)) queue.push(href);
      }
      console.log(`crawl ${role}: ${seen.size} pages`);
      expect(problems).toEqual([]);
      expect(seen.size).toBeGreaterThan(START.length);
    });
  }
});
