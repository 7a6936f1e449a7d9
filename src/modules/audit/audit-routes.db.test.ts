import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { TestClient } from '../access/testing/http-client';
import { buildUser } from '../../../tests/factories';
import { generateTotpCode } from '../access/totp';

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
});
afterAll(async () => {
  await database?.close();
});

async function signedIn(role: 'hmsi' | 'admin' | 'district' | 'rp') {
  const user = await buildUser(database, role, { totp: role !== 'district', name: `Prüferin ${role}` });
  const c = new TestClient(app);
  await c.post('/anmelden', { email: user.email, password: user.password });
  if (user.totpSecret) await c.post('/anmelden/code', { code: await generateTotpCode(user.totpSecret) });
  return c;
}

describe('/admin/protokoll', () => {
  it('shows the newest events with names and the intact chain to HMSI and administrators', async () => {
    for (const role of ['admin', 'hmsi'] as const) {
      const c = await signedIn(role);
      const response = await c.get('/admin/protokoll');
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('Hash-Kette intakt');
      expect(html).toContain('<code>user.create</code>');
      expect(html).toContain('Prüferin admin');
    }
  });

  it('is closed to district and RP users and to anonymous visitors', async () => {
    expect((await (await signedIn('district')).get('/admin/protokoll')).status).toBe(403);
    expect((await (await signedIn('rp')).get('/admin/protokoll')).status).toBe(403);
    expect((await new TestClient(app).get('/admin/protokoll')).status).toBe(303);
  });

  it('reports a tampered chain', async () => {
    const c = await signedIn('admin');
    await database.db.execute(sql`update audit_events set actor_id = '999' where sequence = 1`);
    const html = await (await c.get('/admin/protokoll')).text();
    expect(html).toContain('Hash-Kette beschädigt ab Ereignis 1');
  });
});
