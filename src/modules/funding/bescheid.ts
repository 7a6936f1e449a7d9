import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { AppDatabase, Executor } from '../../platform/db/client';
import { AppError, unwrapZod } from '../../platform/errors';
import { formatEuro } from '../../platform/format';
import { authorize, type MaybeActor } from '../access/policy';
import { findAllocationCents, findAllocationsForYear } from '../budget-years/service';
import { getDistrict } from '../districts/service';
import { findProjects, lockProjects } from '../projects/service';
import { planTotals } from '../projects/schema';
import { type AntragState, auditState, getAntragState, lockedState, writeStep } from './antrag-record';
import { findApprovals } from './approvals';
import { endOfMonthsPeriod } from './dates';
import { type OfficialLetter, renderOfficialLetterDocx, renderOfficialLetterPdf } from '../../platform/documents/official-letter';
import { bescheidFileStem, buildBescheidDocument, DEFAULT_CONDITIONS, DEFAULT_LEGAL_REMEDY, defaultPurpose, type FundingDocument, RP_KASSEL_SENDER, toOfficialLetter } from './documents/model';
import { letterSender } from '../letterheads/service';
import { type ApprovedPlan, BescheidDraftInputSchema, type BescheidKind, type BescheidStatus, type FinancingType } from './schema';
import { antraege, bescheidProjects, bescheide } from './tables';

/** Stable codes of the Bescheid checks (German message + code, issue 13). */
export const BESCHEID_PROBLEM_CODES = ['BEWILLIGUNG_UEBER_ANTRAG', 'TEILABLEHNUNG_OHNE_BEGRUENDUNG', 'BESCHEIDE_UEBER_ZUWEISUNG', 'ZUWEISUNG_FEHLT', 'BEWILLIGUNGSZEITRAUM_UNGUELTIG', 'PROJEKT_UNBEKANNT'] as const;
export type BescheidProblemCode = (typeof BESCHEID_PROBLEM_CODES)[number];

export interface BescheidLine {
  projectId: number;
  key: string;
  title: string;
  providerName: string | null;
  requestedCents: number;
  approvedCents: number;
  financingType: FinancingType;
  rejectionReason: string;
  plan: ApprovedPlan;
}

export interface Bescheid {
  id: number;
  antragId: number;
  year: number;
  ags: string;
  sequence: number;
  kind: BescheidKind;
  status: BescheidStatus;
  decidedOn: string | null;
  periodFrom: string;
  periodTo: string;
  proofDueOn: string;
  purpose: string;
  conditions: string;
  legalRemedy: string;
  reason: string;
  version: number;
  isDemo: boolean;
  lines: BescheidLine[];
  /** The issued letter's data (frozen), null for drafts. */
  content: OfficialLetter | null;
  approvedCents: number;
  requestedCents: number;
}

type Row = typeof bescheide.$inferSelect;

async function linesOf(db: Executor, row: Row): Promise<BescheidLine[]> {
  const lines = await db.select().from(bescheidProjects).where(eq(bescheidProjects.bescheidId, row.id)).orderBy(asc(bescheidProjects.id));
  const projects = new Map((await findProjects(db, row.year, row.ags, { includeDropped: true })).map((p) => [p.id, p]));
  return lines.map((l) => {
    const project = projects.get(l.projectId);
    return {
      projectId: l.projectId,
      key: project?.key ?? '',
      title: project?.title ?? '',
      providerName: project?.provider?.name ?? null,
      requestedCents: l.requestedCents,
      approvedCents: l.approvedCents,
      financingType: l.financingType,
      rejectionReason: l.rejectionReason,
      plan: l.plan,
    };
  });
}

async function toBescheid(db: Executor, row: Row): Promise<Bescheid> {
  const lines = await linesOf(db, row);
  return {
    id: row.id,
    antragId: row.antragId,
    year: row.year,
    ags: row.ags,
    sequence: row.sequence,
    kind: row.kind,
    status: row.status,
    decidedOn: row.decidedOn,
    periodFrom: row.periodFrom,
    periodTo: row.periodTo,
    proofDueOn: row.proofDueOn,
    purpose: row.purpose,
    conditions: row.conditions,
    legalRemedy: row.legalRemedy,
    reason: row.reason,
    version: row.version,
    isDemo: row.isDemo,
    lines,
    content: (row.content as OfficialLetter | null) ?? null,
    approvedCents: lines.reduce((s, l) => s + l.approvedCents, 0),
    requestedCents: lines.reduce((s, l) => s + l.requestedCents, 0),
  };
}

