import { formatDate, formatEuro, formatEuroNumber } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SelectField, SubmitButton, TextArea, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import type { AntragState } from '../antrag-record';
import type { Bescheid } from '../bescheid';
import { bescheidTitle } from '../documents/model';
import { BESCHEID_STATUS_LABELS, FINANCING_TYPE_LABELS, FINANCING_TYPES } from '../schema';

export const bescheidPath = (year: number, ags: string, sequence: number, page?: string) => `/antraege/${year}/${ags}/bescheide/${sequence}${page ? `/${page}` : ''}`;

/** What the edit form shows: typed text (a refused form keeps it) per field. */
export interface BescheidFormValues {
  periodFrom: string;
  periodTo: string;
  proofDueOn: string;
  purpose: string;
  conditions: string;
  legalRemedy: string;
  reason: string;
  lines: Array<{ projectId: number; requested: string; approved: string; financingType: string; rejectionReason: string }>;
}

export function formValuesOf(b: Bescheid): BescheidFormValues {
  return {
    periodFrom: formatDate(b.periodFrom),
    periodTo: formatDate(b.periodTo),
    proofDueOn: formatDate(b.proofDueOn),
    purpose: b.purpose,
    conditions: b.conditions,
    legalRemedy: b.legalRemedy,
    reason: b.reason,
    lines: b.lines.map((l) => ({ projectId: l.projectId, requested: formatEuroNumber(l.requestedCents), approved: formatEuroNumber(l.approvedCents), financingType: l.financingType, rejectionReason: l.rejectionReason })),
  };
}

export interface BescheidPageProps {
  districtName: string;
  state: AntragState;
  bescheid: Bescheid;
  history: Bescheid[];
  allocationCents: number | null;
  /** Approved in force with this Bescheid's lines (the sum-of-Bescheide rule). */
  approvedWithThisCents: number;
  canEdit: boolean;
  canIssue: boolean;
  csrf: string;
  values?: BescheidFormValues;
  errors?: FieldErrors;
  error?: string;
  notice?: string;
}

