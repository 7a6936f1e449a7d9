import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../platform/db/client';
import { writeCsv } from '../../platform/input';
import { GOOD_PRACTICE_TARGET_GROUP_LABELS, GOOD_PRACTICE_TARGET_GROUPS, type GoodPracticeTargetGroup, LEGAL_SPHERE_FILTERS } from '../good-practice/schema';

/*
 * The public good-practice catalogue: a read model over the good-practice entries, the project
 * records, the districts and the published agreements (docs/decisions/0005, 0022). Only entries
 * the ministry took into the catalogue (`aufgenommen`); never the contact person's private data
 * (the form asks for a functional contact).
 */

export const CATALOGUE_MAX_QUERY = 200;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** The catalogue's filter from the query string; an unknown value is ignored (the page names it), never an error page. */
export const CatalogueFilterSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(CATALOGUE_MAX_QUERY).optional()).catch(undefined),
  massnahmenart: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(4).optional()).catch(undefined),
  zielgruppe: z.preprocess(blankToUndefined, z.enum(GOOD_PRACTICE_TARGET_GROUPS).optional()).catch(undefined),
  rechtskreis: z.preprocess(blankToUndefined, z.enum(LEGAL_SPHERE_FILTERS).optional()).catch(undefined),
  gk: z.preprocess(blankToUndefined, z.string().regex(/^06\d{3}$/).optional()).catch(undefined),
  jahr: z.preprocess(blankToUndefined, z.coerce.number().int().min(2000).max(2100).optional()).catch(undefined),
});
export type CatalogueFilter = z.infer<typeof CatalogueFilterSchema>;

export function parseCatalogueFilter(query: Record<string, string | undefined>): CatalogueFilter {
  // Control characters would reach the database as text: drop them with the value.
  const clean = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, typeof v === 'string' && /[\u0000-\u001f\u007f]/.test(v) ? undefined : v]));
  return CatalogueFilterSchema.parse(clean);
}

export interface CatalogueEntry {
  id: number;
  year: number;
  ags: string;
  districtName: string;
  title: string;
  measureType: number;
  legalSpheres: string[];
  targetGroup: GoodPracticeTargetGroup;
  targetGroupLabel: string;
  summary: string;
  contact: string;
  /** The portal page of the district's published agreement of that year, or null when none is published. */
  agreementHref: string | null;
  isDemo: boolean;
}

/**
 * The catalogue entries matching the filter. `q` is German full text (`websearch_to_tsquery('german')`
 * over the entry's stored tsvector and the project's title): stemming finds "Ausbildungsplätze"
 * for "Ausbildungsplatz", but a compound is one word to PostgreSQL ("Ausbildung" does not find
 * "Ausbildungsplätze"; tested). With a query the best matches come first, else by year, district, title.
 */
export async function findCatalogueEntries(db: Executor, filter: CatalogueFilter): Promise<CatalogueEntry[]> {
  const conditions: SQL[] = [sql`g.status = 'aufgenommen'`];
  const document = sql`(g.search_vector || to_tsvector('german'::regconfig, p.title))`;
  const query = filter.q ? sql`websearch_to_tsquery('german'::regconfig, ${filter.q})` : null;
  if (query) conditions.push(sql`${document} @@ ${query}`);
  if (filter.massnahmenart) conditions.push(sql`p.measure_type = ${filter.massnahmenart}`);
  if (filter.zielgruppe) conditions.push(sql`g.target_group = ${filter.zielgruppe}`);
  if (filter.rechtskreis) conditions.push(sql`p.target_groups @> ${JSON.stringify([filter.rechtskreis])}::jsonb`);
  if (filter.gk) conditions.push(sql`p.ags = ${filter.gk}`);
  if (filter.jahr) conditions.push(sql`p.year = ${filter.jahr}`);
  const rows = (
    (await db.execute(sql`
      select g.id, p.year, p.ags, d.name as district_name, p.title, p.measure_type, p.target_groups, g.target_group, g.summary, g.contact, g.is_demo,
        exists (select 1 from agreements a where a.year = p.year and a.ags = p.ags and a.status = 'veroeffentlicht') as published
      from good_practice_entries g
      join projects p on p.id = g.project_id
      join districts d on d.ags = p.ags
      where ${sql.join(conditions, sql` and `)}
      order by ${query ? sql`ts_rank(${document}, ${query}) desc,` : sql``} p.year desc, d.name, p.title, g.id
      limit 500`)) as unknown as {
      rows: { id: number; year: number; ags: string; district_name: string; title: string; measure_type: number; target_groups: string[] | string; target_group: GoodPracticeTargetGroup; summary: string; contact: string; is_demo: boolean; published: boolean }[];
    }
  ).rows;
  return rows.map((r) => {
    const groups = (typeof r.target_groups === 'string' ? JSON.parse(r.target_groups) : r.target_groups) as string[];
    return {
      id: Number(r.id),
      year: Number(r.year),
      ags: r.ags,
      districtName: r.district_name,
      title: r.title,
      measureType: Number(r.measure_type),
      legalSpheres: groups.filter((g) => (LEGAL_SPHERE_FILTERS as readonly string[]).includes(g)),
      targetGroup: r.target_group,
      targetGroupLabel: GOOD_PRACTICE_TARGET_GROUP_LABELS[r.target_group],
      summary: r.summary,
      contact: r.contact,
      agreementHref: r.published ? `/portal/zielvereinbarungen/${r.year}/${r.ags}` : null,
      isDemo: Boolean(r.is_demo),
    };
  });
}

