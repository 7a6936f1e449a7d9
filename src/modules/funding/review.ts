import { and, desc, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { AppDatabase, Executor } from '../../platform/db/client';
import { AppError, unwrapZod } from '../../platform/errors';
import { formatDate } from '../../platform/format';
import { authorize, type MaybeActor } from '../access/policy';
import { getDistrict } from '../districts/service';
import { lockProjects, unlockProjects } from '../projects/service';
import { antragFromProjects, type AntragState, auditState, getAntragState, lockedState, writeStep } from './antrag-record';
import { renderOfficialLetterDocx, renderOfficialLetterPdf } from '../../platform/documents/official-letter';
import { buildNachforderungDocument, RP_KASSEL_SENDER, toOfficialLetter } from './documents/model';
import { letterSender } from '../letterheads/service';
import { CHECKLIST_ITEMS, type ChecklistItem, ChecklistSchema, NachforderungAnswerSchema, NachforderungInputSchema } from './schema';
import { findStrategyForYear } from './strategies';
import { antraege, nachforderungen } from './tables';

function conflict(expected: number, current: number): AppError {
  return new AppError('CONFLICT', `Der Antrag wurde inzwischen geändert (Ihre Seite beruht auf Stand ${expected}, aktuell ist Stand ${current}). Bitte laden Sie die Seite neu.`, {
    details: { expectedVersion: expected, currentVersion: current },
  });
}

// ── Prüfung ─────────────────────────────────────────────────────────────────────────────────

/**
 * The checklist as stored, or a first proposal: the strategy item prefilled from the stored
 * strategies; the Zielvereinbarung item is left to the examiner (agreements sits above funding, so
 * the page links the agreement instead of reading it).
 */
export async function checklistOf(db: Executor, state: AntragState): Promise<ChecklistItem[]> {
  if (state.checklist) return state.checklist;
  const strategy = await findStrategyForYear(db, state.ags, state.year);
  return CHECKLIST_ITEMS.map((key) => {
    if (key === 'strategie') {
      return strategy
        ? { key, checked: true, note: `„${strategy.title}“, gültig vom ${formatDate(strategy.validFrom)} bis ${formatDate(strategy.validTo)} (automatisch vorbelegt).` }
        : { key, checked: false, note: `Für ${state.year} ist keine gültige Strategie hinterlegt.` };
    }
    if (key === 'zielvereinbarung') return { key, checked: false, note: '' };
    return { key, checked: false, note: '' };
  });
}

/**
 * RP saves the Prüfung checklist (every item checked or not, with a note) of an Antrag in Prüfung:
 * optimistic lock on the Antrag's version, audited in the same transaction. VALIDATION_FAILED with
 * German messages (paths `items.N.note`); CONFLICT for a stale page.
 */
export async function saveChecklist(database: AppDatabase, actor: MaybeActor, target: { year: number; ags: string; expectedVersion: number }, raw: unknown): Promise<AntragState> {
  authorize(actor, 'antrag.examine', { ags: target.ags });
  const items = unwrapZod(ChecklistSchema.safeParse(raw));
  return database.db.transaction(async (tx) => {
    const [row] = await tx.select().from(antraege).where(and(eq(antraege.year, target.year), eq(antraege.ags, target.ags))).for('update');
    // No row yet: an implicit draft, which is not examined (403 like any other state outside the step).
    authorize(actor, 'antrag.examine', { ags: target.ags, status: row?.status ?? 'entwurf' });
    if (!row) throw new AppError('NOT_FOUND');
    if (row.version !== target.expectedVersion) throw conflict(target.expectedVersion, row.version);
    await tx
      .update(antraege)
      .set({ checklist: items, version: sql`${antraege.version} + 1`, updatedAt: new Date(), updatedBy: actor.userId })
      .where(eq(antraege.id, row.id));
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'antrag.examine', recordType: 'antrag', recordId: row.id, before: { checklist: row.checklist }, after: { checklist: items } });
    return getAntragState(tx, target.year, target.ags);
  });
}

// ── Nachforderung ───────────────────────────────────────────────────────────────────────────

export interface Nachforderung {
  id: number;
  sequence: number;
  items: string;
  deadline: string;
  sentOn: string;
  answer: string | null;
  answeredOn: string | null;
  fileStem: string;
}

