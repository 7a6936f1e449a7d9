import { and, eq, sql } from 'drizzle-orm';
import { recordAuditEvent } from '../../../platform/audit/store';
import type { Executor } from '../../../platform/db/client';
import type { Actor } from '../../access/policy';
import { projects } from '../tables';

export interface TitleChange {
  created: string[];
  dropped: string[];
  moved: string[];
}

type MeasureList = ReadonlyArray<{ type: 1 | 2 | 3 | 4; projects: ReadonlyArray<{ title: string }> }>;

/**
 * Brings the project records of a district and year in line with the § 5 lists of an agreement
 * text (the edit page's lines, an imported document): a listed title keeps its record (matched by
 * Maßnahmenart and title, then by title alone when it moved to another Maßnahmenart, then an
 * earlier dropped record of that title comes back); a new title gets a new record with the next
 * free key "P<n>"; a record no longer listed becomes `entfallen` (never deleted: an Antrag or a
 * Bescheid may refer to it). Order within each Maßnahmenart follows the lists. Audited as one
 * event when anything changed. Call inside the transaction of the agreement change.
 */
export async function syncProjectTitles(tx: Executor, actor: Actor | null, year: number, ags: string, measures: MeasureList, isDemo = false): Promise<TitleChange> {
  const existing = await tx.select().from(projects).where(and(eq(projects.year, year), eq(projects.ags, ags))).for('update');
  const unclaimed = new Set(existing.map((row) => row.id));
  const change: TitleChange = { created: [], dropped: [], moved: [] };
  const claim = (predicate: (row: (typeof existing)[number]) => boolean) => {
    const row = existing.find((r) => unclaimed.has(r.id) && predicate(r));
    if (row) unclaimed.delete(row.id);
    return row;
  };
  let nextKey = 1 + Math.max(0, ...existing.map((r) => (/^P(\d{1,6})$/.exec(r.key) ? Number(r.key.slice(1)) : 0)));
  const wanted: Array<{ id?: number; title: string; type: number; position: number }> = [];
  // Exact matches first (same Maßnahmenart, same title, still active), so moves are found among the rest.
  const lists = measures.map((m) => ({ type: m.type, titles: m.projects.map((p) => p.title) }));
  const matched = new Map<string, number>();
  for (const { type, titles } of lists) {
    titles.forEach((title, position) => {
      const row = claim((r) => r.measureType === type && r.title === title && r.status === 'aktiv');
      if (row) matched.set(`${type}/${position}`, row.id);
    });
  }
  for (const { type, titles } of lists) {
    titles.forEach((title, position) => {
      let id = matched.get(`${type}/${position}`);
      if (id === undefined) {
        const row = claim((r) => r.title === title && r.status === 'aktiv') ?? claim((r) => r.title === title);
        if (row) {
          id = row.id;
          if (row.measureType !== type) change.moved.push(title);
        }
      }
      wanted.push({ id, title, type, position });
    });
  }
  const now = new Date();
  for (const item of wanted) {
    if (item.id !== undefined) {
      const row = existing.find((r) => r.id === item.id)!;
      if (row.measureType !== item.type || row.position !== item.position || row.status !== 'aktiv') {
        await tx
          .update(projects)
          .set({ measureType: item.type, position: item.position, status: 'aktiv', updatedAt: now, updatedBy: actor?.userId ?? null, version: sql`${projects.version} + 1` })
          .where(eq(projects.id, row.id));
      }
      continue;
    }
    await tx.insert(projects).values({
      year,
      ags,
      key: `P${nextKey++}`,
      title: item.title,
      measureType: item.type,
      position: item.position,
      isDemo,
      createdBy: actor?.userId ?? null,
      updatedBy: actor?.userId ?? null,
    });
    change.created.push(item.title);
  }
  for (const id of unclaimed) {
    const row = existing.find((r) => r.id === id)!;
    if (row.status === 'entfallen') continue;
    await tx.update(projects).set({ status: 'entfallen', updatedAt: now, updatedBy: actor?.userId ?? null, version: sql`${projects.version} + 1` }).where(eq(projects.id, id));
    change.dropped.push(row.title);
  }
  if (change.created.length + change.dropped.length + change.moved.length > 0) {
    await recordAuditEvent(tx, { actorId: actor?.userId ?? null, action: 'projects.syncFromAgreement', recordType: 'district_year', recordId: `${year}/${ags}`, before: null, after: change });
  }
  return change;
}
