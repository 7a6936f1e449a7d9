import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { AppDatabase } from '../../platform/db/client';
import { AppError } from '../../platform/errors';
import { readJsonObject } from '../../platform/http/json-body';
import { getActor } from '../access/context';
import { authorize, tenantFilter } from '../access/policy';
import { getBudgetYear } from '../budget-years/service';
import { getDistrict } from '../districts/service';
import { type DistrictAchievement, findAchievements, findDistrictAchievements, getAchievementRules, judgeAchievement, type StoredRules, saveAchievementRules } from './achievements';
import { rowToJson } from './schema';

const MAX_BODY_BYTES = 100_000;
export const AchievementYearParams = z.object({ year: z.string().regex(/^\d{4}$/) });
export const AchievementDistrictParams = AchievementYearParams.extend({ ags: z.string().regex(/^06\d{3}$/) });

const rulesJson = (r: StoredRules) => ({ year: r.year, rules: r.rules, version: r.version, isDefault: r.isDefault, updatedAt: r.updatedAt?.toISOString() ?? null });

function districtJson(year: number, d: DistrictAchievement) {
  return {
    year,
    ags: d.ags,
    districtName: d.districtName,
    rows: [...d.rows, d.total].map(rowToJson),
    recognisedDeviations: d.recognised,
    proof: d.proof,
    finalJudgement: d.finalJudgement ? { judgement: d.finalJudgement.judgement, proposed: d.finalJudgement.proposed, reason: d.finalJudgement.reason, decidedAt: d.finalJudgement.decidedAt.toISOString(), version: d.finalJudgement.version } : null,
  };
}

/** Zielerreichung under /api/v1: the same reads, policies and use cases as the pages. */
export function achievementApiRoutes({ database }: { database: AppDatabase }) {
  const app = new Hono();
  const db = database.db;

  async function yearOf(c: Context): Promise<number> {
    const parsed = AchievementYearParams.safeParse({ year: c.req.param('year') });
    if (!parsed.success) throw new AppError('NOT_FOUND');
    const year = Number(parsed.data.year);
    await getBudgetYear(db, year);
    return year;
  }

  async function placeOf(c: Context) {
    const parsed = AchievementDistrictParams.safeParse({ year: c.req.param('year'), ags: c.req.param('ags') });
    if (!parsed.success) throw new AppError('NOT_FOUND');
    const actor = getActor(c);
    authorize(actor, 'achievement.read', { ags: parsed.data.ags });
    const year = Number(parsed.data.year);
    await getBudgetYear(db, year);
    await getDistrict(db, parsed.data.ags);
    return { actor, year, ags: parsed.data.ags };
  }

  // A district sees only its own rows; the ministry and RP all 26.
  app.get('/api/v1/zielerreichung/:year', async (c) => {
    const actor = getActor(c);
    authorize(actor, 'achievement.read');
    const year = await yearOf(c);
    const own = tenantFilter(actor);
    return c.json({ year, rules: rulesJson(await getAchievementRules(db, year)), rows: (await findAchievements(db, year, own ?? undefined)).map(rowToJson) });
  });

  app.get('/api/v1/zielerreichung/:year/regeln', async (c) => {
    authorize(getActor(c), 'achievement.read');
    return c.json(rulesJson(await getAchievementRules(db, await yearOf(c))));
  });

  app.put('/api/v1/zielerreichung/:year/regeln', async (c) => {
    const actor = getActor(c);
    authorize(actor, 'achievement.rules');
    const year = await yearOf(c);
    const body = await readJsonObject(c, { maxBytes: MAX_BODY_BYTES });
    return c.json(rulesJson(await db.transaction((tx) => saveAchievementRules(tx, actor, year, body))));
  });

  app.get('/api/v1/zielerreichung/:year/:ags', async (c) => {
    const { year, ags } = await placeOf(c);
    return c.json(districtJson(year, (await findDistrictAchievements(db, year, ags))[0]!));
  });

  app.post('/api/v1/zielerreichung/:year/:ags/beurteilung', async (c) => {
    const { actor, year, ags } = await placeOf(c);
    authorize(actor, 'achievement.judge', { ags });
    const body = await readJsonObject(c, { maxBytes: MAX_BODY_BYTES });
    return c.json(districtJson(year, await db.transaction((tx) => judgeAchievement(tx, actor, year, ags, body))));
  });

  return app;
}
