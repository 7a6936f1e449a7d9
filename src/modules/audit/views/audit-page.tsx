import type { ChainVerification } from '../../../platform/audit/chain';
import type { AuditEvent } from '../../../platform/audit/store';
import { formatDateTime } from '../../../platform/format';
import { ErrorSummary, Notice, SelectField, SubmitButton, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import { type AuditFilterForm, filterQuery } from '../filter';
import { auditActionLabel, auditRecordTypeLabel, changedFields, knownAuditActions, knownAuditRecordTypes } from '../labels';

const MAX_SHOWN = 160;
const clip = (text: string) => (text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text);

function Changes({ event }: { event: AuditEvent }) {
  const fields = changedFields(event.before, event.after);
  if (fields.length === 0) return <span>–</span>;
  return (
    <ul class="kern-list audit-changes">
      {fields.map((f) => (
        <li>
          {f.field ? <strong>{f.field}: </strong> : null}
          <code class="secret">{clip(f.before)}</code> → <code class="secret">{clip(f.after)}</code>
        </li>
      ))}
    </ul>
  );
}

const FILTER_LABELS = { art: 'Datensatz', datensatz: 'Kennung', person: 'Person', aktion: 'Aktion', von: 'Von', bis: 'Bis' };

export function AuditPage(props: {
  events: AuditEvent[];
  verification: ChainVerification;
  actorNames: Map<number, string>;
  people: Array<{ id: number; name: string }>;
  form: AuditFilterForm;
  errors: Record<string, string>;
  olderHref: string | null;
  isFirstPage: boolean;
}) {
  const { verification, form } = props;
  const actorName = (e: AuditEvent) => (e.actorId === null ? 'System' : (props.actorNames.get(Number(e.actorId)) ?? `Konto ${e.actorId}`));
  const filtered = Object.values(form).some(Boolean);
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
      <ErrorSummary errors={props.errors} labels={FILTER_LABELS} />
      <form method="get" action="/admin/protokoll" class="kern-stack-sm" role="search" aria-label="Protokoll filtern">
        <SelectField name="art" label="Datensatz" value={form.art} options={[{ value: '', label: 'Alle Datensätze' }, ...knownAuditRecordTypes()]} />
        <TextField name="datensatz" label="Kennung des Datensatzes" value={form.datensatz} maxlength={120} hint="Zum Beispiel die Nummer einer Zielvereinbarung oder eines Kontos." />
        <SelectField
          name="person"
          label="Person"
          value={form.person}
          error={props.errors.person}
          options={[{ value: '', label: 'Alle Personen' }, { value: 'system', label: 'System (ohne Person)' }, ...props.people.map((p) => ({ value: String(p.id), label: p.name }))]}
        />
        <SelectField name="aktion" label="Aktion" value={form.aktion} options={[{ value: '', label: 'Alle Aktionen' }, ...knownAuditActions()]} />
        <TextField name="von" label="Von" type="date" value={form.von} error={props.errors.von} hint="TT.MM.JJJJ" />
        <TextField name="bis" label="Bis" type="date" value={form.bis} error={props.errors.bis} hint="TT.MM.JJJJ, einschließlich" />
        <div class="kern-cluster">
          <SubmitButton variant="secondary">Filtern</SubmitButton>
          {filtered ? (
            <a class="kern-link" href="/admin/protokoll">
              Filter zurücksetzen
            </a>
          ) : null}
        </div>
      </form>
      {Object.keys(props.errors).length === 0 ? (
        <p class="kern-body">
          <a class="kern-link" href={`/admin/protokoll.csv${filterQuery(form) ? `?${filterQuery(form)}` : ''}`} download>
            Auswahl als CSV herunterladen
          </a>{' '}
          (bis zu 10.000 Ereignisse, neueste zuerst)
        </p>
      ) : null}
      {props.events.length === 0 ? (
        <p class="kern-body">{filtered ? 'Keine Ereignisse passen zu diesem Filter.' : 'Es sind noch keine Ereignisse protokolliert.'}</p>
      ) : (
        <div class="table-region" role="region" aria-labelledby="protokoll-tabelle" tabindex={0}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-title" id="protokoll-tabelle">
              {filtered ? 'Gefilterte Ereignisse' : 'Neueste Ereignisse'}
              {props.isFirstPage ? '' : ' (ältere Seite)'}
            </caption>
            <TableHead columns={['Nr.', 'Zeitpunkt', 'Wer', 'Aktion', 'Datensatz', 'Geänderte Felder']} />
            <tbody class="kern-table__body">
              {props.events.map((e) => (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    {e.sequence}
                  </th>
                  <td class="kern-table__cell">{formatDateTime(new Date(e.at))}</td>
                  <td class="kern-table__cell">{actorName(e)}</td>
                  <td class="kern-table__cell">
                    {auditActionLabel(e.action)}
                    <br />
                    <code>{e.action}</code>
                  </td>
                  <td class="kern-table__cell">
                    {auditRecordTypeLabel(e.recordType)}
                    {e.recordId === null ? '' : ` ${e.recordId}`}
                  </td>
                  <td class="kern-table__cell">
                    <Changes event={e} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Seiten des Protokolls" class="kern-cluster">
        {props.isFirstPage ? null : (
          <a class="kern-link" href={`/admin/protokoll${filterQuery(form) ? `?${filterQuery(form)}` : ''}`}>
            Neueste Ereignisse
          </a>
        )}
        {props.olderHref ? (
          <a class="kern-link" href={props.olderHref}>
            Ältere Ereignisse
          </a>
        ) : null}
      </nav>
    </Page>
  );
}
