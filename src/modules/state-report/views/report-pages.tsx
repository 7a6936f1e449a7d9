import { formatDateTime } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SelectField, SubmitButton, TextArea } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import { ReportBody } from '../report-body';
import { CHAPTER_KEYS, CHAPTER_TITLES, type ChapterKey, COMMENTARY_MAX, FOREWORD_MAX, type ReportContent, type ReportFormat, STATE_REPORT_STATUS_LABELS, type StateReportVersion } from '../schema';

export const reportPath = (year: number) => `/landesbericht/${year}`;
export const reportFilePath = (year: number, format: ReportFormat, versionNo?: number) => `/landesbericht/${year}/dokument/${format}${versionNo === undefined ? '' : `?fassung=${versionNo}`}`;
const FORMAT_LABEL: Record<ReportFormat, string> = { pdf: 'PDF', docx: 'Word (DOCX)', html: 'HTML' };

/** Form field names of the draft's texts. */
export const FIELD_OF: Record<'foreword' | ChapterKey, string> = { foreword: 'vorwort', ...(Object.fromEntries(CHAPTER_KEYS.map((k) => [k, `kommentar_${k}`])) as Record<ChapterKey, string>) };

export interface ReportListProps {
  years: number[];
  year: number | null;
  /** Per year: its versions ([] = not created). */
  reports: Array<{ year: number; versions: StateReportVersion[] }>;
  /** Years the ministry may still create a report for (empty for everyone else). */
  creatable: number[];
  csrf: string;
  errors?: FieldErrors;
}

