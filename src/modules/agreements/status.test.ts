import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors';
import type { Actor, Role } from '../access/policy';
import {
  AGREEMENT_STATUSES,
  AGREEMENT_STATUS_LABELS,
  assertTransition,
  canStartAmendment,
  canTransition,
  amountMismatch,
  manualTransitionsFrom,
  statusAfterSignature,
  type AgreementStatus,
  type TransitionContext,
  policyStatesOfTransitions,
  TRANSITIONS,
} from './status';
import { POLICY } from '../access/policy';

const OWN_AGS = '06439';
const OTHER_AGS = '06533';
const signature = { place: 'Wiesbaden', date: '2025-03-01', name: 'Heike Hofmann', title: 'Staatsministerin' };

function actorFor(role: Role): Actor {
  return role === 'district' ? { userId: 2, role, ags: OWN_AGS } : { userId: { hmsi: 1, rp: 3, admin: 4 }[role], role };
}

/** A context that satisfies every requirement, so the table tests role and graph only. */
const happyContext = (ags: string): TransitionContext => ({
  ags,
  amountCents: 78_710_000,
  allocationCents: 78_710_000,
  signatures: { land: signature, district: signature },
  withdrawalReason: 'Falsche Fassung veröffentlicht.',
});

/** Written out by hand from the brief – deliberately not derived from TRANSITIONS. */
const ALLOWED = new Set([
  'entwurf→in_abstimmung:hmsi',
  'in_abstimmung→entwurf:hmsi',
  'in_abstimmung→entwurf:district',
  'in_abstimmung→zur_unterschrift:hmsi',
  'zur_unterschrift→in_abstimmung:hmsi',
  'unterzeichnet→veroeffentlicht:hmsi',
  'veroeffentlicht→unterzeichnet:hmsi',
]);

/** The manual steps of the graph (written out by hand as well); a role without permission for one gets FORBIDDEN. */
const MANUAL_STEPS = new Set(['entwurf→in_abstimmung', 'in_abstimmung→entwurf', 'in_abstimmung→zur_unterschrift', 'zur_unterschrift→in_abstimmung', 'unterzeichnet→veroeffentlicht', 'veroeffentlicht→unterzeichnet']);

describe('withdrawing a publication', () => {
  it('needs a reason', () => {
    const context = { ...happyContext(OWN_AGS), withdrawalReason: '  ' };
    expect(outcomeOf(() => assertTransition('veroeffentlicht', 'unterzeichnet', actorFor('hmsi'), context))).toBe('INVALID_STATE_TRANSITION');
    expect(outcomeOf(() => assertTransition('veroeffentlicht', 'unterzeichnet', actorFor('hmsi'), happyContext(OWN_AGS)))).toBe('ok');
  });
});

type Outcome = 'ok' | 'INVALID_STATE_TRANSITION' | 'NOT_FOUND' | 'FORBIDDEN';

function expectedOutcome(from: AgreementStatus, to: AgreementStatus, role: Role, tenancy: 'own' | 'other'): Outcome {
  if (role === 'district' && tenancy === 'other') return 'NOT_FOUND';
  // Administrators do not read agreements at all.
  if (role === 'admin') return 'FORBIDDEN';
  if (ALLOWED.has(`${from}→${to}:${role}`)) return 'ok';
  return MANUAL_STEPS.has(`${from}→${to}`) ? 'FORBIDDEN' : 'INVALID_STATE_TRANSITION';
}

const cases: Array<{ from: AgreementStatus; to: AgreementStatus; role: Role; tenancy: 'own' | 'other'; expected: Outcome }> = [];
for (const from of AGREEMENT_STATUSES) {
  for (const to of AGREEMENT_STATUSES) {
    for (const role of ['hmsi', 'district', 'rp', 'admin'] as const) {
      for (const tenancy of ['own', 'other'] as const) {
        cases.push({ from, to, role, tenancy, expected: expectedOutcome(from, to, role, tenancy) });
      }
    }
  }
}

