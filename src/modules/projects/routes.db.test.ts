import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { TestClient } from '../access/testing/http-client';
import { createDraft, getAgreement } from '../agreements/service';
import { buildAccounts, OTHER_AGS, OWN_AGS, setAllocation, type RoleKey } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import { findProjects, findProviders, getProject } from './service';

/**
 * The project and Träger pages through HTTP on a real database: the form with its Finanzierungsplan
 * rows, the balance check (nothing saved on error), "Weitere Zeile", Träger chosen or added,
 * optimistic locking, the confirmation before a project is dropped, § 5 of the draft in step, and
 * who may see and change what.
 */

const YEAR = 2025;
const BASE = `/projekte/${YEAR}/${OWN_AGS}`;
let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;

const client = (role: RoleKey) => new TestClient(app, 'http://localhost', { authorization: `Bearer ${accounts[role].token}` });

async function auditCount(action: string): Promise<number> {
  const result = (await database.db.execute(sql`select count(*)::int as n from audit_events where action = ${action}`)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}

/** A complete, balanced form: 65.000 + 12.000 € expenses, 60.000 + 17.000 € funding. */
function projectForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    kuerzel: 'P1',
    titel: 'Projekt „Zukunft“',
    massnahmenart: '1',
    teilbudget: '',
    traeger: 'neu',
    traeger_name: 'Beispiel Bildungswerk gGmbH',
    traeger_anschrift: 'Musterstraße 1, 65307 Bad Schwalbach',
    beginn: '1.1.2025',
    ende: '31.12.2025',
    vorzeitig: '1',
    plaetze: '20',
    zielgruppe_0: '1',
    zielgruppe_2: '1',
    ausgaben_zeilen: '3',
    ausgabe_0_art: 'personal',
    ausgabe_0_bezeichnung: 'Sozialpädagogische Begleitung 1,0 VZÄ',
    ausgabe_0_betrag: '65.000,00',
    ausgabe_1_art: 'sach',
    ausgabe_1_bezeichnung: 'Raummiete',
    ausgabe_1_betrag: '12.000',
    ausgabe_2_art: '',
    ausgabe_2_bezeichnung: '',
    ausgabe_2_betrag: '',
    finanzierung_zeilen: '2',
    finanzierung_0_quelle: 'aqb',
    finanzierung_0_betrag: '60.000,00',
    finanzierung_1_quelle: 'eigenmittel',
    finanzierung_1_betrag: '17.000,00',
    aktion: 'speichern',
    ...overrides,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  accounts = await buildAccounts(database);
  await setAllocation(database, YEAR, OWN_AGS, 500_000_00);
  await createDraft(database, accounts.hmsi.actor, { year: YEAR, ags: OWN_AGS });
});
afterAll(async () => {
  await database?.close();
});

