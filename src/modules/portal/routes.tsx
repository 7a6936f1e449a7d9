import { type Context, Hono } from 'hono';
import { isAgs } from '../../platform/input';
import { getClientAddress } from '../../platform/http/client-address';
import { RateLimiter } from '../../platform/http/rate-limit';
import type { RouteDeps } from '../../platform/http/deps';
import { csrfToken } from '../../platform/http/csrf';
import { AppError, type FieldIssue, isAppError } from '../../platform/errors';
import { composeStoredVersion, findLatestWithdrawal } from '../agreements/service';
import { formatDateTime } from '../../platform/format';
import { type AgreementDocument, compareAgreementContent, diffAgreementSections, documentSections, renderDiffHtml, renderDocx, renderHtml } from '../documents/service';
import { requirePermission } from '../access/middleware';
import type { UserId } from '../access/policy';
import { findUserNames } from '../access/service';
import { FeedbackPage, type FeedbackPageProps } from './views/feedback-page';
import { getMeasureTypeLabels } from '../catalogs/service';
import { findDistricts, getDistrict } from '../districts/service';
import { invalidatePortalCache } from './cache';
import { GOOD_PRACTICE_FIELDS } from './good-practice';
import { agreementsCsvChunks, agreementsJsonChunks, buildCatalog, buildDataDictionary, OPEN_DATA_FIELDS, textStream } from './opendata';
import {
  findKnownYears,
  findPublishedAgreements,
  findPublishedPage,
  findPublishedSummaries,
  getOpenDataLicence,
  getPortalPage,
  getPublicationStamp,
  getPublishedAgreement,
  getPublishedPdf,
  iteratePublished,
  PAGE_SLUGS,
  type PageSlug,
  parseListFilter,
  type PublishedAgreement,
  answerFeedback,
  FEEDBACK_PAGE_SIZE,
  findFeedback,
  type PublishedSummary,
  saveFeedback,
  setOpenDataLicence,
  updatePortalPage,
} from './service';
import type { Executor } from '../../platform/db/client';
import { AgreementPage, DiffPage, WithdrawnPage } from './views/agreement-page';
import { AccessibilityPage, DataDictionaryPage, EasyLanguagePage, EditTextPage, OpenDataPage, TextPage } from './views/info-pages';
import { ListPage } from './views/list-page';
import { StartPage } from './views/start-page';
import { renderPage } from '../../ui/render';

const notFound = (message = 'Diese Seite gibt es im Portal nicht. Bitte prüfen Sie die Adresse.') => new AppError('NOT_FOUND', message);

function parseYear(value: string): number {
  if (!/^\d{4}$/.test(value)) throw notFound('Dieses AQB-Jahr gibt es nicht.');
  return Number(value);
}

function parseAgs(value: string): string {
  if (!isAgs(value)) throw notFound('Diese Gebietskörperschaft ist nicht bekannt.');
  return value;
}

async function requireKnownYear(db: Executor, year: number): Promise<void> {
  if (!(await findKnownYears(db)).includes(year)) throw notFound(`Das AQB-Jahr ${year} gibt es nicht.`);
}

/** The district or a German 404 (the portal speaks of pages, not of master data). */
async function requireDistrict(db: Executor, ags: string) {
  try {
    return await getDistrict(db, ags);
  } catch (error) {
    if (isAppError(error) && error.code === 'UNKNOWN_DISTRICT') throw notFound(`Eine Gebietskörperschaft mit dem Schlüssel ${ags} gibt es nicht.`);
    throw error;
  }
}

/** The published version composed with the template it records: the wording of its frozen PDF. */
async function composePublished(db: Executor, agreement: PublishedAgreement): Promise<AgreementDocument> {
  return (await composeStoredVersion(db, agreement)).document;
}


function fileHeaders(type: string, disposition: 'inline' | 'attachment', filename: string): Record<string, string> {
  return { 'Content-Type': type, 'Content-Disposition': `${disposition}; filename="${filename}"` };
}

function issuesToErrors(issues: FieldIssue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[issue.path] ??= issue.message;
  return errors;
}

/** Administrators only (masterdata.edit); returns the user id for updated_by. */
function requireAdmin(c: Context): UserId {
  return requirePermission(c, 'masterdata.edit').userId;
}

