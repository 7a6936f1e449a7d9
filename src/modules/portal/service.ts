import { createHash } from 'node:crypto';
import { AgsSchema, text } from '../../platform/input';
import { and, asc, count, desc, eq, inArray, isNull, max, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, Executor } from '../../platform/db/client';
import { recordAuditEvent } from '../../platform/audit/store';
import type { UserId } from '../access/policy';
import { AppError, unwrapZod } from '../../platform/errors';
import { composeAgreement, defaultTemplate, renderPdf, type YearTemplateContent, YearTemplateContentSchema } from '../documents/service';
import { type AgreementInterchange, StoredAgreementSchema } from '../documents/schema';
import { agreementPublications, agreements, agreementVersions } from '../agreements/tables';
import { findBudgetYears } from '../budget-years/service';
import { getDistrict } from '../districts/service';
import { districts } from '../districts/tables';
import { agreementTemplates } from '../templates/tables';
import { portalFeedback, portalPages, portalSettings } from './tables';

/*
 * The portal's read model: it joins agreements, versions, publications, districts and templates
 * read-only (docs/decisions/0005). The portal shows only PUBLISHED agreements: those with at least
 * one row in agreement_publications that was not withdrawn; the newest such publication wins. The current status does not
 * matter: while a Nachtrag is being drafted, the last published version stays public and valid.
 */

/**
 * The newest publication of an agreement that was not withdrawn (a Nachtrag is published as a new
 * row; a withdrawn one is never served, its page says so instead).
 */
const isLatestPublication = sql`${agreementPublications.withdrawnAt} is null and ${agreementPublications.version} = (select max(p2.version) from agreement_publications p2 where p2.agreement_id = ${agreementPublications.agreementId} and p2.withdrawn_at is null)`;

const publishedColumns = {
  agreementId: agreements.id,
  year: agreements.year,
  ags: agreements.ags,
  districtName: districts.officialName,
  districtAccusative: districts.akk,
  regierungsbezirk: districts.regierungsbezirk,
  isDemo: agreements.isDemo,
  version: agreementPublications.version,
  sha256: agreementPublications.sha256,
  publishedAt: agreementPublications.publishedAt,
  content: agreementVersions.content,
  templateVersionId: agreementVersions.templateVersionId,
};

function publishedQuery(db: Executor, where: SQL | undefined) {
  return db
    .select(publishedColumns)
    .from(agreements)
    .innerJoin(districts, eq(districts.ags, agreements.ags))
    .innerJoin(agreementPublications, and(eq(agreementPublications.agreementId, agreements.id), isLatestPublication))
    .innerJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), eq(agreementVersions.version, agreementPublications.version)))
    .where(where);
}

export interface PublishedAgreement {
  agreementId: number;
  year: number;
  ags: string;
  districtName: string;
  /** "den Rheingau-Taunus-Kreis", "die Stadt Kassel" (for "Für …"). */
  districtAccusative: string;
  regierungsbezirk: string;
  isDemo: boolean;
  version: number;
  sha256: string;
  publishedAt: Date;
  content: AgreementInterchange;
  /** The template version the published version records (its frozen PDF's wording). */
  templateVersionId: number | null;
}

type PublishedRow = { [K in keyof typeof publishedColumns]: unknown };

function toPublished(row: PublishedRow): PublishedAgreement {
  return {
    agreementId: Number(row.agreementId),
    year: Number(row.year),
    ags: String(row.ags),
    districtName: String(row.districtName),
    districtAccusative: String(row.districtAccusative),
    regierungsbezirk: String(row.regierungsbezirk),
    isDemo: Boolean(row.isDemo),
    version: Number(row.version),
    sha256: String(row.sha256),
    publishedAt: new Date(row.publishedAt as Date),
    content: StoredAgreementSchema.parse(row.content),
    templateVersionId: row.templateVersionId === null ? null : Number(row.templateVersionId),
  };
}

// ---------------------------------------------------------------------------------------------
// List: filters, German full-text search, sorting, pagination

export const SORT_OPTIONS = {
  'jahr-ab': 'Jahr, neueste zuerst',
  'jahr-auf': 'Jahr, älteste zuerst',
  name: 'Gebietskörperschaft A–Z',
  'betrag-ab': 'Betrag, höchster zuerst',
  'betrag-auf': 'Betrag, niedrigster zuerst',
} as const;
export type SortKey = keyof typeof SORT_OPTIONS;
export const PAGE_SIZE = 20;
/** Longer search input is cut: nobody types more, and it keeps the query cheap. */
export const MAX_QUERY_LENGTH = 200;

