import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { AppDatabase, Executor } from '../../platform/db/client';
import { AppError, unwrapZod } from '../../platform/errors';
import { formatEuro } from '../../platform/format';
import { isRealIsoDate } from '../../platform/input';
import { findUserNames, findUsers, getUser } from '../access/service';
import { type Actor, authorize, can, type MaybeActor } from '../access/policy';
import { getBudgetYear } from '../budget-years/service';
import { getDistrict } from '../districts/service';
import { enqueueMail } from '../../platform/outbox/outbox';
import { findDeviations, recordMonitoringSnapshot } from '../steering/service';
import { readAgendaFigures } from './agenda-figures';
import { icsAttachment, meetingIcs, meetingTitle } from './invitation';
import { transitionFor } from './meeting-status';
import { renderMinutesPdf } from './documents';
import {
  type AgendaItem,
  CancelMeetingSchema,
  ConfirmDateSchema,
  type FollowUp,
  MarkFollowUpSchema,
  type Meeting,
  type MeetingStatus,
  type Participant,
  RequestOtherDatesSchema,
  ScheduleMeetingSchema,
  UpdateAgendaSchema,
  UpdateMinutesSchema,
  VersionOnlySchema,
} from './schema';
import { meetingFollowUps, meetings } from './tables';

type Row = typeof meetings.$inferSelect;
type FollowUpRow = typeof meetingFollowUps.$inferSelect;

export const meetingPath = (year: number, ags: string) => `/umsetzungsbesprechungen/${year}/${ags}`;

async function toFollowUps(db: Executor, rows: Array<FollowUpRow & { year: number; ags: string }>): Promise<FollowUp[]> {
  const names = await findUserNames(db, rows.map((r) => r.doneBy));
  return rows.map((r) => ({
    id: r.id,
    meetingId: r.meetingId,
    year: r.year,
    ags: r.ags,
    agendaIndex: r.agendaIndex,
    what: r.what,
    who: r.who,
    due: r.due,
    status: r.status,
    doneByName: r.doneBy === null ? null : (names.get(r.doneBy) ?? null),
    doneAt: r.doneAt,
    version: r.version,
  }));
}

async function toMeeting(db: Executor, row: Row): Promise<Meeting> {
  const followUpRows = await db.select().from(meetingFollowUps).where(eq(meetingFollowUps.meetingId, row.id)).orderBy(asc(meetingFollowUps.position), asc(meetingFollowUps.id));
  const names = await findUserNames(db, [row.hmsiConfirmedBy, row.districtConfirmedBy]);
  const name = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
  return {
    id: row.id,
    year: row.year,
    ags: row.ags,
    status: row.status,
    dates: row.dates,
    confirmedIndex: row.confirmedIndex,
    confirmed: row.confirmedIndex === null ? null : (row.dates[row.confirmedIndex] ?? null),
    place: row.place,
    videoUrl: row.videoUrl,
    participants: row.participants,
    organizer: row.organizer,
    districtNote: row.districtNote,
    cancelReason: row.cancelReason,
    sequence: row.sequence,
    agenda: row.agenda,
    agendaGeneratedAt: row.agendaGeneratedAt,
    minutes: row.minutes,
    hmsiConfirmedByName: name(row.hmsiConfirmedBy),
    hmsiConfirmedAt: row.hmsiConfirmedAt,
    districtConfirmedByName: name(row.districtConfirmedBy),
    districtConfirmedAt: row.districtConfirmedAt,
    minutesSha256: row.minutesSha256,
    followUps: await toFollowUps(db, followUpRows.map((f) => ({ ...f, year: row.year, ags: row.ags }))),
    updatedAt: row.updatedAt,
    version: row.version,
    isDemo: row.isDemo,
  };
}

export interface MeetingSummary {
  year: number;
  ags: string;
  status: MeetingStatus;
  confirmed: { start: string; end: string } | null;
  openFollowUps: number;
}

