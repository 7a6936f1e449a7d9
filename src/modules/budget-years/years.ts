import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { checkText } from '../../platform/input';
import type { Executor } from '../../platform/db/client';
import { AppError, isAppError } from '../../platform/errors';
import { recordAuditEvent } from '../../platform/audit/store';
import type { UserId } from '../access/policy';
import { getMeasureTypeLabels, setMeasureTypeLabel } from '../catalogs/service';
import { validateTemplateText } from '../documents/service';
import { copyTemplateToYear, syncSubBudgetParagraph } from '../templates/service';
import { formatEuro } from '../../platform/format';
import { allocationScenarios, budgetYears, subBudgets } from './tables';

/** The AQB years whose agreements are known from the reference documents. */
export const REAL_YEARS = [
  { year: 2024, buendnisPeriod: '2020 bis 2024' },
  { year: 2025, buendnisPeriod: '2025 bis 2029' },
] as const;

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

const fieldIssue = (path: string, message: string | null) => (message === null ? [] : [{ path, message }]);

/** Inserts the known AQB years where missing (idempotent). */
export async function seedBudgetYears(db: Executor): Promise<void> {
  await db
    .insert(budgetYears)
    .values(REAL_YEARS.map((y) => ({ ...y, isDemo: false })))
    .onConflictDoNothing();
}

export async function findBudgetYears(db: Executor) {
  return db.select().from(budgetYears).orderBy(asc(budgetYears.year));
}

/** One AQB year, or undefined. */
export async function findBudgetYear(db: Executor, year: number) {
  const [row] = await db.select().from(budgetYears).where(eq(budgetYears.year, year));
  return row;
}

/** One AQB year; throws NOT_FOUND with a German message when it does not exist. */
export async function getBudgetYear(db: Executor, year: number) {
  const row = await findBudgetYear(db, year);
  if (!row) throw new AppError('NOT_FOUND', `Das AQB-Jahr ${year} ist nicht angelegt.`);
  return row;
}

/**
 * The years (newest first) and the one a list page shows: the year asked for when it exists,
 * else the newest; null when no year is set up yet.
 */
export async function chooseBudgetYear(db: Executor, wanted: unknown): Promise<{ years: number[]; year: number | null }> {
  const years = (await findBudgetYears(db)).map((y) => y.year).sort((a, b) => b - a);
  const asked = Number(wanted);
  return { years, year: years.includes(asked) ? asked : (years[0] ?? null) };
}

export interface CreateBudgetYearResult {
  year: number;
  copiedFromYear: number | null;
  copiedLabels: number;
  copiedSubBudgets: number;
  copiedTemplate: boolean;
}

/**
 * Creates AQB year `year` as a copy of year − 1 (Maßnahmenart labels, Teilbudgets, Bündnis period
 * and the agreement template, when year − 1 has one). Call inside a transaction.
 * Throws CONFLICT when the year exists, VALIDATION_FAILED for an implausible year.
 */
export async function createBudgetYear(
  tx: Executor,
  input: { year: number; actor: UserId | null; via?: string; landesbudgetCents?: number | null },
): Promise<CreateBudgetYearResult> {
  const { year } = input;
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new AppError('VALIDATION_FAILED', `Bitte geben Sie ein Jahr zwischen ${MIN_YEAR} und ${MAX_YEAR} an.`, { issues: [{ path: 'year', message: `Bitte geben Sie ein Jahr zwischen ${MIN_YEAR} und ${MAX_YEAR} an.` }] });
  }
  const previous = await findBudgetYear(tx, year - 1);
  const inserted = await tx
    .insert(budgetYears)
    .values({
      year,
      landesbudgetCents: input.landesbudgetCents ?? null,
      buendnisPeriod: previous?.buendnisPeriod ?? null,
      copiedFromYear: previous ? previous.year : null,
      createdBy: input.actor,
    })
    .onConflictDoNothing()
    .returning({ year: budgetYears.year });
  if (inserted.length === 0) throw new AppError('CONFLICT', `Das AQB-Jahr ${year} ist bereits angelegt.`);
  const result = await copyFromPreviousYear(tx, year, previous, input.actor);
  await recordAuditEvent(tx, {
    actorId: input.actor,
    action: 'budget_year.create',
    recordType: 'budget_year',
    recordId: year,
    before: null,
    after: { ...result, landesbudgetCents: input.landesbudgetCents ?? null, ...(input.via ? { via: input.via } : {}) },
  });
  return result;
}

