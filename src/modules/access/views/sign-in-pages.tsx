import { ROLE_LABELS, type Role } from '../policy';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SubmitButton, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';

export interface DemoAccountView {
  email: string;
  name: string;
  role: Role;
  password: string;
  totpSecret: string | null;
}

function WeiterField({ weiter }: { weiter: string }) {
  return weiter === '/' ? null : <input type="hidden" name="weiter" value={weiter} />;
}

/** Base32 secret in groups of four, easier to type into an authenticator app. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

export function SignInPage(props: {
  csrf: string;
  weiter: string;
  email?: string;
  errors?: FieldErrors;
  failure?: string;
  notice?: string;
  demoAccounts: DemoAccountView[];
  /** The sign-in with the state's identity provider is configured (OIDC_ISSUER). */
  hasOidc?: boolean;
}) {
  const errors = props.errors ?? {};
  return (
    <Page title="Anmelden" demo={props.demoAccounts.length > 0} currentPath="/anmelden">
      <h1 class="kern-heading-large">Anmelden</h1>
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.failure ? (
        <Notice kind="danger" title="Anmeldung fehlgeschlagen">
          <p class="kern-body">{props.failure}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={errors} labels={{ email: 'E-Mail-Adresse', password: 'Passwort' }} />
      {props.hasOidc ? (
        <section aria-labelledby="landeskonto" class="kern-stack">
          <h2 class="kern-heading-medium" id="landeskonto">
            Mit dem Landeskonto
          </h2>
          <p class="kern-body">Beschäftigte der Landesverwaltung und der Gebietskörperschaften melden sich mit ihrem Konto beim Identitätsanbieter des Landes an.</p>
          <form method="post" action="/anmelden/landeskonto">
            <CsrfField token={props.csrf} />
            <WeiterField weiter={props.weiter} />
            <SubmitButton>Mit Landeskonto anmelden</SubmitButton>
          </form>
          <h2 class="kern-heading-medium">Mit E-Mail-Adresse und Passwort</h2>
        </section>
      ) : null}
      <form method="post" action="/anmelden" class="kern-stack" novalidate>
        <CsrfField token={props.csrf} />
        <WeiterField weiter={props.weiter} />
        <TextField name="email" label="E-Mail-Adresse" type="email" autocomplete="username" value={props.email} error={errors.email} required />
        <TextField name="password" label="Passwort" type="password" autocomplete="current-password" error={errors.password} required />
        <SubmitButton>Anmelden</SubmitButton>
      </form>
      <p class="kern-body">
        Sie haben noch kein Konto oder Ihr Passwort vergessen? Wenden Sie sich an die Administration des AQB-Verfahrens im HMSI.
      </p>
      {props.demoAccounts.length > 0 ? <DemoAccounts accounts={props.demoAccounts} /> : null}
    </Page>
  );
}

function DemoAccounts({ accounts }: { accounts: DemoAccountView[] }) {
  return (
    <section aria-labelledby="demo-konten" class="kern-stack">
      <h2 class="kern-heading-medium" id="demo-konten">
        Demo-Konten
      </h2>
      <p class="kern-body">
        Diese Konten gibt es nur, solange die Demodaten geladen sind. Für HMSI, Regierungspräsidium und Administration ist die
        Zwei-Faktor-Anmeldung Pflicht: Tragen Sie den Schlüssel in eine Authenticator-App ein (zeitbasiert, 6 Ziffern, 30 Sekunden).
      </p>
      <div class="table-region" role="region" aria-labelledby="demo-konten-tabelle" tabindex={0}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id="demo-konten-tabelle">
            Demo-Konten je Rolle
          </caption>
          <TableHead columns={['Rolle', 'E-Mail-Adresse', 'Passwort', 'TOTP-Schlüssel']} />
          <tbody class="kern-table__body">
            {accounts.map((a) => (
              <tr class="kern-table__row">
                <th scope="row" class="kern-table__header">
                  {ROLE_LABELS[a.role]}
                  <br />
                  <span class="kern-body kern-body--small">{a.name}</span>
                </th>
                <td class="kern-table__cell">
                  <code>{a.email}</code>
                </td>
                <td class="kern-table__cell">
                  <code>{a.password}</code>
                </td>
                <td class="kern-table__cell">{a.totpSecret ? <code class="secret">{groupSecret(a.totpSecret)}</code> : 'keine Zwei-Faktor-Anmeldung'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Forced password change after a one-time password (also reused on the account page's form shape). */
export function ForcedPasswordPage(props: { csrf: string; weiter: string; errors?: FieldErrors }) {
  const errors = props.errors ?? {};
  return (
    <Page title="Neues Passwort festlegen">
      <h1 class="kern-heading-large">Neues Passwort festlegen</h1>
      <p class="kern-body">
        Sie haben sich mit einem Einmalpasswort angemeldet. Bitte wählen Sie jetzt Ihr eigenes Passwort: mindestens 12 Zeichen, kein
        verbreitetes Passwort, nicht Ihr Name oder Ihre E-Mail-Adresse. Eine Passphrase aus mehreren Wörtern ist gut zu merken.
      </p>
      <ErrorSummary errors={errors} labels={{ newPassword: 'Neues Passwort', repeatPassword: 'Passwort wiederholen' }} />
      <form method="post" action="/anmelden/passwort" class="kern-stack" novalidate>
        <CsrfField token={props.csrf} />
        <WeiterField weiter={props.weiter} />
        <NewPasswordFields errors={errors} />
        <SubmitButton>Passwort speichern</SubmitButton>
      </form>
    </Page>
  );
}

export function NewPasswordFields({ errors }: { errors: FieldErrors }) {
  return (
    <>
      <TextField name="newPassword" label="Neues Passwort" type="password" autocomplete="new-password" hint="Mindestens 12 Zeichen." error={errors.newPassword} required />
      <TextField name="repeatPassword" label="Neues Passwort wiederholen" type="password" autocomplete="new-password" error={errors.repeatPassword} required />
    </>
  );
}

/** TOTP setup: the secret as text and the otpauth URI (no QR code library), then a code to confirm. */
export function TotpSetupPage(props: { csrf: string; weiter: string; action: string; secret: string; uri: string; isRequired: boolean; error?: string }) {
  const errors: FieldErrors = { code: props.error };
  return (
    <Page title="Zwei-Faktor-Anmeldung einrichten">
      <h1 class="kern-heading-large">Zwei-Faktor-Anmeldung einrichten</h1>
      <ErrorSummary errors={errors} labels={{ code: 'Code' }} />
      {props.isRequired ? (
        <p class="kern-body">
          Für Ihre Rolle ist die Zwei-Faktor-Anmeldung vorgeschrieben. Sie brauchen dafür eine Authenticator-App auf Ihrem Diensthandy (zum
          Beispiel die vom Land bereitgestellte App).
        </p>
      ) : null}
      <ol class="kern-list kern-list--number kern-stack">
        <li>
          <p class="kern-body">Legen Sie in der Authenticator-App ein neues Konto an und tragen Sie diesen Schlüssel von Hand ein (zeitbasiert, 6 Ziffern, 30 Sekunden):</p>
          <p class="kern-body">
            <code class="secret" id="totp-schluessel">
              {groupSecret(props.secret)}
            </code>
          </p>
          <p class="kern-body">Alternativ kann die App diese Adresse übernehmen:</p>
          <p class="kern-body">
            <code class="secret">{props.uri}</code>
          </p>
        </li>
        <li>
          <p class="kern-body">Geben Sie zur Bestätigung den sechsstelligen Code ein, den die App jetzt anzeigt.</p>
        </li>
      </ol>
      <form method="post" action={props.action} class="kern-stack" novalidate>
        <CsrfField token={props.csrf} />
        <WeiterField weiter={props.weiter} />
        <TextField name="code" label="Code aus der Authenticator-App" inputmode="numeric" autocomplete="one-time-code" maxlength={7} error={props.error} required />
        <SubmitButton>Einrichtung abschließen</SubmitButton>
      </form>
    </Page>
  );
}

export function TotpCodePage(props: { csrf: string; weiter: string; error?: string }) {
  const errors: FieldErrors = { code: props.error };
  return (
    <Page title="Code eingeben">
      <h1 class="kern-heading-large">Code eingeben</h1>
      <ErrorSummary errors={errors} labels={{ code: 'Code' }} />
      <p class="kern-body">Bitte geben Sie den sechsstelligen Code aus Ihrer Authenticator-App ein.</p>
      <form method="post" action="/anmelden/code" class="kern-stack" novalidate>
        <CsrfField token={props.csrf} />
        <WeiterField weiter={props.weiter} />
        <TextField name="code" label="Code aus der Authenticator-App" inputmode="numeric" autocomplete="one-time-code" maxlength={7} error={props.error} required />
        <SubmitButton>Anmelden</SubmitButton>
      </form>
      <form method="post" action="/abmelden">
        <CsrfField token={props.csrf} />
        <SubmitButton variant="tertiary">Abbrechen</SubmitButton>
      </form>
    </Page>
  );
}

/** The return from the identity provider was refused (protocol check, unknown district, deactivated account …). */
export function OidcRefusedPage(props: { message: string }) {
  return (
    <Page title="Anmeldung mit dem Landeskonto abgewiesen">
      <h1 class="kern-heading-large">Anmeldung mit dem Landeskonto abgewiesen</h1>
      <Notice kind="danger" title="Die Anmeldung ist nicht erfolgt">
        <p class="kern-body">{props.message}</p>
      </Notice>
      <p class="kern-body">
        <a class="kern-link" href="/anmelden">
          Zur Anmeldeseite
        </a>
      </p>
    </Page>
  );
}

/** First sign-in with the Landeskonto whose claims name no role: an administrator decides. */
export function OidcWaitingPage(props: { name: string }) {
  return (
    <Page title="Ihr Zugang wird eingerichtet">
      <h1 class="kern-heading-large">Ihr Zugang wird eingerichtet</h1>
      <Notice title={`Guten Tag, ${props.name}: Ihre Anmeldung mit dem Landeskonto ist angekommen.`}>
        <p class="kern-body">
          Ihr Landeskonto sagt AQB-Steuerung noch nicht, in welcher Rolle (und für welche Gebietskörperschaft) Sie arbeiten. Die Administration
          des AQB-Verfahrens im HMSI sieht Ihre Anmeldung jetzt in der Benutzerverwaltung und weist Ihnen Rolle und Zuständigkeit zu.
        </p>
        <p class="kern-body">Danach melden Sie sich wieder mit dem Landeskonto an. Bis dahin können Sie noch nichts sehen oder ändern.</p>
      </Notice>
      <p class="kern-body">
        <a class="kern-link" href="/anmelden">
          Zur Anmeldeseite
        </a>
      </p>
    </Page>
  );
}
