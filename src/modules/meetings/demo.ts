/**
 * Demo Umsetzungsbesprechungen (AQB_DEMO=1), one autumn meeting per listed district and year, in
 * the states the § 6 pages show: Termine vorgeschlagen (the Rheingau-Taunus demo account has a date
 * to confirm), terminiert with the agenda from the live figures, Protokoll im Entwurf (HMSI has
 * confirmed) and, for 2024, confirmed minutes (frozen PDF) with a follow-up still open, so the
 * follow-up turns up in the district's 2025 agenda and under "Meine Aufgaben". Only district-years
 * with demo projects get one (the seeded real agreements' years stay without). Everything is `is_demo` and
 * removed by `removeDemoMeetings` (follow-ups cascade).
 *
 * Written here, in the module that owns the tables, rather than through the use cases: those mail
 * invitations through the outbox and record a monitoring snapshot, neither of which demo data
 * may leave behind (the outbox and the snapshots have no demo flag). The agenda comes from
 * `buildAgenda` and the minutes PDF from `renderMinutesPdf`, exactly as the use cases make them.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { Executor } from '../../platform/db/client';
import { findUsers, type UserSummary } from '../access/service';
import { findDistricts } from '../districts/service';
import { findProjects } from '../projects/service';
import { renderMinutesPdf } from './documents';
import { buildAgenda, findMeeting } from './meetings';
import type { AgendaItem, FollowUpStatus, MeetingStatus, MinutesItem, Participant } from './schema';
import { meetingFollowUps, meetings } from './tables';

const HMSI_DEMO = { email: 'hmsi@demo.aqb.example', name: 'Hanna Demo (HMSI)' };

interface DemoFollowUp {
  what: string;
  who: string;
  due: string;
  agendaIndex: number | null;
  status: FollowUpStatus;
  /** When marked erledigt (by the district's demo account, or HMSI's when the district has none). */
  doneAt?: string;
}

interface DemoMeeting {
  year: number;
  ags: string;
  status: Extract<MeetingStatus, 'vorgeschlagen' | 'terminiert' | 'protokoll_entwurf' | 'protokoll_bestaetigt'>;
  /** Proposed dates as UTC instants (10:00–12:30 local time). */
  dates: Array<{ start: string; end: string }>;
  confirmedIndex: number | null;
  place: string;
  videoUrl: string;
  /** The "Stand" of the agenda's figures (a week or two before the meeting); null: no agenda yet. */
  agendaAsOf: string | null;
  minutes?: { discussion: string[]; decisions: string[]; followUps: DemoFollowUp[]; hmsiConfirmedAt: string | null; districtConfirmedAt: string | null };
}

