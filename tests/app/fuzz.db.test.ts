import fc from 'fast-check';
import { fuzzRuns } from '../support/fuzz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app';
import { createDraft } from '../../src/modules/agreements/service';
import { saveProject } from '../../src/modules/projects/service';
import type { AppDatabase } from '../../src/platform/db/client';
import { createTestDatabase } from '../support/test-database';
import { OWN_AGS, buildAccounts, buildIssuedBescheid, buildProject, participantRow, setAllocation, type TestAccount } from '../factories';
import { csrfPair } from '../support/auth';
import { importSurvey, sendSurvey } from '../../src/modules/surveys/service';
import { DEMO_SURVEY_DEFINITION } from '../../src/modules/surveys/use-cases/demo';

/**
 * Fuzzing every write endpoint (JSON API), every form of the agreement workflow and the project and Träger forms with
 * fast-check: oversized strings, __proto__/constructor keys, wrong types, missing and duplicated
 * fields, broken JSON. Expected: no response ≥ 500 and no stack trace in any body.
 */

const RUNS = fuzzRuns();
const YEAR = 2025;
const A = `/zielvereinbarungen/${YEAR}/${OWN_AGS}`;
const API = `/api/v1/agreements/${YEAR}/${OWN_AGS}`;
const STACK = /\n\s+at [^\n]+[:(]|node_modules|\.tsx?:\d+|TypeError|ReferenceError|SyntaxError: /;

let database: AppDatabase;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
let app: ReturnType<typeof createApp>;
let csrf: { cookie: string; token: string };

beforeAll(async () => {
  database = await createTestDatabase();
  accounts = await buildAccounts(database);
  await setAllocation(database, YEAR, OWN_AGS, 500_000_00);
  await createDraft(database, accounts.hmsi.actor, { year: YEAR, ags: OWN_AGS });
  const f1 = await database.db.transaction((tx) => saveProject(tx, accounts.districtOwn.actor, { year: YEAR, ags: OWN_AGS }, { key: 'F1', title: 'Fuzzprojekt', measureType: 1 }));
  // An issued Bescheid for F1, so the money-path forms reach their checks (requests, payouts, uses, Verwendungsnachweis).
  await buildIssuedBescheid(database, { year: YEAR, decidedOn: '2025-01-15', lines: [{ projectId: f1.id, approvedCents: 50_000_00 }] });
  await buildProject(database, { year: YEAR, ags: OWN_AGS, key: 'Fuzz' });
  await database.db.transaction(async (tx) => {
    const umfrage = { schema: 'aqb.umfrage/1', ...DEMO_SURVEY_DEFINITION };
    const draft = await importSurvey(tx, accounts.hmsi.actor, { year: YEAR, umfrage });
    const sent = await importSurvey(tx, accounts.hmsi.actor, { year: YEAR, umfrage });
    await sendSurvey(tx, accounts.hmsi.actor, { id: sent.id, expectedVersion: sent.version }, { opensOn: '2025-01-01', deadline: '2099-12-31', recipients: [OWN_AGS] });
    Object.assign(surveyIds, { draft: draft.id, sent: sent.id });
  });
  app = createApp({ database });
  csrf = await csrfPair(app);
  // A scheduled Umsetzungsbesprechung of RTK 2025, so the meeting API cases get past the 404.
  const scheduled = await app.request(`/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/ansetzen`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accounts.hmsi.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ dates: [{ start: '2025-10-14T10:00:00+02:00', end: '2025-10-14T12:00:00+02:00' }], place: 'Wiesbaden' }),
  });
  if (scheduled.status !== 201) throw new Error(`meeting not scheduled: ${scheduled.status}`);
});
const surveyIds = { draft: 0, sent: 0 };
afterAll(async () => {
  await database?.close();
});

async function currentVersion(): Promise<number> {
  const result = (await database.db.execute(`select current_version as v from agreements where year = ${YEAR} and ags = '${OWN_AGS}'` as never)) as unknown as { rows: { v: number }[] };
  return Number(result.rows[0]!.v);
}

const huge = fc.constantFrom('x'.repeat(100_000), 'ä'.repeat(20_000), '\u0000'.repeat(1000), '€'.repeat(5000), '<script>alert(1)</script>'.repeat(2000));
const text = fc.oneof({ weight: 5, arbitrary: fc.string({ maxLength: 60 }) }, { weight: 1, arbitrary: huge }, { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) });
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(-1, 0, 1, 2 ** 53, 1e308, Number.MAX_SAFE_INTEGER));
const junk = fc.oneof(scalar, fc.array(scalar, { maxLength: 5 }), fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'a'), scalar, { maxKeys: 3 }));
const maybe = <T,>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });

const signature = fc.record({ place: maybe(fc.oneof(text, junk)), date: maybe(fc.oneof(fc.constantFrom('2025-02-30', '2025-05-05', '05.05.2025', ''), junk)), name: maybe(fc.oneof(text, junk)), title: maybe(fc.oneof(text, junk)) }, { requiredKeys: [] });
const measures = fc.oneof(
  junk,
  fc.array(fc.record({ type: fc.oneof(fc.constantFrom(1, 2, 3, 4), junk), projects: fc.oneof(junk, fc.array(fc.record({ title: fc.oneof(text, junk) }), { maxLength: 4 })) }, { requiredKeys: [] }), { maxLength: 5 }),
);
const interchange = fc.record(
  {
    schema: fc.oneof(fc.constant('aqb.zielvereinbarung/1'), junk),
    year: fc.oneof(fc.constant(YEAR), junk),
    district: fc.oneof(fc.record({ ags: fc.oneof(fc.constant(OWN_AGS), junk), name: fc.oneof(text, junk) }, { requiredKeys: [] }), junk),
    amountCents: fc.oneof(fc.constant(500_000_00), junk),
    measures,
    signatures: fc.oneof(fc.record({ land: fc.oneof(fc.constant(null), signature), district: fc.oneof(fc.constant(null), signature) }, { requiredKeys: [] }), junk),
  },
  { requiredKeys: [] },
);

