import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { Executor } from '../../platform/db/client';
import { AppError, type FieldIssue, unwrapZod } from '../../platform/errors';
import { isRealIsoDate } from '../../platform/input';
import { findUserNames } from '../access/service';
import { authorize, can, type Actor, type MaybeActor } from '../access/policy';
import { getBudgetYear } from '../budget-years/service';
import { getDistrict } from '../districts/service';
import { findDemoProjectIds, findProjects, getProjectById } from '../projects/service';
import { transitionFor } from './deviation-status';
import { AssessDeviationSchema, type Deviation, type DeviationStatus, JustifyDeviationSchema, type RecordDeviationInput, RecordDeviationSchema } from './schema';
import { deviations } from './tables';

type Row = typeof deviations.$inferSelect;

async function toDeviations(db: Executor, rows: Row[]): Promise<Deviation[]> {
  const names = await findUserNames(db, rows.flatMap((r) => [r.createdBy, r.justifiedBy, r.assessedBy]));
  const projectIds = [...new Set(rows.map((r) => r.projectId).filter((id): id is number => id !== null))];
  const projects = new Map<number, { key: string; title: string }>();
  for (const id of projectIds) {
    const project = await getProjectById(db, id);
    projects.set(id, { key: project.key, title: project.title });
  }
  const name = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
  return rows.map((r) => ({
    id: r.id,
    year: r.year,
    ags: r.ags,
    projectId: r.projectId,
    project: r.projectId === null ? null : (projects.get(r.projectId) ?? null),
    measureType: r.measureType ?? null,
    origin: r.origin,
    subject: r.subject,
    amountCents: r.amountCents,
    count: r.count,
    since: r.since,
    status: r.status,
    justification: r.justification,
    justifiedBy: r.justifiedBy,
    justifiedByName: name(r.justifiedBy),
    justifiedAt: r.justifiedAt,
    assessment: r.assessment ?? null,
    assessmentReason: r.assessmentReason,
    assessedBy: r.assessedBy,
    assessedByName: name(r.assessedBy),
    assessedAt: r.assessedAt,
    createdBy: r.createdBy,
    createdByName: name(r.createdBy),
    createdAt: r.createdAt,
    version: r.version,
    isDemo: r.isDemo,
  }));
}

/** The deviations of a year, of one district or (ags null) of all; open ones first, then by date. */
export async function findDeviations(db: Executor, filter: { year: number; ags: string | null }): Promise<Deviation[]> {
  const rows = await db
    .select()
    .from(deviations)
    .where(and(eq(deviations.year, filter.year), filter.ags === null ? undefined : eq(deviations.ags, filter.ags)))
    .orderBy(sql`case ${deviations.status} when 'offen' then 0 when 'begruendet' then 1 else 2 end`, asc(deviations.ags), asc(deviations.since), asc(deviations.id));
  return toDeviations(db, rows);
}

/** One deviation; NOT_FOUND for an unknown id. The caller authorises with the returned `ags`. */
export async function getDeviation(db: Executor, id: number): Promise<Deviation> {
  const [row] = await db.select().from(deviations).where(eq(deviations.id, id));
  if (!row) throw new AppError('NOT_FOUND', 'Diese Abweichung gibt es nicht.');
  return (await toDeviations(db, [row]))[0]!;
}

/** Reads one deviation for an actor: 404 for another district's (the policy decides by the record's AGS). */
export async function readDeviation(db: Executor, actor: MaybeActor, id: number): Promise<Deviation> {
  const deviation = await getDeviation(db, id);
  authorize(actor, 'deviation.read', { ags: deviation.ags });
  return deviation;
}

const snapshot = (d: Pick<Row, 'status' | 'subject' | 'projectId' | 'measureType' | 'amountCents' | 'count' | 'since' | 'justification' | 'assessment' | 'assessmentReason' | 'version'>) => ({
  status: d.status,
  subject: d.subject,
  projectId: d.projectId,
  measureType: d.measureType,
  amountCents: d.amountCents,
  count: d.count,
  since: d.since,
  justification: d.justification,
  assessment: d.assessment,
  assessmentReason: d.assessmentReason,
  version: d.version,
});

