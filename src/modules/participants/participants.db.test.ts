import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { createTestDatabase } from '../../../tests/support/test-database';
import { csrfPair } from '../../../tests/support/auth';
import { buildAccounts, buildProject, OTHER_AGS, OWN_AGS, participantCsv, participantRow, type TestAccount } from '../../../tests/factories';
import type { Project } from '../projects/schema';

/**
 * The participant journey over HTTP on a real database: upload with errors saves nothing, a valid
 * upload waits for its confirmation with the difference, the confirmation replaces the records,
 * a stale confirmation is refused; who sees which columns.
 */

let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
let csrf: { cookie: string; token: string };
let project: Project;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase();
  accounts = await buildAccounts(database);
  app = createApp({ database });
  csrf = await csrfPair(app);
  project = await buildProject(database, { key: 'Zukunft', title: 'Projekt Zukunft', plannedPlaces: 12 });
  base = `/teilnehmende/2025/${OWN_AGS}/Zukunft`;
});
afterAll(async () => {
  await database?.close();
});

const get = (account: TestAccount, path: string) => app.request(path, { headers: { authorization: `Bearer ${account.token}` } });
function upload(account: TestAccount, bytes: Uint8Array<ArrayBuffer>, fileName = 'teilnehmende.csv') {
  const form = new FormData();
  form.set('_csrf', csrf.token);
  form.set('datei', new File([bytes], fileName, { type: 'text/csv' }));
  return app.request(`${base}/hochladen`, { method: 'POST', body: form, headers: { authorization: `Bearer ${account.token}`, cookie: csrf.cookie } });
}
function decide(account: TestAccount, location: string, aktion: string) {
  return app.request(location, {
    method: 'POST',
    body: new URLSearchParams({ _csrf: csrf.token, aktion }).toString(),
    headers: { authorization: `Bearer ${account.token}`, cookie: csrf.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
}
async function count(): Promise<number> {
  const result = (await database.db.execute(sql`select count(*)::int as n from participant_records where project_id = ${project.id}`)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}
async function pending(): Promise<number> {
  const result = (await database.db.execute(sql`select count(*)::int as n from participant_uploads where project_id = ${project.id}`)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}

describe('participant upload', () => {
  it('refuses a file with one bad row, lists every error with its line and saves nothing', async () => {
    const bad = participantRow('TN-3');
    bad[3] = 'q';
    const late = participantRow('TN-4');
    late[1] = '2026-02-01';
    const response = await upload(accounts.districtOwn, participantCsv([participantRow('TN-1'), participantRow('TN-2'), bad, late]));
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('Die Datei wurde nicht übernommen: 2 Fehler');
    expect(html).toMatch(/data-line="4"[\s\S]*geschlecht/);
    expect(html).toMatch(/data-line="5"[\s\S]*eintritt/);
    expect(html).toContain('es wurde nichts gespeichert');
    expect(await count()).toBe(0);
    expect(await pending()).toBe(0);
  });

  it('keeps a valid file waiting, shows what changes, and replaces the records only when confirmed', async () => {
    const first = await upload(accounts.districtOwn, participantCsv([participantRow('TN-1'), participantRow('TN-2', { gender: 'm' }), participantRow('TN-3', { disability: 'ja' })]), 'erste.csv');
    expect(first.status).toBe(303);
    const location = first.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^${base}/hochladen/[0-9a-f-]{36}$`));
    expect(await count()).toBe(0);
    const confirmPage = await (await get(accounts.districtOwn, location)).text();
    expect(confirmPage).toContain('Teilnehmende ersetzen?');
    expect(confirmPage).toMatch(/data-kind="neu"[\s\S]*?>3</);
    const replaced = await decide(accounts.districtOwn, location, 'ersetzen');
    expect(replaced.status).toBe(303);
    expect(await count()).toBe(3);
    expect(await pending()).toBe(0);
    expect(await (await get(accounts.districtOwn, replaced.headers.get('location')!)).text()).toContain('Die Teilnehmendendaten wurden ersetzt: 3 Datensätze.');

    // Re-upload: TN-2 changed, TN-3 removed, TN-4 new, TN-1 unchanged.
    const second = await upload(accounts.districtOwn, participantCsv([participantRow('TN-1'), participantRow('tn-2', { gender: 'w', left: true }), participantRow('TN-4')]), 'zweite.csv');
    const secondLocation = second.headers.get('location')!;
    const diff = await (await get(accounts.districtOwn, secondLocation)).text();
    expect(diff).toMatch(/data-kind="neu"[\s\S]*?>1</);
    expect(diff).toMatch(/data-kind="geaendert"[\s\S]*?>1</);
    expect(diff).toMatch(/data-kind="entfallen"[\s\S]*?>1</);
    expect(diff).toMatch(/data-kind="unveraendert"[\s\S]*?>1</);
    expect(diff).toContain('tn-2: Kennung, Austritt, Geschlecht, Verbleib');
    expect(diff).toContain('1 Kennungen sind in der neuen Datei nicht mehr enthalten');

    // A second upload staged on the same state: after the first is confirmed, it is stale (409, nothing changed).
    const third = await upload(accounts.districtOwn, participantCsv([participantRow('TN-9')]), 'dritte.csv');
    const thirdLocation = third.headers.get('location')!;
    expect((await decide(accounts.districtOwn, secondLocation, 'ersetzen')).status).toBe(303);
    expect(await count()).toBe(3);
    const stale = await decide(accounts.districtOwn, thirdLocation, 'ersetzen');
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('inzwischen durch einen anderen Upload ersetzt');
    expect(await count()).toBe(3);
    // Discarding removes the pending file and nothing else.
    expect((await decide(accounts.districtOwn, thirdLocation, 'verwerfen')).status).toBe(303);
    expect(await pending()).toBe(0);
    expect(await count()).toBe(3);
    expect((await get(accounts.districtOwn, thirdLocation)).status).toBe(404);
  });

  it('lets only the own district upload: another district gets 404, HMSI and RP 403', async () => {
    const file = participantCsv([participantRow('TN-1')]);
    expect((await upload(accounts.districtOther, file)).status).toBe(404);
    expect((await upload(accounts.hmsi, file)).status).toBe(403);
    expect((await upload(accounts.rp, file)).status).toBe(403);
    expect((await get(accounts.districtOther, base)).status).toBe(404);
    expect((await get(accounts.admin, base)).status).toBe(403);
  });

  it('shows disability and migration background per row only to the own district; HMSI and RP see the rest', async () => {
    const own = await (await get(accounts.districtOwn, base)).text();
    expect(own).toContain('<th scope="col" class="kern-table__header">Behinderung</th>');
    for (const reader of [accounts.hmsi, accounts.rp]) {
      const page = await (await get(reader, base)).text();
      expect(page).toContain('TN-1');
      expect(page).not.toContain('<th scope="col" class="kern-table__header">Behinderung</th>');
      expect(page).toContain('besondere Kategorien personenbezogener Daten');
      // The aggregate table is there for them.
      expect(page).toContain('Behinderung × Geschlecht');
      expect(page).not.toContain('Teilnehmendendatei hochladen');
    }
  });

  it('counts the district and the Land, exports CSV, and offers the template', async () => {
    await buildProject(database, { ags: OTHER_AGS, key: 'Anderes' });
    const district = await (await get(accounts.hmsi, `/teilnehmende/2025/${OWN_AGS}?stichtag=2025-06-30`)).text();
    expect(district).toMatch(/data-key="Zukunft"[\s\S]*?>12<[\s\S]*?>3<[\s\S]*?>0<[\s\S]*?>3</);
    const land = await (await get(accounts.rp, '/teilnehmende/2025?stichtag=2025-12-31')).text();
    expect(land).toMatch(new RegExp(`data-key="${OWN_AGS}"[\\s\\S]*?>12<[\\s\\S]*?>3<[\\s\\S]*?>1<[\\s\\S]*?>2<`));
    expect((await get(accounts.districtOwn, '/teilnehmende/2025')).status).toBe(403);
    const csv = await get(accounts.districtOwn, `/teilnehmende/2025/${OWN_AGS}/statistik.csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('Rechtskreis × Geschlecht');
    expect(text).toMatch(/SGB II;3;0;0;0;3/);
    const template = await get(accounts.districtOwn, '/teilnehmende/vorlage.csv');
    expect(await template.text()).toContain('kennung;eintritt;austritt;geschlecht;geburtsjahr;rechtskreis;erwerbsstatus;isced;behinderung;migration;teilzeitausbildung;verbleib');
    expect((await get(accounts.districtOwn, '/teilnehmende')).headers.get('location')).toMatch(new RegExp(`/teilnehmende/\\d{4}/${OWN_AGS}$`));
  });

  it('writes audit events with counts only, never row data', async () => {
    const result = (await database.db.execute(sql`select action, after from audit_events where record_type = 'project' and record_id = ${String(project.id)} and action like 'participants.%' order by sequence`)) as unknown as {
      rows: { action: string; after: unknown }[];
    };
    const actions = result.rows.map((r) => r.action);
    expect(actions).toContain('participants.upload.stage');
    expect(actions).toContain('participants.replace');
    expect(actions).toContain('participants.upload.discard');
    expect(JSON.stringify(result.rows)).not.toMatch(/TN-\d|SGB II|"ja"/);
  });
});

describe('public participant statistics', () => {
  it('publishes district and Land tables with "•" for withheld cells, never small values, never records', async () => {
    const anonymous = (path: string) => app.request(path);
    const page = await (await anonymous(`/portal/teilnehmende/2025/${OWN_AGS}`)).text();
    expect(page).toContain('Teilnehmende 2025: Rheingau-Taunus-Kreis');
    expect(page).toContain('<span aria-hidden="true">•</span><span class="visually-hidden">geheim gehalten</span>');
    expect(page).toContain('„•“ bedeutet nie 0');
    expect(page).not.toMatch(/TN-\d|tn-2/);
    const land = await (await anonymous('/portal/teilnehmende/2025')).text();
    expect(land).toContain('Teilnehmende 2025: Hessen');
    const csv = await (await anonymous(`/portal/teilnehmende/2025/${OWN_AGS}/statistik.csv`)).text();
    expect(csv).toContain('•');
    expect(csv).not.toMatch(/TN-\d/);
    // The same tables as XLSX: one Excel table, "•" where withheld, the same values as the CSV.
    const xlsxResponse = await anonymous(`/portal/teilnehmende/2025/${OWN_AGS}/statistik.xlsx`);
    expect(xlsxResponse.headers.get('content-type')).toContain('spreadsheetml');
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsxResponse.arrayBuffer()) as never);
    const sheetRows = workbook.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(sheetRows[0]!.slice(1)).toEqual(['Tabelle', 'Zeile', 'Spalte', 'Anzahl', 'Hinweis']);
    const withheld = sheetRows.filter((r) => r[4] === '•');
    expect(withheld.length).toBeGreaterThan(0);
    expect(String(withheld[0]![5])).toContain('geheim gehalten');
    expect(sheetRows.some((r) => typeof r[4] === 'number' && r[4] > 0 && r[4] < 3)).toBe(false);
    const { publicParticipantTables } = await import('./service');
    for (const scope of [{ year: 2025 }, { year: 2025, ags: OWN_AGS }]) {
      for (const { table, k } of await publicParticipantTables(database.db, scope)) {
        const values = [...table.cells.flat(), ...table.rowTotals, ...table.columnTotals, table.total];
        expect(values.filter((v) => v !== null && v > 0 && v < k), `${table.name}`).toEqual([]);
      }
    }
    // The disability table (k = 5) of 3 people is withheld entirely.
    const disability = (await publicParticipantTables(database.db, { year: 2025, ags: OWN_AGS })).find((t) => t.key === 'behinderung-geschlecht')!;
    expect(disability.table.total).toBeNull();
    expect((await anonymous('/portal/teilnehmende/2025/06999')).status).toBe(404);
    expect((await anonymous('/portal/teilnehmende/1999')).status).toBe(404);
  });
});

describe('a data subject\'s request for one Kennung', () => {
  const form = (account: TestAccount, path: string, fields: Record<string, string>) =>
    app.request(path, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf.token, ...fields }).toString(),
      headers: { authorization: `Bearer ${account.token}`, cookie: csrf.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
  const A = `/teilnehmende/auskunft/${OWN_AGS}`;

  it('finds, exports and deletes every record of the Kennung in the district, audited without the Kennung', async () => {
    const older = await buildProject(database, { year: 2024, key: 'Vorjahr', title: 'Projekt Vorjahr' });
    const { replaceParticipantRecords, validateParticipantCsv } = await import('./service');
    const parsed = validateParticipantCsv(participantCsv([participantRow('TN-1', { year: 2024 }), participantRow('TN-8', { year: 2024 })]), { start: '2024-01-01', end: '2024-12-31' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    await database.db.transaction((tx) => replaceParticipantRecords(tx, { actor: null }, older, parsed.rows, { fileName: 'vorjahr.csv' }));

    const found = await (await get(accounts.districtOwn, `${A}?kennung=tn-1`)).text();
    expect(found).toContain('2 Datensätze zur Kennung „tn-1“');
    expect(found).toContain('2024: Projekt Vorjahr (Vorjahr)');
    expect(found).toContain('2025: Projekt Zukunft (Zukunft)');
    expect((await get(accounts.districtOwn, `${A}?kennung=${encodeURIComponent('Max Muster')}`)).status).toBe(422);
    expect((await get(accounts.hmsi, `${A}?kennung=TN-1`)).status).toBe(403);
    expect((await get(accounts.districtOther, `${A}?kennung=TN-1`)).status).toBe(404);

    const exported = await form(accounts.districtOwn, `${A}/export`, { kennung: 'TN-1' });
    expect(exported.headers.get('content-type')).toContain('text/csv');
    const csvText = await exported.text();
    expect(csvText.split('\r\n').filter((l) => l.includes(';TN-1;'))).toHaveLength(2);
    expect(csvText).toContain('aqb_jahr;projekt;projekttitel;kennung;eintritt');

    const unconfirmed = await form(accounts.districtOwn, `${A}/loeschen`, { kennung: 'TN-1' });
    expect(unconfirmed.status).toBe(422);
    expect(await unconfirmed.text()).toContain('Bitte bestätigen Sie die endgültige Löschung.');
    expect((await form(accounts.hmsi, `${A}/loeschen`, { kennung: 'TN-1', bestaetigt: '1' })).status).toBe(403);

    const deleted = await form(accounts.districtOwn, `${A}/loeschen`, { kennung: 'TN-1', bestaetigt: '1' });
    expect(deleted.status).toBe(303);
    expect(await (await get(accounts.districtOwn, deleted.headers.get('location')!)).text()).toContain('2 Datensätze wurden gelöscht.');
    const left = (await database.db.execute(sql`select kennung from participant_records where lower(kennung) = 'tn-1'`)) as unknown as { rows: unknown[] };
    expect(left.rows).toEqual([]);
    const sets = (await database.db.execute(sql`select record_count as n from participant_record_sets where project_id in (${project.id}, ${older.id}) order by project_id`)) as unknown as { rows: { n: number }[] };
    expect(sets.rows.map((r) => Number(r.n))).toEqual([2, 1]);
    const events = (await database.db.execute(sql`select action, before, after from audit_events where action like 'participants.subject.%' order by sequence`)) as unknown as { rows: { action: string }[] };
    expect(events.rows.map((r) => r.action)).toEqual(['participants.subject.export', 'participants.subject.delete']);
    expect(JSON.stringify(events.rows)).not.toMatch(/tn-1/i);
    const { kennungDigest } = await import('./service');
    expect(JSON.stringify(events.rows)).toContain(kennungDigest(OWN_AGS, 'TN-1'));
  });
});

