import type { Child } from 'hono/jsx';
import { formatEuro } from '../../../platform/format';
import { Page } from '../../../ui/layout';
import type { PublishedSummary, SnippetPart } from '../service';
import { TableHead } from '../../../ui/table';

export const PORTAL_NAME = 'Arbeitswelt Hessen';

const PORTAL_NAV = [
  { href: '/portal', label: 'Start' },
  { href: '/portal/zielvereinbarungen', label: 'Zielvereinbarungen' },
  { href: '/portal/teilnehmende', label: 'Teilnehmende' },
  { href: '/portal/gute-praxis', label: 'Gute Praxis' },
  { href: '/portal/tagungen', label: 'Tagungen' },
  { href: '/opendata', label: 'Offene Daten' },
  { href: '/leichte-sprache', label: 'Leichte Sprache' },
  { href: '/barrierefreiheit', label: 'Barrierefreiheit' },
];

/**
 * The page shell of the public portal: portal name, portal navigation, demo banner when needed.
 * Portal pages are shared by everyone and cached: they never show who is signed in (`isShared`),
 * except the administrators' editing pages (`staff`), which are never cached.
 */
export function PortalPage(props: { title: string; currentPath: string; demo?: boolean; staff?: boolean; children?: Child }) {
  return (
    <Page title={props.title} siteName={PORTAL_NAME} homeHref="/portal" nav={PORTAL_NAV} currentPath={props.currentPath} demo={props.demo} isShared={!props.staff}>
      {props.children}
    </Page>
  );
}

export function agreementPath(year: number, ags: string): string {
  return `/portal/zielvereinbarungen/${year}/${ags}`;
}

/** Where the search terms occur in the project titles; found words in <mark>. */
function Snippet({ parts }: { parts: SnippetPart[] }) {
  return (
    <span class="portal-snippet">
      <span class="visually-hidden">Fundstelle: </span>
      {parts.map((part) => (part.match ? <mark>{part.text}</mark> : part.text))}
    </span>
  );
}

/** A table of published agreements with links to their pages. */
export function AgreementTable({ rows, caption, id }: { rows: PublishedSummary[]; caption: string; id: string }) {
  return (
    <div class="table-region" role="region" aria-labelledby={id} tabindex={0}>
      <table class="kern-table kern-table--striped">
        <caption class="kern-title" id={id}>
          {caption}
        </caption>
        <TableHead columns={['Gebietskörperschaft', 'Jahr', 'Regierungsbezirk', { label: 'Betrag', numeric: true }]} />
        <tbody class="kern-table__body">
          {rows.map((row) => (
            <tr class="kern-table__row" data-ags={row.ags}>
              <th scope="row" class="kern-table__header">
                <a class="kern-link" href={agreementPath(row.year, row.ags)}>
                  {row.districtName}
                  <span class="visually-hidden"> – Zielvereinbarung {row.year}</span>
                </a>
                {row.isDemo ? <span class="demo-marker"> (Demodaten)</span> : null}
                {row.snippet ? <Snippet parts={row.snippet} /> : null}
              </th>
              <td class="kern-table__cell">{row.year}</td>
              <td class="kern-table__cell">{row.regierungsbezirk}</td>
              <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(row.amountCents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
