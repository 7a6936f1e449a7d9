import { type Context, Hono } from 'hono';
import { agsParam, yearParam } from '../../platform/http/route-params';
import { isAgs, parseEuro, parseGermanDate, writeCsv } from '../../platform/input';
import { writeXlsxTable } from '../../platform/xlsx';
import { findAllAllocationCents, findAllocationCents, findChangeLetters, findLetter } from '../budget-years/service';
import { findBudgetYears } from '../budget-years/service';
import { getMeasureTypeLabels } from '../catalogs/service';
import { findDistricts } from '../districts/service';
import { getActor } from '../access/context';
import { findUserNames } from '../access/service';
import { type Actor, authorize, can } from '../access/policy';
import { csrfToken } from '../../platform/http/csrf';
import type { RouteDeps } from '../../platform/http/deps';
import { AppError, type FieldIssue, isAppError } from '../../platform/errors';
import { ErrorSummary, type FieldErrors, TextArea } from '../../ui/forms';
import { canRecordSignature, canStartAmendment, manualTransitionsFrom, signingPartyOf } from './status';
import {
  compareVersions,
  compareYears,
  createDraft,
  CreateDraftSchema,
  findAgreementHistory,
  findAgreements,
  findAgreementVersions,
  getAgreementFor,
  isAgreementStatus,
  addAgreementNote,
  checkSignature,
  findAgreementNotes,
  markDistrictAgreed,
  previewPublication,
  publishAgreement,
  recordSignature,
  startAmendment,
  transitionAgreement,
  updateAgreement,
  withdrawPublication,
} from './use-cases';
import { agreementPath } from './views/agreement-nav';
import { ConfirmActPage } from './views/confirm-page';
import { NotesPage } from './views/notes-page';
import { formatDate, formatEuroNumber } from '../../platform/format';
import { type AgreementListRow, exportCells, LIST_EXPORT_HEADERS, pageOfList, parseListQuery, selectListRows } from './list';
import { AgreementListPage } from './views/agreement-list-page';
import { ComparePage } from './views/compare-page';
import { EditPage, type EditFormValues, formValuesOf } from './views/edit-page';
import { HistoryPage } from './views/history-page';
import { type SignatureFormValues, SignaturePage, type SignatureParty } from './views/signature-page';
import { StatusPage } from './views/status-page';
import { VersionsPage } from './views/versions-page';
import { renderPage } from '../../ui/render';

type Body = Record<string, unknown>;

const MAX_EXPORT_ROWS = 10_000;
const LIST_EXPORT_KINDS = ['text', 'text', 'text', 'integer', 'text', 'euro', 'euro', 'text', 'integer', 'text'] as const;

/** A CSV cell: amounts (columns 5 and 6, in cents) German-formatted, numbers as digits. */
function csvCell(cell: string | number | null, index: number): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return index === 5 || index === 6 ? formatEuroNumber(cell) : String(cell);
  return cell;
}

/** A form field as a string; arrays, files and missing fields become undefined (never trusted). */
function field(body: Body, name: string): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(body, name)) return undefined;
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}

async function formBody(c: Context): Promise<Body> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    throw new AppError('VALIDATION_FAILED', 'Bitte senden Sie das Formular ab.');
  }
  return (await c.req.parseBody()) as Body;
}



function versionField(value: string | undefined): number {
  if (!value || !/^\d{1,9}$/.test(value) || Number(value) < 1) {
    throw new AppError('VALIDATION_FAILED', 'Die Version des Formulars fehlt. Bitte laden Sie die Seite neu.', { issues: [{ path: 'version', message: 'Fehlt' }] });
  }
  return Number(value);
}

function signedIn(c: Context): Actor {
  const actor = getActor(c);
  if (!actor) throw new AppError('UNAUTHENTICATED');
  return actor;
}

/** The signed-in actor and the agreement the path names (`/zielvereinbarungen/:year/:ags/…`); NOT_FOUND for a malformed path. */
function agreementTarget(c: Context): { actor: Actor; year: number; ags: string } {
  return { actor: signedIn(c), year: yearParam(c.req.param('year')), ags: agsParam(c.req.param('ags')) };
}

const MAX_PROJECT_LENGTH = 500;
const MAX_PROJECTS = 300;

