import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createApp } from '../../app/app';
import { findAuditEvents } from '../../platform/audit/store';
import type { AppDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { buildAccounts, buildIssuedBescheid, buildProject, OTHER_AGS, OWN_AGS, participantCsv, participantRow, type RoleKey } from '../../../tests/factories';
import { csrfPair } from '../../../tests/support/auth';
import { createTestDatabase } from '../../../tests/support/test-database';
import { replaceParticipantRecords, validateParticipantCsv } from '../participants/service';
import { recordPayout, reportUse, requestFunds } from '../payments/service';
import { assessDeviation, justifyDeviation, recordDeviation } from '../steering/service';
import { findAchievements, findJudgementSummaries, getAchievementRules, judgeAchievement, saveAchievementRules } from './achievements';
import { DEFAULT_RULES } from './schema';

/**
 * Zielerreichung on a real database: two projects with a Bescheid, the money path (request,
 * payout, use), participant records, two recognised deviations; the figures and proposals checked
 * by hand, the judgement with its reason rules, the rules page, the pages, the API and isolation.
 *
 * Rheingau-Taunus-Kreis 2025 (by hand):
 *   MA 1 "A1": approved 50.000 €, used 45.000 € (90 %); places 10, participants 9 (90 %); 5 outcomes
 *   MA 2 "B2": approved 100.000 €, used 80.000 € (80 %); places 20, participants 14 (70 %)
 *   total: 150.000 / 125.000 € (83 %), places 30 / 23 (76 %)
 * Defaults: money 90/70, places 85/60, the worst figure decides →
 *   MA 1 erreicht, MA 2 teilweise, total teilweise.
 * Recognised in MA 2: 15.000 € and 4 places → MA 2 money 80/85 = 94 %, places 14/16 = 87 % → erreicht;
 *   total money 125/135 = 92 %, places 23/26 = 88 % → erreicht.
 */
let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
const YEAR = 2025;
const TODAY = '2026-12-01';

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}
async function form(role: RoleKey, path: string, fields: Record<string, string>) {
  const { cookie, token } = await csrfPair(app);
  const body = new URLSearchParams({ _csrf: token, ...fields });
  return app.request(path, { method: 'POST', body, headers: { cookie, authorization: `Bearer ${accounts[role].token}`, 'content-type': 'application/x-www-form-urlencoded' } });
}
const page = (role: RoleKey, path: string) => app.request(path, { headers: { authorization: `Bearer ${accounts[role].token}` } });
const api = (role: RoleKey, path: string, body?: unknown, method = 'POST') =>
  app.request(`/api/v1${path}`, {
    method: body === undefined ? 'GET' : method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { authorization: `Bearer ${accounts[role].token}`, 'content-type': 'application/json', accept: 'application/json' },
  });

async function participants(project: Awaited<ReturnType<typeof buildProject>>, inProject: number, left: number) {
  const rows = [
    ...Array.from({ length: left }, (_, i) => participantRow(`${project.key}-L${i}`, { left: true })),
    ...Array.from({ length: inProject }, (_, i) => participantRow(`${project.key}-P${i}`)),
  ];
  const parsed = validateParticipantCsv(participantCsv(rows), { start: `${YEAR}-01-01`, end: `${YEAR}-12-31` });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await database.db.transaction((tx) => replaceParticipantRecords(tx, { actor: null }, project, parsed.rows, { fileName: `${project.key}.csv` }));
}

async function spend(key: string, cents: number, usedCents: number) {
  const target = { year: YEAR, ags: OWN_AGS, today: TODAY };
  const { id } = await requestFunds(database, accounts.districtOwn.actor, target, { projectKey: key, requestedOn: '2025-03-01', amountCents: cents, plannedUse: [{ dueOn: '2025-04-30', amountCents: cents, purpose: 'Personal' }] });
  await recordPayout(database, accounts.rp.actor, target, { requestId: id, paidOn: '2025-03-05', amountCents: cents });
  await reportUse(database, accounts.districtOwn.actor, target, { projectKey: key, usedOn: '2025-06-30', amountCents: usedCents, description: 'Personal' });
}

