import { Hono } from 'hono';
import type { RouteDeps } from '../../platform/http/deps';

/** Import upload, preview, save (issue 4). Not built yet: mounts no routes. */
export function importRoutes(_deps: RouteDeps) {
  return new Hono();
}
