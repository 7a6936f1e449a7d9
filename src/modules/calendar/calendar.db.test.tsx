import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { TestClient } from '../access/testing/http-client';
import { createDraft } from '../agreements/service';
import { receiveAntrag, submitAntrag } from '../funding/antrag-record';
import { uploadStrategy } from '../funding/strategies';
import { saveProject } from '../projects/service';
import { buildAccounts, OTHER_AGS, OWN_AGS, setAllocation, type RoleKey } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import { CalendarPage } from './views/calendar-page';
import { createFeedToken, findCalendarEntries, findFeedTokens, resolveFeedToken, revokeFeedToken } from './service';

/**
 * The calendar reads its dates from the owning modules: an Antrag submitted and received, a draft
 * agreement in negotiation, the seeded published agreements. Tenancy, overdue marking, the page and
 * the iCal feed with its token lifecycle, on a real database.
 */
const YEAR = 2025;
let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
const client = (role: RoleKey) => new TestClient(app, 'http://localhost', { authorization: `Bearer ${accounts[role].token}` });
const PDF = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');

async function events(action: string): Promise<number> {
  const result = (await database.db.execute(sql`select count(*)::int as n from audit_events where action = ${action}`)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  accounts = await buildAccounts(database);
  await setAllocation(database, YEAR, OWN_AGS, 500_000_00);
  const actor = accounts.districtOwn.actor;
  await database.db.transaction((tx) => uploadStrategy(tx, actor, OWN_AGS, { title: 'Regionale Strategie', validFrom: '2025-01-01', validTo: '2027-12-31', file: { name: 'strategie.pdf', bytes: PDF } }));
  await database.db.transaction((tx) =>
    saveProject(tx, actor, { year: YEAR, ags: OWN_AGS }, {
      key: 'P1',
      title: 'Projekt „Zukunft“',
      measureType: 1,
      provider: { name: 'Beispiel Bildungswerk gGmbH', address: 'Musterstraße 1, 65307 Bad Schwalbach' },
      start: `${YEAR}-01-01`,
      end: `${YEAR}-12-31`,
      expenses: [{ category: 'personal', label: 'Begleitung', amountCents: 70_000_00 }],
      funding: [
        { source: 'aqb', amountCents: 60_000_00 },
        { source: 'eigenmittel', amountCents: 10_000_00 },
      ],
    }),
  );
  await submitAntrag(database, actor, { year: YEAR, ags: OWN_AGS, expectedVersion: 0, today: '2025-03-20' });
  await createDraft(database, accounts.hmsi.actor, { year: YEAR, ags: '06432' });
});
afterAll(async () => {
  await database?.close();
});

const byId = async (role: RoleKey, today: string, filter = { year: YEAR } as { year?: number; ags?: string }) =>
  new Map((await findCalendarEntries(database.db, accounts[role].actor, filter, today)).map((e) => [e.id, e]));

