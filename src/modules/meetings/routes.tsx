import { type Context, Hono } from 'hono';
import type { AppDatabase } from '../../platform/db/client';
import { AppError, isAppError } from '../../platform/errors';
import { csrfToken } from '../../platform/http/csrf';
import { agsParam, formVersion, idParam, yearParam } from '../../platform/http/route-params';
import { parseGermanDate } from '../../platform/input';
import type { FieldErrors } from '../../ui/forms';
import { renderPage } from '../../ui/render';
import { requireActor } from '../access/middleware';
import { type Actor, authorize, can } from '../access/policy';
import { chooseBudgetYear, getBudgetYear } from '../budget-years/service';
import { findDistricts, getDistrict } from '../districts/service';
import { berlinInstant, berlinParts } from '../events/service';
import { renderAgendaDocx, renderAgendaPdf } from './documents';
import { meetingIcs } from './invitation';
import {
  cancelMeeting,
  confirmMeetingDate,
  confirmMinutes,
  findMeeting,
  findMeetings,
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
import type { Meeting } from './schema';
import { AgendaFormPage, ConfirmStepPage, MeetingListPage, MeetingPage, meetingPagePath, type MinutesValues, MinutesFormPage, type ScheduleValues, ScheduleMeetingPage } from './views/meeting-pages';

const str = (body: Record<string, unknown>, name: string, max: number) => (typeof body[name] === 'string' ? (body[name] as string).slice(0, max) : '');
const deDate = (iso: string) => iso.split('-').reverse().map((p, i) => (i < 2 ? String(Number(p)) : p)).join('.');

function issuesToFields(error: AppError, map: (path: string) => string, fallback: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[map(issue.path) || fallback] ??= issue.message;
  if (Object.keys(errors).length === 0) errors[fallback] = error.message;
  return errors;
}

const download = (c: Context, bytes: Uint8Array, type: string, filename: string) =>
  c.body(new Uint8Array(bytes), 200, { 'content-type': type, 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'private, no-store' });

/**
 * The Umsetzungsbesprechung (§ 6): the Land list, the meeting page, scheduling, the district's
 * answer, agenda, minutes with both confirmations, follow-ups, and the downloads (.ics, PDF, DOCX).
 */
export function meetingRoutes({ database }: { database: AppDatabase }) {
  const app = new Hono();
  const db = database.db;
  const P = '/umsetzungsbesprechungen/:year/:ags';
  const params = (c: Context) => ({ year: yearParam(c.req.param('year')), ags: agsParam(c.req.param('ags')) });
  const origin = (c: Context) => new URL(c.req.url).origin;

  app.get('/umsetzungsbesprechungen', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'meeting.read');
    const { years, year } = await chooseBudgetYear(db, c.req.query('jahr'));
    const shown = year ?? new Date().getFullYear();
    if (actor.role === 'district') return c.redirect(meetingPagePath(shown, actor.ags), 303);
    const list = year === null ? [] : await findMeetings(db, year);
    const by = new Map(list.map((m) => [m.ags, m]));
    const rows = (await findDistricts(db)).map((d) => ({ ags: d.ags, name: d.officialName, status: by.get(d.ags)?.status ?? null, confirmed: by.get(d.ags)?.confirmed ?? null, openFollowUps: by.get(d.ags)?.openFollowUps ?? 0 }));
    return renderPage(c, <MeetingListPage year={shown} years={years} rows={rows} />);
  });

  async function meetingPage(c: Context, year: number, ags: string, extra: { errors?: FieldErrors; note?: string; notice?: string } = {}, status = 200) {
    const actor = requireActor(c);
    authorize(actor, 'meeting.read', { ags });
    await getBudgetYear(db, year);
    const district = await getDistrict(db, ags);
    const meeting = await findMeeting(db, year, ags);
    const s = meeting?.status;
    const r = (action: Parameters<typeof can>[1]) => can(actor, action, { ags, ...(s ? { status: s } : {}) });
    const confirmedMine = meeting ? (actor.role === 'district' ? meeting.districtConfirmedAt !== null : meeting.hmsiConfirmedAt !== null) : false;
    return renderPage(
      c,
      <MeetingPage
        year={year}
        ags={ags}
        districtName={district.officialName}
        meeting={meeting}
        csrf={csrfToken(c)}
        can={{
          schedule: r('meeting.schedule'),
          answer: meeting !== null && r('meeting.confirmDate'),
          cancel: meeting !== null && r('meeting.cancel'),
          editAgenda: meeting !== null && r('meeting.editAgenda'),
          startMinutes: meeting !== null && r('meeting.startMinutes'),
          editMinutes: meeting !== null && r('meeting.editMinutes'),
          confirmMinutes: meeting !== null && r('meeting.confirmMinutes'),
          markFollowUp: meeting !== null && r('meeting.markFollowUp'),
        }}
        confirmedMine={confirmedMine}
        {...extra}
      />,
      status as 200,
    );
  }

  const NOTICES: Record<string, string> = {
    angesetzt: 'Die Terminvorschläge wurden gespeichert.',
    terminiert: 'Der Termin ist bestätigt; die Einladung geht an alle Teilnehmenden.',
    andere: 'Ihre Bitte um andere Termine wurde gespeichert.',
    abgesagt: 'Die Besprechung ist abgesagt.',
    tagesordnung: 'Die Tagesordnung wurde gespeichert.',
    protokoll: 'Das Protokoll wurde gespeichert.',
    bestaetigt: 'Ihre Bestätigung des Protokolls wurde gespeichert.',
    folgeaufgabe: 'Die Folgeaufgabe wurde geändert.',
  };
  const done = (c: Context, year: number, ags: string, key: string) => c.redirect(`${meetingPagePath(year, ags)}?gespeichert=${key}`, 303);

  app.get(P, (c) => {
    const { year, ags } = params(c);
    return meetingPage(c, year, ags, { notice: NOTICES[c.req.query('gespeichert') ?? ''] });
  });

  async function districtName(ags: string) {
    return (await getDistrict(db, ags)).officialName;
  }

  function confirmPage(c: Context, year: number, ags: string, name: string, title: string, text: string, path: string, fields: Record<string, string>, button: string) {
    return renderPage(c, <ConfirmStepPage title={title} districtName={name} year={year} text={text} action={`${meetingPagePath(year, ags)}${path}`} csrf={csrfToken(c)} fields={fields} button={button} back={meetingPagePath(year, ags)} />);
  }

  // ---- scheduling ----------------------------------------------------------------------------

  function valuesOf(meeting: Meeting | null): ScheduleValues {
    if (!meeting) return { dates: [], place: '', videoUrl: '', participants: '' };
    return {
      dates: meeting.dates.map((d) => ({ date: deDate(berlinParts(new Date(d.start)).date), from: berlinParts(new Date(d.start)).time, to: berlinParts(new Date(d.end)).time })),
      place: meeting.place,
      videoUrl: meeting.videoUrl,
      participants: meeting.participants.map((p) => `${p.name} <${p.email}>`).join('\n'),
    };
  }

  app.get(`${P}/ansetzen`, async (c) => {
    const actor = requireActor(c);
    const { year, ags } = params(c);
    await getBudgetYear(db, year);
    const meeting = await findMeeting(db, year, ags);
    authorize(actor, 'meeting.schedule', { ags, ...(meeting ? { status: meeting.status } : {}) });
    return renderPage(c, <ScheduleMeetingPage year={year} ags={ags} districtName={await districtName(ags)} version={meeting?.version ?? null} values={valuesOf(meeting)} csrf={csrfToken(c)} />);
  });

  app.post(`${P}/ansetzen`, async (c) => {
    const actor = requireActor(c);
    const { year, ags } = params(c);
    await getBudgetYear(db, year);
    const meeting = await findMeeting(db, year, ags);
    authorize(actor, 'meeting.schedule', { ags, ...(meeting ? { status: meeting.status } : {}) });
    const body = await c.req.parseBody();
    const values: ScheduleValues = {
      dates: [0, 1, 2, 3, 4].map((i) => ({ date: str(body, `datum${i}`, 40), from: str(body, `von${i}`, 10), to: str(body, `bis${i}`, 10) })).filter((d, i) => i === 0 || d.date.trim() !== '' || d.from.trim() !== '' || d.to.trim() !== ''),
      place: str(body, 'ort', 600),
      videoUrl: str(body, 'video', 600),
      participants: str(body, 'teilnehmende', 20_000),
    };
    const errors: FieldErrors = {};
    const dates: Array<{ start: string; end: string }> = [];
    values.dates.forEach((d, i) => {
      const iso = parseGermanDate(d.date);
      if (!iso) errors[`datum${i}`] = 'Bitte ein gültiges Datum angeben, z. B. 14.10.2026.';
      const time = (t: string, key: string) => {
        if (/^([01]?\d|2[0-3])[:.][0-5]\d$/.test(t.trim())) return t.trim().replace('.', ':').padStart(5, '0');
        errors[key] = 'Bitte eine Uhrzeit angeben, z. B. 10:00.';
        return null;
      };
      const from = time(d.from, `von${i}`);
      const to = time(d.to, `bis${i}`);
      if (iso && from && to) dates.push({ start: berlinInstant(iso, from).toISOString(), end: berlinInstant(iso, to).toISOString() });
    });
    const participants: Array<{ name: string; email: string }> = [];
    for (const line of values.participants.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '')) {
      const m = /^(.*?)\s*<([^<>\s]+)>$/.exec(line);
      if (!m || !m[1]) {
        errors.teilnehmende ??= `Bitte „Name <E-Mail-Adresse>“ je Zeile angeben (Zeile „${line.slice(0, 60)}“).`;
        continue;
      }
      participants.push({ name: m[1], email: m[2]! });
    }
    const formPage = (errs: FieldErrors) => renderPage(c, <ScheduleMeetingPage year={year} ags={ags} districtName="" version={meeting?.version ?? null} values={values} csrf={csrfToken(c)} errors={errs} />, 422);
    if (Object.keys(errors).length) return formPage(errors);
    try {
      await db.transaction((tx) =>
        scheduleMeeting(tx, actor, year, ags, { ...(meeting ? { version: formVersion(body) } : {}), dates, place: values.place, videoUrl: values.videoUrl, ...(participants.length ? { participants } : {}) }),
      );
    } catch (error) {
      if (isAppError(error) && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) {
        const map = (path: string) => {
          const [head, index, field] = path.split('.');
          if (head === 'dates') return field === 'end' ? `bis${index}` : `datum${index ?? 0}`;
          return ({ place: 'ort', videoUrl: 'video', participants: 'teilnehmende' } as Record<string, string>)[head ?? ''] ?? '';
        };
        return formPage(issuesToFields(error, map, 'datum0'));
      }
      throw error;
    }
    return done(c, year, ags, 'angesetzt');
  });

  app.post(`${P}/termin-bestaetigen`, async (c) => {
    const actor = requireActor(c);
    const { year, ags } = params(c);
    const meeting = await readMeeting(db, actor, year, ags);
    authorize(actor, 'meeting.confirmDate', { ags, status: meeting.status });
    const body = await c.req.parseBody();
    const index = Number(str(body, 'termin', 2));
    const chosen = Number.isInteger(index) ? meeting.dates[index] : undefined;
    if (!chosen || str(body, 'termin', 2) === '') return meetingPage(c, year, ags, { errors: { termin: 'Bitte wählen Sie einen der vorgeschlagenen Termine.' } }, 422);
    if (body.bestaetigt !== '1') {
      const when = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'full', timeStyle: 'short' }).format(new Date(chosen.start));
      return confirmPage(c, year, ags, await districtName(ags), 'Termin bestätigen', `Sie bestätigen den Termin ${when} Uhr. Alle Teilnehmenden erhalten danach eine Einladung per E-Mail.`, '/termin-bestaetigen', { version: String(formVersion(body)), termin: String(index) }, 'Termin verbindlich bestätigen');
    }
    try {
      await db.transaction((tx) => confirmMeetingDate(tx, actor, year, ags, { version: formVersion(body), dateIndex: index }, { baseUrl: origin(c) }));
    } catch (error) {
      if (isAppError(error) && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) return meetingPage(c, year, ags, { errors: { termin: error.message } }, error.code === 'CONFLICT' ? 409 : 422);
      throw error;
    }
    return done(c, year, ags, 'terminiert');
  });

  app.post(`${P}/andere-termine`, async (c) => {
    const actor = requireActor(c);
    const { year, ags } = params(c);
    const meeting = await readMeeting(db, actor, year, ags);
    authorize(actor, 'meeting.requestOtherDates', { ags, status: meeting.status });
    const body = await c.req.parseBody();
    const note = str(body, 'notiz', 4000);
    try {
      await db.transaction((tx) => requestOtherDates(tx, actor, year, ags, { version: formVersion(body), note }));
    } catch (error) {
      if (isAppError(error) && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) return meetingPage(c, year, ags, { errors: { notiz: error.issues[0]?.message ?? error.message }, note }, error.code === 'CONFLICT' ? 409 : 422);
      throw error;
    }
    return done(c, year, ags, 'andere');
  });

  app.post(`${P}/absagen`, async (c) => {
    const actor = requireActor(c);
    const { year, ags } = params(c);
    const meeting = await readMeeting(db, actor, year, ags);
    authorize(actor, 'meeting.cancel', { ags, status: meeting.status });
    const body = await c.req.parseBody();
    const reason = str(body, 'grund', 4000);
    if (reason.trim() === '') return meetingPage(c, year, ags, { errors: { grund: 'Bitte geben Sie den Grund der Absage an.' } }, 422);
    if (body.bestaetigt !== '1') {
      return confirmPage(c, year, ags, await districtName(ags), 'Besprechung absagen', `Die Besprechung wird abgesagt (Grund: ${reason}). ${meeting.status === 'terminiert' ? 'Alle Teilnehmenden erhalten eine Absage per E-Mail. ' : ''}Das lässt sich nicht rückgängig machen.`, '/absagen', { version: String(formVersion(body)), grund: reason }, 'Verbindlich absagen');
    }
    try {
      await db.transaction((tx) => cancelMeeting(tx, actor, year, ags, { version: formVersion(body), reason }, { baseUrl: origin(c) }));
    } catch (error) {
      if (isAppError(error) && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) return meetingPage(c, year, ags, { errors: { grund: error.issues[0]?.message ?? error.message } }, error.code === 'CONFLICT' ? 409 : 422);
      throw error;
    }
    return done(c, year, ags, 'abgesagt');
  });

  app.get(`${P}/einladung.ics`, async (c) => {
    const actor = requireActor(c);
    const { year, ags } = params(c);
    const meeting = await readMeeting(db, actor, year, ags);
    if (!meeting.confirmed || meeting.status === 'abgesagt') throw new AppError('NOT_FOUND', 'Für diese Besprechung ist kein Termin bestätigt.');
    const ics = meetingIcs(meeting, meeting.organizer, await districtName(ags), 'REQUEST', `${origin(c)}${meetingPagePath(year, ags)}`);
    return c.body(ics, 200, { 'content-type': 'text/calendar; charset=utf-8; method=REQUEST', 'content-disposition': `attachment; filename="Umsetzungsbesprechung_${year}_${ags}.ics"` });
  });

  // ---- agenda --------------------------------------------------------------------------------

  async function agendaPage(c: Context, year: number, ags: string, meeting: Meeting, items: Array<{ title: string; text: string }>, errors?: FieldErrors, status = 200) {
    return renderPage(c, <AgendaFormPage year={year} ags={ags} districtName={await districtName(ags)} meeting={meeting} items={items} csrf={csrfToken(c)} errors={errors} />, status as 200);
  }

  app.get(`${P}/tagesordnung`, async (c) => {
    const actor = requireActor(c);
    const { year, ags } = params(c);
    const meeting = await readMeeting(db, actor, year, ags);
    authorize(actor, 'meeting.editAgenda', { ags, status: meeting.status });
    return agendaPage(c, year, ags, meeting, meeting.agenda);
  });

  app.post(`${P}/tagesordnung`, async (c) => {
    const actor = requireActor(c);
    const { year, ags } = params(c);
    const meeting = await readMeeting(db, actor, year, ags);
    authorize(actor, 'meeting.editAgenda', { ags, status: meeting.status });
    const body = await c.req.parseBody();
    const rows: Array<{ nr: number; i: number; title: string; text: string }> = [];
    for (let i = 0; i <= meeting.agenda.length && i < 31; i++) {
      if (body[`entfernen${i}`] === '1') continue;
      const title = str(body, `titel${i}`, 400);
      const text = str(body, `text${i}`, 6000);
      if (title.trim() === '' && text.trim() === '') continue;
      const nr = Number(str(body, `nr${i}`, 4));
      rows.push({ nr: Number.isFinite(nr) ? nr : i + 1, i, title, text });
    }
    rows.sort((a, b) => a.nr - b.nr || a.i - b.i);
    const items = rows.map((r) => ({ title: r.title, text: r.text }));
    try {
      await db.transaction((tx) => updateAgenda(tx, actor, year, ags, { version: formVersion(body), items }));
    } catch (error) {
      if (isAppError(error) && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) {
        const map = (path: string) => {
          const [, index, field] = path.split('.');
          return index === undefined ? 'titel0' : `${field === 'text' ? 'text' : 'titel'}${rows[Number(index)]?.i ?? 0}`;
        };
        return agendaPage(c, year, ags, meeting, items, issuesToFields(error, map, 'titel0'), error.code === 'CONFLICT' ? 409 : 422);
      }
      throw error;
    }
    return done(c, year, ags, 'tagesordnung');
  });

  app.post(`${P}/tagesordnung/neu-erzeugen`, async (c) => {
    const actor = requireActor(c);
    const { year, ags } = params(c);
    const meeting = await readMeeting(db, actor, year, ags);
    authorize(actor, 'meeting.editAgenda', { ags, status: meeting.status });
    const body = await c.req.parseBody();
    if (body.bestaetigt !== '1') {
      return confirmPage(c, year, ags, await districtName(ags), 'Tagesordnung neu erzeugen', 'Die Tagesordnung wird aus den aktuellen Zahlen neu erzeugt; Ihre Änderungen an der bisherigen Tagesordnung gehen verloren.', '/tagesordnung/neu-erzeugen', { version: String(formVersion(body)) }, 'Neu erzeugen');
    }
    try {
      await db.transaction((tx) => regenerateAgenda(tx, actor, year, ags, { version: formVersion(body) }, { today: berlinParts(new Date()).date }));
    } catch (error) {
      if (isAppError(error) && error.code === 'CONFLICT') return meetingPage(c, year, ags, { errors: { termin: error.message } }, 409);
      throw error;
    }
    return done(c, year, ags, 'tagesordnung');
  });

  app.get(`${P}/tagesordnung.pdf`, async (c) => {
    const actor = requireActor(c);
    const { year, ags } = params(c);
    const meeting = await readMeeting(db, actor, year, ags);
    return download(c, await renderAgendaPdf(db, meeting), 'application/pdf', `Tagesordnung_${year}_${ags}.pdf`);
  });

  app.get(`${P}/tagesordnung.docx`, async (c) => {
    const actor = requireActor(c);
    const { year, ags } = params(c);
    const meeting = await readMeeting(db, actor, year, ags);
    return download(c, await renderAgendaDocx(db, meeting), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', `Tagesordnung_${year}_${ags}.docx`);
  });

  // ---- minutes -------------------------------------------------------------------------------

  app.post(`${P}/protokoll/eroeffnen`, async (c) => {
    const actor = requireActor(c);
    const { year, ags } = params(c);
    const meeting = await readMeeting(db, actor, year, ags);
    authorize(actor, 'meeting.startMinutes', { ags, status: meeting.status });
    const body = await c.req.parseBody();
    if (body.bestaetigt !== '1') {
      return confirmPage(c, year, ags, await districtName(ags), 'Protokoll beginnen', 'Die Besprechung gilt damit als durchgeführt: Termin und Tagesordnung lassen sich danach nicht mehr ändern.', '/protokoll/eroeffnen', { version: String(formVersion(body)) }, 'Protokoll beginnen');
    }
    try {
      await db.transaction((tx) => startMinutes(tx, actor, year, ags, { version: formVersion(body) }));
    } catch (error) {
      if (isAppError(error) && error.code === 'CONFLICT') return meetingPage(c, year, ags, { errors: { termin: error.message } }, 409);
      throw error;
    }
    return c.redirect(`${meetingPagePath(year, ags)}/protokoll`, 303);
  });

  const minutesValues = (m: Meeting): MinutesValues => ({ attendees: m.minutes.attendees, items: m.minutes.items, followUps: m.followUps.map((f) => ({ what: f.what, who: f.who, due: deDate(f.due) })) });
  async function minutesPage(c: Context, year: number, ags: string, meeting: Meeting, values: MinutesValues, errors?: FieldErrors, status = 200) {
    return renderPage(c, <MinutesFormPage year={year} ags={ags} districtName={await districtName(ags)} meeting={meeting} values={values} csrf={csrfToken(c)} errors={errors} />, status as 200);
  }

  app.get(`${P}/protokoll`, async (c) => {
    const actor = requireActor(c);
    const { year, ags } = params(c);
    const meeting = await readMeeting(db, actor, year, ags);
    authorize(actor, 'meeting.editMinutes', { ags, status: meeting.status });
    return minutesPage(c, year, ags, meeting, minutesValues(meeting));
  });

  app.post(`${P}/protokoll`, async (c) => {
    const actor = requireActor(c);
    const { year, ags } = params(c);
    const meeting = await readMeeting(db, actor, year, ags);
    authorize(actor, 'meeting.editMinutes', { ags, status: meeting.status });
    const body = await c.req.parseBody();
    const values: MinutesValues = {
      attendees: str(body, 'anwesende', 6000),
      items: meeting.agenda.map((_, i) => ({ discussion: str(body, `besprechung${i}`, 12_000), decisions: str(body, `beschluesse${i}`, 12_000) })),
      followUps: [],
    };
    const errors: FieldErrors = {};
    const followUps: Array<{ what: string; who: string; due: string; agendaIndex: null }> = [];
    const positions: number[] = [];
    for (let i = 0; i < 62; i++) {
      const f = { what: str(body, `was${i}`, 1200), who: str(body, `wer${i}`, 300), due: str(body, `bis${i}`, 40) };
      if (f.what.trim() === '' && f.who.trim() === '' && f.due.trim() === '') continue;
      values.followUps.push(f);
      const iso = parseGermanDate(f.due);
      if (!iso) errors[`bis${values.followUps.length - 1}`] = 'Bitte ein gültiges Datum angeben, z. B. 31.3.2027.';
      followUps.push({ what: f.what, who: f.who, due: iso ?? '', agendaIndex: null });
      positions.push(values.followUps.length - 1);
    }
    if (Object.keys(errors).length) return minutesPage(c, year, ags, meeting, values, errors, 422);
    try {
      await db.transaction((tx) => updateMinutes(tx, actor, year, ags, { version: formVersion(body), attendees: values.attendees, items: values.items, followUps }));
    } catch (error) {
      if (isAppError(error) && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) {
        const map = (path: string) => {
          const [head, index, field] = path.split('.');
          if (head === 'attendees') return 'anwesende';
          if (head === 'items') return `${field === 'decisions' ? 'beschluesse' : 'besprechung'}${index ?? 0}`;
          if (head === 'followUps') return `${({ what: 'was', who: 'wer', due: 'bis' } as Record<string, string>)[field ?? ''] ?? 'was'}${positions[Number(index)] ?? 0}`;
          return '';
        };
        return minutesPage(c, year, ags, meeting, values, issuesToFields(error, map, 'anwesende'), error.code === 'CONFLICT' ? 409 : 422);
      }
      throw error;
    }
    return done(c, year, ags, 'protokoll');
  });

  app.post(`${P}/protokoll/bestaetigen`, async (c) => {
    const actor = requireActor(c);
    const { year, ags } = params(c);
    const meeting = await readMeeting(db, actor, year, ags);
    authorize(actor, 'meeting.confirmMinutes', { ags, status: meeting.status });
    const body = await c.req.parseBody();
    if (body.bestaetigt !== '1') {
      const second = actor.role === 'district' ? meeting.hmsiConfirmedAt !== null : meeting.districtConfirmedAt !== null;
      return confirmPage(c, year, ags, await districtName(ags), 'Protokoll bestätigen', second ? 'Die andere Seite hat schon bestätigt: mit Ihrer Bestätigung wird das Protokoll endgültig (PDF mit Prüfsumme), danach ist keine Änderung mehr möglich.' : 'Sie bestätigen das Protokoll für Ihre Seite. Ändert danach jemand das Protokoll, wird Ihre Bestätigung zurückgesetzt.', '/protokoll/bestaetigen', { version: String(formVersion(body)) }, 'Protokoll bestätigen');
    }
    try {
      await confirmMinutes(database, actor as Actor, year, ags, { version: formVersion(body) });
    } catch (error) {
      if (isAppError(error) && (error.code === 'CONFLICT' || error.code === 'INVALID_STATE_TRANSITION')) return meetingPage(c, year, ags, { errors: { termin: error.message } }, 409);
      throw error;
    }
    return done(c, year, ags, 'bestaetigt');
  });

  app.get(`${P}/protokoll.pdf`, async (c) => {
    const actor = requireActor(c);
    const { year, ags } = params(c);
    const frozen = await readMinutesPdf(db, actor, year, ags);
    if (!frozen) throw new AppError('NOT_FOUND', 'Das Protokoll ist noch nicht von beiden Seiten bestätigt.');
    c.header('x-content-sha256', frozen.sha256);
    return download(c, frozen.pdf, 'application/pdf', `Protokoll_Umsetzungsbesprechung_${year}_${ags}.pdf`);
  });

  app.post(`${P}/folgeaufgaben/:id`, async (c) => {
    const actor = requireActor(c);
    const { year, ags } = params(c);
    const id = idParam(c.req.param('id'));
    authorize(actor, 'meeting.read', { ags });
    const body = await c.req.parseBody();
    const status = str(body, 'status', 20);
    try {
      await db.transaction((tx) => markFollowUp(tx, actor, year, ags, id, { version: formVersion(body), status }));
    } catch (error) {
      if (isAppError(error) && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) return meetingPage(c, year, ags, { errors: { termin: error.message } }, error.code === 'CONFLICT' ? 409 : 422);
      throw error;
    }
    return done(c, year, ags, 'folgeaufgabe');
  });

  return app;
}
