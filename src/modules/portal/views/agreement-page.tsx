import type { ContentComparison } from '../../documents/service';
import { raw } from 'hono/html';
import { formatDate, formatDateTime, formatEuro } from '../../../platform/format';
import type { Signature } from '../../documents/schema';
import type { PublishedAgreement } from '../service';
import { agreementPath, PortalPage } from './portal-page';

/** Moves every heading of the agreement fragment one level down, so the page keeps one h1. */
export function demoteHeadings(html: string): string {
  return html.replace(/<(\/?)h([1-5])(\s|>)/g, (_, slash: string, level: string, rest: string) => `<${slash}h${Number(level) + 1}${rest}`);
}

function SignatureItem({ label, signature }: { label: string; signature: Signature | null }) {
  return (
    <div>
      <dt class="kern-title">{label}</dt>
      <dd class="kern-body">
        {signature
          ? `${signature.name}, ${signature.title} – unterzeichnet in ${signature.place} am ${formatDate(signature.date)}`
          : 'Nicht unterzeichnet'}
      </dd>
    </div>
  );
}

export interface AgreementPageProps {
  agreement: PublishedAgreement;
  html: string;
  otherYears: number[];
  pdfSize: number;
}

/** The public agreement page: facts, downloads with fingerprint, links to other years and diffs, full text. */
export function AgreementPage({ agreement, html, otherYears, pdfSize }: AgreementPageProps) {
  const base = agreementPath(agreement.year, agreement.ags);
  const title = `Zielvereinbarung ${agreement.year} – ${agreement.districtName}`;
  const previous = otherYears.filter((y) => y < agreement.year).sort((a, b) => b - a)[0];
  return (
    <PortalPage title={title} currentPath="/portal/zielvereinbarungen" demo={agreement.isDemo}>
      <h1 class="kern-heading-large">{title}</h1>
      <dl class="portal-facts">
        <div>
          <dt class="kern-title">Veröffentlicht am</dt>
          <dd class="kern-body">{formatDateTime(agreement.publishedAt)}</dd>
        </div>
        <div>
          <dt class="kern-title">Vereinbarter Betrag</dt>
          <dd class="kern-body">{formatEuro(agreement.content.amountCents)}</dd>
        </div>
        <SignatureItem label="Für das Land Hessen" signature={agreement.content.signatures.land} />
        <SignatureItem label={`Für ${agreement.districtAccusative}`} signature={agreement.content.signatures.district} />
      </dl>

      <section aria-labelledby="downloads" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="downloads">
          Herunterladen
        </h2>
        <ul class="kern-list">
          <li>
            <a class="kern-link" href={`${base}/zielvereinbarung.pdf`} download>
              Zielvereinbarung als PDF (veröffentlichte Fassung, {Math.round(pdfSize / 1024)} KB)
            </a>
          </li>
          <li>
            <a class="kern-link" href={`${base}/zielvereinbarung.docx`} download>
              Zielvereinbarung als Word-Datei (DOCX)
            </a>
          </li>
          <li>
            <a class="kern-link" href={`${base}/zielvereinbarung.json`} download>
              Daten der Zielvereinbarung als JSON (Austauschformat aqb.zielvereinbarung/1)
            </a>
          </li>
        </ul>
        <p class="kern-body">
          Prüfsumme (SHA-256) der PDF-Datei: <code class="portal-hash">{agreement.sha256}</code>
        </p>
        <p class="kern-body kern-body--small">
          So prüfen Sie, ob Ihre heruntergeladene PDF-Datei unverändert ist: Führen Sie <code>sha256sum</code> mit dem Dateinamen aus
          (unter Windows <code>certutil -hashfile Datei SHA256</code>) und vergleichen Sie das Ergebnis mit der Prüfsumme oben.
        </p>
      </section>

      <section aria-labelledby="andere-jahre" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="andere-jahre">
          {agreement.districtName} in anderen Jahren
        </h2>
        {otherYears.length === 0 ? (
          <p class="kern-body">Für andere Jahre ist noch keine Zielvereinbarung veröffentlicht.</p>
        ) : (
          <ul class="kern-list">
            {otherYears.map((year) => (
              <li>
                <a class="kern-link" href={agreementPath(year, agreement.ags)}>
                  Zielvereinbarung {year}
                </a>
              </li>
            ))}
          </ul>
        )}
        {previous !== undefined ? (
          <p class="kern-body">
            <a class="kern-link" href={`/portal/vergleich/${agreement.ags}/${previous}/${agreement.year}`}>
              Änderungen von {previous} zu {agreement.year} anzeigen
            </a>
          </p>
        ) : null}
      </section>

      <section aria-labelledby="volltext" class="kern-stack-sm portal-fulltext">
        <h2 class="kern-heading-medium" id="volltext">
          Volltext
        </h2>
        {raw(demoteHeadings(html))}
      </section>
    </PortalPage>
  );
}