/** Copies labels, Teilbudgets and the template of the previous year into a new one (inside createBudgetYear's transaction). */
async function copyFromPreviousYear(tx: Executor, year: number, previous: Awaited<ReturnType<typeof findBudgetYear>>, actor: UserId | null): Promise<CreateBudgetYearResult> {
  if (!previous) return { year, copiedFromYear: null, copiedLabels: 0, copiedSubBudgets: 0, copiedTemplate: false };

  const labels = await getMeasureTypeLabels(tx, previous.year);
  for (const [index, label] of labels.entries()) await setMeasureTypeLabel(tx, year, index + 1, label);

  const parts = await tx.select().from(subBudgets).where(eq(subBudgets.year, previous.year)).orderBy(asc(subBudgets.id));
  if (parts.length > 0) {
    await tx.insert(subBudgets).values(
      parts.map((part) => ({ year, name: part.name, amountCents: part.amountCents, paragraphText: part.paragraphText, isDemo: part.isDemo, createdBy: actor })),
    );
  }
  let copiedTemplate = false;
  try {
    await copyTemplateToYear(tx, previous.year, year, actor);
    copiedTemplate = true;
  } catch (error) {
    // A previous year without a template (e.g. created before templates existed) is no reason to refuse the new year.
    if (!(isAppError(error) && error.code === 'TEMPLATE_MISSING')) throw error;
  }
  return { year, copiedFromYear: previous.year, copiedLabels: labels.length, copiedSubBudgets: parts.length, copiedTemplate };
}

/** Sets the Landesbudget of a year and records who changed it when. Throws NOT_FOUND. */
export async function setLandesbudget(tx: Executor, input: { year: number; landesbudgetCents: number; actor: UserId | null; via?: string }): Promise<void> {
  if (!Number.isSafeInteger(input.landesbudgetCents) || input.landesbudgetCents < 0) {
    throw new AppError('VALIDATION_FAILED', 'Das Landesbudget muss ein Betrag ≥ 0 sein.');
  }
  const before = await getBudgetYear(tx, input.year);
  await tx
    .update(budgetYears)
    .set({ landesbudgetCents: input.landesbudgetCents, updatedAt: new Date(), updatedBy: input.actor })
    .where(eq(budgetYears.year, input.year));
  await recordAuditEvent(tx, {
    actorId: input.actor,
    action: 'budget_year.setLandesbudget',
    recordType: 'budget_year',
    recordId: input.year,
    before: { landesbudgetCents: before.landesbudgetCents },
    after: { landesbudgetCents: input.landesbudgetCents, ...(input.via ? { via: input.via } : {}) },
  });
}

export type SubBudget = typeof subBudgets.$inferSelect;

export async function findSubBudgets(db: Executor, year: number): Promise<SubBudget[]> {
  return db.select().from(subBudgets).where(eq(subBudgets.year, year)).orderBy(asc(subBudgets.id));
}

/**
 * Adds a Teilbudget and puts its text into § 2 of the year's template (a new template version, same
 * transaction); CONFLICT when the year already has one with that name, VALIDATION_FAILED when the
 * text uses an unknown placeholder.
 */
export async function addSubBudget(
  tx: Executor,
  input: { year: number; name: string; amountCents: number; paragraphText: string; actor: UserId | null },
): Promise<SubBudget> {
  await getBudgetYear(tx, input.year);
  const issues = [
    ...fieldIssue('name', checkText(input.name, 200, { required: 'Bitte geben Sie dem Teilbudget einen Namen.' })),
    ...fieldIssue('paragraphText', checkText(input.paragraphText, 5000, { multiline: true, required: 'Bitte geben Sie den Text für § 2 ein.' })),
    ...validateTemplateText(input.paragraphText).map((message) => ({ path: 'paragraphText', message })),
  ];
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', undefined, { issues });
  await assertSubBudgetsWithinLandesbudget(tx, input.year, input.amountCents);
  const [row] = await tx
    .insert(subBudgets)
    .values({ year: input.year, name: input.name, amountCents: input.amountCents, paragraphText: input.paragraphText, createdBy: input.actor })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new AppError('CONFLICT', `Im AQB-Jahr ${input.year} gibt es bereits ein Teilbudget „${input.name}“.`);
  await syncSubBudgetParagraph(tx, input.year, { add: row.paragraphText }, input.actor);
  await recordAuditEvent(tx, {
    actorId: input.actor,
    action: 'sub_budget.create',
    recordType: 'sub_budget',
    recordId: row.id,
    before: null,
    after: { year: row.year, name: row.name, amountCents: row.amountCents, paragraphText: row.paragraphText },
  });
  return row;
}

/**
 * The Teilbudgets of a year together may not exceed its Landesbudget (when one is recorded):
 * VALIDATION_FAILED on the amount field with the new sum. `exceptId` leaves out the Teilbudget
 * being edited.
 */
