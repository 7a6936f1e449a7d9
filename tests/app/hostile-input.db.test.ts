import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app';
import { createDraft } from '../../src/modules/agreements/service';
import type { AppDatabase } from '../../src/platform/db/client';
import { describeErrorForLog } from '../../src/platform/errors';
import { createTestDatabase } from '../support/test-database';
import { buildAccounts as createTestAccounts, OWN_AGS, setAllocation, type TestAccount } from '../factories';
import { csrfPair } from '../support/auth';

/**
 * Issue 11, input defects against the real app and database: NUL and lone surrogates gave 500,
 * a 2,700-character Teilbudget name gave 500, characters the font lacks made a signed agreement
 * unpublishable, and failed queries logged the request's data.
 */

const YEAR = 2025;
const A = `/zielvereinbarungen/${YEAR}/${OWN_AGS}`;
const API = `/api/v1/agreements/${YEAR}/${OWN_AGS}`;
/** Kreis Groß-Gerau: no agreement for 2025 in the test database. */
const LEGACY_AGS = '06433';

let database: AppDatabase;
let accounts: Record<'hmsi' | 'districtOwn' | 'districtOther' | 'rp' | 'admin', TestAccount>;
let app: ReturnType<typeof createApp>;
let csrf: { cookie: string; token: string };

beforeAll(async () => {
  database = await createTestDatabase();
  accounts = await createTestAccounts(database);
  await setAllocation(database, YEAR, OWN_AGS, 500_000_00);
  await setAllocation(database, YEAR, LEGACY_AGS, 400_000_00);
  await createDraft(database, accounts.hmsi.actor, { year: YEAR, ags: OWN_AGS });
  app = createApp({ database });
  csrf = await csrfPair(app);
});
afterAll(async () => {
  await database?.close();
});

async function form(account: TestAccount | null, path: string, fields: Record<string, string>) {
  const headers: Record<string, string> = { cookie: csrf.cookie, 'content-type': 'application/x-www-form-urlencoded' };
  if (account) headers.authorization = `Bearer ${account.token}`;
  return app.request(path, { method: 'POST', headers, body: new URLSearchParams({ ...fields, _csrf: csrf.token }).toString() });
}

