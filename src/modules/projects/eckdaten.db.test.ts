import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/app';
import type { AppDatabase } from '../../platform/db/client';
import { isAppError } from '../../platform/errors';
import { TestClient } from '../access/testing/http-client';
import { buildAccounts, OWN_AGS, type RoleKey } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import { dropProject, findEckdaten, findEckdatenLand, getProject, saveProject } from './service';

/**
 * Planned outcomes on the project record and the Eckdaten summed from the records, on a real
 * database, with figures worked out by hand (see the comment above `beforeAll`). Also the page,
 * the CSV, the JSON API, who may read them, and the form's field messages.
 */

const YEAR = 2025;
let database: AppDatabase;
let app: ReturnType<typeof createApp>;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;
const putJson = (path: string, body: unknown) =>
  app.request(path, { method: 'PUT', headers: { authorization: `Bearer ${accounts.districtOwn.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
const client = (role: RoleKey) => new TestClient(app, 'http://localhost', { authorization: `Bearer ${accounts[role].token}` });

/** A district without seeded projects (the reference agreements seed RTK 2024 and LM 2025). */
const THIRD_AGS = '06411';
let baseline: Awaited<ReturnType<typeof findEckdatenLand>>;

async function save(role: 'districtOwn' | 'third', input: Record<string, unknown>) {
  const own = accounts.districtOwn.actor;
  // The third district's coordinator: the policy looks at role and AGS (a user id is only recorded).
  const actor = role === 'districtOwn' ? own : { userId: own.userId, role: 'district' as const, ags: THIRD_AGS };
  const ags = role === 'districtOwn' ? OWN_AGS : THIRD_AGS;
  return database.db.transaction((tx) => saveProject(tx, actor, { year: YEAR, ags }, { start: '2025-01-01', end: '2025-12-31', ...input }));
}

/*
 * Own district (RTK):
 *   P1 type 1: AQB 60.000,00 + 5.000,50 = 65.000,50 € (6 500 050 ct), 20 places, Übergang Ausbildung 8, Übergang Beschäftigung 3
 *   P2 type 1: no plan, no places, Qualifizierung abgeschlossen 5
 *   P3 type 3: AQB 12.345,67 € (1 234 567 ct), 12 places, Übergang Beschäftigung 6
 *   P4 type 2: AQB 100.000 €, 50 places, Ausbildungsabschluss 30 — then dropped (entfallen): counts nowhere
 * → type 1: 2 projects, 6 500 050 ct, 20 places (1 without), outcomes 0/8/3/5 = 16
 * → type 3: 1 project, 1 234 567 ct, 12 places, outcomes 0/0/6/0 = 6
 * → district: 3 projects, 7 734 617 ct, 32 places, outcomes 0/8/9/5 = 22
 * Third district (Darmstadt): Q1 type 2: AQB 1.000 € (100 000 ct), 5 places, Ausbildungsabschluss 4
 * → Land: the seeded reference projects (baseline, read first) plus 4 projects, 7 834 617 ct, 37 places, outcomes 4/8/9/5 = 26
 */
beforeAll(async () => {
  database = await createTestDatabase();
  app = createApp({ database });
  accounts = await buildAccounts(database);
  baseline = await findEckdatenLand(database.db, YEAR);
  await save('districtOwn', {
    key: 'P1',
    title: 'Projekt „Zukunft“',
    measureType: 1,
    plannedPlaces: 20,
    plannedOutcomes: { uebergang_ausbildung: 8, uebergang_beschaeftigung: 3 },
    expenses: [
      { category: 'personal', label: 'Begleitung', amountCents: 6_500_000 },
      { category: 'sach', label: 'Raummiete', amountCents: 1_200_000 },
    ],
    funding: [
      { source: 'aqb', amountCents: 6_000_000 },
      { source: 'eigenmittel', amountCents: 1_199_950 },
      { source: 'aqb', amountCents: 500_050 },
    ],
  });
  await save('districtOwn', { key: 'P2', title: 'Qualifizierung Pflege', measureType: 1, plannedOutcomes: { qualifizierung_abgeschlossen: 5 } });
  await save('districtOwn', {
    key: 'P3',
    title: 'Fachkräfte Logistik',
    measureType: 3,
    plannedPlaces: 12,
    plannedOutcomes: { uebergang_beschaeftigung: 6 },
    expenses: [{ category: 'sach', label: 'Kurse', amountCents: 1_234_567 }],
    funding: [{ source: 'aqb', amountCents: 1_234_567 }],
  });
  const p4 = await save('districtOwn', {
    key: 'P4',
    title: 'Entfällt',
    measureType: 2,
    plannedPlaces: 50,
    plannedOutcomes: { ausbildungsabschluss: 30 },
    expenses: [{ category: 'sach', label: 'Alles', amountCents: 10_000_000 }],
    funding: [{ source: 'aqb', amountCents: 10_000_000 }],
  });
  await database.db.transaction((tx) => dropProject(tx, accounts.districtOwn.actor, { year: YEAR, ags: OWN_AGS, key: 'P4', expectedVersion: p4.version }));
  await save('third', {
    key: 'Q1',
    title: 'Ausbildung im Verbund',
    measureType: 2,
    plannedPlaces: 5,
    plannedOutcomes: { ausbildungsabschluss: 4 },
    expenses: [{ category: 'sach', label: 'Ausbildung', amountCents: 100_000 }],
    funding: [{ source: 'aqb', amountCents: 100_000 }],
  });
});
afterAll(async () => {
  await database?.close();
});

const outcomes = (a: number, b: number, c: number, d: number) => ({ ausbildungsabschluss: a, uebergang_ausbildung: b, uebergang_beschaeftigung: c, qualifizierung_abgeschlossen: d });

describe('planned outcomes on the project record', () => {
  it('are stored, read back and audited before/after', async () => {
    expect((await getProject(database.db, YEAR, OWN_AGS, 'P1')).plannedOutcomes).toEqual({ uebergang_ausbildung: 8, uebergang_beschaeftigung: 3 });
    const current = await getProject(database.db, YEAR, OWN_AGS, 'P2');
    await database.db.transaction((tx) =>
      saveProject(tx, accounts.districtOwn.actor, { year: YEAR, ags: OWN_AGS, key: 'P2', expectedVersion: current.version }, {
        key: 'P2',
        title: current.title,
        measureType: 1,
        start: current.start,
        end: current.end,
        plannedOutcomes: { qualifizierung_abgeschlossen: 7 },
      }),
    );
    const result = (await database.db.execute(sql`select before, after from audit_events where action = 'project.update' and record_id = ${String(current.id)} order by sequence desc limit 1`)) as unknown as {
      rows: Array<{ before: { plannedOutcomes: unknown }; after: { plannedOutcomes: unknown } }>;
    };
    expect(result.rows[0]!.before.plannedOutcomes).toEqual({ qualifizierung_abgeschlossen: 5 });
    expect(result.rows[0]!.after.plannedOutcomes).toEqual({ qualifizierung_abgeschlossen: 7 });
    // Back to 5, so the hand-checked sums below hold.
    const again = await getProject(database.db, YEAR, OWN_AGS, 'P2');
    await database.db.transaction((tx) =>
      saveProject(tx, accounts.districtOwn.actor, { year: YEAR, ags: OWN_AGS, key: 'P2', expectedVersion: again.version }, { key: 'P2', title: again.title, measureType: 1, start: again.start, end: again.end, plannedOutcomes: { qualifizierung_abgeschlossen: 5 } }),
    );
  });

  it.each([
    [{ ausbildungsabschluss: -1 }, 'plannedOutcomes.ausbildungsabschluss', 'Darf nicht negativ sein'],
    [{ uebergang_ausbildung: 2.5 }, 'plannedOutcomes.uebergang_ausbildung', 'Ganze Zahl erwartet'],
    [{ uebergang_beschaeftigung: 100_001 }, 'plannedOutcomes.uebergang_beschaeftigung', 'Unrealistisch hoch'],
    [{ abbruch: 3 }, 'plannedOutcomes', ''],
  ])('refuses %j (nothing saved)', async (planned, path, message) => {
    const error = await save('districtOwn', { key: 'PX', title: 'Nie gespeichert', measureType: 1, plannedOutcomes: planned }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('VALIDATION_FAILED');
    const issues = (error as { issues?: Array<{ path: string; message: string }> }).issues ?? [];
    expect(issues.some((i) => i.path === path && i.message.includes(message))).toBe(true);
    await expect(getProject(database.db, YEAR, OWN_AGS, 'PX')).rejects.toThrow();
  });
});

describe('findEckdaten and findEckdatenLand', () => {
  it('sums the active projects of a district per Maßnahmenart (hand-checked)', async () => {
    const e = await findEckdaten(database.db, YEAR, OWN_AGS);
    expect(e.projects.map((p) => [p.key, p.aqbCents, p.plannedPlaces])).toEqual([
      ['P1', 6_500_050, 20],
      ['P2', 0, null],
      ['P3', 1_234_567, 12],
    ]);
    expect(e.byMeasureType).toEqual([
      { measureType: 1, projects: 2, aqbCents: 6_500_050, plannedPlaces: 20, projectsWithoutPlaces: 1, plannedOutcomes: outcomes(0, 8, 3, 5), plannedOutcomesTotal: 16 },
      { measureType: 2, projects: 0, aqbCents: 0, plannedPlaces: 0, projectsWithoutPlaces: 0, plannedOutcomes: outcomes(0, 0, 0, 0), plannedOutcomesTotal: 0 },
      { measureType: 3, projects: 1, aqbCents: 1_234_567, plannedPlaces: 12, projectsWithoutPlaces: 0, plannedOutcomes: outcomes(0, 0, 6, 0), plannedOutcomesTotal: 6 },
      { measureType: 4, projects: 0, aqbCents: 0, plannedPlaces: 0, projectsWithoutPlaces: 0, plannedOutcomes: outcomes(0, 0, 0, 0), plannedOutcomesTotal: 0 },
    ]);
    expect(e.total).toEqual({ projects: 3, aqbCents: 7_734_617, plannedPlaces: 32, projectsWithoutPlaces: 1, plannedOutcomes: outcomes(0, 8, 9, 5), plannedOutcomesTotal: 22 });
  });

  it('lists all 26 districts and the Land total', async () => {
    const land = await findEckdatenLand(database.db, YEAR);
    expect(land.districts).toHaveLength(26);
    const before = (ags: string) => baseline.districts.find((d) => d.ags === ags)!;
    expect([before(OWN_AGS).projects, before(THIRD_AGS).projects]).toEqual([0, 0]);
    expect(land.districts.find((d) => d.ags === OWN_AGS)).toMatchObject({ projects: 3, aqbCents: 7_734_617, plannedPlaces: 32 });
    expect(land.districts.find((d) => d.ags === THIRD_AGS)).toMatchObject({ projects: 1, aqbCents: 100_000, plannedPlaces: 5, plannedOutcomes: outcomes(4, 0, 0, 0) });
    // Every other district is as before; the Land total is the baseline plus the four projects.
    for (const d of land.districts.filter((x) => x.ags !== OWN_AGS && x.ags !== THIRD_AGS)) expect(d).toEqual(before(d.ags));
    const b = baseline.total;
    expect(land.total).toEqual({
      projects: b.projects + 4,
      aqbCents: b.aqbCents + 7_834_617,
      plannedPlaces: b.plannedPlaces + 37,
      projectsWithoutPlaces: b.projectsWithoutPlaces + 1,
      plannedOutcomes: outcomes(b.plannedOutcomes.ausbildungsabschluss + 4, b.plannedOutcomes.uebergang_ausbildung + 8, b.plannedOutcomes.uebergang_beschaeftigung + 9, b.plannedOutcomes.qualifizierung_abgeschlossen + 5),
      plannedOutcomesTotal: b.plannedOutcomesTotal + 26,
    });
    expect(land.byMeasureType[1]!.aqbCents).toBe(baseline.byMeasureType[1]!.aqbCents + 100_000);
    expect(land.districts.reduce((sum, d) => sum + d.aqbCents, 0)).toBe(land.total.aqbCents);
  });

  it('is empty (zeros, four Maßnahmenarten) for a year without projects', async () => {
    const e = await findEckdaten(database.db, 2030, OWN_AGS);
    expect(e.projects).toEqual([]);
    expect(e.byMeasureType.map((m) => m.projects)).toEqual([0, 0, 0, 0]);
    expect(e.total.aqbCents).toBe(0);
  });
});

describe('Eckdaten page, CSV and API', () => {
  const page = `/projekte/${YEAR}/${OWN_AGS}/eckdaten`;

  it('shows the figures to the own district, HMSI and RP; another district gets 404', async () => {
    for (const role of ['districtOwn', 'hmsi', 'rp'] as const) {
      const response = await client(role).get(page);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('Eckdaten 2025 je Maßnahmenart');
      expect(html).toMatch(/<td[^>]*>77\.346,17 €<\/td>/); // district total
      expect(html).toMatch(/<td[^>]*>65\.000,50 €<\/td>/); // P1
      expect(html).not.toContain('Entfällt');
    }
    expect((await client('districtOther').get(page)).status).toBe(404);
    const list = await (await client('districtOwn').get(`/projekte/${YEAR}/${OWN_AGS}`)).text();
    expect(list).toContain(`href="${page}"`);
  });

  it('downloads the CSV with one line per project, per Maßnahmenart and the total', async () => {
    const response = await client('hmsi').get(`${page}.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const lines = (await response.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(1 + 3 + 4 + 1);
    expect(lines[1]).toBe('Projekt;P1;Projekt „Zukunft“;Ausbildungsvorbereitung;65.000,50;20;;8;3;');
    expect(lines.at(-1)).toBe('Insgesamt;;3 Projekte;;77.346,17;32;0;8;9;5');
  });

  it('answers GET /api/v1/projekte/{year}/{ags}/eckdaten with the same figures', async () => {
    const response = await client('rp').get(`/api/v1/projekte/${YEAR}/${OWN_AGS}/eckdaten`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Awaited<ReturnType<typeof findEckdaten>>;
    expect(body.total).toEqual({ projects: 3, aqbCents: 7_734_617, plannedPlaces: 32, projectsWithoutPlaces: 1, plannedOutcomes: outcomes(0, 8, 9, 5), plannedOutcomesTotal: 22 });
    expect((await client('districtOther').get(`/api/v1/projekte/${YEAR}/${OWN_AGS}/eckdaten`)).status).toBe(404);
    expect((await client('hmsi').get(`/api/v1/projekte/1999/${OWN_AGS}/eckdaten`)).status).toBe(404);
  });

  it('aqb.antrag/1 carries plannedOutcomes out (GET) and back in (PUT import)', async () => {
    const api = `/api/v1/antraege/${YEAR}/${OWN_AGS}`;
    const read = (await (await client('districtOwn').get(api)).json()) as { antrag: { projects: Array<{ key: string; plannedOutcomes: Record<string, number> }> } };
    expect(read.antrag.projects.find((p) => p.key === 'P1')!.plannedOutcomes).toEqual({ uebergang_ausbildung: 8, uebergang_beschaeftigung: 3 });
    const changed = structuredClone(read.antrag);
    changed.projects.find((p) => p.key === 'P3')!.plannedOutcomes = { uebergang_beschaeftigung: 6, qualifizierung_abgeschlossen: 1 };
    const put = await putJson(api, changed);
    expect(put.status).toBe(200);
    expect((await getProject(database.db, YEAR, OWN_AGS, 'P3')).plannedOutcomes).toEqual({ uebergang_beschaeftigung: 6, qualifizierung_abgeschlossen: 1 });
    // Back as before for the form test's neighbours.
    changed.projects.find((p) => p.key === 'P3')!.plannedOutcomes = { uebergang_beschaeftigung: 6 };
    expect((await putJson(api, changed)).status).toBe(200);
  });

  it('the project form takes planned outcomes and puts a German message at a wrong one (nothing saved)', async () => {
    const district = client('districtOwn');
    const form = await (await district.get(`/projekte/${YEAR}/${OWN_AGS}/neu`)).text();
    expect(form).toContain('name="ergebnis_ausbildungsabschluss"');
    expect(form).toContain('Geplante Ausbildungsabschlüsse');
    const body = { kuerzel: 'F1', titel: 'Formularprojekt', massnahmenart: '2', traeger: '', beginn: '1.1.2025', ende: '31.12.2025', ausgaben_zeilen: '0', finanzierung_zeilen: '0', aktion: 'speichern' };
    const wrong = await district.post(`/projekte/${YEAR}/${OWN_AGS}/neu`, { ...body, ergebnis_ausbildungsabschluss: 'zwei' });
    expect(wrong.status).toBe(422);
    const html = await wrong.text();
    expect(html).toContain('Bitte geben Sie eine ganze Zahl ab 0 ein');
    expect(html).toContain('href="#feld-ergebnis_ausbildungsabschluss"');
    await expect(getProject(database.db, YEAR, OWN_AGS, 'F1')).rejects.toThrow();
    const saved = await district.post(`/projekte/${YEAR}/${OWN_AGS}/neu`, { ...body, ergebnis_ausbildungsabschluss: '2', ergebnis_uebergang_ausbildung: '' });
    expect(saved.status).toBe(303);
    expect((await getProject(database.db, YEAR, OWN_AGS, 'F1')).plannedOutcomes).toEqual({ ausbildungsabschluss: 2 });
    const shown = await (await district.get(`/projekte/${YEAR}/${OWN_AGS}/projekt/F1`)).text();
    expect(shown).toContain('Ausbildungsabschlüsse: 2');
  });
});
