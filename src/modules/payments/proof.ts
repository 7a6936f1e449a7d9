/**
 * The Verwendungsnachweis (district) and its Prüfung with Prüfvermerk and Rückforderung (RP).
 * `entwurf` (district edits) → `eingereicht` (frozen; RP saves Prüfvermerk and interest date) →
 * `geprueft` (Rückforderung issued, its computation frozen in `refund`).
 */
import { and, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { AppDatabase, Executor } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { formatDate } from '../../platform/format';
import { authorize, type MaybeActor } from '../access/policy';
import { getDistrict } from '../districts/service';
import { type Approval, computeEligibility, computeInterest, findBaseInterestRates } from '../funding/service';
import { readLedger } from './ledger';
import { parseInput } from './parse';
import { type PaymentProblem, refuse } from './problems';
import { type AuditInput, AuditInputSchema, type ProofDraftInput, ProofDraftInputSchema, type ProofProject, ProofProjectSchema, type ProofStatus, type RefundContent, type RefundPortion, type RefundProject } from './schema';
import { proofs } from './tables';

export interface Proof {
  id: number | null;
  year: number;
  ags: string;
  status: ProofStatus;
  projects: ProofProject[];
  submittedOn: string | null;
  auditNote: string;
  interestTo: string | null;
  issuedOn: string | null;
  refund: RefundContent | null;
  /** Verwendungsnachweis due (from the Bescheid: the latest `proofDueOn` of the approvals in force), null without a Bescheid. */
  dueOn: string | null;
  version: number;
  isDemo: boolean;
}

/** The Verwendungsnachweis lines of an approved project: its frozen plan with zero actuals. */
function emptyProject(approval: Approval): ProofProject {
  return {
    projectId: approval.projectId,
    projectKey: approval.projectKey,
    report: '',
    placesFilled: null,
    results: '',
    expenses: approval.plan.expenses.map((e) => ({ category: e.category, label: e.label, plannedCents: e.amountCents, actualCents: 0 })),
    funding: approval.plan.funding.map((f) => ({ source: f.source, plannedCents: f.amountCents, actualCents: 0 })),
  };
}

function dueOf(approvals: Iterable<Approval>): string | null {
  let due: string | null = null;
  for (const a of approvals) if (due === null || a.proofDueOn > due) due = a.proofDueOn;
  return due;
}

/** The district's Verwendungsnachweis of the year; an implicit draft from the approved plans when none is stored. */
export async function getProof(db: Executor, year: number, ags: string): Promise<Proof> {
  const ledger = await readLedger(db, year, ags);
  const approvals = [...ledger.approvals.values()];
  const [row] = await db.select().from(proofs).where(and(eq(proofs.year, year), eq(proofs.ags, ags)));
  if (!row) {
    return { id: null, year, ags, status: 'entwurf', projects: approvals.map(emptyProject), submittedOn: null, auditNote: '', interestTo: null, issuedOn: null, refund: null, dueOn: dueOf(approvals), version: 0, isDemo: false };
  }
  let projects = row.projects.map((p) => ProofProjectSchema.parse(p));
  if (row.status === 'entwurf') {
    // A draft follows the approvals in force (a project approved later appears, its lines from the plan).
    const stored = new Map(projects.map((p) => [p.projectId, p]));
    projects = approvals.map((a) => stored.get(a.projectId) ?? emptyProject(a));
  }
  return {
    id: row.id,
    year,
    ags,
    status: row.status,
    projects,
    submittedOn: row.submittedOn,
    auditNote: row.auditNote,
    interestTo: row.interestTo,
    issuedOn: row.issuedOn,
    refund: row.refund ?? null,
    dueOn: dueOf(approvals),
    version: row.version,
    isDemo: row.isDemo,
  };
}

/** Overdue: due date passed and not yet submitted. */
export const isProofOverdue = (proof: Proof, today: string) => proof.dueOn !== null && proof.status === 'entwurf' && proof.dueOn < today;

function conflict(expected: number, current: number): AppError {
  return new AppError('CONFLICT', `Der Verwendungsnachweis wurde inzwischen geändert (Ihre Seite beruht auf Stand ${expected}, aktuell ist Stand ${current}). Bitte laden Sie die Seite neu.`);
}

async function locked(tx: Executor, year: number, ags: string, expectedVersion: number): Promise<Proof> {
  await tx.select({ id: proofs.id }).from(proofs).where(and(eq(proofs.year, year), eq(proofs.ags, ags))).for('update');
  const proof = await getProof(tx, year, ags);
  if (proof.version !== expectedVersion) throw conflict(expectedVersion, proof.version);
  return proof;
}

async function write(tx: Executor, actorId: number, proof: Proof, values: Partial<typeof proofs.$inferInsert>): Promise<number> {
  if (proof.id === null) {
    const [row] = await tx.insert(proofs).values({ year: proof.year, ags: proof.ags, projects: proof.projects, ...values, version: 1, updatedBy: actorId }).returning({ version: proofs.version });
    return row!.version;
  }
  const [row] = await tx
    .update(proofs)
    .set({ ...values, version: sql`${proofs.version} + 1`, updatedAt: new Date(), updatedBy: actorId })
    .where(and(eq(proofs.id, proof.id), eq(proofs.version, proof.version)))
    .returning({ version: proofs.version });
  if (!row) throw conflict(proof.version, proof.version + 1);
  return row.version;
}

/**
 * The district saves its draft: Sachbericht (what was done, places filled, results) and the actual
 * amounts per approved plan line, per project. Only projects with an issued Bescheid; lines beyond
 * the plan are refused. One transaction, audited; CONFLICT for a stale page.
 */
export async function saveProofDraft(database: AppDatabase, actor: MaybeActor, target: { year: number; ags: string }, raw: ProofDraftInput): Promise<{ version: number }> {
  authorize(actor, 'proof.read', { ags: target.ags });
  const input = parseInput(ProofDraftInputSchema, raw);
  return database.db.transaction(async (tx) => {
    const proof = await locked(tx, target.year, target.ags, input.expectedVersion);
    authorize(actor, 'proof.edit', { ags: target.ags, status: proof.status });
    const byKey = new Map(proof.projects.map((p) => [p.projectKey, p]));
    const problems: PaymentProblem[] = [];
    const next = new Map(proof.projects.map((p) => [p.projectKey, p]));
    input.projects.forEach((entry, i) => {
      const current = byKey.get(entry.projectKey);
      if (!current) {
        problems.push({ code: 'PROJEKT_UNBEKANNT', path: `projects.${i}.projectKey`, message: `Für „${entry.projectKey}“ gibt es keinen Bescheid in diesem Jahr.` });
        return;
      }
      if (entry.expenses.length > current.expenses.length || entry.funding.length > current.funding.length) {
        problems.push({ code: 'PROJEKT_UNBEKANNT', path: `projects.${i}.expenses`, message: 'Mehr Zeilen als im bewilligten Finanzierungsplan.' });
        return;
      }
      next.set(entry.projectKey, {
        ...current,
        report: entry.report,
        placesFilled: entry.placesFilled,
        results: entry.results,
        expenses: current.expenses.map((line, j) => ({ ...line, actualCents: entry.expenses[j] ?? line.actualCents })),
        funding: current.funding.map((line, j) => ({ ...line, actualCents: entry.funding[j] ?? line.actualCents })),
      });
    });
    if (problems.length) refuse(problems);
    const projects = [...next.values()];
    const version = await write(tx, actor.userId, proof, { projects });
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'proof.edit', recordType: 'proof', recordId: `${target.year}-${target.ags}`, before: { projects: proof.projects }, after: { projects } });
    return { version };
  });
}

