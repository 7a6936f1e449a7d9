import { CsrfField, ErrorSummary, type FieldErrors, Notice, SubmitButton, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';

export interface ReminderSettingsPageProps {
  csrf: string;
  email: string;
  values: { enabled: boolean; tage: string; dailyDigest: boolean; version: number };
  errors: FieldErrors;
  notice?: string;
}

export function ReminderSettingsPage(props: ReminderSettingsPageProps) {
  const v = props.values;
  return (
    <Page title="E-Mail-Erinnerungen" currentPath="/konto">
      <h1 class="kern-heading-large">E-Mail-Erinnerungen</h1>
      {props.notice ? <Notice title={props.notice} /> : null}
      <ErrorSummary errors={props.errors} labels={{ tage: 'Tage vor der Frist' }} />
      <p class="kern-body">
        Vor jeder offenen Frist aus dem <a class="kern-link" href="/kalender">Fristenkalender</a> erhalten Sie eine E-Mail an {props.email}, mit einem Link auf den Vorgang.
        Erledigte Schritte erinnern nicht. Die Mails enthalten keine Daten von Teilnehmenden.
      </p>
      <form method="post" action="/konto/erinnerungen" class="kern-stack" novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(v.version)} />
        <div class="kern-form-check">
          <input class="kern-form-check__checkbox" type="checkbox" id="feld-aktiv" name="aktiv" value="1" checked={v.enabled} />
          <label class="kern-label" for="feld-aktiv">
            E-Mail-Erinnerungen erhalten
          </label>
        </div>
        <TextField name="tage" label="Tage vor der Frist" value={v.tage} error={props.errors.tage} hint="Eine oder mehrere ganze Zahlen zwischen 1 und 60, getrennt durch Komma, z. B. 7, 1" required inputmode="numeric" maxlength={60} />
        <div class="kern-form-check">
          <input class="kern-form-check__checkbox" type="checkbox" id="feld-tagesuebersicht" name="tagesuebersicht" value="1" checked={v.dailyDigest} />
          <label class="kern-label" for="feld-tagesuebersicht">
            Als Tagesübersicht: alle Erinnerungen eines Tages in einer E-Mail
          </label>
        </div>
        <SubmitButton>Speichern</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href="/konto">
          Zurück zum Konto
        </a>
      </p>
    </Page>
  );
}