describe('calendar entries', () => {
  it('shows the Antrag deadline per district, done once submitted, overdue for the others after 31 March', async () => {
    const before = await byId('hmsi', '2025-03-15');
    expect(before.get(`antrag-${YEAR}-${OWN_AGS}`)).toMatchObject({ date: '2025-03-31', isDone: true, isOverdue: false, statusText: 'erledigt: eingereicht am 20.3.2025', href: `/antraege/${YEAR}/${OWN_AGS}` });
    expect(before.get(`antrag-${YEAR}-06432`)).toMatchObject({ isDone: false, isOverdue: false });
    const after = await byId('hmsi', '2025-04-01');
    expect(after.get(`antrag-${YEAR}-06432`)).toMatchObject({ isDone: false, isOverdue: true, statusText: 'offen: noch nicht eingereicht' });
    // Limburg-Weilburg 2025 is seeded as published without an Antrag record: the later step closes
    // the Antrag (and the Mittelankündigung) – done, never overdue.
    expect(after.get(`antrag-${YEAR}-${OTHER_AGS}`)).toMatchObject({ isDone: true, isOverdue: false, statusText: 'erledigt: Zielvereinbarung unterzeichnet (Antrag nicht im System erfasst)' });
    expect(after.get(`mittelankuendigung-${YEAR}-${OTHER_AGS}`)).toMatchObject({ isDeadline: true, isDone: true, isOverdue: false });
    // A draft (still in the talks) leaves the missing letter open and overdue.
    expect(after.get(`mittelankuendigung-${YEAR}-06432`)).toMatchObject({ isDone: false, isOverdue: true });
    expect(after.get(`antrag-${YEAR}-${OWN_AGS}`)!.isOverdue).toBe(false);
    // 26 districts, one Antrag deadline each.
    expect([...after.values()].filter((e) => e.kind === 'antrag')).toHaveLength(26);
    // Submitted, Eingang not yet recorded: an open entry for RP on the submission date.
    expect(after.get(`eingang-${YEAR}-${OWN_AGS}`)).toMatchObject({ date: '2025-03-20', isDone: false, isDeadline: false, isOverdue: false });
  });

  it('records the Eingang with the Aktenzeichen once RP received the Antrag', async () => {
    await receiveAntrag(database, accounts.rp.actor, { year: YEAR, ags: OWN_AGS, expectedVersion: 1, today: '2025-03-24' }, { aktenzeichen: 'AQB-2025-RTK-1', receivedOn: '2025-03-24' });
    const entries = await byId('rp', '2025-04-01');
    const receipt = entries.get(`eingang-${YEAR}-${OWN_AGS}`)!;
    expect(receipt).toMatchObject({ date: '2025-03-24', isDone: true, title: 'Eingang des Antrags' });
    expect(receipt.statusText).toBe('erledigt: eingegangen, Aktenzeichen AQB-2025-RTK-1');
  });

  it('has the deadline of a Nachforderung of RP, overdue when missed, done once the district answered', async () => {
    const { getAntragState } = await import('../funding/antrag-record');
    const { answerNachforderung, requestDocuments } = await import('../funding/review');
    const state = await getAntragState(database.db, YEAR, OWN_AGS);
    await requestDocuments(database, accounts.rp.actor, { year: YEAR, ags: OWN_AGS, expectedVersion: state.version, today: '2025-04-02' }, { items: 'Kooperationsvereinbarung mit dem Träger', deadline: '2025-04-16' });
    const id = `nachforderung-${YEAR}-${OWN_AGS}-1`;
    expect((await byId('districtOwn', '2025-04-10')).get(id)).toMatchObject({ kind: 'nachforderung', date: '2025-04-16', title: 'Nachforderung 1 von RP Kassel beantworten', isDeadline: true, isDone: false, isOverdue: false, statusText: 'offen: angefordert am 2.4.2025', href: `/antraege/${YEAR}/${OWN_AGS}` });
    expect((await byId('rp', '2025-04-17')).get(id)).toMatchObject({ isOverdue: true });
    expect((await byId('districtOther', '2025-04-17')).has(id)).toBe(false);
    const waiting = await getAntragState(database.db, YEAR, OWN_AGS);
    await answerNachforderung(database, accounts.districtOwn.actor, { year: YEAR, ags: OWN_AGS, expectedVersion: waiting.version, today: '2025-04-18' }, { answer: 'Die Vereinbarung liegt bei.' });
    expect((await byId('districtOwn', '2025-04-20')).get(id)).toMatchObject({ isDone: true, isOverdue: false, statusText: 'erledigt: beantwortet am 18.4.2025 (nach der Frist)' });
  });

  it('has the Zielvereinbarungsgespräch until 31 March for a draft and the publication of the seeded agreement', async () => {
    const entries = await byId('hmsi', '2025-04-01');
    expect(entries.get(`gespraech-${YEAR}-06432`)).toMatchObject({ date: '2025-03-31', isDone: false, isOverdue: true, href: `/zielvereinbarungen/${YEAR}/06432` });
    // Limburg-Weilburg 2025 is seeded as published: talks done, publication done on its date.
    expect(entries.get(`gespraech-${YEAR}-${OTHER_AGS}`)).toMatchObject({ isDone: true, isOverdue: false });
    expect(entries.get(`veroeffentlichung-${YEAR}-${OTHER_AGS}`)).toMatchObject({ kind: 'publication', isDone: true });
    // Sorted by date.
    const dates = [...entries.values()].map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
  });

  it('shows a district only its own entries, whatever the filter asks, and HMSI one district on request', async () => {
    const own = [...(await byId('districtOwn', '2025-04-01', { year: YEAR, ags: OTHER_AGS })).values()];
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((e) => e.ags === OWN_AGS)).toBe(true);
    const other = [...(await byId('districtOther', '2025-04-01')).values()];
    expect(other.every((e) => e.ags === OTHER_AGS)).toBe(true);
    expect(other.some((e) => e.id === `antrag-${YEAR}-${OTHER_AGS}`)).toBe(true);
    const filtered = [...(await byId('hmsi', '2025-04-01', { year: YEAR, ags: '06432' })).values()];
    expect(new Set(filtered.map((e) => e.ags))).toEqual(new Set(['06432']));
    await expect(findCalendarEntries(database.db, accounts.admin.actor, {}, '2025-04-01')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('/kalender page', () => {
  it('groups by month, marks overdue in words, and shows the district only its own', async () => {
    const res = await client('districtOther').get(`/kalender?jahr=${YEAR}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('März 2025');
    // Its seeded year is published: nothing of it is overdue.
    expect(html).not.toContain('Überfällig');
    expect(html).toContain('Antrag bei RP Kassel einreichen');
    expect(html).not.toContain(`/antraege/${YEAR}/${OWN_AGS}`);
    expect(html).not.toContain('name="gk"');
    const hmsi = await (await client('hmsi').get(`/kalender?jahr=${YEAR}&gk=${OWN_AGS}`)).text();
    expect(hmsi).toContain('name="gk"');
    expect(hmsi).toContain(`/antraege/${YEAR}/${OWN_AGS}`);
    expect(hmsi).not.toContain(`/antraege/${YEAR}/${OTHER_AGS}`);
    expect(await (await client('hmsi').get(`/kalender?jahr=${YEAR}&gk=06432`)).text()).toContain('Überfällig – ');
  });

  it('pages through all years, 100 entries a page, keeping the filter in the links', async () => {
    const all = await findCalendarEntries(database.db, accounts.hmsi.actor, {}, '2025-04-01');
    expect(all.length).toBeGreaterThan(100);
    const first = await (await client('hmsi').get('/kalender?jahr=')).text();
    expect(first).toContain(`${all.length} Termine`);
    expect(first).toContain('href="/kalender?jahr=&amp;seite=2"');
    expect(first.match(/data-entry=/g)).toHaveLength(100);
    const second = await (await client('hmsi').get('/kalender?jahr=&seite=2')).text();
    expect(second).toContain('Vorherige Seite');
    expect(second.match(/data-entry=/g)).toHaveLength(Math.min(100, all.length - 100));
  });

  it('answers wrong filters with a German message next to the field, and shows an empty state', async () => {
    const bad = await client('hmsi').get('/kalender?jahr=20x5&gk=99999');
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('Bitte ein AQB-Jahr mit vier Ziffern wählen.');
    expect(html).toContain('Bitte eine Gebietskörperschaft aus der Liste wählen.');
    const unknownYear = await client('hmsi').get('/kalender?jahr=2031');
    expect(unknownYear.status).toBe(422);
    expect(await unknownYear.text()).toContain('Das AQB-Jahr 2031 ist nicht angelegt.');
    // A year always has the Antrag deadline of every district, so the empty state is the page without years.
    const empty = String(<CalendarPage csrf="x" entries={[]} total={0} page={1} pageCount={1} year={undefined} years={[]} districts={null} ags={undefined} errors={{}} canManageFeed={false} feeds={[]} />);
    expect(empty).toContain('Für diese Auswahl gibt es keine Termine.');
    expect(empty).not.toContain('Kalender abonnieren');
    expect((await client('admin').get('/kalender')).status).toBe(403);
  });
});

describe('iCal feed', () => {
  it('creates a secret address (audited, hashed), serves RFC 5545 without a session, the same bytes twice, and 404 after revocation', async () => {
    const created = await events('calendar.feed.create');
    const res = await client('districtOwn').post('/kalender/ical', {});
    expect(res.status).toBe(201);
    const html = await res.text();
    const url = /data-feed-url[^>]*>([^<]+)</.exec(html)?.[1];
    expect(url).toMatch(/^http:\/\/localhost\/kalender\/ical\/kal_[A-Za-z0-9_-]{43}\.ics$/);
    expect(await events('calendar.feed.create')).toBe(created + 1);
    const token = url!.slice('http://localhost/kalender/ical/'.length, -'.ics'.length);
    const stored = (await database.db.execute(sql`select token_hash from calendar_feed_tokens`)) as unknown as { rows: { token_hash: string }[] };
    expect(stored.rows.some((r) => r.token_hash.includes(token))).toBe(false);

    // No session, no bearer: the token is the credential.
    const feed = await app.request(`/kalender/ical/${token}.ics`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await feed.text();
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain(`UID:antrag-${YEAR}-${OWN_AGS}@aqb-steuerung`);
    expect(unfolded).toContain('DTSTART;VALUE=DATE:20250331');
    expect(unfolded).not.toContain(`-${OTHER_AGS}@aqb-steuerung`);
    const uids = unfolded.split('\r\n').filter((l) => l.startsWith('UID:'));
    expect(new Set(uids).size).toBe(uids.length);
    for (const stamp of unfolded.split('\r\n').filter((l) => l.startsWith('DTSTAMP:'))) expect(stamp).toMatch(/^DTSTAMP:\d{8}T\d{6}Z$/);
    expect(await (await app.request(`/kalender/ical/${token}.ics`)).text()).toBe(text);

    // Revocation: confirmation page, then POST; the address answers 404 at once.
    const [summary] = await findFeedTokens(database.db, accounts.districtOwn.actor);
    const confirm = await client('districtOwn').get(`/kalender/ical/${summary!.id}/widerrufen`);
    expect(await confirm.text()).toContain('Ja, widerrufen');
    expect((await client('districtOther').post(`/kalender/ical/${summary!.id}/widerrufen`, {})).status).toBe(404);
    const revoked = await events('calendar.feed.revoke');
    expect((await client('districtOwn').post(`/kalender/ical/${summary!.id}/widerrufen`, {})).status).toBe(303);
    expect(await events('calendar.feed.revoke')).toBe(revoked + 1);
    expect((await app.request(`/kalender/ical/${token}.ics`)).status).toBe(404);
    expect((await client('districtOwn').post(`/kalender/ical/${summary!.id}/widerrufen`, {})).status).toBe(404);
  });

  it('answers 404 for unknown and malformed tokens, and follows the account (deactivated → 404)', async () => {
    expect((await app.request('/kalender/ical/kal_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics')).status).toBe(404);
    expect((await app.request('/kalender/ical/nonsense.ics')).status).toBe(404);
    expect((await app.request('/kalender/ical/nonsense')).status).toBe(404);
    // Behind a TLS-terminating proxy the links in the feed are https.
    const viaProxy = await database.db.transaction((tx) => createFeedToken(tx, accounts.districtOwn.actor));
    const proxied = await (await app.request(`http://aqb.example/kalender/ical/${viaProxy.token}.ics`, { headers: { 'x-forwarded-proto': 'https' } })).text();
    expect(proxied.replace(/\r\n /g, '')).toContain(`URL:https://aqb.example/antraege/2025/${OWN_AGS}`);
    const { token } = await database.db.transaction((tx) => createFeedToken(tx, accounts.rp.actor));
    expect(await resolveFeedToken(database.db, token)).toMatchObject({ role: 'rp' });
    await database.db.execute(sql`update users set is_active = false where id = ${accounts.rp.actor.userId}`);
    expect((await app.request(`/kalender/ical/${token}.ics`)).status).toBe(404);
    await database.db.execute(sql`update users set is_active = true where id = ${accounts.rp.actor.userId}`);
    const other = await database.db.transaction((tx) => createFeedToken(tx, accounts.hmsi.actor));
    await expect(database.db.transaction((tx) => revokeFeedToken(tx, accounts.rp.actor, other.summary.id))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(database.db.transaction((tx) => createFeedToken(tx, accounts.admin.actor))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the Umsetzungsbesprechung (§ 6) in the calendar', () => {
  it('shows the confirmed date and the open follow-ups of confirmed minutes, to the district only its own, and in the feed', async () => {
    const { confirmMeetingDate, confirmMinutes, markFollowUp, readMeeting, scheduleMeeting, startMinutes, updateMinutes } = await import('../meetings/meetings');
    const hmsi = accounts.hmsi.actor;
    const own = accounts.districtOwn.actor;
    const v = async () => (await readMeeting(database.db, hmsi, YEAR, OWN_AGS)).version;
    await database.db.transaction((t) => scheduleMeeting(t, hmsi, YEAR, OWN_AGS, { dates: [{ start: '2025-10-14T10:00:00+02:00', end: '2025-10-14T12:00:00+02:00' }], place: 'Wiesbaden' }));
    // Only proposed: no date in the calendar yet.
    expect((await byId('hmsi', '2025-09-01')).has(`umsetzungsbesprechung-${YEAR}-${OWN_AGS}`)).toBe(false);
    const vProposed = await v();
    await database.db.transaction((t) => confirmMeetingDate(t, own, YEAR, OWN_AGS, { version: vProposed, dateIndex: 0 }, { baseUrl: 'https://aqb.example' }));
    expect((await byId('districtOwn', '2025-09-01')).get(`umsetzungsbesprechung-${YEAR}-${OWN_AGS}`)).toMatchObject({
      kind: 'meeting',
      date: '2025-10-14',
      isDeadline: false,
      isDone: false,
      statusText: 'Termin bestätigt: 14.10.2025, 10:00–12:00 Uhr',
      href: `/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}`,
    });
    const vConfirmed = await v();
    await database.db.transaction((t) => startMinutes(t, hmsi, YEAR, OWN_AGS, { version: vConfirmed }));
    const meeting = await readMeeting(database.db, hmsi, YEAR, OWN_AGS);
    const items = meeting.minutes.items.map(() => ({ discussion: 'Besprochen.', decisions: '' }));
    const followUps = [{ what: 'Belegungsliste nachreichen', who: 'Rheingau-Taunus-Kreis', due: '2026-01-31', agendaIndex: null }];
    await database.db.transaction((t) => updateMinutes(t, own, YEAR, OWN_AGS, { version: meeting.version, attendees: 'Frau Beispiel (HMSI)', items, followUps }));
    // Draft minutes: the follow-up is not binding yet.
    expect([...(await byId('hmsi', '2026-02-01', {})).values()].some((e) => e.kind === 'followUp')).toBe(false);
    await confirmMinutes(database, hmsi, YEAR, OWN_AGS, { version: await v() });
    await confirmMinutes(database, own, YEAR, OWN_AGS, { version: await v() });
    const entries = await byId('districtOwn', '2026-02-01', {});
    expect(entries.get(`umsetzungsbesprechung-${YEAR}-${OWN_AGS}`)).toMatchObject({ isDone: true, statusText: 'stattgefunden: 14.10.2025, 10:00–12:00 Uhr' });
    const [followUp] = [...entries.values()].filter((e) => e.kind === 'followUp');
    expect(followUp).toMatchObject({ date: '2026-01-31', title: 'Folgeaufgabe: Belegungsliste nachreichen', isDeadline: true, isDone: false, isOverdue: true, statusText: 'offen: Rheingau-Taunus-Kreis (aus der Umsetzungsbesprechung 2025)' });
    // Another district sees neither.
    expect([...(await byId('districtOther', '2026-02-01', {})).values()].some((e) => e.kind === 'meeting' || e.kind === 'followUp')).toBe(false);
    // The personal feed carries both.
    const { token } = await database.db.transaction((tx) => createFeedToken(tx, own));
    const feed = (await (await app.request(`/kalender/ical/${token}.ics`)).text()).replace(/\r\n /g, '');
    expect(feed).toContain('Umsetzungsbesprechung 2025');
    expect(feed).toContain('Folgeaufgabe: Belegungsliste nachreichen');
    // Done: the follow-up leaves the calendar.
    const open = (await readMeeting(database.db, own, YEAR, OWN_AGS)).followUps[0]!;
    await database.db.transaction((t) => markFollowUp(t, own, YEAR, OWN_AGS, open.id, { version: open.version, status: 'erledigt' }));
    expect([...(await byId('districtOwn', '2026-02-01', {})).values()].some((e) => e.kind === 'followUp')).toBe(false);
  });
});