export interface ListFilter {
  year?: number;
  ags?: string;
  regierungsbezirk?: 'Darmstadt' | 'Gießen' | 'Kassel';
  measureType?: 1 | 2 | 3 | 4;
  q?: string;
  sort: SortKey;
  page: number;
}

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional()).catch(undefined);

/** Query string → filter. Invalid values are ignored (a bookmarked URL never turns into an error page). */
export const ListFilterSchema = z.object({
  jahr: optional(z.coerce.number().int().min(2000).max(2100)),
  gk: optional(AgsSchema),
  rb: optional(z.enum(['Darmstadt', 'Gießen', 'Kassel'])),
  massnahme: optional(z.coerce.number().int().min(1).max(4)),
  // Control characters (NUL breaks PostgreSQL text parameters) become spaces.
  q: optional(z.string().transform((v) => v.replace(/[\u0000-\u001f\u007f]/g, ' ').trim().slice(0, MAX_QUERY_LENGTH))),
  sort: z.enum(Object.keys(SORT_OPTIONS) as [SortKey, ...SortKey[]]).catch('jahr-ab'),
  seite: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export function parseListFilter(query: Record<string, string | undefined>): ListFilter {
  const parsed = ListFilterSchema.parse({ sort: 'jahr-ab', seite: 1, ...query });
  return {
    year: parsed.jahr,
    ags: parsed.gk,
    regierungsbezirk: parsed.rb,
    measureType: parsed.massnahme as ListFilter['measureType'],
    q: parsed.q === '' ? undefined : parsed.q,
    sort: parsed.sort,
    page: parsed.seite,
  };
}

/**
 * A published agreement as list pages show it: the columns derived from the version's content
 * by PostgreSQL (agreement_versions.amount_cents, project_count), never the content itself, so a
 * list neither unpacks nor validates hundreds of JSON documents.
 */
export interface PublishedSummary {
  agreementId: number;
  year: number;
  ags: string;
  districtName: string;
  regierungsbezirk: string;
  isDemo: boolean;
  version: number;
  publishedAt: Date;
  amountCents: number;
  projectCount: number;
  /**
   * Search hits only: where the search terms occur in the project titles (ts_headline), as text
   * parts; `match` parts are the found words. Undefined without a search or a title match.
   */
  snippet?: SnippetPart[];
}

export interface SnippetPart {
  text: string;
  match: boolean;
}

const summaryColumns = {
  agreementId: agreements.id,
  year: agreements.year,
  ags: agreements.ags,
  districtName: districts.officialName,
  regierungsbezirk: districts.regierungsbezirk,
  isDemo: agreements.isDemo,
  version: agreementPublications.version,
  publishedAt: agreementPublications.publishedAt,
  amountCents: agreementVersions.amountCents,
  projectCount: agreementVersions.projectCount,
  versionId: agreementVersions.id,
};

type SummaryRow = { [K in keyof typeof summaryColumns]: unknown };

function toSummary(row: SummaryRow): PublishedSummary {
  return {
    agreementId: Number(row.agreementId),
    year: Number(row.year),
    ags: String(row.ags),
    districtName: String(row.districtName),
    regierungsbezirk: String(row.regierungsbezirk),
    isDemo: Boolean(row.isDemo),
    version: Number(row.version),
    publishedAt: new Date(row.publishedAt as Date),
    amountCents: Number(row.amountCents),
    projectCount: Number(row.projectCount),
  };
}

function summaryQuery(db: Executor, where: SQL | undefined) {
  return db
    .select({ ...summaryColumns, total: sql<number>`count(*) over ()` })
    .from(agreements)
    .innerJoin(districts, eq(districts.ags, agreements.ags))
    .innerJoin(agreementPublications, and(eq(agreementPublications.agreementId, agreements.id), isLatestPublication))
    .innerJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), eq(agreementVersions.version, agreementPublications.version)))
    .where(where);
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The German query of a search text; websearch syntax never raises on odd input. */
const searchQuery = (q: string) => sql`websearch_to_tsquery('german', ${q})`;

