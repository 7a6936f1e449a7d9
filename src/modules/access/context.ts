import type { Context } from 'hono';
import type { Actor, MaybeActor } from './policy';
import type { SessionUser } from './schema';
import type { ResolvedSession } from './sessions';

/**
 * The typed request context (Hono variables) the access module fills for every request:
 * `actor` (null for the anonymous visitor), the browser session and its user, and how the caller
 * authenticated. The page shell's `viewer` is declared in src/ui/layout.tsx, the CSRF token in
 * src/platform/http/csrf.ts.
 */
declare module 'hono' {
  interface ContextVariableMap {
    actor: MaybeActor;
    session: ResolvedSession;
    sessionUser: SessionUser;
    authMethod: 'token' | 'session';
  }
}

/**
 * The signed-in actor of a request, set by the session/API-token middleware of the access module.
 * `null` is the anonymous visitor. Routes read it here and pass it to `authorize()`.
 */
export function getActor(c: Context): MaybeActor {
  return (c.get('actor') as Actor | undefined) ?? null;
}

export function setActor(c: Context, actor: MaybeActor): void {
  c.set('actor', actor);
}
