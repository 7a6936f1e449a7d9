import { boolean, char, check, date, index, integer, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { bytea } from '../../platform/db/types';
import { users } from '../access/tables';
import { districts } from '../districts/tables';
import { EVENT_STATUSES, MATERIAL_KINDS } from './schema';

/**
 * A conference (Tagung) of the ministry under § 7 of the agreements. A draft (`entwurf`) is seen by
 * the ministry only; published (`veroeffentlicht`) it is seen by every district and RP, and on the
 * portal when `is_public`.
 */
export const events = pgTable(
  'events',
  {
    id: serial('id').primaryKey(),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    place: text('place').notNull().default(''),
    videoUrl: text('video_url').notNull().default(''),
    agenda: text('agenda').notNull().default(''),
    /** Places for people of all districts together. */
    capacity: integer('capacity').notNull(),
    /** Last day of registration (Europe/Berlin, inclusive). */
    registrationDeadline: date('registration_deadline', { mode: 'string' }).notNull(),
    status: text('status', { enum: EVENT_STATUSES }).notNull().default('entwurf'),
    isPublic: boolean('is_public').notNull().default(false),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** When the names of the registered people were deleted (a year after the event). */
    personalDataDeletedAt: timestamp('personal_data_deleted_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [check('events_period', sql`${t.endsAt} >= ${t.startsAt}`), check('events_capacity', sql`${t.capacity} > 0`)],
);

/** One district's registration for a conference: how many people and what they need. */
export const eventRegistrations = pgTable(
  'event_registrations',
  {
    id: serial('id').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    peopleCount: integer('people_count').notNull(),
    /** Dietary or accessibility needs (free text; personal data, deleted with the names). */
    needs: text('needs').notNull().default(''),
    version: integer('version').notNull().default(1),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    updatedBy: integer('updated_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [unique('event_registrations_event_ags').on(t.eventId, t.ags), check('event_registrations_people', sql`${t.peopleCount} > 0`)],
);

/** Names and roles of registered people (optional; personal data: the ministry only; deleted a year after the event). */
export const eventRegistrationPeople = pgTable(
  'event_registration_people',
  {
    id: serial('id').primaryKey(),
    registrationId: integer('registration_id')
      .notNull()
      .references(() => eventRegistrations.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    role: text('role').notNull().default(''),
  },
  (t) => [index('event_registration_people_registration').on(t.registrationId)],
);

/** Uploaded materials and minutes of a conference; districts see them after the event. */
export const eventMaterials = pgTable(
  'event_materials',
  {
    id: serial('id').primaryKey(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: MATERIAL_KINDS }).notNull(),
    title: text('title').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: char('sha256', { length: 64 }).notNull(),
    bytes: bytea('bytes').notNull(),
    isDemo: boolean('is_demo').notNull().default(false),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    uploadedBy: integer('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('event_materials_event').on(t.eventId)],
);
