import { z } from 'zod';
import { AgsSchema, YearSchema, YearTextSchema } from '../../platform/input';
import { AgreementInterchangeSchema, SignatureSchema } from '../documents/schema';
import { AGREEMENT_STATUSES } from '../agreements/status';
import { CreateDraftSchema } from '../agreements/service';
import { ANTRAG_STATUSES, AntragSchema } from '../funding/service';

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

/** GET /api/v1/antraege/{year}/{ags}: the Antrag's state and its aqb.antrag/1 document (the submitted one once submitted). */
export const AntragEnvelopeSchema = z.object({
  status: z.enum(ANTRAG_STATUSES),
  /** The Antrag's version (0 before its first step). */
  version: z.number().int(),
  submittedOn: z.string().nullable(),
  isLate: z.boolean(),
  aktenzeichen: z.string().nullable(),
  antrag: AntragSchema,
  /** The checks before submission (drafts only; null once submitted). */
  problems: z.array(z.object({ code: z.string(), path: z.string(), message: z.string() })).nullable(),
});

/** PUT /api/v1/antraege/{year}/{ags}: what storing the file as the draft did. */
export const AntragImportResponseSchema = z.object({
  stored: z.boolean(),
  problems: z.array(z.object({ code: z.string(), path: z.string(), message: z.string() })),
  blocking: z.array(z.object({ code: z.string(), path: z.string(), message: z.string() })),
  created: z.array(z.string()),
  updated: z.array(z.string()),
  dropped: z.array(z.string()),
  totals: z.object({ aqbCents: z.number().int(), expensesCents: z.number().int(), allocationCents: z.number().int().nullable() }),
});
