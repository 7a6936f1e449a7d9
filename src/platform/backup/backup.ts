import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { recordAuditEvent, verifyAuditChain } from '../audit/store';
import { type AppDatabase, type Executor, migrateDatabase, MIGRATIONS_FOLDER } from '../db/client';
import { AppError } from '../errors';
import { type Manifest, packBackup, PG_DUMP_FILE, splitLines, joinLines, tableFile, unpackBackup } from './archive';
import {
  dropApplicationSchemas,
  insertTableRows,
  isEmptyDatabase,
  listTables,
  readMigrationLevel,
  readSequences,
  readTableRows,
  summarizeTable,
  type TableInfo,
  writeSequences,
} from './snapshot';

export type BackupEngine = 'portable' | 'pg_dump';

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

function readJournal(folder = MIGRATIONS_FOLDER): Journal {
  return JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal;
}

/** The migration level of this code: how many committed migrations there are, and the last one's timestamp. */
export function codeMigrationLevel(): { count: number; lastCreatedAt: number | null } {
  const { entries } = readJournal();
  return { count: entries.length, lastCreatedAt: entries.at(-1)?.when ?? null };
}

/** Whether pg_dump and pg_restore are on the PATH. */
export function hasPgTools(): boolean {
  return ['pg_dump', 'pg_restore'].every((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0);
}

/** A connection URL without its password, and the password for PGPASSWORD (never on a command line). */
function splitPassword(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { url: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function runTool(tool: string, args: string[], env: NodeJS.ProcessEnv, input?: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(new Uint8Array(Buffer.concat(out)));
      else reject(new Error(`${tool} endete mit Code ${code}: ${Buffer.concat(err).toString('utf8').slice(0, 2000)}`));
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input ? Buffer.from(input) : undefined);
  });
}

/** Row counts and checksums of every table, the sequences and the audit chain — in the caller's transaction. */
async function describeSnapshot(tx: Executor, tables: TableInfo[]) {
  const summaries: Manifest['tables'] = {};
  for (const table of tables) summaries[table.name] = await summarizeTable(tx, table);
  const audit = await verifyAuditChain(tx);
  if (!audit.ok) throw new AppError('RESTORE_REFUSED', `Die Audit-Kette ist beschädigt ab Ereignis ${audit.brokenAt} (${audit.reason}); eine Sicherung würde den Schaden nur kopieren. Bitte prüfen Sie das Audit-Protokoll.`);
  return { tables: summaries, sequences: await readSequences(tx), audit: { events: audit.count, headHash: audit.headHash } };
}

export interface BackupOptions {
  /** Default: pg_dump on PostgreSQL when the tools are installed, otherwise portable. */
  engine?: BackupEngine;
  /** The PostgreSQL URL (needed for pg_dump). */
  postgresUrl?: string;
}

/**
 * Takes a consistent backup while the application keeps running: everything is read in ONE
 * repeatable-read, read-only transaction (pg_dump joins it through an exported snapshot), so the
 * manifest and the data describe the same moment. Refuses a database whose audit chain is broken.
 */
