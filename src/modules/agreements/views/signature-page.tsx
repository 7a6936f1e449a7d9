import { formatDate } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SubmitButton, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import type { Signature } from '../../documents/schema';
import type { AgreementRecord } from '../use-cases';
import { AgreementHeader, agreementPath } from './agreement-nav';

export type SignatureParty = 'land' | 'district';
export const PARTY_LABELS: Record<SignatureParty, string> = { land: 'Land Hessen (HMSI)', district: 'Gebietskörperschaft' };

export interface SignatureFormValues {
  ort: string;
  datum: string;
  name: string;
  amt: string;
}

export interface SignaturePageProps {
  /** The signed-in user for the page header (name, Abmelden). */
  record: AgreementRecord;
  csrf: string;
  /** The party the actor may sign for now, if any. */
  party: SignatureParty | null;
  values?: SignatureFormValues;
  errors?: FieldErrors;
  notice?: string;
  error?: string;
  /** User id → name, for "erfasst von". */
  names?: Map<number, string>;
}

function Recorded({ signature, recordedBy, names }: { signature: Signature | null; recordedBy: number | null; names?: Map<number, string> }) {
  if (!signature) return <dd>noch nicht erfasst</dd>;
  return (
    <dd>
      {signature.place}, {formatDate(signature.date)} – {signature.name}, {signature.title}
      {recordedBy ? ` (erfasst von ${names?.get(recordedBy) ?? `Konto ${recordedBy}`})` : ''}
    </dd>
  );
}

export function SignaturePage(props: SignaturePageProps) {
  const { record } = props;
  const values = props.values ?? { ort: '', datum: '', name: '', amt: '' };
  return (
    <Page title={`Unterschriften – ${record.content.district.name} ${record.year}`} currentPath="/zielvereinbarungen" demo={record.isDemo}>
      <AgreementHeader title="Unterschriften" districtName={record.content.district.name} year={record.year} ags={record.ags} status={record.status} version={record.currentVersion} current="unterschrift" />
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.error ? (
        <Notice kind="danger" title="Die Unterschrift wurde nicht erfasst">
          <p class="kern-body">{props.error}</p>
        </Notice>
      ) : null}
      <dl class="agreement-facts">
        <dt>{PARTY_LABELS.land}</dt>
        <Recorded signature={record.content.signatures.land} recordedBy={record.landSignatureRecordedBy} names={props.names} />
        <dt>{PARTY_LABELS.district}</dt>
        <Recorded signature={record.content.signatures.district} recordedBy={record.districtSignatureRecordedBy} names={props.names} />
      </dl>
      {props.party ? (
        <form method="post" action={agreementPath(record.year, record.ags, 'unterschrift')} class="kern-stack-sm" novalidate>
          <h2 class="kern-heading-medium">Unterschrift für {PARTY_LABELS[props.party]} erfassen</h2>
          <ErrorSummary errors={props.errors ?? {}} />
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(record.currentVersion)} />
          <input type="hidden" name="partei" value={props.party} />
          <TextField name="ort" label="Ort" required value={values.ort} error={props.errors?.ort} maxlength={200} />
          <TextField name="datum" label="Datum der Unterschrift" required value={values.datum} error={props.errors?.datum} hint="z. B. 10.03.2025" inputmode="numeric" maxlength={10} />
          <TextField name="name" label="Name der unterzeichnenden Person" required value={values.name} error={props.errors?.name} maxlength={200} autocomplete="off" />
          <TextField name="amt" label="Amtsbezeichnung" required value={values.amt} error={props.errors?.amt} maxlength={200} hint="z. B. Landrat, Oberbürgermeisterin, Staatsministerin" />
          <SubmitButton>Unterschrift erfassen</SubmitButton>
        </form>
      ) : (
        <p class="kern-body">
          {record.status === 'zur_unterschrift'
            ? 'Für Ihre Seite ist keine Unterschrift zu erfassen.'
            : 'Unterschriften werden im Status „Zur Unterschrift“ erfasst.'}
        </p>
      )}
    </Page>
  );
}
