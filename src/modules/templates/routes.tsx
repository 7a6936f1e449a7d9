import { Hono } from 'hono';
import type { RouteDeps } from '../../platform/http/deps';

/** Year templates: list, edit with preview (issue 3). Not built yet: mounts no routes. */
export function templateRoutes(_deps: RouteDeps) {
  return new Hono();
}
