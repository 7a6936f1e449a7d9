import type { Child } from 'hono/jsx';
import { CsrfField, SubmitButton } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import type { AgreementRecord } from '../use-cases';
import { AgreementHeader } from './agreement-nav';

/**
 * The confirmation before an act that cannot be taken back (publishing, recording a signature,
 * starting a Nachtrag): it says exactly what will happen, and the act is one more form post with
 * the same values — no JavaScript needed.
 */
export function ConfirmActPage(props: {
  record: AgreementRecord;
  title: string;
  current: string;
  action: string;
  csrf: string;
  /** Hidden fields sent with the confirmation (the version, the values shown). */
  fields: Record<string, string>;
  confirmLabel: string;
  backHref: string;
  children: Child;
  /** Fields the person fills in on the confirmation (e.g. the reason of a withdrawal). */
  formFields?: Child;
  /** A summary of errors of those fields, shown above. */
  errorSummary?: Child;
}) {
  const { record } = props;
  return (
    <Page title={`${props.title} – ${record.content.district.name} ${record.year}`} currentPath="/zielvereinbarungen" demo={record.isDemo}>
      <AgreementHeader title={props.title} districtName={record.content.district.name} year={record.year} ags={record.ags} status={record.status} version={record.currentVersion} current={props.current} />
      {props.errorSummary ?? null}
      <section aria-labelledby="was-geschieht" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="was-geschieht">
          Was geschieht
        </h2>
        {props.children}
      </section>
      <form method="post" action={props.action} class="kern-stack-sm" novalidate>
        <CsrfField token={props.csrf} />
        {Object.entries(props.fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        {props.formFields ?? null}
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
