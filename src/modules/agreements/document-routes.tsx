import { Hono } from 'hono';
import type { RouteDeps } from '../../platform/http/deps';

/** Agreement page and downloads (issue 3). Not built yet: mounts no routes. */
export function agreementDocumentRoutes(_deps: RouteDeps) {
  return new Hono();
}
