import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { findProjects } from '../projects/service';
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
    .where(and(...conditions))
    .orderBy(asc(bescheide.ags), asc(bescheide.decidedOn), asc(bescheide.sequence), asc(bescheidProjects.id));
  // Key, title and Maßnahmenart come from the project records (never copied into the Bescheid lines).
  const names = new Map<number, { key: string; title: string; measureType: number }>();
  for (const ags of new Set(rows.map((row) => row.ags))) {
    for (const project of await findProjects(db, filter.year, ags, { includeDropped: true })) names.set(project.id, project);
  }
  return rows.map((row) => {
    const project = names.get(row.projectId);
    return { ...row, projectKey: project?.key ?? '', projectTitle: project?.title ?? '', measureType: project?.measureType ?? 0, decidedOn: row.decidedOn as string };
  });
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
  const years = await db
    .selectDistinct({ year: bescheide.year })
    .from(bescheidProjects)
    .innerJoin(bescheide, eq(bescheide.id, bescheidProjects.bescheidId))
    .where(inArray(bescheidProjects.projectId, [...projectIds]));
  const wanted = new Set(projectIds);
  const result = new Map<number, Approval>();
  for (const { year } of years) {
    for (const [id, approval] of await findApprovals(db, { year })) if (wanted.has(id)) result.set(id, approval);
  }
  return result;
}
