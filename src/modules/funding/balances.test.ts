import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeBalances, type BalanceFigures } from './balances';
import type { BalanceRecords } from './schema';
import { fuzzRuns } from '../../../tests/support/fuzz';

const RUNS = fuzzRuns();

describe('computeBalances: worked example', () => {
  it('derives bewilligt, abgerufen, ausgezahlt, verwendet and verfügbar per project, district and Land', () => {
    // RTK (06439): P1 approved 60.000 €, cut to 55.000 € by an Änderungsbescheid; requested 20.000 + 15.000,
    // paid 20.000, used 12.500. P2 approved 10.000 €, nothing requested yet. LW (06533): L1 approved 30.000 €,
    // requested 40.000 € (too much), paid 40.000 €, used 41.000 € (more than paid).
    const records: BalanceRecords = {
      approvals: [
        { ags: '06439', project: 'P1', decidedOn: '2024-05-02', amountCents: 6_000_000 },
        { ags: '06439', project: 'P2', decidedOn: '2024-05-02', amountCents: 1_000_000 },
        { ags: '06439', project: 'P1', decidedOn: '2024-09-10', amountCents: 5_500_000 },
        { ags: '06533', project: 'L1', decidedOn: '2024-06-01', amountCents: 3_000_000 },
      ],
      requests: [
        { ags: '06439', project: 'P1', requestedOn: '2024-05-10', amountCents: 2_000_000 },
        { ags: '06439', project: 'P1', requestedOn: '2024-09-01', amountCents: 1_500_000 },
        { ags: '06533', project: 'L1', requestedOn: '2024-06-10', amountCents: 4_000_000 },
      ],
      payouts: [
        { ags: '06439', project: 'P1', paidOn: '2024-05-20', amountCents: 2_000_000 },
        { ags: '06533', project: 'L1', paidOn: '2024-06-20', amountCents: 4_000_000 },
      ],
      uses: [
        { ags: '06439', project: 'P1', usedOn: '2024-06-30', amountCents: 1_250_000 },
        { ags: '06533', project: 'L1', usedOn: '2024-07-30', amountCents: 4_100_000 },
        { ags: '06533', project: 'X9', usedOn: '2024-07-30', amountCents: 100 },
      ],
    };
    const result = computeBalances(records);
    const p1 = result.districts[0]!.projects[0]!;
    // P1: verfügbar 55.000 − 35.000 = 20.000; requested not paid 15.000; paid not used 7.500.
    expect(p1).toEqual({
      ags: '06439',
      project: 'P1',
      approvedCents: 5_500_000,
      requestedCents: 3_500_000,
      paidCents: 2_000_000,
      usedCents: 1_250_000,
      availableCents: 2_000_000,
      requestedNotPaidCents: 1_500_000,
      paidNotUsedCents: 750_000,
    });
    // RTK = P1 + P2: approved 65.000, requested 35.000, paid 20.000, used 12.500, available 30.000.
    expect(result.districts[0]).toMatchObject({ ags: '06439', approvedCents: 6_500_000, requestedCents: 3_500_000, paidCents: 2_000_000, usedCents: 1_250_000, availableCents: 3_000_000 });
    // LW: available 30.000 − 40.000 = −10.000 (not clamped, flagged).
    expect(result.districts[1]).toMatchObject({ ags: '06533', approvedCents: 3_000_000, requestedCents: 4_000_000, availableCents: -1_000_000, paidNotUsedCents: -100_100 });
    expect(result.total).toEqual({
      approvedCents: 9_500_000,
      requestedCents: 7_500_000,
      paidCents: 6_000_000,
      usedCents: 5_350_100,
      availableCents: 2_000_000,
      requestedNotPaidCents: 1_500_000,
      paidNotUsedCents: 649_900,
    });
    expect(result.problems.map((p) => [p.code, p.project])).toEqual([
      ['ABRUF_UEBER_BEWILLIGUNG', 'L1'],
      ['VERWENDUNG_UEBER_AUSZAHLUNG', 'L1'],
      ['OHNE_BESCHEID', 'X9'],
      ['VERWENDUNG_UEBER_AUSZAHLUNG', 'X9'],
    ]);
    expect(result.problems[0]!.message).toBe('Projekt L1 (06533): Abgerufen sind 40.000,00 €, bewilligt nur 30.000,00 €.');
  });

  it('takes the later record when two Bescheide carry the same date', () => {
    const approvals = [
      { ags: '06439', project: 'P1', decidedOn: '2024-05-02', amountCents: 100 },
      { ags: '06439', project: 'P1', decidedOn: '2024-05-02', amountCents: 200 },
      { ags: '06439', project: 'P1', decidedOn: '2024-01-02', amountCents: 300 },
    ];
    expect(computeBalances({ approvals, requests: [], payouts: [], uses: [] }).total.approvedCents).toBe(200);
  });
});

