import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/app';
import { createDraft } from '../../src/modules/agreements/service';
import { saveProject } from '../../src/modules/projects/service';
import { AGREEMENT_STATUSES, type AgreementStatus } from '../../src/modules/agreements/status';
import type { AppDatabase } from '../../src/platform/db/client';
import { createTestDatabase } from '../support/test-database';
import { OWN_AGS, buildAccounts, buildProject, setAllocation, type RoleKey as AccountKey } from '../factories';
import { csrfPair } from '../support/auth';
import { TODAY } from '../support/dates';
import { importSurvey, saveResponse, sendSurvey, submitResponse } from '../../src/modules/surveys/service';
import { DEMO_SURVEY_DEFINITION } from '../../src/modules/surveys/use-cases/demo';
import { createStateReport, releaseStateReport } from '../../src/modules/state-report/service';

/**
 * The access matrix: every route of the application (walked from the Hono router, UI and API) ×
 * every role × own/other district × every agreement state. Each route needs an entry in
 * EXPECTATIONS, so a new route without one fails here. The expected outcomes are WRITTEN OUT BY
 * HAND below (as in policy.test.ts) – never derived from the policy table – so a wrong policy row
 * shows up as a mismatch.
 *
 * Outcome classes: `allowed` (passed authorisation: 2xx, 3xx, 409 conflicts/transition refusals,
 * 422 validation), `login` (303 → /anmelden, or 401 for the API), `forbidden` (403), `notFound` (404).
 */

type Role = 'anonymous' | AccountKey;
const ROLES: Role[] = ['anonymous', 'hmsi', 'districtOwn', 'districtOther', 'rp', 'admin'];
type Outcome = 'allowed' | 'login' | 'forbidden' | 'notFound';

interface Context {
  role: Role;
  state: AgreementStatus;
  version: number;
}
interface RequestSpec {
  path: string;
  form?: Record<string, string>;
  json?: unknown;
  headers?: Record<string, string>;
}
interface Expectation {
  /** Runs once per agreement state (the RTK 2025 agreement is put into each state first). */
  perState?: boolean;
  request: (ctx: Context) => RequestSpec;
  /** The expected outcome; a list when several are correct (e.g. a failed sign-in may be 401 or a page). */
  expect: (ctx: Context) => Outcome | Outcome[];
}

const YEAR = 2025;
const A = `/zielvereinbarungen/${YEAR}/${OWN_AGS}`;
const API = `/api/v1/agreements/${YEAR}/${OWN_AGS}`;
const MISSING_ID = '999999';

/** Public: everybody, signed in or not. */
const isPublic = (): Outcome => 'allowed';
/** Any signed-in account. */
const signedIn = (ctx: Context): Outcome => (ctx.role === 'anonymous' ? 'login' : 'allowed');
/**
 * A Land-wide route (no district record): the listed roles pass, every other account gets 403,
 * visitors are sent to the sign-in page. `then` replaces `allowed` (e.g. 404 for a missing id).
 */
const land = (allowed: Role[], then: Outcome = 'allowed') => (ctx: Context): Outcome =>
  ctx.role === 'anonymous' ? 'login' : allowed.includes(ctx.role) ? then : 'forbidden';
/**
 * A route about the RTK agreement. Per role: `true` = in every state, a list = only in those
 * states (403 in the others), missing = 403. The other district always gets 404 (tenancy first),
 * visitors the sign-in page.
 */
const rtk = (grants: Partial<Record<AccountKey, true | AgreementStatus[]>>) => (ctx: Context): Outcome => {
  if (ctx.role === 'anonymous') return 'login';
  if (ctx.role === 'districtOther') return 'notFound';
  const grant = grants[ctx.role];
  if (grant === true) return 'allowed';
  if (grant && grant.includes(ctx.state)) return 'allowed';
  return 'forbidden';
};
/** Readers of an agreement: HMSI, RP, the own district (admin accounts do not read agreements). */
const READERS = { hmsi: true, districtOwn: true, rp: true } as const;
const EDITABLE: AgreementStatus[] = ['entwurf', 'in_abstimmung'];
/** Projects and Träger are changed by the own district only (issue 13). */
const PROJECT_EDITORS = { districtOwn: true } as const;
/** Deviations (§ 6) are entered by HMSI and the own district (RP reads). */
const DEVIATION_RECORDERS = { hmsi: true, districtOwn: true } as const;
/** A missing record under the RTK address: readers get 404, everybody else what rtk(READERS) says. */
/** A Landesbericht draft: HMSI and RP read it, a district finds nothing released (404), administration has no access. */
const draftReaders = (ctx: Context): Outcome => (ctx.role === 'anonymous' ? 'login' : ['hmsi', 'rp'].includes(ctx.role) ? 'allowed' : ctx.role === 'admin' ? 'forbidden' : 'notFound');
const missingForReaders = (ctx: Context): Outcome => (['hmsi', 'districtOwn', 'rp'].includes(ctx.role) ? 'notFound' : rtk(READERS)(ctx));
const P = `/projekte/${YEAR}/${OWN_AGS}`;
const AN = `/antraege/${YEAR}/${OWN_AGS}`;
const MI = `/mittel/${YEAR}/${OWN_AGS}`;
const VN = `/verwendungsnachweise/${YEAR}/${OWN_AGS}`;

/** The sign-in steps after the password need a half-finished sign-in; without one they send to /anmelden. */
const signInStep = (): Outcome => 'login';
/**
 * Account pages need a browser session: an API token (how this matrix signs in) does not open
 * them, they send to /anmelden like an anonymous visitor.
 */
const sessionOnly = (): Outcome => 'login';

/** The status form asks for the next step of each state (veroeffentlicht → entwurf is no step: 409 for readers). */
const NEXT: Record<AgreementStatus, AgreementStatus> = {
  entwurf: 'in_abstimmung',
  in_abstimmung: 'entwurf',
  zur_unterschrift: 'in_abstimmung',
  unterzeichnet: 'veroeffentlicht',
  veroeffentlicht: 'entwurf',
};
/**
 * Who may take that step, by hand: HMSI every one; the district only back into the draft; RP none.
 * In `veroeffentlicht` the asked step does not exist: every reader passes authorisation and gets 409.
 */
const transitionStep = rtk({ hmsi: true, districtOwn: ['in_abstimmung', 'veroeffentlicht'], rp: ['veroeffentlicht'] });
/** The signature each role records: HMSI the Land's, a district its own. RP and admin have none. */
const partyOf = (ctx: Context) => (ctx.role === 'hmsi' ? 'land' : 'district');
/** HMSI and the own district sign only in zur_unterschrift; RP (reads, signs for nobody) is refused. */
const signing = rtk({ hmsi: ['zur_unterschrift'], districtOwn: ['zur_unterschrift'] });
const signature = { place: 'Wiesbaden', date: TODAY, name: 'Test Person', title: 'Staatsministerin' };

let content: unknown;
const get = (path: string) => () => ({ path });
const post = (path: string, form: Record<string, string> = {}) => () => ({ path, form });

const HMSI: Role[] = ['hmsi'];
const ADMIN: Role[] = ['admin'];
const LAND_READERS: Role[] = ['hmsi', 'rp'];

const T = `/teilnehmende/${YEAR}/${OWN_AGS}`;
/** Participant uploads: only the own district; another district 404 (tenancy first), HMSI/RP/admin 403. */
const ownDistrictOnly = rtk({ districtOwn: true });
/** A pending upload that does not exist: 404 for the own district, who alone may look for one. */
const ownDistrictMissing = (ctx: Context): Outcome => (ctx.role === 'districtOwn' ? 'notFound' : ownDistrictOnly(ctx));
/** Participant statistics and records of a district: HMSI, RP, the own district (admin accounts do not read them). */
const PARTICIPANT_READERS = { hmsi: true, districtOwn: true, rp: true } as const;

/** Surveys (issue 16): S is sent to the own district only, S2 too with its response submitted, D is in preparation. */
const survey = { sent: 0, submitted: 0, draft: 0 };
const U = () => `/umfragen/${survey.sent}`;
const UA = () => `/umfragen/${survey.sent}/antwort/${OWN_AGS}`;
const UR = () => `/umfragen/${survey.submitted}/antwort/${OWN_AGS}`;
const UD = () => `/umfragen/${survey.draft}`;
const UAPI = () => `/api/v1/umfragen/${survey.sent}`;
/** Survey readers: the ministry and the own district (a survey not sent to a district is 404 for it); RP and admin none. */
const SURVEY_READERS = { hmsi: true, districtOwn: true } as const;
/** Listing the surveys: every ministry and district account (a district sees those sent to it). */
const surveyList = land(['hmsi', 'districtOwn', 'districtOther']);

