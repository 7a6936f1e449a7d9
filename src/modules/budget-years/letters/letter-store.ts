import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { announcementLetters } from '../tables';
import { letterFileStem } from './letter-model';

export type LetterFormat = 'pdf' | 'docx';

/** The letters of a year without their bytes (for lists). */
export async function findLetters(db: Executor, year: number) {
  return db
    .select({ ags: announcementLetters.ags, amountCents: announcementLetters.amountCents, announcedOn: announcementLetters.announcedOn, createdAt: announcementLetters.createdAt })
    .from(announcementLetters)
    .where(eq(announcementLetters.year, year))
    .orderBy(asc(announcementLetters.ags));
}

/** The facts of one district's letter of a year (for its agreement page), or undefined. */
export async function findLetter(db: Executor, year: number, ags: string): Promise<{ amountCents: number; announcedOn: string } | undefined> {
  const [row] = await db
    .select({ amountCents: announcementLetters.amountCents, announcedOn: announcementLetters.announcedOn })
    .from(announcementLetters)
    .where(and(eq(announcementLetters.year, year), eq(announcementLetters.ags, ags)));
  return row;
}

/** The frozen bytes of one letter; NOT_FOUND when the year has none for that district. */
export async function getLetterFile(db: Executor, year: number, ags: string, format: LetterFormat): Promise<{ fileName: string; bytes: Uint8Array }> {
  const [row] = await db
    .select({ pdf: announcementLetters.pdf, docx: announcementLetters.docx })
    .from(announcementLetters)
    .where(and(eq(announcementLetters.year, year), eq(announcementLetters.ags, ags)));
  if (!row) throw new AppError('NOT_FOUND', `Für AGS ${ags} gibt es im AQB-Jahr ${year} keine Mittelankündigung.`);
  return { fileName: `${letterFileStem(year, ags)}.${format}`, bytes: format === 'pdf' ? row.pdf : row.docx };
}

/** One ZIP with every letter of the year as PDF and DOCX; NOT_FOUND when none exist yet. */
export async function buildLettersZip(db: Executor, year: number): Promise<{ fileName: string; bytes: Uint8Array }> {
  const rows = await db.select().from(announcementLetters).where(eq(announcementLetters.year, year)).orderBy(asc(announcementLetters.ags));
  if (rows.length === 0) throw new AppError('NOT_FOUND', `Für das AQB-Jahr ${year} sind noch keine Mittelankündigungen erzeugt.`);
  const files: Record<string, Uint8Array> = {};
  for (const row of rows) {
    const stem = letterFileStem(year, row.ags);
    files[`${stem}.pdf`] = row.pdf;
    files[`${stem}.docx`] = row.docx;
  }
  // PDF and DOCX are already compressed: store them without deflating again.
  return { fileName: `mittelankuendigungen-${year}.zip`, bytes: (await import('fflate')).zipSync(files, { level: 0 }) };
}
