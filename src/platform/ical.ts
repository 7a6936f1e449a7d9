/**
 * A minimal RFC 5545 writer for all-day deadlines and timed events (conferences). Pure: the same
 * events give the same bytes. Used by the calendar feed and the conferences' `.ics` files.
 * Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 sequence); TEXT values
 * escape backslash, semicolon, comma and newlines (RFC 5545 §3.3.11).
 */

export interface IcalEvent {
  /** Unique and stable across calls (RFC 5545 §3.8.4.7). */
  uid: string;
  /** All-day date, ISO `YYYY-MM-DD` (used when `start` is not given). */
  date?: string;
  /** A timed event: start and end instants, written in UTC (`DTSTART:20261202T090000Z`). */
  start?: Date;
  end?: Date;
  location?: string;
  summary: string;
  description?: string;
  url?: string;
  /** When the information was last known to change (DTSTAMP, written in UTC). */
  stamp: Date;
  /** Scheduling (METHOD:REQUEST / CANCEL, RFC 5546): the organiser and the invited people. */
  organizer?: IcalPerson;
  attendees?: IcalPerson[];
  /** Revision of a scheduled event: 0 first, higher on every change (RFC 5545 §3.8.7.4). */
  sequence?: number;
  /** `CONFIRMED` or, with METHOD:CANCEL, `CANCELLED`. */
  status?: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
}

export interface IcalPerson {
  email: string;
  name: string;
}

export interface IcalCalendar {
  /** PRODID, e.g. `-//HMSI//AQB-Steuerung//DE`. */
  productId: string;
  name: string;
  events: IcalEvent[];
  /** PUBLISH (default: a feed) or, for an invitation by mail, REQUEST / CANCEL (iTIP, RFC 5546). */
  method?: 'PUBLISH' | 'REQUEST' | 'CANCEL';
}

const encoder = new TextEncoder();

/** Escapes a TEXT value: `\` `;` `,` and line breaks. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds one content line: at most 75 octets per line (excluding CRLF), continuation lines start
 * with one space (which counts towards their 75). A multi-byte character is never split.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      parts.push(current);
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

const basicDate = (iso: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`Kein ISO-Datum: ${iso}`);
  return iso.replace(/-/g, '');
};

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** `20261202T071800Z`: DTSTAMP is always UTC. */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** A CN parameter value: always quoted; DQUOTE and control characters are not allowed inside (RFC 5545 §3.1). */
function paramValue(value: string): string {
  return `"${value.replace(/["\x00-\x1f\x7f]/g, ' ').trim()}"`;
}

function mailto(email: string): string {
  if (!/^[^\s@:;,"]+@[^\s@:;,"]+$/.test(email)) throw new Error(`Keine E-Mail-Adresse: ${email}`);
  return `mailto:${email}`;
}

/** The whole VCALENDAR as a string with CRLF line ends. Events keep the given order. */
export function writeIcal(calendar: IcalCalendar): string {
  const lines: string[] = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${calendar.productId}`, 'CALSCALE:GREGORIAN', `METHOD:${calendar.method ?? 'PUBLISH'}`, `X-WR-CALNAME:${escapeText(calendar.name)}`];
  for (const event of calendar.events) {
    lines.push('BEGIN:VEVENT');
    lines.push(`UID:${event.uid}`);
    lines.push(`DTSTAMP:${utcStamp(event.stamp)}`);
    if (event.sequence !== undefined) lines.push(`SEQUENCE:${event.sequence}`);
    if (event.status) lines.push(`STATUS:${event.status}`);
    if (event.organizer) lines.push(`ORGANIZER;CN=${paramValue(event.organizer.name)}:${mailto(event.organizer.email)}`);
    for (const attendee of event.attendees ?? []) {
      lines.push(`ATTENDEE;CN=${paramValue(attendee.name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:${mailto(attendee.email)}`);
    }
    if (event.start) {
      lines.push(`DTSTART:${utcStamp(event.start)}`);
      lines.push(`DTEND:${utcStamp(event.end ?? event.start)}`);
    } else {
      const date = event.date ?? '';
      lines.push(`DTSTART;VALUE=DATE:${basicDate(date)}`);
      lines.push(`DTEND;VALUE=DATE:${basicDate(nextDay(date))}`);
    }
    lines.push(`SUMMARY:${escapeText(event.summary)}`);
    if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
    if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
    if (event.url) lines.push(`URL:${event.url}`);
    lines.push(event.start ? 'TRANSP:OPAQUE' : 'TRANSP:TRANSPARENT');
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
