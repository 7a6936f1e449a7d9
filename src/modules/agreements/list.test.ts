import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzRuns } from '../../../tests/support/fuzz';
import { type AgreementListRow, DEFAULT_LIST_QUERY, deviatesFromAllocation, listQueryString, pageOfList, parseListQuery, selectListRows } from './list';
import { AGREEMENT_STATUSES } from './status';

function row(overrides: Partial<AgreementListRow>): AgreementListRow {
  return {
    year: 2025,
    ags: '06439',
    districtName: 'Rheingau-Taunus-Kreis',
    regierungsbezirk: 'Darmstadt',
    status: 'entwurf',
    version: 1,
    amountCents: 78_710_000,
    allocationCents: 78_710_000,
    isDemo: false,
    updatedAt: new Date('2025-02-01T10:00:00Z'),
    ...overrides,
  };
}

const rows: AgreementListRow[] = [
  row({}),
  row({ year: 2024, status: 'veroeffentlicht', updatedAt: new Date('2024-05-01T10:00:00Z') }),
  row({ ags: '06533', districtName: 'Landkreis Limburg-Weilburg', regierungsbezirk: 'Gießen', amountCents: 89_521_000, allocationCents: 90_000_000, status: 'in_abstimmung' }),
  row({ ags: '06611', districtName: 'Stadt Kassel', regierungsbezirk: 'Kassel', amountCents: 50_000_000, allocationCents: null, status: 'zur_unterschrift' }),
  row({ ags: '06414', districtName: 'Stadt Wiesbaden', regierungsbezirk: 'Darmstadt', amountCents: 120_000_000, allocationCents: 120_000_000, status: 'unterzeichnet', updatedAt: new Date('2025-03-01T10:00:00Z') }),
];

describe('parseListQuery', () => {
  it('reads every filter and keeps the defaults for empty fields', () => {
    const { query, errors } = parseListQuery({ jahr: '2025', status: 'entwurf', bezirk: 'Gießen', suche: ' lahn ', abweichung: '1', sortierung: 'betrag', seite: '2', unbekannt: 'x', richtung: '' });
    expect(errors).toEqual({});
    expect(query).toEqual({ year: 2025, status: 'entwurf', regierungsbezirk: 'Gießen', search: 'lahn', deviates: true, sort: 'betrag', descending: false, page: 2 });
    expect(parseListQuery({ jahr: '', status: '' }).query).toEqual(DEFAULT_LIST_QUERY);
  });

  it('reports values the form cannot produce in German, per field, and ignores them', () => {
    const { query, errors } = parseListQuery({ jahr: '20x5', status: 'geheim', bezirk: 'Hamburg', seite: '0', sortierung: 'id', abweichung: 'ja', suche: 'x'.repeat(101) });
    expect(Object.keys(errors).sort()).toEqual(['abweichung', 'bezirk', 'jahr', 'seite', 'sortierung', 'status', 'suche']);
    expect(errors.jahr).toBe('Bitte wählen Sie ein AQB-Jahr aus der Liste.');
    expect(errors.seite).toBe('Die Seite muss eine Zahl ab 1 sein.');
    expect(query).toEqual(DEFAULT_LIST_QUERY);
  });

  it('round-trips through the query string the page links carry', () => {
    const statuses = fc.constantFrom(undefined, ...AGREEMENT_STATUSES);
    fc.assert(
      fc.property(
        fc.record({
          year: fc.option(fc.integer({ min: 2000, max: 2099 }), { nil: undefined }),
          status: statuses,
          regierungsbezirk: fc.constantFrom(undefined, 'Darmstadt', 'Gießen', 'Kassel' as const),
          search: fc.option(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && s.trim() !== ''), { nil: undefined }),
          deviates: fc.boolean(),
          sort: fc.constantFrom('name', 'jahr', 'status', 'betrag', 'geaendert' as const),
          descending: fc.boolean(),
          page: fc.integer({ min: 1, max: 500 }),
        }),
        (query) => {
          const parsed = parseListQuery(Object.fromEntries(new URLSearchParams(listQueryString(query)))).query;
          expect(parsed).toEqual({ ...query });
        },
      ),
      { numRuns: fuzzRuns() },
    );
  });
});

describe('selectListRows', () => {
  it('filters by year, status, Regierungsbezirk and deviation', () => {
    const pick = (raw: Record<string, string>) => selectListRows(rows, parseListQuery(raw).query).map((r) => `${r.year}:${r.ags}`);
    expect(pick({ jahr: '2024' })).toEqual(['2024:06439']);
    expect(pick({ status: 'unterzeichnet' })).toEqual(['2025:06414']);
    expect(pick({ bezirk: 'Darmstadt', jahr: '2025' })).toEqual(['2025:06439', '2025:06414']);
    // No allocation fixed (Kassel) is not a deviation; Limburg-Weilburg's § 4 differs.
    expect(pick({ abweichung: '1' })).toEqual(['2025:06533']);
  });

  it('finds names without regard to case, hyphens and spaces, and by AGS', () => {
    const pick = (suche: string) => selectListRows(rows, parseListQuery({ suche }).query).map((r) => r.ags);
    expect(pick('rheingau taunus')).toEqual(['06439', '06439']);
    expect(pick('LIMBURG')).toEqual(['06533']);
    expect(pick('06611')).toEqual(['06611']);
    expect(pick('Gießen')).toEqual([]);
    expect(pick('wiesbaden')).toEqual(['06414']);
  });

  it('sorts by each column in both directions, ties by year and name', () => {
    const order = (sortierung: string, richtung: string) => selectListRows(rows, parseListQuery({ sortierung, richtung, jahr: '2025' }).query).map((r) => r.ags);
    expect(order('betrag', 'auf')).toEqual(['06611', '06439', '06533', '06414']);
    expect(order('betrag', 'ab')).toEqual(['06414', '06533', '06439', '06611']);
    expect(order('name', 'auf')).toEqual(['06533', '06439', '06611', '06414']);
    expect(order('status', 'auf')).toEqual(['06439', '06533', '06611', '06414']);
    expect(order('geaendert', 'ab')[0]).toBe('06414');
    // Default: newest year first.
    expect(selectListRows(rows, DEFAULT_LIST_QUERY).map((r) => r.year)).toEqual([2025, 2025, 2025, 2025, 2024]);
  });
});

describe('pageOfList', () => {
  it('splits into pages and shows the last page for a page past the end', () => {
    const many = Array.from({ length: 120 }, (_, i) => row({ ags: String(6400 + i).padStart(5, '0') }));
    expect(pageOfList(many, 1)).toMatchObject({ page: 1, pageCount: 3, total: 120 });
    expect(pageOfList(many, 3).rows).toHaveLength(20);
    expect(pageOfList(many, 9)).toMatchObject({ page: 3, pageCount: 3 });
    expect(pageOfList([], 4)).toMatchObject({ page: 1, pageCount: 1, total: 0, rows: [] });
  });
});

describe('deviatesFromAllocation', () => {
  it('compares to the cent and only against a fixed allocation', () => {
    expect(deviatesFromAllocation({ amountCents: 100, allocationCents: 101 })).toBe(true);
    expect(deviatesFromAllocation({ amountCents: 100, allocationCents: 100 })).toBe(false);
    expect(deviatesFromAllocation({ amountCents: 100, allocationCents: null })).toBe(false);
  });
});
