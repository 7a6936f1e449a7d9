import { type Context, Hono } from 'hono';
import { agsParam, formVersion, idParam, yearParam } from '../../platform/http/route-params';
import type { AppDatabase, Executor } from '../../platform/db/client';
import { AppError, type FieldIssue, isAppError } from '../../platform/errors';
import { csrfToken } from '../../platform/http/csrf';
import { cleanParam, isAgs, writeCsv } from '../../platform/input';
import type { FieldErrors } from '../../ui/forms';
import { renderPage } from '../../ui/render';
import { requireActor } from '../access/middleware';
import { type Actor, authorize, can, tenantFilter } from '../access/policy';
import { chooseBudgetYear, findAllocationCents, findSubBudgets, getBudgetYear } from '../budget-years/service';
import { getMeasureTypeLabels } from '../catalogs/service';
import { findDistricts, getDistrict } from '../districts/service';
import { findEckdaten } from './eckdaten';
import { formFieldOf, formValuesOf, parseProjectForm, type ProjectFormValues, readProjectForm, withExtraRow, withSpareRows } from './project-form';
import { countProjectsByDistrict, findProjects, findProviders, getProject, getProvider } from './read';
import type { Project } from './schema';
import { dropProject, saveProject } from './use-cases/save-project';
import { createProvider, updateProvider } from './use-cases/save-provider';
import { DropProjectPage, ProjectFormPage, ProjectListPage, ProjectPage, ProjectsOverviewPage, projectPath, projectsPath, providersPath } from './views/project-pages';
import { EckdatenPage, eckdatenCsvRows } from './views/eckdaten-page';
import { ProviderEditPage, type ProviderFormValues, ProviderListPage } from './views/provider-pages';

/**
 * What the composition root passes in from modules above this one (docs/decisions/0012): keeping
 * § 5 of a draft agreement in step after a project change (in the same transaction), and the
 * address of the district's agreement of a year when there is one.
 */
export interface ProjectRouteDeps {
  database: AppDatabase;
  afterProjectChange: (tx: Executor, actor: Actor, year: number, ags: string) => Promise<unknown>;
  findAgreementHref: (db: Executor, year: number, ags: string) => Promise<string | null>;
}

const PAGE_SIZE = 50;

function keyParam(value: string | undefined): string {
  const key = cleanParam(value, 40);
  if (!key) throw new AppError('NOT_FOUND');
  return key;
}
function pageParam(value: string | undefined): number {
  return value && /^\d{1,4}$/.test(value) && Number(value) >= 1 ? Number(value) : 1;
}
function str(body: Record<string, unknown>, name: string, max: number): string {
  const value = Object.prototype.hasOwnProperty.call(body, name) ? body[name] : undefined;
  return typeof value === 'string' ? value.slice(0, max) : '';
}

function issuesToFields(issues: FieldIssue[], map: (path: string) => string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[map(issue.path)] ??= issue.message;
  return errors;
}

/**
 * The project and Träger pages (issue 13): a district keeps its own projects and Träger (another
 * district's answer 404), HMSI and RP read every district's. Every change goes through the use
 * cases (policy `project.edit`, audit in the same transaction, optimistic lock).
 */
