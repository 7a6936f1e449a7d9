/**
 * The writes of the money path: Mittelabruf (district), Auszahlung (RP), Verwendung (district) and
 * RP's decision on the Zwischenzinsen. Each: zod → policy → checks with codes → one transaction
 * with the audit event. Records are never changed afterwards (a correction is a new record).
 */
import { and, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { AppDatabase, Executor } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { formatDate, formatEuro } from '../../platform/format';
import { parseInput } from './parse';
import { authorize, type MaybeActor } from '../access/policy';
import { endOfMonthsPeriod } from '../funding/service';
import { lockProjectMoney, projectFigures, readLedger } from './ledger';
import { type PaymentProblem, refuse } from './problems';
import { type InterestDecisionInput, InterestDecisionInputSchema, type PayoutInput, PayoutInputSchema, type RequestInput, RequestInputSchema, type UseInput, UseInputSchema } from './schema';
import { computeInterimInterestOf } from './interim-interest';
import { fundUses, interimInterestDecisions, paymentRequests, payouts } from './tables';

interface Target {
  year: number;
  ags: string;
  /** Today in Germany (no date after it is accepted). */
  today: string;
}

async function projectIdOf(db: Executor, target: Target, projectKey: string): Promise<{ id: number; key: string } | null> {
  const ledger = await readLedger(db, target.year, target.ags);
  for (const [id, p] of ledger.projects) if (p.key === projectKey) return { id, key: p.key };
  return null;
}

/**
 * The district requests funds for one project. Refused (VALIDATION_FAILED, codes) without an issued
 * Bescheid, before its date, beyond the two-month rule (a planned payment due later than two months
 * after the request date: `ZWEI_MONATS_REGEL`; more than the payments due: `ABRUF_UEBER_BEDARF`)
 * and above verfügbar (bewilligt − abgerufen: `ABRUF_UEBER_VERFUEGBAR`).
 */
export async function requestFunds(database: AppDatabase, actor: MaybeActor, target: Target, raw: RequestInput): Promise<{ id: number }> {
  authorize(actor, 'payment.request', { ags: target.ags });
  const input = parseInput(RequestInputSchema, raw);
  return database.db.transaction(async (tx) => {
    const project = await projectIdOf(tx, target, input.projectKey);
    if (!project) refuse([{ code: 'PROJEKT_UNBEKANNT', path: 'projectKey', message: `Ein Projekt „${input.projectKey}“ gibt es ${target.year} nicht.` }]);
    await lockProjectMoney(tx, project.id);
    const ledger = await readLedger(tx, target.year, target.ags);
    const approval = ledger.approvals.get(project.id);
    const problems: PaymentProblem[] = [];
    if (!approval) problems.push({ code: 'ABRUF_OHNE_BESCHEID', path: 'projectKey', message: `Für das Projekt ${project.key} ist kein Bescheid erlassen; Mittel können erst danach abgerufen werden.` });
    if (input.requestedOn > target.today) problems.push({ code: 'DATUM_IN_DER_ZUKUNFT', path: 'requestedOn', message: 'Das Datum des Abrufs darf nicht in der Zukunft liegen.' });
    else if (approval && input.requestedOn < approval.decidedOn) problems.push({ code: 'ABRUF_VOR_BESCHEID', path: 'requestedOn', message: `Der Abruf liegt vor dem Bescheid vom ${formatDate(approval.decidedOn)}.` });
    const deadline = endOfMonthsPeriod(input.requestedOn, 2);
    input.plannedUse.forEach((use, i) => {
      if (use.dueOn > deadline) {
        problems.push({ code: 'ZWEI_MONATS_REGEL', path: `plannedUse.${i}.dueOn`, message: `Die Zahlung am ${formatDate(use.dueOn)} ist nicht innerhalb von zwei Monaten fällig (bis ${formatDate(deadline)}); Mittel dürfen nur für Zahlungen abgerufen werden, die binnen zwei Monaten fällig sind (VV Nr. 7 zu § 44 LHO).` });
      }
    });
    const dueCents = input.plannedUse.filter((u) => u.dueOn <= deadline).reduce((s, u) => s + u.amountCents, 0);
    if (input.amountCents > dueCents) problems.push({ code: 'ABRUF_UEBER_BEDARF', path: 'amountCents', message: `Abgerufen werden sollen ${formatEuro(input.amountCents)}, binnen zwei Monaten fällig sind aber nur ${formatEuro(dueCents)}.` });
    const figures = projectFigures(ledger, project.key);
    if (approval && input.amountCents > figures.availableCents) problems.push({ code: 'ABRUF_UEBER_VERFUEGBAR', path: 'amountCents', message: `Verfügbar sind nur ${formatEuro(figures.availableCents)} (bewilligt ${formatEuro(figures.approvedCents)}, abgerufen ${formatEuro(figures.requestedCents)}).` });
    if (problems.length) refuse(problems, 'Der Mittelabruf ist so nicht möglich.');
    const [row] = await tx
      .insert(paymentRequests)
      .values({ year: target.year, ags: target.ags, projectId: project.id, requestedOn: input.requestedOn, amountCents: input.amountCents, plannedUse: input.plannedUse, createdBy: actor.userId })
      .returning({ id: paymentRequests.id });
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'payment.request', recordType: 'payment_request', recordId: row!.id, after: { year: target.year, ags: target.ags, project: project.key, ...input } });
    return { id: row!.id };
  });
}

