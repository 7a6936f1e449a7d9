import { formatDate, formatDateTime } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SubmitButton, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import type { Strategy } from '../strategies';

export const strategiesPath = (ags: string) => `/strategien/${ags}`;

export interface StrategyPageProps {
  ags: string;
  districtName: string;
  strategies: Strategy[];
  canUpload: boolean;
  csrf: string;
  values: { title: string; validFrom: string; validTo: string };
  errors?: FieldErrors;
  notice?: string;
}

const size = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} MB`;

export function StrategyPage(props: StrategyPageProps) {
  return (
    <Page title={`Strategie – ${props.districtName}`} currentPath="/antraege" demo={props.strategies.some((s) => s.isDemo)}>
      <h1 class="kern-heading-large">Regionale Arbeitsmarkt- und Ausbildungsstrategie</h1>
      <p class="kern-body">
        {props.districtName} (AGS {props.ags}). § 2 der Zielvereinbarung verweist auf sie; ein Antrag wird nur eingereicht, wenn für sein AQB-Jahr eine gültige
        Strategie hinterlegt ist.
      </p>
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.strategies.length === 0 ? (
        <p class="kern-body">Es ist noch keine Strategie hinterlegt.</p>
      ) : (
        <div class="table-region" role="region" aria-labelledby="strategien-titel" tabindex={0}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-title" id="strategien-titel">
              Hinterlegte Strategien ({props.strategies.length})
            </caption>
            <TableHead columns={['Titel', 'Gültig', 'Datei', 'Hochgeladen']} />
            <tbody class="kern-table__body">
              {props.strategies.map((s) => (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    {s.title}
                    {s.isDemo ? <span class="demo-marker"> (Demodaten)</span> : null}
                  </th>
                  <td class="kern-table__cell">
                    {formatDate(s.validFrom)} – {formatDate(s.validTo)}
                  </td>
                  <td class="kern-table__cell">
                    <a class="kern-link" href={`${strategiesPath(props.ags)}/${s.id}/datei`}>
                      {s.fileName}
                    </a>{' '}
                    ({size(s.sizeBytes)})
                  </td>
                  <td class="kern-table__cell">{formatDateTime(s.uploadedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canUpload ? (
        <section aria-labelledby="hochladen-titel" class="kern-stack-sm">
          <h2 class="kern-heading-medium" id="hochladen-titel">
            Strategie hochladen
          </h2>
          <form method="post" action={strategiesPath(props.ags)} enctype="multipart/form-data" class="kern-stack-sm" novalidate>
            <ErrorSummary errors={props.errors ?? {}} />
            <CsrfField token={props.csrf} />
            <TextField name="titel" label="Titel" required value={props.values.title} error={props.errors?.titel} maxlength={300} />
            <TextField name="gueltig_von" label="Gültig ab" required value={props.values.validFrom} error={props.errors?.gueltig_von} hint="z. B. 1.1.2024" />
            <TextField name="gueltig_bis" label="Gültig bis" required value={props.values.validTo} error={props.errors?.gueltig_bis} hint="z. B. 31.12.2027" />
            <div class={`kern-form-input${props.errors?.datei ? ' kern-form-input--error' : ''}`}>
              <label class="kern-label" for="feld-datei">
                Dokument (PDF oder DOCX, höchstens 20 MB)
              </label>
              {props.errors?.datei ? (
                <p class="kern-error" id="feld-datei-fehler">
                  <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
                  <span>{props.errors.datei}</span>
                </p>
              ) : null}
              <input
                class="kern-form-input__input"
                type="file"
                id="feld-datei"
                name="datei"
                accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                aria-describedby={props.errors?.datei ? 'feld-datei-fehler' : undefined}
                aria-invalid={props.errors?.datei ? 'true' : undefined}
              />
            </div>
            <SubmitButton>Hochladen</SubmitButton>
          </form>
        </section>
      ) : null}
    </Page>
  );
}
