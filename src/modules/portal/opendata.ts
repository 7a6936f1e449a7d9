import type { AgreementInterchange } from '../documents/schema';
import { CSV_BOM, csvLine } from '../../platform/input';
import { LICENCES, type LicenceId, type PublishedAgreement } from './service';
import { GOOD_PRACTICE_FIELDS } from './good-practice';

/*
 * Open-data files of the published agreements: pure functions from the read model to bytes, so
 * the routes only set headers. Stable URLs are listed in OPEN_DATA_FILES.
 */

export const CSV_HEADER = [
  'Jahr',
  'AGS',
  'Gebietskörperschaft',
  'Regierungsbezirk',
  'Betrag (EUR)',
  'Maßnahmenart (Nr.)',
  'Maßnahmenart',
  'Projekt',
  'Veröffentlicht am',
  'Fassung',
  'SHA-256 des PDF',
  'Demodaten',
] as const;

/**
 * The data dictionary: every CSV column and JSON field of the open data, described once. The page
 * /opendata/datenbeschreibung and the file datenbeschreibung.json are drawn from it, and a test
 * checks that it names every column the CSV writes.
 */
export const OPEN_DATA_FIELDS: ReadonlyArray<{ csv: (typeof CSV_HEADER)[number] | null; json: string; type: 'integer' | 'number' | 'string' | 'date' | 'boolean'; description: string }> = [
  { csv: 'Jahr', json: 'year', type: 'integer', description: 'AQB-Jahr, für das die Zielvereinbarung gilt.' },
  { csv: 'AGS', json: 'district.ags', type: 'string', description: 'Amtlicher Gemeindeschlüssel der Gebietskörperschaft (fünfstellig, z. B. 06439).' },
  { csv: 'Gebietskörperschaft', json: 'district.name', type: 'string', description: 'Name der Gebietskörperschaft (Landkreis oder kreisfreie Stadt).' },
  { csv: 'Regierungsbezirk', json: '–', type: 'string', description: 'Regierungsbezirk der Gebietskörperschaft: Darmstadt, Gießen oder Kassel (nur CSV).' },
  { csv: 'Betrag (EUR)', json: 'amountCents', type: 'number', description: 'Vereinbarte Haushaltsmittel nach § 4: in der CSV in Euro mit Dezimalkomma, im JSON in Cent (ganze Zahl).' },
  { csv: 'Maßnahmenart (Nr.)', json: 'measures[].type', type: 'integer', description: 'Nummer der Maßnahmenart nach § 5 (1 bis 4).' },
  { csv: 'Maßnahmenart', json: 'measures[].label', type: 'string', description: 'Bezeichnung der Maßnahmenart im Wortlaut des Jahres.' },
  { csv: 'Projekt', json: 'measures[].projects[].title', type: 'string', description: 'Titel eines Projekts der Maßnahmenart; in der CSV eine Zeile je Projekt (leer bei einer Zielvereinbarung ohne Projekte).' },
  { csv: 'Veröffentlicht am', json: 'publication.publishedOn', type: 'date', description: 'Tag der Veröffentlichung dieser Fassung (JJJJ-MM-TT).' },
  { csv: 'Fassung', json: 'publication.version', type: 'integer', description: 'Interne Versionsnummer der veröffentlichten Fassung; ein Nachtrag hat eine höhere Nummer.' },
  { csv: 'SHA-256 des PDF', json: 'publication.sha256', type: 'string', description: 'Fingerabdruck (SHA-256) des veröffentlichten PDF; damit lässt sich prüfen, ob eine PDF-Datei unverändert ist.' },
  { csv: 'Demodaten', json: 'demo', type: 'boolean', description: '„ja“ (JSON: true) bei Beispieldaten einer Test- oder Vorführinstallation; echte Zielvereinbarungen haben „nein“.' },
  { csv: null, json: 'signatures', type: 'string', description: 'Ort, Datum, Name und Amt der beiden Unterschriften (nur JSON, Austauschformat aqb.zielvereinbarung/1).' },
];

