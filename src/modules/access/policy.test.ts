import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors';
import { OIDC_ROLE_NAMES } from '../../platform/env';
import { ACTIONS, POLICY, ROLES, authorize, can, tenantFilter, type Action, type Actor, type MaybeActor, type PolicyResource } from './policy';

const OWN_AGS = '06439';
const OTHER_AGS = '06533';

/**
 * Expected grants, written out by hand from the brief (not derived from POLICY):
 * 'all' = any record, 'own' = own district only, 'self' = own personal records only, '-' = none.
 */
type Grant = 'all' | 'own' | 'self' | '-';
const EXPECTED: Record<Action, { anonymous: boolean; hmsi: Grant; district: Grant; rp: Grant; admin: Grant }> = {
  'agreement.read': { anonymous: false, hmsi: 'all', district: 'own', rp: 'all', admin: '-' },
  'agreement.create': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'agreement.edit': { anonymous: false, hmsi: 'all', district: 'own', rp: '-', admin: '-' },
  'agreement.editAmount': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'agreement.submit': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'agreement.returnToDraft': { anonymous: false, hmsi: 'all', district: 'own', rp: '-', admin: '-' },
  'agreement.releaseForSignature': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'agreement.reopen': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'agreement.signLand': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'agreement.signDistrict': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'agreement.publish': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'agreement.withdrawPublication': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'agreement.amend': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'agreement.note': { anonymous: false, hmsi: 'all', district: 'own', rp: '-', admin: '-' },
  'agreement.markAgreed': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'project.read': { anonymous: false, hmsi: 'all', district: 'own', rp: 'all', admin: '-' },
  'project.edit': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'antrag.read': { anonymous: false, hmsi: 'all', district: 'own', rp: 'all', admin: '-' },
  'antrag.submit': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'antrag.receive': { anonymous: false, hmsi: '-', district: '-', rp: 'all', admin: '-' },
  'antrag.requestDocuments': { anonymous: false, hmsi: '-', district: '-', rp: 'all', admin: '-' },
  'antrag.resume': { anonymous: false, hmsi: '-', district: '-', rp: 'all', admin: '-' },
  'antrag.decide': { anonymous: false, hmsi: '-', district: '-', rp: 'all', admin: '-' },
  'antrag.withdraw': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'antrag.examine': { anonymous: false, hmsi: '-', district: '-', rp: 'all', admin: '-' },
  'antrag.answer': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'bescheid.read': { anonymous: false, hmsi: 'all', district: 'own', rp: 'all', admin: '-' },
  'bescheid.edit': { anonymous: false, hmsi: '-', district: '-', rp: 'all', admin: '-' },
  'bescheid.amend': { anonymous: false, hmsi: '-', district: '-', rp: 'all', admin: '-' },
  'strategy.read': { anonymous: false, hmsi: 'all', district: 'own', rp: 'all', admin: '-' },
  'strategy.edit': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'payment.read': { anonymous: false, hmsi: 'all', district: 'own', rp: 'all', admin: '-' },
  'payment.request': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'payment.payout': { anonymous: false, hmsi: '-', district: '-', rp: 'all', admin: '-' },
  'payment.use': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'payment.decideInterest': { anonymous: false, hmsi: '-', district: '-', rp: 'all', admin: '-' },
  'proof.read': { anonymous: false, hmsi: 'all', district: 'own', rp: 'all', admin: '-' },
  'proof.edit': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'proof.submit': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'proof.audit': { anonymous: false, hmsi: '-', district: '-', rp: 'all', admin: '-' },
  'refund.issue': { anonymous: false, hmsi: '-', district: '-', rp: 'all', admin: '-' },
  'funding.overview': { anonymous: false, hmsi: 'all', district: '-', rp: 'all', admin: '-' },
  'participants.read': { anonymous: false, hmsi: 'all', district: 'own', rp: 'all', admin: '-' },
  'participants.readLand': { anonymous: false, hmsi: 'all', district: '-', rp: 'all', admin: '-' },
  'participants.readRecords': { anonymous: false, hmsi: 'all', district: 'own', rp: 'all', admin: '-' },
  'participants.readSpecialCategories': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'participants.upload': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'participants.subjectRequest': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'template.edit': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'allocation.read': { anonymous: false, hmsi: 'all', district: '-', rp: 'all', admin: '-' },
  'letter.read': { anonymous: false, hmsi: 'all', district: 'own', rp: 'all', admin: '-' },
  'allocation.edit': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'import.run': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'user.manage': { anonymous: false, hmsi: '-', district: '-', rp: '-', admin: 'all' },
  'masterdata.edit': { anonymous: false, hmsi: '-', district: '-', rp: '-', admin: 'all' },
  'audit.read': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: 'all' },
  'feedback.manage': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: 'all' },
  'apiToken.manage': { anonymous: false, hmsi: 'self', district: 'self', rp: 'self', admin: 'all' },
  'system.backup': { anonymous: false, hmsi: '-', district: '-', rp: '-', admin: 'all' },
  'calendar.read': { anonymous: false, hmsi: 'all', district: 'own', rp: 'all', admin: '-' },
  'survey.read': { anonymous: false, hmsi: 'all', district: 'own', rp: '-', admin: '-' },
  'survey.manage': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'survey.answer': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'survey.reopen': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'calendar.manageFeed': { anonymous: false, hmsi: 'self', district: 'self', rp: 'self', admin: '-' },
  'mail.manage': { anonymous: false, hmsi: '-', district: '-', rp: '-', admin: 'all' },
  'reminder.manage': { anonymous: false, hmsi: 'self', district: 'self', rp: 'self', admin: '-' },
  'deviation.read': { anonymous: false, hmsi: 'all', district: 'own', rp: 'all', admin: '-' },
  'deviation.record': { anonymous: false, hmsi: 'all', district: 'own', rp: '-', admin: '-' },
  'deviation.justify': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'deviation.assess': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'achievement.read': { anonymous: false, hmsi: 'all', district: 'own', rp: 'all', admin: '-' },
  'achievement.rules': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'achievement.judge': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'monitoring.read': { anonymous: false, hmsi: 'all', district: 'own', rp: 'all', admin: '-' },
  'monitoring.thresholds': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'monitoring.snapshot': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'monitoring.detect': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'stateReport.read': { anonymous: false, hmsi: 'all', district: '-', rp: 'all', admin: '-' },
  'stateReport.readReleased': { anonymous: false, hmsi: 'all', district: 'all', rp: 'all', admin: '-' },
  'stateReport.edit': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'stateReport.release': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'event.read': { anonymous: false, hmsi: 'all', district: 'own', rp: 'all', admin: '-' },
  'event.manage': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'event.register': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'event.readPersonalData': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'goodPractice.read': { anonymous: false, hmsi: 'all', district: 'own', rp: 'all', admin: '-' },
  'goodPractice.manage': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'goodPractice.propose': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'meeting.read': { anonymous: false, hmsi: 'all', district: 'own', rp: 'all', admin: '-' },
  'meeting.schedule': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'meeting.requestOtherDates': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'meeting.confirmDate': { anonymous: false, hmsi: '-', district: 'own', rp: '-', admin: '-' },
  'meeting.cancel': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'meeting.editAgenda': { anonymous: false, hmsi: 'all', district: 'own', rp: '-', admin: '-' },
  'meeting.startMinutes': { anonymous: false, hmsi: 'all', district: '-', rp: '-', admin: '-' },
  'meeting.editMinutes': { anonymous: false, hmsi: 'all', district: 'own', rp: '-', admin: '-' },
  'meeting.confirmMinutes': { anonymous: false, hmsi: 'all', district: 'own', rp: '-', admin: '-' },
  'meeting.markFollowUp': { anonymous: false, hmsi: 'all', district: 'own', rp: '-', admin: '-' },
};

