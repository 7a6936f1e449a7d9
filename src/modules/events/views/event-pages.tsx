import { formatDate, formatDateTime } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SubmitButton, TextArea, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import { EVENT_STATUS_LABELS, type Event, MATERIAL_KIND_LABELS, type Material, MAX_PEOPLE_PER_DISTRICT, NEEDS_PURPOSE, type Registration } from '../schema';
import { berlinParts } from '../time';

export const eventsPath = '/tagungen';
export const eventPath = (id: number) => `/tagungen/${id}`;

const time = (d: Date) => berlinParts(d).time.replace(/^0/, '');
/** "Mittwoch, 17.3.2027, 9:30 bis 16:00 Uhr" */
export function eventWhen(event: Pick<Event, 'startsAt' | 'endsAt'>): string {
  const day = berlinParts(event.startsAt).date;
  const weekday = new Intl.DateTimeFormat('de-DE', { weekday: 'long', timeZone: 'Europe/Berlin' }).format(event.startsAt);
  return `${weekday}, ${formatDate(day)}, ${time(event.startsAt)} bis ${time(event.endsAt)} Uhr`;
}
const free = (e: Event) => Math.max(0, e.capacity - e.registeredPeople);
const size = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} MB`;

function Checkbox({ name, label, checked, hint }: { name: string; label: string; checked: boolean; hint?: string }) {
  const id = `feld-${name}`;
  return (
    <div class="kern-form-check">
      <input class="kern-form-check__checkbox" type="checkbox" id={id} name={name} value="1" checked={checked} aria-describedby={hint ? `${id}-hinweis` : undefined} />
      <label class="kern-label" for={id}>
        {label}
      </label>
      {hint ? (
        <p class="kern-hint" id={`${id}-hinweis`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function EventListPage(props: { events: Event[]; canManage: boolean; notice?: string }) {
  return (
    <Page title="Tagungen" currentPath={eventsPath} demo={props.events.some((e) => e.isDemo)}>
      <h1 class="kern-heading-large">Tagungen</h1>
      <p class="kern-body">
        Tagungen des HMSI nach § 7 der Zielvereinbarungen: Erfahrungen austauschen, gute Praxis finden, neue Impulse setzen. Die Gebietskörperschaften melden sich hier an; nach der
        Tagung finden Sie hier Materialien und Protokoll.
      </p>
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.canManage ? (
        <p class="kern-body">
          <a class="kern-btn kern-btn--secondary" href={`${eventsPath}/neu`}>
            <span class="kern-label">Neue Tagung anlegen</span>
          </a>
        </p>
      ) : null}
      {props.events.length === 0 ? (
        <p class="kern-body">Es gibt noch keine Tagung.</p>
      ) : (
        <div class="table-region" role="region" aria-labelledby="tagungen-titel" tabindex={0}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-title" id="tagungen-titel">
              Tagungen ({props.events.length})
            </caption>
            <TableHead columns={['Tagung', 'Termin', 'Ort', 'Anmeldeschluss', { label: 'Freie Plätze', numeric: true }, 'Status']} />
            <tbody class="kern-table__body">
              {props.events.map((e) => (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    <a class="kern-link" href={eventPath(e.id)}>
                      {e.title}
                    </a>
                    {e.isDemo ? <span class="demo-marker"> (Demodaten)</span> : null}
                  </th>
                  <td class="kern-table__cell">{eventWhen(e)}</td>
                  <td class="kern-table__cell">{e.place || 'Online (Videokonferenz)'}</td>
                  <td class="kern-table__cell">{formatDate(e.registrationDeadline)}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">
                    {free(e)} von {e.capacity}
                  </td>
                  <td class="kern-table__cell">{EVENT_STATUS_LABELS[e.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

export interface EventFormValues {
  title: string;
  date: string;
  startTime: string;
  endTime: string;
  place: string;
  videoUrl: string;
  agenda: string;
  capacity: string;
  registrationDeadline: string;
  isPublic: boolean;
}

export function eventFormValues(event?: Event): EventFormValues {
  if (!event) return { title: '', date: '', startTime: '', endTime: '', place: '', videoUrl: '', agenda: '', capacity: '', registrationDeadline: '', isPublic: false };
  const start = berlinParts(event.startsAt);
  return {
    title: event.title,
    date: formatDate(start.date),
    startTime: start.time,
    endTime: berlinParts(event.endsAt).time,
    place: event.place,
    videoUrl: event.videoUrl,
    agenda: event.agenda,
    capacity: String(event.capacity),
    registrationDeadline: formatDate(event.registrationDeadline),
    isPublic: event.isPublic,
  };
}

export function EventFormPage(props: { event?: Event; values: EventFormValues; errors?: FieldErrors; csrf: string; conflict?: string }) {
  const v = props.values;
  const e = props.errors ?? {};
  const action = props.event ? `${eventPath(props.event.id)}/bearbeiten` : `${eventsPath}/neu`;
  return (
    <Page title={props.event ? `Tagung bearbeiten – ${props.event.title}` : 'Neue Tagung'} currentPath={eventsPath}>
      <h1 class="kern-heading-large">{props.event ? 'Tagung bearbeiten' : 'Neue Tagung'}</h1>
      {props.conflict ? <Notice kind="danger" title={props.conflict} /> : null}
      <form method="post" action={action} class="kern-stack-sm" novalidate>
        <ErrorSummary errors={e} />
        <CsrfField token={props.csrf} />
        {props.event ? <input type="hidden" name="version" value={String(props.event.version)} /> : null}
        <TextField name="titel" label="Titel" required value={v.title} error={e.titel} maxlength={200} />
        <TextField name="datum" label="Tag" required value={v.date} error={e.datum} hint="z. B. 10.6.2026" />
        <TextField name="beginn" label="Beginn (Uhrzeit)" required value={v.startTime} error={e.beginn} hint="z. B. 9:30" inputmode="numeric" maxlength={5} />
        <TextField name="ende" label="Ende (Uhrzeit)" required value={v.endTime} error={e.ende} hint="z. B. 16:00" inputmode="numeric" maxlength={5} />
        <TextField name="ort" label="Ort (Anschrift)" value={v.place} error={e.ort} hint="Ort oder Videolink oder beides" maxlength={300} />
        <TextField name="videolink" label="Videolink" type="url" value={v.videoUrl} error={e.videolink} hint="Beginnt mit https://" maxlength={500} />
        <TextArea name="programm" label="Programm" value={v.agenda} error={e.programm} rows={8} maxlength={5000} />
        <TextField name="plaetze" label="Plätze insgesamt" required value={v.capacity} error={e.plaetze} inputmode="numeric" maxlength={5} />
        <TextField name="anmeldeschluss" label="Anmeldeschluss" required value={v.registrationDeadline} error={e.anmeldeschluss} hint="Letzter Tag der Anmeldung, z. B. 1.6.2026" />
        <Checkbox name="portal" label="Auch im Portal „Arbeitswelt Hessen“ ankündigen" checked={v.isPublic} hint="Öffentlich sind nur Titel, Termin, Ort, Videolink und Programm, nie die Anmeldungen." />
        <SubmitButton>Speichern</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href={props.event ? eventPath(props.event.id) : eventsPath}>
          Zurück ohne zu speichern
        </a>
      </p>
    </Page>
  );
}

export interface RegistrationFormValues {
  peopleCount: string;
  needs: string;
  people: { name: string; role: string }[];
  clearPeople: boolean;
}

/** How many name rows the form offers (without JavaScript the rows are fixed). */
export const NAME_ROWS = 5;

export function registrationFormValues(registration?: Registration): RegistrationFormValues {
  return { peopleCount: registration ? String(registration.peopleCount) : '', needs: registration?.needs ?? '', people: [], clearPeople: false };
}

export interface EventPageProps {
  event: Event;
  districtName?: string;
  /** The ministry: every registration with names; a district: its own (without stored names). */
  registrations: Registration[];
  districtNames: Map<string, string>;
  materials: Material[];
  isOver: boolean;
  canManage: boolean;
  canRegister: boolean;
  canReadNames: boolean;
  registrationOpen: boolean;
  csrf: string;
  registrationValues?: RegistrationFormValues;
  registrationErrors?: FieldErrors;
  materialValues?: { title: string; kind: string };
  materialErrors?: FieldErrors;
  notice?: string;
  conflict?: string;
}

function RegistrationForm(props: EventPageProps) {
  const own = props.registrations[0];
  const v = props.registrationValues ?? registrationFormValues(own);
  const e = props.registrationErrors ?? {};
  const rows = Array.from({ length: NAME_ROWS }, (_, i) => v.people[i] ?? { name: '', role: '' });
  return (
    <section aria-labelledby="anmeldung-titel" class="kern-stack-sm">
      <h2 class="kern-heading-medium" id="anmeldung-titel">
        {own ? 'Ihre Anmeldung' : 'Anmelden'}
        {props.districtName ? ` – ${props.districtName}` : ''}
      </h2>
      {own ? (
        <p class="kern-body">
          Angemeldet: {own.peopleCount} {own.peopleCount === 1 ? 'Person' : 'Personen'}
          {own.namedPeople ? `, ${own.namedPeople} ${own.namedPeople === 1 ? 'Name' : 'Namen'} hinterlegt (nur für das HMSI sichtbar)` : ''}. Zuletzt geändert am {formatDateTime(own.updatedAt)}.
        </p>
      ) : null}
      {!props.registrationOpen ? (
        <p class="kern-body">Die Anmeldung ist geschlossen (Anmeldeschluss {formatDate(props.event.registrationDeadline)}).</p>
      ) : (
        <form method="post" action={`${eventPath(props.event.id)}/anmeldung`} class="kern-stack-sm" novalidate>
          <ErrorSummary errors={e} />
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(own?.version ?? 0)} />
          <TextField name="personen" label="Zahl der Personen" required value={v.peopleCount} error={e.personen} inputmode="numeric" maxlength={3} hint={`Noch ${free(props.event) + (own?.peopleCount ?? 0)} Plätze frei (höchstens ${MAX_PEOPLE_PER_DISTRICT}).`} />
          <fieldset class="kern-fieldset">
            <legend class="kern-label">Namen und Funktionen – optional</legend>
            <p class="kern-hint" id="namen-hinweis">
              Nur das HMSI sieht die Namen; sie werden ein Jahr nach der Tagung gelöscht. {own?.namedPeople ? 'Lassen Sie die Felder leer, bleiben die hinterlegten Namen; neu eingegebene ersetzen sie.' : ''}
            </p>
            {e.namen ? (
              <p class="kern-error" id="feld-namen-fehler">
                <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
                <span>{e.namen}</span>
              </p>
            ) : null}
            <span id="feld-namen" tabindex={-1}></span>
            {rows.map((row, i) => (
              <div class="kern-stack-xs">
                <TextField name={`name_${i}`} label={`Person ${i + 1}: Name`} value={row.name} error={e[`name_${i}`]} maxlength={200} autocomplete="off" />
                <TextField name={`funktion_${i}`} label={`Person ${i + 1}: Funktion`} value={row.role} error={e[`funktion_${i}`]} maxlength={200} autocomplete="off" />
              </div>
            ))}
            {own?.namedPeople ? <Checkbox name="namen_loeschen" label="Hinterlegte Namen löschen" checked={v.clearPeople} /> : null}
          </fieldset>
          <TextArea name="bedarf" label="Verpflegung oder Barrierefreiheit" value={v.needs} error={e.bedarf} hint={NEEDS_PURPOSE} rows={3} maxlength={1000} />
          <SubmitButton>{own ? 'Anmeldung ändern' : 'Anmelden'}</SubmitButton>
        </form>
      )}
      {own && props.registrationOpen ? (
        <form method="post" action={`${eventPath(props.event.id)}/anmeldung/zurueckziehen`} class="kern-stack-sm">
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(own.version)} />
          <SubmitButton variant="secondary">Anmeldung zurückziehen</SubmitButton>
        </form>
      ) : null}
    </section>
  );
}

function RegistrationTable(props: EventPageProps) {
  const total = props.registrations.reduce((sum, r) => sum + r.peopleCount, 0);
  return (
    <section aria-labelledby="anmeldungen-titel" class="kern-stack-sm">
      <h2 class="kern-heading-medium" id="anmeldungen-titel">
        Anmeldungen
      </h2>
      {props.event.personalDataDeletedAt ? <p class="kern-body">Namen und Angaben zum Bedarf wurden am {formatDateTime(props.event.personalDataDeletedAt)} gelöscht (ein Jahr nach der Tagung).</p> : null}
      {props.registrations.length === 0 ? (
        <p class="kern-body">Noch keine Anmeldung.</p>
      ) : (
        <div class="table-region" role="region" aria-labelledby="anmeldungen-tabelle" tabindex={0}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-title" id="anmeldungen-tabelle">
              {props.registrations.length} Gebietskörperschaften, {total} Personen
            </caption>
            <TableHead columns={['Gebietskörperschaft', { label: 'Personen', numeric: true }, 'Namen und Funktionen', 'Verpflegung, Barrierefreiheit']} />
            <tbody class="kern-table__body">
              {props.registrations.map((r) => (
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header">
                    {props.districtNames.get(r.ags) ?? r.ags}
                    {r.isDemo ? <span class="demo-marker"> (Demodaten)</span> : null}
                  </th>
                  <td class="kern-table__cell kern-table__cell--numeric">{r.peopleCount}</td>
                  <td class="kern-table__cell">{props.canReadNames && r.people.length ? r.people.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)).join('; ') : '–'}</td>
                  <td class="kern-table__cell">{r.needs || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Materials(props: EventPageProps) {
  const v = props.materialValues ?? { title: '', kind: 'material' };
  const e = props.materialErrors ?? {};
  return (
    <section aria-labelledby="material-titel" class="kern-stack-sm">
      <h2 class="kern-heading-medium" id="material-titel">
        Materialien und Protokoll
      </h2>
      {!props.canManage && !props.isOver ? (
        <p class="kern-body">Materialien und Protokoll stehen hier nach der Tagung bereit.</p>
      ) : props.materials.length === 0 ? (
        <p class="kern-body">Noch keine Dokumente.</p>
      ) : (
        <ul class="kern-list">
          {props.materials.map((m) => (
            <li>
              {MATERIAL_KIND_LABELS[m.kind]}:{' '}
              <a class="kern-link" href={`${eventPath(props.event.id)}/dokumente/${m.id}`}>
                {m.title}
              </a>{' '}
              ({m.fileName}, {size(m.sizeBytes)})
            </li>
          ))}
        </ul>
      )}
      {props.canManage ? (
        <form method="post" action={`${eventPath(props.event.id)}/dokumente`} enctype="multipart/form-data" class="kern-stack-sm" novalidate>
          <h3 class="kern-heading-small">Dokument hochladen</h3>
          {props.canManage && !props.isOver ? <p class="kern-hint">Die Gebietskörperschaften sehen die Dokumente erst nach dem Ende der Tagung.</p> : null}
          <ErrorSummary errors={e} />
          <CsrfField token={props.csrf} />
          <TextField name="dokument_titel" label="Titel des Dokuments" required value={v.title} error={e.dokument_titel} maxlength={300} />
          <fieldset class="kern-fieldset">
            <legend class="kern-label">Art</legend>
            {(['material', 'protokoll'] as const).map((kind) => (
              <div class="kern-form-check">
                <input class="kern-form-check__radio" type="radio" id={`feld-art-${kind}`} name="art" value={kind} checked={v.kind === kind} />
                <label class="kern-label" for={`feld-art-${kind}`}>
                  {MATERIAL_KIND_LABELS[kind]}
                </label>
              </div>
            ))}
          </fieldset>
          <div class={`kern-form-input${e.datei ? ' kern-form-input--error' : ''}`}>
            <label class="kern-label" for="feld-datei">
              Datei (PDF, Word, Excel, PowerPoint oder OpenDocument, höchstens 20 MB)
            </label>
            {e.datei ? (
              <p class="kern-error" id="feld-datei-fehler">
                <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
                <span>{e.datei}</span>
              </p>
            ) : null}
            <input
              class="kern-form-input__input"
              type="file"
              id="feld-datei"
              name="datei"
              accept=".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp"
              aria-describedby={e.datei ? 'feld-datei-fehler' : undefined}
              aria-invalid={e.datei ? 'true' : undefined}
            />
          </div>
          <SubmitButton>Hochladen</SubmitButton>
        </form>
      ) : null}
    </section>
  );
}

export function EventPage(props: EventPageProps) {
  const e = props.event;
  return (
    <Page title={e.title} currentPath={eventsPath} demo={e.isDemo}>
      <h1 class="kern-heading-large">{e.title}</h1>
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.conflict ? <Notice kind="danger" title={props.conflict} /> : null}
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Termin</dt>
          <dd class="kern-description-list-item__value">{eventWhen(e)}</dd>
        </div>
        {e.place ? (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">Ort</dt>
            <dd class="kern-description-list-item__value">{e.place}</dd>
          </div>
        ) : null}
        {e.videoUrl ? (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">Videokonferenz</dt>
            <dd class="kern-description-list-item__value">
              <a class="kern-link" href={e.videoUrl} rel="noopener noreferrer">
                {e.videoUrl}
              </a>
            </dd>
          </div>
        ) : null}
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Anmeldeschluss</dt>
          <dd class="kern-description-list-item__value">{formatDate(e.registrationDeadline)}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Plätze</dt>
          <dd class="kern-description-list-item__value">
            {free(e)} von {e.capacity} frei
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Status</dt>
          <dd class="kern-description-list-item__value">
            {EVENT_STATUS_LABELS[e.status]}
            {e.isPublic ? ' (auch im Portal)' : ''}
          </dd>
        </div>
      </dl>
      <p class="kern-body">
        <a class="kern-link" href={`${eventPath(e.id)}/tagung.ics`}>
          Termin für den Kalender (.ics)
        </a>
      </p>
      {e.agenda ? (
        <section aria-labelledby="programm-titel">
          <h2 class="kern-heading-medium" id="programm-titel">
            Programm
          </h2>
          <p class="kern-body preserve-lines">{e.agenda}</p>
        </section>
      ) : null}
      {props.canManage ? (
        <p class="kern-body">
          <a class="kern-link" href={`${eventPath(e.id)}/bearbeiten`}>
            Tagung bearbeiten
          </a>
          {e.status === 'entwurf' ? (
            <>
              {' · '}
              <a class="kern-link" href={`${eventPath(e.id)}/veroeffentlichen`}>
                Veröffentlichen
              </a>
            </>
          ) : null}
        </p>
      ) : null}
      {props.canRegister ? <RegistrationForm {...props} /> : null}
      {props.canReadNames ? <RegistrationTable {...props} /> : null}
      <Materials {...props} />
      <p class="kern-body">
        <a class="kern-link" href={eventsPath}>
          Alle Tagungen
        </a>
      </p>
    </Page>
  );
}

export function PublishEventPage(props: { event: Event; csrf: string; error?: string }) {
  return (
    <Page title={`Veröffentlichen – ${props.event.title}`} currentPath={eventsPath}>
      <h1 class="kern-heading-large">Tagung veröffentlichen</h1>
      {props.error ? <Notice kind="danger" title={props.error} /> : null}
      <p class="kern-body">
        „{props.event.title}“ am {eventWhen(props.event)} wird allen 26 Gebietskörperschaften und dem Regierungspräsidium Kassel angezeigt; die Gebietskörperschaften können sich bis zum{' '}
        {formatDate(props.event.registrationDeadline)} anmelden.
        {props.event.isPublic ? ' Die Tagung erscheint auch im Portal „Arbeitswelt Hessen“.' : ''} Eine Veröffentlichung lässt sich nicht zurücknehmen.
      </p>
      <form method="post" action={`${eventPath(props.event.id)}/veroeffentlichen`} class="kern-stack-sm">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(props.event.version)} />
        <SubmitButton>Jetzt veröffentlichen</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href={eventPath(props.event.id)}>
          Abbrechen
        </a>
      </p>
    </Page>
  );
}
