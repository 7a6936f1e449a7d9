import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { accessRoutes } from '../modules/access/routes';
import { getActor } from '../modules/access/context';
import { loginRedirectPath, sessionCookieName, sessionMiddleware } from '../modules/access/middleware';
import { auditRoutes } from '../modules/audit/routes';
import { agreementDocumentRoutes } from '../modules/agreements/document-routes';
import { agreementWorkflowRoutes } from '../modules/agreements/routes';
import { agreementPath } from '../modules/agreements/views/agreement-nav';
import { findCurrentAgreementContent, findPreviewAgreement, refreshDraftFromProjects } from '../modules/agreements/service';
import { projectRoutes } from '../modules/projects/routes';
import { fundingRoutes } from '../modules/funding/routes';
import { paymentApiRoutes, paymentRoutes } from '../modules/payments/service';
import { steeringRoutes } from '../modules/steering/routes';
import { achievementApiRoutes, achievementRoutes, findJudgementSummaries } from '../modules/achievement/service';
import { meetingRoutes } from '../modules/meetings/routes';
import { findFollowUpsOpen, meetingApiRoutes, meetingPath } from '../modules/meetings/service';
import { stateReportApiRoutes, stateReportRoutes } from '../modules/state-report/service';
import { findIssuedBescheide, MAX_STRATEGY_BYTES } from '../modules/funding/service';
import { loadShippedDistricts } from '../modules/districts/service';
import { findBudgetYears } from '../modules/budget-years/service';
import { apiRoutes } from '../modules/api/routes';
import { budgetYearRoutes } from '../modules/budget-years/routes';
import { importRoutes, MAX_UPLOAD_BYTES } from '../modules/imports/routes';
import { overviewRoutes } from '../modules/overview/routes';
import { MAX_PARTICIPANT_FILE_BYTES, PARTICIPANT_UPLOAD_PATH, participantRoutes } from '../modules/participants/routes';
import { PORTAL_CACHED_PATHS, portalCache, portalCacheStats } from '../modules/portal/cache';
import { portalRoutes } from '../modules/portal/routes';
import { portalParticipantRoutes } from '../modules/portal/participant-routes';
import { portalStateReportRoutes } from '../modules/portal/state-report-routes';
import { templateRoutes } from '../modules/templates/routes';
import { taskRoutes } from '../modules/tasks/routes';
import { calendarRoutes } from '../modules/calendar/routes';
import { operationsRoutes } from '../modules/operations/routes';
import { notificationRoutes } from '../modules/notifications/routes';
import { surveyRoutes } from '../modules/surveys/routes';
import { surveyApiRoutes } from '../modules/surveys/api-routes';
import { EVENT_MATERIAL_UPLOAD, eventRoutes, MAX_MATERIAL_BYTES } from '../modules/events/routes';
import { eventApiRoutes } from '../modules/events/api-routes';
import { goodPracticeRoutes } from '../modules/good-practice/routes';
import { portalGoodPracticeRoutes } from '../modules/portal/good-practice-routes';
import { letterheadRoutes } from '../modules/letterheads/routes';
import { csrfProtection } from '../platform/http/csrf';
import type { OidcClient } from '../platform/oidc';
import type { AppDatabase } from '../platform/db/client';
import { AppError, describeErrorForLog, ERROR_CODES, isAppError } from '../platform/errors';
import { requestBodyLimit } from '../platform/http/body-limit';
import { clientAddressMiddleware } from '../platform/http/client-address';
import { noStoreFor, securityHeaders } from '../platform/http/security-headers';
import { staticFiles } from '../platform/http/static-files';
import { refuseBrokenUrls } from '../platform/http/url-guard';
import { logger } from '../platform/logger';
import { registerGauge } from '../platform/metrics';
import { metricsEndpoint } from '../platform/http/metrics-endpoint';
import { requestLog } from '../platform/http/request-log';
import { renderPoolStats } from '../platform/documents/render-pool';
import { ErrorPage } from '../ui/error-page';
import { renderPage } from '../ui/render';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const kernDist = resolve(dirname(require.resolve('@kern-ux/native/package.json')), 'dist');

export interface AppOptions {
  database: AppDatabase;
  /** TRUSTED_PROXIES: whose X-Forwarded-For names the client (default: nobody's). */
  trustedProxies?: readonly string[];
  /** Memory budget of the portal page cache in bytes (default 32 MiB; 0: every request renders). */
  portalCacheBytes?: number;
  /** METRICS_TOKEN: bearer token of GET /metrics; without it there is no metrics endpoint. */
  metricsToken?: string;
  /**
   * LISTEN for published changes on PostgreSQL so several processes clear their portal caches at
   * once (the server turns it on; in-process tests keep the plain per-second stamp check).
   */
  listenForPortalChanges?: boolean;
  /** AQB_AKTENZEICHEN_MUSTER: the Aktenzeichen proposed at the Eingang of an Antrag. */
  aktenzeichenPattern?: string;
  /** Sign-in with the state's identity provider (OIDC_ISSUER …); without it only local accounts sign in. */
  oidc?: OidcClient;
  /** SMTP_URL is set (the outbox page says whether mails can leave at all). */
  smtpConfigured?: boolean;
}