/** A status in which the action makes sense, so this table tests roles and tenancy only. */
const FITTING_STATUS: Partial<Record<Action, PolicyResource['status']>> = {
  'agreement.edit': 'in_abstimmung',
  'agreement.editAmount': 'entwurf',
  'agreement.submit': 'entwurf',
  'agreement.returnToDraft': 'in_abstimmung',
  'agreement.releaseForSignature': 'in_abstimmung',
  'agreement.reopen': 'zur_unterschrift',
  'agreement.markAgreed': 'in_abstimmung',
  'agreement.signLand': 'zur_unterschrift',
  'agreement.signDistrict': 'zur_unterschrift',
  'agreement.publish': 'unterzeichnet',
  'agreement.withdrawPublication': 'veroeffentlicht',
  'agreement.amend': 'veroeffentlicht',
  'antrag.submit': 'entwurf',
  'antrag.receive': 'eingereicht',
  'antrag.requestDocuments': 'in_pruefung',
  'antrag.resume': 'nachforderung',
  'antrag.decide': 'in_pruefung',
  'antrag.withdraw': 'in_pruefung',
  'proof.edit': 'entwurf',
  'proof.submit': 'entwurf',
  'proof.audit': 'eingereicht',
  'refund.issue': 'eingereicht',
  'deviation.justify': 'offen',
  'deviation.assess': 'begruendet',
  'survey.answer': 'entwurf',
  'survey.reopen': 'eingereicht',
  'antrag.examine': 'in_pruefung',
  'antrag.answer': 'nachforderung',
  'bescheid.edit': 'in_pruefung',
  'bescheid.amend': 'beschieden',
  'meeting.schedule': 'vorgeschlagen',
  'meeting.requestOtherDates': 'vorgeschlagen',
  'meeting.confirmDate': 'vorgeschlagen',
  'meeting.cancel': 'terminiert',
  'meeting.editAgenda': 'terminiert',
  'meeting.startMinutes': 'terminiert',
  'meeting.editMinutes': 'protokoll_entwurf',
  'meeting.confirmMinutes': 'protokoll_entwurf',
  'meeting.markFollowUp': 'protokoll_bestaetigt',
};

const actors: Record<'hmsi' | 'district' | 'rp' | 'admin', Actor> = {
  hmsi: { userId: 101, role: 'hmsi' },
  district: { userId: 102, role: 'district', ags: OWN_AGS },
  rp: { userId: 103, role: 'rp' },
  admin: { userId: 104, role: 'admin' },
};

