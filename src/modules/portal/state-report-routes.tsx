import { Hono } from 'hono';
import { AppError } from '../../platform/errors';
import type { RouteDeps } from '../../platform/http/deps';
import { renderPage } from '../../ui/render';
import { findReleasedContent, findReleasedReport, findReleasedReportYears, REPORT_FORMATS, REPORT_MIME, type ReportFormat, releasedReportFile, reportOpenDataCells, reportOpenDataCsv } from '../state-report/service';
import { StateReportPortalPage, StateReportYearsPage } from './views/state-report-page';

const Y = ':year{[0-9]{4}}';

/**
 * The released Landesbericht on the public portal: the list of years, the report page with the
 * frozen files (byte for byte, SHA-256 shown) and its tables as open data (CSV, JSON) with the
 * report's suppression. Cached like every portal page; a release changes the publication stamp.
 */
export function portalStateReportRoutes({ database }: RouteDeps) {
  const app = new Hono();
  const db = database.db;

  const released = async (year: number) => {
    const report = await findReleasedReport(db, year);
    const content = report ? await findReleasedContent(db, year) : null;
    if (!report || !content) throw new AppError('NOT_FOUND', `Ein veröffentlichter Landesbericht ${year} liegt nicht vor.`);
    return { report, content };
  };

  app.get('/portal/landesbericht', async (c) => renderPage(c, <StateReportYearsPage years={await findReleasedReportYears(db)} />));

  app.get(`/portal/landesbericht/${Y}`, async (c) => {
    const { report, content } = await released(Number(c.req.param('year')));
    return renderPage(c, <StateReportPortalPage report={report} content={content} />);
  });

  app.get(`/portal/landesbericht/${Y}/:file`, async (c) => {
    const year = Number(c.req.param('year'));
    const file = c.req.param('file');
    const match = /^landesbericht\.(pdf|docx|html)$/.exec(file);
    if (!match || !REPORT_FORMATS.includes(match[1] as ReportFormat)) throw new AppError('NOT_FOUND', 'Diese Datei gibt es nicht.');
    const format = match[1] as ReportFormat;
    const { report } = await released(year);
    const bytes = (await releasedReportFile(db, year, format))!;
    const sha = format === 'pdf' ? report.pdfSha256 : format === 'docx' ? report.docxSha256 : report.htmlSha256;
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': REPORT_MIME[format],
      'Content-Disposition': `attachment; filename="landesbericht-${year}-fassung-${report.versionNo}.${format}"`,
      'X-Content-SHA256': sha ?? '',
    });
  });

  app.get(`/opendata/landesbericht/${Y}/:file`, async (c) => {
    const year = Number(c.req.param('year'));
    const file = c.req.param('file');
    if (file !== 'landesbericht.csv' && file !== 'landesbericht.json') throw new AppError('NOT_FOUND', 'Diese Datei gibt es nicht.');
    const { content } = await released(year);
    if (file === 'landesbericht.csv') return c.body(reportOpenDataCsv(content), 200, { 'Content-Type': 'text/csv; charset=utf-8; header=present', 'Content-Disposition': `attachment; filename="landesbericht-${year}.csv"` });
    return c.body(`${JSON.stringify({ year, versionNo: content.versionNo, title: content.title, asOf: content.asOf, cells: reportOpenDataCells(content) }, null, 2)}\n`, 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `inline; filename="landesbericht-${year}.json"`,
    });
  });

  return app;
}
