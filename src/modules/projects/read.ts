import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { type ExpenseLine, type FundingLine, PLANNED_OUTCOMES, type PlannedOutcomes, type Project, type Provider, type TargetGroup } from './schema';
import { projectExpenseLines, projectFundingLines, projects, providers } from './tables';

type ProjectRow = typeof projects.$inferSelect;

/** The stored JSON read back in code order, only known codes with whole numbers (never trusts the column blindly). */
export function plannedOutcomesOf(stored: unknown): PlannedOutcomes {
  const out: PlannedOutcomes = {};
  if (!stored || typeof stored !== 'object') return out;
  for (const code of PLANNED_OUTCOMES) {
    const value = (stored as Record<string, unknown>)[code];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) out[code] = value;
  }
  return out;
}

async function withPlans(db: Executor, rows: ProjectRow[]): Promise<Project[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const expenses = await db.select().from(projectExpenseLines).where(inArray(projectExpenseLines.projectId, ids)).orderBy(asc(projectExpenseLines.position));
  const funding = await db.select().from(projectFundingLines).where(inArray(projectFundingLines.projectId, ids)).orderBy(asc(projectFundingLines.position));
  const providerIds = [...new Set(rows.map((r) => r.providerId).filter((id): id is number => id !== null))];
  const providerRows = providerIds.length ? await db.select().from(providers).where(inArray(providers.id, providerIds)) : [];
  const providerById = new Map(providerRows.map((p) => [p.id, { id: p.id, name: p.name, address: p.address }]));
  return rows.map((row) => ({
    id: row.id,
    year: row.year,
    ags: row.ags,
    key: row.key,
    title: row.title,
    measureType: row.measureType as Project['measureType'],
    position: row.position,
    status: row.status,
    subBudgetId: row.subBudgetId,
    provider: row.providerId === null ? null : (providerById.get(row.providerId) ?? null),
    start: row.startsOn,
    end: row.endsOn,
    earlyStart: row.earlyStart,
    plannedPlaces: row.plannedPlaces,
    plannedOutcomes: plannedOutcomesOf(row.plannedOutcomes),
    targetGroups: (row.targetGroups ?? []) as TargetGroup[],
    expenses: expenses.filter((e) => e.projectId === row.id).map((e): ExpenseLine => ({ category: e.category as ExpenseLine['category'], label: e.label, amountCents: Number(e.amountCents) })),
    funding: funding.filter((f) => f.projectId === row.id).map((f): FundingLine => ({ source: f.source as FundingLine['source'], amountCents: Number(f.amountCents) })),
    version: row.version,
    isDemo: row.isDemo,
    updatedAt: row.updatedAt,
  }));
}

/**
 * The projects of a district in a year with their Finanzierungsplan, in § 5 order (Maßnahmenart,
 * then position). Only `aktiv` ones unless `includeDropped`.
 */
export async function findProjects(db: Executor, year: number, ags: string, options: { includeDropped?: boolean } = {}): Promise<Project[]> {
  const rows = await db
    .select()
    .from(projects)
    .where(and(eq(projects.year, year), eq(projects.ags, ags), options.includeDropped ? undefined : eq(projects.status, 'aktiv')))
    .orderBy(asc(projects.measureType), asc(projects.position), asc(projects.id));
  return withPlans(db, rows);
}

/** One project by the district's key; throws NOT_FOUND (German). */
export async function getProject(db: Executor, year: number, ags: string, key: string): Promise<Project> {
  const [row] = await db.select().from(projects).where(and(eq(projects.year, year), eq(projects.ags, ags), eq(projects.key, key)));
  if (!row) throw new AppError('NOT_FOUND', `Ein Projekt „${key}“ gibt es für diese Gebietskörperschaft im AQB-Jahr ${year} nicht.`);
  return (await withPlans(db, [row]))[0]!;
}

/** One project by id; throws NOT_FOUND. */
export async function getProjectById(db: Executor, id: number): Promise<Project> {
  const [row] = await db.select().from(projects).where(eq(projects.id, id));
  if (!row) throw new AppError('NOT_FOUND', 'Dieses Projekt gibt es nicht.');
  return (await withPlans(db, [row]))[0]!;
}

/** The § 5 lists drawn from the records: the titles of the active projects per Maßnahmenart, in order. */
export async function measuresFromProjects(db: Executor, year: number, ags: string): Promise<Array<{ type: 1 | 2 | 3 | 4; projects: { title: string }[] }>> {
  const rows = await db
    .select({ title: projects.title, measureType: projects.measureType })
    .from(projects)
    .where(and(eq(projects.year, year), eq(projects.ags, ags), eq(projects.status, 'aktiv')))
    .orderBy(asc(projects.measureType), asc(projects.position), asc(projects.id));
  return ([1, 2, 3, 4] as const).map((type) => ({ type, projects: rows.filter((r) => r.measureType === type).map((r) => ({ title: r.title })) }));
}

function toProvider(row: typeof providers.$inferSelect): Provider {
  return { id: row.id, ags: row.ags, name: row.name, address: row.address, version: row.version, isDemo: row.isDemo, updatedAt: row.updatedAt };
}

/** The Träger list of a district, by name, with how many projects (any year) name each. */
export async function findProviders(db: Executor, ags: string): Promise<Array<Provider & { projectCount: number }>> {
  const rows = await db.select().from(providers).where(eq(providers.ags, ags)).orderBy(asc(providers.name), asc(providers.id));
  const counts = await db
    .select({ providerId: projects.providerId, n: count() })
    .from(projects)
    .where(and(eq(projects.ags, ags), eq(projects.status, 'aktiv')))
    .groupBy(projects.providerId);
  const byId = new Map(counts.map((c) => [c.providerId, Number(c.n)]));
  return rows.map((row) => ({ ...toProvider(row), projectCount: byId.get(row.id) ?? 0 }));
}

/** One Träger of the district's list; NOT_FOUND (German) for an unknown id or another district's. */
export async function getProvider(db: Executor, ags: string, id: number): Promise<Provider> {
  const [row] = await db.select().from(providers).where(and(eq(providers.ags, ags), eq(providers.id, id)));
  if (!row) throw new AppError('NOT_FOUND', 'Diesen Träger gibt es in der Liste dieser Gebietskörperschaft nicht.');
  return toProvider(row);
}

/** Active projects per district in a year (for the Land-wide list of HMSI and RP). */
export async function countProjectsByDistrict(db: Executor, year: number): Promise<Map<string, number>> {
  const rows = await db
    .select({ ags: projects.ags, n: count() })
    .from(projects)
    .where(and(eq(projects.year, year), eq(projects.status, 'aktiv')))
    .groupBy(projects.ags);
  return new Map(rows.map((r) => [r.ags, Number(r.n)]));
}

/** Ids of the demo projects (records that name them go before the demo projects do). */
export async function findDemoProjectIds(db: Executor): Promise<number[]> {
  return (await db.select({ id: projects.id }).from(projects).where(eq(projects.isDemo, true))).map((r) => r.id);
}
