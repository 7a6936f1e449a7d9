import { closeSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { isAppError } from '../../platform/errors';
import type { CliContext, Command } from './command';

function databaseLabel(ctx: CliContext): string {
  const target = ctx.config.database;
  if (target.kind === 'pglite-file') return `eingebettete Datenbank ${target.dataDir}`;
  if (target.kind === 'pglite-memory') return 'In-Memory-Datenbank';
  const url = new URL(target.url);
  return `PostgreSQL-Datenbank ${url.pathname.slice(1)} auf ${url.host}`;
}

/** Asks on a terminal before replacing a database; without a terminal `--force` alone decides (scripts). */
async function confirmReplace(ctx: CliContext): Promise<boolean> {
  if (!process.stdin.isTTY) return true;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`Der gesamte bisherige Inhalt der ${databaseLabel(ctx)} wird gelöscht und durch die Sicherung ersetzt.\nZum Bestätigen ERSETZEN eingeben: `);
    return answer.trim() === 'ERSETZEN';
  } finally {
    rl.close();
  }
}

/** Refusals of a restore or backup are the operator's business: German message, exit code 1. */
function reportRefusal(ctx: CliContext, error: unknown, action: 'backup' | 'restore'): number {
  if (isAppError(error) && (error.code === 'BACKUP_INVALID' || error.code === 'RESTORE_REFUSED')) {
    ctx.io.err(`${error.message}\n`);
    return 1;
  }
  if (isAppError(error) && error.code === 'DATABASE_LOCKED') {
    // The running server holds the embedded database: it offers the backup itself.
    const hint =
      action === 'backup'
        ? 'Im laufenden Betrieb sichern Administratorinnen und Administratoren unter Administration → Sicherung (/admin/sicherung).'
        : 'Beenden Sie den Server vor der Wiederherstellung.';
    ctx.io.err(`${error.message}\n${hint}\n`);
    return 1;
  }
  throw error;
}

export const backupCommands: Command[] = [
  {
    path: ['backup'],
    remote: true,
    usage: 'aqb backup --out DATEI [--format portable|pg_dump]',
    summary: 'Sichert die Datenbank im laufenden Betrieb in eine Datei (mit Manifest: Migrationsstand, Zeilen und Prüfsummen je Tabelle, Audit-Kette).',
    async run(args, ctx) {
      const { values } = parseArgs({ args, options: { out: { type: 'string' }, format: { type: 'string' } }, strict: true });
      if (!values.out) {
        ctx.io.err('Bitte mit --out angeben, wohin die Sicherung geschrieben wird.\nAufruf: aqb backup --out DATEI [--format portable|pg_dump]\n');
        return 2;
      }
      if (values.format !== undefined && values.format !== 'portable' && values.format !== 'pg_dump') {
        ctx.io.err('--format erlaubt portable oder pg_dump.\n');
        return 2;
      }
      const { createBackup, recordBackupTaken } = await import('../../platform/backup/backup');
      const { sha256 } = await import('../../platform/backup/archive');
      const postgresUrl = ctx.config.database.kind === 'postgres' ? ctx.config.database.url : undefined;
      try {
        const runtime = await ctx.runtime();
        const { bytes, manifest } = await createBackup(runtime.database, { engine: values.format as 'portable' | 'pg_dump' | undefined, postgresUrl });
        // The file holds password hashes and personal data: readable by its owner only, written whole or not at all.
        const target = ctx.resolvePath(values.out);
        const temporary = `${target}.${process.pid}.tmp`;
        const fd = openSync(temporary, 'w', 0o600);
        try {
          writeSync(fd, bytes);
        } finally {
          closeSync(fd);
        }
        renameSync(temporary, target);
        await recordBackupTaken(runtime.database, manifest, sha256(bytes), null, { via: ctx.via });
        const rows = Object.values(manifest.tables).reduce((sum, t) => sum + t.rows, 0);
        ctx.io.out(
          `Sicherung geschrieben: ${values.out} (${(bytes.byteLength / 1024).toFixed(0)} KiB, Format ${manifest.engine}, Migrationsstand ${manifest.migrations.count}, ` +
            `${Object.keys(manifest.tables).length} Tabellen, ${rows} Zeilen, ${manifest.audit.events} Audit-Ereignisse, letzter Hash ${manifest.audit.headHash})\n`,
        );
        return 0;
      } catch (error) {
        return reportRefusal(ctx, error, 'backup');
      }
    },
  },
  {
    path: ['restore'],
    usage: 'aqb restore DATEI [--force]',
    summary: 'Stellt eine Sicherung in eine leere Datenbank wieder her (--force ersetzt den Inhalt nach Rückfrage) und prüft Zeilen, Prüfsummen und Audit-Kette.',
    async run(args, ctx) {
      const { values, positionals } = parseArgs({ args, options: { force: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
      if (positionals.length !== 1) {
        ctx.io.err('Bitte genau eine Sicherungsdatei angeben.\nAufruf: aqb restore DATEI [--force]\n');
        return 2;
      }
      if (ctx.config.database.kind === 'pglite-memory') {
        ctx.io.err('Eine Wiederherstellung in die In-Memory-Datenbank (memory://) wäre mit dem Ende des Befehls verloren. Bitte DATABASE_URL auf die Zieldatenbank setzen.\n');
        return 2;
      }
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(readFileSync(positionals[0]!));
      } catch {
        ctx.io.err(`Die Datei ${positionals[0]} kann nicht gelesen werden.\n`);
        return 1;
      }
      const { restoreBackup, readBackupManifest } = await import('../../platform/backup/backup');
      const { isEmptyDatabase } = await import('../../platform/backup/snapshot');
      try {
        // The file is checked before the database is opened: a damaged one changes nothing.
        readBackupManifest(bytes);
        const runtime = await ctx.runtime({ empty: true });
        if (values.force && !(await isEmptyDatabase(runtime.database.db)) && !(await confirmReplace(ctx))) {
          ctx.io.err('Abgebrochen: nichts wurde verändert.\n');
          return 1;
        }
        const postgresUrl = ctx.config.database.kind === 'postgres' ? ctx.config.database.url : undefined;
        const result = await restoreBackup(runtime.database, bytes, { force: values.force, postgresUrl });
        ctx.io.out(
          [
            `Wiederhergestellt: Sicherung vom ${result.manifest.createdAt} (${result.manifest.source}, Format ${result.manifest.engine}) in die ${databaseLabel(ctx)}.`,
            `Geprüft: ${Object.keys(result.manifest.tables).length} Tabellen, ${result.rows} Zeilen, alle Prüfsummen gleich; Audit-Kette intakt (${result.auditEvents} Ereignisse, letzter Hash ${result.manifest.audit.headHash}).`,
            result.migratedTo > result.migratedFrom ? `Migriert von Stand ${result.migratedFrom} auf ${result.migratedTo}.` : `Migrationsstand ${result.migratedTo}.`,
            '',
          ].join('\n'),
        );
        return 0;
      } catch (error) {
        return reportRefusal(ctx, error, 'restore');
      }
    },
  },
];
