import { type Context, Hono } from 'hono';
import { AppError, isAppError } from '../../platform/errors';
import { csrfToken } from '../../platform/http/csrf';
import type { RouteDeps } from '../../platform/http/deps';
import { isAgs, isRealIsoDate, writeCsv } from '../../platform/input';
import { renderPage } from '../../ui/render';
import { requireActor, requirePermission } from '../access/middleware';
import { can } from '../access/policy';
import { findBudgetYears } from '../budget-years/service';
import { getDistrict } from '../districts/service';
import type { Project } from '../projects/schema';
import { statisticsCsv, statisticsXlsx } from './export';
import { checkPeriod, findParticipantRecords, getParticipantProject, getPendingUpload, getRecordSetState, diffRecords, loadAllRecords } from './records';
import { countParticipantFlows, countParticipantTables } from './statistics-query';
import { buildParticipantTemplateCsv, buildParticipantTemplateXlsx, PARTICIPANT_COLUMN_HELP, type UploadError } from './upload';
import { confirmParticipantUpload, discardParticipantUpload } from './use-cases/confirm-upload';
import { stageParticipantUpload } from './use-cases/stage-upload';
import { ConfirmPage, DistrictPage, LandPage, ProjectPage, projectPath } from './views/pages';
import { SubjectPage } from './views/subject-page';
import { countKennungRecords, deleteKennungHistory, exportKennungHistory, parseKennung } from './use-cases/subject-request';
import { PARTICIPANT_COLUMNS } from './records-schema';

/** Largest participant file: 100,000 rows are about 7 MB as CSV. */
export const MAX_PARTICIPANT_FILE_BYTES = 30 * 1024 * 1024;
/** The upload route's path, for the app's body limit. */
export const PARTICIPANT_UPLOAD_PATH = /^\/teilnehmende\/\d{4}\/\d{5}\/[^/]+\/hochladen$/;

const Y = ':year{[0-9]{4}}';
const A = ':ags{[0-9]{5}}';

function parseYearParam(c: Context): number {
  return Number(c.req.param('year'));
}
function parseAgsParam(c: Context): string {
  const ags = c.req.param('ags') ?? '';
  if (!isAgs(ags)) throw new AppError('NOT_FOUND', 'Diese Gebietskörperschaft ist nicht bekannt.');
  return ags;
}

/** Today in Germany (ISO). */
function today(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());
}

