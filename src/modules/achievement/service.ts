/**
 * Zielerreichung (§ 6): rules per year, figures per district and Maßnahmenart with recognised
 * deviations taken out, the proposed and the final judgement. Other modules and the app use only these.
 */
export { type DistrictAchievement, findAchievements, findDistrictAchievements, findJudgementSummaries, getAchievementRules, judgeAchievement, saveAchievementRules, type StoredRules } from './achievements';
export { ACHIEVED_OUTCOMES, readDistrictFigures } from './figures';
export { readPlannedOutcomes } from './planned-outcomes';
export { assessFigure, proposeJudgement } from './rules';
export { type AchievementRow, AchievementRowJsonSchema, AchievementRulesSchema, DEFAULT_RULES, type Judgement, JUDGEMENT_LABELS, JUDGEMENTS, JudgeSchema, rowToJson, SaveRulesSchema } from './schema';
export { achievementRoutes } from './routes';
export { achievementApiRoutes } from './api-routes';
export { registerAchievementPaths } from './openapi';
