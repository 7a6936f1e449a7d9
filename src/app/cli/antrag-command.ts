import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { AntragCheckResult, AntragImporter, AntragProblem } from '../../modules/funding/service';
import { formatEuro } from '../../platform/format';
import type { Command } from './command';

const CHECK_USAGE = 'aqb antrag check DATEI.json [--json]';
const IMPORT_USAGE = 'aqb antrag import DATEI.json [--json] [--als E-MAIL]';
/** An Antrag of 300 projects is far below this; anything larger is no Antrag. */
const MAX_ANTRAG_BYTES = 5 * 1024 * 1024;

/** The file's text, or a German message why it cannot be read. */
async function readAntragFile(path: string): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return { ok: false, message: `„${path}“ ist keine Datei.` };
    if (info.size > MAX_ANTRAG_BYTES) return { ok: false, message: `Die Datei „${path}“ ist größer als 5 MB; ein Antrag ist viel kleiner.` };
    return { ok: true, text: await readFile(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, message: `Die Datei „${path}“ gibt es nicht.` };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, message: `Die Datei „${path}“ darf nicht gelesen werden (fehlende Berechtigung).` };
    return { ok: false, message: `Die Datei „${path}“ konnte nicht gelesen werden (${code ?? 'E/A-Fehler'}).` };
  }
}

const problemLine = (p: AntragProblem) => `  ${p.code}  ${p.path}\n    ${p.message}`;

function totalsLines(totals: AntragCheckResult['totals']): string[] {
  return [
    `  AQB-Zuwendung beantragt: ${formatEuro(totals.aqbCents)}`,
    `  Ausgaben insgesamt:      ${formatEuro(totals.expensesCents)}`,
    `  Zuweisung:               ${totals.allocationCents === null ? 'keine hinterlegt' : formatEuro(totals.allocationCents)}`,
  ];
}

/** One file argument, or exit code 2 with the usage. */
function singleFile(positionals: string[], usage: string, err: (t: string) => void): string | null {
  if (positionals.length !== 1) {
    err(`Bitte genau eine Datei angeben.\nAufruf: ${usage}\n`);
    return null;
  }
  return positionals[0]!;
}

export const antragCommands: Command[] = [
  {
    path: ['antrag', 'check'],
    usage: CHECK_USAGE,
    summary: 'Prüft einen Antrag im Format aqb.antrag/1 gegen Schema, Zuweisung und Teilbudgets; jedes Problem mit Code, JSON-Pfad und Meldung (Exit 1 bei Problemen).',
    async run(args, ctx) {
      const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
      const path = singleFile(positionals, CHECK_USAGE, ctx.io.err);
      if (path === null) return 2;
      const file = await readAntragFile(path);
      if (!file.ok) {
        ctx.io.err(`${file.message}\n`);
        return 2;
      }
      const { checkAntragText } = await import('../../modules/funding/service');
      const { antrag: _antrag, ...result } = await checkAntragText((await ctx.runtime()).database.db, file.text);
      if (values.json) {
        ctx.io.out(`${JSON.stringify(result, null, 2)}\n`);
        return result.ok ? 0 : 1;
      }
      const lines = [
        result.ok ? `${path}: keine Probleme gefunden.` : `${path}: ${result.problems.length === 1 ? '1 Problem' : `${result.problems.length} Probleme`}`,
        ...result.problems.map(problemLine),
        '',
        'Summen:',
        ...totalsLines(result.totals),
        '',
        'Die Prüfung der regionalen Arbeitsmarkt- und Ausbildungsstrategie (STRATEGIE_FEHLT) gehört zur Einreichung.',
        '',
      ];
      ctx.io.out(lines.join('\n'));
      return result.ok ? 0 : 1;
    },
  },
  {
    path: ['antrag', 'import'],
    usage: IMPORT_USAGE,
    summary: 'Speichert einen Antrag (aqb.antrag/1) als Entwurf der Gebietskörperschaft: ihre Projekte des Jahres (--als: im Namen ihres Kontos, sonst als System).',
    async run(args, ctx) {
      const { values, positionals } = parseArgs({ args, options: { json: { type: 'boolean', default: false }, als: { type: 'string' } }, allowPositionals: true, strict: true });
      const path = singleFile(positionals, IMPORT_USAGE, ctx.io.err);
      if (path === null) return 2;
      const file = await readAntragFile(path);
      if (!file.ok) {
        ctx.io.err(`${file.message}\n`);
        return 2;
      }
      const database = (await ctx.runtime()).database;
      let who: AntragImporter = { actor: null, via: ctx.via };
      if (values.als !== undefined) {
        try {
          const { getActorByEmail } = await import('../../modules/access/service');
          who = { actor: await getActorByEmail(database.db, values.als), via: ctx.via };
        } catch (error) {
          ctx.io.err(`${error instanceof Error ? error.message : String(error)}\n`);
          return 1;
        }
      }
      const { importAntragText } = await import('../../modules/funding/service');
      let result;
      try {
        result = await importAntragText(database, who, file.text);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'FORBIDDEN' || code === 'NOT_FOUND') {
          ctx.io.err(`Das Konto ${values.als ?? ''} darf Projekte dieser Gebietskörperschaft nicht ändern.\n`);
          return 1;
        }
        if (code === 'INVALID_STATE_TRANSITION') {
          ctx.io.err(`${(error as Error).message}\n`);
          return 1;
        }
        throw error;
      }
      if (values.json) {
        ctx.io.out(`${JSON.stringify(result, null, 2)}\n`);
        return result.stored ? 0 : 1;
      }
      const warnings = result.problems.filter((p) => !result.blocking.includes(p));
      const lines = result.stored
        ? [
            `${path}: als Entwurf gespeichert – ${result.created.length} neu, ${result.updated.length} ersetzt, ${result.dropped.length} entfallen${result.dropped.length ? ` (${result.dropped.join(', ')})` : ''}.`,
            ...(result.agreementVersion !== null ? [`  § 5 des Entwurfs der Zielvereinbarung folgt den Projekten: Version ${result.agreementVersion}.`] : []),
            ...(warnings.length ? ['', 'Vor der Einreichung zu klären:', ...warnings.map(problemLine)] : []),
          ]
        : [`${path}: nicht gespeichert – ${result.blocking.length === 1 ? '1 Problem' : `${result.blocking.length} Probleme`}`, ...result.blocking.map(problemLine)];
      ctx.io.out([...lines, '', 'Summen:', ...totalsLines(result.totals), ''].join('\n'));
      return result.stored ? 0 : 1;
    },
  },
];