/** `?stichtag=` when it is a real date, else today. */
function referenceDateOf(c: Context): string {
  const value = c.req.query('stichtag');
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && isRealIsoDate(value) ? value : today();
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function xlsxResponse(c: Context, fileName: string, bytes: Uint8Array): Response {
  c.header('Content-Type', XLSX_TYPE);
  c.header('Content-Disposition', `attachment; filename="${fileName}"`);
  c.header('Cache-Control', 'private, no-store');
  return c.body(bytes as unknown as ArrayBuffer);
}

function csvResponse(c: Context, fileName: string, body: string): Response {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${fileName}"`);
  c.header('Cache-Control', 'private, no-store');
  return c.body(body);
}

/**
 * Teilnehmende (issue 14): the Land page (HMSI, RP), the district and project pages (the own
 * district, HMSI, RP), the upload with its confirmation (the own district only), CSV exports of
 * every statistics table and the template. Every step is a plain form; a validated upload waits
 * server-side until it is confirmed (docs/decisions/0017).
 */
export function participantRoutes({ database }: RouteDeps) {
  const app = new Hono();
  const db = database.db;

  app.get('/teilnehmende', async (c) => {
    const actor = requireActor(c);
    const years = (await findBudgetYears(db)).map((y) => y.year);
    const current = Number(today().slice(0, 4));
    const year = years.includes(current) ? current : (years.filter((y) => y <= current).pop() ?? years[years.length - 1] ?? current);
    if (actor.role === 'district') {
      requirePermission(c, 'participants.read', { ags: actor.ags });
      return c.redirect(`/teilnehmende/${year}/${actor.ags}`, 303);
    }
    requirePermission(c, 'participants.readLand');
    return c.redirect(`/teilnehmende/${year}`, 303);
  });

  app.get('/teilnehmende/vorlage.csv', (c) => {
    requireActor(c);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="teilnehmende-vorlage.csv"');
    return c.body(buildParticipantTemplateCsv({ example: true }) as unknown as ArrayBuffer);
  });

  app.get('/teilnehmende/vorlage.xlsx', async (c) => {
    requireActor(c);
    c.header('Content-Type', XLSX_TYPE);
    c.header('Content-Disposition', 'attachment; filename="teilnehmende-vorlage.xlsx"');
    return c.body((await buildParticipantTemplateXlsx({ example: true })) as unknown as ArrayBuffer);
  });

  app.get(`/teilnehmende/${Y}`, async (c) => {
    requirePermission(c, 'participants.readLand');
    const year = parseYearParam(c);
    const years = (await findBudgetYears(db)).map((y) => y.year);
    if (!years.includes(year)) throw new AppError('NOT_FOUND', `Das AQB-Jahr ${year} ist nicht angelegt.`);
    const referenceDate = referenceDateOf(c);
    const [flows, tables] = await Promise.all([countParticipantFlows(db, { year }, referenceDate), countParticipantTables(db, { year })]);
    c.header('Cache-Control', 'private, no-store');
    return renderPage(c, <LandPage year={year} years={years} referenceDate={referenceDate} flows={flows} tables={tables} />);
  });

  app.get(`/teilnehmende/${Y}/statistik.csv`, async (c) => {
    requirePermission(c, 'participants.readLand');
    const year = parseYearParam(c);
    const tables = await countParticipantTables(db, { year });
    return csvResponse(c, `Teilnehmende_${year}_Hessen.csv`, statisticsCsv(`Teilnehmende im AQB-Jahr ${year}, Hessen (intern, ohne Geheimhaltung)`, tables));
  });

  app.get(`/teilnehmende/${Y}/statistik.xlsx`, async (c) => {
    requirePermission(c, 'participants.readLand');
    const year = parseYearParam(c);
    const tables = await countParticipantTables(db, { year });
    return xlsxResponse(c, `Teilnehmende_${year}_Hessen.xlsx`, await statisticsXlsx(`Teilnehmende ${year} Hessen`, tables));
  });

  app.get(`/teilnehmende/${Y}/${A}`, async (c) => {
    const ags = parseAgsParam(c);
    const actor = requirePermission(c, 'participants.read', { ags });
    const year = parseYearParam(c);
    const district = await getDistrict(db, ags);
    const referenceDate = referenceDateOf(c);
    const [flows, tables] = await Promise.all([countParticipantFlows(db, { year, ags }, referenceDate), countParticipantTables(db, { year, ags })]);
    c.header('Cache-Control', 'private, no-store');
    return renderPage(
      c,
      <DistrictPage year={year} ags={ags} districtName={district.name} showLandLink={can(actor, 'participants.readLand')} showSubjectRequest={can(actor, 'participants.subjectRequest', { ags })} referenceDate={referenceDate} flows={flows} tables={tables} />,
    );
  });

  app.get(`/teilnehmende/${Y}/${A}/statistik.csv`, async (c) => {
    const ags = parseAgsParam(c);
    requirePermission(c, 'participants.read', { ags });
    const year = parseYearParam(c);
    const district = await getDistrict(db, ags);
    const tables = await countParticipantTables(db, { year, ags });
    return csvResponse(c, `Teilnehmende_${year}_${ags}.csv`, statisticsCsv(`Teilnehmende im AQB-Jahr ${year}, ${district.name} (intern, ohne Geheimhaltung)`, tables));
  });

  app.get(`/teilnehmende/${Y}/${A}/statistik.xlsx`, async (c) => {
    const ags = parseAgsParam(c);
    requirePermission(c, 'participants.read', { ags });
    const year = parseYearParam(c);
    const tables = await countParticipantTables(db, { year, ags });
    return xlsxResponse(c, `Teilnehmende_${year}_${ags}.xlsx`, await statisticsXlsx(`Teilnehmende ${year} ${ags}`, tables));
  });

  /** The project of the URL after the policy check (another district's: 404 before any lookup). */
  async function projectOf(c: Context, action: 'participants.read' | 'participants.upload'): Promise<Project> {
    const ags = parseAgsParam(c);
    requirePermission(c, action, { ags });
    return getParticipantProject(db, parseYearParam(c), ags, c.req.param('key') ?? '');
  }

  async function projectPage(c: Context, project: Project, extra: { errors?: UploadError[]; fileName?: string; status?: number } = {}) {
    const actor = requireActor(c);
    const [district, state, tables] = await Promise.all([getDistrict(db, project.ags), getRecordSetState(db, project.id), countParticipantTables(db, { year: project.year, projectId: project.id })]);
    const page = Number(c.req.query('seite') ?? '1');
    const records = can(actor, 'participants.readRecords', { ags: project.ags }) ? await findParticipantRecords(db, actor, project, Number.isSafeInteger(page) ? page : 1) : null;
    c.header('Cache-Control', 'private, no-store');
    return renderPage(
      c,
      <ProjectPage
        project={project}
        districtName={district.name}
        state={state}
        period={checkPeriod(project)}
        canUpload={can(actor, 'participants.upload', { ags: project.ags })}
        columnHelp={PARTICIPANT_COLUMN_HELP}
        csrf={csrfToken(c)}
        errors={extra.errors}
        fileName={extra.fileName}
        replaced={c.req.query('ersetzt') !== undefined ? { records: state.recordCount } : undefined}
        records={records}
        tables={tables}
      />,
      extra.status ?? 200,
    );
  }

  app.get(`/teilnehmende/${Y}/${A}/:key`, async (c) => projectPage(c, await projectOf(c, 'participants.read')));

  app.get(`/teilnehmende/${Y}/${A}/:key/statistik.csv`, async (c) => {
    const project = await projectOf(c, 'participants.read');
    const tables = await countParticipantTables(db, { year: project.year, projectId: project.id });
    return csvResponse(c, `Teilnehmende_${project.year}_${project.ags}_${project.key.replace(/[^A-Za-z0-9._-]/g, '_')}.csv`, statisticsCsv(`Teilnehmende: ${project.title} (${project.year}, intern)`, tables));
  });

  app.get(`/teilnehmende/${Y}/${A}/:key/statistik.xlsx`, async (c) => {
    const project = await projectOf(c, 'participants.read');
    const tables = await countParticipantTables(db, { year: project.year, projectId: project.id });
    return xlsxResponse(c, `Teilnehmende_${project.year}_${project.ags}_${project.key.replace(/[^A-Za-z0-9._-]/g, '_')}.xlsx`, await statisticsXlsx(`Teilnehmende ${project.year} ${project.ags}`, tables));
  });

  app.post(`/teilnehmende/${Y}/${A}/:key/hochladen`, async (c) => {
    const project = await projectOf(c, 'participants.upload');
    const actor = requireActor(c);
    const body = await c.req.parseBody();
    const file = body['datei'];
    if (!(file instanceof File) || (file.size === 0 && file.name === '')) {
      return projectPage(c, project, { errors: [{ line: 0, field: '', message: 'Bitte wählen Sie eine Datei aus.' }], status: 422 });
    }
    const fileName = file.name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200) || 'ohne-namen';
    if (file.size > MAX_PARTICIPANT_FILE_BYTES) {
      return projectPage(c, project, { errors: [{ line: 0, field: '', message: `Die Datei ist zu groß (höchstens ${MAX_PARTICIPANT_FILE_BYTES / 1024 / 1024} MB).` }], fileName, status: 422 });
    }
    const result = await stageParticipantUpload(database, actor, project, { fileName, bytes: new Uint8Array(await file.arrayBuffer()) });
    if (!result.ok) return projectPage(c, project, { errors: result.errors, fileName, status: 422 });
    return c.redirect(`${projectPath(project)}/hochladen/${result.uploadId}`, 303);
  });

  app.get(`/teilnehmende/${Y}/${A}/:key/hochladen/:upload`, async (c) => {
    const project = await projectOf(c, 'participants.upload');
    const pending = await getPendingUpload(db, project.id, c.req.param('upload'));
    const [district, current] = await Promise.all([getDistrict(db, project.ags), loadAllRecords(db, project.id)]);
    c.header('Cache-Control', 'private, no-store');
    return renderPage(
      c,
      <ConfirmPage
        project={project}
        districtName={district.name}
        uploadId={pending.id}
        fileName={pending.fileName}
        rowCount={pending.rowCount}
        currentCount={current.length}
        difference={diffRecords(current, pending.rows)}
        csrf={csrfToken(c)}
      />,
    );
  });

  app.post(`/teilnehmende/${Y}/${A}/:key/hochladen/:upload`, async (c) => {
    const project = await projectOf(c, 'participants.upload');
    const actor = requireActor(c);
    const body = await c.req.parseBody();
    const uploadId = c.req.param('upload');
    if (body['aktion'] === 'ersetzen') {
      await confirmParticipantUpload(database, actor, project, uploadId);
      return c.redirect(`${projectPath(project)}?ersetzt=1`, 303);
    }
    if (body['aktion'] === 'verwerfen') {
      await discardParticipantUpload(database, actor, project, uploadId);
      return c.redirect(projectPath(project), 303);
    }
    throw new AppError('VALIDATION_FAILED', 'Bitte wählen Sie „Teilnehmende ersetzen“ oder „Datei verwerfen“.');
  });

  // ── A data subject's request for one Kennung (own district only) ──────────────────────────
  const subjectBase = `/teilnehmende/auskunft/${A}`;

  async function subjectPage(c: Context, ags: string, options: { kennung: string; errors?: Record<string, string>; deleted?: number; status?: number }) {
    const actor = requirePermission(c, 'participants.subjectRequest', { ags });
    const district = await getDistrict(db, ags);
    let found: Array<{ year: number; projectKey: string; projectTitle: string }> | null = null;
    const errors = { ...(options.errors ?? {}) };
    if (options.kennung !== '' && !errors.kennung) {
      try {
        found = await countKennungRecords(db, actor, ags, parseKennung(options.kennung));
      } catch (error) {
        if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
        errors.kennung = error.issues[0]?.message ?? error.message;
      }
    }
    c.header('Cache-Control', 'private, no-store');
    return renderPage(
      c,
      <SubjectPage ags={ags} districtName={district.name} csrf={csrfToken(c)} kennung={options.kennung.slice(0, 60)} errors={errors} found={found} deleted={options.deleted} />,
      options.status ?? (errors.kennung ? 422 : 200),
    );
  }

  /** A data subject's request form: the district, the permission and the Kennung (its German error on the page). */
  async function readSubjectRequest(c: Context) {
    const ags = parseAgsParam(c);
    const actor = requirePermission(c, 'participants.subjectRequest', { ags });
    const body = await c.req.parseBody();
    const raw = typeof body['kennung'] === 'string' ? body['kennung'] : '';
    try {
      return { ags, actor, body, kennung: parseKennung(raw) };
    } catch (error) {
      if (!isAppError(error)) throw error;
      return { page: await subjectPage(c, ags, { kennung: raw, errors: { kennung: error.issues[0]?.message ?? error.message } }) };
    }
  }

  app.get(subjectBase, async (c) => {
    const ags = parseAgsParam(c);
    const deleted = Number(c.req.query('geloescht'));
    return subjectPage(c, ags, { kennung: (c.req.query('kennung') ?? '').trim(), deleted: Number.isSafeInteger(deleted) && deleted >= 0 && c.req.query('geloescht') !== undefined ? deleted : undefined });
  });

  app.post(`${subjectBase}/export`, async (c) => {
    const request = await readSubjectRequest(c);
    if ('page' in request) return request.page;
    const { ags, actor, body, kennung } = request;
    const history = await exportKennungHistory(database, actor, ags, kennung);
    const rows = [['aqb_jahr', 'projekt', 'projekttitel', ...PARTICIPANT_COLUMNS]];
    for (const h of history) {
      const r = h.record;
      rows.push([String(h.year), h.projectKey, h.projectTitle, r.kennung, r.entryDate, r.exitDate ?? '', r.gender, String(r.birthYear), r.legalSphere, r.employmentStatus, r.isced, r.disability, r.migrationBackground, r.partTimeTraining, r.outcome ?? '']);
    }
    return csvResponse(c, `Auskunft_${ags}_${kennung.replace(/[^A-Za-z0-9._-]/g, '_')}.csv`, writeCsv(rows));
  });

  app.post(`${subjectBase}/loeschen`, async (c) => {
    const request = await readSubjectRequest(c);
    if ('page' in request) return request.page;
    const { ags, actor, body, kennung } = request;
    if (body['bestaetigt'] !== '1') {
      return subjectPage(c, ags, { kennung, errors: { bestaetigt: 'Bitte bestätigen Sie die endgültige Löschung.' }, status: 422 });
    }
    const deleted = await deleteKennungHistory(database, actor, ags, kennung);
    return c.redirect(`/teilnehmende/auskunft/${ags}?geloescht=${deleted}`, 303);
  });

  return app;
}
