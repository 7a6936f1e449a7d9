import { z } from 'zod';
import { AgsSchema, IsoDateSchema, text, YearSchema } from '../../platform/input';

export const AGREEMENT_SCHEMA_ID = 'aqb.zielvereinbarung/1';

/** Largest amount we accept: 100 Mio. € in cents (the whole Landesbudget is ≈ 28 Mio. €). */
export const MAX_AMOUNT_CENTS = 100_000_000_00;

export { IsoDateSchema };

/** Stored text (read back from the database, open data, old imports): presence and length only. */
const storedText = (max: number) => z.string().trim().min(1, 'Darf nicht leer sein').max(max, `Höchstens ${max} Zeichen`);

export const MeasureTypeCodeSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type MeasureTypeCode = z.infer<typeof MeasureTypeCodeSchema>;

/**
 * The interchange schemas, built once with the allowed-character rule (`text` from
 * platform/input: what people and programs send us) and once without it (what is already
 * stored: an agreement saved before the rule must still load, render and publish).
 */
function interchangeSchemas(field: (max: number) => z.ZodType<string, string>) {
  const signature = z.object({
    place: field(200),
    date: IsoDateSchema,
    name: field(200),
    /** The signatory's own title: "Landrat", "Landrätin", "Oberbürgermeisterin", "Staatsministerin". */
    title: field(200),
  });
  /** Project titles are kept exactly as written (quotes included); only surrounding space is trimmed. */
  const project = z.object({ title: field(500) });
  const measure = z.object({
    type: MeasureTypeCodeSchema,
    projects: z.array(project).max(300, 'Höchstens 300 Projekte je Maßnahmenart'),
  });
  /** One Maßnahmenart of the Eckdaten (§ 4), as drawn from the project records when the text was last in step. */
  const count = z.number().int('Ganze Zahl erwartet').min(0, 'Darf nicht negativ sein').max(MAX_AMOUNT_CENTS, 'Unrealistisch hoch');
  const eckdatenRow = z.object({ type: MeasureTypeCodeSchema, projects: count, aqbCents: count, places: count, outcomes: count });
  const agreement = z.object({
    schema: z.literal(AGREEMENT_SCHEMA_ID, { error: `Erwartet wird "schema": "${AGREEMENT_SCHEMA_ID}"` }),
    year: YearSchema,
    district: z.object({ ags: AgsSchema, name: field(200) }),
    amountCents: z
      .number()
      .int('Betrag in ganzen Cent erwartet')
      .min(0, 'Betrag darf nicht negativ sein')
      .max(MAX_AMOUNT_CENTS, 'Betrag ist unrealistisch hoch'),
    measures: z
      .array(measure)
      .length(4, 'Genau vier Maßnahmenarten (1–4) erwartet')
      .refine((measures) => measures.every((m, i) => m.type === i + 1), 'Maßnahmenarten müssen in der Reihenfolge 1–4 stehen'),
    signatures: z.object({ land: signature.nullable(), district: signature.nullable() }),
    /**
     * The Eckdaten of § 4 (planned projects, AQB money, places, outcomes per Maßnahmenart), kept
     * only when the year's template prints the table (docs/decisions/0027). Part of the content,
     * so a signed or published version keeps the figures it was signed with.
     */
    eckdaten: z
      .array(eckdatenRow)
      .length(4, 'Genau vier Maßnahmenarten (1–4) erwartet')
      .refine((rows) => rows.every((r, i) => r.type === i + 1), 'Maßnahmenarten müssen in der Reihenfolge 1–4 stehen')
      .optional(),
  });
  return { signature, project, measure, agreement };
}

const input = interchangeSchemas((max) => text(max));
const stored = interchangeSchemas(storedText);

export const SignatureSchema = input.signature;
export type Signature = z.infer<typeof SignatureSchema>;
export const ProjectSchema = input.project;
export type Project = z.infer<typeof ProjectSchema>;
export const MeasureSchema = input.measure;
export type EckdatenRow = NonNullable<z.infer<typeof input.agreement>['eckdaten']>[number];
export type Measure = z.infer<typeof MeasureSchema>;

/**
 * The interchange format `aqb.zielvereinbarung/1` as input (API, importer, CLI, forms): text
 * fields hold only allowed characters (platform/input.ts).
 */
export const AgreementInterchangeSchema = input.agreement;
export type AgreementInterchange = z.infer<typeof AgreementInterchangeSchema>;

/**
 * The same format as stored: read back from the database without the character rule, so text
 * saved before it (CJK, emoji, control characters) still loads, renders (with the fallback
 * fonts) and publishes. Never use it for new input.
 */
export const StoredAgreementSchema = stored.agreement;

/** Four empty Maßnahmenarten in order, the starting point of every new agreement. */
export function emptyMeasures(): Measure[] {
  return ([1, 2, 3, 4] as const).map((type) => ({ type, projects: [] }));
}
