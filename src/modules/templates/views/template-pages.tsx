import { raw } from 'hono/html';
import { formatDateTime } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SelectField, TextArea, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { renderDiffHtml, type SectionDiff, type YearTemplateContent } from '../../documents/service';
import { FORM_FIELD, fieldLabels, NOTE_FIELD, PREVIEW_DISTRICT_FIELD, templateFieldGroups } from '../template-form';
import { TableHead } from '../../../ui/table';

export interface VersionRow {
  version: number;
  note: string;
  createdAt: Date;
  createdBy: number | null;
}

/** The versions of a year's template with author and note; on the edit page also compare and restore. */
function VersionTable({ year, versions, headingId, names, csrf }: { year: number; versions: VersionRow[]; headingId: string; names?: Map<number, string>; csrf?: string }) {
  const captionId = `${headingId}-tabelle`;
  const author = (id: number | null) => (id === null ? 'System' : (names?.get(id) ?? `Konto ${id}`));
  return (
    <>
      <div class="table-region" role="region" aria-labelledby={captionId} tabindex={0}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id={captionId}>
            Versionen der Vorlage {year}
          </caption>
          <TableHead columns={csrf ? ['Version', 'Gespeichert', 'Von', 'Änderungsnotiz', 'Aktion'] : ['Version', 'Gespeichert', 'Von', 'Änderungsnotiz']} />
          <tbody class="kern-table__body">
            {versions.map((v, i) => (
              <tr class="kern-table__row">
                <th scope="row" class="kern-table__header">
                  {v.version}
                  {i === 0 ? ' (aktuell)' : ''}
                </th>
                <td class="kern-table__cell">{formatDateTime(v.createdAt)}</td>
                <td class="kern-table__cell">{author(v.createdBy)}</td>
                <td class="kern-table__cell">{v.note}</td>
                {csrf ? (
                  <td class="kern-table__cell">
                    {i === 0 ? (
                      '–'
                    ) : (
                      <form method="post" action={`/vorlagen/${year}/wiederherstellen`}>
                        <CsrfField token={csrf} />
                        <input type="hidden" name="version" value={String(v.version)} />
                        <button class="kern-btn kern-btn--tertiary" type="submit">
                          <span class="kern-label">Version {v.version} als neue Version wiederherstellen</span>
                        </button>
                      </form>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {versions.length > 1 ? (
        <form method="get" action={`/vorlagen/${year}/vergleich`} class="kern-stack-sm" aria-label={`Versionen der Vorlage ${year} vergleichen`}>
          <SelectField name="von" id={`${headingId}-von`} label="Version" value={String(versions[1]!.version)} options={versions.map((v) => ({ value: String(v.version), label: `Version ${v.version}` }))} />
          <SelectField name="zu" id={`${headingId}-zu`} label="vergleichen mit Version" value={String(versions[0]!.version)} options={versions.map((v) => ({ value: String(v.version), label: `Version ${v.version}` }))} />
          <button class="kern-btn kern-btn--secondary" type="submit">
            <span class="kern-label">Vergleichen</span>
          </button>
        </form>
      ) : null}
    </>
  );
}

export interface TemplateYearSummary {
  year: number;
  versions: VersionRow[];
}

/** GET /vorlagen: every AQB year with its current template version and history. */
export function TemplateListPage({ years, yearsWithoutTemplate, names }: { years: TemplateYearSummary[]; yearsWithoutTemplate: number[]; names?: Map<number, string> }) {
  return (
    <Page title="Jahresvorlagen" currentPath="/vorlagen">
      <h1 class="kern-heading-large">Jahresvorlagen der Zielvereinbarung</h1>
      <p class="kern-body">
        Der Standardtext (Präambel, § 1 bis § 7, Unterschriftsblöcke) gilt für ein AQB-Jahr. Jede Änderung wird als neue
        Version gespeichert; jede Zielvereinbarung merkt sich, aus welcher Version sie erzeugt wurde.
      </p>
      {years.length === 0 ? <p class="kern-body">Es ist noch keine Vorlage hinterlegt.</p> : null}
      {years.map((y) => (
        <section aria-labelledby={`vorlage-${y.year}`} class="kern-stack-sm">
          <h2 class="kern-heading-medium" id={`vorlage-${y.year}`}>
            AQB-Jahr {y.year}
          </h2>
          <p class="kern-body">
            Aktuell: Version {y.versions[0]?.version}.{' '}
            <a class="kern-link" href={`/vorlagen/${y.year}`}>
              Vorlage {y.year} bearbeiten
            </a>
          </p>
          <VersionTable year={y.year} versions={y.versions} headingId={`vorlage-${y.year}`} names={names} />
        </section>
      ))}
      {yearsWithoutTemplate.length > 0 ? (
        <p class="kern-body">
          Ohne Vorlage: {yearsWithoutTemplate.join(', ')}. Ein neues AQB-Jahr beginnt mit einer Kopie der Vorlage des Vorjahres.
        </p>
      ) : null}
    </Page>
  );
}

export interface TemplateEditPageProps {
  year: number;
  current: { version: number; note: string; createdAt: Date };
  /** Structure of the fields (the current version). */
  shape: YearTemplateContent;
  values: Record<string, string>;
  errors: FieldErrors;
  csrf: string;
  placeholders: Array<{ placeholder: string; description: string; example: string }>;
  districts: Array<{ value: string; label: string }>;
  previewAgs: string;
  preview?: { html: string; districtName: string; isSample: boolean; isDemo: boolean };
  savedVersion?: number;
  versions: VersionRow[];
  /** Names of the versions' authors. */
  names?: Map<number, string>;
}

/** GET/POST /vorlagen/:year: one field per text block, placeholder help, preview and save as new version. */
export function TemplateEditPage(props: TemplateEditPageProps) {
  const groups = templateFieldGroups(props.shape);
  return (
    <Page title={`Vorlage ${props.year} bearbeiten`} currentPath="/vorlagen" demo={props.preview?.isDemo}>
      <h1 class="kern-heading-large">Vorlage für das AQB-Jahr {props.year}</h1>
      {props.savedVersion !== undefined ? (
        <Notice title={`Version ${props.savedVersion} gespeichert`}>
          <p class="kern-body">Neue Zielvereinbarungen des Jahres {props.year} werden mit dieser Version erzeugt.</p>
        </Notice>
      ) : null}
      <p class="kern-body">
        Aktuelle Version {props.current.version} vom {formatDateTime(props.current.createdAt)}: {props.current.note}.{' '}
        <a class="kern-link" href="/vorlagen">
          Alle Vorlagen
        </a>
      </p>
      <ErrorSummary errors={props.errors} labels={fieldLabels(props.shape)} />
      {props.preview ? (
        <section aria-labelledby="vorschau" class="kern-stack-sm template-preview">
          <h2 class="kern-heading-medium" id="vorschau" tabindex={-1}>
            Vorschau – nicht gespeichert
          </h2>
          <p class="kern-body">
            {props.preview.isSample
              ? `Beispiel mit erfundenen Projekten für ${props.preview.districtName} (für dieses Jahr ist keine Zielvereinbarung gespeichert).`
              : `Die gespeicherte Zielvereinbarung ${props.year} für ${props.preview.districtName} mit dem geänderten Text.`}
          </p>
          <div class="template-preview__document">{raw(props.preview.html)}</div>
        </section>
      ) : null}

      <section aria-labelledby="platzhalter" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="platzhalter">
          Platzhalter
        </h2>
        <p class="kern-body">
          Namen der Gebietskörperschaft, Jahr und Betrag schreiben Sie als Platzhalter in doppelten geschweiften Klammern. Sie
          werden beim Erzeugen aus den Stammdaten grammatisch richtig eingesetzt – schreiben Sie nie „Landkreis“ vor einen
          Platzhalter.
        </p>
        <div class="table-region" role="region" aria-labelledby="platzhalter-tabelle" tabindex={0}>
          <table class="kern-table">
            <caption class="kern-title" id="platzhalter-tabelle">
              Erlaubte Platzhalter
            </caption>
            <TableHead columns={['Platzhalter', 'Bedeutung', 'Beispiel']} />
            <tbody class="kern-table__body">
              {props.placeholders.map((p) => (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    <code>{p.placeholder}</code>
                  </th>
                  <td class="kern-table__cell">{p.description}</td>
                  <td class="kern-table__cell">{p.example}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <form method="post" action={`/vorlagen/${props.year}`} id={`feld-${FORM_FIELD}`} class="kern-stack-lg" novalidate>
        <CsrfField token={props.csrf} />
        <h2 class="kern-heading-medium">Text der Vorlage</h2>
        {groups.map((group) => (
          <fieldset class="kern-fieldset template-group" id={`gruppe-${group.id}`}>
            <legend class="kern-label template-group__legend">{group.legend}</legend>
            <div class="kern-fieldset__body kern-stack-sm">
              {group.fields.map((f) =>
                f.kind === 'boolean' ? (
                  <SelectField
                    name={f.name}
                    label={f.label}
                    value={props.values[f.name]}
                    error={props.errors[f.name]}
                    required
                    options={[
                      { value: 'ja', label: 'Ja' },
                      { value: 'nein', label: 'Nein' },
                    ]}
                  />
                ) : f.kind === 'text' ? (
                  <TextField name={f.name} label={f.label} value={props.values[f.name]} error={props.errors[f.name]} hint={f.hint} required={!f.isOptional} />
                ) : (
                  <TextArea
                    name={f.name}
                    label={f.label}
                    value={props.values[f.name]}
                    error={props.errors[f.name]}
                    hint={f.hint}
                    required
                    rows={f.kind === 'lines' ? 5 : Math.min(14, 3 + Math.ceil((props.values[f.name] ?? '').length / 90))}
                  />
                ),
              )}
            </div>
          </fieldset>
        ))}

        <fieldset class="kern-fieldset template-group" id="gruppe-vorschau">
          <legend class="kern-label template-group__legend">Vorschau</legend>
          <div class="kern-fieldset__body kern-stack-sm">
            <SelectField
              name={PREVIEW_DISTRICT_FIELD}
              label="Gebietskörperschaft für die Vorschau"
              value={props.previewAgs}
              options={props.districts}
              required
              hint="Die Vorschau zeigt deren Zielvereinbarung dieses Jahres mit dem geänderten Text. Es wird nichts gespeichert."
            />
            <div>
              <button class="kern-btn kern-btn--secondary" type="submit" name="aktion" value="vorschau">
                <span class="kern-label">Vorschau</span>
              </button>
            </div>
          </div>
        </fieldset>

        <fieldset class="kern-fieldset template-group" id="gruppe-speichern">
          <legend class="kern-label template-group__legend">Speichern</legend>
          <div class="kern-fieldset__body kern-stack-sm">
            <TextField
              name={NOTE_FIELD}
              label="Änderungsnotiz"
              value={props.values[NOTE_FIELD]}
              error={props.errors[NOTE_FIELD]}
              hint="Was wurde geändert und warum? Erscheint in der Versionsliste."
              required
              maxlength={500}
            />
            <div>
              <button class="kern-btn kern-btn--primary" type="submit" name="aktion" value="speichern">
                <span class="kern-label">Als neue Version speichern</span>
              </button>
            </div>
          </div>
        </fieldset>
      </form>

      <section aria-labelledby="versionen" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="versionen">
          Versionen
        </h2>
        <VersionTable year={props.year} versions={props.versions} headingId="versionen" names={props.names} csrf={props.csrf} />
      </section>
    </Page>
  );
}

/** GET /vorlagen/:year/vergleich: two versions of a year's template, word by word. */
export function TemplateComparePage(props: { year: number; from: number; to: number; diff: SectionDiff[] }) {
  const changed = props.diff.filter((s) => s.change !== 'unchanged').length;
  return (
    <Page title={`Vorlage ${props.year}: Version ${props.from} und ${props.to}`} currentPath="/vorlagen">
      <h1 class="kern-heading-large">
        Vorlage {props.year}: Version {props.from} und Version {props.to}
      </h1>
      <p class="kern-body">
        {changed} von {props.diff.length} Abschnitten geändert. Eingefügter Text ist unterstrichen, gelöschter durchgestrichen; Screenreader lesen „Eingefügt“ und
        „Gelöscht“ vor.
      </p>
      <p class="kern-body">
        <a class="kern-link" href={`/vorlagen/${props.year}`}>
          Zurück zur Vorlage {props.year}
        </a>
      </p>
      {raw(renderDiffHtml(props.diff, { headingLevel: 2 }))}
    </Page>
  );
}