export async function createBackup(database: AppDatabase, options: BackupOptions = {}): Promise<{ bytes: Uint8Array; manifest: Manifest }> {
  const engine: BackupEngine = options.engine ?? (database.kind === 'postgres' && options.postgresUrl && hasPgTools() ? 'pg_dump' : 'portable');
  if (engine === 'pg_dump' && (database.kind !== 'postgres' || !options.postgresUrl)) {
    throw new AppError('RESTORE_REFUSED', 'pg_dump sichert nur PostgreSQL-Datenbanken; für die eingebettete Datenbank gibt es das portable Format.');
  }
  return database.db.transaction(
    async (tx) => {
      await tx.execute(sql`set local timezone = 'UTC'`);
      const tables = await listTables(tx);
      const files: Record<string, Uint8Array> = {};
      if (engine === 'pg_dump') {
        const [row] = ((await tx.execute(sql`select pg_export_snapshot() as id`)) as unknown as { rows: { id: string }[] }).rows;
        const target = splitPassword(options.postgresUrl!);
        files[PG_DUMP_FILE] = await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${row!.id}`, `--dbname=${target.url}`], target.env);
      } else {
        for (const table of tables) files[tableFile(table.name)] = joinLines(await readTableRows(tx, table));
      }
      const snapshot = await describeSnapshot(tx, tables);
      return packBackup(
        {
          format: 'aqb.sicherung/1',
          createdAt: new Date().toISOString(),
          source: database.kind,
          engine,
          migrations: await readMigrationLevel(tx),
          tableOrder: tables.map((t) => t.name),
          ...snapshot,
        },
        files,
      );
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** Reads only the manifest of a backup file (checks the whole file). */
export function readBackupManifest(bytes: Uint8Array): Manifest {
  return unpackBackup(bytes).manifest;
}

export interface RestoreOptions {
  /** Replace the contents of a database that is not empty. */
  force?: boolean;
  postgresUrl?: string;
  /** Who restores (null: the system, i.e. the command line); recorded as `system.restore`. */
  actorId?: number | null;
}

/** What the audit trail records of a backup: enough to find the file again, nothing of its content. */
function backupSummary(manifest: Manifest) {
  return {
    createdAt: manifest.createdAt,
    source: manifest.source,
    engine: manifest.engine,
    migrations: manifest.migrations.count,
    tables: Object.keys(manifest.tables).length,
    rows: Object.values(manifest.tables).reduce((sum, t) => sum + t.rows, 0),
    auditHeadHash: manifest.audit.headHash,
  };
}

/** Records a backup taken (`system.backup`) after the snapshot, with the manifest's summary and the file's SHA-256. */
export async function recordBackupTaken(database: AppDatabase, manifest: Manifest, fileSha256: string, actorId: number | null, options: { via?: string } = {}): Promise<void> {
  await database.db.transaction((tx) => recordAuditEvent(tx, { actorId, action: 'system.backup', recordType: 'system', recordId: null, after: { ...backupSummary(manifest), fileSha256, ...(options.via ? { via: options.via } : {}) } }));
}

export interface RestoreResult {
  manifest: Manifest;
  /** Rows restored over all tables. */
  rows: number;
  auditEvents: number;
  /** Migrations applied after the restore to bring an older backup to this code's level. */
  migratedFrom: number;
  migratedTo: number;
}

/** Compares the restored database with the manifest; throws RESTORE_REFUSED naming the first difference. */
async function verifyAgainstManifest(tx: Executor, manifest: Manifest): Promise<void> {
  await tx.execute(sql`set local timezone = 'UTC'`);
  const tables = await listTables(tx);
  const names = new Set(tables.map((t) => t.name));
  for (const expected of Object.keys(manifest.tables)) if (!names.has(expected)) throw new AppError('RESTORE_REFUSED', `Prüfung nach der Wiederherstellung fehlgeschlagen: die Tabelle ${expected} fehlt.`);
  for (const table of tables) {
    const expected = manifest.tables[table.name];
    if (!expected) continue;
    const actual = await summarizeTable(tx, table);
    if (actual.rows !== expected.rows) throw new AppError('RESTORE_REFUSED', `Prüfung nach der Wiederherstellung fehlgeschlagen: Tabelle ${table.name} hat ${actual.rows} statt ${expected.rows} Zeilen.`);
    if (actual.checksum !== expected.checksum) throw new AppError('RESTORE_REFUSED', `Prüfung nach der Wiederherstellung fehlgeschlagen: die Prüfsumme der Tabelle ${table.name} stimmt nicht.`);
  }
  const audit = await verifyAuditChain(tx);
  if (!audit.ok) throw new AppError('RESTORE_REFUSED', `Prüfung nach der Wiederherstellung fehlgeschlagen: Audit-Kette beschädigt ab Ereignis ${audit.brokenAt} (${audit.reason}).`);
  if (audit.headHash !== manifest.audit.headHash || audit.count !== manifest.audit.events) {
    throw new AppError('RESTORE_REFUSED', 'Prüfung nach der Wiederherstellung fehlgeschlagen: der letzte Hash der Audit-Kette weicht vom Manifest ab.');
  }
}

/** A copy of the migrations folder with only the first `count` migrations (to rebuild an older schema). */
function migrationsUpTo(count: number): string {
  const folder = mkdtempSync(join(tmpdir(), 'aqb-migrationen-'));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journal = readJournal(folder);
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, count) }));
  return folder;
}

/**
 * Restores a backup into an EMPTY database (or, with `force`, replaces its contents), then proves
 * the result: the same row count and checksum in every table and an intact audit chain ending in
 * the manifest's head hash. The portable form loads and verifies in one transaction, so a failed
 * check leaves nothing behind. A backup of an older migration level is restored at its level and
 * then migrated; a newer one is refused. Throws BACKUP_INVALID / RESTORE_REFUSED (German).
 */
export async function restoreBackup(database: AppDatabase, bytes: Uint8Array, options: RestoreOptions = {}): Promise<RestoreResult> {
  const { manifest, files } = unpackBackup(bytes);
  const code = codeMigrationLevel();
  const journal = readJournal();
  if (manifest.migrations.count > code.count) {
    throw new AppError(
      'RESTORE_REFUSED',
      `Die Sicherung stammt von einer neueren Version (Migrationsstand ${manifest.migrations.count}, diese Version kennt ${code.count}). Bitte stellen Sie sie mit der Version wieder her, von der sie stammt, oder aktualisieren Sie zuerst AQB-Steuerung.`,
    );
  }
  const expectedWhen = manifest.migrations.count === 0 ? null : (journal.entries[manifest.migrations.count - 1]?.when ?? null);
  if (manifest.migrations.lastCreatedAt !== expectedWhen) {
    throw new AppError('RESTORE_REFUSED', `Der Migrationsstand der Sicherung (${manifest.migrations.count}) passt nicht zu den Migrationen dieser Version; die Sicherung stammt aus einem anderen Entwicklungsstand.`);
  }
  if (manifest.engine === 'pg_dump' && (database.kind !== 'postgres' || !options.postgresUrl)) {
    throw new AppError('RESTORE_REFUSED', 'Diese Sicherung wurde mit pg_dump erstellt und kann nur in eine PostgreSQL-Datenbank wiederhergestellt werden.');
  }
  if (manifest.engine === 'pg_dump' && !hasPgTools()) {
    throw new AppError('RESTORE_REFUSED', 'Diese Sicherung wurde mit pg_dump erstellt; zur Wiederherstellung wird pg_restore benötigt (Paket postgresql-client).');
  }
  if (!(await isEmptyDatabase(database.db))) {
    if (!options.force) {
      throw new AppError('RESTORE_REFUSED', 'Die Zieldatenbank ist nicht leer. Eine Sicherung wird nur in eine leere Datenbank wiederhergestellt; mit --force wird der bisherige Inhalt ersetzt.');
    }
    await dropApplicationSchemas(database.db);
  }

  if (manifest.engine === 'pg_dump') {
    const target = splitPassword(options.postgresUrl!);
    // --clean is not needed: the database is empty at this point.
    await runTool('pg_restore', ['--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', `--dbname=${target.url}`], target.env, files[PG_DUMP_FILE]);
    await database.db.transaction((tx) => verifyAgainstManifest(tx, manifest));
  } else {
    const folder = migrationsUpTo(manifest.migrations.count);
    try {
      await migrateDatabase(database, { migrationsFolder: folder });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    await database.db.transaction(async (tx) => {
      const tables = new Map((await listTables(tx)).map((t) => [t.name, t]));
      for (const name of manifest.tableOrder) {
        const table = tables.get(name);
        if (!table) throw new AppError('RESTORE_REFUSED', `Die Tabelle ${name} der Sicherung gibt es auf diesem Migrationsstand nicht.`);
        await insertTableRows(tx, table, splitLines(files[tableFile(name)]!));
      }
      await writeSequences(tx, manifest.sequences);
      await verifyAgainstManifest(tx, manifest);
    });
  }
  // The restored chain is intact and ends in the manifest's head; the restore itself is its next event.
  await database.db.transaction((tx) => recordAuditEvent(tx, { actorId: options.actorId ?? null, action: 'system.restore', recordType: 'system', recordId: null, after: backupSummary(manifest) }));
  const before = await readMigrationLevel(database.db);
  await migrateDatabase(database);
  const after = await readMigrationLevel(database.db);
  return {
    manifest,
    rows: Object.values(manifest.tables).reduce((sum, t) => sum + t.rows, 0),
    auditEvents: manifest.audit.events,
    migratedFrom: before.count,
    migratedTo: after.count,
  };
}

/** Row counts and checksums of a live database in one snapshot (the restore drill compares them). */
export async function summarizeDatabase(database: AppDatabase): Promise<Manifest['tables']> {
  return database.db.transaction(
    async (tx) => {
      await tx.execute(sql`set local timezone = 'UTC'`);
      const result: Manifest['tables'] = {};
      for (const table of await listTables(tx)) result[table.name] = await summarizeTable(tx, table);
      return result;
    },
    { isolationLevel: 'repeatable read' },
  );
}
