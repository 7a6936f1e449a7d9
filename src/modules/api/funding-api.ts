import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppDatabase } from '../../platform/db/client';
import { getActor } from '../access/context';
import { authorize } from '../access/policy';
import { getBudgetYear } from '../budget-years/service';
import {
  answerNachforderung,
  BescheidDraftInputSchema,
  ChecklistSchema,
  checklistOf,
  createBescheidDraft,
  findBescheide,
  findNachforderungen,
  getAntragState,
  getBescheid,
  issueBescheid,
  requestDocuments,
  resumeAntrag,
  saveChecklist,
  updateBescheidDraft,
  type Bescheid,
} from '../funding/service';
import { AppError } from '../../platform/errors';
import { jsonBody, parse, pathParams } from './request';
import { PathParamsSchema } from './schema';

/*
 * JSON API of RP Kassel's Prüfung and Bescheide (issue 13) under /api/v1/antraege/{year}/{ags}/…:
 * the same use cases and policies as the pages (funding/review-routes.tsx), JSON errors by the app.
 */

const today = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());
const Version = z.object({ version: z.number().int().min(0) });

export const ChecklistBodySchema = Version.extend({ items: ChecklistSchema });
export const NachforderungBodySchema = Version.extend({ items: z.string(), deadline: z.string() });
export const AnswerBodySchema = Version.extend({ answer: z.string() });
export const BescheidBodySchema = Version.extend(BescheidDraftInputSchema.shape);

const ChecklistItemOut = z.object({ key: z.string(), checked: z.boolean(), note: z.string() });
export const ReviewEnvelopeSchema = z.object({
  status: z.string(),
  version: z.number().int(),
  aktenzeichen: z.string().nullable(),
  checklist: z.array(ChecklistItemOut),
  nachforderungen: z.array(z.object({ sequence: z.number().int(), items: z.string(), deadline: z.string(), sentOn: z.string(), answer: z.string().nullable(), answeredOn: z.string().nullable(), letterPdf: z.string(), letterDocx: z.string() })),
});
const BescheidLineOut = z.object({ projectId: z.number().int(), key: z.string(), title: z.string(), requestedCents: z.number().int(), approvedCents: z.number().int(), financingType: z.string(), rejectionReason: z.string() });
export const BescheidOutSchema = z.object({
  sequence: z.number().int(),
  kind: z.string(),
  status: z.string(),
  version: z.number().int(),
  decidedOn: z.string().nullable(),
  periodFrom: z.string(),
  periodTo: z.string(),
  proofDueOn: z.string(),
  purpose: z.string(),
  conditions: z.string(),
  legalRemedy: z.string(),
  reason: z.string(),
  approvedCents: z.number().int(),
  requestedCents: z.number().int(),
  lines: z.array(BescheidLineOut),
  files: z.object({ pdf: z.string(), docx: z.string() }).nullable(),
});

function bescheidOut(b: Bescheid) {
  const base = `/antraege/${b.year}/${b.ags}/bescheide/${b.sequence}`;
  return {
    sequence: b.sequence,
    kind: b.kind,
    status: b.status,
    version: b.version,
    decidedOn: b.decidedOn,
    periodFrom: b.periodFrom,
    periodTo: b.periodTo,
    proofDueOn: b.proofDueOn,
    purpose: b.purpose,
    conditions: b.conditions,
    legalRemedy: b.legalRemedy,
    reason: b.reason,
    approvedCents: b.approvedCents,
    requestedCents: b.requestedCents,
    lines: b.lines.map(({ projectId, key, title, requestedCents, approvedCents, financingType, rejectionReason }) => ({ projectId, key, title, requestedCents, approvedCents, financingType, rejectionReason })),
    files: b.status === 'erlassen' ? { pdf: `${base}/bescheid.pdf`, docx: `${base}/bescheid.docx` } : null,
  };
}

function sequenceOf(value: string | undefined): number {
  if (!value || !/^\d{1,4}$/.test(value) || Number(value) < 1) throw new AppError('NOT_FOUND');
  return Number(value);
}

