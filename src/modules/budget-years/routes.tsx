import { Hono } from 'hono';
import { cleanParam, isAgs, parseEuro, writeCsv } from '../../platform/input';
import { writeXlsxTable } from '../../platform/xlsx';
import type { Context } from 'hono';
import { AppError, isAppError } from '../../platform/errors';
import { formatDate, formatEuro, formatEuroNumber } from '../../platform/format';
import { csrfToken } from '../../platform/http/csrf';
import type { RouteDeps } from '../../platform/http/deps';
import type { Executor } from '../../platform/db/client';
import type { FieldErrors } from '../../ui/forms';
import { requireActor, requirePermission } from '../access/middleware';
import { authorize, can, type UserId } from '../access/policy';
import { getActor } from '../access/context';
import { findUserNames } from '../access/service';
import {
  buildLettersZip,
  buildPreviewLetter,
  compareScenarios,
  findChangeLetters,
  getChangeLetterFile,
  getPreviewScenario,
  renderLetterDocx,
  renderLetterPdf,
  comparisonExport,
  deleteScenario,
  renameScenario,
  findAllocationMap,
  findAllocationsForYear,
  findLetters,
  findRevisions,
  findScenarios,
  fixScenario,
  getLetterFile,
  getScenario,
  isAllocationFixed,
  previewRevision,
  reviseAllocation,
  runKeyScenario,
  saveScenario,
  sumScenarioComparison,
} from './service';
import { loadSonderstatusstaedte } from '../districts/service';
import { findDistricts } from '../districts/service';
import { addSubBudget, createBudgetYear, findBudgetYears, findSubBudgets, getBudgetYear, removeSubBudget, setLandesbudget, updateSubBudget } from './service';
import { ComparisonPage, ConfirmPage, KeyScenarioPage, ManualScenarioPage, ScenarioRenamePage, SubBudgetEditPage, YearListPage, type YearPageProps, YearPage } from './views/year-pages';
import { renderPage } from '../../ui/render';
import { LetterPreviewPage } from './views/letter-preview';

const NOTICES: Record<string, string> = {
  angelegt: 'Das AQB-Jahr wurde angelegt.',
  landesbudget: 'Das Landesbudget wurde gespeichert.',
  teilbudget: 'Das Teilbudget wurde hinzugefügt.',
  'teilbudget-geloescht': 'Das Teilbudget wurde gelöscht.',
  'teilbudget-geaendert': 'Das Teilbudget wurde geändert.',
  'szenario-umbenannt': 'Das Szenario wurde umbenannt.',
  'szenario-geloescht': 'Das Szenario wurde gelöscht.',
  szenario: 'Das Szenario wurde gespeichert.',
  festgelegt: 'Die Zuweisung wurde festgelegt; die Mittelankündigungen sind erzeugt.',
  revision: 'Die Änderung der Zuweisung wurde gespeichert; das Schreiben „Änderung der Mittelankündigung“ ist erzeugt.',
};

const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/** Who did it, for the who/when columns: the signed-in user's id (authorisation ran before). */
function actorOf(c: Context): UserId {
  return requirePermission(c, 'allocation.edit').userId;
}

