import { formatDate } from '../../../platform/format';
import { SelectField, SubmitButton, TextField } from '../../../ui/forms';
import type { District } from '../../districts/schema';
import { type Event, berlinParts } from '../../events/service';
import { GOOD_PRACTICE_TARGET_GROUP_LABELS, GOOD_PRACTICE_TARGET_GROUPS, LEGAL_SPHERE_FILTERS } from '../../good-practice/schema';
import type { CatalogueEntry, CatalogueFilter } from '../good-practice';
import { PortalPage } from './portal-page';

export interface CataloguePageProps {
  filter: CatalogueFilter;
  entries: CatalogueEntry[];
  years: number[];
  districts: District[];
  measureTypeLabels: readonly string[];
}

/** The public good-practice catalogue: plain GET form (works without JavaScript), one section per entry. */
export function CataloguePage(props: CataloguePageProps) {
  const { filter } = props;
  const all = [{ value: '', label: 'Alle' }];
  const filtered = Object.values(filter).some((v) => v !== undefined);
  return (
    <PortalPage title="Gute Praxis" currentPath="/portal/gute-praxis" demo={props.entries.some((e) => e.isDemo)}>
      <h1 class="kern-heading-large">Gute Praxis</h1>
      <p class="kern-body">
        Projekte aus den Gebietskörperschaften, die das Hessische Ministerium für Arbeit, Integration, Jugend und Soziales als gute Praxis ausgewählt hat – zum Nachmachen und
        Nachfragen. Jeder Eintrag verweist auf die veröffentlichte Zielvereinbarung.
      </p>
      <form method="get" action="/portal/gute-praxis" class="kern-stack-sm portal-filter" role="search" aria-label="Gute Praxis durchsuchen">
        <TextField name="q" label="Suche (Titel und Beschreibung)" value={filter.q ?? ''} type="search" maxlength={200} hint="Deutsche Volltextsuche: „Ausbildungsplatz“ findet auch „Ausbildungsplätze“." />
        <div class="portal-filter__grid">
          <SelectField name="massnahmenart" label="Maßnahmenart" value={filter.massnahmenart ?? ''} options={[...all, ...props.measureTypeLabels.map((label, i) => ({ value: String(i + 1), label: `${i + 1}. ${label}` }))]} />
          <SelectField name="zielgruppe" label="Zielgruppe" value={filter.zielgruppe ?? ''} options={[...all, ...GOOD_PRACTICE_TARGET_GROUPS.map((g) => ({ value: g, label: GOOD_PRACTICE_TARGET_GROUP_LABELS[g] }))]} />
          <SelectField name="rechtskreis" label="Rechtskreis" value={filter.rechtskreis ?? ''} options={[...all, ...LEGAL_SPHERE_FILTERS.map((r) => ({ value: r, label: r }))]} />
          <SelectField name="gk" label="Gebietskörperschaft" value={filter.gk ?? ''} options={[...all, ...props.districts.map((d) => ({ value: d.ags, label: d.officialName }))]} />
          <SelectField name="jahr" label="AQB-Jahr" value={filter.jahr ?? ''} options={[...all, ...props.years.map((y) => ({ value: String(y), label: String(y) }))]} />
        </div>
        <SubmitButton>Suchen</SubmitButton>
      </form>
      <h2 class="kern-heading-medium" id="treffer" aria-live="polite">
        {props.entries.length === 0 ? 'Keine Einträge gefunden' : `${props.entries.length} ${props.entries.length === 1 ? 'Eintrag' : 'Einträge'}${filtered ? ' gefunden' : ''}`}
      </h2>
      {props.entries.length === 0 && filtered ? (
        <p class="kern-body">
          Versuchen Sie ein anderes Wort oder{' '}
          <a class="kern-link" href="/portal/gute-praxis">
            zeigen Sie alle Einträge
          </a>
          .
        </p>
      ) : null}
      <ul class="kern-list good-practice-list">
        {props.entries.map((e) => (
          <li class="kern-stack-xs" data-entry={e.id}>
            <h3 class="kern-heading-small">
              {e.title}
              {e.isDemo ? <span class="demo-marker"> (Demodaten)</span> : null}
            </h3>
            <p class="kern-body">
              {e.districtName}, {e.year} · {props.measureTypeLabels[e.measureType - 1] ?? `Maßnahmenart ${e.measureType}`} · {e.targetGroupLabel}
              {e.legalSpheres.length ? ` · ${e.legalSpheres.join(', ')}` : ''}
            </p>
            <p class="kern-body preserve-lines">{e.summary}</p>
            <p class="kern-body">Kontakt: {e.contact}</p>
            {e.agreementHref ? (
              <p class="kern-body">
                <a class="kern-link" href={e.agreementHref}>
                  Zielvereinbarung {e.year} – {e.districtName}
                </a>
              </p>
            ) : (
              <p class="kern-body">Die Zielvereinbarung {e.year} ist noch nicht veröffentlicht.</p>
            )}
          </li>
        ))}
      </ul>
      <p class="kern-body">
        Als offene Daten:{' '}
        <a class="kern-link" href="/opendata/gute-praxis.csv">
          gute-praxis.csv
        </a>
        ,{' '}
        <a class="kern-link" href="/opendata/gute-praxis.json">
          gute-praxis.json
        </a>
      </p>
    </PortalPage>
  );
}

const time = (d: Date) => berlinParts(d).time.replace(/^0/, '');

/** The portal's list of published conferences marked public (no registrations, no materials). */
export function PublicEventsPage(props: { events: Event[] }) {
  return (
    <PortalPage title="Tagungen" currentPath="/portal/tagungen" demo={props.events.some((e) => e.isDemo)}>
      <h1 class="kern-heading-large">Tagungen zum Ausbildungs- und Qualifizierungsbudget</h1>
      <p class="kern-body">Das HMSI lädt die Gebietskörperschaften zu Tagungen ein. Angemeldet wird über die AQB-Koordination der Gebietskörperschaft.</p>
      {props.events.length === 0 ? (
        <p class="kern-body">Zurzeit ist keine Tagung angekündigt.</p>
      ) : (
        props.events.map((e) => (
          <section class="kern-stack-xs" aria-labelledby={`tagung-${e.id}`}>
            <h2 class="kern-heading-medium" id={`tagung-${e.id}`}>
              {e.title}
              {e.isDemo ? <span class="demo-marker"> (Demodaten)</span> : null}
            </h2>
            <p class="kern-body">
              {formatDate(berlinParts(e.startsAt).date)}, {time(e.startsAt)} bis {time(e.endsAt)} Uhr
            </p>
            {e.place ? <p class="kern-body">Ort: {e.place}</p> : null}
            {e.videoUrl ? <p class="kern-body">Auch als Videokonferenz.</p> : null}
            {e.agenda ? <p class="kern-body preserve-lines">{e.agenda}</p> : null}
            <p class="kern-body">
              <a class="kern-link" href={`/portal/tagungen/${e.id}/tagung.ics`}>
                Termin „{e.title}“ für den Kalender (.ics)
              </a>
            </p>
          </section>
        ))
      )}
    </PortalPage>
  );
}
