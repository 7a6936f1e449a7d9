import { formatDate, formatEuro } from '../../../platform/format';
import { YearNav } from '../../../ui/year-nav';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SubmitButton, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import { planTotals } from '../../projects/schema';
import type { Antrag, AntragProblem } from '../antrag';
import type { AntragState } from '../antrag-record';
import { ANTRAG_STATUS_LABELS, submissionDeadline } from '../antrag-status';
import { type ReviewProps, ReviewSections } from './review-sections';

export const antragPath = (year: number, ags: string, page?: string) => `/antraege/${year}/${ags}${page ? `/${page}` : ''}`;

// ── List ────────────────────────────────────────────────────────────────────────────────────
export interface AntragListProps {
  years: number[];
  year: number | null;
  rows: Array<{ ags: string; name: string; state: AntragState }>;
}

export function AntragListPage(props: AntragListProps) {
  return (
    <Page title="Anträge" currentPath="/antraege" demo={props.rows.some((r) => r.state.isDemo)}>
      <h1 class="kern-heading-large">Anträge beim Regierungspräsidium Kassel</h1>
      <p class="kern-body">Je AQB-Jahr ein Antrag jeder Gebietskörperschaft, aus ihren Projekten. Frist: 31. März des Jahres.</p>
      {props.year === null ? (
        <p class="kern-body">Es ist noch kein AQB-Jahr angelegt.</p>
      ) : (
        <>
          <YearNav years={props.years} current={props.year} href={(y) => `/antraege?jahr=${y}`} />
          <div class="table-region" role="region" aria-labelledby="antraege-titel" tabindex={0}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-title" id="antraege-titel">
                Anträge {props.year}
              </caption>
              <TableHead columns={['Gebietskörperschaft', 'Status', 'Eingereicht', 'Aktenzeichen']} />
              <tbody class="kern-table__body">
                {props.rows.map((r) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      <a class="kern-link" href={antragPath(props.year!, r.ags)}>
                        {r.name}
                      </a>
                    </th>
                    <td class="kern-table__cell">{ANTRAG_STATUS_LABELS[r.state.status]}</td>
                    <td class="kern-table__cell">{r.state.submittedOn ? `${formatDate(r.state.submittedOn)}${r.state.isLate ? ' (verspätet)' : ''}` : '–'}</td>
                    <td class="kern-table__cell">{r.state.aktenzeichen ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Page>
  );
}

// ── One Antrag ──────────────────────────────────────────────────────────────────────────────
export interface AntragPageProps {
  districtName: string;
  state: AntragState;
  /** The submitted document, or the records as they stand (draft). */
  antrag: Antrag;
  allocationCents: number | null;
  /** The submission checks (drafts only). */
  problems: AntragProblem[] | null;
  today: string;
  csrf: string;
  canSubmit: boolean;
  canReceive: boolean;
  canWithdraw: boolean;
  proposedAktenzeichen: string;
  receiveValues?: { aktenzeichen: string; receivedOn: string };
  errors?: FieldErrors;
  /** Problems of a refused submission, or a conflict. */
  error?: string;
  notice?: string;
  review: ReviewProps;
}

/** "$.projects[2].funding" → the project's key, to link the problem to its project. */
function projectOf(antrag: Antrag, path: string): string | null {
  const match = /^\$\.projects\[(\d+)\]/.exec(path);
  return match ? (antrag.projects[Number(match[1])]?.key ?? null) : null;
}

export function AntragPage(props: AntragPageProps) {
  const { state, antrag } = props;
  const year = state.year;
  const deadline = submissionDeadline(year);
  const aqbCents = antrag.projects.reduce((sum, p) => sum + planTotals(p).aqbCents, 0);
  const expensesCents = antrag.projects.reduce((sum, p) => sum + planTotals(p).expensesCents, 0);
  const projectsHref = `/projekte/${year}/${state.ags}`;
  return (
    <Page title={`Antrag ${year} – ${props.districtName}`} currentPath="/antraege" demo={state.isDemo}>
      <h1 class="kern-heading-large">Antrag {year}</h1>
      <p class="kern-body">
        {props.districtName} (AGS {state.ags}) an das Regierungspräsidium Kassel, Dezernat 57. Status: <strong>{ANTRAG_STATUS_LABELS[state.status]}</strong>.{' '}
        <a class="kern-link" href={projectsHref}>
          Projekte {year}
        </a>
        {' · '}
        <a class="kern-link" href={`/strategien/${state.ags}`}>
          Regionale Strategie
        </a>
        {' · '}
        <a class="kern-link" href={antragPath(year, state.ags, 'antrag.json')}>
          Antrag als JSON (aqb.antrag/1)
        </a>
      </p>
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.error ? (
        <Notice kind="danger" title="Nicht ausgeführt">
          <p class="kern-body">{props.error}</p>
        </Notice>
      ) : null}
      <dl class="agreement-facts">
        <div>
          <dt>Zuweisung {year}</dt>
          <dd>{props.allocationCents === null ? 'noch keine' : formatEuro(props.allocationCents)}</dd>
        </div>
        <div>
          <dt>Beantragte AQB-Zuwendung</dt>
          <dd>{formatEuro(aqbCents)}</dd>
        </div>
        {props.allocationCents !== null ? (
          <div>
            <dt>{aqbCents > props.allocationCents ? 'Über der Zuweisung' : 'Verbleibend'}</dt>
            <dd>{formatEuro(Math.abs(props.allocationCents - aqbCents))}</dd>
          </div>
        ) : null}
        <div>
          <dt>Gesamtausgaben</dt>
          <dd>{formatEuro(expensesCents)}</dd>
        </div>
        <div>
          <dt>Antragsfrist</dt>
          <dd>{formatDate(deadline)}</dd>
        </div>
        <div>
          <dt>Eingereicht</dt>
          <dd>{state.submittedOn ? `${formatDate(state.submittedOn)}${state.isLate ? ' – verspätet (nach der Frist)' : ' – fristgerecht'}` : 'noch nicht'}</dd>
        </div>
        <div>
          <dt>Aktenzeichen</dt>
          <dd>{state.aktenzeichen ?? 'wird beim Eingang vergeben'}</dd>
        </div>
        <div>
          <dt>Eingang beim RP</dt>
          <dd>{state.receivedOn ? formatDate(state.receivedOn) : 'noch nicht'}</dd>
        </div>
      </dl>
      {state.status === 'entwurf' && props.today > deadline ? (
        <Notice kind="warning" title="Die Antragsfrist ist abgelaufen">
          <p class="kern-body">Ein Antrag nach dem {formatDate(deadline)} wird als verspätet gekennzeichnet; das Ministerium kann ihn dennoch annehmen.</p>
        </Notice>
      ) : null}

      <h2 class="kern-heading-medium">{state.status === 'entwurf' ? 'Projekte (Stand der Projektliste)' : 'Projekte (eingereichte Fassung)'}</h2>
      {antrag.projects.length === 0 ? (
        <p class="kern-body">
          Noch keine Projekte.{' '}
          <a class="kern-link" href={projectsHref}>
            Zur Projektliste
          </a>
        </p>
      ) : (
        <div class="table-region" role="region" aria-labelledby="antrag-projekte" tabindex={0}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-title" id="antrag-projekte">
              Projekte des Antrags ({antrag.projects.length})
            </caption>
            <TableHead columns={['Kürzel', 'Projekt', 'Träger', 'Laufzeit', { label: 'Ausgaben', numeric: true }, { label: 'AQB-Zuwendung', numeric: true }]} />
            <tbody class="kern-table__body">
              {antrag.projects.map((p) => (
                <tr class="kern-table__row">
                  <td class="kern-table__cell">{p.key}</td>
                  <th scope="row" class="kern-table__header">
                    {p.title}
                    {p.earlyStart ? <span class="kern-body kern-body--small"> (vorzeitiger Beginn)</span> : null}
                  </th>
                  <td class="kern-table__cell">{p.provider?.name ?? 'fehlt'}</td>
                  <td class="kern-table__cell">{p.start && p.end ? `${formatDate(p.start)} – ${formatDate(p.end)}` : 'fehlt'}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(planTotals(p).expensesCents)}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(planTotals(p).aqbCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {props.problems !== null ? (
        <section aria-labelledby="pruefung-titel" class="kern-stack-sm">
          <h2 class="kern-heading-medium" id="pruefung-titel">
            Prüfung vor der Einreichung
          </h2>
          {props.problems.length === 0 ? (
            <p class="kern-body">Alle Prüfungen sind bestanden.</p>
          ) : (
            <ul class="kern-list kern-list--bullet" id="feld-einreichen">
              {props.problems.map((problem) => {
                const key = projectOf(antrag, problem.path);
                return (
                  <li>
                    {problem.message} <span class="kern-body kern-body--small">({problem.code})</span>
                    {key ? (
                      <>
                        {' '}
                        <a class="kern-link" href={`/projekte/${year}/${state.ags}/projekt/${encodeURIComponent(key)}`}>
                          Zum Projekt {key}
                        </a>
                      </>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
          {props.canSubmit ? (
            <form method="post" action={antragPath(year, state.ags, 'einreichen')}>
              <CsrfField token={props.csrf} />
              <input type="hidden" name="version" value={String(state.version)} />
              <SubmitButton>Antrag einreichen</SubmitButton>
            </form>
          ) : null}
        </section>
      ) : null}

      {props.canReceive ? (
        <section aria-labelledby="eingang-titel" class="kern-stack-sm">
          <h2 class="kern-heading-medium" id="eingang-titel">
            Eingang erfassen
          </h2>
          <form method="post" action={antragPath(year, state.ags, 'eingang')} class="kern-stack-sm" novalidate>
            <ErrorSummary errors={props.errors ?? {}} />
            <CsrfField token={props.csrf} />
            <input type="hidden" name="version" value={String(state.version)} />
            <TextField name="aktenzeichen" label="Aktenzeichen" required value={props.receiveValues?.aktenzeichen ?? props.proposedAktenzeichen} error={props.errors?.aktenzeichen} maxlength={80} />
            <TextField name="eingang" label="Eingangsdatum" required value={props.receiveValues?.receivedOn ?? formatDate(props.today)} error={props.errors?.eingang} hint="z. B. 2.4.2025" />
            <SubmitButton>Eingang erfassen und Prüfung beginnen</SubmitButton>
          </form>
        </section>
      ) : null}

      <ReviewSections {...props.review} state={state} csrf={props.csrf} />

      {props.canWithdraw ? (
        <p>
          <a class="kern-btn kern-btn--secondary" href={antragPath(year, state.ags, 'zurueckziehen')}>
            <span class="kern-label">Antrag zurückziehen</span>
          </a>
        </p>
      ) : null}
    </Page>
  );
}

export function WithdrawAntragPage(props: { districtName: string; state: AntragState; csrf: string; error?: string }) {
  const { state } = props;
  return (
    <Page title={`Antrag ${state.year} zurückziehen – ${props.districtName}`} currentPath="/antraege">
      <h1 class="kern-heading-large">Antrag zurückziehen?</h1>
      {props.error ? (
        <Notice kind="danger" title="Nicht möglich">
          <p class="kern-body">{props.error}</p>
        </Notice>
      ) : null}
      <p class="kern-body">
        Der Antrag {state.year} von {props.districtName}
        {state.aktenzeichen ? ` (Aktenzeichen ${state.aktenzeichen})` : ''} wird zurückgezogen. Das Regierungspräsidium Kassel bearbeitet ihn dann nicht weiter; das lässt
        sich nicht rückgängig machen.
      </p>
      <form method="post" action={antragPath(state.year, state.ags, 'zurueckziehen')} class="import-actions">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(state.version)} />
        <SubmitButton>Ja, zurückziehen</SubmitButton>
        <a class="kern-btn kern-btn--secondary" href={antragPath(state.year, state.ags)}>
          <span class="kern-label">Nein, zurück</span>
        </a>
      </form>
    </Page>
  );
}