/** The district submits (after the confirmation page): every project needs its Sachbericht; the date is recorded; frozen afterwards. */
export async function submitProof(database: AppDatabase, actor: MaybeActor, target: { year: number; ags: string; today: string; expectedVersion: number }): Promise<{ version: number }> {
  authorize(actor, 'proof.read', { ags: target.ags });
  return database.db.transaction(async (tx) => {
    const proof = await locked(tx, target.year, target.ags, target.expectedVersion);
    authorize(actor, 'proof.submit', { ags: target.ags, status: proof.status });
    const problems: PaymentProblem[] = [];
    if (proof.projects.length === 0) problems.push({ code: 'NACHWEIS_UNVOLLSTAENDIG', path: 'projects', message: 'Es gibt keinen erlassenen Bescheid, dessen Verwendung nachzuweisen wäre.' });
    proof.projects.forEach((p, i) => {
      if (p.report.trim() === '') problems.push({ code: 'NACHWEIS_UNVOLLSTAENDIG', path: `projects.${i}.report`, message: `Projekt ${p.projectKey}: Der Sachbericht fehlt.` });
    });
    if (problems.length) refuse(problems, 'Der Verwendungsnachweis ist noch nicht vollständig.');
    const version = await write(tx, actor.userId, proof, { status: 'eingereicht', submittedOn: target.today, projects: proof.projects });
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'proof.submit', recordType: 'proof', recordId: `${target.year}-${target.ags}`, before: { status: proof.status }, after: { status: 'eingereicht', submittedOn: target.today, isLate: proof.dueOn !== null && target.today > proof.dueOn } });
    return { version };
  });
}

