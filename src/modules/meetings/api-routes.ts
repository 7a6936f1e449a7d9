import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { readJsonObject } from '../../platform/http/json-body';
import { getActor } from '../access/context';
import { type Actor, authorize, type MaybeActor, tenantFilter } from '../access/policy';
import { getBudgetYear } from '../budget-years/service';
import { findDistricts, getDistrict } from '../districts/service';
import { berlinParts } from '../events/service';
import {
  cancelMeeting,
  confirmMeetingDate,
  confirmMinutes,
  findMeeting,
  findMeetings,
  markFollowUp,
  readMeeting,
  regenerateAgenda,
  requestOtherDates,
  scheduleMeeting,
  startMinutes,
  updateAgenda,
  updateMinutes,
} from './meetings';
import { type Meeting, meetingToJson } from './schema';

const MAX_BODY_BYTES = 200_000;
export const MeetingApiParams = z.object({ year: z.string().regex(/^\d{4}$/), ags: z.string().regex(/^06\d{3}$/) });
export const MeetingFollowUpApiParams = MeetingApiParams.extend({ id: z.string().regex(/^\d{1,9}$/) });
export const MeetingListQuery = z.object({ year: z.string().regex(/^\d{4}$/, 'Bitte das AQB-Jahr vierstellig angeben, z. B. ?year=2026.') });

type MeetingAction = Parameters<typeof authorize>[1];

/**
 * The Umsetzungsbesprechung under /api/v1: the same use cases and policies as the pages
 * (routes.tsx), JSON bodies validated by the zod schemas of schema.ts, the optimistic lock through
 * `version` (409 when stale). Every write answers with the meeting as JSON (meetingToJson).
 * Order per request: path → tenancy (404 for another district) → role and status → body.
 */
