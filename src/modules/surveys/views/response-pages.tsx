import { formatDateTime } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SubmitButton } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { type AnswerFormValues, describeAnswer, fieldName } from '../answers';
import type { Survey, SurveyResponse } from '../read';
import { allQuestions, type Answers, conditionValues, LONG_TEXT_MAX, RESPONSE_STATUS_LABELS, SHORT_TEXT_MAX, type SurveyDefinition, type SurveyQuestion } from '../schema';
import { ActionForm, CheckBox, dateText, Radio, responsePath, surveyPath, surveysPath } from './common';

const idOf = (name: string) => `feld-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** "Nur beantworten, wenn …": the condition of a question in words (shown without JavaScript; the server ignores answers whose condition does not hold). */
export function conditionText(def: SurveyDefinition, q: SurveyQuestion): string | null {
  if (!q.condition) return null;
  const target = allQuestions(def).find((x) => x.variable === q.condition!.variable);
  if (!target) return null;
  const label = conditionValues(target).find((o) => o.code === q.condition!.equals)?.label ?? String(q.condition.equals);
  return target.type === 'multiple' ? `Nur beantworten, wenn Sie bei „${target.text}“ „${label}“ gewählt haben.` : `Nur beantworten, wenn Sie „${target.text}“ mit „${label}“ beantwortet haben.`;
}

function Messages({ q, def, error }: { q: SurveyQuestion; def: SurveyDefinition; error?: string }) {
  const id = idOf(fieldName(q.variable));
  const condition = conditionText(def, q);
  return (
    <>
      {condition ? (
        <p class="kern-hint survey-condition" id={`${id}-bedingung`}>
          {condition}
        </p>
      ) : null}
      {q.help ? (
        <p class="kern-hint" id={`${id}-hinweis`}>
          {q.help}
        </p>
      ) : null}
      {error ? (
        <p class="kern-error" id={`${id}-fehler`}>
          <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
          <span>{error}</span>
        </p>
      ) : null}
    </>
  );
}

function describedBy(def: SurveyDefinition, q: SurveyQuestion, error?: string): string | undefined {
  const id = idOf(fieldName(q.variable));
  const ids = [q.condition && conditionText(def, q) ? `${id}-bedingung` : '', q.help ? `${id}-hinweis` : '', error ? `${id}-fehler` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

const Optional = ({ q }: { q: SurveyQuestion }) => (q.required ? <span class="survey-required"> (Pflichtfrage)</span> : <span class="kern-label__optional"> – optional</span>);

/** One question as form controls: radios, check boxes, a number or text field, or a matrix table of radios. */
export function QuestionField({ def, q, values, error }: { def: SurveyDefinition; q: SurveyQuestion; values: AnswerFormValues; error?: string }) {
  const name = fieldName(q.variable);
  const id = idOf(name);
  const aria = describedBy(def, q, error);
  const wrap = `kern-form-input${error ? ' kern-form-input--error' : ''} survey-question`;
  if (q.type === 'text' || q.type === 'longtext' || q.type === 'number') {
    return (
      <div class={wrap}>
        <label class="kern-label" for={id}>
          {q.text}
          {q.type === 'number' && q.unit ? ` (${q.unit})` : ''}
          <Optional q={q} />
        </label>
        <Messages q={q} def={def} error={error} />
        {q.type === 'longtext' ? (
          <textarea class="kern-form-input__input" id={id} name={name} rows={5} maxlength={LONG_TEXT_MAX} aria-describedby={aria} aria-invalid={error ? 'true' : undefined}>
            {values[name] ?? ''}
          </textarea>
        ) : (
          <input
            class="kern-form-input__input"
            id={id}
            name={name}
            type="text"
            value={values[name] ?? ''}
            inputmode={q.type === 'number' ? (q.integer && (q.min ?? 0) >= 0 ? 'numeric' : 'decimal') : undefined}
            maxlength={q.type === 'text' ? SHORT_TEXT_MAX : 40}
            aria-describedby={aria}
            aria-invalid={error ? 'true' : undefined}
          />
        )}
      </div>
    );
  }
  if (q.type === 'matrix') {
    return (
      <fieldset class={`kern-fieldset ${wrap}`} id={id} aria-describedby={aria}>
        <legend class="kern-label">
          {q.text}
          <Optional q={q} />
        </legend>
        <Messages q={q} def={def} error={error} />
        <div class="table-region" role="region" aria-labelledby={`${id}-tabelle`} tabindex={0}>
          <table class="kern-table survey-matrix">
            <caption class="kern-title" id={`${id}-tabelle`}>
              {q.text} – je Aussage ein Wert von 1 ({q.scaleLabels[0]}) bis 5 ({q.scaleLabels[4]})
            </caption>
            <thead>
              <tr class="kern-table__row">
                <th scope="col" class="kern-table__header">
                  Aussage
                </th>
                {q.scaleLabels.map((label, i) => (
                  <th scope="col" class="kern-table__header">
                    {i + 1} {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {q.items.map((item) => {
                const itemName = fieldName(q.variable, item.key);
                return (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      {item.label}
                    </th>
                    {[1, 2, 3, 4, 5].map((n) => (
                      <td class="kern-table__cell">
                        <input
                          class="kern-form-check__radio"
                          type="radio"
                          id={`${idOf(itemName)}-${n}`}
                          name={itemName}
                          value={String(n)}
                          checked={values[itemName] === String(n)}
                          aria-label={`${item.label}: ${n} ${q.scaleLabels[n - 1]}`}
                        />
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </fieldset>
    );
  }
  const choices = conditionValues(q);
  return (
    <fieldset class={`kern-fieldset ${wrap}`} id={id} aria-describedby={aria}>
      <legend class="kern-label">
        {q.text}
        <Optional q={q} />
      </legend>
      <Messages q={q} def={def} error={error} />
      <div class="kern-fieldset__body">
        {q.type === 'multiple'
          ? choices.map((o) => <CheckBox id={`${idOf(fieldName(q.variable, o.code))}`} name={fieldName(q.variable, o.code)} label={o.label} checked={values[fieldName(q.variable, o.code)] === '1'} />)
          : choices.map((o) => <Radio id={`${id}-${o.code}`} name={name} value={String(o.code)} label={q.type === 'scale' ? `${o.code} – ${o.label}` : o.label} checked={values[name] === String(o.code)} />)}
        {!q.required && q.type !== 'multiple' ? <Radio id={`${id}-leer`} name={name} value="" label="keine Angabe" checked={!values[name]} /> : null}
      </div>
    </fieldset>
  );
}

export interface ResponsePageProps {
  survey: Survey;
  response: SurveyResponse;
  districtName: string;
  values: AnswerFormValues;
  progress: { answered: number; total: number };
  canAnswer: boolean;
  canReopen: boolean;
  csrf: string;
  /** The version the form is based on (after a conflict: the current one). */
  baseVersion: number;
  errors?: FieldErrors;
  notice?: string;
  /** A stale form: the message and, per question that differs, both versions' values. */
  conflict?: { message: string; differences: Array<{ text: string; mine: string; theirs: string }> };
  isOpen: boolean;
}

function Progress({ progress }: { progress: { answered: number; total: number } }) {
  return (
    <p class="kern-body survey-progress">
      <progress max={progress.total || 1} value={progress.answered} aria-label="Fortschritt der Antwort"></progress> <strong>{progress.answered} von {progress.total} Fragen beantwortet</strong>
    </p>
  );
}

/** The district's one shared response: the form (draft), or the submitted answers read-only. */
export function ResponsePage(props: ResponsePageProps) {
  const { survey, response } = props;
  const def = survey.definition;
  const errors = props.errors ?? {};
  const labels = Object.fromEntries(allQuestions(def).map((q) => [fieldName(q.variable), q.text]));
  const editable = props.canAnswer && props.isOpen;
  return (
    <Page title={`${def.title} – ${props.districtName}`} currentPath={surveysPath} demo={survey.isDemo}>
      <h1 class="kern-heading-large">{def.title}</h1>
      <p class="kern-body">
        Antwort von {props.districtName} · Status: <strong>{RESPONSE_STATUS_LABELS[response.status]}</strong>
        {response.submittedAt ? ` am ${formatDateTime(response.submittedAt)}` : ''} · Frist: {dateText(survey.deadline)}
      </p>
      {def.description ? <p class="kern-body">{def.description}</p> : null}
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.conflict ? (
        <div class="kern-alert kern-alert--danger" role="alert">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
            <h2 class="kern-title">Gleichzeitig geändert</h2>
          </div>
          <div class="kern-alert__body">
            <p class="kern-body">{props.conflict.message}</p>
            {props.conflict.differences.length ? (
              <div class="table-region" role="region" aria-labelledby="konflikt-titel" tabindex={0}>
                <table class="kern-table">
                  <caption class="kern-title" id="konflikt-titel">
                    Abweichende Antworten
                  </caption>
                  <thead>
                    <tr class="kern-table__row">
                      <th scope="col" class="kern-table__header">
                        Frage
                      </th>
                      <th scope="col" class="kern-table__header">
                        Ihre Eingabe (nicht gespeichert)
                      </th>
                      <th scope="col" class="kern-table__header">
                        Gespeicherte Fassung
                      </th>
                    </tr>
                  </thead>
                  <tbody class="kern-table__body">
                    {props.conflict.differences.map((d) => (
                      <tr class="kern-table__row">
                        <th scope="row" class="kern-table__header">
                          {d.text}
                        </th>
                        <td class="kern-table__cell">{d.mine}</td>
                        <td class="kern-table__cell">{d.theirs}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              <p class="kern-body">Die Antworten beider Fassungen stimmen überein.</p>
            )}
          </div>
        </div>
      ) : null}
      <Progress progress={props.progress} />
      {props.canAnswer && !props.isOpen ? <Notice kind="info" title={`Die Umfrage ist ab dem ${dateText(survey.opensOn)} geöffnet.`} /> : null}
      {editable ? (
        <form method="post" action={responsePath(survey.id, response.ags)} class="kern-stack-md">
          <ErrorSummary errors={errors} labels={labels} />
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(props.baseVersion)} />
          {def.sections.map((section) => (
            <section class="kern-stack-sm survey-section">
              <h2 class="kern-heading-medium">{section.title}</h2>
              {section.description ? <p class="kern-body">{section.description}</p> : null}
              {section.questions.map((q) => (
                <QuestionField def={def} q={q} values={props.values} error={errors[fieldName(q.variable)]} />
              ))}
            </section>
          ))}
          <p class="kern-body">Mehrere Personen Ihrer Gebietskörperschaft bearbeiten diese eine Antwort. Speichern Sie zwischendurch; eingereicht wird sie erst im nächsten Schritt.</p>
          <div class="import-actions">
            <SubmitButton>Entwurf speichern</SubmitButton>
            <a class="kern-btn kern-btn--secondary" href={responsePath(survey.id, response.ags, 'einreichen')}>
              <span class="kern-label">Antwort einreichen …</span>
            </a>
          </div>
        </form>
      ) : (
        <AnswerSummary def={def} answers={response.answers} />
      )}
      {props.canReopen && response.status === 'eingereicht' ? (
        <p class="kern-body">
          <a class="kern-link" href={responsePath(survey.id, response.ags, 'wieder-oeffnen')}>
            Antwort wieder öffnen …
          </a>
        </p>
      ) : null}
      <p class="kern-body">
        <a class="kern-link" href={props.canReopen ? surveyPath(survey.id, 'ergebnisse') : surveysPath}>
          Zurück {props.canReopen ? 'zu den Ergebnissen' : 'zu den Umfragen'}
        </a>
      </p>
    </Page>
  );
}

/** The answers in words, per section (read-only view, confirmation page). */
export function AnswerSummary({ def, answers }: { def: SurveyDefinition; answers: Answers }) {
  return (
    <div class="kern-stack-sm">
      {def.sections.map((section) => (
        <section>
          <h2 class="kern-heading-medium">{section.title}</h2>
          <dl class="survey-answers">
            {section.questions.map((q) => (
              <>
                <dt class="kern-label">{q.text}</dt>
                <dd class="kern-body">{describeAnswer(q, answers[q.variable])}</dd>
              </>
            ))}
          </dl>
        </section>
      ))}
    </div>
  );
}

export function SubmitConfirmPage(props: { survey: Survey; response: SurveyResponse; districtName: string; csrf: string; missing: Array<{ text: string; message: string }>; progress: { answered: number; total: number }; error?: string }) {
  const { survey, response } = props;
  return (
    <Page title={`Antwort einreichen – ${survey.definition.title}`} currentPath={surveysPath} demo={survey.isDemo}>
      <h1 class="kern-heading-large">Antwort einreichen?</h1>
      <p class="kern-body">
        {survey.definition.title} · {props.districtName}. Eingereicht wird die zuletzt gespeicherte Fassung. Danach kann Ihre Gebietskörperschaft sie nicht mehr ändern; nur
        das HMSI kann sie wieder öffnen.
      </p>
      {props.error ? (
        <Notice kind="danger" title="Nicht möglich">
          <p class="kern-body">{props.error}</p>
        </Notice>
      ) : null}
      <Progress progress={props.progress} />
      {props.missing.length ? (
        <Notice kind="warning" title="Noch nicht einreichbar: Pflichtfragen offen">
          <ul class="kern-list kern-list--bullet">
            {props.missing.map((m) => (
              <li>
                {m.text}: {m.message}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <AnswerSummary def={survey.definition} answers={response.answers} />
      <div class="import-actions">
        {props.missing.length === 0 ? (
          <form method="post" action={responsePath(survey.id, response.ags, 'einreichen')}>
            <CsrfField token={props.csrf} />
            <input type="hidden" name="version" value={String(response.version)} />
            <SubmitButton>Ja, jetzt einreichen</SubmitButton>
          </form>
        ) : null}
        <a class="kern-btn kern-btn--secondary" href={responsePath(survey.id, response.ags)}>
          <span class="kern-label">Zurück zur Antwort</span>
        </a>
      </div>
    </Page>
  );
}

export function ReopenConfirmPage(props: { survey: Survey; response: SurveyResponse; districtName: string; csrf: string; error?: string }) {
  const { survey, response } = props;
  return (
    <Page title={`Antwort wieder öffnen – ${survey.definition.title}`} currentPath={surveysPath} demo={survey.isDemo}>
      <h1 class="kern-heading-large">Antwort wieder öffnen?</h1>
      {props.error ? (
        <Notice kind="danger" title="Nicht möglich">
          <p class="kern-body">{props.error}</p>
        </Notice>
      ) : null}
      <p class="kern-body">
        Die eingereichte Antwort von {props.districtName} zu „{survey.definition.title}“ wird wieder ein Entwurf: die Gebietskörperschaft kann sie ändern und muss sie erneut
        einreichen. Bis dahin zählt sie in den Ergebnissen nicht.
      </p>
      <div class="import-actions">
        <ActionForm action={responsePath(survey.id, response.ags, 'wieder-oeffnen')} csrf={props.csrf} version={response.version} variant="primary">
          Ja, wieder öffnen
        </ActionForm>
        <a class="kern-btn kern-btn--secondary" href={responsePath(survey.id, response.ags)}>
          <span class="kern-label">Nein, zurück</span>
        </a>
      </div>
    </Page>
  );
}
