import { findMonitoring, monitoringCsv, monitoringXlsxTable } from '../../modules/steering/service';
import type { Command } from './command';
import { yearTableExportCommand } from './year-table-export';

export const steuerungCommands: Command[] = [
  yearTableExportCommand({
    area: 'steuerung',
    label: 'Monitoring',
    summary: 'Schreibt die Monitoring-Tabelle eines AQB-Jahres (Zuweisung, bewilligt, abgerufen, ausgezahlt, verwendet, Plätze, Verbleibe je Gebietskörperschaft, mit Landessumme) als CSV oder XLSX.',
    load: (db, year) => findMonitoring(db, year),
    csv: monitoringCsv,
    xlsx: monitoringXlsxTable,
  }),
];