const DEMO_MEETINGS: readonly DemoMeeting[] = [
  {
    // Landkreis Kassel 2024: confirmed minutes with a follow-up still open, which the 2025 agenda carries.
    year: 2024,
    ags: '06633',
    status: 'protokoll_bestaetigt',
    dates: [{ start: '2024-10-15T08:00:00.000Z', end: '2024-10-15T10:30:00.000Z' }],
    confirmedIndex: 0,
    place: 'Kreishaus Kassel, Sitzungsraum 2 (Demo)',
    videoUrl: '',
    agendaAsOf: '2024-10-01',
    minutes: {
      discussion: [
        'Die Tagesordnung wird ohne Änderungen festgestellt.',
        'Der Landkreis berichtet über den Mittelabfluss; Abrufe und Verwendung liegen im Plan.',
        'Nicht alle geplanten Plätze sind besetzt; der Landkreis sieht die Ursache in späten Zuweisungen.',
        'Keine offenen Abweichungen.',
        'Keine Folgeaufgaben aus dem Vorjahr.',
        'Der Landkreis regt einen Fachaustausch zur Teilzeitausbildung an.',
      ],
      decisions: ['', '', 'Der Landkreis legt ein Konzept zur Besetzung der freien Plätze vor.', '', '', 'HMSI schlägt einen Termin für einen Fachaustausch vor.'],
      followUps: [
        { what: 'Konzept zur Besetzung der freien Plätze vorlegen', who: 'Landkreis (AQB-Koordination)', due: '2025-03-31', agendaIndex: 2, status: 'offen' },
        { what: 'Termin für einen Fachaustausch Teilzeitausbildung vorschlagen', who: 'HMSI (Referat AQB)', due: '2024-12-15', agendaIndex: 5, status: 'erledigt', doneAt: '2024-12-02T09:00:00.000Z' },
      ],
      hmsiConfirmedAt: '2024-10-29T09:15:00.000Z',
      districtConfirmedAt: '2024-11-05T14:40:00.000Z',
    },
  },
  {
    // Landkreis Kassel 2025: date fixed, agenda from the figures (with the open follow-up of 2024).
    year: 2025,
    ags: '06633',
    status: 'terminiert',
    dates: [
      { start: '2025-10-14T08:00:00.000Z', end: '2025-10-14T10:30:00.000Z' },
      { start: '2025-10-21T08:00:00.000Z', end: '2025-10-21T10:30:00.000Z' },
    ],
    confirmedIndex: 1,
    place: '',
    videoUrl: 'https://konferenz.demo.aqb.example/umsetzungsbesprechung-2025-06633',
    agendaAsOf: '2025-10-07',
  },
  {
    // Rheingau-Taunus-Kreis 2025: dates proposed; the RTK demo account confirms one.
    year: 2025,
    ags: '06439',
    status: 'vorgeschlagen',
    dates: [
      { start: '2025-11-11T09:00:00.000Z', end: '2025-11-11T11:30:00.000Z' },
      { start: '2025-11-13T09:00:00.000Z', end: '2025-11-13T11:30:00.000Z' },
      { start: '2025-11-18T09:00:00.000Z', end: '2025-11-18T11:30:00.000Z' },
    ],
    confirmedIndex: null,
    place: 'Kreishaus Bad Schwalbach, Raum 104 (Demo)',
    videoUrl: '',
    agendaAsOf: null,
  },
  {
    // Landkreis Fulda 2025: held, minutes in draft, confirmed by HMSI, the district's confirmation open.
    year: 2025,
    ags: '06631',
    status: 'protokoll_entwurf',
    dates: [{ start: '2025-10-08T08:00:00.000Z', end: '2025-10-08T10:30:00.000Z' }],
    confirmedIndex: 0,
    place: 'Kreishaus Fulda, Sitzungssaal (Demo)',
    videoUrl: '',
    agendaAsOf: '2025-09-30',
    minutes: {
      discussion: ['Die Tagesordnung wird festgestellt.', 'Bewilligung und Abrufe wie geplant.', 'Die Plätze sind weitgehend besetzt.', '', '', ''],
      decisions: ['', '', '', '', '', ''],
      followUps: [{ what: 'Zwischenbericht zu den Qualifizierungen nachreichen', who: 'Landkreis (AQB-Koordination)', due: '2026-01-31', agendaIndex: 2, status: 'offen' }],
      hmsiConfirmedAt: '2025-10-20T10:00:00.000Z',
      districtConfirmedAt: null,
    },
  },
];

/** The district's active accounts and the HMSI demo clerk; a district without an account gets its invented coordination. */
function participantsOf(users: UserSummary[], ags: string, districtName: string, clerk: Participant): Participant[] {
  const own = users.filter((u) => u.isActive && u.role === 'district' && u.ags === ags).map((u) => ({ email: u.email, name: u.name }));
  const district = own.length ? own : [{ email: `aqb-koordination-${ags}@demo.aqb.example`, name: `AQB-Koordination ${districtName} (Demo)` }];
  return [...district, clerk];
}

