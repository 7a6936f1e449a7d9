import { and, asc, eq } from 'drizzle-orm';
import { recordAuditEvent } from '../../platform/audit/store';
import type { Executor } from '../../platform/db/client';
import { AppError, unwrapZod } from '../../platform/errors';
import { authorize, type MaybeActor } from '../access/policy';
import { getBudgetYear } from '../budget-years/service';
import { findDistricts, getDistrict } from '../districts/service';
import { findProofDeadlines } from '../payments/service';
import { type DistrictFigures, readDistrictFigures } from './figures';
import { proposeJudgement } from './rules';
import { type AchievementRow, type AchievementRules, AchievementRulesSchema, DEFAULT_RULES, type Judgement, JUDGEMENT_LABELS, JudgeSchema, type RecognisedItem, SaveRulesSchema } from './schema';
import { achievementJudgements, achievementRules } from './tables';

export interface StoredRules {
  year: number;
  rules: AchievementRules;
  /** 0 while the year uses the defaults (nothing stored yet). */
  version: number;
  isDefault: boolean;
  updatedAt: Date | null;
}

/** The year's rules, or DEFAULT_RULES (version 0) when the ministry has set none. */
export async function getAchievementRules(db: Executor, year: number): Promise<StoredRules> {
  const [row] = await db.select().from(achievementRules).where(eq(achievementRules.year, year));
  if (!row) return { year, rules: DEFAULT_RULES, version: 0, isDefault: true, updatedAt: null };
  return { year, rules: AchievementRulesSchema.parse(row.rules), version: row.version, isDefault: false, updatedAt: row.updatedAt };
}

/**
 * The ministry sets the year's rules: zod → policy → row lock → version (0 for the first save) →
 * write → audit, all in the caller's transaction. Throws VALIDATION_FAILED, FORBIDDEN, CONFLICT.
 */
export async function saveAchievementRules(tx: Executor, actor: MaybeActor, year: number, input: unknown): Promise<StoredRules> {
  authorize(actor, 'achievement.rules');
  const data = unwrapZod(SaveRulesSchema.safeParse(input));
  await getBudgetYear(tx, year);
  const [current] = await tx.select().from(achievementRules).where(eq(achievementRules.year, year)).for('update');
  if ((current?.version ?? 0) !== data.version) throw new AppError('CONFLICT', 'Die Regeln wurden inzwischen geändert. Bitte laden Sie die Seite neu und prüfen Sie den aktuellen Stand.');
  const values = { rules: data.rules, version: data.version + 1, updatedBy: actor.userId, updatedAt: new Date() };
  if (current) await tx.update(achievementRules).set(values).where(eq(achievementRules.year, year));
  else await tx.insert(achievementRules).values({ year, ...values });
  await recordAuditEvent(tx, { actorId: actor.userId, action: 'achievement.rules', recordType: 'achievement_rules', recordId: year, before: current ? { rules: current.rules, version: current.version } : null, after: { rules: data.rules, version: data.version + 1 } });
  return getAchievementRules(tx, year);
}

export interface DistrictAchievement {
  ags: string;
  districtName: string;
  rows: AchievementRow[];
  total: AchievementRow;
  recognised: RecognisedItem[];
  finalJudgement: { judgement: Judgement; proposed: Judgement | null; reason: string; decidedAt: Date; version: number } | null;
  /**
   * § 6 judges "after the Verwendungsnachweise": the state of the district's proof. `keiner`: no
   * issued Bescheid, so none is due; `offen`: due, not yet submitted (the money figures are
   * provisional); `eingereicht`. The judgement is not blocked (it informs the next year's
   * allocation, which comes before the proof is due), but the page and the API say so.
   */
  proof: { status: 'keiner' | 'offen' | 'eingereicht'; dueOn: string | null; submittedOn: string | null };
}

function rowsOf(rules: AchievementRules, name: string, figures: DistrictFigures, final: DistrictAchievement['finalJudgement']): { rows: AchievementRow[]; total: AchievementRow } {
  const rows = figures.measures.map((m) => {
    const p = proposeJudgement(rules, m);
    return { ags: figures.ags, districtName: name, measureType: m.measureType, money: p.figures[0]!, places: p.figures[1]!, outcomes: p.figures[2]!, proposed: p.judgement, final: null, reason: null };
  });
  const t = proposeJudgement(rules, figures.total);
  const total: AchievementRow = { ags: figures.ags, districtName: name, measureType: null, money: t.figures[0]!, places: t.figures[1]!, outcomes: t.figures[2]!, proposed: t.judgement, final: final?.judgement ?? null, reason: final?.reason ?? null };
  return { rows, total };
}

