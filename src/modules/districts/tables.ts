import { boolean, char, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** The 26 Gebietskörperschaften. Case forms are stored, never derived in templates. */
export const districts = pgTable('districts', {
  ags: char('ags', { length: 5 }).primaryKey(),
  kind: text('kind', { enum: ['LANDKREIS', 'KREISFREIE_STADT'] }).notNull(),
  typeNoun: text('type_noun'),
  name: text('name').notNull(),
  officialName: text('official_name').notNull(),
  genus: text('genus', { enum: ['m', 'f'] }).notNull(),
  nom: text('nom').notNull(),
  gen: text('gen').notNull(),
  dat: text('dat').notNull(),
  akk: text('akk').notNull(),
  nomBare: text('nom_bare').notNull(),
  genBare: text('gen_bare').notNull(),
  datBare: text('dat_bare').notNull(),
  akkBare: text('akk_bare').notNull(),
  seat: text('seat').notNull(),
  signingPlace: text('signing_place').notNull(),
  regierungsbezirk: text('regierungsbezirk', { enum: ['Darmstadt', 'Gießen', 'Kassel'] }).notNull(),
  headTitleM: text('head_title_m').notNull(),
  headTitleF: text('head_title_f').notNull(),
  note: text('note'),
  isActive: boolean('is_active').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
