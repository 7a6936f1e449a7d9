/**
 * The staff list of agreements: what the query string may ask (filter, search, sort, page) and
 * how the rows are chosen. Pure: the route reads the rows, this decides which are shown, so the
 * page, the CSV and the XLSX export show exactly the same selection.
 */
import { z } from 'zod';
import { AGREEMENT_STATUS_LABELS, AGREEMENT_STATUSES, type AgreementStatus } from './status';

export const REGIERUNGSBEZIRKE = ['Darmstadt', 'Gießen', 'Kassel'] as const;
export const LIST_SORTS = { name: 'Gebietskörperschaft', jahr: 'Jahr', status: 'Status', betrag: 'Betrag (§ 4)', geaendert: 'Zuletzt geändert' } as const;
export type ListSort = keyof typeof LIST_SORTS;
export const LIST_PAGE_SIZE = 50;
const MAX_SEARCH = 100;

export interface AgreementListRow {
  year: number;
  ags: string;
  districtName: string;
  regierungsbezirk: string | null;
  status: AgreementStatus;
  version: number;
  amountCents: number;
  /** The district's current allocation for the year; null when none is fixed. */
  allocationCents: number | null;
  isDemo: boolean;
  updatedAt: Date;
}

export interface AgreementListQuery {
  year?: number;
  status?: AgreementStatus;
  regierungsbezirk?: (typeof REGIERUNGSBEZIRKE)[number];
  search?: string;
  /** Only agreements whose § 4 amount differs from the current allocation. */
  deviates: boolean;
  sort: ListSort;
  descending: boolean;
  page: number;
}

/** Newest year and latest change first; names, states and amounts ascending. */
const DESCENDING_BY_DEFAULT = new Set<ListSort>(['jahr', 'geaendert']);

export const DEFAULT_LIST_QUERY: AgreementListQuery = { deviates: false, sort: 'jahr', descending: true, page: 1 };

/** § 4 differs from the allocation (no allocation fixed: nothing to compare, not a deviation). */
export function deviatesFromAllocation(row: Pick<AgreementListRow, 'amountCents' | 'allocationCents'>): boolean {
  return row.allocationCents !== null && row.allocationCents !== row.amountCents;
}

const QuerySchema = z.object({
  jahr: z.string().regex(/^\d{4}$/, 'Bitte wählen Sie ein AQB-Jahr aus der Liste.').optional(),
  status: z.enum(AGREEMENT_STATUSES, { message: 'Bitte wählen Sie einen Status aus der Liste.' }).optional(),
  bezirk: z.enum(REGIERUNGSBEZIRKE, { message: 'Bitte wählen Sie einen Regierungsbezirk aus der Liste.' }).optional(),
  suche: z.string().max(MAX_SEARCH, `Der Suchbegriff darf höchstens ${MAX_SEARCH} Zeichen lang sein.`).optional(),
  abweichung: z.literal('1', { message: 'Ungültige Auswahl.' }).optional(),
  sortierung: z.enum(Object.keys(LIST_SORTS) as [ListSort, ...ListSort[]], { message: 'Bitte wählen Sie eine Sortierung aus der Liste.' }).optional(),
  richtung: z.enum(['auf', 'ab'], { message: 'Bitte wählen Sie auf- oder absteigend.' }).optional(),
  seite: z.string().regex(/^[1-9]\d{0,5}$/, 'Die Seite muss eine Zahl ab 1 sein.').optional(),
});

/**
 * Reads the query string. An empty field means "all"; a value the form cannot produce is
 * reported per field (German) and left out, so the list still shows.
 */
export function parseListQuery(raw: Record<string, string | undefined>): { query: AgreementListQuery; errors: Record<string, string> } {
  const present = Object.fromEntries(Object.entries(raw).filter(([key, value]) => key in QuerySchema.shape && value !== undefined && value.trim() !== '').map(([k, v]) => [k, v!.trim()]));
  const errors: Record<string, string> = {};
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(present)) {
    const result = QuerySchema.shape[key as keyof typeof QuerySchema.shape].safeParse(value);
    if (result.success) values[key] = value;
    else errors[key] = result.error.issues[0]?.message ?? 'Ungültige Eingabe.';
  }
  const query: AgreementListQuery = {
    ...DEFAULT_LIST_QUERY,
    year: values.jahr ? Number(values.jahr) : undefined,
    status: values.status as AgreementStatus | undefined,
    regierungsbezirk: values.bezirk as AgreementListQuery['regierungsbezirk'],
    search: values.suche,
    deviates: values.abweichung === '1',
    sort: (values.sortierung as ListSort | undefined) ?? DEFAULT_LIST_QUERY.sort,
    descending: values.richtung ? values.richtung === 'ab' : DESCENDING_BY_DEFAULT.has((values.sortierung as ListSort | undefined) ?? DEFAULT_LIST_QUERY.sort),
    page: values.seite ? Number(values.seite) : 1,
  };
  return { query, errors };
}

