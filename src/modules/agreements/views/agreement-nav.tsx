import { AGREEMENT_STATUS_LABELS, type AgreementStatus } from '../status';

export const agreementPath = (year: number, ags: string, page?: string) => `/zielvereinbarungen/${year}/${ags}${page ? `/${page}` : ''}`;

const PAGES = [
  { page: undefined, label: 'Dokument' },
  { page: 'bearbeiten', label: 'Bearbeiten' },
  { page: 'status', label: 'Status' },
  { page: 'unterschrift', label: 'Unterschriften' },
  { page: 'versionen', label: 'Versionen' },
  { page: 'verlauf', label: 'Verlauf' },
] as const;

/** Heading context and the sub-navigation shared by every workflow page of one agreement. */
export function AgreementHeader(props: { title: string; districtName: string; year: number; ags: string; status: AgreementStatus; version: number; current?: string }) {
  return (
    <>
      <h1 class="kern-heading-large">{props.title}</h1>
      <p class="kern-body">
        Zielvereinbarung {props.year} – {props.districtName} (AGS {props.ags}). Status: <strong>{AGREEMENT_STATUS_LABELS[props.status]}</strong>, Version{' '}
        {props.version}.
      </p>
      <nav aria-label="Zielvereinbarung">
        <ul class="agreement-subnav">
          {PAGES.map((entry) => (
            <li>
              <a class="kern-link" href={agreementPath(props.year, props.ags, entry.page)} aria-current={props.current === (entry.page ?? '') ? 'page' : undefined}>
                {entry.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
