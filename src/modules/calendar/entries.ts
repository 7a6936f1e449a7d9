import type { Executor } from '../../platform/db/client';
import { type Actor, authorize, can, tenantFilter } from '../access/policy';
import { findAgreements } from '../agreements/service';
import { findBudgetYears, findLetters } from '../budget-years/service';
import { findDistricts } from '../districts/service';
import { ANTRAG_STATUS_LABELS, findAntragStates, findNachforderungDeadlines } from '../funding/service';
import { surveyDeadlines } from '../surveys/service';
import { berlinParts, findEvents, findRegistrations } from '../events/service';
import { findProofDeadlines } from '../payments/service';
import { findFollowUpsOpen, findMeetingDates, meetingPath } from '../meetings/service';

/**
 * One date of the yearly AQB cycle. Read from the modules that own the records (through their
 * service.ts); the calendar stores no copy. `isDeadline` entries become overdue when their date
 * has passed and they are not done; the others record when something happened or since when it waits.
 */
export interface CalendarEntry {
  /** Stable across calls: kind, year, AGS (the iCal UID is built from it). */
  id: string;
  kind: 'letter' | 'talks' | 'antrag' | 'antragReceipt' | 'nachforderung' | 'signature' | 'publication' | 'proof' | 'meeting' | 'followUp' | 'survey' | 'eventDeadline' | 'event';
  year: number;
  date: string;
  title: string;
  ags: string;
  districtName: string;
  href: string;
  isDeadline: boolean;
  isDone: boolean;
  isOverdue: boolean;
  /** German status sentence, e.g. "erledigt: eingereicht am 3.3.2026". */
  statusText: string;
  /** When the underlying data last changed (the iCal DTSTAMP). */
  stamp: Date;
  isDemo: boolean;
}

export interface CalendarFilter {
  /** One AQB year; all years of the programme when missing (the iCal feed). */
  year?: number;
  /** HMSI and RP: one district. A district user always sees only its own. */
  ags?: string;
}

const KIND_ORDER: Record<CalendarEntry['kind'], number> = { letter: 0, talks: 1, antrag: 2, antragReceipt: 3, nachforderung: 4, signature: 5, publication: 6, proof: 7, meeting: 8, followUp: 9, survey: 10, eventDeadline: 11, event: 12 };

/** Today in Europe/Berlin as `YYYY-MM-DD`. */
export function berlinToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(now);
}

