import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { csrfTokenFor } from '../../platform/http/csrf';
import { isAppError } from '../../platform/errors';
import { buildAccounts, OTHER_AGS, OWN_AGS, type RoleKey } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import type { Actor } from '../access/policy';
import { findDistricts } from '../districts/service';
import { deleteExpiredEventPersonalData, EVENT_RETENTION_LOCK_KEY } from './use-cases/delete-expired';
import { findEvents, findMaterials, findRegistrations, getEvent } from './read';
import { saveRegistration } from './use-cases/register';
import { publishEvent, saveEvent } from './use-cases/save-event';
import { detectMaterialType, MAX_MATERIAL_BYTES, uploadMaterial } from './use-cases/upload-material';
import { eventIcal } from './ics';

/** Conferences on a real database (PGlite and PostgreSQL): capacity under concurrency, visibility, personal data, retention, uploads. */

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
let allDistricts: string[];

const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

const input = (overrides: Record<string, unknown> = {}) => ({
  title: 'AQB-Fachtagung',
  date: '10.6.2030',
  startTime: '9:30',
  endTime: '16:00',
  place: 'Wiesbaden',
  capacity: 20,
  registrationDeadline: '1.6.2030',
  ...overrides,
});

async function publishedEvent(overrides: Record<string, unknown> = {}) {
  const hmsi = accounts.hmsi.actor;
  return database.db.transaction(async (tx) => {
    const created = await saveEvent(tx, hmsi, {}, input(overrides));
    return publishEvent(tx, hmsi, { id: created.id, expectedVersion: created.version });
  });
}

const district = (ags: string): Actor => ({ userId: accounts.districtOwn.actor.userId, role: 'district', ags });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
}

async function form(role: RoleKey, path: string, fields: Record<string, string>, file?: File) {
  const page = await app.request('/');
  const cookie = /aqb-csrf=[^;]+/.exec(page.headers.get('set-cookie') ?? '')![0];
  const body = new FormData();
  body.set('_csrf', csrfTokenFor(`anon:${cookie.split('=')[1]}`));
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  if (file) body.set('datei', file);
  return app.request(path, { method: 'POST', body, headers: { cookie, authorization: `Bearer ${accounts[role].token}` } });
}
const get = (role: RoleKey, path: string) => app.request(path, { headers: { authorization: `Bearer ${accounts[role].token}` } });

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  accounts = await buildAccounts(database);
  allDistricts = (await findDistricts(database.db)).map((d) => d.ags);
});
afterAll(async () => {
  await database?.close();
});

