import { type Context, Hono } from 'hono';
import type { AppDatabase } from '../../platform/db/client';
import { AppError, isAppError } from '../../platform/errors';
import { csrfToken } from '../../platform/http/csrf';
import { agsParam, formVersion, yearParam } from '../../platform/http/route-params';
import { parseGermanDate } from '../../platform/input';
import { writeXlsxTable } from '../../platform/xlsx';
import type { FieldErrors } from '../../ui/forms';
import { renderPage } from '../../ui/render';
import { requireActor } from '../access/middleware';
import { authorize, can, tenantFilter } from '../access/policy';
import { chooseBudgetYear, getBudgetYear } from '../budget-years/service';
import { getDistrict } from '../districts/service';
import { detectDeviations } from './detection';
import { computeLights } from './lights';
import { berlinDate, districtRow, landRow, readMonitoringData, spendByMonth } from './monitoring';
import { monitoringCsv, monitoringXlsxTable } from './monitoring-export';
import { THRESHOLD_FIGURES, type ThresholdFigure, type TrafficLight } from './monitoring-schema';
import { latestSnapshot, recordMonitoringSnapshot } from './snapshots';
import { ensureThresholds, saveThresholds } from './thresholds';
import { DistrictMonitoringPage, LandMonitoringPage, monitoringPath, thresholdField, type ThresholdValues, thresholdValuesOf, ThresholdsPage, thresholdsPath } from './views/monitoring-pages';

const AGS = ':ags{06\\d{3}}';
const str = (body: Record<string, unknown>, name: string, max: number) => (typeof body[name] === 'string' ? (body[name] as string).slice(0, max) : '');

const DETECTED = (r: { created: number; updated: number }) =>
  r.created === 0 && r.updated === 0 ? 'Abweichungen geprüft: keine neue rote Kennzahl.' : `Abweichungen geprüft: ${r.created} neu erfasst, ${r.updated} aktualisiert.`;

/**
 * The monitoring pages of § 6: the Land page (HMSI, RP; a district is sent to its own), one
 * district's page with figures, traffic lights, change since the last snapshot and charts, the
 * year's thresholds (HMSI edits), the snapshot and detection buttons (HMSI) and the CSV/XLSX export.
 */
