import { raw } from 'hono/html';
import { formatDate, formatDateTime, formatEuro } from '../../../platform/format';
import { Page } from '../../../ui/layout';
import { AgreementNav } from './agreement-nav';
import { AGREEMENT_STATUS_LABELS, type AgreementStatus } from '../status';

export interface AgreementPageProps {
  year: number;
  ags: string;
  /** "Zielvereinbarung 2024 – Rheingau-Taunus-Kreis" */
  title: string;
  districtName: string;
  status: AgreementStatus;
  amountCents: number;
  version: number;
  publishedAt: Date | null;
  isDemo: boolean;
  template: { year: number; version: number };
  /** Signature date of the district, ISO; null while unsigned. */
  districtSignedOn: string | null;
  /** The agreement as HTML fragment, rendered with headingLevel 2 (the page owns the h1). */
  documentHtml: string;
  /** Set when the § 4 amount no longer matches the district's current allocation. */
  allocationMismatch?: string;
  /** The issued Bescheide of RP Kassel on the district's Antrag of the year (funding/service.ts), oldest first. */
  bescheide?: Array<{ sequence: number; decidedOn: string; approvedCents: number }>;
  /** Open follow-ups of the previous year's Umsetzungsbesprechung, for the Zielvereinbarungsgespräch (meetings/service.ts). */
  previousFollowUps?: PreviousFollowUps;
}

/** The open follow-ups of last year's confirmed minutes (what, who, by when) and the meeting's address. */
export interface PreviousFollowUps {
  year: number;
  href: string;
  items: Array<{ what: string; who: string; due: string }>;
}

const DOWNLOADS = [
  { ext: 'pdf', label: 'PDF', hint: 'barrierefreies PDF (PDF/UA) zum Drucken und Archivieren' },
  { ext: 'docx', label: 'Word (DOCX)', hint: 'zum Weiterbearbeiten' },
  { ext: 'txt', label: 'Text (TXT)', hint: 'reiner Text' },
  { ext: 'json', label: 'Austauschformat (JSON)', hint: 'aqb.zielvereinbarung/1 für Import und Open Data' },
] as const;

/** One Zielvereinbarung: key facts, downloads and the full text. */
export function AgreementPage(props: AgreementPageProps) {
  const base = `/zielvereinbarungen/${props.year}/${props.ags}`;
  return (
    <Page title={props.title} demo={props.isDemo}>
      <h1 class="kern-heading-large">{props.title}</h1>
      <AgreementNav year={props.year} ags={props.ags} status={props.status} current="" />
      {props.isDemo ? <p class="kern-body">Diese Zielvereinbarung ist erfunden (Demodaten).</p> : null}
      {props.allocationMismatch ? (
        <div class="kern-alert kern-alert--warning" role="note" aria-label="Abweichung von der Zuweisung">
          <div class="kern-alert__header">
            <span class="kern-icon kern-icon--warning" aria-hidden="true"></span>
            <p class="kern-title">Betrag weicht von der Zuweisung ab</p>
          </div>
          <div class="kern-alert__body">
            <p class="kern-body">{props.allocationMismatch}</p>
          </div>
        </div>
      ) : null}
      <dl class="agreement-facts">
        <div>
          <dt>Status</dt>
          <dd>{AGREEMENT_STATUS_LABELS[props.status]}</dd>
        </div>
        <div>
          <dt>Betrag (§ 4)</dt>
          <dd>{formatEuro(props.amountCents)}</dd>
        </div>
        {props.bescheide && props.bescheide.length > 0 ? (
          <div>
            <dt>Bewilligt (Bescheid)</dt>
            <dd>
              {formatEuro(props.bescheide[props.bescheide.length - 1]!.approvedCents)} bewilligt –{' '}
              {props.bescheide.map((b, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <a class="kern-link" href={`/antraege/${props.year}/${props.ags}/bescheide/${b.sequence}`}>
                    {b.sequence === 1 ? 'Zuwendungsbescheid' : `${b.sequence - 1}. Änderungsbescheid`} vom {formatDate(b.decidedOn)}
                  </a>
                </>
              ))}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Fassung</dt>
          <dd>Version {props.version}</dd>
        </div>
        <div>
          <dt>Vorlage</dt>
          <dd>
            <a class="kern-link" href={`/vorlagen/${props.template.year}`}>
              Jahresvorlage {props.template.year}, Version {props.template.version}
            </a>
          </dd>
        </div>
        {props.districtSignedOn ? (
          <div>
            <dt>Unterzeichnet von {props.districtName}</dt>
            <dd>{formatDate(props.districtSignedOn)}</dd>
          </div>
        ) : null}
        {props.publishedAt ? (
          <div>
            <dt>Veröffentlicht</dt>
            <dd>{formatDateTime(props.publishedAt)}</dd>
          </div>
        ) : null}
      </dl>
      {props.previousFollowUps && props.previousFollowUps.items.length > 0 ? <PreviousFollowUpList {...props.previousFollowUps} /> : null}
      <section aria-labelledby="herunterladen" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="herunterladen">
          Herunterladen
        </h2>
        <ul class="kern-list kern-list--bullet">
          {DOWNLOADS.map((d) => (
            <li>
              <a class="kern-link" href={`${base}/dokument.${d.ext}`}>
                {d.label}
              </a>{' '}
              – {d.hint}
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="Text der Zielvereinbarung" class="agreement-document">
        {raw(props.documentHtml)}
      </section>
    </Page>
  );
}

/** Carried into the talks on the next year's draft: § 6, the follow-ups the autumn meeting left open. */
function PreviousFollowUpList(props: PreviousFollowUps) {
  return (
    <section aria-labelledby="folgeaufgaben-vorjahr" class="kern-stack-sm">
      <h2 class="kern-heading-medium" id="folgeaufgaben-vorjahr">
        Offene Folgeaufgaben aus der Umsetzungsbesprechung {props.year}
      </h2>
      <p class="kern-body">
        {props.items.length === 1 ? 'Diese Folgeaufgabe ist' : `Diese ${props.items.length} Folgeaufgaben sind`} noch offen; sie gehören in das Zielvereinbarungsgespräch.{' '}
        <a class="kern-link" href={props.href}>
          Zur Umsetzungsbesprechung {props.year}
        </a>
      </p>
      <div class="table-region" role="region" aria-labelledby="folgeaufgaben-vorjahr" tabindex={0}>
        <table class="kern-table">
          <thead class="kern-table__head">
            <tr class="kern-table__row">
              <th class="kern-table__header" scope="col">Was</th>
              <th class="kern-table__header" scope="col">Wer</th>
              <th class="kern-table__header" scope="col">Bis</th>
            </tr>
          </thead>
          <tbody class="kern-table__body">
            {props.items.map((f) => (
              <tr class="kern-table__row">
                <td class="kern-table__cell">{f.what}</td>
                <td class="kern-table__cell">{f.who}</td>
                <td class="kern-table__cell">{formatDate(f.due)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
