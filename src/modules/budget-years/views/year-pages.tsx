import type { Child } from 'hono/jsx';
import { formatDate, formatDateTime, formatEuro } from '../../../platform/format';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SelectField, SubmitButton, TextArea, TextField } from '../../../ui/forms';
import { Page } from '../../../ui/layout';
import type { AllocationRevision, ChangeLetterSummary, Scenario, ScenarioComparisonRow } from '../service';
import type { District } from '../../districts/schema';
import type { SubBudget } from '../service';
import { TableHead } from '../../../ui/table';

/** The signed-in user for the page header (name and "Abmelden"). */

export interface YearRow {
  year: number;
  landesbudgetCents: number | null;
  copiedFromYear: number | null;
  isFixed: boolean;
  scenarioCount: number;
}

function ButtonLink({ href, children, variant = 'secondary' }: { href: string; children: Child; variant?: 'primary' | 'secondary' | 'tertiary' }) {
  return (
    <a class={`kern-btn kern-btn--${variant}`} href={href}>
      <span class="kern-label">{children}</span>
    </a>
  );
}

function TableRegion({ captionId, children }: { captionId: string; children: Child }) {
  return (
    <div class="table-region" role="region" aria-labelledby={captionId} tabindex={0}>
      {children}
    </div>
  );
}

const signed = (cents: number) => (cents > 0 ? `+${formatEuro(cents)}` : formatEuro(cents));
const percent = (value: number | null) => (value === null ? '–' : `${value > 0 ? '+' : ''}${value.toLocaleString('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} %`);

