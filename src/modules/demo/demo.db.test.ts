import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDemoSetting } from '../../app/setup-database';
import { createTestDatabase } from '../../../tests/support/test-database';
import type { AppDatabase } from '../../platform/db/client';
import { findUserByEmail } from '../access/service';
import { readPlannedOutcomes } from '../achievement/service';
import { findMeeting, findMeetings, findMeetingsAwaiting, findOpenFollowUps } from '../meetings/service';
import { findEckdaten } from '../projects/service';
import { findMonitoring } from '../steering/service';
import { demoProjectFigures } from './figures';

let database: AppDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function count(table: string, where = 'true'): Promise<number> {
  const result = (await database.db.execute(sql.raw(`select count(*)::int as n from ${table} where ${where}`))) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}

describe('demo figures of a project (pure)', () => {
  const types = [1, 2, 3, 4] as const;
  it('are deterministic, plausible per Maßnahmenart and vary across districts', () => {
    for (const measureType of types) {
      const a = demoProjectFigures({ year: 2025, ags: '06439', key: 'P1', measureType });
      expect(demoProjectFigures({ year: 2025, ags: '06439', key: 'P1', measureType })).toEqual(a);
      expect(a.plannedPlaces).toBeGreaterThanOrEqual(4);
      expect(a.plannedPlaces).toBeLessThanOrEqual(60);
      const outcomes = Object.values(a.plannedOutcomes).reduce((s, n) => s + (n ?? 0), 0);
      expect(outcomes).toBeGreaterThan(0);
      // One Verbleib per participant: the planned outcomes never exceed the places.
      expect(outcomes).toBeLessThanOrEqual(a.plannedPlaces);
    }
    expect(Object.keys(demoProjectFigures({ year: 2025, ags: '06411', key: 'P1', measureType: 2 }).plannedOutcomes)).toEqual(['ausbildungsabschluss']);
    expect(Object.keys(demoProjectFigures({ year: 2025, ags: '06411', key: 'P1', measureType: 1 }).plannedOutcomes)).toEqual(['uebergang_ausbildung', 'uebergang_beschaeftigung']);
    const places = new Set(['06411', '06412', '06413', '06414', '06431', '06439', '06533', '06633'].map((ags) => demoProjectFigures({ year: 2025, ags, key: 'P2', measureType: 3 }).plannedPlaces));
    expect(places.size).toBeGreaterThan(3);
  });
});

