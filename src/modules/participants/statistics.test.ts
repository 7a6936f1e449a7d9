import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParticipantRecord } from './records-schema';
import { CHARACTERISTICS, countBy, countFlows, crossTable, crossTableFromCounts, isActiveOn, measureTypeCharacteristic, type ParticipantFact, publicCrossTable, suppressionK } from './statistics';
import { fuzzRuns } from '../../../tests/support/fuzz';

const RUNS = fuzzRuns();
const MEASURE_TYPES = measureTypeCharacteristic(['Ausbildungsvorbereitung', 'Ausbildung', 'Qualifizierung', 'Weiterbildung Personal']);

function person(overrides: Partial<ParticipantFact>): ParticipantFact {
  const base: ParticipantRecord = {
    kennung: 'TN',
    entryDate: '2024-02-01',
    exitDate: null,
    gender: 'w',
    birthYear: 2000,
    legalSphere: 'SGB II',
    employmentStatus: 'arbeitslos',
    isced: '0-2',
    disability: 'nein',
    migrationBackground: 'nein',
    partTimeTraining: 'nein',
    outcome: null,
  };
  return { ...base, measureType: 1, ...overrides };
}

describe('statistics', () => {
  const records: ParticipantFact[] = [
    ...Array.from({ length: 6 }, () => person({ gender: 'w', legalSphere: 'SGB II' })),
    ...Array.from({ length: 4 }, () => person({ gender: 'm', legalSphere: 'SGB II', measureType: 2, exitDate: '2024-06-30', outcome: 'uebergang_ausbildung' })),
    ...Array.from({ length: 5 }, () => person({ gender: 'm', legalSphere: 'SGB III', measureType: 2, exitDate: '2024-03-31', outcome: 'abbruch' })),
    person({ gender: 'd', legalSphere: 'AsylbLG', birthYear: 1965, disability: 'ja' }),
  ];

  it('cross-tabulates Rechtskreis × Geschlecht with every value in fixed order, zeros included', () => {
    const t = crossTable(records, CHARACTERISTICS.legalSphere, CHARACTERISTICS.gender);
    expect(t.name).toBe('Rechtskreis × Geschlecht');
    expect(t.rows).toEqual(['SGB II', 'SGB III', 'SGB VIII', 'SGB XII', 'AsylbLG', 'kein Rechtskreis']);
    expect(t.columns).toEqual(['weiblich', 'männlich', 'divers', 'keine Angabe']);
    expect(t.cells).toEqual([
      [6, 4, 0, 0],
      [0, 5, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 0],
    ]);
    expect(t.rowTotals).toEqual([10, 5, 0, 0, 1, 0]);
    expect(t.columnTotals).toEqual([6, 9, 1, 0]);
    expect(t.total).toBe(16);
  });

  it('cross-tabulates Maßnahmenart × Verbleib, with "noch im Projekt" for those without exit', () => {
    const t = crossTable(records, MEASURE_TYPES, CHARACTERISTICS.outcome);
    expect(t.columns.at(-1)).toBe('noch im Projekt');
    expect(t.cells[0]).toEqual([0, 0, 0, 0, 0, 0, 7]);
    expect(t.cells[1]).toEqual([0, 4, 0, 0, 5, 0, 0]);
    expect(() => crossTable([person({ measureType: undefined })], MEASURE_TYPES, CHARACTERISTICS.outcome)).toThrow(/ohne Maßnahmenart/);
  });

  it('counts by one characteristic and by age band at entry', () => {
    expect(countBy(records, CHARACTERISTICS.gender)).toMatchObject({ rows: ['weiblich', 'männlich', 'divers', 'keine Angabe'], columns: ['Anzahl'], cells: [[6], [9], [1], [0]], total: 16 });
    // 2024 − 2000 = 24 → 18–29; 2024 − 1965 = 59 → 55+.
    expect(countBy(records, CHARACTERISTICS.ageGroup).cells).toEqual([[0], [15], [0], [1]]);
  });

  it('builds the same table from GROUP BY counts', () => {
    const counts = [
      { row: 'SGB II', column: 'w', count: 6 },
      { row: 'SGB II', column: 'm', count: 4 },
      { row: 'SGB III', column: 'm', count: 5 },
      { row: 'AsylbLG', column: 'd', count: 1 },
    ];
    expect(crossTableFromCounts(counts, CHARACTERISTICS.legalSphere, CHARACTERISTICS.gender)).toEqual(crossTable(records, CHARACTERISTICS.legalSphere, CHARACTERISTICS.gender));
    expect(() => crossTableFromCounts([{ row: 'SGB IV', column: 'w', count: 1 }], CHARACTERISTICS.legalSphere, CHARACTERISTICS.gender)).toThrow(/SGB IV/);
  });

  it('publishes with k = 3, and k = 5 where disability or migration background is involved', () => {
    expect(suppressionK(CHARACTERISTICS.legalSphere, CHARACTERISTICS.gender)).toBe(3);
    expect(suppressionK(CHARACTERISTICS.legalSphere, CHARACTERISTICS.disability)).toBe(5);
    expect(suppressionK(CHARACTERISTICS.migrationBackground)).toBe(5);
    // Geschlecht × Behinderung: w 0/6/0, m 0/9/0, d 1/0/0. With k = 5 the 1 (divers, ja) is withheld,
    // and so are its row total and column total (both 1). Every other cell of its row and column is
    // a published 0, so the only way to keep it unknown is to withhold the grand total too: with 16
    // published, 16 − 15 would give it away.
    expect(publicCrossTable(records, CHARACTERISTICS.gender, CHARACTERISTICS.disability)).toEqual({
      name: 'Geschlecht × Behinderung',
      rows: ['weiblich', 'männlich', 'divers', 'keine Angabe'],
      columns: ['ja', 'nein', 'keine Angabe'],
      cells: [
        [0, 6, 0],
        [0, 9, 0],
        [null, 0, 0],
        [0, 0, 0],
      ],
      rowTotals: [6, 9, null, 0],
      columnTotals: [null, 15, 0],
      total: null,
    });
    // The same records by Rechtskreis × Geschlecht (k = 3): 6, 4, 5 are published, the single AsylbLG/divers is not.
    expect(publicCrossTable(records, CHARACTERISTICS.legalSphere, CHARACTERISTICS.gender).cells[4]![2]).toBeNull();
  });

  it('counts entries, exits and participants on a reference date (the exit day still counts)', () => {
    expect(isActiveOn(person({ entryDate: '2024-02-01', exitDate: '2024-03-31' }), '2024-03-31')).toBe(true);
    expect(isActiveOn(person({ entryDate: '2024-02-01', exitDate: '2024-03-31' }), '2024-04-01')).toBe(false);
    expect(isActiveOn(person({ entryDate: '2024-02-01' }), '2024-01-31')).toBe(false);
    expect(countFlows(records, '2024-04-01', '2024-06-30')).toEqual({ entries: 0, exits: 4, activeOn: 11 });
    expect(countFlows(records, '2024-01-01', '2024-12-31')).toEqual({ entries: 16, exits: 9, activeOn: 7 });
  });

  it('keeps every record exactly once: cells add up to the totals and to the number of records', () => {
    const record = fc.record({
      gender: fc.constantFrom('w', 'm', 'd', 'x'),
      legalSphere: fc.constantFrom('SGB II', 'SGB III', 'SGB VIII', 'SGB XII', 'AsylbLG', 'keiner'),
      disability: fc.constantFrom('ja', 'nein', 'x'),
      measureType: fc.constantFrom(1, 2, 3, 4),
      outcome: fc.option(fc.constantFrom('ausbildungsabschluss', 'abbruch', 'sonstiges'), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 200 }), (list) => {
        const facts = list.map((r) => person(r as Partial<ParticipantFact>));
        for (const [rows, columns] of [
          [CHARACTERISTICS.legalSphere, CHARACTERISTICS.gender],
          [MEASURE_TYPES, CHARACTERISTICS.outcome],
          [CHARACTERISTICS.disability, CHARACTERISTICS.gender],
        ] as const) {
          const t = crossTable(facts, rows, columns);
          expect(t.total).toBe(facts.length);
          t.cells.forEach((row, i) => expect(row.reduce((a, b) => a + b, 0)).toBe(t.rowTotals[i]));
          t.columns.forEach((_, j) => expect(t.cells.reduce((s, row) => s + row[j]!, 0)).toBe(t.columnTotals[j]));
          // One cell checked by direct counting.
          const first = facts.filter((f) => rows.of(f) === rows.values[0]!.value && columns.of(f) === columns.values[0]!.value).length;
          expect(t.cells[0]![0]).toBe(first);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