describe('Tagung anlegen und veröffentlichen', () => {
  it('converts the day and times in Europe/Berlin and refuses bad input with German messages per field', async () => {
    const event = await publishedEvent();
    expect(event.startsAt.toISOString()).toBe('2030-06-10T07:30:00.000Z');
    expect(event.endsAt.toISOString()).toBe('2030-06-10T14:00:00.000Z');
    const error = await database.db.transaction((tx) => saveEvent(tx, accounts.hmsi.actor, {}, input({ place: '', endTime: '9:00', registrationDeadline: '11.6.2030', date: '31.2.2030' }))).catch((e) => e);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['date']);
    const second = await database.db.transaction((tx) => saveEvent(tx, accounts.hmsi.actor, {}, input({ place: '', endTime: '9:00', registrationDeadline: '11.6.2030' }))).catch((e) => e);
    expect(second.issues.map((i: { path: string }) => i.path).sort()).toEqual(['endTime', 'place', 'registrationDeadline']);
    expect(second.issues.find((i: { path: string }) => i.path === 'place').message).toBe('Bitte geben Sie einen Ort oder einen Videolink an.');
  });

  it('shows drafts to the ministry only; districts and RP get 404 for a draft', async () => {
    const draft = await database.db.transaction((tx) => saveEvent(tx, accounts.hmsi.actor, {}, input({ title: 'Entwurf einer Tagung' })));
    expect((await findEvents(database.db, accounts.hmsi.actor)).some((e) => e.id === draft.id)).toBe(true);
    expect((await findEvents(database.db, accounts.districtOwn.actor)).some((e) => e.id === draft.id)).toBe(false);
    expect(await codeOf(getEvent(database.db, accounts.rp.actor, draft.id))).toBe('NOT_FOUND');
    expect((await get('districtOwn', `/tagungen/${draft.id}`)).status).toBe(404);
    expect((await get('hmsi', `/tagungen/${draft.id}`)).status).toBe(200);
    // Only the ministry publishes; the confirmation page works without JavaScript (a plain form).
    expect((await get('districtOwn', `/tagungen/${draft.id}/veroeffentlichen`)).status).toBe(403);
    const confirm = await get('hmsi', `/tagungen/${draft.id}/veroeffentlichen`);
    expect(await confirm.text()).toContain('Jetzt veröffentlichen');
    const published = await form('hmsi', `/tagungen/${draft.id}/veroeffentlichen`, { version: String(draft.version) });
    expect(published.status).toBe(303);
    expect((await get('districtOwn', `/tagungen/${draft.id}`)).status).toBe(200);
    const again = await form('hmsi', `/tagungen/${draft.id}/veroeffentlichen`, { version: String(draft.version + 1) });
    expect(again.status).toBe(409);
  });

  it('refuses a stale edit form with 409 and keeps the newer text', async () => {
    const event = await publishedEvent({ title: 'Versionstest' });
    const fields = { titel: 'Erste Änderung', datum: '10.6.2030', beginn: '9:30', ende: '16:00', ort: 'Kassel', plaetze: '20', anmeldeschluss: '1.6.2030', version: String(event.version) };
    expect((await form('hmsi', `/tagungen/${event.id}/bearbeiten`, fields)).status).toBe(303);
    const stale = await form('hmsi', `/tagungen/${event.id}/bearbeiten`, { ...fields, titel: 'Zweite Änderung' });
    expect(stale.status).toBe(409);
    expect((await getEvent(database.db, accounts.hmsi.actor, event.id)).title).toBe('Erste Änderung');
  });
});