async function assertSubBudgetsWithinLandesbudget(tx: Executor, year: number, amountCents: number, exceptId?: number): Promise<void> {
  const budget = await getBudgetYear(tx, year);
  if (budget.landesbudgetCents === null) return;
  const [row] = await tx
    .select({ sum: sql<string>`coalesce(sum(${subBudgets.amountCents}), 0)` })
    .from(subBudgets)
    .where(exceptId === undefined ? eq(subBudgets.year, year) : and(eq(subBudgets.year, year), ne(subBudgets.id, exceptId)));
  const sum = Number(row?.sum ?? 0) + amountCents;
  if (sum > budget.landesbudgetCents) {
    const message = `Die Teilbudgets ergäben zusammen ${formatEuro(sum)} und damit ${formatEuro(sum - budget.landesbudgetCents)} mehr als das Landesbudget (${formatEuro(budget.landesbudgetCents)}).`;
    throw new AppError('VALIDATION_FAILED', message, { issues: [{ path: 'amount', message }] });
  }
}

/** Whether a scenario of the year has been made its allocation (then Teilbudgets are settled). */
async function isYearFixed(tx: Executor, year: number): Promise<boolean> {
  const [row] = await tx.select({ id: allocationScenarios.id }).from(allocationScenarios).where(and(eq(allocationScenarios.year, year), sql`${allocationScenarios.fixedAt} is not null`)).limit(1);
  return row !== undefined;
}

/**
 * Changes a Teilbudget (name, amount, § 2 text) until the year's allocation is fixed: the same
 * checks as a new one, § 2 of the year's template follows (old text out, new text in, one new
 * template version), audited with before and after. NOT_FOUND, CONFLICT (fixed year, name taken).
 */
export async function updateSubBudget(
  tx: Executor,
  input: { year: number; id: number; name: string; amountCents: number; paragraphText: string; actor: UserId | null },
): Promise<SubBudget> {
  const [current] = await tx.select().from(subBudgets).where(and(eq(subBudgets.id, input.id), eq(subBudgets.year, input.year)));
  if (!current) throw new AppError('NOT_FOUND', 'Dieses Teilbudget gibt es nicht.');
  if (await isYearFixed(tx, input.year)) throw new AppError('CONFLICT', `Die Zuweisung ${input.year} ist festgelegt; Teilbudgets werden danach nicht mehr geändert.`);
  const issues = [
    ...fieldIssue('name', checkText(input.name, 200, { required: 'Bitte geben Sie dem Teilbudget einen Namen.' })),
    ...fieldIssue('paragraphText', checkText(input.paragraphText, 5000, { multiline: true, required: 'Bitte geben Sie den Text für § 2 ein.' })),
    ...validateTemplateText(input.paragraphText).map((message) => ({ path: 'paragraphText', message })),
  ];
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', undefined, { issues });
  await assertSubBudgetsWithinLandesbudget(tx, input.year, input.amountCents, input.id);
  const [taken] = await tx.select({ id: subBudgets.id }).from(subBudgets).where(and(eq(subBudgets.year, input.year), eq(subBudgets.name, input.name), ne(subBudgets.id, input.id)));
  if (taken) throw new AppError('CONFLICT', `Im AQB-Jahr ${input.year} gibt es bereits ein Teilbudget „${input.name}“.`, { issues: [{ path: 'name', message: `Den Namen „${input.name}“ hat schon ein anderes Teilbudget.` }] });
  const [row] = await tx.update(subBudgets).set({ name: input.name, amountCents: input.amountCents, paragraphText: input.paragraphText }).where(eq(subBudgets.id, input.id)).returning();
  if (current.paragraphText !== row!.paragraphText) await syncSubBudgetParagraph(tx, input.year, { remove: current.paragraphText, add: row!.paragraphText }, input.actor);
  const view = (r: SubBudget) => ({ year: r.year, name: r.name, amountCents: r.amountCents, paragraphText: r.paragraphText });
  await recordAuditEvent(tx, { actorId: input.actor, action: 'sub_budget.update', recordType: 'sub_budget', recordId: row!.id, before: view(current), after: view(row!) });
  return row!;
}

/** Deletes a Teilbudget of the year and strikes its text from § 2; NOT_FOUND when there is none with that id. */
export async function removeSubBudget(tx: Executor, year: number, id: number, actor: UserId | null): Promise<void> {
  const rows = await tx.delete(subBudgets).where(and(eq(subBudgets.id, id), eq(subBudgets.year, year))).returning();
  const removed = rows[0];
  if (!removed) throw new AppError('NOT_FOUND', 'Dieses Teilbudget gibt es nicht.');
  await syncSubBudgetParagraph(tx, year, { remove: removed.paragraphText }, actor);
  await recordAuditEvent(tx, {
    actorId: actor,
    action: 'sub_budget.delete',
    recordType: 'sub_budget',
    recordId: removed.id,
    before: { year: removed.year, name: removed.name, amountCents: removed.amountCents, paragraphText: removed.paragraphText },
    after: null,
  });
}
