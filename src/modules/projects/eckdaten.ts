import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { findDistricts } from '../districts/service';
import { plannedOutcomesOf } from './read';
import { PLANNED_OUTCOMES, type PlannedOutcome, type PlannedOutcomes } from './schema';
import { projectFundingLines, projects } from './tables';

/**
 * Eckdaten (§ 4 and § 6 of the agreement): what the active project records plan — AQB money (the
 * AQB-Zuwendung lines of each Finanzierungsplan), places and outcomes — per project, summed per
 * Maßnahmenart and district. Integer arithmetic only (cents, counts); nothing is stored, so the
 * figures always follow the records.
 */
export interface EckdatenFigures {
  /** Number of active projects. */
  projects: number;
  aqbCents: number;
  /** Sum of the planned places; a project without a number counts 0 (see `projectsWithoutPlaces`). */
  plannedPlaces: number;
  projectsWithoutPlaces: number;
  /** Per outcome code the planned number; a project that plans none of a code adds 0. */
  plannedOutcomes: Record<PlannedOutcome, number>;
  /** All planned outcomes together (Abschlüsse and Übergänge). */
  plannedOutcomesTotal: number;
}

export interface EckdatenProject {
  id: number;
  key: string;
  title: string;
  measureType: 1 | 2 | 3 | 4;
  aqbCents: number;
  plannedPlaces: number | null;
  plannedOutcomes: PlannedOutcomes;
}

export type EckdatenMeasureType = EckdatenFigures & { measureType: 1 | 2 | 3 | 4 };

export interface Eckdaten {
  year: number;
  ags: string;
  /** In § 5 order (Maßnahmenart, position). */
  projects: EckdatenProject[];
  /** Always four entries, Maßnahmenart 1–4, zeros where a type has no project. */
  byMeasureType: EckdatenMeasureType[];
  total: EckdatenFigures;
}

export interface EckdatenLand {
  year: number;
  /** All districts by AGS, zeros where a district has no project. */
  districts: Array<EckdatenFigures & { ags: string; name: string }>;
  byMeasureType: EckdatenMeasureType[];
  total: EckdatenFigures;
}

function emptyFigures(): EckdatenFigures {
  return {
    projects: 0,
    aqbCents: 0,
    plannedPlaces: 0,
    projectsWithoutPlaces: 0,
    plannedOutcomes: Object.fromEntries(PLANNED_OUTCOMES.map((code) => [code, 0])) as Record<PlannedOutcome, number>,
    plannedOutcomesTotal: 0,
  };
}

function add(figures: EckdatenFigures, project: EckdatenProject): void {
  figures.projects += 1;
  figures.aqbCents += project.aqbCents;
  if (project.plannedPlaces === null) figures.projectsWithoutPlaces += 1;
  else figures.plannedPlaces += project.plannedPlaces;
  for (const code of PLANNED_OUTCOMES) {
    const n = project.plannedOutcomes[code] ?? 0;
    figures.plannedOutcomes[code] += n;
    figures.plannedOutcomesTotal += n;
  }
}

function summarise(list: readonly EckdatenProject[]): { byMeasureType: EckdatenMeasureType[]; total: EckdatenFigures } {
  const byMeasureType = ([1, 2, 3, 4] as const).map((measureType) => ({ measureType, ...emptyFigures() }));
  const total = emptyFigures();
  for (const project of list) {
    add(byMeasureType[project.measureType - 1]!, project);
    add(total, project);
  }
  return { byMeasureType, total };
}

/** The active projects of a year (one district or all) with their AQB share, in § 5 order. */
async function eckdatenProjects(db: Executor, year: number, ags?: string): Promise<Array<EckdatenProject & { ags: string }>> {
  const where = and(eq(projects.year, year), eq(projects.status, 'aktiv'), ags === undefined ? undefined : eq(projects.ags, ags));
  const rows = await db
    .select({ id: projects.id, ags: projects.ags, key: projects.key, title: projects.title, measureType: projects.measureType, plannedPlaces: projects.plannedPlaces, plannedOutcomes: projects.plannedOutcomes })
    .from(projects)
    .where(where)
    .orderBy(asc(projects.ags), asc(projects.measureType), asc(projects.position), asc(projects.id));
  const lines = await db
    .select({ projectId: projectFundingLines.projectId, amountCents: projectFundingLines.amountCents })
    .from(projectFundingLines)
    .innerJoin(projects, eq(projects.id, projectFundingLines.projectId))
    .where(and(where, eq(projectFundingLines.source, 'aqb')));
  const aqb = new Map<number, number>();
  for (const line of lines) aqb.set(line.projectId, (aqb.get(line.projectId) ?? 0) + Number(line.amountCents));
  return rows.map((row) => ({
    id: row.id,
    ags: row.ags,
    key: row.key,
    title: row.title,
    measureType: row.measureType as 1 | 2 | 3 | 4,
    aqbCents: aqb.get(row.id) ?? 0,
    plannedPlaces: row.plannedPlaces,
    plannedOutcomes: plannedOutcomesOf(row.plannedOutcomes),
  }));
}

/**
 * The Eckdaten of one district in a year: per active project (not `entfallen`), per Maßnahmenart
 * (always 1–4) and the district total. An unknown year or district simply has no projects; the
 * caller checks that both exist.
 */
export async function findEckdaten(db: Executor, year: number, ags: string): Promise<Eckdaten> {
  const list = (await eckdatenProjects(db, year, ags)).map(({ ags: _ags, ...project }) => project);
  return { year, ags, projects: list, ...summarise(list) };
}

/** The Eckdaten of the Land in a year: one line per district (all of them, by AGS), per Maßnahmenart and the Land total. */
export async function findEckdatenLand(db: Executor, year: number): Promise<EckdatenLand> {
  const list = await eckdatenProjects(db, year);
  const districtList = await findDistricts(db);
  const districts = districtList.map((d) => {
    const figures = emptyFigures();
    for (const project of list) if (project.ags === d.ags) add(figures, project);
    return { ags: d.ags, name: d.name, ...figures };
  });
  return { year, districts, ...summarise(list) };
}
