import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccounts, buildIssuedBescheid, buildProject, OWN_AGS } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import type { AppDatabase } from '../../platform/db/client';
import { isAppError } from '../../platform/errors';
import type { Actor } from '../access/policy';
import { computeRefundContent, getProof, issueRefund, saveAudit, saveProofDraft, submitProof } from './proof';
import { readLedger } from './ledger';
import { decideInterimInterest, recordPayout, reportUse, requestFunds } from './use-cases';
import { findInterimInterest } from './interim-interest';

let database: AppDatabase;
let district: Actor;
let rp: Actor;
let hmsi: Actor;
const TODAY = '2026-12-01';

beforeAll(async () => {
  database = await createTestDatabase();
  const accounts = await buildAccounts(database);
  district = accounts.districtOwn.actor;
  rp = accounts.rp.actor;
  hmsi = accounts.hmsi.actor;
});
afterAll(async () => {
  await database?.close();
});

/** The codes of a refused write (VALIDATION_FAILED issues carry them). */
async function codesOf(run: () => Promise<unknown>): Promise<string[]> {
  try {
    await run();
  } catch (error) {
    if (isAppError(error) && error.code === 'VALIDATION_FAILED') return error.issues.map((i) => (i as { code?: string }).code ?? `zod:${i.path}`);
    throw error;
  }
  return [];
}

let sequence = 10;
async function approvedProject(year: number, approvedCents: number, key?: string) {
  const project = await buildProject(database, { year, key });
  await buildIssuedBescheid(database, { year, sequence: sequence++, decidedOn: `${year}-02-01`, lines: [{ projectId: project.id, approvedCents }] });
  return project;
}

