import { z } from 'zod';
import { text } from '../../platform/input';

/**
 * The Umsetzungsbesprechung (§ 6, the autumn meeting of the ministry with one district and year).
 * Life cycle `vorgeschlagen → terminiert → protokoll_entwurf → protokoll_bestaetigt`, `abgesagt`
 * with a reason (meeting-status.ts is the one transition table).
 */
export const MEETING_STATUSES = ['vorgeschlagen', 'terminiert', 'protokoll_entwurf', 'protokoll_bestaetigt', 'abgesagt'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_STATUS_LABELS: Record<MeetingStatus, string> = {
  vorgeschlagen: 'Termine vorgeschlagen',
  terminiert: 'terminiert',
  protokoll_entwurf: 'Protokoll im Entwurf',
  protokoll_bestaetigt: 'Protokoll bestätigt',
  abgesagt: 'abgesagt',
};

export const FOLLOW_UP_STATUSES = ['offen', 'erledigt'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export const MAX_PROPOSED_DATES = 5;
export const MAX_PARTICIPANTS = 40;
export const MAX_AGENDA_ITEMS = 30;
export const MAX_FOLLOW_UPS = 60;

const instant = z.iso.datetime({ offset: true, error: 'Bitte Datum und Uhrzeit angeben.' });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Bitte ein Datum angeben, z. B. 30.11.2026.');

export const ProposedDateSchema = z
  .object({ start: instant, end: instant })
  .strict()
  .refine((d) => Date.parse(d.end) > Date.parse(d.start), { message: 'Das Ende muss nach dem Beginn liegen.', path: ['end'] });

export const ParticipantSchema = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email({ error: 'Bitte eine gültige E-Mail-Adresse angeben.' })),
    name: text(200, { required: 'Bitte den Namen angeben.' }),
  })
  .strict();
export type Participant = z.infer<typeof ParticipantSchema>;

/** A web address of the video conference: https only (http for nothing else). */
const videoUrl = z
  .string()
  .trim()
  .max(500, 'Höchstens 500 Zeichen.')
  .refine((v) => {
    if (v === '') return true;
    try {
      const url = new URL(v);
      return url.protocol === 'https:' && url.hostname.includes('.');
    } catch {
      return false;
    }
  }, 'Bitte eine vollständige Adresse mit https:// angeben, z. B. https://konferenz.hessen.de/raum.');

/** HMSI proposes (or, while not yet held, proposes again) the dates, the place and the participants. */
export const ScheduleMeetingSchema = z
  .object({
    version: z.number().int().min(1).optional(),
    dates: z.array(ProposedDateSchema).min(1, 'Bitte mindestens einen Termin vorschlagen.').max(MAX_PROPOSED_DATES, `Höchstens ${MAX_PROPOSED_DATES} Terminvorschläge.`),
    place: text(500, { min: 0 }).default(''),
    videoUrl: videoUrl.default(''),
    /** Missing: the district's coordinators and the HMSI clerk (the scheduling user). */
    participants: z.array(ParticipantSchema).min(1, 'Bitte mindestens eine teilnehmende Person angeben.').max(MAX_PARTICIPANTS).optional(),
  })
  .strict()
  .refine((m) => m.place !== '' || m.videoUrl !== '', { message: 'Bitte einen Ort oder einen Link zur Videokonferenz angeben.', path: ['place'] });
export type ScheduleMeetingInput = z.infer<typeof ScheduleMeetingSchema>;

export const ConfirmDateSchema = z.object({ version: z.number().int().min(1), dateIndex: z.number().int().min(0).max(MAX_PROPOSED_DATES - 1) }).strict();
export const RequestOtherDatesSchema = z.object({ version: z.number().int().min(1), note: text(2000, { required: 'Bitte schreiben Sie, welche Termine passen würden.' }) }).strict();
export const CancelMeetingSchema = z.object({ version: z.number().int().min(1), reason: text(2000, { required: 'Bitte geben Sie den Grund der Absage an.' }) }).strict();

export const AgendaItemSchema = z.object({ title: text(300, { required: 'Bitte einen Titel angeben.' }), text: text(5000, { min: 0, multiline: true }).default('') }).strict();
export type AgendaItem = z.infer<typeof AgendaItemSchema>;
export const UpdateAgendaSchema = z.object({ version: z.number().int().min(1), items: z.array(AgendaItemSchema).min(1, 'Die Tagesordnung braucht mindestens einen Punkt.').max(MAX_AGENDA_ITEMS) }).strict();

export const FollowUpInputSchema = z
  .object({
    what: text(1000, { required: 'Bitte beschreiben Sie die Folgeaufgabe.' }),
    who: text(200, { required: 'Bitte angeben, wer die Folgeaufgabe übernimmt.' }),
    due: isoDate,
    /** The agenda item (0-based) it arose from, or null. */
    agendaIndex: z.number().int().min(0).max(MAX_AGENDA_ITEMS - 1).nullable().default(null),
  })
  .strict();