/** The public portal "Arbeitswelt Hessen", open data and the accessibility pages (no login). */
/** Feedback messages per client address within FEEDBACK_WINDOW_MS … */
export const FEEDBACK_PER_ADDRESS = 5;
/** … and from everybody together. */
export const FEEDBACK_IN_TOTAL = 200;
const FEEDBACK_WINDOW_MS = 60 * 60_000;
const FEEDBACK_THROTTLED = 'Von Ihrem Anschluss sind in der letzten Stunde schon viele Rückmeldungen eingegangen. Bitte versuchen Sie es später erneut oder schreiben Sie uns eine E-Mail.';

export function portalRoutes({ database }: RouteDeps) {
  const app = new Hono();
  const feedbackPerAddress = new RateLimiter(FEEDBACK_PER_ADDRESS, FEEDBACK_WINDOW_MS);
  const feedbackInTotal = new RateLimiter(FEEDBACK_IN_TOTAL, FEEDBACK_WINDOW_MS);
  const db = database.db;

  app.get('/portal', async (c) => {
    const all = await findPublishedSummaries(db);
    const byYear = new Map<number, PublishedSummary[]>();
    for (const row of all) byYear.set(row.year, [...(byYear.get(row.year) ?? []), row]);
    const years = [...byYear.keys()].sort((a, b) => b - a);
    const latestYear = years[0] ?? null;
    const totals = years.map((year) => {
      const rows = byYear.get(year) ?? [];
      return { year, count: rows.length, totalCents: rows.reduce((sum, r) => sum + r.amountCents, 0) };
    });
    const latest = latestYear === null ? [] : [...(byYear.get(latestYear) ?? [])].sort((a, b) => a.districtName.localeCompare(b.districtName, 'de'));
    return renderPage(c, <StartPage latestYear={latestYear} latest={latest} totals={totals} />);
  });

  app.get('/portal/zielvereinbarungen', async (c) => {
    const filter = parseListFilter(c.req.query());
    const [{ rows, total }, years, districts] = [await findPublishedAgreements(db, filter), await findKnownYears(db), await findDistricts(db)];
    const labels = years.length ? await getMeasureTypeLabels(db, Math.max(...years)) : [];
    return renderPage(c, <ListPage filter={filter} rows={rows} total={total} years={years} districts={districts} measureTypeLabels={labels} />);
  });

  app.get('/portal/zielvereinbarungen/:year/:ags', async (c) => {
    const year = parseYear(c.req.param('year'));
    const ags = parseAgs(c.req.param('ags'));
    // One query for the page; only when it finds nothing do the checks find the right German 404.
    const page = await findPublishedPage(db, year, ags);
    if (!page) {
      const district = await requireDistrict(db, ags);
      await requireKnownYear(db, year);
      const withdrawal = await findLatestWithdrawal(db, year, ags);
      if (withdrawal) {
        // Gone on purpose (410): visitors and search engines learn that and why, not "never existed".
        return renderPage(c, <WithdrawnPage districtName={district.officialName} year={year} withdrawnOn={formatDateTime(withdrawal.withdrawnAt)} reason={withdrawal.reason} />, 410 as 200);
      }
      await getPublishedAgreement(db, year, ags);
      throw notFound();
    }
    const doc = await composePublished(db, page.agreement);
    return renderPage(c, <AgreementPage agreement={page.agreement} html={renderHtml(doc)} otherYears={page.otherYears} pdfSize={page.pdfSize} />);
  });

  app.get('/portal/zielvereinbarungen/:year/:ags/:file', async (c) => {
    const year = parseYear(c.req.param('year'));
    const ags = parseAgs(c.req.param('ags'));
    const file = c.req.param('file');
    const name = `zielvereinbarung-${year}-${ags}`;
    if (file === 'zielvereinbarung.pdf') {
      const { pdf, sha256 } = await getPublishedPdf(db, year, ags);
      // Exactly the frozen bytes of the publication: the fingerprint on the page must match.
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, { ...fileHeaders('application/pdf', 'attachment', `${name}.pdf`), 'X-Content-SHA256': sha256 });
    }
    if (file === 'zielvereinbarung.docx') {
      const agreement = await getPublishedAgreement(db, year, ags);
      const docx = await renderDocx(await composePublished(db, agreement));
      return c.body(docx as Uint8Array<ArrayBuffer>, 200, fileHeaders('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'attachment', `${name}.docx`));
    }
    if (file === 'zielvereinbarung.json') {
      const agreement = await getPublishedAgreement(db, year, ags);
      return c.body(`${JSON.stringify(agreement.content, null, 2)}\n`, 200, fileHeaders('application/json; charset=utf-8', 'attachment', `${name}.json`));
    }
    throw notFound();
  });

  app.get('/portal/vergleich/:ags/:from/:to', async (c) => {
    const ags = parseAgs(c.req.param('ags'));
    const from = parseYear(c.req.param('from'));
    const to = parseYear(c.req.param('to'));
    const district = await requireDistrict(db, ags);
    const [before, after] = [await getPublishedAgreement(db, from, ags), await getPublishedAgreement(db, to, ags)];
    const diff = diffAgreementSections(documentSections(await composePublished(db, before)), documentSections(await composePublished(db, after)));
    return renderPage(
      c,
      <DiffPage
        districtName={district.officialName}
        ags={ags}
        from={from}
        to={to}
        diffHtml={renderDiffHtml(diff, { headingLevel: 3, idPrefix: 'abschnitt' })}
        isDemo={before.isDemo || after.isDemo}
        comparison={compareAgreementContent(before.content, after.content)}
        measureTypeLabels={await getMeasureTypeLabels(db, to)}
      />,
    );
  });

  // Open data ---------------------------------------------------------------------------------
  app.get('/opendata', async (c) => renderPage(c, <OpenDataPage years={await findKnownYears(db)} licence={await getOpenDataLicence(db)} />));

  const openDataFile = async (c: Context, year: number | undefined, format: string) => {
    if (year !== undefined) await requireKnownYear(db, year);
    const suffix = year === undefined ? '' : `-${year}`;
    // Streamed in batches of agreements: all years together are megabytes, never one string.
    const batches = iteratePublished(db, { year });
    const labels = new Map<number, readonly string[]>();
    const labelsOf = async (y: number) => {
      if (!labels.has(y)) labels.set(y, await getMeasureTypeLabels(db, y));
      return labels.get(y)!;
    };
    if (format === 'json') {
      return c.body(textStream(agreementsJsonChunks(batches, labelsOf)), 200, fileHeaders('application/json; charset=utf-8', 'inline', `aqb-zielvereinbarungen${suffix}.json`));
    }
    return c.body(textStream(agreementsCsvChunks(batches, labelsOf)), 200, fileHeaders('text/csv; charset=utf-8; header=present', 'attachment', `aqb-zielvereinbarungen${suffix}.csv`));
  };
  app.get('/opendata/agreements.json', (c) => openDataFile(c, undefined, 'json'));
  app.get('/opendata/datenbeschreibung', (c) => renderPage(c, <DataDictionaryPage fields={OPEN_DATA_FIELDS} goodPracticeFields={GOOD_PRACTICE_FIELDS} />));
  app.get('/opendata/datenbeschreibung.json', (c) =>
    c.body(`${JSON.stringify(buildDataDictionary(), null, 2)}\n`, 200, fileHeaders('application/json; charset=utf-8', 'inline', 'datenbeschreibung.json')),
  );
  app.get('/opendata/agreements.csv', (c) => openDataFile(c, undefined, 'csv'));
  app.get('/opendata/catalog.jsonld', async (c) => {
    const catalog = buildCatalog({
      baseUrl: new URL(c.req.url).origin,
      years: await findKnownYears(db),
      licence: await getOpenDataLicence(db),
      modified: (await getPublicationStamp(db)).lastModified,
    });
    return c.body(`${JSON.stringify(catalog, null, 2)}\n`, 200, fileHeaders('application/ld+json; charset=utf-8', 'inline', 'catalog.jsonld'));
  });
  app.get('/opendata/:year/:file', async (c) => {
    const year = parseYear(c.req.param('year'));
    const file = c.req.param('file');
    if (file !== 'agreements.json' && file !== 'agreements.csv') throw notFound();
    return openDataFile(c, year, file.endsWith('.json') ? 'json' : 'csv');
  });

  // Accessibility, Leichte Sprache, Impressum, Datenschutz ----------------------------------------
  app.get('/barrierefreiheit', (c) => {
    c.header('Cache-Control', 'private, no-store');
    return renderPage(c, <AccessibilityPage csrf={csrfToken(c)} sent={c.req.query('gesendet') === '1'} />);
  });
  app.post('/barrierefreiheit/rueckmeldung', async (c) => {
    const body = await c.req.parseBody();
    const values = { message: String(body.message ?? ''), contact: String(body.contact ?? ''), pageUrl: String(body.pageUrl ?? '') };
    // Anonymous: limited per client address, and in total so that many addresses cannot flood it either.
    // (In-process requests have no address; a real server always knows the peer.)
    const address = getClientAddress(c);
    if ((address !== null && !feedbackPerAddress.take(address)) || !feedbackInTotal.take('alle')) {
      c.header('Retry-After', String(Math.ceil(feedbackPerAddress.windowMs / 1000)));
      return renderPage(c, <AccessibilityPage csrf={csrfToken(c)} errors={{ message: FEEDBACK_THROTTLED }} values={values} />, 429);
    }
    try {
      await saveFeedback(db, values);
    } catch (error) {
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') {
        return renderPage(c, <AccessibilityPage csrf={csrfToken(c)} errors={issuesToErrors(error.issues)} values={values} />, 422);
      }
      throw error;
    }
    return c.redirect('/barrierefreiheit?gesendet=1#feedback', 303);
  });
  app.get('/leichte-sprache', (c) => renderPage(c, <EasyLanguagePage />));
  app.get('/impressum', async (c) => renderPage(c, <TextPage page={await getPortalPage(db, 'impressum')} />));
  app.get('/datenschutz', async (c) => renderPage(c, <TextPage page={await getPortalPage(db, 'datenschutz')} />));

  // Administration of the editable pages (closed until accounts provide the permission check).
  const slugOf = (value: string): PageSlug => {
    if (!(PAGE_SLUGS as readonly string[]).includes(value)) throw notFound();
    return value as PageSlug;
  };
  app.post('/admin/seiten/opendata-lizenz', async (c) => {
    const userId = requireAdmin(c);
    await setOpenDataLicence(db, (await c.req.parseBody()).licence, userId);
    invalidatePortalCache();
    return c.redirect('/admin/seiten/impressum?gespeichert=1', 303);
  });
  app.get('/admin/seiten/:slug', async (c) => {
    requireAdmin(c);
    const slug = slugOf(c.req.param('slug'));
    const page = await getPortalPage(db, slug);
    return renderPage(c, <EditTextPage slug={slug} csrf={csrfToken(c)} title={page.title} body={page.body} saved={c.req.query('gespeichert') === '1'} licence={await getOpenDataLicence(db)} />);
  });
  app.post('/admin/seiten/:slug', async (c) => {
    const userId = requireAdmin(c);
    const slug = slugOf(c.req.param('slug'));
    const body = await c.req.parseBody();
    const values = { title: String(body.title ?? ''), body: String(body.body ?? '') };
    try {
      await updatePortalPage(db, slug, values, userId);
    } catch (error) {
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') {
        return renderPage(c, <EditTextPage slug={slug} csrf={csrfToken(c)} title={values.title} body={values.body} errors={issuesToErrors(error.issues)} />, 422);
      }
      throw error;
    }
    invalidatePortalCache();
    return c.redirect(`/admin/seiten/${slug}?gespeichert=1`, 303);
  });

  // The accessibility feedback for the staff who act on it (HessBGG) -----------------------------
  async function feedbackPage(c: Context, extra: Partial<FeedbackPageProps> = {}, status = 200) {
    requirePermission(c, 'feedback.manage');
    const page = Math.min(Math.max(Number.parseInt(c.req.query('seite') ?? '1', 10) || 1, 1), 10_000);
    const { rows, total, open } = await findFeedback(db, page);
    const names = await findUserNames(db, rows.map((r) => r.answeredBy));
    c.header('Cache-Control', 'private, no-store');
    return renderPage(c, <FeedbackPage rows={rows} total={total} open={open} page={page} pageSize={FEEDBACK_PAGE_SIZE} csrf={csrfToken(c)} names={names} saved={c.req.query('gespeichert') === '1'} {...extra} />, status);
  }
  app.get('/admin/rueckmeldungen', (c) => feedbackPage(c));
  app.post('/admin/rueckmeldungen/:id{[0-9]{1,9}}', async (c) => {
    const { userId } = requirePermission(c, 'feedback.manage');
    const id = Number(c.req.param('id'));
    const body = await c.req.parseBody();
    const answer = typeof body.answer === 'string' ? body.answer : '';
    try {
      await answerFeedback(db, id, { answer }, userId);
    } catch (error) {
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') return feedbackPage(c, { failed: { id, answer, errors: issuesToErrors(error.issues) } }, 422);
      throw error;
    }
    return c.redirect('/admin/rueckmeldungen?gespeichert=1', 303);
  });

  return app;
}
