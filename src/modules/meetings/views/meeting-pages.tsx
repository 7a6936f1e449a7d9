import { formatDate, formatDateTime } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SelectField, SubmitButton, TextArea, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import { MEETING_STATUS_LABELS, type Meeting, type MeetingStatus, type ProposedDate } from '../schema';

export const meetingsPath = (year: number) => `/umsetzungsbesprechungen?jahr=${year}`;
export const meetingPagePath = (year: number, ags: string) => `/umsetzungsbesprechungen/${year}/${ags}`;

const span = (d: ProposedDate) => `${formatDateTime(new Date(d.start))} bis ${new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(new Date(d.end))} Uhr`;

export function MeetingListPage(props: { year: number; years: number[]; rows: Array<{ ags: string; name: string; status: MeetingStatus | null; confirmed: ProposedDate | null; openFollowUps: number }> }) {
  const title = `Umsetzungsbesprechungen ${props.year}`;
  return (
    <Page title={title} currentPath="/umsetzungsbesprechungen">
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">Die jährliche Umsetzungsbesprechung des HMSI mit jeder Gebietskörperschaft (§ 6 der Zielvereinbarung): Termin, Tagesordnung, Protokoll und Folgeaufgaben.</p>
      {props.years.length > 1 ? (
        <form method="get" action="/umsetzungsbesprechungen" class="kern-stack-sm">
          <SelectField name="jahr" label="AQB-Jahr" required value={String(props.year)} options={props.years.map((y) => ({ value: String(y), label: String(y) }))} />
          <SubmitButton variant="secondary">Anzeigen</SubmitButton>
        </form>
      ) : null}
      <div class="table-region" role="region" aria-labelledby="besprechungen-titel" tabindex={0}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id="besprechungen-titel">
            {props.rows.filter((r) => r.status !== null).length} von {props.rows.length} Gebietskörperschaften mit angesetzter Besprechung
          </caption>
          <TableHead columns={['Gebietskörperschaft', 'Stand', 'Termin', 'Offene Folgeaufgaben']} />
          <tbody class="kern-table__body">
            {props.rows.map((r) => (
              <tr class="kern-table__row">
                <th scope="row" class="kern-table__header">
                  <a class="kern-link" href={meetingPagePath(props.year, r.ags)}>
                    {r.name}
                  </a>
                </th>
                <td class="kern-table__cell">{r.status === null ? 'nicht angesetzt' : MEETING_STATUS_LABELS[r.status]}</td>
                <td class="kern-table__cell">{r.confirmed ? span(r.confirmed) : '–'}</td>
                <td class="kern-table__cell">{r.openFollowUps}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}

export interface MeetingPageProps {
  year: number;
  ags: string;
  districtName: string;
  meeting: Meeting | null;
  csrf: string;
  can: { schedule: boolean; answer: boolean; cancel: boolean; editAgenda: boolean; startMinutes: boolean; editMinutes: boolean; confirmMinutes: boolean; markFollowUp: boolean };
  /** The actor's side has confirmed the minutes already. */
  confirmedMine: boolean;
  errors?: FieldErrors;
  note?: string;
  notice?: string;
}

export function MeetingPage(props: MeetingPageProps) {
  const m = props.meeting;
  const base = meetingPagePath(props.year, props.ags);
  const title = `Umsetzungsbesprechung ${props.year} – ${props.districtName}`;
  return (
    <Page title={title} currentPath="/umsetzungsbesprechungen" demo={m?.isDemo}>
      <h1 class="kern-heading-large">{title}</h1>
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.errors ? <ErrorSummary errors={props.errors} labels={{ notiz: 'Andere Termine', termin: 'Termin', grund: 'Grund der Absage' }} /> : null}
      {m === null ? (
        <>
          <p class="kern-body">Für dieses AQB-Jahr ist noch keine Umsetzungsbesprechung angesetzt.</p>
          {props.can.schedule ? (
            <p class="kern-body">
              <a class="kern-link" href={`${base}/ansetzen`}>
                Besprechung ansetzen
              </a>
            </p>
          ) : null}
        </>
      ) : (
        <>
          <dl class="kern-description-list">
            <div class="kern-description-list-item">
              <dt class="kern-description-list-item__key">Stand</dt>
              <dd class="kern-description-list-item__value">{MEETING_STATUS_LABELS[m.status]}</dd>
            </div>
            <div class="kern-description-list-item">
              <dt class="kern-description-list-item__key">Termin</dt>
              <dd class="kern-description-list-item__value">{m.confirmed ? span(m.confirmed) : 'noch nicht bestätigt'}</dd>
            </div>
            <div class="kern-description-list-item">
              <dt class="kern-description-list-item__key">Ort</dt>
              <dd class="kern-description-list-item__value">
                {m.place || '–'}
                {m.videoUrl ? (
                  <>
                    {' '}
                    <a class="kern-link" href={m.videoUrl}>
                      Link zur Videokonferenz
                    </a>
                  </>
                ) : null}
              </dd>
            </div>
            <div class="kern-description-list-item">
              <dt class="kern-description-list-item__key">Teilnehmende</dt>
              <dd class="kern-description-list-item__value">{m.participants.map((p) => `${p.name} (${p.email})`).join(', ')}</dd>
            </div>
            {m.cancelReason ? (
              <div class="kern-description-list-item">
                <dt class="kern-description-list-item__key">Grund der Absage</dt>
                <dd class="kern-description-list-item__value">{m.cancelReason}</dd>
              </div>
            ) : null}
            {m.districtNote ? (
              <div class="kern-description-list-item">
                <dt class="kern-description-list-item__key">Wunsch der Gebietskörperschaft</dt>
                <dd class="kern-description-list-item__value">{m.districtNote}</dd>
              </div>
            ) : null}
          </dl>
          {m.confirmed && m.status !== 'abgesagt' ? (
            <p class="kern-body">
              <a class="kern-link" href={`${base}/einladung.ics`}>
                Termin für den Kalender (.ics)
              </a>
            </p>
          ) : null}

          {m.status === 'vorgeschlagen' ? (
            <section aria-labelledby="vorschlaege">
              <h2 class="kern-heading-medium" id="vorschlaege">
                Terminvorschläge
              </h2>
              {props.can.answer ? (
                <>
                  <form method="post" action={`${base}/termin-bestaetigen`} class="kern-stack-sm">
                    <CsrfField token={props.csrf} />
                    <input type="hidden" name="version" value={String(m.version)} />
                    <SelectField name="termin" label="Termin, der passt" required error={props.errors?.termin} options={m.dates.map((d, i) => ({ value: String(i), label: span(d) }))} />
                    <SubmitButton>Termin bestätigen …</SubmitButton>
                  </form>
                  <form method="post" action={`${base}/andere-termine`} class="kern-stack-sm">
                    <CsrfField token={props.csrf} />
                    <input type="hidden" name="version" value={String(m.version)} />
                    <TextArea name="notiz" label="Keiner passt: andere Termine erbitten" hint="Welche Zeiträume würden passen?" value={props.note ?? ''} error={props.errors?.notiz} />
                    <SubmitButton variant="secondary">Andere Termine erbitten</SubmitButton>
                  </form>
                </>
              ) : (
                <ul class="kern-list">
                  {m.dates.map((d) => (
                    <li>{span(d)}</li>
                  ))}
                </ul>
              )}
            </section>
          ) : null}

          <section aria-labelledby="tagesordnung">
            <h2 class="kern-heading-medium" id="tagesordnung">
              Tagesordnung
            </h2>
            {m.agenda.length === 0 ? (
              <p class="kern-body">Noch keine Tagesordnung.</p>
            ) : (
              <ol class="kern-list">
                {m.agenda.map((a) => (
                  <li>
                    <strong>{a.title}</strong>
                    {a.text ? <p class="kern-body pre-line">{a.text}</p> : null}
                  </li>
                ))}
              </ol>
            )}
            <p class="kern-body">
              {props.can.editAgenda ? (
                <>
                  <a class="kern-link" href={`${base}/tagesordnung`}>
                    Tagesordnung bearbeiten
                  </a>
                  {' · '}
                </>
              ) : null}
              {m.agenda.length ? (
                <>
                  <a class="kern-link" href={`${base}/tagesordnung.pdf`}>
                    Tagesordnung als PDF
                  </a>
                  {' · '}
                  <a class="kern-link" href={`${base}/tagesordnung.docx`}>
                    als Word-Dokument
                  </a>
                </>
              ) : null}
            </p>
          </section>

          {m.status === 'protokoll_entwurf' || m.status === 'protokoll_bestaetigt' ? (
            <section aria-labelledby="protokoll">
              <h2 class="kern-heading-medium" id="protokoll">
                Protokoll
              </h2>
              <p class="kern-body">
                HMSI: {m.hmsiConfirmedAt ? `bestätigt von ${m.hmsiConfirmedByName ?? '–'} am ${formatDateTime(m.hmsiConfirmedAt)}` : 'noch nicht bestätigt'}. Gebietskörperschaft:{' '}
                {m.districtConfirmedAt ? `bestätigt von ${m.districtConfirmedByName ?? '–'} am ${formatDateTime(m.districtConfirmedAt)}` : 'noch nicht bestätigt'}.
              </p>
              {props.can.editMinutes ? (
                <p class="kern-body">
                  <a class="kern-link" href={`${base}/protokoll`}>
                    Protokoll bearbeiten
                  </a>
                </p>
              ) : null}
              {props.can.confirmMinutes && !props.confirmedMine ? (
                <form method="post" action={`${base}/protokoll/bestaetigen`}>
                  <CsrfField token={props.csrf} />
                  <input type="hidden" name="version" value={String(m.version)} />
                  <SubmitButton>Protokoll bestätigen …</SubmitButton>
                </form>
              ) : null}
              {m.minutesSha256 ? (
                <p class="kern-body">
                  <a class="kern-link" href={`${base}/protokoll.pdf`}>
                    Bestätigtes Protokoll (PDF)
                  </a>{' '}
                  SHA-256: <code class="portal-hash">{m.minutesSha256}</code>
                </p>
              ) : null}
            </section>
          ) : null}

          {m.followUps.length ? (
            <section aria-labelledby="folgeaufgaben">
              <h2 class="kern-heading-medium" id="folgeaufgaben">
                Folgeaufgaben
              </h2>
              <div class="table-region" role="region" aria-labelledby="folgeaufgaben-titel" tabindex={0}>
                <table class="kern-table">
                  <caption class="kern-title" id="folgeaufgaben-titel">
                    {m.followUps.filter((f) => f.status === 'offen').length} von {m.followUps.length} offen
                  </caption>
                  <TableHead columns={['Was', 'Wer', 'Bis', 'Stand', ...(props.can.markFollowUp ? ['Ändern'] : [])]} />
                  <tbody class="kern-table__body">
                    {m.followUps.map((f) => (
                      <tr class="kern-table__row">
                        <th scope="row" class="kern-table__header">
                          {f.what}
                        </th>
                        <td class="kern-table__cell">{f.who}</td>
                        <td class="kern-table__cell">{formatDate(f.due)}</td>
                        <td class="kern-table__cell">{f.status === 'erledigt' ? `erledigt${f.doneByName ? ` (${f.doneByName})` : ''}` : 'offen'}</td>
                        {props.can.markFollowUp ? (
                          <td class="kern-table__cell">
                            <form method="post" action={`${base}/folgeaufgaben/${f.id}`}>
                              <CsrfField token={props.csrf} />
                              <input type="hidden" name="version" value={String(f.version)} />
                              <input type="hidden" name="status" value={f.status === 'offen' ? 'erledigt' : 'offen'} />
                              <SubmitButton variant="secondary">{f.status === 'offen' ? `„${f.what.slice(0, 40)}“ erledigt` : `„${f.what.slice(0, 40)}“ wieder offen`}</SubmitButton>
                            </form>
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}

          {props.can.schedule || props.can.cancel || props.can.startMinutes ? (
            <section aria-labelledby="hmsi-schritte">
              <h2 class="kern-heading-medium" id="hmsi-schritte">
                Weitere Schritte
              </h2>
              {props.can.schedule ? (
                <p class="kern-body">
                  <a class="kern-link" href={`${base}/ansetzen`}>
                    Termine neu vorschlagen
                  </a>
                </p>
              ) : null}
              {props.can.startMinutes ? (
                <form method="post" action={`${base}/protokoll/eroeffnen`}>
                  <CsrfField token={props.csrf} />
                  <input type="hidden" name="version" value={String(m.version)} />
                  <SubmitButton>Besprechung hat stattgefunden: Protokoll beginnen …</SubmitButton>
                </form>
              ) : null}
              {props.can.cancel ? (
                <form method="post" action={`${base}/absagen`} class="kern-stack-sm">
                  <CsrfField token={props.csrf} />
                  <input type="hidden" name="version" value={String(m.version)} />
                  <TextArea name="grund" label="Grund der Absage" error={props.errors?.grund} />
                  <SubmitButton variant="secondary">Besprechung absagen …</SubmitButton>
                </form>
              ) : null}
            </section>
          ) : null}
        </>
      )}
    </Page>
  );
}

/** The confirmation page before an irreversible step: the form is posted again with `bestaetigt=1`. */
export function ConfirmStepPage(props: { title: string; districtName: string; year: number; text: string; action: string; csrf: string; fields: Record<string, string>; button: string; back: string }) {
  return (
    <Page title={props.title} currentPath="/umsetzungsbesprechungen">
      <h1 class="kern-heading-large">{props.title}</h1>
      <p class="kern-body">
        Umsetzungsbesprechung {props.year} – {props.districtName}
      </p>
      <Notice kind="warning" title="Bitte bestätigen">
        <p class="kern-body">{props.text}</p>
      </Notice>
      <form method="post" action={props.action}>
        <CsrfField token={props.csrf} />
        {Object.entries(props.fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="bestaetigt" value="1" />
        <SubmitButton>{props.button}</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href={props.back}>
          Abbrechen und zurück
        </a>
      </p>
    </Page>
  );
}

export interface ScheduleValues {
  dates: Array<{ date: string; from: string; to: string }>;
  place: string;
  videoUrl: string;
  participants: string;
}

export function ScheduleMeetingPage(props: { year: number; ags: string; districtName: string; version: number | null; values: ScheduleValues; csrf: string; errors?: FieldErrors }) {
  const title = `Umsetzungsbesprechung ${props.year} ansetzen – ${props.districtName}`;
  const rows = [...props.values.dates, ...Array(5).fill({ date: '', from: '', to: '' })].slice(0, 5) as ScheduleValues['dates'];
  return (
    <Page title={title} currentPath="/umsetzungsbesprechungen">
      <h1 class="kern-heading-large">{title}</h1>
      {props.errors ? <ErrorSummary errors={props.errors} /> : null}
      <form method="post" action={`${meetingPagePath(props.year, props.ags)}/ansetzen`} class="kern-stack">
        <CsrfField token={props.csrf} />
        {props.version !== null ? <input type="hidden" name="version" value={String(props.version)} /> : null}
        {rows.map((d, i) => (
          <fieldset class="kern-fieldset">
            <legend class="kern-label">Terminvorschlag {i + 1}{i === 0 ? ' (Pflicht)' : ' (optional)'}</legend>
            <TextField name={`datum${i}`} label={`Datum, Vorschlag ${i + 1}`} hint="z. B. 14.10.2026" value={d.date} error={props.errors?.[`datum${i}`]} required={i === 0} />
            <TextField name={`von${i}`} label={`Beginn, Vorschlag ${i + 1}`} hint="Uhrzeit, z. B. 10:00" value={d.from} error={props.errors?.[`von${i}`]} required={i === 0} />
            <TextField name={`bis${i}`} label={`Ende, Vorschlag ${i + 1}`} hint="Uhrzeit, z. B. 12:00" value={d.to} error={props.errors?.[`bis${i}`]} required={i === 0} />
          </fieldset>
        ))}
        <TextField name="ort" label="Ort" hint="Anschrift und Raum; oder leer lassen bei reiner Videokonferenz" value={props.values.place} error={props.errors?.ort} />
        <TextField name="video" label="Link zur Videokonferenz" type="url" hint="mit https://" value={props.values.videoUrl} error={props.errors?.video} />
        <TextArea name="teilnehmende" label="Teilnehmende" hint="Eine Person je Zeile: Name <E-Mail-Adresse>. Leer: die AQB-Koordination der Gebietskörperschaft und Sie." value={props.values.participants} error={props.errors?.teilnehmende} rows={6} />
        <SubmitButton>Termine vorschlagen</SubmitButton>
      </form>
    </Page>
  );
}

export function AgendaFormPage(props: { year: number; ags: string; districtName: string; meeting: Meeting; items: Array<{ title: string; text: string }>; csrf: string; errors?: FieldErrors }) {
  const base = meetingPagePath(props.year, props.ags);
  const title = `Tagesordnung bearbeiten – ${props.districtName} ${props.year}`;
  const rows = [...props.items, { title: '', text: '' }];
  return (
    <Page title={title} currentPath="/umsetzungsbesprechungen">
      <h1 class="kern-heading-large">{title}</h1>
      {props.errors ? <ErrorSummary errors={props.errors} /> : null}
      <form method="post" action={`${base}/tagesordnung`} class="kern-stack">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(props.meeting.version)} />
        <p class="kern-body">Reihenfolge über die Nummer ändern; Punkte ohne Titel oder mit „entfernen“ fallen weg; die letzte Zeile fügt einen Punkt hinzu.</p>
        {rows.map((item, i) => (
          <fieldset class="kern-fieldset">
            <legend class="kern-label">{i < props.items.length ? `Punkt ${i + 1}` : 'Neuer Punkt'}</legend>
            <TextField name={`nr${i}`} label={`Nummer (Reihenfolge), Punkt ${i + 1}`} inputmode="numeric" value={String(i + 1)} error={props.errors?.[`nr${i}`]} />
            <TextField name={`titel${i}`} label={`Titel, Punkt ${i + 1}`} value={item.title} error={props.errors?.[`titel${i}`]} />
            <TextArea name={`text${i}`} label={`Text, Punkt ${i + 1}`} value={item.text} error={props.errors?.[`text${i}`]} />
            {i < props.items.length ? (
              <div class="kern-form-check">
                <input class="kern-form-check__checkbox" type="checkbox" id={`entfernen${i}`} name={`entfernen${i}`} value="1" />
                <label class="kern-label" for={`entfernen${i}`}>
                  Punkt {i + 1} entfernen
                </label>
              </div>
            ) : null}
          </fieldset>
        ))}
        <SubmitButton>Tagesordnung speichern</SubmitButton>
      </form>
      <form method="post" action={`${base}/tagesordnung/neu-erzeugen`}>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(props.meeting.version)} />
        <SubmitButton variant="secondary">Aus aktuellen Zahlen neu erzeugen …</SubmitButton>
      </form>
    </Page>
  );
}

export interface MinutesValues {
  attendees: string;
  items: Array<{ discussion: string; decisions: string }>;
  followUps: Array<{ what: string; who: string; due: string }>;
}

export function MinutesFormPage(props: { year: number; ags: string; districtName: string; meeting: Meeting; values: MinutesValues; csrf: string; errors?: FieldErrors }) {
  const base = meetingPagePath(props.year, props.ags);
  const title = `Protokoll bearbeiten – ${props.districtName} ${props.year}`;
  const followUps = [...props.values.followUps, { what: '', who: '', due: '' }, { what: '', who: '', due: '' }];
  return (
    <Page title={title} currentPath="/umsetzungsbesprechungen">
      <h1 class="kern-heading-large">{title}</h1>
      {props.meeting.hmsiConfirmedAt || props.meeting.districtConfirmedAt ? <Notice kind="warning" title="Eine Änderung setzt die schon gegebene Bestätigung zurück." /> : null}
      {props.errors ? <ErrorSummary errors={props.errors} /> : null}
      <form method="post" action={`${base}/protokoll`} class="kern-stack">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(props.meeting.version)} />
        <TextArea name="anwesende" label="Anwesende" hint="Eine Person je Zeile" value={props.values.attendees} error={props.errors?.anwesende} rows={5} />
        {props.meeting.agenda.map((a, i) => (
          <fieldset class="kern-fieldset">
            <legend class="kern-label">
              TOP {i + 1}: {a.title}
            </legend>
            <TextArea name={`besprechung${i}`} label={`Besprechung, TOP ${i + 1}`} value={props.values.items[i]?.discussion ?? ''} error={props.errors?.[`besprechung${i}`]} />
            <TextArea name={`beschluesse${i}`} label={`Beschlüsse, TOP ${i + 1}`} value={props.values.items[i]?.decisions ?? ''} error={props.errors?.[`beschluesse${i}`]} />
          </fieldset>
        ))}
        {followUps.map((f, i) => (
          <fieldset class="kern-fieldset">
            <legend class="kern-label">Folgeaufgabe {i + 1}{i >= props.values.followUps.length ? ' (neu, optional)' : ''}</legend>
            <TextField name={`was${i}`} label={`Was, Folgeaufgabe ${i + 1}`} value={f.what} error={props.errors?.[`was${i}`]} />
            <TextField name={`wer${i}`} label={`Wer, Folgeaufgabe ${i + 1}`} value={f.who} error={props.errors?.[`wer${i}`]} />
            <TextField name={`bis${i}`} label={`Bis wann, Folgeaufgabe ${i + 1}`} hint="z. B. 31.3.2027" value={f.due} error={props.errors?.[`bis${i}`]} />
          </fieldset>
        ))}
        <SubmitButton>Protokoll speichern</SubmitButton>
      </form>
    </Page>
  );
}
