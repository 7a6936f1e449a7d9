import { type Context, Hono } from 'hono';
import type { AppDatabase } from '../../platform/db/client';
import { AppError, isAppError } from '../../platform/errors';
import { csrfToken } from '../../platform/http/csrf';
import { formVersion, yearParam } from '../../platform/http/route-params';
import type { FieldErrors } from '../../ui/forms';
import { renderPage } from '../../ui/render';
import { requireActor } from '../access/middleware';
import { authorize, can } from '../access/policy';
import { findBudgetYears, getBudgetYear } from '../budget-years/service';
import { createStateReport, findReleasedReport, findStateReportVersions, readReportContent, releaseStateReport, reportFile, saveStateReportDraft, startStateReportCorrection } from './reports';
import { CHAPTER_KEYS, type ChapterKey, REPORT_FORMATS, REPORT_MIME, type ReportFormat } from './schema';
import { ConfirmReleasePage, FIELD_OF, ReportListPage, ReportPage, reportPath } from './views/report-pages';

const str = (body: Record<string, unknown>, name: string, max: number) => (typeof body[name] === 'string' ? (body[name] as string).slice(0, max) : '');

/** Service field paths (foreword, commentary.<chapter>) → form field names. */
function fieldErrors(error: AppError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const [head, chapter] = issue.path.split('.');
    const name = head === 'commentary' && chapter ? FIELD_OF[chapter as ChapterKey] : FIELD_OF.foreword;
    errors[name ?? FIELD_OF.foreword] ??= issue.message;
  }
  if (Object.keys(errors).length === 0) errors[FIELD_OF.foreword] = error.message;
  return errors;
}

/**
 * The Landesbericht pages: the list per year, a year's report (the ministry edits the draft, RP
 * reads drafts and history, districts read the released version), the release confirmation, the
 * correction and the files.
 */
