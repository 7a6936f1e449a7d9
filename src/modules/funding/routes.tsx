import { type Context, Hono } from 'hono';
import { agsParam, formVersion, yearParam } from '../../platform/http/route-params';
import type { AppDatabase } from '../../platform/db/client';
import { DEFAULT_AKTENZEICHEN_PATTERN } from '../../platform/env';
import { AppError, isAppError } from '../../platform/errors';
import { csrfToken } from '../../platform/http/csrf';
import { isAgs, parseGermanDate } from '../../platform/input';
import type { FieldErrors } from '../../ui/forms';
import { renderPage } from '../../ui/render';
import { requireActor } from '../access/middleware';
import { authorize, can, tenantFilter } from '../access/policy';
import { chooseBudgetYear, findAllocationCents, getBudgetYear } from '../budget-years/service';
import { findDistricts, getDistrict } from '../districts/service';
import { antragFromProjects, checkSubmission, findAntragStates, getAntragState, proposeAktenzeichen, receiveAntrag, submitAntrag, withdrawAntrag } from './antrag-record';
import { findStrategies, getStrategyFile, MAX_STRATEGY_BYTES, uploadStrategy } from './strategies';
import { AntragListPage, AntragPage, antragPath, WithdrawAntragPage } from './views/antrag-pages';
import { type ReviewProps } from './views/review-sections';
import { findBescheide } from './bescheid';
import { checklistOf, findNachforderungen } from './review';
import { registerReviewRoutes } from './review-routes';
import { StrategyPage, strategiesPath } from './views/strategy-page';

export interface FundingRouteDeps {
  database: AppDatabase;
  /** AQB_AKTENZEICHEN_MUSTER ({jahr}, {ags}). */
  aktenzeichenPattern?: string;
}

/** Today in Germany (submission dates and the deadline are German calendar days). */
const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());

const str = (body: Record<string, unknown>, name: string, max: number) => (typeof body[name] === 'string' ? (body[name] as string).slice(0, max) : '');

