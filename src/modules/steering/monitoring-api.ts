import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppDatabase } from '../../platform/db/client';
import { AppError, unwrapZod } from '../../platform/errors';
import { readJsonObject } from '../../platform/http/json-body';
import { getActor } from '../access/context';
import { authorize, tenantFilter } from '../access/policy';
import { getBudgetYear } from '../budget-years/service';
import { getDistrict } from '../districts/service';
import { detectDeviations } from './detection';
import { computeLights } from './lights';
import { berlinDate, districtRow, landRow, readMonitoringData } from './monitoring';
import {
  DetectionResultJsonSchema,
  DistrictMonitoringJsonSchema,
  LandMonitoringJsonSchema,
  LIGHT_LABELS,
  SaveThresholdsSchema,
  type ThresholdSet,
  ThresholdSetJsonSchema,
  type TrafficLight,
} from './monitoring-schema';
import { latestSnapshot } from './snapshots';
import { ensureThresholds, saveThresholds } from './thresholds';

const MAX_BODY_BYTES = 200_000;
const YearSchema = z.object({ year: z.string().regex(/^\d{4}$/) });
const YearAgsSchema = YearSchema.extend({ ags: z.string().regex(/^06\d{3}$/) });
export const DetectBodySchema = z.object({ ags: z.string().regex(/^06\d{3}$/, 'Ein AGS wie 06439.').optional() }).strict();

const lightJson = (l: TrafficLight) => ({ figure: l.figure, measureType: l.measureType, light: l.light, lightText: LIGHT_LABELS[l.light], value: l.value, base: l.base, percent: l.percent, shortfall: l.shortfall, detectionKey: l.detectionKey });
const setJson = (s: ThresholdSet) => ({ year: s.year, thresholds: s.thresholds, version: s.version, updatedByName: s.updatedByName, updatedAt: s.updatedAt.toISOString() });

function yearOf(c: Context): number {
  const parsed = YearSchema.safeParse({ year: c.req.param('year') });
  if (!parsed.success) throw new AppError('NOT_FOUND');
  return Number(parsed.data.year);
}

/** The monitoring of § 6 under /api/v1 (same use cases and policy as the pages). */
export function monitoringApiRoutes({ database }: { database: AppDatabase }) {
  const app = new Hono();
  const db = database.db;

  app.get('/api/v1/steuerung/:year{\\d{4}}', async (c) => {
    const actor = getActor(c);
    authorize(actor, 'monitoring.read');
    if (tenantFilter(actor) !== null) throw new AppError('FORBIDDEN', 'Die Landestabelle sehen das HMSI und das Regierungspräsidium Kassel.');
    const year = yearOf(c);
    await getBudgetYear(db, year);
    const today = berlinDate();
    const rows = (await readMonitoringData(db, year, today)).map(districtRow);
    return c.json({ year, today, rows, land: landRow(year, rows) });
  });

  app.get('/api/v1/steuerung/:year{\\d{4}}/schwellenwerte', async (c) => {
    const actor = getActor(c);
    authorize(actor, 'monitoring.read');
    const year = yearOf(c);
    return c.json(setJson(await db.transaction((tx) => ensureThresholds(tx, year))));
  });

  app.put('/api/v1/steuerung/:year{\\d{4}}/schwellenwerte', async (c) => {
    const actor = getActor(c);
    authorize(actor, 'monitoring.thresholds');
    const year = yearOf(c);
    const body = await readJsonObject(c, { maxBytes: MAX_BODY_BYTES, emptyAsObject: true });
    return c.json(setJson(await db.transaction((tx) => saveThresholds(tx, actor, year, body))));
  });

  app.post('/api/v1/steuerung/:year{\\d{4}}/pruefen', async (c) => {
    const actor = getActor(c);
    authorize(actor, 'monitoring.detect');
    const year = yearOf(c);
    const body = unwrapZod(DetectBodySchema.safeParse(await readJsonObject(c, { maxBytes: MAX_BODY_BYTES, emptyAsObject: true })));
    await getBudgetYear(db, year);
    if (body.ags) await getDistrict(db, body.ags);
    return c.json(await db.transaction((tx) => detectDeviations(tx, actor, { year, today: berlinDate(), ...(body.ags ? { ags: body.ags } : {}) })));
  });

  app.get('/api/v1/steuerung/:year{\\d{4}}/:ags{06\\d{3}}', async (c) => {
    const parsed = YearAgsSchema.safeParse({ year: c.req.param('year'), ags: c.req.param('ags') });
    if (!parsed.success) throw new AppError('NOT_FOUND');
    const year = Number(parsed.data.year);
    const ags = parsed.data.ags;
    const actor = getActor(c);
    authorize(actor, 'monitoring.read', { ags });
    await getBudgetYear(db, year);
    await getDistrict(db, ags);
    const today = berlinDate();
    const { thresholds } = await db.transaction((tx) => ensureThresholds(tx, year));
    const [data] = await readMonitoringData(db, year, today, ags);
    const snapshot = await latestSnapshot(db, year, ags);
    return c.json({
      year,
      today,
      row: districtRow(data!),
      lights: (await computeLights(db, data!, thresholds, today)).map(lightJson),
      latestSnapshot: snapshot ? { takenAt: snapshot.takenAt.toISOString(), reason: snapshot.reason, figures: snapshot.figures } : null,
    });
  });

  return app;
}

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => ({ description, content: { 'application/json': { schema: z.object({}).passthrough() } } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), error({ 401: 'Nicht angemeldet', 403: 'Keine Berechtigung', 404: 'Nicht gefunden (auch: andere Gebietskörperschaft)', 409: 'Versionskonflikt', 422: 'Ungültig: issues mit path und message' }[s] ?? 'Fehler')]));

