import { createHash } from 'node:crypto';
import { and, asc, desc, eq } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { Executor } from '../../platform/db/client';
import { AppError, unwrapZod } from '../../platform/errors';
import { findUserNames } from '../access/service';
import { authorize, type MaybeActor } from '../access/policy';
import { getBudgetYear } from '../budget-years/service';
import { generateReportContent } from './chapters';
import { renderReportHtml } from './render-html';
import { renderReportDocx, renderReportPdf } from './render';
import { CHAPTER_KEYS, type ChapterKey, type ReportContent, type ReportFormat, ReleaseStateReportSchema, SaveStateReportSchema, type StateReportVersion } from './schema';
import { stateReports } from './tables';

type Row = typeof stateReports.$inferSelect;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const fullCommentary = (c: Partial<Record<ChapterKey, string>>) => Object.fromEntries(CHAPTER_KEYS.map((k) => [k, c[k] ?? ''])) as Record<ChapterKey, string>;

async function toVersions(db: Executor, rows: Row[]): Promise<StateReportVersion[]> {
  const names = await findUserNames(db, rows.map((r) => r.releasedBy));
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    versionNo: r.versionNo,
    status: r.status,
    foreword: r.foreword,
    commentary: fullCommentary(r.commentary),
    version: r.version,
    createdAt: r.createdAt,
    releasedAt: r.releasedAt,
    releasedByName: r.releasedBy === null ? null : (names.get(r.releasedBy) ?? null),
    pdfSha256: r.pdfSha256,
    docxSha256: r.docxSha256,
    htmlSha256: r.htmlSha256,
    supersededBy: r.status === 'freigegeben' ? (rows.find((x) => x.status === 'freigegeben' && x.versionNo > r.versionNo)?.versionNo ?? null) : null,
  }));
}

const columns = { isDemo: stateReports.isDemo, id: stateReports.id, year: stateReports.year, versionNo: stateReports.versionNo, status: stateReports.status, foreword: stateReports.foreword, commentary: stateReports.commentary, content: stateReports.content, pdf: stateReports.pdf, docx: stateReports.docx, html: stateReports.html, pdfSha256: stateReports.pdfSha256, docxSha256: stateReports.docxSha256, htmlSha256: stateReports.htmlSha256, createdBy: stateReports.createdBy, createdAt: stateReports.createdAt, releasedBy: stateReports.releasedBy, releasedAt: stateReports.releasedAt, version: stateReports.version };
/** The version rows without their files (lists and pages never need the bytes). */
const light = { ...columns, content: stateReports.id, pdf: stateReports.id, docx: stateReports.id, html: stateReports.id };

/** Every version of a year's report, oldest first ([] when the ministry has not created it). */
export async function findStateReportVersions(db: Executor, year: number): Promise<StateReportVersion[]> {
  const rows = (await db.select(light).from(stateReports).where(eq(stateReports.year, year)).orderBy(asc(stateReports.versionNo))) as unknown as Row[];
  return toVersions(db, rows);
}

/** The years that have a released report, newest first (the portal and the districts' list). */
export async function findReleasedReportYears(db: Executor): Promise<number[]> {
  const rows = await db.selectDistinct({ year: stateReports.year }).from(stateReports).where(eq(stateReports.status, 'freigegeben')).orderBy(desc(stateReports.year));
  return rows.map((r) => r.year);
}

/** The years that have a report at all (any version). */
export async function findReportYears(db: Executor): Promise<number[]> {
  const rows = await db.selectDistinct({ year: stateReports.year }).from(stateReports).orderBy(desc(stateReports.year));
  return rows.map((r) => r.year);
}

/**
 * The ministry creates the report of a year: version 1, a draft with empty texts, audited.
 * CONFLICT when the year already has a report; NOT_FOUND for a year that is not set up.
 */
export async function createStateReport(tx: Executor, actor: MaybeActor, year: number): Promise<StateReportVersion> {
  authorize(actor, 'stateReport.edit');
  await getBudgetYear(tx, year);
  const [existing] = await tx.select({ id: stateReports.id }).from(stateReports).where(eq(stateReports.year, year)).limit(1);
  if (existing) throw new AppError('CONFLICT', `Den Landesbericht ${year} gibt es schon.`);
  const [row] = await tx.insert(stateReports).values({ year, versionNo: 1, createdBy: actor.userId }).returning();
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'stateReport.create', recordType: 'state_report', recordId: row!.id, before: null, after: { year, versionNo: 1, status: 'entwurf' } });
  return (await toVersions(tx, [row!]))[0]!;
}

