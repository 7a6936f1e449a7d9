import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import { applyDemoSetting } from '../../app/setup-database';
import type { AppDatabase } from '../../platform/db/client';
import { TestClient } from '../access/testing/http-client';
import { findCalendarEntries } from '../calendar/service';
import { findTasks } from '../tasks/service';
import { buildAccounts, OTHER_AGS, OWN_AGS, type RoleKey } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import { fieldName } from './answers';
import { exportHeader } from './export';
import { interchangeOf } from './interchange';
import { findSurveys, getResponseRecord, getSurveyRecord } from './service';
import { DEMO_SURVEY_DEFINITION } from './use-cases/demo';

/**
 * Surveys through HTTP on a real database (PGlite, and PostgreSQL with TEST_DATABASE_URL): the
 * ministry builds a survey with a matrix and a conditional question in the editor forms and sends
 * it; two people of one district edit the ONE shared response (a stale save is a conflict that
 * shows both versions and overwrites nothing), submit once, the ministry reopens; another district
 * gets 404; the exports keep their header across a copy and an aqb.umfrage/1 round trip; every
 * write is audited; the deadline is in the calendar.
 */

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
const client = (role: RoleKey) => new TestClient(app, 'http://localhost', { authorization: `Bearer ${accounts[role].token}` });

async function auditCount(action: string): Promise<number> {
  const result = (await database.db.execute(sql`select count(*)::int as n from audit_events where action = ${action}`)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}
const idFrom = (location: string | null) => Number(/\/umfragen\/(\d+)/.exec(location ?? '')![1]);
const TODAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());
const deDate = (iso: string) => `${Number(iso.slice(8, 10))}.${Number(iso.slice(5, 7))}.${iso.slice(0, 4)}`;

beforeAll(async () => {
  database = await createTestDatabase();
  accounts = await buildAccounts(database);
  app = createApp({ database });
});
afterAll(async () => {
  await database?.close();
});

