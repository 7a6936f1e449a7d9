import { useContext } from 'hono/jsx';
import { RequestContext } from 'hono/jsx-renderer';
import { can, type MaybeActor } from '../../access/policy';
import { AGREEMENT_STATUS_LABELS, type AgreementStatus } from '../status';

export const agreementPath = (year: number, ags: string, page?: string) => `/zielvereinbarungen/${year}/${ags}${page ? `/${page}` : ''}`;

/** The pages of one agreement and when an entry is shown: only what the person may open and use. */
const PAGES: ReadonlyArray<{ page: string | undefined; label: string; shown: (actor: MaybeActor, ags: string, status: AgreementStatus) => boolean }> = [
  { page: undefined, label: 'Text', shown: () => true },
  { page: 'bearbeiten', label: 'Bearbeiten', shown: (actor, ags, status) => can(actor, 'agreement.edit', { ags, status }) },
  { page: 'status', label: 'Status', shown: () => true },
  { page: 'unterschrift', label: 'Unterschriften', shown: (_actor, _ags, status) => status !== 'entwurf' && status !== 'in_abstimmung' },
  { page: 'versionen', label: 'Versionen', shown: () => true },
  { page: 'verlauf', label: 'Verlauf', shown: () => true },
  { page: 'notizen', label: 'Notizen', shown: (actor, ags) => can(actor, 'agreement.note', { ags }) },
];

/** The sub-navigation every page of one agreement shares, with only the entries the signed-in person may use. */
export function AgreementNav(props: { year: number; ags: string; status: AgreementStatus; current?: string }) {
  const c = useContext(RequestContext);
  const actor = (c?.get('actor') as MaybeActor | undefined) ?? null;
  return (
    <nav aria-label="Zielvereinbarung">
      <ul class="agreement-subnav">
        {PAGES.filter((entry) => entry.shown(actor, props.ags, props.status)).map((entry) => (
          <li>
            <a class="kern-link" href={agreementPath(props.year, props.ags, entry.page)} aria-current={props.current === (entry.page ?? '') ? 'page' : undefined}>
              {entry.label}
            </a>
          </li>
        ))}
        {can(actor, 'project.read', { ags: props.ags }) ? (
          <li>
            <a class="kern-link" href={`/projekte/${props.year}/${props.ags}`}>
              Projekte und Finanzierungspläne
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** Heading context and the sub-navigation shared by every workflow page of one agreement. */
export function AgreementHeader(props: { title: string; districtName: string; year: number; ags: string; status: AgreementStatus; version: number; current?: string }) {
  return (
    <>
      <h1 class="kern-heading-large">{props.title}</h1>
      <p class="kern-body">
        Zielvereinbarung {props.year} – {props.districtName} (AGS {props.ags}). Status: <strong>{AGREEMENT_STATUS_LABELS[props.status]}</strong>, Version{' '}
        {props.version}.
      </p>
      <AgreementNav year={props.year} ags={props.ags} status={props.status} current={props.current} />
    </>
  );
}
