import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import { findAuditEvents } from '../../platform/audit/store';
import { createDraft, getAgreementFor, updateAgreement } from './service';
import { saveNewVersion } from './use-cases/agreement-record';
import type { AppDatabase } from '../../platform/db/client';
import { isAppError } from '../../platform/errors';
import { createTestDatabase } from '../../../tests/support/test-database';
import { OWN_AGS, buildAccounts, setAllocation } from '../../../tests/factories';

let database: AppDatabase;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
let agreementId: number;
beforeAll(async () => {
  database = await createTestDatabase();
  accounts = await buildAccounts(database);
  await setAllocation(database, 2025, OWN_AGS, 500_000_00);
  ({ id: agreementId } = await createDraft(database, accounts.hmsi.actor, { year: 2025, ags: OWN_AGS }));
});
afterAll(async () => {
  await database?.close();
});

const PARALLEL = 20;

async function countRows(sql: string): Promise<number> {
  const result = (await database.db.execute(sql as never)) as unknown as { rows: { n: number | string }[] };
  return Number(result.rows[0]!.n);
}

describe('optimistic locking', () => {
  it(`lets exactly 1 of ${PARALLEL} parallel saves from the same version win; the others get 409 CONFLICT and nothing is lost`, async () => {
    const app = createApp({ database });
    const read = (await (await app.request(`/api/v1/agreements/2025/${OWN_AGS}`, { headers: { authorization: `Bearer ${accounts.hmsi.token}` } })).json()) as {
      version: number;
      agreement: { measures: { type: number; projects: { title: string }[] }[] };
    };
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => {
        const agreement = structuredClone(read.agreement);
        agreement.measures[0]!.projects = [{ title: `Projekt aus Anfrage ${i}` }];
        return app.request(`/api/v1/agreements/2025/${OWN_AGS}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${accounts.districtOwn.token}`, 'content-type': 'application/json', 'if-match': `"${read.version}"` },
          body: JSON.stringify(agreement),
        });
      }),
    );
    const statuses = responses.map((r) => r.status);
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ error?: { code: string; message: string } }>));
    console.log(`concurrency (${database.kind}): ${statuses.filter((s) => s === 200).length} saved, ${statuses.filter((s) => s === 409).length} conflicts of ${PARALLEL}`);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(PARALLEL - 1);
    for (const body of bodies.filter((b) => b.error)) {
      expect(body.error!.code).toBe('CONFLICT');
      expect(body.error!.message).toContain('wurde inzwischen geändert');
    }

    // No lost update: the stored state is exactly the winner's, saved once as version 2.
    const winner = statuses.indexOf(200);
    const stored = await getAgreementFor(database.db, accounts.hmsi.actor, 2025, OWN_AGS);
    expect(stored.currentVersion).toBe(read.version + 1);
    expect(stored.content.measures[0]!.projects).toEqual([{ title: `Projekt aus Anfrage ${winner}` }]);
    expect(await countRows(`select count(*) as n from agreement_versions where agreement_id = ${agreementId}`)).toBe(2);
    const updates = (await findAuditEvents(database.db, { recordType: 'agreement', recordId: agreementId })).filter((e) => e.action === 'agreement.update');
    expect(updates).toHaveLength(1);
  });

  it('the conditional UPDATE alone (no read-time check) lets exactly 1 of 20 parallel writers win', async () => {
    const current = await getAgreementFor(database.db, accounts.hmsi.actor, 2025, OWN_AGS);
    const results = await Promise.allSettled(
      Array.from({ length: PARALLEL }, (_, i) =>
        database.db.transaction((tx) =>
          saveNewVersion(tx, agreementId, {
            expectedVersion: current.currentVersion,
            content: { ...current.content, measures: current.content.measures.map((m) => ({ ...m, projects: [{ title: `Schreiber ${i}` }] })) },
            status: current.status,
            source: 'edit',
            actor: accounts.hmsi.actor,
          }),
        ),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((r) => (isAppError(r.reason) ? r.reason.code : String(r.reason)))).toEqual(Array(PARALLEL - 1).fill('CONFLICT'));
    const after = await getAgreementFor(database.db, accounts.hmsi.actor, 2025, OWN_AGS);
    expect(after.currentVersion).toBe(current.currentVersion + 1);
  });

  it('rolls the change back when its audit event cannot be written, and writes no event for a failed change', async () => {
    const before = await getAgreementFor(database.db, accounts.hmsi.actor, 2025, OWN_AGS);
    const events = async () => (await findAuditEvents(database.db, { recordType: 'agreement', recordId: agreementId })).length;
    const eventCount = await events();
    const edit = { expectedVersion: before.currentVersion, measures: before.content.measures.map((m) => ({ ...m, projects: [{ title: 'Neu' }] })) };

    // 1. The audit insert fails inside the transaction → the new version and the version bump roll back.
    await database.db.execute(`create function aqb_test_fail() returns trigger language plpgsql as $$ begin raise exception 'audit kaputt'; end $$` as never);
    await database.db.execute(`create trigger aqb_test_fail before insert on audit_events for each row execute function aqb_test_fail()` as never);
    try {
      await expect(updateAgreement(database, accounts.hmsi.actor, 2025, OWN_AGS, edit)).rejects.toThrow();
    } finally {
      await database.db.execute(`drop trigger aqb_test_fail on audit_events` as never);
      await database.db.execute(`drop function aqb_test_fail()` as never);
    }
    const unchanged = await getAgreementFor(database.db, accounts.hmsi.actor, 2025, OWN_AGS);
    expect(unchanged.currentVersion).toBe(before.currentVersion);
    expect(unchanged.content).toEqual(before.content);
    expect(await countRows(`select count(*) as n from agreement_versions where agreement_id = ${agreementId}`)).toBe(before.currentVersion);

    // 2. A change that fails (stale version, another district, forbidden amount) writes no event.
    for (const attempt of [
      () => updateAgreement(database, accounts.hmsi.actor, 2025, OWN_AGS, { ...edit, expectedVersion: before.currentVersion - 1 }),
      () => updateAgreement(database, accounts.districtOther.actor, 2025, OWN_AGS, edit),
      () => updateAgreement(database, accounts.districtOwn.actor, 2025, OWN_AGS, { ...edit, amountCents: 1 }),
    ]) {
      const error = await attempt().catch((e: unknown) => e);
      expect(isAppError(error)).toBe(true);
    }
    expect(await events()).toBe(eventCount);

    // 3. And a successful change writes exactly one.
    await updateAgreement(database, accounts.hmsi.actor, 2025, OWN_AGS, edit);
    expect(await events()).toBe(eventCount + 1);
  });
});
