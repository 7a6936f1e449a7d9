import { and, desc, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { Executor } from '../../platform/db/client';
import { AppError, unwrapZod } from '../../platform/errors';
import { type Actor, authorize, can, type MaybeActor, tenantFilter } from '../access/policy';
import { getProjectById } from '../projects/service';
import { DecisionInputSchema, type GoodPracticeEntry, GoodPracticeInputSchema, type GoodPracticeStatus } from './schema';
import { goodPracticeEntries } from './tables';

type Row = typeof goodPracticeEntries.$inferSelect;

async function withProjects(db: Executor, rows: Row[]): Promise<GoodPracticeEntry[]> {
  const out: GoodPracticeEntry[] = [];
  for (const row of rows) {
    // The project record stays in the projects module; read through its service, never copied.
    const p = await getProjectById(db, row.projectId);
    out.push({
      id: row.id,
      projectId: row.projectId,
      status: row.status,
      origin: row.origin,
      summary: row.summary,
      targetGroup: row.targetGroup,
      contact: row.contact,
      decisionReason: row.decisionReason,
      version: row.version,
      isDemo: row.isDemo,
      updatedAt: row.updatedAt,
      project: { year: p.year, ags: p.ags, key: p.key, title: p.title, measureType: p.measureType, targetGroups: p.targetGroups },
    });
  }
  return out;
}

const columns = () => {
  const { searchVector: _v, ...rest } = goodPracticeEntries;
  void _v;
  return {
    id: rest.id,
    projectId: rest.projectId,
    status: rest.status,
    origin: rest.origin,
    summary: rest.summary,
    targetGroup: rest.targetGroup,
    contact: rest.contact,
    decisionReason: rest.decisionReason,
    version: rest.version,
    isDemo: rest.isDemo,
    createdAt: rest.createdAt,
    createdBy: rest.createdBy,
    updatedAt: rest.updatedAt,
    updatedBy: rest.updatedBy,
  };
};

/** The entries the actor may see on the staff list, proposals first: HMSI and RP all, a district its own projects'. */
export async function findGoodPracticeEntries(db: Executor, actor: Actor): Promise<GoodPracticeEntry[]> {
  authorize(actor, 'goodPractice.read');
  const own = tenantFilter(actor);
  const rows = (await db
    .select(columns())
    .from(goodPracticeEntries)
    .where(own === null ? undefined : sql`${goodPracticeEntries.projectId} in (select id from projects where ags = ${own})`)
    .orderBy(sql`case ${goodPracticeEntries.status} when 'vorgeschlagen' then 0 when 'aufgenommen' then 1 else 2 end`, desc(goodPracticeEntries.updatedAt))) as Row[];
  return withProjects(db, rows);
}

/** One entry; NOT_FOUND for an unknown id or another district's project. */
export async function getGoodPracticeEntry(db: Executor, actor: Actor, id: number): Promise<GoodPracticeEntry> {
  authorize(actor, 'goodPractice.read');
  const [row] = (await db.select(columns()).from(goodPracticeEntries).where(eq(goodPracticeEntries.id, id))) as Row[];
  if (!row) throw new AppError('NOT_FOUND', 'Diesen Eintrag gibt es nicht.');
  const [entry] = await withProjects(db, [row]);
  authorize(actor, 'goodPractice.read', { ags: entry!.project.ags });
  return entry!;
}

/** The entry of a project, if any (for the staff form). */
export async function findEntryOfProject(db: Executor, projectId: number): Promise<GoodPracticeEntry | null> {
  const [row] = (await db.select(columns()).from(goodPracticeEntries).where(eq(goodPracticeEntries.projectId, projectId))) as Row[];
  return row ? ((await withProjects(db, [row]))[0] ?? null) : null;
}

const auditView = (e: Pick<GoodPracticeEntry, 'status' | 'summary' | 'targetGroup' | 'contact' | 'version'>) => ({ status: e.status, summary: e.summary, targetGroup: e.targetGroup, contact: e.contact, version: e.version });

/**
 * Writes the catalogue text of a project, audited in the caller's transaction. The ministry
 * (`goodPractice.manage`) marks any district's project: the entry is `aufgenommen` (a pending
 * proposal is accepted with the text as saved). A district (`goodPractice.propose`, own projects
 * only) proposes: the entry is `vorgeschlagen`; an entry already in the catalogue it cannot change
 * (INVALID_STATE_TRANSITION). `expectedVersion` (0 = no entry yet) guards against a stale form
 * (CONFLICT). VALIDATION_FAILED with German field messages (projectId, summary, targetGroup, contact).
 */
export async function saveGoodPractice(tx: Executor, actor: MaybeActor, target: { expectedVersion: number }, raw: unknown): Promise<GoodPracticeEntry> {
  if (actor === null) authorize(actor, 'goodPractice.read');
  const input = unwrapZod(GoodPracticeInputSchema.safeParse(raw));
  const project = await getProjectById(tx, input.projectId).catch(() => {
    throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'projectId', message: 'Dieses Projekt gibt es nicht.' }] });
  });
  const isMinistry = can(actor, 'goodPractice.manage');
  authorize(actor, isMinistry ? 'goodPractice.manage' : 'goodPractice.propose', { ags: project.ags });
  await tx.execute(sql`select id from projects where id = ${project.id} for update`);
  const current = await findEntryOfProject(tx, project.id);
  if ((current?.version ?? 0) !== target.expectedVersion) {
    throw new AppError('CONFLICT', 'Der Eintrag wurde inzwischen geändert. Bitte prüfen Sie die aktuelle Fassung; Ihre Änderungen wurden nicht gespeichert.', { details: { expectedVersion: target.expectedVersion, currentVersion: current?.version ?? 0 } });
  }
  if (!isMinistry && current?.status === 'aufgenommen') throw new AppError('INVALID_STATE_TRANSITION', 'Das Projekt steht schon im Katalog; Änderungen nimmt das HMSI vor.');
  const status: GoodPracticeStatus = isMinistry ? 'aufgenommen' : 'vorgeschlagen';
  const values = { summary: input.summary, targetGroup: input.targetGroup, contact: input.contact, status, decisionReason: '', updatedAt: new Date(), updatedBy: actor.userId };
  let id: number;
  if (current) {
    await tx.update(goodPracticeEntries).set({ ...values, version: sql`${goodPracticeEntries.version} + 1` }).where(and(eq(goodPracticeEntries.id, current.id), eq(goodPracticeEntries.version, current.version)));
    id = current.id;
  } else {
    const [created] = await tx.insert(goodPracticeEntries).values({ ...values, projectId: project.id, origin: isMinistry ? 'hmsi' : 'district', createdBy: actor.userId }).returning({ id: goodPracticeEntries.id });
    id = created!.id;
  }
  const saved = await getGoodPracticeEntry(tx, actor, id);
  const action = !current ? (isMinistry ? 'goodPractice.mark' : 'goodPractice.propose') : current.status === 'vorgeschlagen' && isMinistry ? 'goodPractice.accept' : 'goodPractice.update';
  await recordAuditEvent(tx, { actorId: actor.userId, action, recordType: 'good_practice_entry', recordId: id, before: current ? auditView(current) : null, after: { ...auditView(saved), projectId: project.id, ags: project.ags } });
  return saved;
}

