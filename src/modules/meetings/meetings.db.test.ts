import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestSnapshot } from '../steering/service';
import { buildAccounts, buildProject, OTHER_AGS, OWN_AGS, setAllocation } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import { findAuditEvents } from '../../platform/audit/store';
import type { AppDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { createSmtpTransport } from '../../platform/mail';
import { POLICY } from '../access/policy';
import { processOutbox } from '../notifications/service';
import { outboxMails } from '../../platform/outbox/tables';
import { MEETING_TRANSITIONS } from './meeting-status';
import {
  buildAgenda,
  cancelMeeting,
  confirmMeetingDate,
  confirmMinutes,
  findFollowUpsOpen,
  findMeetingsAwaiting,
  findOpenFollowUps,
  markFollowUp,
  readMeeting,
  readMinutesPdf,
  regenerateAgenda,
  requestOtherDates,
  scheduleMeeting,
  startMinutes,
  updateAgenda,
  updateMinutes,
} from './meetings';
import { meetings } from './tables';

/**
 * The Umsetzungsbesprechung through its use cases on a real database: scheduling, the district's
 * answer, the REQUEST invitation through the outbox to a real SMTP server on loopback, the agenda
 * from live figures, minutes with two confirmations and the frozen PDF, follow-ups, isolation.
 */
let database: AppDatabase;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
const YEAR = 2025;
const BASE = { baseUrl: 'https://aqb.example' };

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}
const tx = <T>(fn: (t: Parameters<Parameters<AppDatabase['db']['transaction']>[0]>[0]) => Promise<T>) => database.db.transaction(fn);
const hmsi = () => accounts.hmsi.actor;
const own = () => accounts.districtOwn.actor;
const other = () => accounts.districtOther.actor;
const version = async (year = YEAR, ags = OWN_AGS) => (await readMeeting(database.db, hmsi(), year, ags)).version;

const DATES = [
  { start: '2025-10-14T10:00:00+02:00', end: '2025-10-14T12:00:00+02:00' },
  { start: '2025-11-04T09:30:00+01:00', end: '2025-11-04T11:30:00+01:00' },
];

beforeAll(async () => {
  database = await createTestDatabase();
  accounts = await buildAccounts(database, '-meetings');
  await setAllocation(database, YEAR, OWN_AGS, 123_456_789);
  await buildProject(database, { year: YEAR, ags: OWN_AGS, key: 'BO', title: 'Berufsorientierung plus', measureType: 2, plannedPlaces: 12 });
});
afterAll(async () => {
  await database?.close();
});

describe('transition table and policy', () => {
  it('the policy states of each step are the transition table’s from-states', () => {
    for (const rule of MEETING_TRANSITIONS) expect([...(POLICY[rule.action].statuses ?? [])].sort()).toEqual([...rule.from].sort());
  });
});