/** Every Bescheid (drafts included) on the district's Antrag of the year, by sequence. */
export async function findBescheide(db: Executor, year: number, ags: string): Promise<Bescheid[]> {
  const rows = await db.select().from(bescheide).where(and(eq(bescheide.year, year), eq(bescheide.ags, ags))).orderBy(asc(bescheide.sequence));
  return Promise.all(rows.map((row) => toBescheid(db, row)));
}

/** One Bescheid by its sequence (1 = Zuwendungsbescheid); NOT_FOUND otherwise. */
export async function getBescheid(db: Executor, year: number, ags: string, sequence: number): Promise<Bescheid> {
  const [row] = await db.select().from(bescheide).where(and(eq(bescheide.year, year), eq(bescheide.ags, ags), eq(bescheide.sequence, sequence)));
  if (!row) throw new AppError('NOT_FOUND', 'Diesen Bescheid gibt es nicht.');
  return toBescheid(db, row);
}

/** The issued Bescheide of a district and year, for the agreement page (links) and lists: no drafts. */
export async function findIssuedBescheide(db: Executor, year: number, ags: string): Promise<Array<{ sequence: number; kind: BescheidKind; decidedOn: string; approvedCents: number }>> {
  return (await findBescheide(db, year, ags)).filter((b) => b.status === 'erlassen').map((b) => ({ sequence: b.sequence, kind: b.kind, decidedOn: b.decidedOn!, approvedCents: b.approvedCents }));
}

/** The frozen letter of an issued Bescheid; NOT_FOUND for a draft or an unknown one. */
export async function getBescheidFile(db: Executor, year: number, ags: string, sequence: number, format: 'pdf' | 'docx'): Promise<{ fileName: string; bytes: Uint8Array }> {
  const [row] = await db.select({ pdf: bescheide.pdf, docx: bescheide.docx }).from(bescheide).where(and(eq(bescheide.year, year), eq(bescheide.ags, ags), eq(bescheide.sequence, sequence), eq(bescheide.status, 'erlassen')));
  if (!row || !row.pdf || !row.docx) throw new AppError('NOT_FOUND', 'Diesen erlassenen Bescheid gibt es nicht.');
  return { fileName: `${bescheidFileStem(year, ags, sequence)}.${format}`, bytes: format === 'pdf' ? row.pdf : row.docx };
}

function problem(code: BescheidProblemCode, path: string, message: string) {
  return { path, message: `${message} [${code}]` };
}

/**
 * RP creates the draft of the next Bescheid on an Antrag: sequence 1 (Zuwendungsbescheid) from the
 * Antrag in Prüfung — per project the AQB share asked for, approved in full as a proposal,
 * Anteilfinanzierung, the submitted Finanzierungsplan; the Bewilligungszeitraum the AQB year, the
 * Verwendungsnachweis six months after it, default Zweck, Nebenbestimmungen and
 * Rechtsbehelfsbelehrung — or an Änderungsbescheid (2, 3 …) on a beschieden Antrag, starting from
 * the Bescheid in force plus the district's other active projects at 0 (a project swap). One draft at
 * a time (CONFLICT otherwise); optimistic lock on the Antrag's version; audited.
 */
