import { formatDateTime } from '../../../platform/format';
import { CsrfField, ErrorSummary, Notice, SelectField, SubmitButton } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { Pager } from '../../../ui/pager';
import { TableHead } from '../../../ui/table';
import { OUTBOX_STATUS_LABELS, type OutboxRow, type OutboxStatus } from '../../../platform/outbox/outbox';

const KIND_LABELS: Record<string, string> = { erinnerung: 'Erinnerung', tagesuebersicht: 'Tagesübersicht' };
const STATUS_OPTIONS: { value: '' | OutboxStatus; label: string }[] = [
  { value: '', label: 'alle' },
  { value: 'wartend', label: 'wartend' },
  { value: 'gesendet', label: 'gesendet' },
  { value: 'fehlgeschlagen', label: 'fehlgeschlagen' },
];

export interface OutboxPageProps {
  rows: OutboxRow[];
  total: number;
  page: number;
  pageCount: number;
  status: OutboxStatus | undefined;
  counts: Record<OutboxStatus, number>;
  smtpConfigured: boolean;
  notice?: string;
  error?: string;
}

const hrefFor = (status: OutboxStatus | undefined, page: number) => {
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (page > 1) params.set('seite', String(page));
  const query = params.toString();
  return `/admin/postausgang${query ? `?${query}` : ''}`;
};

export function OutboxPage(props: OutboxPageProps) {
  return (
    <Page title="Postausgang" currentPath="/admin/postausgang">
      <h1 class="kern-heading-large">Postausgang</h1>
      {props.notice ? <Notice title={props.notice} /> : null}
      <ErrorSummary errors={{ status: props.error }} labels={{ status: 'Status' }} />
      {props.smtpConfigured ? null : (
        <Notice kind="warning" title="Kein Mailserver eingerichtet">
          <p class="kern-body">Ohne SMTP_URL bleiben alle Mails hier im Postausgang (Status „wartend“) und werden gesendet, sobald ein Mailserver eingerichtet ist.</p>
        </Notice>
      )}
      <p class="kern-body">
        Wartend: {props.counts.wartend} · Gesendet: {props.counts.gesendet} · Fehlgeschlagen: {props.counts.fehlgeschlagen}. Mails werden im Hintergrund gesendet; nach einem
        Fehler wird es mit wachsendem Abstand erneut versucht, nach dem letzten Versuch gilt die Mail als fehlgeschlagen.
      </p>
      <form method="get" action="/admin/postausgang" class="kern-stack-sm">
        <SelectField name="status" label="Status" value={props.status ?? ''} error={props.error} options={STATUS_OPTIONS} />
        <SubmitButton variant="secondary">Anzeigen</SubmitButton>
      </form>
      {props.rows.length === 0 ? (
        <p class="kern-body">Keine Mails{props.status ? ` im Status „${OUTBOX_STATUS_LABELS[props.status]}“` : ''}.</p>
      ) : (
        <div class="table-region" role="region" aria-labelledby="postausgang-tabelle" tabindex={0}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-title" id="postausgang-tabelle">
              {props.total} {props.total === 1 ? 'Mail' : 'Mails'}, neueste zuerst (Seite {props.page} von {props.pageCount})
            </caption>
            <TableHead columns={['Nr.', 'Erstellt', 'An', 'Betreff', 'Art', 'Status', 'Versuche', 'Gesendet / nächster Versuch', 'Letzter Fehler', 'Aktion']} />
            <tbody class="kern-table__body">
              {props.rows.map((m) => (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    {m.id}
                  </th>
                  <td class="kern-table__cell">{formatDateTime(m.createdAt)}</td>
                  <td class="kern-table__cell">{m.recipient}</td>
                  <td class="kern-table__cell">{m.subject}</td>
                  <td class="kern-table__cell">{KIND_LABELS[m.kind] ?? m.kind}</td>
                  <td class="kern-table__cell">{OUTBOX_STATUS_LABELS[m.status]}</td>
                  <td class="kern-table__cell">{m.attempts}</td>
                  <td class="kern-table__cell">{m.status === 'gesendet' && m.sentAt ? `gesendet ${formatDateTime(m.sentAt)}` : m.status === 'wartend' ? `ab ${formatDateTime(m.nextAttemptAt)}` : '–'}</td>
                  <td class="kern-table__cell">{m.lastError ?? '–'}</td>
                  <td class="kern-table__cell">
                    {m.status === 'fehlgeschlagen' ? (
                      <a class="kern-link" href={`/admin/postausgang/${m.id}/erneut-senden`} aria-label={`Mail ${m.id} erneut senden`}>
                        Erneut senden
                      </a>
                    ) : (
                      '–'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager label="Seiten des Postausgangs" page={props.page} pageCount={props.pageCount} href={(p) => hrefFor(props.status, p)} />
    </Page>
  );
}

/** The question before "erneut senden". */
export function RetryMailPage(props: { csrf: string; mail: OutboxRow }) {
  return (
    <Page title="Mail erneut senden" currentPath="/admin/postausgang">
      <h1 class="kern-heading-large">Mail {props.mail.id} erneut senden?</h1>
      <p class="kern-body">
        An {props.mail.recipient}: „{props.mail.subject}“. Sie ist nach {props.mail.attempts} Versuchen fehlgeschlagen (letzter Fehler: {props.mail.lastError ?? 'unbekannt'}). Sie wird
        wieder in die Warteschlange gestellt und mit derselben Message-ID gesendet; die Versuche beginnen von vorn.
      </p>
      <form method="post" action={`/admin/postausgang/${props.mail.id}/erneut-senden`} class="kern-stack-sm">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(props.mail.version)} />
        <SubmitButton>Erneut senden</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href="/admin/postausgang?status=fehlgeschlagen">
          Abbrechen
        </a>
      </p>
    </Page>
  );
}