/** The dictionary as a machine-readable file (field list in the manner of a Frictionless Table Schema). */
export function buildDataDictionary(): Record<string, unknown> {
  return {
    name: 'aqb-zielvereinbarungen',
    title: 'AQB-Zielvereinbarungen – Datenbeschreibung',
    csv: { encoding: 'utf-8 mit BOM', delimiter: ';', lineTerminator: 'CRLF', decimalChar: ',', rowPerProject: true },
    fields: OPEN_DATA_FIELDS.map((field) => ({ csvColumn: field.csv, jsonPath: field.json, type: field.type, description: field.description })),
    goodPractice: {
      files: ['gute-praxis.csv', 'gute-praxis.json'],
      fields: GOOD_PRACTICE_FIELDS.map((field) => ({ csvColumn: field.csv, jsonPath: field.json, type: field.type, description: field.description })),
    },
  };
}

/** The publication day in Hessen (Europe/Berlin), ISO. */
const BERLIN_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
function publishedOn(row: PublishedAgreement): string {
  return BERLIN_DATE.format(row.publishedAt);
}

/** 78710000 → "787100,00": German decimal comma, no thousands separator, so Excel reads a number. */
export function csvAmount(cents: number): string {
  return `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}

function csvLines(row: PublishedAgreement, labels: readonly string[]): string[] {
  const base = [String(row.year), row.ags, row.districtName, row.regierungsbezirk, csvAmount(row.content.amountCents)];
  const publication = [publishedOn(row), String(row.version), row.sha256, row.isDemo ? 'ja' : 'nein'];
  const lines: string[] = [];
  for (const measure of row.content.measures) {
    for (const project of measure.projects) {
      lines.push(csvLine([...base, String(measure.type), labels[measure.type - 1] ?? '', project.title, ...publication]));
    }
  }
  if (lines.length === 0) lines.push(csvLine([...base, '', '', '', ...publication]));
  return lines;
}

/**
 * The CSV: UTF-8 with BOM, `;` separated, CRLF, one row per project (an agreement without any
 * project gets one row with empty project columns, so its amount is not lost).
 */
export function buildAgreementsCsv(rows: readonly PublishedAgreement[], labelsByYear: ReadonlyMap<number, readonly string[]>): string {
  const lines = [csvLine(CSV_HEADER)];
  for (const row of rows) lines.push(...csvLines(row, labelsByYear.get(row.year) ?? []));
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`;
}

/** The same CSV as buildAgreementsCsv, one chunk per batch of agreements (streamed responses). */
export async function* agreementsCsvChunks(
  batches: AsyncIterable<readonly PublishedAgreement[]>,
  labelsOf: (year: number) => Promise<readonly string[]>,
): AsyncGenerator<string> {
  yield `${CSV_BOM}${csvLine(CSV_HEADER)}\r\n`;
  for await (const batch of batches) {
    const lines: string[] = [];
    for (const row of batch) lines.push(...csvLines(row, await labelsOf(row.year)));
    if (lines.length > 0) yield `${lines.join('\r\n')}\r\n`;
  }
}

/**
 * One element of the JSON file: the interchange object (aqb.zielvereinbarung/1) with each
 * Maßnahmenart's label next to its number, the publication (day, version, PDF fingerprint) and the
 * demo flag. Readers of the interchange format ignore the added fields.
 */
export function openDataItem(row: PublishedAgreement, labels: readonly string[]) {
  const content: AgreementInterchange = row.content;
  return {
    ...content,
    measures: content.measures.map(({ type, ...rest }) => ({ type, label: labels[type - 1] ?? null, ...rest })),
    publication: { publishedOn: publishedOn(row), version: row.version, sha256: row.sha256 },
    demo: row.isDemo,
  };
}

/** The JSON file: an array of open-data items (see openDataItem). */
export function buildAgreementsJson(rows: readonly PublishedAgreement[], labelsByYear: ReadonlyMap<number, readonly string[]>): string {
  return `${JSON.stringify(rows.map((row) => openDataItem(row, labelsByYear.get(row.year) ?? [])), null, 2)}\n`;
}

