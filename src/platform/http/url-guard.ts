import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors';
import { findDisallowedCharacter } from '../input';

// Control characters (NUL first) and lone surrogates: nothing in a URL of ours holds them, and
// PostgreSQL cannot store NUL, so they must never reach a query.
const CONTROL = /[\u0000-\u001f\u007f]/;

function isBroken(value: string): boolean {
  if (CONTROL.test(value)) return true;
  const char = findDisallowedCharacter(value);
  return char !== null && char.length === 1 && char.charCodeAt(0) >= 0xd800 && char.charCodeAt(0) <= 0xdfff;
}

/**
 * Refuses a request whose path or query holds control characters or lone surrogates (e.g.
 * `%00`): the path with 404, a query value with 422 and a German message, before any route.
 */
export function refuseBrokenUrls(): MiddlewareHandler {
  return async (c, next) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      throw new AppError('NOT_FOUND', 'Die Adresse ist ungültig kodiert.');
    }
    if (isBroken(path)) throw new AppError('NOT_FOUND', 'Die Adresse enthält unzulässige Steuerzeichen.');
    for (const [name, values] of Object.entries(c.req.queries())) {
      if ([name, ...values].some(isBroken)) {
        throw new AppError('VALIDATION_FAILED', 'Die Adresse enthält unzulässige Steuerzeichen (z. B. %00). Bitte prüfen Sie den Link.', { issues: [{ path: name, message: 'Unzulässiges Zeichen' }] });
      }
    }
    await next();
  };
}