function filterConditions(filter: Omit<ListFilter, 'sort' | 'page'>): SQL | undefined {
  const conditions: SQL[] = [];
  if (filter.year !== undefined) conditions.push(eq(agreements.year, filter.year));
  if (filter.ags) conditions.push(eq(agreements.ags, filter.ags));
  if (filter.regierungsbezirk) conditions.push(eq(districts.regierungsbezirk, filter.regierungsbezirk));
  if (filter.measureType) conditions.push(sql`${agreementVersions.measureTypes} @> ${JSON.stringify([filter.measureType])}::jsonb`);
  if (filter.q) {
    // The stored, GIN-indexed German tsvector (stemming: "Ausbildungen" finds "Ausbildung"); the
    // ILIKE on the 26 district names catches partial names ("Limb").
    conditions.push(sql`(${agreementVersions.searchVector} @@ ${searchQuery(filter.q)} or ${districts.officialName} ilike ${likePattern(filter.q)})`);
  }
  return conditions.length ? and(...conditions) : undefined;
}

function orderFor(sort: SortKey): SQL[] {
  switch (sort) {
    case 'jahr-auf':
      return [asc(agreements.year), asc(districts.officialName)];
    case 'name':
      return [asc(districts.officialName), desc(agreements.year)];
    case 'betrag-ab':
      return [desc(agreementVersions.amountCents), asc(districts.officialName)];
    case 'betrag-auf':
      return [asc(agreementVersions.amountCents), asc(districts.officialName)];
    default:
      return [desc(agreements.year), asc(districts.officialName)];
  }
}

/* Private-use characters as ts_headline's markers: they never occur in project titles, and the
 * text around them is escaped by the view like any other text (no markup from the database). */
