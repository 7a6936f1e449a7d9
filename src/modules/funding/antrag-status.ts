import { AppError } from '../../platform/errors';
import { type Action, POLICY } from '../access/policy';

/**
 * The life of an Antrag at RP Kassel (issue 13): `entwurf → eingereicht → in_pruefung ⇄
 * nachforderung → beschieden`, and `zurueckgezogen` by the district before the Bescheid. The ONE
 * transition table; the policy (`access/policy.ts`) decides who may take each step.
 */
export const ANTRAG_STATUSES = ['entwurf', 'eingereicht', 'in_pruefung', 'nachforderung', 'beschieden', 'zurueckgezogen'] as const;
export type AntragStatus = (typeof ANTRAG_STATUSES)[number];

export const ANTRAG_STATUS_LABELS: Record<AntragStatus, string> = {
  entwurf: 'Entwurf',
  eingereicht: 'Eingereicht',
  in_pruefung: 'In Prüfung',
  nachforderung: 'Nachforderung',
  beschieden: 'Beschieden',
  zurueckgezogen: 'Zurückgezogen',
};

export interface AntragTransition {
  from: AntragStatus;
  to: AntragStatus;
  action: Action;
  label: string;
}

export const ANTRAG_TRANSITIONS: readonly AntragTransition[] = [
  { from: 'entwurf', to: 'eingereicht', action: 'antrag.submit', label: 'Antrag einreichen' },
  { from: 'eingereicht', to: 'in_pruefung', action: 'antrag.receive', label: 'Eingang erfassen' },
  { from: 'in_pruefung', to: 'nachforderung', action: 'antrag.requestDocuments', label: 'Unterlagen nachfordern' },
  { from: 'nachforderung', to: 'in_pruefung', action: 'antrag.resume', label: 'Prüfung fortsetzen' },
  { from: 'in_pruefung', to: 'beschieden', action: 'antrag.decide', label: 'Bescheid erlassen' },
  { from: 'eingereicht', to: 'zurueckgezogen', action: 'antrag.withdraw', label: 'Antrag zurückziehen' },
  { from: 'in_pruefung', to: 'zurueckgezogen', action: 'antrag.withdraw', label: 'Antrag zurückziehen' },
  { from: 'nachforderung', to: 'zurueckgezogen', action: 'antrag.withdraw', label: 'Antrag zurückziehen' },
];

/** The rule for a step, or INVALID_STATE_TRANSITION with a German message. */
export function antragTransition(from: AntragStatus, to: AntragStatus): AntragTransition {
  const rule = ANTRAG_TRANSITIONS.find((r) => r.from === from && r.to === to);
  if (!rule) {
    throw new AppError('INVALID_STATE_TRANSITION', `Ein Antrag im Status „${ANTRAG_STATUS_LABELS[from]}“ kann nicht in den Status „${ANTRAG_STATUS_LABELS[to]}“ wechseln.`);
  }
  return rule;
}

/** The policy's states of every Antrag action are exactly the `from` states of its rules (antrag-status.test.ts). */
export function policyStatesOfAntragActions(): Map<Action, readonly string[]> {
  const actions = [...new Set(ANTRAG_TRANSITIONS.map((r) => r.action))];
  return new Map(actions.map((action) => [action, POLICY[action].statuses ?? []]));
}

/** The last day to submit: 31 March of the AQB year (DOMAIN 1.6); later submissions are marked late. */
export const submissionDeadline = (year: number) => `${year}-03-31`;