const own = async () => (await findAchievements(database.db, YEAR, OWN_AGS)).map((r) => ({ mt: r.measureType, money: [r.money.planned, r.money.recognised, r.money.achieved, r.money.percent], places: [r.places.planned, r.places.recognised, r.places.achieved, r.places.percent], outcomes: [r.outcomes.planned, r.outcomes.achieved], proposed: r.proposed }));

async function recognise(fields: { amountCents?: number | null; count?: number | null; subject: string }) {
  const d = await database.db.transaction((tx) => recordDeviation(tx, accounts.districtOwn.actor, YEAR, OWN_AGS, { projectKey: 'B2', since: '2025-09-30', amountCents: null, count: null, ...fields }));
  await database.db.transaction((tx) => justifyDeviation(tx, accounts.districtOwn.actor, d.id, { version: 1, justification: 'Der Träger ist ausgefallen.' }));
  await database.db.transaction((tx) => assessDeviation(tx, accounts.hmsi.actor, d.id, { version: 2, assessment: 'anerkannt', reason: 'Trägerausfall belegt.' }));
  return d.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  accounts = await buildAccounts(database);
  const a = await buildProject(database, { year: YEAR, ags: OWN_AGS, key: 'A1', title: 'Ausbildung begleiten', measureType: 1, plannedPlaces: 10 });
  const b = await buildProject(database, { year: YEAR, ags: OWN_AGS, key: 'B2', title: 'Berufsorientierung', measureType: 2, plannedPlaces: 20 });
  await buildIssuedBescheid(database, { year: YEAR, ags: OWN_AGS, decidedOn: '2025-02-01', lines: [{ projectId: a.id, approvedCents: 50_000_00 }, { projectId: b.id, approvedCents: 100_000_00 }] });
  await spend('A1', 50_000_00, 45_000_00);
  await spend('B2', 100_000_00, 80_000_00);
  await participants(a, 4, 5);
  await participants(b, 14, 0);
});
afterAll(async () => {
  await database?.close();
});

describe('Zielerreichung: figures, recognised deviations, proposal', () => {
  it('reads planned and achieved per Maßnahmenart and in total (hand-checked), outcomes skipped without a plan', async () => {
    expect((await getAchievementRules(database.db, YEAR)).isDefault).toBe(true);
    expect(await own()).toEqual([
      { mt: 1, money: [50_000_00, 0, 45_000_00, 90], places: [10, 0, 9, 90], outcomes: [null, 5], proposed: 'erreicht' },
      { mt: 2, money: [100_000_00, 0, 80_000_00, 80], places: [20, 0, 14, 70], outcomes: [null, 0], proposed: 'teilweise_erreicht' },
      { mt: null, money: [150_000_00, 0, 125_000_00, 83], places: [30, 0, 23, 76], outcomes: [null, 5], proposed: 'teilweise_erreicht' },
    ]);
    // The other district has no plan at all: no rows per Maßnahmenart, no proposal.
    const other = await findAchievements(database.db, YEAR, OTHER_AGS);
    expect(other).toHaveLength(1);
    expect(other[0]).toMatchObject({ measureType: null, proposed: null, final: null, districtName: 'Landkreis Limburg-Weilburg' });
    expect(await findAchievements(database.db, YEAR)).toHaveLength(26 + 2);
  });

  it('takes recognised deviations out: 15.000 € lower the money, 4 places the places of Maßnahmenart 2; an open one changes nothing', async () => {
    await database.db.transaction((tx) => recordDeviation(tx, accounts.districtOwn.actor, YEAR, OWN_AGS, { subject: 'Noch offen', projectKey: 'B2', amountCents: 50_000_00, since: '2025-09-30' }));
    const money = await recognise({ subject: 'Träger ausgefallen (Mittel)', amountCents: 15_000_00 });
    await recognise({ subject: 'Träger ausgefallen (Plätze)', count: 4 });
    expect(await own()).toEqual([
      { mt: 1, money: [50_000_00, 0, 45_000_00, 90], places: [10, 0, 9, 90], outcomes: [null, 5], proposed: 'erreicht' },
      { mt: 2, money: [100_000_00, 15_000_00, 80_000_00, 94], places: [20, 4, 14, 87], outcomes: [null, 0], proposed: 'erreicht' },
      { mt: null, money: [150_000_00, 15_000_00, 125_000_00, 92], places: [30, 4, 23, 88], outcomes: [null, 5], proposed: 'erreicht' },
    ]);
    const html = await (await page('districtOwn', `/zielerreichung/${YEAR}/${OWN_AGS}`)).text();
    expect(html).toContain('Träger ausgefallen (Mittel)');
    expect(html).toContain(`href="/abweichungen/${YEAR}/${OWN_AGS}/${money}"`);
    expect(html).toContain('Trägerausfall belegt.');
    expect(html).not.toContain('Noch offen');
    expect(html).toMatch(/− 15\.000,00\s€/);
  });
});

