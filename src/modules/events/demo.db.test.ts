import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDemoSetting } from '../../app/setup-database';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { findCatalogueEntries } from '../portal/good-practice';
import { DEMO_EVENT_TITLE } from './use-cases/demo';

/** The demo set: one labelled conference with registrations and a few good-practice entries; "Demo-Daten entfernen" takes them away. */

let database: AppDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const count = async (query: ReturnType<typeof sql>) => Number(((await database.db.execute(query)) as unknown as { rows: { n: number }[] }).rows[0]!.n);

describe('demo data of conferences and good practice', () => {
  it('loads once (idempotent) and is removed completely, real records untouched', async () => {
    await database.db.execute(sql`insert into events (title, starts_at, ends_at, capacity, registration_deadline, place) values ('Echte Tagung', now(), now(), 5, current_date, 'Kassel')`);
    await applyDemoSetting(database, true);
    await applyDemoSetting(database, true);
    expect(await count(sql`select count(*)::int as n from events where is_demo and title = ${DEMO_EVENT_TITLE}`)).toBe(1);
    expect(await count(sql`select count(*)::int as n from event_registrations r join events e on e.id = r.event_id where e.is_demo`)).toBe(3);
    const catalogue = await findCatalogueEntries(database.db, {});
    expect(catalogue.length).toBeGreaterThanOrEqual(3);
    expect(catalogue.every((e) => e.isDemo && e.agreementHref !== null)).toBe(true);
    await applyDemoSetting(database, false);
    expect(await count(sql`select count(*)::int as n from events where is_demo`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from event_registration_people`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from good_practice_entries`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from events where title = 'Echte Tagung'`)).toBe(1);
  });
});