/** The monitoring paths in the OpenAPI document of /api/v1, from the same zod schemas. */
export function registerMonitoringPaths(registry: OpenAPIRegistry, security: Record<string, string[]>[]): void {
  registry.registerPath({ method: 'get', path: '/api/v1/steuerung/{year}', summary: 'Monitoring des Landes (HMSI, RP): Kennzahlen je Gebietskörperschaft und Maßnahmenart mit Landessumme', security, request: { params: YearSchema }, responses: { 200: json(LandMonitoringJsonSchema, 'Monitoring'), ...errors(401, 403, 404) } });
  registry.registerPath({ method: 'get', path: '/api/v1/steuerung/{year}/{ags}', summary: 'Monitoring einer Gebietskörperschaft: Kennzahlen, Ampeln gegen die Schwellenwerte, zuletzt festgehaltener Stand', security, request: { params: YearAgsSchema }, responses: { 200: json(DistrictMonitoringJsonSchema, 'Monitoring'), ...errors(401, 403, 404) } });
  registry.registerPath({ method: 'get', path: '/api/v1/steuerung/{year}/schwellenwerte', summary: 'Schwellenwerte des Jahres (bei Bedarf mit den Voreinstellungen angelegt)', security, request: { params: YearSchema }, responses: { 200: json(ThresholdSetJsonSchema, 'Schwellenwerte'), ...errors(401, 403, 404) } });
  registry.registerPath({ method: 'put', path: '/api/v1/steuerung/{year}/schwellenwerte', summary: 'Schwellenwerte des Jahres setzen (HMSI), mit version', security, request: { params: YearSchema, body: { content: { 'application/json': { schema: SaveThresholdsSchema } } } }, responses: { 200: json(ThresholdSetJsonSchema, 'Gespeichert'), ...errors(401, 403, 404, 409, 422) } });
  registry.registerPath({ method: 'post', path: '/api/v1/steuerung/{year}/pruefen', summary: 'Abweichungen jetzt prüfen (HMSI): rote Kennzahlen werden automatisch erfasst; ohne ags alle Gebietskörperschaften', security, request: { params: YearSchema, body: { content: { 'application/json': { schema: DetectBodySchema } } } }, responses: { 200: json(DetectionResultJsonSchema, 'Ergebnis'), ...errors(401, 403, 404, 422) } });
}
