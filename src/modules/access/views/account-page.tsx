import { formatDateTime } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SubmitButton, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import type { ApiTokenSummary } from '../api-tokens';
import { ROLE_LABELS } from '../policy';
import type { SessionUser } from '../schema';
import { NewPasswordFields } from './sign-in-pages';
import { TableHead } from '../../../ui/table';

export interface AccountPageProps {
  csrf: string;
  user: SessionUser;
  districtName: string | null;
  totpEnabled: boolean;
  totpRequired: boolean;
  tokens: ApiTokenSummary[];
  isDemo: boolean;
  notice?: string;
  passwordErrors?: FieldErrors;
  tokenErrors?: FieldErrors;
  tokenName?: string;
  /** A just-created API token, shown exactly once. */
  newToken?: { name: string; token: string };
}

export function AccountPage(props: AccountPageProps) {
  const passwordErrors = props.passwordErrors ?? {};
  const tokenErrors = props.tokenErrors ?? {};
  return (
    <Page title="Mein Konto" currentPath="/konto" demo={props.isDemo}>
      <h1 class="kern-heading-large">Mein Konto</h1>
      {props.notice ? <Notice title={props.notice} /> : null}
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Name</dt>
          <dd class="kern-description-list-item__value">{props.user.name}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">E-Mail-Adresse</dt>
          <dd class="kern-description-list-item__value">{props.user.email}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">Rolle</dt>
          <dd class="kern-description-list-item__value">{ROLE_LABELS[props.user.role]}</dd>
        </div>
        {props.districtName ? (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">Gebietskörperschaft</dt>
            <dd class="kern-description-list-item__value">{props.districtName}</dd>
          </div>
        ) : null}
      </dl>

      <section aria-labelledby="passwort" class="kern-stack">
        <h2 class="kern-heading-medium" id="passwort">
          Passwort ändern
        </h2>
        <ErrorSummary errors={passwordErrors} labels={{ currentPassword: 'Bisheriges Passwort', newPassword: 'Neues Passwort', repeatPassword: 'Passwort wiederholen' }} />
        <form method="post" action="/konto/passwort" class="kern-stack" novalidate>
          <CsrfField token={props.csrf} />
          <TextField name="currentPassword" label="Bisheriges Passwort" type="password" autocomplete="current-password" error={passwordErrors.currentPassword} required />
          <NewPasswordFields errors={passwordErrors} />
          <SubmitButton>Passwort ändern</SubmitButton>
        </form>
        <p class="kern-body kern-body--small">Nach der Änderung werden Ihre Anmeldungen auf anderen Geräten beendet.</p>
      </section>

      <section aria-labelledby="zwei-faktor" class="kern-stack">
        <h2 class="kern-heading-medium" id="zwei-faktor">
          Zwei-Faktor-Anmeldung
        </h2>
        {props.totpEnabled ? (
          <p class="kern-body">Die Zwei-Faktor-Anmeldung mit einer Authenticator-App ist eingerichtet.</p>
        ) : (
          <>
            <p class="kern-body">
              Die Zwei-Faktor-Anmeldung ist nicht eingerichtet. {props.totpRequired ? 'Für Ihre Rolle ist sie vorgeschrieben.' : 'Sie schützt Ihr Konto zusätzlich, falls Ihr Passwort bekannt wird.'}
            </p>
            <p class="kern-body">
              <a class="kern-link" href="/konto/zwei-faktor">
                Zwei-Faktor-Anmeldung einrichten
              </a>
            </p>
          </>
        )}
      </section>

      {props.user.role !== 'admin' ? (
        <section aria-labelledby="erinnerungen" class="kern-stack">
          <h2 class="kern-heading-medium" id="erinnerungen">
            E-Mail-Erinnerungen
          </h2>
          <p class="kern-body">
            Vor Fristen aus dem Kalender erhalten Sie E-Mails an {props.user.email}.{' '}
            <a class="kern-link" href="/konto/erinnerungen">
              Erinnerungen einstellen
            </a>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="api-tokens" class="kern-stack">
        <h2 class="kern-heading-medium" id="api-tokens">
          Persönliche API-Tokens
        </h2>
        <p class="kern-body">
          Mit einem API-Token greifen Programme in Ihrem Namen und mit Ihren Rechten auf die JSON-Schnittstelle zu (Kopfzeile{' '}
          <code>Authorization: Bearer aqb_…</code>). Das Token wird nur einmal angezeigt.
        </p>
        {props.newToken ? (
          <Notice title={`API-Token „${props.newToken.name}“ erstellt`}>
            <p class="kern-body">Kopieren Sie das Token jetzt. Es wird nicht noch einmal angezeigt:</p>
            <p class="kern-body">
              <code class="secret" id="neues-token">
                {props.newToken.token}
              </code>
            </p>
          </Notice>
        ) : null}
        {props.tokens.length === 0 ? (
          <p class="kern-body">Sie haben noch keine API-Tokens.</p>
        ) : (
          <div class="table-region" role="region" aria-labelledby="token-tabelle" tabindex={0}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-title" id="token-tabelle">
                Ihre API-Tokens
              </caption>
              <TableHead columns={['Name', 'Anfang', 'Erstellt', 'Zuletzt benutzt', 'Status']} />
              <tbody class="kern-table__body">
                {props.tokens.map((t) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      {t.name}
                    </th>
                    <td class="kern-table__cell">
                      <code>{t.hint}</code>
                    </td>
                    <td class="kern-table__cell">{formatDateTime(t.createdAt)}</td>
                    <td class="kern-table__cell">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'nie'}</td>
                    <td class="kern-table__cell">
                      {t.revokedAt ? (
                        `widerrufen am ${formatDateTime(t.revokedAt)}`
                      ) : (
                        // aria-label, not a visually hidden span: an absolutely positioned span escapes the table's scroll region at 320 px.
                        <a class="kern-link" href={`/konto/api-tokens/${t.id}/widerrufen`} aria-label={`Widerrufen: ${t.name}`}>
                          Widerrufen
                        </a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <ErrorSummary errors={tokenErrors} labels={{ name: 'Name des Tokens' }} />
        <form method="post" action="/konto/api-tokens" class="kern-stack" novalidate>
          <CsrfField token={props.csrf} />
          <TextField name="name" label="Name des Tokens" hint="Wofür Sie das Token benutzen, z. B. „Auswertung Fachreferat“." value={props.tokenName} error={tokenErrors.name} maxlength={100} required />
          <SubmitButton variant="secondary">API-Token erstellen</SubmitButton>
        </form>
      </section>
    </Page>
  );
}

/** "Really?" before a destructive action, with a plain POST form and a way back. */
export function ConfirmPage(props: { csrf: string; title: string; text: string; action: string; confirmLabel: string; backHref: string }) {
  return (
    <Page title={props.title}>
      <h1 class="kern-heading-large">{props.title}</h1>
      <p class="kern-body">{props.text}</p>
      <form method="post" action={props.action} class="kern-stack">
        <CsrfField token={props.csrf} />
        <SubmitButton>{props.confirmLabel}</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href={props.backHref}>
          Abbrechen und zurück
        </a>
      </p>
    </Page>
  );
}