async function lockDraft(tx: Executor, year: number, version: number): Promise<Row> {
  const [row] = await tx.select().from(stateReports).where(and(eq(stateReports.year, year), eq(stateReports.status, 'entwurf'))).for('update');
  if (!row) {
    const [any] = await tx.select({ id: stateReports.id }).from(stateReports).where(eq(stateReports.year, year)).limit(1);
    if (!any) throw new AppError('NOT_FOUND', `Einen Landesbericht ${year} gibt es noch nicht.`);
    throw new AppError('INVALID_STATE_TRANSITION', `Der Landesbericht ${year} ist freigegeben und kann nicht mehr geändert werden. Für eine Korrektur legen Sie eine neue Fassung an.`);
  }
  if (row.version !== version) throw new AppError('CONFLICT', 'Der Entwurf wurde inzwischen geändert. Bitte laden Sie die Seite neu und prüfen Sie den aktuellen Stand.');
  return row;
}

/**
 * Saves the draft's foreword and chapter commentaries (optimistic lock on `version`, audited).
 * VALIDATION_FAILED with field paths (foreword, commentary.<chapter>); INVALID_STATE_TRANSITION after release.
 */
export async function saveStateReportDraft(tx: Executor, actor: MaybeActor, year: number, input: unknown): Promise<StateReportVersion> {
  authorize(actor, 'stateReport.edit');
  const data = unwrapZod(SaveStateReportSchema.safeParse(input));
  const row = await lockDraft(tx, year, data.version);
  const [updated] = await tx
    .update(stateReports)
    .set({ foreword: data.foreword, commentary: data.commentary, version: row.version + 1 })
    .where(eq(stateReports.id, row.id))
    .returning();
  await recordAuditEvent(tx, {
    actorId: actor.userId,
    action: 'stateReport.save',
    recordType: 'state_report',
    recordId: row.id,
    before: { foreword: row.foreword, commentary: row.commentary, version: row.version },
    after: { foreword: updated!.foreword, commentary: updated!.commentary, version: updated!.version },
  });
  return (await toVersions(tx, [updated!]))[0]!;
}

/** The content of a version: the frozen snapshot once released, else generated from today's data. */
export async function readReportContent(db: Executor, year: number, versionNo?: number): Promise<{ version: StateReportVersion; content: ReportContent }> {
  const row = await pickRow(db, year, versionNo);
  const [version] = await toVersions(db, [row]);
  if (row.status === 'freigegeben') return { version: version!, content: row.content! };
  return { version: version!, content: await generateReportContent(db, { year, versionNo: row.versionNo, isDraft: true, asOf: new Date(), foreword: row.foreword, commentary: row.commentary }) };
}

/** A given version, or the current one: the draft if there is one, else the latest release. */
async function pickRow(db: Executor, year: number, versionNo?: number): Promise<Row> {
  const rows = await db.select().from(stateReports).where(eq(stateReports.year, year)).orderBy(desc(stateReports.versionNo));
  const row = versionNo === undefined ? rows[0] : rows.find((r) => r.versionNo === versionNo);
  if (!row) throw new AppError('NOT_FOUND', versionNo === undefined ? `Einen Landesbericht ${year} gibt es noch nicht.` : `Die Fassung ${versionNo} des Landesberichts ${year} gibt es nicht.`);
  return row;
}

/** The latest released version of a year, or null. */
export async function findReleasedReport(db: Executor, year: number): Promise<StateReportVersion | null> {
  const rows = (await db.select(light).from(stateReports).where(and(eq(stateReports.year, year), eq(stateReports.status, 'freigegeben'))).orderBy(desc(stateReports.versionNo)).limit(1)) as unknown as Row[];
  return rows.length === 0 ? null : (await toVersions(db, rows))[0]!;
}

/** The frozen content of the latest release, or null. */
export async function findReleasedContent(db: Executor, year: number): Promise<ReportContent | null> {
  const released = await findReleasedReport(db, year);
  return released === null ? null : (await pickRow(db, year, released.versionNo)).content;
}

/** Renders content in a format (the draft preview and the CLI; released files are read from the store). */
export async function renderReport(content: ReportContent, format: ReportFormat): Promise<Uint8Array> {
  if (format === 'pdf') return renderReportPdf(content);
  if (format === 'docx') return renderReportDocx(content);
  return new TextEncoder().encode(renderReportHtml(content));
}