/** GET /jahre: all AQB years and the form to create the next one. */
export function YearListPage(props: { years: YearRow[]; csrf: string; canEdit: boolean; values: { year: string; landesbudget: string }; errors: FieldErrors }) {
  return (
    <Page title="AQB-Jahre" currentPath="/jahre">
      <h1 class="kern-heading-large">AQB-Jahre</h1>
      <p class="kern-body">Landesbudget, Teilbudgets, Verteilung auf die 26 Gebietskörperschaften und Mittelankündigungen je Förderjahr.</p>
      <section aria-labelledby="jahre-liste" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="jahre-liste">Angelegte Jahre</h2>
        {props.years.length === 0 ? (
          <p class="kern-body">Es ist noch kein AQB-Jahr angelegt.</p>
        ) : (
          <TableRegion captionId="jahre-tabelle">
            <table class="kern-table kern-table--striped">
              <caption class="kern-title" id="jahre-tabelle">
                AQB-Jahre
              </caption>
              <TableHead columns={['Jahr', { label: 'Landesbudget', numeric: true }, 'Szenarien', 'Zuweisung']} />
              <tbody class="kern-table__body">
                {props.years.map((y) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      <a class="kern-link" href={`/jahre/${y.year}`}>
                        AQB-Jahr {y.year}
                      </a>
                    </th>
                    <td class="kern-table__cell kern-table__cell--numeric">{y.landesbudgetCents === null ? 'nicht erfasst' : formatEuro(y.landesbudgetCents)}</td>
                    <td class="kern-table__cell">{y.scenarioCount}</td>
                    <td class="kern-table__cell">{y.isFixed ? 'festgelegt' : 'offen'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
      </section>
      {props.canEdit ? (
      <section aria-labelledby="jahr-anlegen" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="jahr-anlegen">Neues AQB-Jahr anlegen</h2>
        <p class="kern-body">Das neue Jahr übernimmt aus dem Vorjahr die Vorlage der Zielvereinbarung, die Bezeichnungen der Maßnahmenarten und die Teilbudgets.</p>
        <ErrorSummary errors={props.errors} labels={{ year: 'Jahr', landesbudget: 'Landesbudget' }} />
        <form method="post" action="/jahre" class="kern-stack-sm" novalidate>
          <CsrfField token={props.csrf} />
          <TextField name="year" label="Jahr" value={props.values.year} error={props.errors.year} inputmode="numeric" maxlength={4} required />
          <TextField name="landesbudget" label="Landesbudget in Euro" hint="Zum Beispiel 27.700.000" value={props.values.landesbudget} error={props.errors.landesbudget} inputmode="decimal" />
          <SubmitButton>AQB-Jahr anlegen</SubmitButton>
        </form>
      </section>
      ) : null}
    </Page>
  );
}

export interface YearPageProps {
  year: number;
  landesbudgetCents: number | null;
  copiedFromYear: number | null;
  subBudgets: SubBudget[];
  scenarios: Scenario[];
  districts: District[];
  allocations: Map<string, number>;
  /** Some allocation rows of the year are demo records (seeded years with demo data on). */
  hasDemoAllocations: boolean;
  revisions: AllocationRevision[];
  /** Display names of the accounts in the who-columns; a missing id is the system or the command line. */
  userNames: Map<number, string>;
  letters: { ags: string; amountCents: number; announcedOn: string }[];
  /** The "Änderung der Mittelankündigung" of each revision that has one. */
  changeLetters: ChangeLetterSummary[];
  csrf: string;
  /** HMSI changes the year; RP and others read values only (no forms, no edit links). */
  canEdit: boolean;
  notice?: string;
  forms: {
    landesbudget: { value: string; errors: FieldErrors };
    subBudget: { values: { name: string; amount: string; paragraphText: string }; errors: FieldErrors };
    revision: { values: { ags: string; amount: string; reason: string; decidedOn: string }; errors: FieldErrors };
  };
}

/** The name of who did something: the account's name, else "System (Kommandozeile)". */
function whoName(names: Map<number, string>, id: number | null): string {
  return id === null ? 'System (Kommandozeile)' : (names.get(id) ?? `Konto ${id}`);
}

/** GET /jahre/:year: everything about one AQB year on one page. */
export function YearPage(props: YearPageProps) {
  const names = new Map(props.districts.map((d) => [d.ags, d.officialName]));
  const fixed = props.scenarios.find((s) => s.fixedAt !== null);
  const allocatedSum = [...props.allocations.values()].reduce((a, b) => a + b, 0);
  const subBudgetSum = props.subBudgets.reduce((s, b) => s + b.amountCents, 0);
  const demo = props.hasDemoAllocations || props.scenarios.some((s) => s.isDemo) || props.subBudgets.some((s) => s.isDemo);
  const y = props.year;
  return (
    <Page title={`AQB-Jahr ${y}`} currentPath="/jahre" demo={demo}>
      <h1 class="kern-heading-large">AQB-Jahr {y}</h1>
      {props.notice ? <Notice title={props.notice} /> : null}
      <p class="kern-body">
        {props.copiedFromYear ? <>Angelegt als Kopie des AQB-Jahres {props.copiedFromYear}. </> : null}
        <a class="kern-link" href="/">
          Zur Landesübersicht
        </a>
      </p>

      <section aria-labelledby="landesbudget" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="landesbudget">Landesbudget</h2>
        <p class="kern-body">
          {props.landesbudgetCents === null ? 'Das Landesbudget ist noch nicht erfasst.' : <>Landesbudget {y}: <strong>{formatEuro(props.landesbudgetCents)}</strong></>}
        </p>
        {props.canEdit ? (
          <>
            <ErrorSummary errors={props.forms.landesbudget.errors} labels={{ landesbudget: 'Landesbudget' }} />
            <form method="post" action={`/jahre/${y}/landesbudget`} class="kern-stack-sm" novalidate>
              <CsrfField token={props.csrf} />
              <TextField name="landesbudget" label="Landesbudget in Euro" hint="Zum Beispiel 27.700.000" value={props.forms.landesbudget.value} error={props.forms.landesbudget.errors.landesbudget} inputmode="decimal" required />
              <SubmitButton variant="secondary">Landesbudget speichern</SubmitButton>
            </form>
          </>
        ) : null}
      </section>

      <section aria-labelledby="teilbudgets" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="teilbudgets">Teilbudgets</h2>
        {props.subBudgets.length === 0 ? (
          <p class="kern-body">Für dieses Jahr sind keine Teilbudgets erfasst.</p>
        ) : (
          <TableRegion captionId="teilbudgets-tabelle">
            <table class="kern-table kern-table--striped">
              <caption class="kern-title" id="teilbudgets-tabelle">
                Teilbudgets {y} (zusammen {formatEuro(subBudgetSum)})
              </caption>
              <TableHead columns={['Teilbudget', { label: 'Betrag', numeric: true }, 'Text für § 2', ...(props.canEdit ? ['Aktion'] : [])]} />
              <tbody class="kern-table__body">
                {props.subBudgets.map((part) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">{part.name}</th>
                    <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(part.amountCents)}</td>
                    <td class="kern-table__cell">{part.paragraphText || '–'}</td>
                    {props.canEdit ? (
                      <td class="kern-table__cell">
                        {fixed ? (
                          'Zuweisung festgelegt'
                        ) : (
                          <>
                            <a class="kern-link" href={`/jahre/${y}/teilbudgets/${part.id}/bearbeiten`}>
                              Bearbeiten<span class="visually-hidden"> ({part.name})</span>
                            </a>
                            <br />
                          </>
                        )}
                        <a class="kern-link" href={`/jahre/${y}/teilbudgets/${part.id}/loeschen`}>
                          Löschen<span class="visually-hidden"> ({part.name})</span>
                        </a>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
{props.canEdit ? (
          <>
        <h3 class="kern-heading-small">Teilbudget hinzufügen</h3>
        <ErrorSummary errors={props.forms.subBudget.errors} labels={{ name: 'Bezeichnung', amount: 'Betrag', paragraphText: 'Text für § 2' }} />
        <form method="post" action={`/jahre/${y}/teilbudgets`} class="kern-stack-sm" novalidate>
          <CsrfField token={props.csrf} />
          <TextField name="name" label="Bezeichnung" hint="Zum Beispiel Teilzeitausbildung" value={props.forms.subBudget.values.name} error={props.forms.subBudget.errors.name} maxlength={200} required />
          <TextField name="amount" label="Betrag in Euro" value={props.forms.subBudget.values.amount} error={props.forms.subBudget.errors.amount} inputmode="decimal" required />
          <TextArea name="paragraphText" label="Text für § 2 der Zielvereinbarungen" hint="Wird als eigener Absatz in § 2 der Jahresvorlage übernommen (als neue Vorlagenversion) und beim Löschen des Teilbudgets wieder gestrichen. Platzhalter wie {{jahr}} sind erlaubt." value={props.forms.subBudget.values.paragraphText} error={props.forms.subBudget.errors.paragraphText} maxlength={4000} rows={3} />
          <SubmitButton variant="secondary">Teilbudget hinzufügen</SubmitButton>
        </form>
          </>
        ) : null}
      </section>

      <section aria-labelledby="szenarien" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="szenarien">Verteilung: Szenarien</h2>
        {props.canEdit ? (
          <p class="kern-body">
            <ButtonLink href={`/jahre/${y}/szenarien/schluessel`}>Szenario nach Verteilungsschlüssel</ButtonLink>{' '}
            <ButtonLink href={`/jahre/${y}/szenarien/manuell`}>Szenario von Hand</ButtonLink>
          </p>
        ) : null}
        {props.scenarios.length === 0 ? (
          <p class="kern-body">Es gibt noch kein Szenario für {y}.</p>
        ) : (
          <form method="get" action={`/jahre/${y}/vergleich`} class="kern-stack-sm">
            <TableRegion captionId="szenarien-tabelle">
              <table class="kern-table kern-table--striped">
                <caption class="kern-title" id="szenarien-tabelle">
                  Szenarien {y}
                </caption>
                <TableHead columns={['Vergleichen', 'Szenario', { label: 'Summe', numeric: true }, 'Angelegt', 'Stand']} />
                <tbody class="kern-table__body">
                  {props.scenarios.map((s) => (
                    <tr class="kern-table__row" data-scenario={s.name}>
                      <td class="kern-table__cell">
                        <div class="kern-form-check">
                          <input class="kern-form-check__checkbox" type="checkbox" id={`vergleich-${s.id}`} name="szenario" value={String(s.id)} />
                          <label class="kern-label" for={`vergleich-${s.id}`}>
                            <span class="visually-hidden">{s.name} </span>auswählen
                          </label>
                        </div>
                      </td>
                      <th scope="row" class="kern-table__header">
                        {s.name}
                        {s.isDemo ? <span class="demo-marker"> (Demodaten)</span> : null}
                        <br />
                        <span class="kern-body kern-body--small">{s.method === 'manuell' ? 'von Hand' : `Schlüssel: ${Object.entries(s.weights ?? {}).map(([k, w]) => `${k} ${String(w).replace('.', ',')}`).join(', ')}${s.floorCents ? `; Mindestbetrag ${formatEuro(s.floorCents)}` : ''}`}</span>
                      </th>
                      <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(s.sumCents)}</td>
                      <td class="kern-table__cell">
                        {formatDateTime(s.createdAt)}, {whoName(props.userNames, s.createdBy)}
                      </td>
                      <td class="kern-table__cell">
                        {s.fixedAt ? (
                          <>festgelegt am {formatDateTime(s.fixedAt)}</>
                        ) : !props.canEdit ? (
                          fixed ? (
                            'nicht festgelegt'
                          ) : (
                            <a class="kern-link" href={`/jahre/${y}/szenarien/${s.id}/vorschau`}>
                              Vorschau eines Schreibens<span class="visually-hidden"> ({s.name})</span>
                            </a>
                          )
                        ) : (
                          <>
                            {fixed ? (
                              'nicht festgelegt'
                            ) : (
                              <>
                                <a class="kern-link" href={`/jahre/${y}/szenarien/${s.id}/festlegen`}>
                                  Festlegen<span class="visually-hidden"> ({s.name})</span>
                                </a>
                                <br />
                                <a class="kern-link" href={`/jahre/${y}/szenarien/${s.id}/vorschau`}>
                                  Vorschau eines Schreibens<span class="visually-hidden"> ({s.name})</span>
                                </a>
                              </>
                            )}
                            <br />
                            <a class="kern-link" href={`/jahre/${y}/szenarien/${s.id}/umbenennen`}>
                              Umbenennen<span class="visually-hidden"> ({s.name})</span>
                            </a>
                            <br />
                            <a class="kern-link" href={`/jahre/${y}/szenarien/${s.id}/loeschen`}>
                              Löschen<span class="visually-hidden"> ({s.name})</span>
                            </a>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
            <SubmitButton variant="secondary">Ausgewählte Szenarien vergleichen</SubmitButton>
          </form>
        )}
      </section>

      <section aria-labelledby="zuweisung" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="zuweisung">Zuweisung und Mittelankündigungen</h2>
        {props.allocations.size === 0 ? (
          <p class="kern-body">Die Zuweisung für {y} ist noch nicht festgelegt. Legen Sie dazu ein Szenario fest.</p>
        ) : (
          <>
            <p class="kern-body">
              Zugewiesen: <strong>{formatEuro(allocatedSum)}</strong>
              {props.landesbudgetCents !== null ? <> – Abweichung vom Landesbudget: {signed(allocatedSum - props.landesbudgetCents)}</> : null}
            </p>
            {props.letters.length > 0 ? (
              <p class="kern-body">
                <a class="kern-link" href={`/jahre/${y}/mittelankuendigungen.zip`}>
                  Alle Mittelankündigungen {y} als ZIP (PDF und Word)
                </a>
              </p>
            ) : null}
            <TableRegion captionId="zuweisung-tabelle">
              <table class="kern-table kern-table--striped">
                <caption class="kern-title" id="zuweisung-tabelle">
                  Zuweisung {y} je Gebietskörperschaft
                </caption>
                <TableHead columns={['Gebietskörperschaft', { label: 'Aktuelle Zuweisung', numeric: true }, 'Mittelankündigung']} />
                <tbody class="kern-table__body">
                  {props.districts
                    .filter((d) => props.allocations.has(d.ags))
                    .map((d) => {
                      const letter = props.letters.find((l) => l.ags === d.ags);
                      return (
                        <tr class="kern-table__row" data-ags={d.ags}>
                          <th scope="row" class="kern-table__header">{d.officialName}</th>
                          <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(props.allocations.get(d.ags)!)}</td>
                          <td class="kern-table__cell">
                            {letter ? (
                              <>
                                {formatEuro(letter.amountCents)} am {formatDate(letter.announcedOn)}:{' '}
                                <a class="kern-link" href={`/jahre/${y}/schreiben/${d.ags}/pdf`}>
                                  PDF<span class="visually-hidden"> ({d.officialName})</span>
                                </a>
                                ,{' '}
                                <a class="kern-link" href={`/jahre/${y}/schreiben/${d.ags}/docx`}>
                                  Word<span class="visually-hidden"> ({d.officialName})</span>
                                </a>
                              </>
                            ) : (
                              '–'
                            )}
                          </td>
                        </tr>
                      );
                    })}
                </tbody>
              </table>
            </TableRegion>
          </>
        )}
      </section>

      {props.allocations.size > 0 ? (
        <section aria-labelledby="revisionen" class="kern-stack-sm">
          <h2 class="kern-heading-medium" id="revisionen">Änderungen der Zuweisung</h2>
          {props.revisions.length === 0 ? (
            <p class="kern-body">Die Zuweisung wurde bisher nicht geändert.</p>
          ) : (
            <TableRegion captionId="revisionen-tabelle">
              <table class="kern-table kern-table--striped">
                <caption class="kern-title" id="revisionen-tabelle">
                  Änderungen der Zuweisung {y}
                </caption>
                <TableHead columns={['Gebietskörperschaft', { label: 'Bisher', numeric: true }, { label: 'Neu', numeric: true }, 'Entschieden am', 'Begründung', 'Erfasst', 'Schreiben']} />
                <tbody class="kern-table__body">
                  {props.revisions.map((r) => {
                    const letter = props.changeLetters.find((l) => l.revisionId === r.id);
                    const label = `Änderung Nr. ${letter?.number ?? ''}, ${names.get(r.ags) ?? r.ags}`;
                    return (
                    <tr class="kern-table__row">
                      <th scope="row" class="kern-table__header">{names.get(r.ags) ?? r.ags}</th>
                      <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(r.fromCents)}</td>
                      <td class="kern-table__cell kern-table__cell--numeric">{formatEuro(r.toCents)}</td>
                      <td class="kern-table__cell">{formatDate(r.decidedOn)}</td>
                      <td class="kern-table__cell">{r.reason}</td>
                      <td class="kern-table__cell">
                        {formatDateTime(r.createdAt)}, {whoName(props.userNames, r.createdBy)}
                      </td>
                      <td class="kern-table__cell">
                        {letter ? (
                          <>
                            Nr. {letter.number} vom {formatDate(letter.letterDate)}:{' '}
                            <a class="kern-link" href={`/mittelankuendigungen/${y}/${r.ags}/aenderungen/${letter.number}/pdf`}>
                              PDF<span class="visually-hidden"> ({label})</span>
                            </a>
                            ,{' '}
                            <a class="kern-link" href={`/mittelankuendigungen/${y}/${r.ags}/aenderungen/${letter.number}/docx`}>
                              Word<span class="visually-hidden"> ({label})</span>
                            </a>
                          </>
                        ) : (
                          '–'
                        )}
                      </td>
                    </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableRegion>
          )}
{props.canEdit ? (
            <>
          <h3 class="kern-heading-small">Zuweisung ändern (Kürzung oder Aufstockung)</h3>
          <ErrorSummary idPrefix="revision-" errors={props.forms.revision.errors} labels={{ ags: 'Gebietskörperschaft', amount: 'Neuer Betrag', reason: 'Begründung', decidedOn: 'Entschieden am' }} />
          <form method="post" action={`/jahre/${y}/revisionen`} class="kern-stack-sm" novalidate>
            <CsrfField token={props.csrf} />
            <SelectField
              id="revision-ags" name="ags"
              label="Gebietskörperschaft"
              required
              value={props.forms.revision.values.ags}
              error={props.forms.revision.errors.ags}
              options={[{ value: '', label: 'Bitte wählen' }, ...props.districts.filter((d) => props.allocations.has(d.ags)).map((d) => ({ value: d.ags, label: `${d.officialName} (${formatEuro(props.allocations.get(d.ags)!)})` }))]}
            />
            <TextField id="revision-amount" name="amount" label="Neuer Betrag in Euro" value={props.forms.revision.values.amount} error={props.forms.revision.errors.amount} inputmode="decimal" required />
            <TextArea id="revision-reason" name="reason" label="Begründung" value={props.forms.revision.values.reason} error={props.forms.revision.errors.reason} maxlength={2000} rows={2} required />
            <TextField id="revision-decidedOn" name="decidedOn" label="Entschieden am" type="date" value={props.forms.revision.values.decidedOn} error={props.forms.revision.errors.decidedOn} required />
            <SubmitButton variant="secondary">Änderung speichern</SubmitButton>
          </form>
            </>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}

/** Key scenario form (upload or paste indicators, weights, floor, rounding). */
export function KeyScenarioPage(props: {
  year: number;
  csrf: string;
  values: { name: string; budget: string; indicators: string; weights: string; floor: string; round: string };
  errors: FieldErrors;
  lineErrors: string[];
}) {
  const y = props.year;
  const keyError = props.errors.key;
  return (
    <Page title={`Szenario nach Verteilungsschlüssel – ${y}`} currentPath="/jahre">
      <h1 class="kern-heading-large">Szenario nach Verteilungsschlüssel {y}</h1>
      <p class="kern-body">
        <a class="kern-link" href={`/jahre/${y}`}>
          Zurück zum AQB-Jahr {y}
        </a>
      </p>
      <ErrorSummary errors={props.errors} labels={{ name: 'Name', budget: 'Zu verteilender Betrag', key: 'Indikatoren', weights: 'Gewichtung', floor: 'Mindestbetrag', round: 'Rundung' }} />
      {props.lineErrors.length > 0 ? (
        <Notice kind="danger" title="Fehler in den Indikatoren">
          <ul class="kern-list kern-list--bullet">
            {props.lineErrors.map((line) => (
              <li>{line}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <form method="post" action={`/jahre/${y}/szenarien/schluessel`} enctype="multipart/form-data" class="kern-stack-sm" novalidate>
        <CsrfField token={props.csrf} />
        <TextField name="name" label="Name des Szenarios" hint="Zum Beispiel „Bedarf 60/40 mit Mindestbetrag“" value={props.values.name} error={props.errors.name} maxlength={200} required />
        <TextField name="budget" label="Zu verteilender Betrag in Euro" hint="Vorgabe: das Landesbudget" value={props.values.budget} error={props.errors.budget} inputmode="decimal" required />
        <div class={`kern-form-input${keyError ? ' kern-form-input--error' : ''}`}>
          <label class="kern-label" for="feld-key">
            Indikatoren als CSV-Datei<span class="kern-label__optional"> – oder unten eingeben</span>
          </label>
          <p class="kern-hint" id="feld-key-hinweis">
            Kopfzeile „ags;Indikator;…“, eine Zeile je Gebietskörperschaft (26), Trennzeichen Semikolon oder Komma, Zahlen ohne Tausenderpunkt.
          </p>
          {keyError ? (
            <p class="kern-error" id="feld-key-fehler">
              <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
              <span>{keyError}</span>
            </p>
          ) : null}
          <input class="kern-form-input__input" id="feld-key" name="key" type="file" accept=".csv,text/csv,text/plain" aria-describedby={keyError ? 'feld-key-hinweis feld-key-fehler' : 'feld-key-hinweis'} aria-invalid={keyError ? 'true' : undefined} />
        </div>
        <TextArea name="indicators" label="Indikatoren von Hand (CSV-Text)" hint="Wird verwendet, wenn keine Datei gewählt ist." value={props.values.indicators} rows={6} />
        <TextField name="weights" label="Gewichtung" hint="Zum Beispiel sgb2_bedarfsgemeinschaften=0,6; jugendarbeitslose=0,4. Leer: alle Indikatoren gleich." value={props.values.weights} error={props.errors.weights} />
        <TextField name="floor" label="Mindestbetrag je Gebietskörperschaft in Euro" value={props.values.floor} error={props.errors.floor} inputmode="decimal" />
        <TextField name="round" label="Rundung auf volle Euro" hint="Vorgabe: 10" value={props.values.round} error={props.errors.round} inputmode="numeric" required />
        <SubmitButton>Szenario berechnen und speichern</SubmitButton>
      </form>
    </Page>
  );
}

/** Manual scenario: 26 amount fields. */
/** The running total of a manual scenario: the sum and its difference to the Landesbudget. */
export function runningTotalText(sumCents: number, landesbudgetCents: number | null, invalid: number): string {
  let text = `Summe: ${formatEuro(sumCents)}`;
  if (landesbudgetCents !== null) {
    const difference = sumCents - landesbudgetCents;
    text += difference === 0 ? ' – entspricht genau dem Landesbudget.' : ` – ${formatEuro(Math.abs(difference))} ${difference > 0 ? 'über' : 'unter'} dem Landesbudget (${formatEuro(landesbudgetCents)}).`;
  }
  if (invalid > 0) text += ` ${invalid === 1 ? 'Ein Betrag fehlt oder ist' : `${invalid} Beträge fehlen oder sind`} ungültig und nicht mitgezählt.`;
  return text;
}

export function ManualScenarioPage(props: {
  year: number;
  csrf: string;
  districts: District[];
  values: Record<string, string>;
  errors: FieldErrors;
  landesbudgetCents: number | null;
  total: { sumCents: number; invalid: number };
}) {
  const y = props.year;
  const labels: Record<string, string> = { name: 'Name' };
  for (const d of props.districts) labels[`betrag_${d.ags}`] = d.officialName;
  const total = runningTotalText(props.total.sumCents, props.landesbudgetCents, props.total.invalid);
  return (
    <Page title={`Szenario von Hand – ${y}`} currentPath="/jahre">
      <h1 class="kern-heading-large">Szenario von Hand {y}</h1>
      <p class="kern-body">
        <a class="kern-link" href={`/jahre/${y}`}>
          Zurück zum AQB-Jahr {y}
        </a>
      </p>
      <ErrorSummary errors={props.errors} labels={labels} />
      <form
        method="post"
        action={`/jahre/${y}/szenarien/manuell`}
        class="kern-stack-sm"
        novalidate
        data-running-total="1"
        data-landesbudget-cents={props.landesbudgetCents === null ? undefined : String(props.landesbudgetCents)}
      >
        <CsrfField token={props.csrf} />
        <TextField name="name" label="Name des Szenarios" value={props.values.name} error={props.errors.name} maxlength={200} required />
        <fieldset class="kern-fieldset">
          <legend class="kern-label">Beträge in Euro je Gebietskörperschaft</legend>
          <div class="kern-fieldset__body kern-stack-sm">
            {props.districts.map((d) => (
              <TextField name={`betrag_${d.ags}`} label={d.officialName} value={props.values[`betrag_${d.ags}`]} error={props.errors[`betrag_${d.ags}`]} inputmode="decimal" required />
            ))}
          </div>
        </fieldset>
        <p class="kern-body running-total" role="status" aria-live="polite" data-running-total-output="1">
          {total}
        </p>
        <div class="kern-cluster">
          <SubmitButton variant="secondary" name="aktion" value="rechnen">
            Summe berechnen
          </SubmitButton>
          <SubmitButton name="aktion" value="speichern">
            Szenario speichern
          </SubmitButton>
        </div>
      </form>
      <script src="/assets/running-total.js" defer></script>
    </Page>
  );
}

/** Side-by-side comparison of scenarios against last year's allocation. */
const JUDGEMENT_TEXT: Record<string, string> = { erreicht: 'erreicht', teilweise_erreicht: 'teilweise erreicht', nicht_erreicht: 'nicht erreicht' };

export function ComparisonPage(props: {
  year: number;
  districts: District[];
  rows: ScenarioComparisonRow[];
  total: ScenarioComparisonRow;
  names: string[];
  exportQuery: string;
  /** The previous year's target achievement per AGS (informs only; absent when the app passes no provider). */
  judgements?: Map<string, { judgement: string | null; isFinal: boolean; href: string }>;
}) {
  const judgementCell = (ags: string) => {
    const j = props.judgements?.get(ags);
    if (!j) return <td class="kern-table__cell">–</td>;
    const text = j.judgement === null ? 'kein Vorschlag' : `${JUDGEMENT_TEXT[j.judgement] ?? j.judgement}${j.isFinal ? '' : ' (Vorschlag)'}`;
    return (
      <td class="kern-table__cell">
        <a class="kern-link" href={j.href}>
          {text}
        </a>
      </td>
    );
  };
  const y = props.year;
  const names = new Map(props.districts.map((d) => [d.ags, d.officialName]));
  const cells = (row: ScenarioComparisonRow) =>
    row.scenarios.map((cell) => (
      <>
        <td class="kern-table__cell kern-table__cell--numeric">{cell.amountCents === null ? '–' : formatEuro(cell.amountCents)}</td>
        <td class="kern-table__cell kern-table__cell--numeric">
          {cell.changeCents === null ? '–' : signed(cell.changeCents)} ({percent(cell.changePercent)})
        </td>
      </>
    ));
  return (
    <Page title={`Szenarien vergleichen – ${y}`} currentPath="/jahre">
      <h1 class="kern-heading-large">Szenarien vergleichen {y}</h1>
      <p class="kern-body">
        <a class="kern-link" href={`/jahre/${y}`}>
          Zurück zum AQB-Jahr {y}
        </a>
      </p>
      <p class="kern-body">Veränderung jeweils gegenüber der Zuweisung {y - 1}.</p>
      {props.judgements ? <p class="kern-body">Die Spalte „Zielerreichung {y - 1}“ zeigt die Beurteilung des Vorjahres (oder den Vorschlag, solange das HMSI nicht beurteilt hat). Sie informiert und ändert keinen Betrag.</p> : null}
      <p class="kern-body">
        Diesen Vergleich herunterladen:{' '}
        <a class="kern-link" href={`/jahre/${y}/vergleich.csv?${props.exportQuery}`} download>
          CSV
        </a>
        {' · '}
        <a class="kern-link" href={`/jahre/${y}/vergleich.xlsx?${props.exportQuery}`} download>
          Excel (XLSX)
        </a>
      </p>
      <TableRegion captionId="vergleich-tabelle">
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id="vergleich-tabelle">
            Vergleich: {props.names.join(', ')}
          </caption>
          <thead>
            <tr class="kern-table__row">
              <th scope="col" class="kern-table__header">Gebietskörperschaft</th>
              <th scope="col" class="kern-table__header kern-table__header--numeric">Zuweisung {y - 1}</th>
              {props.judgements ? <th scope="col" class="kern-table__header">Zielerreichung {y - 1}</th> : null}
              {props.names.map((name) => (
                <>
                  <th scope="col" class="kern-table__header kern-table__header--numeric">{name}</th>
                  <th scope="col" class="kern-table__header kern-table__header--numeric">Veränderung ({name})</th>
                </>
              ))}
            </tr>
          </thead>
          <tbody class="kern-table__body">
            {props.rows.map((row) => (
              <tr class="kern-table__row" data-ags={row.ags}>
                <th scope="row" class="kern-table__header">{names.get(row.ags) ?? row.ags}</th>
                <td class="kern-table__cell kern-table__cell--numeric">{row.lastCents === null ? '–' : formatEuro(row.lastCents)}</td>
                {props.judgements ? judgementCell(row.ags) : null}
                {cells(row)}
              </tr>
            ))}
          </tbody>
          <tfoot class="kern-table__footer">
            <tr class="kern-table__row">
              <th scope="row" class="kern-table__header">Summe</th>
              <td class="kern-table__cell kern-table__cell--numeric">{props.total.lastCents === null ? '–' : formatEuro(props.total.lastCents)}</td>
              {props.judgements ? <td class="kern-table__cell">–</td> : null}
              {cells(props.total)}
            </tr>
          </tfoot>
        </table>
      </TableRegion>
    </Page>
  );
}

/** Confirmation before a destructive or binding action. */
export function ConfirmPage(props: { title: string; year: number; action: string; csrf: string; button: string; children: Child; dateField?: { value: string; error?: string }; hidden?: Record<string, string> }) {
  return (
    <Page title={props.title} currentPath="/jahre">
      <h1 class="kern-heading-large">{props.title}</h1>
      {props.dateField?.error ? <ErrorSummary errors={{ announcedOn: props.dateField.error }} labels={{ announcedOn: 'Datum der Mittelankündigung' }} /> : null}
      <div class="kern-stack-sm">{props.children}</div>
      <form method="post" action={props.action} class="kern-stack-sm" novalidate>
        <CsrfField token={props.csrf} />
        {Object.entries(props.hidden ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        {props.dateField ? <TextField name="announcedOn" label="Datum der Mittelankündigung" type="date" value={props.dateField.value} error={props.dateField.error} required /> : null}
        <SubmitButton>{props.button}</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href={`/jahre/${props.year}`}>
          Abbrechen und zurück zum AQB-Jahr {props.year}
        </a>
      </p>
    </Page>
  );
}

/** Change a Teilbudget (name, amount, § 2 text) until the allocation is fixed. */
export function SubBudgetEditPage(props: { year: number; id: number; csrf: string; values: { name: string; amount: string; paragraphText: string }; errors: FieldErrors; fixed: boolean }) {
  const y = props.year;
  return (
    <Page title={`Teilbudget bearbeiten – ${y}`} currentPath="/jahre">
      <h1 class="kern-heading-large">Teilbudget bearbeiten ({y})</h1>
      {props.fixed ? <Notice kind="warning" title={`Die Zuweisung ${y} ist festgelegt; Teilbudgets werden danach nicht mehr geändert.`} /> : null}
      <ErrorSummary errors={props.errors} labels={{ name: 'Bezeichnung', amount: 'Betrag', paragraphText: 'Text für § 2' }} />
      <form method="post" action={`/jahre/${y}/teilbudgets/${props.id}/bearbeiten`} class="kern-stack-sm" novalidate>
        <CsrfField token={props.csrf} />
        <TextField name="name" label="Bezeichnung" value={props.values.name} error={props.errors.name} maxlength={200} required />
        <TextField name="amount" label="Betrag in Euro" hint="Alle Teilbudgets zusammen dürfen das Landesbudget nicht übersteigen." value={props.values.amount} error={props.errors.amount} inputmode="decimal" required />
        <TextArea name="paragraphText" label="Text für § 2 der Zielvereinbarungen" hint="Der bisherige Absatz in § 2 der Jahresvorlage wird durch diesen ersetzt (neue Vorlagenversion)." value={props.values.paragraphText} error={props.errors.paragraphText} maxlength={4000} rows={3} />
        <SubmitButton>Änderungen speichern</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href={`/jahre/${y}#teilbudgets`}>
          Abbrechen und zurück zum AQB-Jahr {y}
        </a>
      </p>
    </Page>
  );
}

/** Rename a scenario that is not fixed. */
export function ScenarioRenamePage(props: { year: number; id: number; csrf: string; currentName: string; value: string; error?: string; fixed: boolean }) {
  const y = props.year;
  return (
    <Page title={`Szenario umbenennen – ${y}`} currentPath="/jahre">
      <h1 class="kern-heading-large">Szenario „{props.currentName}“ umbenennen</h1>
      {props.fixed ? <Notice kind="warning" title="Dieses Szenario ist als Zuweisung festgelegt und kann nicht mehr umbenannt werden." /> : null}
      <ErrorSummary errors={props.error ? { name: props.error } : {}} labels={{ name: 'Neuer Name' }} />
      <form method="post" action={`/jahre/${y}/szenarien/${props.id}/umbenennen`} class="kern-stack-sm" novalidate>
        <CsrfField token={props.csrf} />
        <TextField name="name" label="Neuer Name" value={props.value} error={props.error} maxlength={200} required />
        <SubmitButton>Umbenennen</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href={`/jahre/${y}#szenarien`}>
          Abbrechen und zurück zum AQB-Jahr {y}
        </a>
      </p>
    </Page>
  );
}
