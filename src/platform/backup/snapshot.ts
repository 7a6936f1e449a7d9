import { sql } from 'drizzle-orm';
import type { Executor } from '../db/client';

/*
 * What a backup reads and a restore writes, table by table, through SQL that PGlite and
 * PostgreSQL answer alike: every row as its jsonb text (generated columns left out — the database
 * derives them again), a checksum over the rows' md5s in byte order, the sequences' positions.
 * The database converts every value itself (jsonb_populate_recordset on restore), so bytea, arrays,
 * jsonb, dates and numerics come back exactly, also from PGlite into PostgreSQL and back.
 */

export interface TableInfo {
  name: string;
  /** Columns the database does not generate itself (the ones a backup carries). */
  columns: string[];
  /** Generated columns (left out of rows and checksums). */
  generated: string[];
  /** Tables this one refers to by foreign key (other than itself). */
  references: string[];
}

export interface TableSummary {
  rows: number;
  /** md5 over the md5s of the rows' jsonb texts in byte order ("C" collation). */
  checksum: string;
}

type Rows<T> = { rows: T[] };

async function query<T>(db: Executor, statement: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(statement)) as unknown as Rows<T>).rows;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Every table of the application schema (`public`) in foreign-key order: referenced tables first. */
export async function listTables(db: Executor): Promise<TableInfo[]> {
  const columns = await query<{ table: string; column: string; generated: boolean }>(
    db,
    sql`select c.relname as "table", a.attname as "column", (a.attgenerated <> '') as generated
        from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
        order by c.relname, a.attnum`,
  );
  const references = await query<{ table: string; target: string }>(
    db,
    sql`select distinct c.relname as "table", t.relname as target
        from pg_constraint f join pg_class c on c.oid = f.conrelid join pg_class t on t.oid = f.confrelid
        join pg_namespace n on n.oid = c.relnamespace
        where f.contype = 'f' and n.nspname = 'public' and f.conrelid <> f.confrelid`,
  );
  const byName = new Map<string, TableInfo>();
  for (const row of columns) {
    const info = byName.get(row.table) ?? { name: row.table, columns: [], generated: [], references: [] };
    (row.generated ? info.generated : info.columns).push(row.column);
    byName.set(row.table, info);
  }
  for (const row of references) byName.get(row.table)?.references.push(row.target);
  // Depth-first: a table after everything it refers to. The schema has no cycles of foreign keys
  // (a cycle would need deferred constraints, which a restore would then have to set).
  const ordered: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (info: TableInfo) => {
    if (state.get(info.name) === 'done') return;
    if (state.get(info.name) === 'visiting') throw new Error(`Fremdschlüssel-Zyklus bei Tabelle ${info.name}`);
    state.set(info.name, 'visiting');
    for (const target of info.references.sort()) {
      const referenced = byName.get(target);
      if (referenced) visit(referenced);
    }
    state.set(info.name, 'done');
    ordered.push(info);
  };
  for (const info of [...byName.values()].sort((a, b) => a.name.localeCompare(b.name))) visit(info);
  return ordered;
}

function rowText(table: TableInfo): ReturnType<typeof sql.raw> {
  const minus = table.generated.map((column) => ` - '${column.replaceAll("'", "''")}'`).join('');
  return sql.raw(`(to_jsonb(t)${minus})::text`);
}

/** Row count and checksum of one table (call inside the transaction of the snapshot). */
export async function summarizeTable(db: Executor, table: TableInfo): Promise<TableSummary> {
  const [row] = await query<{ n: number; checksum: string }>(
    db,
    sql`select count(*)::int as n, md5(coalesce(string_agg(h, '' order by h collate "C"), '')) as checksum
        from (select md5(${rowText(table)}) as h from ${sql.raw(quoteIdent(table.name))} t) rows`,
  );
  return { rows: Number(row?.n ?? 0), checksum: row?.checksum ?? '' };
}

/** The rows of a table as jsonb texts, one per row, in key order where there is one. */
export async function readTableRows(db: Executor, table: TableInfo): Promise<string[]> {
  const rows = await query<{ r: string }>(db, sql`select ${rowText(table)} as r from ${sql.raw(quoteIdent(table.name))} t`);
  return rows.map((row) => row.r);
}

/** Inserts rows (jsonb texts of readTableRows) in batches; the database converts every value. */
export async function insertTableRows(db: Executor, table: TableInfo, rows: readonly string[]): Promise<void> {
  const columns = table.columns.map(quoteIdent).join(', ');
  const target = quoteIdent(table.name);
  const MAX_BATCH_CHARS = 4 * 1024 * 1024;
  let batch: string[] = [];
  let size = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const json = `[${batch.join(',')}]`;
    await db.execute(
      sql`insert into ${sql.raw(target)} (${sql.raw(columns)}) overriding system value
          select ${sql.raw(columns)} from jsonb_populate_recordset(null::${sql.raw(target)}, ${json}::jsonb)`,
    );
    batch = [];
    size = 0;
  };
  for (const row of rows) {
    batch.push(row);
    size += row.length;
    if (size >= MAX_BATCH_CHARS) await flush();
  }
  await flush();
}

export interface SequenceState {
  name: string;
  /** null: never used (nextval starts at the beginning). */
  lastValue: number | null;
}

/** Positions of the application's sequences (serial columns). */
export async function readSequences(db: Executor): Promise<SequenceState[]> {
  const rows = await query<{ name: string; last_value: string | number | null }>(db, sql`select sequencename as name, last_value from pg_sequences where schemaname = 'public' order by sequencename`);
  return rows.map((row) => ({ name: row.name, lastValue: row.last_value === null ? null : Number(row.last_value) }));
}

/** Sets the sequences to the positions of a backup. */
export async function writeSequences(db: Executor, sequences: readonly SequenceState[]): Promise<void> {
  for (const sequence of sequences) {
    if (sequence.lastValue === null) continue;
    await db.execute(sql`select setval(${`public.${quoteIdent(sequence.name)}`}::regclass, ${sequence.lastValue}, true)`);
  }
}

/** How many migrations the database has applied, and when the last one was written (drizzle's `created_at`). */
export async function readMigrationLevel(db: Executor): Promise<{ count: number; lastCreatedAt: number | null }> {
  const [exists] = await query<{ present: boolean }>(db, sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!exists?.present) return { count: 0, lastCreatedAt: null };
  const [row] = await query<{ n: number; last: string | number | null }>(db, sql`select count(*)::int as n, max(created_at) as last from drizzle.__drizzle_migrations`);
  return { count: Number(row?.n ?? 0), lastCreatedAt: row?.last === null || row?.last === undefined ? null : Number(row.last) };
}

/** Whether the database holds no application tables and no migration record (a new database). */
export async function isEmptyDatabase(db: Executor): Promise<boolean> {
  const [row] = await query<{ n: number }>(db, sql`select count(*)::int as n from pg_tables where schemaname in ('public', 'drizzle')`);
  return Number(row?.n ?? 0) === 0;
}

/** Removes the application's schemas and everything in them (restore --force). */
export async function dropApplicationSchemas(db: Executor): Promise<void> {
  await db.execute(sql`drop schema if exists drizzle cascade`);
  await db.execute(sql`drop schema if exists public cascade`);
  await db.execute(sql`create schema public`);
}