/** The Antrag pages (issue 13): the district prepares and submits, RP records the Eingang; HMSI reads. */
export function fundingRoutes({ database, aktenzeichenPattern = DEFAULT_AKTENZEICHEN_PATTERN }: FundingRouteDeps) {
  const app = new Hono();
  const db = database.db;

  app.get('/antraege', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'antrag.read');
    const { years, year } = await chooseBudgetYear(db, c.req.query('jahr'));
    const states = year === null ? new Map() : await findAntragStates(db, year);
    const own = tenantFilter(actor);
    const rows = await Promise.all(
      (await findDistricts(db)).filter((d) => own === null || d.ags === own).map(async (d) => ({ ags: d.ags, name: d.name, state: states.get(d.ags) ?? (await getAntragState(db, year!, d.ags)) })),
    );
    return renderPage(c, <AntragListPage years={years} year={year} rows={year === null ? [] : rows} />);
  });

  async function antragPage(
    c: Context,
    year: number,
    ags: string,
    extra: { errors?: FieldErrors; error?: string; notice?: string; receiveValues?: { aktenzeichen: string; receivedOn: string }; review?: Pick<ReviewProps, 'values' | 'errors'> } = {},
    status = 200,
  ) {
    const actor = requireActor(c);
    authorize(actor, 'antrag.read', { ags });
    await getBudgetYear(db, year);
    const district = await getDistrict(db, ags);
    const state = await getAntragState(db, year, ags);
    const draft = state.status === 'entwurf';
    const antrag = state.submittedContent ?? (await antragFromProjects(db, year, ags));
    const { review: reviewExtra, ...pageExtra } = extra;
    const bescheide = await findBescheide(db, year, ags);
    const resource = { ags, status: state.status };
    const review: ReviewProps = {
      checklist: await checklistOf(db, state),
      nachforderungen: await findNachforderungen(db, state.id),
      bescheide,
      canExamine: can(actor, 'antrag.examine', resource),
      canRequestDocuments: can(actor, 'antrag.requestDocuments', resource),
      canAnswer: can(actor, 'antrag.answer', resource),
      canResume: can(actor, 'antrag.resume', resource),
      canCreateBescheid: can(actor, 'bescheid.edit', resource) && !bescheide.some((b) => b.status === 'entwurf'),
      ...reviewExtra,
    };
    return renderPage(
      c,
      <AntragPage
        review={review}
        districtName={district.name}
        state={state}
        antrag={antrag}
        allocationCents={(await findAllocationCents(db, ags, year)) ?? null}
        problems={draft ? (await checkSubmission(db, year, ags)).problems : null}
        today={today()}
        csrf={csrfToken(c)}
        canSubmit={can(actor, 'antrag.submit', { ags, status: state.status })}
        canReceive={can(actor, 'antrag.receive', { ags, status: state.status })}
        canWithdraw={can(actor, 'antrag.withdraw', { ags, status: state.status })}
        proposedAktenzeichen={proposeAktenzeichen(aktenzeichenPattern, year, ags)}
        {...pageExtra}
      />,
      status as 200,
    );
  }

  app.get('/antraege/:year/:ags', (c) => {
    const notices: Record<string, string> = {
      eingereicht: 'Der Antrag wurde eingereicht.',
      eingang: 'Der Eingang wurde erfasst; die Prüfung hat begonnen.',
      zurueckgezogen: 'Der Antrag wurde zurückgezogen.',
      geprueft: 'Die Prüfung wurde gespeichert.',
      nachgefordert: 'Die Nachforderung wurde gesendet; die Projekte sind für die Gebietskörperschaft wieder änderbar.',
      beantwortet: 'Ihre Antwort wurde gesendet.',
      fortgesetzt: 'Die Prüfung wird fortgesetzt; die Projekte sind wieder gesperrt.',
    };
    const notice = Object.entries(notices).find(([key]) => c.req.query(key))?.[1];
    return antragPage(c, yearParam(c.req.param('year')), agsParam(c.req.param('ags')), { notice });
  });

  app.get('/antraege/:year/:ags/antrag.json', async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    authorize(actor, 'antrag.read', { ags });
    await getBudgetYear(db, year);
    const state = await getAntragState(db, year, ags);
    const antrag = state.submittedContent ?? (await antragFromProjects(db, year, ags));
    c.header('Content-Disposition', `attachment; filename="antrag-${year}-${ags}.json"`);
    return c.json(antrag);
  });

  /** Runs a step; the refusals a person can act on are shown on the Antrag page. */
  async function step(c: Context, year: number, ags: string, run: () => Promise<unknown>, done: string, values?: { aktenzeichen: string; receivedOn: string }) {
    try {
      await run();
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'VALIDATION_FAILED') {
        const fieldIssues = error.issues.filter((i) => i.path === 'aktenzeichen' || i.path === 'receivedOn');
        if (fieldIssues.length) {
          const errors: FieldErrors = {};
          for (const i of fieldIssues) errors[i.path === 'receivedOn' ? 'eingang' : 'aktenzeichen'] ??= i.message;
          return antragPage(c, year, ags, { errors, receiveValues: values }, 422);
        }
        return antragPage(c, year, ags, { error: error.message }, 422);
      }
      if (error.code === 'CONFLICT' || error.code === 'INVALID_STATE_TRANSITION') return antragPage(c, year, ags, { error: error.message }, 409);
      throw error;
    }
    return c.redirect(`${antragPath(year, ags)}?${done}=1`, 303);
  }

  app.post('/antraege/:year/:ags/einreichen', async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    authorize(actor, 'antrag.submit', { ags });
    await getBudgetYear(db, year);
    const expectedVersion = formVersion(await c.req.parseBody(), 0);
    return step(c, year, ags, () => submitAntrag(database, actor, { year, ags, expectedVersion, today: today() }), 'eingereicht');
  });

  app.post('/antraege/:year/:ags/eingang', async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    authorize(actor, 'antrag.receive', { ags });
    await getBudgetYear(db, year);
    const body = await c.req.parseBody();
    const expectedVersion = formVersion(body, 0);
    const values = { aktenzeichen: str(body, 'aktenzeichen', 200), receivedOn: str(body, 'eingang', 40) };
    const receivedOn = parseGermanDate(values.receivedOn) ?? '';
    return step(c, year, ags, () => receiveAntrag(database, actor, { year, ags, expectedVersion, today: today() }, { aktenzeichen: values.aktenzeichen, receivedOn }), 'eingang', values);
  });

  async function withdrawPage(c: Context, year: number, ags: string, error?: string, status = 200) {
    const actor = requireActor(c);
    authorize(actor, 'antrag.withdraw', { ags });
    await getBudgetYear(db, year);
    const state = await getAntragState(db, year, ags);
    return renderPage(c, <WithdrawAntragPage districtName={(await getDistrict(db, ags)).name} state={state} csrf={csrfToken(c)} error={error} />, status as 200);
  }

  app.get('/antraege/:year/:ags/zurueckziehen', (c) => withdrawPage(c, yearParam(c.req.param('year')), agsParam(c.req.param('ags'))));

  app.post('/antraege/:year/:ags/zurueckziehen', async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    authorize(actor, 'antrag.withdraw', { ags });
    await getBudgetYear(db, year);
    const expectedVersion = formVersion(await c.req.parseBody(), 0);
    try {
      await withdrawAntrag(database, actor, { year, ags, expectedVersion });
    } catch (error) {
      if (isAppError(error) && (error.code === 'CONFLICT' || error.code === 'INVALID_STATE_TRANSITION' || error.code === 'FORBIDDEN')) return withdrawPage(c, year, ags, error.message, error.status);
      throw error;
    }
    return c.redirect(`${antragPath(year, ags)}?zurueckgezogen=1`, 303);
  });

  registerReviewRoutes(app, { database, antragPage: (c, year, ags, extra, status) => antragPage(c, year, ags, extra, status) });

  // ── Strategy documents ──────────────────────────────────────────────────────────────────────
  async function strategyPage(c: Context, ags: string, extra: { values?: { title: string; validFrom: string; validTo: string }; errors?: FieldErrors; notice?: string } = {}, status = 200) {
    const actor = requireActor(c);
    authorize(actor, 'strategy.read', { ags });
    const district = await getDistrict(db, ags);
    return renderPage(
      c,
      <StrategyPage
        ags={ags}
        districtName={district.name}
        strategies={await findStrategies(db, ags)}
        canUpload={can(actor, 'strategy.edit', { ags })}
        csrf={csrfToken(c)}
        values={extra.values ?? { title: '', validFrom: '', validTo: '' }}
        errors={extra.errors}
        notice={extra.notice}
      />,
      status as 200,
    );
  }

  app.get('/strategien/:ags', (c) => strategyPage(c, agsParam(c.req.param('ags')), { notice: c.req.query('hochgeladen') ? 'Die Strategie wurde hochgeladen.' : undefined }));

  app.post('/strategien/:ags', async (c) => {
    const actor = requireActor(c);
    const ags = agsParam(c.req.param('ags'));
    authorize(actor, 'strategy.edit', { ags });
    const body = await c.req.parseBody();
    const values = { title: str(body, 'titel', 600), validFrom: str(body, 'gueltig_von', 40), validTo: str(body, 'gueltig_bis', 40) };
    const upload = body.datei;
    const file = upload instanceof File && upload.size > 0 ? { name: upload.name, bytes: upload.size > MAX_STRATEGY_BYTES ? new Uint8Array(MAX_STRATEGY_BYTES + 1) : new Uint8Array(await upload.arrayBuffer()) } : null;
    try {
      await db.transaction((tx) => uploadStrategy(tx, actor, ags, { title: values.title, validFrom: parseGermanDate(values.validFrom), validTo: parseGermanDate(values.validTo), file }));
    } catch (error) {
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') {
        const names: Record<string, string> = { title: 'titel', validFrom: 'gueltig_von', validTo: 'gueltig_bis', file: 'datei' };
        const errors: FieldErrors = {};
        for (const issue of error.issues) errors[names[issue.path] ?? 'titel'] ??= issue.message;
        return strategyPage(c, ags, { values, errors }, 422);
      }
      throw error;
    }
    return c.redirect(`${strategiesPath(ags)}?hochgeladen=1`, 303);
  });

  app.get('/strategien/:ags/:id/datei', async (c) => {
    const actor = requireActor(c);
    const ags = agsParam(c.req.param('ags'));
    authorize(actor, 'strategy.read', { ags });
    const id = c.req.param('id');
    if (!/^\d{1,9}$/.test(id)) throw new AppError('NOT_FOUND');
    const file = await getStrategyFile(db, ags, Number(id));
    const ascii = file.fileName.replace(/[^A-Za-z0-9._-]/g, '_');
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.mediaType,
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  });

  return app;
}