/** Every meeting of a year (the Land list), one per district at most. */
export async function findMeetings(db: Executor, year: number): Promise<MeetingSummary[]> {
  const rows = await db.select().from(meetings).where(eq(meetings.year, year)).orderBy(asc(meetings.ags));
  const open = rows.length
    ? await db
        .select({ meetingId: meetingFollowUps.meetingId, n: sql<number>`count(*)::int` })
        .from(meetingFollowUps)
        .where(and(inArray(meetingFollowUps.meetingId, rows.map((r) => r.id)), eq(meetingFollowUps.status, 'offen')))
        .groupBy(meetingFollowUps.meetingId)
    : [];
  const openBy = new Map(open.map((o) => [o.meetingId, Number(o.n)]));
  return rows.map((r) => ({ year: r.year, ags: r.ags, status: r.status, confirmed: r.confirmedIndex === null ? null : (r.dates[r.confirmedIndex] ?? null), openFollowUps: openBy.get(r.id) ?? 0 }));
}

/** The meeting of a district and year, or null when none is scheduled. No authorisation: callers authorise. */
export async function findMeeting(db: Executor, year: number, ags: string): Promise<Meeting | null> {
  const [row] = await db.select().from(meetings).where(and(eq(meetings.year, year), eq(meetings.ags, ags)));
  return row ? toMeeting(db, row) : null;
}

/** Reads the meeting for an actor: 404 for another district's and for a meeting not scheduled. */
export async function readMeeting(db: Executor, actor: MaybeActor, year: number, ags: string): Promise<Meeting> {
  authorize(actor, 'meeting.read', { ags });
  const meeting = await findMeeting(db, year, ags);
  if (!meeting) throw new AppError('NOT_FOUND', 'Für dieses Jahr ist noch keine Umsetzungsbesprechung angesetzt.');
  return meeting;
}

/** The frozen minutes PDF (after both confirmations), or null. */
export async function readMinutesPdf(db: Executor, actor: MaybeActor, year: number, ags: string): Promise<{ pdf: Uint8Array; sha256: string } | null> {
  authorize(actor, 'meeting.read', { ags });
  const [row] = await db.select({ pdf: meetings.minutesPdf, sha256: meetings.minutesSha256 }).from(meetings).where(and(eq(meetings.year, year), eq(meetings.ags, ags)));
  return row?.pdf && row.sha256 ? { pdf: row.pdf, sha256: row.sha256 } : null;
}

/** The follow-ups still open of a district's meeting of `year` (carried into the next year's agreement draft and agenda). */
export async function findOpenFollowUps(db: Executor, year: number, ags: string): Promise<FollowUp[]> {
  const meeting = await findMeeting(db, year, ags);
  return meeting ? meeting.followUps.filter((f) => f.status === 'offen') : [];
}

/** Follow-ups of confirmed minutes that are still open, of one district or (ags null) all (calendar, tasks). */
export async function findFollowUpsOpen(db: Executor, filter: { year?: number; ags: string | null }): Promise<Array<FollowUp & { isDemo: boolean }>> {
  const rows = await db
    .select({ f: meetingFollowUps, year: meetings.year, ags: meetings.ags, isDemo: meetings.isDemo })
    .from(meetingFollowUps)
    .innerJoin(meetings, eq(meetings.id, meetingFollowUps.meetingId))
    .where(
      and(
        eq(meetingFollowUps.status, 'offen'),
        eq(meetings.status, 'protokoll_bestaetigt'),
        filter.year === undefined ? undefined : eq(meetings.year, filter.year),
        filter.ags === null ? undefined : eq(meetings.ags, filter.ags),
      ),
    )
    .orderBy(asc(meetingFollowUps.due), asc(meetingFollowUps.id));
  const followUps = await toFollowUps(db, rows.map((r) => ({ ...r.f, year: r.year, ags: r.ags })));
  return followUps.map((f, i) => ({ ...f, isDemo: rows[i]!.isDemo }));
}

/** Confirmed meeting dates (and calls-off), of one district or all, for the calendar. */
export async function findMeetingDates(db: Executor, filter: { year?: number; ags: string | null }): Promise<Array<{ year: number; ags: string; start: string; end: string; status: MeetingStatus; updatedAt: Date; isDemo: boolean }>> {
  const rows = await db
    .select()
    .from(meetings)
    .where(and(filter.year === undefined ? undefined : eq(meetings.year, filter.year), filter.ags === null ? undefined : eq(meetings.ags, filter.ags), ne(meetings.status, 'vorgeschlagen')))
    .orderBy(asc(meetings.year), asc(meetings.ags));
  return rows
    .filter((r) => r.confirmedIndex !== null && r.status !== 'abgesagt')
    .map((r) => ({ year: r.year, ags: r.ags, start: r.dates[r.confirmedIndex!]!.start, end: r.dates[r.confirmedIndex!]!.end, status: r.status, updatedAt: r.updatedAt, isDemo: r.isDemo }));
}

