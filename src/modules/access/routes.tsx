import { Hono } from 'hono';
import type { RouteDeps } from '../../platform/http/deps';

/** Sign-in, sign-out, account page, user administration. */
export function accessRoutes(_deps: RouteDeps) {
  return new Hono();
}
