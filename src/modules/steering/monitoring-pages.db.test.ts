import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { buildAccounts, buildIssuedBescheid, buildProject, OTHER_AGS, OWN_AGS, type RoleKey, setAllocation } from '../../../tests/factories';
import { csrfPair } from '../../../tests/support/auth';
import { createTestDatabase } from '../../../tests/support/test-database';
import { paymentRequests, payouts } from '../payments/tables';
import { findDeviations } from './deviations';
import { latestSnapshot } from './snapshots';

/** Monitoring pages, downloads and the JSON API: roles, isolation, forms with German messages, charts. */

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
const YEAR = 2025;

async function form(role: RoleKey, path: string, fields: Record<string, string>) {
  const { cookie, token } = await csrfPair(app);
  const body = new URLSearchParams({ _csrf: token, ...fields });
  return app.request(path, { method: 'POST', body, headers: { cookie, authorization: `Bearer ${accounts[role].token}`, 'content-type': 'application/x-www-form-urlencoded' } });
}
const page = (role: RoleKey, path: string) => app.request(path, { headers: { authorization: `Bearer ${accounts[role].token}` } });
const api = (role: RoleKey, path: string, method = 'GET', body?: unknown) =>
  app.request(`/api/v1${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { authorization: `Bearer ${accounts[role].token}`, 'content-type': 'application/json', accept: 'application/json' },
  });

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  accounts = await buildAccounts(database);
  await setAllocation(database, YEAR, OWN_AGS, 200_000_00);
  const project = await buildProject(database, { year: YEAR, ags: OWN_AGS, key: 'MON', title: 'Monitoringprojekt', measureType: 2, plannedPlaces: 12 });
  await buildIssuedBescheid(database, { year: YEAR, lines: [{ projectId: project.id, approvedCents: 120_000_00 }] });
  const [request] = await database.db
    .insert(paymentRequests)
    .values({ year: YEAR, ags: OWN_AGS, projectId: project.id, requestedOn: '2025-04-01', amountCents: 12_000_00, plannedUse: [{ dueOn: '2025-04-30', amountCents: 12_000_00, purpose: 'Personal' }] })
    .returning();
  await database.db.insert(payouts).values({ requestId: request!.id, paidOn: '2025-04-10', amountCents: 12_000_00 });
}, 120_000);
afterAll(async () => {
  await database?.close();
});

describe('monitoring pages', () => {
  it('the district page shows figures, lights in words, both charts with title and data table', async () => {
    const response = await page('districtOwn', `/steuerung/${YEAR}/${OWN_AGS}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Monitoring 2025 – Rheingau-Taunus-Kreis');
    expect(html).toMatch(/<td[^>]*>120\.000,00 €<\/td>/);
    expect(html).toMatch(/<td[^>]*>12\.000,00 €<\/td>/);
    // Today is after 30.9.2025: 10 % paid → red, in words; places 0 of 12 → red.
    expect(html).toContain('rot – unter der Schwelle');
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="abfluss-titel abfluss-beschreibung"/);
    expect(html).toContain('<title id="abfluss-titel">Mittelabfluss 2025: ausgezahlt gegen Plan, kumuliert je Monatsende</title>');
    expect(html).toContain('abfluss-schmal-titel');
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="plaetze-titel plaetze-beschreibung"/);
    expect(html).toContain('Mittelabfluss je Monatsende (kumuliert)');
    // Plan: 120.000 € over 12 months → 10.000 € at the end of January.
    expect(html).toMatch(/<th[^>]*>Jan 2025<\/th><td[^>]*>10\.000,00 €<\/td>/);
    // A district does not manage: no snapshot or detection buttons.
    expect(html).not.toContain('Stand festhalten</span></button>');
    expect(html).toContain(`href="/abweichungen/${YEAR}/${OWN_AGS}"`);
  });

  it('another district gets 404, RP reads, a district is sent from the Land page to its own', async () => {
    expect((await page('districtOther', `/steuerung/${YEAR}/${OWN_AGS}`)).status).toBe(404);
    expect((await api('districtOther', `/steuerung/${YEAR}/${OWN_AGS}`)).status).toBe(404);
    expect((await page('rp', `/steuerung/${YEAR}/${OWN_AGS}`)).status).toBe(200);
    const redirect = await page('districtOwn', `/steuerung?jahr=${YEAR}`);
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('location')).toBe(`/steuerung/${YEAR}/${OWN_AGS}`);
    expect((await page('districtOwn', `/steuerung/${YEAR}/export.csv`)).status).toBe(403);
    expect((await api('districtOwn', `/steuerung/${YEAR}`)).status).toBe(403);
  });

  it('the Land page lists all 26 and the Land row; CSV and XLSX downloads', async () => {
    const html = await (await page('hmsi', `/steuerung?jahr=${YEAR}`)).text();
    expect(html).toContain(`href="/steuerung/${YEAR}/${OTHER_AGS}"`);
    expect(html).toContain('Land Hessen');
    expect(html).toContain('Abweichungen jetzt prüfen (alle Gebietskörperschaften)');
    const csv = await page('rp', `/steuerung/${YEAR}/export.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('AGS;Gebietskörperschaft;Zuweisung (EUR);Bewilligt (EUR);Abgerufen (EUR);Ausgezahlt (EUR);Verwendet (EUR);Plätze geplant;Plätze belegt;Verbleibe bisher');
    expect(lines).toHaveLength(28);
    expect(lines.find((l) => l.startsWith(OWN_AGS))).toBe(`${OWN_AGS};Rheingau-Taunus-Kreis;200.000,00;120.000,00;12.000,00;12.000,00;0,00;12;0;0`);
    expect(lines.at(-1)).toMatch(/^;Land Hessen;/);
    const xlsx = await page('hmsi', `/steuerung/${YEAR}/export.xlsx`);
    expect(Buffer.from(await xlsx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });

  it('the HMSI records a snapshot (change shown since) and runs the detection; an empty reason is refused at the field', async () => {
    const empty = await form('hmsi', `/steuerung/${YEAR}/${OWN_AGS}/stand`, { anlass: '  ' });
    expect(empty.status).toBe(422);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('Bitte geben Sie einen Anlass an.');
    expect(emptyHtml).toContain('kern-form-input--error');
    expect(await latestSnapshot(database.db, YEAR, OWN_AGS)).toBeNull();
    expect((await form('districtOwn', `/steuerung/${YEAR}/${OWN_AGS}/stand`, { anlass: 'x' })).status).toBe(403);

    const saved = await form('hmsi', `/steuerung/${YEAR}/${OWN_AGS}/stand`, { anlass: 'Umsetzungsbesprechung' });
    expect(saved.status).toBe(303);
    const snapshot = (await latestSnapshot(database.db, YEAR, OWN_AGS))!;
    expect(snapshot.figures.paidCents).toBe(12_000_00);
    // The detection ran with the snapshot: ausgezahlt 10 % and places 0/12 (MA 2) are red.
    const auto = (await findDeviations(database.db, { year: YEAR, ags: OWN_AGS })).filter((d) => d.origin === 'automatisch');
    expect(auto).toHaveLength(2);
    expect(auto.map((d) => [d.amountCents, d.count, d.measureType])).toEqual(expect.arrayContaining([[36_000_00, null, null], [null, 9, 2]]));

    // A later payout: the page shows the difference since the snapshot.
    const [request] = await database.db.select().from(paymentRequests);
    await database.db.insert(payouts).values({ requestId: request!.id, paidOn: '2025-10-01', amountCents: 5_000_00 });
    const html = await (await page('hmsi', `/steuerung/${YEAR}/${OWN_AGS}?festgehalten=2-0`)).text();
    expect(html).toContain('Der Stand wurde festgehalten. Abweichungen geprüft: 2 neu erfasst, 0 aktualisiert.');
    expect(html).toMatch(/\+5\.000,00 € seit \d{1,2}\.\d{1,2}\.\d{4}/);
    expect(html).toContain('Stand festhalten</span></button>');

    const detect = await form('hmsi', `/steuerung/${YEAR}/${OWN_AGS}/pruefen`, {});
    expect(detect.status).toBe(303);
    expect(detect.headers.get('location')).toBe(`/steuerung/${YEAR}/${OWN_AGS}?geprueft=0-0`);
    expect((await form('rp', `/steuerung/${YEAR}/${OWN_AGS}/pruefen`, {})).status).toBe(403);
  });

  it('thresholds: everyone reads, the HMSI saves; bad input shows German messages at the fields and saves nothing', async () => {
    const read = await (await page('districtOwn', `/steuerung/${YEAR}/schwellenwerte`)).text();
    expect(read).toContain('Schwellenwerte 2025');
    expect(read).not.toContain('Schwellenwerte speichern');
    const editor = await (await page('hmsi', `/steuerung/${YEAR}/schwellenwerte`)).text();
    expect(editor).toContain('Schwellenwerte speichern');
    const fields = (overrides: Record<string, string>) => ({
      version: '1',
      ausgezahlt_aktiv: '1',
      ausgezahlt_prozent: '40',
      ausgezahlt_stichtag: '30.9.2025',
      ausgezahlt_gelb: '10',
      plaetze_aktiv: '1',
      plaetze_prozent: '70',
      plaetze_stichtag: '30.9.2025',
      plaetze_gelb: '10',
      ...Object.fromEntries(['bewilligt', 'abgerufen', 'verwendet'].flatMap((f) => [[`${f}_prozent`, '50'], [`${f}_stichtag`, '30.6.2025'], [`${f}_gelb`, '10']])),
      ...overrides,
    });
    const bad = await form('hmsi', `/steuerung/${YEAR}/schwellenwerte`, fields({ ausgezahlt_prozent: '140', plaetze_stichtag: '31.2.2025' }));
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Bitte eine ganze Zahl von 1 bis 100 angeben, z. B. 40.');
    expect(badHtml).toContain('Bitte ein gültiges Datum angeben, z. B. 30.9.2025.');
    expect(((await (await api('hmsi', `/steuerung/${YEAR}/schwellenwerte`)).json()) as { version: number }).version).toBe(1);

    const ok = await form('hmsi', `/steuerung/${YEAR}/schwellenwerte`, fields({ ausgezahlt_prozent: '10' }));
    expect(ok.status).toBe(303);
    const stale = await form('hmsi', `/steuerung/${YEAR}/schwellenwerte`, fields({}));
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('Die Schwellenwerte wurden inzwischen geändert.');
    // 10 % by 30.9.: 12.000 € of 120.000 € paid → green now.
    const json = (await (await api('rp', `/steuerung/${YEAR}/${OWN_AGS}`)).json()) as { lights: { figure: string; light: string; lightText: string; measureType: number | null }[]; latestSnapshot: { reason: string } | null };
    expect(json.lights.find((l) => l.figure === 'ausgezahlt')).toMatchObject({ light: 'gruen', lightText: 'grün – erreicht', measureType: null });
    expect(json.latestSnapshot?.reason).toBe('Umsetzungsbesprechung');
  });
});

describe('monitoring API', () => {
  it('Land figures for HMSI and RP, thresholds PUT with version, detection POST', async () => {
    const land = (await (await api('rp', `/steuerung/${YEAR}`)).json()) as { rows: { ags: string; total: { approvedCents: number } }[]; land: { name: string; total: { approvedCents: number } } };
    expect(land.rows).toHaveLength(26);
    expect(land.land.name).toBe('Land Hessen');
    expect(land.land.total.approvedCents).toBe(120_000_00);
    const current = (await (await api('hmsi', `/steuerung/${YEAR}/schwellenwerte`)).json()) as { version: number; thresholds: Array<Record<string, unknown>> };
    expect((await api('districtOwn', `/steuerung/${YEAR}/schwellenwerte`, 'PUT', { version: current.version, thresholds: current.thresholds })).status).toBe(403);
    const invalid = await api('hmsi', `/steuerung/${YEAR}/schwellenwerte`, 'PUT', { version: current.version, thresholds: current.thresholds.slice(1) });
    expect(invalid.status).toBe(422);
    const put = await api('hmsi', `/steuerung/${YEAR}/schwellenwerte`, 'PUT', { version: current.version, thresholds: current.thresholds.map((t) => ({ ...t, yellowBand: 20 })) });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { version: number }).version).toBe(current.version + 1);
    expect((await api('hmsi', `/steuerung/${YEAR}/schwellenwerte`, 'PUT', { version: current.version, thresholds: current.thresholds })).status).toBe(409);
    const detect = await api('hmsi', `/steuerung/${YEAR}/pruefen`, 'POST', { ags: OWN_AGS });
    expect(detect.status).toBe(200);
    expect(await detect.json()).toMatchObject({ created: expect.any(Number), updated: expect.any(Number) });
    expect((await api('rp', `/steuerung/${YEAR}/pruefen`, 'POST', {})).status).toBe(403);
    expect((await api('hmsi', `/steuerung/${YEAR}/pruefen`, 'POST', { ags: 'x' })).status).toBe(422);
    expect((await api('hmsi', `/steuerung/2099`)).status).toBe(404);
  });
});
