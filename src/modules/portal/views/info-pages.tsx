import { TableHead } from '../../../ui/table';
import type { OPEN_DATA_FIELDS } from '../opendata';
import { CsrfField, ErrorSummary, type FieldErrors, Notice, SelectField, SubmitButton, TextArea, TextField } from '../../../ui/forms';
import { formatDate } from '../../../platform/format';
import { LICENCES, type LicenceId, type PageSlug, type PortalPageContent } from '../service';
import { PortalPage } from './portal-page';

/** Plain text with blank-line paragraphs → paragraphs with line breaks; everything escaped by JSX. */
function TextBody({ body }: { body: string }) {
  return (
    <>
      {body
        .split(/\n\s*\n/)
        .filter((p) => p.trim() !== '')
        .map((paragraph) => (
          <p class="kern-body">
            {paragraph.split('\n').map((line, i) => (
              <>
                {i > 0 ? <br /> : null}
                {line}
              </>
            ))}
          </p>
        ))}
    </>
  );
}

export const STATEMENT_DATE = '2026-11-21';

/** Erklärung zur Barrierefreiheit in the structure of the EU model statement (DIR (EU) 2018/1523), with the feedback form. */
export function AccessibilityPage(props: { csrf: string; errors?: FieldErrors; values?: Record<string, string>; sent?: boolean }) {
  const errors = props.errors ?? {};
  return (
    <PortalPage title="Erklärung zur Barrierefreiheit" currentPath="/barrierefreiheit">
      <h1 class="kern-heading-large">Erklärung zur Barrierefreiheit</h1>
      <p class="kern-body">
        Das Hessische Ministerium für Arbeit, Integration, Jugend und Soziales ist bemüht, das Portal „Arbeitswelt Hessen“ im Einklang
        mit dem Hessischen Behinderten-Gleichstellungsgesetz (HessBGG) und der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0)
        barrierefrei zugänglich zu machen. Diese Erklärung gilt für die öffentlichen Seiten unter /portal, /opendata, /leichte-sprache,
        /barrierefreiheit, /impressum und /datenschutz.
      </p>
      <section aria-labelledby="stand" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="stand">
          Stand der Vereinbarkeit mit den Anforderungen
        </h2>
        <p class="kern-body">
          Das Portal ist mit den Anforderungen der BITV 2.0 und der europäischen Norm EN 301 549 (WCAG 2.1, Stufe AA) weitgehend
          vereinbar. Jede Seite wird automatisch mit axe-core bei voller Breite und bei 320 Pixeln Breite geprüft; alle Funktionen
          sind mit der Tastatur und ohne JavaScript bedienbar.
        </p>
      </section>
      <section aria-labelledby="nicht-barrierefrei" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="nicht-barrierefrei">
          Nicht barrierefreie Inhalte
        </h2>
        <ul class="kern-list kern-list--bullet">
          <li>
            Die PDF-Dateien der Zielvereinbarungen sind getaggt (PDF/UA), wurden aber nicht von Menschen mit Bildschirmlesern geprüft.
            Derselbe Text steht als HTML auf jeder Zielvereinbarungsseite.
          </li>
          <li>Ein Prüfbericht einer unabhängigen Prüfstelle liegt noch nicht vor.</li>
        </ul>
      </section>
      <section aria-labelledby="erstellung" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="erstellung">
          Erstellung dieser Erklärung
        </h2>
        <p class="kern-body">
          Diese Erklärung wurde am {formatDate(STATEMENT_DATE)} erstellt. Grundlage ist eine Selbstbewertung mit automatischen Tests
          und Prüfungen mit der Tastatur.
        </p>
      </section>
      <section aria-labelledby="feedback" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="feedback">
          Feedback und Kontakt
        </h2>
        <p class="kern-body">
          Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen? Schreiben Sie uns über dieses Formular. Wir antworten in der Regel
          innerhalb von zwei Wochen, wenn Sie eine Kontaktmöglichkeit angeben.
        </p>
        {props.sent ? (
          <Notice title="Vielen Dank, Ihre Rückmeldung ist gespeichert.">
            <p class="kern-body">Wir prüfen sie und melden uns, wenn Sie eine Kontaktmöglichkeit angegeben haben.</p>
          </Notice>
        ) : null}
        <ErrorSummary errors={errors} labels={{ message: 'Ihre Nachricht', contact: 'Kontakt', pageUrl: 'Betroffene Seite' }} />
        <form method="post" action="/barrierefreiheit/rueckmeldung" class="kern-stack-sm" novalidate>
          <CsrfField token={props.csrf} />
          <TextArea name="message" label="Ihre Nachricht" required rows={6} maxlength={5000} value={props.values?.message} error={errors.message} />
          <TextField
            name="contact"
            label="Kontakt (E-Mail-Adresse oder Telefonnummer)"
            autocomplete="email"
            maxlength={200}
            value={props.values?.contact}
            error={errors.contact}
          />
          <TextField name="pageUrl" label="Betroffene Seite (Adresse)" maxlength={500} value={props.values?.pageUrl} error={errors.pageUrl} />
          <SubmitButton>Rückmeldung senden</SubmitButton>
        </form>
      </section>
      <section aria-labelledby="durchsetzung" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="durchsetzung">
          Durchsetzungsverfahren
        </h2>
        <p class="kern-body">
          Wenn Sie auf Ihre Rückmeldung innerhalb von sechs Wochen keine zufriedenstellende Antwort erhalten, können Sie sich an die
          Durchsetzungsstelle nach § 14 Absatz 3 HessBGG wenden: Durchsetzungs- und Überwachungsstelle für barrierefreie
          Informationstechnik beim Regierungspräsidium Gießen. Das Verfahren ist kostenlos.
        </p>
      </section>
    </PortalPage>
  );
}

