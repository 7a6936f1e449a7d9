import { writeIcal } from '../../platform/ical';
import type { Event } from './schema';

/**
 * The `.ics` file of one conference: the event itself (timed, with place or video link) and the
 * registration deadline as an all-day entry. UIDs are stable, so a calendar program updates the
 * entry when the file is opened again after a change.
 */
export function eventIcal(event: Event, baseUrl: string): string {
  const url = `${baseUrl}/tagungen/${event.id}`;
  const location = [event.place, event.videoUrl].filter(Boolean).join(' – ');
  return writeIcal({
    productId: '-//HMSI//AQB-Steuerung//DE',
    name: event.title,
    events: [
      { uid: `tagung-${event.id}@aqb-steuerung`, start: event.startsAt, end: event.endsAt, summary: event.title, description: event.agenda || undefined, location: location || undefined, url, stamp: event.publishedAt ?? event.startsAt },
      { uid: `tagung-anmeldeschluss-${event.id}@aqb-steuerung`, date: event.registrationDeadline, summary: `Anmeldeschluss: ${event.title}`, url, stamp: event.publishedAt ?? event.startsAt },
    ],
  });
}