/** The query string for a query (defaults left out), optionally for another page. */
export function listQueryString(query: AgreementListQuery, page = query.page): string {
  const params = new URLSearchParams();
  if (query.year !== undefined) params.set('jahr', String(query.year));
  if (query.status) params.set('status', query.status);
  if (query.regierungsbezirk) params.set('bezirk', query.regierungsbezirk);
  if (query.search) params.set('suche', query.search);
  if (query.deviates) params.set('abweichung', '1');
  if (query.sort !== DEFAULT_LIST_QUERY.sort || query.descending !== DEFAULT_LIST_QUERY.descending) {
    params.set('sortierung', query.sort);
    params.set('richtung', query.descending ? 'ab' : 'auf');
  }
  if (page > 1) params.set('seite', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Letters and digits only, lower case, umlauts kept: "Rheingau Taunus" finds "Rheingau-Taunus-Kreis". */
function searchKey(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('de-DE').replace(/ß/g, 'ss').replace(/[^\p{L}\p{N}]+/gu, '');
}

const collator = new Intl.Collator('de-DE');
const statusRank = (status: AgreementStatus) => AGREEMENT_STATUSES.indexOf(status);

function compareRows(a: AgreementListRow, b: AgreementListRow, sort: ListSort): number {
  switch (sort) {
    case 'name':
      return collator.compare(a.districtName, b.districtName);
    case 'jahr':
      return a.year - b.year;
    case 'status':
      return statusRank(a.status) - statusRank(b.status);
    case 'betrag':
      return a.amountCents - b.amountCents;
    case 'geaendert':
      return a.updatedAt.getTime() - b.updatedAt.getTime();
  }
}

/** Filters and sorts all matching rows (for the exports) — ties by year, then name, then AGS. */
export function selectListRows(rows: ReadonlyArray<AgreementListRow>, query: AgreementListQuery): AgreementListRow[] {
  const needle = query.search ? searchKey(query.search) : '';
  const chosen = rows.filter(
    (row) =>
      (query.year === undefined || row.year === query.year) &&
      (query.status === undefined || row.status === query.status) &&
      (query.regierungsbezirk === undefined || row.regierungsbezirk === query.regierungsbezirk) &&
      (!query.deviates || deviatesFromAllocation(row)) &&
      (needle === '' || searchKey(row.districtName).includes(needle) || row.ags.includes(needle)),
  );
  const direction = query.descending ? -1 : 1;
  return chosen.sort(
    (a, b) => direction * compareRows(a, b, query.sort) || b.year - a.year || collator.compare(a.districtName, b.districtName) || a.ags.localeCompare(b.ags),
  );
}

/** One page of the selection; a page past the end shows the last page. */
export function pageOfList(rows: ReadonlyArray<AgreementListRow>, page: number, pageSize = LIST_PAGE_SIZE) {
  const pageCount = Math.max(1, Math.ceil(rows.length / pageSize));
  const current = Math.min(Math.max(1, page), pageCount);
  return { rows: rows.slice((current - 1) * pageSize, current * pageSize), page: current, pageCount, total: rows.length };
}

export const LIST_EXPORT_HEADERS = ['AGS', 'Gebietskörperschaft', 'Regierungsbezirk', 'Jahr', 'Status', 'Betrag § 4 (€)', 'Zuweisung (€)', '§ 4 weicht ab', 'Version', 'Demodaten'] as const;

/** Export cells of a row (amounts in cents; the writers format them). */
export function exportCells(row: AgreementListRow): (string | number | null)[] {
  return [
    row.ags,
    row.districtName,
    row.regierungsbezirk ?? '',
    row.year,
    AGREEMENT_STATUS_LABELS[row.status],
    row.amountCents,
    row.allocationCents,
    deviatesFromAllocation(row) ? 'ja' : 'nein',
    row.version,
    row.isDemo ? 'ja' : 'nein',
  ];
}
