/** Allocation scenarios: stored, compared, and fixed (which makes one the year's allocation). */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { checkText } from '../../../platform/input';
import type { AppDatabase, Executor } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { UserId } from '../../access/policy';
import { getBudgetYear, setLandesbudget } from '../years';
import { findDistricts } from '../../districts/service';
import { findLetterhead } from '../../letterheads/service';
import type { Allocation } from './distribute';
import { buildLetter } from '../letters/letter-model';
import { renderLetterDocx, renderLetterPdf } from '../letters/render';
import { allocations, allocationScenarioAmounts, allocationScenarios, announcementLetters } from '../tables';

export interface NewScenario {
  year: number;
  name: string;
  method: 'schluessel' | 'manuell';
  budgetCents: number;
  allocations: Allocation[];
  indicators?: Record<string, Record<string, number>>;
  weights?: Record<string, number>;
  floorCents?: number | null;
  roundToCents?: number | null;
  /** Who stores it; null for the command line and seeding (the audit event says which). */
  actor: UserId | null;
  /** For the audit event when `actor` is null, e.g. "cli:root". */
  via?: string;
  isDemo?: boolean;
}

export interface Scenario {
  id: number;
  year: number;
  name: string;
  method: 'schluessel' | 'manuell';
  budgetCents: number;
  weights: Record<string, number> | null;
  floorCents: number | null;
  roundToCents: number | null;
  createdAt: Date;
  createdBy: UserId | null;
  fixedAt: Date | null;
  fixedBy: UserId | null;
  isDemo: boolean;
  allocations: Allocation[];
  sumCents: number;
}

/**
 * Stores a scenario with its 26 amounts. Call inside a transaction. Throws NOT_FOUND for an
 * unknown year, CONFLICT for a name already used in that year, VALIDATION_FAILED when not every
 * district has exactly one amount.
 */
export async function saveScenario(tx: Executor, input: NewScenario): Promise<number> {
  await getBudgetYear(tx, input.year);
  const name = input.name.trim();
  const nameProblem = checkText(name, 200, { required: 'Bitte geben Sie dem Szenario einen Namen.' });
  if (nameProblem) throw new AppError('VALIDATION_FAILED', nameProblem, { issues: [{ path: 'name', message: nameProblem }] });
  const districts = await findDistricts(tx);
  const given = new Set(input.allocations.map((a) => a.ags));
  if (given.size !== input.allocations.length || districts.length !== given.size || districts.some((d) => !given.has(d.ags))) {
    throw new AppError('VALIDATION_FAILED', 'Ein Szenario braucht genau einen Betrag für jede der 26 Gebietskörperschaften.');
  }
  if (input.allocations.some((a) => !Number.isSafeInteger(a.amountCents) || a.amountCents < 0)) {
    throw new AppError('VALIDATION_FAILED', 'Die Beträge eines Szenarios müssen ≥ 0 sein.');
  }
  const [row] = await tx
    .insert(allocationScenarios)
    .values({
      year: input.year,
      name,
      method: input.method,
      budgetCents: input.budgetCents,
      indicators: input.indicators ?? null,
      weights: input.weights ?? null,
      floorCents: input.floorCents ?? null,
      roundToCents: input.roundToCents ?? null,
      createdBy: input.actor,
      isDemo: input.isDemo ?? false,
    })
    .onConflictDoNothing()
    .returning({ id: allocationScenarios.id });
  if (!row) {
    throw new AppError('CONFLICT', `Im AQB-Jahr ${input.year} gibt es bereits ein Szenario „${name}“.`, { issues: [{ path: 'name', message: `Den Namen „${name}“ hat schon ein anderes Szenario.` }] });
  }
  await tx.insert(allocationScenarioAmounts).values(input.allocations.map((a) => ({ scenarioId: row.id, ags: a.ags, amountCents: a.amountCents })));
  await recordAuditEvent(tx, {
    actorId: input.actor,
    action: 'scenario.create',
    recordType: 'allocation_scenario',
    recordId: row.id,
    before: null,
    after: {
      year: input.year,
      name,
      method: input.method,
      budgetCents: input.budgetCents,
      ...(input.via ? { via: input.via } : {}),
      allocations: Object.fromEntries(input.allocations.map((a) => [a.ags, a.amountCents])),
    },
  });
  return row.id;
}

type ScenarioRow = typeof allocationScenarios.$inferSelect;

