/**
 * The money position of every project and district, derived from the records alone (nothing is
 * stored twice, so nothing can drift):
 *
 *   bewilligt   approvedCents    the amount of the latest Bescheid/Änderungsbescheid of the project
 *                                (latest `decidedOn`; on the same day the later record in the list)
 *   abgerufen   requestedCents   Σ Mittelabrufe (the caller leaves out withdrawn or rejected ones)
 *   ausgezahlt  paidCents        Σ Auszahlungen
 *   verwendet   usedCents        Σ reported uses
 *   verfügbar   availableCents   bewilligt − abgerufen: what may still be requested
 *   and the two gaps in between: requestedNotPaidCents = abgerufen − ausgezahlt (requested, not yet
 *   paid) and paidNotUsedCents = ausgezahlt − verwendet (paid, not yet used: the two-month rule
 *   watches this).
 *
 * Values are never clamped, so the identities bewilligt = abgerufen + verfügbar,
 * abgerufen = ausgezahlt + requestedNotPaid and ausgezahlt = verwendet + paidNotUsed hold to the cent
 * for every project, and every district's (and the Land's) figures are the exact sums of its
 * projects'. What should not happen is reported as a problem with a code instead: more requested
 * than approved, more paid than requested, more used than paid, records for a project without a
 * Bescheid.
 */
import { parseInput } from './parse-input';
import { formatEuro } from '../../platform/format';
import { type BalanceRecords, BalanceRecordsSchema } from './schema';

export interface BalanceFigures {
  approvedCents: number;
  requestedCents: number;
  paidCents: number;
  usedCents: number;
  availableCents: number;
  requestedNotPaidCents: number;
  paidNotUsedCents: number;
}

export type BalanceProblemCode = 'ABRUF_UEBER_BEWILLIGUNG' | 'AUSZAHLUNG_UEBER_ABRUF' | 'VERWENDUNG_UEBER_AUSZAHLUNG' | 'OHNE_BESCHEID';

export interface BalanceProblem {
  code: BalanceProblemCode;
  ags: string;
  project: string;
  message: string;
}

export interface ProjectBalance extends BalanceFigures {
  ags: string;
  project: string;
}

export interface DistrictBalance extends BalanceFigures {
  ags: string;
  projects: ProjectBalance[];
}

export interface Balances {
  districts: DistrictBalance[];
  /** The Land: the sum of all districts. */
  total: BalanceFigures;
  problems: BalanceProblem[];
}

function figures(approvedCents: number, requestedCents: number, paidCents: number, usedCents: number): BalanceFigures {
  return {
    approvedCents,
    requestedCents,
    paidCents,
    usedCents,
    availableCents: approvedCents - requestedCents,
    requestedNotPaidCents: requestedCents - paidCents,
    paidNotUsedCents: paidCents - usedCents,
  };
}

function sumFigures(list: BalanceFigures[]): BalanceFigures {
  const sum = (key: keyof BalanceFigures) => list.reduce((total, f) => total + f[key], 0);
  return figures(sum('approvedCents'), sum('requestedCents'), sum('paidCents'), sum('usedCents'));
}

const keyOf = (ags: string, project: string) => `${ags}\u0000${project}`;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Balances per project, district (by AGS) and Land from the records (definitions at the top of this
 * file). Projects and districts are sorted by AGS and project key. Throws VALIDATION_FAILED for
 * records the schema refuses (negative amounts, bad dates).
 */
export function computeBalances(rawRecords: BalanceRecords): Balances {
  const records = parseInput(BalanceRecordsSchema, rawRecords, 'Die Förderdaten sind ungültig.');
  const projects = new Map<string, { ags: string; project: string; approved: { decidedOn: string; amountCents: number } | null; requested: number; paid: number; used: number }>();
  const entry = (ags: string, project: string) => {
    const key = keyOf(ags, project);
    let value = projects.get(key);
    if (!value) {
      value = { ags, project, approved: null, requested: 0, paid: 0, used: 0 };
      projects.set(key, value);
    }
    return value;
  };
  for (const approval of records.approvals) {
    const value = entry(approval.ags, approval.project);
    // `>=`: on the same day the later record (an Änderungsbescheid issued after the Bescheid) wins.
    if (value.approved === null || approval.decidedOn >= value.approved.decidedOn) value.approved = { decidedOn: approval.decidedOn, amountCents: approval.amountCents };
  }
  for (const request of records.requests) entry(request.ags, request.project).requested += request.amountCents;
  for (const payout of records.payouts) entry(payout.ags, payout.project).paid += payout.amountCents;
  for (const use of records.uses) entry(use.ags, use.project).used += use.amountCents;

  const problems: BalanceProblem[] = [];
  const byDistrict = new Map<string, ProjectBalance[]>();
  const sorted = [...projects.values()].sort((a, b) => compare(a.ags, b.ags) || compare(a.project, b.project));
  for (const p of sorted) {
    const balance: ProjectBalance = { ags: p.ags, project: p.project, ...figures(p.approved?.amountCents ?? 0, p.requested, p.paid, p.used) };
    const problem = (code: BalanceProblemCode, message: string) => problems.push({ code, ags: p.ags, project: p.project, message: `Projekt ${p.project} (${p.ags}): ${message}` });
    if (p.approved === null) problem('OHNE_BESCHEID', 'Es gibt Abrufe, Auszahlungen oder Verwendungen, aber keinen Bescheid.');
    else if (balance.requestedCents > balance.approvedCents) {
      problem('ABRUF_UEBER_BEWILLIGUNG', `Abgerufen sind ${formatEuro(balance.requestedCents)}, bewilligt nur ${formatEuro(balance.approvedCents)}.`);
    }
    if (balance.paidCents > balance.requestedCents) {
      problem('AUSZAHLUNG_UEBER_ABRUF', `Ausgezahlt sind ${formatEuro(balance.paidCents)}, abgerufen nur ${formatEuro(balance.requestedCents)}.`);
    }
    if (balance.usedCents > balance.paidCents) {
      problem('VERWENDUNG_UEBER_AUSZAHLUNG', `Verwendet sind ${formatEuro(balance.usedCents)}, ausgezahlt nur ${formatEuro(balance.paidCents)}.`);
    }
    const list = byDistrict.get(p.ags) ?? [];
    list.push(balance);
    byDistrict.set(p.ags, list);
  }
  const districts: DistrictBalance[] = [...byDistrict.entries()].map(([ags, list]) => ({ ags, ...sumFigures(list), projects: list }));
  return { districts, total: sumFigures(districts), problems };
}
