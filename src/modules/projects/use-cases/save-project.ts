import { and, eq, max, ne, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { Executor } from '../../../platform/db/client';
import { AppError, unwrapZod } from '../../../platform/errors';
import { authorize, type MaybeActor } from '../../access/policy';
import { findSubBudgets, getBudgetYear } from '../../budget-years/service';
import { projectRecordProblems } from '../checks';
import { getProject } from '../read';
import { assertProjectsUnlocked } from './lock-projects';
import { type Project, type ProjectInput, ProjectInputSchema } from '../schema';
import { projectExpenseLines, projectFundingLines, projects, providers } from '../tables';

/** The conflict message of a stale project form (German), with the version to show next. */
function conflict(expected: number, current: number): AppError {
  return new AppError('CONFLICT', `Das Projekt wurde inzwischen geändert (Ihre Fassung beruht auf Version ${expected}, aktuell ist Version ${current}). Ihre Änderungen wurden nicht gespeichert.`, {
    details: { expectedVersion: expected, currentVersion: current },
  });
}

/** The district's Träger of that name, created (audited) when it is not on the list yet. */
async function providerId(tx: Executor, actorId: number | null, ags: string, provider: ProjectInput['provider']): Promise<number | null> {
  if (!provider) return null;
  const [known] = await tx.select().from(providers).where(and(eq(providers.ags, ags), eq(providers.name, provider.name)));
  if (known) {
    if (provider.address && provider.address !== known.address) {
      await tx.update(providers).set({ address: provider.address, version: sql`${providers.version} + 1`, updatedAt: new Date(), updatedBy: actorId }).where(eq(providers.id, known.id));
      await recordAuditEvent(tx, { actorId, action: 'provider.update', recordType: 'provider', recordId: known.id, before: { address: known.address }, after: { address: provider.address } });
    }
    return known.id;
  }
  const [created] = await tx.insert(providers).values({ ags, name: provider.name, address: provider.address, createdBy: actorId, updatedBy: actorId }).returning();
  await recordAuditEvent(tx, { actorId, action: 'provider.create', recordType: 'provider', recordId: created!.id, before: null, after: { ags, name: provider.name, address: provider.address } });
  return created!.id;
}

/**
 * Creates a project or saves a changed one (key, title, Maßnahmenart, Teilbudget, Träger,
 * Laufzeit, places, target groups, Finanzierungsplan) in the caller's transaction, audited.
 * `expectedVersion` is required for a change: a stale form gets CONFLICT and overwrites nothing.
 * Checks the policy (`project.edit`, own district only), that the year exists, that the key is
 * free, the Teilbudget belongs to the year, the Laufzeit lies in the year and the plan's
 * expenses equal its funding to the cent (when it has lines). Nothing is written on any of these
 * errors. Throws VALIDATION_FAILED with German field messages (paths as in `aqb.antrag/1`).
 * `actor: null` with `target.via` is the command line as the system (no policy, audited with `via`).
 */
export async function saveProject(
  tx: Executor,
  actor: MaybeActor,
  target: { year: number; ags: string; key?: string; expectedVersion?: number; via?: string },
  raw: unknown,
): Promise<Project> {
  // `actor: null` with `via` is the command line as the system (docs/decisions/0012); everyone else asks the policy.
  if (actor !== null || target.via === undefined) authorize(actor, 'project.edit', { ags: target.ags });
  const actorId = actor?.userId ?? null;
  const via = target.via ? { via: target.via } : {};
  await assertProjectsUnlocked(tx, target.year, target.ags);
  const input = unwrapZod(ProjectInputSchema.safeParse(raw));
  const problems = projectRecordProblems(target.year, input);
  if (problems.length) throw new AppError('VALIDATION_FAILED', undefined, { issues: problems.map(({ path, message }) => ({ path, message })) });
  await getBudgetYear(tx, target.year);
  let subBudgetId: number | null = null;
  if (input.teilbudget) {
    const part = (await findSubBudgets(tx, target.year)).find((s) => s.name === input.teilbudget);
    if (!part) throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'teilbudget', message: `Ein Teilbudget „${input.teilbudget}“ gibt es im AQB-Jahr ${target.year} nicht.` }] });
    subBudgetId = part.id;
  }
  const current = target.key === undefined ? undefined : await getProject(tx, target.year, target.ags, target.key);
  const [taken] = await tx
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.year, target.year), eq(projects.ags, target.ags), eq(projects.key, input.key), current ? ne(projects.id, current.id) : undefined));
  if (taken) throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'key', message: `Das Kürzel „${input.key}“ hat schon ein anderes Projekt dieses Jahres.` }] });
  const values = {
    key: input.key,
    title: input.title,
    measureType: input.measureType,
    subBudgetId,
    providerId: await providerId(tx, actorId, target.ags, input.provider),
    startsOn: input.start,
    endsOn: input.end,
    earlyStart: input.earlyStart,
    plannedPlaces: input.plannedPlaces,
    plannedOutcomes: input.plannedOutcomes,
    targetGroups: input.targetGroups,
    // Saving lists the project again: a dropped one (`entfallen`) comes back (e.g. a re-imported Antrag).
    status: 'aktiv' as const,
    updatedAt: new Date(),
    updatedBy: actorId,
  };
  let id: number;
  if (current) {
    if (target.expectedVersion === undefined || target.expectedVersion !== current.version) throw conflict(target.expectedVersion ?? 0, current.version);
    const [updated] = await tx
      .update(projects)
      .set({ ...values, ...(current.measureType !== input.measureType ? { position: await nextPosition(tx, target.year, target.ags, input.measureType) } : {}), version: sql`${projects.version} + 1` })
      .where(and(eq(projects.id, current.id), eq(projects.version, current.version)))
      .returning({ id: projects.id });
    if (!updated) throw conflict(target.expectedVersion, current.version + 1);
    id = current.id;
    await tx.delete(projectExpenseLines).where(eq(projectExpenseLines.projectId, id));
    await tx.delete(projectFundingLines).where(eq(projectFundingLines.projectId, id));
  } else {
    const [created] = await tx
      .insert(projects)
      .values({ ...values, year: target.year, ags: target.ags, position: await nextPosition(tx, target.year, target.ags, input.measureType), createdBy: actorId })
      .returning({ id: projects.id });
    id = created!.id;
  }
  if (input.expenses.length) await tx.insert(projectExpenseLines).values(input.expenses.map((line, position) => ({ projectId: id, position, ...line })));
  if (input.funding.length) await tx.insert(projectFundingLines).values(input.funding.map((line, position) => ({ projectId: id, position, ...line })));
  const saved = await getProject(tx, target.year, target.ags, input.key);
  await recordAuditEvent(tx, {
    actorId,
    action: current ? 'project.update' : 'project.create',
    recordType: 'project',
    recordId: id,
    before: current ? auditView(current) : null,
    after: { ...auditView(saved), ...via },
  });
  return saved;
}

