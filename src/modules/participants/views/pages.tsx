import { formatDate, formatDateTime } from '../../../platform/format';
import { CsrfField, Notice, SubmitButton } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import type { Project } from '../../projects/schema';
import type { RecordDifference, RecordSetState, VisibleRecord } from '../records';
import { GENDER_LABELS, LEGAL_SPHERE_LABELS, OUTCOME_LABELS, PARTICIPANT_COLUMNS, type ParticipantColumn } from '../records-schema';
import type { FlowRow, StatisticsTable } from '../statistics-query';
import type { UploadError } from '../upload';
import { formatCount, StatisticsTableView } from './statistics-table';

export const projectPath = (p: Pick<Project, 'year' | 'ags' | 'key'>) => `/teilnehmende/${p.year}/${p.ags}/${encodeURIComponent(p.key)}`;
export const TEMPLATE_PATH = '/teilnehmende/vorlage.csv';
export const TEMPLATE_XLSX_PATH = '/teilnehmende/vorlage.xlsx';

/** Longest list of Kennungen shown per kind on the confirmation page; the rest is counted. */
const LIST_LIMIT = 200;

function Breadcrumbs({ items }: { items: Array<{ href?: string; label: string }> }) {
  return (
    <nav aria-label="Brotkrümelnavigation" class="kern-body kern-body--small">
      {items.map((item, i) => (
        <>
          {i > 0 ? ' › ' : ''}
          {item.href ? (
            <a class="kern-link" href={item.href}>
              {item.label}
            </a>
          ) : (
            <span aria-current="page">{item.label}</span>
          )}
        </>
      ))}
    </nav>
  );
}

function ReferenceDateForm({ action, referenceDate }: { action: string; referenceDate: string }) {
  return (
    <form method="get" action={action} class="kern-stack-sm participants-date-form">
      <div class="kern-form-input">
        <label class="kern-label" for="feld-stichtag">
          Stichtag
        </label>
        <p class="kern-hint" id="feld-stichtag-hinweis">
          Aktuell Teilnehmende und Austritte bis zu diesem Tag.
        </p>
        <input class="kern-form-input__input" type="date" id="feld-stichtag" name="stichtag" value={referenceDate} aria-describedby="feld-stichtag-hinweis" />
      </div>
      <SubmitButton variant="secondary">Anzeigen</SubmitButton>
    </form>
  );
}

