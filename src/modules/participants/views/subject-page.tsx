import { CsrfField, ErrorSummary, type FieldErrors, Notice, SubmitButton, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';

export interface SubjectPageProps {
  ags: string;
  districtName: string;
  csrf: string;
  kennung: string;
  errors: FieldErrors;
  /** Null before a search; the projects holding the Kennung after one. */
  found: Array<{ year: number; projectKey: string; projectTitle: string }> | null;
  deleted?: number;
}

/**
 * GET /teilnehmende/auskunft/:ags: a data subject's request for one Kennung — how many records the
 * district holds, the audited export of all of them, and their audited deletion after a confirmation.
 */
export function SubjectPage(props: SubjectPageProps) {
  const base = `/teilnehmende/auskunft/${props.ags}`;
  return (
    <Page title={`Auskunft und Löschung – ${props.districtName}`} currentPath="/teilnehmende">
      <h1 class="kern-heading-large">Auskunft und Löschung für eine Kennung</h1>
      <p class="kern-body">
        Für Anfragen betroffener Personen (Art. 15 und 17 DSGVO): alle Datensätze einer Kennung in den Projekten von {props.districtName}, über alle Jahre. Export und
        Löschung werden protokolliert (ohne die Kennung selbst).
      </p>
      {props.deleted !== undefined ? (
        <Notice title={`${props.deleted === 1 ? '1 Datensatz wurde' : `${props.deleted} Datensätze wurden`} gelöscht.`}>
          <p class="kern-body">Bitte sorgen Sie dafür, dass der Träger die Kennung auch aus seiner Datei entfernt; ein neuer Upload brächte sie sonst zurück.</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={props.errors} labels={{ kennung: 'Kennung', bestaetigt: 'Bestätigung' }} />
      <form method="get" action={base} class="kern-stack-sm">
        <TextField name="kennung" label="Kennung" value={props.kennung} error={props.errors.kennung} required maxlength={40} autocomplete="off" hint="Wie in der Teilnehmendendatei; Groß- und Kleinschreibung spielen keine Rolle." />
        <SubmitButton variant="secondary">Suchen</SubmitButton>
      </form>
      {props.found === null ? null : props.found.length === 0 ? (
        <p class="kern-body" role="status">
          Zur Kennung „{props.kennung}“ sind keine Datensätze gespeichert.
        </p>
      ) : (
        <section aria-labelledby="treffer" class="kern-stack-sm">
          <h2 class="kern-heading-medium" id="treffer">
            {props.found.length === 1 ? '1 Datensatz' : `${props.found.length} Datensätze`} zur Kennung „{props.kennung}“
          </h2>
          <ul class="kern-list kern-list--bullet">
            {props.found.map((f) => (
              <li>
                {f.year}: {f.projectTitle} ({f.projectKey})
              </li>
            ))}
          </ul>
          <form method="post" action={`${base}/export`}>
            <CsrfField token={props.csrf} />
            <input type="hidden" name="kennung" value={props.kennung} />
            <SubmitButton variant="secondary">Alle Datensätze als CSV exportieren</SubmitButton>
          </form>
          <form method="post" action={`${base}/loeschen`} class="kern-stack-sm">
            <CsrfField token={props.csrf} />
            <input type="hidden" name="kennung" value={props.kennung} />
            <div class={`kern-form-check${props.errors.bestaetigt ? ' kern-form-input--error' : ''}`}>
              {props.errors.bestaetigt ? (
                <p class="kern-error" id="feld-bestaetigt-fehler">
                  <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
                  <span>{props.errors.bestaetigt}</span>
                </p>
              ) : null}
              <input class="kern-form-check__checkbox" type="checkbox" id="feld-bestaetigt" name="bestaetigt" value="1" aria-describedby={props.errors.bestaetigt ? 'feld-bestaetigt-fehler' : undefined} />
              <label class="kern-label" for="feld-bestaetigt">
                Ich habe die Anfrage geprüft: alle {props.found.length} Datensätze dieser Kennung sollen endgültig gelöscht werden.
              </label>
            </div>
            <SubmitButton>Endgültig löschen</SubmitButton>
          </form>
        </section>
      )}
    </Page>
  );
}
