import { formatEuroNumber } from '../../platform/format';
import { writeCsv } from '../../platform/input';
import type { XlsxTable } from '../../platform/xlsx';
import type { Monitoring, MonitoringRow } from './monitoring-schema';

const HEADERS = ['AGS', 'Gebietskörperschaft', 'Zuweisung (EUR)', 'Bewilligt (EUR)', 'Abgerufen (EUR)', 'Ausgezahlt (EUR)', 'Verwendet (EUR)', 'Plätze geplant', 'Plätze belegt', 'Verbleibe bisher'];
const MONEY = ['allocationCents', 'approvedCents', 'requestedCents', 'paidCents', 'usedCents'] as const;

const outcomesTotal = (r: MonitoringRow) => Object.values(r.total.outcomes).reduce((s, n) => s + n, 0);

/** The Land monitoring table as CSV (semicolon, German numbers, BOM) with the Land total row. */
export function monitoringCsv(m: Monitoring): string {
  const line = (r: MonitoringRow) => [r.ags ?? '', r.name, ...MONEY.map((k) => formatEuroNumber(r.total[k] ?? 0)), String(r.total.plannedPlaces), String(r.total.filledPlaces), String(outcomesTotal(r))];
  return writeCsv([HEADERS, ...m.rows.map(line), ...(m.land ? [line(m.land)] : [])]);
}

/** The same table for the spreadsheet writer (euro columns as numbers, sums in the totals row "Land Hessen"). */
export function monitoringXlsxTable(m: Monitoring): XlsxTable {
  return {
    sheetName: `Monitoring ${m.year}`,
    tableName: `Monitoring_${m.year}`,
    columns: HEADERS.map((header, i) => ({ header, kind: i < 2 ? 'text' : i < 7 ? 'euro' : 'integer', width: i === 1 ? 40 : 16, sum: i >= 2 })),
    rows: m.rows.map((r) => [r.ags ?? '', r.name, ...MONEY.map((k) => r.total[k] ?? 0), r.total.plannedPlaces, r.total.filledPlaces, outcomesTotal(r)]),
    totalsLabel: 'Land Hessen',
  };
}