function wantsJson(path: string, accept: string | undefined): boolean {
  return path.startsWith('/api/') || (accept?.includes('application/json') === true && !accept.includes('text/html'));
}

/** Composes the web application: middleware, static assets, health checks, module routes, error pages. */
export function createApp({ database, trustedProxies = [], portalCacheBytes, metricsToken, listenForPortalChanges = false, aktenzeichenPattern, oidc, smtpConfigured = false }: AppOptions) {
  const app = new Hono();
  // First: the request id and the one log line per request cover everything below, errors included.
  app.use('*', requestLog());
  // The sign-in and sign-out forms redirect to the identity provider: its origin joins form-action.
  app.use('*', securityHeaders({ formActionOrigins: oidc ? [new URL(oidc.config.issuer).origin] : [] }));
  app.use('*', clientAddressMiddleware(trustedProxies));
  app.use('*', refuseBrokenUrls());
  app.use('/assets/kern/*', staticFiles('/assets/kern/', kernDist));
  app.use('/assets/*', staticFiles('/assets/', resolve(here, 'assets')));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/metrics', metricsEndpoint(metricsToken));
  registerMetricGauges(database);
  app.get('/readyz', async (c) => {
    try {
      await database.ping(2000);
      return c.json({ status: 'bereit' });
    } catch {
      return c.json({ status: 'nicht bereit', message: 'Die Datenbank antwortet nicht.' }, 503);
    }
  });

  // Body size per route, checked while the body streams in, before the CSRF check reads it.
  app.use(
    '*',
    requestBodyLimit([
      { path: '/import', maxBytes: MAX_UPLOAD_BYTES, hint: 'Bitte laden Sie weniger Dateien auf einmal hoch.' },
      // Strategy documents (PDF/DOCX up to 20 MB) of each district; a little room for the form fields.
      ...loadShippedDistricts().map((d) => ({ path: `/strategien/${d.ags}`, maxBytes: MAX_STRATEGY_BYTES + 64 * 1024, hint: 'Das Strategiedokument darf höchstens 20 MB groß sein.' })),
      // The participant file plus the form around it.
      { path: PARTICIPANT_UPLOAD_PATH, maxBytes: MAX_PARTICIPANT_FILE_BYTES + 64 * 1024 },
      // A conference's material or minutes (up to 20 MB) plus the form fields.
      { path: EVENT_MATERIAL_UPLOAD, maxBytes: MAX_MATERIAL_BYTES + 64 * 1024, hint: 'Ein Dokument darf höchstens 20 MB groß sein.' },
    ]),
  );
  // Public portal pages come from an in-process cache before CSRF and session (no cookie, no DB).
  for (const path of PORTAL_CACHED_PATHS) app.use(path, portalCache(database, { maxBytes: portalCacheBytes, listen: listenForPortalChanges }));
  app.use('*', csrfProtection({ sessionCookie: (c) => getCookie(c, sessionCookieName(c)) }));
  const deps = { database };
  // Private answers are never cached (registered before the session middleware, so it also sees
  // the 401/303 of a refused bearer token).
  app.use('*', noStoreFor((c) => c.req.path.startsWith('/api/') || getActor(c) !== null || c.get('session') !== undefined));
  // Who is calling (session cookie or API token) – before every module route.
  app.use('*', sessionMiddleware(deps));
  app.route('/', accessRoutes({ ...deps, oidc }));
  app.route('/', auditRoutes(deps));
  app.route('/', overviewRoutes(deps));
  app.route('/', portalRoutes(deps));
  app.route('/', portalParticipantRoutes(deps));
  app.route('/', portalStateReportRoutes(deps));
  app.route('/', agreementDocumentRoutes({ ...deps, issuedBescheide: findIssuedBescheide, openFollowUps: async (db, year, ags) => ({ href: meetingPath(year, ags), items: await findFollowUpsOpen(db, { year, ags }) }) }));
  app.route('/', agreementWorkflowRoutes(deps));
  app.route('/', apiRoutes(deps));
  app.route('/', templateRoutes({ ...deps, findPreviewAgreement, findYears: async (db) => (await findBudgetYears(db)).map((y) => y.year) }));
  app.route('/', importRoutes(deps));
  // The allocation comparison shows the previous year's target achievement; budget-years sits below achievement (docs/decisions/0029).
  app.route('/', budgetYearRoutes({ ...deps, previousJudgements: findJudgementSummaries }));
  app.route('/', taskRoutes(deps));
  app.route('/', calendarRoutes(deps));
  app.route('/', operationsRoutes(deps));
  app.route('/', letterheadRoutes(deps));
  app.route('/', notificationRoutes({ ...deps, smtpConfigured }));
  app.route(
    '/',
    projectRoutes({
      ...deps,
      // § 5 of a draft follows the project records (docs/decisions/0016); agreements sit above projects.
      afterProjectChange: refreshDraftFromProjects,
      findAgreementHref: async (db, year, ags) => ((await findCurrentAgreementContent(db, ags, year)) ? agreementPath(year, ags) : null),
    }),
  );
  app.route('/', fundingRoutes({ ...deps, aktenzeichenPattern }));
  app.route('/', paymentRoutes(deps));
  app.route('/', paymentApiRoutes(deps));
  app.route('/', participantRoutes(deps));
  app.route('/', steeringRoutes(deps));
  app.route('/', achievementRoutes(deps));
  app.route('/', achievementApiRoutes(deps));
  app.route('/', meetingRoutes(deps));
  app.route('/', meetingApiRoutes(deps));
  app.route('/', stateReportRoutes(deps));
  app.route('/', stateReportApiRoutes(deps));
  app.route('/', surveyRoutes(deps));
  app.route('/', surveyApiRoutes(deps));
  app.route('/', eventRoutes(deps));
  app.route('/', eventApiRoutes(deps));
  app.route('/', goodPracticeRoutes(deps));
  app.route('/', portalGoodPracticeRoutes(deps));

  app.notFound((c) => {
    const message = 'Die angeforderte Seite gibt es nicht. Bitte prüfen Sie die Adresse.';
    if (wantsJson(c.req.path, c.req.header('accept'))) return c.json({ error: { code: 'NOT_FOUND', message } }, 404);
    return renderPage(c, <ErrorPage status={404} title="Seite nicht gefunden" message={message} />, 404);
  });

  app.onError((error, c) => {
    const appError = isAppError(error) ? error : toAppError(error);
    if (appError.status >= 500 && appError.code !== 'DATABASE_UNAVAILABLE') logger.error('request failed', { method: c.req.method, path: c.req.path, code: appError.code, ...describeErrorForLog(error) });
    const status = appError.status as 400;
    if (appError.code === 'UNAUTHENTICATED') {
      if (!wantsJson(c.req.path, c.req.header('accept'))) return c.redirect(loginRedirectPath(c), 303);
      c.header('WWW-Authenticate', 'Bearer realm="AQB-Steuerung"');
    }
    if (wantsJson(c.req.path, c.req.header('accept'))) {
      return c.json({ error: { code: appError.code, message: appError.message, issues: appError.issues } }, status);
    }
    const title = appError.status === 404 ? 'Nicht gefunden' : appError.status === 503 ? 'Vorübergehend nicht verfügbar' : 'Es ist ein Fehler aufgetreten';
    return renderPage(c, <ErrorPage status={appError.status} title={title} message={appError.message} issues={appError.issues} />, status);
  });

  return app;
}

