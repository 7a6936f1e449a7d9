import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, unwrapZod } from '../../platform/errors';
import { readJsonBody } from '../../platform/http/json-body';
import { PathParamsSchema } from './schema';

const MAX_BODY_BYTES = 2_000_000;

/** The JSON body of the agreement and funding API (up to 2 MB: a whole agreement). */
export const jsonBody = (c: Context): Promise<unknown> => readJsonBody(c, { maxBytes: MAX_BODY_BYTES });

export function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  return unwrapZod(schema.safeParse(value)) as z.infer<T>;
}

export function pathParams(c: Context): { year: number; ags: string } {
  const result = PathParamsSchema.safeParse({ year: c.req.param('year'), ags: c.req.param('ags') });
  if (!result.success) throw new AppError('NOT_FOUND');
  return { year: Number(result.data.year), ags: result.data.ags };
}