describe('Anmeldung', () => {
  it('never exceeds the capacity, even with all 26 districts registering at the same moment', async () => {
    const event = await publishedEvent({ capacity: 10 });
    const results = await Promise.all(
      allDistricts.map((ags) => codeOf(database.db.transaction((tx) => saveRegistration(tx, district(ags), { eventId: event.id, ags, expectedVersion: 0, today: '2030-05-01' }, { peopleCount: 3 })))),
    );
    // 3 people each: three districts fit (9 of 10), every other one is refused with a field message.
    expect(results.filter((r) => r === 'ok')).toHaveLength(3);
    expect(results.filter((r) => r === 'VALIDATION_FAILED')).toHaveLength(allDistricts.length - 3);
    const stored = await getEvent(database.db, accounts.hmsi.actor, event.id);
    expect(stored.registeredPeople).toBe(9);
    const refused = allDistricts.find((_, i) => results[i] !== 'ok')!;
    const tooMany = await database.db.transaction((tx) => saveRegistration(tx, district(refused), { eventId: event.id, ags: refused, expectedVersion: 0, today: '2030-05-01' }, { peopleCount: 2 })).catch((e) => e);
    expect(tooMany.issues).toEqual([{ path: 'peopleCount', message: 'Es ist nur noch 1 Platz frei.' }]);
    await database.db.transaction((tx) => saveRegistration(tx, district(refused), { eventId: event.id, ags: refused, expectedVersion: 0, today: '2030-05-01' }, { peopleCount: 1 }));
    expect((await getEvent(database.db, accounts.hmsi.actor, event.id)).registeredPeople).toBe(10);
  });

  it('counts a district\'s own earlier registration as free when it changes its number', async () => {
    const event = await publishedEvent({ capacity: 5 });
    const own = district(OWN_AGS);
    const first = await database.db.transaction((tx) => saveRegistration(tx, own, { eventId: event.id, ags: OWN_AGS, expectedVersion: 0, today: '2030-05-01' }, { peopleCount: 4 }));
    const changed = await database.db.transaction((tx) => saveRegistration(tx, own, { eventId: event.id, ags: OWN_AGS, expectedVersion: first.version, today: '2030-05-01' }, { peopleCount: 5 }));
    expect(changed.peopleCount).toBe(5);
    // A stale version is a conflict, a sixth person does not fit.
    expect(await codeOf(database.db.transaction((tx) => saveRegistration(tx, own, { eventId: event.id, ags: OWN_AGS, expectedVersion: first.version, today: '2030-05-01' }, { peopleCount: 1 })))).toBe('CONFLICT');
    expect(await codeOf(database.db.transaction((tx) => saveRegistration(tx, district(OTHER_AGS), { eventId: event.id, ags: OTHER_AGS, expectedVersion: 0, today: '2030-05-01' }, { peopleCount: 1 })))).toBe('VALIDATION_FAILED');
  });

  it('refuses after the deadline, for another district and for roles without registration', async () => {
    const event = await publishedEvent();
    expect(await codeOf(database.db.transaction((tx) => saveRegistration(tx, district(OWN_AGS), { eventId: event.id, ags: OWN_AGS, expectedVersion: 0, today: '2030-06-02' }, { peopleCount: 1 })))).toBe('INVALID_STATE_TRANSITION');
    expect(await codeOf(database.db.transaction((tx) => saveRegistration(tx, district(OWN_AGS), { eventId: event.id, ags: OTHER_AGS, expectedVersion: 0, today: '2030-05-01' }, { peopleCount: 1 })))).toBe('NOT_FOUND');
    expect(await codeOf(database.db.transaction((tx) => saveRegistration(tx, accounts.hmsi.actor, { eventId: event.id, ags: OWN_AGS, expectedVersion: 0, today: '2030-05-01' }, { peopleCount: 1 })))).toBe('FORBIDDEN');
  });

  it('shows names and roles to the ministry only; the district sees its count, never the names; RP sees no registration', async () => {
    const event = await publishedEvent();
    const reg = await form('districtOwn', `/tagungen/${event.id}/anmeldung`, { version: '0', personen: '2', name_0: 'Erika Beispiel', funktion_0: 'AQB-Koordination', bedarf: 'vegetarisch' });
    expect(reg.status).toBe(303);
    const hmsi = await findRegistrations(database.db, accounts.hmsi.actor, event.id);
    expect(hmsi[0]!.people).toEqual([{ name: 'Erika Beispiel', role: 'AQB-Koordination' }]);
    const own = await findRegistrations(database.db, accounts.districtOwn.actor, event.id);
    expect(own[0]!.people).toEqual([]);
    expect(own[0]!.namedPeople).toBe(1);
    expect(await findRegistrations(database.db, accounts.districtOther.actor, event.id)).toEqual([]);
    expect(await findRegistrations(database.db, accounts.rp.actor, event.id)).toEqual([]);
    expect(await (await get('hmsi', `/tagungen/${event.id}`)).text()).toContain('Erika Beispiel');
    for (const role of ['districtOwn', 'districtOther', 'rp'] as const) expect(await (await get(role, `/tagungen/${event.id}`)).text()).not.toContain('Erika Beispiel');
    const api = (await (await get('districtOwn', `/api/v1/tagungen/${event.id}`)).json()) as { registrations: { people: unknown[]; namedPeople: number }[] };
    expect(api.registrations).toEqual([expect.objectContaining({ people: [], namedPeople: 1 })]);
    // The audit trail keeps counts, not the names.
    const audit = (await database.db.execute(sql`select after::text as after from audit_events where action = 'event.registration.create' order by sequence desc limit 1`)) as unknown as { rows: { after: string }[] };
    expect(audit.rows[0]!.after).not.toContain('Erika');
  });

  it('answers a form with too many names or an empty name with 422 and keeps the input', async () => {
    const event = await publishedEvent();
    const response = await form('districtOther', `/tagungen/${event.id}/anmeldung`, { version: '0', personen: '1', name_0: 'A. Eins', name_1: 'B. Zwei', funktion_2: 'nur Funktion' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('B. Zwei');
    expect(html).toMatch(/aria-describedby="feld-name_2-fehler"/);
  });
});

describe('JSON-API', () => {
  it('registers through PUT /api/v1/tagungen/{id}/anmeldung with the same capacity rule and German JSON errors', async () => {
    const event = await publishedEvent({ capacity: 3 });
    const put = (role: RoleKey, body: unknown) =>
      app.request(`/api/v1/tagungen/${event.id}/anmeldung`, { method: 'PUT', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${accounts[role].token}` } });
    const ok = await put('districtOwn', { version: 0, peopleCount: 2, people: [{ name: 'Api Person' }] });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ags: OWN_AGS, peopleCount: 2, version: 1, namedPeople: 1, people: [] });
    const full = await put('districtOther', { version: 0, peopleCount: 2 });
    expect(full.status).toBe(422);
    expect(await full.json()).toEqual({ error: expect.objectContaining({ code: 'VALIDATION_FAILED', issues: [{ path: 'peopleCount', message: 'Es ist nur noch 1 Platz frei.' }] }) });
    expect((await put('hmsi', { version: 0, peopleCount: 1 })).status).toBe(403);
    const list = (await (await get('rp', '/api/v1/tagungen')).json()) as { items: { id: number; freePlaces: number }[] };
    expect(list.items.find((i) => i.id === event.id)?.freePlaces).toBe(1);
  });
});

describe('Materialien', () => {
  it('recognises documents by content, not by name', () => {
    expect(detectMaterialType('folien.pdf', PDF)).toBe('pdf');
    expect(detectMaterialType('programm.exe', PDF)).toBe('pdf');
    expect(detectMaterialType('virus.pdf', new TextEncoder().encode('MZ\u0090\u0000 This program cannot be run in DOS mode'))).toBeNull();
    expect(detectMaterialType('bild.pdf', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBeNull();
    const zip = new TextEncoder().encode('PK\u0003\u0004\u0014\u0000\u0000\u0000mimetypeapplication/vnd.oasis.opendocument.text');
    expect(detectMaterialType('protokoll.odt', zip)).toBe('odt');
    expect(detectMaterialType('protokoll.ods', zip)).toBeNull();
    expect(detectMaterialType('folien.pptx', new TextEncoder().encode('PK\u0003\u0004rest'))).toBe('pptx');
    expect(detectMaterialType('archiv.zip', new TextEncoder().encode('PK\u0003\u0004rest'))).toBeNull();
  });

  it('stores a PDF, refuses a renamed executable and an oversized file, shows the files to districts only after the event', async () => {
    const event = await publishedEvent({ date: '10.6.2030' });
    const bad = await form('hmsi', `/tagungen/${event.id}/dokumente`, { dokument_titel: 'Folien', art: 'material' }, new File([new TextEncoder().encode('MZ\u0090 exe')], 'folien.pdf', { type: 'application/pdf' }));
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Erkannt wird der Inhalt, nicht der Name.');
    const big = await database.db.transaction((tx) => uploadMaterial(tx, accounts.hmsi.actor, event.id, { title: 'Groß', kind: 'material', file: { name: 'gross.pdf', bytes: new Uint8Array(MAX_MATERIAL_BYTES + 1) } })).catch((e) => e);
    expect(big.issues[0].message).toBe('Die Datei ist größer als 20 MB.');
    expect((await form('districtOwn', `/tagungen/${event.id}/dokumente`, { dokument_titel: 'X', art: 'material' }, new File([PDF], 'x.pdf'))).status).toBe(403);
    const ok = await form('hmsi', `/tagungen/${event.id}/dokumente`, { dokument_titel: 'Protokoll der Tagung', art: 'protokoll' }, new File([PDF], 'protokoll.pdf', { type: 'application/pdf' }));
    expect(ok.status).toBe(303);
    const stored = await findMaterials(database.db, accounts.hmsi.actor, event);
    expect(stored).toHaveLength(1);
    // Before the end the district sees nothing (404 for the file), after it the file byte for byte.
    expect(await findMaterials(database.db, accounts.districtOwn.actor, event, new Date('2030-06-10T10:00:00Z'))).toEqual([]);
    expect((await findMaterials(database.db, accounts.districtOwn.actor, event, new Date('2030-06-10T14:00:00Z'))).map((m) => m.title)).toEqual(['Protokoll der Tagung']);
    expect((await get('districtOwn', `/tagungen/${event.id}/dokumente/${stored[0]!.id}`)).status).toBe(404);
    const download = await get('hmsi', `/tagungen/${event.id}/dokumente/${stored[0]!.id}`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
    expect(download.headers.get('content-type')).toBe('application/pdf');
  });
});

describe('Kalenderdatei', () => {
  it('gives an .ics file with the timed event, the place and the registration deadline', async () => {
    const event = await publishedEvent({ title: 'Tagung mit Kalender' });
    const response = await get('districtOwn', `/tagungen/${event.id}/tagung.ics`);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const lines = (await response.text()).replace(/\r\n /g, '').split('\r\n');
    expect(lines).toContain('DTSTART:20300610T073000Z');
    expect(lines).toContain('LOCATION:Wiesbaden');
    expect(lines).toContain('DTSTART;VALUE=DATE:20300601');
    expect(lines).toContain(`UID:tagung-${event.id}@aqb-steuerung`);
    expect(eventIcal(event, 'https://x')).toContain(`URL:https://x/tagungen/${event.id}`);
    // Not public: the portal's file is 404 until the ministry marks the conference for the portal.
    expect((await app.request(`/portal/tagungen/${event.id}/tagung.ics`)).status).toBe(404);
    const open = await publishedEvent({ title: 'Öffentliche Tagung', isPublic: true });
    expect((await app.request(`/portal/tagungen/${open.id}/tagung.ics`)).status).toBe(200);
    expect(await (await app.request('/portal/tagungen')).text()).toContain('Öffentliche Tagung');
  });
});

describe('Löschfrist', () => {
  it('deletes names and needs a year after the event, keeps the numbers, audits it, runs once', async () => {
    const event = await publishedEvent({ date: '10.6.2030', registrationDeadline: '1.6.2030' });
    await database.db.transaction((tx) =>
      saveRegistration(tx, district(OWN_AGS), { eventId: event.id, ags: OWN_AGS, expectedVersion: 0, today: '2030-05-01' }, { peopleCount: 2, needs: 'Rollstuhlplatz', people: [{ name: 'Max Muster', role: '' }] }),
    );
    // On the anniversary itself nothing goes; the day after it does.
    expect((await deleteExpiredEventPersonalData(database, { today: '2031-06-10' })).some((d) => d.eventId === event.id)).toBe(false);
    const deleted = await deleteExpiredEventPersonalData(database, { today: '2031-06-11' });
    expect(deleted.find((d) => d.eventId === event.id)).toEqual({ eventId: event.id, endedOn: '2030-06-10', names: 1, needs: 1 });
    const [reg] = await findRegistrations(database.db, accounts.hmsi.actor, event.id);
    expect(reg).toMatchObject({ peopleCount: 2, needs: '', people: [] });
    expect((await getEvent(database.db, accounts.hmsi.actor, event.id)).personalDataDeletedAt).not.toBeNull();
    const audit = (await database.db.execute(sql`select count(*)::int as n from audit_events where action = 'event.retention.delete' and record_id = ${String(event.id)}`)) as unknown as { rows: { n: number }[] };
    expect(Number(audit.rows[0]!.n)).toBe(1);
    expect((await deleteExpiredEventPersonalData(database, { today: '2031-06-11' })).some((d) => d.eventId === event.id)).toBe(false);
  });

  it('skips when another run holds the advisory lock', async () => {
    if (!database.poolStats) return; // PGlite has one connection: two runs cannot overlap there.
    const event = await publishedEvent({ date: '10.6.2030' });
    await database.db.transaction((tx) => saveRegistration(tx, district(OTHER_AGS), { eventId: event.id, ags: OTHER_AGS, expectedVersion: 0, today: '2030-05-01' }, { peopleCount: 1, people: [{ name: 'Lisa Lock', role: '' }] }));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${EVENT_RETENTION_LOCK_KEY})`);
      locked();
      await held;
    });
    await isLocked;
    expect(await deleteExpiredEventPersonalData(database, { today: '2031-06-11' })).toEqual([]);
    release();
    await holder;
    expect((await deleteExpiredEventPersonalData(database, { today: '2031-06-11' })).some((d) => d.eventId === event.id)).toBe(true);
  });
});
