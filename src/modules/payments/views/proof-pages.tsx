import { formatDate, formatEuro } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SubmitButton, TextArea, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import { EXPENSE_CATEGORY_LABELS, FINANCING_TYPE_LABELS, FUNDING_SOURCE_LABELS } from '../../funding/schema';
import type { Proof } from '../proof';
import { PROOF_STATUS_LABELS, type RefundContent } from '../schema';
import { moneyPath, proofPath } from './money-pages';

const num = 'kern-table__cell kern-table__cell--numeric';
const N = (label: string) => ({ label, numeric: true });
const euroText = (cents: number) => formatEuro(cents).replace(' €', '');

function Region({ id, title, children }: { id: string; title: string; children: unknown }) {
  return (
    <div class="table-region" role="region" aria-labelledby={id} tabindex={0}>
      <table class="kern-table kern-table--striped">
        <caption class="kern-title" id={id}>
          {title}
        </caption>
        {children as never}
      </table>
    </div>
  );
}

/** The form values of the draft: per project index k the texts and the actual amounts per line. */
export type ProofFormValues = Record<string, string>;

export function proofFormValues(proof: Proof): ProofFormValues {
  const values: ProofFormValues = {};
  proof.projects.forEach((p, k) => {
    values[`bericht_${k}`] = p.report;
    values[`plaetze_${k}`] = p.placesFilled === null ? '' : String(p.placesFilled);
    values[`ergebnisse_${k}`] = p.results;
    p.expenses.forEach((e, j) => (values[`ausgabe_${k}_${j}`] = euroText(e.actualCents)));
    p.funding.forEach((f, j) => (values[`finanzierung_${k}_${j}`] = euroText(f.actualCents)));
  });
  return values;
}

