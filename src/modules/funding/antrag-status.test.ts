import { describe, expect, it } from 'vitest';
import { POLICY } from '../access/policy';
import { ANTRAG_STATUSES, ANTRAG_TRANSITIONS, antragTransition, policyStatesOfAntragActions, submissionDeadline } from './antrag-status';

describe('Antrag status table', () => {
  it('names for every action exactly the states its rules start from', () => {
    for (const [action, states] of policyStatesOfAntragActions()) {
      const from = ANTRAG_TRANSITIONS.filter((r) => r.action === action).map((r) => r.from);
      expect([...states].sort(), action).toEqual([...new Set(from)].sort());
      for (const state of states) expect(ANTRAG_STATUSES as readonly string[]).toContain(state);
    }
  });

  it('has the graph of issue 13, written out by hand', () => {
    expect(ANTRAG_TRANSITIONS.map((r) => `${r.from}→${r.to}`)).toEqual([
      'entwurf→eingereicht',
      'eingereicht→in_pruefung',
      'in_pruefung→nachforderung',
      'nachforderung→in_pruefung',
      'in_pruefung→beschieden',
      'eingereicht→zurueckgezogen',
      'in_pruefung→zurueckgezogen',
      'nachforderung→zurueckgezogen',
    ]);
    expect(POLICY['antrag.withdraw'].roles).toEqual({ district: 'own' });
  });

  it('refuses a step outside the table with a German message', () => {
    expect(() => antragTransition('beschieden', 'zurueckgezogen')).toThrow('Ein Antrag im Status „Beschieden“ kann nicht in den Status „Zurückgezogen“ wechseln.');
    expect(() => antragTransition('entwurf', 'in_pruefung')).toThrow(/kann nicht/);
    expect(antragTransition('entwurf', 'eingereicht').action).toBe('antrag.submit');
    expect(submissionDeadline(2025)).toBe('2025-03-31');
  });
});
