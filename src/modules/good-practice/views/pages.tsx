import { formatDateTime } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SelectField, SubmitButton, TextArea, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import { GOOD_PRACTICE_STATUS_LABELS, GOOD_PRACTICE_TARGET_GROUP_LABELS, GOOD_PRACTICE_TARGET_GROUPS, type GoodPracticeEntry } from '../schema';

export const goodPracticePath = '/gute-praxis';
export const entryPath = (id: number) => `/gute-praxis/${id}`;
const projectHref = (p: GoodPracticeEntry['project']) => `/projekte/${p.year}/${p.ags}/projekt/${encodeURIComponent(p.key)}`;

export interface ListPageProps {
  entries: GoodPracticeEntry[];
  districtNames: Map<string, string>;
  measureLabels: Map<number, string>;
  canManage: boolean;
  canPropose: boolean;
  years: number[];
  districts: { ags: string; name: string }[];
  ownAgs: string | null;
  notice?: string;
}

export function GoodPracticeListPage(props: ListPageProps) {
  return (
    <Page title="Gute Praxis" currentPath={goodPracticePath} demo={props.entries.some((e) => e.isDemo)}>
      <h1 class="kern-heading-large">Gute Praxis</h1>
      <p class="kern-body">
        Projekte, die das HMSI als gute Praxis in den öffentlichen Katalog aufnimmt – oft nach einer Tagung oder Umfrage. Gebietskörperschaften schlagen eigene Projekte vor; das HMSI
        entscheidet.{' '}
        <a class="kern-link" href="/portal/gute-praxis">
          Zum öffentlichen Katalog
        </a>
      </p>
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.canManage || props.canPropose ? (
        <form method="get" action={`${goodPracticePath}/neu`} class="kern-stack-sm" aria-labelledby="neu-titel">
          <h2 class="kern-heading-medium" id="neu-titel">
            {props.canManage ? 'Projekt als gute Praxis aufnehmen' : 'Eigenes Projekt vorschlagen'}
          </h2>
          <SelectField name="jahr" label="AQB-Jahr" required value={String(props.years[0] ?? '')} options={props.years.map((y) => ({ value: String(y), label: String(y) }))} />
          {props.ownAgs === null ? <SelectField name="gk" label="Gebietskörperschaft" required options={props.districts.map((d) => ({ value: d.ags, label: d.name }))} /> : null}
          <SubmitButton variant="secondary">Projekte anzeigen</SubmitButton>
        </form>
      ) : null}
      {props.entries.length === 0 ? (
        <p class="kern-body">Es gibt noch keinen Eintrag.</p>
      ) : (
        <div class="table-region" role="region" aria-labelledby="eintraege-titel" tabindex={0}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-title" id="eintraege-titel">
              Einträge ({props.entries.length})
            </caption>
            <TableHead columns={['Projekt', 'Gebietskörperschaft', 'Jahr', 'Maßnahmenart', 'Zielgruppe', 'Stand']} />
            <tbody class="kern-table__body">
              {props.entries.map((e) => (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    <a class="kern-link" href={entryPath(e.id)}>
                      {e.project.title}
                    </a>
                    {e.isDemo ? <span class="demo-marker"> (Demodaten)</span> : null}
                  </th>
                  <td class="kern-table__cell">{props.districtNames.get(e.project.ags) ?? e.project.ags}</td>
                  <td class="kern-table__cell">{e.project.year}</td>
                  <td class="kern-table__cell">{props.measureLabels.get(e.project.measureType) ?? e.project.measureType}</td>
                  <td class="kern-table__cell">{GOOD_PRACTICE_TARGET_GROUP_LABELS[e.targetGroup]}</td>
                  <td class="kern-table__cell">{GOOD_PRACTICE_STATUS_LABELS[e.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

export interface EntryFormValues {
  projectId: string;
  summary: string;
  targetGroup: string;
  contact: string;
}

export interface EntryFormPageProps {
  year: number;
  ags: string;
  districtName: string;
  projects: { id: number; key: string; title: string }[];
  isMinistry: boolean;
  values: EntryFormValues;
  version: number;
  errors?: FieldErrors;
  conflict?: string;
  csrf: string;
}

export function EntryFormPage(props: EntryFormPageProps) {
  const v = props.values;
  const e = props.errors ?? {};
  const title = props.isMinistry ? 'Als gute Praxis aufnehmen' : 'Projekt als gute Praxis vorschlagen';
  return (
    <Page title={`${title} – ${props.districtName} ${props.year}`} currentPath={goodPracticePath}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        {props.districtName}, AQB-Jahr {props.year}. Titel, Maßnahmenart und Rechtskreise kommen aus dem Projekt; hier steht, was andere davon lernen können.
      </p>
      {props.conflict ? <Notice kind="danger" title={props.conflict} /> : null}
      {props.projects.length === 0 ? (
        <p class="kern-body">In diesem Jahr hat die Gebietskörperschaft keine Projekte.</p>
      ) : (
        <form method="post" action={`${goodPracticePath}/neu?jahr=${props.year}&gk=${props.ags}`} class="kern-stack-sm" novalidate>
          <ErrorSummary errors={e} />
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(props.version)} />
          <SelectField name="projekt" label="Projekt" required value={v.projectId} error={e.projekt} options={[{ value: '', label: 'Bitte wählen' }, ...props.projects.map((p) => ({ value: String(p.id), label: `${p.key}: ${p.title}` }))]} />
          <TextArea name="beschreibung" label="Kurzbeschreibung" required value={v.summary} error={e.beschreibung} hint="Was macht das Projekt gut? 20 bis 1.200 Zeichen; erscheint im öffentlichen Katalog." rows={5} maxlength={1200} />
          <SelectField
            name="zielgruppe"
            label="Zielgruppe"
            required
            value={v.targetGroup}
            error={e.zielgruppe}
            options={[{ value: '', label: 'Bitte wählen' }, ...GOOD_PRACTICE_TARGET_GROUPS.map((g) => ({ value: g, label: GOOD_PRACTICE_TARGET_GROUP_LABELS[g] }))]}
          />
          <TextField name="kontakt" label="Kontakt" required value={v.contact} error={e.kontakt} hint="Öffentlich: eine Dienststelle, Funktionsadresse oder Telefonnummer – keine private Anschrift." maxlength={300} />
          <SubmitButton>{props.isMinistry ? 'In den Katalog aufnehmen' : 'Vorschlagen'}</SubmitButton>
        </form>
      )}
      <p class="kern-body">
        <a class="kern-link" href={goodPracticePath}>
          Zurück zur Übersicht
        </a>
      </p>
    </Page>
  );
}

export function EntryPage(props: {
  entry: GoodPracticeEntry;
  districtName: string;
  measureLabel: string;
  canManage: boolean;
  canEdit: boolean;
  csrf: string;
  errors?: FieldErrors;
  values?: { decision: string; reason: string };
  notice?: string;
  conflict?: string;
}) {
  const e = props.entry;
  const errors = props.errors ?? {};
  const options = (
    [
      ['aufnehmen', 'In den Katalog aufnehmen', ['vorgeschlagen', 'zurueckgenommen']],
      ['ablehnen', 'Vorschlag ablehnen', ['vorgeschlagen']],
      ['zuruecknehmen', 'Aus dem Katalog nehmen', ['aufgenommen']],
    ] as const
  ).filter(([, , from]) => (from as readonly string[]).includes(e.status));
  return (
    <Page title={`Gute Praxis – ${e.project.title}`} currentPath={goodPracticePath} demo={e.isDemo}>
      <h1 class="kern-heading-large">{e.project.title}</h1>
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.conflict ? <Notice kind="danger" title={props.conflict} /> : null}
      <dl class="kern-description-list">
        {(
          [
            ['Stand', `${GOOD_PRACTICE_STATUS_LABELS[e.status]} (${e.origin === 'hmsi' ? 'vom HMSI aufgenommen' : 'von der Gebietskörperschaft vorgeschlagen'}), zuletzt geändert am ${formatDateTime(e.updatedAt)}`],
            ['Gebietskörperschaft', props.districtName],
            ['AQB-Jahr', String(e.project.year)],
            ['Maßnahmenart', props.measureLabel],
            ['Zielgruppe', GOOD_PRACTICE_TARGET_GROUP_LABELS[e.targetGroup]],
            ['Rechtskreise', e.project.targetGroups.join(', ') || '–'],
            ['Kurzbeschreibung', e.summary],
            ['Kontakt', e.contact],
            ...(e.decisionReason ? [['Begründung des HMSI', e.decisionReason]] : []),
          ] as [string, string][]
        ).map(([k, v]) => (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{k}</dt>
            <dd class="kern-description-list-item__value preserve-lines">{v}</dd>
          </div>
        ))}
      </dl>
      <p class="kern-body">
        <a class="kern-link" href={projectHref(e.project)}>
          Zum Projekt
        </a>
        {props.canEdit ? (
          <>
            {' · '}
            <a class="kern-link" href={`${goodPracticePath}/neu?jahr=${e.project.year}&gk=${e.project.ags}&projekt=${e.projectId}`}>
              Text bearbeiten
            </a>
          </>
        ) : null}
      </p>
      {props.canManage && options.length ? (
        <form method="post" action={`${entryPath(e.id)}/entscheidung`} class="kern-stack-sm" novalidate aria-labelledby="entscheidung-titel">
          <h2 class="kern-heading-medium" id="entscheidung-titel">
            Entscheidung
          </h2>
          <ErrorSummary errors={errors} />
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(e.version)} />
          <fieldset class="kern-fieldset" aria-describedby={errors.entscheidung ? 'feld-entscheidung-fehler' : undefined}>
            <legend class="kern-label">Was soll geschehen?</legend>
            {errors.entscheidung ? (
              <p class="kern-error" id="feld-entscheidung-fehler">
                <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
                <span>{errors.entscheidung}</span>
              </p>
            ) : null}
            {options.map(([value, label], i) => (
              <div class="kern-form-check">
                <input class="kern-form-check__radio" type="radio" id={i === 0 ? 'feld-entscheidung' : `feld-entscheidung-${value}`} name="entscheidung" value={value} checked={props.values?.decision === value} />
                <label class="kern-label" for={i === 0 ? 'feld-entscheidung' : `feld-entscheidung-${value}`}>
                  {label}
                </label>
              </div>
            ))}
          </fieldset>
          <TextArea name="grund" label="Begründung (beim Ablehnen und Zurücknehmen)" value={props.values?.reason ?? ''} error={errors.grund} hint="Die Gebietskörperschaft sieht die Begründung." rows={3} maxlength={600} />
          <SubmitButton>Entscheidung speichern</SubmitButton>
        </form>
      ) : null}
      <p class="kern-body">
        <a class="kern-link" href={goodPracticePath}>
          Zurück zur Übersicht
        </a>
      </p>
    </Page>
  );
}
