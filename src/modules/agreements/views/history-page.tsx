import { formatDateTime } from '../../../platform/format';
import { Page } from '../../../ui/layout';
import type { AgreementRecord } from '../use-cases';
import { AgreementHeader } from './agreement-nav';
import { TableHead } from '../../../ui/table';
import { auditActionLabel } from '../../audit/service';

export interface HistoryEvent {
  sequence: number;
  at: Date | string;
  actorId: string | null;
  action: string;
  after: unknown;
}


function versionOf(after: unknown): string {
  const version = (after as { version?: unknown } | null)?.version;
  return typeof version === 'number' ? String(version) : '–';
}

export function HistoryPage({ record, events, names }: { record: AgreementRecord; events: HistoryEvent[]; names?: Map<number, string> }) {
  return (
    <Page title={`Verlauf – ${record.content.district.name} ${record.year}`} currentPath="/zielvereinbarungen" demo={record.isDemo}>
      <AgreementHeader title="Verlauf" districtName={record.content.district.name} year={record.year} ags={record.ags} status={record.status} version={record.currentVersion} current="verlauf" />
      {events.length === 0 ? (
        <p class="kern-body">Für diese Zielvereinbarung sind noch keine Änderungen protokolliert (sie stammt aus den Stammdaten).</p>
      ) : (
        <div class="table-region" role="region" aria-labelledby="verlauf-titel" tabindex={0}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-title" id="verlauf-titel">
              Protokollierte Änderungen
            </caption>
            <TableHead columns={['Zeitpunkt', 'Aktion', 'Benutzer', 'Version danach']} />
            <tbody class="kern-table__body">
              {events.map((e) => (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">{formatDateTime(new Date(e.at))}</th>
                  <td class="kern-table__cell">{auditActionLabel(e.action)}</td>
                  <td class="kern-table__cell">{e.actorId ? (names?.get(Number(e.actorId)) ?? `Konto ${e.actorId}`) : 'System'}</td>
                  <td class="kern-table__cell">{versionOf(e.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
