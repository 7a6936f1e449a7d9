import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app';
import { runCli } from '../../src/app/cli/main';
import { TestClient } from '../../src/modules/access/testing/http-client';
import { buildUser } from '../factories';
import { generateTotpCode } from '../../src/modules/access/totp';
import { createApiToken } from '../../src/modules/access/service';
import { composeAgreement, defaultTemplate, renderText } from '../../src/modules/documents/service';
import type { AgreementInterchange } from '../../src/modules/documents/schema';
import { loadShippedDistricts } from '../../src/modules/districts/service';
import type { AppDatabase } from '../../src/platform/db/client';
import { createTestDatabase } from '../support/test-database';
import { TODAY } from '../support/dates';

/**
 * A signed agreement cannot change through any path: the edit page, the JSON API, the import
 * page and `aqb import --save` all leave its content and its versions exactly as they were.
 * Rheingau-Taunus-Kreis 2024 (seeded: published) and a freshly signed agreement are the subjects.
 */

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let hmsi: TestClient;
let token: string;

async function snapshot(year: number, ags: string) {
  const result = (await database.db.execute(
    sql`select a.status, a.current_version as v, (select count(*)::int from agreement_versions where agreement_id = a.id) as versions, cv.content
        from agreements a join agreement_versions cv on cv.agreement_id = a.id and cv.version = a.current_version
        where a.year = ${year} and a.ags = ${ags}`,
  )) as unknown as { rows: { status: string; v: number; versions: number; content: AgreementInterchange }[] };
  return result.rows[0]!;
}

