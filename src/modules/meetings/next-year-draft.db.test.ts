import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { createDraft } from '../agreements/service';
import { buildAccounts, OTHER_AGS, OWN_AGS, type RoleKey, setAllocation } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import { confirmMeetingDate, confirmMinutes, markFollowUp, readMeeting, scheduleMeeting, startMinutes, updateMinutes } from './meetings';

/**
 * § 6: open follow-ups of the autumn meeting are carried into the next year's
 * Zielvereinbarungsgespräch as a list on the next year's draft (composed in the app: meetings sit
 * above agreements). Shown while the draft is in the talks, to those who may read the meeting.
 */
let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
const MEETING_YEAR = 2024;
const DRAFT = `/zielvereinbarungen/2025/${OWN_AGS}`;
const HEADING = 'Offene Folgeaufgaben aus der Umsetzungsbesprechung 2024';
const page = async (role: RoleKey, path: string) => (await app.request(path, { headers: { authorization: `Bearer ${accounts[role].token}` } })).text();

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  accounts = await buildAccounts(database, '-next-year');
  await setAllocation(database, 2025, OWN_AGS, 400_000_00);
  await createDraft(database, accounts.hmsi.actor, { year: 2025, ags: OWN_AGS });
});
afterAll(async () => {
  await database?.close();
});

describe('the next year’s draft lists last year’s open follow-ups', () => {
  it('shows nothing before there are confirmed minutes, the list after, and nothing once done', async () => {
    expect(await page('hmsi', DRAFT)).not.toContain(HEADING);
    const hmsi = accounts.hmsi.actor;
    const own = accounts.districtOwn.actor;
    const v = async () => (await readMeeting(database.db, hmsi, MEETING_YEAR, OWN_AGS)).version;
    await database.db.transaction((t) => scheduleMeeting(t, hmsi, MEETING_YEAR, OWN_AGS, { dates: [{ start: '2024-10-14T10:00:00+02:00', end: '2024-10-14T12:00:00+02:00' }], place: 'Wiesbaden' }));
    const v1 = await v();
    await database.db.transaction((t) => confirmMeetingDate(t, own, MEETING_YEAR, OWN_AGS, { version: v1, dateIndex: 0 }, { baseUrl: 'https://aqb.example' }));
    const v2 = await v();
    await database.db.transaction((t) => startMinutes(t, hmsi, MEETING_YEAR, OWN_AGS, { version: v2 }));
    const meeting = await readMeeting(database.db, hmsi, MEETING_YEAR, OWN_AGS);
    const followUps = [
      { what: 'Belegungsliste nachreichen', who: 'Rheingau-Taunus-Kreis', due: '2025-01-31', agendaIndex: null },
      { what: 'Träger für Maßnahmenart 3 benennen', who: 'HMSI', due: '2025-02-28', agendaIndex: null },
    ];
    await database.db.transaction((t) => updateMinutes(t, own, MEETING_YEAR, OWN_AGS, { version: meeting.version, attendees: 'Frau Beispiel (HMSI)', items: meeting.minutes.items.map(() => ({ discussion: 'Besprochen.', decisions: '' })), followUps }));
    // Draft minutes do not bind yet.
    expect(await page('hmsi', DRAFT)).not.toContain(HEADING);
    await confirmMinutes(database, hmsi, MEETING_YEAR, OWN_AGS, { version: await v() });
    await confirmMinutes(database, own, MEETING_YEAR, OWN_AGS, { version: await v() });

    for (const role of ['hmsi', 'districtOwn'] as const) {
      const html = await page(role, DRAFT);
      expect(html).toContain(HEADING);
      expect(html).toContain('Diese 2 Folgeaufgaben sind noch offen');
      expect(html).toContain('Träger für Maßnahmenart 3 benennen');
      expect(html).toContain('28.2.2025');
      expect(html).toContain(`href="/umsetzungsbesprechungen/2024/${OWN_AGS}"`);
    }
    // The same district's published 2024 agreement and another district's page carry no list.
    expect(await page('hmsi', `/zielvereinbarungen/2024/${OWN_AGS}`)).not.toContain('Offene Folgeaufgaben aus der Umsetzungsbesprechung 2023');
    expect(await page('districtOther', `/zielvereinbarungen/2025/${OTHER_AGS}`)).not.toContain('Offene Folgeaufgaben');

    const [first] = (await readMeeting(database.db, own, MEETING_YEAR, OWN_AGS)).followUps;
    await database.db.transaction((t) => markFollowUp(t, own, MEETING_YEAR, OWN_AGS, first!.id, { version: first!.version, status: 'erledigt' }));
    const one = await page('districtOwn', DRAFT);
    expect(one).toContain('Diese Folgeaufgabe ist noch offen');
    expect(one).not.toContain('Belegungsliste nachreichen');
  });
});
