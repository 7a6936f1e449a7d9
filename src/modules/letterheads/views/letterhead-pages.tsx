import { formatDateTime } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SelectField, SubmitButton, TextArea, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { LETTERHEAD_LABELS, type StoredLetterhead } from '../schema';

const LABELS: Record<string, string> = {
  authority: 'Behörde',
  unit: 'Organisationseinheit',
  shortName: 'Kurzbezeichnung (Rücksendeangabe)',
  addressLines: 'Postanschrift',
  contactName: 'Ansprechperson',
  phone: 'Telefon',
  email: 'E-Mail',
  web: 'Internet',
  referencePrefix: 'Präfix des Aktenzeichens',
  signerName: 'Unterzeichnende Person',
  signerRole: 'Funktion der unterzeichnenden Person',
  signaturePrefix: 'Zeichnungszusatz',
};

/** The form's text values: what was stored, or what was typed in (re-shown after an error). */
export interface LetterheadFormValues {
  version: string;
  authority: string;
  unit: string;
  shortName: string;
  addressLines: string;
  contactName: string;
  phone: string;
  email: string;
  web: string;
  referencePrefix: string;
  signerName: string;
  signerRole: string;
  signaturePrefix: string;
}

export function formValuesOf(letterhead: StoredLetterhead): LetterheadFormValues {
  return {
    version: String(letterhead.version),
    authority: letterhead.authority,
    unit: letterhead.unit ?? '',
    shortName: letterhead.shortName,
    addressLines: letterhead.addressLines.join('\n'),
    contactName: letterhead.contactName,
    phone: letterhead.phone ?? '',
    email: letterhead.email ?? '',
    web: letterhead.web ?? '',
    referencePrefix: letterhead.referencePrefix,
    signerName: letterhead.signerName,
    signerRole: letterhead.signerRole,
    signaturePrefix: letterhead.signaturePrefix ?? '',
  };
}

function missing(letterhead: StoredLetterhead): string[] {
  const out: string[] = [];
  if (!letterhead.phone) out.push('Telefon');
  if (!letterhead.email) out.push('E-Mail');
  if (/nach Vereinbarung/.test(letterhead.contactName)) out.push('Ansprechperson');
  if (letterhead.signerName === 'N. N.') out.push('unterzeichnende Person');
  return out;
}

export function LetterheadListPage(props: { letterheads: StoredLetterhead[]; userNames: Map<number, string>; notice?: string }) {
  return (
    <Page title="Briefköpfe" currentPath="/admin/briefkoepfe">
      <h1 class="kern-heading-large">Briefköpfe</h1>
      {props.notice ? <Notice title={props.notice} /> : null}
      <p class="kern-body">
        Absender der amtlichen Schreiben (DIN 5008): Briefkopf, Rücksendeangabe, Ansprechperson, Aktenzeichen und Unterschrift. Änderungen gelten für Schreiben, die danach
        erzeugt werden; bereits erzeugte Schreiben bleiben unverändert.
      </p>
      {props.letterheads.map((letterhead) => {
        const open = missing(letterhead);
        return (
          <section class="kern-stack-sm" aria-labelledby={`briefkopf-${letterhead.key}`}>
            <h2 class="kern-heading-medium" id={`briefkopf-${letterhead.key}`}>
              {LETTERHEAD_LABELS[letterhead.key]}
            </h2>
            {open.length > 0 ? (
              <Notice kind="warning" title="Noch Platzhalter">
                <p class="kern-body">Noch nicht hinterlegt: {open.join(', ')}.</p>
              </Notice>
            ) : null}
            <dl class="agreement-facts">
              <dt>Behörde</dt>
              <dd>
                {letterhead.authority}
                {letterhead.unit ? `, ${letterhead.unit}` : ''}
              </dd>
              <dt>Postanschrift</dt>
              <dd>{letterhead.addressLines.join(', ')}</dd>
              <dt>Ansprechperson</dt>
              <dd>{[letterhead.contactName, letterhead.phone, letterhead.email].filter(Boolean).join(' · ')}</dd>
              <dt>Unterschrift</dt>
              <dd>{[letterhead.signaturePrefix, letterhead.signerName, letterhead.signerRole].filter(Boolean).join(' · ')}</dd>
              <dt>Zuletzt geändert</dt>
              <dd>
                {formatDateTime(letterhead.updatedAt)}
                {letterhead.updatedBy !== null ? ` von ${props.userNames.get(letterhead.updatedBy) ?? 'unbekannt'}` : ' (Stammdaten)'}
              </dd>
            </dl>
            <p>
              <a class="kern-link" href={`/admin/briefkoepfe/${letterhead.key}`}>
                {LETTERHEAD_LABELS[letterhead.key]} bearbeiten
              </a>
            </p>
          </section>
        );
      })}
    </Page>
  );
}