/**
 * A version's file: the stored bytes of a release (the same every time, sha256 on record), a draft
 * rendered now (marked "Entwurf"). The latest version without `versionNo`.
 */
export async function reportFile(db: Executor, year: number, format: ReportFormat, versionNo?: number): Promise<{ bytes: Uint8Array; isDraft: boolean; versionNo: number }> {
  const row = await pickRow(db, year, versionNo);
  if (row.status === 'freigegeben') return { bytes: new Uint8Array(row[format]!), isDraft: false, versionNo: row.versionNo };
  const { content } = await readReportContent(db, year, row.versionNo);
  return { bytes: await renderReport(content, format), isDraft: true, versionNo: row.versionNo };
}

/** The stored file of the latest release (the public portal), or null. */
export async function releasedReportFile(db: Executor, year: number, format: ReportFormat): Promise<Uint8Array | null> {
  const released = await findReleasedReport(db, year);
  if (released === null) return null;
  return new Uint8Array((await pickRow(db, year, released.versionNo))[format]!);
}

/**
 * Releases the draft (after the confirmation page): the content generated now is frozen with the
 * PDF, DOCX and HTML and their SHA-256, all in the caller's transaction with the audit entry; no
 * edit afterwards. CONFLICT on a stale version; INVALID_STATE_TRANSITION when nothing is a draft.
 */
export async function releaseStateReport(tx: Executor, actor: MaybeActor, year: number, input: unknown): Promise<StateReportVersion> {
  authorize(actor, 'stateReport.release');
  const data = unwrapZod(ReleaseStateReportSchema.safeParse(input));
  const row = await lockDraft(tx, year, data.version);
  const releasedAt = new Date();
  const content = await generateReportContent(tx, { year, versionNo: row.versionNo, isDraft: false, asOf: releasedAt, foreword: row.foreword, commentary: row.commentary });
  const [pdf, docx, html] = await Promise.all([renderReport(content, 'pdf'), renderReport(content, 'docx'), renderReport(content, 'html')]);
  const [updated] = await tx
    .update(stateReports)
    .set({
      status: 'freigegeben',
      content,
      pdf: Buffer.from(pdf),
      docx: Buffer.from(docx),
      html: Buffer.from(html),
      pdfSha256: sha256(pdf),
      docxSha256: sha256(docx),
      htmlSha256: sha256(html),
      releasedAt,
      releasedBy: actor.userId,
      isDemo: content.isDemo,
      version: row.version + 1,
    })
    .where(eq(stateReports.id, row.id))
    .returning();
  await recordAuditEvent(tx, {
    actorId: actor.userId,
    action: 'stateReport.release',
    recordType: 'state_report',
    recordId: row.id,
    before: { status: 'entwurf', version: row.version },
    after: { status: 'freigegeben', versionNo: row.versionNo, pdfSha256: updated!.pdfSha256, docxSha256: updated!.docxSha256, htmlSha256: updated!.htmlSha256 },
  });
  return (await toVersions(tx, [updated!]))[0]!;
}

/**
 * Starts a correction of a released report: a new draft version with the texts of the latest
 * release (the release itself stays as it was, in the history). CONFLICT when a draft exists.
 */
export async function startStateReportCorrection(tx: Executor, actor: MaybeActor, year: number): Promise<StateReportVersion> {
  authorize(actor, 'stateReport.edit');
  const rows = await tx.select().from(stateReports).where(eq(stateReports.year, year)).orderBy(desc(stateReports.versionNo)).for('update');
  const latest = rows[0];
  if (!latest) throw new AppError('NOT_FOUND', `Einen Landesbericht ${year} gibt es noch nicht.`);
  if (latest.status === 'entwurf') throw new AppError('CONFLICT', `Der Landesbericht ${year} hat schon eine Fassung im Entwurf (Fassung ${latest.versionNo}).`);
  const [row] = await tx.insert(stateReports).values({ year, versionNo: latest.versionNo + 1, foreword: latest.foreword, commentary: latest.commentary, createdBy: actor.userId }).returning();
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'stateReport.correct', recordType: 'state_report', recordId: row!.id, before: { versionNo: latest.versionNo }, after: { year, versionNo: row!.versionNo, status: 'entwurf' } });
  return (await toVersions(tx, [row!]))[0]!;
}

/** Removes the versions released with demo figures (AQB_DEMO=0); drafts hold no figures and stay. */
export async function removeDemoStateReports(tx: Executor): Promise<void> {
  await tx.delete(stateReports).where(eq(stateReports.isDemo, true));
}