export type FollowUpInput = z.infer<typeof FollowUpInputSchema>;

export const MinutesItemSchema = z.object({ discussion: text(10_000, { min: 0, multiline: true }).default(''), decisions: text(10_000, { min: 0, multiline: true }).default('') }).strict();
export type MinutesItem = z.infer<typeof MinutesItemSchema>;
export const UpdateMinutesSchema = z
  .object({
    version: z.number().int().min(1),
    attendees: text(5000, { required: 'Bitte die Anwesenden angeben.', multiline: true }),
    /** One entry per agenda item, in the agenda's order. */
    items: z.array(MinutesItemSchema).max(MAX_AGENDA_ITEMS),
    followUps: z.array(FollowUpInputSchema).max(MAX_FOLLOW_UPS).default([]),
  })
  .strict();
export type UpdateMinutesInput = z.infer<typeof UpdateMinutesSchema>;
export interface Minutes {
  attendees: string;
  items: MinutesItem[];
}

export const VersionOnlySchema = z.object({ version: z.number().int().min(1) }).strict();
export const MarkFollowUpSchema = z.object({ version: z.number().int().min(1), status: z.enum(FOLLOW_UP_STATUSES) }).strict();

export interface ProposedDate {
  start: string;
  end: string;
}

export interface FollowUp {
  id: number;
  meetingId: number;
  year: number;
  ags: string;
  agendaIndex: number | null;
  what: string;
  who: string;
  due: string;
  status: FollowUpStatus;
  doneByName: string | null;
  doneAt: Date | null;
  version: number;
}

export interface Meeting {
  id: number;
  year: number;
  ags: string;
  status: MeetingStatus;
  dates: ProposedDate[];
  confirmedIndex: number | null;
  /** The confirmed date, when there is one. */
  confirmed: ProposedDate | null;
  place: string;
  videoUrl: string;
  participants: Participant[];
  organizer: Participant;
  districtNote: string;
  cancelReason: string;
  /** iCal SEQUENCE of the invitation: raised on every change after the first invitation. */
  sequence: number;
  agenda: AgendaItem[];
  agendaGeneratedAt: Date | null;
  minutes: Minutes;
  hmsiConfirmedByName: string | null;
  hmsiConfirmedAt: Date | null;
  districtConfirmedByName: string | null;
  districtConfirmedAt: Date | null;
  minutesSha256: string | null;
  followUps: FollowUp[];
  updatedAt: Date;
  version: number;
  isDemo: boolean;
}

export const FollowUpJsonSchema = z.object({
  id: z.number().int(),
  agendaIndex: z.number().int().nullable(),
  what: z.string(),
  who: z.string(),
  due: z.string(),
  status: z.enum(FOLLOW_UP_STATUSES),
  doneByName: z.string().nullable(),
  doneAt: z.string().nullable(),
  version: z.number().int(),
});

export const MeetingJsonSchema = z.object({
  id: z.number().int(),
  year: z.number().int(),
  ags: z.string(),
  status: z.enum(MEETING_STATUSES),
  dates: z.array(z.object({ start: z.string(), end: z.string() })),
  confirmedIndex: z.number().int().nullable(),
  place: z.string(),
  videoUrl: z.string(),
  participants: z.array(z.object({ email: z.string(), name: z.string() })),
  districtNote: z.string(),
  cancelReason: z.string(),
  sequence: z.number().int(),
  agenda: z.array(z.object({ title: z.string(), text: z.string() })),
  minutes: z.object({ attendees: z.string(), items: z.array(z.object({ discussion: z.string(), decisions: z.string() })) }),
  hmsiConfirmedAt: z.string().nullable(),
  districtConfirmedAt: z.string().nullable(),
  minutesSha256: z.string().nullable(),
  followUps: z.array(FollowUpJsonSchema),
  version: z.number().int(),
});
export type MeetingJson = z.infer<typeof MeetingJsonSchema>;

export function meetingToJson(m: Meeting): MeetingJson {
  return {
    id: m.id,
    year: m.year,
    ags: m.ags,
    status: m.status,
    dates: m.dates,
    confirmedIndex: m.confirmedIndex,
    place: m.place,
    videoUrl: m.videoUrl,
    participants: m.participants,
    districtNote: m.districtNote,
    cancelReason: m.cancelReason,
    sequence: m.sequence,
    agenda: m.agenda,
    minutes: m.minutes,
    hmsiConfirmedAt: m.hmsiConfirmedAt?.toISOString() ?? null,
    districtConfirmedAt: m.districtConfirmedAt?.toISOString() ?? null,
    minutesSha256: m.minutesSha256,
    followUps: m.followUps.map((f) => ({ id: f.id, agendaIndex: f.agendaIndex, what: f.what, who: f.who, due: f.due, status: f.status, doneByName: f.doneByName, doneAt: f.doneAt?.toISOString() ?? null, version: f.version })),
    version: m.version,
  };
}