/**
 * What waits for the actor ("Meine Aufgaben"): a district confirms a proposed date; each side
 * confirms draft minutes it has not confirmed yet. Open follow-ups come from findFollowUpsOpen.
 */
export async function findMeetingsAwaiting(db: Executor, actor: Actor): Promise<Array<{ year: number; ags: string; task: 'confirmDate' | 'confirmMinutes' }>> {
  if (actor.role !== 'district' && actor.role !== 'hmsi') return [];
  const rows = await db
    .select()
    .from(meetings)
    .where(and(inArray(meetings.status, ['vorgeschlagen', 'protokoll_entwurf']), actor.role === 'district' ? eq(meetings.ags, actor.ags) : undefined))
    .orderBy(asc(meetings.year), asc(meetings.ags));
  const result: Array<{ year: number; ags: string; task: 'confirmDate' | 'confirmMinutes' }> = [];
  for (const r of rows) {
    if (r.status === 'vorgeschlagen' && actor.role === 'district' && r.districtNote === '') result.push({ year: r.year, ags: r.ags, task: 'confirmDate' });
    if (r.status === 'protokoll_entwurf' && (actor.role === 'district' ? r.districtConfirmedAt === null : r.hmsiConfirmedAt === null)) result.push({ year: r.year, ags: r.ags, task: 'confirmMinutes' });
  }
  return result;
}

const snapshot = (r: Row) => ({
  status: r.status,
  dates: r.dates,
  confirmedIndex: r.confirmedIndex,
  place: r.place,
  videoUrl: r.videoUrl,
  participants: r.participants,
  districtNote: r.districtNote,
  cancelReason: r.cancelReason,
  sequence: r.sequence,
  agenda: r.agenda,
  minutes: r.minutes,
  hmsiConfirmedBy: r.hmsiConfirmedBy,
  districtConfirmedBy: r.districtConfirmedBy,
  minutesSha256: r.minutesSha256,
  version: r.version,
});

async function audit(tx: Executor, actor: Actor, action: string, before: Row | null, after: Row, extra: Record<string, unknown> = {}) {
  await recordAuditEvent(tx, { actorId: actor.userId, action, recordType: 'meeting', recordId: after.id, before: before ? snapshot(before) : null, after: { year: after.year, ags: after.ags, ...snapshot(after), ...extra } });
}

const CONFLICT = 'Die Umsetzungsbesprechung wurde inzwischen geändert. Bitte laden Sie die Seite neu und prüfen Sie den aktuellen Stand.';

async function lock(tx: Executor, actor: MaybeActor, year: number, ags: string, action: Parameters<typeof authorize>[1], version: number): Promise<{ actor: Actor; row: Row }> {
  authorize(actor, 'meeting.read', { ags });
  const [row] = await tx.select().from(meetings).where(and(eq(meetings.year, year), eq(meetings.ags, ags))).for('update');
  if (!row) throw new AppError('NOT_FOUND', 'Für dieses Jahr ist noch keine Umsetzungsbesprechung angesetzt.');
  authorize(actor, action, { ags, status: row.status });
  if (row.version !== version) throw new AppError('CONFLICT', CONFLICT);
  return { actor, row };
}

function step(action: Parameters<typeof transitionFor>[0], from: MeetingStatus): MeetingStatus {
  const to = transitionFor(action, from);
  if (to === null) throw new AppError('INVALID_STATE_TRANSITION', 'In diesem Status ist das nicht möglich.');
  return to;
}

/** The default participants: the district's active coordinators and the scheduling HMSI clerk. */
export async function defaultParticipants(db: Executor, ags: string, clerk: Actor): Promise<Participant[]> {
  const people = (await findUsers(db)).filter((u) => u.isActive && u.role === 'district' && u.ags === ags);
  const me = await getUser(db, clerk.userId);
  const list = [...people.map((u) => ({ email: u.email, name: u.name })), { email: me.email, name: me.name }];
  return list.filter((p, i) => list.findIndex((q) => q.email === p.email) === i);
}