const MARK_START = '\ue000';
const MARK_END = '\ue001';
const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=14, MinWords=5, MaxFragments=2, FragmentDelimiter=" … "`;

export function parseSnippet(headline: string): SnippetPart[] | undefined {
  if (!headline.includes(MARK_START)) return undefined;
  const parts: SnippetPart[] = [];
  for (const [index, piece] of headline.split(new RegExp(`[${MARK_START}${MARK_END}]`)).entries()) {
    if (piece !== '') parts.push({ text: piece, match: index % 2 === 1 });
  }
  return parts;
}

/** ts_headline for the hits of one page only: the project titles of those versions, joined. */
async function findSnippets(db: Executor, versionIds: number[], q: string): Promise<Map<number, SnippetPart[]>> {
  if (versionIds.length === 0) return new Map();
  const titles = sql`(select string_agg(t, ' · ') from jsonb_array_elements_text(jsonb_path_query_array(${agreementVersions.content}, '$.measures[*].projects[*].title')) t)`;
  const rows = await db
    .select({ id: agreementVersions.id, headline: sql<string | null>`ts_headline('german', coalesce(${titles}, ''), ${searchQuery(q)}, ${HEADLINE_OPTIONS})` })
    .from(agreementVersions)
    .where(and(inArray(agreementVersions.id, versionIds), sql`${agreementVersions.searchVector} @@ ${searchQuery(q)}`));
  const snippets = new Map<number, SnippetPart[]>();
  for (const row of rows) {
    const parts = row.headline ? parseSnippet(row.headline) : undefined;
    if (parts) snippets.set(row.id, parts);
  }
  return snippets;
}

/**
 * One page of published agreements matching the filter and the total number of matches, in one
 * query (count(*) over ()); with a search text, snippets for the page's hits.
 */
export async function findPublishedAgreements(db: Executor, filter: ListFilter): Promise<{ rows: PublishedSummary[]; total: number }> {
  const where = filterConditions(filter);
  const offset = (filter.page - 1) * PAGE_SIZE;
  const page = await summaryQuery(db, where)
    .orderBy(...orderFor(filter.sort), asc(agreements.id))
    .limit(PAGE_SIZE)
    .offset(offset);
  let total = page.length > 0 ? Number(page[0]!.total) : 0;
  if (page.length === 0 && offset > 0) {
    // A page past the end has no row to carry the count: ask once more (bookmarks, typed URLs).
    const [row] = await db
      .select({ total: count() })
      .from(agreements)
      .innerJoin(districts, eq(districts.ags, agreements.ags))
      .innerJoin(agreementPublications, and(eq(agreementPublications.agreementId, agreements.id), isLatestPublication))
      .innerJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), eq(agreementVersions.version, agreementPublications.version)))
      .where(where);
    total = Number(row?.total ?? 0);
  }
  const rows = page.map(toSummary);
  if (filter.q && rows.length > 0) {
    const snippets = await findSnippets(db, page.map((r) => Number(r.versionId)), filter.q);
    page.forEach((r, i) => {
      const snippet = snippets.get(Number(r.versionId));
      if (snippet) rows[i]!.snippet = snippet;
    });
  }
  return { rows, total };
}

/** Every published agreement as a summary (no content), optionally of one year; ordered by year and AGS. */
export async function findPublishedSummaries(db: Executor, year?: number): Promise<PublishedSummary[]> {
  const rows = await summaryQuery(db, year === undefined ? undefined : eq(agreements.year, year)).orderBy(asc(agreements.year), asc(agreements.ags));
  return rows.map(toSummary);
}

/** Every published agreement (newest publication each), optionally of one year; ordered by year and AGS. */
export async function findAllPublished(db: Executor, year?: number): Promise<PublishedAgreement[]> {
  const rows = await publishedQuery(db, year === undefined ? undefined : eq(agreements.year, year)).orderBy(asc(agreements.year), asc(agreements.ags));
  return rows.map(toPublished);
}

/**
 * Every published agreement in batches of `batchSize` (keyset on year and AGS), for streamed
 * open-data files: only one batch of contents is in memory at a time.
 */
export async function* iteratePublished(db: Executor, options: { year?: number; batchSize?: number } = {}): AsyncGenerator<PublishedAgreement[]> {
  const batchSize = options.batchSize ?? 26;
  let after: { year: number; ags: string } | undefined;
  for (;;) {
    const conditions: SQL[] = [];
    if (options.year !== undefined) conditions.push(eq(agreements.year, options.year));
    if (after) conditions.push(sql`(${agreements.year}, ${agreements.ags}) > (${after.year}, ${after.ags})`);
    const rows = await publishedQuery(db, conditions.length ? and(...conditions) : undefined)
      .orderBy(asc(agreements.year), asc(agreements.ags))
      .limit(batchSize);
    if (rows.length === 0) return;
    const batch = rows.map(toPublished);
    yield batch;
    if (rows.length < batchSize) return;
    const last = batch[batch.length - 1]!;
    after = { year: last.year, ags: last.ags };
  }
}

/** The published agreement of a district in a year; throws a German NOT_FOUND otherwise. */
export async function getPublishedAgreement(db: Executor, year: number, ags: string): Promise<PublishedAgreement> {
  const [row] = await publishedQuery(db, and(eq(agreements.year, year), eq(agreements.ags, ags)));
  if (!row) {
    throw new AppError('NOT_FOUND', `Für diese Gebietskörperschaft ist im AQB-Jahr ${year} keine veröffentlichte Zielvereinbarung vorhanden.`);
  }
  return toPublished(row);
}

/** What the public agreement page shows besides the text: the frozen PDF's size and the district's other published years. */
export interface PublishedPage {
  agreement: PublishedAgreement;
  pdfSize: number;
  otherYears: number[];
}

/**
 * The agreement page's data in one query: the published agreement, the size of its frozen PDF
 * (octet_length, the bytes are not read) and the district's other published years. Undefined
 * when there is none (the caller then finds out which German 404 applies).
 */
export async function findPublishedPage(db: Executor, year: number, ags: string): Promise<PublishedPage | undefined> {
  const [row] = await db
    .select({
      ...publishedColumns,
      pdfSize: sql<number>`octet_length(${agreementPublications.pdf})`,
      otherYears: sql<unknown>`(select coalesce(json_agg(a2.year order by a2.year), '[]'::json) from agreements a2 where a2.ags = ${agreements.ags} and a2.year <> ${agreements.year} and exists (select 1 from agreement_publications p3 where p3.agreement_id = a2.id and p3.withdrawn_at is null))`,
    })
    .from(agreements)
    .innerJoin(districts, eq(districts.ags, agreements.ags))
    .innerJoin(agreementPublications, and(eq(agreementPublications.agreementId, agreements.id), isLatestPublication))
    .innerJoin(agreementVersions, and(eq(agreementVersions.agreementId, agreements.id), eq(agreementVersions.version, agreementPublications.version)))
    .where(and(eq(agreements.year, year), eq(agreements.ags, ags)));
  if (!row) return undefined;
  const years = typeof row.otherYears === 'string' ? (JSON.parse(row.otherYears) as unknown[]) : (row.otherYears as unknown[]);
  return { agreement: toPublished(row), pdfSize: Number(row.pdfSize), otherYears: years.map(Number) };
}

/** The frozen PDF bytes of the newest publication, exactly as stored. Throws NOT_FOUND. */
export async function getPublishedPdf(db: Executor, year: number, ags: string): Promise<{ pdf: Uint8Array; sha256: string; publishedAt: Date; isDemo: boolean }> {
  const [row] = await db
    .select({ pdf: agreementPublications.pdf, sha256: agreementPublications.sha256, publishedAt: agreementPublications.publishedAt, isDemo: agreementPublications.isDemo })
    .from(agreements)
    .innerJoin(agreementPublications, and(eq(agreementPublications.agreementId, agreements.id), isLatestPublication))
    .where(and(eq(agreements.year, year), eq(agreements.ags, ags)));
  if (!row) throw new AppError('NOT_FOUND', `Für diese Gebietskörperschaft ist im AQB-Jahr ${year} keine veröffentlichte Zielvereinbarung vorhanden.`);
  return row;
}

/**
 * A cheap fingerprint of everything published (count, newest id and date, edited pages and
 * settings): the page cache
 * compares it on each request, so it stays correct even if a publisher forgets to invalidate.
 */
export async function getPublicationStamp(db: Executor): Promise<{ stamp: string; lastModified: Date | null }> {
  const [row] = await db
    .select({ n: count(), maxId: max(agreementPublications.id), maxAt: max(agreementPublications.publishedAt), withdrawnAt: max(agreementPublications.withdrawnAt) })
    .from(agreementPublications);
  const [pages] = await db.select({ n: count(), maxAt: max(portalPages.updatedAt) }).from(portalPages);
  const [status] = await db.select({ n: count() }).from(agreements).where(eq(agreements.status, 'veroeffentlicht'));
  const [settings] = await db.select({ maxAt: max(portalSettings.updatedAt) }).from(portalSettings);
  // The good-practice catalogue (entries and the titles of their projects), the public conferences (ADR 0022)
  // and the released Landesberichte (state-report).
  const [catalogue] = ((await db.execute(sql`
    select (select count(*) || '/' || coalesce(max(updated_at)::text, '') from good_practice_entries)
      || '/' || (select coalesce(max(p.updated_at)::text, '') from projects p join good_practice_entries g on g.project_id = p.id)
      || '/' || (select count(*) || '/' || coalesce(max(updated_at)::text, '') from events where status = 'veroeffentlicht' and is_public)
      || '/' || (select count(*) || '/' || coalesce(max(released_at)::text, '') from state_reports where status = 'freigegeben') as stamp`)) as unknown as { rows: { stamp: string }[] }).rows;
  const maxAt = row?.maxAt ? new Date(row.maxAt) : null;
  const pagesAt = pages?.maxAt ? new Date(pages.maxAt) : null;
  const lastModified = [maxAt, pagesAt].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
  return {
    stamp: [row?.n, row?.maxId, maxAt?.toISOString(), row?.withdrawnAt ? new Date(row.withdrawnAt).toISOString() : '', status?.n, pages?.n, pagesAt?.toISOString(), settings?.maxAt ? new Date(settings.maxAt).toISOString() : '', catalogue?.stamp ?? ''].join('|'),
    lastModified,
  };
}

/** Years that exist as AQB years (for 404 on unknown years). */
export async function findKnownYears(db: Executor): Promise<number[]> {
  return (await findBudgetYears(db)).map((y) => y.year);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Editable pages (Impressum, Datenschutz)

export const PAGE_SLUGS = ['impressum', 'datenschutz'] as const;
export type PageSlug = (typeof PAGE_SLUGS)[number];

const DEFAULT_PAGES: Record<PageSlug, { title: string; body: string }> = {
  impressum: {
    title: 'Impressum',
    body: [
      'Herausgeber',
      'Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales\nSonnenberger Straße 2/2a\n65193 Wiesbaden',
      'Vertreten durch die Staatsministerin.',
      'Verantwortlich für den Inhalt: Referat Ausbildungs- und Qualifizierungsbudget (Anschrift wie oben).',
      'Dieser Text ist eine Vorlage. Eine Administratorin oder ein Administrator ersetzt ihn durch das verbindliche Impressum.',
    ].join('\n\n'),
  },
  datenschutz: {
    title: 'Datenschutzerklärung',
    body: [
      'Das Portal „Arbeitswelt Hessen“ zeigt veröffentlichte Zielvereinbarungen. Für das Lesen ist keine Anmeldung nötig.',
      'Der Server speichert ein technisch notwendiges Cookie zum Schutz von Formularen (aqb-csrf). Es enthält keine personenbezogenen Daten und wird nicht ausgewertet.',
      'Wenn Sie uns über das Rückmeldeformular zur Barrierefreiheit schreiben, speichern wir Ihre Nachricht und, falls angegeben, Ihre Kontaktangabe, um Ihnen zu antworten (Art. 6 Abs. 1 lit. e DSGVO). Wir geben diese Angaben nicht weiter.',
      'Dieser Text ist eine Vorlage. Eine Administratorin oder ein Administrator ersetzt ihn durch die verbindliche Datenschutzerklärung.',
    ].join('\n\n'),
  },
};

/** Inserts the template texts of Impressum and Datenschutz where missing; edits are kept. */
export async function seedPortalPages(tx: Executor): Promise<void> {
  for (const slug of PAGE_SLUGS) {
    await tx.insert(portalPages).values({ slug, ...DEFAULT_PAGES[slug] }).onConflictDoNothing();
  }
}

export interface PortalPageContent {
  slug: PageSlug;
  title: string;
  body: string;
  updatedAt: Date;
}

/** An editable page; falls back to the template text when the row is missing. */
export async function getPortalPage(db: Executor, slug: PageSlug): Promise<PortalPageContent> {
  const [row] = await db.select().from(portalPages).where(eq(portalPages.slug, slug));
  return row ?? { slug, ...DEFAULT_PAGES[slug], updatedAt: new Date(0) };
}

export const PortalPageInputSchema = z.object({
  title: text(200, { required: 'Bitte geben Sie einen Titel ein.' }),
  body: text(50_000, { multiline: true, required: 'Bitte geben Sie einen Text ein.' }),
});

/** Saves an editable page (upsert). Throws VALIDATION_FAILED with German field messages. */
export async function updatePortalPage(db: Database, slug: PageSlug, input: unknown, userId: UserId): Promise<void> {
  const data = unwrapZod(PortalPageInputSchema.safeParse(input));
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ title: portalPages.title, body: portalPages.body }).from(portalPages).where(eq(portalPages.slug, slug));
    await tx
      .insert(portalPages)
      .values({ slug, ...data, updatedBy: userId, updatedAt: new Date() })
      .onConflictDoUpdate({ target: portalPages.slug, set: { ...data, updatedBy: userId, updatedAt: new Date() } });
    await recordAuditEvent(tx, { actorId: userId, action: 'portal.page.update', recordType: 'portal_page', recordId: slug, before: before ?? null, after: data });
  });
}

// ---------------------------------------------------------------------------------------------
// Open-data licence setting

export const LICENCES = {
  'dl-de/by-2-0': { label: 'Datenlizenz Deutschland – Namensnennung – Version 2.0', uri: 'http://dcat-ap.de/def/licenses/dl-by-de/2.0' },
  'dl-de/zero-2-0': { label: 'Datenlizenz Deutschland – Zero – Version 2.0', uri: 'http://dcat-ap.de/def/licenses/dl-zero-de/2.0' },
  'cc-by/4.0': { label: 'Creative Commons Namensnennung 4.0 International', uri: 'http://dcat-ap.de/def/licenses/cc-by/4.0' },
} as const;
export type LicenceId = keyof typeof LICENCES;
export const DEFAULT_LICENCE: LicenceId = 'dl-de/by-2-0';
const LICENCE_KEY = 'opendata.licence';
const LicenceIdSchema = z.enum(Object.keys(LICENCES) as [LicenceId, ...LicenceId[]], { error: 'Bitte wählen Sie eine der angebotenen Lizenzen.' });

/** The licence of the open data (default dl-de/by-2-0). */
export async function getOpenDataLicence(db: Executor): Promise<LicenceId> {
  const [row] = await db.select({ value: portalSettings.value }).from(portalSettings).where(eq(portalSettings.key, LICENCE_KEY));
  const parsed = LicenceIdSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_LICENCE;
}

/** Sets the open-data licence; throws VALIDATION_FAILED for an unknown licence. */
export async function setOpenDataLicence(db: Database, licence: unknown, userId: UserId): Promise<void> {
  const value = unwrapZod(LicenceIdSchema.safeParse(licence));
  await db.transaction(async (tx) => {
    const before = await getOpenDataLicence(tx);
    await tx
      .insert(portalSettings)
      .values({ key: LICENCE_KEY, value, updatedAt: new Date() })
      .onConflictDoUpdate({ target: portalSettings.key, set: { value, updatedAt: new Date() } });
    await recordAuditEvent(tx, { actorId: userId, action: 'portal.licence.set', recordType: 'portal_setting', recordId: LICENCE_KEY, before: { licence: before }, after: { licence: value } });
  });
}

// ---------------------------------------------------------------------------------------------
// Accessibility feedback

export const FeedbackSchema = z.object({
  message: text(5000, { multiline: true, required: 'Bitte beschreiben Sie das Problem.' }),
  contact: text(200, { min: 0 }).optional().transform((v) => (v ? v : null)),
  pageUrl: text(500, { min: 0 }).optional().transform((v) => (v ? v : null)),
});

/** Stores a feedback message; throws VALIDATION_FAILED with German field messages. */
export async function saveFeedback(db: Database, input: unknown): Promise<number> {
  const data = unwrapZod(FeedbackSchema.safeParse(input));
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(portalFeedback).values(data).returning({ id: portalFeedback.id });
    // The message itself stays in its table (it may hold personal data); the trail records the act.
    await recordAuditEvent(tx, { actorId: null, action: 'feedback.submit', recordType: 'portal_feedback', recordId: row!.id, before: null, after: { hasContact: data.contact !== null } });
    return row!.id;
  });
}

export type Feedback = typeof portalFeedback.$inferSelect;
export const FEEDBACK_PAGE_SIZE = 20;

/**
 * Stored feedback messages: unanswered first, then newest first; one page of FEEDBACK_PAGE_SIZE
 * and the total count.
 */
export async function findFeedback(db: Executor, page = 1): Promise<{ rows: Feedback[]; total: number; open: number }> {
  const rows = await db
    .select()
    .from(portalFeedback)
    .orderBy(sql`${portalFeedback.answeredAt} is not null`, desc(portalFeedback.createdAt), desc(portalFeedback.id))
    .limit(FEEDBACK_PAGE_SIZE)
    .offset((Math.max(1, page) - 1) * FEEDBACK_PAGE_SIZE);
  const [totals] = await db
    .select({ total: count(), open: sql<number>`count(*) filter (where ${portalFeedback.answeredAt} is null)` })
    .from(portalFeedback);
  return { rows, total: Number(totals?.total ?? 0), open: Number(totals?.open ?? 0) };
}

/** How many feedback messages wait for an answer. */
export async function countOpenFeedback(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(portalFeedback).where(sql`${portalFeedback.answeredAt} is null`);
  return Number(row?.n ?? 0);
}

export const FeedbackAnswerSchema = z.object({
  answer: text(5000, { multiline: true, required: 'Bitte schreiben Sie die Antwort oder was veranlasst wurde.' }),
});

/**
 * Records the staff's answer to a feedback message (or a note on what was done), audited in the
 * same transaction. An answer can be corrected: the trail keeps the earlier one. NOT_FOUND for an
 * unknown id, VALIDATION_FAILED (German) for an empty answer.
 */
export async function answerFeedback(db: Database, id: number, input: unknown, userId: UserId): Promise<void> {
  const { answer } = unwrapZod(FeedbackAnswerSchema.safeParse(input));
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(portalFeedback).where(eq(portalFeedback.id, id)).for('update');
    if (!before) throw new AppError('NOT_FOUND', 'Diese Rückmeldung gibt es nicht.');
    await tx.update(portalFeedback).set({ answer, answeredAt: new Date(), answeredBy: userId }).where(eq(portalFeedback.id, id));
    await recordAuditEvent(tx, { actorId: userId, action: 'feedback.answer', recordType: 'portal_feedback', recordId: id, before: { answer: before.answer }, after: { answer } });
  });
}

/** Seeds what the portal needs on every start: the page texts and the frozen seeded publications. */
export async function seedPortal(tx: Executor): Promise<void> {
  await seedPortalPages(tx);
}
