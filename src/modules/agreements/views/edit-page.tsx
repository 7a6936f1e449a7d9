import { formatEuro, formatEuroNumber } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SubmitButton, TextArea, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import type { Measure } from '../../documents/schema';
import type { AgreementRecord } from '../use-cases';
import { AgreementHeader, agreementPath } from './agreement-nav';

export interface EditFormValues {
  amount: string;
  /** One textarea per Maßnahmenart, one project per line. */
  projects: [string, string, string, string];
}

export function formValuesOf(record: Pick<AgreementRecord, 'content'>): EditFormValues {
  return {
    amount: formatEuroNumber(record.content.amountCents),
    projects: record.content.measures.map((m) => m.projects.map((p) => p.title).join('\n')) as EditFormValues['projects'],
  };
}

export interface EditPageProps {
  /** The signed-in user for the page header (name, Abmelden). */
  record: AgreementRecord;
  labels: [string, string, string, string];
  csrf: string;
  /** The version the form is based on. */
  baseVersion: number;
  values: EditFormValues;
  canEdit: boolean;
  canEditAmount: boolean;
  errors?: FieldErrors;
  notice?: string;
  /** A stale save: the user's unsaved text next to the current version. */
  conflict?: { message: string; mine: EditFormValues };
}

function MeasureList({ measures, labels }: { measures: Measure[]; labels: string[] }) {
  return (
    <>
      {measures.map((m) => (
        <>
          <h4 class="kern-title">{labels[m.type - 1]}</h4>
          {m.projects.length === 0 ? (
            <p class="kern-body">Keine Projekte.</p>
          ) : (
            <ol class="kern-list">
              {m.projects.map((p) => (
                <li>{p.title}</li>
              ))}
            </ol>
          )}
        </>
      ))}
    </>
  );
}

function linesOf(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

export function EditPage(props: EditPageProps) {
  const { record } = props;
  const base = agreementPath(record.year, record.ags);
  return (
    <Page title={`Bearbeiten – ${record.content.district.name} ${record.year}`} currentPath="/zielvereinbarungen" demo={record.isDemo}>
      <AgreementHeader title="Zielvereinbarung bearbeiten" districtName={record.content.district.name} year={record.year} ags={record.ags} status={record.status} version={record.currentVersion} current="bearbeiten" />
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.conflict ? (
        <section aria-labelledby="konflikt-titel" class="kern-stack-sm">
          <div class="kern-alert kern-alert--danger" role="alert">
            <div class="kern-alert__header">
              <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
              <h2 class="kern-title" id="konflikt-titel">
                Speicherkonflikt: nichts wurde überschrieben
              </h2>
            </div>
            <div class="kern-alert__body">
              <p class="kern-body">{props.conflict.message}</p>
              <p class="kern-body">
                Vergleichen Sie beide Fassungen. Das Formular unten enthält Ihre Eingaben und beruht jetzt auf Version {record.currentVersion}: Wenn Sie erneut
                speichern, ersetzt Ihre Fassung die aktuelle.
              </p>
            </div>
          </div>
          <div class="conflict-columns">
            <section aria-labelledby="konflikt-meine" class="kern-stack-sm">
              <h3 class="kern-heading-small" id="konflikt-meine">
                Ihre Fassung (nicht gespeichert)
              </h3>
              <p class="kern-body">Betrag (§ 4): {props.conflict.mine.amount} €</p>
              <MeasureList labels={props.labels} measures={props.conflict.mine.projects.map((text, i) => ({ type: (i + 1) as 1, projects: linesOf(text).map((title) => ({ title })) }))} />
            </section>
            <section aria-labelledby="konflikt-aktuell" class="kern-stack-sm">
              <h3 class="kern-heading-small" id="konflikt-aktuell">
                Aktuelle Fassung (Version {record.currentVersion})
              </h3>
              <p class="kern-body">Betrag (§ 4): {formatEuro(record.content.amountCents)}</p>
              <MeasureList labels={props.labels} measures={record.content.measures} />
            </section>
          </div>
        </section>
      ) : null}
      {props.canEdit ? (
        <form method="post" action={`${base}/bearbeiten`} class="kern-stack-sm" novalidate>
          <ErrorSummary errors={props.errors ?? {}} />
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(props.baseVersion)} />
          {props.canEditAmount ? (
            <TextField
              name="betrag"
              label="Betrag in § 4 (Euro)"
              required
              inputmode="decimal"
              value={props.values.amount}
              error={props.errors?.betrag}
              hint="Deutsche Schreibweise, z. B. 787.100,00. Zur Unterschrift muss er der aktuellen Zuweisung entsprechen; ein Entwurf darf abweichen."
            />
          ) : (
            <p class="kern-body">Betrag in § 4: {formatEuro(record.content.amountCents)} (legt das HMSI fest).</p>
          )}
          <fieldset class="kern-fieldset">
            <legend class="kern-label">Projekte je Maßnahmenart (§ 5)</legend>
            <p class="kern-hint">
              Ein Projekt je Zeile. Hinzufügen: neue Zeile; Reihenfolge ändern: Zeilen umstellen; verschieben: Zeile in ein anderes Feld übertragen; entfernen:
              Zeile löschen.
            </p>
            {props.labels.map((label, i) => (
              <TextArea name={`projekte_${i + 1}`} label={label} rows={5} value={props.values.projects[i]} error={props.errors?.[`projekte_${i + 1}`]} />
            ))}
          </fieldset>
          <SubmitButton>Speichern</SubmitButton>
        </form>
      ) : (
        <Notice kind="info" title="Bearbeiten ist nicht möglich">
          <p class="kern-body">
            Im aktuellen Status oder mit Ihrer Rolle kann diese Zielvereinbarung nicht bearbeitet werden. <a class="kern-link" href={`${base}/status`}>Zum Status</a>
          </p>
        </Notice>
      )}
    </Page>
  );
}
