import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import { buildAccounts, buildIssuedBescheid, buildProject, OTHER_AGS, OWN_AGS, type TestAccount } from '../../../tests/factories';
import { csrfPair } from '../../../tests/support/auth';
import { createTestDatabase } from '../../../tests/support/test-database';
import type { AppDatabase } from '../../platform/db/client';
import { readLedger } from './ledger';
import { getProof } from './proof';
import { refundLetter } from './letter/letter-model';
import { officialLetterText } from '../../platform/documents/official-letter';

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Record<'hmsi' | 'districtOwn' | 'districtOther' | 'rp' | 'admin', TestAccount>;
let csrf: { cookie: string; token: string };

beforeAll(async () => {
  database = await createTestDatabase();
  accounts = await buildAccounts(database);
  const project = await buildProject(database, { year: 2024, key: 'W1', title: 'Werkstatt' });
  await buildIssuedBescheid(database, { year: 2024, decidedOn: '2024-02-01', lines: [{ projectId: project.id, approvedCents: 20_000_00 }] });
  app = createApp({ database });
  csrf = await csrfPair(app);
});
afterAll(async () => {
  await database?.close();
});

const get = (who: TestAccount, path: string) => app.request(path, { headers: { authorization: `Bearer ${who.token}` } });
const post = (who: TestAccount, path: string, form: Record<string, string>) =>
  app.request(path, { method: 'POST', headers: { authorization: `Bearer ${who.token}`, cookie: csrf.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ ...form, _csrf: csrf.token }).toString() });
