import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import { applyDemoSetting } from '../../app/setup-database';
import { AgreementInterchangeSchema } from '../documents/schema';
import { agreementPublications, agreements } from '../agreements/tables';
import { invalidatePortalCache, releasePortalCache, setPortalCacheClock, STAMP_MAX_AGE_MS } from './cache';
import { CSV_HEADER } from './opendata';
import { publishSeededAgreements } from '../agreements/service';
import { buildUser } from '../../../tests/factories';
import { TestClient } from '../access/testing/http-client';
import { findAllPublished, findFeedback, getPublishedAgreement, setOpenDataLicence, updatePortalPage } from './service';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
/** The portal cache's clock, moved forward by the tests instead of sleeping. */
let clock = Date.now();
const advanceClock = (ms: number) => void (clock += ms);

beforeAll(async () => {
  database = await createTestDatabase();
  await applyDemoSetting(database, true);
  app = createApp({ database });
  setPortalCacheClock(() => clock);
});
afterAll(async () => {
  setPortalCacheClock();
  releasePortalCache(database);
  await database?.close();
});

/** Minimal RFC 4180 parser with `;` (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += ch;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows;
}

describe('public portal pages', () => {
  it('lists only published agreements, the two real ones among them, without login', async () => {
    const published = await findAllPublished(database.db);
    const all = await database.db.select({ id: agreements.id, status: agreements.status }).from(agreements);
    expect(all.some((a) => a.status !== 'veroeffentlicht')).toBe(true);
    expect(published.length).toBe(all.filter((a) => a.status === 'veroeffentlicht').length);
    const html = await (await app.request('/portal/zielvereinbarungen?jahr=2024&sort=name')).text();
    expect(html).toContain('href="/portal/zielvereinbarungen/2024/06439"');
    const start = await app.request('/portal');
    expect(start.status).toBe(200);
    const startHtml = await start.text();
    expect(startHtml).toContain('role="img"');
    expect(startHtml).toMatch(/<title id="diagramm-titel">/);
    expect(startHtml).toContain('<p class="kern-title">Demodaten</p>');
  });

  it('finds agreements by German full-text search and combines filters', async () => {
    const html = await (await app.request('/portal/zielvereinbarungen?q=Studieng%C3%A4nge&jahr=2024')).text();
    // "Studiengänge" stems to the title "Dualer Studiengang "BASS" 2024" of the real RTK agreement.
    expect(html).toContain('/portal/zielvereinbarungen/2024/06439"');
    const limburg = await (await app.request('/portal/zielvereinbarungen?q=Limb&rb=Gie%C3%9Fen')).text();
    expect(limburg).toContain('/portal/zielvereinbarungen/2025/06533"');
    expect(limburg).not.toContain('/portal/zielvereinbarungen/2024/06439"');
    const kassel = await (await app.request('/portal/zielvereinbarungen?rb=Kassel&q=Limburg')).text();
    expect(kassel).toContain('Keine veröffentlichte Zielvereinbarung passt zu Ihrer Suche.');
  });

  it('never answers odd search input with a server error', async () => {
    const inputs = ['"', "'", '%', '%%_\\', '" OR 1=1 --', "'); DROP TABLE agreements; --", '<script>alert(1)</script>', '!!&|:*()', 'x'.repeat(10_000), 'ä'.repeat(5000), '-', 'or', '\u0000'];
    for (const q of inputs) {
      for (const extra of ['', '&jahr=abc&gk=x&rb=Mars&massnahme=9&sort=drop&seite=-1']) {
        const response = await app.request(`/portal/zielvereinbarungen?q=${encodeURIComponent(q)}${extra}`);
        // NUL is refused before any route (422, issue 11); everything else is an ordinary search.
        expect(response.status, q.slice(0, 30)).toBe(q === '\u0000' ? 422 : 200);
        expect(await response.text()).not.toContain('<script>alert(1)</script>');
      }
    }
    expect(await findAllPublished(database.db)).not.toHaveLength(0);
  });

  it('shows the agreement page with full text, signatures, downloads and the PDF fingerprint that matches the bytes', async () => {
    const page = await app.request('/portal/zielvereinbarungen/2024/06439');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.match(/<h1[ >]/g)).toHaveLength(1);
    expect(html).toContain('Sandro Zehner, Landrat');
    expect(html).toContain('Für den Rheingau-Taunus-Kreis');
    expect(html).toContain('Heike Hofmann, Staatsministerin');
    expect(html).toContain('Dualer Studiengang &quot;BASS&quot; 2024');
    expect(html).not.toContain('<p class="kern-title">Demodaten</p>');
    const fingerprint = /<code class="portal-hash">([0-9a-f]{64})<\/code>/.exec(html)?.[1];
    expect(fingerprint).toBeDefined();
    const pdf = await app.request('/portal/zielvereinbarungen/2024/06439/zielvereinbarung.pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="zielvereinbarung-2024-06439.pdf"');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(fingerprint);
    const json = await app.request('/portal/zielvereinbarungen/2024/06439/zielvereinbarung.json');
    expect(AgreementInterchangeSchema.parse(await json.json()).amountCents).toBe(787_100_00);
    const docx = await app.request('/portal/zielvereinbarungen/2024/06439/zielvereinbarung.docx');
    expect(docx.status).toBe(200);
    expect(Buffer.from(new Uint8Array(await docx.arrayBuffer()).subarray(0, 2)).toString()).toBe('PK');
  });

  it('links the other years of a district and shows the year-to-year diff', async () => {
    const html = await (await app.request('/portal/zielvereinbarungen/2025/06533')).text();
    expect(html).toContain('href="/portal/zielvereinbarungen/2024/06533"');
    expect(html).toContain('href="/portal/vergleich/06533/2024/2025"');
    const diff = await app.request('/portal/vergleich/06533/2024/2025');
    expect(diff.status).toBe(200);
    const diffHtml = await diff.text();
    expect(diffHtml).toContain('<ins><span class="visually-hidden">Eingefügt: </span>');
    expect(diffHtml).toContain('<ins><span class="visually-hidden">Eingefügt: </span>2029<');
    // The summary: the amount old → new, and the projects per Maßnahmenart as lists, not a word diff.
    const [y2024, y2025] = [await getPublishedAgreement(database.db, 2024, '06533'), await getPublishedAgreement(database.db, 2025, '06533')];
    const euro = (cents: number) => `${new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2 }).format(cents / 100)} €`;
    expect(diffHtml).toContain(`${euro(y2024.content.amountCents)} → ${euro(y2025.content.amountCents)}`);
    const first = y2025.content.measures.find((m) => m.type === 1)!.projects[0]!.title;
    const wasThere = y2024.content.measures.some((m) => m.projects.some((p) => p.title === first));
    const section = diffHtml.slice(diffHtml.indexOf('id="massnahme-1"'), diffHtml.indexOf('id="massnahme-2"'));
    expect(section).toContain(wasThere ? 'id="unveraendert-1"' : 'id="neu-1"');
    expect(section).toContain(`<li>${first.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}</li>`);
  });

  it('keeps the last publication public while a Nachtrag is being drafted', async () => {
    const before = await (await app.request('/portal/zielvereinbarungen/2024/06439')).text();
    await database.db.update(agreements).set({ status: 'entwurf' }).where(eq(agreements.ags, '06439'));
    invalidatePortalCache();
    try {
      const during = await app.request('/portal/zielvereinbarungen/2024/06439');
      expect(during.status).toBe(200);
      expect((await during.text()).match(/[0-9a-f]{64}/)?.[0]).toBe(before.match(/[0-9a-f]{64}/)?.[0]);
      const list = await (await app.request('/opendata/agreements.json')).json();
      expect((list as { district: { ags: string } }[]).some((a) => a.district.ags === '06439')).toBe(true);
    } finally {
      await database.db.update(agreements).set({ status: 'veroeffentlicht' }).where(eq(agreements.ags, '06439'));
      invalidatePortalCache();
    }
  });

  it('answers unknown districts, years and files with a German 404', async () => {
    for (const path of [
      '/portal/zielvereinbarungen/2024/06999',
      '/portal/zielvereinbarungen/1999/06439',
      '/portal/zielvereinbarungen/abcd/06439',
      '/portal/zielvereinbarungen/2024/xyz',
      '/portal/zielvereinbarungen/2024/06439/geheim.txt',
      '/portal/vergleich/06999/2024/2025',
      '/opendata/1999/agreements.json',
      '/opendata/2024/agreements.xml',
    ]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      const html = await response.text();
      expect(html, path).toContain('<html lang="de">');
      expect(html, path).toMatch(/gibt es|nicht bekannt|keine veröffentlichte/);
    }
  });
});

describe('open data', () => {
  it('serves the JSON as an array of valid interchange objects, all years and per year', async () => {
    const all = await app.request('/opendata/agreements.json');
    expect(all.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(all.headers.get('content-disposition')).toBe('inline; filename="aqb-zielvereinbarungen.json"');
    const items = AgreementInterchangeSchema.array().parse(await all.json());
    expect(items.length).toBe((await findAllPublished(database.db)).length);
    expect(items.find((i) => i.district.ags === '06439' && i.year === 2024)?.amountCents).toBe(787_100_00);
    const y2025 = AgreementInterchangeSchema.array().parse(await (await app.request('/opendata/2025/agreements.json')).json());
    expect(y2025.length).toBeGreaterThan(0);
    expect(y2025.every((i) => i.year === 2025)).toBe(true);
  });

  it('carries the demo flag, the publication and the Maßnahmenart labels, and describes every field', async () => {
    const raw = (await (await app.request('/opendata/2024/agreements.json')).json()) as Array<{
      district: { ags: string };
      demo: boolean;
      publication: { publishedOn: string; version: number; sha256: string };
      measures: { type: number; label: string | null }[];
    }>;
    const rtk = raw.find((item) => item.district.ags === '06439')!;
    expect(rtk.demo).toBe(false);
    expect(rtk.publication.publishedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(rtk.publication.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rtk.measures.map((m) => m.type)).toEqual([1, 2, 3, 4]);
    expect(rtk.measures.every((m) => typeof m.label === 'string' && m.label.length > 10)).toBe(true);
    // The PDF the portal serves has exactly the fingerprint the open data names.
    const pdf = await app.request('/portal/zielvereinbarungen/2024/06439/zielvereinbarung.pdf');
    expect(pdf.headers.get('x-content-sha256')).toBe(rtk.publication.sha256);

    const rows = parseCsv(new TextDecoder().decode(new Uint8Array(await (await app.request('/opendata/2024/agreements.csv')).arrayBuffer()).subarray(3)));
    const header = rows[0]!;
    const line = rows.find((r) => r[1] === '06439')!;
    expect(line[header.indexOf('Demodaten')]).toBe('nein');
    expect(line[header.indexOf('SHA-256 des PDF')]).toBe(rtk.publication.sha256);
    expect(line[header.indexOf('Veröffentlicht am')]).toBe(rtk.publication.publishedOn);

    // The dictionary names every CSV column, as a page and as a file.
    const dictionary = (await (await app.request('/opendata/datenbeschreibung.json')).json()) as { fields: { csvColumn: string | null }[] };
    expect(CSV_HEADER.filter((column) => !dictionary.fields.some((f) => f.csvColumn === column))).toEqual([]);
    const page = await (await app.request('/opendata/datenbeschreibung')).text();
    for (const column of CSV_HEADER) expect(page).toContain(`>${column}</th>`);
    expect(await (await app.request('/opendata')).text()).toContain('href="/opendata/datenbeschreibung"');
  });

  it('serves the CSV with BOM and semicolons, one row per project, re-parseable', async () => {
    const response = await app.request('/opendata/agreements.csv');
    expect(response.headers.get('content-type')).toContain('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="aqb-zielvereinbarungen.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(new TextDecoder().decode(bytes.subarray(3)));
    expect(rows[0]).toEqual([...CSV_HEADER]);
    const data = rows.slice(1);
    expect(data.every((r) => r.length === CSV_HEADER.length)).toBe(true);
    const rtk = data.filter((r) => r[0] === '2024' && r[1] === '06439');
    expect(rtk).toHaveLength(11);
    expect(rtk.every((r) => r[4] === '787100,00')).toBe(true);
    expect(rtk.map((r) => r[7])).toContain('Dualer Studiengang "BASS" 2024');
    const published = await findAllPublished(database.db);
    const projectRows = published.reduce((n, a) => n + Math.max(1, a.content.measures.reduce((m, x) => m + x.projects.length, 0)), 0);
    expect(data).toHaveLength(projectRows);
    const y2024 = parseCsv(new TextDecoder().decode(new Uint8Array(await (await app.request('/opendata/2024/agreements.csv')).arrayBuffer()).subarray(3)));
    expect(y2024.slice(1).every((r) => r[0] === '2024')).toBe(true);
  });

  it('describes the distributions as DCAT-AP.de JSON-LD with the dl-de/by-2-0 licence', async () => {
    const response = await app.request('http://portal.example/opendata/catalog.jsonld');
    expect(response.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    const catalog = (await response.json()) as Record<string, any>;
    expect(catalog['@type']).toBe('dcat:Catalog');
    expect(catalog['@context'].dcat).toBe('http://www.w3.org/ns/dcat#');
    expect(catalog['dct:license']['@id']).toBe('http://dcat-ap.de/def/licenses/dl-by-de/2.0');
    const urls = catalog['dcat:dataset'].flatMap((d: any) => d['dcat:distribution'].map((x: any) => x['dcat:downloadURL']['@id']));
    expect(urls).toContain('http://portal.example/opendata/agreements.csv');
    expect(urls).toContain('http://portal.example/opendata/2025/agreements.json');
    for (const url of urls) expect((await app.request(url)).status, url).toBe(200);
  });
});

describe('caching and resilience', () => {
  it('never caches who is signed in: a visit of staff leaves no name or CSRF token for the next visitor', async () => {
    const user = await buildUser(database, 'district', { ags: '06439', name: 'Petra Portalbesuch' });
    const staff = new TestClient(app);
    await staff.post('/anmelden', { email: user.email, password: user.password });
    invalidatePortalCache();
    const seen = await (await staff.get('/portal/zielvereinbarungen/2024/06439')).text();
    expect(seen).not.toContain('Petra Portalbesuch');
    const next = await (await app.request('/portal/zielvereinbarungen/2024/06439')).text();
    expect(next).not.toContain('Petra Portalbesuch');
    expect(next).not.toContain('Abmelden');
    // Staff pages of the same person do show who is signed in.
    expect(await (await staff.get('/zielvereinbarungen')).text()).toContain('Angemeldet als Petra Portalbesuch');
  });

  it('sends ETag, Last-Modified and Cache-Control and answers revalidation with 304', async () => {
    const first = await app.request('/portal/zielvereinbarungen/2025/06533');
    const etag = first.headers.get('etag');
    const lastModified = first.headers.get('last-modified');
    expect(etag).toMatch(/^".+"$/);
    expect(lastModified).not.toBeNull();
    expect(first.headers.get('cache-control')).toContain('public');
    expect(first.headers.get('set-cookie')).toBeNull();
    const byTag = await app.request('/portal/zielvereinbarungen/2025/06533', { headers: { 'If-None-Match': etag! } });
    expect(byTag.status).toBe(304);
    expect(byTag.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await byTag.text()).toBe('');
    const byDate = await app.request('/portal/zielvereinbarungen/2025/06533', { headers: { 'If-Modified-Since': lastModified! } });
    expect(byDate.status).toBe(304);
    const changed = await app.request('/portal/zielvereinbarungen/2025/06533', { headers: { 'If-None-Match': '"anders"' } });
    expect(changed.status).toBe(200);
  });

  it('drops cached pages when a publication changes, even without invalidatePortalCache()', async () => {
    const before = await (await app.request('/portal/zielvereinbarungen?jahr=2024&gk=06439')).text();
    expect(before).toContain('1 Zielvereinbarung gefunden');
    const [rtk] = await database.db.select({ id: agreements.id }).from(agreements).where(eq(agreements.ags, '06439'));
    await database.db.delete(agreementPublications).where(eq(agreementPublications.agreementId, rtk!.id));
    invalidatePortalCache();
    expect(await (await app.request('/portal/zielvereinbarungen?jahr=2024&gk=06439')).text()).toContain('Keine veröffentlichte Zielvereinbarung');
    expect((await app.request('/portal/zielvereinbarungen/2024/06439')).status).toBe(404);
    expect(await database.db.transaction((tx) => publishSeededAgreements(tx))).toBe(1);
    // No invalidation call this time: the publication stamp (checked at most once a second) notices.
    advanceClock(STAMP_MAX_AGE_MS + 1);
    expect((await app.request('/portal/zielvereinbarungen/2024/06439')).status).toBe(200);
  });

  it('stores accessibility feedback sent with the CSRF token and rejects an empty message in German', async () => {
    const page = await app.request('/barrierefreiheit');
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    const html = await page.text();
    // The token the page carries (bound to this visitor's cookie, not the cookie itself).
    const token = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    for (const heading of ['Stand der Vereinbarkeit', 'Nicht barrierefreie Inhalte', 'Erstellung dieser Erklärung', 'Feedback und Kontakt', 'Durchsetzungsverfahren']) expect(html).toContain(heading);
    const send = (body: Record<string, string>) =>
      app.request('/barrierefreiheit/rueckmeldung', { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() });
    const empty = await send({ _csrf: token, message: '  ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Bitte beschreiben Sie das Problem.');
    const ok = await send({ _csrf: token, message: 'Der Kontrast im Diagramm ist zu schwach.', contact: 'leser@example.org' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/barrierefreiheit?gesendet=1#feedback');
    expect((await findFeedback(database.db)).rows[0]).toMatchObject({ message: 'Der Kontrast im Diagramm ist zu schwach.', contact: 'leser@example.org' });
    expect((await send({ message: 'ohne Token' })).status).toBe(403);
  });

  it('keeps the admin edit of Impressum and Datenschutz behind the sign-in', async () => {
    const response = await app.request('/admin/seiten/impressum');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toContain('/anmelden');
  });

  it('serves cached published pages while the database is down and a German 503 otherwise', async () => {
    const own = await createTestDatabase();
    const ownApp = createApp({ database: own });
    const cachedPaths = ['/portal', '/portal/zielvereinbarungen/2024/06439', '/portal/zielvereinbarungen/2024/06439/zielvereinbarung.pdf', '/opendata/agreements.csv'];
    const bodies = new Map<string, string>();
    for (const path of cachedPaths) {
      const response = await ownApp.request(path);
      expect(response.status).toBe(200);
      bodies.set(path, await response.text());
    }
    await own.close();
    // Let the next request check the publication stamp, which now fails: the cache must still serve.
    advanceClock(STAMP_MAX_AGE_MS + 1);
    for (const path of cachedPaths) {
      const response = await ownApp.request(path);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toBe(bodies.get(path));
    }
    const uncached = await ownApp.request('/portal/zielvereinbarungen/2025/06533');
    expect(uncached.status).toBe(503);
    expect(await uncached.text()).toContain('Die Datenbank ist zurzeit nicht erreichbar');
    releasePortalCache(own);
  });
});

describe('editable pages, licence and demo publications', () => {
  it('shows an edited Impressum and a changed open-data licence', async () => {
    const { id: adminId } = await buildUser(database, 'admin');
    await updatePortalPage(database.db, 'impressum', { title: 'Impressum', body: 'Neue Anschrift\nZeile zwei\n\nZweiter <b>Absatz</b>' }, adminId);
    await setOpenDataLicence(database.db, 'cc-by/4.0', adminId);
    invalidatePortalCache();
    const html = await (await app.request('/impressum')).text();
    expect(html).toContain('<p class="kern-body">Neue Anschrift<br/>Zeile zwei</p>');
    expect(html).toContain('Zweiter &lt;b&gt;Absatz&lt;/b&gt;');
    const catalog = (await (await app.request('/opendata/catalog.jsonld')).json()) as Record<string, any>;
    expect(catalog['dct:license']['@id']).toBe('http://dcat-ap.de/def/licenses/cc-by/4.0');
    await expect(setOpenDataLicence(database.db, 'proprietär', adminId)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(updatePortalPage(database.db, 'datenschutz', { title: '', body: 'x' }, adminId)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await setOpenDataLicence(database.db, 'dl-de/by-2-0', adminId);
  });

  it('marks demo publications with the banner and serves their frozen PDF', async () => {
    const demo = (await findAllPublished(database.db)).find((a) => a.isDemo);
    expect(demo).toBeDefined();
    const html = await (await app.request(`/portal/zielvereinbarungen/${demo!.year}/${demo!.ags}`)).text();
    expect(html).toContain('<p class="kern-title">Demodaten</p>');
    const pdf = new Uint8Array(await (await app.request(`/portal/zielvereinbarungen/${demo!.year}/${demo!.ags}/zielvereinbarung.pdf`)).arrayBuffer());
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(demo!.sha256);
  });
});
