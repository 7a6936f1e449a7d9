import type { Context } from 'hono';
import { AppError } from '../errors';

/**
 * The JSON body of an API request, or VALIDATION_FAILED / FILE_TOO_LARGE with a German message
 * (never a parser stack trace). ONE reader for every /api/v1 write.
 */
export async function readJsonBody(c: Context, options: { maxBytes: number; emptyAsObject?: boolean }): Promise<unknown> {
  if (!/^application\/(.+\+)?json\b/i.test(c.req.header('content-type') ?? '')) throw new AppError('VALIDATION_FAILED', 'Bitte senden Sie JSON (Content-Type: application/json).');
  const text = await c.req.text();
  if (text.length > options.maxBytes) throw new AppError('FILE_TOO_LARGE', 'Die Anfrage ist zu groß.');
  if (options.emptyAsObject && text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Der Inhalt ist kein gültiges JSON.');
  }
}

/** A plain JSON object (so `{ ...body }` never meets an array or a string), or VALIDATION_FAILED. */
export async function readJsonObject(c: Context, options: { maxBytes: number; emptyAsObject?: boolean }): Promise<Record<string, unknown>> {
  const body = await readJsonBody(c, options);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new AppError('VALIDATION_FAILED', 'Ein JSON-Objekt wird erwartet.');
  return body as Record<string, unknown>;
}
