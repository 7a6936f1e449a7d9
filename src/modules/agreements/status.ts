import { AppError } from '../../platform/errors';
import { formatEuro } from '../../platform/format';
import { type Action, type Actor, authorize, can, EDITABLE_AGREEMENT_STATES, POLICY, ROLE_SUBJECTS, rolesWith } from '../access/policy';

/**
 * The life of a Zielvereinbarung (DOMAIN.md § 6.2). `unterzeichnet` is never chosen by hand: it
 * follows from the second signature (`statusAfterSignature`). A Nachtrag is a new agreement version
 * that starts in `entwurf` and references the published one (`canStartAmendment`).
 */

export const AGREEMENT_STATUSES = ['entwurf', 'in_abstimmung', 'zur_unterschrift', 'unterzeichnet', 'veroeffentlicht'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/**
 * The policy (access/policy.ts) names agreement states as plain strings, because it sits below
 * this module. These two lines make a misspelt state in the policy a compile error.
 */
type IsAgreementState<T> = T extends AgreementStatus ? true : never;
export const POLICY_STATES_ARE_AGREEMENT_STATES: IsAgreementState<(typeof EDITABLE_AGREEMENT_STATES)[number]> = true;

export const AGREEMENT_STATUS_LABELS: Record<AgreementStatus, string> = {
  entwurf: 'Entwurf',
  in_abstimmung: 'In Abstimmung',
  zur_unterschrift: 'Zur Unterschrift',
  unterzeichnet: 'Unterzeichnet',
  veroeffentlicht: 'Veröffentlicht',
};

/** What a transition needs besides the right role. */
export type TransitionRequirement = 'amountMatchesAllocation' | 'bothSignatures' | 'withdrawalReason';

export interface TransitionRule {
  from: AgreementStatus;
  to: AgreementStatus;
  /** The policy action that permits the step (who may take it is decided there); none = automatic only. */
  action?: Action;
  /** Button text for the views. */
  label: string;
  requires?: TransitionRequirement;
}

/** The ONE table of allowed status changes; the policy decides who may take each step. */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'entwurf', to: 'in_abstimmung', action: 'agreement.submit', label: 'Zur Abstimmung geben' },
  { from: 'in_abstimmung', to: 'entwurf', action: 'agreement.returnToDraft', label: 'Zurück in den Entwurf' },
  {
    from: 'in_abstimmung',
    to: 'zur_unterschrift',
    action: 'agreement.releaseForSignature',
    label: 'Zur Unterschrift freigeben',
    requires: 'amountMatchesAllocation',
  },
  // Reopening: any signature already recorded must be discarded by the caller (the text may change).
  { from: 'zur_unterschrift', to: 'in_abstimmung', action: 'agreement.reopen', label: 'Erneut zur Abstimmung öffnen' },
  // Reached automatically once both signatures are recorded, in either order.
  { from: 'zur_unterschrift', to: 'unterzeichnet', label: 'Unterzeichnet', requires: 'bothSignatures' },
  { from: 'unterzeichnet', to: 'veroeffentlicht', action: 'agreement.publish', label: 'Veröffentlichen', requires: 'bothSignatures' },
  // A mistaken publication: the ministry withdraws it with a reason; the agreement stays signed and can be published again.
  { from: 'veroeffentlicht', to: 'unterzeichnet', action: 'agreement.withdrawPublication', label: 'Veröffentlichung zurückziehen', requires: 'withdrawalReason' },
];

/** Every state the policy's agreement actions name is a state of this workflow (checked in status.test.ts). */
export function policyStatesOfTransitions(): string[] {
  return TRANSITIONS.flatMap((rule) => (rule.action ? [...(POLICY[rule.action].statuses ?? [])] : []));
}

/** Either recorded signature counts as present when it is not null/undefined. */
export interface SignatureState {
  land: unknown;
  district: unknown;
}

/** The agreement facts a transition check may need. */
export interface TransitionContext {
  /** AGS of the agreement's district, for the tenancy rule. */
  ags: string;
  /** § 4 amount in cents (needed for → zur_unterschrift). */
  amountCents?: number;
  /** The current allocation (Mittelzuweisung) in cents; null when none is set yet. */
  allocationCents?: number | null;
  /** Needed for → veroeffentlicht. */
  signatures?: SignatureState;
  /** Needed for withdrawing a publication (veroeffentlicht → unterzeichnet). */
  withdrawalReason?: string;
}

const label = (status: AgreementStatus) => `„${AGREEMENT_STATUS_LABELS[status]}“`;

function hasBothSignatures(signatures: SignatureState | undefined): boolean {
  return signatures != null && signatures.land != null && signatures.district != null;
}

function findRule(from: AgreementStatus, to: AgreementStatus): TransitionRule | undefined {
  return TRANSITIONS.find((rule) => rule.from === from && rule.to === to);
}

/** A § 4 amount that differs from the current allocation (Mittelzuweisung). */
export interface AmountMismatch {
  agreedCents: number;
  allocationCents: number;
  /** § 4 amount minus allocation: > 0 asks for more than allocated. */
  differenceCents: number;
  /** "Der Betrag in § 4 (900.000,00 €) weicht um 4.790,00 € von der aktuellen Zuweisung (895.210,00 €) ab." */
  message: string;
}

/**
 * THE § 4 rule: the agreed amount must equal the current allocation, to the cent. Returns null
 * when they match, else the difference with its one German message. Every place that checks or
 * shows the rule – the transition to `zur_unterschrift`, the agreement and status pages, the
 * Landesübersicht, the importer's warning – asks this function.
 */
