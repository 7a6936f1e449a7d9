import type { Hono } from 'hono';
import { csrfTokenFor } from '../../../platform/http/csrf';

/**
 * A minimal browser for in-process HTTP tests: keeps cookies, sends the CSRF token with every
 * form post, never follows redirects (tests look at them).
 */
export class TestClient {
  readonly cookies = new Map<string, string>();
  /** With `address`, requests come as from that socket address (what the server sees as the peer). */
  constructor(
    private readonly app: Pick<Hono, 'request'>,
    private readonly base = 'http://localhost',
    private readonly headers: Record<string, string> = {},
    private readonly address?: string,
  ) {}

  private env() {
    return this.address ? { incoming: { socket: { remoteAddress: this.address } } } : undefined;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const isExpired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (isExpired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** The CSRF token a page would carry for this browser's cookies (session, else visitor). */
  csrf(): string {
    const session = this.sessionCookie();
    if (session) return csrfTokenFor(`session:${session}`);
    const visitor = this.cookies.get('__Host-aqb-csrf') ?? this.cookies.get('aqb-csrf');
    return visitor ? csrfTokenFor(`anon:${visitor}`) : '';
  }

  sessionCookie(): string | undefined {
    return this.cookies.get('__Host-aqb-session') ?? this.cookies.get('aqb-session');
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await this.app.request(`${this.base}${path}`, { headers: { ...this.headers, cookie: this.cookieHeader(), ...headers } }, this.env());
    this.remember(response);
    return response;
  }

  /** Posts a form; fetches a page first when there is no CSRF cookie yet. */
  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    if (!this.csrf()) await this.get('/anmelden');
    const body = new URLSearchParams({ _csrf: this.csrf(), ...fields });
    const response = await this.app.request(`${this.base}${path}`, {
      method: 'POST',
      body: body.toString(),
      headers: { ...this.headers, 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...headers },
    }, this.env());
    this.remember(response);
    return response;
  }
}
