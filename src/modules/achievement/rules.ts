import { type AchievementRules, FIGURES, type Figure, type FigureAssessment, type FigureValues, type Judgement, type Proposal } from './schema';

const SCORE: Record<Judgement, number> = { erreicht: 2, teilweise_erreicht: 1, nicht_erreicht: 0 };
const RANK: Judgement[] = ['nicht_erreicht', 'teilweise_erreicht', 'erreicht'];

/**
 * One figure against its rule. Recognised deviations are taken out of the plan first
 * (adjusted = max(0, planned − recognised)); an adjusted plan of 0 counts as `erreicht` (nothing
 * left to reach). Compared in integers (achieved × 100 ≥ threshold × plan), so 89.99 % is not 90 %.
 */
export function assessFigure(rules: AchievementRules, figure: Figure, values: FigureValues): FigureAssessment {
  if (values.planned === null) return { figure, ...values, adjustedPlanned: null, percent: null, level: null };
  const adjusted = Math.max(0, values.planned - values.recognised);
  if (adjusted === 0) return { figure, ...values, adjustedPlanned: 0, percent: null, level: 'erreicht' };
  const rule = rules[figure];
  const scaled = values.achieved * 100;
  const level: Judgement = scaled >= rule.achievedPercent * adjusted ? 'erreicht' : scaled >= rule.partlyPercent * adjusted ? 'teilweise_erreicht' : 'nicht_erreicht';
  return { figure, ...values, adjustedPlanned: adjusted, percent: Math.floor(scaled / adjusted), level };
}

/**
 * The proposed judgement from the year's rules and the figures of one row (a Maßnahmenart or a
 * district total). Figures without a plan are skipped; with none left the proposal is null.
 */
export function proposeJudgement(rules: AchievementRules, figures: Partial<Record<Figure, FigureValues>>): Proposal {
  const assessed = FIGURES.map((f) => assessFigure(rules, f, figures[f] ?? { planned: null, recognised: 0, achieved: 0 }));
  const counted = assessed.filter((a): a is FigureAssessment & { level: Judgement } => a.level !== null);
  if (counted.length === 0) return { judgement: null, figures: assessed };
  if (rules.combination === 'schlechteste') {
    const worst = Math.min(...counted.map((a) => RANK.indexOf(a.level)));
    return { judgement: RANK[worst]!, figures: assessed };
  }
  const weights = counted.reduce((sum, a) => sum + rules[a.figure].weight, 0);
  // Only zero-weighted figures have a plan: they cannot decide, so there is no proposal.
  if (weights === 0) return { judgement: null, figures: assessed };
  // Twice the weighted score against the limits ×2, in integers: 2·Σ(w·s) ≥ 3·Σw ⇔ mean ≥ 1.5.
  const points = counted.reduce((sum, a) => sum + rules[a.figure].weight * SCORE[a.level], 0);
  const judgement: Judgement = 2 * points >= 3 * weights ? 'erreicht' : 2 * points >= weights ? 'teilweise_erreicht' : 'nicht_erreicht';
  return { judgement, figures: assessed };
}