function parseEditForm(body: Body, canEditAmount: boolean, currentAmount: number) {
  const errors: FieldErrors = {};
  const values: EditFormValues = {
    amount: field(body, 'betrag') ?? '',
    projects: [1, 2, 3, 4].map((i) => (field(body, `projekte_${i}`) ?? '').slice(0, 200_000)) as EditFormValues['projects'],
  };
  let amountCents = currentAmount;
  if (canEditAmount) {
    const parsed = parseEuro(values.amount);
    if (!parsed.ok) errors.betrag = parsed.message;
    else amountCents = parsed.cents;
  }
  const measures = values.projects.map((text, index) => {
    const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
    const name = `projekte_${index + 1}`;
    if (lines.length > MAX_PROJECTS) errors[name] = `Höchstens ${MAX_PROJECTS} Projekte je Maßnahmenart.`;
    else if (lines.some((line) => line.length > MAX_PROJECT_LENGTH)) errors[name] = `Ein Projekttitel darf höchstens ${MAX_PROJECT_LENGTH} Zeichen lang sein.`;
    return { type: (index + 1) as 1 | 2 | 3 | 4, projects: lines.map((title) => ({ title })) };
  });
  return { errors, values, amountCents, measures };
}

function issuesToFields(issues: FieldIssue[], map: (path: string) => string | undefined): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const name = map(issue.path) ?? '';
    errors[name] ??= issue.message;
  }
  return errors;
}

/** Errors a workflow form shows on its own page (the rest goes to the error page). */
const SHOWN_ON_PAGE = new Set(['INVALID_STATE_TRANSITION', 'CONFLICT', 'FORBIDDEN', 'VALIDATION_FAILED']);

/**
 * The agreement workflow pages: list and drafting, editing with optimistic locking, status
 * changes, signatures, Nachtrag, versions, comparisons and history. The read-only document view
 * (GET /zielvereinbarungen/:year/:ags) belongs to the document routes.
 */
