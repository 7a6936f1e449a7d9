import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ReportYearPathSchema } from './api-routes';
import { ReleaseStateReportSchema, ReportContentSchema, StateReportVersionJsonSchema } from './schema';

const error = (description: string) => ({ description, content: { 'application/json': { schema: z.object({}).passthrough() } } });
const ERRORS = { 401: error('Nicht angemeldet'), 403: error('Keine Berechtigung'), 404: error('Nicht gefunden (auch: für Gebietskörperschaften noch nicht freigegeben)') };

/** The Landesbericht's paths in the OpenAPI document of /api/v1, from the schemas the routes use. */
export function registerStateReportPaths(registry: OpenAPIRegistry, security: Record<string, string[]>[]): void {
  const params = ReportYearPathSchema;
  registry.registerPath({
    method: 'get',
    path: '/api/v1/landesbericht/{year}',
    summary: 'Landesbericht eines Jahres: aktuelle Fassung (Entwurf mit heute erzeugten Zahlen oder eingefrorene Freigabe) mit Inhalt',
    security,
    request: { params },
    responses: { 200: { description: 'Fassung mit Inhalt', content: { 'application/json': { schema: StateReportVersionJsonSchema.extend({ content: ReportContentSchema }) } } }, ...ERRORS },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/landesbericht/{year}/versions',
    summary: 'Alle Fassungen des Landesberichts (Gebietskörperschaften: nur freigegebene)',
    security,
    request: { params },
    responses: { 200: { description: 'Fassungen', content: { 'application/json': { schema: z.object({ versions: z.array(StateReportVersionJsonSchema) }) } } }, ...ERRORS },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/landesbericht/{year}/release',
    summary: 'Entwurf freigeben (HMSI): Inhalt, PDF, DOCX und HTML mit SHA-256 eingefroren',
    security,
    request: { params, body: { content: { 'application/json': { schema: ReleaseStateReportSchema } } } },
    responses: { 200: { description: 'Freigegebene Fassung', content: { 'application/json': { schema: StateReportVersionJsonSchema } } }, ...ERRORS, 409: error('Versionskonflikt oder kein Entwurf'), 422: error('Ungültig') },
  });
}
