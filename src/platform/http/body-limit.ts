import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors';

/** Forms and JSON: the largest real one (an agreement with 4 × 300 projects) is well under 1 MB. */
export const DEFAULT_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toLocaleString('de-DE', { maximumFractionDigits: 1 });
}

/**
 * Refuses a request body above the limit of its route before anything parses it: a declared
 * Content-Length at once, a chunked body as soon as it streams past the limit. 413 with a German
 * message (FILE_TOO_LARGE). Mount it before every middleware that reads bodies (CSRF).
 * `routes` give other limits for exact paths (the upload limit for /import) or path patterns (the
 * participant upload of every project), with a hint for the message.
 */
export function requestBodyLimit(routes: ReadonlyArray<{ path: string | RegExp; maxBytes: number; hint?: string }> = []): MiddlewareHandler {
  const limiter = (maxSize: number, hint?: string) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError('FILE_TOO_LARGE', `Die Anfrage ist zu groß: erlaubt sind höchstens ${megabytes(maxSize)} MB. Es wurde nichts gespeichert.${hint ? ` ${hint}` : ''}`);
      },
    });
  const byPath = new Map(routes.filter((route) => typeof route.path === 'string').map((route) => [route.path as string, limiter(route.maxBytes, route.hint)]));
  const byPattern = routes.filter((route) => route.path instanceof RegExp).map((route) => ({ pattern: route.path as RegExp, limit: limiter(route.maxBytes, route.hint) }));
  const fallback = limiter(DEFAULT_BODY_LIMIT_BYTES);
  return async (c, next) => {
    if (!BODY_METHODS.has(c.req.method)) return next();
    const path = c.req.path;
    return (byPath.get(path) ?? byPattern.find((route) => route.pattern.test(path))?.limit ?? fallback)(c, next);
  };
}
