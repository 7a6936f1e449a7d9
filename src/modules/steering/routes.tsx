import { type Context, Hono } from 'hono';
import { agsParam, formVersion, idParam, yearParam } from '../../platform/http/route-params';
import type { AppDatabase } from '../../platform/db/client';
import { AppError, isAppError } from '../../platform/errors';
import { csrfToken } from '../../platform/http/csrf';
import { isAgs, parseEuro, parseGermanDate } from '../../platform/input';
import type { FieldErrors } from '../../ui/forms';
import { renderPage } from '../../ui/render';
import { requireActor } from '../access/middleware';
import { authorize, can, tenantFilter } from '../access/policy';
import { chooseBudgetYear, getBudgetYear } from '../budget-years/service';
import { findDistricts, getDistrict } from '../districts/service';
import { findProjects } from '../projects/service';
import { assessDeviation, checkDeviation, findDeviations, justifyDeviation, readDeviation, recordDeviation } from './deviations';
import { monitoringApiRoutes } from './monitoring-api';
import { monitoringRoutes } from './monitoring-routes';
import { DEVIATION_ASSESSMENTS, type DeviationAssessment } from './schema';
import { ConfirmAssessmentPage, DeviationListPage, DeviationPage, deviationPath, deviationsPath, RecordDeviationPage, type RecordDeviationValues } from './views/deviation-pages';

const str = (body: Record<string, unknown>, name: string, max: number) => (typeof body[name] === 'string' ? (body[name] as string).slice(0, max) : '');

/** Service field paths → form field names. */
const RECORD_FIELDS: Record<string, string> = { subject: 'gegenstand', projectKey: 'projekt', measureType: 'massnahmenart', amountCents: 'betrag', count: 'anzahl', since: 'seit' };

function fieldErrors(error: AppError, names: Record<string, string>, fallback: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[names[issue.path.split('.')[0] ?? ''] ?? fallback] ??= issue.message;
  if (Object.keys(errors).length === 0) errors[fallback] = error.message;
  return errors;
}

/**
 * The deviation register of § 6 (steering): the Land list for the ministry and RP, one district's
 * list, recording by hand, the district's justification and the ministry's judgement (confirmed).
 */
