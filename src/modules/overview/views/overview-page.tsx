import { formatEuro } from '../../../platform/format';
import { Page } from '../../../ui/layout';
import { AGREEMENT_STATUS_LABELS } from '../../agreements/status';
import type { OverviewYear } from '../service';
import { TableHead } from '../../../ui/table';

type Row = OverviewYear['rows'][number];

/** The live state: a published agreement with a Nachtrag in progress is still published. */
function StatusCell({ row }: { row: Row }) {
  if (!row.status) return <>Keine Zielvereinbarung</>;
  if (row.hasOpenAmendment) return <>Veröffentlicht (Nachtrag in Arbeit)</>;
  return <>{AGREEMENT_STATUS_LABELS[row.status]}</>;
}

/**
 * Where a district's name links: staff who may read the agreement go to its staff page; everyone
 * else goes to the public portal page of a published agreement, and nowhere otherwise.
 */
export type AgreementLink = (year: number, row: Row) => string | null;

function YearTable({ year, linkOf }: { year: OverviewYear; linkOf: AgreementLink }) {
  const captionId = `tabelle-${year.year}`;
  const published = year.countByStatus.veroeffentlicht ?? 0;
  const mismatches = year.rows.filter((r) => r.isMismatch).length;
  return (
    <section aria-labelledby={`jahr-${year.year}`} class="kern-stack-sm">
      <h2 class="kern-heading-medium" id={`jahr-${year.year}`}>
        AQB-Jahr {year.year}
      </h2>
      <p class="kern-body">
        Zugewiesen insgesamt: <strong>{formatEuro(year.allocatedSumCents)}</strong>
        {year.landesbudgetCents !== null ? <> von {formatEuro(year.landesbudgetCents)} Landesbudget</> : null}. Veröffentlichte
        Zielvereinbarungen: {published} von {year.rows.length}.
      </p>
      <p class="kern-body" data-budget-check>
        {year.budgetDifferenceCents === null
          ? 'Summenprüfung: Das Landesbudget ist noch nicht erfasst.'
          : year.budgetDifferenceCents === 0
            ? 'Summenprüfung: Die Zuweisungen entsprechen genau dem Landesbudget.'
            : `Summenprüfung: Die Zuweisungen ${year.budgetDifferenceCents > 0 ? 'übersteigen' : 'unterschreiten'} das Landesbudget um ${formatEuro(Math.abs(year.budgetDifferenceCents))}.`}
        {mismatches > 0 ? ` ${mismatches === 1 ? 'Eine Zielvereinbarung weicht' : `${mismatches} Zielvereinbarungen weichen`} in § 4 von der aktuellen Zuweisung ab.` : null}
      </p>
      <p class="kern-body">
        Herunterladen:{' '}
        <a class="kern-link" href={`/landesuebersicht/${year.year}/export.csv`}>
          Übersicht {year.year} als CSV
        </a>
        ,{' '}
        <a class="kern-link" href={`/landesuebersicht/${year.year}/export.xlsx`}>
          als Excel-Datei
        </a>
      </p>
      <div class="table-region" role="region" aria-labelledby={captionId} tabindex={0}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id={captionId}>
            Gebietskörperschaften im AQB-Jahr {year.year}
          </caption>
          <TableHead columns={['Gebietskörperschaft', 'Regierungsbezirk', { label: 'Zugewiesener Betrag', numeric: true }, 'Status der Zielvereinbarung', { label: 'Betrag in § 4', numeric: true }, 'Änderungen der Zuweisung', 'Veröffentlicht']} />
          <tbody class="kern-table__body">
            {year.rows.map((row) => (
              <tr class="kern-table__row" data-ags={row.ags}>
                <th scope="row" class="kern-table__header">
                  {linkOf(year.year, row) ? (
                    <a class="kern-link" href={linkOf(year.year, row)!}>
                      {row.name}
                    </a>
                  ) : (
                    row.name
                  )}
                  {row.isDemo ? <span class="demo-marker"> (Demodaten)</span> : null}
                </th>
                <td class="kern-table__cell">{row.regierungsbezirk}</td>
                <td class="kern-table__cell kern-table__cell--numeric">
                  {row.allocationCents === null ? 'nicht festgelegt' : formatEuro(row.allocationCents)}
                </td>
                <td class="kern-table__cell">
                  <StatusCell row={row} />
                </td>
                <td class="kern-table__cell kern-table__cell--numeric">
                  {row.agreedCents === null ? '–' : formatEuro(row.agreedCents)}
                  {row.isMismatch ? (
                    <>
                      <br />
                      <strong>weicht von der Zuweisung ab</strong>
                    </>
                  ) : null}
                </td>
                <td class="kern-table__cell">{row.revisionsCount}</td>
                <td class="kern-table__cell">{row.published ? 'ja' : 'nein'}</td>
              </tr>
            ))}
          </tbody>
          <tfoot class="kern-table__footer">
            <tr class="kern-table__row">
              <th scope="row" class="kern-table__header">
                Summe ({year.rows.length} Gebietskörperschaften)
              </th>
              <td class="kern-table__cell"></td>
              <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(year.allocatedSumCents)}</td>
              <td class="kern-table__cell">{published} veröffentlicht</td>
              <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(year.agreedSumCents)}</td>
              <td class="kern-table__cell">{year.rows.reduce((sum, r) => sum + r.revisionsCount, 0)}</td>
              <td class="kern-table__cell"></td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

/** The Landesübersicht: one table per AQB year with the 26 districts and sums. */
export function OverviewPage({ years, linkOf }: { years: OverviewYear[]; linkOf: AgreementLink }) {
  const demo = years.some((y) => y.hasDemo);
  return (
    <Page title="Landesübersicht" demo={demo} currentPath="/">
      <h1 class="kern-heading-large">Landesübersicht</h1>
      <p class="kern-body">
        Zuweisungen und Zielvereinbarungen des Ausbildungs- und Qualifizierungsbudgets für die 21 Landkreise und 5 kreisfreien
        Städte Hessens.
      </p>
      {years.length === 0 ? (
        <p class="kern-body">Es ist noch kein AQB-Jahr angelegt.</p>
      ) : (
        years.map((year) => <YearTable year={year} linkOf={linkOf} />)
      )}
    </Page>
  );
}