/** Loads the demo meetings where the district has demo projects that year and no meeting of its own. Idempotent. */
export async function seedDemoMeetings(tx: Executor): Promise<void> {
  const users = await findUsers(tx);
  const hmsi = users.find((u) => u.email === HMSI_DEMO.email) ?? null;
  const clerk: Participant = hmsi ? { email: hmsi.email, name: hmsi.name } : HMSI_DEMO;
  const districts = new Map((await findDistricts(tx)).map((d) => [d.ags, d]));
  const created: string[] = [];
  for (const spec of DEMO_MEETINGS) {
    const district = districts.get(spec.ags);
    if (!district) continue;
    if (!(await findProjects(tx, spec.year, spec.ags)).some((p) => p.isDemo)) continue;
    const [existing] = await tx.select({ id: meetings.id }).from(meetings).where(and(eq(meetings.year, spec.year), eq(meetings.ags, spec.ags)));
    if (existing) continue;
    const districtUser = users.find((u) => u.isActive && u.role === 'district' && u.ags === spec.ags) ?? null;
    const participants = participantsOf(users, spec.ags, district.officialName, clerk);
    const agenda: AgendaItem[] = spec.agendaAsOf ? await buildAgenda(tx, spec.year, spec.ags, spec.agendaAsOf) : [];
    const minutes = spec.minutes
      ? {
          attendees: participants.map((p) => p.name).join('\n'),
          items: agenda.map((_, i): MinutesItem => ({ discussion: spec.minutes!.discussion[i] ?? '', decisions: spec.minutes!.decisions[i] ?? '' })),
        }
      : { attendees: '', items: [] };
    const at = (iso: string | null | undefined) => (iso ? new Date(iso) : null);
    const [row] = await tx
      .insert(meetings)
      .values({
        year: spec.year,
        ags: spec.ags,
        // Frozen minutes are written in two steps (the PDF shows the stored record): draft first.
        status: spec.status === 'protokoll_bestaetigt' ? 'protokoll_entwurf' : spec.status,
        dates: spec.dates,
        confirmedIndex: spec.confirmedIndex,
        place: spec.place,
        videoUrl: spec.videoUrl,
        participants,
        organizer: clerk,
        agenda,
        agendaGeneratedAt: spec.agendaAsOf ? new Date(`${spec.agendaAsOf}T08:00:00.000Z`) : null,
        minutes,
        hmsiConfirmedBy: spec.minutes?.hmsiConfirmedAt && hmsi ? hmsi.id : null,
        hmsiConfirmedAt: at(spec.minutes?.hmsiConfirmedAt),
        districtConfirmedBy: spec.minutes?.districtConfirmedAt && districtUser ? districtUser.id : null,
        districtConfirmedAt: at(spec.minutes?.districtConfirmedAt),
        createdBy: hmsi?.id ?? null,
        isDemo: true,
      })
      .returning({ id: meetings.id });
    const followUps = spec.minutes?.followUps ?? [];
    if (followUps.length) {
      await tx.insert(meetingFollowUps).values(
        followUps.map((f, position) => ({
          meetingId: row!.id,
          position,
          agendaIndex: f.agendaIndex !== null && f.agendaIndex < agenda.length ? f.agendaIndex : null,
          what: f.what,
          who: f.who,
          due: f.due,
          status: f.status,
          doneBy: f.status === 'erledigt' ? ((f.who.startsWith('HMSI') ? hmsi?.id : districtUser?.id) ?? hmsi?.id ?? null) : null,
          doneAt: f.status === 'erledigt' ? at(f.doneAt) : null,
        })),
      );
    }
    if (spec.status === 'protokoll_bestaetigt') {
      // The frozen PDF as confirmMinutes renders it: from the stored meeting with both confirmations.
      const pdf = await renderMinutesPdf(tx, (await findMeeting(tx, spec.year, spec.ags))!);
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      await tx.update(meetings).set({ status: 'protokoll_bestaetigt', minutesPdf: pdf, minutesSha256: sha256 }).where(eq(meetings.id, row!.id));
    }
    created.push(`${spec.year}/${spec.ags}:${spec.status}`);
  }
  if (created.length) await recordAuditEvent(tx, { actorId: null, action: 'meeting.demoLoad', recordType: 'system', recordId: null, before: null, after: { meetings: created } });
}
