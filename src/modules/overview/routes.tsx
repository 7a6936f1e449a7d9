import { Hono } from 'hono';
import { AppError } from '../../platform/errors';
import type { RouteDeps } from '../../platform/http/deps';
import { AGREEMENT_STATUS_LABELS } from '../agreements/status';
import { buildOverviewCsv, buildOverviewXlsx, type OverviewRow as OverviewExportRow } from './export';
import { getLandesuebersicht, type OverviewYear } from './service';
import { type AgreementLink, OverviewPage } from './views/overview-page';
import { getActor } from '../access/context';
import { can } from '../access/policy';
import { renderPage } from '../../ui/render';

/** GET / — the Landesübersicht. */
export function overviewRoutes({ database }: RouteDeps) {
  const app = new Hono();
  app.get('/', async (c) => {
    const years = await getLandesuebersicht(database.db);
    const actor = getActor(c);
    const linkOf: AgreementLink = (year, row) => {
      if (row.status && can(actor, 'agreement.read', { ags: row.ags })) return `/zielvereinbarungen/${year}/${row.ags}`;
      return row.published ? `/portal/zielvereinbarungen/${year}/${row.ags}` : null;
    };
    return renderPage(c, <OverviewPage years={years} linkOf={linkOf} />);
  });

  // Export of one year's table; same rows and access as the page.
  app.get('/landesuebersicht/:year/:file', async (c) => {
    const file = c.req.param('file');
    const year = (await getLandesuebersicht(database.db)).find((y) => String(y.year) === c.req.param('year'));
    if (!year || (file !== 'export.csv' && file !== 'export.xlsx')) throw new AppError('NOT_FOUND', 'Diese Übersicht gibt es nicht.');
    const rows = toExportRows(year);
    const isCsv = file === 'export.csv';
    const bytes = isCsv ? buildOverviewCsv(rows) : await buildOverviewXlsx(rows);
    return c.body(bytes as unknown as ArrayBuffer, 200, {
      'Content-Type': isCsv ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="landesuebersicht-${year.year}.${isCsv ? 'csv' : 'xlsx'}"`,
      'Cache-Control': 'no-store',
    });
  });
  return app;
}

function toExportRows(year: OverviewYear): OverviewExportRow[] {
  return year.rows.map((row) => ({
    ags: row.ags,
    name: row.name,
    regierungsbezirk: row.regierungsbezirk,
    allocationCents: row.allocationCents ?? 0,
    revisionsCount: row.revisionsCount,
    agreementStatus: row.status ? AGREEMENT_STATUS_LABELS[row.status] : 'Keine Zielvereinbarung',
    agreedCents: row.agreedCents,
    published: row.published,
  }));
}
