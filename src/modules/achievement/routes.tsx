import { type Context, Hono } from 'hono';
import type { AppDatabase } from '../../platform/db/client';
import { AppError, isAppError } from '../../platform/errors';
import { formatEuroNumber } from '../../platform/format';
import { csrfToken } from '../../platform/http/csrf';
import { agsParam, formVersion, yearParam } from '../../platform/http/route-params';
import { writeCsv } from '../../platform/input';
import type { FieldErrors } from '../../ui/forms';
import { Page } from '../../ui/layout';
import { renderPage } from '../../ui/render';
import { requireActor } from '../access/middleware';
import { authorize, can, tenantFilter } from '../access/policy';
import { chooseBudgetYear, getBudgetYear } from '../budget-years/service';
import { getDistrict } from '../districts/service';
import { type DistrictAchievement, findAchievements, findDistrictAchievements, getAchievementRules, judgeAchievement, saveAchievementRules } from './achievements';
import { type AchievementRow, COMBINATIONS, FIGURE_FIELDS, FIGURES, type Judgement, JUDGEMENT_LABELS, JUDGEMENTS } from './schema';
import { AchievementDistrictPage, AchievementLandPage, achievementPath, ConfirmJudgementPage, type JudgeValues, RulesPage, rulesToValues, type RulesValues } from './views/achievement-pages';

const str = (body: Record<string, unknown>, name: string, max: number) => (typeof body[name] === 'string' ? (body[name] as string).slice(0, max) : '');

/** Rules service paths ("money.achievedPercent") → form field names ("mittel-erreicht"). */
function rulesField(path: string): string {
  const [figure, key] = path.split('.');
  if (figure === 'combination') return 'kombination';
  const prefix = FIGURE_FIELDS[figure as keyof typeof FIGURE_FIELDS];
  if (!prefix) return 'kombination';
  return `${prefix}-${key === 'partlyPercent' ? 'teilweise' : key === 'weight' ? 'gewicht' : 'erreicht'}`;
}

/** One CSV line per district and Maßnahmenart (and the district total), the numbers as the page shows them. */
export function achievementCsv(rows: AchievementRow[]): string {
  const head = ['AGS', 'Gebietskörperschaft', 'Maßnahmenart'];
  for (const f of FIGURES) head.push(`${FIGURE_FIELDS[f]} geplant`, `${FIGURE_FIELDS[f]} anerkannt abgezogen`, `${FIGURE_FIELDS[f]} erreicht`, `${FIGURE_FIELDS[f]} Anteil (%)`);
  head.push('Vorschlag', 'Beurteilung HMSI', 'Grund');
  const amount = (f: string, v: number | null) => (v === null ? '' : f === 'money' ? formatEuroNumber(v) : String(v));
  const lines = rows.map((r) => {
    const cells = [r.ags, r.districtName, r.measureType === null ? 'insgesamt' : String(r.measureType)];
    for (const f of FIGURES) cells.push(amount(f, r[f].planned), amount(f, r[f].recognised), amount(f, r[f].achieved), r[f].percent === null ? '' : String(r[f].percent));
    cells.push(r.proposed ? JUDGEMENT_LABELS[r.proposed] : '', r.final ? JUDGEMENT_LABELS[r.final] : '', r.reason ?? '');
    return cells;
  });
  return writeCsv([head, ...lines]);
}

/**
 * Zielerreichung (§ 6): the Land list (ministry, RP), a district's figures and judgement (the
 * district reads its own), the CSV, the year's rules and the ministry's judgement after a
 * confirmation page.
 */
