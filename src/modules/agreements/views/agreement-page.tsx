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