export function agreementWorkflowRoutes({ database }: RouteDeps) {
  const app = new Hono();
  const db = database.db;

  /** The rows of the list with Regierungsbezirk and current allocation, for page and exports. */
  async function listRows(actor: Actor): Promise<AgreementListRow[]> {
    const [items, districts, allocationsByKey] = await Promise.all([findAgreements(db, actor), findDistricts(db), findAllAllocationCents(db)]);
    const bezirk = new Map(districts.map((d) => [d.ags, d.regierungsbezirk]));
    return items.map((item) => ({
      ...item,
      regierungsbezirk: bezirk.get(item.ags) ?? null,
      allocationCents: allocationsByKey.get(`${item.year}:${item.ags}`) ?? null,
    }));
  }

  async function listPage(c: Context, options: { status?: number; notice?: string; error?: string } = {}) {
    const actor = signedIn(c);
    const { query, errors } = parseListQuery(c.req.query());
    const selected = pageOfList(selectListRows(await listRows(actor), query), query.page);
    const years = (await findBudgetYears(db)).map((y) => y.year);
    const create = can(actor, 'agreement.create')
      ? { districts: (await findDistricts(db)).map((d) => ({ ags: d.ags, name: d.officialName })), csrf: csrfToken(c), error: options.error }
      : undefined;
    const status = options.status ?? (Object.keys(errors).length > 0 ? 400 : 200);
    return renderPage(
      c,
      <AgreementListPage rows={selected.rows} query={{ ...query, page: selected.page }} errors={errors} page={selected.page} pageCount={selected.pageCount} total={selected.total} years={years} create={create} notice={options.notice} />,
      status as 200,
    );
  }

  /** The list's whole selection (all pages) as a download; the same filter as the page. */
  async function listExport(c: Context, format: 'csv' | 'xlsx') {
    const actor = signedIn(c);
    const { query, errors } = parseListQuery(c.req.query());
    if (Object.keys(errors).length > 0) throw new AppError('VALIDATION_FAILED', Object.values(errors).join(' '));
    const rows = selectListRows(await listRows(actor), query).slice(0, MAX_EXPORT_ROWS);
    const name = `zielvereinbarungen${query.year ? `-${query.year}` : ''}`;
    c.header('Cache-Control', 'no-store');
    if (format === 'csv') {
      const lines = [[...LIST_EXPORT_HEADERS], ...rows.map((row) => exportCells(row).map((cell, index) => csvCell(cell, index)))];
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${name}.csv"`);
      return c.body(writeCsv(lines));
    }
    const bytes = await writeXlsxTable({
      sheetName: 'Zielvereinbarungen',
      tableName: 'Zielvereinbarungen',
      totalsLabel: 'Summe',
      columns: LIST_EXPORT_HEADERS.map((header, index) => ({ header, kind: LIST_EXPORT_KINDS[index]!, sum: index === 5 || index === 6, width: index === 1 ? 34 : undefined })),
      rows: rows.map(exportCells),
    });
    c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    c.header('Content-Disposition', `attachment; filename="${name}.xlsx"`);
    return c.body(bytes as unknown as ArrayBuffer);
  }

  app.get('/zielvereinbarungen', (c) => listPage(c, { notice: c.req.query('angelegt') ? 'Der Entwurf wurde angelegt.' : undefined }));
  app.get('/zielvereinbarungen.csv', (c) => listExport(c, 'csv'));
  app.get('/zielvereinbarungen.xlsx', (c) => listExport(c, 'xlsx'));

  app.post('/zielvereinbarungen', async (c) => {
    const actor = signedIn(c);
    authorize(actor, 'agreement.create');
    const body = await formBody(c);
    const yearText = field(body, 'neu_jahr')?.trim() ?? '';
    // The API's schema (CreateDraftSchema); the form only turns the typed year into a number.
    const parsed = CreateDraftSchema.safeParse({ year: /^\d{4}$/.test(yearText) ? Number(yearText) : yearText, ags: field(body, 'neu_ags') });
    if (!parsed.success) {
      return listPage(c, { status: 422, error: 'Bitte wählen Sie ein AQB-Jahr und eine Gebietskörperschaft.' });
    }
    const { year: newYear, ags } = parsed.data;
    try {
      await createDraft(database, actor, { year: newYear, ags });
    } catch (error) {
      if (isAppError(error) && ['CONFLICT', 'NOT_FOUND', 'UNKNOWN_DISTRICT'].includes(error.code)) return listPage(c, { status: error.status, error: error.message });
      throw error;
    }
    return c.redirect(`${agreementPath(newYear, ags, 'bearbeiten')}?angelegt=1`, 303);
  });

  app.get('/zielvereinbarungen/vergleich', async (c) => {
    const actor = signedIn(c);
    const ags = agsParam(c.req.query('ags'));
    const from = yearParam(c.req.query('von'));
    const to = yearParam(c.req.query('zu'));
    const result = await compareYears(db, actor, ags, from, to);
    return renderPage(c, 
      <ComparePage
        title={`Vergleich ${from} und ${to} – ${result.to.content.district.name}`}
        fromLabel={`Zielvereinbarung ${from}`}
        toLabel={`Zielvereinbarung ${to}`}
        diff={result.diff}
        demo={result.from.isDemo || result.to.isDemo}
        backHref={agreementPath(to, ags, 'versionen')}
        backLabel={`Zu den Versionen ${to}`}
      />,
    );
  });

  async function editPage(c: Context, year: number, ags: string, extra: Partial<Parameters<typeof EditPage>[0]> = {}, status = 200) {
    const actor = signedIn(c);
    const record = await getAgreementFor(db, actor, year, ags);
    const labels = await getMeasureTypeLabels(db, year);
    const canEdit = can(actor, 'agreement.edit', { ags, status: record.status });
    return renderPage(c, 
      <EditPage
        record={record}
        labels={labels}
        csrf={csrfToken(c)}
        baseVersion={record.currentVersion}
        values={formValuesOf(record)}
        canEdit={canEdit}
        canEditAmount={can(actor, 'agreement.editAmount', { ags, status: record.status })}
        {...extra}
      />,
      status as 200,
    );
  }

  app.get('/zielvereinbarungen/:year/:ags/bearbeiten', (c) => {
    const notice = c.req.query('gespeichert') ? 'Gespeichert.' : c.req.query('angelegt') ? 'Der Entwurf wurde angelegt.' : undefined;
    return editPage(c, yearParam(c.req.param('year')), agsParam(c.req.param('ags')), { notice });
  });

  app.post('/zielvereinbarungen/:year/:ags/bearbeiten', async (c) => {
    const { actor, year, ags } = agreementTarget(c);
    authorize(actor, 'agreement.edit', { ags });
    const record = await getAgreementFor(db, actor, year, ags);
    const body = await formBody(c);
    const version = versionField(field(body, 'version'));
    const form = parseEditForm(body, can(actor, 'agreement.editAmount', { ags, status: record.status }), record.content.amountCents);
    if (Object.values(form.errors).some(Boolean)) return editPage(c, year, ags, { values: form.values, errors: form.errors, baseVersion: version }, 422);
    try {
      await updateAgreement(database, actor, year, ags, { expectedVersion: version, amountCents: form.amountCents, measures: form.measures });
    } catch (error) {
      if (!isAppError(error) || !SHOWN_ON_PAGE.has(error.code)) throw error;
      if (error.code === 'CONFLICT') return editPage(c, year, ags, { values: form.values, conflict: { message: error.message, mine: form.values } }, 409);
      if (error.code === 'VALIDATION_FAILED') {
        const errors = issuesToFields(error.issues, (path) => (path.startsWith('measures.') ? `projekte_${Number(path.split('.')[1]) + 1}` : path === 'amountCents' ? 'betrag' : undefined));
        return editPage(c, year, ags, { values: form.values, errors, baseVersion: version }, 422);
      }
      return editPage(c, year, ags, { values: form.values, errors: { betrag: error.message }, baseVersion: version }, error.status);
    }
    return c.redirect(`${agreementPath(year, ags, 'bearbeiten')}?gespeichert=1`, 303);
  });

  async function statusPage(c: Context, year: number, ags: string, extra: { notice?: string; error?: string } = {}, status = 200) {
    const actor = signedIn(c);
    const record = await getAgreementFor(db, actor, year, ags);
    const allocationCents = (await findAllocationCents(db, ags, year)) ?? null;
    return renderPage(c, 
      <StatusPage
        record={record}
        allocationCents={allocationCents}
        letter={await findLetter(db, year, ags)}
        changeLetters={await findChangeLetters(db, year, ags)}
        transitions={manualTransitionsFrom(record.status, actor, ags)}
        canAmend={canStartAmendment({ ags, status: record.status }, actor)}
        csrf={csrfToken(c)}
        {...extra}
      />,
      status as 200,
    );
  }

  app.get('/zielvereinbarungen/:year/:ags/status', (c) =>
    statusPage(c, yearParam(c.req.param('year')), agsParam(c.req.param('ags')), { notice: c.req.query('ok') ? 'Der Status wurde geändert.' : undefined }),
  );

  app.post('/zielvereinbarungen/:year/:ags/status', async (c) => {
    const { actor, year, ags } = agreementTarget(c);
    // Tenancy first; which role may take which step is the policy's answer inside transitionAgreement.
    authorize(actor, 'agreement.read', { ags });
    const body = await formBody(c);
    const to = field(body, 'to');
    const version = versionField(field(body, 'version'));
    if (!isAgreementStatus(to)) return statusPage(c, year, ags, { error: 'Unbekannter Zielstatus.' }, 422);
    // Publishing cannot be taken back: it always passes its confirmation page (PDF, fingerprint, portal address).
    if (to === 'veroeffentlicht' && can(actor, 'agreement.publish', { ags })) return c.redirect(`${agreementPath(year, ags, 'veroeffentlichen')}?version=${version}`, 303);
    // So is withdrawing a publication: it needs its reason, asked on its own page.
    if (to === 'unterzeichnet' && can(actor, 'agreement.withdrawPublication', { ags })) return c.redirect(`${agreementPath(year, ags, 'zurueckziehen')}?version=${version}`, 303);
    try {
      await transitionAgreement(database, actor, year, ags, to, version);
    } catch (error) {
      if (isAppError(error) && SHOWN_ON_PAGE.has(error.code)) return statusPage(c, year, ags, { error: error.message }, error.status);
      throw error;
    }
    return c.redirect(`${agreementPath(year, ags, 'status')}?ok=1`, 303);
  });

  // ── Confirmations before acts that cannot be taken back ─────────────────────────────────
  async function publishConfirmPage(c: Context, year: number, ags: string, version: number) {
    const actor = signedIn(c);
    try {
      const preview = await previewPublication(database, actor, year, ags, version);
      const base = agreementPath(year, ags);
      return renderPage(
        c,
        <ConfirmActPage record={preview.record} title="Veröffentlichen bestätigen" current="status" action={`${base}/veroeffentlichen`} csrf={csrfToken(c)} fields={{ version: String(version), sha256: preview.sha256 }} confirmLabel="Jetzt veröffentlichen" backHref={`${base}/status`}>
          <p class="kern-body">
            Dieses PDF wird eingefroren und auf dem Portal „Arbeitswelt Hessen“ veröffentlicht. Es ist danach das öffentliche, unveränderliche Dokument dieser
            Zielvereinbarung; Änderungen sind nur noch als Nachtrag möglich.
          </p>
          <dl class="agreement-facts">
            <dt>Dokument</dt>
            <dd>
              <a class="kern-link" href={`${base}/veroeffentlichen/vorschau.pdf?version=${version}`}>
                PDF ansehen ({Math.max(1, Math.round(preview.pdf.byteLength / 1024))} KB)
              </a>
            </dd>
            <dt>Fingerabdruck (SHA-256)</dt>
            <dd>
              <code class="sha256">{preview.sha256}</code>
            </dd>
            <dt>Portalseite</dt>
            <dd>/portal/zielvereinbarungen/{year}/{ags}</dd>
          </dl>
        </ConfirmActPage>,
      );
    } catch (error) {
      if (isAppError(error) && SHOWN_ON_PAGE.has(error.code)) return statusPage(c, year, ags, { error: error.message }, error.status);
      throw error;
    }
  }

  app.get('/zielvereinbarungen/:year/:ags/veroeffentlichen', (c) =>
    publishConfirmPage(c, yearParam(c.req.param('year')), agsParam(c.req.param('ags')), versionField(c.req.query('version'))),
  );

  app.get('/zielvereinbarungen/:year/:ags/veroeffentlichen/vorschau.pdf', async (c) => {
    const { actor, year, ags } = agreementTarget(c);
    const preview = await previewPublication(database, actor, year, ags, versionField(c.req.query('version')));
    return c.body(new Uint8Array(preview.pdf), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="Vorschau_Veroeffentlichung_${year}_${ags}.pdf"`, 'Cache-Control': 'no-store' });
  });

  app.post('/zielvereinbarungen/:year/:ags/veroeffentlichen', async (c) => {
    const { actor, year, ags } = agreementTarget(c);
    authorize(actor, 'agreement.read', { ags });
    const body = await formBody(c);
    const version = versionField(field(body, 'version'));
    const sha256 = field(body, 'sha256') ?? '';
    if (!/^[0-9a-f]{64}$/.test(sha256)) return publishConfirmPage(c, year, ags, version);
    try {
      await publishAgreement(database, actor, year, ags, version, { expectedSha256: sha256 });
    } catch (error) {
      if (isAppError(error) && SHOWN_ON_PAGE.has(error.code)) return statusPage(c, year, ags, { error: error.message }, error.status);
      throw error;
    }
    return c.redirect(`${agreementPath(year, ags, 'status')}?ok=1`, 303);
  });

  // ── Withdrawing a publication (a mistaken one): reason required, audited, the portal says so ──
  async function withdrawConfirmPage(c: Context, year: number, ags: string, version: number, form: { reason?: string; error?: string } = {}, status = 200) {
    const actor = signedIn(c);
    const record = await getAgreementFor(db, actor, year, ags);
    authorize(actor, 'agreement.withdrawPublication', { ags, status: record.status });
    const base = agreementPath(year, ags);
    return renderPage(
      c,
      <ConfirmActPage
        record={record}
        title="Veröffentlichung zurückziehen"
        current="status"
        action={`${base}/zurueckziehen`}
        csrf={csrfToken(c)}
        fields={{ version: String(version) }}
        confirmLabel="Veröffentlichung zurückziehen"
        backHref={`${base}/status`}
        errorSummary={form.error ? <ErrorSummary errors={{ grund: form.error }} labels={{ grund: 'Begründung' }} /> : undefined}
        formFields={<TextArea name="grund" label="Begründung" required rows={4} maxlength={1000} value={form.reason ?? ''} error={form.error} hint="Die Begründung steht öffentlich auf der Portalseite, zum Beispiel „Falsche Fassung veröffentlicht; die richtige folgt.“" />}
      >
        <p class="kern-body">
          Das eingefrorene PDF wird auf dem Portal nicht mehr angeboten. Die Portalseite /portal/zielvereinbarungen/{year}/{ags} zeigt stattdessen „zurückgezogen am …“ mit Ihrer Begründung;
          die Zielvereinbarung verschwindet aus Suche, Liste und offenen Daten.
        </p>
        <p class="kern-body">Die Zielvereinbarung bleibt unterzeichnet (die Unterschriften bleiben erhalten) und kann nach der Korrektur erneut veröffentlicht werden. Der Vorgang wird im Protokoll festgehalten.</p>
      </ConfirmActPage>,
      status as 200,
    );
  }

  app.get('/zielvereinbarungen/:year/:ags/zurueckziehen', (c) =>
    withdrawConfirmPage(c, yearParam(c.req.param('year')), agsParam(c.req.param('ags')), versionField(c.req.query('version'))),
  );

  app.post('/zielvereinbarungen/:year/:ags/zurueckziehen', async (c) => {
    const { actor, year, ags } = agreementTarget(c);
    authorize(actor, 'agreement.read', { ags });
    const body = await formBody(c);
    const version = versionField(field(body, 'version'));
    const reason = field(body, 'grund') ?? '';
    try {
      await withdrawPublication(database, actor, year, ags, version, { reason });
    } catch (error) {
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') return withdrawConfirmPage(c, year, ags, version, { reason: reason.slice(0, 1000), error: error.issues[0]?.message ?? error.message }, 422);
      if (isAppError(error) && SHOWN_ON_PAGE.has(error.code)) return statusPage(c, year, ags, { error: error.message }, error.status);
      throw error;
    }
    return c.redirect(`${agreementPath(year, ags, 'status')}?ok=1`, 303);
  });

  app.get('/zielvereinbarungen/:year/:ags/nachtrag', async (c) => {
    const { actor, year, ags } = agreementTarget(c);
    const record = await getAgreementFor(db, actor, year, ags);
    authorize(actor, 'agreement.amend', { ags, status: record.status });
    const base = agreementPath(year, ags);
    return renderPage(
      c,
      <ConfirmActPage record={record} title="Nachtrag anlegen bestätigen" current="status" action={`${base}/nachtrag`} csrf={csrfToken(c)} fields={{ version: String(record.currentVersion) }} confirmLabel="Nachtrag anlegen" backHref={`${base}/status`}>
        <p class="kern-body">
          Es entsteht eine neue Version {record.currentVersion + 1} im Status „Entwurf“, die die veröffentlichte Version {record.currentVersion} ändert. Die
          veröffentlichte Fassung bleibt auf dem Portal gültig und sichtbar, bis der Nachtrag unterzeichnet und veröffentlicht ist. Beide Unterschriften werden für den
          Nachtrag neu erfasst.
        </p>
      </ConfirmActPage>,
    );
  });

  app.post('/zielvereinbarungen/:year/:ags/nachtrag', async (c) => {
    const { actor, year, ags } = agreementTarget(c);
    authorize(actor, 'agreement.amend', { ags });
    const version = versionField(field(await formBody(c), 'version'));
    try {
      await startAmendment(database, actor, year, ags, version);
    } catch (error) {
      if (isAppError(error) && SHOWN_ON_PAGE.has(error.code)) return statusPage(c, year, ags, { error: error.message }, error.status);
      throw error;
    }
    return c.redirect(`${agreementPath(year, ags, 'bearbeiten')}?gespeichert=1`, 303);
  });

  async function signaturePage(c: Context, year: number, ags: string, extra: { values?: SignatureFormValues; errors?: FieldErrors; notice?: string; error?: string } = {}, status = 200) {
    const actor = signedIn(c);
    const record = await getAgreementFor(db, actor, year, ags);
    let party: SignatureParty | null = canRecordSignature(record.status) ? signingPartyOf(actor, ags) : null;
    if (party && record.content.signatures[party] !== null) party = null;
    const names = await findUserNames(db, [record.landSignatureRecordedBy, record.districtSignatureRecordedBy]);
    return renderPage(c, <SignaturePage record={record} csrf={csrfToken(c)} party={party} names={names} {...extra} />, status as 200);
  }

  app.get('/zielvereinbarungen/:year/:ags/unterschrift', (c) =>
    signaturePage(c, yearParam(c.req.param('year')), agsParam(c.req.param('ags')), { notice: c.req.query('ok') ? 'Die Unterschrift wurde erfasst.' : undefined }),
  );

  app.post('/zielvereinbarungen/:year/:ags/unterschrift', async (c) => {
    const { actor, year, ags } = agreementTarget(c);
    authorize(actor, 'agreement.read', { ags });
    const body = await formBody(c);
    const party = field(body, 'partei');
    if (party !== 'land' && party !== 'district') return signaturePage(c, year, ags, { error: 'Bitte wählen Sie, für welche Seite unterschrieben wird.' }, 422);
    authorize(actor, party === 'land' ? 'agreement.signLand' : 'agreement.signDistrict', { ags });
    const version = versionField(field(body, 'version'));
    const values: SignatureFormValues = { ort: field(body, 'ort') ?? '', datum: field(body, 'datum') ?? '', name: field(body, 'name') ?? '', amt: field(body, 'amt') ?? '' };
    const input = { expectedVersion: version, party, signature: { place: values.ort, date: parseGermanDate(values.datum) ?? values.datum.trim(), name: values.name, title: values.amt } } as const;
    try {
      if (field(body, 'bestaetigt') !== '1') {
        // First the confirmation: what is recorded, and what the agreement becomes.
        const checked = await checkSignature(database, actor, year, ags, input);
        const base = agreementPath(year, ags);
        return renderPage(
          c,
          <ConfirmActPage record={checked.record} title="Unterschrift bestätigen" current="unterschrift" action={`${base}/unterschrift`} csrf={csrfToken(c)} fields={{ version: String(version), partei: party, ...values, datum: input.signature.date, bestaetigt: '1' }} confirmLabel="Unterschrift erfassen" backHref={`${base}/unterschrift`}>
            <p class="kern-body">
              Für {party === 'land' ? 'das Land (HMSI)' : 'die Gebietskörperschaft'} wird erfasst: {checked.input.signature.name}, {checked.input.signature.title}, {checked.input.signature.place},{' '}
              {formatDate(checked.input.signature.date)}.
            </p>
            <p class="kern-body">
              {checked.status === 'unterzeichnet'
                ? 'Damit liegen beide Unterschriften vor: Die Zielvereinbarung ist danach unterzeichnet, ihr Text ist endgültig.'
                : 'Danach fehlt noch die Unterschrift der anderen Seite.'}
            </p>
          </ConfirmActPage>,
        );
      }
      await recordSignature(database, actor, year, ags, input);
    } catch (error) {
      if (!isAppError(error) || !SHOWN_ON_PAGE.has(error.code)) throw error;
      if (error.code === 'VALIDATION_FAILED') {
        const names: Record<string, string> = { 'signature.place': 'ort', 'signature.date': 'datum', 'signature.name': 'name', 'signature.title': 'amt' };
        const errors = issuesToFields(error.issues, (path) => names[path]);
        // A date the schema cannot read gets the format hint; a plausibility message stays as it is.
        if (errors.datum && /JJJJ-MM-TT|gibt es nicht/.test(errors.datum)) errors.datum = 'Bitte geben Sie ein gültiges Datum im Format TT.MM.JJJJ ein (z. B. 10.03.2025).';
        return signaturePage(c, year, ags, { values, errors }, 422);
      }
      return signaturePage(c, year, ags, { values, error: error.message }, error.status);
    }
    return c.redirect(`${agreementPath(year, ags, 'unterschrift')}?ok=1`, 303);
  });

  // ── Negotiation notes ──────────────────────────────────────────────────────────────────
  async function notesPage(c: Context, year: number, ags: string, extra: Partial<Parameters<typeof NotesPage>[0]> = {}, status = 200) {
    const actor = signedIn(c);
    const record = await getAgreementFor(db, actor, year, ags);
    const { notes } = await findAgreementNotes(db, actor, year, ags);
    const names = await findUserNames(db, notes.map((n) => n.authorId));
    return renderPage(
      c,
      <NotesPage
        record={record}
        notes={notes}
        names={names}
        csrf={csrfToken(c)}
        canWrite={can(actor, 'agreement.note', { ags })}
        canMarkAgreed={can(actor, 'agreement.markAgreed', { ags, status: record.status })}
        notice={c.req.query('gespeichert') ? 'Gespeichert.' : undefined}
        {...extra}
      />,
      status,
    );
  }

  app.get('/zielvereinbarungen/:year/:ags/notizen', (c) => notesPage(c, yearParam(c.req.param('year')), agsParam(c.req.param('ags'))));

  app.post('/zielvereinbarungen/:year/:ags/notizen', async (c) => {
    const { actor, year, ags } = agreementTarget(c);
    authorize(actor, 'agreement.note', { ags });
    const body = field(await formBody(c), 'body') ?? '';
    try {
      await addAgreementNote(database, actor, year, ags, { body });
    } catch (error) {
      if (isAppError(error) && error.code === 'VALIDATION_FAILED') return notesPage(c, year, ags, { values: { body }, errors: issuesToFields(error.issues, () => 'body') }, 422);
      throw error;
    }
    return c.redirect(`${agreementPath(year, ags, 'notizen')}?gespeichert=1`, 303);
  });

  app.post('/zielvereinbarungen/:year/:ags/abgestimmt', async (c) => {
    const { actor, year, ags } = agreementTarget(c);
    authorize(actor, 'agreement.markAgreed', { ags });
    const version = versionField(field(await formBody(c), 'version'));
    try {
      await markDistrictAgreed(database, actor, year, ags, version);
    } catch (error) {
      if (isAppError(error) && SHOWN_ON_PAGE.has(error.code)) return notesPage(c, year, ags, { error: error.message }, error.status);
      throw error;
    }
    return c.redirect(`${agreementPath(year, ags, 'notizen')}?gespeichert=1`, 303);
  });

  app.get('/zielvereinbarungen/:year/:ags/versionen', async (c) => {
    const actor = signedIn(c);
    const record = await getAgreementFor(db, actor, yearParam(c.req.param('year')), agsParam(c.req.param('ags')));
    const versions = await findAgreementVersions(db, record.id);
    const names = await findUserNames(db, versions.map((v) => v.createdBy));
    return renderPage(c, <VersionsPage record={record} versions={versions} names={names} />);
  });

  app.get('/zielvereinbarungen/:year/:ags/vergleich', async (c) => {
    const { actor, year, ags } = agreementTarget(c);
    const number = (value: string | undefined) => (value && /^\d{1,9}$/.test(value) ? Number(value) : NaN);
    const from = number(c.req.query('von'));
    const to = number(c.req.query('zu'));
    if (Number.isNaN(from) || Number.isNaN(to)) throw new AppError('VALIDATION_FAILED', 'Bitte geben Sie zwei Versionen an (von, zu).');
    const result = await compareVersions(db, actor, year, ags, from, to);
    const record = await getAgreementFor(db, actor, year, ags);
    return renderPage(c, 
      <ComparePage
        title={`Versionen ${from} und ${to} – ${record.content.district.name} ${year}`}
        fromLabel={`Version ${from}`}
        toLabel={`Version ${to}`}
        diff={result.diff}
        demo={record.isDemo}
        backHref={agreementPath(year, ags, 'versionen')}
        backLabel="Zurück zu den Versionen"
      />,
    );
  });

  app.get('/zielvereinbarungen/:year/:ags/verlauf', async (c) => {
    const actor = signedIn(c);
    const { record, events } = await findAgreementHistory(db, actor, yearParam(c.req.param('year')), agsParam(c.req.param('ags')));
    const names = await findUserNames(db, [...new Set(events.map((e) => (e.actorId === null ? null : Number(e.actorId))))]);
    return renderPage(c, <HistoryPage record={record} events={events} names={names} />);
  });

  return app;
}
