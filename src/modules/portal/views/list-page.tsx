import type { District } from '../../districts/schema';
import { Pager } from '../../../ui/pager';
import { SelectField, SubmitButton, TextField } from '../../../ui/forms';
import { type ListFilter, PAGE_SIZE, type PublishedSummary, SORT_OPTIONS } from '../service';
import { AgreementTable, PortalPage } from './portal-page';

export interface ListPageProps {
  filter: ListFilter;
  rows: PublishedSummary[];
  total: number;
  years: number[];
  districts: District[];
  measureTypeLabels: readonly string[];
}

/** The query string of a filter (defaults left out, so URLs stay short and bookmarkable). */
export function filterQuery(filter: ListFilter, page = filter.page): string {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  if (filter.year !== undefined) params.set('jahr', String(filter.year));
  if (filter.ags) params.set('gk', filter.ags);
  if (filter.regierungsbezirk) params.set('rb', filter.regierungsbezirk);
  if (filter.measureType) params.set('massnahme', String(filter.measureType));
  if (filter.sort !== 'jahr-ab') params.set('sort', filter.sort);
  if (page > 1) params.set('seite', String(page));
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The searchable list: plain GET form, results table, pagination links. */
export function ListPage(props: ListPageProps) {
  const { filter } = props;
  const pages = Math.max(1, Math.ceil(props.total / PAGE_SIZE));
  const all = [{ value: '', label: 'Alle' }];
  return (
    <PortalPage title="Zielvereinbarungen" currentPath="/portal/zielvereinbarungen" demo={props.rows.some((r) => r.isDemo)}>
      <h1 class="kern-heading-large">Zielvereinbarungen</h1>
      <form method="get" action="/portal/zielvereinbarungen" class="kern-stack-sm portal-filter" role="search" aria-label="Zielvereinbarungen durchsuchen">
        <TextField name="q" label="Suche nach Gebietskörperschaft oder Projekt" value={filter.q ?? ''} type="search" maxlength={200} />
        <div class="portal-filter__grid">
          <SelectField name="jahr" label="AQB-Jahr" value={filter.year ?? ''} options={[...all, ...props.years.map((y) => ({ value: String(y), label: String(y) }))]} />
          <SelectField
            name="gk"
            label="Gebietskörperschaft"
            value={filter.ags ?? ''}
            options={[...all, ...props.districts.map((d) => ({ value: d.ags, label: d.officialName }))]}
          />
          <SelectField
            name="rb"
            label="Regierungsbezirk"
            value={filter.regierungsbezirk ?? ''}
            options={[...all, ...['Darmstadt', 'Gießen', 'Kassel'].map((rb) => ({ value: rb, label: rb }))]}
          />
          <SelectField
            name="massnahme"
            label="Maßnahmenart"
            value={filter.measureType ?? ''}
            options={[...all, ...props.measureTypeLabels.map((label, i) => ({ value: String(i + 1), label: `${i + 1}. ${label}` }))]}
          />
          <SelectField name="sort" label="Sortierung" value={filter.sort} options={Object.entries(SORT_OPTIONS).map(([value, label]) => ({ value, label }))} />
        </div>
        <SubmitButton>Suchen</SubmitButton>
      </form>

      <section aria-labelledby="ergebnisse" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="ergebnisse">
          Ergebnisse
        </h2>
        <p class="kern-body" role="status">
          {props.total === 0
            ? 'Keine veröffentlichte Zielvereinbarung passt zu Ihrer Suche.'
            : `${props.total} ${props.total === 1 ? 'Zielvereinbarung' : 'Zielvereinbarungen'} gefunden, Seite ${Math.min(filter.page, pages)} von ${pages}.`}
        </p>
        {props.total === 0 ? (
          <p class="kern-body">
            <a class="kern-link" href="/portal/zielvereinbarungen">
              Alle Filter zurücksetzen
            </a>
          </p>
        ) : (
          <AgreementTable rows={props.rows} caption="Gefundene Zielvereinbarungen" id="ergebnis-tabelle" />
        )}
        <Pager label="Seiten der Ergebnisliste" page={Math.min(filter.page, pages)} pageCount={pages} href={(page) => `/portal/zielvereinbarungen${filterQuery(filter, page)}`} />
      </section>
    </PortalPage>
  );
}
