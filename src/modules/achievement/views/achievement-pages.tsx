import type { Child } from 'hono/jsx';
import { formatDate, formatDateTime, formatEuro } from '../../../platform/format';
import { BarChart } from '../../../ui/bar-chart';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SelectField, SubmitButton, TextArea, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import type { DistrictAchievement, StoredRules } from '../achievements';
import {
  type AchievementRow,
  COMBINATION_LABELS,
  COMBINATIONS,
  FIGURE_FIELDS,
  FIGURE_LABELS,
  FIGURES,
  type Figure,
  type FigureAssessment,
  type Judgement,
  JUDGEMENT_LABELS,
  JUDGEMENTS,
} from '../schema';

export const achievementPath = (year: number, ags?: string) => (ags ? `/zielerreichung/${year}/${ags}` : `/zielerreichung/${year}`);

const numbers = new Intl.NumberFormat('de-DE');
const label = (j: Judgement | null) => (j === null ? 'kein Vorschlag' : JUDGEMENT_LABELS[j]);
const measureLabel = (mt: number | null) => (mt === null ? 'Insgesamt' : `Maßnahmenart ${mt}`);
const valueOf = (figure: Figure, value: number | null) => (value === null ? '–' : figure === 'money' ? formatEuro(value) : numbers.format(value));
const percentOf = (f: FigureAssessment) => (f.percent === null ? (f.adjustedPlanned === 0 ? 'kein Plan übrig' : '–') : `${numbers.format(f.percent)} %`);

function TableRegion({ captionId, children }: { captionId: string; children: Child }) {
  return (
    <div class="table-region" role="region" aria-labelledby={captionId} tabindex={0}>
      {children}
    </div>
  );
}

function RulesSummary({ rules, year, canEdit }: { rules: StoredRules; year: number; canEdit: boolean }) {
  return (
    <p class="kern-body">
      Regeln {year}
      {rules.isDefault ? ' (Voreinstellung, vom HMSI noch nicht festgelegt)' : ''}: {FIGURES.map((f) => `${FIGURE_LABELS[f]} erreicht ab ${rules.rules[f].achievedPercent} %, teilweise ab ${rules.rules[f].partlyPercent} %`).join('; ')}.{' '}
      {COMBINATION_LABELS[rules.rules.combination]}.{' '}
      <a class="kern-link" href={`${achievementPath(year)}/regeln`}>
        {canEdit ? 'Regeln festlegen' : 'Regeln ansehen'}
      </a>
    </p>
  );
}