function parseYear(text: string): number {
  if (!/^\d{4}$/.test(text)) throw new AppError('NOT_FOUND', 'Dieses AQB-Jahr gibt es nicht.');
  return Number(text);
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A scenario id from the path; anything else is an unknown scenario. */
function scenarioId(value: string | undefined): number {
  if (!value || !/^\d{1,9}$/.test(value)) throw new AppError('NOT_FOUND', 'Dieses Szenario gibt es nicht.');
  return Number(value);
}

function str(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

/** Field errors from an AppError's issues; rethrows anything that is not a user error. */
function fieldErrors(error: unknown, fallbackField: string): FieldErrors {
  if (!isAppError(error) || (error.code !== 'VALIDATION_FAILED' && error.code !== 'CONFLICT')) throw error;
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[issue.path || fallbackField] ??= issue.message;
  if (Object.keys(errors).length === 0) errors[fallbackField] = error.message;
  return errors;
}

const CONTENT_TYPES = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } as const;

/** "pdf" or "docx" from the path; any other value is a page that does not exist. */
function letterFormat(value: string | undefined): 'pdf' | 'docx' {
  if (value !== 'pdf' && value !== 'docx') throw new AppError('NOT_FOUND', 'Dieses Format gibt es nicht.');
  return value;
}

function download(c: Context, bytes: Uint8Array, fileName: string, contentType: string, disposition: 'attachment' | 'inline' = 'attachment') {
  return c.body(bytes as unknown as ArrayBuffer, 200, {
    'Content-Type': contentType,
    'Content-Disposition': `${disposition}; filename="${fileName}"`,
    'Cache-Control': 'no-store',
  });
}

/**
 * A year's target-achievement judgement per AGS, shown beside the allocation comparison of the next
 * year. Passed in by the app (achievement sits above budget-years, docs/decisions/0029); it informs,
 * it changes no amount.
 */
export type PreviousJudgements = (db: Executor, year: number) => Promise<Map<string, { judgement: string | null; isFinal: boolean; href: string }>>;

/** AQB years: Landesbudget, Teilbudgets, scenarios, fixing, letters, revisions (issue 7). */
export function budgetYearRoutes({ database, previousJudgements }: RouteDeps & { previousJudgements?: PreviousJudgements }) {
  const app = new Hono();
  const db = database.db;

  // Every page shows all 26 districts' money: ministry and Regierungspräsidien read, only HMSI changes.
  const guard = async (c: Context, next: () => Promise<void>) => {
    requirePermission(c, c.req.method === 'GET' ? 'allocation.read' : 'allocation.edit');
    await next();
  };
  app.use('/jahre', guard);
  app.use('/jahre/*', guard);

  // One district's letter, for whoever may read it: the ministry and RP every one, a district its own (others: 404).
  app.get('/mittelankuendigungen/:year/:ags/:format', async (c) => {
    const actor = requireActor(c);
    const ags = c.req.param('ags');
    if (!isAgs(ags)) throw new AppError('NOT_FOUND', 'Diese Mittelankündigung gibt es nicht.');
    authorize(actor, 'letter.read', { ags });
    const format = c.req.param('format');
    if (format !== 'pdf' && format !== 'docx') throw new AppError('NOT_FOUND', 'Dieses Format gibt es nicht.');
    const file = await getLetterFile(db, parseYear(c.req.param('year')), ags, format);
    return download(c, file.bytes, file.fileName, format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });

  // The district's changes of its Mittelankündigung (one per revision), for the same readers as the letter.
  app.get('/mittelankuendigungen/:year/:ags/aenderungen/:number/:format', async (c) => {
    const actor = requireActor(c);
    const ags = c.req.param('ags');
    if (!isAgs(ags)) throw new AppError('NOT_FOUND', 'Diese Änderung der Mittelankündigung gibt es nicht.');
    authorize(actor, 'letter.read', { ags });
    const format = letterFormat(c.req.param('format'));
    const number = c.req.param('number');
    if (!/^[1-9]\d{0,3}$/.test(number)) throw new AppError('NOT_FOUND', 'Diese Änderung der Mittelankündigung gibt es nicht.');
    const file = await getChangeLetterFile(db, parseYear(c.req.param('year')), ags, Number(number), format);
    return download(c, file.bytes, file.fileName, CONTENT_TYPES[format]);
  });

  async function renderYears(c: Context, values = { year: '', landesbudget: '' }, errors: FieldErrors = {}, status: 200 | 422 = 200) {
    const years = await findBudgetYears(db);
    const rows = [];
    for (const y of years) {
      rows.push({ year: y.year, landesbudgetCents: y.landesbudgetCents, copiedFromYear: y.copiedFromYear, isFixed: await isAllocationFixed(db, y.year), scenarioCount: (await findScenarios(db, y.year)).length });
    }
    const next = years.length > 0 ? String(years[years.length - 1]!.year + 1) : String(new Date().getFullYear() + 1);
    return renderPage(c, <YearListPage years={rows} csrf={csrfToken(c)} canEdit={can(getActor(c), 'allocation.edit')} values={{ ...values, year: values.year || next }} errors={errors} />, status);
  }

  app.get('/jahre', (c) => renderYears(c));

  app.post('/jahre', async (c) => {
    const body = await c.req.parseBody();
    const values = { year: str(body, 'year').trim(), landesbudget: str(body, 'landesbudget').trim() };
    const errors: FieldErrors = {};
    if (!/^\d{4}$/.test(values.year)) errors.year = 'Bitte geben Sie das Jahr vierstellig an, zum Beispiel 2026.';
    let landesbudgetCents: number | null = null;
    if (values.landesbudget !== '') {
      const parsed = parseEuro(values.landesbudget);
      if (parsed.ok) landesbudgetCents = parsed.cents;
      else errors.landesbudget = parsed.message;
    }
    if (Object.keys(errors).length > 0) return renderYears(c, values, errors, 422);
    try {
      await db.transaction((tx) => createBudgetYear(tx, { year: Number(values.year), actor: actorOf(c), landesbudgetCents }));
    } catch (error) {
      return renderYears(c, values, fieldErrors(error, 'year'), 422);
    }
    return c.redirect(`/jahre/${values.year}?hinweis=angelegt`, 303);
  });

  async function renderYear(c: Context, year: number, forms: Partial<YearPageProps['forms']> = {}, status: 200 | 422 = 200) {
    const row = await getBudgetYear(db, year);
    const notice = NOTICES[c.req.query('hinweis') ?? ''];
    const scenarios = await findScenarios(db, year);
    const revisions = await findRevisions(db, year);
    const props: YearPageProps = {
      year,
      landesbudgetCents: row.landesbudgetCents,
      copiedFromYear: row.copiedFromYear,
      subBudgets: await findSubBudgets(db, year),
      scenarios,
      districts: await findDistricts(db),
      allocations: await findAllocationMap(db, year),
      hasDemoAllocations: (await findAllocationsForYear(db, year)).some((a) => a.isDemo),
      revisions,
      userNames: await findUserNames(db, [...scenarios.map((s) => s.createdBy), ...revisions.map((r) => r.createdBy)]),
      letters: await findLetters(db, year),
      changeLetters: await findChangeLetters(db, year),
      csrf: csrfToken(c),
      canEdit: can(getActor(c), 'allocation.edit'),
      notice: status === 200 ? notice : undefined,
      forms: {
        landesbudget: forms.landesbudget ?? { value: row.landesbudgetCents === null ? '' : formatEuroNumber(row.landesbudgetCents), errors: {} },
        subBudget: forms.subBudget ?? { values: { name: '', amount: '', paragraphText: '' }, errors: {} },
        revision: forms.revision ?? { values: { ags: '', amount: '', reason: '', decidedOn: today() }, errors: {} },
      },
    };
    return renderPage(c, <YearPage {...props} />, status);
  }

  app.get('/jahre/:year', (c) => renderYear(c, parseYear(c.req.param('year'))));

  app.post('/jahre/:year/landesbudget', async (c) => {
    const year = parseYear(c.req.param('year'));
    const value = str(await c.req.parseBody(), 'landesbudget');
    const parsed = parseEuro(value);
    if (!parsed.ok) return renderYear(c, year, { landesbudget: { value, errors: { landesbudget: parsed.message } } }, 422);
    await db.transaction((tx) => setLandesbudget(tx, { year, landesbudgetCents: parsed.cents, actor: actorOf(c) }));
    return c.redirect(`/jahre/${year}?hinweis=landesbudget#landesbudget`, 303);
  });

  app.post('/jahre/:year/teilbudgets', async (c) => {
    const year = parseYear(c.req.param('year'));
    const body = await c.req.parseBody();
    const values = { name: str(body, 'name').trim(), amount: str(body, 'amount'), paragraphText: str(body, 'paragraphText').trim() };
    const errors: FieldErrors = {};
    if (values.name === '') errors.name = 'Bitte geben Sie eine Bezeichnung an.';
    const amount = parseEuro(values.amount);
    if (!amount.ok) errors.amount = amount.message;
    if (Object.keys(errors).length === 0 && amount.ok) {
      try {
        await db.transaction((tx) => addSubBudget(tx, { year, name: values.name, amountCents: amount.cents, paragraphText: values.paragraphText, actor: actorOf(c) }));
        return c.redirect(`/jahre/${year}?hinweis=teilbudget#teilbudgets`, 303);
      } catch (error) {
        Object.assign(errors, fieldErrors(error, 'name'));
      }
    }
    return renderYear(c, year, { subBudget: { values, errors } }, 422);
  });

  app.get('/jahre/:year/teilbudgets/:id/loeschen', async (c) => {
    const year = parseYear(c.req.param('year'));
    const part = (await findSubBudgets(db, year)).find((p) => String(p.id) === c.req.param('id'));
    if (!part) throw new AppError('NOT_FOUND', 'Dieses Teilbudget gibt es nicht.');
    return renderPage(c, 
      <ConfirmPage title="Teilbudget löschen" year={year} action={`/jahre/${year}/teilbudgets/${part.id}/loeschen`} csrf={csrfToken(c)} button="Teilbudget endgültig löschen">
        <p class="kern-body">Möchten Sie das Teilbudget „{part.name}“ des AQB-Jahres {year} wirklich löschen?</p>
      </ConfirmPage>,
    );
  });

  app.post('/jahre/:year/teilbudgets/:id/loeschen', async (c) => {
    const year = parseYear(c.req.param('year'));
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id)) throw new AppError('NOT_FOUND', 'Dieses Teilbudget gibt es nicht.');
    await db.transaction((tx) => removeSubBudget(tx, year, id, actorOf(c)));
    return c.redirect(`/jahre/${year}?hinweis=teilbudget-geloescht#teilbudgets`, 303);
  });

  async function subBudgetOf(year: number, id: string | undefined) {
    const part = (await findSubBudgets(db, year)).find((p) => String(p.id) === id);
    if (!part) throw new AppError('NOT_FOUND', 'Dieses Teilbudget gibt es nicht.');
    return part;
  }

  async function renderSubBudgetEdit(c: Context, year: number, id: number, values: { name: string; amount: string; paragraphText: string }, errors: FieldErrors = {}, status: 200 | 409 | 422 = 200) {
    return renderPage(c, <SubBudgetEditPage year={year} id={id} csrf={csrfToken(c)} values={values} errors={errors} fixed={await isAllocationFixed(db, year)} />, status);
  }

  app.get('/jahre/:year/teilbudgets/:id/bearbeiten', async (c) => {
    const year = parseYear(c.req.param('year'));
    const part = await subBudgetOf(year, c.req.param('id'));
    return renderSubBudgetEdit(c, year, part.id, { name: part.name, amount: formatEuroNumber(part.amountCents), paragraphText: part.paragraphText });
  });

  app.post('/jahre/:year/teilbudgets/:id/bearbeiten', async (c) => {
    const year = parseYear(c.req.param('year'));
    const part = await subBudgetOf(year, c.req.param('id'));
    const body = await c.req.parseBody();
    const values = { name: str(body, 'name').trim(), amount: str(body, 'amount'), paragraphText: str(body, 'paragraphText').trim() };
    const errors: FieldErrors = {};
    const amount = parseEuro(values.amount);
    if (!amount.ok) errors.amount = amount.message;
    if (amount.ok) {
      try {
        await db.transaction((tx) => updateSubBudget(tx, { year, id: part.id, name: values.name, amountCents: amount.cents, paragraphText: values.paragraphText, actor: actorOf(c) }));
        return c.redirect(`/jahre/${year}?hinweis=teilbudget-geaendert#teilbudgets`, 303);
      } catch (error) {
        Object.assign(errors, fieldErrors(error, 'name'));
      }
    }
    return renderSubBudgetEdit(c, year, part.id, values, errors, 422);
  });

  // --- Scenarios -----------------------------------------------------------------------------

  app.get('/jahre/:year/szenarien/schluessel', async (c) => {
    const year = parseYear(c.req.param('year'));
    const row = await getBudgetYear(db, year);
    const budget = row.landesbudgetCents === null ? '' : formatEuroNumber(row.landesbudgetCents);
    return renderPage(c, <KeyScenarioPage year={year} csrf={csrfToken(c)} values={{ name: '', budget, indicators: '', weights: '', floor: '', round: '10' }} errors={{}} lineErrors={[]} />);
  });

  app.post('/jahre/:year/szenarien/schluessel', async (c) => {
    const year = parseYear(c.req.param('year'));
    await getBudgetYear(db, year);
    const body = await c.req.parseBody();
    const values = { name: str(body, 'name').trim(), budget: str(body, 'budget'), indicators: str(body, 'indicators'), weights: str(body, 'weights'), floor: str(body, 'floor'), round: str(body, 'round').trim() || '10' };
    const errors: FieldErrors = {};
    let lineErrors: string[] = [];
    if (values.name === '') errors.name = 'Bitte geben Sie dem Szenario einen Namen.';
    const budget = parseEuro(values.budget);
    if (!budget.ok) errors.budget = budget.message;
    let floorCents: number | undefined;
    if (values.floor.trim() !== '') {
      const floor = parseEuro(values.floor);
      if (floor.ok) floorCents = floor.cents;
      else errors.floor = floor.message;
    }
    if (!/^[1-9]\d{0,6}$/.test(values.round)) errors.round = 'Bitte geben Sie eine ganze Zahl von Euro ab 1 an, zum Beispiel 10.';
    const file = body.key;
    let csvText = values.indicators;
    if (file instanceof File && file.size > 0) {
      if (file.size > MAX_UPLOAD_BYTES) errors.key = 'Die Datei ist größer als 2 MB.';
      else csvText = new TextDecoder('utf-8').decode(await file.arrayBuffer());
    }
    if (!errors.key && csvText.trim() === '') errors.key = 'Bitte wählen Sie eine CSV-Datei oder geben Sie die Indikatoren ein.';
    if (Object.keys(errors).length === 0 && budget.ok) {
      const districts = await findDistricts(db);
      const result = runKeyScenario({ budgetCents: budget.cents, csvText, weightsText: values.weights, floorCents, roundToCents: Number(values.round) * 100 }, districts, loadSonderstatusstaedte());
      if (result.ok) {
        try {
          await db.transaction((tx) =>
            saveScenario(tx, { year, name: values.name, method: 'schluessel', budgetCents: budget.cents, allocations: result.allocations, indicators: result.indicators, weights: result.weights, floorCents: floorCents ?? null, roundToCents: result.roundToCents, actor: actorOf(c) }),
          );
          return c.redirect(`/jahre/${year}?hinweis=szenario#szenarien`, 303);
        } catch (error) {
          Object.assign(errors, fieldErrors(error, 'name'));
        }
      } else {
        for (const e of result.errors) errors[e.field] ??= e.field === 'key' ? `${result.errors.filter((x) => x.field === 'key').length} Fehler in den Indikatoren, siehe Liste oben.` : e.message;
        lineErrors = result.errors.filter((e) => e.field === 'key').map((e) => (e.line > 0 ? `Zeile ${e.line}: ${e.message}` : e.message));
      }
    }
    return renderPage(c, <KeyScenarioPage year={year} csrf={csrfToken(c)} values={values} errors={errors} lineErrors={lineErrors} />, 422);
  });

  /** The manual form with the running total of the values shown (every path: first view, "Summe berechnen", errors). */
  async function renderManual(c: Context, year: number, values: Record<string, string>, errors: FieldErrors, status: 200 | 422) {
    const districts = await findDistricts(db);
    const { landesbudgetCents } = await getBudgetYear(db, year);
    let sumCents = 0;
    let invalid = 0;
    for (const d of districts) {
      const parsed = parseEuro(values[`betrag_${d.ags}`] ?? '');
      if (parsed.ok) sumCents += parsed.cents;
      else invalid += 1;
    }
    return renderPage(c, <ManualScenarioPage year={year} csrf={csrfToken(c)} districts={districts} values={values} errors={errors} landesbudgetCents={landesbudgetCents} total={{ sumCents, invalid }} />, status);
  }

  app.get('/jahre/:year/szenarien/manuell', async (c) => {
    const year = parseYear(c.req.param('year'));
    await getBudgetYear(db, year);
    const districts = await findDistricts(db);
    const last = await findAllocationMap(db, year - 1);
    const values: Record<string, string> = { name: '' };
    for (const d of districts) {
      const cents = last.get(d.ags);
      values[`betrag_${d.ags}`] = cents === undefined ? '' : formatEuroNumber(cents);
    }
    return renderManual(c, year, values, {}, 200);
  });

  app.post('/jahre/:year/szenarien/manuell', async (c) => {
    const year = parseYear(c.req.param('year'));
    await getBudgetYear(db, year);
    const districts = await findDistricts(db);
    const body = await c.req.parseBody();
    const values: Record<string, string> = { name: str(body, 'name').trim() };
    const errors: FieldErrors = {};
    if (values.name === '') errors.name = 'Bitte geben Sie dem Szenario einen Namen.';
    const allocations: { ags: string; amountCents: number }[] = [];
    for (const d of districts) {
      const field = `betrag_${d.ags}`;
      values[field] = str(body, field);
      const parsed = parseEuro(values[field]!);
      if (parsed.ok) allocations.push({ ags: d.ags, amountCents: parsed.cents });
      else errors[field] = parsed.message;
    }
    // "Summe berechnen" (the path without JavaScript): show the total, save nothing.
    if (str(body, 'aktion') === 'rechnen') {
      if (values.name === '') delete errors.name;
      return renderManual(c, year, values, errors, Object.keys(errors).length > 0 ? 422 : 200);
    }
    if (Object.keys(errors).length === 0) {
      try {
        const budgetCents = allocations.reduce((s, a) => s + a.amountCents, 0);
        await db.transaction((tx) => saveScenario(tx, { year, name: values.name!, method: 'manuell', budgetCents, allocations, actor: actorOf(c) }));
        return c.redirect(`/jahre/${year}?hinweis=szenario#szenarien`, 303);
      } catch (error) {
        Object.assign(errors, fieldErrors(error, 'name'));
      }
    }
    return renderManual(c, year, values, errors, 422);
  });

  /** The chosen scenarios (query `szenario`, repeatable) compared against last year's allocation. */
  async function comparisonOf(c: Context, year: number) {
    await getBudgetYear(db, year);
    const ids = new Set(c.req.queries('szenario') ?? []);
    const scenarios = (await findScenarios(db, year)).filter((s) => ids.has(String(s.id)));
    if (scenarios.length === 0) {
      throw new AppError('VALIDATION_FAILED', 'Bitte wählen Sie mindestens ein Szenario zum Vergleichen aus.', { issues: [{ path: 'szenario', message: 'Kein Szenario ausgewählt.' }] });
    }
    const rows = compareScenarios(await findAllocationMap(db, year - 1), scenarios.map((s) => ({ name: s.name, allocations: s.allocations })));
    return { rows, total: sumScenarioComparison(rows), names: scenarios.map((s) => s.name), ids: scenarios.map((s) => s.id) };
  }

  app.get('/jahre/:year/vergleich', async (c) => {
    const year = parseYear(c.req.param('year'));
    const comparison = await comparisonOf(c, year);
    const query = comparison.ids.map((id) => `szenario=${id}`).join('&');
    const judgements = previousJudgements ? await previousJudgements(db, year - 1) : undefined;
    return renderPage(c, <ComparisonPage year={year} districts={await findDistricts(db)} rows={comparison.rows} total={comparison.total} names={comparison.names} exportQuery={query} judgements={judgements} />);
  });

  // The comparison as a file: the same rows, the sums last (CSV) or as the table's sums row (XLSX).
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/jahre/:year/vergleich.${format}`, async (c) => {
      const year = parseYear(c.req.param('year'));
      const comparison = await comparisonOf(c, year);
      const names = new Map((await findDistricts(db)).map((d) => [d.ags, d.officialName]));
      const table = comparisonExport(comparison.rows, comparison.total, comparison.names, (ags) => names.get(ags) ?? ags, year);
      const fileName = `szenarienvergleich-${year}.${format}`;
      if (format === 'csv') {
        const cell = (value: string | number | null, index: number) =>
          value === null ? '' : typeof value === 'string' ? value : table.kinds[index] === 'percent' ? value.toFixed(2).replace('.', ',') : formatEuroNumber(value);
        const lines = [table.headers, ...[...table.rows, table.totals].map((row) => row.map(cell))];
        return download(c, new TextEncoder().encode(writeCsv(lines)), fileName, 'text/csv; charset=utf-8');
      }
      const bytes = await writeXlsxTable({
        sheetName: `Vergleich ${year}`,
        tableName: 'Szenarienvergleich',
        totalsLabel: 'Summe',
        columns: table.headers.map((header, index) => ({ header, kind: table.kinds[index]!, sum: table.kinds[index] === 'euro', width: index === 1 ? 34 : undefined })),
        rows: table.rows,
      });
      return download(c, bytes, fileName, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    });
  }

  // Correcting scenarios that are not fixed: rename, delete after confirmation.
  async function renderRename(c: Context, year: number, id: number, value?: string, error?: string) {
    const scenario = await getScenario(db, year, id);
    return renderPage(c, <ScenarioRenamePage year={year} id={id} csrf={csrfToken(c)} currentName={scenario.name} value={value ?? scenario.name} error={error} fixed={scenario.fixedAt !== null} />, error ? 422 : 200);
  }

  app.get('/jahre/:year/szenarien/:id/umbenennen', (c) => renderRename(c, parseYear(c.req.param('year')), scenarioId(c.req.param('id'))));

  app.post('/jahre/:year/szenarien/:id/umbenennen', async (c) => {
    const year = parseYear(c.req.param('year'));
    const id = scenarioId(c.req.param('id'));
    const name = str(await c.req.parseBody(), 'name');
    try {
      await db.transaction((tx) => renameScenario(tx, { year, id, name, actor: actorOf(c) }));
    } catch (error) {
      return renderRename(c, year, id, name.slice(0, 200), fieldErrors(error, 'name').name);
    }
    return c.redirect(`/jahre/${year}?hinweis=szenario-umbenannt#szenarien`, 303);
  });

  app.get('/jahre/:year/szenarien/:id/loeschen', async (c) => {
    const year = parseYear(c.req.param('year'));
    const scenario = await getScenario(db, year, scenarioId(c.req.param('id')));
    if (scenario.fixedAt) throw new AppError('CONFLICT', `Das Szenario „${scenario.name}“ ist als Zuweisung festgelegt und kann nicht mehr gelöscht werden.`);
    return renderPage(
      c,
      <ConfirmPage title={`Szenario „${scenario.name}“ löschen`} year={year} action={`/jahre/${year}/szenarien/${scenario.id}/loeschen`} csrf={csrfToken(c)} button="Szenario endgültig löschen">
        <p class="kern-body">
          Das Szenario mit seinen 26 Beträgen (zusammen {formatEuro(scenario.sumCents)}) wird gelöscht. Das Protokoll behält die Beträge; die Zuweisung des Jahres ändert sich nicht.
        </p>
      </ConfirmPage>,
    );
  });

  app.post('/jahre/:year/szenarien/:id/loeschen', async (c) => {
    const year = parseYear(c.req.param('year'));
    const id = scenarioId(c.req.param('id'));
    await db.transaction((tx) => deleteScenario(tx, { year, id, actor: actorOf(c) }));
    return c.redirect(`/jahre/${year}?hinweis=szenario-geloescht#szenarien`, 303);
  });

  async function renderFixConfirm(c: Context, year: number, id: number, announcedOn: string, error?: string) {
    const scenario = await getScenario(db, year, id);
    const row = await getBudgetYear(db, year);
    const difference = row.landesbudgetCents === null ? null : scenario.sumCents - row.landesbudgetCents;
    return renderPage(c, 
      <ConfirmPage title={`Szenario „${scenario.name}“ festlegen`} year={year} action={`/jahre/${year}/szenarien/${id}/festlegen`} csrf={csrfToken(c)} button="Verbindlich festlegen und Schreiben erzeugen" dateField={{ value: announcedOn, error }}>
        <p class="kern-body">
          Die 26 Beträge dieses Szenarios (zusammen {formatEuro(scenario.sumCents)}) werden die Zuweisung für {year}. Danach sind Änderungen nur noch als Revision mit Begründung möglich.
        </p>
        {difference !== null && difference !== 0 ? <p class="kern-body"><strong>Achtung:</strong> Die Summe weicht um {formatEuro(Math.abs(difference))} vom Landesbudget ({formatEuro(row.landesbudgetCents!)}) ab.</p> : null}
        <p class="kern-body">Für jede Gebietskörperschaft wird eine Mittelankündigung (PDF und Word) mit dem unten angegebenen Datum erzeugt.</p>
        <p class="kern-body">
          <a class="kern-link" href={`/jahre/${year}/szenarien/${id}/vorschau`}>
            Vorschau eines Schreibens aus diesem Szenario ansehen
          </a>
        </p>
      </ConfirmPage>,
      error ? 422 : 200,
    );
  }

  app.get('/jahre/:year/szenarien/:id/festlegen', (c) => renderFixConfirm(c, parseYear(c.req.param('year')), Number(c.req.param('id')), today()));

  app.post('/jahre/:year/szenarien/:id/festlegen', async (c) => {
    const year = parseYear(c.req.param('year'));
    const id = Number(c.req.param('id'));
    const announcedOn = str(await c.req.parseBody(), 'announcedOn');
    try {
      await fixScenario(database, { year, scenarioId: id, announcedOn, actor: actorOf(c) });
    } catch (error) {
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') return renderFixConfirm(c, year, id, announcedOn, error.issues[0]?.message ?? error.message);
      throw error;
    }
    return c.redirect(`/jahre/${year}?hinweis=festgelegt#zuweisung`, 303);
  });

  // --- Letters and revisions -----------------------------------------------------------------

  // Preview of one district's letter from a scenario before the year is fixed (not stored).
  app.get('/jahre/:year/szenarien/:id/vorschau', async (c) => {
    const year = parseYear(c.req.param('year'));
    const scenario = await getPreviewScenario(db, year, scenarioId(c.req.param('id')));
    const values = { ags: cleanParam(c.req.query('ags'), 5) ?? '', datum: cleanParam(c.req.query('datum'), 10) ?? today() };
    const districts = await findDistricts(db);
    if (values.ags === '') return renderPage(c, <LetterPreviewPage year={year} scenario={scenario} districts={districts} values={values} errors={{}} />);
    try {
      const letter = await buildPreviewLetter(db, scenario, values.ags, values.datum);
      return renderPage(c, <LetterPreviewPage year={year} scenario={scenario} districts={districts} values={values} errors={{}} letter={letter} />);
    } catch (error) {
      return renderPage(c, <LetterPreviewPage year={year} scenario={scenario} districts={districts} values={values} errors={fieldErrors(error, 'ags')} />, 422);
    }
  });

  app.get('/jahre/:year/szenarien/:id/vorschau/:ags/:format', async (c) => {
    const year = parseYear(c.req.param('year'));
    const format = letterFormat(c.req.param('format'));
    const scenario = await getPreviewScenario(db, year, scenarioId(c.req.param('id')));
    const ags = c.req.param('ags');
    if (!scenario.allocations.some((a) => a.ags === ags)) throw new AppError('NOT_FOUND', 'Diese Gebietskörperschaft ist nicht im Szenario.');
    const letter = await buildPreviewLetter(db, scenario, ags, cleanParam(c.req.query('datum'), 10) ?? today());
    const bytes = format === 'pdf' ? await renderLetterPdf(letter) : await renderLetterDocx(letter);
    return download(c, bytes, `${letter.fileStem}.${format}`, CONTENT_TYPES[format], format === 'pdf' ? 'inline' : 'attachment');
  });

  app.get('/jahre/:year/mittelankuendigungen.zip', async (c) => {
    const zip = await buildLettersZip(db, parseYear(c.req.param('year')));
    return download(c, zip.bytes, zip.fileName, 'application/zip');
  });

  app.get('/jahre/:year/schreiben/:ags/:format', async (c) => {
    const format = c.req.param('format');
    if (format !== 'pdf' && format !== 'docx') throw new AppError('NOT_FOUND', 'Dieses Format gibt es nicht.');
    const file = await getLetterFile(db, parseYear(c.req.param('year')), c.req.param('ags'), format);
    const type = format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    return download(c, file.bytes, file.fileName, type);
  });

  // A revision is confirmed before it is saved: old → new, the new sum against the Landesbudget.
  app.post('/jahre/:year/revisionen', async (c) => {
    const year = parseYear(c.req.param('year'));
    const body = await c.req.parseBody();
    const values = { ags: str(body, 'ags'), amount: str(body, 'amount'), reason: str(body, 'reason'), decidedOn: str(body, 'decidedOn') };
    const confirmed = str(body, 'bestaetigt') === '1';
    const errors: FieldErrors = {};
    if (!isAgs(values.ags)) errors.ags = 'Bitte wählen Sie eine Gebietskörperschaft.';
    const amount = parseEuro(values.amount);
    if (!amount.ok) errors.amount = amount.message;
    if (Object.keys(errors).length === 0 && amount.ok) {
      const input = { year, ags: values.ags, toCents: amount.cents, reason: values.reason, decidedOn: values.decidedOn, actor: actorOf(c) };
      try {
        if (!confirmed) {
          const preview = await previewRevision(db, input);
          const district = (await findDistricts(db)).find((d) => d.ags === values.ags);
          return renderPage(
            c,
            <ConfirmPage title="Änderung der Zuweisung bestätigen" year={year} action={`/jahre/${year}/revisionen`} csrf={csrfToken(c)} button="Änderung speichern" hidden={{ ...values, bestaetigt: '1' }}>
              <dl class="agreement-facts">
                <dt>Gebietskörperschaft</dt>
                <dd>{district?.officialName ?? values.ags}</dd>
                <dt>Zuweisung</dt>
                <dd>
                  {formatEuro(preview.fromCents)} → {formatEuro(preview.toCents)} ({preview.toCents > preview.fromCents ? 'Aufstockung' : 'Kürzung'} um {formatEuro(Math.abs(preview.toCents - preview.fromCents))})
                </dd>
                <dt>Summe aller Zuweisungen {year}</dt>
                <dd>
                  {formatEuro(preview.newSumCents)}
                  {preview.landesbudgetCents !== null ? <> von {formatEuro(preview.landesbudgetCents)} Landesbudget (frei: {formatEuro(preview.landesbudgetCents - preview.newSumCents)})</> : null}
                </dd>
                <dt>Entschieden am</dt>
                <dd>{formatDate(values.decidedOn)}</dd>
                <dt>Begründung</dt>
                <dd>{values.reason}</dd>
              </dl>
              <p class="kern-body">Die Änderung wird mit Begründung protokolliert. § 4 der Zielvereinbarung muss danach an die neue Zuweisung angepasst werden.</p>
            </ConfirmPage>,
          );
        }
        await db.transaction((tx) => reviseAllocation(tx, input));
        return c.redirect(`/jahre/${year}?hinweis=revision#revisionen`, 303);
      } catch (error) {
        if (isAppError(error) && error.code === 'NOT_FOUND') errors.ags = error.message;
        else Object.assign(errors, fieldErrors(error, 'amount'));
      }
    }
    return renderYear(c, year, { revision: { values, errors } }, 422);
  });

  return app;
}