export function BescheidPage(props: BescheidPageProps) {
  const { state, bescheid: b } = props;
  const { year, ags } = state;
  const name = bescheidTitle(b.sequence);
  const v = props.values ?? formValuesOf(b);
  const e = props.errors ?? {};
  const isDraft = b.status === 'entwurf';
  return (
    <Page title={`${name} ${year} – ${props.districtName}`} currentPath="/antraege" demo={b.isDemo}>
      <h1 class="kern-heading-large">
        {name} {year}
      </h1>
      <p class="kern-body">
        {props.districtName}, Aktenzeichen {state.aktenzeichen ?? '–'}. Status: <strong>{BESCHEID_STATUS_LABELS[b.status]}</strong>
        {b.decidedOn ? ` vom ${formatDate(b.decidedOn)}` : ''}.{' '}
        <a class="kern-link" href={`/antraege/${year}/${ags}`}>
          Zum Antrag
        </a>
      </p>
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.error ? (
        <Notice kind="danger" title="Nicht ausgeführt">
          <p class="kern-body">{props.error}</p>
        </Notice>
      ) : null}
      <p class="kern-body">
        {isDraft ? (
          <>
            Vorschau:{' '}
            <a class="kern-link" href={bescheidPath(year, ags, b.sequence, 'vorschau.pdf')}>
              PDF (Entwurf)
            </a>
          </>
        ) : (
          <>
            Erlassener Bescheid:{' '}
            <a class="kern-link" href={bescheidPath(year, ags, b.sequence, 'bescheid.pdf')}>
              PDF
            </a>
            {' · '}
            <a class="kern-link" href={bescheidPath(year, ags, b.sequence, 'bescheid.docx')}>
              Word (DOCX)
            </a>
          </>
        )}
      </p>
      <dl class="agreement-facts">
        <div>
          <dt>Bewilligt mit diesem Bescheid</dt>
          <dd>{formatEuro(b.approvedCents)}</dd>
        </div>
        <div>
          <dt>Beantragt</dt>
          <dd>{formatEuro(b.requestedCents)}</dd>
        </div>
        <div>
          <dt>Zuweisung {year}</dt>
          <dd>{props.allocationCents === null ? 'noch keine' : formatEuro(props.allocationCents)}</dd>
        </div>
        <div>
          <dt>Summe der Bescheide (mit diesem)</dt>
          <dd>{formatEuro(props.approvedWithThisCents)}</dd>
        </div>
        <div>
          <dt>Bewilligungszeitraum</dt>
          <dd>
            {formatDate(b.periodFrom)} – {formatDate(b.periodTo)}
          </dd>
        </div>
        <div>
          <dt>Verwendungsnachweis fällig</dt>
          <dd>{formatDate(b.proofDueOn)}</dd>
        </div>
      </dl>

      <div class="table-region" role="region" aria-labelledby="bescheid-projekte" tabindex={0}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id="bescheid-projekte">
            Projekte des Bescheides
          </caption>
          <TableHead columns={['Kürzel', 'Projekt', 'Finanzierungsart', { label: 'Beantragt', numeric: true }, { label: 'Bewilligt', numeric: true }, 'Teilablehnung']} />
          <tbody class="kern-table__body">
            {b.lines.map((l) => (
              <tr class="kern-table__row">
                <td class="kern-table__cell">{l.key}</td>
                <th scope="row" class="kern-table__header">
                  {l.title}
                </th>
                <td class="kern-table__cell">{FINANCING_TYPE_LABELS[l.financingType]}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(l.requestedCents)}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(l.approvedCents)}</td>
                <td class="kern-table__cell">{l.approvedCents < l.requestedCents ? l.rejectionReason : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {isDraft && props.canEdit ? (
        <form method="post" action={bescheidPath(year, ags, b.sequence)} class="kern-stack-sm" novalidate>
          <h2 class="kern-heading-medium">Entwurf bearbeiten</h2>
          <ErrorSummary errors={e} />
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(b.version)} />
          <TextField name="beginn" label="Bewilligungszeitraum von" required value={v.periodFrom} error={e.beginn} hint={`z. B. 1.1.${year}`} />
          <TextField name="ende" label="Bewilligungszeitraum bis" required value={v.periodTo} error={e.ende} hint={`z. B. 31.12.${year}`} />
          <TextField name="nachweis" label="Verwendungsnachweis fällig am" required value={v.proofDueOn} error={e.nachweis} hint="Vorgabe: sechs Monate nach dem Ende des Bewilligungszeitraums" />
          <TextArea name="zweck" label="Zweck der Zuwendung" required value={v.purpose} error={e.zweck} rows={3} maxlength={2000} />
          {b.kind === 'aenderung' ? <TextArea name="anlass" label="Anlass der Änderung (Betrag, Laufzeit, Projekttausch …)" value={v.reason} error={e.anlass} rows={3} maxlength={2000} /> : null}
          {b.lines.map((l, i) => {
            const line = v.lines[i]!;
            return (
              <fieldset class="kern-fieldset">
                <legend class="kern-label">
                  {l.key} – {l.title}
                </legend>
                <div class="kern-fieldset__body kern-stack-sm">
                  <input type="hidden" name={`projekt_${i}`} value={String(l.projectId)} />
                  {b.kind === 'aenderung' ? (
                    <TextField name={`beantragt_${i}`} label={`Beantragt (Euro), ${l.key}`} required value={line.requested} error={e[`beantragt_${i}`]} inputmode="decimal" />
                  ) : (
                    <p class="kern-body">Beantragt: {formatEuro(l.requestedCents)}</p>
                  )}
                  <TextField name={`bewilligt_${i}`} label={`Bewilligt (Euro), ${l.key}`} required value={line.approved} error={e[`bewilligt_${i}`]} inputmode="decimal" />
                  <SelectField name={`art_${i}`} label={`Finanzierungsart, ${l.key}`} required value={line.financingType} error={e[`art_${i}`]} options={FINANCING_TYPES.map((t) => ({ value: t, label: FINANCING_TYPE_LABELS[t] }))} />
                  <TextArea name={`begruendung_${i}`} label={`Begründung der Teilablehnung, ${l.key}`} value={line.rejectionReason} error={e[`begruendung_${i}`]} rows={2} maxlength={2000} hint="Nötig, wenn weniger als beantragt bewilligt wird." />
                </div>
              </fieldset>
            );
          })}
          <TextArea name="nebenbestimmungen" label="Nebenbestimmungen" required value={v.conditions} error={e.nebenbestimmungen} rows={6} maxlength={8000} />
          <TextArea name="rechtsbehelf" label="Rechtsbehelfsbelehrung" required value={v.legalRemedy} error={e.rechtsbehelf} rows={3} maxlength={4000} />
          <SubmitButton>Entwurf speichern</SubmitButton>
        </form>
      ) : null}
      {isDraft && props.canIssue ? (
        <p>
          <a class="kern-btn kern-btn--primary" href={bescheidPath(year, ags, b.sequence, 'erlassen')}>
            <span class="kern-label">{name} erlassen …</span>
          </a>
        </p>
      ) : null}

      <section aria-labelledby="verlauf-titel" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="verlauf-titel">
          Verlauf der Bescheide
        </h2>
        <ul class="kern-list kern-list--bullet">
          {props.history.map((h) => (
            <li>
              {h.sequence === b.sequence ? (
                <strong>{bescheidTitle(h.sequence)}</strong>
              ) : (
                <a class="kern-link" href={bescheidPath(year, ags, h.sequence)}>
                  {bescheidTitle(h.sequence)}
                </a>
              )}{' '}
              – {BESCHEID_STATUS_LABELS[h.status]}
              {h.decidedOn ? ` vom ${formatDate(h.decidedOn)}, gilt ab diesem Tag` : ''}: {formatEuro(h.approvedCents)}
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}

/** The confirmation before a Bescheid is issued (works without JavaScript). */
export function ConfirmIssuePage(props: { districtName: string; state: AntragState; bescheid: Bescheid; problems: string[]; allocationCents: number | null; approvedWithThisCents: number; csrf: string; error?: string }) {
  const { state, bescheid: b } = props;
  const name = bescheidTitle(b.sequence);
  return (
    <Page title={`${name} erlassen – ${props.districtName}`} currentPath="/antraege">
      <h1 class="kern-heading-large">{name} erlassen?</h1>
      {props.error ? (
        <Notice kind="danger" title="Nicht ausgeführt">
          <p class="kern-body">{props.error}</p>
        </Notice>
      ) : null}
      <p class="kern-body">
        {name} {state.year} an {props.districtName} über {formatEuro(b.approvedCents)} (beantragt {formatEuro(b.requestedCents)}). Mit dem Erlass wird der Bescheid mit dem heutigen Datum
        als PDF und DOCX erzeugt und eingefroren; er kann danach nur noch durch einen Änderungsbescheid geändert werden.
        {b.sequence === 1 ? ' Der Antrag wird „beschieden“.' : ''}
      </p>
      <p class="kern-body">
        Summe der Bescheide mit diesem: {formatEuro(props.approvedWithThisCents)}; Zuweisung: {props.allocationCents === null ? 'noch keine' : formatEuro(props.allocationCents)}.{' '}
        <a class="kern-link" href={bescheidPath(state.year, state.ags, b.sequence, 'vorschau.pdf')}>
          Vorschau (PDF)
        </a>
      </p>
      {props.problems.length > 0 ? (
        <Notice kind="danger" title="So kann der Bescheid nicht erlassen werden">
          <ul class="kern-list kern-list--bullet">
            {props.problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </Notice>
      ) : (
        <form method="post" action={bescheidPath(state.year, state.ags, b.sequence, 'erlassen')} class="import-actions">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(b.version)} />
          <SubmitButton>Ja, {name} erlassen</SubmitButton>
          <a class="kern-btn kern-btn--secondary" href={bescheidPath(state.year, state.ags, b.sequence)}>
            <span class="kern-label">Nein, zurück</span>
          </a>
        </form>
      )}
      {props.problems.length > 0 ? (
        <p>
          <a class="kern-link" href={bescheidPath(state.year, state.ags, b.sequence)}>
            Zurück zum Entwurf
          </a>
        </p>
      ) : null}
    </Page>
  );
}
