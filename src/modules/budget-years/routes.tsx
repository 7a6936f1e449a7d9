import { Hono } from 'hono';
import type { RouteDeps } from '../../platform/http/deps';

/** AQB years, Teilbudgets, allocation scenarios, revisions (issue 7). Not built yet: mounts no routes. */
export function budgetYearRoutes(_deps: RouteDeps) {
  return new Hono();
}
