import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import { findAuditEvents } from '../../platform/audit/store';
import type { AppDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { buildAccounts, buildProject, OTHER_AGS, OWN_AGS, type RoleKey } from '../../../tests/factories';
import { csrfPair } from '../../../tests/support/auth';
import { createTestDatabase } from '../../../tests/support/test-database';
import { assessDeviation, findDeviations, getDeviation, justifyDeviation, recognisedDeviations, recordDeviation } from './deviations';
import { DEVIATION_TRANSITIONS } from './deviation-status';
import { POLICY } from '../access/policy';

/**
 * The deviation register (§ 6): record, justify, assess — through the use cases, the pages (forms,
 * confirmation, field messages) and the JSON API; every step audited; another district sees 404.
 */

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
const YEAR = 2025;

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
const api = (role: RoleKey, path: string, body?: unknown) =>
  app.request(`/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { authorization: `Bearer ${accounts[role].token}`, 'content-type': 'application/json', accept: 'application/json' },
  });

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  accounts = await buildAccounts(database);
  await buildProject(database, { year: YEAR, ags: OWN_AGS, key: 'BO', title: 'Berufsorientierung plus', measureType: 2 });
});
afterAll(async () => {
  await database?.close();
});

describe('deviation register: the use cases', () => {
  it('the policy states of justify and assess are the transition table’s from-states', () => {
    for (const rule of DEVIATION_TRANSITIONS) expect([...(POLICY[rule.action].statuses ?? [])].sort()).toEqual([...rule.from].sort());
  });

  it('records, justifies and assesses, each step audited; a recognised deviation is what § 6 takes out', async () => {
    const district = accounts.districtOwn.actor;
    const recorded = await database.db.transaction((tx) =>
      recordDeviation(tx, district, YEAR, OWN_AGS, { subject: 'Weniger Plätze besetzt', projectKey: 'BO', amountCents: null, count: 6, since: '2025-09-30' }),
    );
    expect(recorded).toMatchObject({ status: 'offen', measureType: 2, project: { key: 'BO', title: 'Berufsorientierung plus' }, count: 6, origin: 'manuell', createdByName: 'Test districtOwn' });

    // The ministry cannot judge before the district has justified; the district cannot judge at all.
    expect(await code(database.db.transaction((tx) => assessDeviation(tx, accounts.hmsi.actor, recorded.id, { version: 1, assessment: 'anerkannt', reason: 'x' })))).toBe('FORBIDDEN');
    const justified = await database.db.transaction((tx) => justifyDeviation(tx, district, recorded.id, { version: 1, justification: 'Der Träger hat die Gruppe erst im Oktober gestartet.' }));
    expect(justified).toMatchObject({ status: 'begruendet', version: 2, justifiedByName: 'Test districtOwn' });
    expect(await code(database.db.transaction((tx) => assessDeviation(tx, district, recorded.id, { version: 2, assessment: 'anerkannt', reason: 'x' })))).toBe('FORBIDDEN');
    // A stale version is a conflict; nothing changes.
    expect(await code(database.db.transaction((tx) => assessDeviation(tx, accounts.hmsi.actor, recorded.id, { version: 1, assessment: 'anerkannt', reason: 'x' })))).toBe('CONFLICT');
    const assessed = await database.db.transaction((tx) => assessDeviation(tx, accounts.hmsi.actor, recorded.id, { version: 2, assessment: 'anerkannt', reason: 'Späterer Start ist nachvollziehbar.' }));
    expect(assessed).toMatchObject({ status: 'bewertet', assessment: 'anerkannt', assessedByName: 'Test hmsi', version: 3 });
    // Final: no further justification.
    expect(await code(database.db.transaction((tx) => justifyDeviation(tx, district, recorded.id, { version: 3, justification: 'neu' })))).toBe('FORBIDDEN');

    const events = await findAuditEvents(database.db, { recordType: 'deviation', recordId: recorded.id });
    expect(events.map((e) => e.action)).toEqual(['deviation.record', 'deviation.justify', 'deviation.assess']);
    expect(events[2]!.before).toMatchObject({ status: 'begruendet' });
    expect(events[2]!.after).toMatchObject({ status: 'bewertet', assessment: 'anerkannt' });
    expect((await recognisedDeviations(database.db, YEAR, OWN_AGS)).map((d) => d.id)).toContain(recorded.id);
  });

  it('refuses bad input with every problem at its field and stores nothing', async () => {
    const before = (await findDeviations(database.db, { year: YEAR, ags: OWN_AGS })).length;
    const error = await database.db
      .transaction((tx) => recordDeviation(tx, accounts.districtOwn.actor, YEAR, OWN_AGS, { subject: 'X', projectKey: 'GIBTSNICHT', measureType: 3, amountCents: null, count: null, since: '2023-05-01' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    const issues = (error as AppError).issues.map((i) => i.path).sort();
    expect(issues).toEqual(['amountCents', 'projectKey', 'since']);
    const mismatch = await database.db
      .transaction((tx) => recordDeviation(tx, accounts.hmsi.actor, YEAR, OWN_AGS, { subject: 'X', projectKey: 'BO', measureType: 1, amountCents: 100, count: null, since: '2025-02-01' }))
      .catch((e: unknown) => e);
    expect((mismatch as AppError).issues).toEqual([{ path: 'measureType', message: 'Das Projekt „Berufsorientierung plus“ gehört zu Maßnahmenart 2.' }]);
    expect((await findDeviations(database.db, { year: YEAR, ags: OWN_AGS })).length).toBe(before);
  });

  it('another district answers 404 for every step; RP reads but records nothing', async () => {
    const own = await database.db.transaction((tx) =>
      recordDeviation(tx, accounts.hmsi.actor, YEAR, OWN_AGS, { subject: 'Mittelabfluss unter Plan', projectKey: null, measureType: null, amountCents: 5_000_000, count: null, since: '2025-09-30' }),
    );
    const other = accounts.districtOther.actor;
    expect(await code(database.db.transaction((tx) => recordDeviation(tx, other, YEAR, OWN_AGS, { subject: 'x', amountCents: 1, since: '2025-09-30' })))).toBe('NOT_FOUND');
    expect(await code(database.db.transaction((tx) => justifyDeviation(tx, other, own.id, { version: 1, justification: 'x' })))).toBe('NOT_FOUND');
    expect(await code(database.db.transaction((tx) => recordDeviation(tx, accounts.rp.actor, YEAR, OWN_AGS, { subject: 'x', amountCents: 1, since: '2025-09-30' })))).toBe('FORBIDDEN');
    expect((await page('districtOther', `/abweichungen/${YEAR}/${OWN_AGS}/${own.id}`)).status).toBe(404);
    expect((await page('districtOther', `/abweichungen/${YEAR}/${OWN_AGS}`)).status).toBe(404);
    expect((await api('districtOther', `/abweichungen/${YEAR}/${OWN_AGS}/${own.id}`)).status).toBe(404);
    // The right id under another district's address is not found either.
    expect((await page('hmsi', `/abweichungen/${YEAR}/${OTHER_AGS}/${own.id}`)).status).toBe(404);
    expect((await page('rp', `/abweichungen/${YEAR}/${OWN_AGS}/${own.id}`)).status).toBe(200);
  });
});

describe('deviation register: pages and API', () => {
  it('the district records through the form; bad input shows German messages at the fields and saves nothing', async () => {
    const path = `/abweichungen/${YEAR}/${OWN_AGS}`;
    const before = (await findDeviations(database.db, { year: YEAR, ags: OWN_AGS })).length;
    const bad = await form('districtOwn', path, { gegenstand: '', projekt: '', massnahmenart: '', betrag: '1,000', anzahl: '-3', seit: '31.2.2025' });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    for (const id of ['feld-gegenstand-fehler', 'feld-betrag-fehler', 'feld-anzahl-fehler', 'feld-seit-fehler']) expect(html).toContain(`id="${id}"`);
    expect(html).toContain('Bitte ein gültiges Datum angeben');
    expect(html).toContain('value="1,000"');
    expect((await findDeviations(database.db, { year: YEAR, ags: OWN_AGS })).length).toBe(before);

    const ok = await form('districtOwn', path, { gegenstand: 'Abschlüsse unter Plan', projekt: 'BO', massnahmenart: '', betrag: '', anzahl: '3', seit: '1.10.2025' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`${path}?erfasst=1`);
    const list = await (await page('districtOwn', `${path}?erfasst=1`)).text();
    expect(list).toContain('Die Abweichung wurde erfasst.');
    expect(list).toContain('Abschlüsse unter Plan');
  });

  it('justification through the form, assessment only after the confirmation page', async () => {
    const [created] = (await findDeviations(database.db, { year: YEAR, ags: OWN_AGS })).filter((d) => d.subject === 'Abschlüsse unter Plan');
    const path = `/abweichungen/${YEAR}/${OWN_AGS}/${created!.id}`;
    const empty = await form('districtOwn', `${path}/begruenden`, { version: '1', begruendung: '  ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Bitte begründen Sie die Abweichung.');
    const justified = await form('districtOwn', `${path}/begruenden`, { version: '1', begruendung: 'Zwei Teilnehmende sind in Ausbildung gewechselt.' });
    expect(justified.status).toBe(303);
    const stale = await form('districtOwn', `${path}/begruenden`, { version: '1', begruendung: 'alt' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('inzwischen geändert');

    const first = await form('hmsi', `${path}/bewerten`, { version: '2', bewertung: 'nicht_anerkannt', grund: 'Wechsel in Ausbildung ist ein Erfolg, aber kein Abschluss.' });
    expect(first.status).toBe(200);
    const confirm = await first.text();
    expect(confirm).toContain('Bewertung bestätigen');
    expect(confirm).toContain('name="bestaetigt" value="1"');
    expect((await getDeviation(database.db, created!.id)).status).toBe('begruendet');
    const done = await form('hmsi', `${path}/bewerten`, { version: '2', bewertung: 'nicht_anerkannt', grund: 'Wechsel in Ausbildung ist ein Erfolg, aber kein Abschluss.', bestaetigt: '1' });
    expect(done.status).toBe(303);
    const stored = await getDeviation(database.db, created!.id);
    expect(stored).toMatchObject({ status: 'bewertet', assessment: 'nicht_anerkannt' });
    const detail = await (await page('districtOwn', path)).text();
    expect(detail).toContain('nicht anerkannt');
    expect(detail).not.toContain('name="begruendung"');
  });

  it('the JSON API records, lists, justifies and assesses with the same rules', async () => {
    const bad = await api('districtOwn', `/abweichungen/${YEAR}/${OWN_AGS}`, { subject: 'x', since: '2025-13-01', amountCents: 1, extra: true });
    expect(bad.status).toBe(422);
    const created = await api('districtOwn', `/abweichungen/${YEAR}/${OWN_AGS}`, { subject: 'Sachausgaben höher', amountCents: 120_000, since: '2025-06-30' });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: number; status: string; version: number };
    expect(body.status).toBe('offen');
    const list = (await (await api('rp', `/abweichungen/${YEAR}/${OWN_AGS}`)).json()) as { deviations: { id: number }[] };
    expect(list.deviations.map((d) => d.id)).toContain(body.id);
    expect((await api('hmsi', `/abweichungen/${YEAR}/${OWN_AGS}/${body.id}/bewerten`, { version: 1, assessment: 'anerkannt', reason: 'x' })).status).toBe(403);
    expect((await api('districtOwn', `/abweichungen/${YEAR}/${OWN_AGS}/${body.id}/begruenden`, { version: 1, justification: 'Preissteigerung Miete.' })).status).toBe(200);
    const assessed = await api('hmsi', `/abweichungen/${YEAR}/${OWN_AGS}/${body.id}/bewerten`, { version: 2, assessment: 'anerkannt', reason: 'Belegt.' });
    expect(assessed.status).toBe(200);
    expect(await assessed.json()).toMatchObject({ status: 'bewertet', assessment: 'anerkannt', assessedByName: 'Test hmsi' });
  });

  it('Meine Aufgaben: the district sees its open deviations to justify, the ministry the justified ones to judge, the other district none', async () => {
    const { findTasks } = await import('../tasks/service');
    const open = await database.db.transaction((tx) =>
      recordDeviation(tx, accounts.hmsi.actor, YEAR, OWN_AGS, { subject: 'Aufgabe offen', amountCents: 1, since: '2025-10-01' }),
    );
    const districtTasks = (await findTasks(database.db, accounts.districtOwn.actor)).filter((t) => t.kind === 'deviation');
    expect(districtTasks.find((t) => t.href.endsWith(`/${open.id}`))).toMatchObject({ title: 'Abweichung begründen', detail: 'Aufgabe offen – Rheingau-Taunus-Kreis, AQB-Jahr 2025' });
    expect((await findTasks(database.db, accounts.hmsi.actor)).some((t) => t.href.endsWith(`/${open.id}`))).toBe(false);
    await database.db.transaction((tx) => justifyDeviation(tx, accounts.districtOwn.actor, open.id, { version: 1, justification: 'Grund' }));
    expect((await findTasks(database.db, accounts.hmsi.actor)).find((t) => t.href.endsWith(`/${open.id}`))).toMatchObject({ title: 'Abweichung bewerten' });
    expect((await findTasks(database.db, accounts.districtOwn.actor)).some((t) => t.href.endsWith(`/${open.id}`))).toBe(false);
    expect((await findTasks(database.db, accounts.districtOther.actor)).some((t) => t.kind === 'deviation')).toBe(false);
    expect((await findTasks(database.db, accounts.rp.actor)).some((t) => t.kind === 'deviation')).toBe(false);
  });

  it('the Land list shows every district’s deviations to the ministry; a district is sent to its own', async () => {
    const land = await page('hmsi', `/abweichungen?jahr=${YEAR}`);
    expect(land.status).toBe(200);
    const html = await land.text();
    expect(html).toContain('Rheingau-Taunus-Kreis');
    expect(html).toContain('Sachausgaben höher');
    const district = await page('districtOwn', `/abweichungen?jahr=${YEAR}`);
    expect(district.status).toBe(303);
    expect(district.headers.get('location')).toBe(`/abweichungen/${YEAR}/${OWN_AGS}`);
  });
});
