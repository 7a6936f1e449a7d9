import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { buildAccounts, OWN_AGS, setAllocation } from '../../../tests/factories';
import { addAgreementNote, createDraft, markDistrictAgreed, transitionAgreement } from '../agreements/service';
import { saveFeedback } from '../portal/service';
import { findTasks } from './service';

let database: AppDatabase;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
beforeAll(async () => {
  database = await createTestDatabase();
  accounts = await buildAccounts(database);
  await setAllocation(database, 2025, OWN_AGS, 500_000_00);
});
afterAll(async () => {
  await database?.close();
});

const kinds = async (role: keyof typeof accounts) => (await findTasks(database.db, accounts[role].actor)).map((t) => `${t.kind}:${t.href}`);

describe('Meine Aufgaben', () => {
  it('follows an agreement through the negotiation for the ministry and the district, and never shows another district', async () => {
    const base = `/zielvereinbarungen/2025/${OWN_AGS}`;
    await createDraft(database, accounts.hmsi.actor, { year: 2025, ags: OWN_AGS });
    expect(await kinds('hmsi')).toContain(`draft:${base}/bearbeiten`);
    await transitionAgreement(database, accounts.hmsi.actor, 2025, OWN_AGS, 'in_abstimmung', 1);
    expect(await kinds('hmsi')).not.toContain(`draft:${base}/bearbeiten`);
    expect(await kinds('districtOwn')).toContain(`review:${base}/notizen`);
    expect(await kinds('districtOther')).not.toContain(`review:${base}/notizen`);
    await addAgreementNote(database, accounts.districtOwn.actor, 2025, OWN_AGS, { body: 'Bitte Projekt B ergänzen.' });
    expect(await kinds('hmsi')).toContain(`reply:${base}/notizen`);
    await markDistrictAgreed(database, accounts.districtOwn.actor, 2025, OWN_AGS, 2);
    expect(await kinds('hmsi')).toContain(`districtAgreed:${base}/status`);
    expect(await kinds('districtOwn')).not.toContain(`review:${base}/notizen`);
    // The seeded published agreements wait for nobody; RP has nothing here yet.
    expect(await kinds('rp')).toEqual([]);
  });

  it('lists open accessibility feedback for the staff who answer it', async () => {
    await saveFeedback(database.db, { message: 'Kontrast zu schwach' });
    expect(await kinds('admin')).toContain('feedback:/admin/rueckmeldungen');
    expect(await kinds('districtOwn')).not.toContain('feedback:/admin/rueckmeldungen');
  });
});