export function projectRoutes({ database, afterProjectChange, findAgreementHref }: ProjectRouteDeps) {
  const app = new Hono();
  const db = database.db;

  /** The district of the URL, after the read permission (404 for another district's user). */
  async function readableDistrict(c: Context, ags: string) {
    const actor = requireActor(c);
    authorize(actor, 'project.read', { ags });
    const district = await getDistrict(db, ags);
    return { actor, district };
  }
  app.get('/projekte', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'project.read');
    const { years, year } = await chooseBudgetYear(db, c.req.query('jahr'));
    const own = tenantFilter(actor);
    const counts = year === null ? new Map<string, number>() : await countProjectsByDistrict(db, year);
    const districts = (await findDistricts(db)).filter((d) => own === null || d.ags === own).map((d) => ({ ags: d.ags, name: d.name, projectCount: counts.get(d.ags) ?? 0 }));
    return renderPage(c, <ProjectsOverviewPage years={years} year={year} districts={districts} />);
  });

  // ── Projects of a district and year ────────────────────────────────────────────────────────
  app.get('/projekte/:year/:ags', async (c) => {
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    const { actor, district } = await readableDistrict(c, ags);
    await getBudgetYear(db, year);
    const notice = c.req.query('entfallen') ? 'Das Projekt ist entfallen.' : undefined;
    return renderPage(
      c,
      <ProjectListPage
        year={year}
        ags={ags}
        districtName={district.name}
        projects={await findProjects(db, year, ags)}
        labels={await getMeasureTypeLabels(db, year)}
        canEdit={can(actor, 'project.edit', { ags })}
        allocationCents={(await findAllocationCents(db, ags, year)) ?? null}
        page={pageParam(c.req.query('seite'))}
        pageSize={PAGE_SIZE}
        notice={notice}
        agreementHref={can(actor, 'agreement.read', { ags }) ? ((await findAgreementHref(db, year, ags)) ?? undefined) : undefined}
      />,
    );
  });

  // ── Eckdaten of a district and year (page and CSV) ─────────────────────────────────────────
  async function eckdatenOf(c: Context) {
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    const { district } = await readableDistrict(c, ags);
    await getBudgetYear(db, year);
    return { district, eckdaten: await findEckdaten(db, year, ags), labels: await getMeasureTypeLabels(db, year) };
  }
  app.get('/projekte/:year/:ags/eckdaten', async (c) => {
    const { district, eckdaten, labels } = await eckdatenOf(c);
    return renderPage(c, <EckdatenPage eckdaten={eckdaten} districtName={district.name} labels={labels} />);
  });
  app.get('/projekte/:year/:ags/eckdaten.csv', async (c) => {
    const { eckdaten, labels } = await eckdatenOf(c);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="Eckdaten_${eckdaten.year}_${eckdaten.ags}.csv"`);
    c.header('Cache-Control', 'private, no-store');
    return c.body(writeCsv(eckdatenCsvRows(eckdaten, labels)));
  });

  async function formPage(
    c: Context,
    target: { year: number; ags: string; districtName: string; project?: Project },
    values: ProjectFormValues,
    extra: { errors?: FieldErrors; conflict?: string; baseVersion?: number; notice?: string } = {},
    status = 200,
  ) {
    return renderPage(
      c,
      <ProjectFormPage
        year={target.year}
        ags={target.ags}
        districtName={target.districtName}
        project={target.project}
        values={withSpareRows(values)}
        labels={await getMeasureTypeLabels(db, target.year)}
        providers={await findProviders(db, target.ags)}
        subBudgets={(await findSubBudgets(db, target.year)).map((s) => s.name)}
        csrf={csrfToken(c)}
        baseVersion={extra.baseVersion ?? target.project?.version}
        errors={extra.errors}
        conflict={extra.conflict}
        notice={extra.notice}
      />,
      status as 200,
    );
  }

  async function subBudgetName(year: number, id: number | null): Promise<string | null> {
    if (id === null) return null;
    return (await findSubBudgets(db, year)).find((s) => s.id === id)?.name ?? null;
  }

  /** Handles a posted project form: extra rows, field errors, the save with the agreement refresh. */
  async function postProjectForm(c: Context, year: number, ags: string, current: Project | undefined) {
    const { actor, district } = await readableDistrict(c, ags);
    authorize(actor, 'project.edit', { ags });
    await getBudgetYear(db, year);
    const body = await c.req.parseBody();
    const baseVersion = current ? formVersion(body) : undefined;
    const { values, action } = readProjectForm(body);
    const target = { year, ags, districtName: district.name, project: current };
    if (action !== 'speichern') return formPage(c, target, withExtraRow(values, action), { baseVersion, notice: 'Eine leere Zeile wurde angefügt. Noch ist nichts gespeichert.' });
    const providerList = await findProviders(db, ags);
    const { input, errors } = parseProjectForm(values, providerList);
    if (Object.values(errors).some(Boolean)) return formPage(c, target, values, { errors, baseVersion }, 422);
    let saved: Project;
    try {
      saved = await db.transaction(async (tx) => {
        const project = await saveProject(tx, actor, { year, ags, key: current?.key, expectedVersion: baseVersion }, input);
        await afterProjectChange(tx, actor, year, ags);
        return project;
      });
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'VALIDATION_FAILED') return formPage(c, target, values, { errors: issuesToFields(error.issues, formFieldOf), baseVersion }, 422);
      if (error.code === 'CONFLICT') {
        const fresh = await getProject(db, year, ags, current!.key).catch(() => undefined);
        return formPage(c, { ...target, project: fresh ?? current }, values, { conflict: error.message, baseVersion: fresh?.version ?? baseVersion }, 409);
      }
      throw error;
    }
    return c.redirect(`${projectPath(year, ags, saved.key)}?gespeichert=1`, 303);
  }

  app.get('/projekte/:year/:ags/neu', async (c) => {
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    const { actor, district } = await readableDistrict(c, ags);
    authorize(actor, 'project.edit', { ags });
    await getBudgetYear(db, year);
    return formPage(c, { year, ags, districtName: district.name }, formValuesOf(null));
  });

  app.post('/projekte/:year/:ags/neu', (c) => postProjectForm(c, yearParam(c.req.param('year')), agsParam(c.req.param('ags')), undefined));

  app.get('/projekte/:year/:ags/projekt/:key', async (c) => {
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    const { actor, district } = await readableDistrict(c, ags);
    const project = await getProject(db, year, ags, keyParam(c.req.param('key')));
    return renderPage(
      c,
      <ProjectPage
        year={year}
        ags={ags}
        districtName={district.name}
        project={project}
        labels={await getMeasureTypeLabels(db, year)}
        subBudgetName={await subBudgetName(year, project.subBudgetId)}
        canEdit={can(actor, 'project.edit', { ags })}
        notice={c.req.query('gespeichert') ? 'Gespeichert.' : undefined}
      />,
    );
  });

  app.get('/projekte/:year/:ags/projekt/:key/bearbeiten', async (c) => {
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    const { actor, district } = await readableDistrict(c, ags);
    authorize(actor, 'project.edit', { ags });
    const project = await getProject(db, year, ags, keyParam(c.req.param('key')));
    return formPage(c, { year, ags, districtName: district.name, project }, formValuesOf(project, await subBudgetName(year, project.subBudgetId)));
  });

  app.post('/projekte/:year/:ags/projekt/:key/bearbeiten', async (c) => {
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    await readableDistrict(c, ags);
    const project = await getProject(db, year, ags, keyParam(c.req.param('key')));
    return postProjectForm(c, year, ags, project);
  });

  app.get('/projekte/:year/:ags/projekt/:key/entfernen', async (c) => {
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    const { actor, district } = await readableDistrict(c, ags);
    authorize(actor, 'project.edit', { ags });
    const project = await getProject(db, year, ags, keyParam(c.req.param('key')));
    return renderPage(c, <DropProjectPage year={year} ags={ags} districtName={district.name} project={project} csrf={csrfToken(c)} />);
  });

  app.post('/projekte/:year/:ags/projekt/:key/entfernen', async (c) => {
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    const { actor, district } = await readableDistrict(c, ags);
    authorize(actor, 'project.edit', { ags });
    const key = keyParam(c.req.param('key'));
    const project = await getProject(db, year, ags, key);
    const expectedVersion = formVersion(await c.req.parseBody());
    try {
      await db.transaction(async (tx) => {
        await dropProject(tx, actor, { year, ags, key, expectedVersion });
        await afterProjectChange(tx, actor, year, ags);
      });
    } catch (error) {
      if (isAppError(error) && error.code === 'CONFLICT') {
        const fresh = await getProject(db, year, ags, key);
        return renderPage(c, <DropProjectPage year={year} ags={ags} districtName={district.name} project={fresh} csrf={csrfToken(c)} error={error.message} />, 409);
      }
      throw error;
    }
    return c.redirect(`${projectsPath(year, ags)}?entfallen=${encodeURIComponent(project.key)}`, 303);
  });

  // ── Träger ────────────────────────────────────────────────────────────────────────────────
  async function providerListPage(c: Context, ags: string, extra: { values?: ProviderFormValues; errors?: FieldErrors; notice?: string } = {}, status = 200) {
    const { actor, district } = await readableDistrict(c, ags);
    const { years } = await chooseBudgetYear(db, undefined);
    return renderPage(
      c,
      <ProviderListPage
        ags={ags}
        districtName={district.name}
        providers={await findProviders(db, ags)}
        canEdit={can(actor, 'project.edit', { ags })}
        csrf={csrfToken(c)}
        values={extra.values ?? { name: '', address: '' }}
        errors={extra.errors}
        notice={extra.notice}
        page={pageParam(c.req.query('seite'))}
        pageSize={PAGE_SIZE}
        year={years[0] ?? null}
      />,
      status as 200,
    );
  }
  const providerField = (path: string) => (path.startsWith('address') ? 'anschrift' : 'name');

  app.get('/traeger/:ags', (c) => {
    const notice = c.req.query('angelegt') ? 'Der Träger wurde hinzugefügt.' : c.req.query('gespeichert') ? 'Der Träger wurde gespeichert.' : undefined;
    return providerListPage(c, agsParam(c.req.param('ags')), { notice });
  });

  app.post('/traeger/:ags', async (c) => {
    const ags = agsParam(c.req.param('ags'));
    const { actor } = await readableDistrict(c, ags);
    authorize(actor, 'project.edit', { ags });
    const body = await c.req.parseBody();
    const values = { name: str(body, 'name', 400), address: str(body, 'anschrift', 600) };
    try {
      await db.transaction((tx) => createProvider(tx, actor, ags, values));
    } catch (error) {
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') return providerListPage(c, ags, { values, errors: issuesToFields(error.issues, providerField) }, 422);
      throw error;
    }
    return c.redirect(`${providersPath(ags)}?angelegt=1`, 303);
  });

  async function providerEditPage(c: Context, ags: string, id: number, extra: { values?: ProviderFormValues; errors?: FieldErrors; conflict?: string; baseVersion?: number } = {}, status = 200) {
    const { actor, district } = await readableDistrict(c, ags);
    authorize(actor, 'project.edit', { ags });
    const provider = await getProvider(db, ags, id);
    return renderPage(
      c,
      <ProviderEditPage
        ags={ags}
        districtName={district.name}
        provider={provider}
        csrf={csrfToken(c)}
        values={extra.values ?? { name: provider.name, address: provider.address }}
        baseVersion={extra.baseVersion ?? provider.version}
        errors={extra.errors}
        conflict={extra.conflict}
      />,
      status as 200,
    );
  }

  app.get('/traeger/:ags/:id/bearbeiten', (c) => providerEditPage(c, agsParam(c.req.param('ags')), idParam(c.req.param('id'))));

  app.post('/traeger/:ags/:id/bearbeiten', async (c) => {
    const ags = agsParam(c.req.param('ags'));
    const id = idParam(c.req.param('id'));
    const { actor } = await readableDistrict(c, ags);
    authorize(actor, 'project.edit', { ags });
    await getProvider(db, ags, id);
    const body = await c.req.parseBody();
    const expectedVersion = formVersion(body);
    const values = { name: str(body, 'name', 400), address: str(body, 'anschrift', 600) };
    try {
      await db.transaction((tx) => updateProvider(tx, actor, { ags, id, expectedVersion }, values));
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'VALIDATION_FAILED') return providerEditPage(c, ags, id, { values, errors: issuesToFields(error.issues, providerField), baseVersion: expectedVersion }, 422);
      if (error.code === 'CONFLICT') return providerEditPage(c, ags, id, { values, conflict: error.message }, 409);
      throw error;
    }
    return c.redirect(`${providersPath(ags)}?gespeichert=1`, 303);
  });

  return app;
}