describe('project pages', () => {
  it('shows the empty state, then creates a project with Träger and plan; § 5 of the draft follows', async () => {
    const district = client('districtOwn');
    const empty = await district.get(BASE);
    expect(empty.status).toBe(200);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('Für 2025 sind noch keine Projekte erfasst.');
    expect(emptyHtml).toContain('Neues Projekt anlegen');

    const form = await district.get(`${BASE}/neu`);
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('name="ausgabe_3_art"'); // four empty expense rows (3 spare + 1)
    expect(formHtml).toContain('Weitere Ausgabenzeile');

    const before = await auditCount('project.create');
    const saved = await district.post(`${BASE}/neu`, projectForm());
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${BASE}/projekt/P1?gespeichert=1`);
    expect(await auditCount('project.create')).toBe(before + 1);

    const project = await getProject(database.db, YEAR, OWN_AGS, 'P1');
    expect(project).toMatchObject({
      title: 'Projekt „Zukunft“',
      measureType: 1,
      start: '2025-01-01',
      end: '2025-12-31',
      earlyStart: true,
      plannedPlaces: 20,
      targetGroups: ['SGB II', 'SGB VIII'],
      expenses: [
        { category: 'personal', label: 'Sozialpädagogische Begleitung 1,0 VZÄ', amountCents: 6_500_000 },
        { category: 'sach', label: 'Raummiete', amountCents: 1_200_000 },
      ],
      funding: [
        { source: 'aqb', amountCents: 6_000_000 },
        { source: 'eigenmittel', amountCents: 1_700_000 },
      ],
    });
    expect(project.provider).toMatchObject({ name: 'Beispiel Bildungswerk gGmbH', address: 'Musterstraße 1, 65307 Bad Schwalbach' });
    expect((await findProviders(database.db, OWN_AGS)).map((p) => p.name)).toEqual(['Beispiel Bildungswerk gGmbH']);

    const agreement = await getAgreement(database.db, YEAR, OWN_AGS);
    expect(agreement.content.measures[0]!.projects).toEqual([{ title: 'Projekt „Zukunft“' }]);

    const list = await (await district.get(BASE)).text();
    expect(list).toContain('Projekt „Zukunft“');
    expect(list).toContain('Beispiel Bildungswerk gGmbH');
    expect(list).toContain('1.1.2025 – 31.12.2025');
    expect(list).toContain('60.000,00 €');
    expect(list).toContain('440.000,00 €'); // noch nicht verplant: 500.000 − 60.000
  });

  it('refuses an unbalanced plan with the message next to the field and saves nothing', async () => {
    const district = client('districtOwn');
    const before = await findProjects(database.db, YEAR, OWN_AGS);
    const response = await district.post(`${BASE}/neu`, projectForm({ kuerzel: 'P2', titel: 'Unausgeglichen', finanzierung_1_betrag: '16.999,99' }));
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('id="feld-finanzierung-fehler"');
    expect(html).toContain('Ausgaben (77.000,00 €) und Finanzierung (76.999,99 €) müssen auf den Cent gleich sein: es fehlen 0,01 € Finanzierung.');
    expect(html).toContain('href="#feld-finanzierung"');
    expect(html).toContain('value="Unausgeglichen"'); // the typed values stay
    expect(await findProjects(database.db, YEAR, OWN_AGS)).toEqual(before);
  });

  it('shows field messages for unreadable amounts, dates outside the year and a taken key', async () => {
    const district = client('districtOwn');
    const unreadable = await (await district.post(`${BASE}/neu`, projectForm({ kuerzel: 'P3', ausgabe_1_betrag: '12,000,00', beginn: '31.2.2025' }))).text();
    expect(unreadable).toContain('id="feld-ausgabe_1_betrag-fehler"');
    expect(unreadable).toContain('mehrere Kommas');
    expect(unreadable).toContain('Bitte geben Sie ein gültiges Datum ein');
    const outside = await district.post(`${BASE}/neu`, projectForm({ kuerzel: 'P3', ende: '31.1.2026' }));
    expect(outside.status).toBe(422);
    expect(await outside.text()).toContain('Das Ende (31.1.2026) liegt nicht im AQB-Jahr 2025');
    const taken = await district.post(`${BASE}/neu`, projectForm({ traeger: '' }));
    expect(taken.status).toBe(422);
    expect(await taken.text()).toContain('Das Kürzel „P1“ hat schon ein anderes Projekt dieses Jahres.');
    expect((await findProjects(database.db, YEAR, OWN_AGS)).map((p) => p.key)).toEqual(['P1']);
  });

  it('adds an empty row on "Weitere Zeile" and saves nothing', async () => {
    const district = client('districtOwn');
    const response = await district.post(`${BASE}/neu`, projectForm({ kuerzel: 'P4', aktion: 'finanzierung_zeile' }));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('name="finanzierung_2_quelle"');
    expect(html).toContain('Noch ist nichts gespeichert.');
    expect(html).toContain('value="60.000,00"');
    expect((await findProjects(database.db, YEAR, OWN_AGS)).map((p) => p.key)).toEqual(['P1']);
  });

  it('edits with the optimistic lock: a stale form gets 409 and overwrites nothing', async () => {
    const district = client('districtOwn');
    const project = await getProject(database.db, YEAR, OWN_AGS, 'P1');
    const provider = (await findProviders(database.db, OWN_AGS))[0]!;
    const edit = await district.get(`${BASE}/projekt/P1/bearbeiten`);
    expect(edit.status).toBe(200);
    expect(await edit.text()).toContain(`<option value="${provider.id}" selected`);
    const changed = projectForm({ version: String(project.version), traeger: String(provider.id), titel: 'Projekt „Zukunft“ 2.0', traeger_name: '', traeger_anschrift: '' });
    const first = await district.post(`${BASE}/projekt/P1/bearbeiten`, changed);
    expect(first.status).toBe(303);
    const stale = await district.post(`${BASE}/projekt/P1/bearbeiten`, { ...changed, titel: 'Veraltet' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('Speicherkonflikt');
    const now = await getProject(database.db, YEAR, OWN_AGS, 'P1');
    expect(now.title).toBe('Projekt „Zukunft“ 2.0');
    expect(now.version).toBe(project.version + 1);
    expect((await getAgreement(database.db, YEAR, OWN_AGS)).content.measures[0]!.projects).toEqual([{ title: 'Projekt „Zukunft“ 2.0' }]);
  });

  it('asks before a project is dropped, then drops it from the list and § 5 (record kept)', async () => {
    const district = client('districtOwn');
    const saved = await district.post(`${BASE}/neu`, projectForm({ kuerzel: 'P5', titel: 'Wird entfallen', traeger: '', massnahmenart: '2' }));
    expect(saved.status).toBe(303);
    const project = await getProject(database.db, YEAR, OWN_AGS, 'P5');
    const confirm = await district.get(`${BASE}/projekt/P5/entfernen`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('Projekt entfallen lassen?');
    expect((await getProject(database.db, YEAR, OWN_AGS, 'P5')).status).toBe('aktiv');
    const stale = await district.post(`${BASE}/projekt/P5/entfernen`, { version: String(project.version + 7) });
    expect(stale.status).toBe(409);
    const dropped = await district.post(`${BASE}/projekt/P5/entfernen`, { version: String(project.version) });
    expect(dropped.status).toBe(303);
    expect((await getProject(database.db, YEAR, OWN_AGS, 'P5')).status).toBe('entfallen');
    expect((await findProjects(database.db, YEAR, OWN_AGS)).map((p) => p.key)).toEqual(['P1']);
    expect((await getAgreement(database.db, YEAR, OWN_AGS)).content.measures[1]!.projects).toEqual([]);
  });

  it('lets HMSI and RP read every district, refuses their changes, and hides a district from another (404)', async () => {
    for (const role of ['hmsi', 'rp'] as const) {
      const reader = client(role);
      expect((await reader.get('/projekte')).status).toBe(200);
      const list = await reader.get(BASE);
      expect(list.status).toBe(200);
      expect(await list.text()).not.toContain('Neues Projekt anlegen');
      expect((await reader.get(`${BASE}/projekt/P1`)).status).toBe(200);
      expect((await reader.get(`/traeger/${OWN_AGS}`)).status).toBe(200);
      expect((await reader.get(`${BASE}/neu`)).status).toBe(403);
      expect((await reader.post(`${BASE}/neu`, projectForm({ kuerzel: 'X1' }))).status).toBe(403);
      expect((await reader.post(`/traeger/${OWN_AGS}`, { name: 'Fremd', anschrift: '' })).status).toBe(403);
    }
    const other = client('districtOther');
    for (const path of [BASE, `${BASE}/neu`, `${BASE}/projekt/P1`, `${BASE}/projekt/P1/bearbeiten`, `${BASE}/projekt/P1/entfernen`, `/traeger/${OWN_AGS}`]) {
      expect((await other.get(path)).status, path).toBe(404);
    }
    expect((await other.post(`${BASE}/neu`, projectForm({ kuerzel: 'X2' }))).status).toBe(404);
    expect((await other.post(`/traeger/${OWN_AGS}`, { name: 'Fremd', anschrift: '' })).status).toBe(404);
    const overview = await (await other.get('/projekte')).text();
    expect(overview).toContain(`/projekte/2025/${OTHER_AGS}`);
    expect(overview).not.toContain(`/projekte/2025/${OWN_AGS}`);
    expect((await client('admin').get(BASE)).status).toBe(403);
    expect((await findProjects(database.db, YEAR, OWN_AGS)).map((p) => p.key)).toEqual(['P1']);
  });
});

describe('Träger pages', () => {
  it('adds a Träger, refuses a duplicate name, edits with the optimistic lock', async () => {
    const district = client('districtOwn');
    const added = await district.post(`/traeger/${OWN_AGS}`, { name: 'Jugendwerkstatt Idstein e. V.', anschrift: 'Am Markt 2, 65510 Idstein' });
    expect(added.status).toBe(303);
    const duplicate = await district.post(`/traeger/${OWN_AGS}`, { name: 'Jugendwerkstatt Idstein e. V.', anschrift: '' });
    expect(duplicate.status).toBe(422);
    expect(await duplicate.text()).toContain('Einen Träger „Jugendwerkstatt Idstein e. V.“ gibt es in Ihrer Liste schon.');
    const empty = await district.post(`/traeger/${OWN_AGS}`, { name: '   ', anschrift: '' });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('id="feld-name-fehler"');

    const provider = (await findProviders(database.db, OWN_AGS)).find((p) => p.name.startsWith('Jugendwerkstatt'))!;
    const list = await (await district.get(`/traeger/${OWN_AGS}`)).text();
    expect(list).toContain('Am Markt 2, 65510 Idstein');
    const path = `/traeger/${OWN_AGS}/${provider.id}/bearbeiten`;
    expect((await district.get(path)).status).toBe(200);
    const before = await auditCount('provider.update');
    expect((await district.post(path, { version: String(provider.version), name: 'Jugendwerkstatt Idstein gGmbH', anschrift: 'Am Markt 2, 65510 Idstein' })).status).toBe(303);
    expect(await auditCount('provider.update')).toBe(before + 1);
    const stale = await district.post(path, { version: String(provider.version), name: 'Veraltet', anschrift: '' });
    expect(stale.status).toBe(409);
    expect((await findProviders(database.db, OWN_AGS)).map((p) => p.name)).toContain('Jugendwerkstatt Idstein gGmbH');
    // Another district's Träger id under the own AGS is unknown.
    expect((await client('districtOther').get(path)).status).toBe(404);
    expect((await district.get(`/traeger/${OWN_AGS}/999999/bearbeiten`)).status).toBe(404);
  });
});
