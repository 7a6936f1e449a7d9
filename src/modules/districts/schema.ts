import { z } from 'zod';
import { AgsSchema } from '../../platform/input';

/** The four grammatical cases a district name is needed in. */
export const CaseFormsSchema = z.object({
  nom: z.string().min(1),
  gen: z.string().min(1),
  dat: z.string().min(1),
  akk: z.string().min(1),
});
export type CaseForms = z.infer<typeof CaseFormsSchema>;

export const DistrictKindSchema = z.enum(['LANDKREIS', 'KREISFREIE_STADT']);
export const RegierungsbezirkSchema = z.enum(['Darmstadt', 'Gießen', 'Kassel']);
export const GenusSchema = z.enum(['m', 'f']);
export type Genus = z.infer<typeof GenusSchema>;

/**
 * A Gebietskörperschaft as stored in the master data. `typeNoun` is null for names that already
 * contain "-kreis" (Hochtaunuskreis); it is never glued to the name by code, the case forms are
 * authoritative.
 */
export const DistrictSchema = z.object({
  ags: AgsSchema,
  kind: DistrictKindSchema,
  typeNoun: z.string().min(1).nullable(),
  name: z.string().min(1),
  officialName: z.string().min(1),
  genus: GenusSchema,
  forms: CaseFormsSchema,
  formsWithoutArticle: CaseFormsSchema,
  seat: z.string().min(1),
  signingPlace: z.string().min(1),
  regierungsbezirk: RegierungsbezirkSchema,
  headTitle: z.object({ m: z.string().min(1), f: z.string().min(1) }),
  note: z.string().nullable(),
});
export type District = z.infer<typeof DistrictSchema>;

/** Shape of `data/gebietskoerperschaften.json` (copied from shared/domain). */
export const DistrictFileSchema = z.object({
  items: z.array(DistrictSchema.extend({ signatureLine: z.object({ m: z.string(), f: z.string() }) })).length(26),
  sonderstatusstaedte_not_recipients: z.array(z.string()),
});