export function monitoringRoutes({ database }: { database: AppDatabase }) {
  const app = new Hono();
  const db = database.db;

  app.get('/steuerung', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'monitoring.read');
    const own = tenantFilter(actor);
    const { years, year } = await chooseBudgetYear(db, c.req.query('jahr'));
    if (year !== null && own !== null) return c.redirect(monitoringPath(year, own), 303);
    const today = berlinDate();
    if (year === null) return renderPage(c, <LandMonitoringPage year={new Date().getFullYear()} years={years} today={today} rows={[]} land={null} lights={new Map()} canManage={false} csrf={csrfToken(c)} />);
    const { thresholds } = await db.transaction((tx) => ensureThresholds(tx, year));
    const data = await readMonitoringData(db, year, today);
    const rows = data.map(districtRow);
    const paid = thresholds.filter((t) => t.figure === 'ausgezahlt');
    const lights = new Map<string, TrafficLight | undefined>();
    for (const d of data) lights.set(d.ags, (await computeLights(db, d, paid, today))[0]);
    const notice = c.req.query('geprueft') ? decodeNotice(c.req.query('geprueft')!) : undefined;
    return renderPage(c, <LandMonitoringPage year={year} years={years} today={today} rows={rows} land={landRow(year, rows)} lights={lights} canManage={can(actor, 'monitoring.detect')} csrf={csrfToken(c)} notice={notice} />);
  });

  const decodeNotice = (v: string) => {
    const m = /^(\d+)-(\d+)$/.exec(v);
    return m ? DETECTED({ created: Number(m[1]), updated: Number(m[2]) }) : undefined;
  };

  app.get('/steuerung/:year/:file{export\\.(csv|xlsx)}', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'monitoring.read');
    // The Land table is for the ministry and RP (a district reads its own page).
    if (tenantFilter(actor) !== null) throw new AppError('FORBIDDEN', 'Die Landestabelle sehen das HMSI und das Regierungspräsidium Kassel.');
    const year = yearParam(c.req.param('year'));
    await getBudgetYear(db, year);
    const today = berlinDate();
    const rows = (await readMonitoringData(db, year, today)).map(districtRow);
    const monitoring = { year, today, rows, land: landRow(year, rows) };
    if (c.req.param('file').endsWith('.csv')) {
      return c.body(monitoringCsv(monitoring), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="monitoring-${year}.csv"` });
    }
    const bytes = await writeXlsxTable(monitoringXlsxTable(monitoring));
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': `attachment; filename="monitoring-${year}.xlsx"` });
  });

  app.post('/steuerung/:year/pruefen', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'monitoring.detect');
    const year = yearParam(c.req.param('year'));
    await getBudgetYear(db, year);
    const result = await db.transaction((tx) => detectDeviations(tx, actor, { year, today: berlinDate() }));
    return c.redirect(`/steuerung?jahr=${year}&geprueft=${result.created}-${result.updated}`, 303);
  });

  // ── Thresholds ────────────────────────────────────────────────────────────────────────────

  app.get('/steuerung/:year/schwellenwerte', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'monitoring.read');
    const year = yearParam(c.req.param('year'));
    const set = await db.transaction((tx) => ensureThresholds(tx, year));
    return renderPage(
      c,
      <ThresholdsPage year={year} set={set} values={thresholdValuesOf(set)} canEdit={can(actor, 'monitoring.thresholds')} csrf={csrfToken(c)} notice={c.req.query('gespeichert') ? 'Die Schwellenwerte wurden gespeichert.' : undefined} />,
    );
  });

  app.post('/steuerung/:year/schwellenwerte', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'monitoring.thresholds');
    const year = yearParam(c.req.param('year'));
    const set = await db.transaction((tx) => ensureThresholds(tx, year));
    const body = await c.req.parseBody();
    const values = {} as Record<ThresholdFigure, ThresholdValues>;
    const errors: FieldErrors = {};
    const thresholds = THRESHOLD_FIGURES.map((figure) => {
      const v: ThresholdValues = {
        active: body[thresholdField(figure, 'aktiv')] === '1',
        percent: str(body, thresholdField(figure, 'prozent'), 10).trim(),
        asOf: str(body, thresholdField(figure, 'stichtag'), 40).trim(),
        yellowBand: str(body, thresholdField(figure, 'gelb'), 10).trim(),
      };
      values[figure] = v;
      const int = (text: string, field: string, min: number, example: string) => {
        if (!/^\d{1,3}$/.test(text) || Number(text) < min || Number(text) > 100) {
          errors[field] = `Bitte eine ganze Zahl von ${min} bis 100 angeben, z. B. ${example}.`;
          return min;
        }
        return Number(text);
      };
      const percent = int(v.percent, thresholdField(figure, 'prozent'), 1, '40');
      const yellowBand = int(v.yellowBand, thresholdField(figure, 'gelb'), 0, '10');
      const asOf = parseGermanDate(v.asOf);
      if (!asOf) errors[thresholdField(figure, 'stichtag')] = `Bitte ein gültiges Datum angeben, z. B. 30.9.${year}.`;
      return { figure, active: v.active, percent, asOf: asOf ?? `${year}-09-30`, yellowBand };
    });
    const page = (errs: FieldErrors, status: number) => renderPage(c, <ThresholdsPage year={year} set={set} values={values} canEdit csrf={csrfToken(c)} errors={errs} />, status as 200);
    if (Object.keys(errors).length > 0) return page(errors, 422);
    try {
      await db.transaction((tx) => saveThresholds(tx, actor, year, { version: formVersion(body), thresholds }));
    } catch (error) {
      if (isAppError(error) && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) {
        const errs: FieldErrors = {};
        for (const issue of error.issues) {
          const [, index, part] = issue.path.split('.');
          const figure = THRESHOLD_FIGURES[Number(index)];
          if (figure) errs[thresholdField(figure, part === 'asOf' ? 'stichtag' : part === 'yellowBand' ? 'gelb' : 'prozent')] ??= issue.message;
        }
        if (Object.keys(errs).length === 0) errs[thresholdField('ausgezahlt', 'prozent')] = error.message;
        return page(errs, error.code === 'CONFLICT' ? 409 : 422);
      }
      throw error;
    }
    return c.redirect(`${thresholdsPath(year)}?gespeichert=1`, 303);
  });

  // ── One district ────────────────────────────────────────────────────────────────────────────

  async function districtPage(c: Context, year: number, ags: string, extra: { reason?: string; errors?: FieldErrors; notice?: string } = {}, status = 200) {
    const actor = requireActor(c);
    authorize(actor, 'monitoring.read', { ags });
    await getBudgetYear(db, year);
    await getDistrict(db, ags);
    const today = berlinDate();
    const { thresholds } = await db.transaction((tx) => ensureThresholds(tx, year));
    const [data] = await readMonitoringData(db, year, today, ags);
    return renderPage(
      c,
      <DistrictMonitoringPage
        year={year}
        today={today}
        row={districtRow(data!)}
        lights={await computeLights(db, data!, thresholds, today)}
        snapshot={await latestSnapshot(db, year, ags)}
        spend={spendByMonth(data!, today)}
        canManage={can(actor, 'monitoring.snapshot', { ags })}
        csrf={csrfToken(c)}
        reason={extra.reason ?? ''}
        errors={extra.errors}
        notice={extra.notice}
      />,
      status as 200,
    );
  }

  app.get(`/steuerung/:year/${AGS}`, (c) => {
    const q = c.req.query();
    const notice = q.festgehalten ? `Der Stand wurde festgehalten. ${decodeNotice(q.festgehalten) ?? ''}`.trim() : q.geprueft ? decodeNotice(q.geprueft) : undefined;
    return districtPage(c, yearParam(c.req.param('year')), agsParam(c.req.param('ags')), { notice });
  });

  app.post(`/steuerung/:year/${AGS}/stand`, async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    authorize(actor, 'monitoring.read', { ags });
    authorize(actor, 'monitoring.snapshot', { ags });
    await getBudgetYear(db, year);
    const body = await c.req.parseBody();
    const reason = str(body, 'anlass', 400);
    if (reason.trim() === '') return districtPage(c, year, ags, { reason, errors: { anlass: 'Bitte geben Sie einen Anlass an.' } }, 422);
    if (reason.trim().length > 200) return districtPage(c, year, ags, { reason, errors: { anlass: 'Höchstens 200 Zeichen.' } }, 422);
    const { detection } = await db.transaction((tx) => recordMonitoringSnapshot(tx, actor, { year, ags, reason }));
    return c.redirect(`${monitoringPath(year, ags)}?festgehalten=${detection.created}-${detection.updated}`, 303);
  });

  app.post(`/steuerung/:year/${AGS}/pruefen`, async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    authorize(actor, 'monitoring.read', { ags });
    authorize(actor, 'monitoring.detect', { ags });
    await getBudgetYear(db, year);
    await getDistrict(db, ags);
    const result = await db.transaction((tx) => detectDeviations(tx, actor, { year, ags, today: berlinDate() }));
    return c.redirect(`${monitoringPath(year, ags)}?geprueft=${result.created}-${result.updated}`, 303);
  });

  return app;
}
