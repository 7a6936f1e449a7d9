import { formatDateTime } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SelectField, SubmitButton, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { ROLE_LABELS, ROLES } from '../policy';
import type { UserSummary } from '../users';
import type { WaitingAccount } from '../oidc-sign-in';
import { TableHead } from '../../../ui/table';

export interface UsersPageProps {
  csrf: string;
  currentUser: { id: number; name: string };
  users: UserSummary[];
  /** Landeskonten waiting for role and district (first sign-in without those claims). */
  waiting: WaitingAccount[];
  districts: { ags: string; name: string }[];
  notice?: string;
  errors?: FieldErrors;
  values?: { name?: string; email?: string; role?: string; ags?: string };
  created?: { name: string; email: string; oneTimePassword: string };
  /** Whether `created` is a new account or a reset of an existing one. */
  createdKind?: 'new' | 'reset';
}

export function UsersPage(props: UsersPageProps) {
  const errors = props.errors ?? {};
  const values = props.values ?? {};
  const districtName = new Map(props.districts.map((d) => [d.ags, d.name]));
  const hasDemo = props.users.some((u) => u.isDemo);
  return (
    <Page title="Benutzerverwaltung" currentPath="/admin/benutzer" demo={hasDemo}>
      <h1 class="kern-heading-large">Benutzerverwaltung</h1>
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.created ? (
        <Notice title={props.createdKind === 'reset' ? `Zugang von ${props.created.name} zurückgesetzt` : `Konto für ${props.created.name} angelegt`}>
          <p class="kern-body">
            Einmalpasswort für <strong>{props.created.email}</strong> – geben Sie es der Person auf sicherem Weg weiter. Es wird nicht noch
            einmal angezeigt; bei der ersten Anmeldung muss ein eigenes Passwort gewählt werden:
          </p>
          <p class="kern-body">
            <code class="secret" id="einmalpasswort">
              {props.created.oneTimePassword}
            </code>
          </p>
        </Notice>
      ) : null}

      {props.waiting.length > 0 ? <WaitingAccounts accounts={props.waiting} /> : null}

      <div class="table-region" role="region" aria-labelledby="benutzer-tabelle" tabindex={0}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id="benutzer-tabelle">
            Konten ({props.users.length})
          </caption>
          <TableHead columns={['Name', 'E-Mail-Adresse', 'Rolle', 'Zwei-Faktor', 'Status', 'Aktion']} />
          <tbody class="kern-table__body">
            {props.users.map((u) => (
              <tr class="kern-table__row">
                <th scope="row" class="kern-table__header">
                  {u.name}
                  {u.isDemo ? <span class="demo-marker"> (Demo)</span> : null}
                </th>
                <td class="kern-table__cell">{u.email}</td>
                <td class="kern-table__cell">
                  {ROLE_LABELS[u.role]}
                  {u.ags ? ` – ${districtName.get(u.ags) ?? u.ags}` : ''}
                </td>
                <td class="kern-table__cell">{u.totpEnabled ? 'eingerichtet' : 'nicht eingerichtet'}</td>
                <td class="kern-table__cell">
                  {u.isActive ? 'aktiv' : 'deaktiviert'}
                  {u.isActive && u.mustChangePassword ? ', Einmalpasswort' : ''}
                  <br />
                  <span class="kern-body kern-body--small">angelegt {formatDateTime(u.createdAt)}</span>
                </td>
                <td class="kern-table__cell">
                  <a class="kern-link" href={`/admin/benutzer/${u.id}/bearbeiten`} aria-label={`Bearbeiten: ${u.name}`}>
                    Bearbeiten
                  </a>
                  <br />
                  {u.id === props.currentUser.id ? (
                    'Ihr Konto'
                  ) : u.isActive ? (
                    <>
                      <a class="kern-link" href={`/admin/benutzer/${u.id}/deaktivieren`} aria-label={`Deaktivieren: ${u.name}`}>
                        Deaktivieren
                      </a>
                      <br />
                      <a class="kern-link" href={`/admin/benutzer/${u.id}/zuruecksetzen`} aria-label={`Zugang zurücksetzen: ${u.name}`}>
                        Zugang zurücksetzen
                      </a>
                    </>
                  ) : (
                    <form method="post" action={`/admin/benutzer/${u.id}/reaktivieren`}>
                      <CsrfField token={props.csrf} />
                      <button class="kern-btn kern-btn--tertiary" type="submit" aria-label={`Reaktivieren: ${u.name}`}>
                        <span class="kern-label">Reaktivieren</span>
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section aria-labelledby="neues-konto" class="kern-stack">
        <h2 class="kern-heading-medium" id="neues-konto">
          Konto anlegen
        </h2>
        <ErrorSummary errors={errors} labels={ACCOUNT_FIELD_LABELS} />
        <form method="post" action="/admin/benutzer" class="kern-stack" novalidate>
          <CsrfField token={props.csrf} />
          <AccountFields values={values} errors={errors} districts={props.districts} />
          <SubmitButton>Konto anlegen</SubmitButton>
        </form>
      </section>
    </Page>
  );
}

function WaitingAccounts({ accounts }: { accounts: WaitingAccount[] }) {
  return (
    <section aria-labelledby="wartende-konten" class="kern-stack">
      <h2 class="kern-heading-medium" id="wartende-konten">
        Landeskonten, die auf eine Rolle warten ({accounts.length})
      </h2>
      <p class="kern-body">
        Diese Personen haben sich mit ihrem Landeskonto angemeldet; der Identitätsanbieter nennt keine Rolle (oder keine Gebietskörperschaft). Weisen Sie
        ihnen Rolle und Zuständigkeit zu, danach kommen sie mit dem Landeskonto herein.
      </p>
      <div class="table-region" role="region" aria-labelledby="wartende-tabelle" tabindex={0}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id="wartende-tabelle">
            Wartende Landeskonten
          </caption>
          <TableHead columns={['Name', 'E-Mail-Adresse', 'Erste Anmeldung', 'Aktion']} />
          <tbody class="kern-table__body">
            {accounts.map((a) => (
              <tr class="kern-table__row">
                <th scope="row" class="kern-table__header">
                  {a.name}
                </th>
                <td class="kern-table__cell">{a.email}</td>
                <td class="kern-table__cell">{formatDateTime(a.firstSeenAt)}</td>
                <td class="kern-table__cell">
                  <a class="kern-link" href={`/admin/benutzer/wartend/${a.id}`} aria-label={`Rolle zuweisen: ${a.name}`}>
                    Rolle zuweisen
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** An administrator gives a waiting Landeskonto its role (and district): the linked account is created. */
export function WaitingAccountPage(props: { csrf: string; account: WaitingAccount; values: AccountValues; errors: FieldErrors; districts: { ags: string; name: string }[] }) {
  const { values, errors } = props;
  return (
    <Page title={`Rolle zuweisen – ${props.account.name}`} currentPath="/admin/benutzer">
      <h1 class="kern-heading-large">Rolle zuweisen: {props.account.name}</h1>
      <ErrorSummary errors={errors} labels={ACCOUNT_FIELD_LABELS} />
      <p class="kern-body">
        {props.account.name} ({props.account.email}) hat sich am {formatDateTime(props.account.firstSeenAt)} zum ersten Mal mit dem Landeskonto angemeldet.
        Mit dem Speichern entsteht das Konto, verbunden mit diesem Landeskonto; die Zuweisung wird protokolliert.
      </p>
      <form method="post" action={`/admin/benutzer/wartend/${props.account.id}`} class="kern-stack" novalidate>
        <CsrfField token={props.csrf} />
        <RoleFields values={values} errors={errors} districts={props.districts} />
        <SubmitButton>Rolle zuweisen und Konto anlegen</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href="/admin/benutzer">
          Abbrechen und zurück zur Benutzerverwaltung
        </a>
      </p>
    </Page>
  );
}

const ACCOUNT_FIELD_LABELS = { name: 'Name', email: 'E-Mail-Adresse', role: 'Rolle', ags: 'Gebietskörperschaft' };
type AccountValues = { name?: string; email?: string; role?: string; ags?: string };

/** Name, e-mail address, role and district: the same fields for a new and an edited account. */
function AccountFields(props: { values: AccountValues; errors: FieldErrors; districts: { ags: string; name: string }[] }) {
  const { values, errors } = props;
  return (
    <>
      <TextField name="name" label="Name" autocomplete="off" value={values.name} error={errors.name} required />
      <TextField name="email" label="E-Mail-Adresse" type="email" autocomplete="off" value={values.email} error={errors.email} required />
      <RoleFields values={values} errors={errors} districts={props.districts} />
    </>
  );
}

/** Role and district. */
function RoleFields(props: { values: AccountValues; errors: FieldErrors; districts: { ags: string; name: string }[] }) {
  const { values, errors } = props;
  return (
    <>
      <SelectField
        name="role"
        label="Rolle"
        value={values.role ?? ''}
        error={errors.role}
        required
        options={[{ value: '', label: 'Bitte wählen' }, ...ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))]}
      />
      <SelectField
        name="ags"
        label="Gebietskörperschaft"
        hint="Nur für Konten einer Gebietskörperschaft."
        value={values.ags ?? ''}
        error={errors.ags}
        options={[{ value: '', label: 'keine' }, ...props.districts.map((d) => ({ value: d.ags, label: d.name }))]}
      />
    </>
  );
}

/** An administrator changes an account's name, e-mail address, role or district. */
export function UserEditPage(props: { csrf: string; user: UserSummary; values: AccountValues; errors: FieldErrors; districts: { ags: string; name: string }[] }) {
  return (
    <Page title={`Konto bearbeiten – ${props.user.name}`} currentPath="/admin/benutzer">
      <h1 class="kern-heading-large">Konto bearbeiten: {props.user.name}</h1>
      <ErrorSummary errors={props.errors} labels={ACCOUNT_FIELD_LABELS} />
      <p class="kern-body">
        Ändern Sie Rolle oder Gebietskörperschaft, enden alle Sitzungen dieses Kontos und seine API-Tokens werden widerrufen; die Person meldet sich mit den neuen Rechten
        neu an. Jede Änderung wird protokolliert.
      </p>
      <form method="post" action={`/admin/benutzer/${props.user.id}/bearbeiten`} class="kern-stack" novalidate>
        <CsrfField token={props.csrf} />
        <AccountFields values={props.values} errors={props.errors} districts={props.districts} />
        <SubmitButton>Änderungen speichern</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href="/admin/benutzer">
          Abbrechen und zurück zur Benutzerverwaltung
        </a>
      </p>
    </Page>
  );
}
