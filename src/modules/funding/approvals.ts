import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { projects } from '../projects/tables';
import type { ApprovedPlan, FinancingType } from './schema';
import { bescheide, bescheidProjects, antraege } from './tables';

/**
 * What is approved for each project: the line of the latest **issued** Bescheid that names the project
 * (latest `decidedOn`, on the same day the higher `sequence`). This is the one read the money path
 * (Mittelabruf, Auszahlung, Verwendungsnachweis, Rückforderung, the Förderübersicht, the monitoring)
 * builds on; drafts never count.
 */
export interface Approval {
  projectId: number;
  projectKey: string;
  projectTitle: string;
  measureType: number;
  year: number;
  ags: string;
  bescheidId: number;
  sequence: number;
  aktenzeichen: string | null;
  decidedOn: string;
  periodFrom: string;
  periodTo: string;
  proofDueOn: string;
  requestedCents: number;
  approvedCents: number;
  financingType: FinancingType;
  plan: ApprovedPlan;
}

/** Every issued Bescheid line of a year (optionally one district), as records for `computeBalances` and the latest per project. */
export async function findApprovalHistory(db: Executor, filter: { year: number; ags?: string }): Promise<Approval[]> {
  const conditions = [eq(bescheide.year, filter.year), eq(bescheide.status, 'erlassen')];
  if (filter.ags) conditions.push(eq(bescheide.ags, filter.ags));
  const rows = await db
    .select({
      projectId: bescheidProjects.projectId,
      projectKey: projects.key,
      projectTitle: projects.title,
      measureType: projects.measureType,
      year: bescheide.year,
      ags: bescheide.ags,
      bescheidId: bescheide.id,
      sequence: bescheide.sequence,
      aktenzeichen: antraege.aktenzeichen,
      decidedOn: bescheide.decidedOn,
      periodFrom: bescheide.periodFrom,
      periodTo: bescheide.periodTo,
      proofDueOn: bescheide.proofDueOn,
      requestedCents: bescheidProjects.requestedCents,
      approvedCents: bescheidProjects.approvedCents,
      financingType: bescheidProjects.financingType,
      plan: bescheidProjects.plan,
    })
    .from(bescheidProjects)
    .innerJoin(bescheide, eq(bescheide.id, bescheidProjects.bescheidId))
    .innerJoin(antraege, eq(antraege.id, bescheide.antragId))
    .innerJoin(projects, eq(projects.id, bescheidProjects.projectId))
    .where(and(...conditions))
    .orderBy(asc(bescheide.ags), asc(bescheide.decidedOn), asc(bescheide.sequence), asc(bescheidProjects.id));
  return rows.map((row) => ({ ...row, decidedOn: row.decidedOn as string }));
}

/** The approval in force per project (the latest issued Bescheid line naming it), by project id. */
export async function findApprovals(db: Executor, filter: { year: number; ags?: string }): Promise<Map<number, Approval>> {
  const latest = new Map<number, Approval>();
  // Ordered by decidedOn, then sequence: the last one seen per project is the one in force.
  for (const approval of await findApprovalHistory(db, filter)) latest.set(approval.projectId, approval);
  return latest;
}

/** The approval in force for some projects (e.g. one project's pages), whatever their years. */
export async function findApprovalsOfProjects(db: Executor, projectIds: readonly number[]): Promise<Map<number, Approval>> {
  if (projectIds.length === 0) return new Map();
  const years = await db.selectDistinct({ year: projects.year }).from(projects).where(inArray(projects.id, [...projectIds]));
  const wanted = new Set(projectIds);
  const result = new Map<number, Approval>();
  for (const { year } of years) {
    for (const [id, approval] of await findApprovals(db, { year })) if (wanted.has(id)) result.set(id, approval);
  }
  return result;
}
