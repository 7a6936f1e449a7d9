import { type Context, Hono } from 'hono';
import { formVersion } from '../../platform/http/route-params';
import type { AppDatabase } from '../../platform/db/client';
import { AppError, type FieldIssue, isAppError } from '../../platform/errors';
import { csrfToken } from '../../platform/http/csrf';
import { isAgs, parseGermanDate } from '../../platform/input';
import type { FieldErrors } from '../../ui/forms';
import { renderPage } from '../../ui/render';
import { requireActor, requirePermission } from '../access/middleware';
import { type Actor, authorize, can, tenantFilter } from '../access/policy';
import { findDistricts } from '../districts/service';
import { answersFromForm, checkAnswers, describeAnswer, fieldName, formFromAnswers, progressOf, readAnswerForm } from './answers';
import { berlinToday } from './dates';
import { codebookCsv, exportCsv, exportXlsx, type ExportResponse } from './export';
import { interchangeOf } from './interchange';
import { questionFieldOf, questionFormValues, questionFromForm, readQuestionForm } from './question-form';
import { findResponses, findSurveys, getResponseRecord, getSurvey, getSurveyRecord, type Survey, type SurveyResponse } from './read';
import { compareSurveys, surveyResults } from './results';
import { allQuestions, type Answers, VARIABLE_PATTERN } from './schema';
import { changeDefinition, type DefinitionChange } from './use-cases/change-definition';
import { copySurvey } from './use-cases/copy-survey';
import { createSurvey, importSurvey } from './use-cases/create-survey';
import { reopenResponse, saveResponse, submitResponse } from './use-cases/answer-response';
import { sendSurvey } from './use-cases/send-survey';
import { responsePath, surveyPath, surveysPath } from './views/common';
import { EditorPage, QuestionFormPage, type QuestionFormValues, SendPage, SurveyListPage, SurveyPage } from './views/manage-pages';
import { ReopenConfirmPage, ResponsePage, SubmitConfirmPage } from './views/response-pages';
import { ComparePage, ResultsPage } from './views/results-pages';

export function idParam(value: string | undefined): number {
  if (!value || !/^\d{1,9}$/.test(value)) throw new AppError('NOT_FOUND');
  return Number(value);
}
export function agsParam(value: string | undefined): string {
  if (!isAgs(value)) throw new AppError('NOT_FOUND');
  return value;
}
function str(body: Record<string, unknown>, name: string, max: number): string {
  const value = Object.prototype.hasOwnProperty.call(body, name) ? body[name] : undefined;
  return typeof value === 'string' ? value.slice(0, max) : '';
}
function toFields(issues: FieldIssue[], map: (path: string) => string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[map(issue.path)] ??= issue.message;
  return errors;
}
const issueText = (error: AppError) => (error.issues.length ? `${error.message} ${error.issues.map((i) => i.message).join(' ')}` : error.message);

/** The districts' names, AGS → name. */
async function districtNames(db: AppDatabase['db']): Promise<Map<string, string>> {
  return new Map((await findDistricts(db)).map((d) => [d.ags, d.name]));
}

/**
 * The survey pages (issue 16, "Umfragen"): the ministry builds, sends, copies, compares and
 * evaluates surveys; a district answers its one shared response (another district's: 404).
 * Every change goes through the use cases (policy, optimistic lock, audit in the same transaction).
 */
