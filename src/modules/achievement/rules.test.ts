import { describe, expect, it } from 'vitest';
import { proposeJudgement } from './rules';
import { type AchievementRules, DEFAULT_RULES, type FigureValues, type Judgement } from './schema';

/**
 * The target-achievement rules, table-driven: thresholds per figure, recognised deviations taken
 * out of the plan, figures without a plan skipped, both combinations. Every number by hand.
 */
const WEIGHTED: AchievementRules = { ...DEFAULT_RULES, combination: 'gewichtet', money: { ...DEFAULT_RULES.money, weight: 2 } };
const f = (planned: number | null, achieved: number, recognised = 0): FigureValues => ({ planned, achieved, recognised });

// Defaults: money 90/70, places 85/60, outcomes 80/50; combination: the worst figure decides.
const CASES: Array<{ name: string; rules: AchievementRules; money?: FigureValues; places?: FigureValues; outcomes?: FigureValues; expected: Judgement | null; percents?: Array<number | null> }> = [
  { name: 'all three above their thresholds', rules: DEFAULT_RULES, money: f(100_000_00, 95_000_00), places: f(20, 18), outcomes: f(10, 8), expected: 'erreicht', percents: [95, 90, 80] },
  { name: 'money exactly at 90 % is erreicht', rules: DEFAULT_RULES, money: f(100_000_00, 90_000_00), expected: 'erreicht', percents: [90, null, null] },
  { name: 'money one cent below 90 % is only teilweise (no rounding up)', rules: DEFAULT_RULES, money: f(100_000_00, 89_999_99), expected: 'teilweise_erreicht', percents: [89, null, null] },
  { name: 'money below 70 % is nicht erreicht', rules: DEFAULT_RULES, money: f(100_000_00, 69_999_99), expected: 'nicht_erreicht' },
  { name: 'the worst figure decides: places at 55 % pull down good money', rules: DEFAULT_RULES, money: f(100_000_00, 100_000_00), places: f(20, 11), expected: 'nicht_erreicht', percents: [100, 55, null] },
  { name: 'a recognised shortfall of 10.000 € lowers the plan: 80.000 of 90.000 is 88 % → teilweise', rules: DEFAULT_RULES, money: f(100_000_00, 80_000_00, 10_000_00), expected: 'teilweise_erreicht', percents: [88, null, null] },
  { name: 'a recognised shortfall of 15.000 €: 80.000 of 85.000 is 94 % → erreicht', rules: DEFAULT_RULES, money: f(100_000_00, 80_000_00, 15_000_00), expected: 'erreicht', percents: [94, null, null] },
  { name: 'recognised places: 4 of 20 taken out, 14 of 16 is 87 % → erreicht (without: 70 % → teilweise)', rules: DEFAULT_RULES, places: f(20, 14, 4), expected: 'erreicht', percents: [null, 87, null] },
  { name: 'the same places without the recognised deviation', rules: DEFAULT_RULES, places: f(20, 14), expected: 'teilweise_erreicht', percents: [null, 70, null] },
  { name: 'a recognised deviation larger than the plan leaves nothing to reach: erreicht', rules: DEFAULT_RULES, places: f(5, 0, 8), expected: 'erreicht', percents: [null, null, null] },
  { name: 'outcomes without a plan are skipped, not failed', rules: DEFAULT_RULES, money: f(50_000_00, 50_000_00), places: f(10, 9), outcomes: f(null, 0), expected: 'erreicht' },
  { name: 'no figure has a plan: no proposal', rules: DEFAULT_RULES, expected: null },
  // Weighted: money weight 2, places 1, outcomes 1. Scores: erreicht 2, teilweise 1, nicht 0.
  { name: 'weighted: money erreicht (2×2), places nicht (0) → 4/3 = 1.33 → teilweise', rules: WEIGHTED, money: f(100, 100), places: f(20, 5), expected: 'teilweise_erreicht' },
  { name: 'weighted: money erreicht (2×2), places erreicht, outcomes nicht → 6/4 = 1.5 → erreicht', rules: WEIGHTED, money: f(100, 95), places: f(20, 20), outcomes: f(10, 1), expected: 'erreicht' },
  { name: 'weighted: money nicht (0), places teilweise (1) → 1/3 = 0.33 → nicht', rules: WEIGHTED, money: f(100, 10), places: f(20, 13), expected: 'nicht_erreicht' },
  { name: 'weighted: money teilweise (2×1), places nicht → 2/3 = 0.67 → teilweise', rules: WEIGHTED, money: f(100, 75), places: f(20, 0), expected: 'teilweise_erreicht' },
  { name: 'weighted with the recognised deviation: money 80.000 of 85.000 = 94 % (2×2), places nicht (0) → 4/3 → teilweise', rules: WEIGHTED, money: f(100_000_00, 80_000_00, 15_000_00), places: f(20, 0), expected: 'teilweise_erreicht' },
  { name: 'weighted: only a zero-weighted figure has a plan → no proposal', rules: { ...WEIGHTED, places: { ...WEIGHTED.places, weight: 0 } }, places: f(20, 20), expected: null },
];

describe('proposeJudgement', () => {
  it.each(CASES)('$name', ({ rules, money, places, outcomes, expected, percents }) => {
    const proposal = proposeJudgement(rules, { ...(money ? { money } : {}), ...(places ? { places } : {}), ...(outcomes ? { outcomes } : {}) });
    expect(proposal.judgement).toBe(expected);
    if (percents) expect(proposal.figures.map((x) => x.percent)).toEqual(percents);
  });

  it('reports the adjusted plan per figure', () => {
    const proposal = proposeJudgement(DEFAULT_RULES, { money: f(100_000_00, 80_000_00, 10_000_00), places: f(20, 14, 25) });
    expect(proposal.figures.map((x) => x.adjustedPlanned)).toEqual([90_000_00, 0, null]);
    expect(proposal.figures.map((x) => x.level)).toEqual(['teilweise_erreicht', 'erreicht', null]);
  });
});