/** Every Nachforderung of an Antrag, newest first, without the letter bytes. */
export async function findNachforderungen(db: Executor, antragId: number | null): Promise<Nachforderung[]> {
  if (antragId === null) return [];
  const rows = await db
    .select({ id: nachforderungen.id, sequence: nachforderungen.sequence, items: nachforderungen.items, deadline: nachforderungen.deadline, sentOn: nachforderungen.sentOn, answer: nachforderungen.answer, answeredOn: nachforderungen.answeredOn })
    .from(nachforderungen)
    .where(eq(nachforderungen.antragId, antragId))
    .orderBy(desc(nachforderungen.sequence));
  return rows.map((row) => ({ ...row, fileStem: `nachforderung-${row.sequence}` }));
}

/** Every Nachforderung of a year's Anträge with its deadline, by AGS then number, in one query (the deadline calendar). */
export async function findNachforderungDeadlines(db: Executor, year: number): Promise<Array<{ ags: string; sequence: number; deadline: string; sentOn: string; answeredOn: string | null; isDemo: boolean }>> {
  return db
    .select({ ags: antraege.ags, sequence: nachforderungen.sequence, deadline: nachforderungen.deadline, sentOn: nachforderungen.sentOn, answeredOn: nachforderungen.answeredOn, isDemo: antraege.isDemo })
    .from(nachforderungen)
    .innerJoin(antraege, eq(antraege.id, nachforderungen.antragId))
    .where(eq(antraege.year, year))
    .orderBy(antraege.ags, nachforderungen.sequence);
}

/** The frozen letter of one Nachforderung; NOT_FOUND for an unknown number. */
export async function getNachforderungFile(db: Executor, year: number, ags: string, sequence: number, format: 'pdf' | 'docx'): Promise<{ fileName: string; bytes: Uint8Array }> {
  const state = await getAntragState(db, year, ags);
  if (state.id === null) throw new AppError('NOT_FOUND');
  const [row] = await db.select().from(nachforderungen).where(and(eq(nachforderungen.antragId, state.id), eq(nachforderungen.sequence, sequence)));
  if (!row) throw new AppError('NOT_FOUND', 'Diese Nachforderung gibt es nicht.');
  return { fileName: `nachforderung-${year}-${ags}-${sequence}.${format}`, bytes: format === 'pdf' ? row.pdf : row.docx };
}

/**
 * RP asks for missing documents (`in_pruefung → nachforderung`): what is missing and a deadline
 * after today. The letter (PDF/UA and DOCX) is rendered and frozen with the step; the district's
 * project records are unlocked so it can fix them. One transaction with the audit event.
 */
export async function requestDocuments(
  database: AppDatabase,
  actor: MaybeActor,
  target: { year: number; ags: string; expectedVersion: number; today: string },
  raw: { items: string; deadline: string },
): Promise<AntragState> {
  authorize(actor, 'antrag.requestDocuments', { ags: target.ags });
  const input = unwrapZod(NachforderungInputSchema.safeParse(raw));
  if (input.deadline <= target.today) throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'deadline', message: 'Die Frist muss nach dem heutigen Tag liegen.' }] });
  const current = await getAntragState(database.db, target.year, target.ags);
  authorize(actor, 'antrag.requestDocuments', { ags: target.ags, status: current.status });
  if (current.version !== target.expectedVersion) throw conflict(target.expectedVersion, current.version);
  const [last] = current.id === null ? [] : await database.db.select({ sequence: nachforderungen.sequence }).from(nachforderungen).where(eq(nachforderungen.antragId, current.id)).orderBy(desc(nachforderungen.sequence)).limit(1);
  const sequence = (last?.sequence ?? 0) + 1;
  const draft = buildNachforderungDocument({
    district: await getDistrict(database.db, target.ags),
    year: target.year,
    aktenzeichen: current.aktenzeichen ?? '',
    submittedOn: current.submittedOn ?? target.today,
    sequence,
    items: input.items,
    deadline: input.deadline,
    sentOn: target.today,
  });
  const letter = toOfficialLetter(draft, await letterSender(database.db, 'rp-kassel', RP_KASSEL_SENDER));
  // Rendered before the transaction (render workers); the version check inside it keeps the letter true to the record.
  const [pdf, docx] = await Promise.all([renderOfficialLetterPdf(letter), renderOfficialLetterDocx(letter)]);
  return database.db.transaction(async (tx) => {
    const state = await lockedState(tx, target.year, target.ags, target.expectedVersion, 'nachforderung');
    const next = await writeStep(tx, actor.userId, state, { status: 'nachforderung' });
    const [created] = await tx
      .insert(nachforderungen)
      .values({ antragId: next.id!, sequence, items: input.items, deadline: input.deadline, sentOn: target.today, content: letter, pdf, docx, createdBy: actor.userId })
      .returning({ id: nachforderungen.id });
    await unlockProjects(tx, target.year, target.ags);
    await recordAuditEvent(tx, {
      actorId: actor.userId,
      action: 'antrag.requestDocuments',
      recordType: 'antrag',
      recordId: next.id,
      before: auditState(state),
      after: { ...auditState(next), nachforderung: { id: created!.id, sequence, items: input.items, deadline: input.deadline } },
    });
    return next;
  });
}