const KEYS: (keyof BalanceFigures)[] = ['approvedCents', 'requestedCents', 'paidCents', 'usedCents', 'availableCents', 'requestedNotPaidCents', 'paidNotUsedCents'];
const ags = fc.constantFrom('06439', '06533', '06411');
const project = fc.constantFrom('P1', 'P2', 'P3');
const day = fc.integer({ min: 1, max: 28 }).map((d) => `2024-03-${String(d).padStart(2, '0')}`);
const cents = fc.integer({ min: 0, max: 10_000_000 });
const records = fc.record({
  approvals: fc.array(fc.record({ ags, project, decidedOn: day, amountCents: cents }), { maxLength: 12 }),
  requests: fc.array(fc.record({ ags, project, requestedOn: day, amountCents: cents }), { maxLength: 20 }),
  payouts: fc.array(fc.record({ ags, project, paidOn: day, amountCents: cents }), { maxLength: 20 }),
  uses: fc.array(fc.record({ ags, project, usedOn: day, amountCents: cents }), { maxLength: 30 }),
});

describe('computeBalances: properties', () => {
  it('stays consistent to the cent: identities per project, districts = Σ projects, Land = Σ districts = Σ records', () => {
    fc.assert(
      fc.property(records, (data) => {
        const result = computeBalances(data);
        const all = result.districts.flatMap((d) => d.projects);
        for (const f of [...all, ...result.districts, result.total]) {
          expect(f.approvedCents - f.requestedCents).toBe(f.availableCents);
          expect(f.requestedCents - f.paidCents).toBe(f.requestedNotPaidCents);
          expect(f.paidCents - f.usedCents).toBe(f.paidNotUsedCents);
        }
        for (const d of result.districts) for (const key of KEYS) expect(d[key]).toBe(d.projects.reduce((s, p) => s + p[key], 0));
        for (const key of KEYS) expect(result.total[key]).toBe(result.districts.reduce((s, d) => s + d[key], 0));
        const sum = (list: { amountCents: number }[]) => list.reduce((s, r) => s + r.amountCents, 0);
        expect(result.total.requestedCents).toBe(sum(data.requests));
        expect(result.total.paidCents).toBe(sum(data.payouts));
        expect(result.total.usedCents).toBe(sum(data.uses));
        // Bewilligt per project: the amount of its latest Bescheid (same day: the later record).
        for (const p of all) {
          const own = data.approvals.filter((a) => a.ags === p.ags && a.project === p.project);
          const latest = own.reduce<(typeof own)[number] | undefined>((best, a) => (!best || a.decidedOn >= best.decidedOn ? a : best), undefined);
          expect(p.approvedCents).toBe(latest?.amountCents ?? 0);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('does not depend on the order of requests, payouts and uses, and a new payout adds exactly its amount', () => {
    fc.assert(
      fc.property(records, fc.record({ ags, project, paidOn: day, amountCents: cents }), (data, payout) => {
        const base = computeBalances(data);
        const shuffled = computeBalances({ ...data, requests: [...data.requests].reverse(), payouts: [...data.payouts].reverse(), uses: [...data.uses].reverse() });
        expect(shuffled).toEqual(base);
        const more = computeBalances({ ...data, payouts: [...data.payouts, payout] });
        expect(more.total.paidCents - base.total.paidCents).toBe(payout.amountCents);
        expect(more.total.paidNotUsedCents - base.total.paidNotUsedCents).toBe(payout.amountCents);
        expect(more.total.requestedNotPaidCents - base.total.requestedNotPaidCents).toBe(0 - payout.amountCents);
        expect(more.total.availableCents).toBe(base.total.availableCents);
      }),
      { numRuns: RUNS },
    );
  });
});
