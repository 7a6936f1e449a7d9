import { CsrfField, ErrorSummary, type FieldErrors, Notice, SubmitButton, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import type { Provider } from '../schema';
import { providersPath } from './project-pages';

export interface ProviderFormValues {
  name: string;
  address: string;
}

export interface ProviderListProps {
  ags: string;
  districtName: string;
  providers: Array<Provider & { projectCount: number }>;
  canEdit: boolean;
  csrf: string;
  values: ProviderFormValues;
  errors?: FieldErrors;
  notice?: string;
  page: number;
  pageSize: number;
  /** The latest AQB year, for the link back to the projects. */
  year: number | null;
}

export function ProviderListPage(props: ProviderListProps) {
  const demo = props.providers.some((p) => p.isDemo);
  const pages = Math.max(1, Math.ceil(props.providers.length / props.pageSize));
  const page = Math.min(props.page, pages);
  const shown = props.providers.slice((page - 1) * props.pageSize, page * props.pageSize);
  return (
    <Page title={`Träger – ${props.districtName}`} currentPath="/projekte" demo={demo}>
      <h1 class="kern-heading-large">Träger</h1>
      <p class="kern-body">
        Die Bildungs- und Beschäftigungsträger von {props.districtName} (AGS {props.ags}), an die die Gebietskörperschaft Mittel weitergibt. Die Liste gilt für alle
        AQB-Jahre.
        {props.year !== null ? (
          <>
            {' '}
            <a class="kern-link" href={`/projekte/${props.year}/${props.ags}`}>
              Zu den Projekten {props.year}
            </a>
          </>
        ) : null}
      </p>
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.providers.length === 0 ? (
        <p class="kern-body">Es sind noch keine Träger erfasst.{props.canEdit ? ' Legen Sie unten den ersten an oder wählen Sie „Neuer Träger“ im Projektformular.' : ''}</p>
      ) : (
        <>
          <div class="table-region" role="region" aria-labelledby="traeger-titel" tabindex={0}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-title" id="traeger-titel">
                Träger ({props.providers.length}){pages > 1 ? `, Seite ${page} von ${pages}` : ''}
              </caption>
              <TableHead columns={['Name', 'Anschrift', { label: 'Projekte', numeric: true }, ...(props.canEdit ? ['Aktion'] : [])]} />
              <tbody class="kern-table__body">
                {shown.map((p) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      {p.name}
                      {p.isDemo ? <span class="demo-marker"> (Demodaten)</span> : null}
                    </th>
                    <td class="kern-table__cell">{p.address || 'nicht angegeben'}</td>
                    <td class="kern-table__cell kern-table__cell--numeric">{p.projectCount}</td>
                    {props.canEdit ? (
                      <td class="kern-table__cell">
                        <a class="kern-link" href={`${providersPath(props.ags)}/${p.id}/bearbeiten`}>
                          Bearbeiten<span class="visually-hidden">: {p.name}</span>
                        </a>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 ? (
            <nav aria-label="Seiten der Trägerliste">
              <ul class="agreement-subnav">
                {Array.from({ length: pages }, (_v, i) => i + 1).map((n) => (
                  <li>
                    <a class="kern-link" href={`${providersPath(props.ags)}?seite=${n}`} aria-current={n === page ? 'page' : undefined}>
                      Seite {n}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </>
      )}
      {props.canEdit ? (
        <section aria-labelledby="neu-traeger" class="kern-stack-sm">
          <h2 class="kern-heading-medium" id="neu-traeger">
            Träger hinzufügen
          </h2>
          <form method="post" action={providersPath(props.ags)} class="kern-stack-sm" novalidate>
            <ErrorSummary errors={props.errors ?? {}} />
            <CsrfField token={props.csrf} />
            <TextField name="name" label="Name" required value={props.values.name} error={props.errors?.name} maxlength={200} />
            <TextField name="anschrift" label="Anschrift" value={props.values.address} error={props.errors?.anschrift} maxlength={300} hint="Straße, Hausnummer, Postleitzahl und Ort" />
            <SubmitButton>Träger hinzufügen</SubmitButton>
          </form>
        </section>
      ) : null}
    </Page>
  );
}

export function ProviderEditPage(props: { ags: string; districtName: string; provider: Provider; csrf: string; values: ProviderFormValues; baseVersion: number; errors?: FieldErrors; conflict?: string }) {
  return (
    <Page title={`Träger bearbeiten – ${props.provider.name}`} currentPath="/projekte" demo={props.provider.isDemo}>
      <h1 class="kern-heading-large">Träger bearbeiten</h1>
      <p class="kern-body">
        {props.districtName}. Die Änderung gilt für alle Projekte aller Jahre, die diesen Träger nennen.{' '}
        <a class="kern-link" href={providersPath(props.ags)}>
          Abbrechen und zurück zur Trägerliste
        </a>
      </p>
      {props.conflict ? (
        <Notice kind="danger" title="Speicherkonflikt: nichts wurde überschrieben">
          <p class="kern-body">{props.conflict}</p>
        </Notice>
      ) : null}
      <form method="post" action={`${providersPath(props.ags)}/${props.provider.id}/bearbeiten`} class="kern-stack-sm" novalidate>
        <ErrorSummary errors={props.errors ?? {}} />
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(props.baseVersion)} />
        <TextField name="name" label="Name" required value={props.values.name} error={props.errors?.name} maxlength={200} />
        <TextField name="anschrift" label="Anschrift" value={props.values.address} error={props.errors?.anschrift} maxlength={300} />
        <SubmitButton>Speichern</SubmitButton>
      </form>
    </Page>
  );
}
