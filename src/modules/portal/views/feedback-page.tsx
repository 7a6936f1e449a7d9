import { formatDateTime } from '../../../platform/format';
import { CsrfField, type FieldErrors, Notice, SubmitButton, TextArea } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import type { Feedback } from '../service';

export interface FeedbackPageProps {
  rows: Feedback[];
  total: number;
  open: number;
  page: number;
  pageSize: number;
  csrf: string;
  names: Map<number, string>;
  saved?: boolean;
  /** A failed answer: the message id, the typed text and the field error. */
  failed?: { id: number; answer: string; errors: FieldErrors };
}

/**
 * GET /admin/rueckmeldungen: the accessibility feedback sent from /barrierefreiheit, for the staff
 * who must act on it (HessBGG). Unanswered first; each message can be answered (or a note on what
 * was done recorded).
 */
export function FeedbackPage(props: FeedbackPageProps) {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  return (
    <Page title="Rückmeldungen zur Barrierefreiheit" currentPath="/admin/rueckmeldungen">
      <h1 class="kern-heading-large">Rückmeldungen zur Barrierefreiheit</h1>
      <p class="kern-body">
        Über das Formular der Erklärung zur Barrierefreiheit gesendete Hinweise. {props.open === 0 ? 'Alle sind beantwortet.' : `${props.open} ${props.open === 1 ? 'ist' : 'sind'} noch offen.`}
      </p>
      {props.saved ? <Notice title="Die Antwort wurde gespeichert." /> : null}
      {props.rows.length === 0 ? (
        <p class="kern-body">Es ist noch keine Rückmeldung eingegangen.</p>
      ) : (
        <ol class="feedback-list kern-stack-md" aria-label="Rückmeldungen">
          {props.rows.map((row) => {
            const failed = props.failed?.id === row.id ? props.failed : undefined;
            return (
              <li class="kern-stack-sm">
                <article aria-labelledby={`rueckmeldung-${row.id}`} class="kern-stack-sm">
                  <h2 class="kern-heading-small" id={`rueckmeldung-${row.id}`}>
                    Rückmeldung vom {formatDateTime(row.createdAt)} {row.answeredAt ? '(beantwortet)' : '(offen)'}
                  </h2>
                  <p class="kern-body feedback-message">{row.message}</p>
                  <dl class="kern-description-list">
                    <div class="kern-description-list-item">
                      <dt class="kern-description-list-item__key">Betroffene Seite</dt>
                      <dd class="kern-description-list-item__value">{row.pageUrl ?? 'nicht angegeben'}</dd>
                    </div>
                    <div class="kern-description-list-item">
                      <dt class="kern-description-list-item__key">Kontakt für die Antwort</dt>
                      <dd class="kern-description-list-item__value">{row.contact ?? 'keiner angegeben'}</dd>
                    </div>
                    {row.answeredAt ? (
                      <div class="kern-description-list-item">
                        <dt class="kern-description-list-item__key">Antwort</dt>
                        <dd class="kern-description-list-item__value">
                          {row.answer} ({formatDateTime(row.answeredAt)}, {row.answeredBy === null ? 'unbekannt' : (props.names.get(row.answeredBy) ?? `Konto ${row.answeredBy}`)})
                        </dd>
                      </div>
                    ) : null}
                  </dl>
                  <form method="post" action={`/admin/rueckmeldungen/${row.id}`} class="kern-stack-sm" novalidate>
                    <CsrfField token={props.csrf} />
                    <TextArea
                      name="answer"
                      id={`antwort-${row.id}`}
                      label={row.answeredAt ? 'Antwort ändern' : 'Antwort oder Vermerk, was veranlasst wurde'}
                      hint={row.contact ? 'Senden Sie die Antwort an den angegebenen Kontakt und halten Sie sie hier fest.' : 'Ohne Kontakt: Vermerken Sie, was veranlasst wurde.'}
                      rows={4}
                      required
                      value={failed?.answer ?? ''}
                      error={failed?.errors.answer}
                    />
                    <SubmitButton variant="secondary">Antwort speichern</SubmitButton>
                  </form>
                </article>
              </li>
            );
          })}
        </ol>
      )}
      {pages > 1 ? (
        <nav aria-label="Seiten der Rückmeldungen">
          <p class="kern-body">
            Seite {props.page} von {pages}
            {props.page > 1 ? (
              <>
                {' '}
                <a class="kern-link" href={`/admin/rueckmeldungen?seite=${props.page - 1}`}>
                  Vorherige Seite
                </a>
              </>
            ) : null}
            {props.page < pages ? (
              <>
                {' '}
                <a class="kern-link" href={`/admin/rueckmeldungen?seite=${props.page + 1}`}>
                  Nächste Seite
                </a>
              </>
            ) : null}
          </p>
        </nav>
      ) : null}
    </Page>
  );
}
