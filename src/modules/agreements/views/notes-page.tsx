import { formatDateTime } from '../../../platform/format';
import { CsrfField, type FieldErrors, Notice, SubmitButton, TextArea } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import type { AgreementNote, AgreementRecord } from '../use-cases';
import { AgreementHeader, agreementPath } from './agreement-nav';

export interface NotesPageProps {
  record: AgreementRecord;
  notes: AgreementNote[];
  names: Map<number, string>;
  csrf: string;
  canWrite: boolean;
  canMarkAgreed: boolean;
  values?: { body: string };
  errors?: FieldErrors;
  notice?: string;
  error?: string;
}

const PARTY = { land: 'HMSI', district: 'Gebietskörperschaft' } as const;

/** GET /zielvereinbarungen/:year/:ags/notizen: the negotiation notes and the district's "abgestimmt" mark. */
export function NotesPage(props: NotesPageProps) {
  const { record } = props;
  const base = agreementPath(record.year, record.ags);
  return (
    <Page title={`Notizen – ${record.content.district.name} ${record.year}`} currentPath="/zielvereinbarungen" demo={record.isDemo}>
      <AgreementHeader title="Notizen zum Zielvereinbarungsgespräch" districtName={record.content.district.name} year={record.year} ags={record.ags} status={record.status} version={record.currentVersion} current="notizen" />
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.error ? (
        <Notice kind="danger" title="Das war nicht möglich">
          <p class="kern-body">{props.error}</p>
        </Notice>
      ) : null}
      <p class="kern-body">
        {record.districtAgreedVersion === null
          ? 'Die Gebietskörperschaft hat ihren Teil noch nicht als abgestimmt markiert.'
          : `Von der Gebietskörperschaft abgestimmt: Version ${record.districtAgreedVersion}${record.districtAgreedAt ? ` (${formatDateTime(record.districtAgreedAt)})` : ''}${record.districtAgreedVersion !== record.currentVersion ? `; die aktuelle Version ${record.currentVersion} ist danach entstanden.` : '.'}`}
      </p>
      {props.canMarkAgreed && record.districtAgreedVersion !== record.currentVersion ? (
        <form method="post" action={`${base}/abgestimmt`}>
          <CsrfField token={props.csrf} />
          <input type="hidden" name="version" value={String(record.currentVersion)} />
          <SubmitButton variant="secondary">Version {record.currentVersion} als „von der Gebietskörperschaft abgestimmt“ markieren</SubmitButton>
        </form>
      ) : null}
      {props.notes.length === 0 ? (
        <p class="kern-body">Es gibt noch keine Notizen.</p>
      ) : (
        <ol class="notes-list kern-stack-sm" aria-label="Notizen">
          {props.notes.map((note) => (
            <li>
              <article class="kern-stack-xs" aria-label={`Notiz vom ${formatDateTime(note.createdAt)}`}>
                <p class="kern-body kern-body--small">
                  {PARTY[note.party]}: {note.authorId === null ? 'unbekannt' : (props.names.get(note.authorId) ?? `Konto ${note.authorId}`)}, {formatDateTime(note.createdAt)}, zu Version {note.version}
                </p>
                <p class="kern-body note-body">{note.body}</p>
              </article>
            </li>
          ))}
        </ol>
      )}
      {props.canWrite ? (
        <form method="post" action={`${base}/notizen`} class="kern-stack-sm" novalidate>
          <CsrfField token={props.csrf} />
          <TextArea name="body" label="Neue Notiz" hint={`Was wurde geändert und warum, welche Frage ist offen? Die Notiz gehört zu Version ${record.currentVersion}.`} required rows={5} maxlength={5000} value={props.values?.body ?? ''} error={props.errors?.body} />
          <SubmitButton>Notiz speichern</SubmitButton>
        </form>
      ) : null}
    </Page>
  );
}
