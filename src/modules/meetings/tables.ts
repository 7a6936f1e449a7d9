import { sql } from 'drizzle-orm';
import { boolean, char, check, date, index, integer, jsonb, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { bytea } from '../../platform/db/types';
import { users } from '../access/tables';
import { budgetYears } from '../budget-years/tables';
import { districts } from '../districts/tables';
import { type AgendaItem, FOLLOW_UP_STATUSES, MEETING_STATUSES, type Minutes, type Participant, type ProposedDate } from './schema';

/**
 * One Umsetzungsbesprechung per district and year: the proposed dates (UTC instants), the
 * confirmed one, participants, agenda and minutes (both JSON, edited as a whole under the row's
 * `version`), the two confirmations of the minutes and, once both are given, the frozen PDF.
 */
export const meetings = pgTable(
  'meetings',
  {
    id: serial('id').primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    status: text('status', { enum: MEETING_STATUSES }).notNull().default('vorgeschlagen'),
    dates: jsonb('dates').$type<ProposedDate[]>().notNull(),
    confirmedIndex: integer('confirmed_index'),
    place: text('place').notNull().default(''),
    videoUrl: text('video_url').notNull().default(''),
    participants: jsonb('participants').$type<Participant[]>().notNull(),
    /** The ORGANIZER of the invitation: the HMSI clerk who scheduled the meeting. */
    organizer: jsonb('organizer').$type<Participant>().notNull(),
    districtNote: text('district_note').notNull().default(''),
    cancelReason: text('cancel_reason').notNull().default(''),
    sequence: integer('sequence').notNull().default(0),
    agenda: jsonb('agenda').$type<AgendaItem[]>().notNull().default([]),
    agendaGeneratedAt: timestamp('agenda_generated_at', { withTimezone: true }),
    minutes: jsonb('minutes').$type<Minutes>().notNull().default({ attendees: '', items: [] }),
    hmsiConfirmedBy: integer('hmsi_confirmed_by').references(() => users.id, { onDelete: 'set null' }),
    hmsiConfirmedAt: timestamp('hmsi_confirmed_at', { withTimezone: true }),
    districtConfirmedBy: integer('district_confirmed_by').references(() => users.id, { onDelete: 'set null' }),
    districtConfirmedAt: timestamp('district_confirmed_at', { withTimezone: true }),
    minutesPdf: bytea('minutes_pdf'),
    minutesSha256: text('minutes_sha256'),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    isDemo: boolean('is_demo').notNull().default(false),
  },
  (t) => [
    unique('meetings_year_ags').on(t.year, t.ags),
    check('meetings_confirmed', sql`${t.status} in ('vorgeschlagen', 'abgesagt') or ${t.confirmedIndex} is not null`),
    check('meetings_frozen', sql`(${t.status} = 'protokoll_bestaetigt') = (${t.minutesSha256} is not null)`),
  ],
);

/** The follow-ups agreed in the minutes (what, who, by when); offen → erledigt once the minutes are confirmed. */
export const meetingFollowUps = pgTable(
  'meeting_follow_ups',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    agendaIndex: integer('agenda_index'),
    what: text('what').notNull(),
    who: text('who').notNull(),
    due: date('due', { mode: 'string' }).notNull(),
    status: text('status', { enum: FOLLOW_UP_STATUSES }).notNull().default('offen'),
    doneBy: integer('done_by').references(() => users.id, { onDelete: 'set null' }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('meeting_follow_ups_meeting').on(t.meetingId), check('meeting_follow_ups_done', sql`(${t.status} = 'erledigt') = (${t.doneAt} is not null)`)],
);
