import { Hono } from 'hono';
import type { RouteDeps } from '../../platform/http/deps';
import { requirePermission } from '../access/middleware';
import { findUserNames } from '../access/service';
import { findRecentAuditEvents, verifyAuditChain } from '../../platform/audit/store';
import { AuditPage } from './views/audit-page';
import { renderPage } from '../../ui/render';

const PAGE_SIZE = 50;

/** The audit trail view (/admin/protokoll): newest events and the result of verifying the chain. */
export function auditRoutes(deps: RouteDeps) {
  const { db } = deps.database;
  const app = new Hono();
  app.get('/admin/protokoll', async (c) => {
    requirePermission(c, 'audit.read');
    const before = Number(c.req.query('vor'));
    const events = await findRecentAuditEvents(db, { limit: PAGE_SIZE, ...(Number.isSafeInteger(before) && before > 0 ? { beforeSequence: before } : {}) });
    const actorNames = await findUserNames(db, events.map((e) => (e.actorId === null ? null : Number(e.actorId))));
    const oldest = events.at(-1);
    const olderHref = events.length === PAGE_SIZE && oldest && oldest.sequence > 1 ? `/admin/protokoll?vor=${oldest.sequence}` : null;
    return renderPage(c, <AuditPage events={events} verification={await verifyAuditChain(db)} actorNames={actorNames} olderHref={olderHref} />);
  });
  return app;
}
