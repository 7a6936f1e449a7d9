import type { ChainVerification } from '../../../platform/audit/chain';
import { formatDateTime } from '../../../platform/format';
import { Notice } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import type { AuditEvent } from '../../../platform/audit/store';
import { TableHead } from '../../../ui/table';

function summary(value: unknown): string {
  if (value === null || value === undefined) return '–';
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

export function AuditPage(props: {
  events: AuditEvent[];
  verification: ChainVerification;
  actorNames: Map<number, string>;
  olderHref: string | null;
}) {
  const { verification } = props;
  return (
    <Page title="Audit-Protokoll" currentPath="/admin/protokoll">
      <h1 class="kern-heading-large">Audit-Protokoll</h1>
      {verification.ok ? (
        <Notice title={`Hash-Kette intakt: ${verification.count} Ereignisse`}>
          <p class="kern-body kern-body--small">
            Letzter Hash: <code class="secret">{verification.headHash}</code>
          </p>
        </Notice>
      ) : (
        <Notice kind="danger" title={`Hash-Kette beschädigt ab Ereignis ${verification.brokenAt}`}>
          <p class="kern-body">{verification.reason}</p>
        </Notice>
      )}
      {props.events.length === 0 ? (
        <p class="kern-body">Es sind noch keine Ereignisse protokolliert.</p>
      ) : (
        <div class="table-region" role="region" aria-labelledby="protokoll-tabelle" tabindex={0}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-title" id="protokoll-tabelle">
              Neueste Ereignisse
            </caption>
            <TableHead columns={['Nr.', 'Zeitpunkt', 'Wer', 'Aktion', 'Datensatz', 'Vorher', 'Nachher']} />
            <tbody class="kern-table__body">
              {props.events.map((e) => (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    {e.sequence}
                  </th>
                  <td class="kern-table__cell">{formatDateTime(new Date(e.at))}</td>
                  <td class="kern-table__cell">{e.actorId === null ? 'System' : (props.actorNames.get(Number(e.actorId)) ?? `Konto ${e.actorId}`)}</td>
                  <td class="kern-table__cell">
                    <code>{e.action}</code>
                  </td>
                  <td class="kern-table__cell">
                    {e.recordType}
                    {e.recordId === null ? '' : ` ${e.recordId}`}
                  </td>
                  <td class="kern-table__cell">
                    <code class="secret">{summary(e.before)}</code>
                  </td>
                  <td class="kern-table__cell">
                    <code class="secret">{summary(e.after)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.olderHref ? (
        <p class="kern-body">
          <a class="kern-link" href={props.olderHref}>
            Ältere Ereignisse
          </a>
        </p>
      ) : null}
    </Page>
  );
}
