import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { getBudgetYear } from '../../modules/budget-years/service';
import type { Executor } from '../../platform/db/client';
import { isAppError } from '../../platform/errors';
import { writeXlsxTable } from '../../platform/xlsx';
import type { Command } from './command';

/**
 * `aqb <area> export --year JAHR [--format csv|xlsx] [--out DATEI]`: one year's table of all
 * districts (with the Land total) as CSV (stdout or file) or XLSX (file). The Förderübersicht and the
 * monitoring table share this command shape; each passes how to load and write its table.
 */
export function yearTableExportCommand<T extends { rows: readonly unknown[] }>(spec: {
  area: string;
  /** "Förderübersicht", "Monitoring": names the file in the confirmation line. */
  label: string;
  summary: string;
  load: (db: Executor, year: number) => Promise<T>;
  csv: (table: T) => string;
  xlsx: (table: T) => Parameters<typeof writeXlsxTable>[0];
}): Command {
  const usage = `aqb ${spec.area} export --year JAHR [--format csv|xlsx] [--out DATEI]`;
  return {
    path: [spec.area, 'export'],
    usage,
    summary: spec.summary,
    async run(args, ctx) {
      const { values } = parseArgs({ args, strict: true, options: { year: { type: 'string' }, format: { type: 'string', default: 'csv' }, out: { type: 'string' } } });
      if (!values.year || !/^\d{4}$/.test(values.year)) {
        ctx.io.err(`--year fehlt oder ist kein vierstelliges Jahr.\nAufruf: ${usage}\n`);
        return 2;
      }
      if (values.format !== 'csv' && values.format !== 'xlsx') {
        ctx.io.err(`--format: erlaubt sind csv und xlsx.\nAufruf: ${usage}\n`);
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
      const table = await spec.load(db, year);
      const bytes = values.format === 'csv' ? new TextEncoder().encode(spec.csv(table)) : await writeXlsxTable(spec.xlsx(table));
      if (values.out) {
        await writeFile(values.out, bytes);
        ctx.io.err(`${spec.label} ${year} geschrieben: ${values.out} (${table.rows.length} Gebietskörperschaften)\n`);
      } else {
        ctx.io.out(new TextDecoder().decode(bytes));
      }
      return 0;
    },
  };
}