/** RP records an Auszahlung against a Mittelabruf: not before it, not in the future, at most its open amount (`AUSZAHLUNG_UEBER_ABRUF`). */
export async function recordPayout(database: AppDatabase, actor: MaybeActor, target: Target, raw: PayoutInput): Promise<{ id: number }> {
  authorize(actor, 'payment.payout', { ags: target.ags });
  const input = parseInput(PayoutInputSchema, raw);
  return database.db.transaction(async (tx) => {
    const [request] = await tx.select().from(paymentRequests).where(and(eq(paymentRequests.id, input.requestId), eq(paymentRequests.year, target.year), eq(paymentRequests.ags, target.ags)));
    if (!request) throw new AppError('NOT_FOUND', 'Diesen Mittelabruf gibt es nicht.');
    await lockProjectMoney(tx, request.projectId);
    const ledger = await readLedger(tx, target.year, target.ags);
    const record = ledger.requests.find((r) => r.id === request.id)!;
    const problems: PaymentProblem[] = [];
    if (input.paidOn > target.today) problems.push({ code: 'DATUM_IN_DER_ZUKUNFT', path: 'paidOn', message: 'Das Auszahlungsdatum darf nicht in der Zukunft liegen.' });
    else if (input.paidOn < record.requestedOn) problems.push({ code: 'AUSZAHLUNG_VOR_ABRUF', path: 'paidOn', message: `Die Auszahlung liegt vor dem Abruf vom ${formatDate(record.requestedOn)}.` });
    if (input.amountCents > record.openCents) problems.push({ code: 'AUSZAHLUNG_UEBER_ABRUF', path: 'amountCents', message: `Offen sind aus diesem Abruf nur ${formatEuro(record.openCents)}.` });
    if (problems.length) refuse(problems, 'Die Auszahlung ist so nicht möglich.');
    const [row] = await tx.insert(payouts).values({ requestId: record.id, paidOn: input.paidOn, amountCents: input.amountCents, createdBy: actor.userId }).returning({ id: payouts.id });
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'payment.payout', recordType: 'payout', recordId: row!.id, after: { year: target.year, ags: target.ags, project: record.projectKey, ...input } });
    return { id: row!.id };
  });
}

