import type { Context, MiddlewareHandler } from 'hono';

/**
 * `formActionOrigins`: other origins a form may end up at. Browsers apply form-action to the
 * redirects after a form post too, so the sign-in and sign-out forms that redirect to the state's
 * identity provider need its origin here.
 */
function contentSecurityPolicy(formActionOrigins: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    ["form-action 'self'", ...formActionOrigins].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Whether the request reached us over HTTPS (directly or behind a TLS-terminating proxy). */
export function isHttps(url: string, forwardedProto: string | undefined): boolean {
  return url.startsWith('https:') || forwardedProto?.split(',')[0]?.trim() === 'https';
}

/** Security headers on every response. HSTS only behind HTTPS, where it means something. */
export function securityHeaders(options: { formActionOrigins?: readonly string[] } = {}): MiddlewareHandler {
  const CSP = contentSecurityPolicy(options.formActionOrigins ?? []);
  return async (c, next) => {
    await next();
    const headers: [string, string][] = [
      ['Content-Security-Policy', CSP],
      ['X-Content-Type-Options', 'nosniff'],
      ['Referrer-Policy', 'strict-origin-when-cross-origin'],
      ['X-Frame-Options', 'DENY'],
      ['Cross-Origin-Opener-Policy', 'same-origin'],
      ['Permissions-Policy', 'camera=(), microphone=(), geolocation=()'],
    ];
    if (isHttps(c.req.url, c.req.header('x-forwarded-proto'))) headers.push(['Strict-Transport-Security', 'max-age=31536000; includeSubDomains']);
    // Setting them on the finished response directly: c.header() after next() rebuilds the whole
    // Response once per header, which pushes @hono/node-server off its fast path (body as stream).
    try {
      for (const [name, value] of headers) c.res.headers.set(name, value);
    } catch {
      for (const [name, value] of headers) c.header(name, value); // immutable headers (e.g. Response.redirect)
    }
  };
}

/**
 * `Cache-Control: no-store` on every response to a signed-in (or signing-in) caller and on every
 * API response: pages and JSON with personal or unpublished data must not stay in a browser's or
 * proxy's cache. Decided after the route, so it also covers error pages and redirects.
 */
export function noStoreFor(isPrivate: (c: Context) => boolean): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!isPrivate(c)) return;
    try {
      c.res.headers.set('Cache-Control', 'no-store');
    } catch {
      c.header('Cache-Control', 'no-store');
    }
  };
}
