import { Hono, type Context } from 'hono';
import { AppError } from '../../platform/errors';
import { csrfToken } from '../../platform/http/csrf';
import { isHttps } from '../../platform/http/security-headers';
import type { RouteDeps } from '../../platform/http/deps';
import { renderPage } from '../../ui/render';
import { requirePermission } from '../access/middleware';
import { can } from '../access/policy';
import { findBudgetYears } from '../budget-years/service';
import { findDistricts } from '../districts/service';
import { berlinToday, findCalendarEntries } from './entries';
import { buildFeed } from './feed';
import { createFeedToken, findFeedTokens, resolveFeedToken, revokeFeedToken } from './feed-tokens';
import { CalendarQuerySchema } from './schema';
import { CalendarPage, type CalendarPageProps, RevokeFeedPage } from './views/calendar-page';

/** Entries per page of /kalender (a year has about 26 × 5). */
export const CALENDAR_PAGE_SIZE = 100;

/** The deadline calendar (/kalender) and the personal iCal feed (/kalender/ical/:token.ics). */
export function calendarRoutes({ database }: RouteDeps) {
  const db = database.db;
  const app = new Hono();
  const noStore = (c: Context) => c.header('Cache-Control', 'private, no-store');
  /** The address as the visitor sees it: https behind a TLS-terminating proxy (as for HSTS). */
  const originOf = (c: Context) => {
    const url = new URL(c.req.url);
    return `${isHttps(c.req.url, c.req.header('x-forwarded-proto')) ? 'https' : url.protocol.slice(0, -1)}://${url.host}`;
  };

  async function pageProps(c: Context, extra: Partial<CalendarPageProps> = {}): Promise<{ props: CalendarPageProps; status: number }> {
    const actor = requirePermission(c, 'calendar.read');
    const parsed = CalendarQuerySchema.safeParse({ jahr: c.req.query('jahr'), gk: c.req.query('gk'), seite: c.req.query('seite') });
    const errors: CalendarPageProps['errors'] = {};
    if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0]) as 'jahr' | 'gk'] ??= issue.message;
    const years = (await findBudgetYears(db)).map((y) => y.year);
    const allDistricts = actor.role === 'district' ? null : (await findDistricts(db)).map((d) => ({ ags: d.ags, name: d.officialName }));
    const hasYearParam = c.req.query('jahr') !== undefined;
    const currentYear = Number(berlinToday().slice(0, 4));
    let year = parsed.success ? parsed.data.jahr : undefined;
    if (!hasYearParam) year = years.includes(currentYear) ? currentYear : years.at(-1);
    if (year !== undefined && !years.includes(year) && !errors.jahr) errors.jahr = `Das AQB-Jahr ${year} ist nicht angelegt.`;
    // Each field on its own: a wrong year must not hide a wrong district.
    let ags = errors.gk ? undefined : c.req.query('gk')?.trim() || undefined;
    if (actor.role === 'district') ags = undefined;
    if (ags !== undefined && allDistricts && !allDistricts.some((d) => d.ags === ags) && !errors.gk) errors.gk = 'Bitte eine Gebietskörperschaft aus der Liste wählen.';
    const hasErrors = Object.keys(errors).length > 0;
    const all = hasErrors ? [] : await findCalendarEntries(db, actor, { ...(year !== undefined ? { year } : {}), ...(ags !== undefined ? { ags } : {}) }, berlinToday());
    const pageCount = Math.max(1, Math.ceil(all.length / CALENDAR_PAGE_SIZE));
    const page = Math.min(parsed.success ? parsed.data.seite : 1, pageCount);
    const canManageFeed = can(actor, 'calendar.manageFeed', { ownerUserId: actor.userId });
    return {
      status: hasErrors ? 422 : 200,
      props: {
        csrf: csrfToken(c),
        entries: all.slice((page - 1) * CALENDAR_PAGE_SIZE, page * CALENDAR_PAGE_SIZE),
        total: all.length,
        page,
        pageCount,
        year: hasErrors ? undefined : year,
        years,
        districts: allDistricts,
        ags,
        errors,
        canManageFeed,
        feeds: canManageFeed ? await findFeedTokens(db, actor) : [],
        ...extra,
      },
    };
  }

  app.get('/kalender', async (c) => {
    noStore(c);
    const notice = c.req.query('widerrufen') !== undefined ? 'Die Kalender-Adresse wurde widerrufen. Sie funktioniert ab sofort nicht mehr.' : undefined;
    const { props, status } = await pageProps(c, notice ? { notice } : {});
    return renderPage(c, <CalendarPage {...props} />, status);
  });

  app.post('/kalender/ical', async (c) => {
    noStore(c);
    // The page shown afterwards is the calendar: a feed without the calendar would make no sense.
    requirePermission(c, 'calendar.read');
    const actor = requirePermission(c, 'calendar.manageFeed');
    const created = await database.db.transaction((tx) => createFeedToken(tx, actor));
    const origin = originOf(c);
    // Shown once, in this response (not after a redirect): the plain token is stored nowhere.
    const { props } = await pageProps(c, { newFeedUrl: `${origin}/kalender/ical/${created.token}.ics` });
    return renderPage(c, <CalendarPage {...props} />, 201);
  });

  app.get('/kalender/ical/:id/widerrufen', async (c) => {
    const actor = requirePermission(c, 'calendar.manageFeed');
    const feed = (await findFeedTokens(db, actor)).find((f) => String(f.id) === c.req.param('id'));
    if (!feed) throw new AppError('NOT_FOUND', 'Diese Kalender-Adresse gibt es nicht oder sie ist schon widerrufen.');
    return renderPage(c, <RevokeFeedPage csrf={csrfToken(c)} feed={feed} />);
  });

  app.post('/kalender/ical/:id/widerrufen', async (c) => {
    const actor = requirePermission(c, 'calendar.manageFeed');
    await database.db.transaction((tx) => revokeFeedToken(tx, actor, c.req.param('id')));
    return c.redirect('/kalender?widerrufen=1#ical', 303);
  });

  // The feed: no session; the secret token in the address is the credential.
  app.get('/kalender/ical/:file', async (c) => {
    const file = c.req.param('file');
    const actor = file.endsWith('.ics') ? await resolveFeedToken(db, file.slice(0, -'.ics'.length)) : null;
    if (!actor) return c.text('Nicht gefunden.', 404, { 'Cache-Control': 'no-store' });
    const body = await buildFeed(db, actor, originOf(c), berlinToday());
    return c.body(body, 200, { 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, no-store', 'Content-Disposition': 'inline; filename="aqb-fristen.ics"' });
  });

  return app;
}
