import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import { applyDemoSetting } from '../../app/setup-database';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { TestClient } from '../access/testing/http-client';
import { buildUser } from '../../../tests/factories';
import { generateTotpCode } from '../access/totp';
import { findRevisions, findScenarios } from './service';
import { findSubBudgets } from './service';
import { getCurrentTemplate } from '../templates/service';

const goodCsv = readFileSync(new URL('./allocation/fixtures/indicators-2026.csv', import.meta.url));
const errorCsv = readFileSync(new URL('./allocation/fixtures/indicators-errors.csv', import.meta.url));

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let hmsi: TestClient;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  const user = await buildUser(database, 'hmsi', { totp: true });
  hmsi = new TestClient(app);
  await hmsi.post('/anmelden', { email: user.email, password: user.password });
  await hmsi.post('/anmelden/code', { code: await generateTotpCode(user.totpSecret!) });
});
afterAll(async () => {
  await database?.close();
});

/** Posts the key-scenario form as multipart (file upload) like a browser without JavaScript. */
async function uploadKey(fields: Record<string, string>, file: Buffer) {
  const form = new FormData();
  form.set('_csrf', hmsi.csrf());
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set('key', new File([new Uint8Array(file)], 'indikatoren.csv', { type: 'text/csv' }));
  const cookie = [...hmsi.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return app.request('http://localhost/jahre/2026/szenarien/schluessel', { method: 'POST', body: form, headers: { cookie } });
}

describe('AQB year pages', () => {
  it('require a sign-in and keep district users out', async () => {
    const anonymous = await app.request('/jahre');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/anmelden/);
    const user = await buildUser(database, 'district', { ags: '06432' });
    const district = new TestClient(app);
    await district.post('/anmelden', { email: user.email, password: user.password });
    expect((await district.get('/jahre')).status).toBe(403);
    expect((await district.post('/jahre', { year: '2026' })).status).toBe(403);
  });

  it('creates 2026 as a copy of 2025 with the Landesbudget, and refuses it twice', async () => {
    const list = await hmsi.get('/jahre');
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('Neues AQB-Jahr anlegen');
    const created = await hmsi.post('/jahre', { year: '2026', landesbudget: '27.700.000' });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/jahre/2026?hinweis=angelegt');
    const page = await (await hmsi.get('/jahre/2026?hinweis=angelegt')).text();
    expect(page).toContain('<h1 class="kern-heading-large">AQB-Jahr 2026</h1>');
    expect(page).toContain('Das AQB-Jahr wurde angelegt.');
    expect(page).toContain('Angelegt als Kopie des AQB-Jahres 2025');
    expect(page).toContain('27.700.000,00 €');
    const again = await hmsi.post('/jahre', { year: '2026', landesbudget: '' });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain('Das AQB-Jahr 2026 ist bereits angelegt.');
    const bad = await hmsi.post('/jahre', { year: '2027', landesbudget: '27,700,000' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('aria-invalid="true"');
  });

  it('adds a Teilbudget with its § 2 text, validates the amount and deletes after confirmation', async () => {
    const bad = await hmsi.post('/jahre/2026/teilbudgets', { name: 'Teilzeitausbildung', amount: 'eine Million', paragraphText: '' });
    expect(bad.status).toBe(422);
    expect(await findSubBudgets(database.db, 2026)).toHaveLength(0);
    const ok = await hmsi.post('/jahre/2026/teilbudgets', { name: 'Teilzeitausbildung', amount: '1.000.000', paragraphText: 'Davon sind 1.000.000 Euro für Teilzeitausbildung vorgesehen.' });
    expect(ok.status).toBe(303);
    const [part] = await findSubBudgets(database.db, 2026);
    expect(part).toMatchObject({ name: 'Teilzeitausbildung', amountCents: 1_000_000_00 });
    const confirm = await hmsi.get(`/jahre/2026/teilbudgets/${part!.id}/loeschen`);
    expect(await confirm.text()).toContain('wirklich löschen');
    expect((await hmsi.post(`/jahre/2026/teilbudgets/${part!.id}/loeschen`, {})).status).toBe(303);
    expect(await findSubBudgets(database.db, 2026)).toHaveLength(0);
  });

  it('edits a Teilbudget: § 2 follows, the Teilbudgets may not exceed the Landesbudget, and RP sees values without forms', async () => {
    expect((await hmsi.post('/jahre/2026/teilbudgets', { name: 'Teilzeit', amount: '1.000.000', paragraphText: 'Für Teilzeitausbildung: 1 Mio. Euro.' })).status).toBe(303);
    // 27,7 Mio. Landesbudget: a second Teilbudget of 27 Mio. would take the sum to 28 Mio.
    const over = await hmsi.post('/jahre/2026/teilbudgets', { name: 'Zu groß', amount: '27.000.000', paragraphText: 'Zu groß.' });
    expect(over.status).toBe(422);
    expect(await over.text()).toContain('Die Teilbudgets ergäben zusammen 28.000.000,00 € und damit 300.000,00 € mehr als das Landesbudget (27.700.000,00 €).');
    const [part] = await findSubBudgets(database.db, 2026);
    const form = await (await hmsi.get(`/jahre/2026/teilbudgets/${part!.id}/bearbeiten`)).text();
    expect(form).toContain('value="1.000.000,00"');
    const tooMuch = await hmsi.post(`/jahre/2026/teilbudgets/${part!.id}/bearbeiten`, { name: 'Teilzeit', amount: '30.000.000', paragraphText: 'Für Teilzeitausbildung: 1 Mio. Euro.' });
    expect(tooMuch.status).toBe(422);
    expect(await tooMuch.text()).toContain('mehr als das Landesbudget');
    const changed = await hmsi.post(`/jahre/2026/teilbudgets/${part!.id}/bearbeiten`, { name: 'Teilzeitausbildung', amount: '1.200.000', paragraphText: 'Für Teilzeitausbildung: 1,2 Mio. Euro.' });
    expect(changed.headers.get('location')).toBe('/jahre/2026?hinweis=teilbudget-geaendert#teilbudgets');
    expect((await findSubBudgets(database.db, 2026))[0]).toMatchObject({ name: 'Teilzeitausbildung', amountCents: 1_200_000_00 });
    const section2 = (await getCurrentTemplate(database.db, 2026)).content.sections.find((section) => section.number === 2)!;
    expect(section2.paragraphs).toContain('Für Teilzeitausbildung: 1,2 Mio. Euro.');
    expect(section2.paragraphs).not.toContain('Für Teilzeitausbildung: 1 Mio. Euro.');

    // RP reads the year: values, no forms, no edit links.
    const rpUser = await buildUser(database, 'rp', { totp: true });
    const rp = new TestClient(app);
    await rp.post('/anmelden', { email: rpUser.email, password: rpUser.password });
    await rp.post('/anmelden/code', { code: await generateTotpCode(rpUser.totpSecret!) });
    const rpPage = await (await rp.get('/jahre/2026')).text();
    expect(rpPage).toContain('Teilzeitausbildung');
    expect(rpPage).not.toContain('<form method="post"');
    expect(rpPage).not.toContain('/bearbeiten"');
    expect(await (await rp.get('/jahre')).text()).not.toContain('Neues AQB-Jahr anlegen');

    expect((await hmsi.post(`/jahre/2026/teilbudgets/${part!.id}/loeschen`, {})).status).toBe(303);
  });

  it('shows the per-line errors of the error fixture after an upload and saves nothing', async () => {
    const response = await uploadKey({ name: 'Fehlerhaft', budget: '27.700.000', indicators: '', weights: '', floor: '', round: '10' }, errorCsv);
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('Zeile 7: AGS 06411 (Wissenschaftsstadt Darmstadt) kommt doppelt vor (zuerst in Zeile 2).');
    expect(html).toMatch(/Zeile 8: Spalte „sgb2_bedarfsgemeinschaften“: Der Wert „-5“ ist negativ/);
    expect(html).toContain('Es fehlt eine Zeile für AGS 06636 (Werra-Meißner-Kreis).');
    expect(await findScenarios(database.db, 2026)).toHaveLength(0);
  });

  it('stores two key scenarios, compares them against 2025, fixes one and serves its letters', async () => {
    expect((await uploadKey({ name: 'Bedarf', budget: '27.700.000', indicators: '', weights: 'sgb2_bedarfsgemeinschaften=1', floor: '', round: '10' }, goodCsv)).status).toBe(303);
    expect((await uploadKey({ name: 'Jugend mit Sockel', budget: '27.700.000', indicators: '', weights: 'jugendarbeitslose=0,7; sgb2_bedarfsgemeinschaften=0,3', floor: '300.000', round: '10' }, goodCsv)).status).toBe(303);
    const scenarios = await findScenarios(database.db, 2026);
    expect(scenarios.map((s) => s.sumCents)).toEqual([27_700_000_00, 27_700_000_00]);

    const comparison = await hmsi.get(`/jahre/2026/vergleich?szenario=${scenarios[0]!.id}&szenario=${scenarios[1]!.id}`);
    expect(comparison.status).toBe(200);
    const html = await comparison.text();
    expect(html).toContain('Zuweisung 2025');
    expect(html).toContain('Veränderung (Jugend mit Sockel)');
    expect(html.match(/<tr class="kern-table__row" data-ags="/g)).toHaveLength(26);
    // Beside the allocation: the previous year's target achievement (composed in the app, docs/decisions/0029); it changes no amount.
    expect(html).toContain('<th scope="col" class="kern-table__header">Zielerreichung 2025</th>');
    expect(html).toMatch(/data-ags="06533"[\s\S]*?<a class="kern-link" href="\/zielerreichung\/2025\/06533">/);
    // Limburg-Weilburg had 895.210 € in 2025: the change is shown against it.
    const lw = scenarios[0]!.allocations.find((a) => a.ags === '06533')!.amountCents;
    expect(html).toContain(`${lw - 895_210_00 > 0 ? '+' : ''}${new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2 }).format((lw - 895_210_00) / 100)} €`);

    // The same comparison as files: 26 rows and the sums; amounts German in the CSV, numbers in Excel.
    const query = `szenario=${scenarios[0]!.id}&szenario=${scenarios[1]!.id}`;
    expect(html).toContain(`href="/jahre/2026/vergleich.csv?szenario=${scenarios[0]!.id}&amp;szenario=${scenarios[1]!.id}"`);
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await hmsi.get(`/jahre/2026/vergleich.csv?${query}`)).arrayBuffer());
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('AGS;Gebietskörperschaft;Zuweisung 2025 (€);Bedarf (€);Veränderung Bedarf (€);Veränderung Bedarf (%);Jugend mit Sockel (€);Veränderung Jugend mit Sockel (€);Veränderung Jugend mit Sockel (%)');
    expect(lines).toHaveLength(28);
    const lwLine = lines.find((line) => line.startsWith('06533;'))!.split(';');
    expect(lwLine[1]).toBe('Landkreis Limburg-Weilburg');
    expect(lwLine[2]).toBe('895.210,00');
    expect(lwLine[3]).toBe(new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(lw / 100));
    expect(lines[27]!.startsWith(';Summe;')).toBe(true);
    expect(lines[27]!.split(';')[3]).toBe('27.700.000,00');
    const xlsx = await hmsi.get(`/jahre/2026/vergleich.xlsx?${query}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.getWorksheet('Vergleich 2026')!;
    expect(sheet.getRow(1).getCell(4).value).toBe('Bedarf (€)');
    expect(sheet.getRow(28).getCell(1).value).toBe('Summe');
    expect((sheet.getRow(28).getCell(4).value as { result: number }).result).toBe(27_700_000);
    expect((await hmsi.get('/jahre/2026/vergleich.csv')).status).toBe(422);

    const confirm = await hmsi.get(`/jahre/2026/szenarien/${scenarios[1]!.id}/festlegen`);
    expect(await confirm.text()).toContain('Verbindlich festlegen');
    const badDate = await hmsi.post(`/jahre/2026/szenarien/${scenarios[1]!.id}/festlegen`, { announcedOn: '' });
    expect(badDate.status).toBe(422);
    const fixed = await hmsi.post(`/jahre/2026/szenarien/${scenarios[1]!.id}/festlegen`, { announcedOn: '2025-12-19' });
    expect(fixed.status).toBe(303);

    const pdf = await hmsi.get('/jahre/2026/schreiben/06432/pdf');
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="mittelankuendigung-2026-06432.pdf"');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    // The district downloads its own letter, never another's (404, as if it did not exist).
    const districtUser = await buildUser(database, 'district', { ags: '06432' });
    const district = new TestClient(app);
    await district.post('/anmelden', { email: districtUser.email, password: districtUser.password });
    const own = await district.get('/mittelankuendigungen/2026/06432/pdf');
    expect(own.status).toBe(200);
    expect(Buffer.from(await own.arrayBuffer()).equals(Buffer.from(await (await hmsi.get('/jahre/2026/schreiben/06432/pdf')).arrayBuffer()))).toBe(true);
    expect((await district.get('/mittelankuendigungen/2026/06432/docx')).status).toBe(200);
    expect((await district.get('/mittelankuendigungen/2026/06439/pdf')).status).toBe(404);
    expect((await district.get('/jahre/2026/schreiben/06432/pdf')).status).toBe(403);
    expect((await new TestClient(app).get('/mittelankuendigungen/2026/06432/pdf')).status).toBe(303);
    const docx = await hmsi.get('/jahre/2026/schreiben/06432/docx');
    expect(docx.headers.get('content-type')).toContain('wordprocessingml');
    const zip = await hmsi.get('/jahre/2026/mittelankuendigungen.zip');
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(zip.headers.get('content-disposition')).toBe('attachment; filename="mittelankuendigungen-2026.zip"');
    const page = await (await hmsi.get('/jahre/2026')).text();
    expect(page).toContain('festgelegt am');
    expect(page).toContain('href="/jahre/2026/schreiben/06432/pdf"');
  });

  it('renames and deletes a scenario that is not fixed, never the fixed one', async () => {
    const [open, fixed] = await findScenarios(database.db, 2026);
    expect(fixed!.fixedAt).not.toBeNull();
    const taken = await hmsi.post(`/jahre/2026/szenarien/${open!.id}/umbenennen`, { name: fixed!.name });
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain(`Den Namen „${fixed!.name}“ hat schon ein anderes Szenario.`);
    expect((await hmsi.post(`/jahre/2026/szenarien/${open!.id}/umbenennen`, { name: 'Bedarf (Entwurf März)' })).status).toBe(303);
    expect((await findScenarios(database.db, 2026))[0]!.name).toBe('Bedarf (Entwurf März)');
    expect(await (await hmsi.post(`/jahre/2026/szenarien/${fixed!.id}/umbenennen`, { name: 'Anders' })).text()).toContain('ist als Zuweisung festgelegt');
    expect((await hmsi.get(`/jahre/2026/szenarien/${fixed!.id}/loeschen`)).status).toBe(409);
    expect((await hmsi.post(`/jahre/2026/szenarien/${fixed!.id}/loeschen`, {})).status).toBe(409);
    expect(await (await hmsi.get(`/jahre/2026/szenarien/${open!.id}/loeschen`)).text()).toContain('Szenario endgültig löschen');
    expect((await hmsi.post(`/jahre/2026/szenarien/${open!.id}/loeschen`, {})).status).toBe(303);
    expect((await findScenarios(database.db, 2026)).map((s) => s.id)).toEqual([fixed!.id]);
    expect((await hmsi.get('/jahre/2026/szenarien/abc/umbenennen')).status).toBe(404);
  });

  it('records a revision with reason and date and shows the history', async () => {
    const missing = await hmsi.post('/jahre/2026/revisionen', { ags: '06432', amount: '374.850', reason: '', decidedOn: '2026-05-02' });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('Bitte begründen Sie die Änderung.');
    // 27,7 Mio. are fixed and allocated in full: an increase would pass the Landesbudget and is refused next to the field.
    const current = (await findScenarios(database.db, 2026)).find((s) => s.fixedAt)!.allocations.find((a) => a.ags === '06432')!.amountCents;
    const over = await hmsi.post('/jahre/2026/revisionen', { ags: '06432', amount: String((current + 100_00) / 100).replace('.', ','), reason: 'Aufstockung', decidedOn: '2026-05-02' });
    expect(over.status).toBe(422);
    expect(await over.text()).toContain('mehr als das Landesbudget (27.700.000,00 €). Erhöhen Sie zuerst das Landesbudget.');
    // A cut: the confirmation shows old → new and the new sum before anything is saved.
    const fields = { ags: '06432', amount: '374.850', reason: 'Kürzung wegen Haushaltssperre', decidedOn: '2026-05-02' };
    const preview = await hmsi.post('/jahre/2026/revisionen', fields);
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(previewHtml).toContain('Änderung der Zuweisung bestätigen');
    expect(previewHtml).toContain(' → 374.850,00 €');
    expect(previewHtml).toContain(`${new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2 }).format((27_700_000_00 - current + 374_850_00) / 100)} € von 27.700.000,00 € Landesbudget`);
    expect(await findRevisions(database.db, 2026, '06432')).toHaveLength(0);
    const ok = await hmsi.post('/jahre/2026/revisionen', { ...fields, bestaetigt: '1' });
    expect(ok.status).toBe(303);
    const [revision] = await findRevisions(database.db, 2026, '06432');
    expect(revision).toMatchObject({ toCents: 374_850_00, reason: 'Kürzung wegen Haushaltssperre', decidedOn: '2026-05-02' });
    const page = await (await hmsi.get('/jahre/2026')).text();
    expect(page).toContain('Kürzung wegen Haushaltssperre');
    expect(page).toContain('2.5.2026');
  });

  it('stores a manual scenario from 26 fields prefilled with last year, and a key scenario from typed indicators', async () => {
    const form = await (await hmsi.get('/jahre/2026/szenarien/manuell')).text();
    expect(form.match(/name="betrag_06\d{3}"/g)).toHaveLength(26);
    expect(form).toMatch(/name="betrag_06533"[^>]*value="895\.210,00"/);
    const fields: Record<string, string> = { name: 'Von Hand' };
    for (const ags of (form.match(/name="betrag_(06\d{3})"/g) ?? []).map((m) => m.slice(13, 18))) fields[`betrag_${ags}`] = '1.065.380';
    const bad = await hmsi.post('/jahre/2026/szenarien/manuell', { ...fields, betrag_06432: '-5' });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('Der Betrag darf nicht negativ sein.');
    // Without JavaScript, "Summe berechnen" shows the running total against the Landesbudget and saves nothing.
    const computed = await hmsi.post('/jahre/2026/szenarien/manuell', { ...fields, aktion: 'rechnen' });
    expect(computed.status).toBe(200);
    expect(await computed.text()).toContain('Summe: 27.699.880,00 € – 120,00 € unter dem Landesbudget (27.700.000,00 €).');
    const partly = await (await hmsi.post('/jahre/2026/szenarien/manuell', { ...fields, betrag_06432: 'x', aktion: 'rechnen' })).text();
    expect(partly).toContain('Summe: 26.634.500,00 € – 1.065.500,00 € unter dem Landesbudget (27.700.000,00 €). Ein Betrag fehlt oder ist ungültig und nicht mitgezählt.');
    expect((await findScenarios(database.db, 2026)).some((s) => s.name === 'Von Hand')).toBe(false);
    expect(form).toContain('<script src="/assets/running-total.js" defer');
    expect((await hmsi.post('/jahre/2026/szenarien/manuell', { ...fields, aktion: 'speichern' })).status).toBe(303);
    const manual = (await findScenarios(database.db, 2026)).find((s) => s.name === 'Von Hand')!;
    expect(manual).toMatchObject({ method: 'manuell', sumCents: 26 * 1_065_380_00 });

    const typed = await hmsi.post('/jahre/2026/szenarien/schluessel', { name: 'Getippt', budget: '27.700.000', indicators: goodCsv.toString('utf8'), weights: '', floor: '', round: '100' });
    expect(typed.status).toBe(303);
    const scenario = (await findScenarios(database.db, 2026)).find((s) => s.name === 'Getippt')!;
    expect(scenario.sumCents).toBe(27_700_000_00);
    expect(scenario.allocations.every((a) => a.amountCents % 100_00 === 0)).toBe(true);
  });

  it('shows the Demodaten banner on a seeded year whose allocations are demo records', async () => {
    expect(await (await hmsi.get('/jahre/2025')).text()).not.toContain('<p class="kern-title">Demodaten</p>');
    await applyDemoSetting(database, true);
    expect(await (await hmsi.get('/jahre/2025')).text()).toContain('<p class="kern-title">Demodaten</p>');
    expect(await (await hmsi.get('/jahre/2026')).text()).not.toContain('<p class="kern-title">Demodaten</p>');
    await applyDemoSetting(database, false);
  });
});
