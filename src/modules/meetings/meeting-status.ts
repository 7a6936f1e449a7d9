import type { Action } from '../access/policy';
import type { MeetingStatus } from './schema';

/**
 * The ONE transition table of an Umsetzungsbesprechung. Who may take a step is the policy's
 * business (the action named here); the policy's `statuses` are these `from` states
 * (meetings.db.test.ts checks it). `meeting.confirmMinutes` completes the step only with the
 * second side's confirmation; the first one leaves the meeting in `protokoll_entwurf`.
 */
export const MEETING_TRANSITIONS: ReadonlyArray<{ from: readonly MeetingStatus[]; to: MeetingStatus; action: Action }> = [
  /** HMSI proposes new dates (after the district asked for others, or moves a fixed date). */
  { from: ['vorgeschlagen', 'terminiert'], to: 'vorgeschlagen', action: 'meeting.schedule' },
  { from: ['vorgeschlagen'], to: 'vorgeschlagen', action: 'meeting.requestOtherDates' },
  { from: ['vorgeschlagen'], to: 'terminiert', action: 'meeting.confirmDate' },
  { from: ['terminiert'], to: 'protokoll_entwurf', action: 'meeting.startMinutes' },
  { from: ['protokoll_entwurf'], to: 'protokoll_bestaetigt', action: 'meeting.confirmMinutes' },
  { from: ['vorgeschlagen', 'terminiert'], to: 'abgesagt', action: 'meeting.cancel' },
];

export function transitionFor(action: Action, from: MeetingStatus): MeetingStatus | null {
  const rule = MEETING_TRANSITIONS.find((t) => t.action === action && t.from.includes(from));
  return rule ? rule.to : null;
}
