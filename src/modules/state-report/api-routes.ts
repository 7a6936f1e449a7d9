import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { getActor } from '../access/context';
import { authorize, can } from '../access/policy';
import { getBudgetYear } from '../budget-years/service';
import { findStateReportVersions, readReportContent, releaseStateReport } from './reports';
import { versionToJson } from './schema';

const MAX_BODY_BYTES = 100_000;
export const ReportYearPathSchema = z.object({ year: z.string().regex(/^\d{4}$/) });

async function jsonBody(c: Context): Promise<unknown> {
  if (!/^application\/(.+\+)?json\b/i.test(c.req.header('content-type') ?? '')) throw new AppError('VALIDATION_FAILED', 'Bitte senden Sie JSON (Content-Type: application/json).');
  const text = await c.req.text();
  if (text.length > MAX_BODY_BYTES) throw new AppError('FILE_TOO_LARGE', 'Die Anfrage ist zu groß.');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Der Inhalt ist kein gültiges JSON.');
  }
}

/**
 * The Landesbericht under /api/v1: the current version with its generated content, the versions,
 * the release. Districts see released versions only (404 otherwise); the same use cases as the pages.
 */
export function stateReportApiRoutes({ database }: { database: AppDatabase }) {
  const app = new Hono();
  const db = database.db;

  async function place(c: Context) {
    const parsed = ReportYearPathSchema.safeParse({ year: c.req.param('year') });
    if (!parsed.success) throw new AppError('NOT_FOUND');
    const year = Number(parsed.data.year);
    const actor = getActor(c);
    authorize(actor, 'stateReport.readReleased');
    await getBudgetYear(db, year);
    const all = await findStateReportVersions(db, year);
    const versions = can(actor, 'stateReport.read') ? all : all.filter((v) => v.status === 'freigegeben');
    if (versions.length === 0) throw new AppError('NOT_FOUND', `Einen Landesbericht ${year} gibt es nicht.`);
    return { actor, year, versions };
  }

  app.get('/api/v1/landesbericht/:year', async (c) => {
    const { year, versions } = await place(c);
    const current = versions.at(-1)!;
    const { content } = await readReportContent(db, year, current.versionNo);
    return c.json({ ...versionToJson(current), content });
  });

  app.get('/api/v1/landesbericht/:year/versions', async (c) => {
    const { versions } = await place(c);
    return c.json({ versions: versions.map(versionToJson) });
  });

  app.post('/api/v1/landesbericht/:year/release', async (c) => {
    const { actor, year } = await place(c);
    authorize(actor, 'stateReport.release');
    const body = await jsonBody(c);
    const released = await db.transaction((tx) => releaseStateReport(tx, actor, year, body));
    return c.json(versionToJson(released));
  });

  return app;
}
