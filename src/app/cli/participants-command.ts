import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isAppError } from '../../platform/errors';
import { isAgs } from '../../platform/input';
import type { CliContext, Command } from './command';

const IMPORT_USAGE = 'aqb teilnehmende import --year JAHR --ags AGS --projekt KÜRZEL DATEI [--json]';
const STATISTICS_USAGE = 'aqb teilnehmende statistik --year JAHR [--ags AGS] [--oeffentlich] [--json]';

/** The year option: four digits, else a German message. */
function parseYearOption(value: string | undefined): number | null {
  return value !== undefined && /^\d{4}$/.test(value) ? Number(value) : null;
}

function printAppError(ctx: CliContext, error: unknown): number {
  if (!isAppError(error)) throw error;
  ctx.io.err(`${[error.message, ...error.issues.map((i) => `  – ${i.path}: ${i.message}`)].join('\n')}\n`);
  return 1;
}

interface JsonTable {
  name: string;
  rows: string[];
  columns: string[];
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  total: number | null;
}

/** A table as aligned text: "•" where withheld. */
function tableText(table: JsonTable): string {
  const show = (v: number | null) => (v === null ? '•' : String(v));
  const header = ['', ...table.columns, 'Summe'];
  const lines = [...table.rows.map((label, i) => [label, ...table.cells[i]!.map(show), show(table.rowTotals[i] ?? null)]), ['Summe', ...table.columnTotals.map(show), show(table.total)]];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  return [table.name, format(header), ...lines.map(format), ''].join('\n');
}