/**
 * HMSI schedules the meeting of a district and year (1–5 proposed dates, place or video link,
 * participants) or proposes again while it is `vorgeschlagen` or `terminiert` (the confirmed date
 * is dropped, SEQUENCE raised; the next confirmation mails an updated invitation).
 */
export async function scheduleMeeting(tx: Executor, actor: MaybeActor, year: number, ags: string, input: unknown): Promise<Meeting> {
  authorize(actor, 'meeting.schedule', { ags });
  const data = unwrapZod(ScheduleMeetingSchema.safeParse(input));
  await getBudgetYear(tx, year);
  await getDistrict(tx, ags);
  const participants = data.participants ?? (await defaultParticipants(tx, ags, actor));
  const [existing] = await tx.select().from(meetings).where(and(eq(meetings.year, year), eq(meetings.ags, ags))).for('update');
  if (!existing) {
    if (data.version !== undefined) throw new AppError('CONFLICT', CONFLICT);
    const clerk = await getUser(tx, actor.userId);
    const [row] = await tx
      .insert(meetings)
      .values({ year, ags, dates: data.dates.map((d) => ({ start: new Date(d.start).toISOString(), end: new Date(d.end).toISOString() })), place: data.place, videoUrl: data.videoUrl, participants, organizer: { email: clerk.email, name: clerk.name }, createdBy: actor.userId })
      .returning();
    await audit(tx, actor, 'meeting.schedule', null, row!);
    return toMeeting(tx, row!);
  }
  const { row } = await lock(tx, actor, year, ags, 'meeting.schedule', data.version ?? -1);
  const to = step('meeting.schedule', row.status);
  const [updated] = await tx
    .update(meetings)
    .set({
      status: to,
      dates: data.dates.map((d) => ({ start: new Date(d.start).toISOString(), end: new Date(d.end).toISOString() })),
      confirmedIndex: null,
      place: data.place,
      videoUrl: data.videoUrl,
      participants,
      districtNote: '',
      sequence: row.status === 'terminiert' ? row.sequence + 1 : row.sequence,
      updatedAt: new Date(),
      version: row.version + 1,
    })
    .where(eq(meetings.id, row.id))
    .returning();
  await audit(tx, actor, 'meeting.schedule', row, updated!);
  return toMeeting(tx, updated!);
}

/** The district asks for other dates (stays `vorgeschlagen`, with its note for HMSI). */
export async function requestOtherDates(tx: Executor, actor: MaybeActor, year: number, ags: string, input: unknown): Promise<Meeting> {
  const data = unwrapZod(RequestOtherDatesSchema.safeParse(input));
  const { actor: who, row } = await lock(tx, actor, year, ags, 'meeting.requestOtherDates', data.version);
  const [updated] = await tx.update(meetings).set({ status: step('meeting.requestOtherDates', row.status), districtNote: data.note, updatedAt: new Date(), version: row.version + 1 }).where(eq(meetings.id, row.id)).returning();
  await audit(tx, who, 'meeting.requestOtherDates', row, updated!);
  return toMeeting(tx, updated!);
}

