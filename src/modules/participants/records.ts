/**
 * Reading a project's participant records and comparing an upload with them. Row-level reads
 * check `participants.readRecords`; the special categories are blanked unless the actor holds
 * `participants.readSpecialCategories` (rowsFor).
 */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { authorize, can, type MaybeActor } from '../access/policy';
import { getProject } from '../projects/service';
import type { Project } from '../projects/schema';
import { PARTICIPANT_COLUMNS, type ParticipantColumn, type ParticipantRecord, type ProjectPeriod } from './records-schema';
import { participantRecords, participantRecordSets, participantUploads } from './tables';

/** Rows per page of the record list. */
export const RECORDS_PAGE_SIZE = 50;

/** The project a participant page or command is about; NOT_FOUND for an unknown one (German). */
export async function getParticipantProject(db: Executor, year: number, ags: string, key: string): Promise<Project> {
  return getProject(db, year, ags, key);
}

/**
 * The Laufzeit entry dates are checked against: the project's own, or — where the project record
 * has none yet — the AQB year (`fromYear` tells the page to say so).
 */
export function checkPeriod(project: Pick<Project, 'year' | 'start' | 'end'>): ProjectPeriod & { fromYear: boolean } {
  if (project.start && project.end && project.start <= project.end) return { start: project.start, end: project.end, fromYear: false };
  return { start: project.start ?? `${project.year}-01-01`, end: project.end ?? `${project.year}-12-31`, fromYear: true };
}

export interface RecordSetState {
  version: number;
  recordCount: number;
  replacedAt: Date | null;
  fileName: string | null;
}

/** How many records a project holds and when they were last replaced (version 0: never). */
export async function getRecordSetState(db: Executor, projectId: number): Promise<RecordSetState> {
  const [row] = await db.select().from(participantRecordSets).where(eq(participantRecordSets.projectId, projectId));
  return row ? { version: row.version, recordCount: row.recordCount, replacedAt: row.replacedAt, fileName: row.fileName } : { version: 0, recordCount: 0, replacedAt: null, fileName: null };
}

function toRecord(row: typeof participantRecords.$inferSelect): ParticipantRecord {
  return {
    kennung: row.kennung,
    entryDate: row.entryDate,
    exitDate: row.exitDate,
    gender: row.gender as ParticipantRecord['gender'],
    birthYear: row.birthYear,
    legalSphere: row.legalSphere as ParticipantRecord['legalSphere'],
    employmentStatus: row.employmentStatus as ParticipantRecord['employmentStatus'],
    isced: row.isced as ParticipantRecord['isced'],
    disability: row.disability as ParticipantRecord['disability'],
    migrationBackground: row.migrationBackground as ParticipantRecord['migrationBackground'],
    partTimeTraining: row.partTimeTraining as ParticipantRecord['partTimeTraining'],
    outcome: row.outcome as ParticipantRecord['outcome'],
  };
}

/** Every record of a project, by Kennung (internal: for the difference and the replacement). */
export async function loadAllRecords(db: Executor, projectId: number): Promise<ParticipantRecord[]> {
  const rows = await db.select().from(participantRecords).where(eq(participantRecords.projectId, projectId)).orderBy(asc(participantRecords.kennung));
  return rows.map(toRecord);
}

/** A record as a reader may see it: special categories null without the explicit permission. */
export type VisibleRecord = Omit<ParticipantRecord, 'disability' | 'migrationBackground'> & { disability: string | null; migrationBackground: string | null };

/**
 * One page of a project's records in row form, by Kennung. Checks `participants.readRecords`;
 * disability and migration background are null unless the actor has
 * `participants.readSpecialCategories` for the project's district.
 */
