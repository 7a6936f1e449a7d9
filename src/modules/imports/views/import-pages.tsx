import { formatDateTime, formatEuro } from '../../../platform/format';
import { AGREEMENT_STATUS_LABELS, type AgreementStatus } from '../../agreements/status';
import type { ContentComparison } from '../../documents/service';
import { CsrfField, ErrorSummary, type FieldErrors, idFor, Notice, SelectField, SubmitButton, TextArea, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import type { District } from '../../districts/schema';
import { MEASURE_LABELS } from '../measure-headings';
import type { ImportDraft, StoredImportDocument } from '../service';
import { fieldName, type PreviewFormValues, SIGNATURE_FIELDS, SIGNATURE_LABELS } from './preview-form';
import { TableHead } from '../../../ui/table';

const STATUS_LABELS: Record<ImportDraft['status'], string> = {
  open: 'Zu prüfen',
  saved: 'Gespeichert',
  skipped: 'Nicht gespeichert',
  failed: 'Nicht erkannt',
};

const previewHref = (draft: Pick<ImportDraft, 'batchId' | 'position'>) => `/import/stapel/${draft.batchId}/${draft.position}`;

function formatBytes(size: number): string {
  if (size < 1024) return `${size} Byte`;
  if (size < 1024 * 1024) return `${(size / 1024).toLocaleString('de-DE', { maximumFractionDigits: 0 })} KB`;
  return `${(size / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 })} MB`;
}

/** GET /import: choose one or many files. */
export function UploadPage(props: { csrf: string; error?: string; recent: StoredImportDocument[]; maxMb: number; maxFiles: number }) {
  const errors: FieldErrors = { dateien: props.error };
  return (
    <Page title="Zielvereinbarungen importieren" currentPath="/import">
      <h1 class="kern-heading-large">Zielvereinbarungen importieren</h1>
      <p class="kern-body">
        Laden Sie eine oder mehrere unterzeichnete Zielvereinbarungen hoch (Markdown, Text, PDF oder Word). Jede Datei wird
        ausgelesen; Sie prüfen und korrigieren die erkannten Angaben, bevor etwas gespeichert wird.
      </p>
      <ErrorSummary errors={errors} labels={{ dateien: 'Dateien' }} />
      <form method="post" action="/import" enctype="multipart/form-data" class="kern-stack-md">
        <CsrfField token={props.csrf} />
        <div class={`kern-form-input${props.error ? ' kern-form-input--error' : ''}`}>
          <label class="kern-label" for="feld-dateien">
            Dateien (.md, .txt, .pdf, .docx)
          </label>
          <p class="kern-hint" id="feld-dateien-hinweis">
            Höchstens {props.maxFiles} Dateien, je Datei höchstens {props.maxMb} MB. Mehrere Dateien wählen Sie mit gedrückter Strg-
            bzw. Umschalttaste aus.
          </p>
          {props.error ? (
            <p class="kern-error" id="feld-dateien-fehler">
              <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
              <span>{props.error}</span>
            </p>
          ) : null}
          <input
            class="kern-form-input__input"
            id="feld-dateien"
            name="dateien"
            type="file"
            multiple
            required
            accept=".md,.txt,.pdf,.docx,text/markdown,text/plain,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            aria-invalid={props.error ? 'true' : undefined}
            aria-describedby={props.error ? 'feld-dateien-hinweis feld-dateien-fehler' : 'feld-dateien-hinweis'}
          />
        </div>
        <SubmitButton>Hochladen und prüfen</SubmitButton>
      </form>
      <section aria-labelledby="zuletzt" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="zuletzt">
          Zuletzt gespeicherte Importe
        </h2>
        {props.recent.length === 0 ? (
          <p class="kern-body">Es wurde noch keine Datei importiert.</p>
        ) : (
          <div class="table-region" role="region" aria-labelledby="tabelle-importe" tabindex={0}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-title" id="tabelle-importe">
                Gespeicherte Originaldateien, neueste zuerst
              </caption>
              <TableHead columns={['Datei', 'Importiert am', 'Version', { label: 'Größe', numeric: true }]} />
              <tbody class="kern-table__body">
                {props.recent.map((doc) => (
                  <tr class="kern-table__row" data-sha256={doc.sha256}>
                    <th scope="row" class="kern-table__header">
                      {doc.fileName}
                    </th>
                    <td class="kern-table__cell">{formatDateTime(doc.importedAt)}</td>
                    <td class="kern-table__cell">{doc.version}</td>
                    <td class="kern-table__cell kern-table__cell--numeric">{formatBytes(doc.sizeBytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Page>
  );
}

function BatchProgress({ drafts, current }: { drafts: ImportDraft[]; current?: number }) {
  const done = drafts.filter((d) => d.status !== 'open').length;
  return (
    <div class="kern-stack-xs">
      {current ? (
        <p class="kern-body">
          <strong>
            Datei {current} von {drafts.length}
          </strong>
        </p>
      ) : null}
      <label class="kern-label" for="fortschritt">
        {done} von {drafts.length} {drafts.length === 1 ? 'Datei' : 'Dateien'} bearbeitet
      </label>
      <progress id="fortschritt" class="import-progress" max={drafts.length} value={done}>
        {done} von {drafts.length}
      </progress>
    </div>
  );
}

function ResultsTable({ drafts }: { drafts: ImportDraft[] }) {
  return (
    <div class="table-region" role="region" aria-labelledby="tabelle-stapel" tabindex={0}>
      <table class="kern-table kern-table--striped">
        <caption class="kern-title" id="tabelle-stapel">
          Dateien dieses Imports
        </caption>
        <TableHead columns={['Nr.', 'Datei', 'Stand', 'Ergebnis']} />
        <tbody class="kern-table__body">
          {drafts.map((draft) => (
            <tr class="kern-table__row" data-status={draft.status}>
              <td class="kern-table__cell">{draft.position}</td>
              <th scope="row" class="kern-table__header">
                <a class="kern-link" href={previewHref(draft)}>
                  {draft.fileName}
                </a>
              </th>
              <td class="kern-table__cell">{STATUS_LABELS[draft.status]}</td>
              <td class="kern-table__cell">{draft.status === 'failed' ? draft.error?.message : (draft.outcome ?? 'noch nicht gespeichert')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** GET /import/stapel/:batch: progress and results of one upload. */
export function BatchPage({ drafts }: { drafts: ImportDraft[] }) {
  const next = drafts.find((d) => d.status === 'open');
  return (
    <Page title="Import: Übersicht" currentPath="/import">
      <h1 class="kern-heading-large">Import: Übersicht</h1>
      <BatchProgress drafts={drafts} />
      {next ? (
        <p class="kern-body">
          <a class="kern-link" href={previewHref(next)}>
            Nächste Datei prüfen: {next.fileName}
          </a>
        </p>
      ) : (
        <Notice title="Alle Dateien dieses Imports sind bearbeitet." kind="success" />
      )}
      <ResultsTable drafts={drafts} />
      <p class="kern-body">
        <a class="kern-link" href="/import">
          Weitere Dateien importieren
        </a>
      </p>
    </Page>
  );
}

export interface PreviewPageProps {
  csrf: string;
  drafts: ImportDraft[];
  draft: ImportDraft;
  districts: District[];
  values?: PreviewFormValues;
  errors?: FieldErrors;
  /** Result of the previous file, shown once after saving it. */
  previous?: ImportDraft;
  saveError?: string;
  /** The agreement already stored for the recognised district and year, and how the file differs from it. */
  existing?: ExistingAgreement;
}

export interface ExistingAgreement {
  districtName: string;
  year: number;
  status: AgreementStatus;
  version: number;
  comparison: ContentComparison;
  signatures: { stored: { land: boolean; district: boolean }; file: { land: boolean; district: boolean } };
}

/** What saving does to an existing agreement in its state (the agreements' import use case decides the same). */
function saveLabelFor(existing: ExistingAgreement | undefined): string | null {
  if (!existing) return 'Speichern';
  if (existing.status === 'veroeffentlicht') return 'Als Nachtrag-Entwurf übernehmen';
  if (existing.status === 'zur_unterschrift' || existing.status === 'unterzeichnet') return null;
  return `Als Version ${existing.version + 1} speichern`;
}

function ExistingNotice({ existing }: { existing: ExistingAgreement }) {
  const { comparison, signatures } = existing;
  const label = saveLabelFor(existing);
  const side = (present: boolean) => (present ? 'vorhanden' : 'fehlt');
  const changed = comparison.measures.filter((m) => m.added.length > 0 || m.removed.length > 0);
  return (
    <div class="kern-alert kern-alert--warning" role="note" aria-labelledby="bestehend">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--warning" aria-hidden="true"></span>
        <h2 class="kern-title" id="bestehend">
          Für {existing.districtName} {existing.year} gibt es bereits eine Zielvereinbarung ({AGREEMENT_STATUS_LABELS[existing.status]}, Version {existing.version})
        </h2>
      </div>
      <div class="kern-alert__body kern-stack-xs">
        <dl class="agreement-facts">
          <dt>Betrag (§ 4)</dt>
          <dd>
            {comparison.amount.changeCents === 0 ? `unverändert ${formatEuro(comparison.amount.toCents)}` : `${formatEuro(comparison.amount.fromCents)} gespeichert → ${formatEuro(comparison.amount.toCents)} in der Datei`}
          </dd>
          <dt>Projekte</dt>
          <dd>
            {changed.length === 0
              ? 'dieselben Projekte'
              : changed.map((m) => `Maßnahmenart ${m.type}: ${m.added.length} neu, ${m.removed.length} entfallen`).join('; ')}
          </dd>
          <dt>Unterschriften</dt>
          <dd>
            gespeichert: Land {side(signatures.stored.land)}, Gebietskörperschaft {side(signatures.stored.district)}; in der Datei: Land {side(signatures.file.land)},
            Gebietskörperschaft {side(signatures.file.district)}
          </dd>
        </dl>
        <p class="kern-body">
          {label === null
            ? 'Diese Zielvereinbarung wartet auf Unterschriften oder ist unterzeichnet: ihr Inhalt wird durch einen Import nie geändert. Sie können die Datei nur verwerfen.'
            : existing.status === 'veroeffentlicht'
              ? 'Die veröffentlichte Fassung bleibt unverändert; der Text der Datei wird ein Nachtrag-Entwurf, dessen Unterschriften neu erfasst werden.'
              : 'Die Zielvereinbarung ist noch in Verhandlung: der Text der Datei wird ihre nächste Version.'}
        </p>
      </div>
    </div>
  );
}

function WarningList({ draft }: { draft: ImportDraft }) {
  if (draft.warnings.length === 0) return null;
  return (
    <div class="kern-alert kern-alert--warning" role="note" aria-labelledby="warnungen">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--warning" aria-hidden="true"></span>
        <h2 class="kern-title" id="warnungen">
          {draft.warnings.length === 1 ? '1 Warnung' : `${draft.warnings.length} Warnungen`} – die Datei kann trotzdem gespeichert werden
        </h2>
      </div>
      <div class="kern-alert__body">
        <ul class="kern-list kern-list--bullet">
          {draft.warnings.map((w) => (
            <li data-code={w.code}>
              {w.line && !w.message.startsWith('Zeile') ? `Zeile ${w.line}: ` : ''}
              {w.message}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

const FIELD_LABELS: Record<string, string> = {
  year: 'AQB-Jahr',
  ags: 'Gebietskörperschaft',
  amount: 'Betrag',
  'projects-1': 'Projekte Maßnahmenart 1',
  'projects-2': 'Projekte Maßnahmenart 2',
  'projects-3': 'Projekte Maßnahmenart 3',
  'projects-4': 'Projekte Maßnahmenart 4',
  ...Object.fromEntries(
    (['land', 'district'] as const).flatMap((side) =>
      SIGNATURE_FIELDS.map((f) => [fieldName.signature(side, f), `${side === 'land' ? 'Unterschrift Land' : 'Unterschrift Gebietskörperschaft'}, ${SIGNATURE_LABELS[f]}`]),
    ),
  ),
};

const MISSING_HINT = 'Fehlt in der Datei – bitte eintragen.';
const MISSING_LABELS: Record<ImportDraft['missing'][number], { label: string; field: string }> = {
  year: { label: 'das AQB-Jahr', field: fieldName.year },
  amountCents: { label: 'der Betrag der Haushaltsmittel (§ 4)', field: fieldName.amount },
};

/** A file that lacks some fields: which, with links to the empty, marked fields. */
function MissingNotice({ draft }: { draft: ImportDraft }) {
  if (draft.missing.length === 0) return null;
  return (
    <Notice kind="warning" title="In der Datei fehlen Angaben">
      <p class="kern-body">Die übrigen Angaben wurden erkannt. Bitte tragen Sie vor dem Speichern ein:</p>
      <ul class="kern-list kern-list--bullet">
        {draft.missing.map((field) => (
          <li>
            <a class="kern-link" href={`#${idFor(MISSING_LABELS[field].field)}`}>
              {MISSING_LABELS[field].label}
            </a>
          </li>
        ))}
      </ul>
    </Notice>
  );
}

function PreviewForm(props: PreviewPageProps & { values: PreviewFormValues }) {
  const { values, errors = {}, draft } = props;
  return (
    <form method="post" action={previewHref(draft)} class="kern-stack-md" novalidate>
      <CsrfField token={props.csrf} />
      <fieldset class="kern-fieldset">
        <legend class="kern-label">Vereinbarung</legend>
        <div class="kern-stack-sm">
          <TextField
            name={fieldName.year}
            label="AQB-Jahr"
            value={values.year}
            error={errors[fieldName.year]}
            hint={draft.missing.includes('year') ? MISSING_HINT : undefined}
            missing={draft.missing.includes('year')}
            inputmode="numeric"
            maxlength={4}
            required
          />
          <SelectField
            name={fieldName.ags}
            label="Gebietskörperschaft"
            value={values.ags}
            error={errors[fieldName.ags]}
            required
            options={[{ value: '', label: 'Bitte wählen' }, ...props.districts.map((d) => ({ value: d.ags, label: d.officialName }))]}
          />
          <TextField
            name={fieldName.amount}
            label="Betrag der Haushaltsmittel (§ 4) in Euro"
            hint={draft.missing.includes('amountCents') ? `${MISSING_HINT} Zum Beispiel 787.100,00.` : 'z. B. 787.100,00'}
            missing={draft.missing.includes('amountCents')}
            value={values.amount}
            error={errors[fieldName.amount]}
            inputmode="decimal"
            required
          />
        </div>
      </fieldset>
      <fieldset class="kern-fieldset">
        <legend class="kern-label">Projekte je Maßnahmenart (ein Projekttitel pro Zeile)</legend>
        <div class="kern-stack-sm">
          {([1, 2, 3, 4] as const).map((type) => (
            <TextArea
              name={fieldName.projects(type)}
              label={`${type}. ${MEASURE_LABELS[type]}`}
              value={values.projects[type - 1]}
              error={errors[fieldName.projects(type)]}
              rows={Math.min(10, Math.max(3, (values.projects[type - 1] ?? '').split('\n').length + 1))}
            />
          ))}
        </div>
      </fieldset>
      {(['land', 'district'] as const).map((side) => (
        <fieldset class="kern-fieldset">
          <legend class="kern-label">{side === 'land' ? 'Unterschrift des Landes' : 'Unterschrift der Gebietskörperschaft'}</legend>
          <div class="kern-stack-sm">
            <p class="kern-hint">Alle vier Angaben leer lassen, wenn diese Unterschrift fehlt.</p>
            {SIGNATURE_FIELDS.map((field) => (
              <TextField
                name={fieldName.signature(side, field)}
                label={SIGNATURE_LABELS[field]}
                hint={field === 'date' ? 'TT.MM.JJJJ, z. B. 1.7.2024' : undefined}
                value={values[side][field]}
                error={errors[fieldName.signature(side, field)]}
              />
            ))}
          </div>
        </fieldset>
      ))}
      <div class="import-actions">
        {saveLabelFor(props.existing) !== null ? (
          <SubmitButton name="action" value="save">
            {saveLabelFor(props.existing)}
          </SubmitButton>
        ) : null}
        <SubmitButton name="action" value="skip" variant="secondary">
          {props.existing ? 'Verwerfen, weiter' : 'Nicht speichern, weiter'}
        </SubmitButton>
      </div>
    </form>
  );
}

/** GET /import/stapel/:batch/:position: recognised fields next to the extracted text. */
export function PreviewPage(props: PreviewPageProps) {
  const { draft, drafts } = props;
  const next = drafts.find((d) => d.position > draft.position) ?? null;
  return (
    <Page title={`Import prüfen: ${draft.fileName}`} currentPath="/import">
      <h1 class="kern-heading-large import-title">Import prüfen: {draft.fileName}</h1>
      <BatchProgress drafts={drafts} current={draft.position} />
      {props.previous ? (
        <Notice title={`Datei ${props.previous.position} („${props.previous.fileName}“): ${STATUS_LABELS[props.previous.status]}`} kind="success">
          {props.previous.outcome ? <p class="kern-body">{props.previous.outcome}</p> : null}
        </Notice>
      ) : null}
      {props.errors ? <ErrorSummary errors={props.errors} labels={FIELD_LABELS} /> : null}
      {props.saveError ? <Notice kind="danger" title="Nicht gespeichert">{<p class="kern-body">{props.saveError}</p>}</Notice> : null}
      {draft.status === 'failed' ? (
        <Notice kind="danger" title="Diese Datei wurde nicht erkannt">
          <p class="kern-body">
            {draft.error?.message} (Fehlercode {draft.error?.code})
          </p>
          <p class="kern-body">Die übrigen Dateien des Imports sind davon nicht betroffen; es wurde nichts gespeichert.</p>
        </Notice>
      ) : null}
      {draft.status === 'saved' || draft.status === 'skipped' ? (
        <Notice kind="info" title={`Diese Datei ist bereits bearbeitet: ${STATUS_LABELS[draft.status]}`}>
          {draft.outcome ? <p class="kern-body">{draft.outcome}</p> : null}
        </Notice>
      ) : null}
      {draft.status === 'open' ? <MissingNotice draft={draft} /> : null}
      {draft.status === 'open' ? <WarningList draft={draft} /> : null}
      {draft.status === 'open' && props.existing ? <ExistingNotice existing={props.existing} /> : null}
      <div class="import-preview">
        {draft.status === 'open' && props.values ? (
          <section aria-labelledby="erkannt" class="kern-stack-sm">
            <h2 class="kern-heading-medium" id="erkannt">
              Erkannte Angaben
            </h2>
            <PreviewForm {...props} values={props.values} />
          </section>
        ) : null}
        {draft.extractedText !== null ? (
          <section aria-labelledby="originaltext" class="kern-stack-sm">
            <h2 class="kern-heading-medium" id="originaltext">
              Ausgelesener Text
            </h2>
            <pre class="import-source" role="region" aria-label="Ausgelesener Text der Datei" tabindex={0}>
              {draft.extractedText}
            </pre>
          </section>
        ) : null}
      </div>
      <nav aria-label="Import" class="kern-stack-xs">
        {draft.status !== 'open' && next ? (
          <p class="kern-body">
            <a class="kern-link" href={previewHref(next)}>
              Weiter zu Datei {next.position}: {next.fileName}
            </a>
          </p>
        ) : null}
        <p class="kern-body">
          <a class="kern-link" href={`/import/stapel/${draft.batchId}`}>
            Übersicht dieses Imports
          </a>
        </p>
      </nav>
    </Page>
  );
}
