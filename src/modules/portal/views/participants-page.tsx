import { StatisticsTableView } from '../../participants/service';
import type { PublishedTable } from '../../participants/service';
import { PortalPage } from './portal-page';

export interface PublicStatistics {
  year: number;
  /** Null for the Land (all 26 districts). */
  district: { ags: string; name: string } | null;
  tables: Array<{ key: string; k: number; table: PublishedTable }>;
  districts: Array<{ ags: string; name: string }>;
  years: number[];
  demo: boolean;
}

/**
 * GET /portal/teilnehmende/:year[/:ags]: the published participant tables of the Land or a
 * district, with primary and secondary suppression ("•" with a footnote, never 0). Aggregates
 * only: no record, no Kennung ever reaches this page.
 */
export function ParticipantStatisticsPage(props: PublicStatistics) {
  const where = props.district ? props.district.name : 'Hessen';
  const base = props.district ? `/portal/teilnehmende/${props.year}/${props.district.ags}` : `/portal/teilnehmende/${props.year}`;
  const total = props.tables[0]?.table.total;
  return (
    <PortalPage title={`Teilnehmende ${props.year} – ${where}`} currentPath="/portal/teilnehmende" demo={props.demo}>
      <nav aria-label="Brotkrümelnavigation" class="kern-body kern-body--small">
        <a class="kern-link" href="/portal/teilnehmende">
          Teilnehmende
        </a>
        {props.district ? (
          <>
            {' › '}
            <a class="kern-link" href={`/portal/teilnehmende/${props.year}`}>
              {props.year}
            </a>
          </>
        ) : null}
      </nav>
      <h1 class="kern-heading-large">
        Teilnehmende {props.year}: {where}
      </h1>
      <p class="kern-body">
        Wer an den Projekten des Ausbildungs- und Qualifizierungsbudgets im AQB-Jahr {props.year} teilgenommen hat, nach Merkmalen. Gezählt werden alle
        Eintritte in Projekte dieses Jahres. Kleine Zahlen werden zum Schutz der Teilnehmenden nicht veröffentlicht („•“).
      </p>
      {total === 0 ? (
        <p class="kern-body">Für dieses Jahr sind noch keine Teilnehmenden gemeldet.</p>
      ) : (
        <section aria-labelledby="tabellen" class="kern-stack-sm">
          <h2 class="kern-heading-medium" id="tabellen">
            Tabellen
          </h2>
          <p class="kern-body">
            <a class="kern-link" href={`${base}/statistik.csv`}>
              Alle Tabellen als CSV (offene Daten)
            </a>{' '}
            ·{' '}
            <a class="kern-link" href={`${base}/statistik.xlsx`}>
              als XLSX
            </a>
          </p>
          {props.tables.map((t) => (
            <StatisticsTableView id={`tabelle-${t.key}`} table={t.table} suppressed k={t.k} />
          ))}
        </section>
      )}
      {props.district ? null : (
        <section aria-labelledby="kreise" class="kern-stack-sm">
          <h2 class="kern-heading-medium" id="kreise">
            Nach Gebietskörperschaft
          </h2>
          <ul class="kern-list kern-list--bullet participants-district-list">
            {props.districts.map((d) => (
              <li>
                <a class="kern-link" href={`/portal/teilnehmende/${props.year}/${d.ags}`}>
                  {d.name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </PortalPage>
  );
}

/** GET /portal/teilnehmende: the years with published participant tables. */
export function ParticipantYearsPage({ years }: { years: number[] }) {
  return (
    <PortalPage title="Teilnehmende" currentPath="/portal/teilnehmende">
      <h1 class="kern-heading-large">Teilnehmende der AQB-Projekte</h1>
      <p class="kern-body">
        Tabellen nach Geschlecht, Alter, Rechtskreis, Erwerbsstatus, Bildungsstand, Teilzeitausbildung, Verbleib, Behinderung und Migrationshintergrund, für Hessen und
        jede Gebietskörperschaft. Einzelne Personen sind nicht erkennbar: Werte unter 3 (bei Behinderung und Migrationshintergrund unter 5) und Werte, aus denen sie
        sich errechnen ließen, werden mit „•“ zurückgehalten.
      </p>
      {years.length === 0 ? (
        <p class="kern-body">Es sind noch keine Jahre angelegt.</p>
      ) : (
        <ul class="kern-list kern-list--bullet">
          {years.map((year) => (
            <li>
              <a class="kern-link" href={`/portal/teilnehmende/${year}`}>
                AQB-Jahr {year}
              </a>
            </li>
          ))}
        </ul>
      )}
    </PortalPage>
  );
}