async function mailInvitation(tx: Executor, meeting: Meeting, organizer: Participant, method: 'REQUEST' | 'CANCEL', baseUrl: string): Promise<number> {
  const district = await getDistrict(tx, meeting.ags);
  const url = `${baseUrl}${meetingPath(meeting.year, meeting.ags)}`;
  const ics = meetingIcs(meeting, organizer, district.officialName, method, url);
  const date = meeting.confirmed!;
  const when = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'full', timeStyle: 'short' });
  const title = meetingTitle(meeting, district.officialName);
  let n = 0;
  for (const person of meeting.participants) {
    const text =
      method === 'REQUEST'
        ? `Guten Tag ${person.name},\n\nder Termin der ${title} steht fest:\n\n${when.format(new Date(date.start))} Uhr bis ${new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', timeStyle: 'short' }).format(new Date(date.end))} Uhr\n${[meeting.place, meeting.videoUrl].filter((v) => v !== '').join('\n')}\n\nDie Einladung für Ihren Kalender liegt bei (einladung.ics). Tagesordnung: ${url}\n`
        : `Guten Tag ${person.name},\n\ndie ${title} am ${when.format(new Date(date.start))} Uhr ist abgesagt.\nGrund: ${meeting.cancelReason}\n\nDie Absage für Ihren Kalender liegt bei (absage.ics).\n`;
    const id = await enqueueMail(tx, {
      to: person.email,
      subject: method === 'REQUEST' ? `Einladung: ${title}` : `Abgesagt: ${title}`,
      text,
      kind: method === 'REQUEST' ? 'umsetzungsbesprechung-einladung' : 'umsetzungsbesprechung-absage',
      dedupeKey: `meeting:${meeting.id}:${method}:${meeting.sequence}:${person.email}`,
      attachments: [icsAttachment(ics, method)],
    });
    if (id !== null) n++;
  }
  return n;
}

/**
 * The district confirms one proposed date: `vorgeschlagen → terminiert`; the invitation
 * (METHOD:REQUEST) is written into the outbox for every participant in the same transaction.
 */
export async function confirmMeetingDate(tx: Executor, actor: MaybeActor, year: number, ags: string, input: unknown, options: { baseUrl: string }): Promise<Meeting> {
  const data = unwrapZod(ConfirmDateSchema.safeParse(input));
  const { actor: who, row } = await lock(tx, actor, year, ags, 'meeting.confirmDate', data.version);
  if (data.dateIndex >= row.dates.length) throw new AppError('VALIDATION_FAILED', 'Bitte wählen Sie einen der vorgeschlagenen Termine.', { issues: [{ path: 'dateIndex', message: 'Bitte wählen Sie einen der vorgeschlagenen Termine.' }] });
  const [updated] = await tx
    .update(meetings)
    .set({ status: step('meeting.confirmDate', row.status), confirmedIndex: data.dateIndex, districtNote: '', updatedAt: new Date(), version: row.version + 1 })
    .where(eq(meetings.id, row.id))
    .returning();
  const meeting = await toMeeting(tx, updated!);
  const mails = await mailInvitation(tx, meeting, meeting.organizer, 'REQUEST', options.baseUrl);
  await audit(tx, who, 'meeting.confirmDate', row, updated!, { invitationsQueued: mails });
  return meeting;
}

/** HMSI calls the meeting off, with a reason: `vorgeschlagen | terminiert → abgesagt`; a fixed date gets a CANCEL mail (SEQUENCE raised). */
export async function cancelMeeting(tx: Executor, actor: MaybeActor, year: number, ags: string, input: unknown, options: { baseUrl: string }): Promise<Meeting> {
  const data = unwrapZod(CancelMeetingSchema.safeParse(input));
  const { actor: who, row } = await lock(tx, actor, year, ags, 'meeting.cancel', data.version);
  const wasFixed = row.status === 'terminiert';
  const [updated] = await tx
    .update(meetings)
    .set({ status: step('meeting.cancel', row.status), cancelReason: data.reason, sequence: wasFixed ? row.sequence + 1 : row.sequence, updatedAt: new Date(), version: row.version + 1 })
    .where(eq(meetings.id, row.id))
    .returning();
  const meeting = await toMeeting(tx, updated!);
  const mails = wasFixed ? await mailInvitation(tx, meeting, meeting.organizer, 'CANCEL', options.baseUrl) : 0;
  await audit(tx, who, 'meeting.cancel', row, updated!, { cancellationsQueued: mails });
  return meeting;
}

/** The agenda edited before the meeting (items added, removed, reordered by the form or the API body). */
export async function updateAgenda(tx: Executor, actor: MaybeActor, year: number, ags: string, input: unknown): Promise<Meeting> {
  const data = unwrapZod(UpdateAgendaSchema.safeParse(input));
  const { actor: who, row } = await lock(tx, actor, year, ags, 'meeting.editAgenda', data.version);
  const [updated] = await tx.update(meetings).set({ agenda: data.items, updatedAt: new Date(), version: row.version + 1 }).where(eq(meetings.id, row.id)).returning();
  await audit(tx, who, 'meeting.editAgenda', row, updated!);
  return toMeeting(tx, updated!);
}

