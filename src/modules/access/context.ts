import type { Context } from 'hono';
import type { Actor, MaybeActor } from './policy';

/**
 * The signed-in actor of a request, set by the session/API-token middleware of the access module.
 * `null` is the anonymous visitor. Routes read it here and pass it to `authorize()`.
 */
export function getActor(c: Context): MaybeActor {
  return (c.get('actor' as never) as Actor | undefined) ?? null;
}

export function setActor(c: Context, actor: MaybeActor): void {
  c.set('actor' as never, actor as never);
}