function toScenario(row: ScenarioRow, amounts: Allocation[]): Scenario {
  return {
    id: row.id,
    year: row.year,
    name: row.name,
    method: row.method,
    budgetCents: row.budgetCents,
    weights: (row.weights as Record<string, number> | null) ?? null,
    floorCents: row.floorCents,
    roundToCents: row.roundToCents,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    fixedAt: row.fixedAt,
    fixedBy: row.fixedBy,
    isDemo: row.isDemo,
    allocations: amounts,
    sumCents: amounts.reduce((sum, a) => sum + a.amountCents, 0),
  };
}

/** The scenarios of a year (oldest first) with their amounts sorted by AGS. */
export async function findScenarios(db: Executor, year: number): Promise<Scenario[]> {
  const rows = await db.select().from(allocationScenarios).where(eq(allocationScenarios.year, year)).orderBy(asc(allocationScenarios.id));
  if (rows.length === 0) return [];
  const amounts = await db
    .select()
    .from(allocationScenarioAmounts)
    .where(inArray(allocationScenarioAmounts.scenarioId, rows.map((r) => r.id)))
    .orderBy(asc(allocationScenarioAmounts.ags));
  return rows.map((row) =>
    toScenario(
      row,
      amounts.filter((a) => a.scenarioId === row.id).map((a) => ({ ags: a.ags, amountCents: a.amountCents })),
    ),
  );
}

/** One scenario of a year; NOT_FOUND otherwise. */
export async function getScenario(db: Executor, year: number, id: number): Promise<Scenario> {
  const scenario = (await findScenarios(db, year)).find((s) => s.id === id);
  if (!scenario) throw new AppError('NOT_FOUND', 'Dieses Szenario gibt es in diesem AQB-Jahr nicht.');
  return scenario;
}

async function getOpenScenario(tx: Executor, year: number, id: number, verb: string) {
  const scenario = await getScenario(tx, year, id);
  if (scenario.fixedAt) throw new AppError('CONFLICT', `Das Szenario „${scenario.name}“ ist als Zuweisung festgelegt und kann nicht mehr ${verb} werden.`);
  return scenario;
}

/** Renames a scenario that is not fixed (audited); CONFLICT for a fixed one or a name already used in the year. */
export async function renameScenario(tx: Executor, input: { year: number; id: number; name: string; actor: UserId | null }): Promise<void> {
  const scenario = await getOpenScenario(tx, input.year, input.id, 'umbenannt');
  const name = input.name.trim();
  const problem = checkText(name, 200, { required: 'Bitte geben Sie dem Szenario einen Namen.' });
  if (problem) throw new AppError('VALIDATION_FAILED', problem, { issues: [{ path: 'name', message: problem }] });
  if (name === scenario.name) return;
  const [taken] = await tx.select({ id: allocationScenarios.id }).from(allocationScenarios).where(and(eq(allocationScenarios.year, input.year), eq(allocationScenarios.name, name)));
  if (taken) throw new AppError('CONFLICT', `Den Namen „${name}“ hat schon ein anderes Szenario.`, { issues: [{ path: 'name', message: `Den Namen „${name}“ hat schon ein anderes Szenario.` }] });
  await tx.update(allocationScenarios).set({ name }).where(eq(allocationScenarios.id, scenario.id));
  await recordAuditEvent(tx, { actorId: input.actor, action: 'scenario.rename', recordType: 'allocation_scenario', recordId: scenario.id, before: { year: input.year, name: scenario.name }, after: { year: input.year, name } });
}

/** Deletes a scenario that is not fixed, with its 26 amounts (audited, the amounts kept in the event). */
export async function deleteScenario(tx: Executor, input: { year: number; id: number; actor: UserId | null }): Promise<void> {
  const scenario = await getOpenScenario(tx, input.year, input.id, 'gelöscht');
  await tx.delete(allocationScenarioAmounts).where(eq(allocationScenarioAmounts.scenarioId, scenario.id));
  await tx.delete(allocationScenarios).where(eq(allocationScenarios.id, scenario.id));
  await recordAuditEvent(tx, {
    actorId: input.actor,
    action: 'scenario.delete',
    recordType: 'allocation_scenario',
    recordId: scenario.id,
    before: { year: input.year, name: scenario.name, method: scenario.method, budgetCents: scenario.budgetCents, allocations: Object.fromEntries(scenario.allocations.map((a) => [a.ags, a.amountCents])) },
    after: null,
  });
}

/** Whether the year's allocation has been fixed (a scenario was made the allocation). */
export async function isAllocationFixed(db: Executor, year: number): Promise<boolean> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(allocationScenarios)
    .where(and(eq(allocationScenarios.year, year), sql`${allocationScenarios.fixedAt} is not null`));
  return Number(row?.n ?? 0) > 0;
}

