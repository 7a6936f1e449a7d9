import { z } from 'zod';
import { AgsSchema, YearSchema, YearTextSchema } from '../../platform/input';
import { AgreementInterchangeSchema, SignatureSchema } from '../documents/schema';
import { AGREEMENT_STATUSES } from '../agreements/status';
import { CreateDraftSchema } from '../agreements/service';

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
  year: YearTextSchema.optional(),
  ags: AgsSchema.optional(),
  status: StatusSchema.optional(),
});

/** The same schema as the form on /zielvereinbarungen (agreements' create-draft use case). */
export const CreateDraftBodySchema = CreateDraftSchema;

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
  year: YearTextSchema,
  ags: AgsSchema,
});