/**
 * Checks a deviation entered by hand without storing anything (reads the year's projects): the
 * parsed input and every problem with its field path (paths of RecordDeviationSchema). A project
 * named by its key must exist in that year; its Maßnahmenart is taken over.
 */
export async function checkDeviation(
  db: Executor,
  year: number,
  ags: string,
  input: unknown,
): Promise<{ data: RecordDeviationInput | null; projectId: number | null; measureType: RecordDeviationInput['measureType']; issues: FieldIssue[] }> {
  const parsed = RecordDeviationSchema.safeParse(input);
  if (!parsed.success) {
    return { data: null, projectId: null, measureType: null, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  }
  const data = parsed.data;
  const issues: FieldIssue[] = [];
  if (!isRealIsoDate(data.since)) issues.push({ path: 'since', message: 'Bitte ein gültiges Datum angeben, z. B. 1.9.2025.' });
  else if (data.since < `${year}-01-01` || data.since > `${year + 1}-12-31`) {
    issues.push({ path: 'since', message: `Das Datum muss im AQB-Jahr ${year} oder im Jahr danach liegen.` });
  }
  if (data.amountCents === null && data.count === null) {
    issues.push({ path: 'amountCents', message: 'Bitte geben Sie einen Betrag oder eine Anzahl an.' });
  }
  let projectId: number | null = null;
  let measureType = data.measureType;
  if (data.projectKey) {
    const project = (await findProjects(db, year, ags)).find((p) => p.key === data.projectKey);
    if (!project) issues.push({ path: 'projectKey', message: `Ein Projekt „${data.projectKey}“ gibt es für diese Gebietskörperschaft im AQB-Jahr ${year} nicht.` });
    else {
      projectId = project.id;
      if (measureType !== null && project.measureType !== null && measureType !== project.measureType) {
        issues.push({ path: 'measureType', message: `Das Projekt „${project.title}“ gehört zu Maßnahmenart ${project.measureType}.` });
      }
      measureType = project.measureType ?? measureType;
    }
  }
  return { data, projectId, measureType, issues };
}

/**
 * Records a deviation entered by hand (district for its own year, or the ministry), audited in the
 * caller's transaction. VALIDATION_FAILED with every problem (checkDeviation), nothing stored.
 */
export async function recordDeviation(tx: Executor, actor: MaybeActor, year: number, ags: string, input: unknown): Promise<Deviation> {
  authorize(actor, 'deviation.record', { ags });
  await getBudgetYear(tx, year);
  await getDistrict(tx, ags);
  const { data, projectId, measureType, issues } = await checkDeviation(tx, year, ags, input);
  if (data === null || issues.length > 0) throw new AppError('VALIDATION_FAILED', issues[0]?.message, { issues });
  const [row] = await tx
    .insert(deviations)
    .values({
      year,
      ags,
      projectId,
      measureType,
      origin: 'manuell',
      subject: data.subject,
      amountCents: data.amountCents,
      count: data.count,
      since: data.since,
      createdBy: actor.userId,
    })
    .returning();
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'deviation.record', recordType: 'deviation', recordId: row!.id, before: null, after: { year, ags, ...snapshot(row!) } });
  return (await toDeviations(tx, [row!]))[0]!;
}

async function lockForStep(tx: Executor, actor: Actor, id: number, action: 'deviation.justify' | 'deviation.assess', version: number): Promise<{ row: Row; to: DeviationStatus }> {
  const [row] = await tx.select().from(deviations).where(eq(deviations.id, id)).for('update');
  if (!row) throw new AppError('NOT_FOUND', 'Diese Abweichung gibt es nicht.');
  authorize(actor, 'deviation.read', { ags: row.ags });
  authorize(actor, action, { ags: row.ags, status: row.status });
  if (row.version !== version) throw new AppError('CONFLICT', 'Die Abweichung wurde inzwischen geändert. Bitte laden Sie die Seite neu und prüfen Sie den aktuellen Stand.');
  const to = transitionFor(action, row.status);
  if (to === null) throw new AppError('INVALID_STATE_TRANSITION', 'In diesem Status ist das nicht möglich.');
  return { row, to };
}

