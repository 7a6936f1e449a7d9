import { and, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { AppDatabase, Executor } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { formatDate } from '../../platform/format';
import { checkText, isRealIsoDate } from '../../platform/input';
import { authorize, type MaybeActor } from '../access/policy';
import { findProjects, lockProjects, unlockProjects } from '../projects/service';
import { findSubBudgets } from '../budget-years/service';
import { type Antrag, ANTRAG_SCHEMA_ID, type AntragCheckResult, checkAntrag } from './antrag';
import { type AntragStatus, antragTransition, submissionDeadline } from './antrag-status';
import { findStrategyForYear } from './strategies';
import type { ChecklistItem } from './schema';
import { antraege } from './tables';

/** The Antrag of a district and year; `id: null, version: 0` while nothing was done (implicit `entwurf`). */
export interface AntragState {
  id: number | null;
  year: number;
  ags: string;
  status: AntragStatus;
  submittedOn: string | null;
  isLate: boolean;
  aktenzeichen: string | null;
  receivedOn: string | null;
  /** The frozen `aqb.antrag/1` document of the submission. */
  submittedContent: Antrag | null;
  /** The Prüfung checklist of RP (null until first saved). */
  checklist: ChecklistItem[] | null;
  version: number;
  isDemo: boolean;
}

type Row = typeof antraege.$inferSelect;
const toState = (row: Row): AntragState => ({
  id: row.id,
  year: row.year,
  ags: row.ags,
  status: row.status,
  submittedOn: row.submittedOn,
  isLate: row.isLate,
  aktenzeichen: row.aktenzeichen,
  receivedOn: row.receivedOn,
  submittedContent: (row.submittedContent as Antrag | null) ?? null,
  checklist: row.checklist ?? null,
  version: row.version,
  isDemo: row.isDemo,
});

/** The Antrag's state; an implicit draft when the district has not acted yet. */
export async function getAntragState(db: Executor, year: number, ags: string): Promise<AntragState> {
  const [row] = await db.select().from(antraege).where(and(eq(antraege.year, year), eq(antraege.ags, ags)));
  return row ? toState(row) : { id: null, year, ags, status: 'entwurf', submittedOn: null, isLate: false, aktenzeichen: null, receivedOn: null, submittedContent: null, checklist: null, version: 0, isDemo: false };
}

/** Every stored Antrag of a year by AGS (districts missing from the map have an implicit draft). */
export async function findAntragStates(db: Executor, year: number): Promise<Map<string, AntragState>> {
  const rows = await db.select().from(antraege).where(eq(antraege.year, year));
  return new Map(rows.map((row) => [row.ags, toState(row)]));
}

/** The district's active project records of the year as an `aqb.antrag/1` document (export, checks). */
export async function antragFromProjects(db: Executor, year: number, ags: string, submittedOn: string | null = null): Promise<Antrag> {
  const parts = await findSubBudgets(db, year);
  const projects = await findProjects(db, year, ags);
  return {
    schema: ANTRAG_SCHEMA_ID,
    year,
    district: { ags },
    submittedOn,
    projects: projects.map((p) => ({
      key: p.key,
      title: p.title,
      measureType: p.measureType,
      teilbudget: parts.find((s) => s.id === p.subBudgetId)?.name ?? null,
      provider: p.provider ? { name: p.provider.name, address: p.provider.address } : null,
      start: p.start,
      end: p.end,
      earlyStart: p.earlyStart,
      plannedPlaces: p.plannedPlaces,
      plannedOutcomes: p.plannedOutcomes,
      targetGroups: p.targetGroups,
      expenses: p.expenses,
      funding: p.funding,
    })),
  };
}

/**
 * The checks before submission, on the stored records: every check of `aqb antrag check`, plus an
 * Antrag without any project (PROJEKT_UNVOLLSTAENDIG at `$.projects`) and no regional strategy
 * valid in the AQB year on file (STRATEGIE_FEHLT at `$.district`).
 */
export async function checkSubmission(db: Executor, year: number, ags: string): Promise<AntragCheckResult> {
  const result = await checkAntrag(db, await antragFromProjects(db, year, ags));
  if (result.antrag && result.antrag.projects.length === 0) {
    result.problems.unshift({ code: 'PROJEKT_UNVOLLSTAENDIG', path: '$.projects', message: 'Der Antrag enthält noch kein Projekt.' });
  }
  if (!(await findStrategyForYear(db, ags, year))) {
    result.problems.push({
      code: 'STRATEGIE_FEHLT',
      path: '$.district',
      message: `Für ${year} ist keine gültige regionale Arbeitsmarkt- und Ausbildungsstrategie hinterlegt (§ 2 der Zielvereinbarung). Bitte laden Sie sie mit ihrem Geltungszeitraum hoch.`,
    });
  }
  result.ok = result.problems.length === 0;
  return result;
}

/** `RPKS-57-AQB-{jahr}-{ags}` → `RPKS-57-AQB-2025-06439` */
export function proposeAktenzeichen(pattern: string, year: number, ags: string): string {
  return pattern.replaceAll('{jahr}', String(year)).replaceAll('{ags}', ags);
}

function conflict(expected: number, current: number): AppError {
  return new AppError('CONFLICT', `Der Antrag wurde inzwischen geändert (Ihre Seite beruht auf Stand ${expected}, aktuell ist Stand ${current}). Bitte laden Sie die Seite neu.`, {
    details: { expectedVersion: expected, currentVersion: current },
  });
}

/** Locks the Antrag row (or knows there is none) and checks the step and the form's version. */
export async function lockedState(tx: Executor, year: number, ags: string, expectedVersion: number, to: AntragStatus): Promise<AntragState> {
  const [row] = await tx.select().from(antraege).where(and(eq(antraege.year, year), eq(antraege.ags, ags))).for('update');
  const state = row ? toState(row) : await getAntragState(tx, year, ags);
  if (state.version !== expectedVersion) throw conflict(expectedVersion, state.version);
  antragTransition(state.status, to);
  return state;
}

export async function writeStep(tx: Executor, actorId: number, state: AntragState, values: Partial<typeof antraege.$inferInsert> & { status: AntragStatus }): Promise<AntragState> {
  if (state.id === null) {
    const [created] = await tx.insert(antraege).values({ year: state.year, ags: state.ags, ...values, version: 1, updatedBy: actorId }).returning();
    return toState(created!);
  }
  const [updated] = await tx
    .update(antraege)
    .set({ ...values, version: sql`${antraege.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(antraege.id, state.id), eq(antraege.version, state.version)))
    .returning();
  if (!updated) throw conflict(state.version, state.version + 1);
  return toState(updated);
}

export const auditState = (s: AntragState) => ({ status: s.status, submittedOn: s.submittedOn, isLate: s.isLate, aktenzeichen: s.aktenzeichen, receivedOn: s.receivedOn });

/**
 * The district submits its Antrag (`entwurf → eingereicht`): every submission check must pass
 * (VALIDATION_FAILED with one issue per problem otherwise, nothing written); the date is recorded,
 * after 31 March the Antrag is marked late. One transaction with the audit event; CONFLICT for a
 * stale page.
 */
export async function submitAntrag(database: AppDatabase, actor: MaybeActor, target: { year: number; ags: string; expectedVersion: number; today: string }): Promise<AntragState> {
  authorize(actor, 'antrag.read', { ags: target.ags });
  const current = await getAntragState(database.db, target.year, target.ags);
  authorize(actor, 'antrag.submit', { ags: target.ags, status: current.status });
  return database.db.transaction(async (tx) => {
    const state = await lockedState(tx, target.year, target.ags, target.expectedVersion, 'eingereicht');
    const check = await checkSubmission(tx, target.year, target.ags);
    if (!check.ok) {
      throw new AppError('VALIDATION_FAILED', 'Der Antrag kann noch nicht eingereicht werden. Bitte klären Sie zuerst die aufgeführten Punkte.', {
        issues: check.problems.map((p) => ({ path: p.path, message: `${p.message} [${p.code}]` })),
      });
    }
    const isLate = target.today > submissionDeadline(target.year);
    const next = await writeStep(tx, actor.userId, state, { status: 'eingereicht', submittedOn: target.today, isLate, submittedContent: { ...check.antrag!, submittedOn: target.today } });
    await lockProjects(tx, target.year, target.ags, 'eingereicht');
    await recordAuditEvent(tx, {
      actorId: actor.userId,
      action: 'antrag.submit',
      recordType: 'antrag',
      recordId: next.id,
      before: auditState(state),
      after: { ...auditState(next), aqbCents: check.totals.aqbCents, projects: check.antrag?.projects.map((p) => p.key) ?? [] },
    });
    return next;
  });
}

/**
 * RP records the Eingang (`eingereicht → in_pruefung`) with the Aktenzeichen (unique, at most 80
 * allowed characters) and the date of receipt (a real date, not before the submission, not in the
 * future). VALIDATION_FAILED with German field messages; CONFLICT for a stale page.
 */
export async function receiveAntrag(
  database: AppDatabase,
  actor: MaybeActor,
  target: { year: number; ags: string; expectedVersion: number; today: string },
  input: { aktenzeichen: string; receivedOn: string },
): Promise<AntragState> {
  authorize(actor, 'antrag.receive', { ags: target.ags });
  const current = await getAntragState(database.db, target.year, target.ags);
  const aktenzeichen = input.aktenzeichen.trim();
  const issues: Array<{ path: string; message: string }> = [];
  const textProblem = checkText(aktenzeichen, 80, { required: 'Bitte geben Sie das Aktenzeichen an.' });
  if (textProblem) issues.push({ path: 'aktenzeichen', message: textProblem });
  if (!isRealIsoDate(input.receivedOn)) issues.push({ path: 'receivedOn', message: 'Bitte geben Sie das Eingangsdatum an (z. B. 2.4.2025).' });
  else if (input.receivedOn > target.today) issues.push({ path: 'receivedOn', message: 'Das Eingangsdatum darf nicht in der Zukunft liegen.' });
  else if (current.submittedOn && input.receivedOn < current.submittedOn) issues.push({ path: 'receivedOn', message: `Das Eingangsdatum liegt vor der Einreichung am ${formatDate(current.submittedOn)}.` });
  if (issues.length) throw new AppError('VALIDATION_FAILED', undefined, { issues });
  // The form is checked before the state, so RP sees its own typing mistakes first.
  authorize(actor, 'antrag.receive', { ags: target.ags, status: current.status });
  return database.db.transaction(async (tx) => {
    const state = await lockedState(tx, target.year, target.ags, target.expectedVersion, 'in_pruefung');
    const [taken] = await tx.select({ id: antraege.id }).from(antraege).where(eq(antraege.aktenzeichen, aktenzeichen));
    if (taken) throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'aktenzeichen', message: `Das Aktenzeichen „${aktenzeichen}“ ist schon vergeben.` }] });
    const next = await writeStep(tx, actor.userId, state, { status: 'in_pruefung', aktenzeichen, receivedOn: input.receivedOn });
    await lockProjects(tx, target.year, target.ags, 'in_pruefung');
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'antrag.receive', recordType: 'antrag', recordId: next.id, before: auditState(state), after: auditState(next) });
    return next;
  });
}

/** The district withdraws its submitted Antrag (before the Bescheid), audited; CONFLICT for a stale page. */
export async function withdrawAntrag(database: AppDatabase, actor: MaybeActor, target: { year: number; ags: string; expectedVersion: number }): Promise<AntragState> {
  authorize(actor, 'antrag.read', { ags: target.ags });
  const current = await getAntragState(database.db, target.year, target.ags);
  authorize(actor, 'antrag.withdraw', { ags: target.ags, status: current.status });
  return database.db.transaction(async (tx) => {
    const state = await lockedState(tx, target.year, target.ags, target.expectedVersion, 'zurueckgezogen');
    const next = await writeStep(tx, actor.userId, state, { status: 'zurueckgezogen' });
    await unlockProjects(tx, target.year, target.ags);
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'antrag.withdraw', recordType: 'antrag', recordId: next.id, before: auditState(state), after: auditState(next) });
    return next;
  });
}