/** Open data: the CSV columns of gute-praxis.csv (described in GOOD_PRACTICE_FIELDS). */
export const GOOD_PRACTICE_CSV_HEADER = ['Jahr', 'AGS', 'Gebietskörperschaft', 'Projekt', 'Maßnahmenart (Nr.)', 'Rechtskreise', 'Zielgruppe', 'Kurzbeschreibung', 'Kontakt', 'Zielvereinbarung', 'Demodaten'] as const;

export const GOOD_PRACTICE_FIELDS: ReadonlyArray<{ csv: (typeof GOOD_PRACTICE_CSV_HEADER)[number]; json: string; type: 'integer' | 'string' | 'boolean'; description: string }> = [
  { csv: 'Jahr', json: 'year', type: 'integer', description: 'AQB-Jahr des Projekts.' },
  { csv: 'AGS', json: 'district.ags', type: 'string', description: 'Amtlicher Gemeindeschlüssel der Gebietskörperschaft des Projekts.' },
  { csv: 'Gebietskörperschaft', json: 'district.name', type: 'string', description: 'Name der Gebietskörperschaft.' },
  { csv: 'Projekt', json: 'title', type: 'string', description: 'Titel des Projekts, wie ihn die Projektdaten der Gebietskörperschaft führen.' },
  { csv: 'Maßnahmenart (Nr.)', json: 'measureType', type: 'integer', description: 'Nummer der Maßnahmenart nach § 5 (1 bis 4).' },
  { csv: 'Rechtskreise', json: 'legalSpheres', type: 'string', description: 'Rechtskreise, die das Projekt nennt (SGB II, SGB III, SGB VIII, SGB XII, AsylbLG); in der CSV durch Komma getrennt.' },
  { csv: 'Zielgruppe', json: 'targetGroup.label', type: 'string', description: 'Zielgruppe, die das HMSI dem Eintrag zuordnet (JSON zusätzlich: targetGroup.code).' },
  { csv: 'Kurzbeschreibung', json: 'summary', type: 'string', description: 'Was das Projekt gut macht, in wenigen Sätzen.' },
  { csv: 'Kontakt', json: 'contact', type: 'string', description: 'Kontaktstelle (Dienststelle, Funktionsadresse oder Telefon).' },
  { csv: 'Zielvereinbarung', json: 'agreementUrl', type: 'string', description: 'Adresse der veröffentlichten Zielvereinbarung der Gebietskörperschaft für dieses Jahr (leer, solange keine veröffentlicht ist).' },
  { csv: 'Demodaten', json: 'demo', type: 'boolean', description: '„ja“ (JSON: true) bei Beispieldaten einer Vorführinstallation.' },
];

/** The catalogue as JSON (open data), with absolute agreement addresses. */
export function goodPracticeJson(entries: CatalogueEntry[], origin: string): string {
  return JSON.stringify(
    {
      name: 'aqb-gute-praxis',
      items: entries.map((e) => ({
        year: e.year,
        district: { ags: e.ags, name: e.districtName },
        title: e.title,
        measureType: e.measureType,
        legalSpheres: e.legalSpheres,
        targetGroup: { code: e.targetGroup, label: e.targetGroupLabel },
        summary: e.summary,
        contact: e.contact,
        agreementUrl: e.agreementHref ? `${origin}${e.agreementHref}` : null,
        demo: e.isDemo,
      })),
    },
    null,
    2,
  );
}

/** The catalogue as CSV (UTF-8 with BOM, `;`, CRLF), one row per entry. */
export function goodPracticeCsv(entries: CatalogueEntry[], origin: string): string {
  const rows = entries.map((e) => [String(e.year), e.ags, e.districtName, e.title, String(e.measureType), e.legalSpheres.join(', '), e.targetGroupLabel, e.summary, e.contact, e.agreementHref ? `${origin}${e.agreementHref}` : '', e.isDemo ? 'ja' : 'nein']);
  return writeCsv([[...GOOD_PRACTICE_CSV_HEADER], ...rows]);
}