export function registerFundingApi(app: Hono, database: AppDatabase) {
  const db = database.db;
  const P = '/api/v1/antraege/:year/:ags';

  async function review(year: number, ags: string) {
    const state = await getAntragState(db, year, ags);
    return {
      status: state.status,
      version: state.version,
      aktenzeichen: state.aktenzeichen,
      checklist: await checklistOf(db, state),
      nachforderungen: (await findNachforderungen(db, state.id)).map((n) => ({
        sequence: n.sequence,
        items: n.items,
        deadline: n.deadline,
        sentOn: n.sentOn,
        answer: n.answer,
        answeredOn: n.answeredOn,
        letterPdf: `/antraege/${year}/${ags}/nachforderungen/${n.sequence}/brief.pdf`,
        letterDocx: `/antraege/${year}/${ags}/nachforderungen/${n.sequence}/brief.docx`,
      })),
    };
  }

  async function target(c: Parameters<typeof pathParams>[0], action: Parameters<typeof authorize>[1]) {
    const { year, ags } = pathParams(c);
    const actor = getActor(c);
    authorize(actor, action, { ags });
    await getBudgetYear(db, year);
    return { actor, year, ags };
  }

  app.get(`${P}/pruefung`, async (c) => {
    const { year, ags } = await target(c, 'antrag.read');
    return c.json(await review(year, ags));
  });
  app.put(`${P}/pruefung`, async (c) => {
    const { actor, year, ags } = await target(c, 'antrag.examine');
    const body = parse(ChecklistBodySchema, await jsonBody(c));
    await saveChecklist(database, actor, { year, ags, expectedVersion: body.version }, body.items);
    return c.json(await review(year, ags));
  });
  app.post(`${P}/nachforderungen`, async (c) => {
    const { actor, year, ags } = await target(c, 'antrag.requestDocuments');
    const body = parse(NachforderungBodySchema, await jsonBody(c));
    await requestDocuments(database, actor, { year, ags, expectedVersion: body.version, today: today() }, { items: body.items, deadline: body.deadline });
    return c.json(await review(year, ags), 201);
  });
  app.post(`${P}/nachforderungen/antwort`, async (c) => {
    const { actor, year, ags } = await target(c, 'antrag.answer');
    const body = parse(AnswerBodySchema, await jsonBody(c));
    await answerNachforderung(database, actor, { year, ags, expectedVersion: body.version, today: today() }, { answer: body.answer });
    return c.json(await review(year, ags));
  });
  app.post(`${P}/fortsetzen`, async (c) => {
    const { actor, year, ags } = await target(c, 'antrag.resume');
    const body = parse(Version, await jsonBody(c));
    await resumeAntrag(database, actor, { year, ags, expectedVersion: body.version });
    return c.json(await review(year, ags));
  });

  app.get(`${P}/bescheide`, async (c) => {
    const { year, ags } = await target(c, 'bescheid.read');
    return c.json({ bescheide: (await findBescheide(db, year, ags)).map(bescheidOut) });
  });
  app.post(`${P}/bescheide`, async (c) => {
    const { actor, year, ags } = await target(c, 'bescheid.edit');
    const body = parse(Version, await jsonBody(c));
    return c.json(bescheidOut(await createBescheidDraft(database, actor, { year, ags, expectedVersion: body.version })), 201);
  });
  app.get(`${P}/bescheide/:seq`, async (c) => {
    const { year, ags } = await target(c, 'bescheid.read');
    return c.json(bescheidOut(await getBescheid(db, year, ags, sequenceOf(c.req.param('seq')))));
  });
  app.put(`${P}/bescheide/:seq`, async (c) => {
    const { actor, year, ags } = await target(c, 'bescheid.edit');
    const sequence = sequenceOf(c.req.param('seq'));
    const { version, ...input } = parse(BescheidBodySchema, await jsonBody(c));
    return c.json(bescheidOut(await updateBescheidDraft(database, actor, { year, ags, sequence, expectedVersion: version }, input)));
  });
  app.post(`${P}/bescheide/:seq/erlassen`, async (c) => {
    const { actor, year, ags } = await target(c, 'bescheid.edit');
    const sequence = sequenceOf(c.req.param('seq'));
    const body = parse(Version, await jsonBody(c));
    return c.json(bescheidOut(await issueBescheid(database, actor, { year, ags, sequence, expectedVersion: body.version, today: today() })));
  });
}