describe('surveys: build, send, answer, submit, reopen, export', () => {
  let id: number;
  const hmsi = () => client('hmsi');

  it('the ministry builds a survey in the editor forms (sections, a choice, a conditional number, a matrix)', async () => {
    const created = await hmsi().post('/umfragen', { jahr: '2025', titel: 'Umfrage Teilzeit', beschreibung: '' });
    expect(created.status).toBe(303);
    id = idFrom(created.headers.get('location'));
    let version = (await getSurveyRecord(database.db, id)).version;
    expect((await hmsi().post(`/umfragen/${id}/bearbeiten`, { version: String(version), aktion: 'abschnitt_neu', abschnitt_titel: 'Angebote' })).status).toBe(303);
    version += 1;
    const question = (fields: Record<string, string>) => hmsi().post(`/umfragen/${id}/fragen/neu`, { version: String(version++), abschnitt: '0', ...fields });
    expect((await question({ variable: 'f1', text: 'Teilzeit?', typ: 'single', pflicht: '1', optionen: '1 = Ja\n2 = Nein' })).status).toBe(303);
    expect((await question({ variable: 'f2', text: 'Wie viele Plätze?', typ: 'number', pflicht: '1', min: '0', max: '50', ganzzahl: '1', einheit: 'Plätze', bedingung_variable: 'f1', bedingung_wert: '1' })).status).toBe(303);
    expect((await question({ variable: 'f3', text: 'Zusammenarbeit mit', typ: 'matrix', aussagen: 'jc = Jobcenter\naa = Agentur', skala: '' })).status).toBe(303);
    expect((await question({ variable: 'f4', text: 'Anregungen', typ: 'longtext' })).status).toBe(303);
    const survey = await getSurveyRecord(database.db, id);
    expect(exportHeader(survey.definition).slice(4)).toEqual(['f1', 'f2', 'f3_jc', 'f3_aa', 'f4']);
    expect(survey.definition.sections[0]!.questions[1]).toMatchObject({ condition: { variable: 'f1', equals: 1 }, unit: 'Plätze', min: 0, max: 50 });
    expect(await auditCount('survey.definition.update')).toBe(5);
  });

  it('refuses a broken question with German messages next to the fields (422), nothing saved', async () => {
    const version = (await getSurveyRecord(database.db, id)).version;
    const response = await hmsi().post(`/umfragen/${id}/fragen/neu`, { version: String(version), abschnitt: '0', variable: 'f1', text: 'Doppelt', typ: 'scale', skala: 'a\nb' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('Eine Skala braucht genau fünf Zeilen (1 bis 5), hier sind es 2.');
    expect(html).toContain('value="Doppelt"');
    const duplicate = await hmsi().post(`/umfragen/${id}/fragen/neu`, { version: String(version), abschnitt: '0', variable: 'f1', text: 'Doppelt', typ: 'text' });
    expect(duplicate.status).toBe(422);
    expect(await duplicate.text()).toContain('Den Variablennamen „f1“ hat schon eine andere Frage.');
    expect((await getSurveyRecord(database.db, id)).version).toBe(version);
    // A stale editor form (another person of the ministry saved in between) changes nothing.
    const stale = await hmsi().post(`/umfragen/${id}/bearbeiten`, { version: String(version - 1), aktion: 'frage_entfernen', variable: 'f4' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('Die Umfrage wurde inzwischen geändert');
    expect((await getSurveyRecord(database.db, id)).definition.sections[0]!.questions.map((q) => q.variable)).toEqual(['f1', 'f2', 'f3', 'f4']);
  });

  it('sends after a confirmation page, to a chosen subset', async () => {
    const version = (await getSurveyRecord(database.db, id)).version;
    const form = { version: String(version), oeffnung: deDate(TODAY), frist: '31.12.2099', empfaenger: 'auswahl', [`gk_${OWN_AGS}`]: '1', [`gk_${OTHER_AGS}`]: '1' };
    const confirm = await hmsi().post(`/umfragen/${id}/versenden`, form);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Umfrage jetzt versenden?');
    expect((await getSurveyRecord(database.db, id)).status).toBe('entwurf');
    const sent = await hmsi().post(`/umfragen/${id}/versenden`, { ...form, bestaetigt: '1', oeffnung: TODAY, frist: '2099-12-31' });
    expect(sent.status).toBe(303);
    const survey = await getSurveyRecord(database.db, id);
    expect(survey).toMatchObject({ status: 'versandt', recipients: [OWN_AGS, OTHER_AGS].sort(), deadline: '2099-12-31' });
    expect(await auditCount('survey.send')).toBe(1);
    // Frozen: the editor refuses.
    const late = await hmsi().post(`/umfragen/${id}/bearbeiten`, { version: String(survey.version), aktion: 'abschnitt_neu', abschnitt_titel: 'Zu spät' });
    expect(late.status).toBe(409);
  });

  it('the deadline is in the calendar of the district (open) and of the ministry, not of RP', async () => {
    const own = await findCalendarEntries(database.db, accounts.districtOwn.actor, { year: 2025 }, TODAY);
    expect(own.filter((e) => e.kind === 'survey')).toMatchObject([{ id: `umfrage-${id}-${OWN_AGS}`, date: '2099-12-31', isDeadline: true, isDone: false, href: `/umfragen/${id}/antwort/${OWN_AGS}` }]);
    expect((await findCalendarEntries(database.db, accounts.hmsi.actor, { year: 2025 }, TODAY)).filter((e) => e.kind === 'survey')).toHaveLength(2);
    expect((await findCalendarEntries(database.db, accounts.rp.actor, { year: 2025 }, TODAY)).filter((e) => e.kind === 'survey')).toHaveLength(0);
    // … and in "Meine Aufgaben" of the district.
    expect((await findTasks(database.db, accounts.districtOwn.actor)).filter((t) => t.kind === 'survey')).toMatchObject([{ detail: 'Umfrage Teilzeit', dueOn: '2099-12-31', href: `/umfragen/${id}/antwort/${OWN_AGS}` }]);
  });

  it('isolates districts: another district gets 404 for the response; RP and admin 403', async () => {
    const path = `/umfragen/${id}/antwort/${OWN_AGS}`;
    expect((await client('districtOther').get(path)).status).toBe(404);
    expect((await client('districtOther').post(path, { version: '1', [fieldName('f1')]: '2' })).status).toBe(404);
    expect((await client('rp').get(path)).status).toBe(403);
    expect((await client('admin').get(path)).status).toBe(403);
    expect((await client('rp').get('/umfragen')).status).toBe(403);
    expect((await client('districtOwn').get(`/umfragen/${id}/ergebnisse`)).status).toBe(403);
    expect((await client('districtOwn').get(`/api/v1/umfragen/${id}/antworten/${OTHER_AGS}`)).status).toBe(404);
  });

  it('two people edit the one shared response: the stale save is a conflict with both versions, nothing overwritten', async () => {
    const path = `/umfragen/${id}/antwort/${OWN_AGS}`;
    const page = await client('districtOwn').get(path);
    expect(await page.text()).toContain('0 von 3 Fragen beantwortet');
    const first = await client('districtOwn').post(path, { version: '1', [fieldName('f1')]: '1', [fieldName('f2')]: '12', [fieldName('f3', 'jc')]: '4' });
    expect(first.status).toBe(303);
    const stale = await client('districtOwn').post(path, { version: '1', [fieldName('f1')]: '2', [fieldName('f2')]: '30', [fieldName('f4')]: 'Meine Anregung' });
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain('Jemand aus Ihrer Gebietskörperschaft hat die Antwort inzwischen gespeichert');
    expect(html).toContain('Meine Anregung');
    expect(html).toMatch(/Teilzeit\?<\/th><td class="kern-table__cell" data-label="[^"]+">Nein<\/td><td class="kern-table__cell" data-label="[^"]+">Ja<\/td>/);
    expect(html).toContain('name="version" value="2"');
    const stored = await getResponseRecord(database.db, id, OWN_AGS);
    expect(stored).toMatchObject({ version: 2, answers: { f1: 1, f2: 12, f3: { jc: 4 } } });
    expect(await auditCount('survey.response.save')).toBe(1);
  });

  it('drops the answer of a conditional question whose condition does not hold; bad values are 422 with the input kept', async () => {
    const path = `/umfragen/${id}/antwort/${OWN_AGS}`;
    const bad = await client('districtOwn').post(path, { version: '2', [fieldName('f1')]: '1', [fieldName('f2')]: '99' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Die Zahl darf nicht größer als 50 sein.');
    expect(html).toContain('aria-describedby="feld-a_f2-bedingung feld-a_f2-fehler"');
    expect(html).toContain('value="99"');
    expect((await client('districtOwn').post(path, { version: '2', [fieldName('f1')]: '2', [fieldName('f2')]: '99', [fieldName('f3', 'jc')]: '4', [fieldName('f3', 'aa')]: '2' })).status).toBe(303);
    expect((await getResponseRecord(database.db, id, OWN_AGS)).answers).toEqual({ f1: 2, f3: { jc: 4, aa: 2 } });
  });

  it('submits once after the confirmation page; then it is read-only; the ministry reopens it', async () => {
    const path = `/umfragen/${id}/antwort/${OWN_AGS}`;
    expect(await (await client('districtOwn').get(`${path}/einreichen`)).text()).toContain('Ja, jetzt einreichen');
    expect((await client('districtOwn').post(`${path}/einreichen`, { version: '3' })).status).toBe(303);
    expect((await getResponseRecord(database.db, id, OWN_AGS)).status).toBe('eingereicht');
    // A submitted response is no draft any more: the state refuses (409 with the reason), the role is fine.
    const again = await client('districtOwn').post(`${path}/einreichen`, { version: '4' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('Die Antwort ist eingereicht.');
    expect((await client('districtOwn').post(path, { version: '4', [fieldName('f1')]: '1' })).status).toBe(409);
    expect(await (await client('districtOwn').get(path)).text()).not.toContain('Entwurf speichern');
    expect((await client('districtOwn').post(`${path}/wieder-oeffnen`, { version: '4' })).status).toBe(403);
    expect(await (await client('hmsi').get(`${path}/wieder-oeffnen`)).text()).toContain('Ja, wieder öffnen');
    expect((await client('hmsi').post(`${path}/wieder-oeffnen`, { version: '4' })).status).toBe(303);
    expect((await getResponseRecord(database.db, id, OWN_AGS)).status).toBe('entwurf');
    expect((await client('districtOwn').post(`${path}/einreichen`, { version: '5' })).status).toBe(303);
    expect([await auditCount('survey.response.submit'), await auditCount('survey.response.reopen')]).toEqual([2, 1]);
  });

  it('refuses to submit while a required question is open, naming it', async () => {
    const path = `/umfragen/${id}/antwort/${OTHER_AGS}`;
    const response = await client('districtOther').post(`${path}/einreichen`, { version: '1' });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('Teilzeit?: Bitte beantworten Sie diese Pflichtfrage.');
    expect((await getResponseRecord(database.db, id, OTHER_AGS)).status).toBe('entwurf');
  });

  it('shows results with the response rate and who is missing; exports CSV, codebook, XLSX', async () => {
    const page = await (await client('hmsi').get(`/umfragen/${id}/ergebnisse`)).text();
    expect(page).toContain('1 von 2 Antworten eingereicht (50 %)');
    expect(page).toContain('fehlt (noch nicht begonnen)');
    expect(page).toContain('role="img"');
    const csv = await (await client('hmsi').get(`/umfragen/${id}/export.csv`)).text();
    expect(csv.replace(/^\uFEFF/, '').split('\r\n').slice(0, 3)).toEqual([
      'ags;gebietskoerperschaft;status;eingereicht_am;f1;f2;f3_jc;f3_aa;f4',
      `${OWN_AGS};Rheingau-Taunus-Kreis;eingereicht;${TODAY};2;;4;2;`,
      `${OTHER_AGS};Limburg-Weilburg;entwurf;;;;;;`,
    ]);
    const xlsx = await client('hmsi').get(`/umfragen/${id}/export.xlsx`);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    expect((await (await client('hmsi').get(`/umfragen/${id}/codebuch.csv`)).text()).split('\r\n')[2]).toBe('f2;Wie viele Plätze?;Zahl;;"Einheit Plätze; Bereich 0 bis 50; ganze Zahl; nur wenn f1 = 1"');
  });

  it('copies to the next year with the same export header, and compares the two', async () => {
    const copied = await client('hmsi').post(`/umfragen/${id}/kopieren`, { jahr: '2026' });
    expect(copied.status).toBe(303);
    const copy = await getSurveyRecord(database.db, idFrom(copied.headers.get('location')));
    expect(copy).toMatchObject({ year: 2026, status: 'entwurf', copiedFromId: id });
    expect(exportHeader(copy.definition)).toEqual(exportHeader((await getSurveyRecord(database.db, id)).definition));
    const compare = await client('hmsi').get(`/umfragen/${copy.id}/vergleich?mit=${id}`);
    expect(compare.status).toBe(200);
    expect(await compare.text()).toContain('Nein: 1');
  });

  it('aqb.umfrage/1 round trip through the API: export → import → same header', async () => {
    const doc = await (await client('hmsi').get(`/umfragen/${id}/umfrage.json`)).json();
    expect(doc.schema).toBe('aqb.umfrage/1');
    const imported = await app.request('/api/v1/umfragen', { method: 'POST', headers: { authorization: `Bearer ${accounts.hmsi.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ year: 2027, umfrage: doc }) });
    expect(imported.status).toBe(201);
    const body = await imported.json();
    expect(exportHeader((await getSurveyRecord(database.db, body.id)).definition)).toEqual(exportHeader((await getSurveyRecord(database.db, id)).definition));
    expect((await app.request('/api/v1/umfragen', { method: 'POST', headers: { authorization: `Bearer ${accounts.districtOwn.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ year: 2027, umfrage: doc }) })).status).toBe(403);
    const broken = await app.request('/api/v1/umfragen', { method: 'POST', headers: { authorization: `Bearer ${accounts.hmsi.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ year: 2027, umfrage: { ...doc, schema: 'x' } }) });
    expect(broken.status).toBe(422);
    expect((await broken.json()).error.issues[0].path).toBe('umfrage.schema');
  });

  it('answers through the API with If-Match; a stale version is 409', async () => {
    const survey = await getSurveyRecord(database.db, id);
    const path = `/api/v1/umfragen/${survey.id}/antworten/${OTHER_AGS}`;
    const auth = { authorization: `Bearer ${accounts.districtOther.token}`, 'content-type': 'application/json' };
    const current = await (await app.request(path, { headers: auth })).json();
    expect(current).toMatchObject({ status: 'entwurf', version: 1, progress: { answered: 0, total: 3 } });
    const saved = await app.request(path, { method: 'PUT', headers: { ...auth, 'if-match': '"1"' }, body: JSON.stringify({ answers: { f1: 1, f2: 7 } }) });
    expect(saved.status).toBe(200);
    expect((await saved.json()).progress).toEqual({ answered: 2, total: 4 });
    expect((await app.request(path, { method: 'PUT', headers: { ...auth, 'if-match': '"1"' }, body: JSON.stringify({ answers: { f1: 2 } }) })).status).toBe(409);
    expect((await app.request(path, { method: 'PUT', headers: { ...auth, 'if-match': '"2"' }, body: JSON.stringify({ answers: { f1: 9 } }) })).status).toBe(422);
  });
});

describe('surveys: demo data', () => {
  it('loads one labelled demo survey with answers and removes it with the demo data', async () => {
    await applyDemoSetting(database, true);
    const demo = (await findSurveys(database.db, accounts.hmsi.actor)).filter((s) => s.isDemo);
    expect(demo).toHaveLength(1);
    expect(interchangeOf(demo[0]!.definition).sections).toEqual(DEMO_SURVEY_DEFINITION.sections);
    const page = await (await client('hmsi').get(`/umfragen/${demo[0]!.id}/ergebnisse`)).text();
    expect(page).toContain('10 von 26 Antworten eingereicht');
    expect(page).toContain('Demodaten');
    await applyDemoSetting(database, false);
    expect((await findSurveys(database.db, accounts.hmsi.actor)).filter((s) => s.isDemo)).toHaveLength(0);
    const left = (await database.db.execute(sql`select count(*)::int as n from survey_responses where is_demo`)) as unknown as { rows: { n: number }[] };
    expect(Number(left.rows[0]!.n)).toBe(0);
  });
});
