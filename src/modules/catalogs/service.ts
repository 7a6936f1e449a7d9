import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { LEGAL_SPHERES, MEASURE_TYPES } from './data';
import { legalSpheres, measureTypeLabels, measureTypes } from './tables';

/** Inserts the Maßnahmenarten and Rechtskreise where missing (idempotent, keeps edits). */
export async function seedCatalogs(db: Executor): Promise<void> {
  await db.insert(measureTypes).values([...MEASURE_TYPES]).onConflictDoNothing();
  await db.insert(legalSpheres).values([...LEGAL_SPHERES]).onConflictDoNothing();
}

/** Stores the printed labels of the four Maßnahmenarten for a year, unless already present. */
export async function seedMeasureTypeLabels(db: Executor, year: number): Promise<void> {
  await db
    .insert(measureTypeLabels)
    .values(MEASURE_TYPES.map((m) => ({ year, code: m.code, label: m.label })))
    .onConflictDoNothing();
}

/** Labels as printed in `year`, falling back to the default label. Index 0 = Maßnahmenart 1. */
export async function getMeasureTypeLabels(db: Executor, year: number): Promise<[string, string, string, string]> {
  const defaults = await db.select().from(measureTypes).orderBy(asc(measureTypes.code));
  const printed = await db.select().from(measureTypeLabels).where(eq(measureTypeLabels.year, year));
  const byCode = new Map(printed.map((p) => [p.code, p.label]));
  const labels = defaults.map((d) => byCode.get(d.code) ?? d.label);
  return [labels[0] ?? '', labels[1] ?? '', labels[2] ?? '', labels[3] ?? ''];
}

export async function findLegalSpheres(db: Executor) {
  return db.select().from(legalSpheres).orderBy(asc(legalSpheres.sortOrder));
}

export async function setMeasureTypeLabel(db: Executor, year: number, code: number, label: string): Promise<void> {
  await db
    .insert(measureTypeLabels)
    .values({ year, code, label })
    .onConflictDoUpdate({ target: [measureTypeLabels.year, measureTypeLabels.code], set: { label } });
}
