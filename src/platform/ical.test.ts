import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, utcStamp, writeIcal, type IcalCalendar } from './ical';

const octets = (s: string) => new TextEncoder().encode(s).length;

const calendar: IcalCalendar = {
  productId: '-//HMSI//AQB-Steuerung//DE',
  name: 'AQB-Fristen',
  events: [
    { uid: 'antrag-2026-06411@aqb-steuerung', date: '2026-03-31', summary: 'Antrag einreichen – Darmstadt, Wissenschaftsstadt', description: 'Status: offen; Frist\nzweite Zeile', url: 'https://aqb.example/antraege/2026/06411', stamp: new Date('2026-01-05T10:11:12.345Z') },
  ],
};

describe('iCal writer (RFC 5545)', () => {
  it('escapes backslash, semicolon, comma and every kind of line break', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });

  it('folds at 75 octets and never splits a multi-byte UTF-8 character', () => {
    const line = `SUMMARY:${'ä'.repeat(100)}€🙂${'x'.repeat(80)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(3);
    for (const [i, part] of parts.entries()) {
      expect(octets(part)).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(' ')).toBe(true);
      // A broken UTF-8 sequence would decode to U+FFFD.
      expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(part))).toBe(part);
    }
    // 'SUMMARY:' is 8 octets, each 'ä' two: 33 of them fit (74 octets), the 34th would make 76.
    expect(parts[0]).toBe(`SUMMARY:${'ä'.repeat(33)}`);
    // Unfolding (remove CRLF + one space) gives the original line back.
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('leaves lines of exactly 75 octets alone', () => {
    const line = 'X'.repeat(75);
    expect(foldLine(line)).toBe(line);
    expect(foldLine(`${line}Y`)).toBe(`${line}\r\n Y`);
  });

  it('writes all-day events with VALUE=DATE, a UTC DTSTAMP, CRLF everywhere and the UID', () => {
    const text = writeIcal(calendar);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.replace(/\r\n /g, '').split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('DTSTART;VALUE=DATE:20260331');
    expect(lines).toContain('DTEND;VALUE=DATE:20260401');
    expect(lines).toContain('DTSTAMP:20260105T101112Z');
    expect(lines).toContain('UID:antrag-2026-06411@aqb-steuerung');
    expect(lines).toContain('SUMMARY:Antrag einreichen – Darmstadt\\, Wissenschaftsstadt');
    expect(lines).toContain('DESCRIPTION:Status: offen\\; Frist\\nzweite Zeile');
    expect(lines.at(-2)).toBe('END:VCALENDAR');
    for (const line of text.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
  });

  it('gives the same bytes for the same data, and ends the year correctly', () => {
    expect(writeIcal(calendar)).toBe(writeIcal(structuredClone(calendar)));
    const newYear = writeIcal({ ...calendar, events: [{ ...calendar.events[0]!, date: '2025-12-31' }] });
    expect(newYear).toContain('DTEND;VALUE=DATE:20260101');
    expect(utcStamp(new Date('2026-07-01T22:30:00+02:00'))).toBe('20260701T203000Z');
  });

  it('refuses a date that is not ISO', () => {
    expect(() => writeIcal({ ...calendar, events: [{ ...calendar.events[0]!, date: '31.03.2026' }] })).toThrow();
  });

  it('writes a timed event in UTC with its place', () => {
    const text = writeIcal({
      ...calendar,
      events: [{ uid: 'tagung-1@aqb-steuerung', start: new Date('2026-06-10T09:30:00+02:00'), end: new Date('2026-06-10T16:00:00+02:00'), summary: 'AQB-Tagung', location: 'Wiesbaden, Sonnenberger Str. 2', stamp: new Date('2026-01-05T10:11:12Z') }],
    });
    const lines = text.replace(/\r\n /g, '').split('\r\n');
    expect(lines).toContain('DTSTART:20260610T073000Z');
    expect(lines).toContain('DTEND:20260610T140000Z');
    expect(lines).toContain('LOCATION:Wiesbaden\\, Sonnenberger Str. 2');
    expect(lines).toContain('TRANSP:OPAQUE');
    expect(lines.some((l) => l.includes('VALUE=DATE'))).toBe(false);
  });
});

describe('iCal invitation (METHOD:REQUEST / CANCEL, RFC 5546)', () => {
  const invitation = (method: 'REQUEST' | 'CANCEL', sequence: number): IcalCalendar => ({
    productId: '-//HMSI//AQB-Steuerung//DE',
    name: 'Umsetzungsbesprechung',
    method,
    events: [
      {
        uid: 'umsetzungsbesprechung-2026-06439@aqb-steuerung',
        start: new Date('2026-10-14T08:00:00Z'),
        end: new Date('2026-10-14T10:00:00Z'),
        summary: 'Umsetzungsbesprechung AQB 2026 – Rheingau-Taunus-Kreis',
        location: 'Sonnenberger Str. 2, 65193 Wiesbaden',
        stamp: new Date('2026-09-01T07:00:00Z'),
        sequence,
        status: method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED',
        organizer: { email: 'referat@hmsi.example', name: 'HMSI, Referat "Ausbildung"' },
        attendees: [
          { email: 'koordination@rtk.example', name: 'Koordination; RTK' },
          { email: 'referat@hmsi.example', name: 'Sachbearbeitung HMSI' },
        ],
      },
    ],
  });

  it('writes METHOD, SEQUENCE, STATUS, ORGANIZER and ATTENDEE with quoted CN (no DQUOTE inside) and mailto', () => {
    const text = writeIcal(invitation('REQUEST', 2));
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain('\r\nMETHOD:REQUEST\r\n');
    expect(unfolded).not.toContain('METHOD:PUBLISH');
    expect(unfolded).toContain('\r\nSEQUENCE:2\r\n');
    expect(unfolded).toContain('\r\nSTATUS:CONFIRMED\r\n');
    expect(unfolded).toContain('\r\nORGANIZER;CN="HMSI, Referat  Ausbildung":mailto:referat@hmsi.example\r\n');
    expect(unfolded).toContain('\r\nATTENDEE;CN="Koordination; RTK";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:koordination@rtk.example\r\n');
    expect(unfolded).toContain('\r\nDTSTART:20261014T080000Z\r\nDTEND:20261014T100000Z\r\n');
    for (const line of text.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('a CANCEL keeps the UID and carries the higher SEQUENCE', () => {
    const request = writeIcal(invitation('REQUEST', 0)).replace(/\r\n /g, '');
    const cancel = writeIcal(invitation('CANCEL', 1)).replace(/\r\n /g, '');
    const uid = (t: string) => /\r\nUID:(.*)\r\n/.exec(t)?.[1];
    expect(uid(cancel)).toBe(uid(request));
    expect(cancel).toContain('\r\nMETHOD:CANCEL\r\n');
    expect(cancel).toContain('\r\nSTATUS:CANCELLED\r\n');
    expect(cancel).toContain('\r\nSEQUENCE:1\r\n');
  });

  it('refuses an attendee address that is no e-mail address (no injected property)', () => {
    const bad = invitation('REQUEST', 0);
    bad.events[0]!.attendees = [{ email: 'x@y.example\r\nATTENDEE:mailto:z@z', name: 'X' }];
    expect(() => writeIcal(bad)).toThrow(/Keine E-Mail-Adresse/);
  });

  it('a feed without method stays PUBLISH and writes none of the scheduling properties', () => {
    const text = writeIcal(calendar);
    expect(text).toContain('\r\nMETHOD:PUBLISH\r\n');
    expect(text).not.toMatch(/SEQUENCE|ORGANIZER|ATTENDEE|STATUS:/);
  });
});