/** Year-to-year comparison of one district's published agreements. */
export function DiffPage(props: {
  districtName: string;
  ags: string;
  from: number;
  to: number;
  diffHtml: string;
  isDemo: boolean;
  comparison: ContentComparison;
  measureTypeLabels: readonly string[];
}) {
  const title = `Änderungen ${props.from} zu ${props.to} – ${props.districtName}`;
  const { amount } = props.comparison;
  const list = (heading: string, titles: string[], id: string) => (
    <div class="kern-stack-xs project-changes">
      <h4 class="kern-heading-small" id={id}>
        {heading} ({titles.length})
      </h4>
      {titles.length === 0 ? (
        <p class="kern-body">keine</p>
      ) : (
        <ul class="kern-list kern-list--bullet" aria-labelledby={id}>
          {titles.map((t) => (
            <li>{t}</li>
          ))}
        </ul>
      )}
    </div>
  );
  return (
    <PortalPage title={title} currentPath="/portal/zielvereinbarungen" demo={props.isDemo}>
      <h1 class="kern-heading-large">{title}</h1>
      <section aria-labelledby="ueberblick" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="ueberblick">
          Auf einen Blick
        </h2>
        <dl class="agreement-facts">
          <dt>Haushaltsmittel (§ 4)</dt>
          <dd>
            {formatEuro(amount.fromCents)} → {formatEuro(amount.toCents)}
            {amount.changeCents === 0 ? ' (unverändert)' : ` (${amount.changeCents > 0 ? '+' : '−'}${formatEuro(Math.abs(amount.changeCents))})`}
          </dd>
        </dl>
        {props.comparison.measures.map((change) => (
          <section aria-labelledby={`massnahme-${change.type}`} class="kern-stack-xs">
            <h3 class="kern-heading-small" id={`massnahme-${change.type}`}>
              Maßnahmenart {change.type}
              {props.measureTypeLabels[change.type - 1] ? `: ${props.measureTypeLabels[change.type - 1]}` : ''}
            </h3>
            {list(`Neu ${props.to}`, change.added, `neu-${change.type}`)}
            {list(`Entfallen gegenüber ${props.from}`, change.removed, `entfallen-${change.type}`)}
            {list('Unverändert', change.unchanged, `unveraendert-${change.type}`)}
          </section>
        ))}
      </section>
      <h2 class="kern-heading-medium">Änderungen im Wortlaut</h2>
      <p class="kern-body">
        Eingefügter Text ist unterstrichen, gelöschter durchgestrichen; Bildschirmleser lesen „Eingefügt“ und „Gelöscht“ vor.
        Zielvereinbarungen:{' '}
        <a class="kern-link" href={agreementPath(props.from, props.ags)}>
          {props.from}
        </a>{' '}
        und{' '}
        <a class="kern-link" href={agreementPath(props.to, props.ags)}>
          {props.to}
        </a>
        .
      </p>
      {raw(props.diffHtml)}
    </PortalPage>
  );
}

/** A publication the ministry withdrew: when, and why; the document is no longer offered. */
export function WithdrawnPage(props: { districtName: string; year: number; withdrawnOn: string; reason: string }) {
  const title = `Zielvereinbarung ${props.year} – ${props.districtName}: zurückgezogen`;
  return (
    <PortalPage title={title} currentPath="/portal/zielvereinbarungen">
      <h1 class="kern-heading-large">{title}</h1>
      <div class="kern-alert kern-alert--warning" role="status">
        <div class="kern-alert__header">
          <span class="kern-title">Zurückgezogen am {props.withdrawnOn}</span>
        </div>
        <div class="kern-alert__body">
          <p class="kern-body">
            Das Hessische Ministerium für Arbeit, Integration, Jugend und Soziales hat die Veröffentlichung dieser Zielvereinbarung zurückgezogen. Begründung: {props.reason}
          </p>
        </div>
      </div>
      <p class="kern-body">
        <a class="kern-link" href="/portal/zielvereinbarungen">
          Zu allen veröffentlichten Zielvereinbarungen
        </a>
      </p>
    </PortalPage>
  );
}
