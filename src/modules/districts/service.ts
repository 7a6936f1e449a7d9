import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { loadShippedDistricts } from './master-data';

export { loadShippedDistricts, loadSonderstatusstaedte } from './master-data';
import type { District } from './schema';
import { districts } from './tables';

type DistrictRow = typeof districts.$inferSelect;

function toDistrict(row: DistrictRow): District {
  return {
    ags: row.ags,
    kind: row.kind,
    typeNoun: row.typeNoun,
    name: row.name,
    officialName: row.officialName,
    genus: row.genus,
    forms: { nom: row.nom, gen: row.gen, dat: row.dat, akk: row.akk },
    formsWithoutArticle: { nom: row.nomBare, gen: row.genBare, dat: row.datBare, akk: row.akkBare },
    seat: row.seat,
    signingPlace: row.signingPlace,
    regierungsbezirk: row.regierungsbezirk,
    headTitle: { m: row.headTitleM, f: row.headTitleF },
    note: row.note,
  };
}

function toRow(district: District): typeof districts.$inferInsert {
  return {
    ags: district.ags,
    kind: district.kind,
    typeNoun: district.typeNoun,
    name: district.name,
    officialName: district.officialName,
    genus: district.genus,
    nom: district.forms.nom,
    gen: district.forms.gen,
    dat: district.forms.dat,
    akk: district.forms.akk,
    nomBare: district.formsWithoutArticle.nom,
    genBare: district.formsWithoutArticle.gen,
    datBare: district.formsWithoutArticle.dat,
    akkBare: district.formsWithoutArticle.akk,
    seat: district.seat,
    signingPlace: district.signingPlace,
    regierungsbezirk: district.regierungsbezirk,
    headTitleM: district.headTitle.m,
    headTitleF: district.headTitle.f,
    note: district.note,
  };
}

/**
 * Inserts the 26 shipped districts where they are missing. Existing rows are left alone, so an
 * administrator's corrections survive every restart. Returns the number inserted.
 */
export async function seedDistricts(db: Executor): Promise<number> {
  const inserted = await db
    .insert(districts)
    .values(loadShippedDistricts().map(toRow))
    .onConflictDoNothing({ target: districts.ags })
    .returning({ ags: districts.ags });
  return inserted.length;
}

/** All districts ordered by AGS. */
export async function findDistricts(db: Executor): Promise<District[]> {
  const rows = await db.select().from(districts).orderBy(asc(districts.ags));
  return rows.map(toDistrict);
}

/** One district by AGS; throws UNKNOWN_DISTRICT when there is none. */
export async function getDistrict(db: Executor, ags: string): Promise<District> {
  const [row] = await db.select().from(districts).where(eq(districts.ags, ags));
  if (!row) throw new AppError('UNKNOWN_DISTRICT', `Die Gebietskörperschaft mit dem AGS „${ags}“ ist nicht bekannt.`);
  return toDistrict(row);
}

export async function countDistricts(db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(districts);
  return Number(row?.n ?? 0);
}
