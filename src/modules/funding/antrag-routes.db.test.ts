import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { loadConfig } from '../../platform/env';
import { TestClient } from '../access/testing/http-client';
import { saveProject } from '../projects/service';
import { buildAccounts, OWN_AGS, setAllocation, type RoleKey } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import { getAntragState, submitAntrag } from './antrag-record';
import { uploadStrategy } from './strategies';

const PDF = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');
/** A strategy valid in 2025 for the district (the submission needs one). */
async function strategyFor(db: AppDatabase, actor: Parameters<typeof uploadStrategy>[1], ags: string) {
  await db.db.transaction((tx) => uploadStrategy(tx, actor, ags, { title: 'Regionale Strategie', validFrom: '2025-01-01', validTo: '2027-12-31', file: { name: 'strategie.pdf', bytes: PDF } }));
}

/**
 * The Antrag through HTTP: checks before submission shown on the page (nothing written when they
 * fail), submission with date and late mark, the frozen submitted version, the Eingang by RP with
 * the Aktenzeichen (default and configured pattern), withdrawal after a confirmation, optimistic
 * locking and who may do what.
 */

const YEAR = 2025;
const PAGE = `/antraege/${YEAR}/${OWN_AGS}`;
let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
const client = (role: RoleKey, on = app) => new TestClient(on, 'http://localhost', { authorization: `Bearer ${accounts[role].token}` });
const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());
const german = (iso: string) => iso.split('-').reverse().map(Number).join('.');

