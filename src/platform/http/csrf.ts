import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../errors';
import { isHttps } from './security-headers';

export const CSRF_FIELD = '_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function cookieName(c: Context): string {
  // The __Host- prefix requires Secure, which browsers only accept over HTTPS (and on localhost).
  return isHttps(c.req.url, c.req.header('x-forwarded-proto')) ? '__Host-aqb-csrf' : 'aqb-csrf';
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * CSRF protection for every HTML form: a random token in a SameSite=Strict, HttpOnly cookie must
 * come back in the form field `_csrf` (or the `X-CSRF-Token` header). `/api/` routes are exempt:
 * they authenticate with bearer tokens or the session and accept only JSON.
 * Views read the token with `csrfToken(c)`.
 */
export function csrfProtection(): MiddlewareHandler {
  return async (c, next) => {
    const name = cookieName(c);
    let token = getCookie(c, name);
    if (!token || !/^[A-Za-z0-9_-]{32,64}$/.test(token)) {
      token = randomBytes(32).toString('base64url');
      setCookie(c, name, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'Strict',
        secure: name.startsWith('__Host-'),
      });
    }
    c.set('csrfToken' as never, token as never);
    if (UNSAFE.has(c.req.method) && !c.req.path.startsWith('/api/')) {
      let sent = c.req.header('x-csrf-token');
      if (!sent) {
        const type = c.req.header('content-type') ?? '';
        if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
          const body = await c.req.parseBody({ all: true }).catch(() => ({}) as Record<string, unknown>);
          const value = body[CSRF_FIELD];
          sent = typeof value === 'string' ? value : undefined;
        }
      }
      if (!sent || !same(sent, token)) {
        throw new AppError('FORBIDDEN', 'Das Formular ist abgelaufen oder wurde nicht von dieser Anwendung gesendet. Bitte laden Sie die Seite neu und senden Sie es erneut.');
      }
    }
    await next();
  };
}

/** The CSRF token of the current request, for hidden form fields. */
export function csrfToken(c: Context): string {
  return (c.get('csrfToken' as never) as string | undefined) ?? '';
}
