import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { buildAccounts, OWN_AGS, type RoleKey } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import { checkSubmission } from './antrag-record';
import { findStrategies } from './strategies';

/** The strategy documents: upload through the page (multipart), download byte for byte, the submission check. */

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
const PDF = new TextEncoder().encode('%PDF-1.4\n% Strategie\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function upload(role: RoleKey, fields: Record<string, string>, file?: File, ags = OWN_AGS) {
  const page = await app.request('/');
  const cookie = /aqb-csrf=[^;]+/.exec(page.headers.get('set-cookie') ?? '')![0];
  const { csrfTokenFor } = await import('../../platform/http/csrf');
  const form = new FormData();
  form.set('_csrf', csrfTokenFor(`anon:${cookie.split('=')[1]}`));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('datei', file);
  return app.request(`/strategien/${ags}`, { method: 'POST', body: form, headers: { cookie, authorization: `Bearer ${accounts[role].token}` } });
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  accounts = await buildAccounts(database);
});
afterAll(async () => {
  await database?.close();
});

describe('Strategie', () => {
  it('refuses incomplete uploads with field messages and stores nothing', async () => {
    const empty = await upload('districtOwn', { titel: '', gueltig_von: '31.2.2025', gueltig_bis: '' });
    expect(empty.status).toBe(422);
    const html = await empty.text();
    for (const id of ['feld-titel-fehler', 'feld-gueltig_von-fehler', 'feld-gueltig_bis-fehler', 'feld-datei-fehler']) expect(html).toContain(`id="${id}"`);
    const wrongType = await upload('districtOwn', { titel: 'Strategie', gueltig_von: '1.1.2025', gueltig_bis: '31.12.2024' }, new File(['nur Text'], 'strategie.txt', { type: 'text/plain' }));
    const wrongHtml = await wrongType.text();
    expect(wrongHtml).toContain('Bitte laden Sie eine PDF- oder DOCX-Datei hoch.');
    expect(wrongHtml).toContain('Das Ende liegt vor dem Beginn (1.1.2025).');
    expect(await findStrategies(database.db, OWN_AGS)).toEqual([]);
  });

  it('stores a PDF with its period, serves it byte for byte, and the submission check follows the AQB year', async () => {
    expect((await checkSubmission(database.db, 2025, OWN_AGS)).problems.map((p) => p.code)).toContain('STRATEGIE_FEHLT');
    const old = await upload('districtOwn', { titel: 'Strategie 2020–2024', gueltig_von: '1.1.2020', gueltig_bis: '31.12.2024' }, new File([PDF], 'strategie-alt.pdf', { type: 'application/pdf' }));
    expect(old.status).toBe(303);
    expect((await checkSubmission(database.db, 2025, OWN_AGS)).problems.map((p) => p.code)).toContain('STRATEGIE_FEHLT');
    expect((await checkSubmission(database.db, 2024, OWN_AGS)).problems.map((p) => p.code)).not.toContain('STRATEGIE_FEHLT');
    const current = await upload('districtOwn', { titel: 'Regionale Strategie 2025–2028', gueltig_von: '1.1.2025', gueltig_bis: '31.12.2028' }, new File([PDF], 'Strategie 2025.pdf', { type: 'application/pdf' }));
    expect(current.status).toBe(303);
    expect((await checkSubmission(database.db, 2025, OWN_AGS)).problems.map((p) => p.code)).not.toContain('STRATEGIE_FEHLT');

    const [stored] = await findStrategies(database.db, OWN_AGS);
    expect(stored).toMatchObject({ title: 'Regionale Strategie 2025–2028', validFrom: '2025-01-01', validTo: '2028-12-31', fileName: 'Strategie 2025.pdf', mediaType: 'application/pdf', sha256: createHash('sha256').update(PDF).digest('hex') });
    const list = await app.request(`/strategien/${OWN_AGS}`, { headers: { authorization: `Bearer ${accounts.rp.token}` } });
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('1.1.2025 – 31.12.2028');
    expect(html).not.toContain('Strategie hochladen');
    const download = await app.request(`/strategien/${OWN_AGS}/${stored!.id}/datei`, { headers: { authorization: `Bearer ${accounts.hmsi.token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PDF);
  });

  it('lets only the district upload; another district sees nothing (404)', async () => {
    const file = () => new File([PDF], 's.pdf', { type: 'application/pdf' });
    const fields = { titel: 'Fremd', gueltig_von: '1.1.2025', gueltig_bis: '31.12.2025' };
    expect((await upload('hmsi', fields, file())).status).toBe(403);
    expect((await upload('rp', fields, file())).status).toBe(403);
    expect((await upload('districtOther', fields, file())).status).toBe(404);
    const [stored] = await findStrategies(database.db, OWN_AGS);
    expect((await app.request(`/strategien/${OWN_AGS}/${stored!.id}/datei`, { headers: { authorization: `Bearer ${accounts.districtOther.token}` } })).status).toBe(404);
    expect((await app.request(`/strategien/${OWN_AGS}`, { headers: { authorization: `Bearer ${accounts.admin.token}` } })).status).toBe(403);
    expect((await findStrategies(database.db, OWN_AGS)).length).toBe(2);
  });
});