/** aqb.antrag/1 with generated parts: projects with junk keys, amounts, dates and lines. */
const antragLine = fc.record({ category: fc.oneof(fc.constantFrom('personal', 'sach', 'miete'), junk), source: fc.oneof(fc.constantFrom('aqb', 'esf'), junk), label: fc.oneof(text, junk), amountCents: fc.oneof(fc.integer(), junk) }, { requiredKeys: [] });
const antrag = fc.record(
  {
    schema: fc.oneof(fc.constant('aqb.antrag/1'), junk),
    year: fc.oneof(fc.constant(YEAR), junk),
    district: fc.oneof(fc.record({ ags: fc.oneof(fc.constant(OWN_AGS), junk) }, { requiredKeys: [] }), junk),
    projects: fc.oneof(
      junk,
      fc.array(
        fc.record(
          {
            key: fc.oneof(fc.constantFrom('P1', 'P1', 'F1'), text),
            title: fc.oneof(text, junk),
            measureType: fc.oneof(fc.constantFrom(1, 2, 3, 4, 5), junk),
            teilbudget: fc.oneof(fc.constant(null), text),
            provider: fc.oneof(fc.constant(null), fc.record({ name: fc.oneof(text, junk), address: fc.oneof(text, junk) }, { requiredKeys: [] }), junk),
            start: fc.oneof(fc.constantFrom('2025-01-01', '2025-02-30', '2026-01-01', null), junk),
            end: fc.oneof(fc.constantFrom('2025-12-31', '2024-12-31', null), junk),
            expenses: fc.oneof(fc.array(antragLine, { maxLength: 3 }), junk),
            funding: fc.oneof(fc.array(antragLine, { maxLength: 3 }), junk),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 4 },
      ),
    ),
  },
  { requiredKeys: [] },
);

/** A JSON text: generated values, objects with a literal "__proto__" key, broken JSON, huge bodies. */
function jsonText(value: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: value.map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 1, arbitrary: value.map((v) => `{"__proto__":{"isAdmin":true,"status":"veroeffentlicht"},"constructor":{"prototype":{"x":1}},"payload":${JSON.stringify(v) ?? 'null'}}`) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 50 }), fc.constantFrom('{', '[1,', '{"a":}', '', 'null', '"\\ud800"', '{"year":2025,"year":"x"}')) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? '0') },
  );
}

interface Tally {
  requests: number;
  byStatus: Map<number, number>;
  failures: string[];
}
const tallies = new Map<string, Tally>();

async function check(name: string, response: Response): Promise<void> {
  const tally: Tally = tallies.get(name) ?? { requests: 0, byStatus: new Map<number, number>(), failures: [] };
  tallies.set(name, tally);
  tally.requests++;
  tally.byStatus.set(response.status, (tally.byStatus.get(response.status) ?? 0) + 1);
  const body = await response.text();
  if (response.status >= 500) tally.failures.push(`${response.status}: ${body.slice(0, 200)}`);
  if (STACK.test(body)) tally.failures.push(`stack trace in body: ${body.slice(0, 200)}`);
}

const accountArb = fc.constantFrom<'hmsi' | 'districtOwn' | 'districtOther' | 'rp' | 'admin'>('hmsi', 'hmsi', 'districtOwn', 'districtOwn', 'districtOther', 'rp');
/** Administrators' pages (the outbox): mostly the administration, sometimes someone else. */
const adminArb = fc.constantFrom<'hmsi' | 'districtOwn' | 'districtOther' | 'rp' | 'admin'>('admin', 'admin', 'admin', 'hmsi', 'districtOwn');
const versionArb = fc.oneof(fc.constant('current'), junk);

function apiCase(name: string, method: string, path: string, body: fc.Arbitrary<unknown>, options: { ifMatch?: boolean } = {}) {
  it(`${name}: ${RUNS} generated requests, none ≥ 500, no stack traces`, async () => {
    await fc.assert(
      fc.asyncProperty(accountArb, jsonText(body), fc.option(fc.oneof(fc.constant('current'), fc.string({ maxLength: 12 })), { nil: undefined }), fc.boolean(), async (role, text, ifMatch, jsonType) => {
        const account: TestAccount = accounts[role];
        const version = await currentVersion();
        const headers: Record<string, string> = { authorization: `Bearer ${account.token}`, 'content-type': jsonType ? 'application/json' : 'text/plain' };
        if (options.ifMatch && ifMatch !== undefined) headers['if-match'] = ifMatch === 'current' ? `"${version}"` : ifMatch.replace(/[^\x20-\x7e]/g, '');
        await check(name, await app.request(path, { method, headers, body: text.replaceAll('"version":"current"', `"version":${version}`) }));
      }),
      { numRuns: RUNS },
    );
    const tally = tallies.get(name)!;
    expect(tally.requests).toBeGreaterThanOrEqual(RUNS);
    expect(tally.failures).toEqual([]);
  }, 600_000);
}