export function stateReportRoutes({ database }: { database: AppDatabase }) {
  const app = new Hono();
  const db = database.db;

  async function listPage(c: Context, errors?: FieldErrors, status = 200) {
    const actor = requireActor(c);
    authorize(actor, 'stateReport.readReleased');
    const seesDrafts = can(actor, 'stateReport.read');
    const years = (await findBudgetYears(db)).map((y) => y.year).sort((a, b) => b - a);
    const reports: Array<{ year: number; versions: Awaited<ReturnType<typeof findStateReportVersions>> }> = [];
    for (const year of years) {
      const versions = await findStateReportVersions(db, year);
      const visible = seesDrafts ? versions : versions.filter((v) => v.status === 'freigegeben');
      if (visible.length > 0) reports.push({ year, versions: visible });
    }
    const wanted = Number(c.req.query('jahr'));
    const shown = years.includes(wanted) ? reports.filter((r) => r.year === wanted) : reports;
    const creatable = can(actor, 'stateReport.edit') ? years.filter((y) => !reports.some((r) => r.year === y)) : [];
    return renderPage(c, <ReportListPage years={years} year={years.includes(wanted) ? wanted : null} reports={shown} creatable={creatable} csrf={csrfToken(c)} errors={errors} />, status as 200);
  }

  app.get('/landesbericht', (c) => listPage(c));

  app.post('/landesbericht', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'stateReport.edit');
    const body = await c.req.parseBody();
    const year = Number(str(body, 'jahr', 4));
    if (!Number.isInteger(year) || year < 2000) return listPage(c, { jahr: 'Bitte wählen Sie ein AQB-Jahr.' }, 422);
    try {
      await db.transaction((tx) => createStateReport(tx, actor, year));
    } catch (error) {
      if (isAppError(error) && (error.code === 'CONFLICT' || error.code === 'NOT_FOUND')) return listPage(c, { jahr: error.message }, 422);
      throw error;
    }
    return c.redirect(`${reportPath(year)}?angelegt=1`, 303);
  });

  async function reportPage(c: Context, year: number, extra: { values?: { foreword: string; commentary: Record<ChapterKey, string> }; errors?: FieldErrors; notice?: string } = {}, status = 200) {
    const actor = requireActor(c);
    authorize(actor, 'stateReport.readReleased');
    await getBudgetYear(db, year);
    const seesDrafts = can(actor, 'stateReport.read');
    const versions = await findStateReportVersions(db, year);
    const released = await findReleasedReport(db, year);
    if (versions.length === 0 || (!seesDrafts && released === null)) throw new AppError('NOT_FOUND', `Einen Landesbericht ${year} gibt es ${seesDrafts ? 'noch nicht' : 'noch nicht in freigegebener Fassung'}.`);
    const { version, content } = await readReportContent(db, year, seesDrafts ? undefined : released!.versionNo);
    return renderPage(
      c,
      <ReportPage
        year={year}
        versions={seesDrafts ? versions : versions.filter((v) => v.status === 'freigegeben')}
        current={version}
        content={content}
        canEdit={can(actor, 'stateReport.edit')}
        canRelease={can(actor, 'stateReport.release')}
        showHistory={true}
        csrf={csrfToken(c)}
        {...extra}
      />,
      status as 200,
    );
  }

  const NOTICES: Record<string, string> = { angelegt: 'Der Landesbericht wurde angelegt.', gespeichert: 'Der Entwurf wurde gespeichert.', freigegeben: 'Der Landesbericht wurde freigegeben.', korrektur: 'Eine neue Fassung wurde als Entwurf angelegt.' };
  app.get('/landesbericht/:year', (c) => {
    const notice = Object.keys(NOTICES).find((k) => c.req.query(k));
    return reportPage(c, yearParam(c.req.param('year')), { notice: notice ? NOTICES[notice] : undefined });
  });

  app.post('/landesbericht/:year', async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    authorize(actor, 'stateReport.edit');
    const body = await c.req.parseBody();
    const values = { foreword: str(body, FIELD_OF.foreword, 40_000), commentary: Object.fromEntries(CHAPTER_KEYS.map((k) => [k, str(body, FIELD_OF[k], 20_000)])) as Record<ChapterKey, string> };
    try {
      await db.transaction((tx) => saveStateReportDraft(tx, actor, year, { version: formVersion(body), foreword: values.foreword, commentary: values.commentary }));
    } catch (error) {
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') return reportPage(c, year, { values, errors: fieldErrors(error) }, 422);
      if (isAppError(error) && (error.code === 'CONFLICT' || error.code === 'INVALID_STATE_TRANSITION')) return reportPage(c, year, { values, errors: { [FIELD_OF.foreword]: error.message } }, 409);
      throw error;
    }
    return c.redirect(`${reportPath(year)}?gespeichert=1`, 303);
  });

  app.get('/landesbericht/:year/freigeben', async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    authorize(actor, 'stateReport.release');
    const current = (await findStateReportVersions(db, year)).find((v) => v.status === 'entwurf');
    if (!current) throw new AppError('NOT_FOUND', `Der Landesbericht ${year} hat keine Fassung im Entwurf.`);
    return renderPage(c, <ConfirmReleasePage year={year} current={current} csrf={csrfToken(c)} />);
  });

  app.post('/landesbericht/:year/freigeben', async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    authorize(actor, 'stateReport.release');
    const body = await c.req.parseBody();
    try {
      await db.transaction((tx) => releaseStateReport(tx, actor, year, { version: formVersion(body) }));
    } catch (error) {
      if (isAppError(error) && (error.code === 'CONFLICT' || error.code === 'INVALID_STATE_TRANSITION')) return reportPage(c, year, { errors: { [FIELD_OF.foreword]: error.message } }, 409);
      throw error;
    }
    return c.redirect(`${reportPath(year)}?freigegeben=1`, 303);
  });

  app.post('/landesbericht/:year/korrektur', async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    authorize(actor, 'stateReport.edit');
    try {
      await db.transaction((tx) => startStateReportCorrection(tx, actor, year));
    } catch (error) {
      if (isAppError(error) && error.code === 'CONFLICT') return reportPage(c, year, { errors: { [FIELD_OF.foreword]: error.message } }, 409);
      throw error;
    }
    return c.redirect(`${reportPath(year)}?korrektur=1`, 303);
  });

  app.get('/landesbericht/:year/dokument/:format', async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    const format = c.req.param('format') as ReportFormat;
    if (!REPORT_FORMATS.includes(format)) throw new AppError('NOT_FOUND', 'Dieses Format gibt es nicht (pdf, docx, html).');
    authorize(actor, 'stateReport.readReleased');
    const asked = c.req.query('fassung');
    let versionNo = asked !== undefined && /^\d{1,4}$/.test(asked) ? Number(asked) : undefined;
    if (!can(actor, 'stateReport.read')) {
      // Districts: released versions only.
      const versions = (await findStateReportVersions(db, year)).filter((v) => v.status === 'freigegeben');
      if (versions.length === 0) throw new AppError('NOT_FOUND', `Einen freigegebenen Landesbericht ${year} gibt es noch nicht.`);
      versionNo ??= versions.at(-1)!.versionNo;
      if (!versions.some((v) => v.versionNo === versionNo)) throw new AppError('NOT_FOUND', 'Diese Fassung gibt es nicht.');
    }
    const file = await reportFile(db, year, format, versionNo);
    const name = `Landesbericht_${year}_Fassung_${file.versionNo}${file.isDraft ? '_Entwurf' : ''}.${format}`;
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': REPORT_MIME[format], 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'private, no-store' });
  });

  return app;
}
