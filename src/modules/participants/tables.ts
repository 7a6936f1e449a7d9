import { bigserial, char, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from '../access/tables';
import { projects } from '../projects/tables';
import type { ParticipantRecord } from './records-schema';

/**
 * One pseudonymous participant record per person and project (issue 14). There is deliberately
 * no column for a name, an address or a birth date: the Träger's Kennung is the only handle.
 * `disability` and `migration_background` are special categories (Art. 9 GDPR): only roles with
 * `participants.readSpecialCategories` see them in row form. Records are replaced per project as
 * a whole (replaceParticipantRecords), never edited one by one.
 */
export const participantRecords = pgTable(
  'participant_records',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    kennung: text('kennung').notNull(),
    entryDate: date('entry_date', { mode: 'string' }).notNull(),
    exitDate: date('exit_date', { mode: 'string' }),
    gender: text('gender').notNull(),
    birthYear: smallint('birth_year').notNull(),
    legalSphere: text('legal_sphere').notNull(),
    employmentStatus: text('employment_status').notNull(),
    isced: text('isced').notNull(),
    disability: text('disability').notNull(),
    migrationBackground: text('migration_background').notNull(),
    partTimeTraining: text('part_time_training').notNull(),
    outcome: text('outcome'),
  },
  // The upload refuses a Kennung twice ignoring case; the key keeps the stored spelling unique.
  (t) => [unique('participant_records_project_kennung').on(t.projectId, t.kennung)],
);

/**
 * The state of a project's participant records: how many, when and by whom they were last
 * replaced, and a version every replacement raises (a confirmation page staged on an older
 * version is refused with CONFLICT, so two uploads never overwrite each other unseen).
 */
export const participantRecordSets = pgTable('participant_record_sets', {
  projectId: integer('project_id')
    .primaryKey()
    .references(() => projects.id, { onDelete: 'cascade' }),
  version: integer('version').notNull().default(0),
  recordCount: integer('record_count').notNull().default(0),
  replacedAt: timestamp('replaced_at', { withTimezone: true }),
  replacedBy: integer('replaced_by').references(() => users.id, { onDelete: 'set null' }),
  fileName: text('file_name'),
  /** When the records were deleted at the end of the retention period (the aggregates remain). */
  retentionDeletedAt: timestamp('retention_deleted_at', { withTimezone: true }),
});

/**
 * The counts of every statistics table per project (statistics-query.ts), kept in step with the
 * records by every write (replacement, deletion of a Kennung) in the same transaction, and KEPT
 * when the records are deleted at the end of the retention period: aggregates published before
 * remain. Pages read these counts, never scan the records (1,000,000 records stay fast).
 */
export const participantCounts = pgTable(
  'participant_counts',
  {
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    tableKey: text('table_key').notNull(),
    rowValue: text('row_value').notNull(),
    columnValue: text('column_value').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.tableKey, t.rowValue, t.columnValue] })],
);

/** The same counts summed per district and AQB year (refreshed with each project's counts). */
export const participantDistrictCounts = pgTable(
  'participant_district_counts',
  {
    year: integer('year').notNull(),
    ags: char('ags', { length: 5 }).notNull(),
    tableKey: text('table_key').notNull(),
    rowValue: text('row_value').notNull(),
    columnValue: text('column_value').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.ags, t.tableKey, t.rowValue, t.columnValue] })],
);

/**
 * Entries and exits of a project as running totals on each day something happened: the state on
 * any reference date D is the row with the latest day ≤ D (entries so far, exits so far, exits
 * before D — the exit day still counts as in the project). Kept after retention like the counts.
 */
export const participantFlowDays = pgTable(
  'participant_flow_days',
  {
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    entriesToDate: integer('entries_to_date').notNull(),
    exitsToDate: integer('exits_to_date').notNull(),
    exitsBefore: integer('exits_before').notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.day] })],
);

/**
 * A validated upload waiting for its confirmation (docs/decisions/0017): the parsed rows are kept
 * server-side between the upload and the confirmation page, so the journey needs no JavaScript
 * and no second upload. Deleted on confirmation or discard; older than a day, deleted at the next
 * upload and by the daily retention run (stale data of people is not kept lying around).
 */
export const participantUploads = pgTable(
  'participant_uploads',
  {
    id: uuid('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** The record set's version the difference was computed against. */
    baseVersion: integer('base_version').notNull(),
    fileName: text('file_name').notNull(),
    rowCount: integer('row_count').notNull(),
    rows: jsonb('rows').$type<ParticipantRecord[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('participant_uploads_project').on(t.projectId)],
);
