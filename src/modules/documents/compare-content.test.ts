import { describe, expect, it } from 'vitest';
import { compareAgreementContent } from './compare-content';
import { LW_2025, RTK_2024 } from './reference-agreements';

const measures = (lists: string[][]) => lists.map((titles, index) => ({ type: (index + 1) as 1 | 2 | 3 | 4, projects: titles.map((title) => ({ title })) }));

describe('compareAgreementContent', () => {
  it('shows the amount as old → new and the projects per Maßnahmenart as added, removed and unchanged', () => {
    const before = { amountCents: 787_100_00, measures: measures([['Ausbildungslotsen', 'Jugendwerkstatt'], ['Teilzeitausbildung'], [], ['Alt']]) };
    const after = { amountCents: 800_000_00, measures: measures([['Jugendwerkstatt', 'Neue Brücke'], ['Teilzeitausbildung'], ['Quali plus'], []]) };
    const result = compareAgreementContent(before, after);
    expect(result.amount).toEqual({ fromCents: 787_100_00, toCents: 800_000_00, changeCents: 12_900_00 });
    expect(result.measures).toEqual([
      { type: 1, added: ['Neue Brücke'], removed: ['Ausbildungslotsen'], unchanged: ['Jugendwerkstatt'] },
      { type: 2, added: [], removed: [], unchanged: ['Teilzeitausbildung'] },
      { type: 3, added: ['Quali plus'], removed: [], unchanged: [] },
      { type: 4, added: [], removed: ['Alt'], unchanged: [] },
    ]);
  });

  it('treats re-typed quotes, dashes and spaces as the same title', () => {
    const before = { amountCents: 1, measures: measures([['Projekt "Zukunft" – Teil 1']]) };
    const after = { amountCents: 1, measures: measures([['Projekt  „Zukunft“ - Teil 1']]) };
    expect(compareAgreementContent(before, after).measures[0]).toEqual({ type: 1, added: [], removed: [], unchanged: ['Projekt  „Zukunft“ - Teil 1'] });
  });

  it('keeps every title exactly once across the three lists (the reference agreements)', () => {
    const result = compareAgreementContent(RTK_2024, LW_2025);
    for (const change of result.measures) {
      const now = LW_2025.measures.filter((m) => m.type === change.type).flatMap((m) => m.projects.map((p) => p.title));
      const old = RTK_2024.measures.filter((m) => m.type === change.type).flatMap((m) => m.projects.map((p) => p.title));
      expect([...change.added, ...change.unchanged].sort()).toEqual([...now].sort());
      expect(change.removed.length + change.unchanged.length).toBeLessThanOrEqual(old.length);
    }
  });
});