/**
 * The ministry's decision on an entry (`goodPractice.manage`), audited: accept a proposal
 * (`aufnehmen`), decline it (`ablehnen`, with a reason), or take an entry out of the catalogue
 * (`zuruecknehmen`, with a reason). A step that does not fit the status is INVALID_STATE_TRANSITION;
 * a stale version CONFLICT.
 */
export async function decideGoodPractice(tx: Executor, actor: MaybeActor, target: { id: number; expectedVersion: number }, raw: unknown): Promise<GoodPracticeEntry> {
  authorize(actor, 'goodPractice.manage');
  const input = unwrapZod(DecisionInputSchema.safeParse(raw));
  await tx.execute(sql`select id from good_practice_entries where id = ${target.id} for update`);
  const current = await getGoodPracticeEntry(tx, actor, target.id);
  if (current.version !== target.expectedVersion) throw new AppError('CONFLICT', 'Der Eintrag wurde inzwischen geändert. Bitte prüfen Sie die aktuelle Fassung.');
  const allowed: Record<typeof input.decision, GoodPracticeStatus[]> = { aufnehmen: ['vorgeschlagen', 'zurueckgenommen'], ablehnen: ['vorgeschlagen'], zuruecknehmen: ['aufgenommen'] };
  if (!allowed[input.decision].includes(current.status)) throw new AppError('INVALID_STATE_TRANSITION', 'Diese Entscheidung passt nicht zum Stand des Eintrags.');
  const status: GoodPracticeStatus = input.decision === 'aufnehmen' ? 'aufgenommen' : input.decision === 'ablehnen' ? 'abgelehnt' : 'zurueckgenommen';
  await tx
    .update(goodPracticeEntries)
    .set({ status, decisionReason: input.decision === 'aufnehmen' ? '' : input.reason, version: sql`${goodPracticeEntries.version} + 1`, updatedAt: new Date(), updatedBy: actor.userId })
    .where(eq(goodPracticeEntries.id, current.id));
  const saved = await getGoodPracticeEntry(tx, actor, current.id);
  await recordAuditEvent(tx, {
    actorId: actor.userId,
    action: input.decision === 'aufnehmen' ? 'goodPractice.accept' : input.decision === 'ablehnen' ? 'goodPractice.decline' : 'goodPractice.withdraw',
    recordType: 'good_practice_entry',
    recordId: current.id,
    before: { status: current.status },
    after: { status: saved.status, reason: saved.decisionReason },
  });
  return saved;
}

