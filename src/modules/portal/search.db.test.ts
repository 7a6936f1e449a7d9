import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import { applyDemoSetting } from '../../app/setup-database';
import { portalCacheKey, portalCacheStats, releasePortalCache } from './cache';
import { buildAgreementsCsv, buildAgreementsJson } from './opendata';
import { findAllPublished, findPublishedAgreements, findPublishedPage, parseListFilter, parseSnippet } from './service';
import { getMeasureTypeLabels } from '../catalogs/service';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';

let database: AppDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await applyDemoSetting(database, true);
});
afterAll(async () => {
  releasePortalCache(database);
  await database?.close();
});

describe('portal search on the stored tsvector', () => {
  it('stores a German tsvector for published texts only, none for drafts', async () => {
    const rows = (await database.db.execute(
      sql`select v.status, count(*) filter (where v.search_vector is not null) as indexed, count(*) as total from agreement_versions v group by v.status`,
    )) as unknown as { rows: { status: string | null; indexed: unknown; total: unknown }[] };
    const byStatus = new Map(rows.rows.map((r) => [r.status, { indexed: Number(r.indexed), total: Number(r.total) }]));
    expect(byStatus.get('veroeffentlicht')?.indexed ?? 0).toBe(byStatus.get('veroeffentlicht')?.total ?? 0);
    for (const status of ['entwurf', 'in_abstimmung', 'zur_unterschrift', 'unterzeichnet']) expect(byStatus.get(status)?.indexed ?? 0).toBe(0);
  });

  it('finds by stem, counts in the same query and marks the hits in a snippet', async () => {
    const published = await findAllPublished(database.db);
    const withTitle = published.filter((a) => a.content.measures.some((m) => m.projects.some((p) => /Pflegehelfer/.test(p.title))));
    expect(withTitle.length).toBeGreaterThan(0);
    // "Pflegehelfern" has the stem of "Pflegehelfer"/"Pflegehelferin".
    const { rows, total } = await findPublishedAgreements(database.db, parseListFilter({ q: 'Pflegehelfern' }));
    expect(total).toBe(withTitle.length);
    expect(rows.map((r) => r.agreementId).sort()).toEqual(withTitle.map((a) => a.agreementId).sort().slice(0, 20));
    const snippet = rows[0]!.snippet!;
    expect(snippet.some((part) => part.match && /^Pflegehelfer/i.test(part.text))).toBe(true);
    expect(snippet.map((p) => p.text).join('')).toContain('Qualifizierung zur');
    const html = await (await createApp({ database }).request('/portal/zielvereinbarungen?q=Pflegehelfern')).text();
    expect(html).toMatch(/<mark>Pflegehelfer(in)?<\/mark>/);
  });

  it('keeps the total for a page past the end and filters by Maßnahmenart', async () => {
    const all = await findPublishedAgreements(database.db, parseListFilter({}));
    const beyond = await findPublishedAgreements(database.db, parseListFilter({ seite: '999' }));
    expect(beyond).toEqual({ rows: [], total: all.total });
    const published = await findAllPublished(database.db);
    const withType4 = published.filter((a) => a.content.measures[3]!.projects.length > 0).length;
    expect((await findPublishedAgreements(database.db, parseListFilter({ massnahme: '4' }))).total).toBe(withType4);
  });

  it('reads the page data of an agreement in one go: PDF size without bytes, the other years', async () => {
    const published = await findAllPublished(database.db);
    const rtk = published.filter((a) => a.ags === '06439');
    const page = (await findPublishedPage(database.db, 2024, '06439'))!;
    const pdf = (await database.db.execute(sql`select octet_length(pdf) as n from agreement_publications where agreement_id = ${page.agreement.agreementId} order by version desc limit 1`)) as unknown as { rows: { n: unknown }[] };
    expect(page.pdfSize).toBe(Number(pdf.rows[0]!.n));
    expect(page.otherYears).toEqual(rtk.map((a) => a.year).filter((y) => y !== 2024).sort());
    expect(await findPublishedPage(database.db, 1999, '06439')).toBeUndefined();
  });

  it('splits ts_headline output into found and surrounding text, markup left as text', () => {
    expect(parseSnippet('kein Treffer')).toBeUndefined();
    expect(parseSnippet('Kurs \ue000<b>Pflege</b>\ue001 und mehr')).toEqual([
      { text: 'Kurs ', match: false },
      { text: '<b>Pflege</b>', match: true },
      { text: ' und mehr', match: false },
    ]);
  });
});

describe('streamed open data', () => {
  it('streams exactly the bytes of the in-memory CSV and JSON builders', async () => {
    const app = createApp({ database, portalCacheBytes: 0 });
    const published = await findAllPublished(database.db);
    const labels = new Map<number, readonly string[]>();
    for (const year of new Set(published.map((a) => a.year))) labels.set(year, await getMeasureTypeLabels(database.db, year));
    // Bytes, not text(): text() would drop the BOM.
    const csv = Buffer.from(await (await app.request('/opendata/agreements.csv')).arrayBuffer());
    expect(csv.equals(Buffer.from(buildAgreementsCsv(published, labels), 'utf8'))).toBe(true);
    expect(await (await app.request('/opendata/agreements.json')).text()).toBe(buildAgreementsJson(published, labels));
    const y2025 = published.filter((a) => a.year === 2025);
    expect(await (await app.request('/opendata/2025/agreements.json')).text()).toBe(buildAgreementsJson(y2025, labels));
  });
});

describe('portal page cache', () => {
  it('keys by the parameters a page reads, in normalised form', () => {
    const key = (query: string) => portalCacheKey(`http://localhost/portal/zielvereinbarungen${query}`);
    expect(key('?q=Pflege&utm_source=x')).toBe(key('?q=Pflege'));
    expect(key('?sort=jahr-ab&q=Pflege&seite=1')).toBe(key('?q=Pflege'));
    expect(key('?jahr=abc&q=Pflege')).toBe(key('?q=Pflege'));
    expect(key('?q=Pflege')).not.toBe(key('?q=Handwerk'));
    expect(key('?q=Pflege&seite=2')).not.toBe(key('?q=Pflege'));
    expect(portalCacheKey('http://localhost/opendata/agreements.json?r=123')).toBe(portalCacheKey('http://localhost/opendata/agreements.json'));
    expect(portalCacheKey('http://a.example/opendata/catalog.jsonld')).not.toBe(portalCacheKey('http://b.example/opendata/catalog.jsonld'));
  });

  it('stays within its byte budget, dropping the least recently used pages', async () => {
    const budget = 200_000;
    // Only this test's cache counts in the process-wide stats.
    releasePortalCache(database);
    const other = await createTestDatabase();
    try {
      const app = createApp({ database: other, portalCacheBytes: budget });
      const first = await app.request('/portal/zielvereinbarungen/2024/06439');
      expect(first.status).toBe(200);
      for (const q of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p']) {
        expect((await app.request(`/portal/zielvereinbarungen?q=${q}`)).status).toBe(200);
        expect(portalCacheStats()).toMatchObject({ maxBytes: budget });
        expect(portalCacheStats().bytes).toBeLessThanOrEqual(budget);
      }
      const stats = portalCacheStats();
      expect(stats.entries).toBeGreaterThan(1);
      // Random query strings on one page add no entries.
      const before = portalCacheStats().entries;
      for (let i = 0; i < 20; i++) await app.request(`/opendata/agreements.json?r=${i}`);
      expect(portalCacheStats().entries).toBeLessThanOrEqual(before + 1);
    } finally {
      releasePortalCache(other);
      await other.close();
    }
  });
});