export async function createBescheidDraft(database: AppDatabase, actor: MaybeActor, target: { year: number; ags: string; expectedVersion: number }): Promise<Bescheid> {
  authorize(actor, 'bescheid.edit', { ags: target.ags });
  const state = await getAntragState(database.db, target.year, target.ags);
  authorize(actor, 'bescheid.edit', { ags: target.ags, status: state.status });
  if (state.version !== target.expectedVersion) throw conflictAntrag(target.expectedVersion, state.version);
  const district = await getDistrict(database.db, target.ags);
  return database.db.transaction(async (tx) => {
    const [row] = await tx.select().from(antraege).where(eq(antraege.id, state.id!)).for('update');
    if (!row || row.version !== target.expectedVersion) throw conflictAntrag(target.expectedVersion, row?.version ?? 0);
    const existing = await tx.select().from(bescheide).where(eq(bescheide.antragId, row.id)).orderBy(desc(bescheide.sequence));
    if (existing.some((b) => b.status === 'entwurf')) throw new AppError('CONFLICT', 'Es gibt schon einen Entwurf eines Bescheides; bitte bearbeiten oder erlassen Sie zuerst diesen.');
    const sequence = (existing[0]?.sequence ?? 0) + 1;
    if (sequence === 1 && row.status !== 'in_pruefung') throw new AppError('INVALID_STATE_TRANSITION', 'Ein Zuwendungsbescheid wird zu einem Antrag in Prüfung erstellt.');
    if (sequence > 1 && row.status !== 'beschieden') throw new AppError('INVALID_STATE_TRANSITION', 'Ein Änderungsbescheid setzt einen erlassenen Zuwendungsbescheid voraus.');
    const projects = await findProjects(tx, target.year, target.ags);
    let values: Omit<typeof bescheide.$inferInsert, 'antragId' | 'year' | 'ags' | 'sequence' | 'kind'>;
    let lines: Array<Omit<typeof bescheidProjects.$inferInsert, 'bescheidId'>>;
    if (sequence === 1) {
      const content = state.submittedContent;
      const byKey = new Map(projects.map((p) => [p.key, p]));
      lines = (content?.projects ?? []).flatMap((p) => {
        const project = byKey.get(p.key);
        if (!project) return [];
        const requested = planTotals(p).aqbCents;
        return [{ projectId: project.id, requestedCents: requested, approvedCents: requested, financingType: 'anteil' as const, rejectionReason: '', plan: { expenses: p.expenses, funding: p.funding } }];
      });
      const periodTo = `${target.year}-12-31`;
      values = {
        periodFrom: `${target.year}-01-01`,
        periodTo,
        proofDueOn: endOfMonthsPeriod(periodTo, 6),
        purpose: defaultPurpose(target.year, district),
        conditions: DEFAULT_CONDITIONS,
        legalRemedy: DEFAULT_LEGAL_REMEDY,
        reason: '',
      };
    } else {
      const issued = existing.find((b) => b.status === 'erlassen')!;
      const inForce = await findApprovals(tx, { year: target.year, ags: target.ags });
      const previous = await tx.select().from(bescheidProjects).where(eq(bescheidProjects.bescheidId, issued.id)).orderBy(asc(bescheidProjects.id));
      lines = previous.map((l) => {
        const approval = inForce.get(l.projectId);
        return { projectId: l.projectId, requestedCents: approval?.requestedCents ?? l.requestedCents, approvedCents: approval?.approvedCents ?? l.approvedCents, financingType: l.financingType, rejectionReason: l.rejectionReason, plan: approval?.plan ?? l.plan };
      });
      const named = new Set(lines.map((l) => l.projectId));
      for (const p of projects) {
        if (named.has(p.id)) continue;
        lines.push({ projectId: p.id, requestedCents: planTotals(p).aqbCents, approvedCents: 0, financingType: 'anteil', rejectionReason: '', plan: { expenses: p.expenses, funding: p.funding } });
      }
      values = { periodFrom: issued.periodFrom, periodTo: issued.periodTo, proofDueOn: issued.proofDueOn, purpose: issued.purpose, conditions: issued.conditions, legalRemedy: issued.legalRemedy, reason: '' };
    }
    if (lines.length === 0) throw new AppError('VALIDATION_FAILED', 'Der Antrag enthält kein Projekt, über das beschieden werden könnte.');
    const [created] = await tx
      .insert(bescheide)
      .values({ ...values, antragId: row.id, year: target.year, ags: target.ags, sequence, kind: sequence === 1 ? 'zuwendung' : 'aenderung', createdBy: actor.userId, updatedBy: actor.userId })
      .returning();
    await tx.insert(bescheidProjects).values(lines.map((l) => ({ ...l, bescheidId: created!.id })));
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'bescheid.create', recordType: 'bescheid', recordId: created!.id, before: null, after: { sequence, lines: lines.map((l) => ({ projectId: l.projectId, approvedCents: l.approvedCents })) } });
    return toBescheid(tx, created!);
  });
}

function conflictAntrag(expected: number, current: number): AppError {
  return new AppError('CONFLICT', `Der Antrag wurde inzwischen geändert (Ihre Seite beruht auf Stand ${expected}, aktuell ist Stand ${current}). Bitte laden Sie die Seite neu.`, { details: { expectedVersion: expected, currentVersion: current } });
}
function conflictBescheid(expected: number, current: number): AppError {
  return new AppError('CONFLICT', `Der Bescheid wurde inzwischen geändert (Ihre Seite beruht auf Stand ${expected}, aktuell ist Stand ${current}). Ihre Änderungen wurden nicht gespeichert.`, { details: { expectedVersion: expected, currentVersion: current } });
}

