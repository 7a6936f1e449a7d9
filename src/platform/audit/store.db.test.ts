import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCommands } from '../../app/cli/audit-command';
import type { CliContext } from '../../app/cli/command';
import type { AppDatabase } from '../db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { findAuditEvents, recordAuditEvent, verifyAuditChain } from './store';

let database: AppDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  // The seeded start already audits its own acts (frozen publications); this file tests the chain
  // from its very beginning, so it starts on an empty trail.
  await database.db.execute(sql`delete from audit_events`);
  await database.db.execute(sql`delete from audit_chain_head`);
});
afterAll(async () => {
  await database?.close();
});

async function runVerify(): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const ctx = {
    config: undefined as never,
    io: { out: (t: string) => void (out += t), err: (t: string) => void (err += t) },
    runtime: async () => ({ database, close: async () => {} }),
    via: 'cli:test',
    resolvePath: (path: string) => path,
  } satisfies CliContext;
  const command = auditCommands.find((c) => c.path.join(' ') === 'audit verify');
  const code = await command!.run([], ctx);
  return { code, out, err };
}

async function appendEvents(count: number, recordId: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    await database.db.transaction(async (tx) => {
      await recordAuditEvent(tx, {
        actorId: i + 1,
        action: 'agreement.transition',
        recordType: 'agreement',
        recordId,
        before: { status: 'entwurf', n: i, nested: { b: 2, a: [1, 'ä'] } },
        after: { status: 'in_abstimmung', at: new Date('2025-03-01T09:30:00Z') },
      });
    });
  }
}

describe('audit trail', () => {
  it('starts empty and intact', async () => {
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, count: 0, headHash: '0'.repeat(64) });
    const result = await runVerify();
    expect(result.code).toBe(0);
    expect(result.out).toContain('Audit-Kette intakt: 0 Ereignisse');
  });

  it('chains events written in transactions and lists a record’s history in order', async () => {
    await appendEvents(3, '42');
    await appendEvents(1, '43');
    const history = await findAuditEvents(database.db, { recordType: 'agreement', recordId: 42 });
    expect(history.map((e) => e.sequence)).toEqual([1, 2, 3]);
    expect(history[1]?.prevHash).toBe(history[0]?.hash);
    expect(history[0]?.after).toEqual({ status: 'in_abstimmung', at: '2025-03-01T09:30:00.000Z' });
    const result = await runVerify();
    expect(result).toMatchObject({ code: 0 });
    expect(result.out).toContain('Audit-Kette intakt: 4 Ereignisse');
  });

  it('writes nothing when the surrounding transaction rolls back', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await recordAuditEvent(tx, { actorId: null, action: 'x.y', recordType: 'x', recordId: null });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, count: 4 });
  });

  it('keeps one chain when many transactions append at once', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        database.db.transaction(async (tx) => {
          await recordAuditEvent(tx, { actorId: 7, action: 'parallel.write', recordType: 'test', recordId: i });
        }),
      ),
    );
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, count: 12 });
  });

  it('names the first altered event when a row is changed with SQL', async () => {
    await database.db.execute(sql`update audit_events set after = '{"status":"veroeffentlicht"}'::jsonb where sequence = 2`);
    const result = await runVerify();
    expect(result.code).not.toBe(0);
    expect(result.err).toContain('ab Ereignis 2');
    expect(result.err).toContain('nachträglich verändert');
  });

  it('names the missing event when a row is deleted with SQL', async () => {
    // Restore nothing: delete an earlier row, which breaks the chain before the altered one.
    await database.db.execute(sql`delete from audit_events where sequence = 1`);
    const result = await runVerify();
    expect(result.code).not.toBe(0);
    expect(result.err).toContain('ab Ereignis 1');
    expect(result.err).toContain('fehlt');
  });

  it('notices rows deleted at the end against the chain head', async () => {
    const fresh = await createTestDatabase();
    try {
      const seeded = await verifyAuditChain(fresh.db);
      if (!seeded.ok) throw new Error('seeded chain broken');
      await fresh.db.transaction(async (tx) => {
        for (let i = 0; i < 3; i++) await recordAuditEvent(tx, { actorId: null, action: 'seed.run', recordType: 'test', recordId: i });
      });
      const last = seeded.count + 3;
      expect(await verifyAuditChain(fresh.db)).toMatchObject({ ok: true, count: last });
      await fresh.db.execute(sql`delete from audit_events where sequence = ${last}`);
      expect(await verifyAuditChain(fresh.db)).toMatchObject({ ok: false, brokenAt: last });
    } finally {
      await fresh.close();
    }
  });
});