/** The same bytes as buildAgreementsJson (an indented array), one chunk per batch. */
export async function* agreementsJsonChunks(batches: AsyncIterable<readonly PublishedAgreement[]>, labelsOf: (year: number) => Promise<readonly string[]>): AsyncGenerator<string> {
  let first = true;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    // Each element as JSON.stringify(array, null, 2) writes it: indented by two more spaces.
    const items: string[] = [];
    for (const row of batch) items.push(`  ${JSON.stringify(openDataItem(row, await labelsOf(row.year)), null, 2).replace(/\n/g, '\n  ')}`);
    yield `${first ? '[\n' : ',\n'}${items.join(',\n')}`;
    first = false;
  }
  yield first ? '[]\n' : '\n]\n';
}

/** A UTF-8 byte stream of text chunks, pulled one chunk at a time (back-pressure from the socket). */
export function textStream(chunks: AsyncIterator<string> | AsyncIterable<string>): ReadableStream<Uint8Array> {
  const iterator = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks;
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

export interface CatalogInput {
  baseUrl: string;
  years: readonly number[];
  licence: LicenceId;
  modified: Date | null;
}

/** DCAT-AP.de catalogue (JSON-LD) describing the JSON and CSV distributions, all years and per year. */
export function buildCatalog(input: CatalogInput): Record<string, unknown> {
  const base = input.baseUrl.replace(/\/$/, '');
  const licence = LICENCES[input.licence];
  const modified = input.modified?.toISOString();
  const publisher = { '@type': 'foaf:Organization', 'foaf:name': 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales' };
  const distribution = (path: string, format: 'JSON' | 'CSV', title: string) => ({
    '@type': 'dcat:Distribution',
    '@id': `${base}${path}`,
    'dct:title': title,
    'dcat:accessURL': { '@id': `${base}${path}` },
    'dcat:downloadURL': { '@id': `${base}${path}` },
    'dcat:mediaType': format === 'JSON' ? 'application/json' : 'text/csv',
    'dct:format': { '@id': `http://publications.europa.eu/resource/authority/file-type/${format}` },
    'dct:license': { '@id': licence.uri },
    'dcatde:licenseAttributionByText': 'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales',
    ...(modified ? { 'dct:modified': { '@value': modified, '@type': 'xsd:dateTime' } } : {}),
  });
  const dataset = (id: string, title: string, description: string, prefix: string) => ({
    '@type': 'dcat:Dataset',
    '@id': `${base}${id}`,
    'dct:title': title,
    'dct:description': description,
    'dct:publisher': publisher,
    'dct:language': { '@id': 'http://publications.europa.eu/resource/authority/language/DEU' },
    'dct:spatial': { '@id': 'http://dcat-ap.de/def/politicalGeocoding/stateKey/06' },
    'dcatde:politicalGeocodingLevelURI': { '@id': 'http://dcat-ap.de/def/politicalGeocodingLevel/state' },
    'dcat:theme': [{ '@id': 'http://publications.europa.eu/resource/authority/data-theme/ECON' }, { '@id': 'http://publications.europa.eu/resource/authority/data-theme/EDUC' }],
    'dcat:keyword': ['Ausbildungs- und Qualifizierungsbudget', 'AQB', 'Zielvereinbarung', 'Hessen'],
    'dcat:distribution': [
      distribution(`${prefix}/agreements.json`, 'JSON', `${title} (JSON, aqb.zielvereinbarung/1)`),
      distribution(`${prefix}/agreements.csv`, 'CSV', `${title} (CSV, eine Zeile je Projekt)`),
    ],
  });
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      dcatde: 'http://dcat-ap.de/def/dcatde/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    '@type': 'dcat:Catalog',
    '@id': `${base}/opendata/catalog.jsonld`,
    'dct:title': 'Arbeitswelt Hessen – Offene Daten des Ausbildungs- und Qualifizierungsbudgets',
    'dct:description': 'Veröffentlichte Zielvereinbarungen zwischen dem Land Hessen und den 26 Gebietskörperschaften.',
    'dct:publisher': publisher,
    'dct:license': { '@id': licence.uri },
    'dcat:dataset': [
      dataset('/opendata', 'AQB-Zielvereinbarungen, alle Jahre', 'Alle veröffentlichten Zielvereinbarungen des AQB.', '/opendata'),
      ...input.years.map((year) =>
        dataset(`/opendata/${year}`, `AQB-Zielvereinbarungen ${year}`, `Die veröffentlichten Zielvereinbarungen des AQB-Jahres ${year}.`, `/opendata/${year}`),
      ),
    ],
  };
}