const de = (iso: string) => iso.split('-').reverse().map((p, i) => (i < 2 ? String(Number(p)) : p)).join('.');

/**
 * The agenda from the live figures (the monitoring row, agenda-figures.ts): money (allocation,
 * bewilligt, abgerufen, ausgezahlt, verwendet), planned against filled places per Maßnahmenart,
 * open deviations, the open follow-ups of last year's confirmed minutes.
 */
export async function buildAgenda(db: Executor, year: number, ags: string, referenceDate: string): Promise<AgendaItem[]> {
  const figures = await readAgendaFigures(db, year, ags, referenceDate);
  const deviations = (await findDeviations(db, { year, ags })).filter((d) => d.status !== 'bewertet');
  const previous = await findFollowUpsOpen(db, { year: year - 1, ags });
  const money = [
    `Zuweisung (Mittelankündigung): ${figures.allocationCents === null ? 'noch nicht festgelegt' : formatEuro(figures.allocationCents)}`,
    `Bewilligt: ${formatEuro(figures.approvedCents)}`,
    `Abgerufen: ${formatEuro(figures.requestedCents)}`,
    `Ausgezahlt: ${formatEuro(figures.paidCents)}`,
    `Verwendet: ${formatEuro(figures.usedCents)}`,
  ].join('\n');
  const places = figures.places.length
    ? [...figures.places.map((p) => `${p.label}: ${p.planned} Plätze geplant, ${p.filled} belegt`), `Zusammen: ${figures.totalPlaces.planned} Plätze geplant, ${figures.totalPlaces.filled} belegt`].join('\n')
    : 'Für dieses Jahr sind keine Plätze in laufenden Projekten geplant.';
  return [
    { title: 'Begrüßung und Feststellung der Tagesordnung', text: '' },
    { title: `Finanzstand ${year} (Stand ${de(referenceDate)})`, text: money },
    { title: 'Plätze: geplant und besetzt', text: places },
    { title: 'Offene Abweichungen', text: deviations.length ? deviations.map((d) => `${d.subject} (seit ${de(d.since)}, ${d.status === 'offen' ? 'noch nicht begründet' : 'begründet, noch nicht bewertet'})`).join('\n') : 'Keine offenen Abweichungen.' },
    { title: `Offene Folgeaufgaben aus der Umsetzungsbesprechung ${year - 1}`, text: previous.length ? previous.map((f) => `${f.what} – ${f.who}, bis ${de(f.due)}`).join('\n') : 'Keine offenen Folgeaufgaben.' },
    { title: 'Verschiedenes', text: '' },
  ];
}

/** "Aus aktuellen Zahlen neu erzeugen": replaces the agenda (confirmed on a page before). */
export async function regenerateAgenda(tx: Executor, actor: MaybeActor, year: number, ags: string, input: unknown, options: { today: string }): Promise<Meeting> {
  const data = unwrapZod(VersionOnlySchema.safeParse(input));
  const { actor: who, row } = await lock(tx, actor, year, ags, 'meeting.editAgenda', data.version);
  const agenda = await buildAgenda(tx, year, ags, options.today);
  const [updated] = await tx.update(meetings).set({ agenda, agendaGeneratedAt: new Date(), updatedAt: new Date(), version: row.version + 1 }).where(eq(meetings.id, row.id)).returning();
  await audit(tx, who, 'meeting.regenerateAgenda', row, updated!);
  return toMeeting(tx, updated!);
}

/** After the meeting HMSI opens the minutes: `terminiert → protokoll_entwurf`, one empty entry per agenda item. */
export async function startMinutes(tx: Executor, actor: MaybeActor, year: number, ags: string, input: unknown): Promise<Meeting> {
  const data = unwrapZod(VersionOnlySchema.safeParse(input));
  const { actor: who, row } = await lock(tx, actor, year, ags, 'meeting.startMinutes', data.version);
  const minutes = { attendees: row.participants.map((p) => p.name).join('\n'), items: row.agenda.map(() => ({ discussion: '', decisions: '' })) };
  const [updated] = await tx.update(meetings).set({ status: step('meeting.startMinutes', row.status), minutes, updatedAt: new Date(), version: row.version + 1 }).where(eq(meetings.id, row.id)).returning();
  await audit(tx, who, 'meeting.startMinutes', row, updated!);
  return toMeeting(tx, updated!);
}

