import { formatDate, formatEuro } from '../../../platform/format';
import { YearNav } from '../../../ui/year-nav';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SelectField, SubmitButton, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import { TableHead } from '../../../ui/table';
import { outcomeField, type ProjectFormValues } from '../project-form';
import {
  EXPENSE_CATEGORIES,
  EXPENSE_CATEGORY_LABELS,
  FUNDING_SOURCE_LABELS,
  FUNDING_SOURCES,
  PLANNED_OUTCOME_LABELS,
  PLANNED_OUTCOMES,
  type PlannedOutcomes,
  planTotals,
  type Project,
  type Provider,
  TARGET_GROUP_LABELS,
  TARGET_GROUPS,
} from '../schema';
import { parseEuro } from '../../../platform/input';

/** "Ausbildungsabschlüsse: 8, Übergänge in Ausbildung: 4", or "nicht angegeben". */
export function plannedOutcomesText(outcomes: PlannedOutcomes): string {
  const parts = PLANNED_OUTCOMES.filter((code) => outcomes[code] !== undefined).map((code) => `${PLANNED_OUTCOME_LABELS[code]}: ${outcomes[code]}`);
  return parts.length ? parts.join(', ') : 'nicht angegeben';
}

export const projectsPath = (year: number, ags: string) => `/projekte/${year}/${ags}`;
export const projectPath = (year: number, ags: string, key: string, page?: string) => `/projekte/${year}/${ags}/projekt/${encodeURIComponent(key)}${page ? `/${page}` : ''}`;
export const providersPath = (ags: string) => `/traeger/${ags}`;

export interface DistrictYear {
  year: number;
  ags: string;
  districtName: string;
}

const laufzeit = (p: Pick<Project, 'start' | 'end'>) => (p.start && p.end ? `${formatDate(p.start)} – ${formatDate(p.end)}` : p.start ? `ab ${formatDate(p.start)}` : p.end ? `bis ${formatDate(p.end)}` : 'nicht angegeben');

// ── Overview (/projekte) ─────────────────────────────────────────────────────────────────────
export interface ProjectsOverviewProps {
  years: number[];
  year: number | null;
  /** HMSI and RP: every district with its project count; a district user: only its own. */
  districts: Array<{ ags: string; name: string; projectCount: number }>;
}