export async function findParticipantRecords(
  db: Executor,
  actor: MaybeActor,
  project: Pick<Project, 'id' | 'ags'>,
  page: number,
): Promise<{ rows: VisibleRecord[]; total: number; page: number; pages: number; showsSpecialCategories: boolean }> {
  authorize(actor, 'participants.readRecords', { ags: project.ags });
  const showsSpecialCategories = can(actor, 'participants.readSpecialCategories', { ags: project.ags });
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(participantRecords).where(eq(participantRecords.projectId, project.id));
  const pages = Math.max(1, Math.ceil(total / RECORDS_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const rows = await db
    .select()
    .from(participantRecords)
    .where(eq(participantRecords.projectId, project.id))
    .orderBy(asc(participantRecords.kennung))
    .limit(RECORDS_PAGE_SIZE)
    .offset((current - 1) * RECORDS_PAGE_SIZE);
  return {
    rows: rows.map((row) => {
      const record = toRecord(row);
      return showsSpecialCategories ? record : { ...record, disability: null, migrationBackground: null };
    }),
    total,
    page: current,
    pages,
    showsSpecialCategories,
  };
}

// ── Difference ─────────────────────────────────────────────────────────────────────────────

const FIELD_OF_COLUMN: Record<ParticipantColumn, keyof ParticipantRecord> = {
  kennung: 'kennung',
  eintritt: 'entryDate',
  austritt: 'exitDate',
  geschlecht: 'gender',
  geburtsjahr: 'birthYear',
  rechtskreis: 'legalSphere',
  erwerbsstatus: 'employmentStatus',
  isced: 'isced',
  behinderung: 'disability',
  migration: 'migrationBackground',
  teilzeitausbildung: 'partTimeTraining',
  verbleib: 'outcome',
};

export interface RecordDifference {
  added: string[];
  /** Kennung with the upload's column names that differ. */
  changed: Array<{ kennung: string; columns: ParticipantColumn[] }>;
  removed: string[];
  unchanged: number;
}

/** What replacing `current` by `next` changes, matched by Kennung ignoring case; lists sorted by Kennung. */
export function diffRecords(current: readonly ParticipantRecord[], next: readonly ParticipantRecord[]): RecordDifference {
  const before = new Map(current.map((r) => [r.kennung.toLowerCase(), r]));
  const seen = new Set<string>();
  const added: string[] = [];
  const changed: RecordDifference['changed'] = [];
  let unchanged = 0;
  for (const record of next) {
    const key = record.kennung.toLowerCase();
    seen.add(key);
    const old = before.get(key);
    if (!old) {
      added.push(record.kennung);
      continue;
    }
    const columns = PARTICIPANT_COLUMNS.filter((column) => old[FIELD_OF_COLUMN[column]] !== record[FIELD_OF_COLUMN[column]]);
    if (columns.length) changed.push({ kennung: record.kennung, columns });
    else unchanged++;
  }
  const removed = current.filter((r) => !seen.has(r.kennung.toLowerCase())).map((r) => r.kennung);
  const byKennung = (a: string, b: string) => a.localeCompare(b, 'de');
  return { added: added.sort(byKennung), changed: changed.sort((a, b) => byKennung(a.kennung, b.kennung)), removed: removed.sort(byKennung), unchanged };
}

// ── Pending uploads ────────────────────────────────────────────────────────────────────────

/** Pending uploads older than this are deleted on the next upload of any project. */
export const PENDING_UPLOAD_HOURS = 24;

export interface PendingUpload {
  id: string;
  projectId: number;
  baseVersion: number;
  fileName: string;
  rowCount: number;
  rows: ParticipantRecord[];
  createdAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A pending upload of this project; NOT_FOUND when it is unknown, expired or belongs to another project. */
export async function getPendingUpload(db: Executor, projectId: number, id: string): Promise<PendingUpload> {
  const [row] = UUID.test(id)
    ? await db
        .select()
        .from(participantUploads)
        .where(and(eq(participantUploads.id, id), eq(participantUploads.projectId, projectId), sql`${participantUploads.createdAt} > now() - make_interval(hours => ${PENDING_UPLOAD_HOURS})`))
    : [];
  if (!row) throw new AppError('NOT_FOUND', 'Diese hochgeladene Datei wartet nicht (mehr) auf eine Bestätigung. Bitte laden Sie sie erneut hoch.');
  return { id: row.id, projectId: row.projectId, baseVersion: row.baseVersion, fileName: row.fileName, rowCount: row.rowCount, rows: row.rows, createdAt: row.createdAt };
}
