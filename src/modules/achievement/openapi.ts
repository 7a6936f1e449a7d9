import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { AchievementDistrictParams, AchievementYearParams } from './api-routes';
import { AchievementRowJsonSchema, JudgeSchema, SaveRulesSchema } from './schema';

const json = (description: string, schema: z.ZodType = z.object({}).passthrough()) => ({ description, content: { 'application/json': { schema } } });
const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } } } });
const ERRORS: Record<number, string> = { 401: 'Nicht angemeldet', 403: 'Keine Berechtigung', 404: 'Nicht gefunden (auch: andere Gebietskörperschaft)', 409: 'Versionskonflikt', 422: 'Ungültig: issues mit path und message' };
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [String(s), json(ERRORS[s] ?? 'Fehler')]));

/** The Zielerreichung paths of /api/v1, from the zod schemas the routes validate with. */
export function registerAchievementPaths(registry: OpenAPIRegistry, security: Record<string, string[]>[]): void {
  const rows = z.object({ year: z.number().int(), rules: z.object({}).passthrough(), rows: z.array(AchievementRowJsonSchema) });
  registry.registerPath({ method: 'get', path: '/api/v1/zielerreichung/{year}', summary: 'Zielerreichung eines Jahres: je Gebietskörperschaft und Maßnahmenart (und insgesamt) Plan, anerkannte Abweichungen, Ergebnis, Vorschlag, Beurteilung (Gebietskörperschaft: nur die eigene)', security, request: { params: AchievementYearParams }, responses: { 200: json('Zeilen', rows), ...errors(401, 403, 404) } });
  registry.registerPath({ method: 'get', path: '/api/v1/zielerreichung/{year}/regeln', summary: 'Regeln der Zielerreichung des Jahres (Voreinstellung mit Version 0, solange keine festgelegt sind)', security, request: { params: AchievementYearParams }, responses: { 200: json('Regeln'), ...errors(401, 403, 404) } });
  registry.registerPath({ method: 'put', path: '/api/v1/zielerreichung/{year}/regeln', summary: 'Regeln festlegen (HMSI), mit der bearbeiteten Version', security, request: { params: AchievementYearParams, ...body(SaveRulesSchema) }, responses: { 200: json('Regeln'), ...errors(401, 403, 404, 409, 422) } });
  registry.registerPath({ method: 'get', path: '/api/v1/zielerreichung/{year}/{ags}', summary: 'Zielerreichung einer Gebietskörperschaft mit den anerkannten Abweichungen, dem Stand des Verwendungsnachweises (proof: keiner | offen | eingereicht; offen = Zahlen vorläufig) und der Beurteilung', security, request: { params: AchievementDistrictParams }, responses: { 200: json('Zielerreichung'), ...errors(401, 403, 404) } });
  registry.registerPath({ method: 'post', path: '/api/v1/zielerreichung/{year}/{ags}/beurteilung', summary: 'Abschließende Beurteilung oder ihre Korrektur (HMSI); Grund Pflicht bei Abweichung vom Vorschlag und bei jeder Korrektur', security, request: { params: AchievementDistrictParams, ...body(JudgeSchema) }, responses: { 200: json('Zielerreichung'), ...errors(401, 403, 404, 409, 422) } });
}