/** The OpenAPI paths of the routes above. */
export function registerFundingApiDocs(registry: OpenAPIRegistry, json: (schema: z.ZodType, description: string) => unknown, errors: (...statuses: number[]) => Record<string, unknown>, security: Array<Record<string, string[]>>) {
  const base = '/api/v1/antraege/{year}/{ags}';
  const params = PathParamsSchema;
  const SeqParams = PathParamsSchema.extend({ seq: z.string().regex(/^\d{1,4}$/) });
  const body = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
  const ok = (schema: z.ZodType, text: string) => json(schema, text) as never;
  registry.registerPath({ method: 'get', path: `${base}/pruefung`, summary: 'Prüfung lesen: Checkliste und Nachforderungen', security, request: { params }, responses: { 200: ok(ReviewEnvelopeSchema, 'Prüfung'), ...errors(401, 403, 404) } });
  registry.registerPath({ method: 'put', path: `${base}/pruefung`, summary: 'Checkliste der Prüfung speichern (RP, Antrag in Prüfung)', security, request: { params, body: body(ChecklistBodySchema) }, responses: { 200: ok(ReviewEnvelopeSchema, 'Gespeichert'), ...errors(401, 403, 404, 409, 422) } });
  registry.registerPath({ method: 'post', path: `${base}/nachforderungen`, summary: 'Unterlagen nachfordern (RP): Brief PDF/DOCX eingefroren, Status nachforderung, Projekte entsperrt', security, request: { params, body: body(NachforderungBodySchema) }, responses: { 201: ok(ReviewEnvelopeSchema, 'Gesendet'), ...errors(401, 403, 404, 409, 422) } });
  registry.registerPath({ method: 'post', path: `${base}/nachforderungen/antwort`, summary: 'Nachforderung beantworten (eigene Gebietskörperschaft)', security, request: { params, body: body(AnswerBodySchema) }, responses: { 200: ok(ReviewEnvelopeSchema, 'Beantwortet'), ...errors(401, 403, 404, 409, 422) } });
  registry.registerPath({ method: 'post', path: `${base}/fortsetzen`, summary: 'Prüfung fortsetzen (RP): Antrag neu eingefroren, Projekte gesperrt', security, request: { params, body: body(Version) }, responses: { 200: ok(ReviewEnvelopeSchema, 'Fortgesetzt'), ...errors(401, 403, 404, 409, 422) } });
  registry.registerPath({ method: 'get', path: `${base}/bescheide`, summary: 'Bescheide zum Antrag (Zuwendungs- und Änderungsbescheide, Entwürfe eingeschlossen)', security, request: { params }, responses: { 200: ok(z.object({ bescheide: z.array(BescheidOutSchema) }), 'Bescheide'), ...errors(401, 403, 404) } });
  registry.registerPath({ method: 'post', path: `${base}/bescheide`, summary: 'Entwurf des nächsten Bescheides anlegen (RP)', security, request: { params, body: body(Version) }, responses: { 201: ok(BescheidOutSchema, 'Entwurf'), ...errors(401, 403, 404, 409, 422) } });
  registry.registerPath({ method: 'get', path: `${base}/bescheide/{seq}`, summary: 'Einen Bescheid lesen (1 = Zuwendungsbescheid)', security, request: { params: SeqParams }, responses: { 200: ok(BescheidOutSchema, 'Bescheid'), ...errors(401, 403, 404) } });
  registry.registerPath({ method: 'put', path: `${base}/bescheide/{seq}`, summary: 'Bescheid-Entwurf speichern (RP); Codes BEWILLIGUNG_UEBER_ANTRAG, TEILABLEHNUNG_OHNE_BEGRUENDUNG, BEWILLIGUNGSZEITRAUM_UNGUELTIG in den Meldungen', security, request: { params: SeqParams, body: body(BescheidBodySchema) }, responses: { 200: ok(BescheidOutSchema, 'Gespeichert'), ...errors(401, 403, 404, 409, 422) } });
  registry.registerPath({ method: 'post', path: `${base}/bescheide/{seq}/erlassen`, summary: 'Bescheid erlassen (RP): eingefroren als PDF/UA und DOCX; Summe der Bescheide höchstens die Zuweisung (BESCHEIDE_UEBER_ZUWEISUNG)', security, request: { params: SeqParams, body: body(Version) }, responses: { 200: ok(BescheidOutSchema, 'Erlassen'), ...errors(401, 403, 404, 409, 422) } });
}