/**
 * Prüfvermerk and Rückforderung, computed from the submitted Nachweis (never stored until issued):
 * per project funding's `computeEligibility` by the Bescheid's Finanzierungsart (20 % rule per line),
 * Rückforderung = ausgezahlt − förderfähig (never negative), matched to the payouts latest first,
 * each part with interest under § 49a Abs. 3 HVwVfG (funding's `computeInterest`) from its payout
 * date to `interestTo`. VALIDATION_FAILED (`ZINSZEITRAUM_UNGUELTIG`, `BASISZINSSATZ_FEHLT`) when the
 * interest cannot be computed.
 */
export async function computeRefundContent(db: Executor, proof: Proof, options: { note: string; interestTo: string; issuedOn: string | null }): Promise<RefundContent> {
  const ledger = await readLedger(db, proof.year, proof.ags);
  const rates = await findBaseInterestRates(db);
  const district = await getDistrict(db, proof.ags);
  const projects: RefundProject[] = [];
  const problems: PaymentProblem[] = [];
  for (const p of proof.projects) {
    const approval = ledger.approvals.get(p.projectId);
    if (!approval) continue;
    const eligibility = computeEligibility({
      financingType: approval.financingType,
      approvedCents: approval.approvedCents,
      expenses: p.expenses.length ? p.expenses : [{ category: 'sonstige', label: 'Ausgaben', plannedCents: 0, actualCents: 0 }],
      funding: p.funding,
    });
    const paidOut = ledger.requests.filter((r) => r.projectId === p.projectId).flatMap((r) => r.payouts);
    const paidCents = paidOut.reduce((s, x) => s + x.amountCents, 0);
    const refundCents = Math.max(0, paidCents - eligibility.eligibleCents);
    // The money not needed is the money paid last: the refund is matched to the latest payouts first.
    const portions: RefundPortion[] = [];
    let left = refundCents;
    for (const payout of [...paidOut].sort((a, b) => (a.paidOn < b.paidOn ? 1 : a.paidOn > b.paidOn ? -1 : b.id - a.id))) {
      if (left === 0) break;
      const amountCents = Math.min(left, payout.amountCents);
      left -= amountCents;
      if (options.interestTo < payout.paidOn) {
        problems.push({ code: 'ZINSZEITRAUM_UNGUELTIG', path: 'interestTo', message: `Das Zinsende liegt vor der Auszahlung vom ${formatDate(payout.paidOn)}.` });
        continue;
      }
      try {
        const interest = computeInterest({ principalCents: amountCents, from: payout.paidOn, to: options.interestTo }, rates);
        portions.push({ paidOn: payout.paidOn, amountCents, interestCents: interest.interestCents, periods: interest.periods });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        problems.push({ code: 'BASISZINSSATZ_FEHLT', path: 'interestTo', message: `${error.message} ${error.issues.map((i) => i.message).join(' ')}`.trim() });
      }
    }
    projects.push({
      projectKey: p.projectKey,
      projectTitle: approval.projectTitle,
      financingType: approval.financingType,
      approvedCents: approval.approvedCents,
      paidCents,
      eligibleCents: eligibility.eligibleCents,
      plannedExpensesCents: eligibility.plannedExpensesCents,
      actualExpensesCents: eligibility.actualExpensesCents,
      eligibleExpensesCents: eligibility.eligibleExpensesCents,
      lines: eligibility.lines.map((l) => ({ label: l.label, plannedCents: l.plannedCents, actualCents: l.actualCents, limitCents: l.limitCents, eligibleCents: l.eligibleCents, over20PercentCents: l.over20PercentCents, notOffsetCents: l.notOffsetCents })),
      problems: eligibility.problems.map((x) => ({ code: x.code, message: x.message })),
      refundCents,
      interestCents: portions.reduce((s, x) => s + x.interestCents, 0),
      portions,
    });
  }
  if (problems.length) refuse([problems[0]!], 'Die Zinsen der Rückforderung können so nicht berechnet werden.');
  const sum = (key: 'approvedCents' | 'paidCents' | 'eligibleCents' | 'refundCents' | 'interestCents') => projects.reduce((s, x) => s + x[key], 0);
  const aktenzeichen = [...ledger.approvals.values()][0]?.aktenzeichen ?? null;
  return {
    year: proof.year,
    ags: proof.ags,
    districtName: district.officialName,
    aktenzeichen,
    note: options.note,
    interestTo: options.interestTo,
    issuedOn: options.issuedOn,
    projects,
    totals: { approvedCents: sum('approvedCents'), paidCents: sum('paidCents'), eligibleCents: sum('eligibleCents'), refundCents: sum('refundCents'), interestCents: sum('interestCents'), totalCents: sum('refundCents') + sum('interestCents') },
  };
}