/** The checks of a Bescheid's lines: approved ≤ requested, a reason for every Teilablehnung, a period inside itself. */
function lineProblems(bescheid: { periodFrom: string; periodTo: string; proofDueOn: string }, lines: readonly { requestedCents: number; approvedCents: number; rejectionReason: string; key: string }[]) {
  const issues: Array<{ path: string; message: string }> = [];
  if (bescheid.periodTo < bescheid.periodFrom) issues.push(problem('BEWILLIGUNGSZEITRAUM_UNGUELTIG', 'periodTo', 'Das Ende des Bewilligungszeitraums liegt vor seinem Beginn.'));
  if (bescheid.proofDueOn <= bescheid.periodTo) issues.push(problem('BEWILLIGUNGSZEITRAUM_UNGUELTIG', 'proofDueOn', 'Der Verwendungsnachweis muss nach dem Ende des Bewilligungszeitraums fällig sein.'));
  lines.forEach((l, i) => {
    if (l.approvedCents > l.requestedCents) issues.push(problem('BEWILLIGUNG_UEBER_ANTRAG', `lines.${i}.approvedCents`, `${l.key}: Bewilligt werden können höchstens die beantragten ${formatEuro(l.requestedCents)}.`));
    else if (l.approvedCents < l.requestedCents && l.rejectionReason.trim() === '') issues.push(problem('TEILABLEHNUNG_OHNE_BEGRUENDUNG', `lines.${i}.rejectionReason`, `${l.key}: Bitte begründen Sie, warum weniger als beantragt bewilligt wird (Teilablehnung).`));
  });
  return issues;
}

/**
 * RP saves a Bescheid draft: Bewilligungszeitraum, Verwendungsnachweis due date, Zweck,
 * Nebenbestimmungen, Rechtsbehelfsbelehrung, the reason of an Änderung and per project the amount,
 * Finanzierungsart and the reason of a Teilablehnung (on an Änderungsbescheid also the amount asked
 * for). The lines must be exactly the draft's projects. VALIDATION_FAILED with every problem
 * (paths as the form's, messages with their code); CONFLICT for a stale page; audited.
 */
export async function updateBescheidDraft(database: AppDatabase, actor: MaybeActor, target: { year: number; ags: string; sequence: number; expectedVersion: number }, raw: unknown): Promise<Bescheid> {
  authorize(actor, 'bescheid.edit', { ags: target.ags });
  const input = unwrapZod(BescheidDraftInputSchema.safeParse(raw));
  return database.db.transaction(async (tx) => {
    const [row] = await tx.select().from(bescheide).where(and(eq(bescheide.year, target.year), eq(bescheide.ags, target.ags), eq(bescheide.sequence, target.sequence))).for('update');
    if (!row) throw new AppError('NOT_FOUND', 'Diesen Bescheid gibt es nicht.');
    if (row.status !== 'entwurf') throw new AppError('INVALID_STATE_TRANSITION', 'Ein erlassener Bescheid kann nicht mehr geändert werden; ändern Sie ihn durch einen Änderungsbescheid.');
    if (row.version !== target.expectedVersion) throw conflictBescheid(target.expectedVersion, row.version);
    const before = await toBescheid(tx, row);
    const current = new Map(before.lines.map((l) => [l.projectId, l]));
    if (input.lines.length !== current.size || input.lines.some((l) => !current.has(l.projectId))) {
      throw new AppError('VALIDATION_FAILED', undefined, { issues: [problem('PROJEKT_UNBEKANNT', 'lines', 'Die Projekte des Formulars stimmen nicht mit dem Entwurf überein. Bitte laden Sie die Seite neu.')] });
    }
    const lines = input.lines.map((l) => {
      const known = current.get(l.projectId)!;
      const requestedCents = row.kind === 'aenderung' && l.requestedCents !== undefined ? l.requestedCents : known.requestedCents;
      return { ...l, requestedCents, key: known.key };
    });
    const issues = lineProblems(input, lines);
    if (issues.length) throw new AppError('VALIDATION_FAILED', undefined, { issues });
    await tx
      .update(bescheide)
      .set({ periodFrom: input.periodFrom, periodTo: input.periodTo, proofDueOn: input.proofDueOn, purpose: input.purpose, conditions: input.conditions, legalRemedy: input.legalRemedy, reason: input.reason, version: sql`${bescheide.version} + 1`, updatedAt: new Date(), updatedBy: actor.userId })
      .where(eq(bescheide.id, row.id));
    for (const l of lines) {
      await tx
        .update(bescheidProjects)
        .set({ approvedCents: l.approvedCents, requestedCents: l.requestedCents, financingType: l.financingType, rejectionReason: l.rejectionReason })
        .where(and(eq(bescheidProjects.bescheidId, row.id), eq(bescheidProjects.projectId, l.projectId)));
    }
    const [updated] = await tx.select().from(bescheide).where(eq(bescheide.id, row.id));
    const after = await toBescheid(tx, updated!);
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'bescheid.update', recordType: 'bescheid', recordId: row.id, before: auditBescheid(before), after: auditBescheid(after) });
    return after;
  });
}

