import { formatEuro } from '../../../platform/format';
import { CsrfField, Notice, SelectField, SubmitButton } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { AGREEMENT_STATUS_LABELS, AGREEMENT_STATUSES } from '../status';
import type { AgreementListItem } from '../use-cases';
import { agreementPath } from './agreement-nav';
import { TableHead } from '../../../ui/table';

export interface AgreementListPageProps {
  /** The signed-in user for the page header (name, Abmelden). */
  items: AgreementListItem[];
  filter: { year?: number; status?: string };
  years: number[];
  /** Present when the actor may draft agreements (HMSI). */
  create?: { districts: { ags: string; name: string }[]; csrf: string; error?: string };
  notice?: string;
}

export function AgreementListPage(props: AgreementListPageProps) {
  const demo = props.items.some((item) => item.isDemo);
  return (
    <Page title="Zielvereinbarungen" currentPath="/zielvereinbarungen" demo={demo}>
      <h1 class="kern-heading-large">Zielvereinbarungen</h1>
      {props.notice ? <Notice title={props.notice} /> : null}
      <form method="get" action="/zielvereinbarungen" class="kern-stack-sm" aria-label="Filter">
        <SelectField
          name="jahr"
          label="AQB-Jahr"
          value={props.filter.year === undefined ? '' : String(props.filter.year)}
          options={[{ value: '', label: 'Alle Jahre' }, ...props.years.map((y) => ({ value: String(y), label: String(y) }))]}
        />
        <SelectField
          name="status"
          label="Status"
          value={props.filter.status ?? ''}
          options={[{ value: '', label: 'Alle Status' }, ...AGREEMENT_STATUSES.map((s) => ({ value: s, label: AGREEMENT_STATUS_LABELS[s] }))]}
        />
        <SubmitButton variant="secondary">Filtern</SubmitButton>
      </form>
      {props.items.length === 0 ? (
        <p class="kern-body">Es gibt keine Zielvereinbarungen, die zu dieser Auswahl passen.</p>
      ) : (
        <div class="table-region" role="region" aria-labelledby="liste-titel" tabindex={0}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-title" id="liste-titel">
              Zielvereinbarungen ({props.items.length})
            </caption>
            <TableHead columns={['Gebietskörperschaft', 'Jahr', 'Status', { label: 'Betrag (§ 4)', numeric: true }, 'Version']} />
            <tbody class="kern-table__body">
              {props.items.map((item) => (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    <a class="kern-link" href={agreementPath(item.year, item.ags, 'status')}>
                      {item.districtName}
                    </a>
                    {item.isDemo ? <span class="demo-marker"> (Demodaten)</span> : null}
                  </th>
                  <td class="kern-table__cell">{item.year}</td>
                  <td class="kern-table__cell">{AGREEMENT_STATUS_LABELS[item.status]}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(item.amountCents)}</td>
                  <td class="kern-table__cell">{item.version}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.create ? (
        <section aria-labelledby="neu-titel" class="kern-stack-sm">
          <h2 class="kern-heading-medium" id="neu-titel">
            Neue Zielvereinbarung entwerfen
          </h2>
          <form method="post" action="/zielvereinbarungen" class="kern-stack-sm">
            <CsrfField token={props.create.csrf} />
            <SelectField name="neu_jahr" label="AQB-Jahr des Entwurfs" required value={String(props.years.at(-1) ?? '')} options={props.years.map((y) => ({ value: String(y), label: String(y) }))} />
            <SelectField
              name="neu_ags"
              label="Gebietskörperschaft"
              required
              error={props.create.error}
              options={props.create.districts.map((d) => ({ value: d.ags, label: d.name }))}
            />
            <SubmitButton>Entwurf anlegen</SubmitButton>
          </form>
        </section>
      ) : null}
    </Page>
  );
}