const berlinDate = (value: Date) => berlinToday(value);
const deDate = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${Number(d)}.${Number(m)}.${y}`;
};
/** A fixed-rule deadline's data "changes" when the rule does: its DTSTAMP is the start of the AQB year's cycle. */
const ruleStamp = (year: number) => new Date(Date.UTC(year - 1, 11, 1));

/** Zielvereinbarung states after the talks (signature, signed, published). */
const AFTER_TALKS = new Set(['zur_unterschrift', 'unterzeichnet', 'veroeffentlicht']);
/** Zielvereinbarung states after both signatures. */
const SIGNED = new Set(['unterzeichnet', 'veroeffentlicht']);

/**
 * The calendar entries the actor may see, by date, then district and kind. `today` decides what is
 * overdue. A district user sees only its own district whatever the filter says.
 */
export async function findCalendarEntries(db: Executor, actor: Actor, filter: CalendarFilter, today: string): Promise<CalendarEntry[]> {
  authorize(actor, 'calendar.read');
  const own = tenantFilter(actor);
  const ags = own ?? filter.ags;
  const allDistricts = await findDistricts(db);
  const districts = allDistricts.filter((d) => ags === undefined || d.ags === ags);
  const visible = new Set(districts.map((d) => d.ags));
  const names = new Map(allDistricts.map((d) => [d.ags, d.officialName]));
  const years = (await findBudgetYears(db)).map((y) => y.year).filter((y) => filter.year === undefined || y === filter.year);
  const entries: CalendarEntry[] = [];
  const push = (e: Omit<CalendarEntry, 'isOverdue' | 'districtName'>) => {
    entries.push({ ...e, districtName: names.get(e.ags) ?? e.ags, isOverdue: e.isDeadline && !e.isDone && e.date < today });
  };
  const agreements = can(actor, 'agreement.read') ? await findAgreements(db, actor, { ...(filter.year !== undefined ? { year: filter.year } : {}), ...(ags !== undefined ? { ags } : {}) }) : [];
  // A later step that is done closes the earlier ones: a year whose Zielvereinbarung is past the
  // talks had its Mittelankündigung, a signed one its Antrag, even when the record was kept outside
  // this system (the seeded years 2024/2025 and their demo data have agreements, but no letters and
  // no Antrag records). Such an entry is done, never overdue.
  const agreementStatus = new Map(agreements.map((a) => [`${a.year}-${a.ags}`, a.status as string]));

  for (const year of years) {
    // Mittelankündigung: December of the year before (DOMAIN 1.7). A sent letter is done; a missing
    // one is a deadline only the Land-level readers see (a district cannot know it is coming).
    if (can(actor, 'letter.read')) {
      const letters = new Map((await findLetters(db, year)).map((l) => [l.ags, l]));
      for (const d of districts) {
        const letter = letters.get(d.ags);
        if (letter) {
          push({ id: `mittelankuendigung-${year}-${d.ags}`, kind: 'letter', year, date: letter.announcedOn, title: `Mittelankündigung ${year}`, ags: d.ags, href: `/mittelankuendigungen/${year}/${d.ags}/pdf`, isDeadline: false, isDone: true, statusText: `erledigt: versandt am ${deDate(letter.announcedOn)}`, stamp: letter.createdAt, isDemo: false });
        } else if (can(actor, 'allocation.read') && AFTER_TALKS.has(agreementStatus.get(`${year}-${d.ags}`) ?? '')) {
          push({ id: `mittelankuendigung-${year}-${d.ags}`, kind: 'letter', year, date: `${year - 1}-12-31`, title: `Mittelankündigung ${year}`, ags: d.ags, href: `/zielvereinbarungen/${year}/${d.ags}`, isDeadline: true, isDone: true, statusText: 'erledigt: Zielvereinbarung abgestimmt (Schreiben nicht im System erfasst)', stamp: ruleStamp(year), isDemo: false });
        } else if (can(actor, 'allocation.read')) {
          push({ id: `mittelankuendigung-${year}-${d.ags}`, kind: 'letter', year, date: `${year - 1}-12-31`, title: `Mittelankündigung ${year} versenden`, ags: d.ags, href: `/jahre/${year}`, isDeadline: true, isDone: false, statusText: 'offen: noch nicht versandt', stamp: ruleStamp(year), isDemo: false });
        }
      }
    }

    // Zielvereinbarungsgespräche until 31 March (fixed rule), signatures, publication.
    for (const a of agreements.filter((x) => x.year === year)) {
      const href = `/zielvereinbarungen/${year}/${a.ags}`;
      const talksDone = AFTER_TALKS.has(a.status);
      push({ id: `gespraech-${year}-${a.ags}`, kind: 'talks', year, date: `${year}-03-31`, title: 'Zielvereinbarungsgespräch abschließen', ags: a.ags, href, isDeadline: true, isDone: talksDone, statusText: talksDone ? 'erledigt: Text abgestimmt' : 'offen: Gespräch läuft', stamp: ruleStamp(year), isDemo: a.isDemo });
      if (a.status === 'zur_unterschrift') {
        const since = berlinDate(a.updatedAt);
        push({ id: `unterschrift-${year}-${a.ags}`, kind: 'signature', year, date: since, title: 'Unterschriften ausstehend', ags: a.ags, href: `${href}/unterschrift`, isDeadline: false, isDone: false, statusText: `offen: zur Unterschrift seit ${deDate(since)}`, stamp: a.updatedAt, isDemo: a.isDemo });
      }
      if (a.status === 'unterzeichnet') {
        const since = berlinDate(a.updatedAt);
        push({ id: `veroeffentlichung-${year}-${a.ags}`, kind: 'publication', year, date: since, title: 'Veröffentlichung ausstehend', ags: a.ags, href: `${href}/status`, isDeadline: false, isDone: false, statusText: `offen: unterzeichnet, noch nicht veröffentlicht (seit ${deDate(since)})`, stamp: a.updatedAt, isDemo: a.isDemo });
      }
      if (a.status === 'veroeffentlicht' && a.publishedAt) {
        const on = berlinDate(a.publishedAt);
        push({ id: `veroeffentlichung-${year}-${a.ags}`, kind: 'publication', year, date: on, title: 'Zielvereinbarung veröffentlicht', ags: a.ags, href, isDeadline: false, isDone: true, statusText: `erledigt: veröffentlicht am ${deDate(on)}`, stamp: a.publishedAt, isDemo: a.isDemo });
      }
    }

    // The Antrag at RP Kassel: deadline 31 March, then its Eingang.
    if (can(actor, 'antrag.read')) {
      const states = await findAntragStates(db, year);
      for (const d of districts) {
        const state = states.get(d.ags);
        const href = `/antraege/${year}/${d.ags}`;
        const status = state?.status ?? 'entwurf';
        const signedOutside = state === undefined && SIGNED.has(agreementStatus.get(`${year}-${d.ags}`) ?? '');
        const submitted = status !== 'entwurf' || signedOutside;
        const statusText = signedOutside
          ? 'erledigt: Zielvereinbarung unterzeichnet (Antrag nicht im System erfasst)'
          : !submitted
          ? 'offen: noch nicht eingereicht'
          : status === 'zurueckgezogen'
            ? `erledigt: ${ANTRAG_STATUS_LABELS[status]}`
            : `erledigt: eingereicht${state?.submittedOn ? ` am ${deDate(state.submittedOn)}` : ''}${state?.isLate ? ' (nach der Frist)' : ''}`;
        const stamp = state?.submittedOn ? new Date(`${state.submittedOn}T00:00:00Z`) : ruleStamp(year);
        push({ id: `antrag-${year}-${d.ags}`, kind: 'antrag', year, date: `${year}-03-31`, title: 'Antrag bei RP Kassel einreichen', ags: d.ags, href, isDeadline: true, isDone: submitted, statusText, stamp, isDemo: state?.isDemo ?? false });
        if (state?.receivedOn) {
          push({ id: `eingang-${year}-${d.ags}`, kind: 'antragReceipt', year, date: state.receivedOn, title: 'Eingang des Antrags', ags: d.ags, href, isDeadline: false, isDone: true, statusText: `erledigt: eingegangen${state.aktenzeichen ? `, Aktenzeichen ${state.aktenzeichen}` : ''}`, stamp: new Date(`${state.receivedOn}T00:00:00Z`), isDemo: state.isDemo });
        } else if (status === 'eingereicht' && state?.submittedOn) {
          push({ id: `eingang-${year}-${d.ags}`, kind: 'antragReceipt', year, date: state.submittedOn, title: 'Eingang des Antrags erfassen', ags: d.ags, href, isDeadline: false, isDone: false, statusText: `offen: eingereicht am ${deDate(state.submittedOn)}, Eingang noch nicht erfasst`, stamp: new Date(`${state.submittedOn}T00:00:00Z`), isDemo: state.isDemo });
        }
      }
      // RP's Nachforderungen: the district's deadline to answer, done once answered.
      for (const n of (await findNachforderungDeadlines(db, year)).filter((x) => visible.has(x.ags))) {
        const answered = n.answeredOn !== null;
        push({
          id: `nachforderung-${year}-${n.ags}-${n.sequence}`,
          kind: 'nachforderung',
          year,
          date: n.deadline,
          title: `Nachforderung ${n.sequence} von RP Kassel beantworten`,
          ags: n.ags,
          href: `/antraege/${year}/${n.ags}`,
          isDeadline: true,
          isDone: answered,
          statusText: answered ? `erledigt: beantwortet am ${deDate(n.answeredOn!)}${n.answeredOn! > n.deadline ? ' (nach der Frist)' : ''}` : `offen: angefordert am ${deDate(n.sentOn)}`,
          stamp: new Date(`${n.answeredOn ?? n.sentOn}T00:00:00Z`),
          isDemo: n.isDemo,
        });
      }
    }

    // The Verwendungsnachweis at RP Kassel: due date from the Bescheid (payments), for districts with an issued Bescheid.
    if (can(actor, 'proof.read')) {
      for (const deadline of (await findProofDeadlines(db, year)).filter((d) => visible.has(d.ags))) {
        push({
          id: `verwendungsnachweis-${year}-${deadline.ags}`,
          kind: 'proof',
          year,
          date: deadline.dueOn,
          title: `Verwendungsnachweis ${year} einreichen`,
          ags: deadline.ags,
          href: `/verwendungsnachweise/${year}/${deadline.ags}`,
          isDeadline: true,
          isDone: deadline.isSubmitted,
          statusText: deadline.isSubmitted ? `erledigt: eingereicht${deadline.submittedOn ? ` am ${deDate(deadline.submittedOn)}` : ''}${deadline.submittedOn && deadline.submittedOn > deadline.dueOn ? ' (nach der Frist)' : ''}` : deadline.dueOn < today ? `überfällig: Frist ${deDate(deadline.dueOn)}` : 'offen: noch nicht eingereicht',
          stamp: deadline.submittedOn ? new Date(`${deadline.submittedOn}T00:00:00Z`) : new Date(`${deadline.dueOn}T00:00:00Z`),
          isDemo: deadline.isDemo,
        });
      }
    }
  }
  // The Umsetzungsbesprechung (§ 6): the confirmed date, and the open follow-ups of confirmed minutes
  // (deadlines of the side named in "wer"; done ones leave the calendar with the follow-up list).
  if (can(actor, 'meeting.read')) {
    const scope = { ...(filter.year !== undefined ? { year: filter.year } : {}), ags: ags ?? null };
    for (const m of await findMeetingDates(db, scope)) {
      const start = berlinParts(new Date(m.start));
      const end = berlinParts(new Date(m.end));
      const held = m.status === 'protokoll_entwurf' || m.status === 'protokoll_bestaetigt';
      push({ id: `umsetzungsbesprechung-${m.year}-${m.ags}`, kind: 'meeting', year: m.year, date: start.date, title: `Umsetzungsbesprechung ${m.year}`, ags: m.ags, href: meetingPath(m.year, m.ags), isDeadline: false, isDone: held, statusText: `${held ? 'stattgefunden' : 'Termin bestätigt'}: ${deDate(start.date)}, ${start.time}–${end.time} Uhr`, stamp: m.updatedAt, isDemo: m.isDemo });
    }
    for (const f of await findFollowUpsOpen(db, scope)) {
      push({ id: `folgeaufgabe-${f.id}`, kind: 'followUp', year: f.year, date: f.due, title: `Folgeaufgabe: ${f.what.length > 80 ? `${f.what.slice(0, 79)}…` : f.what}`, ags: f.ags, href: meetingPath(f.year, f.ags), isDeadline: true, isDone: false, statusText: `offen: ${f.who} (aus der Umsetzungsbesprechung ${f.year})`, stamp: new Date(`${f.due}T00:00:00Z`), isDemo: f.isDemo });
    }
  }
  // Survey deadlines (Umfragen, § 7): one per recipient district, done once its response is submitted.
  if (can(actor, 'survey.read')) {
    for (const s of await surveyDeadlines(db, { ...(filter.year !== undefined ? { year: filter.year } : {}), ...(ags !== undefined ? { ags } : {}) })) {
      if (!visible.has(s.ags)) continue;
      push({
        id: `umfrage-${s.surveyId}-${s.ags}`,
        kind: 'survey',
        year: s.year,
        date: s.deadline,
        title: `Umfrage beantworten: ${s.title}`,
        ags: s.ags,
        href: `/umfragen/${s.surveyId}/antwort/${s.ags}`,
        isDeadline: true,
        isDone: s.isSubmitted,
        statusText: s.isSubmitted ? `erledigt: eingereicht${s.submittedOn ? ` am ${deDate(berlinDate(s.submittedOn))}` : ''}` : 'offen: noch nicht eingereicht',
        stamp: s.submittedOn ?? s.sentAt,
        isDemo: s.isDemo,
      });
    }
  }
  // Conferences (events module): the registration deadline and the day itself. For a district the
  // deadline is its own (done once registered, overdue when missed); for the ministry and RP both
  // are Land-wide dates without a deadline of their own.
  if (can(actor, 'event.read')) {
    for (const event of await findEvents(db, actor)) {
      if (event.status !== 'veroeffentlicht') continue;
      const day = berlinParts(event.startsAt).date;
      if (filter.year !== undefined && Number(day.slice(0, 4)) !== filter.year && Number(event.registrationDeadline.slice(0, 4)) !== filter.year) continue;
      const href = `/tagungen/${event.id}`;
      const stamp = event.publishedAt ?? event.startsAt;
      const place = own ?? '';
      const placeName = own ? (names.get(own) ?? own) : 'alle Gebietskörperschaften';
      if (own) {
        const registered = (await findRegistrations(db, actor, event.id)).length > 0;
        entries.push({ id: `tagung-anmeldung-${event.id}-${own}`, kind: 'eventDeadline', year: Number(event.registrationDeadline.slice(0, 4)), date: event.registrationDeadline, title: `Anmeldeschluss: ${event.title}`, ags: place, districtName: placeName, href, isDeadline: true, isDone: registered, isOverdue: !registered && event.registrationDeadline < today, statusText: registered ? 'erledigt: angemeldet' : 'offen: noch nicht angemeldet', stamp, isDemo: event.isDemo });
      } else {
        entries.push({ id: `tagung-anmeldung-${event.id}`, kind: 'eventDeadline', year: Number(event.registrationDeadline.slice(0, 4)), date: event.registrationDeadline, title: `Anmeldeschluss: ${event.title}`, ags: place, districtName: placeName, href, isDeadline: false, isDone: event.registrationDeadline < today, isOverdue: false, statusText: `${event.registeredPeople} von ${event.capacity} Plätzen vergeben`, stamp, isDemo: event.isDemo });
      }
      // The feed writes statusText: it must not depend on the day of the call.
      const over = day < today;
      entries.push({ id: `tagung-${event.id}`, kind: 'event', year: Number(day.slice(0, 4)), date: day, title: `Tagung: ${event.title}`, ags: place, districtName: placeName, href, isDeadline: false, isDone: over, isOverdue: false, statusText: `Tagung (${event.place || 'Videokonferenz'}); Materialien und Protokoll danach auf der Seite der Tagung`, stamp, isDemo: event.isDemo });
    }
  }
  return entries.sort((a, b) => a.date.localeCompare(b.date) || a.districtName.localeCompare(b.districtName, 'de') || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}
