import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { getBudgetYear } from '../../modules/budget-years/service';
import { findMonitoring, monitoringCsv, monitoringXlsxTable } from '../../modules/steering/service';
import { isAppError } from '../../platform/errors';
import { writeXlsxTable } from '../../platform/xlsx';
import type { Command } from './command';

const USAGE = 'aqb steuerung export --year JAHR [--format csv|xlsx] [--out DATEI]';

export const steuerungCommands: Command[] = [
  {
    path: ['steuerung', 'export'],
    usage: USAGE,
    summary: 'Schreibt die Monitoring-Tabelle eines AQB-Jahres (Zuweisung, bewilligt, abgerufen, ausgezahlt, verwendet, Plätze, Verbleibe je Gebietskörperschaft, mit Landessumme) als CSV oder XLSX.',
    async run(args, ctx) {
      const { values } = parseArgs({ args, strict: true, options: { year: { type: 'string' }, format: { type: 'string', default: 'csv' }, out: { type: 'string' } } });
      if (!values.year || !/^\d{4}$/.test(values.year)) {
        ctx.io.err(`--year fehlt oder ist kein vierstelliges Jahr.\nAufruf: ${USAGE}\n`);
        return 2;
      }
      if (values.format !== 'csv' && values.format !== 'xlsx') {
        ctx.io.err(`--format: erlaubt sind csv und xlsx.\nAufruf: ${USAGE}\n`);
        return 2;
      }
      if (values.format === 'xlsx' && !values.out) {
        ctx.io.err('Für --format xlsx bitte mit --out eine Datei angeben.\n');
        return 2;
      }
      const runtime = await ctx.runtime();
      const db = runtime.database.db;
      const year = Number(values.year);
      try {
        await getBudgetYear(db, year);
      } catch (error) {
        if (!isAppError(error)) throw error;
        ctx.io.err(`${error.message}\n`);
        return 1;
      }
      const monitoring = await findMonitoring(db, year);
      const bytes = values.format === 'csv' ? new TextEncoder().encode(monitoringCsv(monitoring)) : await writeXlsxTable(monitoringXlsxTable(monitoring));
      if (values.out) {
        await writeFile(values.out, bytes);
        ctx.io.err(`Monitoring ${year} geschrieben: ${values.out} (${monitoring.rows.length} Gebietskörperschaften)\n`);
      } else {
        ctx.io.out(new TextDecoder().decode(bytes));
      }
      return 0;
    },
  },
];