const auditBescheid = (b: Bescheid) => ({
  status: b.status,
  decidedOn: b.decidedOn,
  periodFrom: b.periodFrom,
  periodTo: b.periodTo,
  proofDueOn: b.proofDueOn,
  purpose: b.purpose,
  reason: b.reason,
  lines: b.lines.map((l) => ({ projectId: l.projectId, requestedCents: l.requestedCents, approvedCents: l.approvedCents, financingType: l.financingType, rejectionReason: l.rejectionReason })),
});

/** The document of a Bescheid as it stands (preview of a draft, or what an issue would send on `decidedOn`). */
export async function bescheidDocument(db: Executor, bescheid: Bescheid, state: AntragState, decidedOn: string): Promise<FundingDocument> {
  const original = bescheid.sequence > 1 ? await getBescheid(db, bescheid.year, bescheid.ags, 1) : null;
  return buildBescheidDocument({
    district: await getDistrict(db, bescheid.ags),
    year: bescheid.year,
    aktenzeichen: state.aktenzeichen ?? '',
    submittedOn: state.submittedOn,
    sequence: bescheid.sequence,
    decidedOn,
    isDraft: bescheid.status === 'entwurf',
    periodFrom: bescheid.periodFrom,
    periodTo: bescheid.periodTo,
    proofDueOn: bescheid.proofDueOn,
    purpose: bescheid.purpose,
    conditions: bescheid.conditions,
    legalRemedy: bescheid.legalRemedy,
    reason: bescheid.reason,
    original: original?.decidedOn ? { decidedOn: original.decidedOn } : null,
    lines: bescheid.lines,
  });
}

/**
 * The sum-of-Bescheide rule: with the Bescheid's lines in force, the approved amounts of all the
 * district's projects in the year may not exceed its current allocation. Returns the problems (codes
 * BESCHEIDE_UEBER_ZUWEISUNG, ZUWEISUNG_FEHLT) and the figures.
 */
export async function checkAllocation(db: Executor, bescheid: Bescheid): Promise<{ issues: Array<{ path: string; message: string }>; allocationCents: number | null; approvedCents: number }> {
  const inForce = await findApprovals(db, { year: bescheid.year, ags: bescheid.ags });
  for (const l of bescheid.lines) inForce.delete(l.projectId);
  const approvedCents = [...inForce.values()].reduce((s, a) => s + a.approvedCents, 0) + bescheid.approvedCents;
  const allocationCents = (await findAllocationCents(db, bescheid.ags, bescheid.year)) ?? null;
  if (allocationCents === null) return { issues: [problem('ZUWEISUNG_FEHLT', 'lines', `Für ${bescheid.year} ist der Gebietskörperschaft noch keine Zuweisung zugeteilt; ein Bescheid ist erst danach möglich.`)], allocationCents, approvedCents };
  if (approvedCents > allocationCents) {
    return {
      issues: [problem('BESCHEIDE_UEBER_ZUWEISUNG', 'lines', `Mit diesem Bescheid wären ${formatEuro(approvedCents)} bewilligt, ${formatEuro(approvedCents - allocationCents)} mehr als die Zuweisung von ${formatEuro(allocationCents)}.`)],
      allocationCents,
      approvedCents,
    };
  }
  return { issues: [], allocationCents, approvedCents };
}

/**
 * RP issues a Bescheid draft after the confirmation page: every check must hold (approved ≤
 * requested, reasons of Teilablehnungen, the sum of the Bescheide within the current allocation);
 * the letter is rendered (PDF/UA and DOCX) and frozen with its data, `decidedOn` today, status
 * `erlassen`; the first one moves the Antrag to `beschieden` (`antrag.decide`) and keeps the project
 * records locked (later changes only by Änderungsbescheid, `bescheid.amend`). One transaction with
 * the audit event; CONFLICT when the draft changed since the confirmation page.
 */
