import { type Context, Hono } from 'hono';
import { formVersion, idParam } from '../../platform/http/route-params';
import type { AppDatabase } from '../../platform/db/client';
import { AppError, type FieldIssue, isAppError } from '../../platform/errors';
import { csrfToken } from '../../platform/http/csrf';
import { isAgs } from '../../platform/input';
import type { FieldErrors } from '../../ui/forms';
import { renderPage } from '../../ui/render';
import { requireActor } from '../access/middleware';
import { type Actor, authorize, can, tenantFilter } from '../access/policy';
import { chooseBudgetYear, getBudgetYear } from '../budget-years/service';
import { getMeasureTypeLabels } from '../catalogs/service';
import { findDistricts, getDistrict } from '../districts/service';
import { findProjects } from '../projects/service';
import { decideGoodPractice, findEntryOfProject, findGoodPracticeEntries, getGoodPracticeEntry, saveGoodPractice } from './entries';
import { EntryFormPage, type EntryFormValues, EntryPage, entryPath, GoodPracticeListPage, goodPracticePath } from './views/pages';

const ENTRY_FIELDS: Record<string, string> = { projectId: 'projekt', summary: 'beschreibung', targetGroup: 'zielgruppe', contact: 'kontakt' };

function toFields(issues: FieldIssue[], names: Record<string, string>, fallback: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[names[issue.path.split('.')[0]!] ?? fallback] ??= issue.message;
  return errors;
}
function str(body: Record<string, unknown>, name: string, max: number): string {
  const value = Object.prototype.hasOwnProperty.call(body, name) ? body[name] : undefined;
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/**
 * The staff pages of good practice (/gute-praxis): the list (HMSI and RP all, a district its own),
 * marking or proposing a project, the ministry's decision. The public catalogue is the portal's.
 */
export function goodPracticeRoutes({ database }: { database: AppDatabase }) {
  const app = new Hono();
  const db = database.db;

  const measureLabels = async (year: number) => new Map((await getMeasureTypeLabels(db, year)).map((label, i) => [i + 1, label]));

  app.get(goodPracticePath, async (c) => {
    const actor = requireActor(c);
    const entries = await findGoodPracticeEntries(db, actor);
    const districts = await findDistricts(db);
    const { years } = await chooseBudgetYear(db, undefined);
    const own = tenantFilter(actor);
    const labels = await measureLabels(years[0] ?? new Date().getFullYear());
    const notice = c.req.query('gespeichert') !== undefined ? 'Gespeichert.' : undefined;
    return renderPage(
      c,
      <GoodPracticeListPage
        entries={entries}
        districtNames={new Map(districts.map((d) => [d.ags, d.name]))}
        measureLabels={labels}
        canManage={can(actor, 'goodPractice.manage')}
        canPropose={own !== null && can(actor, 'goodPractice.propose', { ags: own })}
        years={years}
        districts={districts.map((d) => ({ ags: d.ags, name: d.name }))}
        ownAgs={own}
        notice={notice}
      />,
    );
  });

  /** Year and district of the form (a district user: always its own), after the write permission. */
  async function formTarget(c: Context, actor: Actor) {
    const own = tenantFilter(actor);
    const ags = own ?? c.req.query('gk');
    if (!isAgs(ags)) throw new AppError('NOT_FOUND', 'Bitte wählen Sie eine Gebietskörperschaft.');
    const isMinistry = can(actor, 'goodPractice.manage');
    authorize(actor, isMinistry ? 'goodPractice.manage' : 'goodPractice.propose', { ags });
    const yearText = c.req.query('jahr') ?? '';
    if (!/^\d{4}$/.test(yearText)) throw new AppError('NOT_FOUND', 'Bitte wählen Sie ein AQB-Jahr.');
    const year = (await getBudgetYear(db, Number(yearText))).year;
    const district = await getDistrict(db, ags);
    const projects = (await findProjects(db, year, ags)).map((p) => ({ id: p.id, key: p.key, title: p.title }));
    return { ags, year, districtName: district.name, projects, isMinistry };
  }

  async function formPage(c: Context, actor: Actor, values: EntryFormValues, extra: { errors?: FieldErrors; conflict?: string; version?: number } = {}, status = 200) {
    const target = await formTarget(c, actor);
    const projectId = Number(values.projectId);
    const existing = Number.isInteger(projectId) && target.projects.some((p) => p.id === projectId) ? await findEntryOfProject(db, projectId) : null;
    return renderPage(c, <EntryFormPage {...target} values={values} version={extra.version ?? existing?.version ?? 0} errors={extra.errors} conflict={extra.conflict} csrf={csrfToken(c)} />, status as 200);
  }

  app.get(`${goodPracticePath}/neu`, async (c) => {
    const actor = requireActor(c);
    const projectId = c.req.query('projekt') ?? '';
    const existing = /^\d{1,9}$/.test(projectId) ? await findEntryOfProject(db, Number(projectId)) : null;
    if (existing) authorize(actor, 'goodPractice.read', { ags: existing.project.ags });
    const values = existing ? { projectId, summary: existing.summary, targetGroup: existing.targetGroup, contact: existing.contact } : { projectId, summary: '', targetGroup: '', contact: '' };
    return formPage(c, actor, values);
  });

  app.post(`${goodPracticePath}/neu`, async (c) => {
    const actor = requireActor(c);
    const target = await formTarget(c, actor);
    const body = await c.req.parseBody();
    const expectedVersion = formVersion(body, 0);
    const values: EntryFormValues = { projectId: str(body, 'projekt', 20), summary: str(body, 'beschreibung', 2400), targetGroup: str(body, 'zielgruppe', 60), contact: str(body, 'kontakt', 600) };
    // Only a project of the form's district and year (the list offered); anything else is a field error.
    if (!target.projects.some((p) => String(p.id) === values.projectId)) {
      return formPage(c, actor, values, { errors: { projekt: 'Bitte wählen Sie ein Projekt aus der Liste.' }, version: expectedVersion }, 422);
    }
    try {
      const saved = await db.transaction((tx) => saveGoodPractice(tx, actor, { expectedVersion }, { projectId: values.projectId, summary: values.summary, targetGroup: values.targetGroup || undefined, contact: values.contact }));
      return c.redirect(`${entryPath(saved.id)}?gespeichert=1`, 303);
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'VALIDATION_FAILED') return formPage(c, actor, values, { errors: toFields(error.issues, ENTRY_FIELDS, 'beschreibung'), version: expectedVersion }, 422);
      if (error.code === 'CONFLICT' || error.code === 'INVALID_STATE_TRANSITION') return formPage(c, actor, values, { conflict: error.message }, 409);
      throw error;
    }
  });

  async function entryPage(c: Context, actor: Actor, id: number, extra: { errors?: FieldErrors; values?: { decision: string; reason: string }; notice?: string; conflict?: string } = {}, status = 200) {
    const entry = await getGoodPracticeEntry(db, actor, id);
    const district = await getDistrict(db, entry.project.ags);
    const labels = await measureLabels(entry.project.year);
    const canManage = can(actor, 'goodPractice.manage');
    const canEdit = canManage || (entry.status !== 'aufgenommen' && can(actor, 'goodPractice.propose', { ags: entry.project.ags }));
    return renderPage(
      c,
      <EntryPage entry={entry} districtName={district.name} measureLabel={labels.get(entry.project.measureType) ?? String(entry.project.measureType)} canManage={canManage} canEdit={canEdit} csrf={csrfToken(c)} {...extra} />,
      status as 200,
    );
  }

  app.get(`${goodPracticePath}/:id{[0-9]{1,9}}`, async (c) => {
    const actor = requireActor(c);
    return entryPage(c, actor, idParam(c.req.param('id')), { notice: c.req.query('gespeichert') !== undefined ? 'Gespeichert.' : undefined });
  });

  app.post(`${goodPracticePath}/:id{[0-9]{1,9}}/entscheidung`, async (c) => {
    const actor = requireActor(c);
    const id = idParam(c.req.param('id'));
    authorize(actor, 'goodPractice.manage');
    const entry = await getGoodPracticeEntry(db, actor, id);
    authorize(actor, 'goodPractice.manage', { ags: entry.project.ags });
    const body = await c.req.parseBody();
    const expectedVersion = formVersion(body, 0);
    const values = { decision: str(body, 'entscheidung', 40), reason: str(body, 'grund', 1200) };
    try {
      await db.transaction((tx) => decideGoodPractice(tx, actor, { id, expectedVersion }, { decision: values.decision || undefined, reason: values.reason }));
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'VALIDATION_FAILED') return entryPage(c, actor, id, { values, errors: toFields(error.issues, { decision: 'entscheidung', reason: 'grund' }, 'entscheidung') }, 422);
      if (error.code === 'CONFLICT' || error.code === 'INVALID_STATE_TRANSITION') return entryPage(c, actor, id, { values, conflict: error.message }, 409);
      throw error;
    }
    return c.redirect(`${entryPath(id)}?gespeichert=1`, 303);
  });

  return app;
}