export function amountMismatch(agreedCents: number, allocationCents: number): AmountMismatch | null {
  if (!Number.isSafeInteger(agreedCents) || !Number.isSafeInteger(allocationCents)) {
    throw new TypeError('Beträge müssen ganze Cent sein');
  }
  const differenceCents = agreedCents - allocationCents;
  if (differenceCents === 0) return null;
  return {
    agreedCents,
    allocationCents,
    differenceCents,
    message: `Der Betrag in § 4 (${formatEuro(agreedCents)}) weicht um ${formatEuro(Math.abs(differenceCents))} von der aktuellen Zuweisung (${formatEuro(allocationCents)}) ab.`,
  };
}

/**
 * Throws unless the actor may move the agreement from `from` to `to` now:
 * NOT_FOUND for a district user on another district's agreement (tenancy, no leaks),
 * FORBIDDEN (German, naming who may) when the policy does not grant the step's action,
 * INVALID_STATE_TRANSITION with a German reason for everything else.
 */
export function assertTransition(from: AgreementStatus, to: AgreementStatus, actor: Actor, context: TransitionContext): void {
  // Tenancy first: another district's agreement answers NOT_FOUND whatever the step.
  authorize(actor, 'agreement.read', { ags: context.ags });

  const rule = findRule(from, to);
  if (!rule) {
    throw new AppError('INVALID_STATE_TRANSITION', `Ein Wechsel von ${label(from)} nach ${label(to)} ist nicht vorgesehen.`);
  }
  if (!rule.action) {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `Der Status ${label(to)} wird automatisch gesetzt, sobald beide Unterschriften erfasst sind.`,
    );
  }
  if (!can(actor, rule.action, { ags: context.ags, status: from })) {
    const who = rolesWith(rule.action).map((role) => ROLE_SUBJECTS[role]).join(' oder ');
    throw new AppError('FORBIDDEN', `Den Wechsel von ${label(from)} nach ${label(to)} darf nur ${who} vornehmen.`);
  }
  if (rule.requires === 'amountMatchesAllocation') {
    if (context.amountCents === undefined) {
      throw new AppError('INVALID_STATE_TRANSITION', 'In § 4 ist noch kein Betrag eingetragen.');
    }
    if (context.allocationCents == null) {
      throw new AppError('INVALID_STATE_TRANSITION', 'Für diese Gebietskörperschaft ist noch keine Zuweisung festgesetzt.');
    }
    const mismatch = amountMismatch(context.amountCents, context.allocationCents);
    if (mismatch) {
      throw new AppError('INVALID_STATE_TRANSITION', mismatch.message, { details: { differenceCents: mismatch.differenceCents } });
    }
  }
  if (rule.requires === 'withdrawalReason' && !context.withdrawalReason?.trim()) {
    throw new AppError('INVALID_STATE_TRANSITION', 'Eine Veröffentlichung wird nur mit Begründung zurückgezogen (Seite „Veröffentlichung zurückziehen“).');
  }
  if (rule.requires === 'bothSignatures' && !hasBothSignatures(context.signatures)) {
    throw new AppError('INVALID_STATE_TRANSITION', 'Es fehlt noch mindestens eine der beiden Unterschriften.');
  }
}

/** Boolean form of `assertTransition`, for hiding buttons. */
export function canTransition(from: AgreementStatus, to: AgreementStatus, actor: Actor, context: TransitionContext): boolean {
  try {
    assertTransition(from, to, actor, context);
    return true;
  } catch (error) {
    if (error instanceof AppError) return false;
    throw error;
  }
}

/**
 * The manual transitions the actor's role may start from `from` (requirements such as the amount
 * check are not evaluated – the button is shown and the check explains itself).
 */
export function manualTransitionsFrom(from: AgreementStatus, actor: Actor, ags: string): TransitionRule[] {
  return TRANSITIONS.filter((rule) => rule.from === from && rule.action !== undefined && can(actor, rule.action, { ags, status: from }));
}

/** Signatures are recorded only while the agreement waits for them. */
export function canRecordSignature(status: AgreementStatus): boolean {
  return status === 'zur_unterschrift';
}

/**
 * The status after a signature has been recorded: `unterzeichnet` once both are present (in
 * either order), otherwise unchanged. Throws INVALID_STATE_TRANSITION outside `zur_unterschrift`.
 */
export function statusAfterSignature(current: AgreementStatus, signatures: SignatureState): AgreementStatus {
  if (!canRecordSignature(current)) {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `Unterschriften können nur im Status ${label('zur_unterschrift')} erfasst werden, nicht im Status ${label(current)}.`,
    );
  }
  return hasBothSignatures(signatures) ? 'unterzeichnet' : current;
}

/**
 * Whether the actor may start a Nachtrag: the policy's `agreement.amend` (HMSI, published
 * agreement), and only when no other Nachtrag of it is still open. The Nachtrag is a new version
 * in `entwurf`.
 */
export function canStartAmendment(agreement: { ags: string; status: AgreementStatus; hasOpenAmendment?: boolean }, actor: Actor | null): boolean {
  return can(actor, 'agreement.amend', { ags: agreement.ags, status: agreement.status }) && !agreement.hasOpenAmendment;
}

/** The party whose signature the actor records: the policy's sign action the actor's role has, else null. */
export function signingPartyOf(actor: Actor | null, ags: string): 'land' | 'district' | null {
  if (can(actor, 'agreement.signLand', { ags })) return 'land';
  if (can(actor, 'agreement.signDistrict', { ags })) return 'district';
  return null;
}

/** The status every new version – including a Nachtrag – starts in. */
export const INITIAL_STATUS: AgreementStatus = 'entwurf';