/** Saves the draft minutes and their follow-ups as a whole; any change resets a confirmation already given. */
export async function updateMinutes(tx: Executor, actor: MaybeActor, year: number, ags: string, input: unknown): Promise<Meeting> {
  const data = unwrapZod(UpdateMinutesSchema.safeParse(input));
  const { actor: who, row } = await lock(tx, actor, year, ags, 'meeting.editMinutes', data.version);
  const issues = data.followUps.flatMap((f, i) => {
    const list: Array<{ path: string; message: string }> = [];
    if (!isRealIsoDate(f.due)) list.push({ path: `followUps.${i}.due`, message: 'Bitte ein gültiges Datum angeben, z. B. 31.3.2027.' });
    if (f.agendaIndex !== null && f.agendaIndex >= row.agenda.length) list.push({ path: `followUps.${i}.agendaIndex`, message: 'Diesen Tagesordnungspunkt gibt es nicht.' });
    return list;
  });
  if (data.items.length !== row.agenda.length) issues.push({ path: 'items', message: `Das Protokoll hat ${row.agenda.length} Tagesordnungspunkte.` });
  if (issues.length) throw new AppError('VALIDATION_FAILED', issues[0]!.message, { issues });
  const before = await tx.select().from(meetingFollowUps).where(eq(meetingFollowUps.meetingId, row.id)).orderBy(asc(meetingFollowUps.position));
  const same =
    JSON.stringify({ attendees: data.attendees, items: data.items }) === JSON.stringify(row.minutes) &&
    JSON.stringify(data.followUps) === JSON.stringify(before.map((f) => ({ what: f.what, who: f.who, due: f.due, agendaIndex: f.agendaIndex })));
  const [updated] = await tx
    .update(meetings)
    .set({
      minutes: { attendees: data.attendees, items: data.items },
      ...(same ? {} : { hmsiConfirmedBy: null, hmsiConfirmedAt: null, districtConfirmedBy: null, districtConfirmedAt: null }),
      updatedAt: new Date(),
      version: row.version + 1,
    })
    .where(eq(meetings.id, row.id))
    .returning();
  await tx.delete(meetingFollowUps).where(eq(meetingFollowUps.meetingId, row.id));
  if (data.followUps.length) await tx.insert(meetingFollowUps).values(data.followUps.map((f, position) => ({ meetingId: row.id, position, agendaIndex: f.agendaIndex, what: f.what, who: f.who, due: f.due })));
  await audit(tx, who, 'meeting.editMinutes', row, updated!, { followUps: data.followUps, confirmationsReset: !same && (row.hmsiConfirmedAt !== null || row.districtConfirmedAt !== null) });
  return toMeeting(tx, updated!);
}

/**
 * One side confirms the minutes (an HMSI user for the ministry, a district user for the district).
 * The second confirmation freezes them: `protokoll_entwurf → protokoll_bestaetigt`, the PDF (rendered
 * before the transaction) stored with its SHA-256, no edit afterwards.
 */
