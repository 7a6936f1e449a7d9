import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDemoSetting } from '../../app/setup-database';
import { buildUser } from '../../../tests/factories';
import { createEmptyTestDatabase, createTestDatabase, TEST_TARGET, testDatabaseUrl } from '../../../tests/support/test-database';
import { recordAuditEvent, verifyAuditChain } from '../audit/store';
import type { AppDatabase } from '../db/client';
import { isAppError } from '../errors';
import { MANIFEST_FILE } from './archive';
import { codeMigrationLevel, createBackup, hasPgTools, restoreBackup, summarizeDatabase } from './backup';

/*
 * The restore drill (issue 17): a database with demo data and more, backed up while writes go on,
 * restored into a new empty database, compared table by table — on PGlite and on PostgreSQL, in
 * the portable format and (PostgreSQL, when installed) through pg_dump/pg_restore.
 */

let source: AppDatabase;
const opened: AppDatabase[] = [];

async function count(database: AppDatabase, table: string): Promise<number> {
  const result = (await database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}

async function emptyDatabase(): Promise<AppDatabase> {
  const database = await createEmptyTestDatabase('aqb_ops_restore');
  opened.push(database);
  return database;
}

/** Writes that go on during the backup: accounts and audit events, each in its own transaction. */
function keepWriting(database: AppDatabase) {
  let running = true;
  let writes = 0;
  const done = (async () => {
    while (running) {
      await database.db.transaction((tx) => recordAuditEvent(tx, { actorId: null, action: 'test.write', recordType: 'system', recordId: writes, after: { n: writes } }));
      if (writes % 5 === 0) await buildUser(database, 'rp');
      writes++;
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      return writes;
    },
  };
}

function repack(bytes: Uint8Array, change: (manifest: Record<string, unknown>) => void): Uint8Array {
  const entries = unzipSync(bytes);
  const manifest = JSON.parse(strFromU8(entries[MANIFEST_FILE]!)) as Record<string, unknown>;
  change(manifest);
  return zipSync({ ...entries, [MANIFEST_FILE]: strToU8(JSON.stringify(manifest)) });
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  source = await createTestDatabase();
  await applyDemoSetting(source, true);
  for (const role of ['hmsi', 'district', 'admin'] as const) await buildUser(source, role, { totp: role !== 'district' });
  // Binary content and odd text survive: a stored PDF-like blob and a name with quotes and newlines.
  await source.db.execute(sql`update users set name = ${'Anna "Ä" O\'Neil\nZeile 2'} where id = (select min(id) from users)`);
}, 180_000);

afterAll(async () => {
  for (const database of opened) await database.close();
  await source?.close();
});

describe('restore drill', () => {
  const engines = TEST_TARGET === 'postgres' && hasPgTools() ? (['portable', 'pg_dump'] as const) : (['portable'] as const);

  for (const engine of engines) {
    it(`backs up while writes go on and restores into a new database with identical counts and checksums (${engine})`, async () => {
      const eventsBefore = await count(source, 'audit_events');
      const writer = keepWriting(source);
      await new Promise((r) => setTimeout(r, 50));
      const { bytes, manifest } = await createBackup(source, { engine, postgresUrl: testDatabaseUrl(source) });
      const writes = await writer.stop();
      expect(writes, 'writes went on during the backup').toBeGreaterThan(0);
      expect(manifest.engine).toBe(engine);
      expect(manifest.migrations.count).toBe(codeMigrationLevel().count);
      expect(manifest.audit.events).toBeGreaterThanOrEqual(eventsBefore);
      expect(manifest.tables.agreements!.rows).toBeGreaterThan(10);

      const target = await emptyDatabase();
      const result = await restoreBackup(target, bytes, { postgresUrl: testDatabaseUrl(target) });
      expect(result.rows).toBe(Object.values(manifest.tables).reduce((s, t) => s + t.rows, 0));

      // Compared independently of the restore's own check: every table but the audit trail is
      // identical; the trail has exactly the restore's event more and is intact.
      const restored = await summarizeDatabase(target);
      const { audit_events: restoredEvents, audit_chain_head: _head, ...restoredRest } = restored;
      const { audit_events: _events, audit_chain_head: _head2, ...manifestRest } = manifest.tables;
      expect(restoredRest).toEqual(manifestRest);
      expect(restoredEvents!.rows).toBe(manifest.tables.audit_events!.rows + 1);
      const chain = await verifyAuditChain(target.db);
      expect(chain.ok).toBe(true);
      const [last] = ((await target.db.execute(sql`select action from audit_events order by sequence desc limit 1`)) as unknown as { rows: { action: string }[] }).rows;
      expect(last!.action).toBe('system.restore');
      // Sequences continue after the restored rows: a new account gets a new id.
      await buildUser(target, 'rp');
      console.info(`restore drill (${TEST_TARGET}, ${engine}): ${Object.keys(manifest.tables).length} tables, ${result.rows} rows, ${manifest.audit.events} audit events, ${writes} writes during the backup, ${(bytes.byteLength / 1024).toFixed(0)} KiB`);
    }, 180_000);
  }

  it('refuses a damaged file, a newer migration level and a database that is not empty (German messages)', async () => {
    const { bytes } = await createBackup(source, { engine: 'portable' });
    const target = await emptyDatabase();

    const truncated = await refusal(restoreBackup(target, bytes.slice(0, Math.floor(bytes.byteLength / 2))));
    expect(truncated.code).toBe('BACKUP_INVALID');
    expect(truncated.message).toContain('beschädigt oder unvollständig');

    const entries = unzipSync(bytes);
    const users = entries['tabellen/users.jsonl']!;
    users[10] = users[10] === 0x41 ? 0x42 : 0x41;
    const tampered = await refusal(restoreBackup(target, zipSync(entries)));
    expect(tampered).toMatchObject({ code: 'BACKUP_INVALID' });
    expect(tampered.message).toContain('Prüfsumme der Datei tabellen/users.jsonl');

    const newer = await refusal(restoreBackup(target, repack(bytes, (m) => void ((m.migrations as { count: number }).count += 1))));
    expect(newer.code).toBe('RESTORE_REFUSED');
    expect(newer.message).toContain('neueren Version');
    // Nothing was written by the refused attempts: the target is still empty, a good file restores.
    expect((await restoreBackup(target, bytes)).rows).toBeGreaterThan(0);

    const again = await refusal(restoreBackup(target, bytes));
    expect(again.code).toBe('RESTORE_REFUSED');
    expect(again.message).toContain('nicht leer');
    const forced = await restoreBackup(target, bytes, { force: true });
    expect(forced.rows).toBeGreaterThan(0);
    expect((await verifyAuditChain(target.db)).ok).toBe(true);
  }, 180_000);

  it('restores an older migration level and migrates it to the current one', async () => {
    const older = await emptyDatabase();
    const level = codeMigrationLevel().count - 1;
    const { migrateDatabase } = await import('../db/client');
    const { mkdtempSync, cpSync, readFileSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { MIGRATIONS_FOLDER } = await import('../db/client');
    const folder = mkdtempSync(join(tmpdir(), 'aqb-old-'));
    cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
    const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, level) }));
    await migrateDatabase(older, { migrationsFolder: folder });
    rmSync(folder, { recursive: true, force: true });
    await older.db.transaction((tx) => recordAuditEvent(tx, { actorId: null, action: 'test.old', recordType: 'system', recordId: null }));
    const { bytes, manifest } = await createBackup(older, { engine: 'portable' });
    expect(manifest.migrations.count).toBe(level);

    const target = await emptyDatabase();
    const result = await restoreBackup(target, bytes);
    expect(result.migratedFrom).toBe(level);
    expect(result.migratedTo).toBe(codeMigrationLevel().count);
  }, 180_000);
});
