import { Hono, type Context } from 'hono';
import type { RouteDeps } from '../../platform/http/deps';
import { requirePermission } from '../access/middleware';
import { findUserNames, findUsers } from '../access/service';
import { type AuditEvent, findRecentAuditEvents, verifyAuditChain } from '../../platform/audit/store';
import { AuditPage } from './views/audit-page';
import { renderPage } from '../../ui/render';
import { filterQuery, parseAuditFilter } from './filter';
import { buildAuditCsv } from './export';

const PAGE_SIZE = 50;
const CSV_LIMIT = 10_000;

function beforeParam(c: Context): number | undefined {
  const before = Number(c.req.query('vor'));
  return Number.isSafeInteger(before) && before > 0 ? before : undefined;
}

/**
 * The audit trail (/admin/protokoll): the chain's verification, filters by record, person,
 * action and period, the changed fields of each event, paging by sequence and a CSV export of the
 * same selection (/admin/protokoll.csv).
 */
export function auditRoutes(deps: RouteDeps) {
  const { db } = deps.database;
  const app = new Hono();

  async function namesOf(events: AuditEvent[]) {
    return findUserNames(db, events.map((e) => (e.actorId === null ? null : Number(e.actorId))));
  }

  app.get('/admin/protokoll', async (c) => {
    requirePermission(c, 'audit.read');
    const { form, filter, errors } = parseAuditFilter(c.req.query());
    const before = beforeParam(c);
    const valid = Object.keys(errors).length === 0;
    const events = valid ? await findRecentAuditEvents(db, { limit: PAGE_SIZE, filter, ...(before ? { beforeSequence: before } : {}) }) : [];
    const oldest = events.at(-1);
    const olderHref = events.length === PAGE_SIZE && oldest && oldest.sequence > 1 ? `/admin/protokoll?${filterQuery(form, { vor: String(oldest.sequence) })}` : null;
    const people = (await findUsers(db)).map((u) => ({ id: Number(u.id), name: u.name })).sort((a, b) => a.name.localeCompare(b.name, 'de'));
    return renderPage(
      c,
      <AuditPage events={events} verification={await verifyAuditChain(db)} actorNames={await namesOf(events)} people={people} form={form} errors={errors} olderHref={olderHref} isFirstPage={before === undefined} />,
      valid ? 200 : 400,
    );
  });

  app.get('/admin/protokoll.csv', async (c) => {
    requirePermission(c, 'audit.read');
    const { filter, errors } = parseAuditFilter(c.req.query());
    if (Object.keys(errors).length > 0) return c.redirect(`/admin/protokoll?${new URLSearchParams(c.req.query()).toString()}`, 303);
    const events = await findRecentAuditEvents(db, { limit: CSV_LIMIT, filter });
    const names = await namesOf(events);
    const csv = buildAuditCsv(events, (e) => (e.actorId === null ? 'System' : (names.get(Number(e.actorId)) ?? `Konto ${e.actorId}`)));
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="audit-protokoll.csv"');
    return c.body(csv);
  });
  return app;
}