describe('Zielerreichung: the judgement', () => {
  it('asks a reason when it differs from the proposal and a new one for every correction; audited; stale versions conflict', async () => {
    const hmsi = accounts.hmsi.actor;
    const judge = (input: unknown, actor = hmsi) => database.db.transaction((tx) => judgeAchievement(tx, actor, YEAR, OWN_AGS, input));
    expect(await code(judge({ version: 0, judgement: 'erreicht', reason: '' }, accounts.districtOwn.actor))).toBe('FORBIDDEN');
    expect(await code(judge({ version: 0, judgement: 'erreicht', reason: '' }, accounts.rp.actor))).toBe('FORBIDDEN');
    const differs = await judge({ version: 0, judgement: 'teilweise_erreicht', reason: '' }).catch((e: unknown) => e);
    expect((differs as AppError).issues).toEqual([{ path: 'reason', message: 'Die Beurteilung weicht vom Vorschlag „erreicht“ ab: Bitte geben Sie den Grund an.' }]);
    const first = await judge({ version: 0, judgement: 'erreicht', reason: '' });
    expect(first.finalJudgement).toMatchObject({ judgement: 'erreicht', proposed: 'erreicht', reason: '', version: 1 });
    expect(await code(judge({ version: 0, judgement: 'erreicht', reason: 'x' }))).toBe('CONFLICT');
    expect(await code(judge({ version: 1, judgement: 'teilweise_erreicht', reason: '' }))).toBe('VALIDATION_FAILED');
    const corrected = await judge({ version: 1, judgement: 'teilweise_erreicht', reason: 'Die Abschlüsse liegen unter dem Landesdurchschnitt.' });
    expect(corrected.finalJudgement).toMatchObject({ judgement: 'teilweise_erreicht', version: 2 });
    expect(await code(judge({ version: 2, judgement: 'erreicht', reason: 'Die Abschlüsse liegen unter dem Landesdurchschnitt.' }))).toBe('VALIDATION_FAILED');
    const events = await findAuditEvents(database.db, { recordType: 'achievement', recordId: `${YEAR}-${OWN_AGS}` });
    expect(events.map((e) => e.action)).toEqual(['achievement.judge', 'achievement.correct']);
    expect(events[1]!.before).toMatchObject({ judgement: 'erreicht', version: 1 });
    expect(events[1]!.after).toMatchObject({ judgement: 'teilweise_erreicht', reason: 'Die Abschlüsse liegen unter dem Landesdurchschnitt.' });
    const total = (await findAchievements(database.db, YEAR, OWN_AGS)).find((r) => r.measureType === null)!;
    expect(total).toMatchObject({ proposed: 'erreicht', final: 'teilweise_erreicht', reason: 'Die Abschlüsse liegen unter dem Landesdurchschnitt.' });
    // Beside the next year's allocation comparison: final where judged, else the proposal.
    const summaries = await findJudgementSummaries(database.db, YEAR);
    expect(summaries.get(OWN_AGS)).toEqual({ judgement: 'teilweise_erreicht', isFinal: true, href: `/zielerreichung/${YEAR}/${OWN_AGS}` });
    expect(summaries.get(OTHER_AGS)).toEqual({ judgement: null, isFinal: false, href: `/zielerreichung/${YEAR}/${OTHER_AGS}` });
    expect((await findJudgementSummaries(database.db, 1999)).size).toBe(0);
  });

  it('through the pages: the form, then the confirmation page, then stored; field messages in German, nothing half-saved', async () => {
    const path = `/zielerreichung/${YEAR}/${OTHER_AGS}`;
    const missing = await form('hmsi', `${path}/beurteilung`, { version: '0', beurteilung: 'nicht_erreicht', grund: '' });
    expect(missing.status).toBe(422);
    const html = await missing.text();
    expect(html).toContain('id="feld-grund-fehler"');
    expect(html).toContain('Die Beurteilung weicht vom Vorschlag ab');
    const confirm = await form('hmsi', `${path}/beurteilung`, { version: '0', beurteilung: 'nicht_erreicht', grund: 'Keine Maßnahmen umgesetzt.' });
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain('Beurteilung bestätigen');
    expect(confirmHtml).toContain('name="bestaetigt" value="1"');
    expect((await findAchievements(database.db, YEAR, OTHER_AGS))[0]!.final).toBeNull();
    const done = await form('hmsi', `${path}/beurteilung`, { version: '0', beurteilung: 'nicht_erreicht', grund: 'Keine Maßnahmen umgesetzt.', bestaetigt: '1' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`${path}?gespeichert=1`);
    const shown = await (await page('hmsi', `${path}?gespeichert=1`)).text();
    expect(shown).toContain('Die Beurteilung wurde gespeichert.');
    expect(shown).toContain('Beurteilung des HMSI (endgültig): <strong>nicht erreicht</strong>');
    expect(shown).toContain('Beurteilung korrigieren');
    const stale = await form('hmsi', `${path}/beurteilung`, { version: '0', beurteilung: 'erreicht', grund: 'neu', bestaetigt: '1' });
    expect(stale.status).toBe(409);
    // The district reads its own page without the form; RP reads too.
    const districtHtml = await (await page('districtOther', path)).text();
    expect(districtHtml).toContain('nicht erreicht');
    expect(districtHtml).not.toContain('name="beurteilung"');
    expect((await form('districtOther', `${path}/beurteilung`, { version: '1', beurteilung: 'erreicht', grund: 'x', bestaetigt: '1' })).status).toBe(403);
  });
});

describe('Zielerreichung: rules, pages, CSV, API, isolation', () => {
  it('the ministry sets the year’s rules; bad input at its fields; a stricter rule changes the proposal; audited', async () => {
    const path = `/zielerreichung/${YEAR}/regeln`;
    const values = { version: '0', kombination: 'schlechteste', 'mittel-erreicht': '95', 'mittel-teilweise': '70', 'mittel-gewicht': '1', 'plaetze-erreicht': '85', 'plaetze-teilweise': '60', 'plaetze-gewicht': '1', 'ergebnisse-erreicht': '80', 'ergebnisse-teilweise': '50', 'ergebnisse-gewicht': '1' };
    const bad = await form('hmsi', path, { ...values, 'mittel-erreicht': 'viel', 'plaetze-teilweise': '90' });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="feld-mittel-erreicht-fehler"');
    expect(badHtml).toContain('value="viel"');
    const crossed = await form('hmsi', path, { ...values, 'plaetze-teilweise': '90' });
    expect(crossed.status).toBe(422);
    expect(await crossed.text()).toContain('id="feld-plaetze-teilweise-fehler"');
    expect((await getAchievementRules(database.db, YEAR)).isDefault).toBe(true);
    expect((await form('districtOwn', path, values)).status).toBe(403);
    const ok = await form('hmsi', path, values);
    expect(ok.status).toBe(303);
    const stored = await getAchievementRules(database.db, YEAR);
    expect(stored).toMatchObject({ isDefault: false, version: 1, rules: { ...DEFAULT_RULES, money: { achievedPercent: 95, partlyPercent: 70, weight: 1 } } });
    // MA 1 used 90 % of its money: below 95 % it is only teilweise now.
    expect((await findAchievements(database.db, YEAR, OWN_AGS)).find((r) => r.measureType === 1)!.proposed).toBe('teilweise_erreicht');
    expect((await form('hmsi', path, values)).status).toBe(409);
    expect(await code(database.db.transaction((tx) => saveAchievementRules(tx, accounts.hmsi.actor, YEAR, { version: 1, rules: DEFAULT_RULES })))).toBe('ok');
    const events = await findAuditEvents(database.db, { recordType: 'achievement_rules', recordId: YEAR });
    expect(events.map((e) => e.action)).toEqual(['achievement.rules', 'achievement.rules']);
  });

  it('the Land page for the ministry and RP with 26 districts and the CSV; a district is sent to its own page; another district sees 404', async () => {
    const land = await page('rp', `/zielerreichung/${YEAR}`);
    expect(land.status).toBe(200);
    const html = await land.text();
    expect(html.match(/<tr class="kern-table__row" data-ags=/g)).toHaveLength(26);
    expect(html).toMatch(/data-ags="06439"[\s\S]*?92 %[\s\S]*?88 %[\s\S]*?erreicht[\s\S]*?teilweise erreicht \(endgültig\)/);
    expect(html).toContain('role="img"');
    const redirect = await page('districtOwn', `/zielerreichung/${YEAR}`);
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('location')).toBe(`/zielerreichung/${YEAR}/${OWN_AGS}`);
    expect((await page('districtOther', `/zielerreichung/${YEAR}/${OWN_AGS}`)).status).toBe(404);
    expect((await page('admin', `/zielerreichung/${YEAR}`)).status).toBe(403);
    const csv = await page('hmsi', `/zielerreichung/${YEAR}/export.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).split('\r\n');
    expect(lines).toContain('06439;Rheingau-Taunus-Kreis;2;100.000,00;15.000,00;80.000,00;94;20;4;14;87;;0;0;;erreicht;;');
    expect(lines).toContain('06439;Rheingau-Taunus-Kreis;insgesamt;150.000,00;15.000,00;125.000,00;92;30;4;23;88;;0;5;;erreicht;teilweise erreicht;Die Abschlüsse liegen unter dem Landesdurchschnitt.');
    expect(lines.length).toBe(1 + 28 + 1);
    // The district's own CSV holds only its rows.
    expect((await (await page('districtOwn', `/zielerreichung/${YEAR}/export.csv`)).text()).split('\r\n').filter((l) => l.startsWith('06')).every((l) => l.startsWith('06439'))).toBe(true);
  });

  it('the API: lists (a district only its own), one district, the judgement and the rules with the same rules', async () => {
    const list = (await (await api('districtOwn', `/zielerreichung/${YEAR}`)).json()) as { rows: { ags: string }[] };
    expect(new Set(list.rows.map((r) => r.ags))).toEqual(new Set([OWN_AGS]));
    expect(((await (await api('hmsi', `/zielerreichung/${YEAR}`)).json()) as { rows: unknown[] }).rows).toHaveLength(28);
    const one = (await (await api('rp', `/zielerreichung/${YEAR}/${OWN_AGS}`)).json()) as { rows: Array<{ measureType: number | null; money: { adjustedPlanned: number } }>; recognisedDeviations: unknown[]; finalJudgement: { version: number }; proof: { status: string; dueOn: string | null; submittedOn: string | null } };
    expect(one.rows.find((r) => r.measureType === 2)!.money.adjustedPlanned).toBe(85_000_00);
    expect(one.recognisedDeviations).toHaveLength(2);
    // § 6 judges after the Verwendungsnachweis: RTK has an issued Bescheid and no proof yet, so its figures are provisional.
    expect(one.proof).toMatchObject({ status: 'offen', submittedOn: null });
    expect(one.proof.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const otherProof = ((await (await api('hmsi', `/zielerreichung/${YEAR}/${OTHER_AGS}`)).json()) as { proof: unknown }).proof;
    expect(otherProof).toEqual({ status: 'keiner', dueOn: null, submittedOn: null });
    const ownPage = await (await page('hmsi', `/zielerreichung/${YEAR}/${OWN_AGS}`)).text();
    expect(ownPage).toContain('Vorläufige Zahlen');
    expect(ownPage).toContain(`Der Verwendungsnachweis ${YEAR} ist noch nicht eingereicht (Frist `);
    expect(await (await page('hmsi', `/zielerreichung/${YEAR}/${OTHER_AGS}`)).text()).toContain('ein Verwendungsnachweis ist nicht fällig');
    expect((await api('districtOther', `/zielerreichung/${YEAR}/${OWN_AGS}`)).status).toBe(404);
    expect((await api('rp', `/zielerreichung/${YEAR}/${OWN_AGS}/beurteilung`, { version: 2, judgement: 'erreicht', reason: 'x' })).status).toBe(403);
    expect((await api('hmsi', `/zielerreichung/${YEAR}/${OWN_AGS}/beurteilung`, { version: 2, judgement: 'erreicht', reason: '', extra: 1 })).status).toBe(422);
    const judged = await api('hmsi', `/zielerreichung/${YEAR}/${OWN_AGS}/beurteilung`, { version: 2, judgement: 'erreicht', reason: 'Nach Rücksprache: Abschlüsse nachgemeldet.' });
    expect(judged.status).toBe(200);
    expect(await judged.json()).toMatchObject({ finalJudgement: { judgement: 'erreicht', version: 3 } });
    const rules = (await (await api('districtOwn', `/zielerreichung/${YEAR}/regeln`)).json()) as { version: number };
    expect(rules.version).toBe(2);
    expect((await api('hmsi', `/zielerreichung/${YEAR}/regeln`, { version: 1, rules: DEFAULT_RULES }, 'PUT')).status).toBe(409);
    expect((await api('hmsi', `/zielerreichung/${YEAR}/regeln`, { version: 2, rules: { ...DEFAULT_RULES, combination: 'gewichtet' } }, 'PUT')).status).toBe(200);
    expect((await api('districtOwn', `/zielerreichung/${YEAR}/regeln`, { version: 3, rules: DEFAULT_RULES }, 'PUT')).status).toBe(403);
  });
});

describe('Zielerreichung: planned outcomes from the Eckdaten', () => {
  it('compares the projects’ planned outcomes with the participants’ outcomes per Maßnahmenart; a Maßnahmenart without a plan stays skipped', async () => {
    // A1 (Maßnahmenart 1) plans 4 Ausbildungsabschlüsse + 4 Übergänge in Ausbildung = 8; B2 plans none.
    await database.db.execute(sql`UPDATE projects SET planned_outcomes = ${JSON.stringify({ ausbildungsabschluss: 4, uebergang_ausbildung: 4 })}::jsonb WHERE year = ${YEAR} AND ags = ${OWN_AGS} AND key = 'A1'`);
    expect((await own()).map((r) => [r.mt, r.outcomes])).toEqual([
      [1, [8, 5]],
      [2, [null, 0]],
      [null, [8, 5]],
    ]);
  });
});