/** The AQB and the portal in Leichte Sprache: short sentences, one thought per line. */
export function EasyLanguagePage() {
  return (
    <PortalPage title="Leichte Sprache" currentPath="/leichte-sprache">
      <h1 class="kern-heading-large">Informationen in Leichter Sprache</h1>
      <section aria-labelledby="was" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="was">
          Was ist das AQB?
        </h2>
        <p class="kern-body">AQB ist eine Abkürzung.</p>
        <p class="kern-body">Sie bedeutet: Ausbildungs- und Qualifizierungs-Budget.</p>
        <p class="kern-body">Budget bedeutet: Geld für eine bestimmte Aufgabe.</p>
        <p class="kern-body">Das Land Hessen gibt jedes Jahr Geld.</p>
        <p class="kern-body">Mit dem Geld lernen Menschen einen Beruf.</p>
        <p class="kern-body">Oder sie lernen etwas Neues für die Arbeit.</p>
      </section>
      <section aria-labelledby="wer" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="wer">
          Wer bekommt das Geld?
        </h2>
        <p class="kern-body">In Hessen gibt es 21 Land-Kreise und 5 große Städte.</p>
        <p class="kern-body">Jeder Kreis und jede Stadt bekommt einen Teil vom Geld.</p>
        <p class="kern-body">Das Ministerium für Arbeit schreibt mit jedem Kreis einen Vertrag.</p>
        <p class="kern-body">Der Vertrag heißt: Ziel-Vereinbarung.</p>
        <p class="kern-body">Darin steht: So viel Geld gibt es. Und diese Projekte werden damit bezahlt.</p>
      </section>
      <section aria-labelledby="seite" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="seite">
          Was finden Sie auf dieser Internet-Seite?
        </h2>
        <p class="kern-body">Hier stehen alle Ziel-Vereinbarungen.</p>
        <p class="kern-body">Jeder darf sie lesen.</p>
        <p class="kern-body">
          Sie können nach einem Kreis suchen. Oder nach einem Projekt.{' '}
          <a class="kern-link" href="/portal/zielvereinbarungen">
            Hier geht es zur Suche.
          </a>
        </p>
        <p class="kern-body">Sie können jede Ziel-Vereinbarung herunterladen.</p>
        <p class="kern-body">
          Haben Sie ein Problem mit dieser Internet-Seite? Dann schreiben Sie uns.{' '}
          <a class="kern-link" href="/barrierefreiheit#feedback">
            Hier können Sie uns schreiben.
          </a>
        </p>
      </section>
    </PortalPage>
  );
}