export function surveyRoutes({ database }: { database: AppDatabase }) {
  const app = new Hono();
  const db = database.db;

  // ── List, create, import ──────────────────────────────────────────────────────────────────
  async function listPage(c: Context, extra: { errors?: FieldErrors; createValues?: { year: string; title: string; description: string }; importValues?: { year: string; json: string }; notice?: string } = {}, status = 200) {
    const actor = requireActor(c);
    const list = await findSurveys(db, actor);
    const own = tenantFilter(actor);
    const responses = await findResponses(db, list.map((s) => s.id));
    const rows = list.map((survey) => {
      const mine = own ? responses.find((r) => r.surveyId === survey.id && r.ags === own) : undefined;
      return {
        survey,
        submitted: responses.filter((r) => r.surveyId === survey.id && r.status === 'eingereicht').length,
        own: mine ? { status: mine.status, ...progressOf(survey.definition, mine.answers) } : undefined,
      };
    });
    const year = String(Number(berlinToday().slice(0, 4)));
    return renderPage(
      c,
      <SurveyListPage
        rows={rows}
        canManage={can(actor, 'survey.manage')}
        ownAgs={own}
        csrf={csrfToken(c)}
        createValues={extra.createValues ?? { year, title: '', description: '' }}
        importValues={extra.importValues ?? { year, json: '' }}
        errors={extra.errors}
        notice={extra.notice}
      />,
      status as 200,
    );
  }

  app.get('/umfragen', (c) => listPage(c, { notice: c.req.query('angelegt') ? 'Die Umfrage wurde angelegt.' : undefined }));

  app.post('/umfragen', async (c) => {
    const actor = requirePermission(c, 'survey.manage');
    const body = await c.req.parseBody();
    const values = { year: str(body, 'jahr', 10), title: str(body, 'titel', 400), description: str(body, 'beschreibung', 5000) };
    if (!/^\d{4}$/.test(values.year.trim())) return listPage(c, { createValues: values, errors: { jahr: 'Bitte das Jahr vierstellig angeben (z. B. 2026).' } }, 422);
    let survey: Survey;
    try {
      survey = await db.transaction((tx) => createSurvey(tx, actor, { year: Number(values.year.trim()), title: values.title, ...(values.description.trim() ? { description: values.description } : {}) }));
    } catch (error) {
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') return listPage(c, { createValues: values, errors: toFields(error.issues, (p) => (p.startsWith('year') ? 'jahr' : p.startsWith('description') ? 'beschreibung' : 'titel')) }, 422);
      throw error;
    }
    return c.redirect(`${surveyPath(survey.id, 'bearbeiten')}?angelegt=1`, 303);
  });

  app.post('/umfragen/import', async (c) => {
    const actor = requirePermission(c, 'survey.manage');
    const body = await c.req.parseBody();
    const values = { year: str(body, 'import_jahr', 10), json: str(body, 'json', 1_000_000) };
    if (!/^\d{4}$/.test(values.year.trim())) return listPage(c, { importValues: values, errors: { import_jahr: 'Bitte das Jahr vierstellig angeben (z. B. 2026).' } }, 422);
    let document: unknown;
    try {
      document = JSON.parse(values.json);
    } catch {
      return listPage(c, { importValues: values, errors: { json: 'Der Inhalt ist kein gültiges JSON. Bitte fügen Sie den vollständigen Inhalt der Datei „umfrage.json“ ein.' } }, 422);
    }
    let survey: Survey;
    try {
      survey = await db.transaction((tx) => importSurvey(tx, actor, { year: Number(values.year.trim()), umfrage: document }));
    } catch (error) {
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') {
        const first = error.issues.slice(0, 5).map((i) => `${i.path.replace(/^umfrage\.?/, '') || 'Datei'}: ${i.message}`);
        return listPage(c, { importValues: values, errors: { json: `Die Datei ist keine gültige Umfrage (aqb.umfrage/1). ${first.join(' · ')}` } }, 422);
      }
      throw error;
    }
    return c.redirect(`${surveyPath(survey.id)}?uebernommen=1`, 303);
  });

  // ── One survey (ministry) ─────────────────────────────────────────────────────────────────
  async function surveyPage(c: Context, id: number, extra: { errors?: FieldErrors; copyYear?: string; notice?: string } = {}, status = 200) {
    const actor = requirePermission(c, 'survey.manage');
    const survey = await getSurvey(db, actor, id);
    const others = (await findSurveys(db, actor)).filter((s) => s.id !== survey.id);
    const submitted = (await findResponses(db, [survey.id])).filter((r) => r.status === 'eingereicht').length;
    return renderPage(c, <SurveyPage survey={survey} csrf={csrfToken(c)} others={others} copyYear={extra.copyYear ?? String(survey.year + 1)} errors={extra.errors} notice={extra.notice} submitted={submitted} />, status as 200);
  }

  app.get('/umfragen/:id', async (c) => {
    const id = idParam(c.req.param('id'));
    const actor = requireActor(c);
    const own = tenantFilter(actor);
    if (own !== null) {
      // A district has one page per survey: its response (404 when the survey was not sent to it).
      await getSurvey(db, actor, id);
      return c.redirect(responsePath(id, own), 303);
    }
    const notice = c.req.query('versandt') ? 'Die Umfrage wurde versandt.' : c.req.query('kopiert') ? 'Die Kopie wurde angelegt.' : c.req.query('uebernommen') ? 'Die Umfrage wurde aus der Datei übernommen.' : undefined;
    return surveyPage(c, id, { notice });
  });

  app.post('/umfragen/:id/kopieren', async (c) => {
    const id = idParam(c.req.param('id'));
    const actor = requirePermission(c, 'survey.manage');
    await getSurvey(db, actor, id);
    const body = await c.req.parseBody();
    const year = str(body, 'jahr', 10).trim();
    if (!/^\d{4}$/.test(year)) return surveyPage(c, id, { copyYear: year, errors: { jahr: 'Bitte das Jahr vierstellig angeben (z. B. 2026).' } }, 422);
    let copy: Survey;
    try {
      copy = await db.transaction((tx) => copySurvey(tx, actor, id, { year: Number(year) }));
    } catch (error) {
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') return surveyPage(c, id, { copyYear: year, errors: toFields(error.issues, () => 'jahr') }, 422);
      throw error;
    }
    return c.redirect(`${surveyPath(copy.id)}?kopiert=1`, 303);
  });

  // ── Definition editor ─────────────────────────────────────────────────────────────────────
  async function editorPage(c: Context, id: number, extra: { errors?: FieldErrors; conflict?: string; notice?: string; meta?: { title: string; description: string }; newSection?: { title: string; description: string } } = {}, status = 200) {
    const actor = requirePermission(c, 'survey.manage');
    const survey = await getSurvey(db, actor, id);
    if (survey.status !== 'entwurf') return c.redirect(surveyPath(id), 303);
    return renderPage(
      c,
      <EditorPage
        survey={survey}
        csrf={csrfToken(c)}
        errors={extra.errors}
        conflict={extra.conflict}
        notice={extra.notice}
        meta={extra.meta ?? { title: survey.definition.title, description: survey.definition.description ?? '' }}
        newSection={extra.newSection ?? { title: '', description: '' }}
      />,
      status as 200,
    );
  }

  app.get('/umfragen/:id/bearbeiten', (c) => {
    const notice = c.req.query('angelegt') ? 'Die Umfrage wurde angelegt. Legen Sie jetzt Abschnitte und Fragen an.' : c.req.query('gespeichert') ? 'Gespeichert.' : undefined;
    return editorPage(c, idParam(c.req.param('id')), { notice });
  });

  app.post('/umfragen/:id/bearbeiten', async (c) => {
    const id = idParam(c.req.param('id'));
    const actor = requirePermission(c, 'survey.manage');
    await getSurvey(db, actor, id);
    const body = await c.req.parseBody();
    const expectedVersion = formVersion(body);
    const action = str(body, 'aktion', 40);
    const meta = { title: str(body, 'titel', 400), description: str(body, 'beschreibung', 5000) };
    const newSection = { title: str(body, 'abschnitt_titel', 400), description: str(body, 'abschnitt_beschreibung', 3000) };
    const variable = str(body, 'variable', 60);
    const section = /^\d{1,2}$/.test(str(body, 'abschnitt', 5)) ? Number(str(body, 'abschnitt', 5)) : -1;
    const described = (t: { title: string; description: string }) => ({ title: t.title, ...(t.description.trim() ? { description: t.description } : {}) });
    let change: DefinitionChange;
    if (action === 'meta') change = { op: 'meta', ...described(meta) };
    else if (action === 'abschnitt_neu') change = { op: 'addSection', ...described(newSection) };
    else if (action === 'abschnitt_entfernen') change = { op: 'removeSection', index: section };
    else if (action === 'frage_hoch' || action === 'frage_runter') change = { op: 'moveQuestion', variable, direction: action === 'frage_hoch' ? 'up' : 'down' };
    else if (action === 'frage_entfernen') change = { op: 'removeQuestion', variable };
    else throw new AppError('VALIDATION_FAILED', 'Unbekannte Aktion. Bitte laden Sie die Seite neu.', { issues: [{ path: 'aktion', message: 'Unbekannt' }] });
    try {
      await db.transaction((tx) => changeDefinition(tx, actor, { id, expectedVersion }, change));
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'VALIDATION_FAILED') {
        if (action === 'meta') return editorPage(c, id, { meta, errors: toFields(error.issues, (p) => (p === 'description' ? 'beschreibung' : 'titel')) }, 422);
        if (action === 'abschnitt_neu') return editorPage(c, id, { newSection, errors: toFields(error.issues, () => 'abschnitt_titel') }, 422);
        return editorPage(c, id, { conflict: issueText(error) }, 422);
      }
      if (error.code === 'CONFLICT' || error.code === 'NOT_FOUND') return editorPage(c, id, { conflict: error.message, meta: action === 'meta' ? meta : undefined, newSection }, error.code === 'CONFLICT' ? 409 : 404);
      throw error;
    }
    return c.redirect(`${surveyPath(id, 'bearbeiten')}?gespeichert=1`, 303);
  });

  async function questionPage(c: Context, survey: Survey, values: QuestionFormValues, extra: { editing?: string; errors?: FieldErrors; conflict?: string } = {}, status = 200) {
    return renderPage(c, <QuestionFormPage survey={survey} csrf={csrfToken(c)} values={values} editing={extra.editing} errors={extra.errors} conflict={extra.conflict} />, status as 200);
  }

  /** The survey of a question form: in preparation, with at least one section. */
  async function editableSurvey(c: Context, id: number): Promise<{ actor: Actor; survey: Survey }> {
    const actor = requirePermission(c, 'survey.manage');
    const survey = await getSurvey(db, actor, id);
    if (survey.status !== 'entwurf') throw new AppError('INVALID_STATE_TRANSITION', 'Die Umfrage ist versandt; ihre Fragen können nicht mehr geändert werden.');
    if (survey.definition.sections.length === 0) throw new AppError('INVALID_STATE_TRANSITION', 'Bitte legen Sie zuerst einen Abschnitt an.');
    return { actor, survey };
  }

  function findQuestion(survey: Survey, variable: string) {
    for (const [s, section] of survey.definition.sections.entries()) {
      const q = section.questions.find((x) => x.variable === variable);
      if (q) return { q, section: s };
    }
    throw new AppError('NOT_FOUND', 'Diese Frage gibt es nicht.');
  }

  async function postQuestion(c: Context, id: number, editing: string | undefined) {
    const { actor, survey } = await editableSurvey(c, id);
    if (editing) findQuestion(survey, editing);
    const body = await c.req.parseBody();
    const expectedVersion = formVersion(body);
    const values = readQuestionForm(body);
    const section = /^\d{1,2}$/.test(values.section) ? Number(values.section) : -1;
    const { question, errors } = questionFromForm(values);
    if (section < 0 || section >= survey.definition.sections.length) errors.abschnitt = 'Bitte wählen Sie einen Abschnitt.';
    if (Object.values(errors).some(Boolean)) return questionPage(c, survey, values, { editing, errors }, 422);
    try {
      await db.transaction((tx) => changeDefinition(tx, actor, { id, expectedVersion }, { op: 'saveQuestion', section, replaces: editing, question }));
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'VALIDATION_FAILED') return questionPage(c, survey, values, { editing, errors: toFields(error.issues, questionFieldOf) }, 422);
      if (error.code === 'CONFLICT') return questionPage(c, await getSurveyRecord(db, id), values, { editing, conflict: error.message }, 409);
      throw error;
    }
    return c.redirect(`${surveyPath(id, 'bearbeiten')}?gespeichert=1`, 303);
  }

  app.get('/umfragen/:id/fragen/neu', async (c) => {
    const { survey } = await editableSurvey(c, idParam(c.req.param('id')));
    const wanted = Number(c.req.query('abschnitt') ?? '');
    const section = Number.isInteger(wanted) && wanted >= 0 && wanted < survey.definition.sections.length ? wanted : survey.definition.sections.length - 1;
    return questionPage(c, survey, questionFormValues(null, section));
  });
  app.post('/umfragen/:id/fragen/neu', (c) => postQuestion(c, idParam(c.req.param('id')), undefined));

  function variableParam(value: string | undefined): string {
    if (!value || !VARIABLE_PATTERN.test(value)) throw new AppError('NOT_FOUND', 'Diese Frage gibt es nicht.');
    return value;
  }
  app.get('/umfragen/:id/fragen/:variable', async (c) => {
    const { survey } = await editableSurvey(c, idParam(c.req.param('id')));
    const { q, section } = findQuestion(survey, variableParam(c.req.param('variable')));
    return questionPage(c, survey, questionFormValues(q, section), { editing: q.variable });
  });
  app.post('/umfragen/:id/fragen/:variable', (c) => postQuestion(c, idParam(c.req.param('id')), variableParam(c.req.param('variable'))));

  // ── Sending ───────────────────────────────────────────────────────────────────────────────
  async function sendPage(c: Context, survey: Survey, extra: { values?: { opensOn: string; deadline: string; all: boolean; recipients: string[] }; errors?: FieldErrors; confirm?: { opensOn: string; deadline: string; recipients: string[] }; conflict?: string } = {}, status = 200) {
    const districts = (await findDistricts(db)).map((d) => ({ ags: d.ags, name: d.name }));
    return renderPage(c, <SendPage survey={survey} csrf={csrfToken(c)} districts={districts} values={extra.values ?? { opensOn: '', deadline: '', all: true, recipients: [] }} errors={extra.errors} confirm={extra.confirm} conflict={extra.conflict} />, status as 200);
  }

  app.get('/umfragen/:id/versenden', async (c) => {
    const actor = requirePermission(c, 'survey.manage');
    const survey = await getSurvey(db, actor, idParam(c.req.param('id')));
    if (survey.status !== 'entwurf') return c.redirect(surveyPath(survey.id), 303);
    return sendPage(c, survey);
  });

  app.post('/umfragen/:id/versenden', async (c) => {
    const actor = requirePermission(c, 'survey.manage');
    const survey = await getSurvey(db, actor, idParam(c.req.param('id')));
    const body = await c.req.parseBody();
    const expectedVersion = formVersion(body);
    const districts = await findDistricts(db);
    const all = str(body, 'empfaenger', 10) !== 'auswahl';
    const chosen = districts.filter((d) => str(body, `gk_${d.ags}`, 5) === '1').map((d) => d.ags);
    const values = { opensOn: str(body, 'oeffnung', 20), deadline: str(body, 'frist', 20), all, recipients: chosen };
    const recipients = all ? districts.map((d) => d.ags) : chosen;
    const opensOn = parseGermanDate(values.opensOn);
    const deadline = parseGermanDate(values.deadline);
    const errors: FieldErrors = {};
    if (!opensOn) errors.oeffnung = 'Bitte ein gültiges Datum angeben (z. B. 1.9.2026).';
    if (!deadline) errors.frist = 'Bitte ein gültiges Datum angeben (z. B. 31.10.2026).';
    if (opensOn && deadline && deadline < opensOn) errors.frist = 'Die Frist darf nicht vor dem Öffnungsdatum liegen.';
    if (recipients.length === 0) errors.empfaenger = 'Bitte wählen Sie mindestens eine Gebietskörperschaft.';
    if (survey.status === 'entwurf' && allQuestions(survey.definition).length === 0) errors.empfaenger = 'Die Umfrage hat noch keine Frage. Bitte legen Sie zuerst Fragen an.';
    if (Object.values(errors).some(Boolean)) return sendPage(c, survey, { values, errors }, 422);
    const input = { opensOn: opensOn!, deadline: deadline!, recipients };
    if (str(body, 'bestaetigt', 5) !== '1') return sendPage(c, survey, { values, confirm: input });
    try {
      await db.transaction((tx) => sendSurvey(tx, actor, { id: survey.id, expectedVersion }, input));
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'CONFLICT' || error.code === 'INVALID_STATE_TRANSITION' || error.code === 'VALIDATION_FAILED') return sendPage(c, await getSurveyRecord(db, survey.id), { values, conflict: issueText(error) }, error.status);
      throw error;
    }
    return c.redirect(`${surveyPath(survey.id)}?versandt=1`, 303);
  });

  // ── Results, comparison, exports ──────────────────────────────────────────────────────────
  async function submittedOf(survey: Survey, names: Map<string, string>) {
    return (await findResponses(db, [survey.id])).filter((r) => r.status === 'eingereicht').map((r) => ({ ags: r.ags, districtName: names.get(r.ags) ?? r.ags, answers: r.answers }));
  }

  app.get('/umfragen/:id/ergebnisse', async (c) => {
    const actor = requirePermission(c, 'survey.manage');
    const survey = await getSurvey(db, actor, idParam(c.req.param('id')));
    const names = await districtNames(db);
    const responses = await findResponses(db, [survey.id]);
    const rows = responses
      .map((r) => ({ ags: r.ags, name: names.get(r.ags) ?? r.ags, status: r.status, ...progressOf(survey.definition, r.answers), submittedAt: r.submittedAt, isLate: r.submittedAt !== null && survey.deadline !== null && berlinToday(r.submittedAt) > survey.deadline }))
      .sort((a, b) => a.name.localeCompare(b.name, 'de'));
    return renderPage(c, <ResultsPage survey={survey} results={surveyResults(survey.definition, await submittedOf(survey, names))} rows={rows} />);
  });

  app.get('/umfragen/:id/vergleich', async (c) => {
    const actor = requirePermission(c, 'survey.manage');
    const left = await getSurvey(db, actor, idParam(c.req.param('id')));
    const right = await getSurvey(db, actor, idParam(c.req.query('mit')));
    const names = await districtNames(db);
    const rows = compareSurveys({ def: left.definition, responses: await submittedOf(left, names) }, { def: right.definition, responses: await submittedOf(right, names) });
    return renderPage(c, <ComparePage left={left} right={right} rows={rows} />);
  });

  async function exportRowsOf(survey: Survey): Promise<ExportResponse[]> {
    const names = await districtNames(db);
    return (await findResponses(db, [survey.id])).map((r) => ({ ags: r.ags, districtName: names.get(r.ags) ?? r.ags, status: r.status, submittedOn: r.submittedAt ? berlinToday(r.submittedAt) : null, answers: r.answers }));
  }
  const fileName = (survey: Survey, suffix: string) => `umfrage-${survey.year}-${survey.id}-${suffix}`;
  const attachment = (name: string) => `attachment; filename="${name}"`;

  app.get('/umfragen/:id/export.csv', async (c) => {
    const actor = requirePermission(c, 'survey.manage');
    const survey = await getSurvey(db, actor, idParam(c.req.param('id')));
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', attachment(fileName(survey, 'daten.csv')));
    return c.body(exportCsv(survey.definition, await exportRowsOf(survey)));
  });
  app.get('/umfragen/:id/codebuch.csv', async (c) => {
    const actor = requirePermission(c, 'survey.manage');
    const survey = await getSurvey(db, actor, idParam(c.req.param('id')));
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', attachment(fileName(survey, 'codebuch.csv')));
    return c.body(codebookCsv(survey.definition));
  });
  app.get('/umfragen/:id/export.xlsx', async (c) => {
    const actor = requirePermission(c, 'survey.manage');
    const survey = await getSurvey(db, actor, idParam(c.req.param('id')));
    const bytes = await exportXlsx(survey.definition, await exportRowsOf(survey));
    c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    c.header('Content-Disposition', attachment(fileName(survey, 'daten.xlsx')));
    return c.body(bytes as Uint8Array<ArrayBuffer>);
  });
  app.get('/umfragen/:id/umfrage.json', async (c) => {
    const actor = requirePermission(c, 'survey.manage');
    const survey = await getSurvey(db, actor, idParam(c.req.param('id')));
    c.header('Content-Disposition', attachment(fileName(survey, 'umfrage.json')));
    return c.json(interchangeOf(survey.definition));
  });

  // ── The district's response ───────────────────────────────────────────────────────────────
  /** Survey and response after tenancy: the own district answers, the ministry reads; anybody else 404/403. */
  async function responseOf(c: Context): Promise<{ actor: Actor; survey: Survey; response: SurveyResponse; districtName: string }> {
    const id = idParam(c.req.param('id'));
    const ags = agsParam(c.req.param('ags'));
    const actor = requireActor(c);
    authorize(actor, 'survey.read', { ags });
    const survey = await getSurvey(db, actor, id);
    const response = await getResponseRecord(db, survey.id, ags);
    return { actor, survey, response, districtName: (await districtNames(db)).get(ags) ?? ags };
  }

  async function responsePage(
    c: Context,
    ctx: { actor: Actor; survey: Survey; response: SurveyResponse; districtName: string },
    extra: { values?: ReturnType<typeof formFromAnswers>; answers?: Answers; errors?: FieldErrors; notice?: string; conflict?: { message: string; differences: Array<{ text: string; mine: string; theirs: string }> }; baseVersion?: number } = {},
    status = 200,
  ) {
    const { actor, survey, response } = ctx;
    const values = extra.values ?? formFromAnswers(survey.definition, response.answers);
    return renderPage(
      c,
      <ResponsePage
        survey={survey}
        response={response}
        districtName={ctx.districtName}
        values={values}
        progress={progressOf(survey.definition, extra.answers ?? response.answers)}
        canAnswer={can(actor, 'survey.answer', { ags: response.ags, status: response.status })}
        canReopen={can(actor, 'survey.reopen', { ags: response.ags })}
        csrf={csrfToken(c)}
        baseVersion={extra.baseVersion ?? response.version}
        errors={extra.errors}
        notice={extra.notice}
        conflict={extra.conflict}
        isOpen={!survey.opensOn || berlinToday() >= survey.opensOn}
      />,
      status as 200,
    );
  }

  app.get('/umfragen/:id/antwort/:ags', async (c) => {
    const ctx = await responseOf(c);
    const notice = c.req.query('gespeichert') ? 'Der Entwurf wurde gespeichert.' : c.req.query('eingereicht') ? 'Die Antwort wurde eingereicht. Vielen Dank!' : c.req.query('geoeffnet') ? 'Die Antwort ist wieder geöffnet.' : undefined;
    return responsePage(c, ctx, { notice });
  });

  app.post('/umfragen/:id/antwort/:ags', async (c) => {
    const ctx = await responseOf(c);
    const { actor, survey, response } = ctx;
    authorize(actor, 'survey.answer', { ags: response.ags });
    const body = await c.req.parseBody();
    const expectedVersion = formVersion(body);
    const def = survey.definition;
    const values = readAnswerForm(def, body);
    const { raw, issues } = answersFromForm(def, values);
    const mine = checkAnswers(def, raw, { forSubmit: false }).answers;
    if (issues.length) return responsePage(c, ctx, { values, answers: mine, baseVersion: expectedVersion, errors: toFields(issues.map((i) => ({ path: i.variable, message: i.message })), fieldName) }, 422);
    try {
      await db.transaction((tx) => saveResponse(tx, actor, { surveyId: survey.id, ags: response.ags, expectedVersion }, raw));
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'VALIDATION_FAILED') return responsePage(c, ctx, { values, answers: mine, baseVersion: expectedVersion, errors: toFields(error.issues, fieldName) }, 422);
      if (error.code === 'CONFLICT') {
        const fresh = await getResponseRecord(db, survey.id, response.ags);
        const differences = allQuestions(def)
          .map((q) => ({ text: q.text, mine: describeAnswer(q, mine[q.variable]), theirs: describeAnswer(q, fresh.answers[q.variable]) }))
          .filter((d) => d.mine !== d.theirs);
        // The form keeps the person's input, based on the current version: saving again takes theirs over knowingly.
        return responsePage(c, { ...ctx, response: fresh }, { values, answers: mine, baseVersion: fresh.version, conflict: { message: error.message, differences } }, 409);
      }
      if (error.code === 'INVALID_STATE_TRANSITION') return responsePage(c, { ...ctx, response: await getResponseRecord(db, survey.id, response.ags) }, { notice: undefined, conflict: { message: error.message, differences: [] } }, 409);
      throw error;
    }
    return c.redirect(`${responsePath(survey.id, response.ags)}?gespeichert=1`, 303);
  });

  async function submitPage(c: Context, ctx: { survey: Survey; response: SurveyResponse; districtName: string }, error?: string, status = 200) {
    const { issues } = checkAnswers(ctx.survey.definition, ctx.response.answers, { forSubmit: true });
    const texts = new Map(allQuestions(ctx.survey.definition).map((q) => [q.variable, q.text]));
    return renderPage(
      c,
      <SubmitConfirmPage survey={ctx.survey} response={ctx.response} districtName={ctx.districtName} csrf={csrfToken(c)} missing={issues.map((i) => ({ text: texts.get(i.variable) ?? i.variable, message: i.message }))} progress={progressOf(ctx.survey.definition, ctx.response.answers)} error={error} />,
      status as 200,
    );
  }

  app.get('/umfragen/:id/antwort/:ags/einreichen', async (c) => {
    const ctx = await responseOf(c);
    authorize(ctx.actor, 'survey.answer', { ags: ctx.response.ags, status: ctx.response.status });
    return submitPage(c, ctx);
  });

  app.post('/umfragen/:id/antwort/:ags/einreichen', async (c) => {
    const ctx = await responseOf(c);
    authorize(ctx.actor, 'survey.answer', { ags: ctx.response.ags });
    const expectedVersion = formVersion(await c.req.parseBody());
    try {
      await db.transaction((tx) => submitResponse(tx, ctx.actor, { surveyId: ctx.survey.id, ags: ctx.response.ags, expectedVersion }));
    } catch (error) {
      if (!isAppError(error)) throw error;
      if (error.code === 'VALIDATION_FAILED' || error.code === 'CONFLICT' || error.code === 'INVALID_STATE_TRANSITION') {
        return submitPage(c, { ...ctx, response: await getResponseRecord(db, ctx.survey.id, ctx.response.ags) }, error.message, error.status);
      }
      throw error;
    }
    return c.redirect(`${responsePath(ctx.survey.id, ctx.response.ags)}?eingereicht=1`, 303);
  });

  app.get('/umfragen/:id/antwort/:ags/wieder-oeffnen', async (c) => {
    const ctx = await responseOf(c);
    authorize(ctx.actor, 'survey.reopen', { ags: ctx.response.ags, status: ctx.response.status });
    return renderPage(c, <ReopenConfirmPage survey={ctx.survey} response={ctx.response} districtName={ctx.districtName} csrf={csrfToken(c)} />);
  });

  app.post('/umfragen/:id/antwort/:ags/wieder-oeffnen', async (c) => {
    const ctx = await responseOf(c);
    authorize(ctx.actor, 'survey.reopen', { ags: ctx.response.ags });
    const expectedVersion = formVersion(await c.req.parseBody());
    try {
      await db.transaction((tx) => reopenResponse(tx, ctx.actor, { surveyId: ctx.survey.id, ags: ctx.response.ags, expectedVersion }));
    } catch (error) {
      if (isAppError(error) && (error.code === 'CONFLICT' || error.code === 'FORBIDDEN')) {
        return renderPage(c, <ReopenConfirmPage survey={ctx.survey} response={await getResponseRecord(db, ctx.survey.id, ctx.response.ags)} districtName={ctx.districtName} csrf={csrfToken(c)} error={error.message} />, error.status as 409);
      }
      throw error;
    }
    return c.redirect(`${responsePath(ctx.survey.id, ctx.response.ags)}?geoeffnet=1`, 303);
  });

  return app;
}

export { surveysPath };