describe('scheduling', () => {
  it('refuses a meeting without place or link, a http link and more than five dates, storing nothing', async () => {
    expect(await code(tx((t) => scheduleMeeting(t, hmsi(), YEAR, OWN_AGS, { dates: DATES })))).toBe('VALIDATION_FAILED');
    expect(await code(tx((t) => scheduleMeeting(t, hmsi(), YEAR, OWN_AGS, { dates: DATES, videoUrl: 'http://konferenz.example/raum' })))).toBe('VALIDATION_FAILED');
    expect(await code(tx((t) => scheduleMeeting(t, hmsi(), YEAR, OWN_AGS, { dates: Array(6).fill(DATES[0]), place: 'Wiesbaden' })))).toBe('VALIDATION_FAILED');
    expect(await code(tx((t) => scheduleMeeting(t, hmsi(), YEAR, OWN_AGS, { dates: [{ start: DATES[0]!.end, end: DATES[0]!.start }], place: 'Wiesbaden' })))).toBe('VALIDATION_FAILED');
    expect(await database.db.select().from(meetings)).toHaveLength(0);
  });

  it('only HMSI schedules; the district cannot', async () => {
    expect(await code(tx((t) => scheduleMeeting(t, own(), YEAR, OWN_AGS, { dates: DATES, place: 'Wiesbaden' })))).toBe('FORBIDDEN');
  });

  it('HMSI schedules with the default participants (the district’s coordinators and the clerk), audited, dates in UTC', async () => {
    const meeting = await tx((t) => scheduleMeeting(t, hmsi(), YEAR, OWN_AGS, { dates: DATES, place: 'HMSI, Sonnenberger Str. 2, Wiesbaden', videoUrl: 'https://konferenz.hessen.example/aqb' }));
    expect(meeting.status).toBe('vorgeschlagen');
    expect(meeting.dates).toEqual([
      { start: '2025-10-14T08:00:00.000Z', end: '2025-10-14T10:00:00.000Z' },
      { start: '2025-11-04T08:30:00.000Z', end: '2025-11-04T10:30:00.000Z' },
    ]);
    expect(meeting.participants.map((p) => p.email)).toEqual(['districtown-meetings@test.example', 'hmsi-meetings@test.example']);
    const events = await findAuditEvents(database.db, { recordType: 'meeting', recordId: meeting.id });
    expect(events.map((e) => e.action)).toContain('meeting.schedule');
  });

  it('another district sees 404, and may not answer', async () => {
    expect(await code(readMeeting(database.db, other(), YEAR, OWN_AGS))).toBe('NOT_FOUND');
    expect(await code((async () => { const v = await version(); return tx((t) => confirmMeetingDate(t, other(), YEAR, OWN_AGS, { version: v, dateIndex: 0 }, BASE)); })())).toBe('NOT_FOUND');
  });

  it('the district asks for other dates; HMSI proposes again; a stale version is a conflict', async () => {
    const v = await version();
    await tx((t) => requestOtherDates(t, own(), YEAR, OWN_AGS, { version: v, note: 'Im Oktober sind Herbstferien.' }));
    expect(await code(tx((t) => requestOtherDates(t, own(), YEAR, OWN_AGS, { version: v, note: 'nochmal' })))).toBe('CONFLICT');
    const again = await (async () => { const v = await version(); return tx((t) => scheduleMeeting(t, hmsi(), YEAR, OWN_AGS, { version: v, dates: DATES.slice(1), place: 'Wiesbaden' })); })();
    expect(again.districtNote).toBe('');
    expect(again.dates).toHaveLength(1);
    expect(again.sequence).toBe(0);
    expect((await findMeetingsAwaiting(database.db, own())).map((a) => a.task)).toEqual(['confirmDate']);
  });
});

