import { formatDateTime, formatEuro } from '../../../platform/format';
import { SelectField, SubmitButton } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { AGREEMENT_STATUS_LABELS } from '../status';
import type { AgreementRecord, AgreementVersionRow } from '../use-cases';
import { AgreementHeader, agreementPath } from './agreement-nav';
import { TableHead } from '../../../ui/table';

const SOURCE_LABELS: Record<string, string> = {
  draft: 'Entwurf angelegt',
  edit: 'Bearbeitet',
  transition: 'Statuswechsel',
  'signature-land': 'Unterschrift Land erfasst',
  'signature-district': 'Unterschrift Gebietskörperschaft erfasst',
  publication: 'Veröffentlicht',
  withdrawal: 'Veröffentlichung zurückgezogen',
  amendment: 'Nachtrag begonnen',
  'reference-agreement': 'Veröffentlichte Fassung (Stammdaten)',
  demo: 'Demodaten',
  import: 'Import',
};

export function VersionsPage({ record, versions, names }: { record: AgreementRecord; versions: AgreementVersionRow[]; names?: Map<number, string> }) {
  const options = versions.map((v) => ({ value: String(v.version), label: `Version ${v.version}` }));
  // Default: the first version against the current one – what changed over the whole negotiation.
  const previous = versions[0]?.version ?? record.currentVersion;
  return (
    <Page title={`Versionen – ${record.content.district.name} ${record.year}`} currentPath="/zielvereinbarungen" demo={record.isDemo}>
      <AgreementHeader title="Versionen" districtName={record.content.district.name} year={record.year} ags={record.ags} status={record.status} version={record.currentVersion} current="versionen" />
      <form method="get" action={agreementPath(record.year, record.ags, 'vergleich')} class="kern-stack-sm">
        <h2 class="kern-heading-medium">Zwei Versionen vergleichen</h2>
        <SelectField name="von" label="Ältere Version" required value={String(previous)} options={options} />
        <SelectField name="zu" label="Neuere Version" required value={String(record.currentVersion)} options={options} />
        <SubmitButton variant="secondary">Vergleichen</SubmitButton>
      </form>
      <div class="table-region" role="region" aria-labelledby="versionen-titel" tabindex={0}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id="versionen-titel">
            Alle gespeicherten Fassungen
          </caption>
          <TableHead columns={['Version', 'Gespeichert', 'Anlass', 'Status', { label: 'Betrag', numeric: true }, 'Projekte']} />
          <tbody class="kern-table__body">
            {versions.map((v) => (
              <tr class="kern-table__row">
                <th scope="row" class="kern-table__header">
                  {v.version}
                  {v.amendsVersion ? ` (Nachtrag zu ${v.amendsVersion})` : ''}
                </th>
                <td class="kern-table__cell">
                  {formatDateTime(v.createdAt)}
                  {v.createdBy ? `, ${names?.get(v.createdBy) ?? `Konto ${v.createdBy}`}` : ''}
                </td>
                <td class="kern-table__cell">{SOURCE_LABELS[v.source] ?? v.source}</td>
                <td class="kern-table__cell">{v.status ? AGREEMENT_STATUS_LABELS[v.status] : '–'}</td>
                <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(v.content.amountCents)}</td>
                <td class="kern-table__cell">{v.content.measures.reduce((n, m) => n + m.projects.length, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}
