import { Hono } from 'hono';
import type { RouteDeps } from '../../platform/http/deps';

/** The audit trail views (/admin/protokoll). */
export function auditRoutes(_deps: RouteDeps) {
  return new Hono();
}
