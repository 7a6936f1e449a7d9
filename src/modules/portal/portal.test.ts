import { describe, expect, it } from 'vitest';
import { RTK_2024 } from '../documents/reference-agreements';
import { buildAgreementsCsv, buildCatalog, csvAmount } from './opendata';
import { guardCsvCell as guardCell } from '../../platform/input';
import { MAX_QUERY_LENGTH, parseListFilter, type PublishedAgreement } from './service';
import { filterQuery } from './views/list-page';
import { demoteHeadings } from './views/agreement-page';

const row = (content = RTK_2024): PublishedAgreement => ({
  agreementId: 1,
  year: content.year,
  ags: content.district.ags,
  districtName: content.district.name,
  districtAccusative: `den ${content.district.name}`,
  regierungsbezirk: 'Darmstadt',
  isDemo: false,
  templateVersionId: null,
  version: 1,
  sha256: '0'.repeat(64),
  publishedAt: new Date('2024-07-26T12:00:00Z'),
  content,
});

describe('open-data CSV', () => {
  it('guards cells that a spreadsheet would run as a formula', () => {
    for (const value of ['=1+1', '+49 611', '-2', '@SUM(A1)', '\tx', '\rx']) expect(guardCell(value)).toBe(`'${value}`);
    for (const value of ['Projekt „Zukunft“', '2024', '', 'a=b']) expect(guardCell(value)).toBe(value);
  });

  it('writes amounts with a decimal comma and no thousands separator', () => {
    expect(csvAmount(787_100_00)).toBe('787100,00');
    expect(csvAmount(5)).toBe('0,05');
  });

  it('quotes semicolons, quotes and line breaks and keeps one row per project', () => {
    const evil = { ...RTK_2024, measures: RTK_2024.measures.map((m, i) => (i === 0 ? { ...m, projects: [{ title: '=HYPERLINK("x";"y")' }, { title: 'a;b\nc' }] } : { ...m, projects: [] })) };
    const csv = buildAgreementsCsv([row(evil as typeof RTK_2024)], new Map([[2024, ['Eins', 'Zwei', 'Drei', 'Vier']]]));
    expect(csv.startsWith('\uFEFFJahr;AGS;')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    // Published 26.7.2024 at 14:00 in Wiesbaden; version 1; the PDF's fingerprint; real data.
    const publication = `2024-07-26;1;${'0'.repeat(64)};nein`;
    expect(lines[1]).toBe(`2024;06439;Rheingau-Taunus-Kreis;Darmstadt;787100,00;1;Eins;"'=HYPERLINK(""x"";""y"")";${publication}`);
    expect(lines[2]).toBe(`2024;06439;Rheingau-Taunus-Kreis;Darmstadt;787100,00;1;Eins;"a;b\nc";${publication}`);
  });

  it('keeps an agreement without projects as one row', () => {
    const empty = { ...RTK_2024, measures: RTK_2024.measures.map((m) => ({ ...m, projects: [] })) };
    const csv = buildAgreementsCsv([row(empty as typeof RTK_2024)], new Map());
    expect(csv.slice(1).trimEnd().split('\r\n')).toHaveLength(2);
  });

  it('dates the publication by the day in Hessen, not in UTC', () => {
    const late = { ...row(), publishedAt: new Date('2024-07-26T22:30:00Z'), isDemo: true };
    const line = buildAgreementsCsv([late], new Map()).slice(1).split('\r\n')[1]!;
    expect(line.endsWith(`;2024-07-27;1;${'0'.repeat(64)};ja`)).toBe(true);
  });
});

describe('DCAT-AP.de catalogue', () => {
  it('lists JSON and CSV per year with the chosen licence', () => {
    const catalog = buildCatalog({ baseUrl: 'https://example.org/', years: [2024, 2025], licence: 'dl-de/zero-2-0', modified: null }) as Record<string, any>;
    expect(catalog['dct:license']['@id']).toBe('http://dcat-ap.de/def/licenses/dl-zero-de/2.0');
    expect(catalog['dcat:dataset']).toHaveLength(3);
    expect(catalog['dcat:dataset'][2]['dcat:distribution'].map((d: any) => d['@id'])).toEqual([
      'https://example.org/opendata/2025/agreements.json',
      'https://example.org/opendata/2025/agreements.csv',
    ]);
  });
});

describe('list filter', () => {
  it('ignores invalid values instead of failing and round-trips valid ones into the URL', () => {
    const filter = parseListFilter({ jahr: 'abc', gk: '99999', rb: 'Mars', massnahme: '7', sort: 'x', seite: '-3', q: '  Zukunft ' });
    expect(filter).toEqual({ year: undefined, ags: undefined, regierungsbezirk: undefined, measureType: undefined, q: 'Zukunft', sort: 'jahr-ab', page: 1 });
    const full = parseListFilter({ jahr: '2024', gk: '06439', rb: 'Gießen', massnahme: '2', sort: 'name', seite: '3', q: 'a&b' });
    expect(parseListFilter(Object.fromEntries(new URLSearchParams(filterQuery(full).slice(1))))).toEqual(full);
  });

  it('cuts long input and removes control characters', () => {
    expect(parseListFilter({ q: 'x'.repeat(10_000) }).q).toHaveLength(MAX_QUERY_LENGTH);
    expect(parseListFilter({ q: 'a\u0000b' }).q).toBe('a b');
    expect(parseListFilter({ q: '   ' }).q).toBeUndefined();
  });
});

describe('agreement page', () => {
  it('moves the headings of the agreement fragment one level down', () => {
    expect(demoteHeadings('<h1>Z</h1><h2><span>§ 1</span> A</h2><h3 class="x">B</h3>')).toBe('<h2>Z</h2><h3><span>§ 1</span> A</h3><h4 class="x">B</h4>');
  });
});
