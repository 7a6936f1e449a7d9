import { formatDateTime } from '../../platform/format';
import { type IcalEvent, writeIcal } from '../../platform/ical';
import type { MailAttachment } from '../../platform/mail';
import type { Meeting } from './schema';

/** Stable per meeting (district and year): every REQUEST and CANCEL of it updates the same calendar entry. */
export function meetingUid(meeting: Pick<Meeting, 'year' | 'ags'>): string {
  return `umsetzungsbesprechung-${meeting.year}-${meeting.ags}@aqb-steuerung`;
}

export function meetingTitle(meeting: Pick<Meeting, 'year'>, districtName: string): string {
  return `Umsetzungsbesprechung AQB ${meeting.year} – ${districtName}`;
}

/**
 * The meeting as iCalendar: METHOD:REQUEST for the confirmed date (the invitation), CANCEL when
 * it was called off, PUBLISH for the download of a meeting without a confirmed date (each
 * proposed date as its own tentative entry is not offered: only a confirmed date is an event).
 */
export function meetingIcs(meeting: Meeting, organizer: Meeting['participants'][number] & { name: string }, districtName: string, method: 'REQUEST' | 'CANCEL', url: string): string {
  const date = meeting.confirmed ?? meeting.dates[0]!;
  const event: IcalEvent = {
    uid: meetingUid(meeting),
    start: new Date(date.start),
    end: new Date(date.end),
    summary: meetingTitle(meeting, districtName),
    location: [meeting.place, meeting.videoUrl].filter((v) => v !== '').join(' – ') || undefined,
    description:
      method === 'CANCEL'
        ? `Die Umsetzungsbesprechung am ${formatDateTime(new Date(date.start))} ist abgesagt.${meeting.cancelReason ? `\nGrund: ${meeting.cancelReason}` : ''}`
        : `Umsetzungsbesprechung zum Ausbildungs- und Qualifizierungsbudget ${meeting.year}.\nTagesordnung und Unterlagen: ${url}`,
    url,
    stamp: meeting.updatedAt,
    sequence: meeting.sequence,
    status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
    organizer,
    attendees: meeting.participants,
  };
  return writeIcal({ productId: '-//HMSI//AQB-Steuerung//DE', name: meetingTitle(meeting, districtName), method, events: [event] });
}

export function icsAttachment(ics: string, method: 'REQUEST' | 'CANCEL'): MailAttachment {
  return { filename: method === 'CANCEL' ? 'absage.ics' : 'einladung.ics', contentType: `text/calendar; charset=utf-8; method=${method}`, contentBase64: Buffer.from(ics, 'utf8').toString('base64') };
}