/** GET requests with generated paths or query strings (filters, feed tokens). */
function getCase(name: string, paths: fc.Arbitrary<string>, options: { anonymous?: boolean; accounts?: typeof accountArb } = {}) {
  it(`${name}: ${RUNS} generated requests, none ≥ 500, no stack traces`, async () => {
    await fc.assert(
      fc.asyncProperty(options.accounts ?? accountArb, paths, fc.boolean(), async (role, path, anonymous) => {
        const headers: Record<string, string> = options.anonymous && anonymous ? {} : { authorization: `Bearer ${accounts[role].token}` };
        await check(name, await app.request(path, { headers }));
      }),
      { numRuns: RUNS },
    );
    const tally = tallies.get(name)!;
    expect(tally.requests).toBeGreaterThanOrEqual(RUNS);
    expect(tally.failures).toEqual([]);
  }, 600_000);
}
const queryValue = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('2024', '2025', '2031', '0', '-1', '99999', '06439', '06533', '1e3', '', '%', '%ZZ', '１２３４'));

type FormFields = [string, string][];
function formCase(name: string, path: string, fields: fc.Arbitrary<FormFields>, options: { accounts?: typeof accountArb } = {}) {
  it(`${name}: ${RUNS} generated form posts, none ≥ 500, no stack traces`, async () => {
    await fc.assert(
      fc.asyncProperty(options.accounts ?? accountArb, fields, fc.boolean(), async (role, generated, multipart) => {
        const version = String(await currentVersion());
        const pairs: FormFields = [...generated.map(([k, v]) => [k, v === 'current' ? version : v] as [string, string]), ['_csrf', csrf.token]];
        let body: BodyInit;
        const headers: Record<string, string> = { authorization: `Bearer ${accounts[role].token}`, cookie: csrf.cookie };
        if (multipart) {
          const data = new FormData();
          for (const [k, v] of pairs) data.append(k, v);
          body = data;
        } else {
          headers['content-type'] = 'application/x-www-form-urlencoded';
          body = new URLSearchParams(pairs).toString();
        }
        await check(name, await app.request(path, { method: 'POST', headers, body }));
      }),
      { numRuns: RUNS },
    );
    const tally = tallies.get(name)!;
    expect(tally.requests).toBeGreaterThanOrEqual(RUNS);
    expect(tally.failures).toEqual([]);
  }, 600_000);
}