interface Received {
  to: string[];
  raw: string;
}
async function startSmtp(): Promise<{ port: number; received: Received[]; stop: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The base64 parts of a MIME message with the given content type, decoded. */
function attachmentOf(raw: string, type: RegExp): string | null {
  for (const part of raw.split(/\r?\n--[^\r\n]+\r?\n/)) {
    const [head = '', ...body] = part.split(/\r?\n\r?\n/);
    if (type.test(head) && /Content-Transfer-Encoding: base64/i.test(head)) return Buffer.from(body.join('').replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return null;
}

describe('confirmed date: the REQUEST invitation through the outbox to a real SMTP server', () => {
  it('the district confirms; one mail per participant with einladung.ics arrives; the .ics is a valid REQUEST', async () => {
    const meeting = await (async () => { const v = await version(); return tx((t) => confirmMeetingDate(t, own(), YEAR, OWN_AGS, { version: v, dateIndex: 0 }, BASE)); })();
    expect(meeting.status).toBe('terminiert');
    const queued = await database.db.select().from(outboxMails).where(eq(outboxMails.kind, 'umsetzungsbesprechung-einladung'));
    expect(queued.map((m) => m.recipient).sort()).toEqual(['districtown-meetings@test.example', 'hmsi-meetings@test.example']);
    expect(queued[0]!.attachments).toHaveLength(1);

    const smtp = await startSmtp();
    try {
      const transport = createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`, { timeoutMs: 5000 });
      const result = await processOutbox(database, transport, { from: 'AQB-Steuerung <aqb@land.example>' });
      transport.close();
      expect(result).toEqual({ sent: 2, failed: 0 });
    } finally {
      await smtp.stop();
    }
    expect(smtp.received).toHaveLength(2);
    const raw = smtp.received.find((r) => r.to[0] === 'districtown-meetings@test.example')!.raw;
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST;\s+name=einladung\.ics/i);
    const ics = attachmentOf(raw, /text\/calendar/i)!;
    expect(ics).not.toBeNull();
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain('\r\nMETHOD:REQUEST\r\n');
    expect(unfolded).toContain('\r\nUID:umsetzungsbesprechung-2025-06439@aqb-steuerung\r\n');
    expect(unfolded).toContain('\r\nSEQUENCE:0\r\n');
    expect(unfolded).toContain('\r\nDTSTART:20251104T083000Z\r\nDTEND:20251104T103000Z\r\n');
    expect(unfolded).toContain('ORGANIZER;CN="Test hmsi":mailto:hmsi-meetings@test.example');
    expect(unfolded).toContain(':mailto:districtown-meetings@test.example\r\n');
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
  });

  it('moving a fixed date raises SEQUENCE; the next confirmation mails an update with the same UID', async () => {
    const moved = await (async () => { const v = await version(); return tx((t) => scheduleMeeting(t, hmsi(), YEAR, OWN_AGS, { version: v, dates: [{ start: '2025-11-18T13:00:00+01:00', end: '2025-11-18T15:00:00+01:00' }], place: 'Bad Schwalbach' })); })();
    expect(moved.status).toBe('vorgeschlagen');
    expect(moved.sequence).toBe(1);
    await (async () => { const v = await version(); return tx((t) => confirmMeetingDate(t, own(), YEAR, OWN_AGS, { version: v, dateIndex: 0 }, BASE)); })();
    const mails = await database.db.select().from(outboxMails).where(eq(outboxMails.kind, 'umsetzungsbesprechung-einladung'));
    expect(mails).toHaveLength(4);
    const latest = Buffer.from(mails.at(-1)!.attachments[0]!.contentBase64, 'base64').toString('utf8').replace(/\r\n /g, '');
    expect(latest).toContain('\r\nSEQUENCE:1\r\n');
    expect(latest).toContain('\r\nUID:umsetzungsbesprechung-2025-06439@aqb-steuerung\r\n');
  });
});

describe('agenda from live figures', () => {
  it('lists money, places, deviations and last year’s follow-ups (hand-checked)', async () => {
    const agenda = await buildAgenda(database.db, YEAR, OWN_AGS, '2025-10-01');
    expect(agenda.map((a) => a.title)).toEqual([
      'Begrüßung und Feststellung der Tagesordnung',
      'Finanzstand 2025 (Stand 1.10.2025)',
      'Plätze: geplant und besetzt',
      'Offene Abweichungen',
      'Offene Folgeaufgaben aus der Umsetzungsbesprechung 2024',
      'Verschiedenes',
    ]);
    expect(agenda[1]!.text).toContain('Zuweisung (Mittelankündigung): 1.234.567,89');
    expect(agenda[1]!.text).toContain('Bewilligt: 0,00');
    expect(agenda[1]!.text).toContain('Abgerufen: 0,00');
    // A district without an allocation: said in words, not as 0,00 €.
    expect((await buildAgenda(database.db, YEAR, '06432', '2025-10-01'))[1]!.text).toContain('Zuweisung (Mittelankündigung): noch nicht festgelegt');
    // The monitoring row's figures (steering's findMonitoring), per Maßnahmenart, then the total.
    expect(agenda[2]!.text).toBe('Maßnahmenart 2 (Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen): 12 Plätze geplant, 0 belegt\nZusammen: 12 Plätze geplant, 0 belegt');
    expect(agenda[3]!.text).toBe('Keine offenen Abweichungen.');
  });

  it('regenerates and edits before the meeting (add, remove, reorder), audited', async () => {
    const generated = await (async () => { const v = await version(); return tx((t) => regenerateAgenda(t, hmsi(), YEAR, OWN_AGS, { version: v }, { today: '2025-10-01' })); })();
    expect(generated.agenda).toHaveLength(6);
    const items = [generated.agenda[2]!, generated.agenda[1]!, { title: 'Neuer Punkt: Ausblick 2026', text: 'Planung' }];
    const edited = await (async () => { const v = await version(); return tx((t) => updateAgenda(t, own(), YEAR, OWN_AGS, { version: v, items })); })();
    expect(edited.agenda.map((a) => a.title)).toEqual(['Plätze: geplant und besetzt', 'Finanzstand 2025 (Stand 1.10.2025)', 'Neuer Punkt: Ausblick 2026']);
    expect(await code((async () => { const v = await version(); return tx((t) => updateAgenda(t, own(), YEAR, OWN_AGS, { version: v, items: [] })); })())).toBe('VALIDATION_FAILED');
  });
});

describe('minutes: two confirmations, reset on change, frozen PDF', () => {
  const body = (v: number, decisions = 'Mehr Plätze ab Februar.') => ({
    version: v,
    attendees: 'Frau Beispiel (HMSI)\nHerr Muster (RTK)',
    items: [{ discussion: '12 Plätze geplant.', decisions }, { discussion: '', decisions: '' }, { discussion: 'Ausblick', decisions: '' }],
    followUps: [{ what: 'Belegungsliste nachreichen', who: 'Rheingau-Taunus-Kreis', due: '2026-01-31', agendaIndex: 0 }],
  });

  it('HMSI opens the minutes after the meeting; nobody edits the agenda any more', async () => {
    expect(await code((async () => { const v = await version(); return tx((t) => startMinutes(t, own(), YEAR, OWN_AGS, { version: v })); })())).toBe('FORBIDDEN');
    const m = await (async () => { const v = await version(); return tx((t) => startMinutes(t, hmsi(), YEAR, OWN_AGS, { version: v })); })();
    expect(m.status).toBe('protokoll_entwurf');
    expect(m.minutes.items).toHaveLength(3);
    expect(await code((async () => { const v = await version(); return tx((t) => updateAgenda(t, hmsi(), YEAR, OWN_AGS, { version: v, items: [{ title: 'x', text: '' }] })); })())).toBe('FORBIDDEN');
  });

  it('a follow-up with an impossible date is refused with its field path', async () => {
    const bad = { ...body(await version()), followUps: [{ what: 'x', who: 'y', due: '2026-02-30', agendaIndex: null }] };
    try {
      await tx((t) => updateMinutes(t, own(), YEAR, OWN_AGS, bad));
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).issues.map((i) => i.path)).toEqual(['followUps.0.due']);
    }
  });

  it('a change after one side’s confirmation resets it; both confirmations freeze the PDF', async () => {
    await (async () => { const v = await version(); return tx((t) => updateMinutes(t, own(), YEAR, OWN_AGS, body(v))); })();
    const first = await confirmMinutes(database, hmsi(), YEAR, OWN_AGS, { version: await version() });
    expect(first.hmsiConfirmedAt).not.toBeNull();
    expect(await latestSnapshot(database.db, YEAR, OWN_AGS)).toBeNull();
    expect(first.status).toBe('protokoll_entwurf');
    expect(await code(confirmMinutes(database, hmsi(), YEAR, OWN_AGS, { version: await version() }))).toBe('INVALID_STATE_TRANSITION');
    const changed = await (async () => { const v = await version(); return tx((t) => updateMinutes(t, own(), YEAR, OWN_AGS, body(v, 'Mehr Plätze ab März.'))); })();
    expect(changed.hmsiConfirmedAt).toBeNull();
    await confirmMinutes(database, hmsi(), YEAR, OWN_AGS, { version: await version() });
    const frozen = await confirmMinutes(database, own(), YEAR, OWN_AGS, { version: await version() });
    expect(frozen.status).toBe('protokoll_bestaetigt');
    // The confirmed minutes fix the monitoring's reference point ("seit der letzten Besprechung").
    expect((await latestSnapshot(database.db, YEAR, OWN_AGS))?.reason).toBe(`Protokoll der Umsetzungsbesprechung ${YEAR} bestätigt`);
    const stored = (await readMinutesPdf(database.db, own(), YEAR, OWN_AGS))!;
    expect(createHash('sha256').update(stored.pdf).digest('hex')).toBe(frozen.minutesSha256);
    const bytes = Buffer.from(stored.pdf);
    const info = execFileSync('pdfinfo', ['-'], { input: bytes, stdio: ['pipe', 'pipe', 'ignore'] }).toString();
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toContain('Protokoll – Umsetzungsbesprechung AQB 2025 – Rheingau-Taunus-Kreis');
    const text = execFileSync('pdftotext', ['-', '-'], { input: bytes, stdio: ['pipe', 'pipe', 'ignore'] }).toString();
    expect(text).toContain('Mehr Plätze ab März.');
    expect(text).toContain('Belegungsliste nachreichen');
    expect(text).not.toContain('Entwurf');
    const file = join(mkdtempSync(join(tmpdir(), 'meetings-')), 'protokoll.pdf');
    writeFileSync(file, bytes);
    execFileSync('qpdf', ['--check', file], { stdio: 'ignore' });
    expect(execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' })).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Title:\s+Protokoll/);
    expect(await code((async () => { const v = await version(); return tx((t) => updateMinutes(t, hmsi(), YEAR, OWN_AGS, body(v))); })())).toBe('FORBIDDEN');
  });

  it('follow-ups: open ones listed (carried into the next year), marked erledigt by the district, audited', async () => {
    const open = await findOpenFollowUps(database.db, YEAR, OWN_AGS);
    expect(open.map((f) => [f.what, f.who, f.due])).toEqual([['Belegungsliste nachreichen', 'Rheingau-Taunus-Kreis', '2026-01-31']]);
    expect(await findFollowUpsOpen(database.db, { ags: OTHER_AGS })).toEqual([]);
    expect(await code(tx((t) => markFollowUp(t, other(), YEAR, OWN_AGS, open[0]!.id, { version: 1, status: 'erledigt' })))).toBe('NOT_FOUND');
    const done = await tx((t) => markFollowUp(t, own(), YEAR, OWN_AGS, open[0]!.id, { version: 1, status: 'erledigt' }));
    expect(done.status).toBe('erledigt');
    expect(done.doneByName).toBe('Test districtOwn');
    expect(await findOpenFollowUps(database.db, YEAR, OWN_AGS)).toEqual([]);
    const events = await findAuditEvents(database.db, { recordType: 'meeting_follow_up', recordId: open[0]!.id });
    expect(events).toHaveLength(1);
  });
});

describe('cancel', () => {
  it('a fixed meeting called off mails a CANCEL with a higher SEQUENCE; a reason is required', async () => {
    await tx((t) => scheduleMeeting(t, hmsi(), YEAR, OTHER_AGS, { dates: DATES, place: 'Limburg' }));
    await (async () => { const v = await version(YEAR, OTHER_AGS); return tx((t) => confirmMeetingDate(t, other(), YEAR, OTHER_AGS, { version: v, dateIndex: 1 }, BASE)); })();
    expect(await code((async () => { const v = await version(YEAR, OTHER_AGS); return tx((t) => cancelMeeting(t, hmsi(), YEAR, OTHER_AGS, { version: v, reason: ' ' }, BASE)); })())).toBe('VALIDATION_FAILED');
    const cancelled = await (async () => { const v = await version(YEAR, OTHER_AGS); return tx((t) => cancelMeeting(t, hmsi(), YEAR, OTHER_AGS, { version: v, reason: 'Erkrankung' }, BASE)); })();
    expect(cancelled.status).toBe('abgesagt');
    expect(cancelled.sequence).toBe(1);
    const [mail] = await database.db.select().from(outboxMails).where(eq(outboxMails.kind, 'umsetzungsbesprechung-absage'));
    const ics = Buffer.from(mail!.attachments[0]!.contentBase64, 'base64').toString('utf8').replace(/\r\n /g, '');
    expect(ics).toContain('\r\nMETHOD:CANCEL\r\n');
    expect(ics).toContain('\r\nSTATUS:CANCELLED\r\n');
    expect(ics).toContain('\r\nSEQUENCE:1\r\n');
    expect(await code((async () => { const v = await version(YEAR, OTHER_AGS); return tx((t) => cancelMeeting(t, hmsi(), YEAR, OTHER_AGS, { version: v, reason: 'nochmal' }, BASE)); })())).toBe('FORBIDDEN');
  });
});