/** The district justifies a deviation (again, until the ministry has judged it): `offen|begruendet → begruendet`. */
export async function justifyDeviation(tx: Executor, actor: MaybeActor, id: number, input: unknown): Promise<Deviation> {
  if (actor === null) authorize(actor, 'deviation.justify');
  const data = unwrapZod(JustifyDeviationSchema.safeParse(input));
  const { row, to } = await lockForStep(tx, actor, id, 'deviation.justify', data.version);
  const [updated] = await tx
    .update(deviations)
    .set({ status: to, justification: data.justification, justifiedBy: actor.userId, justifiedAt: new Date(), version: row.version + 1 })
    .where(eq(deviations.id, id))
    .returning();
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'deviation.justify', recordType: 'deviation', recordId: id, before: snapshot(row), after: snapshot(updated!) });
  return (await toDeviations(tx, [updated!]))[0]!;
}

/** The ministry judges a justified deviation: `begruendet → bewertet`, anerkannt or nicht anerkannt, with a reason. */
export async function assessDeviation(tx: Executor, actor: MaybeActor, id: number, input: unknown): Promise<Deviation> {
  if (actor === null) authorize(actor, 'deviation.assess');
  const data = unwrapZod(AssessDeviationSchema.safeParse(input));
  const { row, to } = await lockForStep(tx, actor, id, 'deviation.assess', data.version);
  const [updated] = await tx
    .update(deviations)
    .set({ status: to, assessment: data.assessment, assessmentReason: data.reason, assessedBy: actor.userId, assessedAt: new Date(), version: row.version + 1 })
    .where(eq(deviations.id, id))
    .returning();
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'deviation.assess', recordType: 'deviation', recordId: id, before: snapshot(row), after: snapshot(updated!) });
  return (await toDeviations(tx, [updated!]))[0]!;
}

/**
 * What § 6 means by "berücksichtigt": the recognised deviations of a district's year, per
 * Maßnahmenart (null = the whole district), with their amounts and numbers, for the
 * target-achievement judgement to take out.
 */
export async function recognisedDeviations(db: Executor, year: number, ags: string): Promise<Deviation[]> {
  return (await findDeviations(db, { year, ags })).filter((d) => d.status === 'bewertet' && d.assessment === 'anerkannt');
}

/**
 * The deviations that wait for the actor ("Meine Aufgaben"): for a district its own open ones (to
 * justify), for the ministry every justified one (to judge); nobody else has such a step.
 */
export async function findDeviationsAwaiting(db: Executor, actor: Actor): Promise<Deviation[]> {
  const status: DeviationStatus | null = can(actor, 'deviation.justify', { status: 'offen' }) ? 'offen' : can(actor, 'deviation.assess', { status: 'begruendet' }) ? 'begruendet' : null;
  if (status === null) return [];
  const rows = await db
    .select()
    .from(deviations)
    .where(and(eq(deviations.status, status), actor.role === 'district' ? eq(deviations.ags, actor.ags) : undefined))
    .orderBy(asc(deviations.year), asc(deviations.ags), asc(deviations.since), asc(deviations.id));
  return toDeviations(db, rows);
}

/** Removes the demo deviations (and, because they may reference demo projects, before those go). */
export async function removeDemoDeviations(tx: Executor): Promise<void> {
  const demoProjects = await findDemoProjectIds(tx);
  await tx.delete(deviations).where(demoProjects.length === 0 ? eq(deviations.isDemo, true) : or(eq(deviations.isDemo, true), inArray(deviations.projectId, demoProjects)));
}