/** Demo entries: a few published demo projects marked as good practice (is_demo). Idempotent. */
export async function seedDemoGoodPractice(tx: Executor): Promise<void> {
  const [existing] = await tx.select({ id: goodPracticeEntries.id }).from(goodPracticeEntries).where(eq(goodPracticeEntries.isDemo, true)).limit(1);
  if (existing) return;
  const candidates = (
    (await tx.execute(sql`
      select distinct on (p.measure_type) p.id, p.measure_type from projects p
      join agreements a on a.year = p.year and a.ags = p.ags and a.status = 'veroeffentlicht'
      where p.is_demo and p.status = 'aktiv'
      order by p.measure_type, p.year desc, p.ags, p.id`)) as unknown as { rows: { id: number; measure_type: number }[] }
  ).rows;
  const texts: Record<number, { summary: string; targetGroup: GoodPracticeEntry['targetGroup']; status: GoodPracticeStatus; origin: 'hmsi' | 'district' }> = {
    1: { summary: 'Betriebe und Schulen planen die Praktika gemeinsam; jede Jugendliche und jeder Jugendliche hat eine feste Ansprechperson bis zum Beginn der Ausbildung.', targetGroup: 'schueler', status: 'aufgenommen', origin: 'hmsi' },
    2: { summary: 'Ausbildungsplätze in Teilzeit für Alleinerziehende mit Kinderbetreuung, vermittelt über eine gemeinsame Anlaufstelle von Jobcenter und Kammer.', targetGroup: 'eltern', status: 'aufgenommen', origin: 'district' },
    3: { summary: 'Modulare Qualifizierung mit anerkannten Teilabschlüssen; Sprachförderung läuft neben der Qualifizierung im Betrieb.', targetGroup: 'gefluechtete', status: 'aufgenommen', origin: 'hmsi' },
    4: { summary: 'Fachkräfte der Träger lernen gemeinsam Methoden der aufsuchenden Beratung; vorgeschlagen von der Gebietskörperschaft.', targetGroup: 'beschaeftigte', status: 'vorgeschlagen', origin: 'district' },
  };
  for (const c of candidates) {
    const t = texts[Number(c.measure_type)];
    if (!t) continue;
    await tx.insert(goodPracticeEntries).values({ projectId: Number(c.id), status: t.status, origin: t.origin, summary: t.summary, targetGroup: t.targetGroup, contact: 'AQB-Koordination der Gebietskörperschaft (Demodaten)', isDemo: true });
  }
}

/** Removes the demo entries, and any entry of a demo project (before the demo projects go). */
export async function removeDemoGoodPractice(tx: Executor): Promise<void> {
  await tx.execute(sql`delete from good_practice_entries where is_demo or project_id in (select id from projects where is_demo)`);
}

