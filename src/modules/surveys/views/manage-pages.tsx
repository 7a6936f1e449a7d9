import { CsrfField, ErrorSummary, type FieldErrors, Notice, SelectField, SubmitButton, TextArea, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import type { Survey } from '../read';
import { allQuestions, QUESTION_TYPE_LABELS, QUESTION_TYPES, RESPONSE_STATUS_LABELS, type ResponseStatus, SURVEY_STATUS_LABELS, type SurveyQuestion } from '../schema';
import { ActionForm, CheckBox, dateText, Radio, responsePath, surveyPath, surveysPath } from './common';
import { conditionText } from './response-pages';

export interface SurveyListRow {
  survey: Survey;
  submitted: number;
  /** A district's own response (district users). */
  own?: { status: ResponseStatus; answered: number; total: number };
}

export interface SurveyListProps {
  rows: SurveyListRow[];
  canManage: boolean;
  ownAgs: string | null;
  csrf: string;
  createValues: { year: string; title: string; description: string };
  importValues: { year: string; json: string };
  errors?: FieldErrors;
  notice?: string;
}

/** /umfragen: the ministry's surveys with create and import forms; a district's surveys to answer. */
export function SurveyListPage(props: SurveyListProps) {
  const errors = props.errors ?? {};
  return (
    <Page title="Umfragen" currentPath={surveysPath} demo={props.rows.some((r) => r.survey.isDemo)}>
      <h1 class="kern-heading-large">Umfragen</h1>
      <p class="kern-body">
        Umfragen des HMSI an die Gebietskörperschaften nach § 7 der Zielvereinbarung: Erfahrungen austauschen, gute Praxis erkennen, neue Impulse setzen.
      </p>
      {props.notice ? <Notice title={props.notice} /> : null}
      <ErrorSummary errors={errors} labels={{ jahr: 'Jahr', titel: 'Titel', import_jahr: 'Jahr (Import)', json: 'Umfrage-Datei' }} />
      {props.rows.length === 0 ? (
        <p class="kern-body">{props.canManage ? 'Es gibt noch keine Umfrage.' : 'Zurzeit gibt es keine Umfrage für Ihre Gebietskörperschaft.'}</p>
      ) : (
        <div class="table-region" role="region" aria-labelledby="umfragen-titel" tabindex={0}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-title" id="umfragen-titel">
              Umfragen
            </caption>
            <TableHead columns={props.canManage ? ['Umfrage', 'Jahr', 'Status', 'Frist', { label: 'Eingereicht', numeric: true }] : ['Umfrage', 'Jahr', 'Frist', 'Ihre Antwort']} />
            <tbody class="kern-table__body">
              {props.rows.map(({ survey, submitted, own }) => (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    <a class="kern-link" href={props.canManage || !props.ownAgs ? surveyPath(survey.id) : responsePath(survey.id, props.ownAgs)}>
                      {survey.definition.title}
                    </a>
                  </th>
                  <td class="kern-table__cell">{survey.year}</td>
                  {props.canManage ? <td class="kern-table__cell">{SURVEY_STATUS_LABELS[survey.status]}</td> : null}
                  <td class="kern-table__cell">{dateText(survey.deadline)}</td>
                  {props.canManage ? (
                    <td class="kern-table__cell kern-table__cell--numeric">{survey.status === 'versandt' ? `${submitted} von ${survey.recipients.length}` : '–'}</td>
                  ) : (
                    <td class="kern-table__cell">{own ? `${RESPONSE_STATUS_LABELS[own.status]}, ${own.answered} von ${own.total} Fragen beantwortet` : '–'}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.canManage ? (
        <>
          <h2 class="kern-heading-medium">Neue Umfrage anlegen</h2>
          <form method="post" action={surveysPath} class="kern-stack-sm">
            <CsrfField token={props.csrf} />
            <TextField name="jahr" label="Jahr" value={props.createValues.year} error={errors.jahr} inputmode="numeric" required maxlength={4} />
            <TextField name="titel" label="Titel" value={props.createValues.title} error={errors.titel} required maxlength={200} />
            <TextArea name="beschreibung" label="Einleitung" value={props.createValues.description} error={errors.beschreibung} rows={3} />
            <SubmitButton>Umfrage anlegen</SubmitButton>
          </form>
          <h2 class="kern-heading-medium">Umfrage aus Datei übernehmen (aqb.umfrage/1)</h2>
          <form method="post" action={`${surveysPath}/import`} class="kern-stack-sm">
            <CsrfField token={props.csrf} />
            <TextField name="import_jahr" label="Jahr" value={props.importValues.year} error={errors.import_jahr} inputmode="numeric" required maxlength={4} />
            <TextArea name="json" label="Inhalt der Umfrage-Datei (JSON)" hint="Den Inhalt einer heruntergeladenen Datei „umfrage.json“ hier einfügen." value={props.importValues.json} error={errors.json} rows={6} required />
            <SubmitButton variant="secondary">Umfrage übernehmen</SubmitButton>
          </form>
        </>
      ) : null}
    </Page>
  );
}

function QuestionFacts({ survey, q }: { survey: Survey; q: SurveyQuestion }) {
  const condition = conditionText(survey.definition, q);
  return (
    <p class="kern-body survey-facts">
      <code>{q.variable}</code> · {QUESTION_TYPE_LABELS[q.type]} · {q.required ? 'Pflichtfrage' : 'optional'}
      {q.type === 'number' ? ` · ${q.unit ? `Einheit ${q.unit}, ` : ''}${q.min ?? '–'} bis ${q.max ?? '–'}` : ''}
      {condition ? ` · ${condition}` : ''}
    </p>
  );
}

function QuestionDetails({ q }: { q: SurveyQuestion }) {
  if (q.type === 'single' || q.type === 'multiple') return <p class="kern-body">Antworten: {q.options.map((o) => `${o.code} = ${o.label}`).join('; ')}</p>;
  if (q.type === 'scale') return <p class="kern-body">Skala: {q.scaleLabels.map((l, i) => `${i + 1} = ${l}`).join('; ')}</p>;
  if (q.type === 'matrix')
    return (
      <p class="kern-body">
        Aussagen: {q.items.map((i) => `${i.key} = ${i.label}`).join('; ')} · Skala: {q.scaleLabels.map((l, i) => `${i + 1} = ${l}`).join('; ')}
      </p>
    );
  return null;
}

export interface SurveyPageProps {
  survey: Survey;
  csrf: string;
  others: Survey[];
  copyYear: string;
  errors?: FieldErrors;
  notice?: string;
  submitted: number;
}

/** /umfragen/:id for the ministry: the definition, what can be done next, copy and compare. */
export function SurveyPage(props: SurveyPageProps) {
  const { survey } = props;
  const def = survey.definition;
  const errors = props.errors ?? {};
  const count = allQuestions(def).length;
  return (
    <Page title={def.title} currentPath={surveysPath} demo={survey.isDemo}>
      <h1 class="kern-heading-large">{def.title}</h1>
      {props.notice ? <Notice title={props.notice} /> : null}
      <ErrorSummary errors={errors} labels={{ jahr: 'Jahr der Kopie' }} />
      <p class="kern-body">
        Jahr {survey.year} · {SURVEY_STATUS_LABELS[survey.status]} · {count} {count === 1 ? 'Frage' : 'Fragen'}
        {survey.status === 'versandt' ? ` · geöffnet ab ${dateText(survey.opensOn)} · Frist ${dateText(survey.deadline)} · ${props.submitted} von ${survey.recipients.length} Antworten eingereicht` : ''}
      </p>
      {def.description ? <p class="kern-body">{def.description}</p> : null}
      <ul class="kern-list survey-actions">
        {survey.status === 'entwurf' ? (
          <>
            <li>
              <a class="kern-link" href={surveyPath(survey.id, 'bearbeiten')}>
                Fragen bearbeiten
              </a>
            </li>
            <li>
              <a class="kern-link" href={surveyPath(survey.id, 'versenden')}>
                Umfrage versenden …
              </a>
            </li>
          </>
        ) : (
          <li>
            <a class="kern-link" href={surveyPath(survey.id, 'ergebnisse')}>
              Ergebnisse, Rücklauf und Export
            </a>
          </li>
        )}
        <li>
          <a class="kern-link" href={surveyPath(survey.id, 'umfrage.json')} download>
            Definition herunterladen (aqb.umfrage/1, JSON)
          </a>
        </li>
        <li>
          <a class="kern-link" href={surveyPath(survey.id, 'codebuch.csv')} download>
            Codebuch (CSV)
          </a>
        </li>
      </ul>
      {def.sections.map((section, s) => (
        <section class="kern-stack-sm">
          <h2 class="kern-heading-medium">
            Abschnitt {s + 1}: {section.title}
          </h2>
          {section.description ? <p class="kern-body">{section.description}</p> : null}
          {section.questions.length === 0 ? <p class="kern-body">Noch keine Frage.</p> : null}
          <ol class="kern-list kern-list--number">
            {section.questions.map((q) => (
              <li>
                <p class="kern-body">
                  <strong>{q.text}</strong>
                </p>
                <QuestionFacts survey={survey} q={q} />
                <QuestionDetails q={q} />
                {q.help ? <p class="kern-hint">{q.help}</p> : null}
              </li>
            ))}
          </ol>
        </section>
      ))}
      <h2 class="kern-heading-medium">Für ein anderes Jahr kopieren</h2>
      <form method="post" action={surveyPath(survey.id, 'kopieren')} class="kern-stack-sm">
        <CsrfField token={props.csrf} />
        <TextField name="jahr" label="Jahr der Kopie" value={props.copyYear} error={errors.jahr} inputmode="numeric" required maxlength={4} hint="Die Kopie hat dieselben Fragen und Variablennamen; so lassen sich die Jahre vergleichen." />
        <SubmitButton variant="secondary">Kopie anlegen</SubmitButton>
      </form>
      {props.others.length ? (
        <>
          <h2 class="kern-heading-medium">Mit einer anderen Umfrage vergleichen</h2>
          <form method="get" action={surveyPath(survey.id, 'vergleich')} class="kern-stack-sm">
            <SelectField name="mit" label="Vergleichen mit" value={String(survey.copiedFromId ?? props.others[0]!.id)} options={props.others.map((o) => ({ value: String(o.id), label: `${o.definition.title} (${o.year})` }))} required />
            <SubmitButton variant="secondary">Vergleichen</SubmitButton>
          </form>
        </>
      ) : null}
      <p class="kern-body">
        <a class="kern-link" href={surveysPath}>
          Zurück zu den Umfragen
        </a>
      </p>
    </Page>
  );
}

export interface EditorProps {
  survey: Survey;
  csrf: string;
  errors?: FieldErrors;
  notice?: string;
  conflict?: string;
  meta: { title: string; description: string };
  newSection: { title: string; description: string };
}

/** /umfragen/:id/bearbeiten: title, sections and the questions of each, every change one small form. */
export function EditorPage(props: EditorProps) {
  const { survey } = props;
  const def = survey.definition;
  const errors = props.errors ?? {};
  const action = surveyPath(survey.id, 'bearbeiten');
  return (
    <Page title={`Fragen bearbeiten – ${def.title}`} currentPath={surveysPath} demo={survey.isDemo}>
      <h1 class="kern-heading-large">Fragen bearbeiten</h1>
      <p class="kern-body">
        {def.title} ({survey.year}) · Version {survey.version}.{' '}
        <a class="kern-link" href={surveyPath(survey.id)}>
          Zur Übersicht der Umfrage
        </a>
      </p>
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.conflict ? (
        <Notice kind="danger" title="Nicht gespeichert">
          <p class="kern-body">{props.conflict}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} labels={{ titel: 'Titel', abschnitt_titel: 'Titel des Abschnitts', definition: 'Umfrage' }} />
      <h2 class="kern-heading-medium">Titel und Einleitung</h2>
      <form method="post" action={action} class="kern-stack-sm">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(survey.version)} />
        <input type="hidden" name="aktion" value="meta" />
        <TextField name="titel" label="Titel" value={props.meta.title} error={errors.titel} required maxlength={200} />
        <TextArea name="beschreibung" label="Einleitung" value={props.meta.description} error={errors.beschreibung} rows={3} />
        <SubmitButton variant="secondary">Titel speichern</SubmitButton>
      </form>
      {def.sections.map((section, s) => (
        <section class="kern-stack-sm survey-section">
          <h2 class="kern-heading-medium">
            Abschnitt {s + 1}: {section.title}
          </h2>
          {section.questions.length === 0 ? <p class="kern-body">Noch keine Frage in diesem Abschnitt.</p> : null}
          {section.questions.length ? (
            <div class="table-region" role="region" aria-labelledby={`abschnitt-${s}-titel`} tabindex={0}>
              <table class="kern-table">
                <caption class="kern-title" id={`abschnitt-${s}-titel`}>
                  Fragen in Abschnitt {s + 1}
                </caption>
                <TableHead columns={['Frage', 'Variable', 'Typ', 'Aktionen']} />
                <tbody class="kern-table__body">
                  {section.questions.map((q, i) => (
                    <tr class="kern-table__row">
                      <th scope="row" class="kern-table__header">
                        {q.text}
                        {q.required ? ' (Pflicht)' : ''}
                        {q.condition ? <span class="kern-hint"> – {conditionText(def, q)}</span> : null}
                      </th>
                      <td class="kern-table__cell">
                        <code>{q.variable}</code>
                      </td>
                      <td class="kern-table__cell">{QUESTION_TYPE_LABELS[q.type]}</td>
                      <td class="kern-table__cell survey-row-actions">
                        <a class="kern-link" href={surveyPath(survey.id, `fragen/${q.variable}`)}>
                          Bearbeiten<span class="visually-hidden">: {q.text}</span>
                        </a>
                        {i > 0 ? (
                          <ActionForm action={action} csrf={props.csrf} version={survey.version} fields={{ aktion: 'frage_hoch', variable: q.variable }} variant="tertiary">
                            Nach oben<span class="visually-hidden">: {q.text}</span>
                          </ActionForm>
                        ) : null}
                        {i < section.questions.length - 1 ? (
                          <ActionForm action={action} csrf={props.csrf} version={survey.version} fields={{ aktion: 'frage_runter', variable: q.variable }} variant="tertiary">
                            Nach unten<span class="visually-hidden">: {q.text}</span>
                          </ActionForm>
                        ) : null}
                        <ActionForm action={action} csrf={props.csrf} version={survey.version} fields={{ aktion: 'frage_entfernen', variable: q.variable }} variant="tertiary">
                          Entfernen<span class="visually-hidden">: {q.text}</span>
                        </ActionForm>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <p class="kern-body">
            <a class="kern-link" href={`${surveyPath(survey.id, 'fragen/neu')}?abschnitt=${s}`}>
              Neue Frage in Abschnitt {s + 1}
            </a>
          </p>
          <ActionForm action={action} csrf={props.csrf} version={survey.version} fields={{ aktion: 'abschnitt_entfernen', abschnitt: String(s) }} variant="tertiary">
            Abschnitt {s + 1} mit seinen Fragen entfernen
          </ActionForm>
        </section>
      ))}
      <h2 class="kern-heading-medium">Neuer Abschnitt</h2>
      <form method="post" action={action} class="kern-stack-sm">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(survey.version)} />
        <input type="hidden" name="aktion" value="abschnitt_neu" />
        <TextField name="abschnitt_titel" label="Titel des Abschnitts" value={props.newSection.title} error={errors.abschnitt_titel} required maxlength={200} />
        <TextArea name="abschnitt_beschreibung" label="Beschreibung des Abschnitts" value={props.newSection.description} rows={2} />
        <SubmitButton variant="secondary">Abschnitt anlegen</SubmitButton>
      </form>
      {def.sections.length && allQuestions(def).length ? (
        <p class="kern-body">
          <a class="kern-link" href={surveyPath(survey.id, 'versenden')}>
            Weiter: Umfrage versenden …
          </a>
        </p>
      ) : null}
    </Page>
  );
}

/** The question form as typed (every type's fields at once: works without JavaScript). */
export interface QuestionFormValues {
  section: string;
  variable: string;
  text: string;
  help: string;
  type: string;
  required: boolean;
  options: string;
  scaleLabels: string;
  unit: string;
  min: string;
  max: string;
  integer: boolean;
  items: string;
  conditionVariable: string;
  conditionValue: string;
}

export function QuestionFormPage(props: { survey: Survey; csrf: string; values: QuestionFormValues; editing?: string; errors?: FieldErrors; conflict?: string }) {
  const { survey, values: v } = props;
  const def = survey.definition;
  const errors = props.errors ?? {};
  const earlier = allQuestions(def).filter((q) => (q.type === 'single' || q.type === 'multiple' || q.type === 'scale') && q.variable !== props.editing);
  const title = props.editing ? 'Frage bearbeiten' : 'Neue Frage';
  return (
    <Page title={`${title} – ${def.title}`} currentPath={surveysPath} demo={survey.isDemo}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        {def.title} ({survey.year}).{' '}
        <a class="kern-link" href={surveyPath(survey.id, 'bearbeiten')}>
          Zurück zur Fragenliste
        </a>
      </p>
      {props.conflict ? (
        <Notice kind="danger" title="Nicht gespeichert">
          <p class="kern-body">{props.conflict}</p>
        </Notice>
      ) : null}
      <ErrorSummary
        errors={errors}
        labels={{ abschnitt: 'Abschnitt', variable: 'Variablenname', text: 'Fragetext', typ: 'Fragetyp', optionen: 'Antwortmöglichkeiten', skala: 'Skala', aussagen: 'Aussagen', min: 'Mindestwert', max: 'Höchstwert', einheit: 'Einheit', bedingung_variable: 'Bedingung', bedingung_wert: 'Wert der Bedingung', hilfe: 'Hilfetext' }}
      />
      <form method="post" action={surveyPath(survey.id, props.editing ? `fragen/${props.editing}` : 'fragen/neu')} class="kern-stack-sm">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(survey.version)} />
        <SelectField name="abschnitt" label="Abschnitt" value={v.section} error={errors.abschnitt} required options={def.sections.map((s, i) => ({ value: String(i), label: `${i + 1}: ${s.title}` }))} />
        <TextField name="text" label="Fragetext" value={v.text} error={errors.text} required maxlength={500} />
        <TextField name="variable" label="Variablenname" value={v.variable} error={errors.variable} required maxlength={30} hint="Name der Spalte im Export, z. B. „f1_angebot“: Kleinbuchstabe am Anfang, dann Kleinbuchstaben, Ziffern, _. In allen Jahren gleich lassen." />
        <SelectField name="typ" label="Fragetyp" value={v.type} error={errors.typ} required options={QUESTION_TYPES.map((t) => ({ value: t, label: QUESTION_TYPE_LABELS[t] }))} />
        <CheckBox id="feld-pflicht" name="pflicht" label="Pflichtfrage (muss vor dem Einreichen beantwortet sein)" checked={v.required} />
        <TextArea name="hilfe" label="Hilfetext" value={v.help} error={errors.hilfe} rows={2} />
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Nur für Einfach- und Mehrfachauswahl</legend>
          <TextArea name="optionen" label="Antwortmöglichkeiten" hint="Eine je Zeile als „Code = Text“, z. B. „1 = Ja“. Ohne Code werden sie von 1 an gezählt." value={v.options} error={errors.optionen} rows={4} />
        </fieldset>
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Nur für Skala und Matrix</legend>
          <TextArea name="skala" label="Skala" hint="Fünf Zeilen: die Beschriftungen von 1 bis 5. Leer: „trifft gar nicht zu“ bis „trifft voll zu“." value={v.scaleLabels} error={errors.skala} rows={5} />
          <TextArea name="aussagen" label="Aussagen (nur Matrix)" hint="Eine je Zeile als „Kürzel = Text“, z. B. „jc = dem Jobcenter“." value={v.items} error={errors.aussagen} rows={4} />
        </fieldset>
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Nur für Zahlen</legend>
          <TextField name="einheit" label="Einheit" value={v.unit} error={errors.einheit} maxlength={40} />
          <TextField name="min" label="Mindestwert" value={v.min} error={errors.min} inputmode="decimal" maxlength={20} />
          <TextField name="max" label="Höchstwert" value={v.max} error={errors.max} inputmode="decimal" maxlength={20} />
          <CheckBox id="feld-ganzzahl" name="ganzzahl" label="Nur ganze Zahlen" checked={v.integer} />
        </fieldset>
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Bedingung: nur zeigen, wenn …</legend>
          <SelectField
            name="bedingung_variable"
            label="… die frühere Frage"
            value={v.conditionVariable}
            error={errors.bedingung_variable}
            options={[{ value: '', label: 'immer zeigen (keine Bedingung)' }, ...earlier.map((q) => ({ value: q.variable, label: `${q.variable}: ${q.text}` }))]}
          />
          <TextField name="bedingung_wert" label="… diesen Code als Antwort hat" hint="Der Code der Antwortmöglichkeit (bei einer Skala 1 bis 5)." value={v.conditionValue} error={errors.bedingung_wert} inputmode="numeric" maxlength={3} />
        </fieldset>
        <SubmitButton>Frage speichern</SubmitButton>
      </form>
    </Page>
  );
}

export interface SendProps {
  survey: Survey;
  csrf: string;
  districts: Array<{ ags: string; name: string }>;
  values: { opensOn: string; deadline: string; all: boolean; recipients: string[] };
  errors?: FieldErrors;
  /** Step 2: everything checked, asking for the confirmation. */
  confirm?: { opensOn: string; deadline: string; recipients: string[] };
  conflict?: string;
}

/** /umfragen/:id/versenden: dates and recipients, then a confirmation page (works without JavaScript). */
export function SendPage(props: SendProps) {
  const { survey, values: v } = props;
  const errors = props.errors ?? {};
  const action = surveyPath(survey.id, 'versenden');
  const names = new Map(props.districts.map((d) => [d.ags, d.name]));
  if (props.confirm) {
    const c = props.confirm;
    return (
      <Page title={`Umfrage versenden – ${survey.definition.title}`} currentPath={surveysPath} demo={survey.isDemo}>
        <h1 class="kern-heading-large">Umfrage jetzt versenden?</h1>
        <p class="kern-body">
          „{survey.definition.title}“ geht an {c.recipients.length === props.districts.length ? `alle ${c.recipients.length} Gebietskörperschaften` : `${c.recipients.length} Gebietskörperschaften`}, geöffnet ab dem {dateText(c.opensOn)}, Frist{' '}
          {dateText(c.deadline)}. Danach lassen sich die Fragen nicht mehr ändern. Die Frist erscheint im Kalender; wer Erinnerungen eingestellt hat, wird vor der Frist erinnert.
        </p>
        <ul class="kern-list kern-list--bullet">
          {c.recipients.map((ags) => (
            <li>{names.get(ags) ?? ags}</li>
          ))}
        </ul>
        <form method="post" action={action} class="import-actions">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(survey.version)} />
          <input type="hidden" name="bestaetigt" value="1" />
          <input type="hidden" name="oeffnung" value={c.opensOn} />
          <input type="hidden" name="frist" value={c.deadline} />
          <input type="hidden" name="empfaenger" value="auswahl" />
          {c.recipients.map((ags) => (
            <input type="hidden" name={`gk_${ags}`} value="1" />
          ))}
          <SubmitButton>Ja, jetzt versenden</SubmitButton>
          <a class="kern-btn kern-btn--secondary" href={action}>
            <span class="kern-label">Nein, zurück</span>
          </a>
        </form>
      </Page>
    );
  }
  return (
    <Page title={`Umfrage versenden – ${survey.definition.title}`} currentPath={surveysPath} demo={survey.isDemo}>
      <h1 class="kern-heading-large">Umfrage versenden</h1>
      <p class="kern-body">
        {survey.definition.title} ({survey.year}) · {allQuestions(survey.definition).length} Fragen.{' '}
        <a class="kern-link" href={surveyPath(survey.id)}>
          Zur Übersicht der Umfrage
        </a>
      </p>
      {props.conflict ? (
        <Notice kind="danger" title="Nicht versandt">
          <p class="kern-body">{props.conflict}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} labels={{ oeffnung: 'Geöffnet ab', frist: 'Frist', empfaenger: 'Empfänger' }} />
      <form method="post" action={action} class="kern-stack-sm">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(survey.version)} />
        <TextField name="oeffnung" label="Geöffnet ab" hint="Datum, z. B. 1.9.2026" value={v.opensOn} error={errors.oeffnung} required maxlength={20} />
        <TextField name="frist" label="Frist" hint="Letzter Tag zum Einreichen, z. B. 31.10.2026" value={v.deadline} error={errors.frist} required maxlength={20} />
        <fieldset class={`kern-fieldset${errors.empfaenger ? ' kern-form-input--error' : ''}`} id="feld-empfaenger" aria-describedby={errors.empfaenger ? 'feld-empfaenger-fehler' : undefined}>
          <legend class="kern-label">Empfänger</legend>
          {errors.empfaenger ? (
            <p class="kern-error" id="feld-empfaenger-fehler">
              <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
              <span>{errors.empfaenger}</span>
            </p>
          ) : null}
          <div class="kern-fieldset__body">
            <Radio id="feld-empfaenger-alle" name="empfaenger" value="alle" label={`Alle ${props.districts.length} Gebietskörperschaften`} checked={v.all} />
            <Radio id="feld-empfaenger-auswahl" name="empfaenger" value="auswahl" label="Nur die unten gewählten" checked={!v.all} />
          </div>
        </fieldset>
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Auswahl (nur bei „Nur die unten gewählten“)</legend>
          <div class="kern-fieldset__body survey-district-grid">
            {props.districts.map((d) => (
              <CheckBox id={`feld-gk-${d.ags}`} name={`gk_${d.ags}`} label={d.name} checked={v.recipients.includes(d.ags)} />
            ))}
          </div>
        </fieldset>
        <SubmitButton>Weiter zur Bestätigung</SubmitButton>
      </form>
    </Page>
  );
}
