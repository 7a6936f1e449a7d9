import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, unwrapZod } from '../../platform/errors';
import { PathParamsSchema } from './schema';

const MAX_BODY_BYTES = 2_000_000;

/** The JSON body, or VALIDATION_FAILED with a German message (never a parser stack trace). */
export async function jsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) throw new AppError('VALIDATION_FAILED', 'Bitte senden Sie JSON (Content-Type: application/json).');
  const text = await c.req.text();
  if (text.length > MAX_BODY_BYTES) throw new AppError('FILE_TOO_LARGE', 'Die Anfrage ist zu groß.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Der Inhalt ist kein gültiges JSON.');
  }
}

export function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  return unwrapZod(schema.safeParse(value)) as z.infer<T>;
}

export function pathParams(c: Context): { year: number; ags: string } {
  const result = PathParamsSchema.safeParse({ year: c.req.param('year'), ags: c.req.param('ags') });
  if (!result.success) throw new AppError('NOT_FOUND');
  return { year: Number(result.data.year), ags: result.data.ags };
}

