import type { AgreementInterchange } from '../documents/schema';
import { CSV_BOM, csvLine } from '../../platform/input';
import { LICENCES, type LicenceId, type PublishedAgreement } from './service';

/*
 * Open-data files of the published agreements: pure functions from the read model to bytes, so
 * the routes only set headers. Stable URLs are listed in OPEN_DATA_FILES.
 */

export const CSV_HEADER = ['Jahr', 'AGS', 'Gebietskörperschaft', 'Regierungsbezirk', 'Betrag (EUR)', 'Maßnahmenart (Nr.)', 'Maßnahmenart', 'Projekt'] as const;

/** 78710000 → "787100,00": German decimal comma, no thousands separator, so Excel reads a number. */
export function csvAmount(cents: number): string {
  return `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}

function csvLines(row: PublishedAgreement, labels: readonly string[]): string[] {
  const base = [String(row.year), row.ags, row.districtName, row.regierungsbezirk, csvAmount(row.content.amountCents)];
  const lines: string[] = [];
  for (const measure of row.content.measures) {
    for (const project of measure.projects) {
      lines.push(csvLine([...base, String(measure.type), labels[measure.type - 1] ?? '', project.title]));
    }
  }
  if (lines.length === 0) lines.push(csvLine([...base, '', '', '']));
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

/** The JSON file: an array of interchange objects (aqb.zielvereinbarung/1). */
export function buildAgreementsJson(rows: readonly PublishedAgreement[]): string {
  const items: AgreementInterchange[] = rows.map((row) => row.content);
  return `${JSON.stringify(items, null, 2)}\n`;
}

/** The same bytes as buildAgreementsJson (an indented array), one chunk per batch. */
export async function* agreementsJsonChunks(batches: AsyncIterable<readonly PublishedAgreement[]>): AsyncGenerator<string> {
  let first = true;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    // Each element as JSON.stringify(array, null, 2) writes it: indented by two more spaces.
    const items = batch.map((row) => `  ${JSON.stringify(row.content, null, 2).replace(/\n/g, '\n  ')}`);
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