const EXPECTATIONS: Record<string, Expectation> = {
  // surveys module (Umfragen)
  'GET /umfragen': { request: get('/umfragen'), expect: surveyList },
  'POST /umfragen': { request: post('/umfragen'), expect: land(HMSI) },
  'POST /umfragen/import': { request: post('/umfragen/import'), expect: land(HMSI) },
  // A district is sent on to its response (303); another district 404 (not sent to it).
  'GET /umfragen/:id': { request: () => ({ path: U() }), expect: rtk(SURVEY_READERS) },
  'POST /umfragen/:id/kopieren': { request: () => ({ path: `${U()}/kopieren`, form: {} }), expect: land(HMSI) },
  'GET /umfragen/:id/bearbeiten': { request: () => ({ path: `${UD()}/bearbeiten` }), expect: land(HMSI) },
  'POST /umfragen/:id/bearbeiten': { request: () => ({ path: `${UD()}/bearbeiten`, form: {} }), expect: land(HMSI) },
  'GET /umfragen/:id/fragen/neu': { request: () => ({ path: `${UD()}/fragen/neu` }), expect: land(HMSI) },
  'POST /umfragen/:id/fragen/neu': { request: () => ({ path: `${UD()}/fragen/neu`, form: {} }), expect: land(HMSI) },
  'GET /umfragen/:id/fragen/:variable': { request: () => ({ path: `${UD()}/fragen/f1_teilzeit` }), expect: land(HMSI) },
  'POST /umfragen/:id/fragen/:variable': { request: () => ({ path: `${UD()}/fragen/f1_teilzeit`, form: {} }), expect: land(HMSI) },
  'GET /umfragen/:id/versenden': { request: () => ({ path: `${UD()}/versenden` }), expect: land(HMSI) },
  'POST /umfragen/:id/versenden': { request: () => ({ path: `${UD()}/versenden`, form: {} }), expect: land(HMSI) },
  'GET /umfragen/:id/ergebnisse': { request: () => ({ path: `${U()}/ergebnisse` }), expect: land(HMSI) },
  'GET /umfragen/:id/vergleich': { request: () => ({ path: `${U()}/vergleich?mit=${survey.submitted}` }), expect: land(HMSI) },
  'GET /umfragen/:id/export.csv': { request: () => ({ path: `${U()}/export.csv` }), expect: land(HMSI) },
  'GET /umfragen/:id/export.xlsx': { request: () => ({ path: `${U()}/export.xlsx` }), expect: land(HMSI) },
  'GET /umfragen/:id/codebuch.csv': { request: () => ({ path: `${U()}/codebuch.csv` }), expect: land(HMSI) },
  'GET /umfragen/:id/umfrage.json': { request: () => ({ path: `${U()}/umfrage.json` }), expect: land(HMSI) },
  // The one shared response: the own district answers, the ministry reads (and reopens a submitted one).
  'GET /umfragen/:id/antwort/:ags': { request: () => ({ path: UA() }), expect: rtk(SURVEY_READERS) },
  'POST /umfragen/:id/antwort/:ags': { request: () => ({ path: UA(), form: {} }), expect: rtk({ districtOwn: true }) },
  'GET /umfragen/:id/antwort/:ags/einreichen': { request: () => ({ path: `${UA()}/einreichen` }), expect: rtk({ districtOwn: true }) },
  'POST /umfragen/:id/antwort/:ags/einreichen': { request: () => ({ path: `${UA()}/einreichen`, form: {} }), expect: rtk({ districtOwn: true }) },
  'GET /umfragen/:id/antwort/:ags/wieder-oeffnen': { request: () => ({ path: `${UR()}/wieder-oeffnen` }), expect: rtk({ hmsi: true }) },
  'POST /umfragen/:id/antwort/:ags/wieder-oeffnen': { request: () => ({ path: `${UR()}/wieder-oeffnen`, form: {} }), expect: rtk({ hmsi: true }) },
  'GET /api/v1/umfragen': { request: get('/api/v1/umfragen'), expect: surveyList },
  'POST /api/v1/umfragen': { request: () => ({ path: '/api/v1/umfragen', json: {} }), expect: land(HMSI) },
  'GET /api/v1/umfragen/:id': { request: () => ({ path: UAPI() }), expect: rtk(SURVEY_READERS) },
  'PUT /api/v1/umfragen/:id/definition': { request: () => ({ path: `/api/v1/umfragen/${survey.draft}/definition`, json: {} }), expect: land(HMSI) },
  'POST /api/v1/umfragen/:id/versenden': { request: () => ({ path: `/api/v1/umfragen/${survey.draft}/versenden`, json: {} }), expect: land(HMSI) },
  'GET /api/v1/umfragen/:id/ergebnisse': { request: () => ({ path: `${UAPI()}/ergebnisse` }), expect: land(HMSI) },
  'GET /api/v1/umfragen/:id/antworten/:ags': { request: () => ({ path: `${UAPI()}/antworten/${OWN_AGS}` }), expect: rtk(SURVEY_READERS) },
  'PUT /api/v1/umfragen/:id/antworten/:ags': { request: () => ({ path: `${UAPI()}/antworten/${OWN_AGS}`, json: {} }), expect: rtk({ districtOwn: true }) },
  'POST /api/v1/umfragen/:id/antworten/:ags/einreichen': { request: () => ({ path: `${UAPI()}/antworten/${OWN_AGS}/einreichen`, json: {} }), expect: rtk({ districtOwn: true }) },
  'POST /api/v1/umfragen/:id/antworten/:ags/wieder-oeffnen': { request: () => ({ path: `/api/v1/umfragen/${survey.submitted}/antworten/${OWN_AGS}/wieder-oeffnen`, json: {} }), expect: rtk({ hmsi: true }) },
  'GET /healthz': { request: get('/healthz'), expect: isPublic },
  'GET /readyz': { request: get('/readyz'), expect: isPublic },
  // Metrics need METRICS_TOKEN (not configured here): the endpoint does not exist for anybody.
  'GET /metrics': { request: get('/metrics'), expect: () => 'notFound' },
  'GET /': { request: get('/'), expect: isPublic },
  // The Landesübersicht export: same rows and access as the (public) page.
  'GET /landesuebersicht/:year/:file': { request: get('/landesuebersicht/2024/export.csv'), expect: isPublic },
  // access module
  'GET /anmelden': { request: get('/anmelden'), expect: isPublic },
  // A failed sign-in answers 401 with the form again (or the page when throttled).
  'POST /anmelden': { request: post('/anmelden', { email: 'niemand@test.example', password: 'falsch-falsch-falsch' }), expect: () => ['login', 'allowed'] },
  // Signing out always ends on the sign-in page.
  'POST /abmelden': { request: post('/abmelden'), expect: () => 'login' },
  // Sign-in with the Landeskonto: not configured in this app, so the routes do not exist for anybody (oidc.db.test.ts tests them configured).
  'POST /anmelden/landeskonto': { request: post('/anmelden/landeskonto'), expect: () => 'notFound' },
  'GET /anmelden/landeskonto/rueckkehr': { request: get('/anmelden/landeskonto/rueckkehr?code=x&state=y'), expect: () => 'notFound' },
  'GET /anmelden/passwort': { request: get('/anmelden/passwort'), expect: signInStep },
  'POST /anmelden/passwort': { request: post('/anmelden/passwort'), expect: signInStep },
  'GET /anmelden/zwei-faktor-einrichten': { request: get('/anmelden/zwei-faktor-einrichten'), expect: signInStep },
  'POST /anmelden/zwei-faktor-einrichten': { request: post('/anmelden/zwei-faktor-einrichten'), expect: signInStep },
  'GET /anmelden/code': { request: get('/anmelden/code'), expect: signInStep },
  'POST /anmelden/code': { request: post('/anmelden/code'), expect: signInStep },
  'GET /konto': { request: get('/konto'), expect: sessionOnly },
  'POST /konto/passwort': { request: post('/konto/passwort'), expect: sessionOnly },
  'GET /konto/zwei-faktor': { request: get('/konto/zwei-faktor'), expect: sessionOnly },
  'POST /konto/zwei-faktor': { request: post('/konto/zwei-faktor'), expect: sessionOnly },
  'POST /konto/api-tokens': { request: post('/konto/api-tokens', { name: 'Matrix' }), expect: sessionOnly },
  'GET /konto/api-tokens/:id/widerrufen': { request: get(`/konto/api-tokens/${MISSING_ID}/widerrufen`), expect: sessionOnly },
  'POST /konto/api-tokens/:id/widerrufen': { request: post(`/konto/api-tokens/${MISSING_ID}/widerrufen`), expect: sessionOnly },
  'GET /api/konto': { request: get('/api/konto'), expect: signedIn },
  'GET /aufgaben': { request: get('/aufgaben'), expect: signedIn },
  // calendar module: every reader of the workflow (a district sees its own entries only, checked in
  // calendar.db.test.tsx); the administration has no calendar. Feed addresses are personal records.
  'GET /kalender': { request: get('/kalender'), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'POST /kalender/ical': { request: post('/kalender/ical'), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'GET /kalender/ical/:id/widerrufen': { request: get(`/kalender/ical/${MISSING_ID}/widerrufen`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp'], 'notFound') },
  'POST /kalender/ical/:id/widerrufen': { request: post(`/kalender/ical/${MISSING_ID}/widerrufen`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp'], 'notFound') },
  // The feed needs no session: an unknown token is 404 for everybody, signed in or not.
  'GET /kalender/ical/:file': { request: get('/kalender/ical/kal_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics'), expect: () => 'notFound' },
  // user administration: administrators only; a missing account id is 404 for them
  'GET /admin/benutzer': { request: get('/admin/benutzer'), expect: land(ADMIN) },
  'POST /admin/benutzer': { request: post('/admin/benutzer'), expect: land(ADMIN) },
  'GET /admin/benutzer/:id/bearbeiten': { request: get(`/admin/benutzer/${MISSING_ID}/bearbeiten`), expect: land(ADMIN, 'notFound') },
  'POST /admin/benutzer/:id/bearbeiten': { request: post(`/admin/benutzer/${MISSING_ID}/bearbeiten`), expect: land(ADMIN, 'notFound') },
  'GET /admin/benutzer/:id/deaktivieren': { request: get(`/admin/benutzer/${MISSING_ID}/deaktivieren`), expect: land(ADMIN, 'notFound') },
  'POST /admin/benutzer/:id/deaktivieren': { request: post(`/admin/benutzer/${MISSING_ID}/deaktivieren`), expect: land(ADMIN, 'notFound') },
  'POST /admin/benutzer/:id/reaktivieren': { request: post(`/admin/benutzer/${MISSING_ID}/reaktivieren`), expect: land(ADMIN, 'notFound') },
  // A Landeskonto waiting for its role: administrators only; a missing entry is 404 for them.
  'GET /admin/benutzer/wartend/:id': { request: get(`/admin/benutzer/wartend/${MISSING_ID}`), expect: land(ADMIN, 'notFound') },
  'POST /admin/benutzer/wartend/:id': { request: post(`/admin/benutzer/wartend/${MISSING_ID}`, { role: 'hmsi' }), expect: land(ADMIN, 'notFound') },
  'GET /admin/benutzer/:id/zuruecksetzen': { request: get(`/admin/benutzer/${MISSING_ID}/zuruecksetzen`), expect: land(ADMIN, 'notFound') },
  'POST /admin/benutzer/:id/zuruecksetzen': { request: post(`/admin/benutzer/${MISSING_ID}/zuruecksetzen`), expect: land(ADMIN, 'notFound') },
  // AQB years: HMSI and RP read, only HMSI changes; district users never see the Land-level money
  'GET /jahre': { request: get('/jahre'), expect: land(LAND_READERS) },
  'POST /jahre': { request: post('/jahre'), expect: land(HMSI) },
  'GET /jahre/:year': { request: get('/jahre/2025'), expect: land(LAND_READERS) },
  'POST /jahre/:year/landesbudget': { request: post('/jahre/2025/landesbudget'), expect: land(HMSI) },
  'POST /jahre/:year/teilbudgets': { request: post('/jahre/2025/teilbudgets'), expect: land(HMSI) },
  // One district's letter: no letters in this database (404 for whoever may read; the other district 404 by tenancy).
  'GET /mittelankuendigungen/:year/:ags/:format': { request: get(`/mittelankuendigungen/2025/${OWN_AGS}/pdf`), expect: (ctx) => (ctx.role === 'anonymous' ? 'login' : ctx.role === 'admin' ? 'forbidden' : 'notFound') },
  // No change letter exists for 2025: readers get 404 like the other district (tenancy first); admin has no letter.read.
  'GET /mittelankuendigungen/:year/:ags/aenderungen/:number/:format': { request: get(`/mittelankuendigungen/2025/${OWN_AGS}/aenderungen/1/pdf`), expect: (ctx) => (ctx.role === 'anonymous' ? 'login' : ctx.role === 'admin' ? 'forbidden' : 'notFound') },
  'GET /jahre/:year/teilbudgets/:id/bearbeiten': { request: get(`/jahre/2025/teilbudgets/${MISSING_ID}/bearbeiten`), expect: land(LAND_READERS, 'notFound') },
  'POST /jahre/:year/teilbudgets/:id/bearbeiten': { request: post(`/jahre/2025/teilbudgets/${MISSING_ID}/bearbeiten`), expect: land(HMSI, 'notFound') },
  'GET /jahre/:year/szenarien/:id/umbenennen': { request: get(`/jahre/2025/szenarien/${MISSING_ID}/umbenennen`), expect: land(LAND_READERS, 'notFound') },
  'POST /jahre/:year/szenarien/:id/umbenennen': { request: post(`/jahre/2025/szenarien/${MISSING_ID}/umbenennen`), expect: land(HMSI, 'notFound') },
  'GET /jahre/:year/szenarien/:id/loeschen': { request: get(`/jahre/2025/szenarien/${MISSING_ID}/loeschen`), expect: land(LAND_READERS, 'notFound') },
  'POST /jahre/:year/szenarien/:id/loeschen': { request: post(`/jahre/2025/szenarien/${MISSING_ID}/loeschen`), expect: land(HMSI, 'notFound') },
  'GET /jahre/:year/teilbudgets/:id/loeschen': { request: get(`/jahre/2025/teilbudgets/${MISSING_ID}/loeschen`), expect: land(LAND_READERS, 'notFound') },
  'POST /jahre/:year/teilbudgets/:id/loeschen': { request: post(`/jahre/2025/teilbudgets/${MISSING_ID}/loeschen`), expect: land(HMSI, 'notFound') },
  'GET /jahre/:year/szenarien/schluessel': { request: get('/jahre/2025/szenarien/schluessel'), expect: land(LAND_READERS) },
  'POST /jahre/:year/szenarien/schluessel': { request: post('/jahre/2025/szenarien/schluessel'), expect: land(HMSI) },
  'GET /jahre/:year/szenarien/manuell': { request: get('/jahre/2025/szenarien/manuell'), expect: land(LAND_READERS) },
  'POST /jahre/:year/szenarien/manuell': { request: post('/jahre/2025/szenarien/manuell'), expect: land(HMSI) },
  'GET /jahre/:year/vergleich': { request: get('/jahre/2025/vergleich'), expect: land(LAND_READERS) },
  'GET /jahre/:year/vergleich.csv': { request: get('/jahre/2025/vergleich.csv'), expect: land(LAND_READERS) },
  'GET /jahre/:year/vergleich.xlsx': { request: get('/jahre/2025/vergleich.xlsx'), expect: land(LAND_READERS) },
  'GET /jahre/:year/szenarien/:id/festlegen': { request: get(`/jahre/2025/szenarien/${MISSING_ID}/festlegen`), expect: land(LAND_READERS, 'notFound') },
  'POST /jahre/:year/szenarien/:id/festlegen': { request: post(`/jahre/2025/szenarien/${MISSING_ID}/festlegen`), expect: land(HMSI, 'notFound') },
  // Letters exist only once a distribution is fixed (not in this database): 404 for whoever may read.
  'GET /jahre/:year/mittelankuendigungen.zip': { request: get('/jahre/2025/mittelankuendigungen.zip'), expect: land(LAND_READERS, 'notFound') },
  'GET /jahre/:year/schreiben/:ags/:format': { request: get(`/jahre/2025/schreiben/${OWN_AGS}/pdf`), expect: land(LAND_READERS, 'notFound') },
  'GET /jahre/:year/szenarien/:id/vorschau': { request: get(`/jahre/2025/szenarien/${MISSING_ID}/vorschau`), expect: land(LAND_READERS, 'notFound') },
  'GET /jahre/:year/szenarien/:id/vorschau/:ags/:format': { request: get(`/jahre/2025/szenarien/${MISSING_ID}/vorschau/${OWN_AGS}/pdf`), expect: land(LAND_READERS, 'notFound') },
  'POST /jahre/:year/revisionen': { request: post('/jahre/2025/revisionen'), expect: land(HMSI) },
  // audit trail: HMSI and administrators
  'GET /admin/protokoll': { request: get('/admin/protokoll'), expect: land(['hmsi', 'admin']) },
  'GET /admin/protokoll.csv': { request: get('/admin/protokoll.csv'), expect: land(['hmsi', 'admin']) },
  // backups from the running server: administrators only
  'GET /admin/sicherung': { request: get('/admin/sicherung'), expect: land(ADMIN) },
  'POST /admin/sicherung': { request: post('/admin/sicherung'), expect: land(ADMIN) },
  // the outbox: administrators only; no mail with this id
  'GET /admin/postausgang': { request: get('/admin/postausgang'), expect: land(ADMIN) },
  'GET /admin/briefkoepfe': { request: get('/admin/briefkoepfe'), expect: land(ADMIN) },
  'GET /admin/briefkoepfe/:key': { request: get('/admin/briefkoepfe/hmsi'), expect: land(ADMIN) },
  // An empty form: administrators pass authorisation and get 422, nothing is saved.
  'POST /admin/briefkoepfe/:key': { request: post('/admin/briefkoepfe/rp-kassel'), expect: land(ADMIN) },
  'GET /admin/postausgang/:id/erneut-senden': { request: get(`/admin/postausgang/${MISSING_ID}/erneut-senden`), expect: land(ADMIN, 'notFound') },
  'POST /admin/postausgang/:id/erneut-senden': { request: post(`/admin/postausgang/${MISSING_ID}/erneut-senden`, { version: '1' }), expect: land(ADMIN, 'notFound') },
  // one's own e-mail reminders: every account with the calendar (the administration has none)
  'GET /konto/erinnerungen': { request: get('/konto/erinnerungen'), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'POST /konto/erinnerungen': { request: post('/konto/erinnerungen', { version: '0', aktiv: '1', tage: '7, 1' }), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  // public portal and open data
  'GET /portal': { request: get('/portal'), expect: isPublic },
  'GET /portal/zielvereinbarungen': { request: get('/portal/zielvereinbarungen'), expect: isPublic },
  'GET /portal/zielvereinbarungen/:year/:ags': { request: get(`/portal/zielvereinbarungen/2024/${OWN_AGS}`), expect: isPublic },
  'GET /portal/zielvereinbarungen/:year/:ags/:file': { request: get(`/portal/zielvereinbarungen/2024/${OWN_AGS}/zielvereinbarung.json`), expect: isPublic },
  'GET /portal/vergleich/:ags/:from/:to': { request: get(`/portal/vergleich/${OWN_AGS}/2024/2024`), expect: isPublic },
  'GET /opendata': { request: get('/opendata'), expect: isPublic },
  'GET /opendata/agreements.json': { request: get('/opendata/agreements.json'), expect: isPublic },
  'GET /opendata/datenbeschreibung': { request: get('/opendata/datenbeschreibung'), expect: isPublic },
  'GET /opendata/datenbeschreibung.json': { request: get('/opendata/datenbeschreibung.json'), expect: isPublic },
  'GET /opendata/agreements.csv': { request: get('/opendata/agreements.csv'), expect: isPublic },
  'GET /opendata/catalog.jsonld': { request: get('/opendata/catalog.jsonld'), expect: isPublic },
  'GET /opendata/:year/:file': { request: get('/opendata/2024/agreements.json'), expect: isPublic },
  'GET /barrierefreiheit': { request: get('/barrierefreiheit'), expect: isPublic },
  'POST /barrierefreiheit/rueckmeldung': { request: post('/barrierefreiheit/rueckmeldung'), expect: isPublic },
  'GET /leichte-sprache': { request: get('/leichte-sprache'), expect: isPublic },
  'GET /impressum': { request: get('/impressum'), expect: isPublic },
  'GET /datenschutz': { request: get('/datenschutz'), expect: isPublic },
  // accessibility feedback: HMSI and administrators read and answer it; a missing message is 404 for them
  'GET /admin/rueckmeldungen': { request: get('/admin/rueckmeldungen'), expect: land(['hmsi', 'admin']) },
  'POST /admin/rueckmeldungen/:id{[0-9]{1,9}}': { request: post(`/admin/rueckmeldungen/${MISSING_ID}`, { answer: 'Erledigt' }), expect: land(['hmsi', 'admin'], 'notFound') },
  // portal pages and licence: administrators (master data)
  'POST /admin/seiten/opendata-lizenz': { request: post('/admin/seiten/opendata-lizenz'), expect: land(ADMIN) },
  'GET /admin/seiten/:slug': { request: get('/admin/seiten/impressum'), expect: land(ADMIN) },
  'POST /admin/seiten/:slug': { request: post('/admin/seiten/impressum'), expect: land(ADMIN) },
  // year templates: HMSI
  'GET /vorlagen': { request: get('/vorlagen'), expect: land(HMSI) },
  'GET /vorlagen/:year{[0-9]{4}}': { request: get('/vorlagen/2025'), expect: land(HMSI) },
  'POST /vorlagen/:year{[0-9]{4}}': { request: post('/vorlagen/2025'), expect: land(HMSI) },
  // Version 1 with itself: a comparison for HMSI; restoring the only (current) version is refused with 409 for HMSI.
  'GET /vorlagen/:year{[0-9]{4}}/vergleich': { request: get('/vorlagen/2025/vergleich?von=1&zu=1'), expect: land(HMSI) },
  'POST /vorlagen/:year{[0-9]{4}}/wiederherstellen': { request: post('/vorlagen/2025/wiederherstellen', { version: '1' }), expect: land(HMSI) },
  // imports: HMSI; a missing batch is 404 for them
  'GET /import': { request: get('/import'), expect: land(HMSI) },
  'POST /import': { request: post('/import'), expect: land(HMSI) },
  'GET /import/stapel/:batch': { request: get(`/import/stapel/${MISSING_ID}`), expect: land(HMSI, 'notFound') },
  'GET /import/stapel/:batch/:position': { request: get(`/import/stapel/${MISSING_ID}/1`), expect: land(HMSI, 'notFound') },
  'POST /import/stapel/:batch/:position': { request: post(`/import/stapel/${MISSING_ID}/1`), expect: land(HMSI, 'notFound') },
  // agreement document view and downloads: readers, in every state
  'GET /zielvereinbarungen/:year{[0-9]{4}}/:ags{[0-9]{5}}': { perState: true, request: get(A), expect: rtk(READERS) },
  'GET /zielvereinbarungen/:year{[0-9]{4}}/:ags{[0-9]{5}}/:file{dokument\\.(pdf|docx|txt|json)}': { perState: true, request: get(`${A}/dokument.json`), expect: rtk(READERS) },
  // agreement workflow pages
  'GET /zielvereinbarungen': { request: get('/zielvereinbarungen'), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  // the list's exports: every signed-in reader (a district's file holds only its own agreements)
  'GET /zielvereinbarungen.csv': { request: get('/zielvereinbarungen.csv'), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'GET /zielvereinbarungen.xlsx': { request: get('/zielvereinbarungen.xlsx'), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'POST /zielvereinbarungen': { request: post('/zielvereinbarungen', { neu_jahr: String(YEAR), neu_ags: OWN_AGS }), expect: land(HMSI) },
  'GET /zielvereinbarungen/vergleich': { perState: true, request: get(`/zielvereinbarungen/vergleich?ags=${OWN_AGS}&von=2024&zu=${YEAR}`), expect: rtk(READERS) },
  'GET /zielvereinbarungen/:year/:ags/bearbeiten': { perState: true, request: get(`${A}/bearbeiten`), expect: rtk(READERS) },
  'POST /zielvereinbarungen/:year/:ags/bearbeiten': {
    perState: true,
    request: (ctx) => ({ path: `${A}/bearbeiten`, form: { version: String(ctx.version), betrag: '500.000,00', projekte_1: 'Matrixprojekt', projekte_2: '', projekte_3: '', projekte_4: '' } }),
    expect: rtk({ hmsi: EDITABLE, districtOwn: EDITABLE }),
  },
  'GET /zielvereinbarungen/:year/:ags/status': { perState: true, request: get(`${A}/status`), expect: rtk(READERS) },
  'POST /zielvereinbarungen/:year/:ags/status': {
    perState: true,
    request: (ctx) => ({ path: `${A}/status`, form: { version: String(ctx.version), to: NEXT[ctx.state] } }),
    expect: transitionStep,
  },
  // Confirmation pages before acts that cannot be taken back (publishing, Nachtrag).
  // Only HMSI publishes; in any other state than `unterzeichnet` (and without signatures, as here) HMSI gets the refusal on the page (409).
  'GET /zielvereinbarungen/:year/:ags/veroeffentlichen': { perState: true, request: (ctx) => ({ path: `${A}/veroeffentlichen?version=${ctx.version}` }), expect: rtk({ hmsi: true }) },
  'GET /zielvereinbarungen/:year/:ags/veroeffentlichen/vorschau.pdf': {
    perState: true,
    request: (ctx) => ({ path: `${A}/veroeffentlichen/vorschau.pdf?version=${ctx.version}` }),
    expect: rtk({ hmsi: true }),
  },
  'POST /zielvereinbarungen/:year/:ags/veroeffentlichen': {
    perState: true,
    request: (ctx) => ({ path: `${A}/veroeffentlichen`, form: { version: String(ctx.version), sha256: '0'.repeat(64) } }),
    expect: rtk({ hmsi: true }),
  },
  // Withdrawing a publication: HMSI, only while published (403 in every other state).
  'GET /zielvereinbarungen/:year/:ags/zurueckziehen': { perState: true, request: (ctx) => ({ path: `${A}/zurueckziehen?version=${ctx.version}` }), expect: rtk({ hmsi: ['veroeffentlicht'] }) },
  'POST /zielvereinbarungen/:year/:ags/zurueckziehen': {
    perState: true,
    request: (ctx) => ({ path: `${A}/zurueckziehen`, form: { version: String(ctx.version), grund: 'Matrix-Begründung' } }),
    expect: rtk({ hmsi: ['veroeffentlicht'] }),
  },
  'GET /zielvereinbarungen/:year/:ags/nachtrag': { perState: true, request: get(`${A}/nachtrag`), expect: rtk({ hmsi: ['veroeffentlicht'] }) },
  'POST /zielvereinbarungen/:year/:ags/nachtrag': {
    perState: true,
    request: (ctx) => ({ path: `${A}/nachtrag`, form: { version: String(ctx.version) } }),
    expect: rtk({ hmsi: ['veroeffentlicht'] }),
  },
  'GET /zielvereinbarungen/:year/:ags/unterschrift': { perState: true, request: get(`${A}/unterschrift`), expect: rtk(READERS) },
  'POST /zielvereinbarungen/:year/:ags/unterschrift': {
    perState: true,
    request: (ctx) => ({ path: `${A}/unterschrift`, form: { version: String(ctx.version), partei: partyOf(ctx), ort: 'Wiesbaden', datum: TODAY, name: 'Test Person', amt: 'Landrat' } }),
    expect: signing,
  },
  // Negotiation notes: ministry and own district read and write; only the district marks its part agreed, while negotiating.
  'GET /zielvereinbarungen/:year/:ags/notizen': { perState: true, request: get(`${A}/notizen`), expect: rtk(READERS) },
  'POST /zielvereinbarungen/:year/:ags/notizen': { perState: true, request: post(`${A}/notizen`, { body: 'Matrix-Notiz' }), expect: rtk({ hmsi: true, districtOwn: true }) },
  'POST /zielvereinbarungen/:year/:ags/abgestimmt': { perState: true, request: (ctx) => ({ path: `${A}/abgestimmt`, form: { version: String(ctx.version) } }), expect: rtk({ districtOwn: EDITABLE }) },
  'GET /zielvereinbarungen/:year/:ags/versionen': { perState: true, request: get(`${A}/versionen`), expect: rtk(READERS) },
  'GET /zielvereinbarungen/:year/:ags/vergleich': { perState: true, request: get(`${A}/vergleich?von=1&zu=2`), expect: rtk(READERS) },
  'GET /zielvereinbarungen/:year/:ags/verlauf': { perState: true, request: get(`${A}/verlauf`), expect: rtk(READERS) },
  // projects and Träger (issue 13): HMSI and RP read every district's, only the own district changes; admin none
  'GET /projekte': { request: get('/projekte'), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'GET /projekte/:year/:ags': { request: get(P), expect: rtk(READERS) },
  'GET /projekte/:year/:ags/eckdaten': { request: get(`${P}/eckdaten`), expect: rtk(READERS) },
  'GET /projekte/:year/:ags/eckdaten.csv': { request: get(`${P}/eckdaten.csv`), expect: rtk(READERS) },
  'GET /projekte/:year/:ags/neu': { request: get(`${P}/neu`), expect: rtk(PROJECT_EDITORS) },
  // An empty form: 422 for the district (passed authorisation), nothing stored.
  'POST /projekte/:year/:ags/neu': { request: post(`${P}/neu`, { kuerzel: '' }), expect: rtk(PROJECT_EDITORS) },
  'GET /projekte/:year/:ags/projekt/:key': { request: get(`${P}/projekt/M1`), expect: rtk(READERS) },
  'GET /projekte/:year/:ags/projekt/:key/bearbeiten': { request: get(`${P}/projekt/M1/bearbeiten`), expect: rtk(PROJECT_EDITORS) },
  // Without the form's version: 422 for the district.
  'POST /projekte/:year/:ags/projekt/:key/bearbeiten': { request: post(`${P}/projekt/M1/bearbeiten`, { titel: 'Matrix' }), expect: rtk(PROJECT_EDITORS) },
  'GET /projekte/:year/:ags/projekt/:key/entfernen': { request: get(`${P}/projekt/M1/entfernen`), expect: rtk(PROJECT_EDITORS) },
  // A stale version: 409 for the district, the project stays.
  'POST /projekte/:year/:ags/projekt/:key/entfernen': { request: post(`${P}/projekt/M1/entfernen`, { version: '999' }), expect: rtk(PROJECT_EDITORS) },
  'GET /traeger/:ags': { request: get(`/traeger/${OWN_AGS}`), expect: rtk(READERS) },
  'POST /traeger/:ags': { request: post(`/traeger/${OWN_AGS}`, { name: '' }), expect: rtk(PROJECT_EDITORS) },
  'GET /traeger/:ags/:id/bearbeiten': { request: () => ({ path: `/traeger/${OWN_AGS}/${providerId}/bearbeiten` }), expect: rtk(PROJECT_EDITORS) },
  'POST /traeger/:ags/:id/bearbeiten': { request: () => ({ path: `/traeger/${OWN_AGS}/${providerId}/bearbeiten`, form: { version: '999', name: 'Matrix' } }), expect: rtk(PROJECT_EDITORS) },
  // The Antrag (issue 13) of RTK 2025, a draft here (its project M1 is incomplete, so a submission is refused with 422).
  'GET /antraege': { request: get('/antraege'), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'GET /antraege/:year/:ags': { request: get(AN), expect: rtk(READERS) },
  'GET /antraege/:year/:ags/antrag.json': { request: get(`${AN}/antrag.json`), expect: rtk(READERS) },
  'POST /antraege/:year/:ags/einreichen': { request: post(`${AN}/einreichen`, { version: '0' }), expect: rtk(PROJECT_EDITORS) },
  // RP only; an empty form is 422 for RP before the state is looked at.
  'POST /antraege/:year/:ags/eingang': { request: post(`${AN}/eingang`, { version: '0', aktenzeichen: '', eingang: '' }), expect: rtk({ rp: true }) },
  'GET /antraege/:year/:ags/zurueckziehen': { request: get(`${AN}/zurueckziehen`), expect: rtk(PROJECT_EDITORS) },
  // A draft cannot be withdrawn: 403 for the own district too (the step starts at `eingereicht`).
  'POST /antraege/:year/:ags/zurueckziehen': { request: post(`${AN}/zurueckziehen`, { version: '0' }), expect: rtk({}) },
  // Prüfung, Nachforderung, Bescheide (issue 13) on the RTK draft Antrag: the files of the Antrag for its readers;
  // RP's steps are refused in the draft state (403), forms checked before the state give 422 (allowed);
  // a Nachforderung or Bescheid that does not exist is 404 for those who pass authorisation.
  'GET /antraege/:year/:ags/antrag.pdf': { request: get(`${AN}/antrag.pdf`), expect: rtk(READERS) },
  'GET /antraege/:year/:ags/antrag.docx': { request: get(`${AN}/antrag.docx`), expect: rtk(READERS) },
  'POST /antraege/:year/:ags/pruefung': { request: post(`${AN}/pruefung`, { version: '0' }), expect: rtk({}) },
  'POST /antraege/:year/:ags/nachforderung': { request: post(`${AN}/nachforderung`, { version: '0', fehlend: '', frist: '' }), expect: rtk({ rp: true }) },
  'POST /antraege/:year/:ags/nachforderung/antwort': { request: post(`${AN}/nachforderung/antwort`, { version: '0', antwort: '' }), expect: rtk(PROJECT_EDITORS) },
  'GET /antraege/:year/:ags/nachforderungen/:n/brief.pdf': { request: get(`${AN}/nachforderungen/9999/brief.pdf`), expect: (ctx) => (['hmsi', 'districtOwn', 'rp'].includes(ctx.role) ? 'notFound' : rtk(READERS)(ctx)) },
  'GET /antraege/:year/:ags/nachforderungen/:n/brief.docx': { request: get(`${AN}/nachforderungen/9999/brief.docx`), expect: (ctx) => (['hmsi', 'districtOwn', 'rp'].includes(ctx.role) ? 'notFound' : rtk(READERS)(ctx)) },
  'POST /antraege/:year/:ags/fortsetzen': { request: post(`${AN}/fortsetzen`, { version: '0' }), expect: rtk({}) },
  'POST /antraege/:year/:ags/bescheide': { request: post(`${AN}/bescheide`, { version: '0' }), expect: rtk({}) },
  'GET /antraege/:year/:ags/bescheide/:seq': { request: get(`${AN}/bescheide/9999`), expect: (ctx) => (['hmsi', 'districtOwn', 'rp'].includes(ctx.role) ? 'notFound' : rtk(READERS)(ctx)) },
  'POST /antraege/:year/:ags/bescheide/:seq': { request: post(`${AN}/bescheide/9999`, { version: '0' }), expect: (ctx) => (ctx.role === 'rp' ? 'notFound' : rtk({})(ctx)) },
  'GET /antraege/:year/:ags/bescheide/:seq/vorschau.pdf': { request: get(`${AN}/bescheide/9999/vorschau.pdf`), expect: (ctx) => (['hmsi', 'districtOwn', 'rp'].includes(ctx.role) ? 'notFound' : rtk(READERS)(ctx)) },
  'GET /antraege/:year/:ags/bescheide/:seq/bescheid.pdf': { request: get(`${AN}/bescheide/9999/bescheid.pdf`), expect: (ctx) => (['hmsi', 'districtOwn', 'rp'].includes(ctx.role) ? 'notFound' : rtk(READERS)(ctx)) },
  'GET /antraege/:year/:ags/bescheide/:seq/bescheid.docx': { request: get(`${AN}/bescheide/9999/bescheid.docx`), expect: (ctx) => (['hmsi', 'districtOwn', 'rp'].includes(ctx.role) ? 'notFound' : rtk(READERS)(ctx)) },
  'GET /antraege/:year/:ags/bescheide/:seq/erlassen': { request: get(`${AN}/bescheide/9999/erlassen`), expect: (ctx) => (ctx.role === 'rp' ? 'notFound' : rtk({})(ctx)) },
  'POST /antraege/:year/:ags/bescheide/:seq/erlassen': { request: post(`${AN}/bescheide/9999/erlassen`, { version: '0' }), expect: (ctx) => (ctx.role === 'rp' ? 'notFound' : rtk({})(ctx)) },
  // The regional strategy: the Antrag's readers read, the own district uploads (an empty form is 422 for it); no document id 999999 (404 for readers).
  // The Landesbericht: 2025 is a draft (HMSI and RP read it, a district finds nothing yet), 2024 is released (portal, open data).
  'GET /landesbericht': { request: get('/landesbericht'), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'POST /landesbericht': { request: post('/landesbericht', { jahr: '' }), expect: land(['hmsi']) },
  'GET /landesbericht/:year': { request: get(`/landesbericht/${YEAR}`), expect: draftReaders },
  'POST /landesbericht/:year': { request: post(`/landesbericht/${YEAR}`, { version: '999', vorwort: 'x' }), expect: land(['hmsi']) },
  'GET /landesbericht/:year/freigeben': { request: get(`/landesbericht/${YEAR}/freigeben`), expect: land(['hmsi']) },
  'POST /landesbericht/:year/freigeben': { request: post(`/landesbericht/${YEAR}/freigeben`, { version: '999' }), expect: land(['hmsi']) },
  'POST /landesbericht/:year/korrektur': { request: post(`/landesbericht/${YEAR}/korrektur`), expect: land(['hmsi']) },
  'GET /landesbericht/:year/dokument/:format': { request: get(`/landesbericht/${YEAR}/dokument/html`), expect: draftReaders },
  'GET /api/v1/landesbericht/:year': { request: get(`/api/v1/landesbericht/${YEAR}`), expect: draftReaders },
  'GET /api/v1/landesbericht/:year/versions': { request: get(`/api/v1/landesbericht/${YEAR}/versions`), expect: draftReaders },
  'POST /api/v1/landesbericht/:year/release': { request: () => ({ path: `/api/v1/landesbericht/${YEAR}/release`, json: {} }), expect: (ctx) => (ctx.role === 'rp' ? 'forbidden' : draftReaders(ctx)) },
  'GET /portal/landesbericht': { request: get('/portal/landesbericht'), expect: isPublic },
  'GET /portal/landesbericht/:year{[0-9]{4}}': { request: get('/portal/landesbericht/2024'), expect: isPublic },
  'GET /portal/landesbericht/:year{[0-9]{4}}/:file': { request: get('/portal/landesbericht/2024/landesbericht.html'), expect: isPublic },
  'GET /opendata/landesbericht/:year{[0-9]{4}}/:file': { request: get('/opendata/landesbericht/2024/landesbericht.json'), expect: isPublic },
  // The deviation register (§ 6): readers read, HMSI and the own district record (an empty form is 422), no deviation 999999 (404 for readers).
  // The Umsetzungsbesprechung (meetings): none is scheduled for RTK 2025 here, so every route about it answers 404 to its readers.
  'GET /umsetzungsbesprechungen': { request: get(`/umsetzungsbesprechungen?jahr=${YEAR}`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'GET /umsetzungsbesprechungen/:year/:ags': { request: get(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}`), expect: rtk(READERS) },
  'GET /umsetzungsbesprechungen/:year/:ags/ansetzen': { request: get(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/ansetzen`), expect: rtk({ hmsi: true }) },
  'POST /umsetzungsbesprechungen/:year/:ags/ansetzen': { request: post(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/ansetzen`, { datum0: '' }), expect: rtk({ hmsi: true }) },
  'POST /umsetzungsbesprechungen/:year/:ags/termin-bestaetigen': { request: post(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/termin-bestaetigen`, { version: '1', termin: '0' }), expect: missingForReaders },
  'POST /umsetzungsbesprechungen/:year/:ags/andere-termine': { request: post(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/andere-termine`, { version: '1', notiz: 'x' }), expect: missingForReaders },
  'POST /umsetzungsbesprechungen/:year/:ags/absagen': { request: post(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/absagen`, { version: '1', grund: 'x' }), expect: missingForReaders },
  'GET /umsetzungsbesprechungen/:year/:ags/einladung.ics': { request: get(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/einladung.ics`), expect: missingForReaders },
  'GET /umsetzungsbesprechungen/:year/:ags/tagesordnung': { request: get(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/tagesordnung`), expect: missingForReaders },
  'POST /umsetzungsbesprechungen/:year/:ags/tagesordnung': { request: post(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/tagesordnung`, { version: '1' }), expect: missingForReaders },
  'POST /umsetzungsbesprechungen/:year/:ags/tagesordnung/neu-erzeugen': { request: post(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/tagesordnung/neu-erzeugen`, { version: '1' }), expect: missingForReaders },
  'GET /umsetzungsbesprechungen/:year/:ags/tagesordnung.pdf': { request: get(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/tagesordnung.pdf`), expect: missingForReaders },
  'GET /umsetzungsbesprechungen/:year/:ags/tagesordnung.docx': { request: get(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/tagesordnung.docx`), expect: missingForReaders },
  'POST /umsetzungsbesprechungen/:year/:ags/protokoll/eroeffnen': { request: post(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/protokoll/eroeffnen`, { version: '1' }), expect: missingForReaders },
  'GET /umsetzungsbesprechungen/:year/:ags/protokoll': { request: get(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/protokoll`), expect: missingForReaders },
  'POST /umsetzungsbesprechungen/:year/:ags/protokoll': { request: post(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/protokoll`, { version: '1' }), expect: missingForReaders },
  'POST /umsetzungsbesprechungen/:year/:ags/protokoll/bestaetigen': { request: post(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/protokoll/bestaetigen`, { version: '1' }), expect: missingForReaders },
  'GET /umsetzungsbesprechungen/:year/:ags/protokoll.pdf': { request: get(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/protokoll.pdf`), expect: missingForReaders },
  'POST /umsetzungsbesprechungen/:year/:ags/folgeaufgaben/:id': { request: post(`/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/folgeaufgaben/${MISSING_ID}`, { version: '1', status: 'erledigt' }), expect: missingForReaders },
  'GET /api/v1/umsetzungsbesprechungen/:year/:ags': { request: get(`/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}`), expect: missingForReaders },
  'GET /api/v1/umsetzungsbesprechungen': { request: get(`/api/v1/umsetzungsbesprechungen?year=${YEAR}`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'POST /api/v1/umsetzungsbesprechungen/:year/:ags/ansetzen': { request: () => ({ path: `/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/ansetzen`, json: {} }), expect: rtk({ hmsi: true }) },
  'POST /api/v1/umsetzungsbesprechungen/:year/:ags/termin-bestaetigen': { request: () => ({ path: `/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/termin-bestaetigen`, json: { version: 1 } }), expect: missingForReaders },
  'POST /api/v1/umsetzungsbesprechungen/:year/:ags/andere-termine': { request: () => ({ path: `/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/andere-termine`, json: { version: 1 } }), expect: missingForReaders },
  'POST /api/v1/umsetzungsbesprechungen/:year/:ags/absagen': { request: () => ({ path: `/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/absagen`, json: { version: 1 } }), expect: missingForReaders },
  'PUT /api/v1/umsetzungsbesprechungen/:year/:ags/tagesordnung': { request: () => ({ path: `/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/tagesordnung`, json: { version: 1 } }), expect: missingForReaders },
  'POST /api/v1/umsetzungsbesprechungen/:year/:ags/tagesordnung': { request: () => ({ path: `/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/tagesordnung`, json: { version: 1 } }), expect: missingForReaders },
  'POST /api/v1/umsetzungsbesprechungen/:year/:ags/tagesordnung/neu-erzeugen': { request: () => ({ path: `/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/tagesordnung/neu-erzeugen`, json: { version: 1 } }), expect: missingForReaders },
  'POST /api/v1/umsetzungsbesprechungen/:year/:ags/protokoll/eroeffnen': { request: () => ({ path: `/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/protokoll/eroeffnen`, json: { version: 1 } }), expect: missingForReaders },
  'PUT /api/v1/umsetzungsbesprechungen/:year/:ags/protokoll': { request: () => ({ path: `/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/protokoll`, json: { version: 1 } }), expect: missingForReaders },
  'POST /api/v1/umsetzungsbesprechungen/:year/:ags/protokoll': { request: () => ({ path: `/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/protokoll`, json: { version: 1 } }), expect: missingForReaders },
  'POST /api/v1/umsetzungsbesprechungen/:year/:ags/protokoll/bestaetigen': { request: () => ({ path: `/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/protokoll/bestaetigen`, json: { version: 1 } }), expect: missingForReaders },
  'POST /api/v1/umsetzungsbesprechungen/:year/:ags/folgeaufgaben/:id': { request: () => ({ path: `/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}/folgeaufgaben/${MISSING_ID}`, json: { version: 1, status: 'erledigt' } }), expect: missingForReaders },
  'GET /abweichungen': { request: get(`/abweichungen?jahr=${YEAR}`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'GET /abweichungen/:year/:ags': { request: get(`/abweichungen/${YEAR}/${OWN_AGS}`), expect: rtk(READERS) },
  'GET /abweichungen/:year/:ags/neu': { request: get(`/abweichungen/${YEAR}/${OWN_AGS}/neu`), expect: rtk(DEVIATION_RECORDERS) },
  'POST /abweichungen/:year/:ags': { request: post(`/abweichungen/${YEAR}/${OWN_AGS}`, { gegenstand: '' }), expect: rtk(DEVIATION_RECORDERS) },
  'GET /abweichungen/:year/:ags/:id': { request: get(`/abweichungen/${YEAR}/${OWN_AGS}/${MISSING_ID}`), expect: missingForReaders },
  'POST /abweichungen/:year/:ags/:id/begruenden': { request: post(`/abweichungen/${YEAR}/${OWN_AGS}/${MISSING_ID}/begruenden`, { version: '1', begruendung: 'x' }), expect: missingForReaders },
  'POST /abweichungen/:year/:ags/:id/bewerten': { request: post(`/abweichungen/${YEAR}/${OWN_AGS}/${MISSING_ID}/bewerten`, { version: '1', bewertung: 'anerkannt', grund: 'x' }), expect: missingForReaders },
  // Zielerreichung (§ 6): the Land list for HMSI and RP (a district is sent to its own page), rules set by HMSI, the judgement by HMSI.
  'GET /zielerreichung': { request: get(`/zielerreichung?jahr=${YEAR}`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'GET /zielerreichung/:year': { request: get(`/zielerreichung/${YEAR}`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'GET /zielerreichung/:year/export.csv': { request: get(`/zielerreichung/${YEAR}/export.csv`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'GET /zielerreichung/:year/regeln': { request: get(`/zielerreichung/${YEAR}/regeln`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'POST /zielerreichung/:year/regeln': { request: post(`/zielerreichung/${YEAR}/regeln`, {}), expect: land(HMSI) },
  'GET /zielerreichung/:year/:ags': { request: get(`/zielerreichung/${YEAR}/${OWN_AGS}`), expect: rtk(READERS) },
  'POST /zielerreichung/:year/:ags/beurteilung': { request: post(`/zielerreichung/${YEAR}/${OWN_AGS}/beurteilung`, {}), expect: rtk({ hmsi: true }) },
  'GET /api/v1/zielerreichung/:year': { request: get(`/api/v1/zielerreichung/${YEAR}`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'GET /api/v1/zielerreichung/:year/regeln': { request: get(`/api/v1/zielerreichung/${YEAR}/regeln`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'PUT /api/v1/zielerreichung/:year/regeln': { request: () => ({ path: `/api/v1/zielerreichung/${YEAR}/regeln`, json: {} }), expect: land(HMSI) },
  'GET /api/v1/zielerreichung/:year/:ags': { request: get(`/api/v1/zielerreichung/${YEAR}/${OWN_AGS}`), expect: rtk(READERS) },
  'POST /api/v1/zielerreichung/:year/:ags/beurteilung': { request: () => ({ path: `/api/v1/zielerreichung/${YEAR}/${OWN_AGS}/beurteilung`, json: {} }), expect: rtk({ hmsi: true }) },
  'GET /api/v1/abweichungen/:year/:ags': { request: get(`/api/v1/abweichungen/${YEAR}/${OWN_AGS}`), expect: rtk(READERS) },
  'POST /api/v1/abweichungen/:year/:ags': { request: () => ({ path: `/api/v1/abweichungen/${YEAR}/${OWN_AGS}`, json: {} }), expect: rtk(DEVIATION_RECORDERS) },
  'GET /api/v1/abweichungen/:year/:ags/:id': { request: get(`/api/v1/abweichungen/${YEAR}/${OWN_AGS}/${MISSING_ID}`), expect: missingForReaders },
  'POST /api/v1/abweichungen/:year/:ags/:id/begruenden': { request: () => ({ path: `/api/v1/abweichungen/${YEAR}/${OWN_AGS}/${MISSING_ID}/begruenden`, json: {} }), expect: missingForReaders },
  'POST /api/v1/abweichungen/:year/:ags/:id/bewerten': { request: () => ({ path: `/api/v1/abweichungen/${YEAR}/${OWN_AGS}/${MISSING_ID}/bewerten`, json: {} }), expect: missingForReaders },
  'GET /strategien/:ags': { request: get(`/strategien/${OWN_AGS}`), expect: rtk(READERS) },
  'POST /strategien/:ags': { request: post(`/strategien/${OWN_AGS}`, { titel: '' }), expect: rtk(PROJECT_EDITORS) },
  'GET /strategien/:ags/:id/datei': { request: get(`/strategien/${OWN_AGS}/${MISSING_ID}/datei`), expect: (ctx) => (['hmsi', 'districtOwn', 'rp'].includes(ctx.role) ? 'notFound' : rtk(READERS)(ctx)) },
  // The money path (payments, issue 13) of RTK 2025: no Bescheid here, so the forms answer 422 to whoever may use them.
  // Monitoring (§ 6): the Land page (a district is sent to its own), one district's page for its readers,
  // the Land export for HMSI and RP, thresholds readable by all and set by the HMSI (an empty form is 422),
  // snapshot and detection for the HMSI.
  'GET /steuerung': { request: get(`/steuerung?jahr=${YEAR}`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'GET /steuerung/:year/:file{export\\.(csv|xlsx)}': { request: get(`/steuerung/${YEAR}/export.csv`), expect: land(LAND_READERS) },
  'POST /steuerung/:year/pruefen': { request: post(`/steuerung/${YEAR}/pruefen`), expect: land(HMSI) },
  'GET /steuerung/:year/schwellenwerte': { request: get(`/steuerung/${YEAR}/schwellenwerte`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'POST /steuerung/:year/schwellenwerte': { request: post(`/steuerung/${YEAR}/schwellenwerte`, { version: '1' }), expect: land(HMSI) },
  'GET /steuerung/:year/:ags{06\\d{3}}': { request: get(`/steuerung/${YEAR}/${OWN_AGS}`), expect: rtk(READERS) },
  'POST /steuerung/:year/:ags{06\\d{3}}/stand': { request: post(`/steuerung/${YEAR}/${OWN_AGS}/stand`, { anlass: '' }), expect: rtk({ hmsi: true }) },
  'POST /steuerung/:year/:ags{06\\d{3}}/pruefen': { request: post(`/steuerung/${YEAR}/${OWN_AGS}/pruefen`), expect: rtk({ hmsi: true }) },
  'GET /api/v1/steuerung/:year{\\d{4}}': { request: get(`/api/v1/steuerung/${YEAR}`), expect: land(LAND_READERS) },
  'GET /api/v1/steuerung/:year{\\d{4}}/:ags{06\\d{3}}': { request: get(`/api/v1/steuerung/${YEAR}/${OWN_AGS}`), expect: rtk(READERS) },
  'GET /api/v1/steuerung/:year{\\d{4}}/schwellenwerte': { request: get(`/api/v1/steuerung/${YEAR}/schwellenwerte`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'PUT /api/v1/steuerung/:year{\\d{4}}/schwellenwerte': { request: () => ({ path: `/api/v1/steuerung/${YEAR}/schwellenwerte`, json: {} }), expect: land(HMSI) },
  'POST /api/v1/steuerung/:year{\\d{4}}/pruefen': { request: () => ({ path: `/api/v1/steuerung/${YEAR}/pruefen`, json: { ags: 'x' } }), expect: land(HMSI) },
  'GET /mittel': { request: get('/mittel'), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'GET /mittel/:year/:ags': { request: get(MI), expect: rtk(READERS) },
  'POST /mittel/:year/:ags/abrufe': { request: post(`${MI}/abrufe`, { projekt: '' }), expect: rtk(PROJECT_EDITORS) },
  'POST /mittel/:year/:ags/abrufe/:id/auszahlung': { request: post(`${MI}/abrufe/${MISSING_ID}/auszahlung`, { datum: '', betrag: '' }), expect: rtk({ rp: true }) },
  'POST /mittel/:year/:ags/verwendungen': { request: post(`${MI}/verwendungen`, { projekt: '' }), expect: rtk(PROJECT_EDITORS) },
  'GET /mittel/:year/:ags/zwischenzinsen': { request: get(`${MI}/zwischenzinsen`), expect: rtk(READERS) },
  'POST /mittel/:year/:ags/zwischenzinsen': { request: post(`${MI}/zwischenzinsen`, { version: '0', projekt: 'M1', stichtag: '' }), expect: rtk({ rp: true }) },
  // The Verwendungsnachweis is an implicit draft: the district edits and submits (nothing to submit: 422); Prüfung and Rückforderung need `eingereicht` (403 for everybody).
  'GET /verwendungsnachweise/:year/:ags': { request: get(VN), expect: rtk(READERS) },
  'POST /verwendungsnachweise/:year/:ags': { request: post(VN, {}), expect: rtk(PROJECT_EDITORS) },
  'GET /verwendungsnachweise/:year/:ags/einreichen': { request: get(`${VN}/einreichen`), expect: rtk(PROJECT_EDITORS) },
  'POST /verwendungsnachweise/:year/:ags/einreichen': { request: post(`${VN}/einreichen`, { version: '0' }), expect: rtk(PROJECT_EDITORS) },
  'POST /verwendungsnachweise/:year/:ags/pruefung': { request: post(`${VN}/pruefung`, { version: '0', zinsende: '' }), expect: rtk({}) },
  'GET /verwendungsnachweise/:year/:ags/rueckforderung': { request: get(`${VN}/rueckforderung`), expect: rtk({}) },
  'POST /verwendungsnachweise/:year/:ags/rueckforderung': { request: post(`${VN}/rueckforderung`, { version: '0' }), expect: rtk({}) },
  // No Rückforderung issued: 404 for the readers.
  'GET /verwendungsnachweise/:year/:ags/:file{rueckforderung\\.(pdf|docx)}': { request: get(`${VN}/rueckforderung.pdf`), expect: (ctx) => (['hmsi', 'districtOwn', 'rp'].includes(ctx.role) ? 'notFound' : rtk(READERS)(ctx)) },
  'GET /foerderuebersicht': { request: get('/foerderuebersicht'), expect: land(LAND_READERS) },
  'GET /foerderuebersicht/:year/:file{foerderuebersicht\\.(csv|xlsx)}': { request: get(`/foerderuebersicht/${YEAR}/foerderuebersicht.xlsx`), expect: land(LAND_READERS) },
  // Teilnehmende (issue 14): the start redirects by role; the Land page for HMSI and RP; district and
  // project pages for the readers; upload and confirmation for the own district only.
  'GET /teilnehmende': { request: get('/teilnehmende'), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'GET /teilnehmende/vorlage.csv': { request: get('/teilnehmende/vorlage.csv'), expect: signedIn },
  'GET /teilnehmende/vorlage.xlsx': { request: get('/teilnehmende/vorlage.xlsx'), expect: signedIn },
  'GET /teilnehmende/:year{[0-9]{4}}': { request: get(`/teilnehmende/${YEAR}`), expect: land(LAND_READERS) },
  'GET /teilnehmende/:year{[0-9]{4}}/statistik.csv': { request: get(`/teilnehmende/${YEAR}/statistik.csv`), expect: land(LAND_READERS) },
  'GET /teilnehmende/:year{[0-9]{4}}/statistik.xlsx': { request: get(`/teilnehmende/${YEAR}/statistik.xlsx`), expect: land(LAND_READERS) },
  'GET /teilnehmende/:year{[0-9]{4}}/:ags{[0-9]{5}}': { request: get(T), expect: rtk(PARTICIPANT_READERS) },
  'GET /teilnehmende/:year{[0-9]{4}}/:ags{[0-9]{5}}/statistik.csv': { request: get(`${T}/statistik.csv`), expect: rtk(PARTICIPANT_READERS) },
  'GET /teilnehmende/:year{[0-9]{4}}/:ags{[0-9]{5}}/statistik.xlsx': { request: get(`${T}/statistik.xlsx`), expect: rtk(PARTICIPANT_READERS) },
  'GET /teilnehmende/:year{[0-9]{4}}/:ags{[0-9]{5}}/:key': { request: get(`${T}/Matrix`), expect: rtk(PARTICIPANT_READERS) },
  'GET /teilnehmende/:year{[0-9]{4}}/:ags{[0-9]{5}}/:key/statistik.csv': { request: get(`${T}/Matrix/statistik.csv`), expect: rtk(PARTICIPANT_READERS) },
  'GET /teilnehmende/:year{[0-9]{4}}/:ags{[0-9]{5}}/:key/statistik.xlsx': { request: get(`${T}/Matrix/statistik.xlsx`), expect: rtk(PARTICIPANT_READERS) },
  // Without a file: 422 for the own district (passed authorisation).
  'POST /teilnehmende/:year{[0-9]{4}}/:ags{[0-9]{5}}/:key/hochladen': { request: post(`${T}/Matrix/hochladen`), expect: ownDistrictOnly },
  'GET /teilnehmende/:year{[0-9]{4}}/:ags{[0-9]{5}}/:key/hochladen/:upload': { request: get(`${T}/Matrix/hochladen/00000000-0000-4000-8000-000000000000`), expect: ownDistrictMissing },
  'POST /teilnehmende/:year{[0-9]{4}}/:ags{[0-9]{5}}/:key/hochladen/:upload': {
    request: post(`${T}/Matrix/hochladen/00000000-0000-4000-8000-000000000000`, { aktion: 'ersetzen' }),
    expect: ownDistrictMissing,
  },
  // A data subject's request (export, deletion): the own district only; without a Kennung the form again (422).
  'GET /teilnehmende/auskunft/:ags{[0-9]{5}}': { request: get(`/teilnehmende/auskunft/${OWN_AGS}`), expect: ownDistrictOnly },
  'POST /teilnehmende/auskunft/:ags{[0-9]{5}}/export': { request: post(`/teilnehmende/auskunft/${OWN_AGS}/export`), expect: ownDistrictOnly },
  'POST /teilnehmende/auskunft/:ags{[0-9]{5}}/loeschen': { request: post(`/teilnehmende/auskunft/${OWN_AGS}/loeschen`), expect: ownDistrictOnly },
  // Published participant tables: public, aggregates only.
  'GET /portal/teilnehmende': { request: get('/portal/teilnehmende'), expect: isPublic },
  'GET /portal/teilnehmende/:year{[0-9]{4}}': { request: get(`/portal/teilnehmende/${YEAR}`), expect: isPublic },
  'GET /portal/teilnehmende/:year{[0-9]{4}}/statistik.csv': { request: get(`/portal/teilnehmende/${YEAR}/statistik.csv`), expect: isPublic },
  'GET /portal/teilnehmende/:year{[0-9]{4}}/statistik.xlsx': { request: get(`/portal/teilnehmende/${YEAR}/statistik.xlsx`), expect: isPublic },
  'GET /portal/teilnehmende/:year{[0-9]{4}}/:ags{[0-9]{5}}': { request: get(`/portal/teilnehmende/${YEAR}/${OWN_AGS}`), expect: isPublic },
  'GET /portal/teilnehmende/:year{[0-9]{4}}/:ags{[0-9]{5}}/statistik.csv': { request: get(`/portal/teilnehmende/${YEAR}/${OWN_AGS}/statistik.csv`), expect: isPublic },
  'GET /portal/teilnehmende/:year{[0-9]{4}}/:ags{[0-9]{5}}/statistik.xlsx': { request: get(`/portal/teilnehmende/${YEAR}/${OWN_AGS}/statistik.xlsx`), expect: isPublic },
  // Tagungen (issue 16): every workflow reader lists; only HMSI creates, edits, publishes and uploads; only
  // districts register (their own). No conference 999999 exists: 404 for whoever passes the role check.
  'GET /tagungen': { request: get('/tagungen'), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'GET /tagungen/neu': { request: get('/tagungen/neu'), expect: land(HMSI) },
  // An empty form: 422 for HMSI, nothing stored.
  'POST /tagungen/neu': { request: post('/tagungen/neu', { titel: '' }), expect: land(HMSI) },
  'GET /tagungen/:id{[0-9]{1,9}}': { request: get(`/tagungen/${MISSING_ID}`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp'], 'notFound') },
  'GET /tagungen/:id{[0-9]{1,9}}/bearbeiten': { request: get(`/tagungen/${MISSING_ID}/bearbeiten`), expect: land(HMSI, 'notFound') },
  'POST /tagungen/:id{[0-9]{1,9}}/bearbeiten': { request: post(`/tagungen/${MISSING_ID}/bearbeiten`, { version: '1' }), expect: land(HMSI, 'notFound') },
  'GET /tagungen/:id{[0-9]{1,9}}/veroeffentlichen': { request: get(`/tagungen/${MISSING_ID}/veroeffentlichen`), expect: land(HMSI, 'notFound') },
  'POST /tagungen/:id{[0-9]{1,9}}/veroeffentlichen': { request: post(`/tagungen/${MISSING_ID}/veroeffentlichen`, { version: '1' }), expect: land(HMSI, 'notFound') },
  'POST /tagungen/:id{[0-9]{1,9}}/anmeldung': { request: post(`/tagungen/${MISSING_ID}/anmeldung`, { version: '0', personen: '1' }), expect: land(['districtOwn', 'districtOther'], 'notFound') },
  'POST /tagungen/:id{[0-9]{1,9}}/anmeldung/zurueckziehen': { request: post(`/tagungen/${MISSING_ID}/anmeldung/zurueckziehen`, { version: '1' }), expect: land(['districtOwn', 'districtOther'], 'notFound') },
  'POST /tagungen/:id{[0-9]{1,9}}/dokumente': { request: post(`/tagungen/${MISSING_ID}/dokumente`, { dokument_titel: '' }), expect: land(HMSI, 'notFound') },
  'GET /tagungen/:id{[0-9]{1,9}}/dokumente/:doc{[0-9]{1,9}}': { request: get(`/tagungen/${MISSING_ID}/dokumente/${MISSING_ID}`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp'], 'notFound') },
  'GET /tagungen/:id{[0-9]{1,9}}/tagung.ics': { request: get(`/tagungen/${MISSING_ID}/tagung.ics`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp'], 'notFound') },
  'GET /api/v1/tagungen': { request: get('/api/v1/tagungen'), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'GET /api/v1/tagungen/:id': { request: get(`/api/v1/tagungen/${MISSING_ID}`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp'], 'notFound') },
  'PUT /api/v1/tagungen/:id/anmeldung': { request: () => ({ path: `/api/v1/tagungen/${MISSING_ID}/anmeldung`, json: { version: 0, peopleCount: 1 } }), expect: land(['districtOwn', 'districtOther'], 'notFound') },
  // The public conference list and a (missing) public .ics.
  'GET /portal/tagungen': { request: get('/portal/tagungen'), expect: isPublic },
  'GET /portal/tagungen/:id{[0-9]{1,9}}/tagung.ics': { request: get(`/portal/tagungen/${MISSING_ID}/tagung.ics`), expect: () => 'notFound' },
  // Gute Praxis: HMSI and RP read all, a district its own; HMSI marks and decides, a district proposes its own project.
  'GET /gute-praxis': { request: get('/gute-praxis'), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  // The form for RTK 2025: HMSI and the own district; the other district 404 (tenancy), RP 403.
  'GET /gute-praxis/neu': { request: get(`/gute-praxis/neu?jahr=${YEAR}&gk=${OWN_AGS}`), expect: (ctx) => (ctx.role === 'districtOther' ? 'allowed' : rtk({ hmsi: true, districtOwn: true })(ctx)) },
  // Without a project chosen: 422 for those allowed (a district user always gets its own district's form).
  'POST /gute-praxis/neu': { request: post(`/gute-praxis/neu?jahr=${YEAR}&gk=${OWN_AGS}`, { version: '0', projekt: '' }), expect: (ctx) => (ctx.role === 'districtOther' ? 'allowed' : rtk({ hmsi: true, districtOwn: true })(ctx)) },
  'GET /gute-praxis/:id{[0-9]{1,9}}': { request: get(`/gute-praxis/${MISSING_ID}`), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp'], 'notFound') },
  'POST /gute-praxis/:id{[0-9]{1,9}}/entscheidung': { request: post(`/gute-praxis/${MISSING_ID}/entscheidung`, { version: '1' }), expect: land(HMSI, 'notFound') },
  'GET /portal/gute-praxis': { request: get('/portal/gute-praxis?q=Ausbildung'), expect: isPublic },
  'GET /opendata/gute-praxis.json': { request: get('/opendata/gute-praxis.json'), expect: isPublic },
  'GET /opendata/gute-praxis.csv': { request: get('/opendata/gute-praxis.csv'), expect: isPublic },
  // JSON API: the same rules
  'GET /api/v1/openapi.json': { request: get('/api/v1/openapi.json'), expect: isPublic },
  'GET /api/v1/agreements': { request: get('/api/v1/agreements'), expect: land(['hmsi', 'districtOwn', 'districtOther', 'rp']) },
  'POST /api/v1/agreements': { request: () => ({ path: '/api/v1/agreements', json: { year: YEAR, ags: OWN_AGS } }), expect: land(HMSI) },
  'GET /api/v1/agreements/:year/:ags': { perState: true, request: get(API), expect: rtk(READERS) },
  'PUT /api/v1/agreements/:year/:ags': {
    perState: true,
    request: (ctx) => ({ path: API, json: content, headers: { 'if-match': `"${ctx.version}"` } }),
    expect: rtk({ hmsi: EDITABLE, districtOwn: EDITABLE }),
  },
  'POST /api/v1/agreements/:year/:ags/transitions': {
    perState: true,
    request: (ctx) => ({ path: `${API}/transitions`, json: { to: NEXT[ctx.state], version: ctx.version } }),
    expect: transitionStep,
  },
  // The Antrag through the API: read by the readers; PUT stores a file as the draft (own district; `{}` is 422 for it).
  'GET /api/v1/projekte/:year/:ags/eckdaten': { request: get(`/api/v1/projekte/${YEAR}/${OWN_AGS}/eckdaten`), expect: rtk(READERS) },
  'GET /api/v1/antraege/:year/:ags': { request: get(`/api/v1/antraege/${YEAR}/${OWN_AGS}`), expect: rtk(READERS) },
  'GET /api/v1/antraege/:year/:ags/pruefung': { request: get(`/api/v1/antraege/${YEAR}/${OWN_AGS}/pruefung`), expect: rtk(READERS) },
  'PUT /api/v1/antraege/:year/:ags/pruefung': { request: () => ({ path: `/api/v1/antraege/${YEAR}/${OWN_AGS}/pruefung`, json: {} }), expect: rtk({ rp: true }) },
  'POST /api/v1/antraege/:year/:ags/nachforderungen': { request: () => ({ path: `/api/v1/antraege/${YEAR}/${OWN_AGS}/nachforderungen`, json: {} }), expect: rtk({ rp: true }) },
  'POST /api/v1/antraege/:year/:ags/nachforderungen/antwort': { request: () => ({ path: `/api/v1/antraege/${YEAR}/${OWN_AGS}/nachforderungen/antwort`, json: {} }), expect: rtk(PROJECT_EDITORS) },
  'POST /api/v1/antraege/:year/:ags/fortsetzen': { request: () => ({ path: `/api/v1/antraege/${YEAR}/${OWN_AGS}/fortsetzen`, json: {} }), expect: rtk({ rp: true }) },
  'GET /api/v1/antraege/:year/:ags/bescheide': { request: get(`/api/v1/antraege/${YEAR}/${OWN_AGS}/bescheide`), expect: rtk(READERS) },
  'POST /api/v1/antraege/:year/:ags/bescheide': { request: () => ({ path: `/api/v1/antraege/${YEAR}/${OWN_AGS}/bescheide`, json: {} }), expect: rtk({ rp: true }) },
  'GET /api/v1/antraege/:year/:ags/bescheide/:seq': { request: get(`/api/v1/antraege/${YEAR}/${OWN_AGS}/bescheide/9999`), expect: (ctx) => (['hmsi', 'districtOwn', 'rp'].includes(ctx.role) ? 'notFound' : rtk(READERS)(ctx)) },
  'PUT /api/v1/antraege/:year/:ags/bescheide/:seq': { request: () => ({ path: `/api/v1/antraege/${YEAR}/${OWN_AGS}/bescheide/9999`, json: {} }), expect: rtk({ rp: true }) },
  'POST /api/v1/antraege/:year/:ags/bescheide/:seq/erlassen': { request: () => ({ path: `/api/v1/antraege/${YEAR}/${OWN_AGS}/bescheide/9999/erlassen`, json: {} }), expect: rtk({ rp: true }) },
  'PUT /api/v1/antraege/:year/:ags': { request: () => ({ path: `/api/v1/antraege/${YEAR}/${OWN_AGS}`, json: {} }), expect: rtk(PROJECT_EDITORS) },
  // The money path through the API: readers read; `{}` is 422 for whoever may write; Prüfung/Rückforderung need `eingereicht` (403).
  'GET /api/v1/mittel/:year/:ags': { request: get(`/api/v1${MI}`), expect: rtk(READERS) },
  'POST /api/v1/mittel/:year/:ags/abrufe': { request: () => ({ path: `/api/v1${MI}/abrufe`, json: {} }), expect: rtk(PROJECT_EDITORS) },
  'POST /api/v1/mittel/:year/:ags/auszahlungen': { request: () => ({ path: `/api/v1${MI}/auszahlungen`, json: {} }), expect: rtk({ rp: true }) },
  'POST /api/v1/mittel/:year/:ags/verwendungen': { request: () => ({ path: `/api/v1${MI}/verwendungen`, json: {} }), expect: rtk(PROJECT_EDITORS) },
  'GET /api/v1/mittel/:year/:ags/zwischenzinsen': { request: get(`/api/v1${MI}/zwischenzinsen`), expect: rtk(READERS) },
  'POST /api/v1/mittel/:year/:ags/zwischenzinsen': { request: () => ({ path: `/api/v1${MI}/zwischenzinsen`, json: {} }), expect: rtk({ rp: true }) },
  'GET /api/v1/verwendungsnachweise/:year/:ags': { request: get(`/api/v1${VN}`), expect: rtk(READERS) },
  'PUT /api/v1/verwendungsnachweise/:year/:ags': { request: () => ({ path: `/api/v1${VN}`, json: {} }), expect: rtk(PROJECT_EDITORS) },
  'POST /api/v1/verwendungsnachweise/:year/:ags/einreichen': { request: () => ({ path: `/api/v1${VN}/einreichen`, json: {} }), expect: rtk(PROJECT_EDITORS) },
  'POST /api/v1/verwendungsnachweise/:year/:ags/pruefung': { request: () => ({ path: `/api/v1${VN}/pruefung`, json: {} }), expect: rtk({}) },
  'POST /api/v1/verwendungsnachweise/:year/:ags/rueckforderung': { request: () => ({ path: `/api/v1${VN}/rueckforderung`, json: {} }), expect: rtk({}) },
  'GET /api/v1/foerderuebersicht/:year': { request: get(`/api/v1/foerderuebersicht/${YEAR}`), expect: land(LAND_READERS) },
  'POST /api/v1/agreements/:year/:ags/signatures': {
    perState: true,
    request: (ctx) => ({ path: `${API}/signatures`, json: { party: partyOf(ctx), version: ctx.version, signature } }),
    expect: signing,
  },
};

let database: AppDatabase;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
let agreementId: number;
let providerId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  accounts = await buildAccounts(database);
  await setAllocation(database, YEAR, OWN_AGS, 500_000_00);
  ({ id: agreementId } = await createDraft(database, accounts.hmsi.actor, { year: YEAR, ags: OWN_AGS }));
  const project = await database.db.transaction((tx) =>
    saveProject(tx, accounts.districtOwn.actor, { year: YEAR, ags: OWN_AGS }, { key: 'M1', title: 'Matrixprojekt', measureType: 1, provider: { name: 'Matrix-Träger', address: '' } }),
  );
  providerId = project.provider!.id;
  await buildProject(database, { year: YEAR, ags: OWN_AGS, key: 'Matrix' });
  // Landesbericht: 2024 released (portal, open data), 2025 a draft.
  await database.db.transaction(async (tx) => {
    const released = await createStateReport(tx, accounts.hmsi.actor, 2024);
    await releaseStateReport(tx, accounts.hmsi.actor, 2024, { version: released.version });
    await createStateReport(tx, accounts.hmsi.actor, YEAR);
  });
  await database.db.transaction(async (tx) => {
    const umfrage = { schema: 'aqb.umfrage/1', ...DEMO_SURVEY_DEFINITION };
    const draft = await importSurvey(tx, accounts.hmsi.actor, { year: YEAR, umfrage });
    const sent = await importSurvey(tx, accounts.hmsi.actor, { year: YEAR, umfrage });
    const submitted = await importSurvey(tx, accounts.hmsi.actor, { year: YEAR, umfrage });
    for (const s of [sent, submitted]) await sendSurvey(tx, accounts.hmsi.actor, { id: s.id, expectedVersion: s.version }, { opensOn: '2025-01-01', deadline: '2099-12-31', recipients: [OWN_AGS] });
    await saveResponse(tx, accounts.districtOwn.actor, { surveyId: submitted.id, ags: OWN_AGS, expectedVersion: 1 }, { f1_teilzeit: 2, f4_zufriedenheit: 3 });
    await submitResponse(tx, accounts.districtOwn.actor, { surveyId: submitted.id, ags: OWN_AGS, expectedVersion: 2 });
    Object.assign(survey, { sent: sent.id, submitted: submitted.id, draft: draft.id });
  });
});
afterAll(async () => {
  await database?.close();
});

async function query<T>(sql: string): Promise<T[]> {
  return ((await database.db.execute(sql as never)) as unknown as { rows: T[] }).rows;
}

/** Puts the agreement into a state (directly: the matrix is about access, not the status graph) and returns its version. */
async function putInState(state: AgreementStatus): Promise<number> {
  await query(`update agreements set status = '${state}' where id = ${agreementId}`);
  const [row] = await query<{ v: number; content: unknown }>(
    `select a.current_version as v, v.content from agreements a join agreement_versions v on v.agreement_id = a.id and v.version = a.current_version where a.id = ${agreementId}`,
  );
  content = row!.content;
  return Number(row!.v);
}

/** Every route the application serves, walked from the router (middleware entries `ALL` excluded). */
function routerRoutes(): string[] {
  const app = createApp({ database });
  return [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
}

function classify(response: Response): Outcome | 'error' {
  const location = response.headers.get('location') ?? '';
  if (response.status === 401 || (response.status >= 300 && response.status < 400 && location.startsWith('/anmelden'))) return 'login';
  if (response.status === 403) return 'forbidden';
  if (response.status === 404) return 'notFound';
  if (response.status >= 500) return 'error';
  return 'allowed';
}

const CSP_REQUIRED = ["frame-ancestors 'none'", "script-src 'self'"];

describe('access matrix (routes × roles × states)', () => {
  it('has an expectation for every route of the router', () => {
    const missing = routerRoutes().filter((route) => !EXPECTATIONS[route]);
    const stale = Object.keys(EXPECTATIONS).filter((route) => !routerRoutes().includes(route));
    expect(missing, 'routes without an entry in EXPECTATIONS').toEqual([]);
    expect(stale, 'entries for routes that no longer exist').toEqual([]);
  });

  it('answers every route × role × state as the policy says, with security headers on every response', async () => {
    const app = createApp({ database });
    const csrf = await csrfPair(app);
    const routes = routerRoutes();
    const mismatches: string[] = [];
    const headerProblems: string[] = [];
    let cells = 0;
    let agreementRoutes = 0;
    for (const route of routes) {
      const expectation = EXPECTATIONS[route];
      if (!expectation) {
        mismatches.push(`${route}: kein Eintrag in EXPECTATIONS`);
        continue;
      }
      const states: AgreementStatus[] = expectation.perState ? [...AGREEMENT_STATUSES] : ['entwurf'];
      if (expectation.perState) agreementRoutes++;
      const method = route.split(' ')[0]!;
      for (const state of states) {
        for (const role of ROLES) {
          const version = await putInState(state);
          const account = role === 'anonymous' ? null : accounts[role];
          const ctx: Context = { role, state, version };
          const spec = expectation.request(ctx);
          const headers: Record<string, string> = { ...(spec.headers ?? {}) };
          if (account) headers.authorization = `Bearer ${account.token}`;
          let body: string | undefined;
          if (spec.json !== undefined) {
            headers['content-type'] = 'application/json';
            body = JSON.stringify(spec.json);
          } else if (method !== 'GET') {
            headers['content-type'] = 'application/x-www-form-urlencoded';
            headers.cookie = csrf.cookie;
            body = new URLSearchParams({ ...(spec.form ?? {}), _csrf: csrf.token }).toString();
          }
          const response = await app.request(spec.path, { method, headers, body });
          cells++;
          const actual = classify(response);
          const expected = [expectation.expect(ctx)].flat();
          if (!expected.includes(actual as Outcome)) {
            mismatches.push(`${route} [${role}, ${state}]: erwartet ${expected.join(' oder ')}, erhalten ${actual} (${response.status})`);
          }
          const csp = response.headers.get('content-security-policy') ?? '';
          if (!CSP_REQUIRED.every((part) => csp.includes(part)) || csp.includes('unsafe-inline') || response.headers.get('x-content-type-options') !== 'nosniff' || !response.headers.get('referrer-policy')) {
            headerProblems.push(`${route} [${role}, ${state}]`);
          }
          await response.arrayBuffer();
        }
      }
    }
    const plainRoutes = routes.length - agreementRoutes;
    console.log(
      `access matrix: ${routes.length} routes × ${ROLES.length} roles = ${routes.length * ROLES.length} route×role pairs; ` +
        `${agreementRoutes} agreement routes × ${AGREEMENT_STATUSES.length} states + ${plainRoutes} other routes → ${cells} requests; ${mismatches.length} mismatches`,
    );
    if (mismatches.length) console.log(mismatches.join('\n'));
    expect(headerProblems).toEqual([]);
    expect(mismatches).toEqual([]);
    // Some thousand requests: on a loaded 2-core machine they take longer than the default minute.
  }, 300_000);

  it('sets HSTS and __Host- cookies with Secure behind HTTPS, HttpOnly/SameSite cookies always', async () => {
    const app = createApp({ database });
    const plain = await app.request('/');
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const plainCookie = plain.headers.get('set-cookie') ?? '';
    expect(plainCookie).toMatch(/aqb-csrf=[^;]+;.*HttpOnly/);
    expect(plainCookie).toMatch(/SameSite=Strict/);
    const https = await app.request('/', { headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    const cookie = https.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/__Host-aqb-csrf=[^;]+;/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Path=\//);
  });

  it('rejects a form post without CSRF token (also with a valid sign-in), before anything changes', async () => {
    const app = createApp({ database });
    const version = await putInState('entwurf');
    const csrf = await csrfPair(app);
    const variants: Record<string, string>[] = [
      { cookie: csrf.cookie },
      { cookie: csrf.cookie, authorization: `Bearer ${accounts.hmsi.token}` },
      { authorization: `Bearer ${accounts.hmsi.token}` },
    ];
    for (const headers of variants) {
      const response = await app.request(`${A}/bearbeiten`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ version: String(version), betrag: '1,00', projekte_1: 'CSRF' }).toString(),
      });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('Formular ist abgelaufen');
    }
    const wrong = await app.request(`${A}/bearbeiten`, {
      method: 'POST',
      headers: { cookie: csrf.cookie, authorization: `Bearer ${accounts.hmsi.token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ version: String(version), projekte_1: 'CSRF', _csrf: 'x'.repeat(43) }).toString(),
    });
    expect(wrong.status).toBe(403);
    expect(await putInState('entwurf')).toBe(version);
  });
});
