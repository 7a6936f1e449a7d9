import { formatDate, formatDateTime, formatEuro } from '../../../platform/format';
import { BarChart } from '../../../ui/bar-chart';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SelectField, SubmitButton, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { LineChart } from '../../../ui/line-chart';
import { TableHead } from '../../../ui/table';
import type { SpendMonth } from '../monitoring';
import {
  LIGHT_LABELS,
  MEASURE_TYPES,
  type MonitoringFigures,
  type MonitoringRow,
  type MonitoringSnapshot,
  THRESHOLD_FIGURE_LABELS,
  THRESHOLD_FIGURES,
  type ThresholdFigure,
  type ThresholdSet,
  type TrafficLight,
} from '../monitoring-schema';
import { deviationsPath } from './deviation-pages';

export const monitoringPath = (year: number, ags?: string) => (ags ? `/steuerung/${year}/${ags}` : `/steuerung?jahr=${year}`);
export const thresholdsPath = (year: number) => `/steuerung/${year}/schwellenwerte`;

const count = (n: number) => n.toLocaleString('de-DE');
const percent = (p: number | null) => (p === null ? '–' : `${p.toLocaleString('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);
const outcomes = (f: MonitoringFigures) => Object.values(f.outcomes).reduce((s, n) => s + n, 0);

/** The figures as rows of the district page: label, value, how to print it, whether it is money. */
const FIGURE_ROWS: Array<{ label: string; of: (f: MonitoringFigures) => number | null; money: boolean }> = [
  { label: 'Zuweisung', of: (f) => f.allocationCents, money: true },
  { label: 'Bewilligt', of: (f) => f.approvedCents, money: true },
  { label: 'Abgerufen', of: (f) => f.requestedCents, money: true },
  { label: 'Ausgezahlt', of: (f) => f.paidCents, money: true },
  { label: 'Verwendet', of: (f) => f.usedCents, money: true },
  { label: 'Plätze geplant', of: (f) => f.plannedPlaces, money: false },
  { label: 'Plätze belegt (eingetreten)', of: (f) => f.filledPlaces, money: false },
  { label: 'Verbleibe bisher', of: outcomes, money: false },
];

function difference(value: number | null, before: number | null, money: boolean, since: Date): string {
  if (value === null || before === null) return '–';
  const d = value - before;
  if (d === 0) return `unverändert seit ${formatDate(since.toISOString().slice(0, 10))}`;
  return `${d > 0 ? '+' : '−'}${money ? formatEuro(Math.abs(d)) : count(Math.abs(d))} seit ${formatDate(since.toISOString().slice(0, 10))}`;
}

export function LightText({ light }: { light: TrafficLight }) {
  return <span class={`traffic-light traffic-light--${light.light}`}>{LIGHT_LABELS[light.light]}</span>;
}

function lightScope(l: TrafficLight) {
  return l.measureType === null ? 'insgesamt' : `Maßnahmenart ${l.measureType}`;
}

function LightsTable({ lights, id }: { lights: TrafficLight[]; id: string }) {
  if (lights.length === 0) return <p class="kern-body">Für dieses AQB-Jahr ist kein Schwellenwert aktiv.</p>;
  return (
    <div class="table-region" role="region" aria-labelledby={id} tabindex={0}>
      <table class="kern-table kern-table--striped">
        <caption class="kern-title" id={id}>
          Ampel je Kennzahl gegen die Schwellenwerte des HMSI
        </caption>
        <TableHead columns={['Kennzahl', 'Bereich', 'Schwelle', { label: 'Stand', numeric: true }, { label: 'Anteil', numeric: true }, 'Ampel', { label: 'Fehlt bis zur Schwelle', numeric: true }]} />
        <tbody class="kern-table__body">
          {lights.map((l) => {
            const f = THRESHOLD_FIGURE_LABELS[l.figure];
            const money = l.figure !== 'plaetze';
            return (
              <tr class="kern-table__row">
                <th scope="row" class="kern-table__header">
                  {f.label}
                </th>
                <td class="kern-table__cell">{lightScope(l)}</td>
                <td class="kern-table__cell">
                  mindestens {l.threshold.percent} % {f.base} bis {formatDate(l.threshold.asOf)}
                </td>
                <td class="kern-table__cell kern-table__cell--numeric">
                  {money ? formatEuro(l.value) : count(l.value)} von {money ? formatEuro(l.base) : count(l.base)}
                </td>
                <td class="kern-table__cell kern-table__cell--numeric">{percent(l.percent)}</td>
                <td class="kern-table__cell">
                  <LightText light={l} />
                </td>
                <td class="kern-table__cell kern-table__cell--numeric">{l.shortfall > 0 ? (money ? formatEuro(l.shortfall) : count(l.shortfall)) : '–'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export interface DistrictMonitoringProps {
  year: number;
  today: string;
  row: MonitoringRow;
  lights: TrafficLight[];
  snapshot: MonitoringSnapshot | null;
  spend: SpendMonth[];
  canManage: boolean;
  csrf: string;
  reason: string;
  errors?: FieldErrors;
  notice?: string;
}

export function DistrictMonitoringPage(p: DistrictMonitoringProps) {
  const title = `Monitoring ${p.year} – ${p.row.name}`;
  const ags = p.row.ags!;
  const monthLabels = p.spend.map((m) => ['Jan', 'Feb', 'Mär', 'Apr', 'Mai', 'Jun', 'Jul', 'Aug', 'Sep', 'Okt', 'Nov', 'Dez'][Number(m.month.slice(5)) - 1]!);
  const placesLabels = MEASURE_TYPES.flatMap((m) => [`MA ${m} geplant`, `MA ${m} belegt`]);
  const placesValues = MEASURE_TYPES.flatMap((m) => [p.row.byMeasureType[m].plannedPlaces, p.row.byMeasureType[m].filledPlaces]);
  return (
    <Page title={title} currentPath="/steuerung" demo={p.row.isDemo}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        § 6 der Zielvereinbarung: Landkreis bzw. Stadt und HMSI bleiben über die Entwicklung des Budgets im engen Austausch. Stand: {formatDate(p.today)}; Beträge aus den Bescheiden,
        Mittelabrufen, Auszahlungen und Verwendungen, Plätze aus den Projekten und den Teilnehmendendaten.
      </p>
      {p.notice ? <Notice title={p.notice} /> : null}
      <p class="kern-body">
        <a class="kern-link" href={deviationsPath(p.year, ags)}>
          Abweichungen {p.year} dieser Gebietskörperschaft
        </a>
        {' · '}
        <a class="kern-link" href={`/mittel/${p.year}/${ags}`}>
          Mittel und Auszahlungen
        </a>
        {' · '}
        <a class="kern-link" href={thresholdsPath(p.year)}>
          Schwellenwerte {p.year}
        </a>
      </p>
      <div class="table-region" role="region" aria-labelledby="kennzahlen-titel" tabindex={0}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id="kennzahlen-titel">
            Kennzahlen insgesamt und je Maßnahmenart
            {p.snapshot ? `, Veränderung seit dem festgehaltenen Stand vom ${formatDateTime(p.snapshot.takenAt)} (${p.snapshot.reason})` : ''}
          </caption>
          <TableHead
            columns={[
              'Kennzahl',
              { label: 'Insgesamt', numeric: true },
              ...MEASURE_TYPES.map((m) => ({ label: `Maßnahmenart ${m}`, numeric: true })),
              ...(p.snapshot ? [{ label: 'Veränderung', numeric: true }] : []),
            ]}
          />
          <tbody class="kern-table__body">
            {FIGURE_ROWS.map((r) => {
              const print = (v: number | null) => (v === null ? '–' : r.money ? formatEuro(v) : count(v));
              return (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    {r.label}
                  </th>
                  <td class="kern-table__cell kern-table__cell--numeric">{print(r.of(p.row.total))}</td>
                  {MEASURE_TYPES.map((m) => (
                    <td class="kern-table__cell kern-table__cell--numeric">{print(r.of(p.row.byMeasureType[m]))}</td>
                  ))}
                  {p.snapshot ? <td class="kern-table__cell kern-table__cell--numeric">{difference(r.of(p.row.total), r.of(p.snapshot.figures), r.money, p.snapshot.takenAt)}</td> : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <section aria-labelledby="ampel-titel" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="ampel-titel">
          Ampel
        </h2>
        <p class="kern-body">Rot wird automatisch als Abweichung erfasst; gelb ist ein Hinweis. Vor dem Stichtag zeigt die Ampel den heutigen Stand als „noch nicht fällig“.</p>
        <LightsTable lights={p.lights} id="ampel-tabelle" />
      </section>
      <section aria-labelledby="abfluss-abschnitt" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="abfluss-abschnitt">
          Mittelabfluss gegen Plan
        </h2>
        <figure class="portal-chart__figure">
          <LineChart
            id="abfluss"
            title={`Mittelabfluss ${p.year}: ausgezahlt gegen Plan, kumuliert je Monatsende`}
            description="Plan (gestrichelt): die Bewilligung jedes Projekts gleichmäßig über seine Laufzeitmonate verteilt. Ausgezahlt (durchgezogen): Auszahlungen bis Monatsende. Die Zahlen stehen auch in der Tabelle darunter."
            labels={monthLabels}
            series={[
              { label: 'Plan', kind: 'plan', values: p.spend.map((m) => m.planCents) },
              { label: 'Ausgezahlt', kind: 'actual', values: p.spend.map((m) => m.paidCents) },
            ]}
            format={(v) => formatEuro(v)}
          />
        </figure>
        <div class="table-region" role="region" aria-labelledby="abfluss-tabelle" tabindex={0}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-title" id="abfluss-tabelle">
              Mittelabfluss je Monatsende (kumuliert)
            </caption>
            <TableHead columns={['Monat', { label: 'Plan', numeric: true }, { label: 'Ausgezahlt', numeric: true }]} />
            <tbody class="kern-table__body">
              {p.spend.map((m, i) => (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    {monthLabels[i]} {p.year}
                  </th>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(m.planCents)}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{m.paidCents === null ? 'noch nicht erreicht' : formatEuro(m.paidCents)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="plaetze-abschnitt" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="plaetze-abschnitt">
          Plätze je Maßnahmenart
        </h2>
        <figure class="portal-chart__figure">
          <BarChart
            id="plaetze"
            title={`Plätze ${p.year} je Maßnahmenart: geplant und belegt`}
            description="Je Maßnahmenart die geplanten Plätze der Projekte und die bisher eingetretenen Teilnehmenden. Die Zahlen stehen auch in der Tabelle Kennzahlen."
            labels={placesLabels}
            values={placesValues}
            format={(v) => (v === null ? '–' : count(v))}
            labelWidth={150}
          />
        </figure>
      </section>
      {p.canManage ? (
        <section aria-labelledby="verwalten-titel" class="kern-stack-sm">
          <h2 class="kern-heading-medium" id="verwalten-titel">
            Stand festhalten und prüfen
          </h2>
          <form method="post" action={`${monitoringPath(p.year, ags)}/stand`} class="kern-stack-sm" novalidate>
            <ErrorSummary errors={p.errors ?? {}} labels={{ anlass: 'Anlass' }} />
            <CsrfField token={p.csrf} />
            <TextField name="anlass" label="Anlass" required value={p.reason} error={p.errors?.anlass} maxlength={200} hint="z. B. „Umsetzungsbesprechung 14.10.“; die Seite zeigt danach die Veränderung seit diesem Stand." />
            <SubmitButton>Stand festhalten</SubmitButton>
          </form>
          <form method="post" action={`${monitoringPath(p.year, ags)}/pruefen`} class="kern-stack-sm">
            <CsrfField token={p.csrf} />
            <SubmitButton variant="secondary">Abweichungen jetzt prüfen</SubmitButton>
          </form>
        </section>
      ) : null}
    </Page>
  );
}

export interface LandMonitoringProps {
  year: number;
  years: number[];
  today: string;
  rows: MonitoringRow[];
  land: MonitoringRow | null;
  /** Per AGS the light of the ausgezahlt threshold (if active), for the table's Ampel column. */
  lights: Map<string, TrafficLight | undefined>;
  canManage: boolean;
  csrf: string;
  notice?: string;
}

export function LandMonitoringPage(p: LandMonitoringProps) {
  const title = `Monitoring ${p.year} – alle Gebietskörperschaften`;
  const all = p.land ? [...p.rows, p.land] : p.rows;
  return (
    <Page title={title} currentPath="/steuerung" demo={p.rows.some((r) => r.isDemo)}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">Stand: {formatDate(p.today)}. Ampel „Ausgezahlt“ gegen den Schwellenwert des HMSI; die Einzelheiten stehen auf der Seite jeder Gebietskörperschaft.</p>
      {p.notice ? <Notice title={p.notice} /> : null}
      {p.years.length > 1 ? (
        <form method="get" action="/steuerung" class="kern-stack-sm">
          <SelectField name="jahr" label="AQB-Jahr" required value={String(p.year)} options={p.years.map((y) => ({ value: String(y), label: String(y) }))} />
          <SubmitButton variant="secondary">Anzeigen</SubmitButton>
        </form>
      ) : null}
      <p class="kern-body">
        <a class="kern-link" href={`/steuerung/${p.year}/export.csv`}>
          Tabelle als CSV herunterladen
        </a>
        {' · '}
        <a class="kern-link" href={`/steuerung/${p.year}/export.xlsx`}>
          Tabelle als XLSX herunterladen
        </a>
        {' · '}
        <a class="kern-link" href={thresholdsPath(p.year)}>
          Schwellenwerte {p.year}
        </a>
        {' · '}
        <a class="kern-link" href={deviationsPath(p.year)}>
          Abweichungen {p.year}
        </a>
      </p>
      <div class="table-region" role="region" aria-labelledby="land-titel" tabindex={0}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id="land-titel">
            Kennzahlen {p.year} je Gebietskörperschaft mit Landessumme
          </caption>
          <TableHead
            columns={[
              'Gebietskörperschaft',
              { label: 'Zuweisung', numeric: true },
              { label: 'Bewilligt', numeric: true },
              { label: 'Ausgezahlt', numeric: true },
              { label: 'Verwendet', numeric: true },
              { label: 'Plätze geplant', numeric: true },
              { label: 'Plätze belegt', numeric: true },
              { label: 'Verbleibe bisher', numeric: true },
              'Ampel Ausgezahlt',
            ]}
          />
          <tbody class="kern-table__body">
            {all.map((r) => {
              const light = r.ags ? p.lights.get(r.ags) : undefined;
              return (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    {r.ags ? (
                      <a class="kern-link" href={monitoringPath(p.year, r.ags)}>
                        {r.name}
                      </a>
                    ) : (
                      r.name
                    )}
                  </th>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(r.total.allocationCents ?? 0)}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(r.total.approvedCents)}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(r.total.paidCents)}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(r.total.usedCents)}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{count(r.total.plannedPlaces)}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{count(r.total.filledPlaces)}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{count(outcomes(r.total))}</td>
                  <td class="kern-table__cell">{light ? <LightText light={light} /> : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {p.canManage ? (
        <form method="post" action={`/steuerung/${p.year}/pruefen`} class="kern-stack-sm">
          <CsrfField token={p.csrf} />
          <SubmitButton variant="secondary">Abweichungen jetzt prüfen (alle Gebietskörperschaften)</SubmitButton>
        </form>
      ) : null}
    </Page>
  );
}

export interface ThresholdValues {
  active: boolean;
  percent: string;
  asOf: string;
  yellowBand: string;
}

export function thresholdValuesOf(set: ThresholdSet): Record<ThresholdFigure, ThresholdValues> {
  return Object.fromEntries(
    set.thresholds.map((t) => [t.figure, { active: t.active, percent: String(t.percent), asOf: formatDate(t.asOf), yellowBand: String(t.yellowBand) }]),
  ) as Record<ThresholdFigure, ThresholdValues>;
}

export const thresholdField = (figure: ThresholdFigure, part: 'aktiv' | 'prozent' | 'stichtag' | 'gelb') => `${figure}_${part}`;

export function ThresholdsPage(p: { year: number; set: ThresholdSet; values: Record<ThresholdFigure, ThresholdValues>; canEdit: boolean; csrf: string; errors?: FieldErrors; notice?: string }) {
  const title = `Schwellenwerte ${p.year}`;
  const labels = Object.fromEntries(
    THRESHOLD_FIGURES.flatMap((f) => [
      [thresholdField(f, 'prozent'), `${THRESHOLD_FIGURE_LABELS[f].label}: Mindestanteil`],
      [thresholdField(f, 'stichtag'), `${THRESHOLD_FIGURE_LABELS[f].label}: Stichtag`],
      [thresholdField(f, 'gelb'), `${THRESHOLD_FIGURE_LABELS[f].label}: Gelb-Bereich`],
    ]),
  );
  return (
    <Page title={title} currentPath="/steuerung">
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        Das HMSI legt je AQB-Jahr fest, welcher Anteil bis zu welchem Stichtag erreicht sein soll. Darunter, aber innerhalb des Gelb-Bereichs, zeigt die Ampel gelb (Hinweis); noch
        weiter darunter rot – rote Kennzahlen werden automatisch als Abweichung erfasst. Zuletzt geändert: {p.set.updatedByName ?? 'Voreinstellung'}, {formatDateTime(p.set.updatedAt)}.
      </p>
      {p.notice ? <Notice title={p.notice} /> : null}
      {p.canEdit ? (
        <form method="post" action={thresholdsPath(p.year)} class="kern-stack-sm" novalidate>
          <ErrorSummary errors={p.errors ?? {}} labels={labels} />
          <CsrfField token={p.csrf} />
          <input type="hidden" name="version" value={String(p.set.version)} />
          {THRESHOLD_FIGURES.map((f) => {
            const v = p.values[f];
            const l = THRESHOLD_FIGURE_LABELS[f];
            return (
              <fieldset class="kern-fieldset">
                <legend class="kern-label">
                  {l.label} (Anteil {l.base})
                </legend>
                <div class="kern-fieldset__body kern-stack-sm">
                  <div class="kern-form-check">
                    <input class="kern-form-check__checkbox" type="checkbox" id={`feld-${thresholdField(f, 'aktiv')}`} name={thresholdField(f, 'aktiv')} value="1" checked={v.active} />
                    <label class="kern-label" for={`feld-${thresholdField(f, 'aktiv')}`}>
                      {l.label}: Schwellenwert aktiv
                    </label>
                  </div>
                  <TextField name={thresholdField(f, 'prozent')} label={`${l.label}: Mindestanteil in %`} required value={v.percent} error={p.errors?.[thresholdField(f, 'prozent')]} inputmode="numeric" maxlength={3} />
                  <TextField name={thresholdField(f, 'stichtag')} label={`${l.label}: Stichtag`} required value={v.asOf} error={p.errors?.[thresholdField(f, 'stichtag')]} hint={`z. B. 30.9.${p.year}`} maxlength={20} />
                  <TextField name={thresholdField(f, 'gelb')} label={`${l.label}: Gelb-Bereich in Prozentpunkten`} required value={v.yellowBand} error={p.errors?.[thresholdField(f, 'gelb')]} inputmode="numeric" maxlength={3} />
                </div>
              </fieldset>
            );
          })}
          <SubmitButton>Schwellenwerte speichern</SubmitButton>
        </form>
      ) : (
        <div class="table-region" role="region" aria-labelledby="schwellen-titel" tabindex={0}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-title" id="schwellen-titel">
              Schwellenwerte {p.year}
            </caption>
            <TableHead columns={['Kennzahl', 'Aktiv', 'Mindestanteil', 'Stichtag', 'Gelb-Bereich']} />
            <tbody class="kern-table__body">
              {p.set.thresholds.map((t) => (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    {THRESHOLD_FIGURE_LABELS[t.figure].label}
                  </th>
                  <td class="kern-table__cell">{t.active ? 'ja' : 'nein'}</td>
                  <td class="kern-table__cell">
                    {t.percent} % {THRESHOLD_FIGURE_LABELS[t.figure].base}
                  </td>
                  <td class="kern-table__cell">{formatDate(t.asOf)}</td>
                  <td class="kern-table__cell">{t.yellowBand} Prozentpunkte</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="kern-body">
        <a class="kern-link" href={monitoringPath(p.year)}>
          Zurück zum Monitoring
        </a>
      </p>
    </Page>
  );
}
