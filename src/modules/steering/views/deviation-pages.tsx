import { formatDate, formatDateTime, formatEuro } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SelectField, SubmitButton, TextArea, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import { DEVIATION_ASSESSMENT_LABELS, DEVIATION_STATUS_LABELS, type Deviation, type DeviationAssessment } from '../schema';

export const deviationsPath = (year: number, ags?: string) => (ags ? `/abweichungen/${year}/${ags}` : `/abweichungen?jahr=${year}`);
export const deviationPath = (d: Pick<Deviation, 'year' | 'ags' | 'id'>) => `/abweichungen/${d.year}/${d.ags}/${d.id}`;

const MEASURE_LABEL = (type: number | null) => (type === null ? '–' : `Maßnahmenart ${type}`);

function concerns(d: Deviation): string {
  if (d.project) return `${d.project.title} (${d.project.key})`;
  if (d.measureType !== null) return MEASURE_LABEL(d.measureType);
  return 'Gebietskörperschaft insgesamt';
}

function extent(d: Deviation): string {
  const parts = [d.amountCents === null ? null : formatEuro(d.amountCents), d.count === null ? null : `${d.count.toLocaleString('de-DE')} (Anzahl)`].filter(Boolean);
  return parts.join(', ') || '–';
}

function statusText(d: Deviation): string {
  if (d.status === 'bewertet' && d.assessment) return `bewertet: ${DEVIATION_ASSESSMENT_LABELS[d.assessment]}`;
  return DEVIATION_STATUS_LABELS[d.status];
}

export interface DeviationListProps {
  year: number;
  years: number[];
  /** One district (its page) or null (the Land list of the ministry and RP). */
  district: { ags: string; name: string } | null;
  districtNames: Map<string, string>;
  deviations: Deviation[];
  canRecord: boolean;
  notice?: string;
}