/** Survey forms: the path is resolved at run time (the survey ids exist only after beforeAll); the version is the survey's or the response's. */
function surveyFormCase(name: string, path: () => string, known: string[]) {
  it(`${name}: ${RUNS} generated form posts, none ≥ 500, no stack traces`, async () => {
    await fc.assert(
      fc.asyncProperty(accountArb, formFields(known), async (role, generated) => {
        const pairs: FormFields = [...generated.map(([k, v]) => [k, v === 'current' ? '1' : v] as [string, string]), ['_csrf', csrf.token]];
        await check(name, await app.request(path(), { method: 'POST', headers: { authorization: `Bearer ${accounts[role].token}`, cookie: csrf.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(pairs).toString() }));
      }),
      { numRuns: RUNS },
    );
    expect(tallies.get(name)!.requests).toBeGreaterThanOrEqual(RUNS);
    expect(tallies.get(name)!.failures).toEqual([]);
  }, 600_000);
}
function surveyApiCase(name: string, method: string, path: () => string, body: fc.Arbitrary<unknown>) {
  it(`${name}: ${RUNS} generated requests, none ≥ 500, no stack traces`, async () => {
    await fc.assert(
      fc.asyncProperty(accountArb, jsonText(body), fc.option(fc.constantFrom('"1"', '"2"', 'x', '*'), { nil: undefined }), async (role, text, ifMatch) => {
        const headers: Record<string, string> = { authorization: `Bearer ${accounts[role].token}`, 'content-type': 'application/json' };
        if (ifMatch) headers['if-match'] = ifMatch;
        await check(name, await app.request(path(), { method, headers, body: text.replaceAll('"version":"current"', '"version":1') }));
      }),
      { numRuns: RUNS },
    );
    expect(tallies.get(name)!.requests).toBeGreaterThanOrEqual(RUNS);
    expect(tallies.get(name)!.failures).toEqual([]);
  }, 600_000);
}

const formText = fc.oneof({ weight: 6, arbitrary: fc.string({ maxLength: 80 }) }, { weight: 1, arbitrary: huge }, { weight: 1, arbitrary: fc.constant('current') }, { weight: 2, arbitrary: fc.constantFrom('1', '0', '-1', '1e9', '999999999999', '787.100,00', '1.00.000', 'NaN', '2025-02-30', 'land', 'district', 'zur_unterschrift', 'veroeffentlicht', '06439', '2025') });
/** Known field names (some missing, some duplicated) plus hostile names. */
function formFields(known: string[]): fc.Arbitrary<FormFields> {
  const name = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', '__proto__[x]', 'prototype', '') }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) });
  return fc.array(fc.tuple(name, formText), { maxLength: 10 });
}

/** The project form's fields, rows included (row counts are fuzzed too). */
const PROJECT_FIELDS = [
  'kuerzel', 'titel', 'massnahmenart', 'teilbudget', 'traeger', 'traeger_name', 'traeger_anschrift', 'beginn', 'ende', 'vorzeitig', 'plaetze', 'zielgruppe_0', 'aktion',
  'ergebnis_ausbildungsabschluss', 'ergebnis_uebergang_ausbildung', 'ergebnis_uebergang_beschaeftigung', 'ergebnis_qualifizierung_abgeschlossen',
  'ausgaben_zeilen', 'ausgabe_0_art', 'ausgabe_0_bezeichnung', 'ausgabe_0_betrag', 'ausgabe_1_betrag', 'finanzierung_zeilen', 'finanzierung_0_quelle', 'finanzierung_0_betrag',
];

describe('fuzzing the agreement write endpoints and forms', () => {
  apiCase('POST /api/v1/agreements', 'POST', '/api/v1/agreements', fc.oneof(fc.record({ year: fc.oneof(fc.constantFrom(2024, 2025, 2030), junk), ags: fc.oneof(fc.constantFrom(OWN_AGS, '06533', '06999'), junk) }, { requiredKeys: [] }), junk));
  apiCase('PUT /api/v1/agreements/:year/:ags', 'PUT', API, fc.oneof({ weight: 4, arbitrary: interchange }, { weight: 1, arbitrary: junk }), { ifMatch: true });
  apiCase('POST /api/v1/agreements/:year/:ags/transitions', 'POST', `${API}/transitions`, fc.oneof(fc.record({ to: fc.oneof(fc.constantFrom('entwurf', 'in_abstimmung', 'zur_unterschrift', 'unterzeichnet', 'veroeffentlicht'), junk), version: versionArb }, { requiredKeys: [] }), junk));
  apiCase('POST /api/v1/agreements/:year/:ags/signatures', 'POST', `${API}/signatures`, fc.oneof(fc.record({ party: fc.oneof(fc.constantFrom('land', 'district'), junk), version: versionArb, signature: fc.oneof(signature, junk) }, { requiredKeys: [] }), junk));

  apiCase('PUT /api/v1/antraege/:year/:ags', 'PUT', `/api/v1/antraege/${YEAR}/${OWN_AGS}`, fc.oneof({ weight: 4, arbitrary: antrag }, { weight: 1, arbitrary: junk }));

  formCase('Formular Entwurf anlegen', '/zielvereinbarungen', formFields(['neu_jahr', 'neu_ags']));
  formCase('Formular Bearbeiten', `${A}/bearbeiten`, formFields(['version', 'betrag', 'projekte_1', 'projekte_2', 'projekte_3', 'projekte_4']));
  formCase('Formular Status', `${A}/status`, formFields(['version', 'to']));
  formCase('Formular Nachtrag', `${A}/nachtrag`, formFields(['version']));
  formCase('Formular Unterschrift', `${A}/unterschrift`, formFields(['version', 'partei', 'ort', 'datum', 'name', 'amt', 'bestaetigt']));
  formCase('Formular Veröffentlichen', `${A}/veroeffentlichen`, formFields(['version', 'sha256']));
  formCase('Formular Zurückziehen', `${A}/zurueckziehen`, formFields(['version', 'grund']));
  formCase('Formular Notiz', `${A}/notizen`, formFields(['body']));
  formCase('Formular abgestimmt', `${A}/abgestimmt`, formFields(['version']));
  formCase('Formular Projekt anlegen', `/projekte/${YEAR}/${OWN_AGS}/neu`, formFields(PROJECT_FIELDS));
  formCase('Formular Projekt bearbeiten', `/projekte/${YEAR}/${OWN_AGS}/projekt/F1/bearbeiten`, formFields(['version', ...PROJECT_FIELDS]));
  formCase('Formular Träger', `/traeger/${OWN_AGS}`, formFields(['name', 'anschrift']));
  formCase('Formular Antrag einreichen', `/antraege/${YEAR}/${OWN_AGS}/einreichen`, formFields(['version']));
  formCase('Formular Eingang', `/antraege/${YEAR}/${OWN_AGS}/eingang`, formFields(['version', 'aktenzeichen', 'eingang']));
  formCase('Formular Strategie hochladen', `/strategien/${OWN_AGS}`, formFields(['titel', 'gueltig_von', 'gueltig_bis', 'datei']));
  formCase('Formular Antrag zurückziehen', `/antraege/${YEAR}/${OWN_AGS}/zurueckziehen`, formFields(['version']));
  // The money path (payments): forms and API writes of RTK 2025 (no Bescheid: the checks answer, never a 500).
  const MI = `/mittel/${YEAR}/${OWN_AGS}`;
  const VN = `/verwendungsnachweise/${YEAR}/${OWN_AGS}`;
  formCase('Formular Mittelabruf', `${MI}/abrufe`, formFields(['projekt', 'datum', 'betrag', 'faellig_1_datum', 'faellig_1_betrag', 'faellig_1_zweck', 'faellig_2_datum', 'faellig_2_betrag']));
  formCase('Formular Auszahlung', `${MI}/abrufe/1/auszahlung`, formFields(['datum', 'betrag']));
  formCase('Formular Verwendung', `${MI}/verwendungen`, formFields(['projekt', 'datum', 'betrag', 'beschreibung']));
  formCase('Formular Zwischenzinsen', `${MI}/zwischenzinsen`, formFields(['version', 'projekt', 'stichtag', 'entscheidung', 'begruendung']));
  formCase('Formular Verwendungsnachweis', VN, formFields(['version', 'bericht_0', 'plaetze_0', 'ergebnisse_0', 'ausgabe_0_0', 'finanzierung_0_0']));
  formCase('Formular Verwendungsnachweis einreichen', `${VN}/einreichen`, formFields(['version']));
  const moneyBody = fc.record(
    { projectKey: fc.oneof(fc.constantFrom('F1', 'Fuzz', 'X'), junk), requestId: fc.oneof(fc.constantFrom(1, 0, -1), junk), requestedOn: fc.oneof(fc.constantFrom('2025-05-01', '2025-02-30'), junk), paidOn: fc.oneof(fc.constant('2025-05-02'), junk), usedOn: fc.oneof(fc.constant('2025-05-03'), junk), amountCents: fc.oneof(fc.integer(), junk), plannedUse: fc.oneof(fc.array(fc.record({ dueOn: fc.oneof(fc.constant('2025-06-01'), junk), amountCents: fc.oneof(fc.integer(), junk), purpose: fc.oneof(text, junk) }, { requiredKeys: [] }), { maxLength: 3 }), junk), decision: fc.oneof(fc.constantFrom('geltend', 'verzicht'), junk), asOf: fc.oneof(fc.constant('2025-06-01'), junk), version: versionArb, projects: fc.oneof(fc.array(fc.record({ projectKey: fc.oneof(text, junk), report: fc.oneof(text, junk), expenses: fc.oneof(fc.array(fc.integer()), junk) }, { requiredKeys: [] }), { maxLength: 2 }), junk), note: fc.oneof(text, junk), interestTo: fc.oneof(fc.constant('2025-10-01'), junk) },
    { requiredKeys: [] },
  );
  apiCase('POST /api/v1/mittel/:year/:ags/abrufe', 'POST', `/api/v1${MI}/abrufe`, fc.oneof(moneyBody, junk));
  apiCase('POST /api/v1/mittel/:year/:ags/auszahlungen', 'POST', `/api/v1${MI}/auszahlungen`, fc.oneof(moneyBody, junk));
  apiCase('POST /api/v1/mittel/:year/:ags/verwendungen', 'POST', `/api/v1${MI}/verwendungen`, fc.oneof(moneyBody, junk));
  apiCase('POST /api/v1/mittel/:year/:ags/zwischenzinsen', 'POST', `/api/v1${MI}/zwischenzinsen`, fc.oneof(moneyBody, junk));
  apiCase('PUT /api/v1/verwendungsnachweise/:year/:ags', 'PUT', `/api/v1${VN}`, fc.oneof(moneyBody, junk));
  apiCase('POST /api/v1/verwendungsnachweise/:year/:ags/einreichen', 'POST', `/api/v1${VN}/einreichen`, fc.oneof(moneyBody, junk));
  getCase(
    'GET Eckdaten (Seite, CSV, API; Pfadwerte)',
    fc.tuple(queryValue, queryValue, fc.constantFrom('/projekte/{y}/{a}/eckdaten', '/projekte/{y}/{a}/eckdaten.csv', '/api/v1/projekte/{y}/{a}/eckdaten')).map(([y, a, path]) => path.replace('{y}', encodeURIComponent(y)).replace('{a}', encodeURIComponent(a))),
  );
  getCase('GET /mittel/:year/:ags/zwischenzinsen (Stichtag)', queryValue.map((v) => `${MI}/zwischenzinsen?stichtag=${encodeURIComponent(v)}`));
  formCase('Formular Umsetzungsbesprechung ansetzen', `/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/ansetzen`, formFields(['version', 'datum0', 'von0', 'bis0', 'datum1', 'von1', 'bis1', 'ort', 'video', 'teilnehmende']));
  formCase('Formular Umsetzungsbesprechung Protokoll', `/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/protokoll`, formFields(['version', 'anwesende', 'besprechung0', 'beschluesse0', 'was0', 'wer0', 'bis0']));
  // The Umsetzungsbesprechung's JSON API (a meeting of RTK 2025 is scheduled in beforeAll; absagen last, it ends the meeting).
  const UB = `/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}`;
  const instant = fc.oneof(fc.constantFrom('2025-10-14T10:00:00+02:00', '2025-10-14T12:00:00Z', '2025-02-30T10:00:00Z', '14.10.2025', ''), junk);
  const meetingVersion = fc.oneof(fc.integer({ min: 0, max: 8 }), versionArb);
  const meetingBody = fc.record(
    {
      version: meetingVersion,
      dates: fc.oneof(fc.array(fc.record({ start: instant, end: instant }, { requiredKeys: [] }), { maxLength: 7 }), junk),
      place: fc.oneof(text, junk),
      videoUrl: fc.oneof(fc.constantFrom('https://konferenz.hessen.de/raum', 'http://x.example', 'javascript:alert(1)', ''), text, junk),
      participants: fc.oneof(fc.array(fc.record({ email: fc.oneof(fc.constantFrom('a@b.example', 'kein'), text, junk), name: fc.oneof(text, junk) }, { requiredKeys: [] }), { maxLength: 4 }), junk),
      dateIndex: fc.oneof(fc.integer({ min: -1, max: 6 }), junk),
      note: fc.oneof(text, junk),
      reason: fc.oneof(text, junk),
      items: fc.oneof(fc.array(fc.record({ title: fc.oneof(text, junk), text: fc.oneof(text, junk), discussion: fc.oneof(text, junk), decisions: fc.oneof(text, junk) }, { requiredKeys: [] }), { maxLength: 8 }), junk),
      attendees: fc.oneof(text, junk),
      followUps: fc.oneof(fc.array(fc.record({ what: fc.oneof(text, junk), who: fc.oneof(text, junk), due: fc.oneof(fc.constantFrom('2026-01-31', '2026-02-30', '31.1.2026'), junk), agendaIndex: fc.oneof(fc.integer({ min: -1, max: 40 }), junk) }, { requiredKeys: [] }), { maxLength: 4 }), junk),
      status: fc.oneof(fc.constantFrom('offen', 'erledigt', 'x'), junk),
    },
    { requiredKeys: [] },
  );
  getCase('GET /api/v1/umsetzungsbesprechungen (Jahr)', queryValue.map((v) => `/api/v1/umsetzungsbesprechungen?year=${encodeURIComponent(v)}`));
  for (const [method, path] of [
    ['POST', 'ansetzen'],
    ['POST', 'andere-termine'],
    ['POST', 'termin-bestaetigen'],
    ['PUT', 'tagesordnung'],
    ['POST', 'tagesordnung'],
    ['POST', 'tagesordnung/neu-erzeugen'],
    ['POST', 'protokoll/eroeffnen'],
    ['PUT', 'protokoll'],
    ['POST', 'protokoll'],
    ['POST', 'protokoll/bestaetigen'],
    ['POST', 'folgeaufgaben/1'],
    ['POST', 'absagen'],
  ] as const) {
    apiCase(`${method} /api/v1/umsetzungsbesprechungen/:year/:ags/${path}`, method, `${UB}/${path}`, fc.oneof({ weight: 4, arbitrary: meetingBody }, { weight: 1, arbitrary: junk }));
  }
  formCase('Formular Landesbericht anlegen', '/landesbericht', formFields(['jahr']));
  formCase('Formular Landesbericht speichern', `/landesbericht/${YEAR}`, formFields(['version', 'vorwort', 'kommentar_mittel', 'kommentar_teilnehmende', 'kommentar_verbleib', 'kommentar_zielerreichung', 'kommentar_abweichungen']));
  formCase('Formular Landesbericht freigeben', `/landesbericht/${YEAR}/freigeben`, formFields(['version']));
  formCase('Formular Landesbericht Korrektur', `/landesbericht/${YEAR}/korrektur`, formFields(['version']));
  apiCase('POST /api/v1/landesbericht/:year/release', 'POST', `/api/v1/landesbericht/${YEAR}/release`, fc.oneof(fc.record({ version: versionArb }, { requiredKeys: [] }), junk));
  formCase('Formular Abweichung erfassen', `/abweichungen/${YEAR}/${OWN_AGS}`, formFields(['gegenstand', 'projekt', 'massnahmenart', 'betrag', 'anzahl', 'seit']));
  formCase('Formular Abweichung begründen', `/abweichungen/${YEAR}/${OWN_AGS}/1/begruenden`, formFields(['version', 'begruendung']));
  formCase('Formular Abweichung bewerten', `/abweichungen/${YEAR}/${OWN_AGS}/1/bewerten`, formFields(['version', 'bewertung', 'grund', 'bestaetigt']));
  formCase('Formular Regeln der Zielerreichung', `/zielerreichung/${YEAR}/regeln`, formFields(['version', 'kombination', 'mittel-erreicht', 'mittel-teilweise', 'mittel-gewicht', 'plaetze-erreicht', 'plaetze-teilweise', 'plaetze-gewicht', 'ergebnisse-erreicht', 'ergebnisse-teilweise', 'ergebnisse-gewicht']));
  formCase('Formular Zielerreichung beurteilen', `/zielerreichung/${YEAR}/${OWN_AGS}/beurteilung`, formFields(['version', 'beurteilung', 'grund', 'bestaetigt']));
  const achievementBody = fc.record(
    { version: versionArb, judgement: fc.oneof(fc.constantFrom('erreicht', 'teilweise_erreicht', 'x'), junk), reason: fc.oneof(text, junk), rules: fc.oneof(fc.record({ money: fc.oneof(fc.record({ achievedPercent: fc.oneof(fc.integer(), junk), partlyPercent: fc.integer(), weight: fc.integer() }), junk), combination: fc.oneof(fc.constantFrom('schlechteste', 'gewichtet'), junk) }, { requiredKeys: [] }), junk) },
    { requiredKeys: [] },
  );
  apiCase('PUT /api/v1/zielerreichung/:year/regeln', 'PUT', `/api/v1/zielerreichung/${YEAR}/regeln`, fc.oneof(achievementBody, junk));
  apiCase('POST /api/v1/zielerreichung/:year/:ags/beurteilung', 'POST', `/api/v1/zielerreichung/${YEAR}/${OWN_AGS}/beurteilung`, fc.oneof(achievementBody, junk));
  formCase('Formular Schwellenwerte', `/steuerung/${YEAR}/schwellenwerte`, formFields(['version', 'ausgezahlt_aktiv', 'ausgezahlt_prozent', 'ausgezahlt_stichtag', 'ausgezahlt_gelb', 'plaetze_prozent', 'plaetze_stichtag', 'plaetze_gelb']));
  formCase('Formular Stand festhalten', `/steuerung/${YEAR}/${OWN_AGS}/stand`, formFields(['anlass']));
  apiCase('PUT /api/v1/steuerung/:year/schwellenwerte', 'PUT', `/api/v1/steuerung/${YEAR}/schwellenwerte`, fc.oneof(fc.record({ version: versionArb, thresholds: fc.oneof(fc.array(junk, { maxLength: 6 }), junk) }, { requiredKeys: [] }), junk));
  formCase('Formular Prüfung', `/antraege/${YEAR}/${OWN_AGS}/pruefung`, formFields(['version', 'erledigt_vollstaendigkeit', 'notiz_vollstaendigkeit', 'notiz_zielvereinbarung']));
  formCase('Formular Nachforderung', `/antraege/${YEAR}/${OWN_AGS}/nachforderung`, formFields(['version', 'fehlend', 'frist', 'bestaetigt']));
  formCase('Formular Antwort auf Nachforderung', `/antraege/${YEAR}/${OWN_AGS}/nachforderung/antwort`, formFields(['version', 'antwort']));
  formCase('Formular Bescheid-Entwurf', `/antraege/${YEAR}/${OWN_AGS}/bescheide/1`, formFields(['version', 'beginn', 'ende', 'nachweis', 'zweck', 'bewilligt_0', 'art_0', 'begruendung_0']));
  formCase('Formular Bescheid erlassen', `/antraege/${YEAR}/${OWN_AGS}/bescheide/1/erlassen`, formFields(['version']));
  formCase('Formular Kalender-Adresse erstellen', '/kalender/ical', formFields(['name']));
  formCase('Formular Kalender-Adresse widerrufen', '/kalender/ical/1/widerrufen', formFields(['id']));
  formCase('Formular E-Mail-Erinnerungen', '/konto/erinnerungen', formFields(['version', 'aktiv', 'tage', 'tagesuebersicht']));
  formCase('Formular Mail erneut senden', '/admin/postausgang/1/erneut-senden', formFields(['version']), { accounts: adminArb });
  getCase(
    'GET /admin/postausgang (Filter)',
    fc.record({ status: fc.option(queryValue, { nil: undefined }), seite: fc.option(queryValue, { nil: undefined }) }).map((q) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(q)) if (v !== undefined) params.append(k, v);
      return `/admin/postausgang?${params.toString()}`;
    }),
    { accounts: adminArb },
  );
  getCase('GET /admin/postausgang/:id/erneut-senden', fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('1', '0', '-1', '1e3', '99999999999999999999')).map((id) => `/admin/postausgang/${encodeURIComponent(id)}/erneut-senden`), { accounts: adminArb });
  getCase(
    'GET /kalender (Filter)',
    fc.record({ jahr: fc.option(queryValue, { nil: undefined }), gk: fc.option(queryValue, { nil: undefined }), seite: fc.option(queryValue, { nil: undefined }) }).map((q) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(q)) if (v !== undefined) params.append(k, v);
      return `/kalender?${params.toString()}`;
    }),
  );
  getCase('GET /kalender/ical/:file (Token)', fc.oneof(fc.string({ maxLength: 60 }), fc.stringMatching(/^kal_[A-Za-z0-9_-]{43}$/)).map((t) => `/kalender/ical/${encodeURIComponent(t)}.ics`), { anonymous: true });

  // Teilnehmende: the confirmation form, and uploads of generated files (valid rows mixed with junk lines, binary, XLSX-like zips).
  const T = `/teilnehmende/${YEAR}/${OWN_AGS}/Fuzz`;
  formCase('Formular Teilnehmende bestätigen', `${T}/hochladen/00000000-0000-4000-8000-000000000000`, formFields(['aktion']));
  formCase('Formular Teilnehmende hochladen (ohne Datei)', `${T}/hochladen`, formFields(['datei']));
  formCase('Formular Auskunft exportieren', `/teilnehmende/auskunft/${OWN_AGS}/export`, formFields(['kennung']));
  formCase('Formular Kennung löschen', `/teilnehmende/auskunft/${OWN_AGS}/loeschen`, formFields(['kennung', 'bestaetigt']));
  it(`Teilnehmende hochladen: ${RUNS} generated files, none ≥ 500, no stack traces`, async () => {
    const header = 'kennung;eintritt;austritt;geschlecht;geburtsjahr;rechtskreis;erwerbsstatus;isced;behinderung;migration;teilzeitausbildung;verbleib';
    const line = fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 99 }).map((i) => participantRow(`TN-${i}`).join(';')) },
      { weight: 2, arbitrary: fc.tuple(fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('SGB II', '2025-02-30', '31.12.2025', 'ja', 'x', '"', '=1+1', '1e9')), { maxLength: 14 }), fc.constantFrom(';', ',')).map(([cells, separator]) => cells.join(separator)) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    );
    const file = fc.oneof(
      {
        weight: 5,
        arbitrary: fc
          .tuple(fc.constantFrom(header, `\ufeff${header}`, header.replaceAll(';', ','), 'name;vorname;kennung', ''), fc.array(line, { maxLength: 20 }), fc.constantFrom('\n', '\r\n', '\r'))
          .map(([h, lines, end]) => new TextEncoder().encode([h, ...lines].join(end))),
      },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...bytes])) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
    );
    await fc.assert(
      fc.asyncProperty(accountArb, file, fc.string({ maxLength: 30 }), async (role, bytes, name) => {
        const data = new FormData();
        data.append('_csrf', csrf.token);
        data.append('datei', new File([bytes as Uint8Array<ArrayBuffer>], name || 'datei.csv'));
        await check('Teilnehmende hochladen (Datei)', await app.request(`${T}/hochladen`, { method: 'POST', headers: { authorization: `Bearer ${accounts[role].token}`, cookie: csrf.cookie }, body: data }));
      }),
      { numRuns: RUNS },
    );
    const tally = tallies.get('Teilnehmende hochladen (Datei)')!;
    expect(tally.requests).toBeGreaterThanOrEqual(RUNS);
    expect(tally.failures).toEqual([]);
  }, 600_000);

  // Umfragen: the editor, the question form, sending, the district's answer form and the JSON API (ids resolved at run time).
  const SURVEY_ANSWER_FIELDS = ['version', 'a_f1_teilzeit', 'a_f2_teilzeit_plaetze', 'a_f3_zielgruppen__1', 'a_f3_zielgruppen__9', 'a_f4_zufriedenheit', 'a_f5_netzwerk__ja', 'a_f5_netzwerk__aa', 'a_f6_praxis', 'a_f7_anregungen'];
  const QUESTION_FIELDS = ['version', 'abschnitt', 'variable', 'text', 'hilfe', 'typ', 'pflicht', 'optionen', 'skala', 'aussagen', 'einheit', 'min', 'max', 'ganzzahl', 'bedingung_variable', 'bedingung_wert'];
  surveyFormCase('Formular Umfrage anlegen', () => '/umfragen', ['jahr', 'titel', 'beschreibung']);
  surveyFormCase('Formular Umfrage importieren', () => '/umfragen/import', ['import_jahr', 'json']);
  surveyFormCase('Formular Umfrage bearbeiten', () => `/umfragen/${surveyIds.draft}/bearbeiten`, ['version', 'aktion', 'titel', 'beschreibung', 'abschnitt_titel', 'abschnitt', 'variable']);
  surveyFormCase('Formular Frage anlegen', () => `/umfragen/${surveyIds.draft}/fragen/neu`, QUESTION_FIELDS);
  surveyFormCase('Formular Frage bearbeiten', () => `/umfragen/${surveyIds.draft}/fragen/f1_teilzeit`, QUESTION_FIELDS);
  surveyFormCase('Formular Umfrage versenden', () => `/umfragen/${surveyIds.draft}/versenden`, ['version', 'oeffnung', 'frist', 'empfaenger', 'gk_06439', 'gk_06533', 'bestaetigt']);
  surveyFormCase('Formular Umfrage kopieren', () => `/umfragen/${surveyIds.sent}/kopieren`, ['jahr']);
  surveyFormCase('Formular Umfrage beantworten', () => `/umfragen/${surveyIds.sent}/antwort/${OWN_AGS}`, SURVEY_ANSWER_FIELDS);
  surveyFormCase('Formular Umfrage einreichen', () => `/umfragen/${surveyIds.sent}/antwort/${OWN_AGS}/einreichen`, ['version']);
  surveyFormCase('Formular Umfrage wieder öffnen', () => `/umfragen/${surveyIds.sent}/antwort/${OWN_AGS}/wieder-oeffnen`, ['version']);
  const answerValue = fc.oneof(fc.integer({ min: -2, max: 1000 }), fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), junk), { maxLength: 4 }), fc.dictionary(fc.constantFrom('ja', 'aa', 'kammer', 'x', '__proto__'), fc.oneof(fc.integer({ min: 0, max: 6 }), junk)), text, junk);
  const answers = fc.dictionary(fc.constantFrom('f1_teilzeit', 'f2_teilzeit_plaetze', 'f3_zielgruppen', 'f4_zufriedenheit', 'f5_netzwerk', 'f6_praxis', 'f7_anregungen', 'unbekannt', '__proto__'), answerValue);
  const umfrage = fc.oneof(
    { weight: 2, arbitrary: fc.constant({ schema: 'aqb.umfrage/1', ...DEMO_SURVEY_DEFINITION }) },
    { weight: 3, arbitrary: fc.record({ schema: fc.oneof(fc.constant('aqb.umfrage/1'), junk), title: fc.oneof(text, junk), sections: fc.oneof(junk, fc.array(fc.record({ title: fc.oneof(text, junk), questions: fc.oneof(junk, fc.array(fc.record({ variable: fc.oneof(fc.constantFrom('f1', 'f1', 'F!'), junk), type: fc.oneof(fc.constantFrom('single', 'multiple', 'scale', 'number', 'text', 'longtext', 'matrix', 'x'), junk), text: fc.oneof(text, junk), options: junk, scaleLabels: junk, items: junk, condition: junk }, { requiredKeys: [] }), { maxLength: 3 })) }, { requiredKeys: [] }), { maxLength: 3 })) }, { requiredKeys: [] }) },
    { weight: 1, arbitrary: junk },
  );
  surveyApiCase('POST /api/v1/umfragen', 'POST', () => '/api/v1/umfragen', fc.record({ year: fc.oneof(fc.constant(2026), junk), umfrage }, { requiredKeys: [] }));
  surveyApiCase('PUT /api/v1/umfragen/:id/definition', 'PUT', () => `/api/v1/umfragen/${surveyIds.draft}/definition`, umfrage);
  surveyApiCase('POST /api/v1/umfragen/:id/versenden', 'POST', () => `/api/v1/umfragen/${surveyIds.draft}/versenden`, fc.record({ version: fc.oneof(fc.constant(1), junk), opensOn: fc.oneof(fc.constantFrom('2025-01-01', '2025-02-30'), junk), deadline: fc.oneof(fc.constantFrom('2024-01-01', '2099-12-31'), junk), recipients: fc.oneof(fc.constant([OWN_AGS]), fc.array(fc.oneof(fc.constantFrom(OWN_AGS, '06999'), junk), { maxLength: 3 }), junk) }, { requiredKeys: [] }));
  surveyApiCase('PUT /api/v1/umfragen/:id/antworten/:ags', 'PUT', () => `/api/v1/umfragen/${surveyIds.sent}/antworten/${OWN_AGS}`, fc.oneof({ weight: 4, arbitrary: fc.record({ answers: fc.oneof(answers, junk) }, { requiredKeys: [] }) }, { weight: 1, arbitrary: junk }));
  surveyApiCase('POST /api/v1/umfragen/:id/antworten/:ags/einreichen', 'POST', () => `/api/v1/umfragen/${surveyIds.sent}/antworten/${OWN_AGS}/einreichen`, fc.record({ version: versionArb }, { requiredKeys: [] }));
  surveyApiCase('POST /api/v1/umfragen/:id/antworten/:ags/wieder-oeffnen', 'POST', () => `/api/v1/umfragen/${surveyIds.sent}/antworten/${OWN_AGS}/wieder-oeffnen`, fc.record({ version: versionArb }, { requiredKeys: [] }));

  it('prints the counts', () => {
    let total = 0;
    for (const [name, tally] of tallies) {
      total += tally.requests;
      const statuses = [...tally.byStatus].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
      console.log(`fuzz ${name}: ${tally.requests} requests (${statuses})`);
    }
    console.log(`fuzz total (${database.kind}): ${total} requests over ${tallies.size} endpoints/forms, 0 responses ≥ 500, 0 stack traces`);
    expect(tallies.size).toBe(99);
  });
});
