import { formatCount, formatEuro, formatEuroNumber } from '../../../platform/format';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import type { Eckdaten, EckdatenFigures } from '../eckdaten';
import { PLANNED_OUTCOME_LABELS, PLANNED_OUTCOMES } from '../schema';
import { projectPath, projectsPath } from './project-pages';

export const eckdatenPath = (year: number, ags: string) => `${projectsPath(year, ags)}/eckdaten`;

const figureColumns = [
  { label: 'Projekte', numeric: true },
  { label: 'AQB-Mittel', numeric: true },
  { label: 'Plätze', numeric: true },
  ...PLANNED_OUTCOMES.map((code) => ({ label: PLANNED_OUTCOME_LABELS[code], numeric: true })),
];

function FigureCells({ figures }: { figures: EckdatenFigures }) {
  return (
    <>
      <td class="kern-table__cell kern-table__cell--numeric">{formatCount(figures.projects)}</td>
      <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(figures.aqbCents)}</td>
      <td class="kern-table__cell kern-table__cell--numeric">{formatCount(figures.plannedPlaces)}</td>
      {PLANNED_OUTCOMES.map((code) => (
        <td class="kern-table__cell kern-table__cell--numeric">{formatCount(figures.plannedOutcomes[code])}</td>
      ))}
    </>
  );
}

/** The Eckdaten of a district and year: per Maßnahmenart with the total, then per project. */
export function EckdatenPage(props: { eckdaten: Eckdaten; districtName: string; labels: [string, string, string, string] }) {
  const { eckdaten } = props;
  const { year, ags } = eckdaten;
  return (
    <Page title={`Eckdaten ${year} – ${props.districtName}`} currentPath="/projekte">
      <h1 class="kern-heading-large">Eckdaten {year}</h1>
      <p class="kern-body">
        {props.districtName} (AGS {ags}): geplante AQB-Mittel (AQB-Zuwendung der Finanzierungspläne), Plätze und Ergebnisse der aktiven Projekte. Entfallene Projekte zählen nicht.{' '}
        <a class="kern-link" href={projectsPath(year, ags)}>
          Zurück zu den Projekten {year}
        </a>
        {' · '}
        <a class="kern-link" href={`${eckdatenPath(year, ags)}.csv`} download>
          Eckdaten als CSV
        </a>
      </p>
      {eckdaten.projects.length === 0 ? (
        <p class="kern-body">Für {year} sind noch keine Projekte erfasst; es gibt noch keine Eckdaten.</p>
      ) : (
        <>
          <div class="table-region" role="region" aria-labelledby="eckdaten-arten" tabindex={0}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-title" id="eckdaten-arten">
                Eckdaten {year} je Maßnahmenart
              </caption>
              <TableHead columns={['Maßnahmenart', ...figureColumns]} />
              <tbody class="kern-table__body">
                {eckdaten.byMeasureType.map((row) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      {props.labels[row.measureType - 1]}
                    </th>
                    <FigureCells figures={row} />
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    Insgesamt
                  </th>
                  <FigureCells figures={eckdaten.total} />
                </tr>
              </tfoot>
            </table>
          </div>
          {eckdaten.total.projectsWithoutPlaces > 0 ? (
            <p class="kern-hint">
              {eckdaten.total.projectsWithoutPlaces === 1 ? 'Ein Projekt hat' : `${formatCount(eckdaten.total.projectsWithoutPlaces)} Projekte haben`} noch keine geplanten Plätze; sie zählen mit 0.
            </p>
          ) : null}
          <div class="table-region" role="region" aria-labelledby="eckdaten-projekte" tabindex={0}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-title" id="eckdaten-projekte">
                Eckdaten {year} je Projekt ({eckdaten.projects.length})
              </caption>
              <TableHead
                columns={[
                  'Kürzel',
                  'Projekt',
                  'Maßnahmenart',
                  { label: 'AQB-Mittel', numeric: true },
                  { label: 'Plätze', numeric: true },
                  ...PLANNED_OUTCOMES.map((code) => ({ label: PLANNED_OUTCOME_LABELS[code], numeric: true })),
                ]}
              />
              <tbody class="kern-table__body">
                {eckdaten.projects.map((p) => (
                  <tr class="kern-table__row">
                    <td class="kern-table__cell">{p.key}</td>
                    <th scope="row" class="kern-table__header">
                      <a class="kern-link" href={projectPath(year, ags, p.key)}>
                        {p.title}
                      </a>
                    </th>
                    <td class="kern-table__cell">{props.labels[p.measureType - 1]}</td>
                    <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(p.aqbCents)}</td>
                    <td class="kern-table__cell kern-table__cell--numeric">{p.plannedPlaces === null ? '–' : formatCount(p.plannedPlaces)}</td>
                    {PLANNED_OUTCOMES.map((code) => (
                      <td class="kern-table__cell kern-table__cell--numeric">{p.plannedOutcomes[code] === undefined ? '–' : formatCount(p.plannedOutcomes[code])}</td>
                    ))}
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

/**
 * The Eckdaten as CSV (Excel, German settings): one line per project, one per Maßnahmenart and
 * the total; amounts in euros with decimal comma, empty cells for figures not planned.
 */
export function eckdatenCsvRows(eckdaten: Eckdaten, labels: readonly string[]): string[][] {
  const header = ['Ebene', 'Kürzel', 'Projekt', 'Maßnahmenart', 'AQB-Mittel (Euro)', 'Plätze', ...PLANNED_OUTCOMES.map((code) => PLANNED_OUTCOME_LABELS[code])];
  const figures = (f: EckdatenFigures) => [formatEuroNumber(f.aqbCents), String(f.plannedPlaces), ...PLANNED_OUTCOMES.map((code) => String(f.plannedOutcomes[code]))];
  return [
    header,
    ...eckdaten.projects.map((p) => [
      'Projekt',
      p.key,
      p.title,
      labels[p.measureType - 1] ?? '',
      formatEuroNumber(p.aqbCents),
      p.plannedPlaces === null ? '' : String(p.plannedPlaces),
      ...PLANNED_OUTCOMES.map((code) => (p.plannedOutcomes[code] === undefined ? '' : String(p.plannedOutcomes[code]))),
    ]),
    ...eckdaten.byMeasureType.map((row) => ['Maßnahmenart', '', `${formatCount(row.projects)} Projekte`, labels[row.measureType - 1] ?? '', ...figures(row)]),
    ['Insgesamt', '', `${formatCount(eckdaten.total.projects)} Projekte`, '', ...figures(eckdaten.total)],
  ];
}
