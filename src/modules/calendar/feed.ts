import type { Executor } from '../../platform/db/client';
import type { Actor } from '../access/policy';
import { type CalendarEntry, findCalendarEntries } from './entries';
import { writeIcal } from '../../platform/ical';

/** The iCal text of the actor's calendar (every AQB year), links made absolute with `origin`. */
export async function buildFeed(db: Executor, actor: Actor, origin: string, today: string): Promise<string> {
  const entries = await findCalendarEntries(db, actor, {}, today);
  return feedText(entries, origin);
}

/** Pure: the same entries give the same bytes (UID from the entry id, DTSTAMP from its data). */
export function feedText(entries: CalendarEntry[], origin: string): string {
  return writeIcal({
    productId: '-//HMSI Hessen//AQB-Steuerung//DE',
    name: 'AQB-Fristen',
    events: entries.map((e) => ({
      uid: `${e.id}@aqb-steuerung`,
      date: e.date,
      // Nothing here depends on the day of the call (no "überfällig"), so the feed only changes with its data.
      summary: `${e.title} – ${e.districtName}`,
      description: `${e.statusText}\nAQB-Jahr ${e.year}${e.isDemo ? '\nDemodaten' : ''}\n${origin}${e.href}`,
      url: `${origin}${e.href}`,
      stamp: e.stamp,
    })),
  });
}
