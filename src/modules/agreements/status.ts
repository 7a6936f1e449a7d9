import { AppError } from '../../platform/errors';
import { formatEuro } from '../../platform/format';
import type { Actor, Role } from '../access/policy';

/**
 * The life of a Zielvereinbarung (DOMAIN.md § 6.2). `unterzeichnet` is never chosen by hand: it
 * follows from the second signature (`statusAfterSignature`). A Nachtrag is a new agreement version
 * that starts in `entwurf` and references the published one (`canStartAmendment`).
 */

export const AGREEMENT_STATUSES = ['entwurf', 'in_abstimmung', 'zur_unterschrift', 'unterzeichnet', 'veroeffentlicht'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export const AGREEMENT_STATUS_LABELS: Record<AgreementStatus, string> = {
  entwurf: 'Entwurf',
  in_abstimmung: 'In Abstimmung',
  zur_unterschrift: 'Zur Unterschrift',
  unterzeichnet: 'Unterzeichnet',
  veroeffentlicht: 'Veröffentlicht',
};

/** What a transition needs besides the right role. */
export type TransitionRequirement = 'amountMatchesAllocation' | 'bothSignatures';

export interface TransitionRule {
  from: AgreementStatus;
  to: AgreementStatus;
  /** Roles that may make the change by hand; a `district` actor only on its own AGS. Empty = automatic only. */
  roles: readonly Role[];
  /** Button text for the views. */
  label: string;
  requires?: TransitionRequirement;
}

/** The ONE table of allowed status changes. */
export const TRANSITIONS: readonly TransitionRule[] = [
  { from: 'entwurf', to: 'in_abstimmung', roles: ['hmsi'], label: 'Zur Abstimmung geben' },
  { from: 'in_abstimmung', to: 'entwurf', roles: ['hmsi', 'district'], label: 'Zurück in den Entwurf' },
  {
    from: 'in_abstimmung',
    to: 'zur_unterschrift',
    roles: ['hmsi'],
    label: 'Zur Unterschrift freigeben',
    requires: 'amountMatchesAllocation',
  },
  // Reopening: any signature already recorded must be discarded by the caller (the text may change).
  { from: 'zur_unterschrift', to: 'in_abstimmung', roles: ['hmsi'], label: 'Erneut zur Abstimmung öffnen' },
  // Reached automatically once both signatures are recorded, in either order.
  { from: 'zur_unterschrift', to: 'unterzeichnet', roles: [], label: 'Unterzeichnet', requires: 'bothSignatures' },
  { from: 'unterzeichnet', to: 'veroeffentlicht', roles: ['hmsi'], label: 'Veröffentlichen', requires: 'bothSignatures' },
];

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
 * INVALID_STATE_TRANSITION with a German reason for everything else.
 */
export function assertTransition(from: AgreementStatus, to: AgreementStatus, actor: Actor, context: TransitionContext): void {
  if (actor.role === 'district' && actor.ags !== context.ags) throw new AppError('NOT_FOUND');

  const rule = findRule(from, to);
  if (!rule) {
    throw new AppError('INVALID_STATE_TRANSITION', `Ein Wechsel von ${label(from)} nach ${label(to)} ist nicht vorgesehen.`);
  }
  if (rule.roles.length === 0) {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `Der Status ${label(to)} wird automatisch gesetzt, sobald beide Unterschriften erfasst sind.`,
    );
  }
  if (!rule.roles.includes(actor.role)) {
    const who = rule.roles.includes('district') ? 'das HMSI oder die Gebietskörperschaft' : 'das HMSI';
    throw new AppError('INVALID_STATE_TRANSITION', `Den Wechsel von ${label(from)} nach ${label(to)} darf nur ${who} vornehmen.`);
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
  if (actor.role === 'district' && actor.ags !== ags) return [];
  return TRANSITIONS.filter((rule) => rule.from === from && rule.roles.includes(actor.role));
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
 * Whether the actor may start a Nachtrag: only HMSI, only for a published agreement, and only
 * when no other Nachtrag of it is still open. The Nachtrag is a new version in `entwurf`.
 */
export function canStartAmendment(agreement: { status: AgreementStatus; hasOpenAmendment?: boolean }, actor: Actor | null): boolean {
  return actor?.role === 'hmsi' && agreement.status === 'veroeffentlicht' && !agreement.hasOpenAmendment;
}

/** The status every new version – including a Nachtrag – starts in. */
export const INITIAL_STATUS: AgreementStatus = 'entwurf';