function outcomeOf(run: () => void): Outcome | string {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe('assertTransition – every (from, to, role, own/other)', () => {
  it('covers 5 × 5 × 4 × 2 combinations', () => {
    expect(cases).toHaveLength(200);
  });

  it.each(cases)('$from → $to by $role ($tenancy): $expected', ({ from, to, role, tenancy, expected }) => {
    const context = happyContext(tenancy === 'own' ? OWN_AGS : OTHER_AGS);
    expect(outcomeOf(() => assertTransition(from, to, actorFor(role), context))).toBe(expected);
    expect(canTransition(from, to, actorFor(role), context)).toBe(expected === 'ok');
  });
});

describe('assertTransition – requirements and messages', () => {
  const hmsi = actorFor('hmsi');

  it('refuses zur_unterschrift when § 4 differs from the allocation, naming the difference in German', () => {
    const context = { ...happyContext(OWN_AGS), amountCents: 78_810_000, allocationCents: 78_710_000 };
    expect(() => assertTransition('in_abstimmung', 'zur_unterschrift', hmsi, context)).toThrowError(
      /^Der Betrag in § 4 \(788\.100,00 €\) weicht um 1\.000,00 € von der aktuellen Zuweisung \(787\.100,00 €\) ab\.$/,
    );
  });

  it('refuses zur_unterschrift without an allocation or without an amount', () => {
    expect(() => assertTransition('in_abstimmung', 'zur_unterschrift', hmsi, { ags: OWN_AGS, amountCents: 1, allocationCents: null })).toThrowError(
      'Für diese Gebietskörperschaft ist noch keine Zuweisung festgesetzt.',
    );
    expect(() => assertTransition('in_abstimmung', 'zur_unterschrift', hmsi, { ags: OWN_AGS, allocationCents: 1 })).toThrowError(
      'In § 4 ist noch kein Betrag eingetragen.',
    );
  });

  it('refuses publishing without both signatures', () => {
    const context = { ags: OWN_AGS, signatures: { land: signature, district: null } };
    expect(() => assertTransition('unterzeichnet', 'veroeffentlicht', hmsi, context)).toThrowError(/Unterschriften/);
  });

  it('explains that unterzeichnet is automatic', () => {
    expect(() => assertTransition('zur_unterschrift', 'unterzeichnet', hmsi, happyContext(OWN_AGS))).toThrowError(/automatisch/);
  });

  it('names both statuses in German for an impossible change', () => {
    expect(() => assertTransition('entwurf', 'veroeffentlicht', hmsi, happyContext(OWN_AGS))).toThrowError(
      'Ein Wechsel von „Entwurf“ nach „Veröffentlicht“ ist nicht vorgesehen.',
    );
  });

  it('tells a district user that only the HMSI may release for signature', () => {
    expect(() => assertTransition('in_abstimmung', 'zur_unterschrift', actorFor('district'), happyContext(OWN_AGS))).toThrowError(
      /nur das HMSI/,
    );
  });
});

describe('amountMismatch (the one § 4 rule)', () => {
  it.each([
    [78_810_000, 78_710_000, 100_000],
    [78_700_000, 78_710_000, -10_000],
  ])('%i vs %i → %i', (amount, allocation, difference) => {
    expect(amountMismatch(amount, allocation)?.differenceCents).toBe(difference);
  });

  it('is null when the amounts match to the cent', () => {
    expect(amountMismatch(78_710_000, 78_710_000)).toBeNull();
  });

  it('has one German message naming both amounts and the difference', () => {
    expect(amountMismatch(900_000_00, 895_210_00)?.message).toBe(
      'Der Betrag in § 4 (900.000,00 €) weicht um 4.790,00 € von der aktuellen Zuweisung (895.210,00 €) ab.',
    );
  });

  it('rejects non-integer cents', () => {
    expect(() => amountMismatch(1.5, 1)).toThrow(TypeError);
  });
});

describe('statusAfterSignature', () => {
  it.each([
    [{ land: null, district: null }, 'zur_unterschrift'],
    [{ land: signature, district: null }, 'zur_unterschrift'],
    [{ land: null, district: signature }, 'zur_unterschrift'],
    [{ land: signature, district: signature }, 'unterzeichnet'],
  ] as const)('%o → %s', (signatures, expected) => {
    expect(statusAfterSignature('zur_unterschrift', signatures)).toBe(expected);
  });

  it.each(AGREEMENT_STATUSES.filter((s) => s !== 'zur_unterschrift'))('refuses signatures in %s', (status) => {
    expect(() => statusAfterSignature(status, { land: signature, district: signature })).toThrowError(/nur im Status „Zur Unterschrift“/);
  });
});

describe('canStartAmendment', () => {
  it.each([
    ['veroeffentlicht', 'hmsi', false, true],
    ['veroeffentlicht', 'hmsi', true, false],
    ['unterzeichnet', 'hmsi', false, false],
    ['entwurf', 'hmsi', false, false],
    ['veroeffentlicht', 'district', false, false],
    ['veroeffentlicht', 'rp', false, false],
    ['veroeffentlicht', 'admin', false, false],
  ] as const)('%s by %s (open Nachtrag: %s) → %s', (status, role, hasOpenAmendment, expected) => {
    expect(canStartAmendment({ ags: OWN_AGS, status, hasOpenAmendment }, actorFor(role))).toBe(expected);
  });

  it('is never possible for the anonymous visitor', () => {
    expect(canStartAmendment({ ags: OWN_AGS, status: 'veroeffentlicht' }, null)).toBe(false);
  });
});

describe('manualTransitionsFrom', () => {
  it('offers a district user only the way back to the draft, and nothing on a foreign agreement', () => {
    expect(manualTransitionsFrom('in_abstimmung', actorFor('district'), OWN_AGS).map((r) => r.to)).toEqual(['entwurf']);
    expect(manualTransitionsFrom('in_abstimmung', actorFor('district'), OTHER_AGS)).toEqual([]);
  });

  it('has a German label for every status', () => {
    for (const status of AGREEMENT_STATUSES) expect(AGREEMENT_STATUS_LABELS[status]).toMatch(/^[A-ZÄÖÜ]/);
  });
});

describe('the policy and the transition table agree', () => {
  it('names only states of the agreement workflow in the actions of the transition table', () => {
    for (const state of policyStatesOfTransitions()) expect(AGREEMENT_STATUSES).toContain(state);
  });

  it('lets each manual step start only from its own state', () => {
    for (const rule of TRANSITIONS.filter((r) => r.action)) expect(POLICY[rule.action!].statuses).toEqual([rule.from]);
  });
});
