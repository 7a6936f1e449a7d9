import { OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { AgreementInterchangeSchema } from '../documents/schema';
import { AntragSchema } from '../funding/service';
import { registerFundingApiDocs } from './funding-api';
import {
  AgreementEnvelopeSchema,
  AgreementListSchema,
  AntragEnvelopeSchema,
  AntragImportResponseSchema,
  CreateDraftBodySchema,
  ErrorSchema,
  ListQuerySchema,
  PathParamsSchema,
  SignatureBodySchema,
  TransitionBodySchema,
} from './schema';

const json = (schema: z.ZodType, description: string) => ({ description, content: { 'application/json': { schema } } });

function errors(...statuses: number[]) {
  const text: Record<number, string> = {
    401: 'Nicht angemeldet oder Token ungültig',
    403: 'Keine Berechtigung',
    404: 'Nicht gefunden (auch: Zielvereinbarung einer anderen Gebietskörperschaft)',
    409: 'Versionskonflikt oder unzulässiger Statuswechsel',
    422: 'Ungültige Eingaben',
  };
  return Object.fromEntries(statuses.map((s) => [String(s), json(ErrorSchema, text[s] ?? 'Fehler')]));
}

/** Builds the OpenAPI 3.1 document of /api/v1 from the same zod schemas the routes validate with. */
export function buildOpenApiDocument() {
  const registry = new OpenAPIRegistry();
  // Schemas are inlined (registry.register needs zod's prototype patch, which zod 4 instances do not
  // pick up); the interchange format is also published as a named component, via zod's own converter.
  registry.registerComponent('schemas', 'AgreementInterchange', z.toJSONSchema(AgreementInterchangeSchema) as never);
  // aqb.antrag/1 as a file is written: fields with a default may be left out (`io: 'input'`).
  registry.registerComponent('schemas', 'AntragInterchange', z.toJSONSchema(AntragSchema, { io: 'input' }) as never);
  const bearer = registry.registerComponent('securitySchemes', 'apiToken', { type: 'http', scheme: 'bearer', description: 'Persönliches API-Token (aqb_…)' });
  const security = [{ [bearer.name]: [] }, { session: [] }];
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'aqb-session' });

  registry.registerPath({
    method: 'get',
    path: '/api/v1/agreements',
    summary: 'Zielvereinbarungen auflisten (Gebietskörperschaften sehen nur die eigenen)',
    security,
    request: { query: ListQuerySchema },
    responses: { 200: json(AgreementListSchema, 'Liste'), ...errors(401, 403, 422) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/agreements',
    summary: 'Entwurf anlegen (HMSI); Betrag = aktuelle Zuweisung',
    security,
    request: { body: { content: { 'application/json': { schema: CreateDraftBodySchema } } } },
    responses: { 201: json(AgreementEnvelopeSchema, 'Angelegt'), ...errors(401, 403, 404, 409, 422) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/agreements/{year}/{ags}',
    summary: 'Zielvereinbarung lesen (Austauschformat aqb.zielvereinbarung/1); ETag = Version',
    security,
    request: { params: PathParamsSchema },
    responses: { 200: json(AgreementEnvelopeSchema, 'Zielvereinbarung'), ...errors(401, 403, 404) },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/agreements/{year}/{ags}',
    summary: 'Zielvereinbarung ändern (Projekte, Betrag durch HMSI); If-Match: Version erforderlich',
    security,
    request: {
      params: PathParamsSchema,
      headers: z.object({ 'if-match': z.string().describe('Version, auf der die Änderung beruht, z. B. "3"') }),
      body: { content: { 'application/json': { schema: AgreementInterchangeSchema } } },
    },
    responses: { 200: json(AgreementEnvelopeSchema, 'Gespeichert als neue Version'), ...errors(401, 403, 404, 409, 422) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/agreements/{year}/{ags}/transitions',
    summary: 'Status wechseln (Statusgraph); „veroeffentlicht“ friert das PDF ein',
    security,
    request: { params: PathParamsSchema, body: { content: { 'application/json': { schema: TransitionBodySchema } } } },
    responses: { 200: json(AgreementEnvelopeSchema, 'Neuer Status'), ...errors(401, 403, 404, 409, 422) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/agreements/{year}/{ags}/signatures',
    summary: 'Unterschrift erfassen (Land: HMSI, Gebietskörperschaft: eigene Koordination)',
    security,
    request: { params: PathParamsSchema, body: { content: { 'application/json': { schema: SignatureBodySchema } } } },
    responses: { 200: json(AgreementEnvelopeSchema, 'Erfasst'), ...errors(401, 403, 404, 409, 422) },
  });

  registry.registerPath({
    method: 'get',
    path: '/api/v1/antraege/{year}/{ags}',
    summary: 'Antrag lesen: Status und Austauschformat aqb.antrag/1 (nach der Einreichung die eingereichte Fassung), bei Entwürfen die Prüfungen vor der Einreichung',
    security,
    request: { params: PathParamsSchema },
    responses: { 200: json(AntragEnvelopeSchema, 'Antrag'), ...errors(401, 403, 404) },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/antraege/{year}/{ags}',
    summary: 'Antrag als Entwurf speichern (eigene Gebietskörperschaft): ersetzt die Projekte des Jahres; 422 mit allen Problemen, wenn nichts gespeichert wurde',
    security,
    request: { params: PathParamsSchema, body: { content: { 'application/json': { schema: AntragSchema } } } },
    responses: { 200: json(AntragImportResponseSchema, 'Gespeichert'), 422: json(AntragImportResponseSchema, 'Nicht gespeichert: Probleme mit Code, JSON-Pfad und Meldung'), ...errors(401, 403, 404, 409) },
  });

  registerFundingApiDocs(registry, json, errors, security);

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'AQB-Steuerung API', version: '1.0.0', description: 'Zielvereinbarungen im Austauschformat aqb.zielvereinbarung/1. Fehler: { error: { code, message, issues } }.' },
    servers: [{ url: '/' }],
  });
}
