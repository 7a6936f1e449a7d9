import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../errors';
import { isHttps } from './security-headers';

declare module 'hono' {
  interface ContextVariableMap {
    /** What the CSRF token of this request is bound to: "session:<cookie>" or "anon:<cookie>". */
    csrfBinding: string;
  }
}

export const CSRF_FIELD = '_csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const COOKIE_VALUE = /^[A-Za-z0-9_-]{32,64}$/;
const FORBIDDEN_MESSAGE = 'Das Formular ist abgelaufen oder wurde nicht von dieser Anwendung gesendet. Bitte laden Sie die Seite neu und senden Sie es erneut.';

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
 * The token for a binding: HMAC-SHA-256 of the session cookie (signed in, or signing in) or of
 * the visitor cookie (anonymous forms). The secret is the cookie value itself, which only the
 * browser and the server know; the fixed key separates this hash from every other use of the
 * value (the sessions table stores SHA-256 of the session cookie), so the token in a page reveals
 * nothing of the cookie. No server secret is needed: several processes agree on every token.
 */
export function csrfTokenFor(binding: string): string {
  return createHmac('sha256', 'aqb-csrf-v1').update(binding).digest('base64url');
}

function newVisitorCookie(c: Context): string {
  const value = randomBytes(32).toString('base64url');
  const name = cookieName(c);
  setCookie(c, name, value, { path: '/', httpOnly: true, sameSite: 'Strict', secure: name.startsWith('__Host-') });
  return value;
}

/** Whether an Origin header names this site (its Host, or the host a proxy forwarded). */
function isOwnOrigin(c: Context, origin: string): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  // The request URL carries the Host header (@hono/node-server builds it from there).
  const own = [new URL(c.req.url).host, c.req.header('host'), c.req.header('x-forwarded-host')?.split(',')[0]?.trim()].filter(Boolean);
  return own.some((value) => value!.toLowerCase() === host.toLowerCase());
}

export interface CsrfOptions {
  /** The session cookie's value of the request, if any (the access module owns its name). */
  sessionCookie: (c: Context) => string | undefined;
}

/**
 * CSRF protection for every HTML form (synchroniser token bound to the session): the form field
 * `_csrf` (or the `X-CSRF-Token` header) must be the HMAC of this browser's session cookie –
 * or, before sign-in, of its visitor cookie (SameSite=Strict, HttpOnly). A token from another
 * session, or an injected cookie with a matching value, does not pass; signing in and out renews
 * it (bindCsrfToSession). A foreign `Origin` is refused as well. `/api/` routes are exempt: they
 * authenticate with bearer tokens or the session and accept only JSON. Views read the token with
 * `csrfToken(c)`.
 */
export function csrfProtection(options: CsrfOptions): MiddlewareHandler {
  return async (c, next) => {
    let visitor = getCookie(c, cookieName(c));
    if (!visitor || !COOKIE_VALUE.test(visitor)) visitor = newVisitorCookie(c);
    const session = options.sessionCookie(c);
    const binding = session ? `session:${session}` : `anon:${visitor}`;
    c.set('csrfBinding', binding);
    if (UNSAFE.has(c.req.method)) {
      const origin = c.req.header('origin');
      if (origin !== undefined && !isOwnOrigin(c, origin)) throw new AppError('FORBIDDEN', FORBIDDEN_MESSAGE);
    }
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
      if (!sent || !same(sent, csrfTokenFor(binding))) throw new AppError('FORBIDDEN', FORBIDDEN_MESSAGE);
    }
    await next();
  };
}

/**
 * Re-binds the CSRF token of the response to a new session cookie (sign-in, each sign-in step)
 * or, with null, to a new visitor cookie (sign-out, an expired session): the old token stops
 * working, and pages rendered from here on carry the new one.
 */
export function bindCsrfToSession(c: Context, sessionCookie: string | null): void {
  const visitor = newVisitorCookie(c);
  c.set('csrfBinding', sessionCookie ? `session:${sessionCookie}` : `anon:${visitor}`);
}

/** The CSRF token of the current request, for hidden form fields. */
export function csrfToken(c: Context): string {
  const binding = c.get('csrfBinding') as string | undefined;
  return binding ? csrfTokenFor(binding) : '';
}
