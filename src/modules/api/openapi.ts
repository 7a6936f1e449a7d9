import { OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { AgreementInterchangeSchema } from '../documents/schema';
import { AntragSchema } from '../funding/service';
import { registerAchievementPaths } from '../achievement/service';
import { registerPaymentPaths } from '../payments/service';
import { EckdatenJsonSchema } from '../projects/schema';
import { AssessDeviationSchema, DeviationJsonSchema, JustifyDeviationSchema, RecordDeviationSchema, registerMonitoringPaths } from '../steering/service';
import { registerMeetingPaths } from '../meetings/service';
import { registerStateReportPaths } from '../state-report/service';
import { SurveyInterchangeSchema } from '../surveys/schema';
import { surveyApiSchemas as surveyApi } from '../surveys/service';
import { EventEnvelopeSchema, EventListSchema, RegistrationBodySchema, RegistrationSchema } from '../events/service';
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

  // The money path (Mittelabruf … Förderübersicht): the payments module registers its own paths.
  registerPaymentPaths(registry, security);
  // Zielerreichung (§ 6): the achievement module registers its own paths.
  registerAchievementPaths(registry, security);
  registry.registerPath({
    method: 'get',
    path: '/api/v1/projekte/{year}/{ags}/eckdaten',
    summary: 'Eckdaten der aktiven Projekte: geplante AQB-Mittel, Plätze und Ergebnisse je Projekt, je Maßnahmenart und insgesamt',
    security,
    request: { params: PathParamsSchema },
    responses: { 200: json(EckdatenJsonSchema, 'Eckdaten'), ...errors(401, 403, 404) },
  });
  // The monitoring of § 6 (steering): its own paths.
  registerMonitoringPaths(registry, security);
  registerStateReportPaths(registry, security);
  const DeviationParams = PathParamsSchema.extend({ id: z.string().regex(/^\d{1,9}$/) });
  // Umsetzungsbesprechung (§ 6): the meetings module registers its own paths.
  registerMeetingPaths(registry, security);
  registry.registerPath({
    method: 'get',
    path: '/api/v1/abweichungen/{year}/{ags}',
    summary: 'Abweichungen (§ 6) einer Gebietskörperschaft im AQB-Jahr: offene zuerst',
    security,
    request: { params: PathParamsSchema },
    responses: { 200: json(z.object({ deviations: z.array(DeviationJsonSchema) }), 'Abweichungen'), ...errors(401, 403, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/abweichungen/{year}/{ags}',
    summary: 'Abweichung erfassen (HMSI; Gebietskörperschaft: eigene); Betrag oder Anzahl ist anzugeben',
    security,
    request: { params: PathParamsSchema, body: { content: { 'application/json': { schema: RecordDeviationSchema } } } },
    responses: { 201: json(DeviationJsonSchema, 'Erfasst'), ...errors(401, 403, 404, 422) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/abweichungen/{year}/{ags}/{id}',
    summary: 'Eine Abweichung',
    security,
    request: { params: DeviationParams },
    responses: { 200: json(DeviationJsonSchema, 'Abweichung'), ...errors(401, 403, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/abweichungen/{year}/{ags}/{id}/begruenden',
    summary: 'Abweichung begründen (eigene Gebietskörperschaft; offen oder begründet → begründet)',
    security,
    request: { params: DeviationParams, body: { content: { 'application/json': { schema: JustifyDeviationSchema } } } },
    responses: { 200: json(DeviationJsonSchema, 'Begründet'), ...errors(401, 403, 404, 409, 422) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/abweichungen/{year}/{ags}/{id}/bewerten',
    summary: 'Abweichung bewerten (HMSI; begründet → bewertet: anerkannt oder nicht anerkannt, mit Grund)',
    security,
    request: { params: DeviationParams, body: { content: { 'application/json': { schema: AssessDeviationSchema } } } },
    responses: { 200: json(DeviationJsonSchema, 'Bewertet'), ...errors(401, 403, 404, 409, 422) },
  });
  // ── Umfragen (aqb.umfrage/1) ───────────────────────────────────────────────────────────────
  registry.registerComponent('schemas', 'SurveyInterchange', z.toJSONSchema(SurveyInterchangeSchema, { io: 'input' }) as never);
  const surveyParams = surveyApi.SurveyIdParamsSchema;
  const responseParams = surveyApi.ResponseParamsSchema;
  registry.registerPath({ method: 'get', path: '/api/v1/umfragen', summary: 'Umfragen auflisten (HMSI alle, Gebietskörperschaften die an sie versandten)', security, responses: { 200: json(surveyApi.SurveyListSchema, 'Liste'), ...errors(401, 403) } });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/umfragen',
    summary: 'Umfrage aus einer Datei aqb.umfrage/1 anlegen (HMSI), in Vorbereitung',
    security,
    request: { body: { content: { 'application/json': { schema: surveyApi.ImportSurveyBodySchema } } } },
    responses: { 201: json(surveyApi.SurveyEnvelopeSchema, 'Angelegt'), ...errors(401, 403, 422) },
  });
  registry.registerPath({ method: 'get', path: '/api/v1/umfragen/{id}', summary: 'Umfrage mit Definition (aqb.umfrage/1); ETag = Version', security, request: { params: surveyParams }, responses: { 200: json(surveyApi.SurveyEnvelopeSchema, 'Umfrage'), ...errors(401, 403, 404) } });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/umfragen/{id}/definition',
    summary: 'Definition ersetzen (HMSI, nur in Vorbereitung); If-Match: Version erforderlich',
    security,
    request: { params: surveyParams, headers: z.object({ 'if-match': z.string() }), body: { content: { 'application/json': { schema: SurveyInterchangeSchema } } } },
    responses: { 200: json(surveyApi.SurveyEnvelopeSchema, 'Gespeichert'), ...errors(401, 403, 404, 409, 422) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/umfragen/{id}/versenden',
    summary: 'Umfrage versenden (HMSI): Öffnungsdatum, Frist, Empfänger; friert die Definition ein',
    security,
    request: { params: surveyParams, body: { content: { 'application/json': { schema: surveyApi.SendSurveyBodySchema } } } },
    responses: { 200: json(surveyApi.SurveyEnvelopeSchema, 'Versandt'), ...errors(401, 403, 404, 409, 422) },
  });
  registry.registerPath({ method: 'get', path: '/api/v1/umfragen/{id}/ergebnisse', summary: 'Ergebnisse je Frage, Rücklauf und fehlende Antworten (HMSI)', security, request: { params: surveyParams }, responses: { 200: json(surveyApi.SurveyResultsSchema, 'Ergebnisse'), ...errors(401, 403, 404) } });
  registry.registerPath({ method: 'get', path: '/api/v1/umfragen/{id}/antworten/{ags}', summary: 'Die gemeinsame Antwort einer Gebietskörperschaft (eigene; HMSI alle); ETag = Version', security, request: { params: responseParams }, responses: { 200: json(surveyApi.ResponseEnvelopeSchema, 'Antwort'), ...errors(401, 403, 404) } });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/umfragen/{id}/antworten/{ags}',
    summary: 'Antwort als Entwurf speichern (eigene Gebietskörperschaft); If-Match: Version; Antworten nicht zutreffender Bedingungsfragen werden verworfen',
    security,
    request: { params: responseParams, headers: z.object({ 'if-match': z.string() }), body: { content: { 'application/json': { schema: surveyApi.SaveResponseBodySchema } } } },
    responses: { 200: json(surveyApi.ResponseEnvelopeSchema, 'Gespeichert'), ...errors(401, 403, 404, 409, 422) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/umfragen/{id}/antworten/{ags}/einreichen',
    summary: 'Antwort einreichen (einmal; alle Pflichtfragen beantwortet)',
    security,
    request: { params: responseParams, body: { content: { 'application/json': { schema: surveyApi.VersionBodySchema } } } },
    responses: { 200: json(surveyApi.ResponseEnvelopeSchema, 'Eingereicht'), ...errors(401, 403, 404, 409, 422) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/v1/umfragen/{id}/antworten/{ags}/wieder-oeffnen',
    summary: 'Eingereichte Antwort wieder öffnen (HMSI)',
    security,
    request: { params: responseParams, body: { content: { 'application/json': { schema: surveyApi.VersionBodySchema } } } },
    responses: { 200: json(surveyApi.ResponseEnvelopeSchema, 'Wieder geöffnet'), ...errors(401, 403, 404, 409) },
  });
  const eventId = z.object({ id: z.string().regex(/^\d{1,9}$/).describe('Nummer der Tagung') });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/tagungen',
    summary: 'Tagungen auflisten (HMSI auch Entwürfe; sonst die veröffentlichten)',
    security,
    responses: { 200: json(EventListSchema, 'Liste'), ...errors(401, 403) },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/v1/tagungen/{id}',
    summary: 'Tagung mit Anmeldungen (HMSI alle mit Namen; eine Gebietskörperschaft nur die eigene, ohne Namen)',
    security,
    request: { params: eventId },
    responses: { 200: json(EventEnvelopeSchema, 'Tagung'), ...errors(401, 403, 404) },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/v1/tagungen/{id}/anmeldung',
    summary: 'Eigene Gebietskörperschaft anmelden oder Anmeldung ändern; die Plätze werden unter einer Sperre gezählt (422, wenn sie nicht reichen)',
    security,
    request: { params: eventId, body: { content: { 'application/json': { schema: RegistrationBodySchema } } } },
    responses: { 200: json(RegistrationSchema, 'Gespeichert'), ...errors(401, 403, 404, 409, 422) },
  });
  registerFundingApiDocs(registry, json, errors, security);

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'AQB-Steuerung API', version: '1.0.0', description: 'Zielvereinbarungen im Austauschformat aqb.zielvereinbarung/1. Fehler: { error: { code, message, issues } }.' },
    servers: [{ url: '/' }],
  });
}