/** GET /zielerreichung/{year}: the 26 districts with proposal and final judgement (ministry, RP). */
export function AchievementLandPage(props: { year: number; years: number[]; districts: DistrictAchievement[]; rules: StoredRules; canEditRules: boolean }) {
  const y = props.year;
  const title = `Zielerreichung ${y} – alle Gebietskörperschaften`;
  const judged = props.districts.filter((d) => d.finalJudgement !== null).length;
  return (
    <Page title={title} currentPath="/zielerreichung">
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        § 6 der Zielvereinbarung: Nach den Verwendungsnachweisen werden je Gebietskörperschaft und Maßnahmenart Plan und Ergebnis verglichen. Anerkannte Abweichungen werden aus dem
        Plan herausgenommen. Das HMSI beurteilt die Zielerreichung abschließend. Beurteilt: {judged} von {props.districts.length}.
      </p>
      {props.years.length > 1 ? (
        <form method="get" action="/zielerreichung" class="kern-stack-sm">
          <SelectField name="jahr" label="AQB-Jahr" required value={String(y)} options={props.years.map((v) => ({ value: String(v), label: String(v) }))} />
          <SubmitButton variant="secondary">Anzeigen</SubmitButton>
        </form>
      ) : null}
      <RulesSummary rules={props.rules} year={y} canEdit={props.canEditRules} />
      <p class="kern-body">
        <a class="kern-link" href={`${achievementPath(y)}/export.csv`} download>
          Tabelle als CSV herunterladen
        </a>
      </p>
      <TableRegion captionId="zielerreichung-tabelle">
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id="zielerreichung-tabelle">
            Zielerreichung {y} je Gebietskörperschaft
          </caption>
          <TableHead columns={['Gebietskörperschaft', { label: 'Mittel verwendet', numeric: true }, { label: 'Plätze besetzt', numeric: true }, { label: 'Ergebnisse', numeric: true }, 'Vorschlag', 'Beurteilung HMSI']} />
          <tbody class="kern-table__body">
            {props.districts.map((d) => (
              <tr class="kern-table__row" data-ags={d.ags}>
                <th scope="row" class="kern-table__header">
                  <a class="kern-link" href={achievementPath(y, d.ags)}>
                    {d.districtName}
                  </a>
                </th>
                <td class="kern-table__cell kern-table__cell--numeric">{percentOf(d.total.money)}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{percentOf(d.total.places)}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{percentOf(d.total.outcomes)}</td>
                <td class="kern-table__cell">{label(d.total.proposed)}</td>
                <td class="kern-table__cell">{d.finalJudgement ? `${JUDGEMENT_LABELS[d.finalJudgement.judgement]} (endgültig)` : 'noch offen'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <BarChart
        id="zielerreichung-mittel"
        title={`Mittelverwendung ${y} in Prozent des bereinigten Plans`}
        description="Je Gebietskörperschaft der Anteil der verwendeten AQB-Mittel am Plan nach Abzug anerkannter Abweichungen. Die Zahlen stehen auch in der Tabelle darüber."
        labels={props.districts.map((d) => d.districtName)}
        values={props.districts.map((d) => d.total.money.percent)}
        format={(v) => (v === null ? '–' : `${numbers.format(v)} %`)}
      />
    </Page>
  );
}

function FigureTable({ figure, rows, id }: { figure: Figure; rows: AchievementRow[]; id: string }) {
  const unit = figure === 'money' ? 'AQB-Mittel' : figure === 'places' ? 'Plätze' : 'Ergebnisse';
  return (
    <TableRegion captionId={id}>
      <table class="kern-table kern-table--striped">
        <caption class="kern-title" id={id}>
          {FIGURE_LABELS[figure]}
        </caption>
        <TableHead
          columns={[
            'Maßnahmenart',
            { label: `${unit} geplant`, numeric: true },
            { label: 'anerkannte Abweichung', numeric: true },
            { label: 'Plan bereinigt', numeric: true },
            { label: figure === 'money' ? 'verwendet' : figure === 'places' ? 'besetzt' : 'erreicht', numeric: true },
            { label: 'Anteil', numeric: true },
            'Stufe',
          ]}
        />
        <tbody class="kern-table__body">
          {rows.map((row) => {
            const f = row[figure];
            // The total row is the last one, shown in bold (cells stay td so they stack with their labels).
            const Cell = ({ class: cls, children }: { class: string; children: Child }) => <td class={cls}>{row.measureType === null ? <strong>{children}</strong> : children}</td>;
            return (
              <tr class="kern-table__row" data-massnahmenart={row.measureType ?? 'summe'}>
                <th scope="row" class="kern-table__header">
                  {measureLabel(row.measureType)}
                </th>
                <Cell class="kern-table__cell kern-table__cell--numeric">{valueOf(figure, f.planned)}</Cell>
                <Cell class="kern-table__cell kern-table__cell--numeric">{f.recognised === 0 ? '–' : `− ${valueOf(figure, f.recognised)}`}</Cell>
                <Cell class="kern-table__cell kern-table__cell--numeric">{valueOf(figure, f.adjustedPlanned)}</Cell>
                <Cell class="kern-table__cell kern-table__cell--numeric">{valueOf(figure, f.achieved)}</Cell>
                <Cell class="kern-table__cell kern-table__cell--numeric">{percentOf(f)}</Cell>
                <Cell class="kern-table__cell">{f.level === null ? 'ohne Plan, nicht gewertet' : JUDGEMENT_LABELS[f.level]}</Cell>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableRegion>
  );
}

export interface JudgeValues {
  judgement: string;
  reason: string;
}

/** GET /zielerreichung/{year}/{ags}: figures per Maßnahmenart, recognised deviations, proposal, judgement. */
export function AchievementDistrictPage(props: { year: number; district: DistrictAchievement; rules: StoredRules; canJudge: boolean; csrf: string; values?: JudgeValues; errors?: FieldErrors; notice?: string }) {
  const y = props.year;
  const d = props.district;
  const rows = [...d.rows, d.total];
  const title = `Zielerreichung ${y} – ${d.districtName}`;
  const final = d.finalJudgement;
  return (
    <Page title={title} currentPath="/zielerreichung">
      <h1 class="kern-heading-large">{title}</h1>
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.errors && Object.keys(props.errors).length > 0 ? <ErrorSummary errors={props.errors} /> : null}
      <p class="kern-body">
        <a class="kern-link" href={`/abweichungen/${y}/${d.ags}`}>
          Abweichungen {y} dieser Gebietskörperschaft
        </a>
      </p>
      <ProofState year={y} proof={d.proof} />
      <RulesSummary rules={props.rules} year={y} canEdit={false} />
      <h2 class="kern-heading-medium">Beurteilung</h2>
      <p class="kern-body">
        Vorschlag nach den Regeln: <strong>{label(d.total.proposed)}</strong>.
      </p>
      {final ? (
        <div class="kern-stack-sm">
          <p class="kern-body">
            Beurteilung des HMSI (endgültig): <strong>{JUDGEMENT_LABELS[final.judgement]}</strong>, am {formatDateTime(final.decidedAt)}
            {final.version > 1 ? ` (korrigiert, Fassung ${final.version})` : ''}.
            {final.proposed !== d.total.proposed ? ` Damals vorgeschlagen: ${label(final.proposed)}.` : ''}
          </p>
          {final.reason ? <p class="kern-body multiline">Grund: {final.reason}</p> : null}
        </div>
      ) : (
        <p class="kern-body">Das HMSI hat die Zielerreichung noch nicht beurteilt.</p>
      )}
      {props.canJudge ? (
        <form method="post" action={`${achievementPath(y, d.ags)}/beurteilung`} class="kern-stack-sm" novalidate>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(final?.version ?? 0)} />
          <SelectField
            name="beurteilung"
            label={final ? 'Beurteilung korrigieren' : 'Beurteilung des HMSI'}
            required
            value={props.values?.judgement ?? final?.judgement ?? d.total.proposed ?? ''}
            error={props.errors?.beurteilung}
            options={[{ value: '', label: 'Bitte wählen' }, ...JUDGEMENTS.map((j) => ({ value: j, label: JUDGEMENT_LABELS[j] }))]}
          />
          <TextArea
            name="grund"
            label="Grund"
            required={final !== null}
            hint={final ? 'Eine Korrektur braucht einen neuen Grund.' : 'Pflicht, wenn die Beurteilung vom Vorschlag abweicht.'}
            value={props.values?.reason ?? ''}
            error={props.errors?.grund}
            maxlength={5000}
          />
          <SubmitButton>{final ? 'Korrektur prüfen' : 'Beurteilung prüfen'}</SubmitButton>
        </form>
      ) : null}
      <h2 class="kern-heading-medium">Plan und Ergebnis je Maßnahmenart</h2>
      <p class="kern-body">
        Mittel: bewilligte AQB-Mittel der erlassenen Bescheide gegen die gemeldete Verwendung. Plätze: geplante Plätze der Projekte gegen die erfassten Teilnehmenden. Ergebnisse:
        Abschlüsse und Übergänge in Ausbildung oder Arbeit gegen die geplanten Ergebnisse (ohne Plan nicht gewertet).
      </p>
      {FIGURES.map((f) => (
        <FigureTable figure={f} rows={rows} id={`kennzahl-${FIGURE_FIELDS[f]}`} />
      ))}
      <TableRegion captionId="vorschlag-tabelle">
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id="vorschlag-tabelle">
            Vorschlag je Maßnahmenart
          </caption>
          <TableHead columns={['Maßnahmenart', 'Vorschlag']} />
          <tbody class="kern-table__body">
            {rows.map((row) => (
              <tr class="kern-table__row">
                <th scope="row" class="kern-table__header">
                  {measureLabel(row.measureType)}
                </th>
                <td class="kern-table__cell">{label(row.proposed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <h2 class="kern-heading-medium">Anerkannte Abweichungen</h2>
      {d.recognised.length === 0 ? (
        <p class="kern-body">Keine anerkannten Abweichungen.</p>
      ) : (
        <>
          <p class="kern-body">Ein Betrag senkt die geplanten Mittel, eine Anzahl die geplanten Plätze der Maßnahmenart (ohne Maßnahmenart: nur die Summe).</p>
          <TableRegion captionId="anerkannt-tabelle">
            <table class="kern-table kern-table--striped">
              <caption class="kern-title" id="anerkannt-tabelle">
                Anerkannte Abweichungen {y}
              </caption>
              <TableHead columns={['Abweichung', 'Maßnahmenart', { label: 'Betrag', numeric: true }, { label: 'Anzahl', numeric: true }, 'Grund der Anerkennung']} />
              <tbody class="kern-table__body">
                {d.recognised.map((r) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      <a class="kern-link" href={r.href}>
                        {r.subject}
                      </a>
                    </th>
                    <td class="kern-table__cell">{r.measureType === null ? 'alle' : String(r.measureType)}</td>
                    <td class="kern-table__cell kern-table__cell--numeric">{r.amountCents === null ? '–' : formatEuro(r.amountCents)}</td>
                    <td class="kern-table__cell kern-table__cell--numeric">{r.count === null ? '–' : numbers.format(r.count)}</td>
                    <td class="kern-table__cell multiline">{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </>
      )}
      <p class="kern-body">
        <a class="kern-link" href={`/api/v1/zielerreichung/${y}/${d.ags}`}>
          Diese Daten als JSON (API)
        </a>
      </p>
    </Page>
  );
}

/** The confirmation before the final judgement (or its correction) is stored. */
export function ConfirmJudgementPage(props: { year: number; district: DistrictAchievement; csrf: string; judgement: Judgement; reason: string; version: number }) {
  const d = props.district;
  const isCorrection = d.finalJudgement !== null;
  return (
    <Page title="Beurteilung bestätigen" currentPath="/zielerreichung">
      <h1 class="kern-heading-large">{isCorrection ? 'Korrektur bestätigen' : 'Beurteilung bestätigen'}</h1>
      <p class="kern-body">
        Die Zielerreichung {props.year} von {d.districtName} wird als <strong>{JUDGEMENT_LABELS[props.judgement]}</strong> beurteilt (Vorschlag: {label(d.total.proposed)}).{' '}
        {isCorrection ? `Bisher: ${JUDGEMENT_LABELS[d.finalJudgement!.judgement]}. ` : ''}
        Die Beurteilung ist endgültig; eine spätere Korrektur ist nur mit neuem Grund möglich und wird im Protokoll festgehalten. Sie ändert keinen Betrag.
      </p>
      {props.reason ? <p class="kern-body multiline">Grund: {props.reason}</p> : null}
      <form method="post" action={`${achievementPath(props.year, d.ags)}/beurteilung`} class="kern-stack-sm" novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(props.version)} />
        <input type="hidden" name="beurteilung" value={props.judgement} />
        <input type="hidden" name="grund" value={props.reason} />
        <input type="hidden" name="bestaetigt" value="1" />
        <SubmitButton>Beurteilung endgültig speichern</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href={achievementPath(props.year, d.ags)}>
          Abbrechen
        </a>
      </p>
    </Page>
  );
}

export type RulesValues = Record<string, string>;

export function rulesToValues(rules: StoredRules['rules']): RulesValues {
  const values: RulesValues = { kombination: rules.combination };
  for (const f of FIGURES) {
    values[`${FIGURE_FIELDS[f]}-erreicht`] = String(rules[f].achievedPercent);
    values[`${FIGURE_FIELDS[f]}-teilweise`] = String(rules[f].partlyPercent);
    values[`${FIGURE_FIELDS[f]}-gewicht`] = String(rules[f].weight);
  }
  return values;
}

/** GET /zielerreichung/{year}/regeln: the year's rules; the ministry edits them. */
export function RulesPage(props: { year: number; rules: StoredRules; canEdit: boolean; csrf: string; values: RulesValues; errors?: FieldErrors; notice?: string }) {
  const y = props.year;
  const title = `Regeln der Zielerreichung ${y}`;
  const e = props.errors ?? {};
  return (
    <Page title={title} currentPath="/zielerreichung">
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        <a class="kern-link" href={achievementPath(y)}>
          Zurück zur Zielerreichung {y}
        </a>
      </p>
      {props.notice ? <Notice title={props.notice} /> : null}
      {Object.keys(e).length > 0 ? <ErrorSummary errors={e} /> : null}
      <p class="kern-body">
        Je Kennzahl: ab welchem Anteil am bereinigten Plan (Plan abzüglich anerkannter Abweichungen) sie als „erreicht“ und als „teilweise erreicht“ gilt.
        {props.rules.isDefault ? ' Für dieses Jahr gelten noch die Voreinstellungen.' : ''}
      </p>
      {props.canEdit ? (
        <form method="post" action={`${achievementPath(y)}/regeln`} class="kern-stack-sm" novalidate>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(props.rules.version)} />
          {FIGURES.map((f) => {
            const p = FIGURE_FIELDS[f];
            return (
              <fieldset class="kern-fieldset">
                <legend class="kern-label">{FIGURE_LABELS[f]}</legend>
                <TextField name={`${p}-erreicht`} label="„erreicht“ ab (Prozent)" required inputmode="numeric" value={props.values[`${p}-erreicht`]} error={e[`${p}-erreicht`]} />
                <TextField name={`${p}-teilweise`} label="„teilweise erreicht“ ab (Prozent)" required inputmode="numeric" value={props.values[`${p}-teilweise`]} error={e[`${p}-teilweise`]} />
                <TextField name={`${p}-gewicht`} label="Gewicht (nur beim gewichteten Mittelwert)" required inputmode="numeric" value={props.values[`${p}-gewicht`]} error={e[`${p}-gewicht`]} />
              </fieldset>
            );
          })}
          <SelectField name="kombination" label="Zusammenführung der Kennzahlen" required value={props.values.kombination} error={e.kombination} options={COMBINATIONS.map((c) => ({ value: c, label: COMBINATION_LABELS[c] }))} />
          <SubmitButton>Regeln speichern</SubmitButton>
        </form>
      ) : (
        <RulesSummary rules={props.rules} year={y} canEdit={false} />
      )}
    </Page>
  );
}

/** Whether the figures are final: § 6 judges after the Verwendungsnachweis. */
function ProofState(props: { year: number; proof: DistrictAchievement['proof'] }) {
  const p = props.proof;
  if (p.status === 'keiner') return <p class="kern-body">Für {props.year} ist kein Zuwendungsbescheid erteilt; ein Verwendungsnachweis ist nicht fällig.</p>;
  if (p.status === 'eingereicht') return <p class="kern-body">Verwendungsnachweis {props.year} eingereicht{p.submittedOn ? ` am ${formatDate(p.submittedOn)}` : ''}: Die Zahlen zum Geld beruhen auf dem Nachweis.</p>;
  return (
    <div class="kern-alert kern-alert--info" role="note" aria-label="Vorläufige Zahlen">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--info" aria-hidden="true"></span>
        <p class="kern-title">Vorläufige Zahlen</p>
      </div>
      <div class="kern-alert__body">
        <p class="kern-body">
          Der Verwendungsnachweis {props.year} ist noch nicht eingereicht{p.dueOn ? ` (Frist ${formatDate(p.dueOn)})` : ''}. Verwendete Mittel und Ergebnisse können sich bis dahin noch ändern; eine Beurteilung jetzt ist vorläufig
          und kann nach dem Nachweis mit neuem Grund korrigiert werden.
        </p>
      </div>
    </div>
  );
}