function FlowTable({ rows, caption, firstColumn, linkOf }: { rows: FlowRow[]; caption: string; firstColumn: string; linkOf: (row: FlowRow) => string }) {
  const sum = (pick: (r: FlowRow) => number | null) => rows.reduce((total, r) => total + (pick(r) ?? 0), 0);
  return (
    <div class="table-region" role="region" aria-labelledby="fluss-beschriftung" tabindex={0}>
      <table class="kern-table kern-table--striped">
        <caption class="kern-title" id="fluss-beschriftung">
          {caption}
        </caption>
        <TableHead columns={[firstColumn, { label: 'Geplante Plätze', numeric: true }, { label: 'Eintritte', numeric: true }, { label: 'Austritte bis Stichtag', numeric: true }, { label: 'Teilnehmende am Stichtag', numeric: true }]} />
        <tbody class="kern-table__body">
          {rows.map((row) => (
            <tr class="kern-table__row" data-key={row.key}>
              <th scope="row" class="kern-table__header">
                <a class="kern-link" href={linkOf(row)}>
                  {row.label}
                </a>
              </th>
              <td class="kern-table__cell kern-table__cell--numeric">{row.plannedPlaces === null ? '–' : formatCount(row.plannedPlaces)}</td>
              <td class="kern-table__cell kern-table__cell--numeric">{formatCount(row.entries)}</td>
              <td class="kern-table__cell kern-table__cell--numeric">{formatCount(row.exits)}</td>
              <td class="kern-table__cell kern-table__cell--numeric">{formatCount(row.activeOn)}</td>
            </tr>
          ))}
          <tr class="kern-table__row">
            <th scope="row" class="kern-table__header">
              Summe
            </th>
            <td class="kern-table__cell kern-table__cell--numeric">{formatCount(sum((r) => r.plannedPlaces))}</td>
            <td class="kern-table__cell kern-table__cell--numeric">{formatCount(sum((r) => r.entries))}</td>
            <td class="kern-table__cell kern-table__cell--numeric">{formatCount(sum((r) => r.exits))}</td>
            <td class="kern-table__cell kern-table__cell--numeric">{formatCount(sum((r) => r.activeOn))}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function StatisticsSection({ tables, csvHref, total }: { tables: StatisticsTable[]; csvHref: string; total: number }) {
  return (
    <section aria-labelledby="auswertung" class="kern-stack-sm">
      <h2 class="kern-heading-medium" id="auswertung">
        Auswertung nach Merkmalen
      </h2>
      {total === 0 ? (
        <p class="kern-body">Es sind noch keine Teilnehmenden erfasst.</p>
      ) : (
        <>
          <p class="kern-body">
            Interne Auswertung ohne Geheimhaltung (nur für Berechtigte). <a class="kern-link" href={csvHref}>Alle Tabellen als CSV herunterladen</a> ·{' '}
            <a class="kern-link" href={csvHref.replace(/\.csv$/, '.xlsx')}>als XLSX</a>
          </p>
          {tables.map((t) => (
            <StatisticsTableView id={`tabelle-${t.key}`} table={t.table} />
          ))}
        </>
      )}
    </section>
  );
}

/** GET /teilnehmende/:year: the Land-wide statistics (HMSI, RP). */
export function LandPage(props: { year: number; years: number[]; referenceDate: string; flows: FlowRow[]; tables: StatisticsTable[] }) {
  const total = props.flows.reduce((sum, r) => sum + r.entries, 0);
  return (
    <Page title={`Teilnehmende ${props.year}`} currentPath="/teilnehmende">
      <h1 class="kern-heading-large">Teilnehmende im AQB-Jahr {props.year}</h1>
      <p class="kern-body">
        Andere Jahre:{' '}
        {props.years
          .filter((y) => y !== props.year)
          .map((y, i) => (
            <>
              {i > 0 ? ' · ' : ''}
              <a class="kern-link" href={`/teilnehmende/${y}`}>
                {y}
              </a>
            </>
          ))}
      </p>
      <ReferenceDateForm action={`/teilnehmende/${props.year}`} referenceDate={props.referenceDate} />
      <FlowTable rows={props.flows} caption={`Geplante Plätze und Teilnehmende je Gebietskörperschaft, Stichtag ${formatDate(props.referenceDate)}`} firstColumn="Gebietskörperschaft" linkOf={(r) => `/teilnehmende/${props.year}/${r.key}`} />
      <StatisticsSection tables={props.tables} csvHref={`/teilnehmende/${props.year}/statistik.csv`} total={total} />
    </Page>
  );
}

/** GET /teilnehmende/:year/:ags: a district's projects and statistics. */
export function DistrictPage(props: { year: number; ags: string; districtName: string; showLandLink: boolean; showSubjectRequest: boolean; referenceDate: string; flows: FlowRow[]; tables: StatisticsTable[] }) {
  const total = props.flows.reduce((sum, r) => sum + r.entries, 0);
  return (
    <Page title={`Teilnehmende ${props.year} – ${props.districtName}`} currentPath="/teilnehmende">
      {props.showLandLink ? <Breadcrumbs items={[{ href: `/teilnehmende/${props.year}`, label: `Teilnehmende ${props.year}` }, { label: props.districtName }]} /> : null}
      <h1 class="kern-heading-large">
        Teilnehmende {props.year}: {props.districtName}
      </h1>
      {props.showSubjectRequest ? (
        <p class="kern-body">
          <a class="kern-link" href={`/teilnehmende/auskunft/${props.ags}`}>
            Auskunft und Löschung für eine Kennung (Anfragen betroffener Personen)
          </a>
        </p>
      ) : null}
      {props.flows.length === 0 ? (
        <p class="kern-body">Für dieses AQB-Jahr sind noch keine Projekte angelegt. Teilnehmende werden je Projekt hochgeladen.</p>
      ) : (
        <>
          <ReferenceDateForm action={`/teilnehmende/${props.year}/${props.ags}`} referenceDate={props.referenceDate} />
          <FlowTable rows={props.flows} caption={`Geplante Plätze und Teilnehmende je Projekt, Stichtag ${formatDate(props.referenceDate)}`} firstColumn="Projekt" linkOf={(r) => `/teilnehmende/${props.year}/${props.ags}/${encodeURIComponent(r.key)}`} />
          <StatisticsSection tables={props.tables} csvHref={`/teilnehmende/${props.year}/${props.ags}/statistik.csv`} total={total} />
        </>
      )}
    </Page>
  );
}

const COLUMN_LABELS: Record<ParticipantColumn, string> = {
  kennung: 'Kennung',
  eintritt: 'Eintritt',
  austritt: 'Austritt',
  geschlecht: 'Geschlecht',
  geburtsjahr: 'Geburtsjahr',
  rechtskreis: 'Rechtskreis',
  erwerbsstatus: 'Erwerbsstatus',
  isced: 'ISCED',
  behinderung: 'Behinderung',
  migration: 'Migrationshintergrund',
  teilzeitausbildung: 'Teilzeitausbildung',
  verbleib: 'Verbleib',
};

function UploadErrors({ errors }: { errors: UploadError[] }) {
  return (
    <div class="kern-alert kern-alert--danger" role="alert" tabindex={-1} id="fehler">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
        <h2 class="kern-title">Die Datei wurde nicht übernommen: {errors.length === 1 ? '1 Fehler' : `${errors.length} Fehler`}</h2>
      </div>
      <div class="kern-alert__body kern-stack-sm">
        <p class="kern-body">Es wurde nichts gespeichert. Bitte korrigieren Sie die Datei und laden Sie sie erneut hoch.</p>
        <div class="table-region" role="region" aria-labelledby="fehler-beschriftung" tabindex={0}>
          <table class="kern-table">
            <caption class="kern-title" id="fehler-beschriftung">
              Fehler je Zeile
            </caption>
            <TableHead columns={[{ label: 'Zeile', numeric: true }, 'Spalte', 'Fehler']} />
            <tbody class="kern-table__body">
              {errors.map((e) => (
                <tr class="kern-table__row" data-line={e.line}>
                  <td class="kern-table__cell kern-table__cell--numeric">{e.line > 0 ? e.line : '–'}</td>
                  <td class="kern-table__cell">{e.field || 'ganze Datei'}</td>
                  <td class="kern-table__cell">{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}

export interface ProjectPageProps {
  project: Project;
  districtName: string;
  state: RecordSetState;
  period: { start: string; end: string; fromYear: boolean };
  canUpload: boolean;
  columnHelp: Record<ParticipantColumn, string>;
  csrf: string;
  errors?: UploadError[];
  fileName?: string;
  replaced?: { records: number };
  records: { rows: VisibleRecord[]; total: number; page: number; pages: number; showsSpecialCategories: boolean } | null;
  tables: StatisticsTable[];
}

/** GET /teilnehmende/:year/:ags/:key: a project's participants: upload, records, statistics. */
export function ProjectPage(props: ProjectPageProps) {
  const { project } = props;
  const base = projectPath(project);
  return (
    <Page title={`Teilnehmende – ${project.title}`} currentPath="/teilnehmende" demo={project.isDemo}>
      <Breadcrumbs items={[{ href: `/teilnehmende/${project.year}/${project.ags}`, label: `Teilnehmende ${project.year}: ${props.districtName}` }, { label: project.title }]} />
      <h1 class="kern-heading-large">Teilnehmende: {project.title}</h1>
      {props.replaced ? <Notice title={`Die Teilnehmendendaten wurden ersetzt: ${formatCount(props.replaced.records)} Datensätze.`} /> : null}
      {props.errors?.length ? <UploadErrors errors={props.errors} /> : null}
      <p class="kern-body">
        {props.state.recordCount === 0 ? 'Für dieses Projekt sind noch keine Teilnehmenden erfasst.' : `${formatCount(props.state.recordCount)} Teilnehmende erfasst`}
        {props.state.replacedAt ? `, zuletzt ersetzt am ${formatDateTime(props.state.replacedAt)}${props.state.fileName ? ` aus „${props.state.fileName}“` : ''}.` : props.state.recordCount ? '.' : ''}
        {' '}Laufzeit: {formatDate(props.period.start)} bis {formatDate(props.period.end)}
        {props.period.fromYear ? ' (im Projekt nicht hinterlegt; geprüft wird gegen das AQB-Jahr)' : ''}.
        {project.plannedPlaces !== null ? ` Geplante Plätze: ${formatCount(project.plannedPlaces)}.` : ''}
      </p>

      {props.canUpload ? (
        <section aria-labelledby="hochladen" class="kern-stack-sm">
          <h2 class="kern-heading-medium" id="hochladen">
            Teilnehmendendatei hochladen
          </h2>
          <p class="kern-body">
            Eine Datei ersetzt alle Teilnehmenden des Projekts. Vor dem Ersetzen sehen Sie, welche Kennungen neu sind, sich geändert haben oder entfallen.
            Eine Datei mit einem Fehler wird nicht übernommen. Namen, Anschriften und Geburtsdaten gehören nicht in die Datei.
          </p>
          <p class="kern-body">
            <a class="kern-link" href={TEMPLATE_PATH} download="teilnehmende-vorlage.csv">
              Vorlage herunterladen (CSV, UTF-8)
            </a>{' '}
            ·{' '}
            <a class="kern-link" href={TEMPLATE_XLSX_PATH} download="teilnehmende-vorlage.xlsx">
              Vorlage als XLSX
            </a>
          </p>
          <form method="post" action={`${base}/hochladen`} enctype="multipart/form-data" class="kern-stack-sm">
            <CsrfField token={props.csrf} />
            <div class={`kern-form-input${props.errors?.length ? ' kern-form-input--error' : ''}`}>
              <label class="kern-label" for="feld-datei">
                Datei (CSV oder XLSX)
              </label>
              <p class="kern-hint" id="feld-datei-hinweis">
                Kopfzeile genau: <code class="participants-columns">{PARTICIPANT_COLUMNS.join(';')}</code>. Datumsangaben als TT.MM.JJJJ oder JJJJ-MM-TT.
              </p>
              {props.errors?.length ? (
                <p class="kern-error" id="feld-datei-fehler">
                  <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
                  <span>{`„${props.fileName ?? 'Datei'}“ enthält Fehler (siehe oben); es wurde nichts gespeichert.`}</span>
                </p>
              ) : null}
              <input
                class="kern-form-input__input"
                type="file"
                id="feld-datei"
                name="datei"
                required
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                aria-describedby={props.errors?.length ? 'feld-datei-hinweis feld-datei-fehler' : 'feld-datei-hinweis'}
                aria-invalid={props.errors?.length ? 'true' : undefined}
              />
            </div>
            <SubmitButton>Datei prüfen</SubmitButton>
          </form>
          <details class="kern-body">
            <summary>Was gehört in welche Spalte?</summary>
            <dl class="participants-help">
              {PARTICIPANT_COLUMNS.map((column) => (
                <>
                  <dt>
                    <code>{column}</code>
                  </dt>
                  <dd>{props.columnHelp[column]}</dd>
                </>
              ))}
            </dl>
          </details>
        </section>
      ) : null}

      {props.records ? <RecordList base={base} records={props.records} /> : null}
      <StatisticsSection tables={props.tables} csvHref={`${base}/statistik.csv`} total={props.tables[0]?.table.total ?? 0} />
    </Page>
  );
}

const display = (value: string | number | null) => (value === null || value === '' ? '–' : String(value));

function RecordList({ base, records }: { base: string; records: NonNullable<ProjectPageProps['records']> }) {
  if (records.total === 0) return null;
  const columns = ['Kennung', 'Eintritt', 'Austritt', 'Geschlecht', 'Geburtsjahr', 'Rechtskreis', 'Erwerbsstatus', 'ISCED', ...(records.showsSpecialCategories ? ['Behinderung', 'Migrationshintergrund'] : []), 'Teilzeitausbildung', 'Verbleib'];
  return (
    <section aria-labelledby="datensaetze" class="kern-stack-sm">
      <h2 class="kern-heading-medium" id="datensaetze">
        Datensätze
      </h2>
      {records.showsSpecialCategories ? null : (
        <p class="kern-body">Behinderung und Migrationshintergrund sind besondere Kategorien personenbezogener Daten (Art. 9 DSGVO) und werden Ihnen nur in der Auswertung gezeigt.</p>
      )}
      <div class="table-region" role="region" aria-labelledby="datensaetze-beschriftung" tabindex={0}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id="datensaetze-beschriftung">
            Teilnehmende {(records.page - 1) * 50 + 1} bis {Math.min(records.page * 50, records.total)} von {formatCount(records.total)}
          </caption>
          <TableHead columns={columns} />
          <tbody class="kern-table__body">
            {records.rows.map((r) => (
              <tr class="kern-table__row">
                <th scope="row" class="kern-table__header">
                  {r.kennung}
                </th>
                <td class="kern-table__cell">{formatDate(r.entryDate)}</td>
                <td class="kern-table__cell">{r.exitDate ? formatDate(r.exitDate) : '–'}</td>
                <td class="kern-table__cell">{GENDER_LABELS[r.gender]}</td>
                <td class="kern-table__cell">{r.birthYear}</td>
                <td class="kern-table__cell">{LEGAL_SPHERE_LABELS[r.legalSphere]}</td>
                <td class="kern-table__cell">{r.employmentStatus}</td>
                <td class="kern-table__cell">{r.isced}</td>
                {records.showsSpecialCategories ? (
                  <>
                    <td class="kern-table__cell">{display(r.disability)}</td>
                    <td class="kern-table__cell">{display(r.migrationBackground)}</td>
                  </>
                ) : null}
                <td class="kern-table__cell">{r.partTimeTraining}</td>
                <td class="kern-table__cell">{r.outcome ? OUTCOME_LABELS[r.outcome] : 'noch im Projekt'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {records.pages > 1 ? (
        <nav aria-label="Seiten der Datensätze" class="kern-body">
          {records.page > 1 ? (
            <a class="kern-link" href={`${base}?seite=${records.page - 1}#datensaetze`}>
              Vorherige Seite
            </a>
          ) : null}{' '}
          Seite {records.page} von {records.pages}{' '}
          {records.page < records.pages ? (
            <a class="kern-link" href={`${base}?seite=${records.page + 1}#datensaetze`}>
              Nächste Seite
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}

function KennungList({ id, title, items, render }: { id: string; title: string; items: readonly unknown[]; render: (item: never) => string }) {
  if (items.length === 0) return null;
  const shown = items.slice(0, LIST_LIMIT);
  return (
    <section aria-labelledby={id} class="kern-stack-sm" data-list={id}>
      <h2 class="kern-heading-medium" id={id}>
        {title} ({formatCount(items.length)})
      </h2>
      <ul class="kern-list kern-list--bullet participants-kennungen">
        {shown.map((item) => (
          <li>{render(item as never)}</li>
        ))}
      </ul>
      {items.length > LIST_LIMIT ? <p class="kern-body">… und {formatCount(items.length - LIST_LIMIT)} weitere.</p> : null}
    </section>
  );
}

/** GET /teilnehmende/:year/:ags/:key/hochladen/:upload: what the upload changes, before it replaces anything. */
export function ConfirmPage(props: { project: Project; districtName: string; uploadId: string; fileName: string; rowCount: number; currentCount: number; difference: RecordDifference; csrf: string }) {
  const { project, difference } = props;
  const base = projectPath(project);
  const unchanged = difference.added.length === 0 && difference.changed.length === 0 && difference.removed.length === 0;
  return (
    <Page title={`Upload bestätigen – ${project.title}`} currentPath="/teilnehmende" demo={project.isDemo}>
      <Breadcrumbs items={[{ href: `/teilnehmende/${project.year}/${project.ags}`, label: `Teilnehmende ${project.year}: ${props.districtName}` }, { href: base, label: project.title }, { label: 'Upload bestätigen' }]} />
      <h1 class="kern-heading-large">Teilnehmende ersetzen?</h1>
      <p class="kern-body">
        Die Datei „{props.fileName}“ ist fehlerfrei: {formatCount(props.rowCount)} Teilnehmende. Sie ersetzt die {formatCount(props.currentCount)} bisher gespeicherten
        Datensätze des Projekts „{project.title}“ vollständig. Noch ist nichts geändert.
      </p>
      <div class="table-region" role="region" aria-labelledby="aenderungen-beschriftung" tabindex={0}>
        <table class="kern-table">
          <caption class="kern-title" id="aenderungen-beschriftung">
            Änderungen durch die Datei
          </caption>
          <TableHead columns={['Art', { label: 'Kennungen', numeric: true }]} />
          <tbody class="kern-table__body">
            <tr class="kern-table__row" data-kind="neu">
              <th scope="row" class="kern-table__header">Neu</th>
              <td class="kern-table__cell kern-table__cell--numeric">{formatCount(difference.added.length)}</td>
            </tr>
            <tr class="kern-table__row" data-kind="geaendert">
              <th scope="row" class="kern-table__header">Geändert</th>
              <td class="kern-table__cell kern-table__cell--numeric">{formatCount(difference.changed.length)}</td>
            </tr>
            <tr class="kern-table__row" data-kind="entfallen">
              <th scope="row" class="kern-table__header">Entfallen</th>
              <td class="kern-table__cell kern-table__cell--numeric">{formatCount(difference.removed.length)}</td>
            </tr>
            <tr class="kern-table__row" data-kind="unveraendert">
              <th scope="row" class="kern-table__header">Unverändert</th>
              <td class="kern-table__cell kern-table__cell--numeric">{formatCount(difference.unchanged)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      {unchanged ? <Notice kind="info" title="Die Datei enthält dieselben Daten wie der gespeicherte Stand." /> : null}
      {difference.removed.length > 0 ? (
        <Notice kind="warning" title={`${formatCount(difference.removed.length)} Kennungen sind in der neuen Datei nicht mehr enthalten.`}>
          <p class="kern-body">Ihre Datensätze werden beim Ersetzen gelöscht. Bitte prüfen Sie, ob das gewollt ist.</p>
        </Notice>
      ) : null}
      <KennungList id="liste-neu" title="Neue Kennungen" items={difference.added} render={(k: string) => k} />
      <KennungList
        id="liste-geaendert"
        title="Geänderte Kennungen"
        items={difference.changed}
        render={(c: RecordDifference['changed'][number]) => `${c.kennung}: ${c.columns.map((col) => COLUMN_LABELS[col]).join(', ')}`}
      />
      <KennungList id="liste-entfallen" title="Entfallende Kennungen" items={difference.removed} render={(k: string) => k} />
      <form method="post" action={`${base}/hochladen/${props.uploadId}`} class="kern-stack-sm participants-confirm">
        <CsrfField token={props.csrf} />
        <SubmitButton name="aktion" value="ersetzen">
          Teilnehmende ersetzen
        </SubmitButton>{' '}
        <SubmitButton variant="secondary" name="aktion" value="verwerfen">
          Datei verwerfen
        </SubmitButton>
      </form>
    </Page>
  );
}