export function achievementRoutes({ database }: { database: AppDatabase }) {
  const app = new Hono();
  const db = database.db;

  app.get('/zielerreichung', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'achievement.read');
    const { year } = await chooseBudgetYear(db, c.req.query('jahr'));
    if (year === null) {
      return renderPage(
        c,
        <Page title="Zielerreichung" currentPath="/zielerreichung">
          <h1 class="kern-heading-large">Zielerreichung</h1>
          <p class="kern-body">Es ist noch kein AQB-Jahr angelegt.</p>
        </Page>,
      );
    }
    const own = tenantFilter(actor);
    return c.redirect(own === null ? achievementPath(year) : achievementPath(year, own), 303);
  });

  app.get('/zielerreichung/:year', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'achievement.read');
    const year = yearParam(c.req.param('year'));
    await getBudgetYear(db, year);
    const own = tenantFilter(actor);
    if (own !== null) return c.redirect(achievementPath(year, own), 303);
    const { years } = await chooseBudgetYear(db, year);
    return renderPage(
      c,
      <AchievementLandPage year={year} years={years} districts={await findDistrictAchievements(db, year)} rules={await getAchievementRules(db, year)} canEditRules={can(actor, 'achievement.rules')} />,
    );
  });

  app.get('/zielerreichung/:year/export.csv', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'achievement.read');
    const year = yearParam(c.req.param('year'));
    await getBudgetYear(db, year);
    const own = tenantFilter(actor);
    const rows = await findAchievements(db, year, own ?? undefined);
    return c.body(new TextEncoder().encode(achievementCsv(rows)) as unknown as ArrayBuffer, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="zielerreichung-${year}${own ? `-${own}` : ''}.csv"`,
      'Cache-Control': 'no-store',
    });
  });

  async function rulesPage(c: Context, year: number, values?: RulesValues, errors?: FieldErrors, status = 200, notice?: string) {
    const actor = requireActor(c);
    const rules = await getAchievementRules(db, year);
    return renderPage(
      c,
      <RulesPage year={year} rules={rules} canEdit={can(actor, 'achievement.rules')} csrf={csrfToken(c)} values={values ?? rulesToValues(rules.rules)} errors={errors} notice={notice} />,
      status as 200,
    );
  }

  app.get('/zielerreichung/:year/regeln', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'achievement.read');
    const year = yearParam(c.req.param('year'));
    await getBudgetYear(db, year);
    return rulesPage(c, year, undefined, undefined, 200, c.req.query('gespeichert') ? 'Die Regeln wurden gespeichert.' : undefined);
  });

  app.post('/zielerreichung/:year/regeln', async (c) => {
    const actor = requireActor(c);
    authorize(actor, 'achievement.rules');
    const year = yearParam(c.req.param('year'));
    await getBudgetYear(db, year);
    const body = await c.req.parseBody();
    const values: RulesValues = { kombination: str(body, 'kombination', 40) };
    const errors: FieldErrors = {};
    const rules: Record<string, unknown> = { combination: values.kombination };
    for (const f of FIGURES) {
      const p = FIGURE_FIELDS[f];
      const figure: Record<string, number> = {};
      for (const [suffix, key] of [['erreicht', 'achievedPercent'], ['teilweise', 'partlyPercent'], ['gewicht', 'weight']] as const) {
        const name = `${p}-${suffix}`;
        values[name] = str(body, name, 20);
        const text = values[name]!.trim().replace(/\s*%$/, '');
        if (/^\d{1,3}$/.test(text)) figure[key] = Number(text);
        else errors[name] = 'Bitte eine ganze Zahl ohne Vorzeichen angeben, z. B. 80.';
      }
      rules[f] = figure;
    }
    if (!(COMBINATIONS as readonly string[]).includes(values.kombination!)) errors.kombination = 'Bitte wählen Sie, wie die Kennzahlen zusammengeführt werden.';
    if (Object.keys(errors).length > 0) return rulesPage(c, year, values, errors, 422);
    try {
      await db.transaction((tx) => saveAchievementRules(tx, actor, year, { version: formVersion(body, 0), rules }));
    } catch (error) {
      if (isAppError(error) && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) {
        for (const issue of error.issues) errors[rulesField(issue.path.replace(/^rules\./, ''))] ??= issue.message;
        if (Object.keys(errors).length === 0) errors.kombination = error.message;
        return rulesPage(c, year, values, errors, error.code === 'CONFLICT' ? 409 : 422);
      }
      throw error;
    }
    return c.redirect(`${achievementPath(year)}/regeln?gespeichert=1`, 303);
  });

  async function districtOf(year: number, ags: string): Promise<DistrictAchievement> {
    await getBudgetYear(db, year);
    await getDistrict(db, ags);
    return (await findDistrictAchievements(db, year, ags))[0]!;
  }

  async function districtPage(c: Context, year: number, ags: string, extra: { values?: JudgeValues; errors?: FieldErrors; notice?: string } = {}, status = 200) {
    const actor = requireActor(c);
    const district = await districtOf(year, ags);
    return renderPage(
      c,
      <AchievementDistrictPage
        year={year}
        district={district}
        rules={await getAchievementRules(db, year)}
        canJudge={can(actor, 'achievement.judge', { ags })}
        csrf={csrfToken(c)}
        values={extra.values}
        errors={extra.errors}
        notice={extra.notice}
      />,
      status as 200,
    );
  }

  app.get('/zielerreichung/:year/:ags', async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    authorize(actor, 'achievement.read', { ags });
    return districtPage(c, year, ags, { notice: c.req.query('gespeichert') ? 'Die Beurteilung wurde gespeichert.' : undefined });
  });

  app.post('/zielerreichung/:year/:ags/beurteilung', async (c) => {
    const actor = requireActor(c);
    const year = yearParam(c.req.param('year'));
    const ags = agsParam(c.req.param('ags'));
    authorize(actor, 'achievement.read', { ags });
    authorize(actor, 'achievement.judge', { ags });
    const body = await c.req.parseBody();
    const values: JudgeValues = { judgement: str(body, 'beurteilung', 40), reason: str(body, 'grund', 10_000) };
    const version = formVersion(body, 0);
    const district = await districtOf(year, ags);
    const errors: FieldErrors = {};
    if (!(JUDGEMENTS as readonly string[]).includes(values.judgement)) errors.beurteilung = 'Bitte wählen Sie „erreicht“, „teilweise erreicht“ oder „nicht erreicht“.';
    const reason = values.reason.trim();
    if (reason.length > 5000) errors.grund = 'Höchstens 5000 Zeichen.';
    else if (district.finalJudgement && (reason === '' || reason === district.finalJudgement.reason.trim())) errors.grund = 'Bitte begründen Sie die Korrektur (ein neuer Grund, nicht der bisherige).';
    else if (!errors.beurteilung && values.judgement !== district.total.proposed && reason === '') errors.grund = 'Die Beurteilung weicht vom Vorschlag ab: Bitte geben Sie den Grund an.';
    if (Object.keys(errors).length > 0) return districtPage(c, year, ags, { values, errors }, 422);
    if (version !== (district.finalJudgement?.version ?? 0)) {
      return districtPage(c, year, ags, { values, errors: { beurteilung: 'Die Zielerreichung wurde inzwischen beurteilt oder geändert. Bitte prüfen Sie den aktuellen Stand.' } }, 409);
    }
    if (body.bestaetigt !== '1') {
      return renderPage(c, <ConfirmJudgementPage year={year} district={district} csrf={csrfToken(c)} judgement={values.judgement as Judgement} reason={reason} version={version} />);
    }
    try {
      await db.transaction((tx) => judgeAchievement(tx, actor, year, ags, { version, judgement: values.judgement, reason }));
    } catch (error) {
      if (isAppError(error) && (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT')) {
        return districtPage(c, year, ags, { values, errors: { [error.issues[0]?.path === 'reason' ? 'grund' : 'beurteilung']: error.issues[0]?.message ?? error.message } }, error.code === 'CONFLICT' ? 409 : 422);
      }
      throw error;
    }
    return c.redirect(`${achievementPath(year, ags)}?gespeichert=1`, 303);
  });

  return app;
}