export function DeviationListPage(props: DeviationListProps) {
  const title = props.district ? `Abweichungen ${props.year} – ${props.district.name}` : `Abweichungen ${props.year} – alle Gebietskörperschaften`;
  const open = props.deviations.filter((d) => d.status !== 'bewertet').length;
  return (
    <Page title={title} currentPath="/abweichungen" demo={props.deviations.some((d) => d.isDemo)}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        § 6 der Zielvereinbarung: Unterjährige Abweichungen von den in § 4 genannten Haushaltsmitteln und Eckdaten werden bei der Beurteilung der Zielerreichung
        berücksichtigt. Die Gebietskörperschaft begründet eine Abweichung, das HMSI bewertet sie; anerkannte Abweichungen werden aus der Beurteilung herausgenommen.
      </p>
      {props.notice ? <Notice title={props.notice} /> : null}
      <p class="kern-body">
        <a class="kern-link" href={props.district ? `/steuerung/${props.year}/${props.district.ags}` : `/steuerung?jahr=${props.year}`}>
          Monitoring {props.year}: Kennzahlen und Ampel
        </a>
      </p>
      {props.district === null && props.years.length > 1 ? (
        <form method="get" action="/abweichungen" class="kern-stack-sm">
          <SelectField name="jahr" label="AQB-Jahr" required value={String(props.year)} options={props.years.map((y) => ({ value: String(y), label: String(y) }))} />
          <SubmitButton variant="secondary">Anzeigen</SubmitButton>
        </form>
      ) : null}
      {props.canRecord && props.district ? (
        <p class="kern-body">
          <a class="kern-link" href={`${deviationsPath(props.year, props.district.ags)}/neu`}>
            Abweichung erfassen
          </a>
        </p>
      ) : null}
      {props.deviations.length === 0 ? (
        <p class="kern-body">Für dieses AQB-Jahr ist keine Abweichung erfasst.</p>
      ) : (
        <div class="table-region" role="region" aria-labelledby="abweichungen-titel" tabindex={0}>
          <table class="kern-table kern-table--striped">
            <caption class="kern-title" id="abweichungen-titel">
              {props.deviations.length} Abweichungen, davon {open} nicht bewertet
            </caption>
            <TableHead columns={[...(props.district ? [] : ['Gebietskörperschaft']), 'Abweichung', 'Betrifft', 'Umfang', 'Seit', 'Status']} />
            <tbody class="kern-table__body">
              {props.deviations.map((d) => (
                <tr class="kern-table__row">
                  {props.district ? null : <td class="kern-table__cell">{props.districtNames.get(d.ags) ?? d.ags}</td>}
                  <th scope="row" class="kern-table__header">
                    <a class="kern-link" href={deviationPath(d)}>
                      {d.subject}
                    </a>
                    {d.isDemo ? <span class="demo-marker"> (Demodaten)</span> : null}
                    {d.origin === 'automatisch' ? <span> (automatisch erkannt)</span> : null}
                  </th>
                  <td class="kern-table__cell">{concerns(d)}</td>
                  <td class="kern-table__cell">{extent(d)}</td>
                  <td class="kern-table__cell">{formatDate(d.since)}</td>
                  <td class="kern-table__cell">{statusText(d)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

export interface RecordDeviationValues {
  subject: string;
  projectKey: string;
  measureType: string;
  amount: string;
  count: string;
  since: string;
}

export interface RecordDeviationProps {
  year: number;
  district: { ags: string; name: string };
  projects: { key: string; title: string }[];
  csrf: string;
  values: RecordDeviationValues;
  errors?: FieldErrors;
}

export const RECORD_FIELD_LABELS: Record<string, string> = {
  gegenstand: 'Abweichung',
  projekt: 'Projekt',
  massnahmenart: 'Maßnahmenart',
  betrag: 'Betrag',
  anzahl: 'Anzahl',
  seit: 'Seit',
};

export function RecordDeviationPage(props: RecordDeviationProps) {
  const title = `Abweichung erfassen – ${props.district.name} ${props.year}`;
  return (
    <Page title={title} currentPath="/abweichungen">
      <h1 class="kern-heading-large">{title}</h1>
      <form method="post" action={deviationsPath(props.year, props.district.ags)} class="kern-stack-sm" novalidate>
        <ErrorSummary errors={props.errors ?? {}} labels={RECORD_FIELD_LABELS} />
        <CsrfField token={props.csrf} />
        <TextArea
          name="gegenstand"
          label="Abweichung"
          required
          rows={3}
          maxlength={500}
          value={props.values.subject}
          error={props.errors?.gegenstand}
          hint="Was weicht ab, z. B. „Mittelabfluss bis 30.9. unter Plan“ oder „weniger Plätze besetzt“."
        />
        <SelectField
          name="projekt"
          label="Projekt"
          value={props.values.projectKey}
          error={props.errors?.projekt}
          options={[{ value: '', label: 'kein einzelnes Projekt' }, ...props.projects.map((p) => ({ value: p.key, label: `${p.title} (${p.key})` }))]}
        />
        <SelectField
          name="massnahmenart"
          label="Maßnahmenart"
          value={props.values.measureType}
          error={props.errors?.massnahmenart}
          hint="Bei einem Projekt wird seine Maßnahmenart übernommen."
          options={[{ value: '', label: 'keine / aus dem Projekt' }, ...[1, 2, 3, 4].map((t) => ({ value: String(t), label: `Maßnahmenart ${t}` }))]}
        />
        <TextField name="betrag" label="Betrag" value={props.values.amount} error={props.errors?.betrag} hint="In Euro, z. B. 12.500,00. Betrag oder Anzahl ist anzugeben." inputmode="decimal" maxlength={30} />
        <TextField name="anzahl" label="Anzahl" value={props.values.count} error={props.errors?.anzahl} hint="Plätze, Teilnehmende oder Abschlüsse, z. B. 4." inputmode="numeric" maxlength={9} />
        <TextField name="seit" label="Seit" required value={props.values.since} error={props.errors?.seit} hint="Datum, z. B. 30.9.2025." maxlength={20} />
        <SubmitButton>Abweichung erfassen</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href={deviationsPath(props.year, props.district.ags)}>
          Zurück zu den Abweichungen
        </a>
      </p>
    </Page>
  );
}

export interface DeviationPageProps {
  deviation: Deviation;
  districtName: string;
  canJustify: boolean;
  canAssess: boolean;
  csrf: string;
  justification: string;
  assessment: { value: string; reason: string };
  errors?: FieldErrors;
  notice?: string;
}

export function DeviationPage(props: DeviationPageProps) {
  const d = props.deviation;
  const title = `Abweichung: ${d.subject}`;
  return (
    <Page title={title} currentPath="/abweichungen" demo={d.isDemo}>
      <h1 class="kern-heading-large">{title}</h1>
      {props.notice ? <Notice title={props.notice} /> : null}
      <dl class="agreement-facts">
        <dt>Gebietskörperschaft</dt>
        <dd>{props.districtName}</dd>
        <dt>AQB-Jahr</dt>
        <dd>{d.year}</dd>
        <dt>Betrifft</dt>
        <dd>{concerns(d)}</dd>
        <dt>Umfang</dt>
        <dd>{extent(d)}</dd>
        <dt>Seit</dt>
        <dd>{formatDate(d.since)}</dd>
        <dt>Erfasst</dt>
        <dd>
          {d.origin === 'automatisch' ? 'automatisch erkannt' : (d.createdByName ?? 'unbekannt')}, {formatDateTime(d.createdAt)}
        </dd>
        <dt>Status</dt>
        <dd>{statusText(d)}</dd>
      </dl>
      <section aria-labelledby="begruendung-titel" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="begruendung-titel">
          Begründung der Gebietskörperschaft
        </h2>
        {d.justification ? (
          <>
            <p class="kern-body multiline">{d.justification}</p>
            <p class="kern-body">
              {d.justifiedByName ?? 'unbekannt'}, {d.justifiedAt ? formatDateTime(d.justifiedAt) : ''}
            </p>
          </>
        ) : (
          <p class="kern-body">Noch nicht begründet.</p>
        )}
        {props.canJustify ? (
          <form method="post" action={`${deviationPath(d)}/begruenden`} class="kern-stack-sm" novalidate>
            <ErrorSummary errors={pick(props.errors, ['begruendung'])} labels={{ begruendung: 'Begründung' }} />
            <CsrfField token={props.csrf} />
            <input type="hidden" name="version" value={String(d.version)} />
            <TextArea name="begruendung" label="Begründung" required rows={5} maxlength={5000} value={props.justification} error={props.errors?.begruendung} />
            <SubmitButton>{d.justification ? 'Begründung ändern' : 'Begründung speichern'}</SubmitButton>
          </form>
        ) : null}
      </section>
      <section aria-labelledby="bewertung-titel" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="bewertung-titel">
          Bewertung des HMSI
        </h2>
        {d.assessment ? (
          <>
            <p class="kern-body">
              <strong>{DEVIATION_ASSESSMENT_LABELS[d.assessment]}</strong>
              {d.assessment === 'anerkannt' ? ' – wird bei der Beurteilung der Zielerreichung herausgenommen.' : ' – zählt bei der Beurteilung der Zielerreichung.'}
            </p>
            <p class="kern-body multiline">{d.assessmentReason}</p>
            <p class="kern-body">
              {d.assessedByName ?? 'unbekannt'}, {d.assessedAt ? formatDateTime(d.assessedAt) : ''}
            </p>
          </>
        ) : (
          <p class="kern-body">{d.status === 'offen' ? 'Die Abweichung wird bewertet, sobald die Gebietskörperschaft sie begründet hat.' : 'Noch nicht bewertet.'}</p>
        )}
        {props.canAssess ? (
          <form method="post" action={`${deviationPath(d)}/bewerten`} class="kern-stack-sm" novalidate>
            <ErrorSummary errors={pick(props.errors, ['bewertung', 'grund'])} labels={{ bewertung: 'Bewertung', grund: 'Grund' }} />
            <CsrfField token={props.csrf} />
            <input type="hidden" name="version" value={String(d.version)} />
            <SelectField
              name="bewertung"
              label="Bewertung"
              required
              value={props.assessment.value}
              error={props.errors?.bewertung}
              options={[
                { value: '', label: 'Bitte wählen' },
                { value: 'anerkannt', label: 'anerkannt' },
                { value: 'nicht_anerkannt', label: 'nicht anerkannt' },
              ]}
            />
            <TextArea name="grund" label="Grund" required rows={4} maxlength={5000} value={props.assessment.reason} error={props.errors?.grund} />
            <SubmitButton>Weiter zur Bestätigung</SubmitButton>
          </form>
        ) : null}
      </section>
      <p class="kern-body">
        <a class="kern-link" href={deviationsPath(d.year, d.ags)}>
          Zurück zu den Abweichungen
        </a>
      </p>
    </Page>
  );
}

function pick(errors: FieldErrors | undefined, names: string[]): FieldErrors {
  const out: FieldErrors = {};
  for (const name of names) if (errors?.[name]) out[name] = errors[name];
  return out;
}

/** The assessment is final: the ministry confirms it on its own page (works without JavaScript). */
export function ConfirmAssessmentPage(props: { deviation: Deviation; districtName: string; csrf: string; assessment: DeviationAssessment; reason: string }) {
  const d = props.deviation;
  return (
    <Page title="Bewertung bestätigen" currentPath="/abweichungen">
      <h1 class="kern-heading-large">Bewertung bestätigen</h1>
      <p class="kern-body">
        Abweichung „{d.subject}“ ({props.districtName}, {d.year}) wird als <strong>{DEVIATION_ASSESSMENT_LABELS[props.assessment]}</strong> bewertet.{' '}
        {props.assessment === 'anerkannt'
          ? 'Sie wird bei der Beurteilung der Zielerreichung herausgenommen.'
          : 'Sie zählt bei der Beurteilung der Zielerreichung.'}{' '}
        Die Bewertung ist endgültig und wird im Protokoll festgehalten.
      </p>
      <p class="kern-body multiline">Grund: {props.reason}</p>
      <form method="post" action={`${deviationPath(d)}/bewerten`} class="kern-stack-sm" novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(d.version)} />
        <input type="hidden" name="bewertung" value={props.assessment} />
        <input type="hidden" name="grund" value={props.reason} />
        <input type="hidden" name="bestaetigt" value="1" />
        <SubmitButton>Bewertung endgültig speichern</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href={deviationPath(d)}>
          Abbrechen
        </a>
      </p>
    </Page>
  );
}