async function json(account: TestAccount, method: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, { method, headers: { authorization: `Bearer ${account.token}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

async function version(ags = OWN_AGS): Promise<number> {
  const result = await database.db.execute(sql`select current_version as v from agreements where year = ${YEAR} and ags = ${ags}`);
  return Number((result as unknown as { rows: { v: number }[] }).rows[0]!.v);
}

function interchange(title: string, ags = OWN_AGS, name = 'Rheingau-Taunus-Kreis') {
  return {
    schema: 'aqb.zielvereinbarung/1',
    year: YEAR,
    district: { ags, name },
    amountCents: 500_000_00,
    measures: [1, 2, 3, 4].map((type) => ({ type, projects: type === 1 ? [{ title }] : [] })),
    signatures: { land: null, district: null },
  };
}

// NUL, a lone high and a lone low surrogate (JSON can carry them; a form carries NUL).
const BROKEN = ['Projekt\u0000Null', 'Projekt \ud800 halb', 'Projekt \udfff halb'];

describe('NUL and lone surrogates are refused at the schema with 422, never 500', () => {
  it('in API project titles and signature names', async () => {
    for (const bad of BROKEN) {
      const put = await json(accounts.hmsi, 'PUT', API, interchange(bad), { 'if-match': `"${await version()}"` });
      expect(put.status, JSON.stringify(bad)).toBe(422);
      const body = (await put.json()) as { error: { issues: { path: string; message: string }[] } };
      expect(body.error.issues.some((i) => i.path === 'measures.0.projects.0.title' && /Nullzeichen|ungültige Zeichenkodierung/.test(i.message))).toBe(true);
      const signature = await json(accounts.hmsi, 'POST', `${API}/signatures`, { party: 'land', version: await version(), signature: { place: 'Wiesbaden', date: '2025-03-10', name: bad, title: 'Staatsministerin' } });
      expect(signature.status).toBe(422);
    }
  });

  it('in the edit form, the signature form, Teilbudget names and texts, the feedback form', async () => {
    for (const bad of ['Null\u0000Zeichen', 'Glocke\u0007']) {
      const edit = await form(accounts.hmsi, `${A}/bearbeiten`, { version: String(await version()), betrag: '500.000', projekte_1: bad, projekte_2: '', projekte_3: '', projekte_4: '' });
      expect(edit.status).toBe(422);
      const sign = await form(accounts.hmsi, `${A}/unterschrift`, { partei: 'land', version: String(await version()), ort: 'Wiesbaden', datum: '10.03.2025', name: bad, amt: 'Staatsministerin' });
      expect(sign.status).toBeLessThan(500);
      expect(sign.status).not.toBe(303);
      const subBudget = await form(accounts.hmsi, `/jahre/${YEAR}/teilbudgets`, { name: bad, amount: '1.000', paragraphText: 'Ein Text.' });
      expect(subBudget.status).toBe(422);
      expect(await subBudget.text()).toMatch(/Nullzeichen \(U\+0000\)|Steuerzeichen \(U\+0007\)/);
      const subBudgetText = await form(accounts.hmsi, `/jahre/${YEAR}/teilbudgets`, { name: 'Teilbudget X', amount: '1.000', paragraphText: bad });
      expect(subBudgetText.status).toBe(422);
      const feedback = await form(null, '/barrierefreiheit/rueckmeldung', { message: bad });
      expect(feedback.status).toBe(422);
    }
    const rows = await database.db.execute(sql`select count(*)::int as n from sub_budgets where year = ${YEAR}`);
    expect(Number((rows as unknown as { rows: { n: number }[] }).rows[0]!.n)).toBe(0);
  });

  it('in a URL: %00 and broken percent-encoding in paths and queries never give 500', async () => {
    const paths = [
      '/portal/zielvereinbarungen?q=%00',
      '/portal/zielvereinbarungen?q=%ED%A0%80',
      '/zielvereinbarungen?ags=%00',
      '/zielvereinbarungen?status=%00&jahr=%00',
      '/zielvereinbarungen/2025/0643%00',
      '/zielvereinbarungen/vergleich?ags=%00&von=2024&zu=2025',
      '/portal/zielvereinbarungen/2025/%00',
      '/anmelden?weiter=%00',
      '/jahre/2025%00',
      '/api/v1/agreements?ags=%00',
      '/%00',
      '/%E0%A4%A',
      '/vorlagen/2025?ags=%00',
    ];
    for (const path of paths) {
      const response = await app.request(path, { headers: { authorization: `Bearer ${accounts.hmsi.token}` } });
      expect(response.status, path).toBeLessThan(500);
    }
    const query = await app.request('/portal/zielvereinbarungen?q=%00');
    expect(query.status).toBe(422);
    expect(await query.text()).toContain('unzulässige Steuerzeichen');
  });
});

describe('every text field has a maximum length', () => {
  it('refuses a 2,700-character Teilbudget name and an over-long feedback message with 422', async () => {
    const long = 'T'.repeat(2700);
    const subBudget = await form(accounts.hmsi, `/jahre/${YEAR}/teilbudgets`, { name: long, amount: '1.000', paragraphText: 'Ein Text.' });
    expect(subBudget.status).toBe(422);
    expect(await subBudget.text()).toContain('Höchstens 200 Zeichen');
    const feedback = await form(null, '/barrierefreiheit/rueckmeldung', { message: 'x'.repeat(5001) });
    expect(feedback.status).toBe(422);
  });
});

describe('characters the documents’ fonts lack', () => {
  const UNSUPPORTED: Array<[string, string]> = [
    ['Projekt 漢字', '„漢“ (U+6F22)'],
    ['Ｆörderkurs', '„Ｆ“ (U+FF26)'],
    ['Kurs 👍🏽', '„👍“ (U+1F44D)'],
    ['Familie 👨‍👩‍👧', '„👨“ (U+1F468)'],
    ['Flagge 🇩🇪', '„🇩“ (U+1F1E9)'],
    ['Steuer\u0001zeichen', 'Steuerzeichen (U+0001)'],
  ];

  it('are refused at input with a German message naming the character (API and edit form)', async () => {
    for (const [title, named] of UNSUPPORTED) {
      const put = await json(accounts.hmsi, 'PUT', API, interchange(title), { 'if-match': `"${await version()}"` });
      expect(put.status, title).toBe(422);
      expect(JSON.stringify(await put.json())).toContain(named);
      const edit = await form(accounts.hmsi, `${A}/bearbeiten`, { version: String(await version()), betrag: '500.000', projekte_1: title, projekte_2: '', projekte_3: '', projekte_4: '' });
      expect(edit.status).toBe(422);
      expect(await edit.text()).toContain(named);
    }
    // German and European Latin text with typographic punctuation, € and § still passes.
    const fine = await json(accounts.hmsi, 'PUT', API, interchange('„Łódź–Brașov“ – Ausbildung § 4, 1.000 € …'), { 'if-match': `"${await version()}"` });
    expect(fine.status).toBe(200);
  });

  it('already stored text cannot strand a signed agreement: it publishes (fallback fonts), and the PDF shows the text', async () => {
    // An agreement saved before the input rule: its stored content holds every kind of character.
    await createDraft(database, accounts.hmsi.actor, { year: YEAR, ags: LEGACY_AGS });
    const legacy = {
      ...interchange('Altbestand Ελλάδα 漢字 👍🏽 🇩🇪 Ｆ\u0007Ende', LEGACY_AGS, 'Groß-Gerau'),
      signatures: {
        land: { place: 'Wiesbaden', date: '2025-03-10', name: 'Heike Hofmann 🙂', title: 'Staatsministerin' },
        district: { place: 'Limburg', date: '2025-03-12', name: 'Michael Köberle', title: 'Landrat' },
      },
    };
    await database.db.execute(sql`
      update agreement_versions set content = ${JSON.stringify(legacy)}::jsonb
      where agreement_id = (select id from agreements where year = ${YEAR} and ags = ${LEGACY_AGS}) and version = 1`);
    await database.db.execute(sql`update agreements set status = 'unterzeichnet' where year = ${YEAR} and ags = ${LEGACY_AGS}`);

    const publish = await json(accounts.hmsi, 'POST', `/api/v1/agreements/${YEAR}/${LEGACY_AGS}/transitions`, { to: 'veroeffentlicht', version: await version(LEGACY_AGS) });
    expect(publish.status).toBe(200);
    expect(((await publish.json()) as { status: string }).status).toBe('veroeffentlicht');

    const pdf = await app.request(`/portal/zielvereinbarungen/${YEAR}/${LEGACY_AGS}/zielvereinbarung.pdf`);
    expect(pdf.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'aqb-legacy-'));
    const file = join(dir, 'zv.pdf');
    writeFileSync(file, new Uint8Array(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    // Greek and emoji come from Noto Sans / Noto Emoji; CJK and full-width letters (no shipped
    // font) become U+FFFD; the control character is dropped.
    expect(text).toContain('Altbestand Ελλάδα');
    expect(text).toContain('\ufffd\ufffd');
    expect(text).toContain('Ende');
    expect(text).not.toContain('\u0007');
  });
});

describe('logs', () => {
  it('a failed query is logged without its bound parameters (request data)', async () => {
    let failure: unknown;
    try {
      await database.db.execute(sql`select ${'Vertraulicher Projekttitel\u0000'}::text`);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(Error);
    expect(String(failure)).toContain('Vertraulicher Projekttitel');
    const logged = JSON.stringify(describeErrorForLog(failure));
    expect(logged).not.toContain('Vertraulicher Projekttitel');
    expect(logged).toContain('params: [entfernt]');
  });
});