export function ProjectsOverviewPage(props: ProjectsOverviewProps) {
  return (
    <Page title="Projekte und Träger" currentPath="/projekte">
      <h1 class="kern-heading-large">Projekte und Träger</h1>
      <p class="kern-body">
        Die Projekte (Maßnahmen) jeder Gebietskörperschaft je AQB-Jahr mit Träger, Laufzeit, Plätzen und Finanzierungsplan. Aus ihnen entstehen § 5 der
        Zielvereinbarung und der Antrag beim Regierungspräsidium Kassel.
      </p>
      {props.years.length === 0 || props.year === null ? (
        <p class="kern-body">Es ist noch kein AQB-Jahr angelegt.</p>
      ) : (
        <>
          <YearNav years={props.years} current={props.year} href={(y) => `/projekte?jahr=${y}`} />
          <div class="table-region" role="region" aria-labelledby="gk-titel" tabindex={0}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-title" id="gk-titel">
                Projekte im AQB-Jahr {props.year}
              </caption>
              <TableHead columns={['Gebietskörperschaft', { label: 'Projekte', numeric: true }, 'Träger']} />
              <tbody class="kern-table__body">
                {props.districts.map((d) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      <a class="kern-link" href={projectsPath(props.year!, d.ags)}>
                        {d.name}
                      </a>
                    </th>
                    <td class="kern-table__cell kern-table__cell--numeric">{d.projectCount}</td>
                    <td class="kern-table__cell">
                      <a class="kern-link" href={providersPath(d.ags)}>
                        Träger<span class="visually-hidden"> von {d.name}</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Page>
  );
}

// ── List of a district and year ──────────────────────────────────────────────────────────────
export interface ProjectListProps extends DistrictYear {
  projects: Project[];
  labels: [string, string, string, string];
  canEdit: boolean;
  allocationCents: number | null;
  page: number;
  pageSize: number;
  notice?: string;
  /** Link to the district's agreement of that year, when there is one the viewer may read. */
  agreementHref?: string;
}

export function ProjectListPage(props: ProjectListProps) {
  const demo = props.projects.some((p) => p.isDemo);
  const totals = props.projects.reduce(
    (sum, p) => {
      const t = planTotals(p);
      return { aqb: sum.aqb + t.aqbCents, expenses: sum.expenses + t.expensesCents, places: sum.places + (p.plannedPlaces ?? 0) };
    },
    { aqb: 0, expenses: 0, places: 0 },
  );
  const pages = Math.max(1, Math.ceil(props.projects.length / props.pageSize));
  const page = Math.min(props.page, pages);
  const shown = props.projects.slice((page - 1) * props.pageSize, page * props.pageSize);
  const base = projectsPath(props.year, props.ags);
  return (
    <Page title={`Projekte ${props.year} – ${props.districtName}`} currentPath="/projekte" demo={demo}>
      <h1 class="kern-heading-large">Projekte {props.year}</h1>
      <p class="kern-body">
        {props.districtName} (AGS {props.ags}).{' '}
        <a class="kern-link" href={providersPath(props.ags)}>
          Träger der Gebietskörperschaft
        </a>
        {props.agreementHref ? (
          <>
            {' · '}
            <a class="kern-link" href={props.agreementHref}>
              Zielvereinbarung {props.year}
            </a>
          </>
        ) : null}
        {' · '}
        <a class="kern-link" href={`${projectsPath(props.year, props.ags)}/eckdaten`}>
          Eckdaten {props.year}
        </a>
        {' · '}
        <a class="kern-link" href={`/antraege/${props.year}/${props.ags}`}>
          Antrag {props.year}
        </a>
        {' · '}
        <a class="kern-link" href={`/projekte?jahr=${props.year}`}>
          Andere Jahre
        </a>
      </p>
      {props.notice ? <Notice title={props.notice} /> : null}
      <dl class="agreement-facts">
        <div>
          <dt>Zuweisung {props.year}</dt>
          <dd>{props.allocationCents === null ? 'noch keine' : formatEuro(props.allocationCents)}</dd>
        </div>
        <div>
          <dt>AQB-Anteil der Projekte</dt>
          <dd>{formatEuro(totals.aqb)}</dd>
        </div>
        {props.allocationCents !== null ? (
          <div>
            <dt>{props.allocationCents - totals.aqb < 0 ? 'Über der Zuweisung' : 'Noch nicht verplant'}</dt>
            <dd>{formatEuro(Math.abs(props.allocationCents - totals.aqb))}</dd>
          </div>
        ) : null}
      </dl>
      {props.canEdit ? (
        <p>
          <a class="kern-btn kern-btn--primary" href={`${base}/neu`}>
            <span class="kern-label">Neues Projekt anlegen</span>
          </a>
        </p>
      ) : null}
      {props.projects.length === 0 ? (
        <p class="kern-body">
          Für {props.year} sind noch keine Projekte erfasst.
          {props.canEdit ? ' Legen Sie das erste Projekt an; es erscheint dann auch in § 5 des Entwurfs der Zielvereinbarung.' : ''}
        </p>
      ) : (
        <>
          <div class="table-region" role="region" aria-labelledby="projekte-titel" tabindex={0}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-title" id="projekte-titel">
                Projekte {props.year} ({props.projects.length}){pages > 1 ? `, Seite ${page} von ${pages}` : ''}
              </caption>
              <TableHead columns={['Kürzel', 'Projekt', 'Maßnahmenart', 'Träger', 'Laufzeit', { label: 'Plätze', numeric: true }, { label: 'AQB-Anteil', numeric: true }]} />
              <tbody class="kern-table__body">
                {shown.map((p) => (
                  <tr class="kern-table__row">
                    <td class="kern-table__cell">{p.key}</td>
                    <th scope="row" class="kern-table__header">
                      <a class="kern-link" href={projectPath(props.year, props.ags, p.key)}>
                        {p.title}
                      </a>
                      {p.isDemo ? <span class="demo-marker"> (Demodaten)</span> : null}
                    </th>
                    <td class="kern-table__cell">{props.labels[p.measureType - 1]}</td>
                    <td class="kern-table__cell">{p.provider?.name ?? 'nicht angegeben'}</td>
                    <td class="kern-table__cell">{laufzeit(p)}</td>
                    <td class="kern-table__cell kern-table__cell--numeric">{p.plannedPlaces ?? '–'}</td>
                    <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(planTotals(p).aqbCents)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr class="kern-table__row">
                  <th scope="row" class="kern-table__header" colspan={5}>
                    Summe aller {props.projects.length} Projekte
                  </th>
                  <td class="kern-table__cell kern-table__cell--numeric">{totals.places}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(totals.aqb)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
          {pages > 1 ? (
            <nav aria-label="Seiten der Projektliste">
              <ul class="agreement-subnav">
                {Array.from({ length: pages }, (_v, i) => i + 1).map((n) => (
                  <li>
                    <a class="kern-link" href={`${base}?seite=${n}`} aria-current={n === page ? 'page' : undefined}>
                      Seite {n}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </>
      )}
    </Page>
  );
}

// ── One project ──────────────────────────────────────────────────────────────────────────────
export interface ProjectPageProps extends DistrictYear {
  project: Project;
  labels: [string, string, string, string];
  subBudgetName: string | null;
  canEdit: boolean;
  notice?: string;
}

function PlanTables({ project, idPrefix }: { project: Pick<Project, 'expenses' | 'funding'>; idPrefix: string }) {
  const totals = planTotals(project);
  return (
    <>
      <div class="table-region" role="region" aria-labelledby={`${idPrefix}-ausgaben`} tabindex={0}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id={`${idPrefix}-ausgaben`}>
            Ausgaben
          </caption>
          <TableHead columns={['Ausgabenart', 'Bezeichnung', { label: 'Betrag', numeric: true }]} />
          <tbody class="kern-table__body">
            {project.expenses.length === 0 ? (
              <tr class="kern-table__row">
                <td class="kern-table__cell" colspan={3}>
                  Noch keine Ausgaben erfasst.
                </td>
              </tr>
            ) : (
              project.expenses.map((line) => (
                <tr class="kern-table__row">
                  <td class="kern-table__cell">{EXPENSE_CATEGORY_LABELS[line.category]}</td>
                  <td class="kern-table__cell">{line.label}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(line.amountCents)}</td>
                </tr>
              ))
            )}
          </tbody>
          <tfoot>
            <tr class="kern-table__row">
              <th scope="row" class="kern-table__header" colspan={2}>
                Summe der Ausgaben
              </th>
              <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(totals.expensesCents)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <div class="table-region" role="region" aria-labelledby={`${idPrefix}-finanzierung`} tabindex={0}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id={`${idPrefix}-finanzierung`}>
            Finanzierung
          </caption>
          <TableHead columns={['Quelle', { label: 'Betrag', numeric: true }]} />
          <tbody class="kern-table__body">
            {project.funding.length === 0 ? (
              <tr class="kern-table__row">
                <td class="kern-table__cell" colspan={2}>
                  Noch keine Finanzierung erfasst.
                </td>
              </tr>
            ) : (
              project.funding.map((line) => (
                <tr class="kern-table__row">
                  <td class="kern-table__cell">{FUNDING_SOURCE_LABELS[line.source]}</td>
                  <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(line.amountCents)}</td>
                </tr>
              ))
            )}
          </tbody>
          <tfoot>
            <tr class="kern-table__row">
              <th scope="row" class="kern-table__header">
                Summe der Finanzierung
              </th>
              <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(totals.fundingCents)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}

export function ProjectPage(props: ProjectPageProps) {
  const { project } = props;
  const totals = planTotals(project);
  return (
    <Page title={`${project.title} – Projekte ${props.year}`} currentPath="/projekte" demo={project.isDemo}>
      <h1 class="kern-heading-large">{project.title}</h1>
      <p class="kern-body">
        Projekt {project.key} – {props.districtName}, AQB-Jahr {props.year}.{' '}
        <a class="kern-link" href={projectsPath(props.year, props.ags)}>
          Zur Projektliste
        </a>
      </p>
      {props.notice ? <Notice title={props.notice} /> : null}
      {project.status === 'entfallen' ? (
        <Notice kind="info" title="Entfallen">
          <p class="kern-body">Dieses Projekt ist entfallen: Es steht nicht mehr in § 5 und gehört nicht zum Antrag. Der Datensatz bleibt erhalten.</p>
        </Notice>
      ) : null}
      <dl class="agreement-facts">
        <div>
          <dt>Maßnahmenart</dt>
          <dd>{props.labels[project.measureType - 1]}</dd>
        </div>
        <div>
          <dt>Teilbudget</dt>
          <dd>{props.subBudgetName ?? 'keines'}</dd>
        </div>
        <div>
          <dt>Träger</dt>
          <dd>{project.provider ? `${project.provider.name}${project.provider.address ? `, ${project.provider.address}` : ''}` : 'nicht angegeben'}</dd>
        </div>
        <div>
          <dt>Laufzeit</dt>
          <dd>
            {laufzeit(project)}
            {project.earlyStart ? ' (vorzeitiger Maßnahmebeginn)' : ''}
          </dd>
        </div>
        <div>
          <dt>Geplante Teilnehmendenplätze</dt>
          <dd>{project.plannedPlaces ?? 'nicht angegeben'}</dd>
        </div>
        <div>
          <dt>Geplante Ergebnisse</dt>
          <dd>{plannedOutcomesText(project.plannedOutcomes)}</dd>
        </div>
        <div>
          <dt>Zielgruppen und Rechtskreise</dt>
          <dd>{project.targetGroups.length ? project.targetGroups.map((g) => TARGET_GROUP_LABELS[g]).join(', ') : 'nicht angegeben'}</dd>
        </div>
        <div>
          <dt>AQB-Zuwendung</dt>
          <dd>{formatEuro(totals.aqbCents)}</dd>
        </div>
      </dl>
      <h2 class="kern-heading-medium">Finanzierungsplan</h2>
      {totals.expensesCents !== totals.fundingCents ? (
        <Notice kind="warning" title="Finanzierungsplan nicht ausgeglichen">
          <p class="kern-body">
            Ausgaben {formatEuro(totals.expensesCents)}, Finanzierung {formatEuro(totals.fundingCents)}.
          </p>
        </Notice>
      ) : null}
      <PlanTables project={project} idPrefix="plan" />
      {props.canEdit && project.status === 'aktiv' ? (
        <p class="import-actions">
          <a class="kern-btn kern-btn--primary" href={projectPath(props.year, props.ags, project.key, 'bearbeiten')}>
            <span class="kern-label">Bearbeiten</span>
          </a>
          <a class="kern-btn kern-btn--secondary" href={projectPath(props.year, props.ags, project.key, 'entfernen')}>
            <span class="kern-label">Projekt entfallen lassen</span>
          </a>
        </p>
      ) : null}
    </Page>
  );
}

// ── Create / edit form ───────────────────────────────────────────────────────────────────────
export interface ProjectFormProps extends DistrictYear {
  /** Absent for a new project. */
  project?: Project;
  values: ProjectFormValues;
  labels: [string, string, string, string];
  providers: Provider[];
  subBudgets: string[];
  csrf: string;
  baseVersion?: number;
  errors?: FieldErrors;
  /** A stale save: nothing was overwritten. */
  conflict?: string;
  notice?: string;
}

/** The form's running sums (as far as the typed amounts can be read). */
function typedSum(amounts: string[]): number {
  return amounts.reduce((sum, text) => {
    const parsed = parseEuro(text);
    return text.trim() && parsed.ok ? sum + parsed.cents : sum;
  }, 0);
}

export function ProjectFormPage(props: ProjectFormProps) {
  const v = props.values;
  const e = props.errors ?? {};
  const isNew = !props.project;
  const action = isNew ? `${projectsPath(props.year, props.ags)}/neu` : projectPath(props.year, props.ags, props.project!.key, 'bearbeiten');
  const expensesSum = typedSum(v.expenses.map((r) => r.amount));
  const fundingSum = typedSum(v.funding.map((r) => r.amount));
  const title = isNew ? 'Neues Projekt' : `Projekt bearbeiten: ${props.project!.title}`;
  return (
    <Page title={`${title} – ${props.districtName} ${props.year}`} currentPath="/projekte" demo={props.project?.isDemo}>
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">
        {props.districtName}, AQB-Jahr {props.year}.{' '}
        <a class="kern-link" href={isNew ? projectsPath(props.year, props.ags) : projectPath(props.year, props.ags, props.project!.key)}>
          Abbrechen und zurück
        </a>
      </p>
      {props.notice ? <Notice kind="info" title={props.notice} /> : null}
      {props.conflict ? (
        <Notice kind="danger" title="Speicherkonflikt: nichts wurde überschrieben">
          <p class="kern-body">{props.conflict}</p>
          <p class="kern-body">Das Formular enthält Ihre Eingaben und beruht jetzt auf der aktuellen Version. Wenn Sie erneut speichern, ersetzt Ihre Fassung die aktuelle.</p>
        </Notice>
      ) : null}
      <form method="post" action={action} class="kern-stack-sm" novalidate>
        <ErrorSummary errors={e} />
        <CsrfField token={props.csrf} />
        {props.baseVersion !== undefined ? <input type="hidden" name="version" value={String(props.baseVersion)} /> : null}
        <input type="hidden" name="ausgaben_zeilen" value={String(v.expenses.length)} />
        <input type="hidden" name="finanzierung_zeilen" value={String(v.funding.length)} />
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Projekt</legend>
          <div class="kern-fieldset__body kern-stack-sm">
            <TextField name="kuerzel" label="Kürzel" required value={v.key} error={e.kuerzel} maxlength={40} hint="Ihre eigene Kurzbezeichnung, eindeutig im Jahr, z. B. P1. Buchstaben, Ziffern, Punkt, Bindestrich, Unterstrich." />
            <TextField name="titel" label="Titel" required value={v.title} error={e.titel} maxlength={500} hint="So steht das Projekt in § 5 der Zielvereinbarung." />
            <SelectField
              name="massnahmenart"
              label="Maßnahmenart"
              required
              value={v.measureType}
              error={e.massnahmenart}
              options={[{ value: '', label: 'Bitte wählen' }, ...props.labels.map((label, i) => ({ value: String(i + 1), label: `${i + 1}. ${label}` }))]}
            />
            <SelectField
              name="teilbudget"
              label="Teilbudget"
              value={v.teilbudget}
              error={e.teilbudget}
              options={[{ value: '', label: 'Keines' }, ...props.subBudgets.map((name) => ({ value: name, label: name }))]}
              hint={props.subBudgets.length ? undefined : `Für ${props.year} sind keine Teilbudgets festgelegt.`}
            />
          </div>
        </fieldset>
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Träger</legend>
          <div class="kern-fieldset__body kern-stack-sm">
            <SelectField
              name="traeger"
              label="Träger aus Ihrer Liste"
              value={v.provider}
              error={e.traeger}
              options={[{ value: '', label: 'Noch kein Träger' }, ...props.providers.map((p) => ({ value: String(p.id), label: p.name })), { value: 'neu', label: 'Neuer Träger (Felder unten)' }]}
              hint="Ein neuer Träger kommt mit dem Speichern in Ihre Trägerliste und steht in allen Jahren zur Wahl."
            />
            <TextField name="traeger_name" label="Name des neuen Trägers" value={v.providerName} error={e.traeger_name} maxlength={200} hint="Nur wenn oben „Neuer Träger“ gewählt ist." />
            <TextField name="traeger_anschrift" label="Anschrift des neuen Trägers" value={v.providerAddress} error={e.traeger_anschrift} maxlength={300} autocomplete="off" />
          </div>
        </fieldset>
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Laufzeit, Plätze und Zielgruppen</legend>
          <div class="kern-fieldset__body kern-stack-sm">
            <TextField name="beginn" label="Beginn" value={v.start} error={e.beginn} hint={`Datum im AQB-Jahr, z. B. 1.1.${props.year}`} />
            <TextField name="ende" label="Ende" value={v.end} error={e.ende} hint={`Datum im AQB-Jahr, z. B. 31.12.${props.year}`} />
            <div class="kern-form-check">
              <input class="kern-form-check__checkbox" type="checkbox" id="feld-vorzeitig" name="vorzeitig" value="1" checked={v.earlyStart} />
              <label class="kern-label" for="feld-vorzeitig">
                Vorzeitiger Maßnahmebeginn (ab 1. Januar, vor dem Bescheid)
              </label>
            </div>
            <TextField name="plaetze" label="Geplante Teilnehmendenplätze" value={v.plannedPlaces} error={e.plaetze} inputmode="numeric" />
            <fieldset class="kern-fieldset" id="feld-ergebnisse">
              <legend class="kern-label">
                Geplante Ergebnisse (Eckdaten)<span class="kern-label__optional"> – optional</span>
              </legend>
              <div class="kern-fieldset__body kern-stack-sm">
                <p class="kern-hint">Wie viele Teilnehmende sollen dieses Ergebnis erreichen? Ganze Zahlen; ein leeres Feld heißt „nicht geplant“.</p>
                {PLANNED_OUTCOMES.map((code) => (
                  <TextField name={outcomeField(code)} label={`Geplante ${PLANNED_OUTCOME_LABELS[code]}`} value={v.plannedOutcomes[code]} error={e[outcomeField(code)]} inputmode="numeric" />
                ))}
              </div>
            </fieldset>
            <fieldset class="kern-fieldset" id="feld-zielgruppen">
              <legend class="kern-label">
                Zielgruppen und Rechtskreise<span class="kern-label__optional"> – optional</span>
              </legend>
              <div class="kern-fieldset__body">
                {TARGET_GROUPS.map((group, i) => (
                  <div class="kern-form-check">
                    <input class="kern-form-check__checkbox" type="checkbox" id={`feld-zielgruppe-${i}`} name={`zielgruppe_${i}`} value="1" checked={v.targetGroups.includes(group)} />
                    <label class="kern-label" for={`feld-zielgruppe-${i}`}>
                      {TARGET_GROUP_LABELS[group]}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          </div>
        </fieldset>
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Finanzierungsplan: Ausgaben</legend>
          <div class="kern-fieldset__body kern-stack-sm">
            <p class="kern-hint">Beträge in Euro, z. B. 65.000,00. Leere Zeilen werden nicht gespeichert; zum Entfernen einer Position leeren Sie alle ihre Felder.</p>
            {v.expenses.map((row, i) => (
              <fieldset class="kern-fieldset">
                <legend class="kern-label">Ausgabe {i + 1}</legend>
                <div class="kern-fieldset__body kern-stack-sm">
                  <SelectField
                    name={`ausgabe_${i}_art`}
                    label="Ausgabenart"
                    value={row.category}
                    error={e[`ausgabe_${i}_art`]}
                    options={[{ value: '', label: 'Bitte wählen' }, ...EXPENSE_CATEGORIES.map((c) => ({ value: c, label: EXPENSE_CATEGORY_LABELS[c] }))]}
                  />
                  <TextField name={`ausgabe_${i}_bezeichnung`} label="Bezeichnung" value={row.label} error={e[`ausgabe_${i}_bezeichnung`]} maxlength={300} />
                  <TextField name={`ausgabe_${i}_betrag`} label="Betrag (Euro)" value={row.amount} error={e[`ausgabe_${i}_betrag`]} inputmode="decimal" />
                </div>
              </fieldset>
            ))}
            <SubmitButton variant="secondary" name="aktion" value="ausgabe_zeile">
              Weitere Ausgabenzeile
            </SubmitButton>
          </div>
        </fieldset>
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Finanzierungsplan: Finanzierung</legend>
          <div class="kern-fieldset__body kern-stack-sm">
            {v.funding.map((row, i) => (
              <fieldset class="kern-fieldset">
                <legend class="kern-label">Finanzierung {i + 1}</legend>
                <div class="kern-fieldset__body kern-stack-sm">
                  <SelectField
                    name={`finanzierung_${i}_quelle`}
                    label="Quelle"
                    value={row.source}
                    error={e[`finanzierung_${i}_quelle`]}
                    options={[{ value: '', label: 'Bitte wählen' }, ...FUNDING_SOURCES.map((s) => ({ value: s, label: FUNDING_SOURCE_LABELS[s] }))]}
                  />
                  <TextField name={`finanzierung_${i}_betrag`} label="Betrag (Euro)" value={row.amount} error={e[`finanzierung_${i}_betrag`]} inputmode="decimal" />
                </div>
              </fieldset>
            ))}
            <SubmitButton variant="secondary" name="aktion" value="finanzierung_zeile">
              Weitere Finanzierungszeile
            </SubmitButton>
          </div>
        </fieldset>
        <div class={`kern-form-input${e.finanzierung ? ' kern-form-input--error' : ''}`} id="feld-finanzierung" tabindex={-1}>
          <p class="kern-body">
            Ausgaben: <strong>{formatEuro(expensesSum)}</strong> · Finanzierung: <strong>{formatEuro(fundingSum)}</strong>
            {v.expenses.length + v.funding.length > 0 ? ` (Stand der Eingaben)` : ''}
          </p>
          <p class="kern-hint">Ausgaben und Finanzierung müssen auf den Cent gleich sein.</p>
          {e.finanzierung ? (
            <p class="kern-error" id="feld-finanzierung-fehler">
              <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
              <span>{e.finanzierung}</span>
            </p>
          ) : null}
        </div>
        <SubmitButton name="aktion" value="speichern">
          Speichern
        </SubmitButton>
      </form>
    </Page>
  );
}

// ── Drop confirmation ────────────────────────────────────────────────────────────────────────
export function DropProjectPage(props: DistrictYear & { project: Project; csrf: string; error?: string }) {
  const { project } = props;
  return (
    <Page title={`Projekt entfallen lassen – ${project.title}`} currentPath="/projekte" demo={project.isDemo}>
      <h1 class="kern-heading-large">Projekt entfallen lassen?</h1>
      {props.error ? (
        <Notice kind="danger" title="Nicht möglich">
          <p class="kern-body">{props.error}</p>
        </Notice>
      ) : null}
      <p class="kern-body">
        „{project.title}“ ({project.key}) verschwindet aus der Projektliste {props.year}, aus § 5 des Entwurfs der Zielvereinbarung und aus dem Antrag. Der Datensatz
        bleibt mit seinem Finanzierungsplan erhalten und ist im Protokoll nachvollziehbar.
      </p>
      <form method="post" action={projectPath(props.year, props.ags, project.key, 'entfernen')} class="import-actions">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="version" value={String(project.version)} />
        <SubmitButton>Ja, entfallen lassen</SubmitButton>
        <a class="kern-btn kern-btn--secondary" href={projectPath(props.year, props.ags, project.key)}>
          <span class="kern-label">Nein, zurück</span>
        </a>
      </form>
    </Page>
  );
}
