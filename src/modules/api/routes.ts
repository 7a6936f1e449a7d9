import { type Context, Hono } from 'hono';
import type { z } from 'zod';
import { getActor } from '../access/context';
import { authorize } from '../access/policy';
import {
  createDraft,
  findAgreements,
  getAgreementFor,
  recordSignature,
  transitionAgreement,
  updateAgreement,
} from '../agreements/service';
import { AgreementInterchangeSchema } from '../documents/schema';
import { getBudgetYear } from '../budget-years/service';
import { antragFromProjects, AntragSchema, checkSubmission, getAntragState, importAntragText } from '../funding/service';
import { assessDeviation, deviationToJson, findDeviations, justifyDeviation, readDeviation, recordDeviation } from '../steering/service';
import { getDistrict } from '../districts/service';
import { findEckdaten } from '../projects/service';
import { AppError, unwrapZod } from '../../platform/errors';
import type { RouteDeps } from '../../platform/http/deps';
import { buildOpenApiDocument } from './openapi';
import { registerFundingApi } from './funding-api';
import { jsonBody, parse, pathParams } from './request';
import { CreateDraftBodySchema, ListQuerySchema, PathParamsSchema, SignatureBodySchema, TransitionBodySchema } from './schema';

/** "3", W/"3" or 3 → 3; the version precondition of PUT. */
function ifMatchVersion(c: Context): number {
  const header = c.req.header('if-match') ?? c.req.query('version');
  const match = header ? /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim()) : null;
  if (!match) {
    throw new AppError('VALIDATION_FAILED', 'Die Version fehlt: Bitte senden Sie If-Match mit der gelesenen Version (z. B. If-Match: "3").', {
      issues: [{ path: 'If-Match', message: 'Fehlt oder ist keine Versionsnummer' }],
    });
  }
  return Number(match[1]);
}

/**
 * JSON API /api/v1 (the same use cases and policies as the web pages): agreements as interchange
 * JSON, list/get/create/update/transition/sign, OpenAPI 3.1 at /api/v1/openapi.json. Errors are
 * rendered by the app as { error: { code, message, issues } }.
 */
