import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { RequestContext } from 'hono/jsx-renderer';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Answers with a server-rendered page. The request context is provided to the whole tree, so the
 * page shell (`Page`) shows who is signed in and the navigation they may use on EVERY page without
 * each view passing it along.
 */
export function renderPage(c: Context, page: Child, status: number = 200): Response | Promise<Response> {
  return c.html(<RequestContext.Provider value={c}>{page}</RequestContext.Provider>, status as ContentfulStatusCode);
}
