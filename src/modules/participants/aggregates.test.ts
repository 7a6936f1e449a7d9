import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzRuns } from '../../../tests/support/fuzz';
import { computeCounts, computeFlowDays, TABLE_DIMENSIONS } from './aggregates';
import { EMPLOYMENT_STATUSES, GENDERS, ISCED_BANDS, LEGAL_SPHERES, OUTCOMES, type ParticipantRecord, YES_NO, YES_NO_UNKNOWN } from './records-schema';
import { countFlows, crossTable, type ParticipantFact } from './statistics';

/** The stored aggregates must equal what the pure core computes from the same records. */

const day = fc.integer({ min: 0, max: 500 }).map((d) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10));
const record: fc.Arbitrary<ParticipantRecord> = fc
  .record({
    kennung: fc.constant('K'),
    entryDate: day,
    stay: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
    gender: fc.constantFrom(...GENDERS),
    birthYear: fc.integer({ min: 1957, max: 2009 }),
    legalSphere: fc.constantFrom(...LEGAL_SPHERES),
    employmentStatus: fc.constantFrom(...EMPLOYMENT_STATUSES),
    isced: fc.constantFrom(...ISCED_BANDS),
    disability: fc.constantFrom(...YES_NO_UNKNOWN),
    migrationBackground: fc.constantFrom(...YES_NO_UNKNOWN),
    partTimeTraining: fc.constantFrom(...YES_NO),
    outcome: fc.constantFrom(...OUTCOMES),
  })
  .map(({ stay, outcome, ...r }) => ({
    ...r,
    exitDate: stay === null ? null : new Date(Date.parse(r.entryDate) + stay * 86_400_000).toISOString().slice(0, 10),
    outcome: stay === null ? null : outcome,
  }));

describe('stored aggregates', () => {
  it('counts every table exactly as crossTable does, for any records', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 60 }), fc.constantFrom(1, 2, 3, 4), (records, measureType) => {
        const stored = computeCounts(records, measureType);
        const facts: ParticipantFact[] = records.map((r) => ({ ...r, measureType: measureType as 1 }));
        for (const t of TABLE_DIMENSIONS) {
          const expected = crossTable(facts, t.rows, t.columns);
          const got = t.rows.values.map((rv) => t.columns.values.map((cv) => stored.find((s) => s.tableKey === t.key && s.rowValue === rv.value && s.columnValue === cv.value)?.count ?? 0));
          expect(got).toEqual(expected.cells);
        }
        expect(stored.every((s) => s.count > 0)).toBe(true);
      }),
      { numRuns: fuzzRuns() },
    );
  });

  it('gives entries, exits and participants on any reference date as countFlows does', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 60 }), day, (records, reference) => {
        const days = computeFlowDays(records);
        const latest = [...days].reverse().find((d) => d.day <= reference);
        const entries = latest?.entriesToDate ?? 0;
        const exits = latest?.exitsToDate ?? 0;
        const active = entries - (latest ? (latest.day === reference ? latest.exitsBefore : latest.exitsToDate) : 0);
        const expected = countFlows(records, '2000-01-01', reference);
        expect({ entries, exits, active }).toEqual({ entries: expected.entries, exits: expected.exits, active: expected.activeOn });
      }),
      { numRuns: fuzzRuns() },
    );
  });
});
