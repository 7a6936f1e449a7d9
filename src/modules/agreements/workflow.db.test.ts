import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import { findAuditEvents } from '../../platform/audit/store';
import { MAX_AMOUNT_CENTS } from '../documents/schema';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { OWN_AGS, buildAccounts, setAllocation, type TestAccount } from '../../../tests/factories';
import { csrfPair } from '../../../tests/support/auth';
import { TODAY } from '../../../tests/support/dates';

let database: AppDatabase;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
beforeAll(async () => {
  database = await createTestDatabase();
  accounts = await buildAccounts(database);
  await setAllocation(database, 2025, OWN_AGS, 812_345_00);
});
afterAll(async () => {
  await database?.close();
});

function api(account: TestAccount | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return createApp({ database }).request(path, {
    method,
    headers: {
      ...(account ? { authorization: `Bearer ${account.token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function form(account: TestAccount, path: string, fields: Record<string, string>) {
  const app = createApp({ database });
  const { cookie, token } = await csrfPair(app);
  return app.request(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${account.token}`, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, _csrf: token }).toString(),
  });
}

describe('agreement workflow over the web forms and the API', () => {
  it('runs draft → projects → signature → publication and writes a version and an audit event per step', async () => {
    const base = `/zielvereinbarungen/2025/${OWN_AGS}`;
    let response = await form(accounts.hmsi, '/zielvereinbarungen', { neu_jahr: '2025', neu_ags: OWN_AGS });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${base}/bearbeiten?angelegt=1`);

    let agreement = (await (await api(accounts.hmsi, 'GET', `/api/v1/agreements/2025/${OWN_AGS}`)).json()) as { version: number; status: string; agreement: { amountCents: number } };
    expect(agreement).toMatchObject({ version: 1, status: 'entwurf', agreement: { amountCents: 812_345_00 } });

    response = await form(accounts.districtOwn, `${base}/bearbeiten`, { version: '1', projekte_1: 'Ausbildungslotsen\nJugendwerkstatt', projekte_2: '', projekte_3: '', projekte_4: '' });
    expect(response.status).toBe(303);
    // The same stale form again: conflict, both versions shown, nothing overwritten.
    response = await form(accounts.districtOwn, `${base}/bearbeiten`, { version: '1', projekte_1: 'Überschreiben', projekte_2: '', projekte_3: '', projekte_4: '' });
    expect(response.status).toBe(409);
    const conflict = await response.text();
    expect(conflict).toContain('Speicherkonflikt');
    expect(conflict).toContain('Ihre Fassung (nicht gespeichert)');
    expect(conflict).toContain('Aktuelle Fassung (Version 2)');
    expect(conflict).toContain('Jugendwerkstatt');

    response = await form(accounts.hmsi, `${base}/status`, { version: '2', to: 'in_abstimmung' });
    expect(response.status).toBe(303);
    // A wrong amount blocks the release for signature with the difference shown.
    const edited = await form(accounts.hmsi, `${base}/bearbeiten`, { version: '3', betrag: '800.000,00', projekte_1: 'Ausbildungslotsen\nJugendwerkstatt', projekte_2: '', projekte_3: '', projekte_4: '' });
    expect(edited.status).toBe(303);
    response = await form(accounts.hmsi, `${base}/status`, { version: '4', to: 'zur_unterschrift' });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain('weicht um 12.345,00');

    const put = await api(accounts.hmsi, 'PUT', `/api/v1/agreements/2025/${OWN_AGS}`, { ...(await (await api(accounts.hmsi, 'GET', `/api/v1/agreements/2025/${OWN_AGS}`)).json()).agreement, amountCents: 812_345_00 }, { 'if-match': '"4"' });
    expect(put.status).toBe(200);
    const stalePut = await api(accounts.hmsi, 'PUT', `/api/v1/agreements/2025/${OWN_AGS}`, { ...(await (await api(accounts.hmsi, 'GET', `/api/v1/agreements/2025/${OWN_AGS}`)).json()).agreement }, { 'if-match': '"4"' });
    expect(stalePut.status).toBe(409);
    expect(((await stalePut.json()) as { error: { code: string } }).error.code).toBe('CONFLICT');

    response = await api(accounts.hmsi, 'POST', `/api/v1/agreements/2025/${OWN_AGS}/transitions`, { to: 'zur_unterschrift', version: 5 });
    expect(response.status).toBe(200);
    // District first, then the Land: either order works.
    response = await form(accounts.districtOwn, `${base}/unterschrift`, { version: '6', partei: 'district', ort: 'Bad Schwalbach', datum: TODAY, name: 'Sandro Zehner', amt: 'Landrat', bestaetigt: '1' });
    expect(response.status).toBe(303);
    response = await api(accounts.hmsi, 'POST', `/api/v1/agreements/2025/${OWN_AGS}/signatures`, { version: 7, party: 'land', signature: { place: 'Wiesbaden', date: TODAY, name: 'Heike Hofmann', title: 'Staatsministerin' } });
    expect(response.status).toBe(200);
    agreement = (await response.json()) as typeof agreement;
    expect(agreement).toMatchObject({ status: 'unterzeichnet', version: 8 });

    // The status form sends publishing to its confirmation page; nothing is published on that click.
    response = await form(accounts.hmsi, `${base}/status`, { version: '8', to: 'veroeffentlicht' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${base}/veroeffentlichen?version=8`);
    const confirm = await (await createApp({ database }).request(`${base}/veroeffentlichen?version=8`, { headers: { authorization: `Bearer ${accounts.hmsi.token}` } })).text();
    const shownSha = /<code class="sha256">([0-9a-f]{64})<\/code>/.exec(confirm)![1]!;
    expect((await (await api(accounts.hmsi, 'GET', `/api/v1/agreements/2025/${OWN_AGS}`)).json()) as { status: string }).toMatchObject({ status: 'unterzeichnet' });
    // A fingerprint that is not the rendered document's is refused.
    expect((await form(accounts.hmsi, `${base}/veroeffentlichen`, { version: '8', sha256: '0'.repeat(64) })).status).toBe(409);
    response = await form(accounts.hmsi, `${base}/veroeffentlichen`, { version: '8', sha256: shownSha });
    expect(response.status).toBe(303);
    const published = (await (await api(accounts.hmsi, 'GET', `/api/v1/agreements/2025/${OWN_AGS}`)).json()) as { status: string; version: number };
    expect(published).toMatchObject({ status: 'veroeffentlicht', version: 9 });

    const { rows } = (await database.db.execute(`select version, length(pdf) as size, sha256, encode(sha256(pdf), 'hex') as actual from agreement_publications p join agreements a on a.id = p.agreement_id where a.year = 2025 and a.ags = '${OWN_AGS}'` as never)) as unknown as { rows: { version: number; size: number; sha256: string; actual: string }[] };
    expect(rows).toHaveLength(1);
    expect(rows[0]!.version).toBe(9);
    expect(rows[0]!.size).toBeGreaterThan(1000);
    expect(rows[0]!.sha256).toBe(rows[0]!.actual);
    const template = (await database.db.execute(`select v.template_version_id as t from agreement_versions v join agreements a on a.id = v.agreement_id where a.year = 2025 and a.ags = '${OWN_AGS}' and v.version = 9` as never)) as unknown as { rows: { t: number | null }[] };
    expect(template.rows[0]!.t).not.toBeNull();
    // Every saved version (draft, edits, signatures) records the template it renders with.
    const allVersions = (await database.db.execute(`select count(*)::int as n from agreement_versions v join agreements a on a.id = v.agreement_id where a.year = 2025 and a.ags = '${OWN_AGS}' and v.template_version_id is null` as never)) as unknown as { rows: { n: number }[] };
    expect(Number(allVersions.rows[0]!.n)).toBe(0);

    const idRows = (await database.db.execute(`select id from agreements where year = 2025 and ags = '${OWN_AGS}'` as never)) as unknown as { rows: { id: number }[] };
    const events = await findAuditEvents(database.db, { recordType: 'agreement', recordId: idRows.rows[0]!.id });
    expect(events.map((e) => e.action)).toEqual([
      'agreement.create',
      'agreement.update',
      'agreement.transition.in_abstimmung',
      'agreement.update',
      'agreement.update',
      'agreement.transition.zur_unterschrift',
      'agreement.sign.district',
      'agreement.sign.land',
      'agreement.publish',
    ]);

    for (const page of ['versionen', 'verlauf', 'status', 'unterschrift', 'bearbeiten', 'vergleich?von=1&zu=9']) {
      const html = await (await createApp({ database }).request(`${base}/${page}`, { headers: { authorization: `Bearer ${accounts.districtOwn.token}` } })).text();
      expect(html, page).toContain('Rheingau-Taunus-Kreis');
    }
    const diff = await (await createApp({ database }).request(`${base}/vergleich?von=1&zu=9`, { headers: { authorization: `Bearer ${accounts.rp.token}` } })).text();
    expect(diff).toContain('<ins><span class="visually-hidden">Eingefügt: </span>');
    expect(diff).toContain('Jugendwerkstatt');
    // A Nachtrag of the published agreement: a new version in `entwurf` that references version 9.
    response = await form(accounts.hmsi, `${base}/nachtrag`, { version: '9' });
    expect(response.status).toBe(303);
    const amendment = (await (await api(accounts.hmsi, 'GET', `/api/v1/agreements/2025/${OWN_AGS}`)).json()) as { status: string; version: number; amendsVersion: number; agreement: { signatures: unknown } };
    expect(amendment).toMatchObject({ status: 'entwurf', version: 10, amendsVersion: 9, agreement: { signatures: { land: null, district: null } } });
    const stillFrozen = (await database.db.execute(`select count(*) as n from agreement_publications where agreement_id = ${idRows.rows[0]!.id}` as never)) as unknown as { rows: { n: number | string }[] };
    expect(Number(stillFrozen.rows[0]!.n)).toBe(1);

    const years = await createApp({ database }).request(`/zielvereinbarungen/vergleich?ags=${OWN_AGS}&von=2024&zu=2025`, { headers: { authorization: `Bearer ${accounts.hmsi.token}` } });
    expect(years.status).toBe(200);
    expect(await years.text()).toContain('<del><span class="visually-hidden">Gelöscht: </span>');
  });

  it('publishes an OpenAPI 3.1 document generated from the zod schemas', async () => {
    const response = await createApp({ database }).request('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { properties: Record<string, { maximum?: number }> }> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/abweichungen/{year}/{ags}',
      '/api/v1/abweichungen/{year}/{ags}/{id}',
      '/api/v1/abweichungen/{year}/{ags}/{id}/begruenden',
      '/api/v1/abweichungen/{year}/{ags}/{id}/bewerten',
      '/api/v1/agreements',
      '/api/v1/agreements/{year}/{ags}',
      '/api/v1/agreements/{year}/{ags}/signatures',
      '/api/v1/agreements/{year}/{ags}/transitions',
      '/api/v1/antraege/{year}/{ags}',
      '/api/v1/antraege/{year}/{ags}/bescheide',
      '/api/v1/antraege/{year}/{ags}/bescheide/{seq}',
      '/api/v1/antraege/{year}/{ags}/bescheide/{seq}/erlassen',
      '/api/v1/antraege/{year}/{ags}/fortsetzen',
      '/api/v1/antraege/{year}/{ags}/nachforderungen',
      '/api/v1/antraege/{year}/{ags}/nachforderungen/antwort',
      '/api/v1/antraege/{year}/{ags}/pruefung',
      '/api/v1/foerderuebersicht/{year}',
      '/api/v1/landesbericht/{year}',
      '/api/v1/landesbericht/{year}/release',
      '/api/v1/landesbericht/{year}/versions',
      '/api/v1/mittel/{year}/{ags}',
      '/api/v1/mittel/{year}/{ags}/abrufe',
      '/api/v1/mittel/{year}/{ags}/auszahlungen',
      '/api/v1/mittel/{year}/{ags}/verwendungen',
      '/api/v1/mittel/{year}/{ags}/zwischenzinsen',
      '/api/v1/projekte/{year}/{ags}/eckdaten',
      '/api/v1/steuerung/{year}',
      '/api/v1/steuerung/{year}/pruefen',
      '/api/v1/steuerung/{year}/schwellenwerte',
      '/api/v1/steuerung/{year}/{ags}',
      '/api/v1/tagungen',
      '/api/v1/tagungen/{id}',
      '/api/v1/tagungen/{id}/anmeldung',
      '/api/v1/umfragen',
      '/api/v1/umfragen/{id}',
      '/api/v1/umfragen/{id}/antworten/{ags}',
      '/api/v1/umfragen/{id}/antworten/{ags}/einreichen',
      '/api/v1/umfragen/{id}/antworten/{ags}/wieder-oeffnen',
      '/api/v1/umfragen/{id}/definition',
      '/api/v1/umfragen/{id}/ergebnisse',
      '/api/v1/umfragen/{id}/versenden',
      '/api/v1/umsetzungsbesprechungen',
      '/api/v1/umsetzungsbesprechungen/{year}/{ags}',
      '/api/v1/umsetzungsbesprechungen/{year}/{ags}/absagen',
      '/api/v1/umsetzungsbesprechungen/{year}/{ags}/andere-termine',
      '/api/v1/umsetzungsbesprechungen/{year}/{ags}/ansetzen',
      '/api/v1/umsetzungsbesprechungen/{year}/{ags}/folgeaufgaben/{id}',
      '/api/v1/umsetzungsbesprechungen/{year}/{ags}/protokoll',
      '/api/v1/umsetzungsbesprechungen/{year}/{ags}/protokoll/bestaetigen',
      '/api/v1/umsetzungsbesprechungen/{year}/{ags}/protokoll/eroeffnen',
      '/api/v1/umsetzungsbesprechungen/{year}/{ags}/tagesordnung',
      '/api/v1/umsetzungsbesprechungen/{year}/{ags}/tagesordnung/neu-erzeugen',
      '/api/v1/umsetzungsbesprechungen/{year}/{ags}/termin-bestaetigen',
      '/api/v1/verwendungsnachweise/{year}/{ags}',
      '/api/v1/verwendungsnachweise/{year}/{ags}/einreichen',
      '/api/v1/verwendungsnachweise/{year}/{ags}/pruefung',
      '/api/v1/verwendungsnachweise/{year}/{ags}/rueckforderung',
      '/api/v1/zielerreichung/{year}',
      '/api/v1/zielerreichung/{year}/regeln',
      '/api/v1/zielerreichung/{year}/{ags}',
      '/api/v1/zielerreichung/{year}/{ags}/beurteilung',
    ]);
    // The survey interchange format aqb.umfrage/1 is published as a component, too.
    expect(Object.keys(doc.components.schemas)).toContain('SurveyInterchange');
    expect(Object.keys(doc.paths['/api/v1/agreements/{year}/{ags}']!).sort()).toEqual(['get', 'put']);
    // The limit comes from the interchange schema, not from a hand-written document.
    expect(doc.components.schemas.AgreementInterchange!.properties.amountCents!.maximum).toBe(MAX_AMOUNT_CENTS);
  });

  it('answers API errors as German JSON and hides another district\'s agreement', async () => {
    const other = await api(accounts.districtOther, 'GET', `/api/v1/agreements/2025/${OWN_AGS}`);
    expect(other.status).toBe(404);
    const anonymous = await api(null, 'GET', '/api/v1/agreements');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { message: string } }).error.message).toBe('Bitte melden Sie sich an.');
    const list = (await (await api(accounts.districtOwn, 'GET', '/api/v1/agreements')).json()) as { items: { ags: string }[] };
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((item) => item.ags === OWN_AGS)).toBe(true);
    const invalid = await api(accounts.hmsi, 'POST', '/api/v1/agreements', { year: 'zwei', ags: 1 });
    expect(invalid.status).toBe(422);
    const body = (await invalid.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.issues.map((i) => i.path).sort()).toEqual(['ags', 'year']);
  });
});
