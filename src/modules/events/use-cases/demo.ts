import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/client';
import { eventRegistrationPeople, eventRegistrations, events } from '../tables';
import { berlinInstant, berlinToday } from '../time';

/** The demo conference's title (clearly labelled; is_demo). */
export const DEMO_EVENT_TITLE = 'AQB-Jahrestagung (Demodaten)';

/**
 * One demo conference (published, on the portal) in March of next year with the registrations of
 * three districts, one with invented names. Idempotent: nothing is added when a demo conference
 * exists.
 */
export async function seedDemoEvents(tx: Executor, now: Date = new Date()): Promise<void> {
  const [existing] = await tx.select({ id: events.id }).from(events).where(eq(events.isDemo, true)).limit(1);
  if (existing) return;
  const year = Number(berlinToday(now).slice(0, 4)) + 1;
  const [event] = await tx
    .insert(events)
    .values({
      title: DEMO_EVENT_TITLE,
      startsAt: berlinInstant(`${year}-03-17`, '09:30'),
      endsAt: berlinInstant(`${year}-03-17`, '16:00'),
      place: 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales, Sonnenberger Straße 2/2a, 65193 Wiesbaden',
      videoUrl: 'https://video.example/aqb-jahrestagung',
      agenda: '9:30 Ankommen\n10:00 Begrüßung\n10:30 Gute Praxis aus drei Gebietskörperschaften\n13:00 Mittagspause\n14:00 Arbeitsgruppen zu Teilzeitausbildung und Stiller Reserve\n16:00 Ende',
      capacity: 80,
      registrationDeadline: `${year}-03-03`,
      status: 'veroeffentlicht',
      isPublic: true,
      publishedAt: now,
      isDemo: true,
    })
    .returning({ id: events.id });
  const registrations = [
    { ags: '06439', peopleCount: 2, needs: 'Eine Person isst vegetarisch.', people: [{ name: 'Erika Musterfrau (Demo)', role: 'AQB-Koordination' }] },
    { ags: '06533', peopleCount: 3, needs: '', people: [] },
    { ags: '06412', peopleCount: 1, needs: 'Rollstuhlgerechter Platz', people: [] },
  ];
  for (const r of registrations) {
    const [created] = await tx.insert(eventRegistrations).values({ eventId: event!.id, ags: r.ags, peopleCount: r.peopleCount, needs: r.needs, isDemo: true }).returning({ id: eventRegistrations.id });
    if (r.people.length) await tx.insert(eventRegistrationPeople).values(r.people.map((p, position) => ({ registrationId: created!.id, position, ...p })));
  }
}

/** Removes the demo conferences with their registrations and materials (cascade). */
export async function removeDemoEvents(tx: Executor): Promise<void> {
  await tx.execute(sql`delete from event_materials where is_demo or event_id in (select id from events where is_demo)`);
  await tx.execute(sql`delete from event_registrations where is_demo or event_id in (select id from events where is_demo)`);
  await tx.delete(events).where(eq(events.isDemo, true));
}