export const participantCommands: Command[] = [
  {
    path: ['teilnehmende', 'import'],
    usage: IMPORT_USAGE,
    summary: 'Prüft eine Teilnehmendendatei (CSV/XLSX) wie die Upload-Seite und ersetzt bei fehlerfreier Datei die Teilnehmenden des Projekts (bei jedem Fehler wird nichts gespeichert).',
    async run(args, ctx) {
      const { values, positionals } = parseArgs({
        args,
        strict: true,
        allowPositionals: true,
        options: { year: { type: 'string' }, ags: { type: 'string' }, projekt: { type: 'string' }, json: { type: 'boolean', default: false } },
      });
      const problems: string[] = [];
      const year = parseYearOption(values.year);
      if (year === null) problems.push(values.year === undefined ? '--year fehlt.' : `--year: „${values.year}“ ist kein Jahr (vierstellig, z. B. 2025).`);
      if (values.ags === undefined) problems.push('--ags fehlt.');
      else if (!isAgs(values.ags)) problems.push(`--ags: „${values.ags}“ ist kein hessischer Gemeindeschlüssel (fünfstellig, beginnt mit 06).`);
      if (values.projekt === undefined || values.projekt.trim() === '') problems.push('--projekt fehlt.');
      if (positionals.length !== 1) problems.push(positionals.length === 0 ? 'Bitte genau eine Datei angeben.' : `Bitte genau eine Datei angeben (angegeben: ${positionals.length}).`);
      if (problems.length > 0 || year === null) {
        ctx.io.err(`${problems.join('\n')}\nAufruf: ${IMPORT_USAGE}\n`);
        return 2;
      }
      const path = positionals[0]!;
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(path));
      } catch {
        ctx.io.err(`Die Datei „${path}“ kann nicht gelesen werden.\n`);
        return 1;
      }
      const { getParticipantProject, importParticipantFile } = await import('../../modules/participants/service');
      const database = (await ctx.runtime()).database;
      let outcome;
      let project;
      try {
        project = await getParticipantProject(database.db, year, values.ags!, values.projekt!);
        outcome = await importParticipantFile(database, { actor: null, via: ctx.via }, project, { fileName: path.split(/[\\/]/).pop() ?? path, bytes });
      } catch (error) {
        return printAppError(ctx, error);
      }
      if (!outcome.ok) {
        if (values.json) ctx.io.out(`${JSON.stringify({ ok: false, errors: outcome.errors }, null, 2)}\n`);
        else ctx.io.err(`${outcome.errors.map((e) => `${e.line > 0 ? `Zeile ${e.line}` : 'Datei'}${e.field ? `, Spalte ${e.field}` : ''}: ${e.message}`).join('\n')}\n${outcome.errors.length} Fehler – es wurde nichts gespeichert.\n`);
        return 1;
      }
      const { difference } = outcome;
      if (values.json) {
        ctx.io.out(
          `${JSON.stringify(
            {
              ok: true,
              project: { year: project.year, ags: project.ags, key: project.key, title: project.title },
              records: outcome.records,
              version: outcome.version,
              added: difference.added,
              changed: difference.changed.map((c) => c.kennung),
              removed: difference.removed,
              unchanged: difference.unchanged,
            },
            null,
            2,
          )}\n`,
        );
      } else {
        ctx.io.out(
          `${outcome.records} Teilnehmende für „${project.title}“ (${project.ags}, ${project.year}) gespeichert: ${difference.added.length} neu, ${difference.changed.length} geändert, ${difference.removed.length} entfallen, ${difference.unchanged} unverändert.\n`,
        );
      }
      return 0;
    },
  },
  {
    path: ['teilnehmende', 'statistik'],
    usage: STATISTICS_USAGE,
    summary: 'Gibt die Teilnehmendentabellen eines AQB-Jahres aus (Land oder eine Gebietskörperschaft); mit --oeffentlich genau das, was das Portal veröffentlicht (• = geheim gehalten).',
    async run(args, ctx) {
      const { values } = parseArgs({ args, strict: true, options: { year: { type: 'string' }, ags: { type: 'string' }, oeffentlich: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } } });
      const year = parseYearOption(values.year);
      const problems: string[] = [];
      if (year === null) problems.push(values.year === undefined ? '--year fehlt.' : `--year: „${values.year}“ ist kein Jahr (vierstellig, z. B. 2025).`);
      if (values.ags !== undefined && !isAgs(values.ags)) problems.push(`--ags: „${values.ags}“ ist kein hessischer Gemeindeschlüssel (fünfstellig, beginnt mit 06).`);
      if (problems.length > 0 || year === null) {
        ctx.io.err(`${problems.join('\n')}\nAufruf: ${STATISTICS_USAGE}\n`);
        return 2;
      }
      const [{ countParticipantTables, publicParticipantTables }, { findBudgetYear }, { getDistrict }] = await Promise.all([
        import('../../modules/participants/service'),
        import('../../modules/budget-years/service'),
        import('../../modules/districts/service'),
      ]);
      const db = (await ctx.runtime()).database.db;
      try {
        if (!(await findBudgetYear(db, year))) {
          ctx.io.err(`Das AQB-Jahr ${year} ist nicht angelegt.\n`);
          return 1;
        }
        if (values.ags !== undefined) await getDistrict(db, values.ags);
      } catch (error) {
        return printAppError(ctx, error);
      }
      const scope = { year, ...(values.ags !== undefined ? { ags: values.ags } : {}) };
      const tables = values.oeffentlich ? await publicParticipantTables(db, scope) : await countParticipantTables(db, scope);
      const json: JsonTable[] = tables.map(({ table }) => ({
        name: table.name ?? '',
        rows: table.rows,
        columns: table.columns,
        cells: table.cells,
        rowTotals: table.rowTotals,
        columnTotals: table.columnTotals,
        total: table.total,
      }));
      if (values.json) ctx.io.out(`${JSON.stringify({ tables: json }, null, 2)}\n`);
      else ctx.io.out(`${json.map(tableText).join('\n')}${values.oeffentlich ? '\n• = geheim gehalten (Werte 1 bis k−1, k = 3, bei Behinderung und Migrationshintergrund k = 5, und Werte, aus denen sie sich errechnen ließen); nie 0.\n' : ''}`);
      return 0;
    },
  },
  {
    path: ['teilnehmende', 'aufbewahrung'],
    usage: 'aqb teilnehmende aufbewahrung [--stichtag JJJJ-MM-TT] [--json]',
    summary:
      'Löscht die Teilnehmendendaten aller Projekte, deren Aufbewahrungsfrist abgelaufen ist (Ende des 5. Jahres nach Projektende, AQB_TEILNEHMENDE_AUFBEWAHRUNG_JAHRE); Auswertungen bleiben. Der Server tut das täglich selbst.',
    async run(args, ctx) {
      const { values } = parseArgs({ args, strict: true, options: { stichtag: { type: 'string' }, json: { type: 'boolean', default: false } } });
      const today = values.stichtag ?? new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date());
      const { isRealIsoDate } = await import('../../platform/input');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || !isRealIsoDate(today)) {
        ctx.io.err(`--stichtag: „${today}“ ist kein Datum (JJJJ-MM-TT).\n`);
        return 2;
      }
      const { deleteExpiredParticipantRecords } = await import('../../modules/participants/service');
      const deleted = await deleteExpiredParticipantRecords((await ctx.runtime()).database, { today, retentionYears: ctx.config.participantRetentionYears, via: ctx.via });
      if (values.json) ctx.io.out(`${JSON.stringify({ retentionYears: ctx.config.participantRetentionYears, deleted }, null, 2)}\n`);
      else if (deleted.length === 0) ctx.io.out(`Keine Teilnehmendendaten mit abgelaufener Aufbewahrungsfrist (${ctx.config.participantRetentionYears} Jahre nach Projektende).\n`);
      else ctx.io.out(`${deleted.map((d) => `${d.ags} ${d.year} ${d.key}: ${d.records} Datensätze gelöscht (Projektende ${d.endedOn})`).join('\n')}\n`);
      return 0;
    },
  },
];
