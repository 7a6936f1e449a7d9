import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { buildUser } from '../../../tests/factories';
import { TestClient } from '../access/testing/http-client';
import { generateTotpCode } from '../access/totp';
import { defaultTemplate } from '../documents/service';
import { formValuesFromContent } from './template-form';
import { findTemplateVersions } from './service';

let database: AppDatabase;
let hmsi: TestClient;
beforeAll(async () => {
  database = await createTestDatabase();
  const app = createApp({ database });
  const user = await buildUser(database, 'hmsi', { totp: true, name: 'Vera Vorlage' });
  hmsi = new TestClient(app);
  await hmsi.post('/anmelden', { email: user.email, password: user.password });
  await hmsi.post('/anmelden/code', { code: await generateTotpCode(user.totpSecret!) });
});
afterAll(async () => {
  await database?.close();
});

describe('template versions: author, comparison, restore', () => {
  it('names the author, compares two versions word by word and restores an old one as a new version', async () => {
    const values = formValuesFromContent(defaultTemplate(2025));
    const field = Object.keys(values).find((k) => values[k]!.includes('Umsetzungsbesprechung'))!;
    const saved = await hmsi.post('/vorlagen/2025', { ...values, [field]: values[field]!.replace('Umsetzungsbesprechung im Herbst', 'Umsetzungsbesprechung im Spätsommer'), note: 'Termin vorgezogen', aktion: 'speichern' });
    expect(saved.status).toBe(303);
    const page = await (await hmsi.get('/vorlagen/2025')).text();
    expect(page).toContain('Vera Vorlage');
    expect(page).toContain('Termin vorgezogen');

    const diff = await (await hmsi.get('/vorlagen/2025/vergleich?von=1&zu=2')).text();
    expect(diff).toContain('1 von 11 Abschnitten geändert');
    expect(diff).toMatch(/<del><span class="visually-hidden">Gelöscht: <\/span>[^<]*Herbst/);
    expect(diff).toMatch(/<ins><span class="visually-hidden">Eingefügt: <\/span>[^<]*Spätsommer/);

    const restored = await hmsi.post('/vorlagen/2025/wiederherstellen', { version: '1' });
    expect(restored.headers.get('location')).toBe('/vorlagen/2025?gespeichert=3');
    const versions = await findTemplateVersions(database.db, 2025);
    expect(versions[0]).toMatchObject({ version: 3, note: 'Wiederhergestellt aus Version 1' });
    expect(versions[0]!.content).toEqual(versions.find((v) => v.version === 1)!.content);
    // Restoring the current version is refused; nothing is added.
    expect((await hmsi.post('/vorlagen/2025/wiederherstellen', { version: '3' })).status).toBe(409);
    expect((await findTemplateVersions(database.db, 2025)).length).toBe(3);
  });
});
