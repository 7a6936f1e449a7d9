import type { Context } from 'hono';
import { isAgs } from '../../platform/input';
import { Hono } from 'hono';
import { csrfToken } from '../../platform/http/csrf';
import type { RouteDeps } from '../../platform/http/deps';
import { requirePermission } from '../access/middleware';
import { AppError, type FieldIssue, isAppError } from '../../platform/errors';
import { findUserNames } from '../access/service';
import { listPlaceholders, YearTemplateContentSchema } from '../documents/service';
import { findDistricts } from '../districts/service';
import {
  compareTemplateVersions,
  findTemplateVersions,
  restoreTemplateVersion,
  findTemplateYears,
  getCurrentTemplate,
  renderPreviewHtml,
  saveTemplateVersion,
  type TemplateVersion,
} from './service';
import type { Executor } from '../../platform/db/client';
import type { AgreementInterchange } from '../documents/schema';
import type { District } from '../districts/schema';
import { contentFromForm, fieldErrorsFromIssues, formValuesFromContent, NOTE_FIELD, PREVIEW_DISTRICT_FIELD } from './template-form';
import { TemplateComparePage, TemplateEditPage, type TemplateEditPageProps, TemplateListPage } from './views/template-pages';
import { renderPage } from '../../ui/render';

const DEFAULT_PREVIEW_AGS = '06439'; // Rheingau-Taunus-Kreis

const YEAR = '/vorlagen/:year{[0-9]{4}}';

/**
 * The year of the request. The ministry-only policy (accounts feature) goes here: every template
 * route calls it first.
 */
function templateYear(c: Context): number {
  return Number(c.req.param('year'));
}

/** GET /vorlagen, GET/POST /vorlagen/:year — the ministry edits the year templates (issue 3). */
/**
 * The template pages need two things from modules above templates; the app passes them in, so
 * neither module imports the other in a circle. Where the preview takes its agreement from. The agreements module provides it (it sits above
 * templates, which it renders with); the app wires the two together, so neither imports the other
 * in a circle.
 */
export type PreviewAgreementSource = (
  db: Executor,
  year: number,
  ags: string,
) => Promise<{ agreement: AgreementInterchange; district: District; isSample: boolean; isDemo: boolean }>;

/** The AQB years that exist (budget-years sits above templates: it copies and amends them). */
export type YearSource = (db: Executor) => Promise<number[]>;

