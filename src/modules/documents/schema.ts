import { z } from 'zod';

export const AGREEMENT_SCHEMA_ID = 'aqb.zielvereinbarung/1';

/** Largest amount we accept: 100 Mio. € in cents (the whole Landesbudget is ≈ 28 Mio. €). */
export const MAX_AMOUNT_CENTS = 100_000_000_00;

function isRealDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Datum im Format JJJJ-MM-TT erwartet')
  .refine(isRealDate, 'Dieses Datum gibt es nicht');

const text = (max: number) => z.string().trim().min(1, 'Darf nicht leer sein').max(max, `Höchstens ${max} Zeichen`);

export const SignatureSchema = z.object({
  place: text(200),
  date: IsoDateSchema,
  name: text(200),
  /** The signatory's own title: "Landrat", "Landrätin", "Oberbürgermeisterin", "Staatsministerin". */
  title: text(200),
});
export type Signature = z.infer<typeof SignatureSchema>;

/** Project titles are kept exactly as written (quotes included); only surrounding space is trimmed. */
export const ProjectSchema = z.object({ title: text(500) });
export type Project = z.infer<typeof ProjectSchema>;

export const MeasureTypeCodeSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type MeasureTypeCode = z.infer<typeof MeasureTypeCodeSchema>;

export const MeasureSchema = z.object({
  type: MeasureTypeCodeSchema,
  projects: z.array(ProjectSchema).max(300, 'Höchstens 300 Projekte je Maßnahmenart'),
});
export type Measure = z.infer<typeof MeasureSchema>;

/** The interchange format `aqb.zielvereinbarung/1` used by importer, renderer, API and open data. */
export const AgreementInterchangeSchema = z.object({
  schema: z.literal(AGREEMENT_SCHEMA_ID, { error: `Erwartet wird "schema": "${AGREEMENT_SCHEMA_ID}"` }),
  year: z.number().int('Ganze Jahreszahl erwartet').min(2000, 'Jahr vor 2000').max(2100, 'Jahr nach 2100'),
  district: z.object({
    ags: z.string().regex(/^06\d{3}$/, 'AGS muss fünfstellig sein und mit 06 beginnen'),
    name: text(200),
  }),
  amountCents: z
    .number()
    .int('Betrag in ganzen Cent erwartet')
    .min(0, 'Betrag darf nicht negativ sein')
    .max(MAX_AMOUNT_CENTS, 'Betrag ist unrealistisch hoch'),
  measures: z
    .array(MeasureSchema)
    .length(4, 'Genau vier Maßnahmenarten (1–4) erwartet')
    .refine((measures) => measures.every((m, i) => m.type === i + 1), 'Maßnahmenarten müssen in der Reihenfolge 1–4 stehen'),
  signatures: z.object({
    land: SignatureSchema.nullable(),
    district: SignatureSchema.nullable(),
  }),
});
export type AgreementInterchange = z.infer<typeof AgreementInterchangeSchema>;

/** Four empty Maßnahmenarten in order, the starting point of every new agreement. */
export function emptyMeasures(): Measure[] {
  return ([1, 2, 3, 4] as const).map((type) => ({ type, projects: [] }));
}
