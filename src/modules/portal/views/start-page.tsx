import { formatEuro } from '../../../platform/format';
import type { PublishedSummary } from '../service';
import { AgreementTable, agreementPath, PortalPage } from './portal-page';
import { TableHead } from '../../../ui/table';
import { NarrowBarChart } from '../../../ui/narrow-bar-chart';

export interface YearTotal {
  year: number;
  count: number;
  totalCents: number;
}

const BAR_HEIGHT = 22;
const GAP = 6;
const LABEL_WIDTH = 250;
const CHART_WIDTH = 640;

/**
 * Horizontal SVG bar chart of the amounts per district. role="img" with <title>/<desc>; the
 * table next to it carries the same numbers for everyone who cannot see the chart. No script.
 */
function AmountChart({ rows, year }: { rows: PublishedSummary[]; year: number }) {
  const sorted = [...rows].sort((a, b) => b.amountCents - a.amountCents);
  const maxCents = Math.max(1, ...sorted.map((r) => r.amountCents));
  const barSpace = CHART_WIDTH - LABEL_WIDTH - 110;
  const height = sorted.length * (BAR_HEIGHT + GAP) + GAP;
  const top = sorted[0];
  const title = `Beträge der veröffentlichten Zielvereinbarungen ${year} je Gebietskörperschaft`;
  const description = `Balkendiagramm mit ${sorted.length} Balken, absteigend sortiert.${top ? ` Höchster Betrag: ${top.districtName} mit ${formatEuro(top.amountCents)}.` : ''} Die Zahlen stehen auch in der Tabelle neben dem Diagramm.`;
  return (
    <>
      <svg class="portal-chart__svg portal-chart__svg--wide" viewBox={`0 0 ${CHART_WIDTH} ${height}`} role="img" aria-labelledby="diagramm-titel diagramm-beschreibung">
        <title id="diagramm-titel">{title}</title>
        <desc id="diagramm-beschreibung">{description}</desc>
        {sorted.map((row, index) => {
          const y = GAP + index * (BAR_HEIGHT + GAP);
          const width = Math.max(1, Math.round((row.amountCents / maxCents) * barSpace));
          return (
            <g>
              <text x={LABEL_WIDTH - 8} y={y + BAR_HEIGHT / 2 + 5} text-anchor="end" class="portal-chart__label">
                {row.districtName}
              </text>
              <rect x={LABEL_WIDTH} y={y} width={width} height={BAR_HEIGHT} class={row.isDemo ? 'portal-chart__bar portal-chart__bar--demo' : 'portal-chart__bar'} />
              <text x={LABEL_WIDTH + width + 6} y={y + BAR_HEIGHT / 2 + 5} class="portal-chart__value">
                {formatEuro(row.amountCents)}
              </text>
            </g>
          );
        })}
      </svg>
      <NarrowBarChart
        id="diagramm-schmal"
        title={title}
        description={description}
        rows={sorted.map((row) => ({ label: row.districtName, valueText: formatEuro(row.amountCents), share: row.amountCents / maxCents, barClass: row.isDemo ? 'portal-chart__bar portal-chart__bar--demo' : 'portal-chart__bar' }))}
      />
    </>
  );
}

/** The portal start page: what the AQB is, the latest year's agreements, totals per year, chart. */
export function StartPage({ latestYear, latest, totals }: { latestYear: number | null; latest: PublishedSummary[]; totals: YearTotal[] }) {
  const demo = latest.some((r) => r.isDemo);
  return (
    <PortalPage title="Start" currentPath="/portal" demo={demo}>
      <h1 class="kern-heading-large">Zielvereinbarungen des Ausbildungs- und Qualifizierungsbudgets</h1>
      <p class="kern-body">
        Mit dem Ausbildungs- und Qualifizierungsbudget (AQB) fördert das Land Hessen Ausbildung und Qualifizierung von Menschen,
        die am Arbeitsmarkt besondere Unterstützung brauchen. Das Hessische Ministerium für Arbeit, Integration, Jugend und Soziales
        teilt das Budget jedes Jahr auf die 21 Landkreise und 5 kreisfreien Städte auf. Mit jeder Gebietskörperschaft schließt es
        eine Zielvereinbarung über den Betrag und die geförderten Projekte, die hier veröffentlicht wird.
      </p>
      <p class="kern-body">
        <a class="kern-link" href="/portal/zielvereinbarungen">
          Alle Zielvereinbarungen durchsuchen
        </a>{' '}
        · <a class="kern-link" href="/opendata">Offene Daten herunterladen</a> ·{' '}
        <a class="kern-link" href="/leichte-sprache">
          Leichte Sprache
        </a>
      </p>

      <section aria-labelledby="summen" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="summen">
          Summen je Jahr
        </h2>
        {totals.length === 0 ? (
          <p class="kern-body">Es ist noch keine Zielvereinbarung veröffentlicht.</p>
        ) : (
          <div class="table-region" role="region" aria-labelledby="summen-tabelle" tabindex={0}>
            <table class="kern-table">
              <caption class="kern-title" id="summen-tabelle">
                Veröffentlichte Zielvereinbarungen und vereinbarte Beträge je AQB-Jahr
              </caption>
              <TableHead columns={['AQB-Jahr', { label: 'Veröffentlicht', numeric: true }, { label: 'Summe', numeric: true }]} />
              <tbody class="kern-table__body">
                {totals.map((t) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      <a class="kern-link" href={`/portal/zielvereinbarungen?jahr=${t.year}`}>
                        {t.year}
                      </a>
                    </th>
                    <td class="kern-table__cell kern-table__cell--numeric">{t.count} von 26</td>
                    <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(t.totalCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {latestYear !== null && latest.length > 0 ? (
        <>
          <section aria-labelledby="neueste" class="kern-stack-sm">
            <h2 class="kern-heading-medium" id="neueste">
              Zielvereinbarungen {latestYear}
            </h2>
            <AgreementTable rows={latest} caption={`Veröffentlichte Zielvereinbarungen ${latestYear}`} id="neueste-tabelle" />
          </section>
          <section aria-labelledby="diagramm" class="kern-stack-sm">
            <h2 class="kern-heading-medium" id="diagramm">
              Beträge je Gebietskörperschaft {latestYear}
            </h2>
            <div class="portal-chart">
              <figure class="portal-chart__figure">
                <AmountChart rows={latest} year={latestYear} />
                <figcaption class="kern-body kern-body--small">
                  Diagramm der vereinbarten Beträge {latestYear}. Dieselben Zahlen stehen in der Tabelle.
                </figcaption>
              </figure>
              <div class="table-region" role="region" aria-labelledby="diagramm-tabelle" tabindex={0}>
                <table class="kern-table">
                  <caption class="kern-title" id="diagramm-tabelle">
                    Daten zum Diagramm: Beträge {latestYear}
                  </caption>
                  <TableHead columns={['Gebietskörperschaft', { label: 'Betrag', numeric: true }]} />
                  <tbody class="kern-table__body">
                    {[...latest]
                      .sort((a, b) => b.amountCents - a.amountCents)
                      .map((row) => (
                        <tr class="kern-table__row">
                          <th scope="row" class="kern-table__header">
                            <a class="kern-link" href={agreementPath(row.year, row.ags)}>
                              {row.districtName}
                            </a>
                          </th>
                          <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(row.amountCents)}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            </div>
            <p class="kern-body kern-body--small">
              Eine Landkarte der Gebietskörperschaften fehlt bewusst: Das Projekt enthält keine frei lizenzierten Umrisse der 26
              Gebietskörperschaften.
            </p>
          </section>
        </>
      ) : null}
    </PortalPage>
  );
}