const api = (who: TestAccount, method: string, path: string, body?: unknown) =>
  app.request(path, { method, headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

const M = `/mittel/2024/${OWN_AGS}`;
const V = `/verwendungsnachweise/2024/${OWN_AGS}`;

describe('money path pages and API', () => {
  it('keeps districts apart: another district gets 404 on every page and API read', async () => {
    for (const path of [M, `${M}/zwischenzinsen`, V, `/api/v1/mittel/2024/${OWN_AGS}`, `/api/v1/verwendungsnachweise/2024/${OWN_AGS}`]) {
      expect((await get(accounts.districtOther, path)).status, path).toBe(404);
      expect((await get(accounts.districtOwn, path)).status, path).toBe(200);
    }
    expect((await post(accounts.districtOther, `${M}/abrufe`, { projekt: 'W1' })).status).toBe(404);
    expect((await api(accounts.districtOther, 'POST', `/api/v1/mittel/2024/${OWN_AGS}/abrufe`, {})).status).toBe(404);
    expect((await get(accounts.districtOther, '/foerderuebersicht')).status).toBe(403);
    expect((await get(accounts.hmsi, '/foerderuebersicht?jahr=2024')).status).toBe(200);
  });

  it('shows the two-month rule next to the field (422, input kept), then requests, pays out and reports the use', async () => {
    const refused = await post(accounts.districtOwn, `${M}/abrufe`, { projekt: 'W1', datum: '10.3.2024', betrag: '5.000,00', faellig_1_datum: '11.5.2024', faellig_1_betrag: '5.000,00', faellig_1_zweck: 'Honorare' });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('nicht innerhalb von zwei Monaten fällig');
    expect(html).toMatch(/id="feld-r-faellig_1_datum"[^>]*aria-describedby="feld-r-faellig_1_datum-fehler"|aria-describedby="feld-r-faellig_1_datum-fehler"[^>]*id="feld-r-faellig_1_datum"/);
    expect(html).toContain('value="11.5.2024"');
    const ok = await post(accounts.districtOwn, `${M}/abrufe`, { projekt: 'W1', datum: '10.3.2024', betrag: '5.000,00', faellig_1_datum: '10.5.2024', faellig_1_betrag: '5.000,00', faellig_1_zweck: 'Honorare' });
    expect(ok.status).toBe(303);
    const ledger = await readLedger(database.db, 2024, OWN_AGS);
    const requestId = ledger.requests[0]!.id;
    expect((await post(accounts.districtOwn, `${M}/abrufe/${requestId}/auszahlung`, { datum: '15.3.2024', betrag: '5.000,00' })).status).toBe(403);
    const over = await post(accounts.rp, `${M}/abrufe/${requestId}/auszahlung`, { datum: '15.3.2024', betrag: '5.000,01' });
    expect(over.status).toBe(422);
    expect(await over.text()).toContain('Offen sind aus diesem Abruf nur 5.000,00 €');
    expect((await post(accounts.rp, `${M}/abrufe/${requestId}/auszahlung`, { datum: '15.3.2024', betrag: '5.000,00' })).status).toBe(303);
    expect((await post(accounts.districtOwn, `${M}/verwendungen`, { projekt: 'W1', datum: '1.7.2024', betrag: '5.000,00', beschreibung: 'Honorare' })).status).toBe(303);
    const page = await (await get(accounts.hmsi, M)).text();
    expect(page).toContain('20.000,00 €');
    expect(page).toContain('15.000,00 €'); // verfügbar
    const interim = await (await get(accounts.rp, `${M}/zwischenzinsen?stichtag=1.7.2024`)).text();
    // 5.000 € paid 15.3., used 1.7.2024 (two months ended 15.5.): 107 days at 8,62 % + 1 day at 8,37 %, 1/366 → 127,15 €.
    expect(interim).toContain('127,15 €');
    const decided = await post(accounts.rp, `${M}/zwischenzinsen`, { projekt: 'W1', stichtag: '1.7.2024', version: '0', entscheidung: 'geltend', begruendung: 'Deutlich verspätet' });
    expect(decided.status).toBe(303);
    const viaApi = await (await api(accounts.districtOwn, 'GET', `/api/v1/mittel/2024/${OWN_AGS}`)).json();
    expect(viaApi.balances).toMatchObject({ approvedCents: 20_000_00, requestedCents: 5_000_00, paidCents: 5_000_00, usedCents: 5_000_00, availableCents: 15_000_00 });
    const apiRefused = await api(accounts.districtOwn, 'POST', `/api/v1/mittel/2024/${OWN_AGS}/abrufe`, { projectKey: 'W1', requestedOn: '2024-04-01', amountCents: 100, plannedUse: [{ dueOn: '2024-06-02', amountCents: 100, purpose: 'x' }] });
    expect(apiRefused.status).toBe(422);
    expect((await apiRefused.json()).error.issues.map((i: { code: string }) => i.code)).toEqual(['ZWEI_MONATS_REGEL', 'ABRUF_UEBER_BEDARF']);
  });

  it('takes the Verwendungsnachweis through submission, Prüfung and Rückforderung with the letter', async () => {
    const draft = await post(accounts.districtOwn, V, { version: '0', bericht_0: 'Werkstatt durchgeführt', plaetze_0: '10', ergebnisse_0: '7 Ausbildungen', ausgabe_0_0: '4.000,00', finanzierung_0_0: '4.000,00' });
    expect(draft.status).toBe(303);
    expect((await get(accounts.districtOwn, `${V}/einreichen`)).status).toBe(200);
    expect((await post(accounts.districtOwn, `${V}/einreichen`, { version: '1' })).status).toBe(303);
    expect((await post(accounts.districtOwn, `${V}/einreichen`, { version: '2' })).status).toBe(403);
    const badDate = await post(accounts.rp, `${V}/pruefung`, { version: '2', pruefvermerk: 'Geprüft', zinsende: '31.2.2024' });
    expect(badDate.status).toBe(422);
    expect((await post(accounts.rp, `${V}/pruefung`, { version: '2', pruefvermerk: 'Geprüft: Ausgaben unter Plan.', zinsende: '1.10.2024' })).status).toBe(303);
    const confirm = await (await get(accounts.rp, `${V}/rueckforderung`)).text();
    expect(confirm).toContain('1.000,00 €'); // 5.000 paid − 4.000 eligible
    expect((await post(accounts.rp, `${V}/rueckforderung`, { version: '3' })).status).toBe(303);
    const pdf = await get(accounts.districtOwn, `${V}/rueckforderung.pdf`);
    expect(pdf.status).toBe(200);
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    const docx = await get(accounts.rp, `${V}/rueckforderung.docx`);
    expect(docx.status).toBe(200);
    const overview = await (await api(accounts.hmsi, 'GET', '/api/v1/foerderuebersicht/2024')).json();
    expect(overview.rows.find((r: { ags: string }) => r.ags === OWN_AGS)).toMatchObject({ approvedCents: 20_000_00, paidCents: 5_000_00, usedCents: 5_000_00, refundedCents: 1_000_00 });
    expect(overview.total.refundedCents).toBe(1_000_00);
    const csv = await (await get(accounts.rp, '/foerderuebersicht/2024/foerderuebersicht.csv')).text();
    expect(csv).toContain('Land Hessen');
    expect((await get(accounts.districtOwn, `/verwendungsnachweise/2024/${OTHER_AGS}/rueckforderung.pdf`)).status).toBe(404);
    // The letter's text (data mapping): amounts, the interest periods and the Rechtsbehelfsbelehrung.
    const proof = await getProof(database.db, 2024, OWN_AGS);
    const letter = officialLetterText(refundLetter(proof.refund!));
    expect(letter).toContain('Regierungspräsidium Kassel');
    expect(letter).toContain('Der überzahlte Betrag von 1.000,00 € ist zu erstatten.');
    expect(letter).toMatch(/W1 15\.3\.2024 1\.000,00 € 16\.3\.2024 – 30\.6\.2024 107 8,62 %/);
    expect(letter).toContain('Rechtsbehelfsbelehrung');
    // The calendar (and so the e-mail reminders) shows the Verwendungsnachweis deadline of the Bescheid, done.
    const calendar = await (await get(accounts.districtOwn, '/kalender?jahr=2024')).text();
    expect(calendar).toContain('Verwendungsnachweis 2024 einreichen');
    expect(calendar).toContain('erledigt: eingereicht');
  });
});