function resourceFor(action: Action, actor: Actor, tenancy: 'own' | 'other'): PolicyResource {
  const own = tenancy === 'own';
  return {
    ags: own ? OWN_AGS : OTHER_AGS,
    status: FITTING_STATUS[action],
    ownerUserId: own ? actor.userId : 999,
  };
}

type Outcome = 'ok' | 'FORBIDDEN' | 'NOT_FOUND' | 'UNAUTHENTICATED';

function expectedOutcome(action: Action, role: keyof typeof actors, tenancy: 'own' | 'other'): Outcome {
  const grant = EXPECTED[action][role];
  // Another district's record is invisible to a district user, whatever it asks for (except the public portal).
  if (role === 'district' && tenancy === 'other') return 'NOT_FOUND';
  if (grant === '-') return 'FORBIDDEN';
  if (grant === 'self' && tenancy === 'other') return 'NOT_FOUND';
  return 'ok';
}

function outcomeOf(actor: MaybeActor, action: Action, resource?: PolicyResource): Outcome | string {
  try {
    authorize(actor, action, resource);
    return 'ok';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

const cases = ACTIONS.flatMap((action) =>
  (['hmsi', 'district', 'rp', 'admin'] as const).flatMap((role) =>
    (['own', 'other'] as const).map((tenancy) => ({ action, role, tenancy, expected: expectedOutcome(action, role, tenancy) })),
  ),
);

describe('policy table – every action × role × own/other', () => {
  it('the expectation covers every action of the policy', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
    expect(Object.keys(POLICY).sort()).toEqual([...ACTIONS].sort());
  });

  it.each(cases)('$role $action on $tenancy record → $expected', ({ action, role, tenancy, expected }) => {
    const actor = actors[role];
    const resource = resourceFor(action, actor, tenancy);
    expect(outcomeOf(actor, action, resource)).toBe(expected);
    expect(can(actor, action, resource)).toBe(expected === 'ok');
  });

  it.each(ACTIONS.map((action) => ({ action, expected: EXPECTED[action].anonymous ? 'ok' : 'UNAUTHENTICATED' })))(
    'anonymous $action → $expected',
    ({ action, expected }) => {
      expect(outcomeOf(null, action, { ags: OWN_AGS, status: FITTING_STATUS[action] })).toBe(expected);
      expect(can(null, action)).toBe(expected === 'ok');
    },
  );

  it.each(ACTIONS.flatMap((action) => (['hmsi', 'district', 'rp', 'admin'] as const).map((role) => ({ action, role }))))(
    '$role $action without a record follows the role grant',
    ({ action, role }) => {
      expect(can(actors[role], action)).toBe(EXPECTED[action][role] !== '-');
    },
  );
});

describe('policy – statuses and special records', () => {
  const district = actors.district;

  it.each([
    ['agreement.edit', 'entwurf', true],
    ['agreement.edit', 'in_abstimmung', true],
    ['agreement.edit', 'zur_unterschrift', false],
    ['agreement.edit', 'unterzeichnet', false],
    ['agreement.edit', 'veroeffentlicht', false],
    ['agreement.returnToDraft', 'in_abstimmung', true],
    ['agreement.returnToDraft', 'entwurf', false],
    ['agreement.signDistrict', 'in_abstimmung', false],
    ['agreement.signDistrict', 'zur_unterschrift', true],
    ['survey.answer', 'entwurf', true],
    ['survey.answer', 'eingereicht', false],
  ] as const)('district %s in %s → %s', (action, status, expected) => {
    expect(can(district, action, { ags: OWN_AGS, status })).toBe(expected);
  });

  it('refuses editing a frozen agreement with FORBIDDEN and a German reason, also for the HMSI', () => {
    expect(() => authorize(actors.hmsi, 'agreement.edit', { ags: OWN_AGS, status: 'zur_unterschrift' })).toThrowError(
      'In diesem Status ist das nicht möglich.',
    );
  });

  it('answers NOT_FOUND – not FORBIDDEN – for a foreign record even when the role lacks the action entirely', () => {
    expect(outcomeOf(district, 'agreement.publish', { ags: OTHER_AGS, status: 'unterzeichnet' })).toBe('NOT_FOUND');
    expect(outcomeOf(district, 'agreement.publish', { ags: OWN_AGS, status: 'unterzeichnet' })).toBe('FORBIDDEN');
  });

  it('treats a Land-wide record (ags null) as not visible for a district user', () => {
    expect(outcomeOf(district, 'agreement.read', { ags: null })).toBe('NOT_FOUND');
  });

  it('restricts list queries to the own AGS for district users only', () => {
    expect(tenantFilter(district)).toBe(OWN_AGS);
    expect(tenantFilter(actors.rp)).toBeNull();
  });
});

describe('role names of the OIDC role mapping', () => {
  it('are the roles of the policy (env.ts repeats them: the platform cannot import the module)', () => {
    expect([...OIDC_ROLE_NAMES]).toEqual([...ROLES]);
  });
});