export async function confirmMinutes(database: AppDatabase, actor: MaybeActor, year: number, ags: string, input: unknown): Promise<Meeting> {
  const data = unwrapZod(VersionOnlySchema.safeParse(input));
  authorize(actor, 'meeting.read', { ags });
  const current = await readMeeting(database.db, actor, year, ags);
  authorize(actor, 'meeting.confirmMinutes', { ags, status: current.status });
  if (current.version !== data.version) throw new AppError('CONFLICT', CONFLICT);
  const side: 'hmsi' | 'district' = actor.role === 'district' ? 'district' : 'hmsi';
  const otherDone = side === 'hmsi' ? current.districtConfirmedAt !== null : current.hmsiConfirmedAt !== null;
  const now = new Date();
  const myName = (await getUser(database.db, actor.userId)).name;
  const pdf = otherDone
    ? await renderMinutesPdf(database.db, { ...current, ...(side === 'hmsi' ? { hmsiConfirmedAt: now, hmsiConfirmedByName: myName } : { districtConfirmedAt: now, districtConfirmedByName: myName }) })
    : null;
  return database.db.transaction(async (tx) => {
    const { actor: who, row } = await lock(tx, actor, year, ags, 'meeting.confirmMinutes', data.version);
    const mine = side === 'hmsi' ? { hmsiConfirmedBy: who.userId, hmsiConfirmedAt: now } : { districtConfirmedBy: who.userId, districtConfirmedAt: now };
    if ((side === 'hmsi' ? row.hmsiConfirmedAt : row.districtConfirmedAt) !== null) throw new AppError('INVALID_STATE_TRANSITION', 'Sie haben das Protokoll für Ihre Seite schon bestätigt.');
    const sha256 = pdf ? createHash('sha256').update(pdf).digest('hex') : null;
    const [updated] = await tx
      .update(meetings)
      .set({ ...mine, ...(pdf ? { status: step('meeting.confirmMinutes', row.status), minutesPdf: pdf, minutesSha256: sha256 } : {}), updatedAt: now, version: row.version + 1 })
      .where(eq(meetings.id, row.id))
      .returning();
    await audit(tx, who, 'meeting.confirmMinutes', row, updated!, { side });
    // Both sides confirmed: the figures as they stood become the monitoring's "seit der letzten
    // Besprechung" reference (in the same transaction; the system records it, not the confirming side).
    if (pdf) await recordMonitoringSnapshot(tx, 'system', { year, ags, reason: `Protokoll der Umsetzungsbesprechung ${year} bestätigt` });
    return toMeeting(tx, updated!);
  });
}

/** A follow-up of confirmed minutes marked erledigt (or offen again) by the district or HMSI. */
export async function markFollowUp(tx: Executor, actor: MaybeActor, year: number, ags: string, followUpId: number, input: unknown): Promise<FollowUp> {
  const data = unwrapZod(MarkFollowUpSchema.safeParse(input));
  authorize(actor, 'meeting.read', { ags });
  const [found] = await tx
    .select({ f: meetingFollowUps, status: meetings.status })
    .from(meetingFollowUps)
    .innerJoin(meetings, eq(meetings.id, meetingFollowUps.meetingId))
    .where(and(eq(meetingFollowUps.id, followUpId), eq(meetings.year, year), eq(meetings.ags, ags)))
    .for('update');
  if (!found) throw new AppError('NOT_FOUND', 'Diese Folgeaufgabe gibt es nicht.');
  authorize(actor, 'meeting.markFollowUp', { ags, status: found.status });
  if (found.f.version !== data.version) throw new AppError('CONFLICT', 'Die Folgeaufgabe wurde inzwischen geändert. Bitte laden Sie die Seite neu.');
  const done = data.status === 'erledigt';
  const [updated] = await tx
    .update(meetingFollowUps)
    .set({ status: data.status, doneBy: done ? actor.userId : null, doneAt: done ? new Date() : null, version: found.f.version + 1 })
    .where(eq(meetingFollowUps.id, followUpId))
    .returning();
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'meeting.markFollowUp', recordType: 'meeting_follow_up', recordId: followUpId, before: { status: found.f.status, version: found.f.version }, after: { year, ags, status: updated!.status, version: updated!.version } });
  return (await toFollowUps(tx, [{ ...updated!, year, ags }]))[0]!;
}

/** Whether the actor may see the agreement-draft hint etc.: a convenience for other modules' views. */
export function canReadMeetings(actor: MaybeActor, ags: string): boolean {
  return can(actor, 'meeting.read', { ags });
}

/** Removes the demo meetings (their follow-ups cascade). */
export async function removeDemoMeetings(tx: Executor): Promise<void> {
  await tx.delete(meetings).where(eq(meetings.isDemo, true));
}

/** Follow-ups overdue on `today` (for tests and the calendar's marking). */
export async function countOverdueFollowUps(db: Executor, ags: string, today: string): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(meetingFollowUps)
    .innerJoin(meetings, eq(meetings.id, meetingFollowUps.meetingId))
    .where(and(eq(meetings.ags, ags), eq(meetingFollowUps.status, 'offen'), lt(meetingFollowUps.due, today)));
  return Number(rows[0]?.n ?? 0);
}
