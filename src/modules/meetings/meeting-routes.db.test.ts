import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { buildAccounts, OTHER_AGS, OWN_AGS, type RoleKey } from '../../../tests/factories';
import { csrfPair } from '../../../tests/support/auth';
import { createTestDatabase } from '../../../tests/support/test-database';
import { readMeeting } from './meetings';

/** The meeting pages: list, forms with German field messages, confirmation pages, .ics, isolation (404). */
let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
const YEAR = 2025;
const BASE = `/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}`;

async function form(role: RoleKey, path: string, fields: Record<string, string>) {
  const { cookie, token } = await csrfPair(app);
  const body = new URLSearchParams({ _csrf: token, ...fields });
  return app.request(path, { method: 'POST', body, headers: { cookie, authorization: `Bearer ${accounts[role].token}`, 'content-type': 'application/x-www-form-urlencoded' } });
}
const page = async (role: RoleKey, path: string): Promise<Response> => app.request(path, { headers: { authorization: `Bearer ${accounts[role].token}` } });
const version = async () => String((await readMeeting(database.db, accounts.hmsi.actor, YEAR, OWN_AGS)).version);

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  accounts = await buildAccounts(database, '-meeting-pages');
});
afterAll(async () => {
  await database?.close();
});

describe('meeting pages', () => {
  it('the Land list shows every district, nothing scheduled yet; RP reads it, a district is sent to its own page', async () => {
    const list = await page('rp', `/umsetzungsbesprechungen?jahr=${YEAR}`);
    expect(list.status).toBe(200);
    const html = await list.text();
    expect(html).toContain('Rheingau-Taunus-Kreis');
    expect(html).toContain('0 von 26 Gebietskörperschaften mit angesetzter Besprechung');
    const own = await page('districtOwn', `/umsetzungsbesprechungen?jahr=${YEAR}`);
    expect(own.status).toBe(303);
    expect(own.headers.get('location')).toBe(BASE);
  });

  it('the schedule form answers bad input with German messages next to the fields, nothing stored', async () => {
    const response = await form('hmsi', `${BASE}/ansetzen`, { datum0: '31.2.2025', von0: '10:00', bis0: '12', ort: '', video: 'http://x.example', teilnehmende: 'ohne Adresse' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('Bitte ein gültiges Datum angeben, z. B. 14.10.2026.');
    expect(html).toContain('Bitte eine Uhrzeit angeben, z. B. 10:00.');
    expect(html).toContain('Bitte „Name &lt;E-Mail-Adresse&gt;“ je Zeile angeben');
    expect((await page('hmsi', BASE).then((r) => r.text()))).toContain('noch keine Umsetzungsbesprechung angesetzt');
  });

  it('a district may not open the schedule form; another district gets 404 on the page', async () => {
    expect((await page('districtOwn', `${BASE}/ansetzen`)).status).toBe(403);
    expect((await page('districtOther', BASE)).status).toBe(404);
  });

  it('HMSI schedules; the district confirms after a confirmation page; the .ics downloads as REQUEST', async () => {
    const scheduled = await form('hmsi', `${BASE}/ansetzen`, { datum0: '14.10.2025', von0: '10:00', bis0: '12:00', datum1: '4.11.2025', von1: '9:30', bis1: '11:30', ort: 'Wiesbaden', video: '', teilnehmende: '' });
    expect(scheduled.status).toBe(303);
    expect((await page('districtOwn', BASE).then((r) => r.text()))).toContain('Termin bestätigen');
    const ask = await form('districtOwn', `${BASE}/termin-bestaetigen`, { version: await version(), termin: '1' });
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain('Dienstag, 4. November 2025 um 09:30 Uhr');
    expect((await readMeeting(database.db, accounts.hmsi.actor, YEAR, OWN_AGS)).status).toBe('vorgeschlagen');
    const done = await form('districtOwn', `${BASE}/termin-bestaetigen`, { version: await version(), termin: '1', bestaetigt: '1' });
    expect(done.status).toBe(303);
    const ics = await page('districtOwn', `${BASE}/einladung.ics`);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    const text = (await ics.text()).replace(/\r\n /g, '');
    expect(text).toContain('METHOD:REQUEST');
    expect(text).toContain('DTSTART:20251104T083000Z');
    expect((await page('districtOther', `${BASE}/einladung.ics`)).status).toBe(404);
    const api = await page('rp', `/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}`);
    expect(api.status).toBe(200);
    const json = (await api.json()) as { status: string; confirmedIndex: number; dates: Array<{ start: string }> };
    expect([json.status, json.confirmedIndex, json.dates[1]!.start]).toEqual(['terminiert', 1, '2025-11-04T08:30:00.000Z']);
    expect((await page('districtOther', `/api/v1/umsetzungsbesprechungen/${YEAR}/${OWN_AGS}`)).status).toBe(404);
  });

  it('the agenda form reorders and removes items; the PDF and the DOCX download', async () => {
    const regen = await form('hmsi', `${BASE}/tagesordnung/neu-erzeugen`, { version: await version() });
    expect(await regen.text()).toContain('Ihre Änderungen an der bisherigen Tagesordnung gehen verloren');
    expect((await form('hmsi', `${BASE}/tagesordnung/neu-erzeugen`, { version: await version(), bestaetigt: '1' })).status).toBe(303);
    const m = await readMeeting(database.db, accounts.hmsi.actor, YEAR, OWN_AGS);
    const fields: Record<string, string> = { version: String(m.version) };
    m.agenda.forEach((a, i) => Object.assign(fields, { [`nr${i}`]: String(m.agenda.length - i), [`titel${i}`]: a.title, [`text${i}`]: a.text }));
    fields.entfernen0 = '1';
    fields[`titel${m.agenda.length}`] = 'Neuer Punkt';
    fields[`nr${m.agenda.length}`] = '99';
    expect((await form('districtOwn', `${BASE}/tagesordnung`, fields)).status).toBe(303);
    const after = await readMeeting(database.db, accounts.hmsi.actor, YEAR, OWN_AGS);
    expect(after.agenda.map((a) => a.title.replace(/ \(Stand .*\)$/, ''))).toEqual(['Verschiedenes', 'Offene Folgeaufgaben aus der Umsetzungsbesprechung 2024', 'Offene Abweichungen', 'Plätze: geplant und besetzt', 'Finanzstand 2025', 'Neuer Punkt']);
    const pdf = await page('rp', `${BASE}/tagesordnung.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const docx = await page('rp', `${BASE}/tagesordnung.docx`);
    expect(Buffer.from(await docx.arrayBuffer()).subarray(0, 2).toString('latin1')).toBe('PK');
    expect((await page('districtOther', `${BASE}/tagesordnung.pdf`)).status).toBe(404);
    expect(OTHER_AGS).not.toBe(OWN_AGS);
  });
});