/**
 * The district answers the open Nachforderung (text; its project changes are saved on the project
 * pages). Bumps the Antrag's version, audited; CONFLICT for a stale page, VALIDATION_FAILED for an
 * empty answer.
 */
export async function answerNachforderung(database: AppDatabase, actor: MaybeActor, target: { year: number; ags: string; expectedVersion: number; today: string }, raw: { answer: string }): Promise<AntragState> {
  authorize(actor, 'antrag.read', { ags: target.ags });
  const { answer } = unwrapZod(NachforderungAnswerSchema.safeParse(raw));
  const current = await getAntragState(database.db, target.year, target.ags);
  authorize(actor, 'antrag.answer', { ags: target.ags, status: current.status });
  return database.db.transaction(async (tx) => {
    const [row] = await tx.select().from(antraege).where(and(eq(antraege.year, target.year), eq(antraege.ags, target.ags))).for('update');
    if (!row) throw new AppError('NOT_FOUND');
    if (row.version !== target.expectedVersion) throw conflict(target.expectedVersion, row.version);
    authorize(actor, 'antrag.answer', { ags: target.ags, status: row.status });
    const [open] = await tx.select().from(nachforderungen).where(eq(nachforderungen.antragId, row.id)).orderBy(desc(nachforderungen.sequence)).limit(1);
    if (!open) throw new AppError('INVALID_STATE_TRANSITION', 'Es gibt keine offene Nachforderung.');
    await tx.update(nachforderungen).set({ answer, answeredOn: target.today, answeredBy: actor.userId }).where(eq(nachforderungen.id, open.id));
    await tx.update(antraege).set({ version: sql`${antraege.version} + 1`, updatedAt: new Date(), updatedBy: actor.userId }).where(eq(antraege.id, row.id));
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'antrag.answer', recordType: 'antrag', recordId: row.id, before: { answer: open.answer }, after: { nachforderung: open.sequence, answer, answeredOn: target.today } });
    return getAntragState(tx, target.year, target.ags);
  });
}

/**
 * RP resumes the Prüfung (`nachforderung → in_pruefung`): the Antrag's frozen content is taken anew
 * from the project records as the district left them, and the records are locked again. Audited.
 */
export async function resumeAntrag(database: AppDatabase, actor: MaybeActor, target: { year: number; ags: string; expectedVersion: number }): Promise<AntragState> {
  authorize(actor, 'antrag.resume', { ags: target.ags });
  const current = await getAntragState(database.db, target.year, target.ags);
  authorize(actor, 'antrag.resume', { ags: target.ags, status: current.status });
  return database.db.transaction(async (tx) => {
    const state = await lockedState(tx, target.year, target.ags, target.expectedVersion, 'in_pruefung');
    const content = await antragFromProjects(tx, target.year, target.ags, state.submittedOn);
    const next = await writeStep(tx, actor.userId, state, { status: 'in_pruefung', submittedContent: content });
    await lockProjects(tx, target.year, target.ags, 'in_pruefung');
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'antrag.resume', recordType: 'antrag', recordId: next.id, before: auditState(state), after: { ...auditState(next), projects: content.projects.map((p) => p.key) } });
    return next;
  });
}