/** GET /landesbericht: the reports per year; the ministry creates one for a year. */
export function ReportListPage(props: ReportListProps) {
  return (
    <Page title="Landesbericht" currentPath="/landesbericht">
      <h1 class="kern-heading-large">Landesbericht</h1>
      <p class="kern-body">
        Der jährliche Bericht an das Land: Mittel, Plätze und Teilnehmende, Verbleib, Zielerreichung und Abweichungen werden aus den Daten erzeugt; das HMSI ergänzt
        Vorwort und Kommentare und gibt den Bericht frei. Eine freigegebene Fassung ändert sich nicht mehr; eine Korrektur ist eine neue Fassung.
      </p>
      {props.errors ? <ErrorSummary errors={props.errors} labels={{ jahr: 'AQB-Jahr' }} /> : null}
      {props.reports.length === 0 ? (
        <p class="kern-body">Es gibt noch keinen Landesbericht{props.creatable.length > 0 ? '' : ', der für Sie sichtbar ist'}.</p>
      ) : (
        <div class="table-region" role="region" aria-labelledby="berichte-beschriftung" tabindex={0}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-title" id="berichte-beschriftung">
              Landesberichte
            </caption>
            <TableHead columns={['AQB-Jahr', 'Stand', 'Fassungen']} />
            <tbody class="kern-table__body">
              {props.reports.map((r) => {
                const latest = r.versions.at(-1)!;
                return (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      <a class="kern-link" href={reportPath(r.year)}>
                        Landesbericht {r.year}
                      </a>
                    </th>
                    <td class="kern-table__cell">
                      Fassung {latest.versionNo}: {STATE_REPORT_STATUS_LABELS[latest.status]}
                    </td>
                    <td class="kern-table__cell">{r.versions.length}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {props.creatable.length > 0 ? (
        <form method="post" action="/landesbericht" class="kern-stack-sm" novalidate>
          <h2 class="kern-heading-medium">Landesbericht anlegen</h2>
          <CsrfField token={props.csrf} />
          <SelectField name="jahr" label="AQB-Jahr" required value={String(props.creatable[0])} options={props.creatable.map((y) => ({ value: String(y), label: String(y) }))} error={props.errors?.jahr} />
          <SubmitButton>Landesbericht anlegen</SubmitButton>
        </form>
      ) : null}
    </Page>
  );
}

export interface ReportPageProps {
  year: number;
  versions: StateReportVersion[];
  /** The version shown: the draft (figures generated now) or the release. */
  current: StateReportVersion;
  content: ReportContent;
  canEdit: boolean;
  canRelease: boolean;
  /** Whether the viewer sees the history and drafts (ministry, RP) or the release only (district). */
  showHistory: boolean;
  csrf: string;
  values?: { foreword: string; commentary: Record<ChapterKey, string> };
  errors?: FieldErrors;
  notice?: string;
}

const labels: Record<string, string> = { [FIELD_OF.foreword]: 'Vorwort', ...Object.fromEntries(CHAPTER_KEYS.map((k) => [FIELD_OF[k], `Kommentar zu „${CHAPTER_TITLES[k]}“`])) };

/** GET /landesbericht/:year: the draft's form and preview (ministry), the history, the downloads. */
export function ReportPage(props: ReportPageProps) {
  const v = props.current;
  const isDraft = v.status === 'entwurf';
  const values = props.values ?? { foreword: v.foreword, commentary: v.commentary };
  return (
    <Page title={`Landesbericht ${props.year}`} currentPath="/landesbericht" demo={props.content.isDemo}>
      <nav aria-label="Brotkrümelnavigation" class="kern-body kern-body--small">
        <a class="kern-link" href="/landesbericht">
          Landesbericht
        </a>
      </nav>
      <h1 class="kern-heading-large">Landesbericht {props.year}</h1>
      <p class="kern-body">
        Fassung {v.versionNo}: <strong>{STATE_REPORT_STATUS_LABELS[v.status]}</strong>
        {v.releasedAt ? ` am ${formatDateTime(v.releasedAt)}${v.releasedByName ? ` durch ${v.releasedByName}` : ''}` : ''}.
        {isDraft ? ' Die Zahlen werden aus dem aktuellen Datenstand erzeugt und bei der Freigabe eingefroren.' : ''}
      </p>
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.errors ? <ErrorSummary errors={props.errors} labels={labels} /> : null}
      <h2 class="kern-heading-medium">Herunterladen</h2>
      <ul class="kern-list">
        {(['pdf', 'docx', 'html'] as const).map((f) => (
          <li>
            <a class="kern-link" href={reportFilePath(props.year, f, v.versionNo)}>
              {FORMAT_LABEL[f]}, Fassung {v.versionNo}
              {isDraft ? ' (Entwurf)' : ''}
            </a>
          </li>
        ))}
      </ul>
      {isDraft && props.canEdit ? (
        <form method="post" action={reportPath(props.year)} class="kern-stack-sm" novalidate>
          <h2 class="kern-heading-medium">Texte des Entwurfs</h2>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(v.version)} />
          <TextArea name={FIELD_OF.foreword} label="Vorwort" hint="Absätze durch eine Leerzeile trennen." rows={8} maxlength={FOREWORD_MAX} value={values.foreword} error={props.errors?.[FIELD_OF.foreword]} />
          {CHAPTER_KEYS.map((k) => (
            <TextArea name={FIELD_OF[k]} label={labels[FIELD_OF[k]]!} rows={4} maxlength={COMMENTARY_MAX} value={values.commentary[k]} error={props.errors?.[FIELD_OF[k]]} />
          ))}
          <SubmitButton>Entwurf speichern</SubmitButton>
        </form>
      ) : null}
      {isDraft && props.canRelease ? (
        <p class="kern-body">
          <a class="kern-link" href={`${reportPath(props.year)}/freigeben`}>
            Fassung {v.versionNo} freigeben …
          </a>
        </p>
      ) : null}
      {!isDraft && props.canEdit ? (
        <form method="post" action={`${reportPath(props.year)}/korrektur`} class="kern-stack-sm">
          <CsrfField token={props.csrf} />
          <p class="kern-body">Eine freigegebene Fassung bleibt unverändert. Für eine Korrektur legen Sie eine neue Fassung mit den Texten dieser Fassung an.</p>
          <SubmitButton variant="secondary">Korrektur als neue Fassung anlegen</SubmitButton>
        </form>
      ) : null}
      {props.showHistory ? (
        <section class="kern-stack-sm" aria-labelledby="fassungen">
          <h2 class="kern-heading-medium" id="fassungen">
            Fassungen
          </h2>
          <div class="table-region" role="region" aria-labelledby="fassungen-beschriftung" tabindex={0}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-title" id="fassungen-beschriftung">
                Fassungen des Landesberichts {props.year}
              </caption>
              <TableHead columns={['Fassung', 'Stand', 'Freigegeben', 'SHA-256 (PDF)', 'Dateien']} />
              <tbody class="kern-table__body">
                {props.versions.map((x) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      {x.versionNo}
                    </th>
                    <td class="kern-table__cell">
                      {STATE_REPORT_STATUS_LABELS[x.status]}
                      {x.supersededBy !== null ? ` (korrigiert durch Fassung ${x.supersededBy})` : ''}
                    </td>
                    <td class="kern-table__cell">{x.releasedAt ? formatDateTime(x.releasedAt) : '–'}</td>
                    <td class="kern-table__cell">
                      <code>{x.pdfSha256 ?? '–'}</code>
                    </td>
                    <td class="kern-table__cell">
                      <a class="kern-link" href={reportFilePath(props.year, 'pdf', x.versionNo)}>
                        PDF <span class="visually-hidden">der Fassung {x.versionNo}</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <h2 class="kern-heading-medium">{isDraft ? 'Vorschau des Entwurfs' : 'Inhalt'}</h2>
      <p class="kern-body">{props.content.asOf}</p>
      <ReportBody content={props.content} headingLevel={3} />
    </Page>
  );
}

/** GET /landesbericht/:year/freigeben: what the release freezes, and the one button. */
export function ConfirmReleasePage(props: { year: number; current: StateReportVersion; csrf: string }) {
  return (
    <Page title="Landesbericht freigeben" currentPath="/landesbericht">
      <h1 class="kern-heading-large">Landesbericht {props.year} freigeben</h1>
      <p class="kern-body">
        Fassung {props.current.versionNo} wird freigegeben. Die Zahlen werden mit dem heutigen Datenstand erzeugt und zusammen mit Vorwort, Kommentaren und den Dateien
        (PDF, Word, HTML) mit Prüfsummen eingefroren. Danach kann diese Fassung nicht mehr geändert werden; sie erscheint im Portal und in den offenen Daten. Eine
        Korrektur ist nur als neue Fassung möglich.
      </p>
      <form method="post" action={`${reportPath(props.year)}/freigeben`} class="kern-stack-sm" novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(props.current.version)} />
        <SubmitButton>Fassung {props.current.versionNo} endgültig freigeben</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href={reportPath(props.year)}>
          Abbrechen
        </a>
      </p>
    </Page>
  );
}