describe('demo data for Zielsteuerung (§ 6)', () => {
  it('gives the demo projects planned places and outcomes, loads autumn meetings in four states, and "Demo-Daten entfernen" removes all of it', async () => {
    const realWithPlaces = await count('projects', 'not is_demo and planned_places is not null');
    await applyDemoSetting(database, true);

    // Eckdaten: every active demo project plans places and outcomes; real projects are untouched.
    expect(await count('projects', "is_demo and status = 'aktiv'")).toBeGreaterThan(50);
    expect(await count('projects', "is_demo and status = 'aktiv' and (planned_places is null or planned_outcomes = '{}'::jsonb)")).toBe(0);
    expect(await count('projects', 'not is_demo and planned_places is not null')).toBe(realWithPlaces);
    const eckdaten = await findEckdaten(database.db, 2025, '06439');
    expect(eckdaten.total.plannedPlaces).toBeGreaterThan(0);
    expect(eckdaten.total.projectsWithoutPlaces).toBe(0);
    expect(eckdaten.total.plannedOutcomesTotal).toBeGreaterThan(0);
    expect(await readPlannedOutcomes(database.db, 2025, '06439')).not.toBeNull();
    const monitoring = await findMonitoring(database.db, 2025, '06439', '2025-12-31');
    expect(monitoring.rows[0]!.total.plannedPlaces).toBe(eckdaten.total.plannedPlaces);
    // Varied across districts.
    const other = await findEckdaten(database.db, 2025, '06633');
    expect(other.total.plannedPlaces).toBeGreaterThan(0);
    expect(other.total.plannedPlaces).not.toBe(eckdaten.total.plannedPlaces);

    // Meetings: angesetzt (proposed dates), terminiert with agenda, minutes in draft, confirmed minutes with an open follow-up.
    expect(await count('meetings', 'not is_demo')).toBe(0);
    const list = new Map((await findMeetings(database.db, 2025)).map((m) => [m.ags, m]));
    expect(list.get('06439')?.status).toBe('vorgeschlagen');
    expect(list.get('06633')?.status).toBe('terminiert');
    expect(list.get('06631')?.status).toBe('protokoll_entwurf');
    expect(list.get('06631')?.openFollowUps).toBe(1);
    const proposed = (await findMeeting(database.db, 2025, '06439'))!;
    expect(proposed.isDemo).toBe(true);
    expect(proposed.dates).toHaveLength(3);
    expect(proposed.confirmed).toBeNull();
    const fixed = (await findMeeting(database.db, 2025, '06633'))!;
    expect(fixed.confirmed).not.toBeNull();
    expect(fixed.agenda.length).toBeGreaterThan(3);
    expect(fixed.agenda.find((i) => i.title.startsWith('Plätze'))!.text).toMatch(/[1-9]\d* Plätze geplant/);
    // The open follow-up of the confirmed 2024 minutes appears in the 2025 agenda.
    const confirmed = (await findMeeting(database.db, 2024, '06633'))!;
    expect(confirmed.status).toBe('protokoll_bestaetigt');
    expect(confirmed.minutesSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(confirmed.hmsiConfirmedByName).toBe('Hanna Demo (HMSI)');
    expect(confirmed.districtConfirmedAt).not.toBeNull();
    expect(confirmed.followUps.map((f) => f.status)).toEqual(['offen', 'erledigt']);
    const open = await findOpenFollowUps(database.db, 2024, '06633');
    expect(open).toHaveLength(1);
    expect(fixed.agenda.find((i) => i.title.includes('Folgeaufgaben aus der Umsetzungsbesprechung 2024'))!.text).toContain(open[0]!.what);
    const pdf = (await database.db.execute(sql`select substring(minutes_pdf from 1 for 5) as head from meetings where year = 2024 and ags = '06633'`)) as unknown as { rows: { head: Uint8Array }[] };
    expect(Buffer.from(pdf.rows[0]!.head).toString('latin1')).toBe('%PDF-');
    // The Rheingau-Taunus demo account has a date to confirm; the seeded real years get no demo meeting.
    const rtk = (await findUserByEmail(database.db, 'rtk@demo.aqb.example'))!;
    expect(await findMeetingsAwaiting(database.db, { userId: rtk.id, role: 'district', ags: '06439' })).toEqual([{ year: 2025, ags: '06439', task: 'confirmDate' }]);
    expect(await findMeeting(database.db, 2024, '06439')).toBeNull();
    expect(proposed.participants.map((p) => p.email)).toEqual(['rtk@demo.aqb.example', 'hmsi@demo.aqb.example']);
    // No invitation mails: the outbox has no demo flag, so demo meetings leave nothing there.
    expect(await count('outbox_mails', "kind like 'umsetzungsbesprechung%'")).toBe(0);
    expect(await count('audit_events', "action = 'meeting.demoLoad'")).toBe(1);

    // A second start changes nothing.
    const meetingsBefore = await count('meetings');
    const auditBefore = await count('audit_events');
    await applyDemoSetting(database, true);
    expect(await count('meetings')).toBe(meetingsBefore);
    expect(await count('audit_events', "action in ('meeting.demoLoad', 'projects.demoFigures')")).toBe(2);
    expect(await count('audit_events')).toBe(auditBefore);

    await applyDemoSetting(database, false);
    expect(await count('meetings')).toBe(0);
    expect(await count('meeting_follow_ups')).toBe(0);
    expect(await count('projects', 'is_demo')).toBe(0);
    expect(await count('projects', 'not is_demo and planned_places is not null')).toBe(realWithPlaces);
  });
});
