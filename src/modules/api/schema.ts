import { z } from 'zod';
import { AgreementInterchangeSchema, SignatureSchema } from '../documents/schema';
import { AGREEMENT_STATUSES } from '../agreements/status';

/** The request and response shapes of /api/v1; the OpenAPI document is generated from these. */

export const StatusSchema = z.enum(AGREEMENT_STATUSES);

export const AgreementEnvelopeSchema = z.object({
  status: StatusSchema,
  /** Pass it back (If-Match or `version`) when changing the agreement. */
  version: z.number().int(),
  /** For a Nachtrag: the published version it amends. */
  amendsVersion: z.number().int().nullable(),
  agreement: AgreementInterchangeSchema,
});

export const AgreementListSchema = z.object({
  items: z.array(
    z.object({
      year: z.number().int(),
      ags: z.string(),
      districtName: z.string(),
      status: StatusSchema,
      version: z.number().int(),
      amountCents: z.number().int(),
    }),
  ),
});

export const ListQuerySchema = z.object({
  year: z.string().regex(/^\d{4}$/, 'Jahr vierstellig').optional(),
  ags: z.string().regex(/^06\d{3}$/, 'AGS fünfstellig, beginnt mit 06').optional(),
  status: StatusSchema.optional(),
});

export const CreateDraftBodySchema = z.object({
  year: z.number().int().min(2000).max(2100),
  ags: z.string().regex(/^06\d{3}$/, 'AGS muss fünfstellig sein und mit 06 beginnen'),
});

export const VersionSchema = z.number().int('Ganze Versionsnummer erwartet').min(1).max(999_999_999);

export const TransitionBodySchema = z.object({ to: StatusSchema, version: VersionSchema });

export const SignatureBodySchema = z.object({
  party: z.enum(['land', 'district']),
  version: VersionSchema,
  signature: SignatureSchema,
});

export const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export const PathParamsSchema = z.object({
  year: z.string().regex(/^\d{4}$/),
  ags: z.string().regex(/^06\d{3}$/),
});
