import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { MeetingApiParams, MeetingFollowUpApiParams, MeetingListQuery } from './api-routes';
import {
  CancelMeetingSchema,
  ConfirmDateSchema,
  MarkFollowUpSchema,
  MEETING_STATUSES,
  MeetingJsonSchema,
  RequestOtherDatesSchema,
  ScheduleMeetingSchema,
  UpdateAgendaSchema,
  UpdateMinutesSchema,
  VersionOnlySchema,
} from './schema';

const ErrorJson = z.object({ error: z.object({ code: z.string(), message: z.string(), issues: z.array(z.object({ path: z.string(), message: z.string() })).optional() }) });
const json = (description: string, schema: z.ZodType = ErrorJson) => ({ description, content: { 'application/json': { schema } } });
const body = (schema: z.ZodType) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const ERRORS: Record<number, string> = {
  401: 'Nicht angemeldet oder Token ungültig',
  403: 'Keine Berechtigung: Rolle, oder im aktuellen Status nicht möglich',
  404: 'Nicht gefunden: keine Besprechung angesetzt, oder eine andere Gebietskörperschaft',
  409: 'Versionskonflikt (veraltete version); Protokoll schon für die eigene Seite bestätigt',
  413: 'Anfrage zu groß',
  422: 'Ungültig: kein JSON, kein JSON-Objekt oder ungültige Felder (issues mit path und message, deutsch)',
};
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [String(s), json(ERRORS[s] ?? 'Fehler')]));
const WRITE_ERRORS = errors(401, 403, 404, 409, 413, 422);
const MEETING = json('Die Umsetzungsbesprechung nach der Änderung (ETag = version)', MeetingJsonSchema);

const MeetingListJson = z.object({
  year: z.number().int(),
  items: z.array(
    z.object({
      year: z.number().int(),
      ags: z.string(),
      districtName: z.string(),
      status: z.enum(MEETING_STATUSES),
      confirmed: z.object({ start: z.string(), end: z.string() }).nullable(),
      openFollowUps: z.number().int(),
    }),
  ),
});

/** The Umsetzungsbesprechung paths of /api/v1, from the zod schemas the use cases validate with. */
export function registerMeetingPaths(registry: OpenAPIRegistry, security: Record<string, string[]>[]): void {
  const base = '/api/v1/umsetzungsbesprechungen/{year}/{ags}';
  const params = MeetingApiParams;
  const write = (path: string, summary: string, schema: z.ZodType, method: 'post' | 'put' = 'post', extra: Record<string, unknown> = {}) =>
    registry.registerPath({ method, path: `${base}${path}`, summary, security, request: { params, ...body(schema) }, responses: { 200: MEETING, ...extra, ...WRITE_ERRORS } });

  registry.registerPath({
    method: 'get',
    path: '/api/v1/umsetzungsbesprechungen',
    summary: 'Umsetzungsbesprechungen (§ 6) eines AQB-Jahres: Status, bestätigter Termin, offene Folgeaufgaben (Gebietskörperschaft: nur die eigene)',
    security,
    request: { query: MeetingListQuery },
    responses: { 200: json('Liste', MeetingListJson), ...errors(401, 403, 404, 422) },
  });
  registry.registerPath({
    method: 'get',
    path: base,
    summary: 'Umsetzungsbesprechung (§ 6) einer Gebietskörperschaft im AQB-Jahr: Termine, Tagesordnung, Protokoll, Folgeaufgaben',
    security,
    request: { params },
    responses: { 200: json('Umsetzungsbesprechung', MeetingJsonSchema), ...errors(401, 403, 404) },
  });
  write(
    '/ansetzen',
    'Ansetzen (HMSI): 1–5 Terminvorschläge, Ort oder Videolink, Teilnehmende (ohne Angabe: die Koordination der Gebietskörperschaft und die ansetzende Person). Erneut vorschlagen mit version; ohne version nur, solange keine Besprechung angesetzt ist (201)',
    ScheduleMeetingSchema,
    'post',
    { 201: json('Angesetzt', MeetingJsonSchema) },
  );
  write('/termin-bestaetigen', 'Termin bestätigen (eigene Gebietskörperschaft): vorgeschlagen → terminiert; die Einladung (iCal REQUEST) geht an alle Teilnehmenden', ConfirmDateSchema);
  write('/andere-termine', 'Um andere Termine bitten (eigene Gebietskörperschaft), mit Notiz; bleibt vorgeschlagen', RequestOtherDatesSchema);
  write('/absagen', 'Absagen (HMSI) mit Grund: vorgeschlagen | terminiert → abgesagt; bei festem Termin Absage (iCal CANCEL) an alle', CancelMeetingSchema);
  write('/tagesordnung', 'Tagesordnung ersetzen (HMSI, eigene Gebietskörperschaft), solange vorgeschlagen oder terminiert', UpdateAgendaSchema, 'put');
  write('/tagesordnung', 'Tagesordnung ersetzen (wie PUT)', UpdateAgendaSchema, 'post');
  write('/tagesordnung/neu-erzeugen', 'Tagesordnung aus den aktuellen Zahlen neu erzeugen (ersetzt die bisherige)', VersionOnlySchema);
  write('/protokoll/eroeffnen', 'Protokoll beginnen (HMSI): terminiert → protokoll_entwurf, je Tagesordnungspunkt ein leerer Eintrag', VersionOnlySchema);
  write('/protokoll', 'Protokoll und Folgeaufgaben speichern (beide Seiten, im Entwurf); jede Änderung setzt gegebene Bestätigungen zurück. items: ein Eintrag je Tagesordnungspunkt', UpdateMinutesSchema, 'put');
  write('/protokoll', 'Protokoll speichern (wie PUT)', UpdateMinutesSchema, 'post');
  write('/protokoll/bestaetigen', 'Protokoll für die eigene Seite bestätigen; die zweite Bestätigung macht es endgültig (PDF mit SHA-256): protokoll_entwurf → protokoll_bestaetigt', VersionOnlySchema);
  registry.registerPath({
    method: 'post',
    path: `${base}/folgeaufgaben/{id}`,
    summary: 'Folgeaufgabe des bestätigten Protokolls als erledigt oder wieder offen markieren (beide Seiten); version der Folgeaufgabe',
    security,
    request: { params: MeetingFollowUpApiParams, ...body(MarkFollowUpSchema) },
    responses: { 200: MEETING, ...WRITE_ERRORS },
  });
}