/** What /metrics reads at scrape time: portal cache, render pool, database pool. */
function registerMetricGauges(database: AppDatabase): void {
  registerGauge({
    name: 'aqb_portal_cache_bytes',
    help: 'Bytes held by the public portal page cache (and its budget).',
    read: () => {
      const stats = portalCacheStats();
      return [{ labels: { kind: 'used' }, value: stats.bytes }, { labels: { kind: 'budget' }, value: stats.maxBytes }];
    },
  });
  registerGauge({ name: 'aqb_portal_cache_entries', help: 'Pages in the public portal cache.', read: () => [{ value: portalCacheStats().entries }] });
  registerGauge({ name: 'aqb_portal_change_notifications', help: 'Change notifications received from PostgreSQL (monotonic).', read: () => [{ value: portalCacheStats().notifications }] });
  registerGauge({
    name: 'aqb_portal_cache_lookups',
    help: 'Portal cache hits and misses since the start (monotonic).',
    read: () => {
      const stats = portalCacheStats();
      return [{ labels: { result: 'hit' }, value: stats.hits }, { labels: { result: 'miss' }, value: stats.misses }];
    },
  });
  registerGauge({
    name: 'aqb_render_pool_tasks',
    help: 'Document render pool: workers, busy, queued, completed, failed, timed out.',
    read: () => Object.entries(renderPoolStats()).map(([state, value]) => ({ labels: { state }, value: Number(value) })),
  });
  if (database.poolStats) {
    const stats = database.poolStats;
    registerGauge({
      name: 'aqb_db_pool_clients',
      help: 'PostgreSQL connection pool: total, idle and waiting clients.',
      read: () => Object.entries(stats()).map(([state, value]) => ({ labels: { state }, value })),
    });
  }
}

/** Whether an error (or one it wraps, as Drizzle's "Failed query" does) means the database is unreachable. */
function isConnectionError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const code = (current as { code?: string }).code;
    const message = String((current as Error).message ?? '');
    if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === '57P01' || code === '57P03' || code === 'DATABASE_UNAVAILABLE') return true;
    if (/Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|PGlite is closed/i.test(message)) return true;
  }
  return false;
}

/** Unknown errors become INTERNAL; a lost database connection becomes DATABASE_UNAVAILABLE. */
function toAppError(error: unknown): AppError {
  if (isConnectionError(error)) {
    return new AppError('DATABASE_UNAVAILABLE', 'Die Datenbank ist zurzeit nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut.');
  }
  return new AppError('INTERNAL', `${ERROR_CODES.INTERNAL.message} Bitte versuchen Sie es später erneut.`, { cause: error });
}
