import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { readJsonBody, readJsonObject } from '../../platform/http/json-body';
import { IsoDateSchema } from '../../platform/input';
import { getActor } from '../access/context';
import { authorize } from '../access/policy';
import { getBudgetYear } from '../budget-years/service';
import { findInterimInterest } from './interim-interest';
import { readLedger } from './ledger';
import { findFundingOverview } from './overview';
import { parseInput } from './parse';
import { computeRefundContent, getProof, issueRefund, saveAudit, saveProofDraft, submitProof } from './proof';
import { berlinToday } from './routes';
import { InterestDecisionInputSchema, PayoutInputSchema, RequestInputSchema, UseInputSchema } from './schema';
import { decideInterimInterest, recordPayout, reportUse, requestFunds } from './use-cases';

const MAX_BODY_BYTES = 1_000_000;
export const VersionBodySchema = z.object({ version: z.number().int().min(0).max(999_999_999) });
export const ApiPathSchema = z.object({ year: z.string().regex(/^\d{4}$/), ags: z.string().regex(/^06\d{3}$/) });

/**
 * The money path under /api/v1 (issue 13): the same use cases, policies and codes as the pages;
 * errors `{ error: { code, message, issues: [{ path, message, code? }] } }` (rendered by the app).
 */
export function paymentApiRoutes({ database }: { database: AppDatabase }) {
  const app = new Hono();
  const db = database.db;

  async function place(c: Context, action: 'payment.read' | 'proof.read') {
    const parsed = ApiPathSchema.safeParse({ year: c.req.param('year'), ags: c.req.param('ags') });
    if (!parsed.success) throw new AppError('NOT_FOUND');
    const year = Number(parsed.data.year);
    const ags = parsed.data.ags;
    const actor = getActor(c);
    authorize(actor, action, { ags });
    await getBudgetYear(db, year);
    return { actor, year, ags, today: berlinToday() };
  }

  async function ledgerJson(year: number, ags: string) {
    const ledger = await readLedger(db, year, ags);
    return {
      year,
      ags,
      balances: ledger.balances.districts[0] ?? null,
      problems: ledger.balances.problems,
      requests: ledger.requests.map(({ id, projectKey, requestedOn, amountCents, plannedUse, payouts, openCents }) => ({ id, projectKey, requestedOn, amountCents, plannedUse, payouts: payouts.map(({ id: pid, paidOn, amountCents: cents }) => ({ id: pid, paidOn, amountCents: cents })), openCents })),
      uses: ledger.uses.map(({ id, projectKey, usedOn, amountCents, description }) => ({ id, projectKey, usedOn, amountCents, description })),
    };
  }

  app.get('/api/v1/mittel/:year/:ags', async (c) => {
    const { year, ags } = await place(c, 'payment.read');
    return c.json(await ledgerJson(year, ags));
  });

  app.post('/api/v1/mittel/:year/:ags/abrufe', async (c) => {
    const { actor, year, ags, today } = await place(c, 'payment.read');
    authorize(actor, 'payment.request', { ags });
    const { id } = await requestFunds(database, actor, { year, ags, today }, parseInput(RequestInputSchema, await readJsonBody(c, { maxBytes: MAX_BODY_BYTES })));
    return c.json({ id, ...(await ledgerJson(year, ags)) }, 201);
  });

  app.post('/api/v1/mittel/:year/:ags/auszahlungen', async (c) => {
    const { actor, year, ags, today } = await place(c, 'payment.read');
    authorize(actor, 'payment.payout', { ags });
    const { id } = await recordPayout(database, actor, { year, ags, today }, parseInput(PayoutInputSchema, await readJsonBody(c, { maxBytes: MAX_BODY_BYTES })));
    return c.json({ id, ...(await ledgerJson(year, ags)) }, 201);
  });

  app.post('/api/v1/mittel/:year/:ags/verwendungen', async (c) => {
    const { actor, year, ags, today } = await place(c, 'payment.read');
    authorize(actor, 'payment.use', { ags });
    const body = await readJsonObject(c, { maxBytes: MAX_BODY_BYTES });
    const { id } = await reportUse(database, actor, { year, ags, today }, parseInput(UseInputSchema, { description: '', ...body }));
    return c.json({ id, ...(await ledgerJson(year, ags)) }, 201);
  });

  app.get('/api/v1/mittel/:year/:ags/zwischenzinsen', async (c) => {
    const { year, ags, today } = await place(c, 'payment.read');
    const asOf = c.req.query('stichtag') ?? today;
    if (!IsoDateSchema.safeParse(asOf).success || asOf > today) {
      throw new AppError('VALIDATION_FAILED', 'Der Stichtag ist ungültig.', { issues: [{ path: 'stichtag', message: 'Datum JJJJ-MM-TT, nicht in der Zukunft' }] });
    }
    const items = await findInterimInterest(db, await readLedger(db, year, ags), asOf);
    return c.json({ asOf, projects: items.map(({ projectKey, projectTitle, lines, interestCents, error, decision }) => ({ projectKey, projectTitle, lines, interestCents, error, decision })) });
  });

  app.post('/api/v1/mittel/:year/:ags/zwischenzinsen', async (c) => {
    const { actor, year, ags, today } = await place(c, 'payment.read');
    authorize(actor, 'payment.decideInterest', { ags });
    const body = await readJsonObject(c, { maxBytes: MAX_BODY_BYTES });
    const input = parseInput(InterestDecisionInputSchema, { reason: '', ...body, expectedVersion: body.version });
    return c.json(await decideInterimInterest(database, actor, { year, ags, today }, input));
  });

  async function proofJson(year: number, ags: string, today: string) {
    const proof = await getProof(db, year, ags);
    let preview = null;
    if (proof.status === 'eingereicht') {
      try {
        preview = await computeRefundContent(db, proof, { note: proof.auditNote, interestTo: proof.interestTo ?? today, issuedOn: null });
      } catch {
        preview = null;
      }
    }
    const { id: _id, ...rest } = proof;
    return { ...rest, isOverdue: proof.dueOn !== null && proof.status === 'entwurf' && proof.dueOn < today, preview };
  }

  app.get('/api/v1/verwendungsnachweise/:year/:ags', async (c) => {
    const { year, ags, today } = await place(c, 'proof.read');
    const body = await proofJson(year, ags, today);
    c.header('ETag', `"${body.version}"`);
    return c.json(body);
  });

  app.put('/api/v1/verwendungsnachweise/:year/:ags', async (c) => {
    const { actor, year, ags, today } = await place(c, 'proof.read');
    const current = await getProof(db, year, ags);
    authorize(actor, 'proof.edit', { ags, status: current.status });
    const body = await readJsonObject(c, { maxBytes: MAX_BODY_BYTES });
    await saveProofDraft(database, actor, { year, ags }, { ...body, expectedVersion: body.version } as never);
    return c.json(await proofJson(year, ags, today));
  });

  app.post('/api/v1/verwendungsnachweise/:year/:ags/einreichen', async (c) => {
    const { actor, year, ags, today } = await place(c, 'proof.read');
    // Role and state before the body: a reader who may not submit learns nothing from validation errors.
    authorize(actor, 'proof.submit', { ags, status: (await getProof(db, year, ags)).status });
    const { version } = parseInput(VersionBodySchema, await readJsonBody(c, { maxBytes: MAX_BODY_BYTES }));
    await submitProof(database, actor, { year, ags, today, expectedVersion: version });
    return c.json(await proofJson(year, ags, today));
  });

  app.post('/api/v1/verwendungsnachweise/:year/:ags/pruefung', async (c) => {
    const { actor, year, ags, today } = await place(c, 'proof.read');
    const current = await getProof(db, year, ags);
    authorize(actor, 'proof.audit', { ags, status: current.status });
    const body = await readJsonObject(c, { maxBytes: MAX_BODY_BYTES });
    await saveAudit(database, actor, { year, ags }, { note: '', ...body, expectedVersion: body.version } as never);
    return c.json(await proofJson(year, ags, today));
  });

  app.post('/api/v1/verwendungsnachweise/:year/:ags/rueckforderung', async (c) => {
    const { actor, year, ags, today } = await place(c, 'proof.read');
    authorize(actor, 'refund.issue', { ags, status: (await getProof(db, year, ags)).status });
    const { version } = parseInput(VersionBodySchema, await readJsonBody(c, { maxBytes: MAX_BODY_BYTES }));
    await issueRefund(database, actor, { year, ags, today, expectedVersion: version });
    return c.json(await proofJson(year, ags, today));
  });

  app.get('/api/v1/foerderuebersicht/:year', async (c) => {
    authorize(getActor(c), 'funding.overview');
    const year = c.req.param('year');
    if (!/^\d{4}$/.test(year)) throw new AppError('NOT_FOUND');
    await getBudgetYear(db, Number(year));
    return c.json(await findFundingOverview(db, Number(year)));
  });

  return app;
}
