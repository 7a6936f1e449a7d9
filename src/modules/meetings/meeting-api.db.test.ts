import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import { findAuditEvents } from '../../platform/audit/store';
import type { AppDatabase } from '../../platform/db/client';
import { buildAccounts, buildProject, OTHER_AGS, OWN_AGS, type RoleKey, setAllocation } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import { outboxMails } from '../../platform/outbox/tables';
import type { MeetingJson } from './schema';

/**
 * The whole Umsetzungsbesprechung through /api/v1 only, with the API tokens of an HMSI clerk and
 * the district's coordination: schedule → the district confirms a date → agenda regenerated →
 * minutes with a follow-up → both sides confirm → the follow-up done. Plus isolation, stale
 * versions, invalid and non-JSON bodies, the list, and the audit trail of every step.
 */
let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
const YEAR = 2025;
const M = `/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}`;

type ErrorJson = { error: { code: string; message: string; issues?: Array<{ path: string; message: string }> } };

function call(role: RoleKey, path: string, body?: unknown, options: { method?: string; contentType?: string; raw?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${accounts[role].token}`, accept: 'application/json' };
  const hasBody = body !== undefined || options.raw !== undefined;
  if (hasBody) headers['content-type'] = options.contentType ?? 'application/json';
  return app.request(path, { method: options.method ?? (hasBody ? 'POST' : 'GET'), headers, body: options.raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
}
async function ok(response: Response, status = 200): Promise<MeetingJson> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as MeetingJson;
}
async function failure(response: Response, status: number): Promise<ErrorJson['error']> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(text).not.toMatch(/\n\s+at |node_modules|\.tsx?:\d+/);
  return (JSON.parse(text) as ErrorJson).error;
}
const current = async () => ok(await call('hmsi', M));

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  accounts = await buildAccounts(database, '-meeting-api');
  await setAllocation(database, YEAR, OWN_AGS, 250_000_00);
  await buildProject(database, { year: YEAR, ags: OWN_AGS, key: 'BO', title: 'Berufsorientierung plus', measureType: 2, plannedPlaces: 12 });
});
afterAll(async () => {
  await database?.close();
});

describe('Umsetzungsbesprechung through the JSON API', () => {
  it('before scheduling: 404 with a German message; the list of the year is empty', async () => {
    expect((await failure(await call('hmsi', M), 404)).message).toBe('Für dieses Jahr ist noch keine Umsetzungsbesprechung angesetzt.');
    const list = (await (await call('hmsi', `/api/v1/umsetzungsbesprechungen?year=${YEAR}`)).json()) as { year: number; items: unknown[] };
    expect(list).toEqual({ year: YEAR, items: [] });
  });

  it('non-JSON and invalid bodies are refused with German messages, nothing stored', async () => {
    const plain = await failure(await call('hmsi', `${M}/ansetzen`, undefined, { raw: 'dates=1', contentType: 'text/plain' }), 422);
    expect(plain).toMatchObject({ code: 'VALIDATION_FAILED', message: 'Bitte senden Sie JSON (Content-Type: application/json).' });
    const broken = await failure(await call('hmsi', `${M}/ansetzen`, undefined, { raw: '{"dates": [' }), 422);
    expect(broken.message).toBe('Der Inhalt ist kein gültiges JSON.');
    const array = await failure(await call('hmsi', `${M}/ansetzen`, undefined, { raw: '[1,2]' }), 422);
    expect(array.message).toBe('Ein JSON-Objekt wird erwartet.');
    const invalid = await failure(await call('hmsi', `${M}/ansetzen`, { dates: [{ start: '2025-10-14T12:00:00+02:00', end: '2025-10-14T10:00:00+02:00' }], place: '', videoUrl: 'http://x.example' }), 422);
    expect(invalid.code).toBe('VALIDATION_FAILED');
    const messages = invalid.issues!.map((i) => `${i.path}: ${i.message}`);
    expect(messages).toContain('dates.0.end: Das Ende muss nach dem Beginn liegen.');
    expect(messages).toContain('videoUrl: Bitte eine vollständige Adresse mit https:// angeben, z. B. https://konferenz.hessen.de/raum.');
    const unknownField = await failure(await call('hmsi', `${M}/ansetzen`, { dates: [], place: 'Wiesbaden', foo: 1 }), 422);
    expect(unknownField.issues!.map((i) => i.message)).toContain('Bitte mindestens einen Termin vorschlagen.');
    await failure(await call('hmsi', M), 404);
  });

  it('only HMSI schedules: a district gets 403, another district 404 before any body check', async () => {
    await failure(await call('districtOwn', `${M}/ansetzen`, { dates: [] }), 403);
    await failure(await call('districtOther', `${M}/ansetzen`, { dates: [] }), 404);
    await failure(await call('rp', `${M}/ansetzen`, { dates: [] }), 403);
  });

  it('the journey: schedule → confirm date → regenerate agenda → minutes with a follow-up → both confirm → follow-up done', async () => {
    // HMSI proposes two dates with a place and a video link (201: the first proposal).
    const scheduled = await ok(
      await call('hmsi', `${M}/ansetzen`, {
        dates: [
          { start: '2025-10-14T10:00:00+02:00', end: '2025-10-14T12:00:00+02:00' },
          { start: '2025-11-04T09:30:00+01:00', end: '2025-11-04T11:30:00+01:00' },
        ],
        place: 'Wiesbaden, HMSI, Raum 4.12',
        videoUrl: 'https://konferenz.hessen.de/aqb-rtk',
      }),
      201,
    );
    expect(scheduled).toMatchObject({ status: 'vorgeschlagen', version: 1, confirmedIndex: null, place: 'Wiesbaden, HMSI, Raum 4.12', videoUrl: 'https://konferenz.hessen.de/aqb-rtk' });
    expect(scheduled.dates[1]).toEqual({ start: '2025-11-04T08:30:00.000Z', end: '2025-11-04T10:30:00.000Z' });
    expect(scheduled.participants.map((p) => p.email).sort()).toEqual(['districtown-meeting-api@test.example', 'hmsi-meeting-api@test.example']);

    // The district asks for other dates once, HMSI proposes again, the district confirms the second.
    const asked = await ok(await call('districtOwn', `${M}/andere-termine`, { version: 1, note: 'Im Oktober sind Herbstferien.' }));
    expect([asked.status, asked.districtNote, asked.version]).toEqual(['vorgeschlagen', 'Im Oktober sind Herbstferien.', 2]);
    const again = await ok(
      await call('hmsi', `${M}/ansetzen`, {
        version: 2,
        dates: [
          { start: '2025-11-04T09:30:00+01:00', end: '2025-11-04T11:30:00+01:00' },
          { start: '2025-11-11T13:00:00+01:00', end: '2025-11-11T15:00:00+01:00' },
        ],
        place: 'Wiesbaden, HMSI, Raum 4.12',
      }),
    );
    expect([again.status, again.districtNote, again.version, again.videoUrl]).toEqual(['vorgeschlagen', '', 3, '']);
    // HMSI may not confirm the district's date.
    await failure(await call('hmsi', `${M}/termin-bestaetigen`, { version: 3, dateIndex: 0 }), 403);
    const fixed = await ok(await call('districtOwn', `${M}/termin-bestaetigen`, { version: 3, dateIndex: 1 }));
    expect([fixed.status, fixed.confirmedIndex, fixed.version]).toEqual(['terminiert', 1, 4]);
    // The invitation (iCal REQUEST) went into the outbox for both participants in the same transaction.
    const mails = await database.db.select().from(outboxMails).where(eq(outboxMails.kind, 'umsetzungsbesprechung-einladung'));
    expect(mails.map((m) => m.recipient).sort()).toEqual(['districtown-meeting-api@test.example', 'hmsi-meeting-api@test.example']);

    // The agenda from the live figures, then edited by the district.
    const regenerated = await ok(await call('hmsi', `${M}/tagesordnung/neu-erzeugen`, { version: 4 }));
    expect(regenerated.agenda.map((a) => a.title)).toEqual([
      'Begrüßung und Feststellung der Tagesordnung',
      expect.stringMatching(/^Finanzstand 2025 \(Stand \d{1,2}\.\d{1,2}\.\d{4}\)$/),
      'Plätze: geplant und besetzt',
      'Offene Abweichungen',
      'Offene Folgeaufgaben aus der Umsetzungsbesprechung 2024',
      'Verschiedenes',
    ]);
    expect(regenerated.agenda[1]!.text).toContain('Zuweisung (Mittelankündigung): 250.000,00');
    expect(regenerated.agenda[2]!.text).toContain('Maßnahmenart 2 (Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen): 12 Plätze geplant, 0 belegt');
    const edited = await ok(
      await call('districtOwn', `${M}/tagesordnung`, { version: 5, items: [...regenerated.agenda.slice(0, 5), { title: 'Übergang in Ausbildung', text: 'Bericht des Trägers' }, regenerated.agenda[5]!] }, { method: 'PUT' }),
    );
    expect(edited.agenda).toHaveLength(7);
    expect(edited.agenda[5]).toEqual({ title: 'Übergang in Ausbildung', text: 'Bericht des Trägers' });

    // After the meeting HMSI opens the minutes; the agenda is closed then.
    await failure(await call('districtOwn', `${M}/protokoll/eroeffnen`, { version: 6 }), 403);
    const opened = await ok(await call('hmsi', `${M}/protokoll/eroeffnen`, { version: 6 }));
    expect([opened.status, opened.minutes.items.length]).toEqual(['protokoll_entwurf', 7]);
    expect(await failure(await call('hmsi', `${M}/tagesordnung`, { version: 7, items: [{ title: 'x' }] }), 403)).toMatchObject({ code: 'FORBIDDEN', message: 'In diesem Status ist das nicht möglich.' });

    // Minutes with one follow-up; the district edits them.
    const items = opened.minutes.items.map((_, i) => ({ discussion: i === 1 ? 'Mittelabfluss im Plan.' : '', decisions: '' }));
    const minutes = await ok(
      await call('hmsi', `${M}/protokoll`, { version: 7, attendees: 'Test hmsi\nTest districtOwn', items, followUps: [{ what: 'Teilnehmendenliste nachreichen', who: 'Rheingau-Taunus-Kreis', due: '2026-01-31', agendaIndex: 2 }] }, { method: 'PUT' }),
    );
    expect(minutes.followUps).toEqual([expect.objectContaining({ what: 'Teilnehmendenliste nachreichen', who: 'Rheingau-Taunus-Kreis', due: '2026-01-31', agendaIndex: 2, status: 'offen', version: 1 })]);
    const badDate = await failure(await call('districtOwn', `${M}/protokoll`, { version: 8, attendees: 'Alle', items, followUps: [{ what: 'x', who: 'y', due: '2026-02-30' }] }), 422);
    expect(badDate.issues).toEqual([{ path: 'followUps.0.due', message: 'Bitte ein gültiges Datum angeben, z. B. 31.3.2027.' }]);

    // Both sides confirm; the second confirmation freezes the minutes (SHA-256 of the PDF).
    const first = await ok(await call('districtOwn', `${M}/protokoll/bestaetigen`, { version: 8 }));
    expect([first.status, first.districtConfirmedAt !== null, first.hmsiConfirmedAt]).toEqual(['protokoll_entwurf', true, null]);
    const twice = await failure(await call('districtOwn', `${M}/protokoll/bestaetigen`, { version: 9 }), 409);
    expect(twice.message).toBe('Sie haben das Protokoll für Ihre Seite schon bestätigt.');
    const frozen = await ok(await call('hmsi', `${M}/protokoll/bestaetigen`, { version: 9 }));
    expect(frozen.status).toBe('protokoll_bestaetigt');
    expect(frozen.minutesSha256).toMatch(/^[0-9a-f]{64}$/);
    await failure(await call('hmsi', `${M}/protokoll`, { version: 10, attendees: 'x', items, followUps: [] }), 403);

    // The district marks the follow-up done; HMSI sees it.
    const followUp = frozen.followUps[0]!;
    const done = await ok(await call('districtOwn', `${M}/folgeaufgaben/${followUp.id}`, { version: followUp.version, status: 'erledigt' }));
    expect(done.followUps[0]).toMatchObject({ id: followUp.id, status: 'erledigt', doneByName: 'Test districtOwn', version: 2 });
    expect(done.version).toBe(10);
    expect((await current()).followUps[0]!.status).toBe('erledigt');

    // Every step audited, by the side that took it.
    const events = await findAuditEvents(database.db, { recordType: 'meeting', recordId: frozen.id });
    expect(events.map((e) => e.action)).toEqual([
      'meeting.schedule',
      'meeting.requestOtherDates',
      'meeting.schedule',
      'meeting.confirmDate',
      'meeting.regenerateAgenda',
      'meeting.editAgenda',
      'meeting.startMinutes',
      'meeting.editMinutes',
      'meeting.confirmMinutes',
      'meeting.confirmMinutes',
    ]);
    expect(events.map((e) => Number(e.actorId))).toEqual([
      accounts.hmsi.actor.userId,
      accounts.districtOwn.actor.userId,
      accounts.hmsi.actor.userId,
      accounts.districtOwn.actor.userId,
      accounts.hmsi.actor.userId,
      accounts.districtOwn.actor.userId,
      accounts.hmsi.actor.userId,
      accounts.hmsi.actor.userId,
      accounts.districtOwn.actor.userId,
      accounts.hmsi.actor.userId,
    ]);
    const followUpEvents = await findAuditEvents(database.db, { recordType: 'meeting_follow_up', recordId: followUp.id });
    expect(followUpEvents.map((e) => [e.action, Number(e.actorId)])).toEqual([['meeting.markFollowUp', accounts.districtOwn.actor.userId]]);
  });

  it('a stale version is a 409 with a German message, nothing changed', async () => {
    const before = await current();
    const followUp = before.followUps[0]!;
    const stale = await failure(await call('hmsi', `${M}/folgeaufgaben/${followUp.id}`, { version: followUp.version - 1, status: 'offen' }), 409);
    expect(stale).toMatchObject({ code: 'CONFLICT', message: 'Die Folgeaufgabe wurde inzwischen geändert. Bitte laden Sie die Seite neu.' });
    expect(await current()).toEqual(before);
    // A meeting of another district: scheduled, then a stale version on re-scheduling and on cancelling.
    const O = `/api/v1/umsetzungsbesprechungen/${YEAR}/${OTHER_AGS}`;
    const date = { start: '2025-10-20T10:00:00+02:00', end: '2025-10-20T12:00:00+02:00' };
    await ok(await call('hmsi', `${O}/ansetzen`, { dates: [date], place: 'Limburg' }), 201);
    const again = await failure(await call('hmsi', `${O}/ansetzen`, { dates: [date], place: 'Limburg' }), 409);
    expect(again.message).toBe('Die Umsetzungsbesprechung wurde inzwischen geändert. Bitte laden Sie die Seite neu und prüfen Sie den aktuellen Stand.');
    expect((await failure(await call('hmsi', `${O}/absagen`, { version: 7, reason: 'Krankheit' }), 409)).code).toBe('CONFLICT');
    const missingReason = await failure(await call('hmsi', `${O}/absagen`, { version: 1, reason: '  ' }), 422);
    expect(missingReason.issues!.map((i) => i.message)).toContain('Bitte geben Sie den Grund der Absage an.');
    const cancelled = await ok(await call('hmsi', `${O}/absagen`, { version: 1, reason: 'Krankheit' }));
    expect([cancelled.status, cancelled.cancelReason]).toEqual(['abgesagt', 'Krankheit']);
  });

  it('isolation: another district gets 404 on reads and writes of the meeting and its follow-ups, RP reads only', async () => {
    const meeting = await current();
    await failure(await call('districtOther', M), 404);
    for (const [path, body] of [
      ['/termin-bestaetigen', { version: meeting.version, dateIndex: 0 }],
      ['/andere-termine', { version: meeting.version, note: 'x' }],
      ['/tagesordnung/neu-erzeugen', { version: meeting.version }],
      ['/protokoll/bestaetigen', { version: meeting.version }],
      [`/folgeaufgaben/${meeting.followUps[0]!.id}`, { version: 2, status: 'offen' }],
    ] as const) {
      await failure(await call('districtOther', `${M}${path}`, body), 404);
    }
    expect((await ok(await call('rp', M))).version).toBe(meeting.version);
    await failure(await call('rp', `${M}/folgeaufgaben/${meeting.followUps[0]!.id}`, { version: 2, status: 'offen' }), 403);
    await failure(await call('admin', M), 403);
    // A follow-up the meeting does not have, or a malformed id, is not found; a cancelled meeting has no follow-ups to mark.
    expect((await failure(await call('hmsi', `${M}/folgeaufgaben/999999`, { version: 2, status: 'offen' }), 404)).message).toBe('Diese Folgeaufgabe gibt es nicht.');
    await failure(await call('hmsi', `/api/v1/umsetzungsbesprechungen/${YEAR}/${OTHER_AGS}/folgeaufgaben/${meeting.followUps[0]!.id}`, { version: 2, status: 'offen' }), 403);
    await failure(await call('hmsi', `${M}/folgeaufgaben/abc`, { version: 2, status: 'offen' }), 404);
    await failure(await call('hmsi', `/api/v1/umsetzungsbesprechungen/${YEAR}/99999`), 404);
  });

  it('the list: the Land sees both districts, a district only its own; a missing year is a German 422', async () => {
    const land = (await (await call('rp', `/api/v1/umsetzungsbesprechungen?year=${YEAR}`)).json()) as { items: Array<{ ags: string; status: string; districtName: string; openFollowUps: number; confirmed: unknown }> };
    expect(land.items.map((i) => [i.ags, i.status, i.openFollowUps])).toEqual([
      [OWN_AGS, 'protokoll_bestaetigt', 0],
      [OTHER_AGS, 'abgesagt', 0],
    ]);
    expect(land.items[0]).toMatchObject({ districtName: 'Rheingau-Taunus-Kreis', confirmed: { start: '2025-11-11T12:00:00.000Z', end: '2025-11-11T14:00:00.000Z' } });
    const mine = (await (await call('districtOwn', `/api/v1/umsetzungsbesprechungen?year=${YEAR}`)).json()) as { items: Array<{ ags: string }> };
    expect(mine.items.map((i) => i.ags)).toEqual([OWN_AGS]);
    const theirs = (await (await call('districtOther', `/api/v1/umsetzungsbesprechungen?year=${YEAR}`)).json()) as { items: Array<{ ags: string }> };
    expect(theirs.items.map((i) => i.ags)).toEqual([OTHER_AGS]);
    expect((await failure(await call('hmsi', '/api/v1/umsetzungsbesprechungen'), 422)).message).toBe('Bitte das AQB-Jahr vierstellig angeben, z. B. ?year=2026.');
    await failure(await call('hmsi', '/api/v1/umsetzungsbesprechungen?year=1999'), 404);
    await failure(await call('admin', `/api/v1/umsetzungsbesprechungen?year=${YEAR}`), 403);
  });

  it('/api/v1/openapi.json documents every path with its JSON body schema', async () => {
    const doc = (await (await call('hmsi', '/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>> };
    const base = '/api/v1/umsetzungsbesprechungen/{year}/{ags}';
    const bodies: Array<[string, string, string[]]> = [
      ['/ansetzen', 'post', ['version', 'dates', 'place', 'videoUrl', 'participants']],
      ['/termin-bestaetigen', 'post', ['version', 'dateIndex']],
      ['/andere-termine', 'post', ['version', 'note']],
      ['/absagen', 'post', ['version', 'reason']],
      ['/tagesordnung', 'put', ['version', 'items']],
      ['/tagesordnung', 'post', ['version', 'items']],
      ['/tagesordnung/neu-erzeugen', 'post', ['version']],
      ['/protokoll/eroeffnen', 'post', ['version']],
      ['/protokoll', 'put', ['version', 'attendees', 'items', 'followUps']],
      ['/protokoll/bestaetigen', 'post', ['version']],
      ['/folgeaufgaben/{id}', 'post', ['version', 'status']],
    ];
    for (const [path, method, fields] of bodies) {
      const schema = doc.paths[`${base}${path}`]?.[method]?.requestBody?.content['application/json']?.schema;
      expect(Object.keys(schema?.properties ?? {}), `${method} ${path}`).toEqual(fields);
    }
    expect(doc.paths['/api/v1/umsetzungsbesprechungen']?.get).toBeDefined();
    expect(doc.paths[base]?.get).toBeDefined();
  });
});
