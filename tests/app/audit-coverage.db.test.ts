import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app';
import { runCli } from '../../src/app/cli/main';
import { createApiToken, createUser, getActorByEmail } from '../../src/modules/access/service';
import { saveProject } from '../../src/modules/projects/service';
import { findLetterhead } from '../../src/modules/letterheads/service';
import { CHECKLIST_ITEMS, getAntragState, getBescheid, uploadStrategy } from '../../src/modules/funding/service';
import { TestClient } from '../../src/modules/access/testing/http-client';
import { buildIssuedBescheid, buildProject, buildUser, participantCsv, participantRow, setAllocation } from '../factories';
import { generateTotpCode } from '../../src/modules/access/totp';
import { composeAgreement, defaultTemplate, LW_2025, renderText } from '../../src/modules/documents/service';
import type { AppDatabase } from '../../src/platform/db/client';
import { createTestDatabase } from '../support/test-database';

import { formValuesFromContent } from '../../src/modules/templates/template-form';
import { TODAY, TODAY_GERMAN } from '../support/dates';
import { createOidcClient } from '../../src/platform/oidc';
import { startTestProvider, type TestProvider } from '../support/oidc-provider';

/**
 * "Every change is audited", tested: every write route of the router (every method but GET) and
 * every command of the CLI that writes is run once with input that succeeds, and the audit chain
 * must be longer afterwards. A write route without an entry here fails the test, so a new route
 * cannot skip its audit event unnoticed.
 */

let database: AppDatabase;
let app: ReturnType<typeof createApp>;

async function chainLength(): Promise<number> {
  const result = (await database.db.execute(sql`select coalesce(max(sequence), 0)::int as n from audit_events`)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}

async function lastDeviationId(): Promise<number> {
  const result = (await database.db.execute(sql`select max(id)::int as id from deviations`)) as unknown as { rows: { id: number }[] };
  return Number(result.rows[0]!.id);
}

async function meetingVersion(ags = '06439'): Promise<string> {
  const result = (await database.db.execute(sql`select version::int as v from meetings where year = 2025 and ags = ${ags}`)) as unknown as { rows: { v: number }[] };
  return String(result.rows[0]?.v ?? 1);
}

async function lastFollowUp(): Promise<{ id: number; version: number }> {
  const result = (await database.db.execute(sql`select id::int as id, version::int as version from meeting_follow_ups order by id desc limit 1`)) as unknown as { rows: { id: number; version: number }[] };
  return result.rows[0]!;
}

async function pendingTotpSecret(userId: number): Promise<string> {
  const result = (await database.db.execute(
    sql`select pending_totp_secret as s from sessions where user_id = ${userId} and pending_totp_secret is not null and pending_totp_secret <> '' order by created_at desc limit 1`,
  )) as unknown as { rows: { s: string }[] };
  return result.rows[0]!.s;
}

/** A browser signed in as a new account of the role (TOTP set up for roles that need it). */
async function signedIn(role: 'hmsi' | 'district' | 'rp' | 'admin', ags?: string) {
  const user = await buildUser(database, role, { totp: role !== 'district', ags });
  const client = new TestClient(app);
  await client.post('/anmelden', { email: user.email, password: user.password });
  if (user.totpSecret) await client.post('/anmelden/code', { code: await generateTotpCode(user.totpSecret) });
  return { client, user };
}

function multipart(client: TestClient, path: string, fields: Record<string, string>, files: Record<string, File>) {
  const form = new FormData();
  form.set('_csrf', client.csrf());
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const [k, f] of Object.entries(files)) form.append(k, f);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return app.request(`http://localhost${path}`, { method: 'POST', body: form, headers: { cookie } });
}

type Step = () => Response | Promise<Response>;

let provider: TestProvider;
beforeAll(async () => {
  [database, provider] = await Promise.all([createTestDatabase(), startTestProvider()]);
  app = createApp({ database });
});
afterAll(async () => {
  await provider?.close();
  await database?.close();
});

