import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import { findAuditEvents } from '../../platform/audit/store';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { OWN_AGS, buildAccounts, type TestAccount } from '../../../tests/factories';
import { csrfPair } from '../../../tests/support/auth';
import { getPublicationStamp } from '../portal/service';

// The real Rheingau-Taunus-Kreis 2024 agreement is seeded as published.
const BASE = `/zielvereinbarungen/2024/${OWN_AGS}`;
const PORTAL = `/portal/zielvereinbarungen/2024/${OWN_AGS}`;

let database: AppDatabase;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  database = await createTestDatabase();
  accounts = await buildAccounts(database);
  // Without the portal page cache: the pages are read as the database has them. (The cache sees a
  // withdrawal through the publication stamp within STAMP_MAX_AGE_MS; checked below.)
  app = createApp({ database, portalCacheBytes: 0 });
});
afterAll(async () => {
  await database?.close();
});

function get(account: TestAccount | null, path: string) {
  return app.request(path, { headers: account ? { authorization: `Bearer ${account.token}` } : {} });
}

async function form(account: TestAccount, path: string, fields: Record<string, string>) {
  const { cookie, token } = await csrfPair(app);
  return app.request(path, {
    method: 'POST',
    headers: { authorization: `Bearer ${account.token}`, cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, _csrf: token }).toString(),
  });
}

async function current() {
  return (await (await get(accounts.hmsi, `/api/v1/agreements/2024/${OWN_AGS}`)).json()) as { version: number; status: string };
}

describe('withdrawing a publication', () => {
  it('asks for a reason on a confirmation page, then the portal says "zurückgezogen" and the agreement can be published again', async () => {
    const before = await current();
    expect(before.status).toBe('veroeffentlicht');
    expect((await get(null, PORTAL)).status).toBe(200);

    // Only the ministry; the status form leads to the confirmation instead of acting at once.
    expect((await get(accounts.districtOwn, `${BASE}/zurueckziehen?version=${before.version}`)).status).toBe(403);
    expect((await get(accounts.rp, `${BASE}/zurueckziehen?version=${before.version}`)).status).toBe(403);
    const viaStatus = await form(accounts.hmsi, `${BASE}/status`, { to: 'unterzeichnet', version: String(before.version) });
    expect(viaStatus.status).toBe(303);
    expect(viaStatus.headers.get('location')).toBe(`${BASE}/zurueckziehen?version=${before.version}`);
    const confirm = await (await get(accounts.hmsi, `${BASE}/zurueckziehen?version=${before.version}`)).text();
    expect(confirm).toContain('Veröffentlichung zurückziehen');
    expect(confirm).toContain('name="grund"');

    // Without a reason: German message next to the field, nothing changed.
    const empty = await form(accounts.hmsi, `${BASE}/zurueckziehen`, { version: String(before.version), grund: '  ' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Bitte begründen Sie, warum die Veröffentlichung zurückgezogen wird.');
    const withNul = await form(accounts.hmsi, `${BASE}/zurueckziehen`, { version: String(before.version), grund: 'Falsch\u0000' });
    expect(withNul.status).toBe(422);
    expect(await current()).toEqual(expect.objectContaining({ version: before.version, status: 'veroeffentlicht' }));
    // A stale version: conflict, nothing changed.
    expect((await form(accounts.hmsi, `${BASE}/zurueckziehen`, { version: String(before.version + 5), grund: 'Falsche Fassung' })).status).toBe(409);

    const stampBefore = (await getPublicationStamp(database.db)).stamp;
    const done = await form(accounts.hmsi, `${BASE}/zurueckziehen`, { version: String(before.version), grund: 'Falsche Fassung veröffentlicht; die richtige folgt.' });
    expect(done.status).toBe(303);
    const after = await current();
    expect(after).toEqual(expect.objectContaining({ version: before.version + 1, status: 'unterzeichnet' }));

    expect((await getPublicationStamp(database.db)).stamp).not.toBe(stampBefore);
    const portal = await get(null, PORTAL);
    expect(portal.status).toBe(410);
    const page = await portal.text();
    expect(page).toContain('Zurückgezogen am');
    expect(page).toContain('Begründung: Falsche Fassung veröffentlicht; die richtige folgt.');
    expect((await get(null, `${PORTAL}/zielvereinbarung.pdf`)).status).toBe(404);
    expect(await (await get(null, '/portal/zielvereinbarungen?jahr=2024')).text()).not.toContain(`href="${PORTAL}"`);
    expect(await (await get(null, '/opendata/2024/agreements.csv')).text()).not.toContain(`${OWN_AGS}`);

    const result = (await database.db.execute(sql`select id from agreements where year = 2024 and ags = ${OWN_AGS}`)) as unknown as { rows: { id: number }[] };
    const id = result.rows[0]!.id;
    const events = await findAuditEvents(database.db, { recordType: 'agreement', recordId: id });
    const withdrawal = events.find((e) => e.action === 'agreement.withdrawPublication');
    expect(withdrawal?.after).toMatchObject({ status: 'unterzeichnet', reason: 'Falsche Fassung veröffentlicht; die richtige folgt.' });

    // Signatures stay: it is published again through the usual confirmation, and the portal serves it.
    const publishPage = await (await get(accounts.hmsi, `${BASE}/veroeffentlichen?version=${after.version}`)).text();
    const sha256 = /name="sha256" value="([0-9a-f]{64})"/.exec(publishPage)![1]!;
    expect((await form(accounts.hmsi, `${BASE}/veroeffentlichen`, { version: String(after.version), sha256 })).status).toBe(303);
    expect((await get(null, PORTAL)).status).toBe(200);
    expect((await current()).status).toBe('veroeffentlicht');
  });

  it('cannot be reached through the plain status change or the API without a reason', async () => {
    const { version } = await current();
    const response = await app.request(`/api/v1/agreements/2024/${OWN_AGS}/transitions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accounts.hmsi.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ to: 'unterzeichnet', version }),
    });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'INVALID_STATE_TRANSITION', message: expect.stringContaining('nur mit Begründung') });
  });
});