async function nextPosition(tx: Executor, year: number, ags: string, measureType: number): Promise<number> {
  const [row] = await tx
    .select({ n: max(projects.position) })
    .from(projects)
    .where(and(eq(projects.year, year), eq(projects.ags, ags), eq(projects.measureType, measureType), eq(projects.status, 'aktiv')));
  return row?.n === null || row?.n === undefined ? 0 : Number(row.n) + 1;
}

/** What the audit trail keeps of a project: its fields and plan totals. */
export function auditView(project: Project) {
  return {
    key: project.key,
    title: project.title,
    measureType: project.measureType,
    status: project.status,
    subBudgetId: project.subBudgetId,
    provider: project.provider?.name ?? null,
    start: project.start,
    end: project.end,
    earlyStart: project.earlyStart,
    plannedPlaces: project.plannedPlaces,
    plannedOutcomes: project.plannedOutcomes,
    targetGroups: project.targetGroups,
    expenses: project.expenses,
    funding: project.funding,
  };
}

/**
 * Marks a project `entfallen` (it leaves § 5 and the Antrag; its record stays), audited.
 * NOT_FOUND for an unknown key; CONFLICT for a stale version.
 */
export async function dropProject(tx: Executor, actor: MaybeActor, target: { year: number; ags: string; key: string; expectedVersion: number; via?: string }): Promise<void> {
  if (actor !== null || target.via === undefined) authorize(actor, 'project.edit', { ags: target.ags });
  const actorId = actor?.userId ?? null;
  await assertProjectsUnlocked(tx, target.year, target.ags);
  const current = await getProject(tx, target.year, target.ags, target.key);
  if (current.version !== target.expectedVersion) throw conflict(target.expectedVersion, current.version);
  await tx.update(projects).set({ status: 'entfallen', version: sql`${projects.version} + 1`, updatedAt: new Date(), updatedBy: actorId }).where(eq(projects.id, current.id));
  await recordAuditEvent(tx, { actorId, action: 'project.drop', recordType: 'project', recordId: current.id, before: { status: current.status }, after: { status: 'entfallen', ...(target.via ? { via: target.via } : {}) } });
}
