import type { Action } from '../access/policy';
import type { DeviationStatus } from './schema';

/**
 * The ONE transition table of a deviation. The district justifies (again, as long as the ministry has
 * not judged), the ministry judges a justified deviation. Who may take a step is the policy's
 * business (the action named here); the policy's `statuses` are these `from` states
 * (deviation-status.test.ts).
 */
export const DEVIATION_TRANSITIONS: ReadonlyArray<{ from: readonly DeviationStatus[]; to: DeviationStatus; action: Action }> = [
  { from: ['offen', 'begruendet'], to: 'begruendet', action: 'deviation.justify' },
  { from: ['begruendet'], to: 'bewertet', action: 'deviation.assess' },
];

export function transitionFor(action: Action, from: DeviationStatus): DeviationStatus | null {
  const rule = DEVIATION_TRANSITIONS.find((t) => t.action === action && t.from.includes(from));
  return rule ? rule.to : null;
}