export function apiRoutes({ database }: RouteDeps) {
  const app = new Hono();
  const db = database.db;
  let openApi: ReturnType<typeof buildOpenApiDocument> | undefined;

  async function envelope(c: Context, year: number, ags: string, status: 200 | 201 = 200) {
    const record = await getAgreementFor(db, getActor(c), year, ags);
    c.header('ETag', `"${record.currentVersion}"`);
    return c.json({ status: record.status, version: record.currentVersion, amendsVersion: record.amendsVersion, agreement: record.content }, status);
  }

  app.get('/api/v1/openapi.json', (c) => {
    openApi ??= buildOpenApiDocument();
    return c.json(openApi);
  });

  app.get('/api/v1/agreements', async (c) => {
    const query = parse(ListQuerySchema, { year: c.req.query('year'), ags: c.req.query('ags'), status: c.req.query('status') });
    const items = await findAgreements(db, getActor(c), { year: query.year ? Number(query.year) : undefined, ags: query.ags, status: query.status });
    return c.json({ items: items.map(({ year, ags, districtName, status, version, amountCents }) => ({ year, ags, districtName, status, version, amountCents })) });
  });

  app.post('/api/v1/agreements', async (c) => {
    // The role first: a district learns nothing from validation errors of a request it may not make.
    authorize(getActor(c), 'agreement.create');
    const body = parse(CreateDraftBodySchema, await jsonBody(c));
    await createDraft(database, getActor(c), body);
    return envelope(c, body.year, body.ags, 201);
  });

  app.get('/api/v1/agreements/:year/:ags', async (c) => {
    const { year, ags } = pathParams(c);
    return envelope(c, year, ags);
  });

  app.put('/api/v1/agreements/:year/:ags', async (c) => {
    const { year, ags } = pathParams(c);
    const actor = getActor(c);
    // Tenancy and role before the body: a foreign district learns nothing from validation errors.
    await getAgreementFor(db, actor, year, ags);
    const expectedVersion = ifMatchVersion(c);
    const agreement = parse(AgreementInterchangeSchema, await jsonBody(c));
    if (agreement.year !== year || agreement.district.ags !== ags) {
      throw new AppError('VALIDATION_FAILED', 'Jahr und AGS im Inhalt müssen zur Adresse passen.', { issues: [{ path: 'district.ags', message: `Erwartet ${year}/${ags}` }] });
    }
    await updateAgreement(database, actor, year, ags, { expectedVersion, amountCents: agreement.amountCents, measures: agreement.measures, signatures: agreement.signatures });
    return envelope(c, year, ags);
  });

  app.post('/api/v1/agreements/:year/:ags/transitions', async (c) => {
    const { year, ags } = pathParams(c);
    await getAgreementFor(db, getActor(c), year, ags);
    const body = parse(TransitionBodySchema, await jsonBody(c));
    await transitionAgreement(database, getActor(c), year, ags, body.to, body.version);
    return envelope(c, year, ags);
  });

  app.post('/api/v1/agreements/:year/:ags/signatures', async (c) => {
    const { year, ags } = pathParams(c);
    await getAgreementFor(db, getActor(c), year, ags);
    const body = parse(SignatureBodySchema, await jsonBody(c));
    await recordSignature(database, getActor(c), year, ags, { expectedVersion: body.version, party: body.party, signature: body.signature });
    return envelope(c, year, ags);
  });

  registerFundingApi(app, database);

  // ── Antrag (aqb.antrag/1) ──────────────────────────────────────────────────────────────────
  app.get('/api/v1/antraege/:year/:ags', async (c) => {
    const { year, ags } = pathParams(c);
    authorize(getActor(c), 'antrag.read', { ags });
    await getBudgetYear(db, year);
    const state = await getAntragState(db, year, ags);
    const draft = state.status === 'entwurf';
    c.header('ETag', `"${state.version}"`);
    return c.json({
      status: state.status,
      version: state.version,
      submittedOn: state.submittedOn,
      isLate: state.isLate,
      aktenzeichen: state.aktenzeichen,
      antrag: state.submittedContent ?? (await antragFromProjects(db, year, ags)),
      problems: draft ? (await checkSubmission(db, year, ags)).problems : null,
    });
  });

  app.put('/api/v1/antraege/:year/:ags', async (c) => {
    const { year, ags } = pathParams(c);
    const actor = getActor(c);
    // Tenancy and role before the body: a foreign district learns nothing from validation errors.
    authorize(actor, 'project.edit', { ags });
    const text = JSON.stringify(await jsonBody(c));
    const parsed = AntragSchema.safeParse(JSON.parse(text));
    if (parsed.success && (parsed.data.year !== year || parsed.data.district.ags !== ags)) {
      throw new AppError('VALIDATION_FAILED', 'Jahr und AGS im Inhalt müssen zur Adresse passen.', { issues: [{ path: 'district.ags', message: `Erwartet ${year}/${ags}` }] });
    }
    const { stored, problems, blocking, created, updated, dropped, totals } = await importAntragText(database, { actor }, text);
    return c.json({ stored, problems, blocking, created, updated, dropped, totals }, stored ? 200 : 422);
  });


  // ── Eckdaten (projects) ────────────────────────────────────────────────────────────────────
  app.get('/api/v1/projekte/:year/:ags/eckdaten', async (c) => {
    const { year, ags } = pathParams(c);
    authorize(getActor(c), 'project.read', { ags });
    await getBudgetYear(db, year);
    await getDistrict(db, ags);
    return c.json(await findEckdaten(db, year, ags));
  });

  // ── Abweichungen (§ 6, steering) ──────────────────────────────────────────────────────────────
  async function deviationOf(c: Context) {
    const { year, ags } = pathParams(c);
    const id = c.req.param('id') ?? '';
    authorize(getActor(c), 'deviation.read', { ags });
    if (!/^\d{1,9}$/.test(id)) throw new AppError('NOT_FOUND');
    const deviation = await readDeviation(db, getActor(c), Number(id));
    if (deviation.year !== year || deviation.ags !== ags) throw new AppError('NOT_FOUND', 'Diese Abweichung gibt es nicht.');
    return deviation;
  }

  app.get('/api/v1/abweichungen/:year/:ags', async (c) => {
    const { year, ags } = pathParams(c);
    authorize(getActor(c), 'deviation.read', { ags });
    await getBudgetYear(db, year);
    await getDistrict(db, ags);
    return c.json({ deviations: (await findDeviations(db, { year, ags })).map(deviationToJson) });
  });

  app.post('/api/v1/abweichungen/:year/:ags', async (c) => {
    const { year, ags } = pathParams(c);
    const actor = getActor(c);
    authorize(actor, 'deviation.record', { ags });
    const body = await jsonBody(c);
    const deviation = await db.transaction((tx) => recordDeviation(tx, actor, year, ags, body));
    return c.json(deviationToJson(deviation), 201);
  });

  app.get('/api/v1/abweichungen/:year/:ags/:id', async (c) => c.json(deviationToJson(await deviationOf(c))));

  app.post('/api/v1/abweichungen/:year/:ags/:id/begruenden', async (c) => {
    const actor = getActor(c);
    const current = await deviationOf(c);
    authorize(actor, 'deviation.justify', { ags: current.ags });
    const body = await jsonBody(c);
    return c.json(deviationToJson(await db.transaction((tx) => justifyDeviation(tx, actor, current.id, body))));
  });

  app.post('/api/v1/abweichungen/:year/:ags/:id/bewerten', async (c) => {
    const actor = getActor(c);
    const current = await deviationOf(c);
    authorize(actor, 'deviation.assess', { ags: current.ags });
    const body = await jsonBody(c);
    return c.json(deviationToJson(await db.transaction((tx) => assessDeviation(tx, actor, current.id, body))));
  });
  return app;
}