/** Figures, proposal and final judgement per district of a year (one district with `ags`), in AGS order. */
export async function findDistrictAchievements(db: Executor, year: number, ags?: string): Promise<DistrictAchievement[]> {
  const { rules } = await getAchievementRules(db, year);
  const districts = (await findDistricts(db)).filter((d) => ags === undefined || d.ags === ags);
  const figures = await readDistrictFigures(db, year, districts.map((d) => d.ags));
  const judgements = await db
    .select()
    .from(achievementJudgements)
    .where(and(eq(achievementJudgements.year, year), ags === undefined ? undefined : eq(achievementJudgements.ags, ags)))
    .orderBy(asc(achievementJudgements.ags));
  const finals = new Map(judgements.map((j) => [j.ags, { judgement: j.judgement, proposed: j.proposed ?? null, reason: j.reason, decidedAt: j.decidedAt, version: j.version }]));
  const proofs = new Map((await findProofDeadlines(db, year)).map((p) => [p.ags, p]));
  return districts.map((d) => {
    const final = finals.get(d.ags) ?? null;
    const { rows, total } = rowsOf(rules, d.officialName, figures.get(d.ags)!, final);
    const p = proofs.get(d.ags);
    const proof: DistrictAchievement['proof'] = p ? { status: p.isSubmitted ? 'eingereicht' : 'offen', dueOn: p.dueOn, submittedOn: p.submittedOn } : { status: 'keiner', dueOn: null, submittedOn: null };
    return { ags: d.ags, districtName: d.officialName, rows, total, recognised: figures.get(d.ags)!.recognised, finalJudgement: final, proof };
  });
}

/**
 * The typed rows the Landesbericht reads: per district its Maßnahmenarten and (measureType null)
 * the district total, with planned / recognised / achieved per figure, the proposal and, on the
 * total, the final judgement and its reason. No authorisation here: callers authorise.
 */
export async function findAchievements(db: Executor, year: number, ags?: string): Promise<AchievementRow[]> {
  return (await findDistrictAchievements(db, year, ags)).flatMap((d) => [...d.rows, d.total]);
}

/**
 * The ministry's final judgement of a district's year (or its correction): zod → policy → lock →
 * version (0 for the first) → the current proposal → reason required when the judgement differs
 * from it, and a new reason for every correction → write → audit (`achievement.judge` or
 * `achievement.correct`). Throws VALIDATION_FAILED (issues at `reason`), FORBIDDEN, CONFLICT.
 */
export async function judgeAchievement(tx: Executor, actor: MaybeActor, year: number, ags: string, input: unknown): Promise<DistrictAchievement> {
  authorize(actor, 'achievement.judge', { ags });
  const data = unwrapZod(JudgeSchema.safeParse(input));
  await getBudgetYear(tx, year);
  await getDistrict(tx, ags);
  const [current] = await tx
    .select()
    .from(achievementJudgements)
    .where(and(eq(achievementJudgements.year, year), eq(achievementJudgements.ags, ags)))
    .for('update');
  if ((current?.version ?? 0) !== data.version) throw new AppError('CONFLICT', 'Die Zielerreichung wurde inzwischen beurteilt oder geändert. Bitte prüfen Sie den aktuellen Stand.');
  const [district] = await findDistrictAchievements(tx, year, ags);
  const proposed = district!.total.proposed;
  if (current && (data.reason === '' || data.reason === current.reason.trim())) {
    throw new AppError('VALIDATION_FAILED', 'Eine Korrektur braucht einen neuen Grund.', { issues: [{ path: 'reason', message: 'Bitte begründen Sie die Korrektur (ein neuer Grund, nicht der bisherige).' }] });
  }
  if (data.judgement !== proposed && data.reason === '') {
    const message = proposed === null ? 'Es gibt keinen Vorschlag (keine Planzahlen): Bitte begründen Sie die Beurteilung.' : `Die Beurteilung weicht vom Vorschlag „${JUDGEMENT_LABELS[proposed]}“ ab: Bitte geben Sie den Grund an.`;
    throw new AppError('VALIDATION_FAILED', message, { issues: [{ path: 'reason', message }] });
  }
  const values = { judgement: data.judgement, proposed, reason: data.reason, decidedBy: actor.userId, decidedAt: new Date(), version: data.version + 1 };
  if (current) await tx.update(achievementJudgements).set(values).where(and(eq(achievementJudgements.year, year), eq(achievementJudgements.ags, ags)));
  else await tx.insert(achievementJudgements).values({ year, ags, ...values });
  await recordAuditEvent(tx, {
    actorId: actor.userId,
    action: current ? 'achievement.correct' : 'achievement.judge',
    recordType: 'achievement',
    recordId: `${year}-${ags}`,
    before: current ? { judgement: current.judgement, proposed: current.proposed, reason: current.reason, version: current.version } : null,
    after: { year, ags, judgement: data.judgement, proposed, reason: data.reason, version: data.version + 1 },
  });
  return (await findDistrictAchievements(tx, year, ags))[0]!;
}

/**
 * Per district the judgement of a year as the allocation comparison of the next year shows it:
 * the final one, or else the proposal (marked). It informs; it changes no amount.
 */
export async function findJudgementSummaries(db: Executor, year: number): Promise<Map<string, { judgement: Judgement | null; isFinal: boolean; href: string }>> {
  const out = new Map<string, { judgement: Judgement | null; isFinal: boolean; href: string }>();
  try {
    await getBudgetYear(db, year);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return out;
    throw error;
  }
  for (const d of await findDistrictAchievements(db, year)) {
    out.set(d.ags, { judgement: d.finalJudgement?.judgement ?? d.total.proposed, isFinal: d.finalJudgement !== null, href: `/zielerreichung/${year}/${d.ags}` });
  }
  return out;
}