/** The Prüfvermerk and Rückforderung as computed (live or frozen). */
export function RefundTables({ content }: { content: RefundContent }) {
  return (
    <>
      {content.projects.map((p) => (
        <section>
          <h3 class="kern-heading-small">
            Projekt {p.projectKey} – {p.projectTitle} ({FINANCING_TYPE_LABELS[p.financingType]})
          </h3>
          <Region id={`pruefung-${p.projectKey}`} title={`Förderfähige Ausgaben je Zeile, Projekt ${p.projectKey} (20-%-Regel)`}>
            <TableHead columns={['Ausgabe', N('Geplant'), N('Tatsächlich'), N('Grenze (120 %)'), N('Förderfähig'), N('Über 20 %'), N('Nicht ausgeglichen')]} />
            <tbody class="kern-table__body">
              {p.lines.map((l) => (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    {l.label}
                  </th>
                  <td class={num}>{formatEuro(l.plannedCents)}</td>
                  <td class={num}>{formatEuro(l.actualCents)}</td>
                  <td class={num}>{formatEuro(l.limitCents)}</td>
                  <td class={num}>{formatEuro(l.eligibleCents)}</td>
                  <td class={num}>{formatEuro(l.over20PercentCents)}</td>
                  <td class={num}>{formatEuro(l.notOffsetCents)}</td>
                </tr>
              ))}
            </tbody>
          </Region>
          {p.problems.length ? (
            <ul class="kern-list kern-list--bullet">
              {p.problems.map((x) => (
                <li>
                  {x.message} ({x.code})
                </li>
              ))}
            </ul>
          ) : null}
          <dl class="agreement-facts">
            <div>
              <dt>Bewilligt</dt>
              <dd>{formatEuro(p.approvedCents)}</dd>
            </div>
            <div>
              <dt>Förderfähige Zuwendung</dt>
              <dd>{formatEuro(p.eligibleCents)}</dd>
            </div>
            <div>
              <dt>Ausgezahlt</dt>
              <dd>{formatEuro(p.paidCents)}</dd>
            </div>
            <div>
              <dt>Rückforderung</dt>
              <dd>{formatEuro(p.refundCents)}</dd>
            </div>
            <div>
              <dt>Zinsen (§ 49a Abs. 3 HVwVfG)</dt>
              <dd>{formatEuro(p.interestCents)}</dd>
            </div>
          </dl>
          {p.portions.length ? (
            <Region id={`zinsen-${p.projectKey}`} title={`Zinsen der Rückforderung bis ${formatDate(content.interestTo)}, Projekt ${p.projectKey}`}>
              <TableHead columns={['Auszahlung', N('Betrag'), 'Zeitraum', N('Tage'), N('Zinssatz'), N('Zinsen')]} />
              <tbody class="kern-table__body">
                {p.portions.flatMap((portion) =>
                  portion.periods.map((period, i) => (
                    <tr class="kern-table__row">
                      <th scope="row" class="kern-table__header">
                        {i === 0 ? formatDate(portion.paidOn) : `${formatDate(portion.paidOn)} (Forts.)`}
                      </th>
                      <td class={num}>{formatEuro(portion.amountCents)}</td>
                      <td class="kern-table__cell">
                        {formatDate(period.from)} – {formatDate(period.to)}
                      </td>
                      <td class={num}>{period.days}</td>
                      <td class={num}>{period.ratePercent.replace('.', ',')} %</td>
                      <td class={num}>{formatEuro(period.interestCents)}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </Region>
          ) : null}
        </section>
      ))}
      <dl class="agreement-facts">
        <div>
          <dt>Summe ausgezahlt</dt>
          <dd>{formatEuro(content.totals.paidCents)}</dd>
        </div>
        <div>
          <dt>Summe förderfähig</dt>
          <dd>{formatEuro(content.totals.eligibleCents)}</dd>
        </div>
        <div>
          <dt>Rückforderung</dt>
          <dd>{formatEuro(content.totals.refundCents)}</dd>
        </div>
        <div>
          <dt>Zinsen</dt>
          <dd>{formatEuro(content.totals.interestCents)}</dd>
        </div>
        <div>
          <dt>Zu erstatten insgesamt</dt>
          <dd>
            <strong>{formatEuro(content.totals.totalCents)}</strong>
          </dd>
        </div>
      </dl>
    </>
  );
}

export interface ProofPageProps {
  districtName: string;
  proof: Proof;
  today: string;
  csrf: string;
  canEdit: boolean;
  canSubmit: boolean;
  canAudit: boolean;
  canIssue: boolean;
  values: ProofFormValues;
  errors?: FieldErrors;
  auditValues: { note: string; interestTo: string };
  auditErrors?: FieldErrors;
  /** The live computation for RP (submitted Nachweis), or its refusal. */
  preview: RefundContent | null;
  previewError?: string;
  notice?: string;
  error?: string;
}

export function ProofPage(props: ProofPageProps) {
  const { proof } = props;
  const overdue = proof.dueOn !== null && proof.status === 'entwurf' && proof.dueOn < props.today;
  return (
    <Page title={`Verwendungsnachweis ${proof.year} – ${props.districtName}`} currentPath="/mittel" demo={proof.isDemo}>
      <h1 class="kern-heading-large">Verwendungsnachweis {proof.year}</h1>
      <p class="kern-body">
        {props.districtName} (AGS {proof.ags}). Status: <strong>{PROOF_STATUS_LABELS[proof.status]}</strong>.{' '}
        <a class="kern-link" href={moneyPath(proof.year, proof.ags)}>
          Mittel {proof.year}
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
          <dt>Fällig (laut Bescheid)</dt>
          <dd>{proof.dueOn ? `${formatDate(proof.dueOn)}${overdue ? ' – überfällig' : ''}` : 'kein Bescheid'}</dd>
        </div>
        <div>
          <dt>Eingereicht</dt>
          <dd>{proof.submittedOn ? `${formatDate(proof.submittedOn)}${proof.dueOn && proof.submittedOn > proof.dueOn ? ' (nach der Frist)' : ''}` : 'noch nicht'}</dd>
        </div>
        {proof.issuedOn ? (
          <div>
            <dt>Prüfvermerk erlassen</dt>
            <dd>{formatDate(proof.issuedOn)}</dd>
          </div>
        ) : null}
      </dl>
      {overdue ? (
        <Notice kind="warning" title="Der Verwendungsnachweis ist überfällig">
          <p class="kern-body">Die Frist laut Bescheid endete am {formatDate(proof.dueOn!)}.</p>
        </Notice>
      ) : null}
      {proof.projects.length === 0 ? <p class="kern-body">Für {proof.year} ist kein Bescheid erlassen; es gibt nichts nachzuweisen.</p> : null}

      <form method="post" action={proofPath(proof.year, proof.ags)} class="kern-stack-sm" novalidate>
        <ErrorSummary errors={props.errors ?? {}} />
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(proof.version)} />
        {proof.projects.map((p, k) => (
          <section>
            <h2 class="kern-heading-medium">Projekt {p.projectKey}</h2>
            {props.canEdit ? (
              <>
                <TextArea name={`bericht_${k}`} label={`Sachbericht: was wurde getan (Projekt ${p.projectKey})`} required value={props.values[`bericht_${k}`]} error={props.errors?.[`bericht_${k}`]} rows={4} />
                <TextField name={`plaetze_${k}`} label={`Besetzte Plätze (Projekt ${p.projectKey})`} inputmode="numeric" value={props.values[`plaetze_${k}`]} error={props.errors?.[`plaetze_${k}`]} />
                <TextArea name={`ergebnisse_${k}`} label={`Ergebnisse (Projekt ${p.projectKey})`} value={props.values[`ergebnisse_${k}`]} error={props.errors?.[`ergebnisse_${k}`]} rows={3} />
              </>
            ) : (
              <>
                <h3 class="kern-heading-small">Sachbericht</h3>
                <p class="kern-body">{p.report || '–'}</p>
                <p class="kern-body">Besetzte Plätze: {p.placesFilled ?? '–'}. Ergebnisse: {p.results || '–'}</p>
              </>
            )}
            <Region id={`ausgaben-${k}`} title={`Zahlenmäßiger Nachweis: Ausgaben, Projekt ${p.projectKey}`}>
              <TableHead columns={['Ausgabe', 'Art', N('Geplant (Bescheid)'), N('Tatsächlich')]} />
              <tbody class="kern-table__body">
                {p.expenses.map((e, j) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      {e.label}
                    </th>
                    <td class="kern-table__cell">{EXPENSE_CATEGORY_LABELS[e.category]}</td>
                    <td class={num}>{formatEuro(e.plannedCents)}</td>
                    <td class={num}>
                      {props.canEdit ? (
                        <TextField name={`ausgabe_${k}_${j}`} label={`Tatsächlich: ${e.label}`} required inputmode="decimal" value={props.values[`ausgabe_${k}_${j}`]} error={props.errors?.[`ausgabe_${k}_${j}`]} />
                      ) : (
                        formatEuro(e.actualCents)
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Region>
            <Region id={`finanzierung-${k}`} title={`Zahlenmäßiger Nachweis: Finanzierung, Projekt ${p.projectKey}`}>
              <TableHead columns={['Quelle', N('Geplant (Bescheid)'), N('Tatsächlich')]} />
              <tbody class="kern-table__body">
                {p.funding.map((f, j) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      {FUNDING_SOURCE_LABELS[f.source]}
                    </th>
                    <td class={num}>{formatEuro(f.plannedCents)}</td>
                    <td class={num}>
                      {props.canEdit ? (
                        <TextField name={`finanzierung_${k}_${j}`} label={`Tatsächlich: ${FUNDING_SOURCE_LABELS[f.source]}`} required inputmode="decimal" value={props.values[`finanzierung_${k}_${j}`]} error={props.errors?.[`finanzierung_${k}_${j}`]} />
                      ) : (
                        formatEuro(f.actualCents)
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Region>
          </section>
        ))}
        {props.canEdit && proof.projects.length ? <SubmitButton>Entwurf speichern</SubmitButton> : null}
      </form>
      {props.canSubmit && proof.projects.length && proof.version > 0 ? (
        <p class="kern-body">
          <a class="kern-link" href={proofPath(proof.year, proof.ags, 'einreichen')}>
            Verwendungsnachweis einreichen …
          </a>
        </p>
      ) : null}

      {proof.status !== 'entwurf' ? (
        <section>
          <h2 class="kern-heading-medium">Prüfung und Rückforderung</h2>
          {proof.refund ? (
            <>
              <p class="kern-body">Prüfvermerk: {proof.refund.note || '–'}</p>
              <RefundTables content={proof.refund} />
              <p class="kern-body">
                Prüfvermerk und Rückforderungsbescheid:{' '}
                <a class="kern-link" href={proofPath(proof.year, proof.ags, 'rueckforderung.pdf')}>
                  PDF herunterladen
                </a>
                {' · '}
                <a class="kern-link" href={proofPath(proof.year, proof.ags, 'rueckforderung.docx')}>
                  Word-Datei herunterladen
                </a>
              </p>
            </>
          ) : (
            <>
              {props.previewError ? (
                <Notice kind="warning" title="Rückforderung nicht berechenbar">
                  <p class="kern-body">{props.previewError}</p>
                </Notice>
              ) : null}
              {props.preview ? <RefundTables content={props.preview} /> : null}
              {props.canAudit ? (
                <form method="post" action={proofPath(proof.year, proof.ags, 'pruefung')} class="kern-stack-sm" novalidate>
                  <h3 class="kern-heading-small">Prüfvermerk</h3>
                  <ErrorSummary errors={props.auditErrors ?? {}} />
                  <CsrfField token={props.csrf} />
                  <input type="hidden" name="version" value={String(proof.version)} />
                  <TextArea name="pruefvermerk" label="Prüfvermerk" value={props.auditValues.note} error={props.auditErrors?.pruefvermerk} rows={5} />
                  <TextField name="zinsende" label="Zinsen bis einschließlich" required value={props.auditValues.interestTo} error={props.auditErrors?.zinsende} hint="z. B. 31.12.2025" />
                  <SubmitButton>Prüfvermerk speichern und berechnen</SubmitButton>
                </form>
              ) : null}
              {props.canIssue && proof.interestTo ? (
                <p class="kern-body">
                  <a class="kern-link" href={proofPath(proof.year, proof.ags, 'rueckforderung')}>
                    Prüfvermerk und Rückforderung erlassen …
                  </a>
                </p>
              ) : null}
            </>
          )}
        </section>
      ) : null}
    </Page>
  );
}

/** Confirmation before an irreversible step (works without JavaScript). */
export function ConfirmPage(props: { title: string; heading: string; text: string; action: string; version: number; csrf: string; button: string; back: string; error?: string; demo: boolean; content?: RefundContent | null }) {
  return (
    <Page title={props.title} currentPath="/mittel" demo={props.demo}>
      <h1 class="kern-heading-large">{props.heading}</h1>
      {props.error ? (
        <Notice kind="danger" title="Nicht ausgeführt">
          <p class="kern-body">{props.error}</p>
        </Notice>
      ) : null}
      <p class="kern-body">{props.text}</p>
      {props.content ? <RefundTables content={props.content} /> : null}
      <form method="post" action={props.action} class="import-actions">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(props.version)} />
        <SubmitButton>{props.button}</SubmitButton>
        <a class="kern-link" href={props.back}>
          Abbrechen
        </a>
      </form>
    </Page>
  );
}
