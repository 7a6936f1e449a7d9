import { formatDateTime, formatEuro } from '../../../platform/format';
import { CsrfField, ErrorSummary, Notice, SelectField, SubmitButton, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { Pager } from '../../../ui/pager';
import { AGREEMENT_STATUS_LABELS, AGREEMENT_STATUSES } from '../status';
import { type AgreementListQuery, type AgreementListRow, deviatesFromAllocation, LIST_SORTS, listQueryString, REGIERUNGSBEZIRKE } from '../list';
import { agreementPath } from './agreement-nav';
import { TableHead } from '../../../ui/table';

export interface AgreementListPageProps {
  rows: AgreementListRow[];
  query: AgreementListQuery;
  /** Query-string values the form cannot produce, per field (German). */
  errors: Record<string, string>;
  page: number;
  pageCount: number;
  total: number;
  years: number[];
  /** Present when the actor may draft agreements (HMSI). */
  create?: { districts: { ags: string; name: string }[]; csrf: string; error?: string };
  notice?: string;
}

const FILTER_LABELS: Record<string, string> = {
  jahr: 'AQB-Jahr',
  status: 'Status',
  bezirk: 'Regierungsbezirk',
  suche: 'Name oder AGS',
  abweichung: '§ 4 weicht von der Zuweisung ab',
  sortierung: 'Sortieren nach',
  richtung: 'Reihenfolge',
  seite: 'Seite',
};

export function AgreementListPage(props: AgreementListPageProps) {
  const { query } = props;
  const demo = props.rows.some((item) => item.isDemo);
  const exportQuery = listQueryString({ ...query, page: 1 });
  return (
    <Page title="Zielvereinbarungen" currentPath="/zielvereinbarungen" demo={demo}>
      <h1 class="kern-heading-large">Zielvereinbarungen</h1>
      {props.notice ? <Notice title={props.notice} /> : null}
      <ErrorSummary errors={props.errors} labels={FILTER_LABELS} />
      <form method="get" action="/zielvereinbarungen" class="kern-stack-sm" aria-label="Filter und Sortierung">
        <TextField name="suche" label="Name oder AGS" value={query.search ?? ''} maxlength={100} error={props.errors.suche} hint="Zum Beispiel „Lahn“ oder „06532“." />
        <SelectField
          name="jahr"
          label="AQB-Jahr"
          value={query.year === undefined ? '' : String(query.year)}
          error={props.errors.jahr}
          options={[{ value: '', label: 'Alle Jahre' }, ...props.years.map((y) => ({ value: String(y), label: String(y) }))]}
        />
        <SelectField
          name="status"
          label="Status"
          value={query.status ?? ''}
          error={props.errors.status}
          options={[{ value: '', label: 'Alle Status' }, ...AGREEMENT_STATUSES.map((s) => ({ value: s, label: AGREEMENT_STATUS_LABELS[s] }))]}
        />
        <SelectField
          name="bezirk"
          label="Regierungsbezirk"
          value={query.regierungsbezirk ?? ''}
          error={props.errors.bezirk}
          options={[{ value: '', label: 'Alle Regierungsbezirke' }, ...REGIERUNGSBEZIRKE.map((b) => ({ value: b, label: b }))]}
        />
        <div class="kern-form-check">
          <input class="kern-form-check__checkbox" type="checkbox" id="abweichung" name="abweichung" value="1" checked={query.deviates} />
          <label class="kern-label" for="abweichung">
            Nur Zielvereinbarungen, deren Betrag (§ 4) von der Zuweisung abweicht
          </label>
        </div>
        <SelectField
          name="sortierung"
          label="Sortieren nach"
          value={query.sort}
          error={props.errors.sortierung}
          options={Object.entries(LIST_SORTS).map(([value, label]) => ({ value, label }))}
        />
        <SelectField
          name="richtung"
          label="Reihenfolge"
          value={query.descending ? 'ab' : 'auf'}
          error={props.errors.richtung}
          options={[
            { value: 'auf', label: 'aufsteigend (A–Z, ältestes zuerst, kleinster Betrag zuerst)' },
            { value: 'ab', label: 'absteigend (Z–A, neuestes zuerst, größter Betrag zuerst)' },
          ]}
        />
        <SubmitButton variant="secondary">Filtern</SubmitButton>
        <p class="kern-body">
          <a class="kern-link" href="/zielvereinbarungen">
            Alle Filter zurücksetzen
          </a>
        </p>
      </form>
      <p class="kern-body" role="status">
        {props.total === 0
          ? 'Es gibt keine Zielvereinbarungen, die zu dieser Auswahl passen.'
          : `${props.total} ${props.total === 1 ? 'Zielvereinbarung' : 'Zielvereinbarungen'}, Seite ${props.page} von ${props.pageCount}.`}
      </p>
      {props.total === 0 ? null : (
        <>
          <p class="kern-body">
            Diese Auswahl herunterladen:{' '}
            <a class="kern-link" href={`/zielvereinbarungen.csv${exportQuery}`} download>
              CSV
            </a>
            {' · '}
            <a class="kern-link" href={`/zielvereinbarungen.xlsx${exportQuery}`} download>
              Excel (XLSX)
            </a>
          </p>
          <div class="table-region" role="region" aria-labelledby="liste-titel" tabindex={0}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-title" id="liste-titel">
                Zielvereinbarungen ({props.total}), sortiert nach {LIST_SORTS[query.sort]} {query.descending ? 'absteigend' : 'aufsteigend'}
              </caption>
              <TableHead
                columns={['Gebietskörperschaft', 'Jahr', 'Status', { label: 'Betrag (§ 4)', numeric: true }, { label: 'Zuweisung', numeric: true }, 'Version', 'Zuletzt geändert']}
              />
              <tbody class="kern-table__body">
                {props.rows.map((item) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      <a class="kern-link" href={agreementPath(item.year, item.ags, 'status')}>
                        {item.districtName}
                      </a>
                      {item.isDemo ? <span class="demo-marker"> (Demodaten)</span> : null}
                    </th>
                    <td class="kern-table__cell">{item.year}</td>
                    <td class="kern-table__cell">{AGREEMENT_STATUS_LABELS[item.status]}</td>
                    <td class="kern-table__cell kern-table__cell--numeric">
                      {formatEuro(item.amountCents)}
                      {deviatesFromAllocation(item) ? <strong class="deviation-marker"> (weicht ab)</strong> : null}
                    </td>
                    <td class="kern-table__cell kern-table__cell--numeric">{item.allocationCents === null ? 'noch nicht festgelegt' : formatEuro(item.allocationCents)}</td>
                    <td class="kern-table__cell">{item.version}</td>
                    <td class="kern-table__cell">{formatDateTime(item.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager label="Seiten der Zielvereinbarungen" page={props.page} pageCount={props.pageCount} href={(page) => `/zielvereinbarungen${listQueryString(query, page)}`} />
        </>
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