/** Impressum or Datenschutz: the stored text. */
export function TextPage({ page }: { page: PortalPageContent }) {
  return (
    <PortalPage title={page.title} currentPath={`/${page.slug}`}>
      <h1 class="kern-heading-large">{page.title}</h1>
      <TextBody body={page.body} />
    </PortalPage>
  );
}

/** The open-data overview: stable URLs, formats, licence. */
export function OpenDataPage({ years, licence }: { years: number[]; licence: LicenceId }) {
  const file = (href: string, label: string) => (
    <li>
      <a class="kern-link" href={href}>
        {label}
      </a>
    </li>
  );
  return (
    <PortalPage title="Offene Daten" currentPath="/opendata">
      <h1 class="kern-heading-large">Offene Daten</h1>
      <p class="kern-body">
        Alle veröffentlichten Zielvereinbarungen als maschinenlesbare Dateien. Die Adressen bleiben dauerhaft gleich. Lizenz:{' '}
        {LICENCES[licence].label} ({licence}).
      </p>
      <section aria-labelledby="alle-jahre" class="kern-stack-sm">
        <h2 class="kern-heading-medium" id="alle-jahre">
          Alle Jahre
        </h2>
        <ul class="kern-list kern-list--bullet">
          {file('/opendata/agreements.json', 'agreements.json – Liste im Austauschformat aqb.zielvereinbarung/1')}
          {file('/opendata/agreements.csv', 'agreements.csv – eine Zeile je Projekt (UTF-8, Semikolon, für Excel)')}
          {file('/opendata/catalog.jsonld', 'catalog.jsonld – Metadaten nach DCAT-AP.de')}
          {file('/opendata/datenbeschreibung', 'Datenbeschreibung – was jede Spalte und jedes Feld bedeutet')}
          {file('/opendata/datenbeschreibung.json', 'datenbeschreibung.json – dieselbe Beschreibung maschinenlesbar')}
        </ul>
      </section>
      {years.map((year) => (
        <section aria-labelledby={`jahr-${year}`} class="kern-stack-sm">
          <h2 class="kern-heading-medium" id={`jahr-${year}`}>
            AQB-Jahr {year}
          </h2>
          <ul class="kern-list kern-list--bullet">
            {file(`/opendata/${year}/agreements.json`, `agreements.json ${year}`)}
            {file(`/opendata/${year}/agreements.csv`, `agreements.csv ${year}`)}
          </ul>
        </section>
      ))}
    </PortalPage>
  );
}

