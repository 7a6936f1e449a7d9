import { boolean, char, integer, jsonb, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { bytea } from '../../platform/db/types';
import { budgetYears } from '../budget-years/tables';
import { AGREEMENT_STATUSES } from './status';
import { districts } from '../districts/tables';
import { users } from '../access/tables';

/** One Zielvereinbarung per district and AQB year; its content lives in versions. */
export const agreements = pgTable(
  'agreements',
  {
    id: serial('id').primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => budgetYears.year),
    ags: char('ags', { length: 5 })
      .notNull()
      .references(() => districts.ags),
    status: text('status', { enum: AGREEMENT_STATUSES })
      .notNull()
      .default('entwurf'),
    currentVersion: integer('current_version').notNull().default(1),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** User ids of who recorded each signature (the signatures themselves live in the version content). */
    landSignatureRecordedBy: integer('land_signature_recorded_by').references(() => users.id, { onDelete: 'set null' }),
    districtSignatureRecordedBy: integer('district_signature_recorded_by').references(() => users.id, { onDelete: 'set null' }),
    /** The district marked its part "von der Gebietskörperschaft abgestimmt" for this version. */
    districtAgreedVersion: integer('district_agreed_version'),
    districtAgreedAt: timestamp('district_agreed_at', { withTimezone: true }),
    districtAgreedBy: integer('district_agreed_by').references(() => users.id, { onDelete: 'set null' }),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('agreements_year_ags').on(t.year, t.ags)],
);

/** Every saved state of an agreement, as interchange JSON (aqb.zielvereinbarung/1). */
export const agreementVersions = pgTable(
  'agreement_versions',
  {
    id: serial('id').primaryKey(),
    agreementId: integer('agreement_id')
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    content: jsonb('content').notNull(),
    /** Where this state came from: seed, demo, edit, import. */
    source: text('source').notNull(),
    templateVersionId: integer('template_version_id'),
    /** The agreement status this version was saved in (null for versions from before the workflow). */
    status: text('status', { enum: AGREEMENT_STATUSES }),
    /** User id of who saved this version; null for seeded versions. */
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** For a Nachtrag: the published version it amends. */
    amendsVersion: integer('amends_version'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('agreement_versions_agreement_version').on(t.agreementId, t.version)],
);

/**
 * A publication freezes one version: the rendered PDF bytes and their SHA-256 never change.
 * The public portal serves exactly these bytes. A Nachtrag is published as a new row.
 */
export const agreementPublications = pgTable(
  'agreement_publications',
  {
    id: serial('id').primaryKey(),
    agreementId: integer('agreement_id')
      .notNull()
      .references(() => agreements.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    pdf: bytea('pdf').notNull(),
    sha256: char('sha256', { length: 64 }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    /** User id of the publisher; null for seeded publications. */
    publishedBy: integer('published_by').references(() => users.id, { onDelete: 'set null' }),
    isDemo: boolean('is_demo').notNull().default(false),
  },
  (t) => [unique('agreement_publications_agreement_version').on(t.agreementId, t.version)],
);

/**
 * Negotiation notes (Zielvereinbarungsgespräch): ministry and district write what was changed and
 * why, or an open question, tied to the version it is about. Append-only; visible to whoever may
 * read the agreement (never another district).
 */
export const agreementNotes = pgTable('agreement_notes', {
  id: serial('id').primaryKey(),
  agreementId: integer('agreement_id')
    .notNull()
    .references(() => agreements.id, { onDelete: 'cascade' }),
  version: integer('version').notNull(),
  /** Who writes: the ministry (`land`) or the district. */
  party: text('party', { enum: ['land', 'district'] }).notNull(),
  authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
  body: text('body').notNull(),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
