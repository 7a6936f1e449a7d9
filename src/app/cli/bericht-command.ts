import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { getBudgetYear } from '../../modules/budget-years/service';
import { findReleasedReport, findStateReportVersions, REPORT_FORMATS, type ReportFormat, reportFile } from '../../modules/state-report/service';
import { isAppError } from '../../platform/errors';
import type { Command } from './command';

const USAGE = 'aqb bericht --year JAHR --format pdf|docx|html --out DATEI';

export const berichtCommands: Command[] = [
  {
    path: ['bericht'],
    usage: USAGE,
    summary: 'Schreibt den Landesbericht eines AQB-Jahres als PDF, DOCX oder HTML: die freigegebene Fassung, sonst den aktuellen Entwurf (als „Entwurf“ gekennzeichnet).',
    // Reads only: the running embedded server renders it when it holds the data directory (ADR 0024).
    remote: true,
    async run(args, ctx) {
      const { values } = parseArgs({ args, strict: true, options: { year: { type: 'string' }, format: { type: 'string', default: 'pdf' }, out: { type: 'string' } } });
      if (!values.year || !/^\d{4}$/.test(values.year)) {
        ctx.io.err(`--year fehlt oder ist kein vierstelliges Jahr.\nAufruf: ${USAGE}\n`);
        return 2;
      }
      if (!REPORT_FORMATS.includes(values.format as ReportFormat)) {
        ctx.io.err(`--format: erlaubt sind pdf, docx und html.\nAufruf: ${USAGE}\n`);
        return 2;
      }
      if (!values.out) {
        ctx.io.err(`--out fehlt: bitte eine Datei angeben.\nAufruf: ${USAGE}\n`);
        return 2;
      }
      const format = values.format as ReportFormat;
      const year = Number(values.year);
      const db = (await ctx.runtime()).database.db;
      try {
        await getBudgetYear(db, year);
      } catch (error) {
        if (!isAppError(error)) throw error;
        ctx.io.err(`${error.message}\n`);
        return 1;
      }
      if ((await findStateReportVersions(db, year)).length === 0) {
        ctx.io.err(`Einen Landesbericht ${year} gibt es noch nicht. Das HMSI legt ihn unter /landesbericht an.\n`);
        return 1;
      }
      const released = await findReleasedReport(db, year);
      const file = await reportFile(db, year, format, released?.versionNo);
      const target = ctx.resolvePath(values.out);
      await writeFile(target, file.bytes);
      ctx.io.err(`Landesbericht ${year}, Fassung ${file.versionNo}${file.isDraft ? ' (Entwurf)' : ' (freigegeben)'}, geschrieben: ${target}\n`);
      return 0;
    },
  },
];
