import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { z } from 'zod';
import { AppError } from '../errors';

/*
 * The backup file: a ZIP archive with `manifest.json` and the data — one JSON-lines file per
 * table (`tabellen/<name>.jsonl`, the portable form, any database) or one `datenbank.pgdump`
 * (pg_dump's custom format, PostgreSQL). The manifest carries the format version, the migration
 * level, per table the row count and checksum, the audit chain's head and a SHA-256 of every data
 * file, so a damaged or shortened file is refused before anything is written.
 */

export const BACKUP_FORMAT = 'aqb.sicherung/1';
export const MANIFEST_FILE = 'manifest.json';
export const PG_DUMP_FILE = 'datenbank.pgdump';
export const tableFile = (table: string) => `tabellen/${table}.jsonl`;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const ManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.iso.datetime(),
  /** The database the backup was taken from. */
  source: z.enum(['pglite', 'postgres']),
  /** How the data is stored in the archive. */
  engine: z.enum(['portable', 'pg_dump']),
  migrations: z.object({ count: z.number().int().min(0), lastCreatedAt: z.number().int().nullable() }),
  tables: z.record(z.string(), z.object({ rows: z.number().int().min(0), checksum: z.string().regex(/^[0-9a-f]{32}$/) })),
  /** Table names in the order a restore inserts them (referenced tables first). */
  tableOrder: z.array(z.string()),
  sequences: z.array(z.object({ name: z.string(), lastValue: z.number().int().nullable() })),
  audit: z.object({ events: z.number().int().min(0), headHash: Sha256 }),
  /** SHA-256 of every data file in the archive. */
  files: z.record(z.string(), Sha256),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Packs the manifest and the data files (their hashes are filled in here). */
export function packBackup(manifest: Omit<Manifest, 'files'>, files: Record<string, Uint8Array>): { bytes: Uint8Array; manifest: Manifest } {
  const complete: Manifest = { ...manifest, files: Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, sha256(bytes)])) };
  const bytes = zipSync({ [MANIFEST_FILE]: strToU8(JSON.stringify(complete, null, 2)), ...files }, { level: 6 });
  return { bytes, manifest: complete };
}

const damaged = (detail: string) => new AppError('BACKUP_INVALID', `Die Sicherungsdatei ist beschädigt oder unvollständig: ${detail}. Es wurde nichts wiederhergestellt.`);

/** Unpacks and checks a backup file; throws BACKUP_INVALID with a German message. */
export function unpackBackup(bytes: Uint8Array): { manifest: Manifest; files: Record<string, Uint8Array> } {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch {
    throw damaged('sie ist kein lesbares ZIP-Archiv');
  }
  const manifestBytes = entries[MANIFEST_FILE];
  if (!manifestBytes) throw damaged('das Manifest (manifest.json) fehlt');
  let raw: unknown;
  try {
    raw = JSON.parse(strFromU8(manifestBytes));
  } catch {
    throw damaged('das Manifest ist kein gültiges JSON');
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (typeof format === 'string' && format !== BACKUP_FORMAT && format.startsWith('aqb.sicherung/')) {
    throw new AppError('RESTORE_REFUSED', `Die Sicherung hat das Format „${format}“; diese Version kann nur „${BACKUP_FORMAT}“ wiederherstellen. Bitte verwenden Sie eine neuere Version von AQB-Steuerung.`);
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success) throw damaged(`das Manifest ist ungültig (${parsed.error.issues[0]?.path.join('.') || 'Format'})`);
  const manifest = parsed.data;
  const files: Record<string, Uint8Array> = {};
  for (const [name, expected] of Object.entries(manifest.files)) {
    const content = entries[name];
    if (!content) throw damaged(`die Datei ${name} fehlt`);
    if (sha256(content) !== expected) throw damaged(`die Prüfsumme der Datei ${name} stimmt nicht`);
    files[name] = content;
  }
  if (manifest.engine === 'portable') {
    for (const table of manifest.tableOrder) if (!manifest.tables[table] || !files[tableFile(table)]) throw damaged(`die Daten der Tabelle ${table} fehlen`);
  } else if (!files[PG_DUMP_FILE]) {
    throw damaged(`der Datenbankauszug ${PG_DUMP_FILE} fehlt`);
  }
  return { manifest, files };
}

/** JSON lines → rows (a portable table file). */
export function splitLines(bytes: Uint8Array): string[] {
  const text = strFromU8(bytes);
  return text === '' ? [] : text.split('\n').filter((line) => line !== '');
}

export function joinLines(rows: readonly string[]): Uint8Array {
  return strToU8(rows.length === 0 ? '' : `${rows.join('\n')}\n`);
}
