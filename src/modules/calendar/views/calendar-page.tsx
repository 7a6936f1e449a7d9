import { formatDate, formatDateTime } from '../../../platform/format';
import { CsrfField, Notice, SelectField, SubmitButton } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { Pager } from '../../../ui/pager';
import { TableHead } from '../../../ui/table';
import type { CalendarEntry } from '../entries';
import type { FeedTokenSummary } from '../feed-tokens';

export interface CalendarPageProps {
  csrf: string;
  entries: CalendarEntry[];
  /** Entries of all pages (for the count sentence). */
  total: number;
  page: number;
  pageCount: number;
  year: number | undefined;
  years: number[];
  /** null: the district filter is not offered (district users see their own only). */
  districts: { ags: string; name: string }[] | null;
  ags: string | undefined;
  errors: { jahr?: string; gk?: string };
  canManageFeed: boolean;
  feeds: FeedTokenSummary[];
  /** The full feed URL, shown once right after it was created. */
  newFeedUrl?: string;
  notice?: string;
}

const MONTH = new Intl.DateTimeFormat('de-DE', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthKey = (iso: string) => iso.slice(0, 7);
const monthLabel = (key: string) => MONTH.format(new Date(`${key}-01T00:00:00Z`));

function groupByMonth(entries: CalendarEntry[]): [string, CalendarEntry[]][] {
  const groups = new Map<string, CalendarEntry[]>();
  for (const e of entries) {
    const key = monthKey(e.date);
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups];
}

export function calendarHref(filter: { year?: number; ags?: string; page?: number }): string {
  const q = new URLSearchParams();
  // Always present: an empty `jahr` means all years (a missing one the default year).
  q.set('jahr', filter.year === undefined ? '' : String(filter.year));
  if (filter.ags) q.set('gk', filter.ags);
  if (filter.page && filter.page > 1) q.set('seite', String(filter.page));
  const s = q.toString();
  return s ? `/kalender?${s}` : '/kalender';
}

/** GET /kalender: the dates of the AQB cycle by month, overdue ones marked in words. */
export function CalendarPage(props: CalendarPageProps) {
  const overdue = props.entries.filter((e) => e.isOverdue).length;
  return (
    <Page title="Kalender" currentPath="/kalender" demo={props.entries.some((e) => e.isDemo)}>
      <h1 class="kern-heading-large">Kalender der Fristen und Termine</h1>
      {props.notice ? <Notice title={props.notice} /> : null}
      <form method="get" action="/kalender" class="kern-stack" aria-label="Kalender filtern">
        <SelectField
          name="jahr"
          label="AQB-Jahr"
          value={props.year === undefined ? '' : String(props.year)}
          error={props.errors.jahr}
          options={[{ value: '', label: 'Alle Jahre' }, ...props.years.map((y) => ({ value: String(y), label: String(y) }))]}
        />
        {props.districts ? (
          <SelectField
            name="gk"
            label="Gebietskörperschaft"
            value={props.ags ?? ''}
            error={props.errors.gk}
            options={[{ value: '', label: 'Alle Gebietskörperschaften' }, ...props.districts.map((d) => ({ value: d.ags, label: d.name }))]}
          />
        ) : null}
        <SubmitButton variant="secondary">Anzeigen</SubmitButton>
      </form>

      {props.total === 0 ? (
        <p class="kern-body" data-empty="kalender">
          Für diese Auswahl gibt es keine Termine. Termine entstehen, sobald ein AQB-Jahr angelegt ist und Mittelankündigungen, Zielvereinbarungen oder Anträge vorliegen.
        </p>
      ) : (
        <>
          <p class="kern-body">
            {props.total === 1 ? 'Ein Termin' : `${props.total} Termine`}
            {overdue > 0 ? `, davon auf dieser Seite ${overdue} überfällig` : ''}.
          </p>
          {groupByMonth(props.entries).map(([key, entries]) => (
            <section aria-labelledby={`monat-${key}`}>
              <h2 class="kern-heading-medium" id={`monat-${key}`}>
                {monthLabel(key)}
              </h2>
              <div class="table-region" role="region" aria-labelledby={`monat-${key}`} tabindex={0}>
              <table class="kern-table">
                <caption class="visually-hidden">Termine im {monthLabel(key)}</caption>
                <TableHead columns={['Datum', 'Termin', 'Gebietskörperschaft', 'Stand']} />
                <tbody>
                  {entries.map((e) => (
                    <tr class="kern-table__row" data-entry={e.id} data-overdue={e.isOverdue ? 'true' : undefined}>
                      <td class="kern-table__cell">{formatDate(e.date)}</td>
                      <td class="kern-table__cell">
                        <a class="kern-link" href={e.href}>
                          {e.title}
                        </a>
                        {e.isDemo ? <span class="demo-marker"> (Demodaten)</span> : null}
                      </td>
                      <td class="kern-table__cell">{e.districtName}</td>
                      <td class="kern-table__cell">
                        {e.isOverdue ? <strong>Überfällig – </strong> : null}
                        {e.statusText}
                        {e.isDeadline && !e.isDone && !e.isOverdue ? ` (Frist ${formatDate(e.date)})` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              </div>
            </section>
          ))}
          <Pager label="Seiten des Kalenders" page={props.page} pageCount={props.pageCount} href={(page) => calendarHref({ year: props.year, ags: props.ags, page })} />
        </>
      )}

      {props.canManageFeed ? (
        <section aria-labelledby="abonnieren" id="ical">
          <h2 class="kern-heading-medium" id="abonnieren">
            Kalender abonnieren (iCal)
          </h2>
          <p class="kern-body">
            Mit einer persönlichen, geheimen Adresse können Sie diese Termine in Ihr Kalenderprogramm übernehmen. Der Kalender zeigt dort dasselbe wie hier für Ihr Konto, für alle AQB-Jahre.
            Wer die Adresse kennt, sieht die Termine ohne Anmeldung: Geben Sie sie nicht weiter und widerrufen Sie sie, wenn sie bekannt geworden ist.
          </p>
          {props.newFeedUrl ? (
            <Notice title="Die Kalender-Adresse wurde erstellt.">
              <p class="kern-body">Diese Adresse wird nur jetzt angezeigt. Tragen Sie sie in Ihrem Kalenderprogramm als Abonnement ein:</p>
              <p class="kern-body">
                <code class="portal-hash" data-feed-url>{props.newFeedUrl}</code>
              </p>
            </Notice>
          ) : null}
          {props.feeds.length === 0 ? (
            <p class="kern-body">Sie haben noch keine Kalender-Adresse.</p>
          ) : (
            <ul class="kern-stack-sm" aria-label="Ihre Kalender-Adressen">
              {props.feeds.map((f) => (
                <li>
                  <span class="kern-body">
                    Adresse {f.hint}, erstellt am {formatDateTime(f.createdAt)} –{' '}
                  </span>
                  <a class="kern-link" href={`/kalender/ical/${f.id}/widerrufen`}>
                    Widerrufen<span class="visually-hidden"> (Adresse {f.hint})</span>
                  </a>
                </li>
              ))}
            </ul>
          )}
          <form method="post" action="/kalender/ical" class="kern-stack">
            <CsrfField token={props.csrf} />
            <SubmitButton variant="secondary">Neue Kalender-Adresse erstellen</SubmitButton>
          </form>
        </section>
      ) : null}
    </Page>
  );
}

/** "Really revoke?" before the feed address stops working. */
export function RevokeFeedPage(props: { csrf: string; feed: FeedTokenSummary }) {
  return (
    <Page title="Kalender-Adresse widerrufen" currentPath="/kalender">
      <h1 class="kern-heading-large">Kalender-Adresse widerrufen</h1>
      <p class="kern-body">
        Wollen Sie die Kalender-Adresse {props.feed.hint} (erstellt am {formatDateTime(props.feed.createdAt)}) widerrufen? Kalenderprogramme, die sie abonniert haben, erhalten danach keine Termine mehr. Das lässt sich
        nicht rückgängig machen; Sie können aber jederzeit eine neue Adresse erstellen.
      </p>
      <form method="post" action={`/kalender/ical/${props.feed.id}/widerrufen`} class="kern-stack">
        <CsrfField token={props.csrf} />
        <SubmitButton>Ja, widerrufen</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href="/kalender#ical">
          Abbrechen und zurück
        </a>
      </p>
    </Page>
  );
}
