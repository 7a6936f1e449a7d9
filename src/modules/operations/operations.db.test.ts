import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import { buildUser } from '../../../tests/factories';
import { createEmptyTestDatabase, createTestDatabase } from '../../../tests/support/test-database';
import { readBackupManifest, restoreBackup } from '../../platform/backup/backup';
import type { AppDatabase } from '../../platform/db/client';
import { generateTotpCode } from '../access/totp';
import { TestClient } from '../access/testing/http-client';

let database: AppDatabase;
let app: ReturnType<typeof createApp>;

async function signedInAdmin() {
  const user = await buildUser(database, 'admin', { totp: true });
  const client = new TestClient(app);
  await client.post('/anmelden', { email: user.email, password: user.password });
  await client.post('/anmelden/code', { code: await generateTotpCode(user.totpSecret!) });
  return { client, user };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
});
afterAll(async () => {
  await database?.close();
});

describe('backup from the running server (/admin/sicherung)', () => {
  it('shows an empty list first, downloads a backup that restores, and records who took it', async () => {
    const { client, user } = await signedInAdmin();
    const page = await client.get('/admin/sicherung');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Es wurde noch keine Sicherung erstellt.');
    expect(html).toContain('Sicherung herunterladen');

    const response = await client.post('/admin/sicherung', {});
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="aqb-sicherung-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.zip"$/);
    expect(response.headers.get('cache-control')).toContain('no-store');
    const bytes = new Uint8Array(await response.arrayBuffer());
    const manifest = readBackupManifest(bytes);
    expect(manifest.engine).toBe('portable');
    expect(manifest.tables.users!.rows).toBeGreaterThan(0);

    const [event] = ((await database.db.execute(sql`select actor_id, after from audit_events where action = 'system.backup' order by sequence desc limit 1`)) as unknown as { rows: { actor_id: string; after: { rows: number; fileSha256: string } }[] }).rows;
    expect(event!.actor_id).toBe(String(user.id));
    expect(event!.after.fileSha256).toMatch(/^[0-9a-f]{64}$/);

    const listed = await (await client.get('/admin/sicherung')).text();
    expect(listed).toContain(event!.after.fileSha256);

    const target = await createEmptyTestDatabase('aqb_ops_download');
    try {
      const result = await restoreBackup(target, bytes);
      expect(result.rows).toBe(Object.values(manifest.tables).reduce((sum, t) => sum + t.rows, 0));
    } finally {
      await target.close();
    }
  });

  it('refuses a post without the CSRF token', async () => {
    const { client } = await signedInAdmin();
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await app.request('http://localhost/admin/sicherung', { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(response.status).toBe(403);
  });
});
