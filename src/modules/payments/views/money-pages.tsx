import { formatDate, formatEuro } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SelectField, SubmitButton, TextArea, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import { YearNav } from '../../../ui/year-nav';
import type { BalanceFigures } from '../../funding/service';
import type { ProjectInterimInterest } from '../interim-interest';
import type { Ledger } from '../ledger';
import { INTEREST_DECISION_LABELS } from '../schema';

export const moneyPath = (year: number, ags: string, page?: string) => `/mittel/${year}/${ags}${page ? `/${page}` : ''}`;
export const proofPath = (year: number, ags: string, page?: string) => `/verwendungsnachweise/${year}/${ags}${page ? `/${page}` : ''}`;

const num = 'kern-table__cell kern-table__cell--numeric';
const NUMERIC = (label: string) => ({ label, numeric: true });

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

function FigureCells({ f }: { f: BalanceFigures }) {
  return (
    <>
      <td class={num}>{formatEuro(f.approvedCents)}</td>
      <td class={num}>{formatEuro(f.requestedCents)}</td>
      <td class={num}>{formatEuro(f.paidCents)}</td>
      <td class={num}>{formatEuro(f.usedCents)}</td>
      <td class={num}>{formatEuro(f.availableCents)}</td>
    </>
  );
}
const FIGURE_COLUMNS = ['Bewilligt', 'Abgerufen', 'Ausgezahlt', 'Verwendet', 'Verfügbar'].map(NUMERIC);

// ── List ───────────────────────────────────────────────────────────────────────────────────
export function MoneyListPage(props: { years: number[]; year: number | null; rows: Array<{ ags: string; name: string; figures: BalanceFigures | null }>; demo: boolean }) {
  return (
    <Page title="Mittel" currentPath="/mittel" demo={props.demo}>
      <h1 class="kern-heading-large">Mittelabruf, Auszahlung und Verwendung</h1>
      <p class="kern-body">Je Gebietskörperschaft und AQB-Jahr: bewilligt, abgerufen, ausgezahlt, verwendet und verfügbar nach den erlassenen Bescheiden.</p>
      {props.year === null ? (
        <p class="kern-body">Es ist noch kein AQB-Jahr angelegt.</p>
      ) : (
        <>
          <YearNav years={props.years} current={props.year} href={(y) => `/mittel?jahr=${y}`} />
          <Region id="mittel-titel" title={`Mittel ${props.year}`}>
            <TableHead columns={['Gebietskörperschaft', ...FIGURE_COLUMNS]} />
            <tbody class="kern-table__body">
              {props.rows.map((r) => (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    <a class="kern-link" href={moneyPath(props.year!, r.ags)}>
                      {r.name}
                    </a>
                  </th>
                  {r.figures ? <FigureCells f={r.figures} /> : <td class="kern-table__cell" colspan={5}>kein Bescheid</td>}
                </tr>
              ))}
            </tbody>
          </Region>
        </>
      )}
    </Page>
  );
}

// ── The Mittel page of one district ─────────────────────────────────────────────────────────
export interface RequestFormValues {
  projekt: string;
  datum: string;
  betrag: string;
  rows: Array<{ datum: string; betrag: string; zweck: string }>;
}
export interface UseFormValues {
  projekt: string;
  datum: string;
  betrag: string;
  beschreibung: string;
}

export interface MoneyPageProps {
  year: number;
  ags: string;
  districtName: string;
  ledger: Ledger;
  today: string;
  csrf: string;
  canRequest: boolean;
  canPayout: boolean;
  canUse: boolean;
  requestValues: RequestFormValues;
  useValues: UseFormValues;
  payoutValues?: { requestId: number; datum: string; betrag: string };
  requestErrors?: FieldErrors;
  useErrors?: FieldErrors;
  payoutErrors?: FieldErrors;
  notice?: string;
  error?: string;
}

export const PLANNED_ROWS = 3;