/** Puts the Landkreis Offenbach 2025 into `unterzeichnet` through the real workflow. */
async function signAgreement(): Promise<void> {
  const api = (method: string, path: string, body: unknown) =>
    app.request(`http://localhost${path}`, { method, body: JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  await database.db.execute(sql`insert into allocations (year, ags, amount_cents, source) values (2025, '06438', 0, 'test') on conflict do nothing`);
  expect((await api('POST', '/api/v1/agreements', { year: 2025, ags: '06438' })).status).toBe(201);
  const path = '/api/v1/agreements/2025/06438';
  let version = (await snapshot(2025, '06438')).v;
  for (const to of ['in_abstimmung', 'zur_unterschrift']) {
    expect((await api('POST', `${path}/transitions`, { to, version })).status).toBe(200);
    version++;
  }
  expect((await api('POST', `${path}/signatures`, { party: 'land', version, signature: { place: 'Wiesbaden', date: TODAY, name: 'Heike Hofmann', title: 'Staatsministerin' } })).status).toBe(200);
  const district = await buildUser(database, 'district', { ags: '06438' });
  const { token: districtToken } = await database.db.transaction((tx) => createApiToken(tx, district.id, 'Kreis'));
  const signed = await app.request(`http://localhost${path}/signatures`, {
    method: 'POST',
    body: JSON.stringify({ party: 'district', version: version + 1, signature: { place: 'Dietzenbach', date: TODAY, name: 'Oliver Quilling', title: 'Landrat' } }),
    headers: { authorization: `Bearer ${districtToken}`, 'content-type': 'application/json' },
  });
  expect(signed.status).toBe(200);
  expect((await snapshot(2025, '06438')).status).toBe('unterzeichnet');
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  const user = await buildUser(database, 'hmsi', { totp: true });
  hmsi = new TestClient(app);
  await hmsi.post('/anmelden', { email: user.email, password: user.password });
  await hmsi.post('/anmelden/code', { code: await generateTotpCode(user.totpSecret!) });
  ({ token } = await database.db.transaction((tx) => createApiToken(tx, user.id, 'Test')));
  await signAgreement();
});
afterAll(async () => {
  await database?.close();
});

describe('a signed agreement cannot change', () => {
  it('through the edit page or the JSON API (403, nothing written)', async () => {
    for (const [year, ags] of [[2025, '06438'], [2024, '06439']] as const) {
      const before = await snapshot(year, ags);
      const form = await hmsi.post(`/zielvereinbarungen/${year}/${ags}/bearbeiten`, { version: String(before.v), betrag: '1,00', projekte_1: 'Unterschoben', projekte_2: '', projekte_3: '', projekte_4: '' });
      expect(form.status).toBe(403);
      const changed = { ...before.content, amountCents: 1_00 };
      const put = await app.request(`http://localhost/api/v1/agreements/${year}/${ags}`, {
        method: 'PUT',
        body: JSON.stringify(changed),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': `"${before.v}"` },
      });
      expect(put.status).toBe(403);
      expect(await snapshot(year, ags)).toEqual(before);
    }
  });

  it('through an import on the page or on the command line (refused; a published one only gains a Nachtrag draft)', async () => {
    const before = await snapshot(2025, '06438');
    const district = loadShippedDistricts().find((d) => d.ags === '06438')!;
    const text = renderText(composeAgreement({ agreement: { ...before.content, amountCents: 123_00 }, district, template: defaultTemplate(2025) }));
    const dir = mkdtempSync(join(tmpdir(), 'aqb-signed-'));
    writeFileSync(join(dir, 'offenbach.txt'), text);
    const out: string[] = [];
    const code = await runCli(['import', join(dir, 'offenbach.txt'), '--save', '--json'], { out: (t) => void out.push(t), err: (t) => void out.push(t) }, { DATABASE_URL: 'memory://' }, {
      runtime: async () => ({ database, close: async () => {} }),
    });
    expect(code).toBe(1);
    expect(out.join('')).toContain('im Status „Unterzeichnet“');
    expect(await snapshot(2025, '06438')).toEqual(before);

    // The import page: upload, then "Speichern" with the recognised values.
    const form = new FormData();
    form.set('_csrf', hmsi.csrf());
    form.append('dateien', new File([text], 'offenbach.txt', { type: 'text/plain' }));
    const cookie = [...hmsi.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const upload = await app.request('http://localhost/import', { method: 'POST', body: form, headers: { cookie } });
    expect(upload.status).toBe(303);
    const page = await (await hmsi.get(upload.headers.get('location')!)).text();
    const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    const fields = Object.fromEntries([...page.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, unescape(m[2]!)]));
    const textareas = Object.fromEntries([...page.matchAll(/<textarea[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)].map((m) => [m[1]!, unescape(m[2]!)]));
    const selects = Object.fromEntries([...page.matchAll(/<select[^>]*name="([^"]+)"[\s\S]*?<option value="([^"]*)" selected/g)].map((m) => [m[1]!, m[2]!]));
    delete fields._csrf;
    const saved = await hmsi.post(upload.headers.get('location')!, { ...fields, ...textareas, ...selects });
    expect(saved.status).toBe(422);
    expect(await saved.text()).toContain('im Status „Unterzeichnet“');
    expect(await snapshot(2025, '06438')).toEqual(before);

    const published = await snapshot(2024, '06439');
    const rtk = loadShippedDistricts().find((d) => d.ags === '06439')!;
    writeFileSync(join(dir, 'rtk.txt'), renderText(composeAgreement({ agreement: { ...published.content, amountCents: 1_00 }, district: rtk, template: defaultTemplate(2024) })));
    expect(await runCli(['import', join(dir, 'rtk.txt'), '--save'], { out: () => {}, err: () => {} }, { DATABASE_URL: 'memory://' }, { runtime: async () => ({ database, close: async () => {} }) })).toBe(0);
    const after = await snapshot(2024, '06439');
    expect(after.status).toBe('entwurf');
    // The published version and its frozen PDF are untouched.
    const version = (await database.db.execute(
      sql`select content from agreement_versions v join agreements a on a.id = v.agreement_id where a.year = 2024 and a.ags = '06439' and v.version = ${published.v}`,
    )) as unknown as { rows: { content: AgreementInterchange }[] };
    expect(version.rows[0]!.content).toEqual(published.content);
    const pdf = (await app.request('http://localhost/portal/zielvereinbarungen/2024/06439/zielvereinbarung.pdf'));
    expect(pdf.status).toBe(200);
  });
});