export function steeringRoutes({ database }: { database: AppDatabase }) {
  const app = new Hono();
  const db = database.db;
  app.route('/', monitoringRoutes({ database }));
  app.route('/', monitoringApiRoutes({ database }));

  async function districtNames(): Promise<Map<string, string>> {
    return new Map((await findDistricts(db)).map((d) => [d.ags, d.officialName]));
  }

  app.get('/abweichungen', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'deviation.read');
    const own = tenantFilter(actor);
    const { years, year } = await chooseBudgetYear(db, c.req.query('jahr'));
    if (year !== null && own !== null) return c.redirect(deviationsPath(year, own), 303);
    const list = year === null ? [] : await findDeviations(db, { year, ags: null });
    return renderPage(c, <DeviationListPage year={year ?? new Date().getFullYear()} years={years} district={null} districtNames={await districtNames()} deviations={list} canRecord={false} />);
  });

  app.get('/abweichungen/:year/:ags', async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    authorize(actor, 'deviation.read', { ags });
    await getBudgetYear(db, year);
    const district = await getDistrict(db, ags);
    const list = await findDeviations(db, { year, ags });
    return renderPage(
      c,
      <DeviationListPage
        year={year}
        years={[year]}
        district={{ ags, name: district.officialName }}
        districtNames={new Map()}
        deviations={list}
        canRecord={can(actor, 'deviation.record', { ags })}
        notice={c.req.query('erfasst') ? 'Die Abweichung wurde erfasst.' : undefined}
      />,
    );
  });

  async function recordPage(c: Context, year: number, ags: string, values: RecordDeviationValues, errors?: FieldErrors, status = 200) {
    const district = await getDistrict(db, ags);
    const projects = (await findProjects(db, year, ags)).map((p) => ({ key: p.key, title: p.title }));
    return renderPage(c, <RecordDeviationPage year={year} district={{ ags, name: district.officialName }} projects={projects} csrf={csrfToken(c)} values={values} errors={errors} />, status as 200);
  }

  app.get('/abweichungen/:year/:ags/neu', async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    authorize(actor, 'deviation.record', { ags });
    await getBudgetYear(db, year);
    return recordPage(c, year, ags, { subject: '', projectKey: '', measureType: '', amount: '', count: '', since: '' });
  });

  app.post('/abweichungen/:year/:ags', async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    authorize(actor, 'deviation.record', { ags });
    await getBudgetYear(db, year);
    const body = await c.req.parseBody();
    const values: RecordDeviationValues = {
      subject: str(body, 'gegenstand', 1000),
      projectKey: str(body, 'projekt', 80),
      measureType: str(body, 'massnahmenart', 4),
      amount: str(body, 'betrag', 40),
      count: str(body, 'anzahl', 20),
      since: str(body, 'seit', 40),
    };
    const errors: FieldErrors = {};
    let amountCents: number | null = null;
    if (values.amount.trim() !== '') {
      const parsed = parseEuro(values.amount);
      if (parsed.ok) amountCents = parsed.cents;
      else errors.betrag = parsed.message;
    }
    let count: number | null = null;
    if (values.count.trim() !== '') {
      if (/^\d{1,7}$/.test(values.count.trim())) count = Number(values.count.trim());
      else errors.anzahl = 'Bitte eine ganze Zahl ohne Vorzeichen angeben, z. B. 4.';
    }
    const measureType = /^[1-4]$/.test(values.measureType) ? Number(values.measureType) : null;
    if (values.measureType !== '' && measureType === null) errors.massnahmenart = 'Bitte eine Maßnahmenart von 1 bis 4 wählen.';
    const since = values.since.trim() === '' ? '' : (parseGermanDate(values.since) ?? 'ungueltig');
    if (since === 'ungueltig') errors.seit = 'Bitte ein gültiges Datum angeben, z. B. 30.9.2025.';
    else if (since === '') errors.seit = 'Bitte geben Sie an, seit wann die Abweichung besteht.';
    const input = { subject: values.subject, projectKey: values.projectKey || null, measureType, amountCents, count, since: since === 'ungueltig' ? '' : since };
    if (Object.keys(errors).length > 0) {
      // Show every problem at once: the fields that did parse are checked too; nothing is stored.
      const { issues } = await checkDeviation(db, year, ags, { ...input, since: input.since || `${year}-01-01`, amountCents: errors.betrag ? 0 : amountCents, count: errors.anzahl ? 0 : count });
      for (const issue of issues) errors[RECORD_FIELDS[issue.path.split('.')[0] ?? ''] ?? 'gegenstand'] ??= issue.message;
      return recordPage(c, year, ags, values, errors, 422);
    }
    try {
      await db.transaction((tx) => recordDeviation(tx, actor, year, ags, input));
    } catch (error) {
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') return recordPage(c, year, ags, values, fieldErrors(error, RECORD_FIELDS, 'gegenstand'), 422);
      throw error;
    }
    return c.redirect(`${deviationsPath(year, ags)}?erfasst=1`, 303);
  });

  async function detailPage(
    c: Context,
    year: number,
    ags: string,
    id: number,
    extra: { justification?: string; assessment?: { value: string; reason: string }; errors?: FieldErrors; notice?: string } = {},
    status = 200,
  ) {
    const actor = requireActor(c);
    authorize(actor, 'deviation.read', { ags });
    const deviation = await readDeviation(db, actor, id);
    if (deviation.year !== year || deviation.ags !== ags) throw new AppError('NOT_FOUND', 'Diese Abweichung gibt es nicht.');
    const district = await getDistrict(db, ags);
    return renderPage(
      c,
      <DeviationPage
        deviation={deviation}
        districtName={district.officialName}
        canJustify={can(actor, 'deviation.justify', { ags, status: deviation.status })}
        canAssess={can(actor, 'deviation.assess', { ags, status: deviation.status })}
        csrf={csrfToken(c)}
        justification={extra.justification ?? deviation.justification}
        assessment={extra.assessment ?? { value: '', reason: '' }}
        errors={extra.errors}
        notice={extra.notice}
      />,
      status as 200,
    );
  }

  const NOTICES: Record<string, string> = { begruendet: 'Die Begründung wurde gespeichert.', bewertet: 'Die Bewertung wurde gespeichert.' };

  app.get('/abweichungen/:year/:ags/:id', (c) =>
    detailPage(c, yearParam(c.req.param('year')), agsParam(c.req.param('ags')), idParam(c.req.param('id')), { notice: NOTICES[c.req.query('gespeichert') ?? ''] }),
  );

  app.post('/abweichungen/:year/:ags/:id/begruenden', async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    const id = idParam(c.req.param('id'));
    authorize(actor, 'deviation.read', { ags });
    const current = await readDeviation(db, actor, id);
    if (current.year !== year || current.ags !== ags) throw new AppError('NOT_FOUND', 'Diese Abweichung gibt es nicht.');
    authorize(actor, 'deviation.justify', { ags, status: current.status });
    const body = await c.req.parseBody();
    const justification = str(body, 'begruendung', 10_000);
    try {
      await db.transaction((tx) => justifyDeviation(tx, actor, id, { version: formVersion(body), justification }));
    } catch (error) {
      if (isAppError(error) && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) {
        const errors = error.code === 'CONFLICT' ? { begruendung: error.message } : fieldErrors(error, { justification: 'begruendung' }, 'begruendung');
        return detailPage(c, year, ags, id, { justification, errors }, error.code === 'CONFLICT' ? 409 : 422);
      }
      throw error;
    }
    return c.redirect(`${deviationPath({ year, ags, id })}?gespeichert=begruendet`, 303);
  });

  app.post('/abweichungen/:year/:ags/:id/bewerten', async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    const id = idParam(c.req.param('id'));
    authorize(actor, 'deviation.read', { ags });
    const current = await readDeviation(db, actor, id);
    if (current.year !== year || current.ags !== ags) throw new AppError('NOT_FOUND', 'Diese Abweichung gibt es nicht.');
    authorize(actor, 'deviation.assess', { ags, status: current.status });
    const body = await c.req.parseBody();
    const assessment = { value: str(body, 'bewertung', 40), reason: str(body, 'grund', 10_000) };
    const version = formVersion(body);
    const errors: FieldErrors = {};
    if (!(DEVIATION_ASSESSMENTS as readonly string[]).includes(assessment.value)) errors.bewertung = 'Bitte wählen Sie „anerkannt“ oder „nicht anerkannt“.';
    if (assessment.reason.trim() === '') errors.grund = 'Bitte geben Sie den Grund der Bewertung an.';
    else if (assessment.reason.length > 5000) errors.grund = 'Höchstens 5000 Zeichen.';
    if (Object.keys(errors).length > 0) return detailPage(c, year, ags, id, { assessment, errors }, 422);
    if (version !== current.version) return detailPage(c, year, ags, id, { assessment, errors: { bewertung: 'Die Abweichung wurde inzwischen geändert. Bitte prüfen Sie den aktuellen Stand.' } }, 409);
    if (body.bestaetigt !== '1') {
      const district = await getDistrict(db, ags);
      return renderPage(c, <ConfirmAssessmentPage deviation={current} districtName={district.officialName} csrf={csrfToken(c)} assessment={assessment.value as DeviationAssessment} reason={assessment.reason} />);
    }
    try {
      await db.transaction((tx) => assessDeviation(tx, actor, id, { version, assessment: assessment.value, reason: assessment.reason }));
    } catch (error) {
      if (isAppError(error) && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) {
        return detailPage(c, year, ags, id, { assessment, errors: { bewertung: error.message } }, error.code === 'CONFLICT' ? 409 : 422);
      }
      throw error;
    }
    return c.redirect(`${deviationPath({ year, ags, id })}?gespeichert=bewertet`, 303);
  });

  return app;
}