describe('Mittelabruf: two-month rule and verfügbar', () => {
  it('accepts payments due up to the same day two months later and refuses later ones, over-requests and requests without Bescheid', async () => {
    const p = await approvedProject(2025, 10_000_00, 'ZM1');
    const target = { year: 2025, ags: OWN_AGS, today: TODAY };
    const use = (dueOn: string, amountCents: number) => [{ dueOn, amountCents, purpose: 'Honorare' }];
    // 15.5. → 15.7. is in time (a payment on that day counts).
    expect(await codesOf(() => requestFunds(database, district, target, { projectKey: 'ZM1', requestedOn: '2025-05-15', amountCents: 1_000_00, plannedUse: use('2025-07-15', 1_000_00) }))).toEqual([]);
    // 16.7. is beyond the two months: ZWEI_MONATS_REGEL at that line, and then the amount exceeds what is due.
    expect(await codesOf(() => requestFunds(database, district, target, { projectKey: 'ZM1', requestedOn: '2025-05-15', amountCents: 1_000_00, plannedUse: use('2025-07-16', 1_000_00) }))).toEqual(['ZWEI_MONATS_REGEL', 'ABRUF_UEBER_BEDARF']);
    // More than the payments due.
    expect(await codesOf(() => requestFunds(database, district, target, { projectKey: 'ZM1', requestedOn: '2025-05-15', amountCents: 1_000_01, plannedUse: use('2025-06-01', 1_000_00) }))).toEqual(['ABRUF_UEBER_BEDARF']);
    // Verfügbar: 10.000 − 1.000 = 9.000,00 €; 9.000,01 is refused, 9.000,00 accepted.
    expect(await codesOf(() => requestFunds(database, district, target, { projectKey: 'ZM1', requestedOn: '2025-06-01', amountCents: 9_000_01, plannedUse: use('2025-06-30', 9_000_01) }))).toEqual(['ABRUF_UEBER_VERFUEGBAR']);
    expect(await codesOf(() => requestFunds(database, district, target, { projectKey: 'ZM1', requestedOn: '2025-06-01', amountCents: 9_000_00, plannedUse: use('2025-06-30', 9_000_00) }))).toEqual([]);
    expect((await readLedger(database.db, 2025, OWN_AGS)).balances.districts[0]!.projects.find((x) => x.project === 'ZM1')).toMatchObject({ approvedCents: 10_000_00, requestedCents: 10_000_00, availableCents: 0 });
    // Month-end: a request on 31.12.2023 may cover payments up to 29.2.2024.
    const leap = await approvedProject(2024, 5_000_00, 'ZM2');
    const t2024 = { year: 2024, ags: OWN_AGS, today: TODAY };
    expect(await codesOf(() => requestFunds(database, district, t2024, { projectKey: leap.key, requestedOn: '2024-02-01', amountCents: 100_00, plannedUse: use('2024-04-01', 100_00) }))).toEqual([]);
    expect(await codesOf(() => requestFunds(database, district, t2024, { projectKey: leap.key, requestedOn: '2024-02-01', amountCents: 100_00, plannedUse: use('2024-04-02', 100_00) }))).toEqual(['ZWEI_MONATS_REGEL', 'ABRUF_UEBER_BEDARF']);
    // No Bescheid: refused with its code; a date in the future too.
    const bare = await buildProject(database, { year: 2025, key: 'ZM3' });
    expect(await codesOf(() => requestFunds(database, district, target, { projectKey: bare.key, requestedOn: '2025-05-15', amountCents: 100_00, plannedUse: use('2025-06-01', 100_00) }))).toEqual(['ABRUF_OHNE_BESCHEID']);
    expect(await codesOf(() => requestFunds(database, district, target, { projectKey: 'ZM1', requestedOn: '2026-12-02', amountCents: 1, plannedUse: use('2026-12-03', 1) }))).toContain('DATUM_IN_DER_ZUKUNFT');
    // Before the Bescheid of 1.2.2025.
    expect(await codesOf(() => requestFunds(database, district, target, { projectKey: 'ZM1', requestedOn: '2025-01-31', amountCents: 1, plannedUse: use('2025-02-15', 1) }))).toContain('ABRUF_VOR_BESCHEID');
  });

  it('lets only the own district request, only RP pay out, and refuses payouts above the open amount', async () => {
    const p = await approvedProject(2025, 3_000_00, 'ZM4');
    const target = { year: 2025, ags: OWN_AGS, today: TODAY };
    const input = { projectKey: p.key, requestedOn: '2025-05-15', amountCents: 1_000_00, plannedUse: [{ dueOn: '2025-06-01', amountCents: 1_000_00, purpose: 'Miete' }] };
    await expect(requestFunds(database, rp, target, input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(requestFunds(database, { ...district, ags: '06533' } as Actor, target, input)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { id } = await requestFunds(database, district, target, input);
    await expect(recordPayout(database, district, target, { requestId: id, paidOn: '2025-05-20', amountCents: 1_000_00 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(recordPayout(database, hmsi, target, { requestId: id, paidOn: '2025-05-20', amountCents: 1_000_00 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await codesOf(() => recordPayout(database, rp, target, { requestId: id, paidOn: '2025-05-20', amountCents: 1_000_01 }))).toEqual(['AUSZAHLUNG_UEBER_ABRUF']);
    expect(await codesOf(() => recordPayout(database, rp, target, { requestId: id, paidOn: '2025-05-14', amountCents: 1_00 }))).toEqual(['AUSZAHLUNG_VOR_ABRUF']);
    await recordPayout(database, rp, target, { requestId: id, paidOn: '2025-05-20', amountCents: 600_00 });
    expect(await codesOf(() => recordPayout(database, rp, target, { requestId: id, paidOn: '2025-05-21', amountCents: 400_01 }))).toEqual(['AUSZAHLUNG_UEBER_ABRUF']);
    expect(await codesOf(() => reportUse(database, district, target, { projectKey: p.key, usedOn: '2025-05-25', amountCents: 600_01, description: '' }))).toEqual(['VERWENDUNG_UEBER_AUSZAHLUNG']);
    // Another district's request id is not found for RP under this district's address.
    await expect(recordPayout(database, rp, { ...target, ags: '06533' }, { requestId: id, paidOn: '2025-05-20', amountCents: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('balances stay consistent for random request, payout and use sequences (fast-check, real database)', () => {
  it('bewilligt/abgerufen/ausgezahlt/verwendet/verfügbar match a model, and the district is the sum of its projects', async () => {
    let run = 0;
    const op = fc.oneof(
      fc.record({ kind: fc.constant('request' as const), project: fc.integer({ min: 0, max: 1 }), cents: fc.integer({ min: 1, max: 6_000_00 }), day: fc.integer({ min: 0, max: 200 }) }),
      fc.record({ kind: fc.constant('payout' as const), project: fc.integer({ min: 0, max: 1 }), cents: fc.integer({ min: 1, max: 6_000_00 }), day: fc.integer({ min: 0, max: 200 }) }),
      fc.record({ kind: fc.constant('use' as const), project: fc.integer({ min: 0, max: 1 }), cents: fc.integer({ min: 1, max: 6_000_00 }), day: fc.integer({ min: 0, max: 200 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.tuple(fc.integer({ min: 1, max: 10_000_00 }), fc.integer({ min: 1, max: 10_000_00 })), fc.array(op, { minLength: 1, maxLength: 10 }), async (approved, ops) => {
        run++;
        const projects = [await buildProject(database, { year: 2025, key: `PB${run}A` }), await buildProject(database, { year: 2025, key: `PB${run}B` })];
        await buildIssuedBescheid(database, { year: 2025, sequence: 1000 + run, decidedOn: '2025-01-15', lines: projects.map((p, i) => ({ projectId: p.id, approvedCents: approved[i]! })) });
        const model = projects.map((_, i) => ({ approved: approved[i]!, requested: 0, paid: 0, used: 0, open: [] as { id: number; cents: number; on: string }[] }));
        const target = { year: 2025, ags: OWN_AGS, today: TODAY };
        for (const o of ops) {
          const m = model[o.project]!;
          const key = projects[o.project]!.key;
          const date = new Date(Date.UTC(2025, 1, 1 + o.day)).toISOString().slice(0, 10);
          if (o.kind === 'request') {
            const ok = o.cents <= m.approved - m.requested;
            const codes = await codesOf(async () => {
              const { id } = await requestFunds(database, district, target, { projectKey: key, requestedOn: date, amountCents: o.cents, plannedUse: [{ dueOn: date, amountCents: o.cents, purpose: 'Zahlung' }] });
              m.open.push({ id, cents: o.cents, on: date });
            });
            expect(codes.length === 0).toBe(ok);
            if (ok) m.requested += o.cents;
          } else if (o.kind === 'payout') {
            const request = m.open.find((r) => r.cents > 0);
            if (!request) continue;
            const paidOn = request.on > date ? request.on : date;
            const ok = o.cents <= request.cents;
            const codes = await codesOf(() => recordPayout(database, rp, target, { requestId: request.id, paidOn, amountCents: o.cents }));
            expect(codes.length === 0).toBe(ok);
            if (ok) {
              request.cents -= o.cents;
              m.paid += o.cents;
            }
          } else {
            const ok = o.cents <= m.paid - m.used;
            const codes = await codesOf(() => reportUse(database, district, target, { projectKey: key, usedOn: date, amountCents: o.cents, description: '' }));
            expect(codes.length === 0).toBe(ok);
            if (ok) m.used += o.cents;
          }
        }
        const ledger = await readLedger(database.db, 2025, OWN_AGS);
        const d = ledger.balances.districts[0]!;
        projects.forEach((p, i) => {
          const b = d.projects.find((x) => x.project === p.key)!;
          const m = model[i]!;
          expect(b).toMatchObject({ approvedCents: m.approved, requestedCents: m.requested, paidCents: m.paid, usedCents: m.used, availableCents: m.approved - m.requested });
          expect(b.approvedCents).toBe(b.requestedCents + b.availableCents);
          expect(b.requestedCents).toBe(b.paidCents + b.requestedNotPaidCents);
          expect(b.paidCents).toBe(b.usedCents + b.paidNotUsedCents);
          expect(b.availableCents).toBeGreaterThanOrEqual(0);
          expect(b.paidNotUsedCents).toBeGreaterThanOrEqual(0);
        });
        for (const key of ['approvedCents', 'requestedCents', 'paidCents', 'usedCents', 'availableCents'] as const) {
          expect(d[key]).toBe(d.projects.reduce((s, x) => s + x[key], 0));
        }
        expect(ledger.balances.problems.filter((x) => x.code !== 'OHNE_BESCHEID')).toEqual([]);
      }),
      { numRuns: 12 },
    );
  }, 300_000);
});

describe('Zwischenzinsen, Verwendungsnachweis and Rückforderung', () => {
  it('computes the Rückforderung with interest checked by hand, freezes it when issued, and follows the states', async () => {
    // 20.000,00 € approved (Fehlbedarf), all paid on 15.3.2024; actual expenses 7.654,33 € → eligible 7.654,33 €,
    // Rückforderung 12.345,67 €. Interest 15.3.2024 → 1.10.2024 (leap year, 1/366): 107 days at 8,62 % + 93 days at 8,37 %:
    // 12.345,67 × (0,0862 × 107 + 0,0837 × 93) / 366 = 12.345,67 × 17,0075 / 366 = 573,69 €.
    const project = await buildProject(database, { year: 2024, key: 'RF1' });
    await buildIssuedBescheid(database, { year: 2024, sequence: 5000, decidedOn: '2024-03-01', lines: [{ projectId: project.id, approvedCents: 20_000_00 }] });
    const target = { year: 2024, ags: OWN_AGS, today: TODAY };
    const { id } = await requestFunds(database, district, target, { projectKey: 'RF1', requestedOn: '2024-03-10', amountCents: 20_000_00, plannedUse: [{ dueOn: '2024-03-31', amountCents: 20_000_00, purpose: 'Personalausgaben' }] });
    await recordPayout(database, rp, target, { requestId: id, paidOn: '2024-03-15', amountCents: 20_000_00 });
    // 7.654,33 used in time, the rest on 1.7.2024: late (two months ended 15.5.2024) → Zwischenzinsen.
    await reportUse(database, district, target, { projectKey: 'RF1', usedOn: '2024-04-30', amountCents: 7_654_33, description: 'Personal' });
    await reportUse(database, district, target, { projectKey: 'RF1', usedOn: '2024-07-01', amountCents: 1_000_00, description: 'Nachzahlung' });
    const interim = (await findInterimInterest(database.db, await readLedger(database.db, 2024, OWN_AGS), '2024-07-01')).find((x) => x.projectKey === 'RF1')!;
    // 1.000,00 € from 15.3. to 1.7.2024: 107 days at 8,62 % and 1 day (1.7.) at 8,37 %, 1/366:
    // 1.000 × (0,0862 × 107 + 0,0837 × 1) / 366 = 1.000 × 9,3071 / 366 = 25,43 €.
    expect(interim.lines[0]).toMatchObject({ paidOn: '2024-03-15', usedOn: '2024-07-01', amountCents: 1_000_00, days: 108, interestCents: 25_43 });
    await decideInterimInterest(database, rp, target, { projectKey: 'RF1', decision: 'verzicht', asOf: '2024-07-01', reason: 'Geringfügig', expectedVersion: 0 });
    await expect(decideInterimInterest(database, rp, target, { projectKey: 'RF1', decision: 'geltend', asOf: '2024-07-01', reason: '', expectedVersion: 0 })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(decideInterimInterest(database, district, target, { projectKey: 'RF1', decision: 'geltend', asOf: '2024-07-01', reason: '', expectedVersion: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const draft = await getProof(database.db, 2024, OWN_AGS);
    expect(draft).toMatchObject({ status: 'entwurf', version: 0, dueOn: '2025-06-30' });
    // Every approved project of the year needs its Sachbericht (ZM2 of the two-month test is one, with nothing paid).
    const entries = draft.projects.map((p) =>
      p.projectKey === 'RF1'
        ? { projectKey: 'RF1', report: 'Durchgeführt.', placesFilled: 12, results: '8 in Ausbildung', expenses: [7_654_33], funding: [7_654_33] }
        : { projectKey: p.projectKey, report: 'Nicht begonnen.', placesFilled: 0, results: '', expenses: [0], funding: [0] },
    );
    await expect(submitProof(database, district, { year: 2024, ags: OWN_AGS, today: TODAY, expectedVersion: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const { version } = await saveProofDraft(database, district, { year: 2024, ags: OWN_AGS }, { expectedVersion: 0, projects: entries });
    await expect(saveAudit(database, rp, { year: 2024, ags: OWN_AGS }, { expectedVersion: version, note: 'x', interestTo: '2024-10-01' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const submitted = await submitProof(database, district, { year: 2024, ags: OWN_AGS, today: TODAY, expectedVersion: version });
    await expect(saveProofDraft(database, district, { year: 2024, ags: OWN_AGS }, { expectedVersion: submitted.version, projects: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const audited = await saveAudit(database, rp, { year: 2024, ags: OWN_AGS }, { expectedVersion: submitted.version, note: 'Ausgaben unter Plan.', interestTo: '2024-10-01' });
    const content = await issueRefund(database, rp, { year: 2024, ags: OWN_AGS, today: TODAY, expectedVersion: audited.version });
    const rf1 = content.projects.find((p) => p.projectKey === 'RF1')!;
    expect(rf1).toMatchObject({ paidCents: 20_000_00, eligibleCents: 7_654_33, refundCents: 12_345_67, interestCents: 573_69 });
    expect(rf1.portions[0]!.periods.map((x) => [x.from, x.to, x.days, x.ratePercent, x.interestCents])).toEqual([
      ['2024-03-16', '2024-06-30', 107, '8.62', expect.any(Number)],
      ['2024-07-01', '2024-10-01', 93, '8.37', expect.any(Number)],
    ]);
    expect(rf1.portions[0]!.periods.reduce((s, x) => s + x.interestCents, 0)).toBe(573_69);
    const issued = await getProof(database.db, 2024, OWN_AGS);
    expect(issued).toMatchObject({ status: 'geprueft', issuedOn: TODAY });
    expect(issued.refund?.totals.refundCents).toBe(content.totals.refundCents);
    // Frozen: a second issue is refused.
    await expect(issueRefund(database, rp, { year: 2024, ags: OWN_AGS, today: TODAY, expectedVersion: issued.version })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The live computation with an interest end before the payout is refused with its code.
    expect(await codesOf(() => computeRefundContent(database.db, issued, { note: '', interestTo: '2024-03-01', issuedOn: null }))).toEqual(['ZINSZEITRAUM_UNGUELTIG']);
  });
});
