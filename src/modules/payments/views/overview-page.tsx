import { formatEuro } from '../../../platform/format';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import { YearNav } from '../../../ui/year-nav';
import type { FundingOverview, OverviewFigures } from '../overview';

const num = 'kern-table__cell kern-table__cell--numeric';
const COLUMNS = ['Zugewiesen', 'Beantragt', 'Bewilligt', 'Ausgezahlt', 'Verwendet', 'Zurückgefordert'].map((label) => ({ label, numeric: true }));

function Cells({ f }: { f: OverviewFigures }) {
  return (
    <>
      {[f.allocatedCents, f.appliedCents, f.approvedCents, f.paidCents, f.usedCents, f.refundedCents].map((c) => (
        <td class={num}>{formatEuro(c)}</td>
      ))}
    </>
  );
}

export function FundingOverviewPage({ years, overview }: { years: number[]; overview: FundingOverview | null }) {
  return (
    <Page title="Förderübersicht" currentPath="/foerderuebersicht">
      <h1 class="kern-heading-large">Förderübersicht</h1>
      <p class="kern-body">Je AQB-Jahr und Gebietskörperschaft: zugewiesen, beantragt (AQB-Anteil des eingereichten Antrags), bewilligt (erlassene Bescheide), ausgezahlt, verwendet und zurückgefordert, mit den Summen des Landes.</p>
      {overview === null ? (
        <p class="kern-body">Es ist noch kein AQB-Jahr angelegt.</p>
      ) : (
        <>
          <YearNav years={years} current={overview.year} href={(y) => `/foerderuebersicht?jahr=${y}`} />
          <p class="kern-body">
            <a class="kern-link" href={`/foerderuebersicht/${overview.year}/foerderuebersicht.csv`}>
              CSV herunterladen
            </a>
            {' · '}
            <a class="kern-link" href={`/foerderuebersicht/${overview.year}/foerderuebersicht.xlsx`}>
              Excel-Datei herunterladen
            </a>
          </p>
          <div class="table-region" role="region" aria-labelledby="foerderung-titel" tabindex={0}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-title" id="foerderung-titel">
                Förderübersicht {overview.year}
              </caption>
              <TableHead columns={['Gebietskörperschaft', ...COLUMNS]} />
              <tbody class="kern-table__body">
                {overview.rows.map((r) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      <a class="kern-link" href={`/mittel/${overview.year}/${r.ags}`}>
                        {r.name}
                      </a>
                    </th>
                    <Cells f={r} />
                  </tr>
                ))}
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    Land Hessen
                  </th>
                  <Cells f={overview.total} />
                </tr>
              </tbody>
            </table>
          </div>
        </>
      )}
    </Page>
  );
}
