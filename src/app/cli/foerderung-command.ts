import { findFundingOverview, overviewCsv, overviewXlsxTable } from '../../modules/payments/service';
import type { Command } from './command';
import { yearTableExportCommand } from './year-table-export';

export const foerderungCommands: Command[] = [
  yearTableExportCommand({
    area: 'foerderung',
    label: 'Förderübersicht',
    summary: 'Schreibt die Förderübersicht eines AQB-Jahres (zugewiesen, beantragt, bewilligt, ausgezahlt, verwendet, zurückgefordert je Gebietskörperschaft, mit Landessumme) als CSV oder XLSX.',
    load: findFundingOverview,
    csv: overviewCsv,
    xlsx: overviewXlsxTable,
  }),
];
