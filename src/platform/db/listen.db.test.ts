import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_TARGET } from '../../../tests/support/test-database';
import type { AppDatabase } from './client';

/*
 * LISTEN on PostgreSQL (several processes, docs/decisions/0018): notifications from a committed
 * transaction arrive, and after the listening connection is killed the listener comes back by
 * itself, says so (the portal cache starts over then), and receives again.
 */

let database: AppDatabase;

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(TEST_TARGET !== 'postgres')('LISTEN/NOTIFY', () => {
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('delivers notifications at commit, survives a killed connection and stops on request', async () => {
    const received: string[] = [];
    let reconnects = 0;
    const stop = await database.listen!('aqb_test_channel', (payload) => received.push(payload), () => reconnects++);

    await database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_notify('aqb_test_channel', 'eins')`);
      await new Promise((r) => setTimeout(r, 100));
      expect(received, 'nothing before the commit').toEqual([]);
    });
    await until(() => received.length === 1);
    expect(received).toEqual(['eins']);

    // The published change of the migration's triggers reaches the channel the portal listens on.
    const portal: string[] = [];
    const stopPortal = await database.listen!('aqb_portal_changed', (payload) => portal.push(payload));
    await database.db.execute(sql`update portal_pages set title = title`);
    await until(() => portal.length > 0);
    expect(portal).toContain('portal_pages');
    await stopPortal();

    await database.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where query = 'LISTEN aqb_test_channel' and datname = current_database()`);
    await until(() => reconnects === 1, 8000);
    await database.db.execute(sql`select pg_notify('aqb_test_channel', 'zwei')`);
    await until(() => received.length === 2);
    expect(received).toEqual(['eins', 'zwei']);

    await stop();
    await database.db.execute(sql`select pg_notify('aqb_test_channel', 'drei')`);
    await new Promise((r) => setTimeout(r, 300));
    expect(received).toEqual(['eins', 'zwei']);
  }, 30_000);
});