export function templateRoutes({ database, findPreviewAgreement, findYears }: RouteDeps & { findPreviewAgreement: PreviewAgreementSource; findYears: YearSource }) {
  const app = new Hono();
  // Year templates are the ministry's: every route needs template.edit.
  const guard = async (c: Context, next: () => Promise<void>) => {
    requirePermission(c, 'template.edit');
    await next();
  };
  app.use('/vorlagen', guard);
  app.use('/vorlagen/*', guard);

  app.get('/vorlagen', async (c) => {
    const years = await findTemplateYears(database.db);
    const summaries = [];
    for (const { year } of years) {
      summaries.push({ year, versions: await findTemplateVersions(database.db, year) });
    }
    const withTemplate = new Set(years.map((y) => y.year));
    const yearsWithoutTemplate = (await findYears(database.db)).filter((y) => !withTemplate.has(y));
    const names = await findUserNames(database.db, summaries.flatMap((y) => y.versions.map((v) => v.createdBy)));
    return renderPage(c, <TemplateListPage years={summaries} yearsWithoutTemplate={yearsWithoutTemplate} names={names} />);
  });

  async function pageProps(c: Context, year: number, current: TemplateVersion): Promise<Omit<TemplateEditPageProps, 'values' | 'errors' | 'previewAgs'>> {
    const districts = await findDistricts(database.db);
    const versions = await findTemplateVersions(database.db, year);
    return {
      year,
      current,
      shape: current.content,
      csrf: csrfToken(c),
      placeholders: listPlaceholders(),
      districts: districts.map((d) => ({ value: d.ags, label: d.officialName })),
      versions,
      names: await findUserNames(database.db, versions.map((v) => v.createdBy)),
    };
  }

  app.get(YEAR, async (c) => {
    const year = templateYear(c);
    const current = await getCurrentTemplate(database.db, year);
    const saved = Number(c.req.query('gespeichert'));
    return renderPage(c, 
      <TemplateEditPage
        {...await pageProps(c, year, current)}
        values={{ ...formValuesFromContent(current.content), [NOTE_FIELD]: '' }}
        errors={{}}
        previewAgs={DEFAULT_PREVIEW_AGS}
        savedVersion={Number.isInteger(saved) && saved > 0 ? saved : undefined}
      />,
    );
  });

  app.post(YEAR, async (c) => {
    const year = templateYear(c);
    const current = await getCurrentTemplate(database.db, year);
    const body = await c.req.parseBody();
    const form: Record<string, string> = {};
    for (const [key, value] of Object.entries(body)) if (typeof value === 'string') form[key] = value;
    const isSave = form.aktion === 'speichern';
    const note = form[NOTE_FIELD] ?? '';
    const agsInput = form[PREVIEW_DISTRICT_FIELD] ?? DEFAULT_PREVIEW_AGS;
    const previewAgs = isAgs(agsInput) ? agsInput : DEFAULT_PREVIEW_AGS;
    const content = contentFromForm(form, current.content);

    let issues: FieldIssue[] = [];
    if (isSave) {
      try {
        const saved = await database.db.transaction((tx) => saveTemplateVersion(tx, year, content, note, requirePermission(c, 'template.edit').userId));
        return c.redirect(`/vorlagen/${year}?gespeichert=${saved.version}`, 303);
      } catch (error) {
        if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
        issues = error.issues;
      }
    }
    const parsed = YearTemplateContentSchema.safeParse(content);
    if (!isSave && !parsed.success) issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));

    let preview: TemplateEditPageProps['preview'];
    if (!isSave && parsed.success) {
      const sample = await findPreviewAgreement(database.db, year, previewAgs);
      preview = {
        html: renderPreviewHtml(parsed.data, sample.agreement, sample.district, 3),
        districtName: sample.district.officialName,
        isSample: sample.isSample,
        isDemo: sample.isDemo,
      };
    }
    return renderPage(c, 
      <TemplateEditPage
        {...await pageProps(c, year, current)}
        values={{ ...form, [NOTE_FIELD]: note }}
        errors={fieldErrorsFromIssues(issues, current.content)}
        previewAgs={previewAgs}
        preview={preview}
      />,
      issues.length > 0 ? 422 : 200,
    );
  });

  app.get(`${YEAR}/vergleich`, async (c) => {
    const year = templateYear(c);
    const version = (name: string) => {
      const value = c.req.query(name);
      if (!value || !/^\d{1,6}$/.test(value)) throw new AppError('NOT_FOUND', 'Bitte wählen Sie zwei Versionen der Vorlage.');
      return Number(value);
    };
    const result = await compareTemplateVersions(database.db, year, version('von'), version('zu'));
    return renderPage(
      c,
      <TemplateComparePage year={year} from={result.from.version} to={result.to.version} diff={result.diff} />,
    );
  });

  app.post(`${YEAR}/wiederherstellen`, async (c) => {
    const year = templateYear(c);
    const { userId } = requirePermission(c, 'template.edit');
    const body = await c.req.parseBody();
    const version = typeof body.version === 'string' && /^\d{1,6}$/.test(body.version) ? Number(body.version) : NaN;
    if (!Number.isSafeInteger(version)) throw new AppError('NOT_FOUND', 'Diese Version der Vorlage gibt es nicht.');
    const saved = await database.db.transaction((tx) => restoreTemplateVersion(tx, year, version, '', userId));
    return c.redirect(`/vorlagen/${year}?gespeichert=${saved.version}`, 303);
  });

  return app;
}