describe('audit coverage', () => {
  it('grows the audit chain on every write route of the router', async () => {
    const hmsi = await signedIn('hmsi');
    const admin = await signedIn('admin');
    const district = await signedIn('district', '06439');
    const api = `/api/v1/agreements/2025/06432`;
    await setAllocation(database, 2025, '06439', 500_000_00);
    await setAllocation(database, 2025, '06432', 600_000_00);
    const hmsiToken = await (async () => {
      const response = await hmsi.client.post('/konto/api-tokens', { name: 'Abdeckung' });
      return /aqb_[A-Za-z0-9_-]+/.exec(await response.text())![0];
    })();
    const json = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
      app.request(`http://localhost${path}`, { method, body: JSON.stringify(body), headers: { authorization: `Bearer ${hmsiToken}`, 'content-type': 'application/json', ...headers } });
    const version = async (year: number, ags: string) => {
      const result = (await database.db.execute(sql`select current_version as v from agreements where year = ${year} and ags = ${ags}`)) as unknown as { rows: { v: number }[] };
      return String(result.rows[0]!.v);
    };

    // The Umsetzungsbesprechung through the API (RTK 2024; Limburg-Weilburg 2024 for the call-off).
    const UB = '/api/v1/umsetzungsbesprechungen/2024/06439';
    const UB_LW = '/api/v1/umsetzungsbesprechungen/2024/06533';
    const apiMeeting = async () =>
      (await (await app.request(`http://localhost${UB}`, { headers: { authorization: `Bearer ${hmsiToken}` } })).json()) as { version: number; agenda: Array<{ title: string; text: string }>; minutes: { items: Array<{ discussion: string; decisions: string }> }; followUps: Array<{ id: number; version: number }> };
    // Accounts go first: later steps use what they create.
    const fresh = await database.db.transaction((tx) => createUser(tx, null, { email: 'neu.konto@test.aqb.example', name: 'Neu Konto', role: 'hmsi' }));
    const newcomer = new TestClient(app);
    const lwText = renderText(composeAgreement({ agreement: { ...LW_2025, amountCents: LW_2025.amountCents + 100 }, district: (await import('../../src/modules/districts/service')).loadShippedDistricts().find((d) => d.ags === '06533')!, template: defaultTemplate(2025) }));

    let antragDistrict: TestClient | undefined;
    await buildProject(database, { year: 2025, ags: '06439', key: 'Abdeckung' });
    const participants = '/teilnehmende/2025/06439/Abdeckung';
    let pendingUpload = '';

    // Surveys: one built in the forms (s), one through the API (a); the district answers both.
    const surveyIds = { s: 0, a: 0 };
    const surveyVersion = async (id: number) => {
      const result = (await database.db.execute(sql`select version as v from surveys where id = ${id}`)) as unknown as { rows: { v: number }[] };
      return String(result.rows[0]!.v);
    };
    const responseVersion = async (id: number) => {
      const result = (await database.db.execute(sql`select version as v from survey_responses where survey_id = ${id} and ags = '06439'`)) as unknown as { rows: { v: number }[] };
      return result.rows[0]!.v;
    };
    // Created when first used: the password change step above revokes the account's earlier tokens.
    let districtToken = '';
    const districtJson = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
      districtToken ||= (await database.db.transaction((tx) => createApiToken(tx, district.user.id, 'Umfragen'))).token;
      return app.request(`http://localhost${path}`, { method, body: JSON.stringify(body), headers: { authorization: `Bearer ${districtToken}`, 'content-type': 'application/json', ...headers } });
    };
    const { DEMO_SURVEY_DEFINITION } = await import('../../src/modules/surveys/use-cases/demo');
    // The money path (payments): Kreis Groß-Gerau (06433) 2024 through the pages, Landkreis Darmstadt-Dieburg (06432) 2024
    // through the API (not RTK 2024: its Antrag must stay a draft for `aqb antrag import`).
    const moneyDistrict = await signedIn('district', '06433');
    const moneyProject = await buildProject(database, { year: 2024, ags: '06433', key: 'MZ1' });
    await buildIssuedBescheid(database, { year: 2024, ags: '06433', decidedOn: '2024-02-01', lines: [{ projectId: moneyProject.id, approvedCents: 10_000_00 }] });
    const apiMoneyProject = await buildProject(database, { year: 2024, ags: '06432', key: 'MZ2' });
    await buildIssuedBescheid(database, { year: 2024, ags: '06432', decidedOn: '2024-02-01', lines: [{ projectId: apiMoneyProject.id, approvedCents: 10_000_00 }] });
    const moneyRp = await signedIn('rp');
    const rpToken = (await database.db.transaction((tx) => createApiToken(tx, moneyRp.user.id, 'Mittel'))).token;
    const dadiUser = await buildUser(database, 'district', { ags: '06432' });
    const dadiToken = (await database.db.transaction((tx) => createApiToken(tx, dadiUser.id, 'Mittel'))).token;
    const moneyApi = (token: string, method: string, path: string, body: unknown) =>
      app.request(`http://localhost${path}`, { method, body: JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    const firstRequestId = async (ags: string) => {
      const result = (await database.db.execute(sql`select id from payment_requests where year = 2024 and ags = ${ags} order by id limit 1`)) as unknown as { rows: { id: number }[] };
      return result.rows[0]!.id;
    };
    const proofVersion = async (ags: string) => {
      const result = (await database.db.execute(sql`select version from proofs where year = 2024 and ags = ${ags}`)) as unknown as { rows: { version: number }[] };
      return result.rows[0]!.version;
    };
    const MZ = '/mittel/2024/06433';
    const VZ = '/verwendungsnachweise/2024/06433';
    const AMZ = '/api/v1/mittel/2024/06432';
    const AVZ = '/api/v1/verwendungsnachweise/2024/06432';

    // The RP path from the Prüfung to the Bescheid: Hochtaunuskreis (06434) 2025 through the pages, Main-Kinzig-Kreis
    // (06435) 2025 through the API. Each district submits a complete Antrag and RP records the Eingang beforehand.
    const reviewRp = await signedIn('rp');
    const reviewRpToken = (await database.db.transaction((tx) => createApiToken(tx, reviewRp.user.id, 'Prüfung'))).token;
    const reviewDistrict = await signedIn('district', '06434');
    const reviewApiDistrict = await signedIn('district', '06435');
    const reviewApiDistrictToken = (await database.db.transaction((tx) => createApiToken(tx, reviewApiDistrict.user.id, 'Prüfung'))).token;
    for (const [ags, signed] of [['06434', reviewDistrict], ['06435', reviewApiDistrict]] as const) {
      await setAllocation(database, 2025, ags, 100_000_00);
      const actor = await getActorByEmail(database.db, signed.user.email);
      await database.db.transaction(async (tx) => {
        await saveProject(tx, actor, { year: 2025, ags }, {
          key: 'RP1',
          title: 'Ausbildungsbegleitung',
          measureType: 1,
          provider: { name: 'Begleitung gGmbH', address: 'Weg 5, 61352 Bad Homburg' },
          start: '2025-01-01',
          end: '2025-12-31',
          expenses: [{ category: 'personal', label: 'Begleiterin', amountCents: 40_000_00 }],
          funding: [
            { source: 'aqb', amountCents: 30_000_00 },
            { source: 'eigenmittel', amountCents: 10_000_00 },
          ],
        });
        await uploadStrategy(tx, actor, ags, { title: 'Strategie', validFrom: '2025-01-01', validTo: '2027-12-31', file: { name: 's.pdf', bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n') } });
      });
      expect((await signed.client.post(`/antraege/2025/${ags}/einreichen`, { version: '0' })).status, `${ags} einreichen`).toBe(303);
      expect((await reviewRp.client.post(`/antraege/2025/${ags}/eingang`, { version: '1', aktenzeichen: `RPKS-57-AQB-2025-${ags}`, eingang: TODAY_GERMAN })).status, `${ags} Eingang`).toBe(303);
    }
    const antragVersion = async (ags: string) => (await getAntragState(database.db, 2025, ags)).version;
    const nachforderungDeadline = `${Number(TODAY.slice(0, 4)) + 1}-01-31`;
    const RV = '/antraege/2025/06434';
    const ARV = '/api/v1/antraege/2025/06435';
    const reviewApi = (token: string, method: string, path: string, body: unknown) =>
      app.request(`http://localhost${path}`, { method, body: JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
    const lastEvent = async () => {
      const result = (await database.db.execute(sql`select id, version from events order by id desc limit 1`)) as unknown as { rows: { id: number; version: number }[] };
      return result.rows[0]!;
    };
    const bescheidForm = async () => {
      const b = await getBescheid(database.db, 2025, '06434', 1);
      const german = (iso: string) => iso.split('-').reverse().map(Number).join('.');
      const fields: Record<string, string> = { version: String(b.version), beginn: german(b.periodFrom), ende: german(b.periodTo), nachweis: german(b.proofDueOn), zweck: b.purpose, nebenbestimmungen: b.conditions, rechtsbehelf: b.legalRemedy, anlass: '' };
      b.lines.forEach((l, i) => {
        fields[`projekt_${i}`] = String(l.projectId);
        fields[`bewilligt_${i}`] = '25.000,00';
        fields[`art_${i}`] = l.financingType;
        fields[`begruendung_${i}`] = 'Ein Teil der Personalausgaben ist nicht förderfähig.';
      });
      return fields;
    };

    const STEPS: Record<string, Step> = {
      'POST /anmelden': () => newcomer.post('/anmelden', { email: 'neu.konto@test.aqb.example', password: fresh.oneTimePassword }),
      'POST /anmelden/passwort': () => newcomer.post('/anmelden/passwort', { newPassword: 'Lindenallee-Sommerwind-77', repeatPassword: 'Lindenallee-Sommerwind-77' }),
      'POST /anmelden/zwei-faktor-einrichten': async () => {
        await newcomer.get('/anmelden/zwei-faktor-einrichten');
        return newcomer.post('/anmelden/zwei-faktor-einrichten', { code: await generateTotpCode(await pendingTotpSecret(fresh.user.id)) });
      },
      'POST /abmelden': () => newcomer.post('/abmelden', {}),
      // The start hands the browser to the identity provider; the sign-in it leads to is audited (user.create, session.signIn).
      'POST /anmelden/landeskonto': async () => {
        const oidcApp = createApp({ database, oidc: createOidcClient(provider.config()) });
        provider.setAccount('abdeckung', { email: 'landeskonto@test.aqb.example', email_verified: true, name: 'Lara Landeskonto', aqb_rolle: 'rp' });
        provider.nextLogin({ accountId: 'abdeckung', amr: ['mfa'] });
        const browser = new TestClient(oidcApp);
        const start = await browser.post('/anmelden/landeskonto', {});
        return browser.get(await provider.authorize(start.headers.get('location')!));
      },
      'POST /admin/benutzer/wartend/:id': async () => {
        const result = (await database.db.execute(
          sql`insert into oidc_waiting_accounts (issuer, subject, email, name) values ('https://login.hessen.example', 'wartend-1', 'wartend@test.aqb.example', 'Wanda Wartend') returning id`,
        )) as unknown as { rows: { id: number }[] };
        return admin.client.post(`/admin/benutzer/wartend/${result.rows[0]!.id}`, { role: 'hmsi', ags: '' });
      },
      'POST /anmelden/code': async () => {
        // A wrong code is audited as a failed second factor (the right one would be a replay of the step just used).
        await newcomer.post('/anmelden', { email: 'neu.konto@test.aqb.example', password: 'Lindenallee-Sommerwind-77' });
        return newcomer.post('/anmelden/code', { code: '000000' });
      },
      'POST /konto/passwort': () => district.client.post('/konto/passwort', { currentPassword: district.user.password, newPassword: 'Apfelbaum-Flusslauf-2031', repeatPassword: 'Apfelbaum-Flusslauf-2031' }),
      'POST /konto/zwei-faktor': async () => {
        await district.client.get('/konto/zwei-faktor');
        return district.client.post('/konto/zwei-faktor', { code: await generateTotpCode(await pendingTotpSecret(district.user.id)) });
      },
      'POST /konto/api-tokens': () => district.client.post('/konto/api-tokens', { name: 'Skript' }),
      'POST /konto/api-tokens/:id/widerrufen': async () => {
        const result = (await database.db.execute(sql`select id from api_tokens where user_id = ${district.user.id} order by id desc limit 1`)) as unknown as { rows: { id: number }[] };
        return district.client.post(`/konto/api-tokens/${result.rows[0]!.id}/widerrufen`, {});
      },
      // calendar: the personal iCal feed address (created, then revoked)
      'POST /kalender/ical': () => hmsi.client.post('/kalender/ical', {}),
      'POST /kalender/ical/:id/widerrufen': async () => {
        const result = (await database.db.execute(sql`select id from calendar_feed_tokens where user_id = ${hmsi.user.id} order by id desc limit 1`)) as unknown as { rows: { id: number }[] };
        return hmsi.client.post(`/kalender/ical/${result.rows[0]!.id}/widerrufen`, {});
      },
      'POST /admin/sicherung': () => admin.client.post('/admin/sicherung', {}),
      // mail: own reminder settings; "erneut senden" of a failed outbox mail
      'POST /konto/erinnerungen': () => hmsi.client.post('/konto/erinnerungen', { version: '0', aktiv: '1', tage: '5, 1', tagesuebersicht: '1' }),
      'POST /admin/postausgang/:id/erneut-senden': async () => {
        const result = (await database.db.execute(
          sql`insert into outbox_mails (recipient, subject, body_text, kind, status, attempts, last_error) values ('x@test.aqb.example', 'Test', 'Test', 'erinnerung', 'fehlgeschlagen', 8, 'down') returning id, version`,
        )) as unknown as { rows: { id: number; version: number }[] };
        return admin.client.post(`/admin/postausgang/${result.rows[0]!.id}/erneut-senden`, { version: String(result.rows[0]!.version) });
      },
      // The letterhead master data (administrators): the seeded HMSI sender with a contact person.
      'POST /admin/briefkoepfe/:key': async () => {
        const l = await findLetterhead(database.db, 'hmsi');
        return admin.client.post('/admin/briefkoepfe/hmsi', {
          version: String(l.version),
          authority: l.authority,
          unit: l.unit ?? '',
          shortName: l.shortName,
          addressLines: l.addressLines.join('\n'),
          contactName: 'Ansprechperson Abdeckung',
          phone: l.phone ?? '',
          email: l.email ?? '',
          web: l.web ?? '',
          referencePrefix: l.referencePrefix,
          signerName: l.signerName,
          signerRole: l.signerRole,
          signaturePrefix: l.signaturePrefix ?? '',
        });
      },
      'POST /admin/benutzer': () => admin.client.post('/admin/benutzer', { name: 'Rita Regierung', email: 'rita@test.aqb.example', role: 'rp', ags: '' }),
      'POST /admin/benutzer/:id/bearbeiten': () => admin.client.post(`/admin/benutzer/${fresh.user.id}/bearbeiten`, { name: 'Frieda Frisch-Neu', email: fresh.user.email, role: fresh.user.role, ags: fresh.user.ags ?? '' }),
      'POST /admin/benutzer/:id/deaktivieren': () => admin.client.post(`/admin/benutzer/${fresh.user.id}/deaktivieren`, {}),
      'POST /admin/benutzer/:id/reaktivieren': () => admin.client.post(`/admin/benutzer/${fresh.user.id}/reaktivieren`, {}),
      'POST /admin/benutzer/:id/zuruecksetzen': () => admin.client.post(`/admin/benutzer/${fresh.user.id}/zuruecksetzen`, {}),
      // AQB years
      'POST /jahre': () => hmsi.client.post('/jahre', { year: '2026', landesbudget: '27.700.000' }),
      'POST /jahre/:year/landesbudget': () => hmsi.client.post('/jahre/2026/landesbudget', { landesbudget: '27.800.000' }),
      'POST /jahre/:year/teilbudgets': () => hmsi.client.post('/jahre/2026/teilbudgets', { name: 'Teilzeitausbildung', amount: '1.000.000', paragraphText: 'Davon sind 1.000.000 Euro für Teilzeitausbildung vorgesehen.' }),
      'POST /jahre/:year/teilbudgets/:id/bearbeiten': async () => {
        const result = (await database.db.execute(sql`select id from sub_budgets where year = 2026 order by id desc limit 1`)) as unknown as { rows: { id: number }[] };
        return hmsi.client.post(`/jahre/2026/teilbudgets/${result.rows[0]!.id}/bearbeiten`, { name: 'Teilzeitausbildung', amount: '1.100.000', paragraphText: 'Davon sind 1.100.000 Euro für Teilzeitausbildung vorgesehen.' });
      },
      'POST /jahre/:year/teilbudgets/:id/loeschen': async () => {
        const result = (await database.db.execute(sql`select id from sub_budgets where year = 2026 order by id desc limit 1`)) as unknown as { rows: { id: number }[] };
        return hmsi.client.post(`/jahre/2026/teilbudgets/${result.rows[0]!.id}/loeschen`, {});
      },
      'POST /jahre/:year/szenarien/schluessel': () =>
        multipart(hmsi.client, '/jahre/2026/szenarien/schluessel', { name: 'Schlüssel A', budget: '27.700.000', weights: '', floor: '', round: '10', indicators: '' }, {
          key: new File([readFileSync(new URL('../../src/modules/budget-years/allocation/fixtures/indicators-2026.csv', import.meta.url))], 'indikatoren.csv', { type: 'text/csv' }),
        }),
      'POST /jahre/:year/szenarien/manuell': async () => {
        const { loadShippedDistricts } = await import('../../src/modules/districts/service');
        const fields: Record<string, string> = { name: 'Von Hand' };
        for (const d of loadShippedDistricts()) fields[`betrag_${d.ags}`] = '1.000.000';
        return hmsi.client.post('/jahre/2026/szenarien/manuell', fields);
      },
      'POST /jahre/:year/szenarien/:id/umbenennen': async () => {
        const result = (await database.db.execute(sql`select id from allocation_scenarios where year = 2026 and name = 'Schlüssel A'`)) as unknown as { rows: { id: number }[] };
        return hmsi.client.post(`/jahre/2026/szenarien/${result.rows[0]!.id}/umbenennen`, { name: 'Schlüssel B' });
      },
      'POST /jahre/:year/szenarien/:id/loeschen': async () => {
        const result = (await database.db.execute(sql`select id from allocation_scenarios where year = 2026 and name = 'Schlüssel B'`)) as unknown as { rows: { id: number }[] };
        return hmsi.client.post(`/jahre/2026/szenarien/${result.rows[0]!.id}/loeschen`, {});
      },
      'POST /jahre/:year/szenarien/:id/festlegen': async () => {
        const result = (await database.db.execute(sql`select id from allocation_scenarios where year = 2026 and name = 'Von Hand'`)) as unknown as { rows: { id: number }[] };
        return hmsi.client.post(`/jahre/2026/szenarien/${result.rows[0]!.id}/festlegen`, { announcedOn: '2025-12-19' });
      },
      'POST /jahre/:year/revisionen': () => hmsi.client.post('/jahre/2026/revisionen', { ags: '06439', amount: '900.000', reason: 'Kürzung', decidedOn: '2026-04-01', bestaetigt: '1' }),
      // templates
      'POST /vorlagen/:year{[0-9]{4}}': () => hmsi.client.post('/vorlagen/2025', { ...formValuesFromContent(defaultTemplate(2025)), note: 'Abdeckungstest', aktion: 'speichern' }),
      // After the save above there are two versions: restoring version 1 makes version 3.
      'POST /vorlagen/:year{[0-9]{4}}/wiederherstellen': () => hmsi.client.post('/vorlagen/2025/wiederherstellen', { version: '1' }),
      // portal
      'POST /barrierefreiheit/rueckmeldung': () => new TestClient(app).post('/barrierefreiheit/rueckmeldung', { message: 'Der Kontrast ist zu schwach.' }),
      'POST /admin/rueckmeldungen/:id{[0-9]{1,9}}': async () => {
        const result = (await database.db.execute(sql`select id from portal_feedback order by id desc limit 1`)) as unknown as { rows: { id: number }[] };
        return hmsi.client.post(`/admin/rueckmeldungen/${result.rows[0]!.id}`, { answer: 'Der Kontrast wurde erhöht.' });
      },
      'POST /admin/seiten/opendata-lizenz': () => admin.client.post('/admin/seiten/opendata-lizenz', { licence: 'cc-by/4.0' }),
      'POST /admin/seiten/:slug': () => admin.client.post('/admin/seiten/impressum', { title: 'Impressum', body: 'Hessisches Ministerium\n\nWiesbaden' }),
      // imports
      'POST /import': () => multipart(hmsi.client, '/import', {}, { dateien: new File([lwText], 'lw.txt', { type: 'text/plain' }) }),
      'POST /import/stapel/:batch/:position': async () => {
        const result = (await database.db.execute(sql`select batch_id as b from import_drafts order by id desc limit 1`)) as unknown as { rows: { b: string }[] };
        return hmsi.client.post(`/import/stapel/${result.rows[0]!.b}/1`, { action: 'skip' });
      },
      // agreements (RTK 2025 through the pages, Landkreis Darmstadt-Dieburg 2025 through the API)
      'POST /zielvereinbarungen': () => hmsi.client.post('/zielvereinbarungen', { neu_jahr: '2025', neu_ags: '06439' }),
      'POST /zielvereinbarungen/:year/:ags/bearbeiten': async () =>
        hmsi.client.post('/zielvereinbarungen/2025/06439/bearbeiten', { version: await version(2025, '06439'), betrag: '500.000,00', projekte_1: 'Projekt A', projekte_2: '', projekte_3: '', projekte_4: '' }),
      'POST /zielvereinbarungen/:year/:ags/notizen': () => district.client.post('/zielvereinbarungen/2025/06439/notizen', { body: 'Projekt A bitte mit Träger.' }),
      'POST /zielvereinbarungen/:year/:ags/abgestimmt': async () => district.client.post('/zielvereinbarungen/2025/06439/abgestimmt', { version: await version(2025, '06439') }),
      'POST /zielvereinbarungen/:year/:ags/status': async () => hmsi.client.post('/zielvereinbarungen/2025/06439/status', { version: await version(2025, '06439'), to: 'in_abstimmung' }),
      'POST /zielvereinbarungen/:year/:ags/unterschrift': async () => {
        await hmsi.client.post('/zielvereinbarungen/2025/06439/status', { version: await version(2025, '06439'), to: 'zur_unterschrift' });
        return hmsi.client.post('/zielvereinbarungen/2025/06439/unterschrift', { version: await version(2025, '06439'), partei: 'land', ort: 'Wiesbaden', datum: TODAY, name: 'Heike Hofmann', amt: 'Staatsministerin', bestaetigt: '1' });
      },
      'POST /zielvereinbarungen/:year/:ags/veroeffentlichen': async () => {
        // The district signs too, then the ministry publishes what the confirmation page showed.
        await district.client.post('/zielvereinbarungen/2025/06439/unterschrift', { version: await version(2025, '06439'), partei: 'district', ort: 'Bad Schwalbach', datum: TODAY, name: 'Sandro Zehner', amt: 'Landrat', bestaetigt: '1' });
        const confirm = await (await hmsi.client.get(`/zielvereinbarungen/2025/06439/veroeffentlichen?version=${await version(2025, '06439')}`)).text();
        const sha256 = /<code class="sha256">([0-9a-f]{64})<\/code>/.exec(confirm)![1]!;
        return hmsi.client.post('/zielvereinbarungen/2025/06439/veroeffentlichen', { version: await version(2025, '06439'), sha256 });
      },
      'POST /zielvereinbarungen/:year/:ags/zurueckziehen': async () => {
        // RTK 2024 is seeded as published: the ministry withdraws it with a reason.
        return hmsi.client.post('/zielvereinbarungen/2024/06439/zurueckziehen', { version: await version(2024, '06439'), grund: 'Falsche Fassung veröffentlicht.' });
      },
      'POST /zielvereinbarungen/:year/:ags/nachtrag': async () => {
        // LW 2025 is seeded as published: a Nachtrag starts from it.
        return hmsi.client.post('/zielvereinbarungen/2025/06533/nachtrag', { version: await version(2025, '06533') });
      },
      // projects and Träger (district 06439, AQB year 2025)
      'POST /traeger/:ags': () => district.client.post('/traeger/06439', { name: 'Abdeckung gGmbH', anschrift: 'Weg 1, 65307 Bad Schwalbach' }),
      'POST /traeger/:ags/:id/bearbeiten': async () => {
        const result = (await database.db.execute(sql`select id, version from providers where ags = '06439' and name = 'Abdeckung gGmbH'`)) as unknown as { rows: { id: number; version: number }[] };
        return district.client.post(`/traeger/06439/${result.rows[0]!.id}/bearbeiten`, { version: String(result.rows[0]!.version), name: 'Abdeckung gGmbH', anschrift: 'Weg 2, 65307 Bad Schwalbach' });
      },
      'POST /projekte/:year/:ags/neu': () =>
        district.client.post('/projekte/2025/06439/neu', {
          kuerzel: 'AB1',
          titel: 'Abdeckungsprojekt',
          massnahmenart: '2',
          traeger: '',
          ausgaben_zeilen: '1',
          ausgabe_0_art: 'sach',
          ausgabe_0_bezeichnung: 'Material',
          ausgabe_0_betrag: '1.000,00',
          finanzierung_zeilen: '1',
          finanzierung_0_quelle: 'aqb',
          finanzierung_0_betrag: '1.000,00',
          aktion: 'speichern',
        }),
      'POST /projekte/:year/:ags/projekt/:key/bearbeiten': async () => {
        const result = (await database.db.execute(sql`select version from projects where year = 2025 and ags = '06439' and key = 'AB1'`)) as unknown as { rows: { version: number }[] };
        return district.client.post('/projekte/2025/06439/projekt/AB1/bearbeiten', { version: String(result.rows[0]!.version), kuerzel: 'AB1', titel: 'Abdeckungsprojekt (geändert)', massnahmenart: '2', traeger: '', aktion: 'speichern' });
      },
      'POST /projekte/:year/:ags/projekt/:key/entfernen': async () => {
        const result = (await database.db.execute(sql`select version from projects where year = 2025 and ags = '06439' and key = 'AB1'`)) as unknown as { rows: { version: number }[] };
        return district.client.post('/projekte/2025/06439/projekt/AB1/entfernen', { version: String(result.rows[0]!.version) });
      },
      // the Antrag of Landkreis Darmstadt-Dieburg 2025 (06432): its district submits, RP records the Eingang, the district withdraws
      'POST /antraege/:year/:ags/einreichen': async () => {
        const dadi = await signedIn('district', '06432');
        antragDistrict = dadi.client;
        const actor = (await getActorByEmail(database.db, dadi.user.email));
        await database.db.transaction((tx) =>
          saveProject(tx, actor, { year: 2025, ags: '06432' }, {
            key: 'DA1',
            title: 'Ausbildungslotsen',
            measureType: 1,
            provider: { name: 'Lotsen gGmbH', address: 'Weg 3, 64807 Dieburg' },
            start: '2025-01-01',
            end: '2025-12-31',
            expenses: [{ category: 'personal', label: 'Lotsin', amountCents: 50_000_00 }],
            funding: [{ source: 'aqb', amountCents: 50_000_00 }],
          }),
        );
        await database.db.transaction((tx) => uploadStrategy(tx, actor, '06432', { title: 'Strategie', validFrom: '2025-01-01', validTo: '2027-12-31', file: { name: 's.pdf', bytes: new TextEncoder().encode('%PDF-1.4\n%%EOF\n') } }));
        return dadi.client.post('/antraege/2025/06432/einreichen', { version: '0' });
      },
      'POST /antraege/:year/:ags/eingang': async () => {
        const rp = await signedIn('rp');
        return rp.client.post('/antraege/2025/06432/eingang', { version: '1', aktenzeichen: 'RPKS-57-AQB-2025-06432', eingang: TODAY.split('-').reverse().join('.') });
      },
      'POST /antraege/:year/:ags/zurueckziehen': () => antragDistrict!.post('/antraege/2025/06432/zurueckziehen', { version: '2' }),
      'PUT /api/v1/antraege/:year/:ags': async () => {
        const { token } = await database.db.transaction((tx) => createApiToken(tx, district.user.id, 'Antrag'));
        const antrag = {
          schema: 'aqb.antrag/1',
          year: 2026,
          district: { ags: '06439' },
          projects: [{ key: 'API1', title: 'Über die API beantragt', measureType: 1, expenses: [{ category: 'sach', label: 'Material', amountCents: 100_00 }], funding: [{ source: 'aqb', amountCents: 100_00 }] }],
        };
        return app.request('http://localhost/api/v1/antraege/2026/06439', { method: 'PUT', body: JSON.stringify(antrag), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
      },
      // RP Kassel: Prüfung, Nachforderung (after the confirmation), the district's answer, resumed Prüfung, Bescheid draft, edit, issue
      'POST /antraege/:year/:ags/pruefung': async () =>
        reviewRp.client.post(`${RV}/pruefung`, { version: String(await antragVersion('06434')), erledigt_vollstaendigkeit: '1', notiz_vollstaendigkeit: 'Vollständig', erledigt_strategie: '1' }),
      'POST /antraege/:year/:ags/nachforderung': async () =>
        reviewRp.client.post(`${RV}/nachforderung`, { version: String(await antragVersion('06434')), fehlend: 'Kostenaufstellung der Personalausgaben', frist: nachforderungDeadline.split('-').reverse().map(Number).join('.'), bestaetigt: '1' }),
      'POST /antraege/:year/:ags/nachforderung/antwort': async () => reviewDistrict.client.post(`${RV}/nachforderung/antwort`, { version: String(await antragVersion('06434')), antwort: 'Die Aufstellung liegt bei.' }),
      'POST /antraege/:year/:ags/fortsetzen': async () => reviewRp.client.post(`${RV}/fortsetzen`, { version: String(await antragVersion('06434')) }),
      'POST /antraege/:year/:ags/bescheide': async () => reviewRp.client.post(`${RV}/bescheide`, { version: String(await antragVersion('06434')) }),
      'POST /antraege/:year/:ags/bescheide/:seq': async () => reviewRp.client.post(`${RV}/bescheide/1`, await bescheidForm()),
      'POST /antraege/:year/:ags/bescheide/:seq/erlassen': async () => reviewRp.client.post(`${RV}/bescheide/1/erlassen`, { version: String((await getBescheid(database.db, 2025, '06434', 1)).version) }),
      // the same through the API for the second Antrag
      'PUT /api/v1/antraege/:year/:ags/pruefung': async () =>
        reviewApi(reviewRpToken, 'PUT', `${ARV}/pruefung`, { version: await antragVersion('06435'), items: CHECKLIST_ITEMS.map((key) => ({ key, checked: true, note: '' })) }),
      'POST /api/v1/antraege/:year/:ags/nachforderungen': async () =>
        reviewApi(reviewRpToken, 'POST', `${ARV}/nachforderungen`, { version: await antragVersion('06435'), items: 'Kostenaufstellung', deadline: nachforderungDeadline }),
      'POST /api/v1/antraege/:year/:ags/nachforderungen/antwort': async () =>
        reviewApi(reviewApiDistrictToken, 'POST', `${ARV}/nachforderungen/antwort`, { version: await antragVersion('06435'), answer: 'Über die API nachgereicht.' }),
      'POST /api/v1/antraege/:year/:ags/fortsetzen': async () => reviewApi(reviewRpToken, 'POST', `${ARV}/fortsetzen`, { version: await antragVersion('06435') }),
      'POST /api/v1/antraege/:year/:ags/bescheide': async () => reviewApi(reviewRpToken, 'POST', `${ARV}/bescheide`, { version: await antragVersion('06435') }),
      'PUT /api/v1/antraege/:year/:ags/bescheide/:seq': async () => {
        const b = await getBescheid(database.db, 2025, '06435', 1);
        return reviewApi(reviewRpToken, 'PUT', `${ARV}/bescheide/1`, {
          version: b.version,
          periodFrom: b.periodFrom,
          periodTo: b.periodTo,
          proofDueOn: b.proofDueOn,
          purpose: b.purpose,
          conditions: b.conditions,
          legalRemedy: b.legalRemedy,
          reason: '',
          lines: b.lines.map((l) => ({ projectId: l.projectId, approvedCents: l.approvedCents, financingType: l.financingType, rejectionReason: '' })),
        });
      },
      'POST /api/v1/antraege/:year/:ags/bescheide/:seq/erlassen': async () =>
        reviewApi(reviewRpToken, 'POST', `${ARV}/bescheide/1/erlassen`, { version: (await getBescheid(database.db, 2025, '06435', 1)).version }),
      // events: a Tagung created, edited, published after the confirmation, a material uploaded; a district registers and
      // withdraws through the page, another registers through the API
      'POST /tagungen/neu': () => hmsi.client.post('/tagungen/neu', { titel: 'Abdeckungstagung', datum: '10.6.2030', beginn: '9:30', ende: '16:00', ort: 'Kassel', plaetze: '20', anmeldeschluss: '1.6.2030' }),
      'POST /tagungen/:id{[0-9]{1,9}}/bearbeiten': async () => {
        const event = await lastEvent();
        return hmsi.client.post(`/tagungen/${event.id}/bearbeiten`, { version: String(event.version), titel: 'Abdeckungstagung (geändert)', datum: '10.6.2030', beginn: '9:30', ende: '16:00', ort: 'Kassel', plaetze: '20', anmeldeschluss: '1.6.2030' });
      },
      'POST /tagungen/:id{[0-9]{1,9}}/veroeffentlichen': async () => {
        const event = await lastEvent();
        return hmsi.client.post(`/tagungen/${event.id}/veroeffentlichen`, { version: String(event.version) });
      },
      'POST /tagungen/:id{[0-9]{1,9}}/anmeldung': async () => reviewDistrict.client.post(`/tagungen/${(await lastEvent()).id}/anmeldung`, { version: '0', personen: '2', name_0: 'Erika Beispiel', funktion_0: 'AQB-Koordination', bedarf: '' }),
      'POST /tagungen/:id{[0-9]{1,9}}/anmeldung/zurueckziehen': async () => {
        const event = await lastEvent();
        const result = (await database.db.execute(sql`select version from event_registrations where event_id = ${event.id} and ags = '06434'`)) as unknown as { rows: { version: number }[] };
        return reviewDistrict.client.post(`/tagungen/${event.id}/anmeldung/zurueckziehen`, { version: String(result.rows[0]!.version) });
      },
      'POST /tagungen/:id{[0-9]{1,9}}/dokumente': async () =>
        multipart(hmsi.client, `/tagungen/${(await lastEvent()).id}/dokumente`, { dokument_titel: 'Programm', art: 'material' }, { datei: new File([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')], 'programm.pdf', { type: 'application/pdf' }) }),
      'PUT /api/v1/tagungen/:id/anmeldung': async () => reviewApi(reviewApiDistrictToken, 'PUT', `/api/v1/tagungen/${(await lastEvent()).id}/anmeldung`, { version: 0, peopleCount: 1 }),
      // good practice: the district proposes its project, the ministry takes it into the catalogue
      'POST /gute-praxis/neu': async () => {
        const result = (await database.db.execute(sql`select id from projects where year = 2025 and ags = '06434' and key = 'RP1'`)) as unknown as { rows: { id: number }[] };
        return reviewDistrict.client.post('/gute-praxis/neu?jahr=2025&gk=06434', { version: '0', projekt: String(result.rows[0]!.id), beschreibung: 'Begleitung von Auszubildenden durch eine feste Ansprechperson im Betrieb.', zielgruppe: 'eltern', kontakt: 'Amt für Arbeit' });
      },
      'POST /gute-praxis/:id{[0-9]{1,9}}/entscheidung': async () => {
        const result = (await database.db.execute(sql`select id, version from good_practice_entries order by id desc limit 1`)) as unknown as { rows: { id: number; version: number }[] };
        return hmsi.client.post(`/gute-praxis/${result.rows[0]!.id}/entscheidung`, { version: String(result.rows[0]!.version), entscheidung: 'aufnehmen' });
      },
      'POST /strategien/:ags': () =>
        multipart(district.client, '/strategien/06439', { titel: 'Regionale Strategie 2025–2028', gueltig_von: '1.1.2025', gueltig_bis: '31.12.2028' }, {
          datei: new File(['%PDF-1.4\n%%EOF\n'], 'strategie.pdf', { type: 'application/pdf' }),
        }),
      // Teilnehmende: a valid file is staged (audited), then confirmed (the replacement, audited).
      'POST /teilnehmende/:year{[0-9]{4}}/:ags{[0-9]{5}}/:key/hochladen': async () => {
        const response = await multipart(district.client, `${participants}/hochladen`, {}, { datei: new File([participantCsv([participantRow('TN-1'), participantRow('TN-2')])], 'tn.csv', { type: 'text/csv' }) });
        pendingUpload = response.headers.get('location') ?? '';
        return response;
      },
      'POST /teilnehmende/:year{[0-9]{4}}/:ags{[0-9]{5}}/:key/hochladen/:upload': () => district.client.post(pendingUpload, { aktion: 'ersetzen' }),
      // A data subject's request: the export and the deletion are both audited.
      'POST /teilnehmende/auskunft/:ags{[0-9]{5}}/export': () => district.client.post('/teilnehmende/auskunft/06439/export', { kennung: 'TN-1' }),
      'POST /teilnehmende/auskunft/:ags{[0-9]{5}}/loeschen': () => district.client.post('/teilnehmende/auskunft/06439/loeschen', { kennung: 'TN-1', bestaetigt: '1' }),
      // The money path: request → payout → use → Zwischenzinsen decision → Verwendungsnachweis → Prüfung → Rückforderung.
      'POST /mittel/:year/:ags/abrufe': () => moneyDistrict.client.post(`${MZ}/abrufe`, { projekt: 'MZ1', datum: '1.3.2024', betrag: '4.000,00', faellig_1_datum: '30.4.2024', faellig_1_betrag: '4.000,00', faellig_1_zweck: 'Honorare' }),
      'POST /mittel/:year/:ags/abrufe/:id/auszahlung': async () => moneyRp.client.post(`${MZ}/abrufe/${await firstRequestId('06433')}/auszahlung`, { datum: '5.3.2024', betrag: '4.000,00' }),
      'POST /mittel/:year/:ags/verwendungen': () => moneyDistrict.client.post(`${MZ}/verwendungen`, { projekt: 'MZ1', datum: '1.6.2024', betrag: '4.000,00', beschreibung: 'Honorare' }),
      'POST /mittel/:year/:ags/zwischenzinsen': () => moneyRp.client.post(`${MZ}/zwischenzinsen`, { projekt: 'MZ1', stichtag: '1.6.2024', version: '0', entscheidung: 'verzicht', begruendung: 'Geringfügig' }),
      'POST /verwendungsnachweise/:year/:ags': () => moneyDistrict.client.post(VZ, { version: '0', bericht_0: 'Durchgeführt', plaetze_0: '5', ergebnisse_0: '', ausgabe_0_0: '3.000,00', finanzierung_0_0: '3.000,00' }),
      'POST /verwendungsnachweise/:year/:ags/einreichen': async () => moneyDistrict.client.post(`${VZ}/einreichen`, { version: String(await proofVersion('06433')) }),
      'POST /verwendungsnachweise/:year/:ags/pruefung': async () => moneyRp.client.post(`${VZ}/pruefung`, { version: String(await proofVersion('06433')), pruefvermerk: 'Geprüft', zinsende: '1.10.2024' }),
      'POST /verwendungsnachweise/:year/:ags/rueckforderung': async () => moneyRp.client.post(`${VZ}/rueckforderung`, { version: String(await proofVersion('06433')) }),
      'POST /api/v1/mittel/:year/:ags/abrufe': () => moneyApi(dadiToken, 'POST', `${AMZ}/abrufe`, { projectKey: 'MZ2', requestedOn: '2024-03-01', amountCents: 4_000_00, plannedUse: [{ dueOn: '2024-04-30', amountCents: 4_000_00, purpose: 'Honorare' }] }),
      'POST /api/v1/mittel/:year/:ags/auszahlungen': async () => moneyApi(rpToken, 'POST', `${AMZ}/auszahlungen`, { requestId: await firstRequestId('06432'), paidOn: '2024-03-05', amountCents: 4_000_00 }),
      'POST /api/v1/mittel/:year/:ags/verwendungen': () => moneyApi(dadiToken, 'POST', `${AMZ}/verwendungen`, { projectKey: 'MZ2', usedOn: '2024-06-01', amountCents: 4_000_00 }),
      'POST /api/v1/mittel/:year/:ags/zwischenzinsen': () => moneyApi(rpToken, 'POST', `${AMZ}/zwischenzinsen`, { projectKey: 'MZ2', decision: 'geltend', asOf: '2024-06-01', version: 0 }),
      'PUT /api/v1/verwendungsnachweise/:year/:ags': () => moneyApi(dadiToken, 'PUT', AVZ, { version: 0, projects: [{ projectKey: 'MZ2', report: 'Durchgeführt', placesFilled: 4, results: '', expenses: [3_000_00], funding: [3_000_00] }] }),
      'POST /api/v1/verwendungsnachweise/:year/:ags/einreichen': async () => moneyApi(dadiToken, 'POST', `${AVZ}/einreichen`, { version: await proofVersion('06432') }),
      'POST /api/v1/verwendungsnachweise/:year/:ags/pruefung': async () => moneyApi(rpToken, 'POST', `${AVZ}/pruefung`, { version: await proofVersion('06432'), note: 'Geprüft', interestTo: '2024-10-01' }),
      'POST /api/v1/verwendungsnachweise/:year/:ags/rueckforderung': async () => moneyApi(rpToken, 'POST', `${AVZ}/rueckforderung`, { version: await proofVersion('06432') }),
      // The deviation register (§ 6): recorded by the district, justified, assessed by the ministry after the confirmation; the same through the API.
      'POST /umsetzungsbesprechungen/:year/:ags/ansetzen': () =>
        hmsi.client.post('/umsetzungsbesprechungen/2025/06439/ansetzen', { datum0: '14.10.2025', von0: '10:00', bis0: '12:00', datum1: '4.11.2025', von1: '9:30', bis1: '11:30', ort: 'Wiesbaden', video: '', teilnehmende: '' }),
      'POST /umsetzungsbesprechungen/:year/:ags/andere-termine': async () => district.client.post('/umsetzungsbesprechungen/2025/06439/andere-termine', { version: await meetingVersion(), notiz: 'Lieber im November' }),
      'POST /umsetzungsbesprechungen/:year/:ags/termin-bestaetigen': async () => district.client.post('/umsetzungsbesprechungen/2025/06439/termin-bestaetigen', { version: await meetingVersion(), termin: '1', bestaetigt: '1' }),
      'POST /umsetzungsbesprechungen/:year/:ags/tagesordnung/neu-erzeugen': async () => hmsi.client.post('/umsetzungsbesprechungen/2025/06439/tagesordnung/neu-erzeugen', { version: await meetingVersion(), bestaetigt: '1' }),
      'POST /umsetzungsbesprechungen/:year/:ags/tagesordnung': async () => district.client.post('/umsetzungsbesprechungen/2025/06439/tagesordnung', { version: await meetingVersion(), nr0: '1', titel0: 'Finanzstand', text0: '' }),
      'POST /umsetzungsbesprechungen/:year/:ags/absagen': async () => {
        await hmsi.client.post('/umsetzungsbesprechungen/2025/06533/ansetzen', { datum0: '14.10.2025', von0: '10:00', bis0: '12:00', ort: 'Limburg', video: '', teilnehmende: '' });
        return hmsi.client.post('/umsetzungsbesprechungen/2025/06533/absagen', { version: await meetingVersion('06533'), grund: 'Abdeckung', bestaetigt: '1' });
      },
      'POST /umsetzungsbesprechungen/:year/:ags/protokoll/eroeffnen': async () => hmsi.client.post('/umsetzungsbesprechungen/2025/06439/protokoll/eroeffnen', { version: await meetingVersion(), bestaetigt: '1' }),
      'POST /umsetzungsbesprechungen/:year/:ags/protokoll': async () =>
        district.client.post('/umsetzungsbesprechungen/2025/06439/protokoll', { version: await meetingVersion(), anwesende: 'Alle', besprechung0: 'Besprochen', beschluesse0: '', was0: 'Liste nachreichen', wer0: 'RTK', bis0: '31.1.2026' }),
      'POST /umsetzungsbesprechungen/:year/:ags/protokoll/bestaetigen': async () => hmsi.client.post('/umsetzungsbesprechungen/2025/06439/protokoll/bestaetigen', { version: await meetingVersion(), bestaetigt: '1' }),
      'POST /umsetzungsbesprechungen/:year/:ags/folgeaufgaben/:id': async () => {
        await district.client.post('/umsetzungsbesprechungen/2025/06439/protokoll/bestaetigen', { version: await meetingVersion(), bestaetigt: '1' });
        const followUp = await lastFollowUp();
        return district.client.post(`/umsetzungsbesprechungen/2025/06439/folgeaufgaben/${followUp.id}`, { version: String(followUp.version), status: 'erledigt' });
      },
      // The same journey through the JSON API (RTK 2024 with the HMSI and the district token; Limburg-Weilburg 2024 called off).
      'POST /api/v1/umsetzungsbesprechungen/:year/:ags/ansetzen': () => json('POST', `${UB}/ansetzen`, { dates: [{ start: '2024-10-14T10:00:00+02:00', end: '2024-10-14T12:00:00+02:00' }, { start: '2024-11-05T10:00:00+01:00', end: '2024-11-05T12:00:00+01:00' }], place: 'Wiesbaden', videoUrl: '' }),
      'POST /api/v1/umsetzungsbesprechungen/:year/:ags/andere-termine': async () => districtJson('POST', `${UB}/andere-termine`, { version: (await apiMeeting()).version, note: 'Lieber im November' }),
      'POST /api/v1/umsetzungsbesprechungen/:year/:ags/termin-bestaetigen': async () => districtJson('POST', `${UB}/termin-bestaetigen`, { version: (await apiMeeting()).version, dateIndex: 1 }),
      'POST /api/v1/umsetzungsbesprechungen/:year/:ags/tagesordnung/neu-erzeugen': async () => json('POST', `${UB}/tagesordnung/neu-erzeugen`, { version: (await apiMeeting()).version }),
      'PUT /api/v1/umsetzungsbesprechungen/:year/:ags/tagesordnung': async () => {
        const m = await apiMeeting();
        return districtJson('PUT', `${UB}/tagesordnung`, { version: m.version, items: [...m.agenda, { title: 'Über die API', text: '' }] });
      },
      'POST /api/v1/umsetzungsbesprechungen/:year/:ags/tagesordnung': async () => {
        const m = await apiMeeting();
        return json('POST', `${UB}/tagesordnung`, { version: m.version, items: m.agenda.slice(0, 3) });
      },
      'POST /api/v1/umsetzungsbesprechungen/:year/:ags/absagen': async () => {
        await json('POST', `${UB_LW}/ansetzen`, { dates: [{ start: '2024-10-14T10:00:00+02:00', end: '2024-10-14T12:00:00+02:00' }], place: 'Limburg' });
        return json('POST', `${UB_LW}/absagen`, { version: 1, reason: 'Abdeckung' });
      },
      'POST /api/v1/umsetzungsbesprechungen/:year/:ags/protokoll/eroeffnen': async () => json('POST', `${UB}/protokoll/eroeffnen`, { version: (await apiMeeting()).version }),
      'PUT /api/v1/umsetzungsbesprechungen/:year/:ags/protokoll': async () => {
        const m = await apiMeeting();
        return districtJson('PUT', `${UB}/protokoll`, { version: m.version, attendees: 'Alle', items: m.agenda.map(() => ({ discussion: 'Besprochen', decisions: '' })), followUps: [] });
      },
      'POST /api/v1/umsetzungsbesprechungen/:year/:ags/protokoll': async () => {
        const m = await apiMeeting();
        return json('POST', `${UB}/protokoll`, { version: m.version, attendees: 'Alle', items: m.minutes.items, followUps: [{ what: 'Liste nachreichen', who: 'RTK', due: '2025-01-31' }] });
      },
      'POST /api/v1/umsetzungsbesprechungen/:year/:ags/protokoll/bestaetigen': async () => json('POST', `${UB}/protokoll/bestaetigen`, { version: (await apiMeeting()).version }),
      'POST /api/v1/umsetzungsbesprechungen/:year/:ags/folgeaufgaben/:id': async () => {
        await districtJson('POST', `${UB}/protokoll/bestaetigen`, { version: (await apiMeeting()).version });
        const f = (await apiMeeting()).followUps[0]!;
        return districtJson('POST', `${UB}/folgeaufgaben/${f.id}`, { version: f.version, status: 'erledigt' });
      },
      'POST /landesbericht': () => hmsi.client.post('/landesbericht', { jahr: '2025' }),
      'POST /landesbericht/:year': () => hmsi.client.post('/landesbericht/2025', { version: '1', vorwort: 'Vorwort', kommentar_mittel: 'Kommentar' }),
      'POST /landesbericht/:year/freigeben': () => hmsi.client.post('/landesbericht/2025/freigeben', { version: '2' }),
      'POST /landesbericht/:year/korrektur': () => hmsi.client.post('/landesbericht/2025/korrektur', {}),
      'POST /api/v1/landesbericht/:year/release': () => json('POST', '/api/v1/landesbericht/2025/release', { version: 1 }),
      'POST /abweichungen/:year/:ags': () => district.client.post('/abweichungen/2025/06439', { gegenstand: 'Abdeckung', projekt: '', massnahmenart: '1', betrag: '100', anzahl: '', seit: '1.10.2025' }),
      'POST /abweichungen/:year/:ags/:id/begruenden': async () => district.client.post(`/abweichungen/2025/06439/${await lastDeviationId()}/begruenden`, { version: '1', begruendung: 'Begründung' }),
      'POST /abweichungen/:year/:ags/:id/bewerten': async () =>
        hmsi.client.post(`/abweichungen/2025/06439/${await lastDeviationId()}/bewerten`, { version: '2', bewertung: 'anerkannt', grund: 'Nachvollziehbar', bestaetigt: '1' }),
      // Monitoring (§ 6): snapshot, detection (the run is audited even when nothing is red), thresholds by form and API.
      'POST /steuerung/:year/:ags{06\\d{3}}/stand': () => hmsi.client.post('/steuerung/2025/06439/stand', { anlass: 'Abdeckung' }),
      'POST /steuerung/:year/:ags{06\\d{3}}/pruefen': () => hmsi.client.post('/steuerung/2025/06439/pruefen', {}),
      'POST /steuerung/:year/pruefen': () => hmsi.client.post('/steuerung/2025/pruefen', {}),
      'POST /steuerung/:year/schwellenwerte': async () => {
        const { ensureThresholds } = await import('../../src/modules/steering/service');
        const set = await database.db.transaction((tx) => ensureThresholds(tx, 2025));
        const fields: Record<string, string> = { version: String(set.version) };
        for (const t of set.thresholds) Object.assign(fields, { [`${t.figure}_prozent`]: String(t.percent), [`${t.figure}_stichtag`]: '30.9.2025', [`${t.figure}_gelb`]: '5', ...(t.active ? { [`${t.figure}_aktiv`]: '1' } : {}) });
        return hmsi.client.post('/steuerung/2025/schwellenwerte', fields);
      },
      'PUT /api/v1/steuerung/:year{\\d{4}}/schwellenwerte': async () => {
        const { ensureThresholds } = await import('../../src/modules/steering/service');
        const set = await database.db.transaction((tx) => ensureThresholds(tx, 2025));
        return json('PUT', '/api/v1/steuerung/2025/schwellenwerte', { version: set.version, thresholds: set.thresholds.map((t) => ({ ...t, yellowBand: 15 })) });
      },
      'POST /api/v1/steuerung/:year{\\d{4}}/pruefen': () => json('POST', '/api/v1/steuerung/2025/pruefen', { ags: '06439' }),
      'POST /api/v1/abweichungen/:year/:ags': () => json('POST', '/api/v1/abweichungen/2025/06439', { subject: 'Über die API', amountCents: 100, since: '2025-10-01' }),
      'POST /api/v1/abweichungen/:year/:ags/:id/begruenden': async () => {
        const response = await district.client.post('/konto/api-tokens', { name: 'Abweichungen' });
        const token = /aqb_[A-Za-z0-9_-]+/.exec(await response.text())![0];
        return app.request(`http://localhost/api/v1/abweichungen/2025/06439/${await lastDeviationId()}/begruenden`, {
          method: 'POST',
          body: JSON.stringify({ version: 1, justification: 'Über die API begründet' }),
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        });
      },
      'POST /api/v1/abweichungen/:year/:ags/:id/bewerten': async () => json('POST', `/api/v1/abweichungen/2025/06439/${await lastDeviationId()}/bewerten`, { version: 2, assessment: 'nicht_anerkannt', reason: 'Nicht belegt' }),
      // Zielerreichung (§ 6): the ministry sets the rules and judges after the confirmation; the same through the API (a correction with a new reason).
      'POST /zielerreichung/:year/regeln': () =>
        hmsi.client.post('/zielerreichung/2025/regeln', { version: '0', kombination: 'schlechteste', 'mittel-erreicht': '90', 'mittel-teilweise': '70', 'mittel-gewicht': '1', 'plaetze-erreicht': '85', 'plaetze-teilweise': '60', 'plaetze-gewicht': '1', 'ergebnisse-erreicht': '80', 'ergebnisse-teilweise': '50', 'ergebnisse-gewicht': '1' }),
      'POST /zielerreichung/:year/:ags/beurteilung': () => hmsi.client.post('/zielerreichung/2025/06439/beurteilung', { version: '0', beurteilung: 'erreicht', grund: 'Abdeckung', bestaetigt: '1' }),
      'PUT /api/v1/zielerreichung/:year/regeln': async () => {
        const current = (await (await app.request('http://localhost/api/v1/zielerreichung/2025/regeln', { headers: { authorization: `Bearer ${hmsiToken}` } })).json()) as { version: number; rules: unknown };
        return json('PUT', '/api/v1/zielerreichung/2025/regeln', { version: current.version, rules: current.rules });
      },
      'POST /api/v1/zielerreichung/:year/:ags/beurteilung': async () => {
        const current = (await (await app.request('http://localhost/api/v1/zielerreichung/2025/06439', { headers: { authorization: `Bearer ${hmsiToken}` } })).json()) as { finalJudgement: { version: number } | null };
        return json('POST', '/api/v1/zielerreichung/2025/06439/beurteilung', { version: current.finalJudgement?.version ?? 0, judgement: 'teilweise_erreicht', reason: 'Korrektur über die API' });
      },
      'POST /api/v1/agreements': () => json('POST', '/api/v1/agreements', { year: 2025, ags: '06432' }),
      'PUT /api/v1/agreements/:year/:ags': async () => {
        const current = (await (await app.request(api, { headers: { authorization: `Bearer ${hmsiToken}` } })).json()) as { agreement: { measures: { type: number; projects: { title: string }[] }[] } };
        const agreement = { ...current.agreement, measures: current.agreement.measures.map((m) => (m.type === 1 ? { ...m, projects: [{ title: 'Über die API' }] } : m)) };
        return json('PUT', api, agreement, { 'if-match': `"${await version(2025, '06432')}"` });
      },
      'POST /api/v1/agreements/:year/:ags/transitions': async () => json('POST', `${api}/transitions`, { to: 'in_abstimmung', version: Number(await version(2025, '06432')) }),
      'POST /api/v1/agreements/:year/:ags/signatures': async () => {
        await json('POST', `${api}/transitions`, { to: 'zur_unterschrift', version: Number(await version(2025, '06432')) });
        return json('POST', `${api}/signatures`, { party: 'land', version: Number(await version(2025, '06432')), signature: { place: 'Wiesbaden', date: TODAY, name: 'Heike Hofmann', title: 'Staatsministerin' } });
      },
      'POST /umfragen': async () => {
        const response = await hmsi.client.post('/umfragen', { jahr: '2025', titel: 'Abdeckung' });
        surveyIds.s = Number(/\/umfragen\/(\d+)/.exec(response.headers.get('location') ?? '')![1]);
        return response;
      },
      'POST /umfragen/:id/bearbeiten': async () => hmsi.client.post(`/umfragen/${surveyIds.s}/bearbeiten`, { version: await surveyVersion(surveyIds.s), aktion: 'abschnitt_neu', abschnitt_titel: 'Teil 1' }),
      'POST /umfragen/:id/fragen/neu': async () => hmsi.client.post(`/umfragen/${surveyIds.s}/fragen/neu`, { version: await surveyVersion(surveyIds.s), abschnitt: '0', variable: 'f1', text: 'Teilzeit?', typ: 'single', optionen: 'Ja\nNein' }),
      'POST /umfragen/:id/fragen/:variable': async () => hmsi.client.post(`/umfragen/${surveyIds.s}/fragen/f1`, { version: await surveyVersion(surveyIds.s), abschnitt: '0', variable: 'f1', text: 'Teilzeit angeboten?', typ: 'single', optionen: 'Ja\nNein', pflicht: '1' }),
      'POST /umfragen/:id/versenden': async () => hmsi.client.post(`/umfragen/${surveyIds.s}/versenden`, { version: await surveyVersion(surveyIds.s), oeffnung: '2025-01-01', frist: '2099-12-31', empfaenger: 'auswahl', gk_06439: '1', bestaetigt: '1' }),
      'POST /umfragen/:id/antwort/:ags': async () => district.client.post(`/umfragen/${surveyIds.s}/antwort/06439`, { version: String(await responseVersion(surveyIds.s)), a_f1: '1' }),
      'POST /umfragen/:id/antwort/:ags/einreichen': async () => district.client.post(`/umfragen/${surveyIds.s}/antwort/06439/einreichen`, { version: String(await responseVersion(surveyIds.s)) }),
      'POST /umfragen/:id/antwort/:ags/wieder-oeffnen': async () => hmsi.client.post(`/umfragen/${surveyIds.s}/antwort/06439/wieder-oeffnen`, { version: String(await responseVersion(surveyIds.s)) }),
      'POST /umfragen/:id/kopieren': () => hmsi.client.post(`/umfragen/${surveyIds.s}/kopieren`, { jahr: '2026' }),
      'POST /umfragen/import': () => hmsi.client.post('/umfragen/import', { import_jahr: '2026', json: JSON.stringify({ schema: 'aqb.umfrage/1', ...DEMO_SURVEY_DEFINITION }) }),
      'POST /api/v1/umfragen': async () => {
        const response = await json('POST', '/api/v1/umfragen', { year: 2026, umfrage: { schema: 'aqb.umfrage/1', ...DEMO_SURVEY_DEFINITION } });
        surveyIds.a = (await response.clone().json()).id;
        return response;
      },
      'PUT /api/v1/umfragen/:id/definition': async () => json('PUT', `/api/v1/umfragen/${surveyIds.a}/definition`, { schema: 'aqb.umfrage/1', ...DEMO_SURVEY_DEFINITION, title: 'Per API geändert' }, { 'if-match': `"${await surveyVersion(surveyIds.a)}"` }),
      'POST /api/v1/umfragen/:id/versenden': async () => json('POST', `/api/v1/umfragen/${surveyIds.a}/versenden`, { version: Number(await surveyVersion(surveyIds.a)), opensOn: '2025-01-01', deadline: '2099-12-31', recipients: ['06439'] }),
      'PUT /api/v1/umfragen/:id/antworten/:ags': async () => districtJson('PUT', `/api/v1/umfragen/${surveyIds.a}/antworten/06439`, { answers: { f1_teilzeit: 2, f4_zufriedenheit: 4, f5_netzwerk: { ja: 1, aa: 2, kammer: 3 } } }, { 'if-match': `"${await responseVersion(surveyIds.a)}"` }),
      'POST /api/v1/umfragen/:id/antworten/:ags/einreichen': async () => districtJson('POST', `/api/v1/umfragen/${surveyIds.a}/antworten/06439/einreichen`, { version: await responseVersion(surveyIds.a) }),
      'POST /api/v1/umfragen/:id/antworten/:ags/wieder-oeffnen': async () => json('POST', `/api/v1/umfragen/${surveyIds.a}/antworten/06439/wieder-oeffnen`, { version: await responseVersion(surveyIds.a) }),
    };

    const writeRoutes = [...new Set(app.routes.filter((r) => r.method !== 'ALL' && r.method !== 'GET').map((r) => `${r.method} ${r.path}`))];
    expect(writeRoutes.filter((route) => !STEPS[route]), 'write routes without an entry in STEPS').toEqual([]);
    expect(Object.keys(STEPS).filter((route) => !writeRoutes.includes(route)), 'entries for routes that no longer exist').toEqual([]);

    const silent: string[] = [];
    for (const [route, step] of Object.entries(STEPS)) {
      const before = await chainLength();
      const response = await step();
      if (response.status >= 500) throw new Error(`${route}: ${response.status}`);
      await response.arrayBuffer();
      if ((await chainLength()) <= before) silent.push(`${route} (${response.status})`);
    }
    expect(silent, 'write routes that changed nothing in the audit chain').toEqual([]);
  });

  it('grows the audit chain for every CLI command that writes, and leaves it alone for the read-only ones', async () => {
    const outputs: string[] = [];
    const io = { out: (t: string) => void outputs.push(t), err: (t: string) => void outputs.push(t) };
    const runtime = async () => ({ database, close: async () => {} });
    const dir = new URL('../../src/modules/budget-years/allocation/fixtures/', import.meta.url);
    const run = (args: string[]) => runCli(args, io, { DATABASE_URL: 'memory://' }, { runtime });
    const { loadShippedDistricts } = await import('../../src/modules/districts/service');
    const lw = renderText(composeAgreement({ agreement: { ...LW_2025, measures: LW_2025.measures.map((m) => (m.type === 4 ? { ...m, projects: [{ title: 'Weiterbildung' }] } : m)) }, district: loadShippedDistricts().find((d) => d.ags === '06533')!, template: defaultTemplate(2025) }));
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const tmp = mkdtempSync(join(tmpdir(), 'aqb-audit-'));
    writeFileSync(join(tmp, 'lw.txt'), lw);
    writeFileSync(join(tmp, 'tn.csv'), participantCsv([participantRow('TN-1')]));
    await buildProject(database, { year: 2025, ags: '06439', key: 'Kommandozeile' });
    // An old project whose records are past their retention period, for `teilnehmende aufbewahrung`.
    await database.db.execute(sql`insert into budget_years (year) values (2018) on conflict do nothing`);
    const expired = await buildProject(database, { year: 2018, ags: '06439', key: 'Abgelaufen' });
    const { replaceParticipantRecords } = await import('../../src/modules/participants/service');
    const { validateParticipantCsv } = await import('../../src/modules/participants/service');
    const parsed = validateParticipantCsv(participantCsv([participantRow('ALT-1', { year: 2018 })]), { start: '2018-01-01', end: '2018-12-31' });
    if (!parsed.ok) throw new Error('fixture');
    await database.db.transaction((tx) => replaceParticipantRecords(tx, { actor: null }, expired, parsed.rows, { fileName: 'alt.csv' }));
    await database.db.execute(sql`insert into budget_years (year) values (2027) on conflict do nothing`);

    /** Commands that write, each with arguments that succeed. */
    const WRITING: Record<string, string[]> = {
      'db seed': ['db', 'seed', '--demo'],
      'user create': ['user', 'create', '--role', 'rp', '--name', 'Kim Kassel', '--email', 'kim@test.aqb.example'],
      'user reset': ['user', 'reset', '--email', 'kim@test.aqb.example'],
      'user deactivate': ['user', 'deactivate', '--email', 'kim@test.aqb.example'],
      allocate: ['allocate', '--year', '2027', '--budget', '27.700.000', '--key', new URL('indicators-2026.csv', dir).pathname],
      import: ['import', join(tmp, 'lw.txt'), '--save'],
      'antrag import': ['antrag', 'import', new URL('../../src/modules/funding/fixtures/antrag-valid.json', import.meta.url).pathname],
      backup: ['backup', '--out', join(tmp, 'sicherung.zip')],
      // Replaces the test database by the backup just taken (same content) and records the restore.
      restore: ['restore', join(tmp, 'sicherung.zip'), '--force'],
      'teilnehmende import': ['teilnehmende', 'import', '--year', '2025', '--ags', '06439', '--projekt', 'Kommandozeile', join(tmp, 'tn.csv')],
      'teilnehmende aufbewahrung': ['teilnehmende', 'aufbewahrung', '--stichtag', '2026-01-01'],
      // A week before the Antrag deadline 2025: reminders enqueued (no SMTP_URL: nothing sent).
      'erinnerungen senden': ['erinnerungen', 'senden', '--stichtag', '2025-03-24'],
    };
    /** Commands that only read. */
    const READING: Record<string, string[]> = {
      'districts list': ['districts', 'list'],
      'user list': ['user', 'list'],
      'audit verify': ['audit', 'verify'],
      render: ['render', '--ags', '06439', '--year', '2024', '--format', 'txt'],
      'db migrate': ['db', 'migrate'],
      zinsen: ['zinsen', '--betrag', '12.345,67', '--von', '2024-03-15', '--bis', '2024-10-01'],
      'antrag check': ['antrag', 'check', new URL('../../src/modules/funding/fixtures/antrag-valid.json', import.meta.url).pathname],
      'teilnehmende statistik': ['teilnehmende', 'statistik', '--year', '2025', '--oeffentlich', '--json'],
      'foerderung export': ['foerderung', 'export', '--year', '2024'],
      'steuerung export': ['steuerung', 'export', '--year', '2024'],
      bericht: ['bericht', '--year', '2025', '--format', 'html', '--out', join(tmp, 'bericht.html')],
    };
    const { COMMANDS } = await import('../../src/app/cli/main');
    const known = COMMANDS.map((c) => c.path.join(' '));
    expect(known.filter((name) => !(name in WRITING) && !(name in READING)), 'CLI commands without an entry').toEqual([]);

    const silent: string[] = [];
    for (const [name, args] of Object.entries(WRITING)) {
      const before = await chainLength();
      // A restore into memory:// is refused; the handed-in runtime is the target here.
      const code = name === 'restore' ? await runCli(args, io, { DATABASE_URL: `file:${join(tmp, 'ziel')}` }, { runtime }) : await run(args);
      expect(code, `${name}: ${outputs.join('')}`).toBe(0);
      if (name === 'restore') {
        // The restored chain is the backup's (taken before its own system.backup event): the
        // restore does not lengthen it beyond the state before, but its newest event must be the restore.
        const last = (await database.db.execute(sql`select action from audit_events order by sequence desc limit 1`)) as unknown as { rows: { action: string }[] };
        if (last.rows[0]?.action !== 'system.restore') silent.push(name);
        continue;
      }
      if ((await chainLength()) <= before) silent.push(name);
    }
    expect(silent, 'writing commands without an audit event').toEqual([]);
    for (const [name, args] of Object.entries(READING)) {
      const before = await chainLength();
      expect(await run(args), name).toBe(0);
      expect(await chainLength(), `${name} must not write`).toBe(before);
    }
  });
});