export function LetterheadEditPage(props: { letterhead: StoredLetterhead; values: LetterheadFormValues; errors: FieldErrors; csrf: string; conflict?: string }) {
  const { values: v, errors: e } = props;
  const label = LETTERHEAD_LABELS[props.letterhead.key];
  return (
    <Page title={`Briefkopf bearbeiten – ${label}`} currentPath="/admin/briefkoepfe">
      <h1 class="kern-heading-large">Briefkopf bearbeiten: {label}</h1>
      {props.conflict ? (
        <Notice kind="danger" title="Nicht gespeichert">
          <p class="kern-body">{props.conflict}</p>
        </Notice>
      ) : null}
      <ErrorSummary errors={e} labels={LABELS} />
      <form method="post" action={`/admin/briefkoepfe/${props.letterhead.key}`} class="kern-stack" novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={v.version} />
        <h2 class="kern-heading-small">Briefkopf</h2>
          <div class="kern-stack">
            <TextField name="authority" label={LABELS.authority!} value={v.authority} error={e.authority} required maxlength={120} />
            <TextField name="unit" label={LABELS.unit!} value={v.unit} error={e.unit} hint="z. B. Referat oder Dezernat" maxlength={120} />
            <TextArea name="addressLines" label={LABELS.addressLines!} value={v.addressLines} error={e.addressLines} hint="Eine bis vier Zeilen, z. B. Straße und Hausnummer, dann Postleitzahl und Ort" required rows={4} maxlength={400} />
            <TextField name="shortName" label={LABELS.shortName!} value={v.shortName} error={e.shortName} hint="Steht in der kleinen Absenderzeile über dem Anschriftfeld, z. B. HMSI" required maxlength={40} />
            <TextField name="web" label={LABELS.web!} value={v.web} error={e.web} hint="Ohne https://, z. B. soziales.hessen.de" maxlength={120} />
          </div>
        <h2 class="kern-heading-small">Ansprechperson und Aktenzeichen</h2>
          <div class="kern-stack">
            <TextField name="contactName" label={LABELS.contactName!} value={v.contactName} error={e.contactName} required maxlength={80} autocomplete="off" />
            <TextField name="phone" label={LABELS.phone!} value={v.phone} error={e.phone} type="tel" hint="z. B. 0611 3219-0" maxlength={40} autocomplete="off" />
            <TextField name="email" label={LABELS.email!} value={v.email} error={e.email} type="email" maxlength={120} autocomplete="off" />
            <TextField name="referencePrefix" label={LABELS.referencePrefix!} value={v.referencePrefix} error={e.referencePrefix} hint="Das Schreiben ergänzt Jahr und Gebietskörperschaft, z. B. AQB – 2026/06432" required maxlength={30} />
          </div>
        <h2 class="kern-heading-small">Unterschrift</h2>
          <div class="kern-stack">
            <SelectField
              name="signaturePrefix"
              label={LABELS.signaturePrefix!}
              value={v.signaturePrefix}
              error={e.signaturePrefix}
              required
              options={[
                { value: 'Im Auftrag', label: 'Im Auftrag' },
                { value: 'In Vertretung', label: 'In Vertretung' },
                { value: '', label: 'ohne Zusatz' },
              ]}
            />
            <TextField name="signerName" label={LABELS.signerName!} value={v.signerName} error={e.signerName} hint="Vor- und Nachname; „N. N.“, solange niemand benannt ist" required maxlength={80} autocomplete="off" />
            <TextField name="signerRole" label={LABELS.signerRole!} value={v.signerRole} error={e.signerRole} hint="z. B. Referatsleiterin" required maxlength={80} />
          </div>
        <SubmitButton>Briefkopf speichern</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href="/admin/briefkoepfe">
          Zurück zu den Briefköpfen
        </a>
      </p>
    </Page>
  );
}
