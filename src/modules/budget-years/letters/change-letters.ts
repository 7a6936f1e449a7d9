/** The "Änderung der Mittelankündigung": written with each revision of a fixed allocation. */
import { and, asc, count, eq } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { getDistrict } from '../../districts/service';
import { findLetterhead } from '../../letterheads/service';
import { allocationRevisions, announcementChangeLetters, announcementLetters } from '../tables';
import { buildChangeLetter, changeLetterFileStem } from './letter-model';
import { renderLetterDocx, renderLetterPdf } from './render';
import type { LetterFormat } from './letter-store';

export interface ChangeLetterSummary {
  id: number;
  revisionId: number;
  /** The n-th change of this district's allocation in the year. */
  number: number;
  year: number;
  ags: string;
  fromCents: number;
  toCents: number;
  letterDate: string;
  createdAt: Date;
}

/**
 * Renders and stores the change letter of a revision just recorded — call in the revision's
 * transaction, so the revision and its frozen letter are saved together or not at all. The
 * ministry's letterhead as it stands now is frozen into it. Rendering (two files, a few ms each on
 * the render pool) happens while the allocation row is locked; that keeps the letter exactly what
 * was decided.
 */
export async function writeChangeLetter(
  tx: Executor,
  revision: { id: number; year: number; ags: string; fromCents: number; toCents: number; reason: string; decidedOn: string },
  options: { letterDate: string; announcedOn: string | null; isDemo: boolean },
): Promise<ChangeLetterSummary> {
  const [counted] = await tx
    .select({ n: count() })
    .from(allocationRevisions)
    .where(and(eq(allocationRevisions.year, revision.year), eq(allocationRevisions.ags, revision.ags)));
  const number = Number(counted?.n ?? 1);
  const [district, sender] = await Promise.all([getDistrict(tx, revision.ags), findLetterhead(tx, 'hmsi')]);
  const letter = buildChangeLetter({ district, year: revision.year, number, fromCents: revision.fromCents, toCents: revision.toCents, reason: revision.reason, decidedOn: revision.decidedOn, letterDate: options.letterDate, announcedOn: options.announcedOn, sender });
  const [pdf, docx] = await Promise.all([renderLetterPdf(letter), renderLetterDocx(letter)]);
  const [row] = await tx
    .insert(announcementChangeLetters)
    .values({ revisionId: revision.id, year: revision.year, ags: revision.ags, number, fromCents: revision.fromCents, toCents: revision.toCents, letterDate: options.letterDate, pdf, docx, isDemo: options.isDemo })
    .returning({ id: announcementChangeLetters.id, createdAt: announcementChangeLetters.createdAt });
  return { id: row!.id, revisionId: revision.id, number, year: revision.year, ags: revision.ags, fromCents: revision.fromCents, toCents: revision.toCents, letterDate: options.letterDate, createdAt: row!.createdAt };
}

const SUMMARY = {
  id: announcementChangeLetters.id,
  revisionId: announcementChangeLetters.revisionId,
  year: announcementChangeLetters.year,
  ags: announcementChangeLetters.ags,
  fromCents: announcementChangeLetters.fromCents,
  toCents: announcementChangeLetters.toCents,
  number: announcementChangeLetters.number,
  letterDate: announcementChangeLetters.letterDate,
  createdAt: announcementChangeLetters.createdAt,
};

/** The change letters of a year (optionally one district), in the order written. */
export async function findChangeLetters(db: Executor, year: number, ags?: string): Promise<ChangeLetterSummary[]> {
  const where = ags ? and(eq(announcementChangeLetters.year, year), eq(announcementChangeLetters.ags, ags)) : eq(announcementChangeLetters.year, year);
  return db.select(SUMMARY).from(announcementChangeLetters).where(where).orderBy(asc(announcementChangeLetters.id));
}

/**
 * The frozen bytes of one district's n-th change letter of a year; NOT_FOUND when it has none
 * with that number (also for another district's number: the caller checks the AGS first).
 */
export async function getChangeLetterFile(db: Executor, year: number, ags: string, number: number, format: LetterFormat): Promise<{ fileName: string; bytes: Uint8Array }> {
  const [row] = await db
    .select({ pdf: announcementChangeLetters.pdf, docx: announcementChangeLetters.docx })
    .from(announcementChangeLetters)
    .where(and(eq(announcementChangeLetters.year, year), eq(announcementChangeLetters.ags, ags), eq(announcementChangeLetters.number, number)));
  if (!row) throw new AppError('NOT_FOUND', `Für AGS ${ags} gibt es im AQB-Jahr ${year} keine Änderung der Mittelankündigung Nr. ${number}.`);
  return { fileName: `${changeLetterFileStem(year, ags, number)}.${format}`, bytes: format === 'pdf' ? row.pdf : row.docx };
}

/** The date of the district's first Mittelankündigung of the year, or null when none was stored. */
export async function findAnnouncementDate(db: Executor, year: number, ags: string): Promise<string | null> {
  const [row] = await db.select({ announcedOn: announcementLetters.announcedOn }).from(announcementLetters).where(and(eq(announcementLetters.year, year), eq(announcementLetters.ags, ags)));
  return row?.announcedOn ?? null;
}