async function events(action: string): Promise<number> {
  const result = (await database.db.execute(sql`select count(*)::int as n from audit_events where action = ${action}`)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}

function completeProject(key: string, title: string, aqbCents: number) {
  return {
    key,
    title,
    measureType: 1 as const,
    provider: { name: 'Beispiel Bildungswerk gGmbH', address: 'Musterstraße 1, 65307 Bad Schwalbach' },
    start: `${YEAR}-01-01`,
    end: `${YEAR}-12-31`,
    expenses: [{ category: 'personal' as const, label: 'Begleitung', amountCents: aqbCents + 10_000_00 }],
    funding: [
      { source: 'aqb' as const, amountCents: aqbCents },
      { source: 'eigenmittel' as const, amountCents: 10_000_00 },
    ],
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  accounts = await buildAccounts(database);
  await setAllocation(database, YEAR, OWN_AGS, 500_000_00);
});
afterAll(async () => {
  await database?.close();
});

describe('Antrag pages', () => {
  it('lists the checks; a submission that fails them writes nothing', async () => {
    const district = client('districtOwn');
    const page = await district.get(PAGE);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Antragsfrist');
    expect(html).toContain('31.3.2025');
    expect(html).toContain('Der Antrag enthält noch kein Projekt.');
    expect(html).toContain('STRATEGIE_FEHLT');
    expect(html).toContain('Antrag einreichen');
    const before = await events('antrag.submit');
    const refused = await district.post(`${PAGE}/einreichen`, { version: '0' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Der Antrag kann noch nicht eingereicht werden.');
    expect(await events('antrag.submit')).toBe(before);
    expect((await getAntragState(database.db, YEAR, OWN_AGS)).status).toBe('entwurf');

    // A project over the allocation: the check names it with a link to the project.
    await database.db.transaction((tx) => saveProject(tx, accounts.districtOwn.actor, { year: YEAR, ags: OWN_AGS }, completeProject('P1', 'Großprojekt', 600_000_00)));
    const over = await (await district.get(PAGE)).text();
    expect(over).toContain('ANTRAG_UEBER_ZUWEISUNG');
    expect((await district.post(`${PAGE}/einreichen`, { version: '0' })).status).toBe(422);
  });

  it('submits with the date (late after 31 March) and freezes what was submitted', async () => {
    const district = client('districtOwn');
    const current = (await database.db.execute(sql`select version from projects where year = ${YEAR} and ags = ${OWN_AGS} and key = 'P1'`)) as unknown as { rows: { version: number }[] };
    await database.db.transaction((tx) =>
      saveProject(tx, accounts.districtOwn.actor, { year: YEAR, ags: OWN_AGS, key: 'P1', expectedVersion: current.rows[0]!.version }, completeProject('P1', 'Projekt „Zukunft“', 60_000_00)),
    );
    expect(await (await district.get(PAGE)).text()).toContain('STRATEGIE_FEHLT');
    await strategyFor(database, accounts.districtOwn.actor, OWN_AGS);
    expect(await (await district.get(PAGE)).text()).toContain('Alle Prüfungen sind bestanden.');
    const submitted = await district.post(`${PAGE}/einreichen`, { version: '0' });
    expect(submitted.status).toBe(303);
    const state = await getAntragState(database.db, YEAR, OWN_AGS);
    expect(state).toMatchObject({ status: 'eingereicht', submittedOn: today, isLate: today > '2025-03-31', version: 1 });
    expect(state.submittedContent?.projects.map((p) => p.title)).toEqual(['Projekt „Zukunft“']);
    const html = await (await district.get(PAGE)).text();
    expect(html).toContain(`${german(today)} – verspätet (nach der Frist)`);
    expect(html).not.toContain('name="aktenzeichen"'); // the Eingang is RP's

    // The submitted records are locked: a later edit is refused with a German message, nothing changes.
    await expect(
      database.db.transaction((tx) =>
        saveProject(tx, accounts.districtOwn.actor, { year: YEAR, ags: OWN_AGS, key: 'P1', expectedVersion: current.rows[0]!.version + 1 }, completeProject('P1', 'Nachträglich geändert', 60_000_00)),
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('mit dem Antrag eingereicht') });
    const after = await (await district.get(PAGE)).text();
    expect(after).toContain('Projekt „Zukunft“');
    expect(after).not.toContain('Nachträglich geändert');
    const json = (await (await district.get(`${PAGE}/antrag.json`)).json()) as { schema: string; submittedOn: string; projects: { title: string }[] };
    expect(json).toMatchObject({ schema: 'aqb.antrag/1', submittedOn: today, projects: [{ title: 'Projekt „Zukunft“' }] });
    // Submitting twice is no step of the table.
    expect((await district.post(`${PAGE}/einreichen`, { version: '1' })).status).toBe(403);
  });

  it('marks a submission by 31 March as on time', async () => {
    await setAllocation(database, YEAR, '06432', 300_000_00);
    const other = await buildAccounts(database, '-dadi');
    const actor = { ...other.districtOwn.actor, ags: '06432' } as const;
    await database.db.execute(sql`update users set ags = '06432' where id = ${actor.userId}`);
    await database.db.transaction((tx) => saveProject(tx, actor, { year: YEAR, ags: '06432' }, completeProject('A1', 'Fristgerecht', 50_000_00)));
    await strategyFor(database, actor, '06432');
    const state = await submitAntrag(database, actor, { year: YEAR, ags: '06432', expectedVersion: 0, today: '2025-03-31' });
    expect(state).toMatchObject({ status: 'eingereicht', submittedOn: '2025-03-31', isLate: false });
  });

  it('lets RP record the Eingang with the proposed Aktenzeichen; wrong dates and stale pages are refused', async () => {
    const rp = client('rp');
    const page = await (await rp.get(PAGE)).text();
    expect(page).toContain(`value="RPKS-57-AQB-2025-${OWN_AGS}"`);
    expect(page).not.toContain('Antrag zurückziehen');
    const future = await rp.post(`${PAGE}/eingang`, { version: '1', aktenzeichen: `RPKS-57-AQB-2025-${OWN_AGS}`, eingang: '1.1.2099' });
    expect(future.status).toBe(422);
    const futureHtml = await future.text();
    expect(futureHtml).toContain('id="feld-eingang-fehler"');
    expect(futureHtml).toContain('Das Eingangsdatum darf nicht in der Zukunft liegen.');
    const stale = await rp.post(`${PAGE}/eingang`, { version: '0', aktenzeichen: 'X', eingang: german(today) });
    expect(stale.status).toBe(409);
    expect((await getAntragState(database.db, YEAR, OWN_AGS)).status).toBe('eingereicht');
    const received = await rp.post(`${PAGE}/eingang`, { version: '1', aktenzeichen: `RPKS-57-AQB-2025-${OWN_AGS}`, eingang: german(today) });
    expect(received.status).toBe(303);
    expect(await getAntragState(database.db, YEAR, OWN_AGS)).toMatchObject({ status: 'in_pruefung', aktenzeichen: `RPKS-57-AQB-2025-${OWN_AGS}`, receivedOn: today, version: 2 });
    expect(await (await client('hmsi').get('/antraege?jahr=2025')).text()).toContain(`RPKS-57-AQB-2025-${OWN_AGS}`);
  });

  it('refuses a taken Aktenzeichen and proposes the configured pattern', async () => {
    const configured = createApp({ database, aktenzeichenPattern: loadConfig({ AQB_AKTENZEICHEN_MUSTER: 'RPKS 57.4/{jahr}/{ags}' }).aktenzeichenPattern });
    const rp = client('rp', configured);
    expect(await (await rp.get(`/antraege/${YEAR}/06432`)).text()).toContain('value="RPKS 57.4/2025/06432"');
    const taken = await rp.post(`/antraege/${YEAR}/06432/eingang`, { version: '1', aktenzeichen: `RPKS-57-AQB-2025-${OWN_AGS}`, eingang: german(today) });
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('ist schon vergeben');
    expect(() => loadConfig({ AQB_AKTENZEICHEN_MUSTER: 'RPKS-{jahr}' })).toThrow(/AQB_AKTENZEICHEN_MUSTER: muss \{jahr\} und \{ags\} enthalten/);
  });

  it('lets the district withdraw after a confirmation', async () => {
    const district = client('districtOwn');
    const confirm = await district.get(`${PAGE}/zurueckziehen`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Antrag zurückziehen?');
    expect((await getAntragState(database.db, YEAR, OWN_AGS)).status).toBe('in_pruefung');
    const before = await events('antrag.withdraw');
    expect((await district.post(`${PAGE}/zurueckziehen`, { version: '2' })).status).toBe(303);
    expect((await getAntragState(database.db, YEAR, OWN_AGS)).status).toBe('zurueckgezogen');
    expect(await events('antrag.withdraw')).toBe(before + 1);
    expect((await district.post(`${PAGE}/zurueckziehen`, { version: '3' })).status).toBe(403);
  });

  it('keeps other districts out (404), HMSI reading only, admin out (403)', async () => {
    const other = client('districtOther');
    for (const path of [PAGE, `${PAGE}/antrag.json`, `${PAGE}/zurueckziehen`]) expect((await other.get(path)).status, path).toBe(404);
    expect((await other.post(`${PAGE}/einreichen`, { version: '0' })).status).toBe(404);
    const hmsi = client('hmsi');
    expect((await hmsi.get(PAGE)).status).toBe(200);
    expect((await hmsi.post(`${PAGE}/einreichen`, { version: '0' })).status).toBe(403);
    expect((await hmsi.post(`${PAGE}/eingang`, { version: '0', aktenzeichen: 'X', eingang: '1.1.2025' })).status).toBe(403);
    expect((await client('admin').get(PAGE)).status).toBe(403);
    const list = await (await client('districtOwn').get('/antraege?jahr=2025')).text();
    expect(list).toContain(PAGE);
    expect(list).not.toContain('/antraege/2025/06533');
  });
});

describe('Antrag API (/api/v1/antraege)', () => {
  const API = `/api/v1/antraege/${YEAR}/06411`;
  const json = (role: RoleKey, method: string, body?: unknown) =>
    app.request(API, { method, headers: { authorization: `Bearer ${accounts[role].token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const file = (title: string) => ({
    schema: 'aqb.antrag/1',
    year: YEAR,
    district: { ags: '06411' },
    projects: [{ ...completeProject('D1', title, 40_000_00) }],
  });

  it('reads the draft with its checks, stores a file as the draft (the district only), refuses one with problems (422, nothing stored)', async () => {
    const darmstadt = await buildAccounts(database, '-da');
    await database.db.execute(sql`update users set ags = '06411' where id = ${darmstadt.districtOwn.actor.userId}`);
    const put = (body: unknown) =>
      app.request(API, { method: 'PUT', headers: { authorization: `Bearer ${darmstadt.districtOwn.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const empty = await json('rp', 'GET');
    expect(empty.status).toBe(200);
    expect(await empty.json()).toMatchObject({ status: 'entwurf', version: 0, antrag: { schema: 'aqb.antrag/1', projects: [] }, problems: [{ code: 'PROJEKT_UNVOLLSTAENDIG', path: '$.projects' }, { code: 'ZUWEISUNG_FEHLT' }, { code: 'STRATEGIE_FEHLT', path: '$.district' }] });

    const refused = await put({ ...file('Doppelt'), projects: [...file('A').projects, ...file('B').projects] });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { blocking: { code: string }[] }).blocking.map((p) => p.code)).toEqual(['PROJEKT_DOPPELT']);
    const stored = await put(file('Darmstädter Lotsen'));
    expect(stored.status).toBe(200);
    expect(await stored.json()).toMatchObject({ stored: true, created: ['D1'], problems: [{ code: 'ZUWEISUNG_FEHLT' }] });
    const read = (await (await json('hmsi', 'GET')).json()) as { antrag: { projects: { title: string }[] } };
    expect(read.antrag.projects.map((p) => p.title)).toEqual(['Darmstädter Lotsen']);
    const mismatch = await put({ ...file('X'), year: 2024 });
    expect(mismatch.status).toBe(422);

    expect((await json('hmsi', 'PUT', file('HMSI'))).status).toBe(403);
    expect((await json('districtOther', 'PUT', file('Fremd'))).status).toBe(404);
    expect((await json('districtOther', 'GET')).status).toBe(404);
    expect((await json('admin', 'GET')).status).toBe(403);
  });

  it('refuses an import once the Antrag is submitted (409)', async () => {
    const submittedApi = `/api/v1/antraege/${YEAR}/06432`;
    const district = await buildAccounts(database, '-da2');
    await database.db.execute(sql`update users set ags = '06432' where id = ${district.districtOwn.actor.userId}`);
    const response = await app.request(submittedApi, {
      method: 'PUT',
      headers: { authorization: `Bearer ${district.districtOwn.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...file('Zu spät'), district: { ags: '06432' } }),
    });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('ein Import ersetzt nur die Projekte eines Entwurfs');
  });
});
