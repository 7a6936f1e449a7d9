import ExcelJS from 'exceljs';
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

async function signedIn(role: 'hmsi' | 'district', ags?: string) {
  const user = await buildUser(database, role, { totp: role !== 'district', ags });
  const c = new TestClient(app);
  await c.post('/anmelden', { email: user.email, password: user.password });
  if (user.totpSecret) await c.post('/anmelden/code', { code: await generateTotpCode(user.totpSecret) });
  return c;
}

const rowsOf = (html: string) => [...html.matchAll(/<th scope="row" class="kern-table__header"[^>]*><a class="kern-link" href="\/zielvereinbarungen\/(\d{4})\/(\d{5})\/status">/g)].map((m) => `${m[1]}:${m[2]}`);

describe('/zielvereinbarungen (list)', () => {
  it('filters by Regierungsbezirk, name and deviation, sorts, and keeps the filter in the export links', async () => {
    const c = await signedIn('hmsi');
    const all = await (await c.get('/zielvereinbarungen')).text();
    // The two real agreements, newest year first; each with its allocation.
    expect(rowsOf(all)).toEqual(['2025:06533', '2024:06439']);
    expect(all).toContain('787.100,00 €');
    expect(all).toContain('2 Zielvereinbarungen, Seite 1 von 1.');
    expect(rowsOf(await (await c.get('/zielvereinbarungen?bezirk=Gie%C3%9Fen')).text())).toEqual(['2025:06533']);
    expect(rowsOf(await (await c.get('/zielvereinbarungen?suche=rheingau%20taunus')).text())).toEqual(['2024:06439']);
    expect(rowsOf(await (await c.get('/zielvereinbarungen?sortierung=jahr&richtung=auf')).text())).toEqual(['2024:06439', '2025:06533']);
    // The real agreements match their allocations: no deviation.
    const deviating = await (await c.get('/zielvereinbarungen?abweichung=1')).text();
    expect(rowsOf(deviating)).toEqual([]);
    expect(deviating).toContain('Es gibt keine Zielvereinbarungen, die zu dieser Auswahl passen.');
    const filtered = await (await c.get('/zielvereinbarungen?bezirk=Darmstadt&sortierung=name&richtung=ab')).text();
    expect(filtered).toContain('href="/zielvereinbarungen.csv?bezirk=Darmstadt&amp;sortierung=name&amp;richtung=ab"');
  });

  it('answers a value the form cannot produce with 400 and a German message next to the field, and still lists', async () => {
    const c = await signedIn('hmsi');
    const response = await c.get('/zielvereinbarungen?jahr=20x4&seite=0');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('Bitte wählen Sie ein AQB-Jahr aus der Liste.');
    expect(html).toContain('Die Seite muss eine Zahl ab 1 sein.');
    expect(rowsOf(html)).toHaveLength(2);
    expect((await c.get('/zielvereinbarungen.csv?status=geheim')).status).toBe(422);
  });

  it('exports the selection as CSV (German amounts, BOM) and as an Excel table', async () => {
    const c = await signedIn('hmsi');
    const csv = await c.get('/zielvereinbarungen.csv?bezirk=Darmstadt');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="zielvereinbarungen.csv"');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(text.startsWith('\uFEFFAGS;Gebietskörperschaft;Regierungsbezirk;Jahr;Status;')).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('06439;Rheingau-Taunus-Kreis;Darmstadt;2024;Veröffentlicht;787.100,00;787.100,00;nein;1;nein');

    const xlsx = await c.get('/zielvereinbarungen.xlsx?jahr=2025');
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.getWorksheet('Zielvereinbarungen')!;
    expect(sheet.getRow(2).getCell(2).value).toBe('Landkreis Limburg-Weilburg');
    expect(sheet.getRow(2).getCell(6).value).toBe(895_210);
    expect(sheet.getRow(3).getCell(1).value).toBe('Summe');
  });

  it('gives a district only its own agreements, on the page and in the files', async () => {
    const c = await signedIn('district', '06533');
    expect(rowsOf(await (await c.get('/zielvereinbarungen')).text())).toEqual(['2025:06533']);
    const text = new TextDecoder().decode(await (await c.get('/zielvereinbarungen.csv')).arrayBuffer());
    expect(text).toContain('06533;');
    expect(text).not.toContain('06439');
  });
});