export function meetingApiRoutes({ database }: { database: AppDatabase }) {
  const app = new Hono();
  const db = database.db;
  const P = '/api/v1/umsetzungsbesprechungen/:year/:ags';
  const origin = (c: Context) => new URL(c.req.url).origin;

  function placeOf(c: Context): { actor: MaybeActor; year: number; ags: string } {
    const parsed = MeetingApiParams.safeParse({ year: c.req.param('year'), ags: c.req.param('ags') });
    if (!parsed.success) throw new AppError('NOT_FOUND');
    const actor = getActor(c);
    authorize(actor, 'meeting.read', { ags: parsed.data.ags });
    return { actor, year: Number(parsed.data.year), ags: parsed.data.ags };
  }

  /** The scheduled meeting, the action allowed in its status, then the body. */
  async function prepare(c: Context, action: MeetingAction): Promise<{ actor: MaybeActor; year: number; ags: string; body: Record<string, unknown> }> {
    const { actor, year, ags } = placeOf(c);
    const meeting = await readMeeting(db, actor, year, ags);
    authorize(actor, action, { ags, status: meeting.status });
    return { actor, year, ags, body: await readJsonObject(c, { maxBytes: MAX_BODY_BYTES }) };
  }

  const answer = (c: Context, meeting: Meeting, status: 200 | 201 = 200) => {
    c.header('ETag', `"${meeting.version}"`);
    return c.json(meetingToJson(meeting), status);
  };

  // The Land list of a year: HMSI and RP all districts, a district only its own.
  app.get('/api/v1/umsetzungsbesprechungen', async (c) => {
    const actor = getActor(c);
    authorize(actor, 'meeting.read');
    const query = MeetingListQuery.safeParse({ year: c.req.query('year') ?? '' });
    if (!query.success) throw new AppError('VALIDATION_FAILED', 'Bitte das AQB-Jahr vierstellig angeben, z. B. ?year=2026.', { issues: [{ path: 'year', message: 'Fehlt oder ist kein Jahr' }] });
    const year = Number(query.data.year);
    await getBudgetYear(db, year);
    const own = tenantFilter(actor as Actor);
    const names = new Map((await findDistricts(db)).map((d) => [d.ags, d.officialName]));
    const items = (await findMeetings(db, year)).filter((m) => own === null || m.ags === own);
    return c.json({ year, items: items.map((m) => ({ year: m.year, ags: m.ags, districtName: names.get(m.ags) ?? m.ags, status: m.status, confirmed: m.confirmed, openFollowUps: m.openFollowUps })) });
  });

  app.get(P, async (c) => {
    const { actor, year, ags } = placeOf(c);
    return answer(c, await readMeeting(db, actor, year, ags));
  });

  // HMSI schedules (201 for the first proposal) or proposes again (with `version`).
  app.post(`${P}/ansetzen`, async (c) => {
    const { actor, year, ags } = placeOf(c);
    await getBudgetYear(db, year);
    await getDistrict(db, ags);
    const existing = await findMeeting(db, year, ags);
    authorize(actor, 'meeting.schedule', { ags, ...(existing ? { status: existing.status } : {}) });
    const body = await readJsonObject(c, { maxBytes: MAX_BODY_BYTES });
    const meeting = await db.transaction((tx) => scheduleMeeting(tx, actor, year, ags, body));
    return answer(c, meeting, existing ? 200 : 201);
  });

  app.post(`${P}/termin-bestaetigen`, async (c) => {
    const { actor, year, ags, body } = await prepare(c, 'meeting.confirmDate');
    return answer(c, await db.transaction((tx) => confirmMeetingDate(tx, actor, year, ags, body, { baseUrl: origin(c) })));
  });

  app.post(`${P}/andere-termine`, async (c) => {
    const { actor, year, ags, body } = await prepare(c, 'meeting.requestOtherDates');
    return answer(c, await db.transaction((tx) => requestOtherDates(tx, actor, year, ags, body)));
  });

  app.post(`${P}/absagen`, async (c) => {
    const { actor, year, ags, body } = await prepare(c, 'meeting.cancel');
    return answer(c, await db.transaction((tx) => cancelMeeting(tx, actor, year, ags, body, { baseUrl: origin(c) })));
  });

  const saveAgenda = async (c: Context) => {
    const { actor, year, ags, body } = await prepare(c, 'meeting.editAgenda');
    return answer(c, await db.transaction((tx) => updateAgenda(tx, actor, year, ags, body)));
  };
  app.put(`${P}/tagesordnung`, saveAgenda);
  app.post(`${P}/tagesordnung`, saveAgenda);

  app.post(`${P}/tagesordnung/neu-erzeugen`, async (c) => {
    const { actor, year, ags, body } = await prepare(c, 'meeting.editAgenda');
    return answer(c, await db.transaction((tx) => regenerateAgenda(tx, actor, year, ags, body, { today: berlinParts(new Date()).date })));
  });

  app.post(`${P}/protokoll/eroeffnen`, async (c) => {
    const { actor, year, ags, body } = await prepare(c, 'meeting.startMinutes');
    return answer(c, await db.transaction((tx) => startMinutes(tx, actor, year, ags, body)));
  });

  const saveMinutes = async (c: Context) => {
    const { actor, year, ags, body } = await prepare(c, 'meeting.editMinutes');
    return answer(c, await db.transaction((tx) => updateMinutes(tx, actor, year, ags, body)));
  };
  app.put(`${P}/protokoll`, saveMinutes);
  app.post(`${P}/protokoll`, saveMinutes);

  // The second confirmation renders the PDF before its transaction (confirmMinutes opens it).
  app.post(`${P}/protokoll/bestaetigen`, async (c) => {
    const { actor, year, ags, body } = await prepare(c, 'meeting.confirmMinutes');
    return answer(c, await confirmMinutes(database, actor, year, ags, body));
  });

  app.post(`${P}/folgeaufgaben/:id`, async (c) => {
    const parsed = MeetingFollowUpApiParams.safeParse({ year: c.req.param('year'), ags: c.req.param('ags'), id: c.req.param('id') });
    if (!parsed.success) throw new AppError('NOT_FOUND');
    const { actor, year, ags, body } = await prepare(c, 'meeting.markFollowUp');
    const updated = await db.transaction(async (tx) => {
      await markFollowUp(tx, actor, year, ags, Number(parsed.data.id), body);
      return (await findMeeting(tx, year, ags))!;
    });
    return answer(c, updated);
  });

  return app;
}
