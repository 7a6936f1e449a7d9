import { integer, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core';

/** The four Maßnahmenarten with a stable code 1–4. */
export const measureTypes = pgTable('measure_types', {
  code: smallint('code').primaryKey(),
  shortCode: text('short_code').notNull().unique(),
  label: text('label').notNull(),
});

/** The label of a Maßnahmenart as printed in a given AQB year. */
export const measureTypeLabels = pgTable(
  'measure_type_labels',
  {
    year: integer('year').notNull(),
    code: smallint('code')
      .notNull()
      .references(() => measureTypes.code),
    label: text('label').notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.code] })],
);

/** Rechtskreise: the legal spheres participants' benefits come from. */
export const legalSpheres = pgTable('legal_spheres', {
  code: text('code').primaryKey(),
  law: text('law').notNull(),
  office: text('office').notNull(),
  sortOrder: smallint('sort_order').notNull(),
});