export function MoneyPage(props: MoneyPageProps) {
  const { ledger, year, ags } = props;
  const district = ledger.balances.districts[0];
  const projectOptions = [{ value: '', label: 'Bitte wählen' }, ...[...ledger.approvals.values()].map((a) => ({ value: a.projectKey, label: `${a.projectKey} – ${a.projectTitle}` }))];
  return (
    <Page title={`Mittel ${year} – ${props.districtName}`} currentPath="/mittel" demo={ledger.isDemo}>
      <h1 class="kern-heading-large">Mittel {year}</h1>
      <p class="kern-body">
        {props.districtName} (AGS {ags}).{' '}
        <a class="kern-link" href={moneyPath(year, ags, 'zwischenzinsen')}>
          Zwischenzinsen
        </a>
        {' · '}
        <a class="kern-link" href={proofPath(year, ags)}>
          Verwendungsnachweis
        </a>
        {' · '}
        <a class="kern-link" href={`/antraege/${year}/${ags}`}>
          Antrag {year}
        </a>
      </p>
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.error ? (
        <Notice kind="danger" title="Nicht ausgeführt">
          <p class="kern-body">{props.error}</p>
        </Notice>
      ) : null}
      {ledger.approvals.size === 0 ? <p class="kern-body">Für {year} ist noch kein Bescheid erlassen. Mittel können erst nach dem Bescheid abgerufen werden.</p> : null}
      <Region id="salden-titel" title={`Stand je Projekt ${year}`}>
        <TableHead columns={['Projekt', ...FIGURE_COLUMNS]} />
        <tbody class="kern-table__body">
          {(district?.projects ?? []).map((p) => (
            <tr class="kern-table__row">
              <th scope="row" class="kern-table__header">
                {p.project}
              </th>
              <FigureCells f={p} />
            </tr>
          ))}
          {district ? (
            <tr class="kern-table__row">
              <th scope="row" class="kern-table__header">
                Summe Gebietskörperschaft
              </th>
              <FigureCells f={district} />
            </tr>
          ) : null}
        </tbody>
      </Region>
      {ledger.balances.problems.length ? (
        <Notice kind="warning" title="Auffälligkeiten">
          <ul class="kern-list kern-list--bullet">
            {ledger.balances.problems.map((p) => (
              <li>
                {p.message} ({p.code})
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}

      <h2 class="kern-heading-medium">Mittelabrufe und Auszahlungen</h2>
      {ledger.requests.length === 0 ? (
        <p class="kern-body">Noch keine Mittelabrufe.</p>
      ) : (
        <Region id="abrufe-titel" title="Mittelabrufe">
          <TableHead columns={['Abruf', 'Projekt', 'Datum', NUMERIC('Betrag'), 'Geplante Verwendung', 'Auszahlungen', NUMERIC('Offen')]} />
          <tbody class="kern-table__body">
            {ledger.requests.map((r) => (
              <tr class="kern-table__row">
                <th scope="row" class="kern-table__header">
                  Nr. {r.id}
                </th>
                <td class="kern-table__cell">{r.projectKey}</td>
                <td class="kern-table__cell">{formatDate(r.requestedOn)}</td>
                <td class={num}>{formatEuro(r.amountCents)}</td>
                <td class="kern-table__cell">{r.plannedUse.map((u) => `${formatDate(u.dueOn)}: ${formatEuro(u.amountCents)} (${u.purpose})`).join('; ')}</td>
                <td class="kern-table__cell">{r.payouts.length ? r.payouts.map((p) => `${formatDate(p.paidOn)}: ${formatEuro(p.amountCents)}`).join('; ') : 'keine'}</td>
                <td class={num}>{formatEuro(r.openCents)}</td>
              </tr>
            ))}
          </tbody>
        </Region>
      )}
      {props.canPayout
        ? ledger.requests
            .filter((r) => r.openCents > 0)
            .map((r) => {
              const mine = props.payoutValues?.requestId === r.id;
              const errors = mine ? (props.payoutErrors ?? {}) : {};
              return (
                <form method="post" action={moneyPath(year, ags, `abrufe/${r.id}/auszahlung`)} class="kern-stack-sm" novalidate>
                  <h3 class="kern-heading-small">Auszahlung zu Abruf Nr. {r.id} ({r.projectKey}, offen {formatEuro(r.openCents)})</h3>
                  <ErrorSummary errors={errors} idPrefix={`a${r.id}-`} />
                  <CsrfField token={props.csrf} />
                  <TextField name="datum" id={`a${r.id}-datum`} label="Auszahlungsdatum" required value={mine ? props.payoutValues!.datum : formatDate(props.today)} error={errors.datum} hint="z. B. 12.5.2025" />
                  <TextField name="betrag" id={`a${r.id}-betrag`} label="Betrag in Euro" required inputmode="decimal" value={mine ? props.payoutValues!.betrag : formatEuro(r.openCents).replace(' €', '')} error={errors.betrag} />
                  <SubmitButton>Auszahlung erfassen</SubmitButton>
                </form>
              );
            })
        : null}

      {props.canRequest && ledger.approvals.size > 0 ? (
        <form method="post" action={moneyPath(year, ags, 'abrufe')} class="kern-stack-sm" novalidate>
          <h2 class="kern-heading-medium">Mittel abrufen</h2>
          <p class="kern-body">
            Abrufen dürfen Sie nur, soweit die Mittel innerhalb von zwei Monaten für fällige Zahlungen benötigt werden (VV Nr. 7 zu § 44 LHO). Nennen Sie die fälligen Zahlungen mit Datum und Betrag.
          </p>
          <ErrorSummary errors={props.requestErrors ?? {}} idPrefix="r-" />
          <CsrfField token={props.csrf} />
          <SelectField name="projekt" id="r-projekt" label="Projekt" required options={projectOptions} value={props.requestValues.projekt} error={props.requestErrors?.projekt} />
          <TextField name="datum" id="r-datum" label="Datum des Abrufs" required value={props.requestValues.datum} error={props.requestErrors?.datum} hint="z. B. 5.5.2025" />
          <TextField name="betrag" id="r-betrag" label="Betrag in Euro" required inputmode="decimal" value={props.requestValues.betrag} error={props.requestErrors?.betrag} />
          {props.requestValues.rows.map((row, i) => (
            <div role="group" aria-labelledby={`r-zahlung-${i + 1}`}>
              <h3 class="kern-heading-small" id={`r-zahlung-${i + 1}`}>
                Fällige Zahlung {i + 1}
                {i === 0 ? '' : ' (optional)'}
              </h3>
              <TextField name={`faellig_${i + 1}_datum`} id={`r-faellig_${i + 1}_datum`} label={`Fällig am (${i + 1})`} required={i === 0} value={row.datum} error={props.requestErrors?.[`faellig_${i + 1}_datum`]} />
              <TextField name={`faellig_${i + 1}_betrag`} id={`r-faellig_${i + 1}_betrag`} label={`Betrag (Zahlung ${i + 1})`} required={i === 0} inputmode="decimal" value={row.betrag} error={props.requestErrors?.[`faellig_${i + 1}_betrag`]} />
              <TextField name={`faellig_${i + 1}_zweck`} id={`r-faellig_${i + 1}_zweck`} label={`Wofür (${i + 1})`} required={i === 0} value={row.zweck} error={props.requestErrors?.[`faellig_${i + 1}_zweck`]} />
            </div>
          ))}
          <SubmitButton>Mittel abrufen</SubmitButton>
        </form>
      ) : null}

      <h2 class="kern-heading-medium">Verwendung</h2>
      {ledger.uses.length === 0 ? (
        <p class="kern-body">Noch keine Verwendung gemeldet.</p>
      ) : (
        <Region id="verwendung-titel" title="Gemeldete Verwendung">
          <TableHead columns={['Datum', 'Projekt', NUMERIC('Betrag'), 'Beschreibung']} />
          <tbody class="kern-table__body">
            {ledger.uses.map((u) => (
              <tr class="kern-table__row">
                <th scope="row" class="kern-table__header">
                  {formatDate(u.usedOn)}
                </th>
                <td class="kern-table__cell">{u.projectKey}</td>
                <td class={num}>{formatEuro(u.amountCents)}</td>
                <td class="kern-table__cell">{u.description || '–'}</td>
              </tr>
            ))}
          </tbody>
        </Region>
      )}
      {props.canUse && ledger.approvals.size > 0 ? (
        <form method="post" action={moneyPath(year, ags, 'verwendungen')} class="kern-stack-sm" novalidate>
          <h3 class="kern-heading-small">Verwendung melden</h3>
          <ErrorSummary errors={props.useErrors ?? {}} idPrefix="v-" />
          <CsrfField token={props.csrf} />
          <SelectField name="projekt" id="v-projekt" label="Projekt" required options={projectOptions} value={props.useValues.projekt} error={props.useErrors?.projekt} />
          <TextField name="datum" id="v-datum" label="Verwendet am" required value={props.useValues.datum} error={props.useErrors?.datum} hint="z. B. 30.6.2025" />
          <TextField name="betrag" id="v-betrag" label="Betrag in Euro" required inputmode="decimal" value={props.useValues.betrag} error={props.useErrors?.betrag} />
          <TextField name="beschreibung" id="v-beschreibung" label="Wofür" value={props.useValues.beschreibung} error={props.useErrors?.beschreibung} />
          <SubmitButton>Verwendung melden</SubmitButton>
        </form>
      ) : null}
    </Page>
  );
}

// ── Zwischenzinsen ─────────────────────────────────────────────────────────────────────────
export interface InterimPageProps {
  year: number;
  ags: string;
  districtName: string;
  asOf: string;
  asOfText: string;
  asOfError?: string;
  items: ProjectInterimInterest[];
  canDecide: boolean;
  csrf: string;
  demo: boolean;
  notice?: string;
  error?: string;
  errorsFor?: { projectKey: string; errors: FieldErrors; values: { entscheidung: string; begruendung: string } };
}

export function InterimInterestPage(props: InterimPageProps) {
  return (
    <Page title={`Zwischenzinsen ${props.year} – ${props.districtName}`} currentPath="/mittel" demo={props.demo}>
      <h1 class="kern-heading-large">Zwischenzinsen {props.year}</h1>
      <p class="kern-body">
        {props.districtName}:{' '}
        <a class="kern-link" href={moneyPath(props.year, props.ags)}>
          zurück zu den Mitteln
        </a>
        . Für den Teil einer Auszahlung, der nicht binnen zwei Monaten verwendet wurde, fallen Zinsen nach § 49a Abs. 4 HVwVfG an (5 Prozentpunkte über dem Basiszinssatz, taggenau) – von der Auszahlung bis zur Verwendung. Verwendungen werden den Auszahlungen in zeitlicher Reihenfolge zugeordnet. Ob sie geltend gemacht werden, entscheidet das Regierungspräsidium.
      </p>
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.error ? (
        <Notice kind="danger" title="Nicht ausgeführt">
          <p class="kern-body">{props.error}</p>
        </Notice>
      ) : null}
      <form method="get" action={moneyPath(props.year, props.ags, 'zwischenzinsen')} class="kern-stack-sm" novalidate>
        <TextField name="stichtag" label="Stichtag (noch nicht verwendete Mittel bis zu diesem Tag)" required value={props.asOfText} error={props.asOfError} hint="z. B. 31.12.2025" />
        <SubmitButton variant="secondary">Neu berechnen</SubmitButton>
      </form>
      {props.items.length === 0 ? <p class="kern-body">Es gibt noch keine Auszahlungen.</p> : null}
      {props.items.map((item) => {
        const failed = props.errorsFor?.projectKey === item.projectKey ? props.errorsFor : undefined;
        const prefix = `z-${item.projectKey.replace(/[^A-Za-z0-9_-]/g, '-')}-`;
        return (
          <section>
            <h2 class="kern-heading-medium">
              Projekt {item.projectKey} {item.projectTitle ? `– ${item.projectTitle}` : ''}
            </h2>
            {item.error ? (
              <Notice kind="warning" title="Nicht vollständig berechenbar">
                <p class="kern-body">{item.error}</p>
              </Notice>
            ) : null}
            {item.result ? (
              <Region id={`${prefix}auszahlungen`} title={`Auszahlungen und Verwendung, Projekt ${item.projectKey}`}>
                <TableHead columns={['Auszahlung', NUMERIC('Betrag'), 'Zu verwenden bis', NUMERIC('Rechtzeitig verwendet'), NUMERIC('Verspätet verwendet'), NUMERIC('Nicht verwendet'), NUMERIC('Zinsen')]} />
                <tbody class="kern-table__body">
                  {item.result.payouts.map((p) => (
                    <tr class="kern-table__row">
                      <th scope="row" class="kern-table__header">
                        {formatDate(p.date)}
                      </th>
                      <td class={num}>{formatEuro(p.amountCents)}</td>
                      <td class="kern-table__cell">{formatDate(p.usableUntil)}</td>
                      <td class={num}>{formatEuro(p.usedInTimeCents)}</td>
                      <td class={num}>{formatEuro(p.usedLateCents)}</td>
                      <td class={num}>{formatEuro(p.unusedCents)}</td>
                      <td class={num}>{formatEuro(p.interestCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </Region>
            ) : null}
            {item.lines.length ? (
              <Region id={`${prefix}zinsen`} title={`Verspätete Teile und Zinsen, Projekt ${item.projectKey}`}>
                <TableHead columns={['Ausgezahlt am', 'Verwendet am', NUMERIC('Betrag'), NUMERIC('Zinstage'), NUMERIC('Zinsen')]} />
                <tbody class="kern-table__body">
                  {item.result!.payouts.flatMap((p) =>
                    p.lateAmounts.map((l) => (
                      <tr class="kern-table__row">
                        <th scope="row" class="kern-table__header">
                          {formatDate(p.date)}
                        </th>
                        <td class="kern-table__cell">
                          {l.usedOn ? formatDate(l.usedOn) : `offen bis ${formatDate(l.interestTo)}`}
                          <ul class="kern-list">
                            {l.interest.periods.map((period) => (
                              <li>
                                {formatDate(period.from)}–{formatDate(period.to)}: {period.days} Tage zu {period.ratePercent.replace('.', ',')} % = {formatEuro(period.interestCents)}
                              </li>
                            ))}
                          </ul>
                        </td>
                        <td class={num}>{formatEuro(l.amountCents)}</td>
                        <td class={num}>{l.days}</td>
                        <td class={num}>{formatEuro(l.interest.interestCents)}</td>
                      </tr>
                    )),
                  )}
                </tbody>
              </Region>
            ) : (
              <p class="kern-body">Keine verspäteten Teile: keine Zwischenzinsen.</p>
            )}
            <p class="kern-body">
              Zwischenzinsen bis {formatDate(item.asOf)}: <strong>{formatEuro(item.interestCents)}</strong>.{' '}
              {item.decision
                ? `Entscheidung: ${INTEREST_DECISION_LABELS[item.decision.decision]} (Stichtag ${formatDate(item.decision.asOf)}, ${formatEuro(item.decision.interestCents)})${item.decision.reason ? ` – ${item.decision.reason}` : ''}.`
                : 'Noch keine Entscheidung.'}
            </p>
            {props.canDecide ? (
              <form method="post" action={moneyPath(props.year, props.ags, 'zwischenzinsen')} class="kern-stack-sm" novalidate>
                <ErrorSummary errors={failed?.errors ?? {}} idPrefix={prefix} />
                <CsrfField token={props.csrf} />
                <input type="hidden" name="projekt" value={item.projectKey} />
                <input type="hidden" name="stichtag" value={props.asOfText} />
                <input type="hidden" name="version" value={String(item.decision?.version ?? 0)} />
                <SelectField
                  name="entscheidung"
                  id={`${prefix}entscheidung`}
                  label={`Entscheidung zu Projekt ${item.projectKey}`}
                  required
                  options={[{ value: '', label: 'Bitte wählen' }, { value: 'geltend', label: INTEREST_DECISION_LABELS.geltend }, { value: 'verzicht', label: INTEREST_DECISION_LABELS.verzicht }]}
                  value={failed?.values.entscheidung ?? item.decision?.decision ?? ''}
                  error={failed?.errors.entscheidung}
                />
                <TextArea name="begruendung" id={`${prefix}begruendung`} label={`Begründung zu Projekt ${item.projectKey}`} value={failed?.values.begruendung ?? item.decision?.reason ?? ''} error={failed?.errors.begruendung} rows={3} />
                <SubmitButton>Entscheidung speichern</SubmitButton>
              </form>
            ) : null}
          </section>
        );
      })}
    </Page>
  );
}
