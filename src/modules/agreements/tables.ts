import { sql } from 'drizzle-orm';
import { bigint, boolean, char, index, integer, jsonb, pgTable, serial, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { bytea, tsvector } from '../../platform/db/types';
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
    /*
     * Derived from `content` by PostgreSQL (stored generated columns, same SQL on PGlite and
     * PostgreSQL 15): list pages sort, filter and search on these instead of unpacking every
     * version's JSON on every request (issue 18).
     */
    /**
     * German full-text document of a published text (status veroeffentlicht, or a seeded version
     * without status): district name and every project title, for the portal search (GIN-indexed).
     * Null for drafts, so a search never reads the many unpublished versions.
     */
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`case when status is null or status = 'veroeffentlicht' then to_tsvector('german'::regconfig, coalesce(content #>> '{district,name}', '')) || jsonb_to_tsvector('german'::regconfig, jsonb_path_query_array(content, '$.measures[*].projects[*].title'), '["string"]'::jsonb) end`,
    ),
    /** § 4 amount in cents. */
    amountCents: bigint('amount_cents', { mode: 'number' }).generatedAlwaysAs(sql`((content ->> 'amountCents')::bigint)`),
    /** Numbers of the Maßnahmenarten with at least one project, as a JSON array ([1, 3]). */
    measureTypes: jsonb('measure_types').generatedAlwaysAs(sql`jsonb_path_query_array(content, '$.measures[*] ? (@.projects.size() > 0).type')`),
    /** Number of projects over all Maßnahmenarten. */
    projectCount: integer('project_count').generatedAlwaysAs(sql`(jsonb_array_length(jsonb_path_query_array(content, '$.measures[*].projects[*]')))`),
  },
  (t) => [unique('agreement_versions_agreement_version').on(t.agreementId, t.version), index('agreement_versions_search').using('gin', t.searchVector).where(sql`search_vector is not null`)],
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
    /** A withdrawn publication (the ministry's correction, with its reason) is no longer served; the portal says so. */
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawnBy: integer('withdrawn_by').references(() => users.id, { onDelete: 'set null' }),
    withdrawalReason: text('withdrawal_reason'),
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
