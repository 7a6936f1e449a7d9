import { type Context, Hono } from 'hono';
import { AppError } from '../../platform/errors';
import { isHttps } from '../../platform/http/security-headers';
import type { RouteDeps } from '../../platform/http/deps';
import { renderPage } from '../../ui/render';
import { findBudgetYears } from '../budget-years/service';
import { getMeasureTypeLabels } from '../catalogs/service';
import { findDistricts } from '../districts/service';
import { eventIcal, findPublicEvents, getEvent } from '../events/service';
import { findCatalogueEntries, goodPracticeCsv, goodPracticeJson, parseCatalogueFilter } from './good-practice';
import { CataloguePage, PublicEventsPage } from './views/good-practice-pages';

function originOf(c: Context): string {
  const url = new URL(c.req.url);
  return `${isHttps(c.req.url, c.req.header('x-forwarded-proto')) ? 'https' : url.protocol.slice(0, -1)}://${url.host}`;
}

/**
 * The portal's good-practice catalogue (/portal/gute-praxis) with its open data, and the public
 * conference list (/portal/tagungen). Public: no session needed, nothing personal shown.
 */
export function portalGoodPracticeRoutes({ database }: RouteDeps) {
  const app = new Hono();
  const db = database.db;

  app.get('/portal/gute-praxis', async (c) => {
    const filter = parseCatalogueFilter(c.req.query());
    const years = (await findBudgetYears(db)).map((y) => y.year).sort((a, b) => b - a);
    const labels = await getMeasureTypeLabels(db, filter.jahr ?? years[0] ?? new Date().getFullYear());
    return renderPage(c, <CataloguePage filter={filter} entries={await findCatalogueEntries(db, filter)} years={years} districts={await findDistricts(db)} measureTypeLabels={labels} />);
  });

  app.get('/opendata/gute-praxis.json', async (c) => {
    const body = goodPracticeJson(await findCatalogueEntries(db, {}), originOf(c));
    return c.body(body, 200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': 'inline; filename="gute-praxis.json"' });
  });

  app.get('/opendata/gute-praxis.csv', async (c) => {
    const body = goodPracticeCsv(await findCatalogueEntries(db, {}), originOf(c));
    return c.body(body, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="gute-praxis.csv"' });
  });

  app.get('/portal/tagungen', async (c) => renderPage(c, <PublicEventsPage events={await findPublicEvents(db)} />));

  app.get('/portal/tagungen/:id{[0-9]{1,9}}/tagung.ics', async (c) => {
    const id = c.req.param('id');
    if (!/^\d{1,9}$/.test(id)) throw new AppError('NOT_FOUND');
    const event = await getEvent(db, null, Number(id));
    return c.body(eventIcal(event, originOf(c)), 200, { 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': `attachment; filename="tagung-${event.id}.ics"` });
  });

  return app;
}
