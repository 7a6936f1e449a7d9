import { formatDate, formatEuro } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, SubmitButton, TextArea, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import type { AntragState } from '../antrag-record';
import type { Bescheid } from '../bescheid';
import { bescheidTitle } from '../documents/model';
import type { Nachforderung } from '../review';
import { CHECKLIST_ITEM_LABELS, type ChecklistItem } from '../schema';
import { BESCHEID_STATUS_LABELS } from '../schema';

const path = (year: number, ags: string, page?: string) => `/antraege/${year}/${ags}${page ? `/${page}` : ''}`;

export interface ReviewProps {
  checklist: ChecklistItem[];
  nachforderungen: Nachforderung[];
  bescheide: Bescheid[];
  canExamine: boolean;
  canRequestDocuments: boolean;
  canAnswer: boolean;
  canResume: boolean;
  canCreateBescheid: boolean;
  /** Values and errors of a refused form (checklist, Nachforderung, answer). */
  values?: { items?: string; deadline?: string; answer?: string; checklist?: ChecklistItem[] };
  errors?: FieldErrors;
}

/** The Antrag files, the Prüfung, the Nachforderungen and the Bescheide on the Antrag page. */
export function ReviewSections(props: ReviewProps & { state: AntragState; csrf: string }) {
  const { state } = props;
  const { year, ags } = state;
  const e = props.errors ?? {};
  const checklist = props.values?.checklist ?? props.checklist;
  const open = props.nachforderungen[0] && state.status === 'nachforderung' ? props.nachforderungen[0] : null;
  const showReview = state.status !== 'entwurf';
  return (
    <>
      <p class="kern-body">
        Antrag als Dokument:{' '}
        <a class="kern-link" href={path(year, ags, 'antrag.pdf')}>
          PDF
        </a>
        {' · '}
        <a class="kern-link" href={path(year, ags, 'antrag.docx')}>
          Word (DOCX)
        </a>
      </p>
      {showReview && state.status !== 'eingereicht' ? (
        <section aria-labelledby="pruefliste-titel" class="kern-stack-sm">
          <h2 class="kern-heading-medium" id="pruefliste-titel">
            Prüfung durch das Regierungspräsidium
          </h2>
          {props.canExamine ? (
            <form method="post" action={path(year, ags, 'pruefung')} class="kern-stack-sm" novalidate>
              <ErrorSummary errors={e} />
              <CsrfField token={props.csrf} />
              <input type="hidden" name="version" value={String(state.version)} />
              {checklist.map((item) => (
                <fieldset class="kern-fieldset">
                  <legend class="kern-label">{CHECKLIST_ITEM_LABELS[item.key]}</legend>
                  <div class="kern-fieldset__body kern-stack-sm">
                    <div class="kern-form-check">
                      <input class="kern-form-check__checkbox" type="checkbox" id={`feld-erledigt_${item.key}`} name={`erledigt_${item.key}`} value="1" checked={item.checked} />
                      <label class="kern-label" for={`feld-erledigt_${item.key}`}>
                        geprüft und in Ordnung
                      </label>
                    </div>
                    <TextArea
                      name={`notiz_${item.key}`}
                      label={`Vermerk: ${CHECKLIST_ITEM_LABELS[item.key]}`}
                      value={item.note}
                      error={e[`notiz_${item.key}`]}
                      rows={2}
                      maxlength={2000}
                      hint={item.key === 'zielvereinbarung' ? 'Bitte auf der Seite der Zielvereinbarung prüfen (Link unten); der Stand wird hier nicht automatisch übernommen.' : undefined}
                    />
                  </div>
                </fieldset>
              ))}
              <p class="kern-body">
                <a class="kern-link" href={`/zielvereinbarungen/${year}/${ags}`}>
                  Zielvereinbarung {year} ansehen
                </a>
              </p>
              <SubmitButton>Prüfung speichern</SubmitButton>
            </form>
          ) : (
            <div class="table-region" role="region" aria-labelledby="pruefliste-tabelle" tabindex={0}>
              <table class="kern-table kern-table--striped">
                <caption class="kern-title" id="pruefliste-tabelle">
                  Prüfliste
                </caption>
                <TableHead columns={['Punkt', 'Ergebnis', 'Vermerk']} />
                <tbody class="kern-table__body">
                  {checklist.map((item) => (
                    <tr class="kern-table__row">
                      <th scope="row" class="kern-table__header">
                        {CHECKLIST_ITEM_LABELS[item.key]}
                      </th>
                      <td class="kern-table__cell">{item.checked ? 'in Ordnung' : 'offen'}</td>
                      <td class="kern-table__cell">{item.note || '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}

      {showReview ? (
        <section aria-labelledby="nachforderungen-titel" class="kern-stack-sm">
          <h2 class="kern-heading-medium" id="nachforderungen-titel">
            Nachforderungen
          </h2>
          {props.nachforderungen.length === 0 ? (
            <p class="kern-body">Keine.</p>
          ) : (
            <ul class="kern-list">
              {props.nachforderungen.map((n) => (
                <li class="kern-stack-xs">
                  <p class="kern-body">
                    <strong>
                      Nachforderung {n.sequence} vom {formatDate(n.sentOn)}, Frist {formatDate(n.deadline)}
                    </strong>{' '}
                    (Brief:{' '}
                    <a class="kern-link" href={path(year, ags, `nachforderungen/${n.sequence}/brief.pdf`)}>
                      PDF
                    </a>
                    ,{' '}
                    <a class="kern-link" href={path(year, ags, `nachforderungen/${n.sequence}/brief.docx`)}>
                      DOCX
                    </a>
                    )
                  </p>
                  <p class="kern-body">Fehlt: {n.items}</p>
                  <p class="kern-body">{n.answer ? `Antwort vom ${formatDate(n.answeredOn!)}: ${n.answer}` : 'Noch keine Antwort.'}</p>
                </li>
              ))}
            </ul>
          )}
          {open && props.canAnswer ? (
            <form method="post" action={path(year, ags, 'nachforderung/antwort')} class="kern-stack-sm" novalidate>
              <ErrorSummary errors={e} />
              <CsrfField token={props.csrf} />
              <input type="hidden" name="version" value={String(state.version)} />
              <p class="kern-body">
                Ihre Projekte sind bis zur Fortsetzung der Prüfung wieder änderbar:{' '}
                <a class="kern-link" href={`/projekte/${year}/${ags}`}>
                  Projekte {year}
                </a>
              </p>
              <TextArea name="antwort" label="Ihre Antwort an das Regierungspräsidium" required value={props.values?.answer ?? open.answer ?? ''} error={e.antwort} maxlength={4000} />
              <SubmitButton>Antwort senden</SubmitButton>
            </form>
          ) : null}
          {props.canRequestDocuments ? (
            <form method="post" action={path(year, ags, 'nachforderung')} class="kern-stack-sm" novalidate>
              <ErrorSummary errors={e} />
              <CsrfField token={props.csrf} />
              <input type="hidden" name="version" value={String(state.version)} />
              <TextArea name="fehlend" label="Welche Unterlagen oder Angaben fehlen?" required value={props.values?.items ?? ''} error={e.fehlend} maxlength={4000} />
              <TextField name="frist" label="Frist" required value={props.values?.deadline ?? ''} error={e.frist} hint="z. B. 30.4.2025" />
              <SubmitButton variant="secondary">Nachforderung prüfen und senden …</SubmitButton>
            </form>
          ) : null}
          {props.canResume ? (
            <form method="post" action={path(year, ags, 'fortsetzen')}>
              <CsrfField token={props.csrf} />
              <input type="hidden" name="version" value={String(state.version)} />
              <SubmitButton>Prüfung fortsetzen (Projekte wieder sperren)</SubmitButton>
            </form>
          ) : null}
        </section>
      ) : null}

      {showReview ? (
        <section aria-labelledby="bescheide-titel" class="kern-stack-sm">
          <h2 class="kern-heading-medium" id="bescheide-titel">
            Bescheide
          </h2>
          {props.bescheide.length === 0 ? (
            <p class="kern-body">Noch kein Bescheid.</p>
          ) : (
            <div class="table-region" role="region" aria-labelledby="bescheide-tabelle" tabindex={0}>
              <table class="kern-table kern-table--striped">
                <caption class="kern-title" id="bescheide-tabelle">
                  Bescheide zum Antrag {year}
                </caption>
                <TableHead columns={['Bescheid', 'Status', 'Datum', { label: 'Bewilligt', numeric: true }]} />
                <tbody class="kern-table__body">
                  {props.bescheide.map((b) => (
                    <tr class="kern-table__row">
                      <th scope="row" class="kern-table__header">
                        <a class="kern-link" href={path(year, ags, `bescheide/${b.sequence}`)}>
                          {bescheidTitle(b.sequence)}
                        </a>
                      </th>
                      <td class="kern-table__cell">{BESCHEID_STATUS_LABELS[b.status]}</td>
                      <td class="kern-table__cell">{b.decidedOn ? formatDate(b.decidedOn) : '–'}</td>
                      <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(b.approvedCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {props.canCreateBescheid ? (
            <form method="post" action={path(year, ags, 'bescheide')}>
              <CsrfField token={props.csrf} />
              <input type="hidden" name="version" value={String(state.version)} />
              <SubmitButton variant="secondary">{props.bescheide.length === 0 ? 'Entwurf des Zuwendungsbescheides anlegen' : 'Entwurf eines Änderungsbescheides anlegen'}</SubmitButton>
            </form>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

/** The confirmation before a Nachforderung is sent (works without JavaScript). */
export function ConfirmNachforderungPage(props: { districtName: string; state: AntragState; csrf: string; items: string; deadline: string; deadlineText: string }) {
  const { state } = props;
  return (
    <Page title={`Nachforderung senden – ${props.districtName}`} currentPath="/antraege">
      <h1 class="kern-heading-large">Nachforderung senden?</h1>
      <p class="kern-body">
        An {props.districtName} zum Antrag {state.year} (Aktenzeichen {state.aktenzeichen}). Der Brief wird als PDF und DOCX erzeugt und eingefroren; der Antrag geht in den Status
        „Nachforderung“ und die Projekte der Gebietskörperschaft werden bis zur Fortsetzung der Prüfung entsperrt.
      </p>
      <dl class="agreement-facts">
        <div>
          <dt>Fehlende Unterlagen</dt>
          <dd>{props.items}</dd>
        </div>
        <div>
          <dt>Frist</dt>
          <dd>{formatDate(props.deadline)}</dd>
        </div>
      </dl>
      <form method="post" action={path(state.year, state.ags, 'nachforderung')} class="import-actions">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(state.version)} />
        <input type="hidden" name="fehlend" value={props.items} />
        <input type="hidden" name="frist" value={props.deadlineText} />
        <input type="hidden" name="bestaetigt" value="1" />
        <SubmitButton>Ja, Nachforderung senden</SubmitButton>
        <a class="kern-btn kern-btn--secondary" href={path(state.year, state.ags)}>
          <span class="kern-label">Nein, zurück</span>
        </a>
      </form>
    </Page>
  );
}

