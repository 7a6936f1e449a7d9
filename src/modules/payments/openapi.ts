import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ApiPathSchema, VersionBodySchema } from './api-routes';
import { AuditInputSchema, InterestDecisionInputSchema, PayoutInputSchema, ProofDraftInputSchema, RequestInputSchema, UseInputSchema } from './schema';

const json = (description: string) => ({ description, content: { 'application/json': { schema: z.object({}).passthrough() } } });
const body = (schema: z.ZodType) => ({ body: { content: { 'application/json': { schema } } } });
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [String(s), json({ 401: 'Nicht angemeldet', 403: 'Keine Berechtigung oder falscher Status', 404: 'Nicht gefunden (auch: andere Gebietskörperschaft)', 409: 'Versionskonflikt', 422: 'Ungültig: issues mit path, message und code (z. B. ZWEI_MONATS_REGEL)' }[s] ?? 'Fehler')]));

/** The money path's paths in the OpenAPI document of /api/v1, from the same zod schemas the routes validate with. */
export function registerPaymentPaths(registry: OpenAPIRegistry, security: Record<string, string[]>[]): void {
  const params = ApiPathSchema;
  const versioned = (schema: z.ZodObject) => schema.omit({ expectedVersion: true }).extend({ version: z.number().int().min(0) });
  const paths: Array<{ method: 'get' | 'post' | 'put'; path: string; summary: string; request?: object; ok: number }> = [
    { method: 'get', path: '/api/v1/mittel/{year}/{ags}', summary: 'Mittel eines Jahres: bewilligt, abgerufen, ausgezahlt, verwendet, verfügbar je Projekt; Abrufe, Auszahlungen, Verwendungen', ok: 200 },
    { method: 'post', path: '/api/v1/mittel/{year}/{ags}/abrufe', summary: 'Mittelabruf (eigene Gebietskörperschaft) unter der Zwei-Monats-Regel', request: body(RequestInputSchema), ok: 201 },
    { method: 'post', path: '/api/v1/mittel/{year}/{ags}/auszahlungen', summary: 'Auszahlung zu einem Mittelabruf (RP)', request: body(PayoutInputSchema), ok: 201 },
    { method: 'post', path: '/api/v1/mittel/{year}/{ags}/verwendungen', summary: 'Verwendung melden (eigene Gebietskörperschaft)', request: body(UseInputSchema), ok: 201 },
    { method: 'get', path: '/api/v1/mittel/{year}/{ags}/zwischenzinsen', summary: 'Zwischenzinsen je Projekt bis zum Stichtag (?stichtag=JJJJ-MM-TT) mit der Entscheidung des RP', ok: 200 },
    { method: 'post', path: '/api/v1/mittel/{year}/{ags}/zwischenzinsen', summary: 'Entscheidung über die Zwischenzinsen eines Projekts (RP)', request: body(versioned(InterestDecisionInputSchema)), ok: 200 },
    { method: 'get', path: '/api/v1/verwendungsnachweise/{year}/{ags}', summary: 'Verwendungsnachweis mit Frist, Status, Sachbericht, zahlenmäßigem Nachweis, Prüfung; ETag = Version', ok: 200 },
    { method: 'put', path: '/api/v1/verwendungsnachweise/{year}/{ags}', summary: 'Entwurf des Verwendungsnachweises speichern (eigene Gebietskörperschaft)', request: body(versioned(ProofDraftInputSchema)), ok: 200 },
    { method: 'post', path: '/api/v1/verwendungsnachweise/{year}/{ags}/einreichen', summary: 'Verwendungsnachweis einreichen', request: body(VersionBodySchema), ok: 200 },
    { method: 'post', path: '/api/v1/verwendungsnachweise/{year}/{ags}/pruefung', summary: 'Prüfvermerk und Zinsende speichern (RP)', request: body(versioned(AuditInputSchema)), ok: 200 },
    { method: 'post', path: '/api/v1/verwendungsnachweise/{year}/{ags}/rueckforderung', summary: 'Prüfvermerk und Rückforderung erlassen (RP), festgeschrieben', request: body(VersionBodySchema), ok: 200 },
  ];
  for (const p of paths) {
    registry.registerPath({ method: p.method, path: p.path, summary: p.summary, security, request: { params, ...(p.request ?? {}) }, responses: { [p.ok]: json('Ergebnis'), ...errors(401, 403, 404, 409, 422) } });
  }
  registry.registerPath({
    method: 'get',
    path: '/api/v1/foerderuebersicht/{year}',
    summary: 'Förderübersicht des Landes (HMSI, RP): je Gebietskörperschaft zugewiesen, beantragt, bewilligt, ausgezahlt, verwendet, zurückgefordert, mit Summen',
    security,
    request: { params: z.object({ year: z.string().regex(/^\d{4}$/) }) },
    responses: { 200: json('Übersicht'), ...errors(401, 403, 404) },
  });
}