/** The district reports a use of paid-out funds: not in the future, at most what is paid out and not yet used (`VERWENDUNG_UEBER_AUSZAHLUNG`). */
export async function reportUse(database: AppDatabase, actor: MaybeActor, target: Target, raw: UseInput): Promise<{ id: number }> {
  authorize(actor, 'payment.use', { ags: target.ags });
  const input = parseInput(UseInputSchema, raw);
  return database.db.transaction(async (tx) => {
    const project = await projectIdOf(tx, target, input.projectKey);
    if (!project) refuse([{ code: 'PROJEKT_UNBEKANNT', path: 'projectKey', message: `Ein Projekt „${input.projectKey}“ gibt es ${target.year} nicht.` }]);
    await lockProjectMoney(tx, project.id);
    const ledger = await readLedger(tx, target.year, target.ags);
    const figures = projectFigures(ledger, project.key);
    const problems: PaymentProblem[] = [];
    if (input.usedOn > target.today) problems.push({ code: 'DATUM_IN_DER_ZUKUNFT', path: 'usedOn', message: 'Das Datum der Verwendung darf nicht in der Zukunft liegen.' });
    if (input.amountCents > figures.paidNotUsedCents) problems.push({ code: 'VERWENDUNG_UEBER_AUSZAHLUNG', path: 'amountCents', message: `Ausgezahlt und noch nicht verwendet sind nur ${formatEuro(Math.max(0, figures.paidNotUsedCents))}.` });
    if (problems.length) refuse(problems, 'Die Verwendung kann so nicht erfasst werden.');
    const [row] = await tx
      .insert(fundUses)
      .values({ year: target.year, ags: target.ags, projectId: project.id, usedOn: input.usedOn, amountCents: input.amountCents, description: input.description, createdBy: actor.userId })
      .returning({ id: fundUses.id });
    await recordAuditEvent(tx, { actorId: actor.userId, action: 'payment.use', recordType: 'fund_use', recordId: row!.id, after: { year: target.year, ags: target.ags, project: project.key, ...input } });
    return { id: row!.id };
  });
}

/**
 * RP decides whether the Zwischenzinsen of a project are claimed (§ 49a Abs. 4 HVwVfG): the lines
 * as computed up to `asOf` are stored with the decision; a later decision replaces it (optimistic
 * lock on the decision's version, 0 = none yet). Audited with before and after.
 */
export async function decideInterimInterest(database: AppDatabase, actor: MaybeActor, target: Target, raw: InterestDecisionInput): Promise<{ version: number }> {
  authorize(actor, 'payment.decideInterest', { ags: target.ags });
  const input = parseInput(InterestDecisionInputSchema, raw);
  if (input.asOf > target.today) refuse([{ code: 'DATUM_IN_DER_ZUKUNFT', path: 'asOf', message: 'Der Stichtag darf nicht in der Zukunft liegen.' }]);
  return database.db.transaction(async (tx) => {
    const project = await projectIdOf(tx, target, input.projectKey);
    if (!project) refuse([{ code: 'PROJEKT_UNBEKANNT', path: 'projectKey', message: `Ein Projekt „${input.projectKey}“ gibt es ${target.year} nicht.` }]);
    await lockProjectMoney(tx, project.id);
    const [existing] = await tx.select().from(interimInterestDecisions).where(eq(interimInterestDecisions.projectId, project.id)).for('update');
    const currentVersion = existing?.version ?? 0;
    if (currentVersion !== input.expectedVersion) {
      throw new AppError('CONFLICT', `Die Entscheidung wurde inzwischen geändert (Ihre Seite beruht auf Stand ${input.expectedVersion}, aktuell ist Stand ${currentVersion}). Bitte laden Sie die Seite neu.`);
    }
    const ledger = await readLedger(tx, target.year, target.ags);
    const computed = await computeInterimInterestOf(tx, ledger, project.id, input.asOf);
    if (computed.error) refuse([{ code: 'BASISZINSSATZ_FEHLT', path: 'asOf', message: computed.error }]);
    const values = { decision: input.decision, asOf: input.asOf, interestCents: computed.interestCents, lines: computed.lines, reason: input.reason, updatedAt: new Date(), updatedBy: actor.userId };
    let version: number;
    if (existing) {
      const [row] = await tx
        .update(interimInterestDecisions)
        .set({ ...values, version: sql`${interimInterestDecisions.version} + 1` })
        .where(and(eq(interimInterestDecisions.id, existing.id), eq(interimInterestDecisions.version, existing.version)))
        .returning({ version: interimInterestDecisions.version });
      version = row!.version;
    } else {
      const [row] = await tx.insert(interimInterestDecisions).values({ year: target.year, ags: target.ags, projectId: project.id, ...values }).returning({ version: interimInterestDecisions.version });
      version = row!.version;
    }
    await recordAuditEvent(tx, {
      actorId: actor.userId,
      action: 'payment.decideInterest',
      recordType: 'interim_interest_decision',
      recordId: project.id,
      before: existing ? { decision: existing.decision, asOf: existing.asOf, interestCents: Number(existing.interestCents), reason: existing.reason } : null,
      after: { project: project.key, decision: input.decision, asOf: input.asOf, interestCents: computed.interestCents, reason: input.reason },
    });
    return { version };
  });
}
