import { eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import type { XlsxTable } from '../../platform/xlsx';
import { writeCsv } from '../../platform/input';
import { formatEuroNumber } from '../../platform/format';
import { findAllocationsForYear } from '../budget-years/service';
import { findDistricts } from '../districts/service';
import { findAntragStates } from '../funding/service';
import { planTotals } from '../projects/schema';
import { readLedgers } from './ledger';
import { proofs } from './tables';

export interface OverviewFigures {
  allocatedCents: number;
  /** The AQB share asked for in the submitted Antrag (0 while it is a draft). */
  appliedCents: number;
  approvedCents: number;
  paidCents: number;
  usedCents: number;
  /** Rückforderungen issued (without interest). */
  refundedCents: number;
}

export interface OverviewRow extends OverviewFigures {
  ags: string;
  name: string;
}

export interface FundingOverview {
  year: number;
  rows: OverviewRow[];
  /** The Land: the sums of the 26 rows. */
  total: OverviewFigures;
}

const KEYS = ['allocatedCents', 'appliedCents', 'approvedCents', 'paidCents', 'usedCents', 'refundedCents'] as const;

/** The Förderübersicht of a year: per district allocated, beantragt, bewilligt, ausgezahlt, verwendet, zurückgefordert, with the Land sums. */
export async function findFundingOverview(db: Executor, year: number): Promise<FundingOverview> {
  const allocations = new Map((await findAllocationsForYear(db, year)).map((a) => [a.ags, Number(a.amountCents)]));
  const antraege = await findAntragStates(db, year);
  const ledgers = await readLedgers(db, year);
  const refunds = new Map(
    (await db.select({ ags: proofs.ags, refund: proofs.refund, status: proofs.status }).from(proofs).where(eq(proofs.year, year)))
      .filter((p) => p.status === 'geprueft' && p.refund)
      .map((p) => [p.ags, p.refund!.totals.refundCents]),
  );
  const rows: OverviewRow[] = (await findDistricts(db)).map((d) => {
    const state = antraege.get(d.ags);
    const applied = state?.submittedContent ? state.submittedContent.projects.reduce((s, p) => s + planTotals(p).aqbCents, 0) : 0;
    const figures = ledgers.get(d.ags)?.balances.total;
    return {
      ags: d.ags,
      name: d.name,
      allocatedCents: allocations.get(d.ags) ?? 0,
      appliedCents: applied,
      approvedCents: figures?.approvedCents ?? 0,
      paidCents: figures?.paidCents ?? 0,
      usedCents: figures?.usedCents ?? 0,
      refundedCents: refunds.get(d.ags) ?? 0,
    };
  });
  const total = Object.fromEntries(KEYS.map((k) => [k, rows.reduce((s, r) => s + r[k], 0)])) as unknown as OverviewFigures;
  return { year, rows, total };
}

const HEADERS = ['AGS', 'Gebietskörperschaft', 'Zugewiesen (EUR)', 'Beantragt (EUR)', 'Bewilligt (EUR)', 'Ausgezahlt (EUR)', 'Verwendet (EUR)', 'Zurückgefordert (EUR)'];

/** CSV (semicolon, German numbers, BOM) with a sum line "Land Hessen". */
export function overviewCsv(overview: FundingOverview): string {
  const line = (ags: string, name: string, f: OverviewFigures) => [ags, name, ...KEYS.map((k) => formatEuroNumber(f[k]))];
  return writeCsv([HEADERS, ...overview.rows.map((r) => line(r.ags, r.name, r)), line('', 'Land Hessen', overview.total)]);
}

/** The same table for the one spreadsheet writer (euro columns as numbers). */
export function overviewXlsxTable(overview: FundingOverview): XlsxTable {
  return {
    sheetName: `Förderung ${overview.year}`,
    tableName: `Foerderuebersicht_${overview.year}`,
    columns: HEADERS.map((header, i) => ({ header, kind: i < 2 ? 'text' : 'euro', width: i === 1 ? 40 : 18, sum: i >= 2 })),
    rows: overview.rows.map((r) => [r.ags, r.name, ...KEYS.map((k) => r[k])]),
    totalsLabel: 'Land Hessen',
  };
}
