import { formatDateTime } from '../../../platform/format';
import { BarChart } from '../../../ui/bar-chart';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import type { Survey } from '../read';
import type { ComparedQuestion, QuestionResult } from '../results';
import { QUESTION_TYPE_LABELS, RESPONSE_STATUS_LABELS, type ResponseStatus } from '../schema';
import { dateText, responsePath, surveyPath, surveysPath } from './common';
import { conditionText } from './response-pages';

const integer = new Intl.NumberFormat('de-DE');
const decimal = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 2 });
const count = (v: number | null) => (v === null ? '–' : integer.format(v));
const num = (v: number | null) => (v === null ? '–' : decimal.format(v));

/** One question's result: chart and table (counts), matrix table, number figures, or the texts by district. */
export function ResultView({ id, result, survey }: { id: string; result: QuestionResult; survey: Survey }) {
  const q = result.question;
  const condition = conditionText(survey.definition, q);
  return (
    <section class="kern-stack-sm survey-result">
      <h3 class="kern-heading-small">
        {q.text} <code>{q.variable}</code>
      </h3>
      <p class="kern-hint">
        {QUESTION_TYPE_LABELS[q.type]} · gestellt in {result.asked} eingereichten Antworten{condition ? ` · ${condition}` : ''}
      </p>
      {result.kind === 'counts' ? (
        <>
          <BarChart
            id={id}
            title={`${q.text}: Anzahl je Antwort`}
            description={`Balkendiagramm mit ${result.rows.length} Balken, ${result.answered} von ${result.asked} haben geantwortet. Die Zahlen stehen auch in der Tabelle darunter.`}
            labels={result.rows.map((r) => r.label)}
            values={result.rows.map((r) => r.count)}
            format={count}
          />
          <div class="table-region" role="region" aria-labelledby={`${id}-tabelle`} tabindex={0}>
            <table class="kern-table">
              <caption class="kern-title" id={`${id}-tabelle`}>
                {q.text}
              </caption>
              <TableHead columns={['Code', 'Antwort', { label: 'Anzahl', numeric: true }]} />
              <tbody class="kern-table__body">
                {result.rows.map((r) => (
                  <tr class="kern-table__row">
                    <td class="kern-table__cell">{r.code}</td>
                    <th scope="row" class="kern-table__header">
                      {r.label}
                    </th>
                    <td class="kern-table__cell kern-table__cell--numeric">{count(r.count)}</td>
                  </tr>
                ))}
                <tr class="kern-table__row">
                  <td class="kern-table__cell"></td>
                  <th scope="row" class="kern-table__header">
                    keine Antwort
                  </th>
                  <td class="kern-table__cell kern-table__cell--numeric">{count(result.asked - result.answered)}</td>
                </tr>
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {result.kind === 'matrix' ? (
        <>
          <BarChart
            id={id}
            title={`${q.text}: Mittelwert je Aussage (1 bis 5)`}
            description={`Balkendiagramm mit ${result.items.length} Balken: der Mittelwert je Aussage. Die Verteilung steht in der Tabelle darunter.`}
            labels={result.items.map((i) => i.label)}
            values={result.items.map((i) => i.mean)}
            format={num}
          />
          <div class="table-region" role="region" aria-labelledby={`${id}-tabelle`} tabindex={0}>
            <table class="kern-table">
              <caption class="kern-title" id={`${id}-tabelle`}>
                {q.text} – Anzahl je Wert
              </caption>
              <TableHead columns={['Aussage', ...(q.type === 'matrix' ? q.scaleLabels.map((l, i) => ({ label: `${i + 1} ${l}`, numeric: true })) : []), { label: 'Mittelwert', numeric: true }]} />
              <tbody class="kern-table__body">
                {result.items.map((item) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      {item.label}
                    </th>
                    {item.counts.map((c) => (
                      <td class="kern-table__cell kern-table__cell--numeric">{count(c)}</td>
                    ))}
                    <td class="kern-table__cell kern-table__cell--numeric">{num(item.mean)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {result.kind === 'number' ? (
        <div class="table-region" role="region" aria-labelledby={`${id}-tabelle`} tabindex={0}>
          <table class="kern-table">
            <caption class="kern-title" id={`${id}-tabelle`}>
              {q.text}
              {result.question.unit ? ` (${result.question.unit})` : ''}
            </caption>
            <TableHead columns={[{ label: 'Antworten', numeric: true }, { label: 'Summe', numeric: true }, { label: 'Kleinster Wert', numeric: true }, { label: 'Größter Wert', numeric: true }, { label: 'Mittelwert', numeric: true }, { label: 'Median', numeric: true }]} />
            <tbody class="kern-table__body">
              <tr class="kern-table__row">
                <td class="kern-table__cell kern-table__cell--numeric">{count(result.values.length)}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{num(result.sum)}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{num(result.min)}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{num(result.max)}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{num(result.mean)}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{num(result.median)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}
      {result.kind === 'texts' ? (
        result.texts.length === 0 ? (
          <p class="kern-body">Keine Antworten.</p>
        ) : (
          <div class="table-region" role="region" aria-labelledby={`${id}-tabelle`} tabindex={0}>
            <table class="kern-table">
              <caption class="kern-title" id={`${id}-tabelle`}>
                {q.text} – Antworten nach Gebietskörperschaft
              </caption>
              <TableHead columns={['Gebietskörperschaft', 'Antwort']} />
              <tbody class="kern-table__body">
                {result.texts.map((t) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      {t.districtName}
                    </th>
                    <td class="kern-table__cell survey-text-answer">{t.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </section>
  );
}

export interface ResultsProps {
  survey: Survey;
  results: QuestionResult[];
  rows: Array<{ ags: string; name: string; status: ResponseStatus; answered: number; total: number; submittedAt: Date | null; isLate: boolean }>;
}

/** /umfragen/:id/ergebnisse: response rate, who is missing, the results per question, the downloads. */
export function ResultsPage({ survey, results, rows }: ResultsProps) {
  const submitted = rows.filter((r) => r.status === 'eingereicht').length;
  const rate = rows.length ? Math.round((submitted / rows.length) * 1000) / 10 : 0;
  const missing = rows.filter((r) => r.status !== 'eingereicht');
  return (
    <Page title={`Ergebnisse – ${survey.definition.title}`} currentPath={surveysPath} demo={survey.isDemo}>
      <h1 class="kern-heading-large">Ergebnisse: {survey.definition.title}</h1>
      <p class="kern-body">
        Jahr {survey.year} · Frist {dateText(survey.deadline)} ·{' '}
        <a class="kern-link" href={surveyPath(survey.id)}>
          Zur Übersicht der Umfrage
        </a>
      </p>
      <h2 class="kern-heading-medium">Rücklauf</h2>
      <p class="kern-body">
        <strong>
          {submitted} von {rows.length} Antworten eingereicht ({decimal.format(rate)} %)
        </strong>
        {missing.length ? `; es fehlen ${missing.length}.` : '; alle haben geantwortet.'} Die Ergebnisse zählen nur eingereichte Antworten.
      </p>
      <div class="table-region" role="region" aria-labelledby="ruecklauf-titel" tabindex={0}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id="ruecklauf-titel">
            Antworten je Gebietskörperschaft
          </caption>
          <TableHead columns={['Gebietskörperschaft', 'Status', 'Fortschritt', 'Eingereicht']} />
          <tbody class="kern-table__body">
            {rows.map((r) => (
              <tr class="kern-table__row">
                <th scope="row" class="kern-table__header">
                  <a class="kern-link" href={responsePath(survey.id, r.ags)}>
                    {r.name}
                  </a>
                </th>
                <td class="kern-table__cell">{r.status === 'eingereicht' ? RESPONSE_STATUS_LABELS[r.status] : `fehlt (${r.answered ? 'Entwurf' : 'noch nicht begonnen'})`}</td>
                <td class="kern-table__cell">
                  {r.answered} von {r.total} Fragen beantwortet
                </td>
                <td class="kern-table__cell">{r.submittedAt ? `${formatDateTime(r.submittedAt)}${r.isLate ? ' (nach der Frist)' : ''}` : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 class="kern-heading-medium">Export für die Auswertung</h2>
      <ul class="kern-list kern-list--bullet">
        <li>
          <a class="kern-link" href={surveyPath(survey.id, 'export.xlsx')} download>
            Daten und Codebuch (Excel, zwei Tabellenblätter)
          </a>
        </li>
        <li>
          <a class="kern-link" href={surveyPath(survey.id, 'export.csv')} download>
            Daten (CSV, eine Zeile je Gebietskörperschaft)
          </a>
        </li>
        <li>
          <a class="kern-link" href={surveyPath(survey.id, 'codebuch.csv')} download>
            Codebuch (CSV: Variable, Frage, Typ, Wertelabels)
          </a>
        </li>
      </ul>
      <h2 class="kern-heading-medium">Ergebnisse je Frage</h2>
      {results.map((result, i) => (
        <ResultView id={`ergebnis-${i}`} result={result} survey={survey} />
      ))}
    </Page>
  );
}

function ShortResult({ result }: { result: QuestionResult | null }) {
  if (!result) return <>nicht gestellt</>;
  if (result.kind === 'counts') return <>{result.rows.map((r) => `${r.label}: ${count(r.count)}`).join('; ')}</>;
  if (result.kind === 'matrix') return <>{result.items.map((i) => `${i.label}: Ø ${num(i.mean)}`).join('; ')}</>;
  if (result.kind === 'number') return <>{`${count(result.values.length)} Antworten, Summe ${num(result.sum)}, Mittelwert ${num(result.mean)}`}</>;
  return <>{`${count(result.texts.length)} Textantworten`}</>;
}

/** /umfragen/:id/vergleich?mit=…: two surveys question by question, matched by variable name. */
export function ComparePage({ left, right, rows }: { left: Survey; right: Survey; rows: ComparedQuestion[] }) {
  return (
    <Page title={`Vergleich – ${left.definition.title}`} currentPath={surveysPath} demo={left.isDemo || right.isDemo}>
      <h1 class="kern-heading-large">Vergleich zweier Umfragen</h1>
      <p class="kern-body">
        „{left.definition.title}“ ({left.year}) und „{right.definition.title}“ ({right.year}), Frage für Frage nach dem Variablennamen; gezählt werden eingereichte Antworten.{' '}
        <a class="kern-link" href={surveyPath(left.id)}>
          Zurück zur Umfrage
        </a>
      </p>
      <div class="table-region" role="region" aria-labelledby="vergleich-titel" tabindex={0}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id="vergleich-titel">
            Ergebnisse {left.year} und {right.year}
          </caption>
          <TableHead columns={['Frage', 'Variable', `${left.year} (${left.definition.title})`, `${right.year} (${right.definition.title})`]} />
          <tbody class="kern-table__body">
            {rows.map((row) => (
              <tr class="kern-table__row">
                <th scope="row" class="kern-table__header">
                  {row.text}
                </th>
                <td class="kern-table__cell">
                  <code>{row.variable}</code>
                </td>
                <td class="kern-table__cell">
                  <ShortResult result={row.left} />
                </td>
                <td class="kern-table__cell">
                  <ShortResult result={row.right} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}