/** What every column of the CSV and every field of the JSON means (the data dictionary). */
export function DataDictionaryPage({ fields, goodPracticeFields = [] }: { fields: typeof OPEN_DATA_FIELDS; goodPracticeFields?: ReadonlyArray<{ csv: string; json: string; type: keyof typeof TYPE_LABELS; description: string }> }) {
  return (
    <PortalPage title="Datenbeschreibung der offenen Daten" currentPath="/opendata">
      <h1 class="kern-heading-large">Datenbeschreibung der offenen Daten</h1>
      <p class="kern-body">
        Die CSV-Datei hat eine Zeile je Projekt (UTF-8 mit BOM, Semikolon als Trennzeichen, Dezimalkomma). Die JSON-Datei enthält je Zielvereinbarung ein Objekt im
        Austauschformat aqb.zielvereinbarung/1 mit den zusätzlichen Feldern unten. Dieselbe Beschreibung gibt es als{' '}
        <a class="kern-link" href="/opendata/datenbeschreibung.json">
          datenbeschreibung.json
        </a>
        .
      </p>
      <div class="table-region" role="region" aria-labelledby="felder-titel" tabindex={0}>
        <table class="kern-table kern-table--striped">
          <caption class="kern-title" id="felder-titel">
            Spalten und Felder
          </caption>
          <TableHead columns={['CSV-Spalte', 'JSON-Feld', 'Typ', 'Bedeutung']} />
          <tbody class="kern-table__body">
            {fields.map((field) => (
              <tr class="kern-table__row">
                <th scope="row" class="kern-table__header">
                  {field.csv ?? '–'}
                </th>
                <td class="kern-table__cell">
                  <code>{field.json}</code>
                </td>
                <td class="kern-table__cell">{TYPE_LABELS[field.type]}</td>
                <td class="kern-table__cell">{field.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {goodPracticeFields.length ? (
        <>
          <h2 class="kern-heading-medium">Gute Praxis (gute-praxis.csv, gute-praxis.json)</h2>
          <p class="kern-body">Eine Zeile (ein Objekt unter „items“) je Projekt im Katalog der guten Praxis.</p>
          <div class="table-region" role="region" aria-labelledby="gute-praxis-felder" tabindex={0}>
            <table class="kern-table kern-table--striped">
              <caption class="kern-title" id="gute-praxis-felder">
                Spalten und Felder der guten Praxis
              </caption>
              <TableHead columns={['CSV-Spalte', 'JSON-Feld', 'Typ', 'Bedeutung']} />
              <tbody class="kern-table__body">
                {goodPracticeFields.map((field) => (
                  <tr class="kern-table__row">
                    <th scope="row" class="kern-table__header">
                      {field.csv}
                    </th>
                    <td class="kern-table__cell">
                      <code>{field.json}</code>
                    </td>
                    <td class="kern-table__cell">{TYPE_LABELS[field.type]}</td>
                    <td class="kern-table__cell">{field.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      <p class="kern-body">
        <a class="kern-link" href="/opendata">
          Zurück zu den offenen Daten
        </a>
      </p>
    </PortalPage>
  );
}

const TYPE_LABELS: Record<(typeof OPEN_DATA_FIELDS)[number]['type'], string> = { integer: 'ganze Zahl', number: 'Zahl', string: 'Text', date: 'Datum', boolean: 'ja/nein' };

/** Administrator form for Impressum/Datenschutz and the open-data licence. */
export function EditTextPage(props: { slug: PageSlug; csrf: string; title: string; body: string; errors?: FieldErrors; saved?: boolean; licence?: LicenceId }) {
  const errors = props.errors ?? {};
  return (
    <PortalPage title={`${props.title} bearbeiten`} currentPath={`/admin/seiten/${props.slug}`} staff>
      <h1 class="kern-heading-large">{props.title} bearbeiten</h1>
      {props.saved ? <Notice title="Gespeichert." /> : null}
      <ErrorSummary errors={errors} labels={{ title: 'Titel', body: 'Text' }} />
      <form method="post" action={`/admin/seiten/${props.slug}`} class="kern-stack-sm" novalidate>
        <CsrfField token={props.csrf} />
        <TextField name="title" label="Titel" required maxlength={200} value={props.title} error={errors.title} />
        <TextArea name="body" label="Text" hint="Absätze durch eine Leerzeile trennen." required rows={16} value={props.body} error={errors.body} />
        <SubmitButton>Speichern</SubmitButton>
      </form>
      {props.licence ? (
        <form method="post" action="/admin/seiten/opendata-lizenz" class="kern-stack-sm">
          <CsrfField token={props.csrf} />
          <SelectField
            name="licence"
            label="Lizenz der offenen Daten"
            required
            value={props.licence}
            options={Object.entries(LICENCES).map(([value, l]) => ({ value, label: l.label }))}
          />
          <SubmitButton variant="secondary">Lizenz speichern</SubmitButton>
        </form>
      ) : null}
    </PortalPage>
  );
}