export async function issueBescheid(database: AppDatabase, actor: MaybeActor, target: { year: number; ags: string; sequence: number; expectedVersion: number; today: string }): Promise<Bescheid> {
  authorize(actor, 'bescheid.edit', { ags: target.ags });
  const state = await getAntragState(database.db, target.year, target.ags);
  const draft = await getBescheid(database.db, target.year, target.ags, target.sequence);
  authorize(actor, draft.sequence === 1 ? 'antrag.decide' : 'bescheid.amend', { ags: target.ags, status: state.status });
  if (draft.status !== 'entwurf') throw new AppError('INVALID_STATE_TRANSITION', 'Dieser Bescheid ist schon erlassen.');
  if (draft.version !== target.expectedVersion) throw conflictBescheid(target.expectedVersion, draft.version);
  const issues = [...lineProblems(draft, draft.lines), ...(await checkAllocation(database.db, draft)).issues];
  if (issues.length) throw new AppError('VALIDATION_FAILED', 'Der Bescheid kann so nicht erlassen werden.', { issues });
  const doc = toOfficialLetter(await bescheidDocument(database.db, { ...draft, status: 'erlassen' }, state, target.today), await letterSender(database.db, 'rp-kassel', RP_KASSEL_SENDER));
  const [pdf, docx] = await Promise.all([renderOfficialLetterPdf(doc), renderOfficialLetterDocx(doc)]);
  return database.db.transaction(async (tx) => {
    const [row] = await tx.select().from(bescheide).where(eq(bescheide.id, draft.id)).for('update');
    if (!row || row.version !== target.expectedVersion || row.status !== 'entwurf') throw conflictBescheid(target.expectedVersion, row?.version ?? 0);
    // Checked again under the lock: another Bescheid of the district may have been issued meanwhile.
    const again = await checkAllocation(tx, draft);
    if (again.issues.length) throw new AppError('VALIDATION_FAILED', 'Der Bescheid kann so nicht erlassen werden.', { issues: again.issues });
    if (draft.sequence === 1) {
      const antrag = await lockedState(tx, target.year, target.ags, state.version, 'beschieden');
      const next = await writeStep(tx, actor.userId, antrag, { status: 'beschieden' });
      await recordAuditEvent(tx, { actorId: actor.userId, action: 'antrag.decide', recordType: 'antrag', recordId: next.id, before: auditState(antrag), after: auditState(next) });
    }
    await lockProjects(tx, target.year, target.ags, 'beschieden');
    await tx
      .update(bescheide)
      .set({ status: 'erlassen', decidedOn: target.today, content: doc, pdf, docx, version: sql`${bescheide.version} + 1`, updatedAt: new Date(), updatedBy: actor.userId })
      .where(eq(bescheide.id, draft.id));
    const [updated] = await tx.select().from(bescheide).where(eq(bescheide.id, draft.id));
    const after = await toBescheid(tx, updated!);
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'bescheid.issue', recordType: 'bescheid', recordId: draft.id, before: auditBescheid(draft), after: { ...auditBescheid(after), approvedCents: after.approvedCents, allocationCents: again.allocationCents } });
    return after;
  });
}

/**
 * Districts whose approved amounts in force (the issued Bescheide) exceed their current allocation
 * in the year — after a revision cut the allocation below them. For the ministry's task list.
 */
export async function findAllocationShortfalls(db: Executor, year: number): Promise<Array<{ ags: string; allocationCents: number; approvedCents: number; shortfallCents: number }>> {
  const approvals = await findApprovals(db, { year });
  const approved = new Map<string, number>();
  for (const a of approvals.values()) approved.set(a.ags, (approved.get(a.ags) ?? 0) + a.approvedCents);
  const allocations = new Map((await findAllocationsForYear(db, year)).map((a) => [a.ags, a.amountCents]));
  return [...approved.entries()]
    .map(([ags, approvedCents]) => ({ ags, approvedCents, allocationCents: allocations.get(ags) ?? 0 }))
    .filter((r) => r.approvedCents > r.allocationCents)
    .map((r) => ({ ...r, shortfallCents: r.approvedCents - r.allocationCents }))
    .sort((a, b) => a.ags.localeCompare(b.ags));
}
