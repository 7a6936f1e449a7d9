import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { RequestContext } from 'hono/jsx-renderer';
import { HtmlEscapedCallbackPhase, resolveCallback } from 'hono/utils/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { labelTableCells } from './stack-tables';

/**
 * Answers with a server-rendered page. The request context is provided to the whole tree, so the
 * page shell (`Page`) shows who is signed in and the navigation they may use on EVERY page without
 * each view passing it along. Tables get their column labels per cell (stack-tables.ts).
 */
export async function renderPage(c: Context, page: Child, status: number = 200): Promise<Response> {
  // Rendered to a string first (as c.html would) so every table gets its narrow-width labels.
  const html = await resolveCallback(<RequestContext.Provider value={c}>{page}</RequestContext.Provider>, HtmlEscapedCallbackPhase.Stringify, false, {});
  return c.html(labelTableCells(html), status as ContentfulStatusCode);
}