/** The allocation amounts of the year before (AGS → cents), for the comparison. */
export async function findAllocationMap(db: Executor, year: number): Promise<Map<string, number>> {
  const rows = await db.select({ ags: allocations.ags, amountCents: allocations.amountCents }).from(allocations).where(eq(allocations.year, year));
  return new Map(rows.map((r) => [r.ags, r.amountCents]));
}

/**
 * Makes a scenario the year's allocation: renders the 26 Mittelankündigung letters first, then in
 * ONE transaction writes the 26 allocation rows (announcement date, source = scenario), marks the
 * scenario fixed and stores the letters. Throws CONFLICT when the year is already fixed or has a
 * real (non-demo) allocation, NOT_FOUND for an unknown scenario.
 */
export async function fixScenario(
  database: AppDatabase,
  input: { year: number; scenarioId: number; announcedOn: string; actor: UserId | null },
): Promise<void> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.announcedOn) || Number.isNaN(Date.parse(input.announcedOn))) {
    throw new AppError('VALIDATION_FAILED', 'Bitte geben Sie das Datum der Mittelankündigung an.', { issues: [{ path: 'announcedOn', message: 'Bitte geben Sie ein gültiges Datum an.' }] });
  }
  const db = database.db;
  const year = await getBudgetYear(db, input.year);
  const scenario = await getScenario(db, input.year, input.scenarioId);
  const districts = await findDistricts(db);
  const byAgs = new Map(districts.map((d) => [d.ags, d]));
  // A fixed year always has a Landesbudget: without one recorded, the scenario's budget becomes it
  // (audited in the same transaction), so no page says "nicht erfasst" for a distributed year.
  const landesbudgetCents = year.landesbudgetCents ?? scenario.budgetCents;
  // The ministry's letterhead as it stands now is frozen into the 26 letters.
  const sender = await findLetterhead(db, 'hmsi');
  // Rendering takes a while; it happens before the transaction so locks are held only briefly.
  // The 52 files are rendered on the render workers at once (spread over every core, the
  // server's event loop stays free).
  const letters = await Promise.all(
    scenario.allocations.map(async (allocation) => {
      const letter = buildLetter({ district: byAgs.get(allocation.ags)!, year: input.year, amountCents: allocation.amountCents, announcedOn: input.announcedOn, landesbudgetCents, sender });
      const [pdf, docx] = await Promise.all([renderLetterPdf(letter), renderLetterDocx(letter)]);
      return { ags: allocation.ags, amountCents: allocation.amountCents, pdf, docx };
    }),
  );
  await db.transaction(async (tx) => {
    // Row lock on the year serialises two concurrent fixings of the same year.
    await tx.execute(sql`select year from budget_years where year = ${input.year} for update`);
    if (await isAllocationFixed(tx, input.year)) throw new AppError('CONFLICT', `Die Zuweisung für ${input.year} ist bereits festgelegt. Änderungen sind nur noch als Revision möglich.`);
    const [real] = await tx
      .select({ n: sql<number>`count(*)` })
      .from(allocations)
      .where(and(eq(allocations.year, input.year), eq(allocations.isDemo, false)));
    if (Number(real?.n ?? 0) > 0) {
      throw new AppError('CONFLICT', `Für ${input.year} sind bereits Zuweisungen erfasst. Änderungen sind nur noch als Revision möglich.`);
    }
    if (year.landesbudgetCents === null) await setLandesbudget(tx, { year: input.year, landesbudgetCents, actor: input.actor, via: `Festlegung des Szenarios „${scenario.name}“` });
    await tx.delete(allocations).where(eq(allocations.year, input.year));
    await tx.insert(allocations).values(
      scenario.allocations.map((a) => ({ year: input.year, ags: a.ags, amountCents: a.amountCents, announcedOn: input.announcedOn, source: `Szenario „${scenario.name}“`, isDemo: false })),
    );
    await tx.update(allocationScenarios).set({ fixedAt: new Date(), fixedBy: input.actor }).where(eq(allocationScenarios.id, scenario.id));
    await tx.delete(announcementLetters).where(eq(announcementLetters.year, input.year));
    await tx.insert(announcementLetters).values(letters.map((l) => ({ year: input.year, ags: l.ags, amountCents: l.amountCents, announcedOn: input.announcedOn, pdf: l.pdf, docx: l.docx })));
    await recordAuditEvent(tx, {
      actorId: input.actor,
      action: 'allocation.fix',
      recordType: 'budget_year',
      recordId: input.year,
      before: null,
      after: { scenarioId: scenario.id, scenario: scenario.name, announcedOn: input.announcedOn, sumCents: scenario.sumCents, allocations: Object.fromEntries(scenario.allocations.map((a) => [a.ags, a.amountCents])), letters: letters.length },
    });
  });
}
