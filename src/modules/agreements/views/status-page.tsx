import { formatDate, formatEuro } from '../../../platform/format';
import { CsrfField, Notice, SubmitButton } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { amountMismatch, type TransitionRule } from '../status';
import type { AgreementRecord } from '../use-cases';
import { AgreementHeader, agreementPath } from './agreement-nav';

export interface StatusPageProps {
  /** The signed-in user for the page header (name, Abmelden). */
  record: AgreementRecord;
  allocationCents: number | null;
  /** The district's Mittelankündigung of the year, when one was sent. */
  letter?: { amountCents: number; announcedOn: string };
  /** Its changes ("Änderung der Mittelankündigung"), one per revision of the allocation. */
  changeLetters?: { number: number; fromCents: number; toCents: number; letterDate: string }[];
  transitions: TransitionRule[];
  canAmend: boolean;
  csrf: string;
  notice?: string;
  error?: string;
}

export function StatusPage(props: StatusPageProps) {
  const { record } = props;
  const base = agreementPath(record.year, record.ags);
  const mismatch = props.allocationCents === null ? null : (amountMismatch(record.content.amountCents, props.allocationCents)?.message ?? null);
  const { land, district } = record.content.signatures;
  return (
    <Page title={`Status – ${record.content.district.name} ${record.year}`} currentPath="/zielvereinbarungen" demo={record.isDemo}>
      <AgreementHeader title="Status und nächste Schritte" districtName={record.content.district.name} year={record.year} ags={record.ags} status={record.status} version={record.currentVersion} current="status" />
      {props.notice ? <Notice title={props.notice} /> : null}
      {props.error ? (
        <Notice kind="danger" title="Der Schritt war nicht möglich">
          <p class="kern-body">{props.error}</p>
        </Notice>
      ) : null}
      <dl class="agreement-facts">
        <dt>Betrag in § 4</dt>
        <dd>{formatEuro(record.content.amountCents)}</dd>
        <dt>Aktuelle Zuweisung</dt>
        <dd>{props.allocationCents === null ? 'noch nicht festgelegt' : formatEuro(props.allocationCents)}</dd>
        {props.letter ? (
          <>
            <dt>Mittelankündigung</dt>
            <dd>
              {formatEuro(props.letter.amountCents)} vom {formatDate(props.letter.announcedOn)}:{' '}
              <a class="kern-link" href={`/mittelankuendigungen/${record.year}/${record.ags}/pdf`}>
                PDF
              </a>
              {' · '}
              <a class="kern-link" href={`/mittelankuendigungen/${record.year}/${record.ags}/docx`}>
                Word
              </a>
            </dd>
          </>
        ) : null}
        {props.changeLetters && props.changeLetters.length > 0 ? (
          <>
            <dt>Änderungen der Mittelankündigung</dt>
            <dd>
              <ul class="kern-list">
                {props.changeLetters.map((change) => (
                  <li>
                    Nr. {change.number} vom {formatDate(change.letterDate)}: {formatEuro(change.fromCents)} → {formatEuro(change.toCents)}:{' '}
                    <a class="kern-link" href={`/mittelankuendigungen/${record.year}/${record.ags}/aenderungen/${change.number}/pdf`}>
                      PDF<span class="visually-hidden"> (Änderung Nr. {change.number})</span>
                    </a>
                    {' · '}
                    <a class="kern-link" href={`/mittelankuendigungen/${record.year}/${record.ags}/aenderungen/${change.number}/docx`}>
                      Word<span class="visually-hidden"> (Änderung Nr. {change.number})</span>
                    </a>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>Abgleich</dt>
        <dd>{props.allocationCents === null ? 'Ohne Zuweisung kann nicht zur Unterschrift freigegeben werden.' : (mismatch ?? 'Betrag und Zuweisung stimmen überein.')}</dd>
        <dt>Unterschrift Land</dt>
        <dd>{land ? `${land.name}, ${land.title} – ${land.place}, ${formatDate(land.date)}` : 'fehlt'}</dd>
        <dt>Unterschrift Gebietskörperschaft</dt>
        <dd>{district ? `${district.name}, ${district.title} – ${district.place}, ${formatDate(district.date)}` : 'fehlt'}</dd>
        {record.amendsVersion ? (
          <>
            <dt>Nachtrag</dt>
            <dd>zur veröffentlichten Version {record.amendsVersion}</dd>
          </>
        ) : null}
      </dl>
      {props.transitions.length === 0 && !props.canAmend ? (
        <p class="kern-body">Für Sie steht in diesem Status kein Schritt an.</p>
      ) : (
        <section aria-labelledby="schritte" class="kern-stack-sm">
          <h2 class="kern-heading-medium" id="schritte">
            Nächste Schritte
          </h2>
          {props.transitions.map((rule) =>
            rule.to === 'veroeffentlicht' ? (
              // Publishing is confirmed on its own page first (PDF, fingerprint, portal address).
              <p>
                <a class="kern-btn kern-btn--primary" href={`${base}/veroeffentlichen?version=${record.currentVersion}`}>
                  <span class="kern-label">{rule.label} …</span>
                </a>
              </p>
            ) : (
            <form method="post" action={`${base}/status`}>
              <CsrfField token={props.csrf} />
              <input type="hidden" name="version" value={String(record.currentVersion)} />
              <input type="hidden" name="to" value={rule.to} />
              <SubmitButton variant={rule.to === 'entwurf' || rule.to === 'in_abstimmung' ? 'secondary' : 'primary'}>{rule.label}</SubmitButton>
            </form>
            ),
          )}
          {props.canAmend ? (
            <p>
              <a class="kern-btn kern-btn--secondary" href={`${base}/nachtrag`}>
                <span class="kern-label">Nachtrag anlegen …</span>
              </a>
            </p>
          ) : null}
        </section>
      )}
      {record.status === 'zur_unterschrift' ? (
        <p class="kern-body">
          <a class="kern-link" href={`${base}/unterschrift`}>
            Unterschriften erfassen
          </a>
        </p>
      ) : null}
    </Page>
  );
}