/** RP saves the Prüfvermerk text and the end of the interest period (the computation must succeed). Audited; CONFLICT for a stale page. */
export async function saveAudit(database: AppDatabase, actor: MaybeActor, target: { year: number; ags: string }, raw: AuditInput): Promise<{ version: number }> {
  authorize(actor, 'proof.read', { ags: target.ags });
  const input = parseInput(AuditInputSchema, raw);
  return database.db.transaction(async (tx) => {
    const proof = await locked(tx, target.year, target.ags, input.expectedVersion);
    authorize(actor, 'proof.audit', { ags: target.ags, status: proof.status });
    const content = await computeRefundContent(tx, proof, { note: input.note, interestTo: input.interestTo, issuedOn: null });
    const version = await write(tx, actor.userId, proof, { auditNote: input.note, interestTo: input.interestTo });
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'proof.audit', recordType: 'proof', recordId: `${target.year}-${target.ags}`, before: { note: proof.auditNote, interestTo: proof.interestTo }, after: { note: input.note, interestTo: input.interestTo, refundCents: content.totals.refundCents, interestCents: content.totals.interestCents } });
    return { version };
  });
}

/**
 * RP issues the Prüfvermerk with the Rückforderung (after the confirmation page): the computation
 * on the saved note and interest date is frozen with today's date; `eingereicht → geprueft`.
 * Refused without a saved interest date. Audited.
 */
export async function issueRefund(database: AppDatabase, actor: MaybeActor, target: { year: number; ags: string; today: string; expectedVersion: number }): Promise<RefundContent> {
  authorize(actor, 'proof.read', { ags: target.ags });
  return database.db.transaction(async (tx) => {
    const proof = await locked(tx, target.year, target.ags, target.expectedVersion);
    authorize(actor, 'refund.issue', { ags: target.ags, status: proof.status });
    if (!proof.interestTo) refuse([{ code: 'ZINSZEITRAUM_UNGUELTIG', path: 'interestTo', message: 'Bitte speichern Sie zuerst den Prüfvermerk mit dem Zinsende.' }]);
    const content = await computeRefundContent(tx, proof, { note: proof.auditNote, interestTo: proof.interestTo, issuedOn: target.today });
    await write(tx, actor.userId, proof, { status: 'geprueft', issuedOn: target.today, refund: content });
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'refund.issue', recordType: 'proof', recordId: `${target.year}-${target.ags}`, before: { status: proof.status }, after: { status: 'geprueft', issuedOn: target.today, totals: content.totals } });
    return content;
  });
}
