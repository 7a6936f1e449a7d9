import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../platform/db/client';
import { buildAccounts, OTHER_AGS, OWN_AGS, setAllocation } from '../../../tests/factories';
import { createTestDatabase } from '../../../tests/support/test-database';
import { createDraft, getAgreement } from '../agreements/service';
import { addSubBudget } from '../budget-years/service';
import { findProjects, getProject } from '../projects/service';
import { ANTRAG_PROBLEM_CODES, checkAntragText, importAntragText } from './service';

/**
 * `aqb.antrag/1`: the checks on fixtures of our own (a clean file; a file with each problem of the
 * issue once; schema errors; broken JSON) and the import as the district's draft, on a real database.
 */

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const VALID = fixture('antrag-valid.json');
const ALL_PROBLEMS = fixture('antrag-all-problems.json');
const SCHEMA_ERRORS = fixture('antrag-schema-errors.json');
/** The valid file moved to 2025 (an open draft agreement there) or to another district. */
const variant = (changes: Record<string, unknown>) => JSON.stringify({ ...JSON.parse(VALID), ...changes });

let database: AppDatabase;
let accounts: Awaited<ReturnType<typeof buildAccounts>>;

async function chainLength(): Promise<number> {
  const result = (await database.db.execute(sql`select coalesce(max(sequence), 0)::int as n from audit_events`)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}

beforeAll(async () => {
  database = await createTestDatabase();
  accounts = await buildAccounts(database);
  await database.db.transaction((tx) => addSubBudget(tx, { year: 2024, name: 'Teilzeitausbildung', amountCents: 50_000_00, paragraphText: 'Teilzeitausbildung mit 50.000 Euro.', actor: null }));
  await setAllocation(database, 2025, OWN_AGS, 100_000_00);
});
afterAll(async () => {
  await database?.close();
});

describe('aqb antrag check', () => {
  it('passes the clean file with its totals against the stored allocation (RTK 2024: 787.100 €)', async () => {
    const result = await checkAntragText(database.db, VALID);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.totals).toEqual({ aqbCents: 75_000_00, expensesCents: 97_000_00, allocationCents: 787_100_00 });
  });

  it('reports each problem of the fixture once, with code, JSON path and German message', async () => {
    const result = await checkAntragText(database.db, ALL_PROBLEMS);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([
      ['FINANZIERUNGSPLAN_UNAUSGEGLICHEN', '$.projects[2].funding'],
      ['LAUFZEIT_UNGUELTIG', '$.projects[3].end'],
      ['PROJEKT_UNVOLLSTAENDIG', '$.projects[4].provider'],
      ['PROJEKT_DOPPELT', '$.projects[5].key'],
      ['TEILBUDGET_UEBERSCHRITTEN', '$.projects[1].teilbudget'],
      ['ANTRAG_UEBER_ZUWEISUNG', '$.projects'],
    ]);
    const message = (code: string) => result.problems.find((p) => p.code === code)!.message;
    expect(message('FINANZIERUNGSPLAN_UNAUSGEGLICHEN')).toBe('P3: Ausgaben (100.000,00 €) und Finanzierung (99.999,99 €) müssen auf den Cent gleich sein: es fehlen 0,01 € Finanzierung.');
    expect(message('LAUFZEIT_UNGUELTIG')).toBe('P4: Das Ende (31.5.2024) liegt vor dem Beginn (1.6.2024).');
    expect(message('PROJEKT_DOPPELT')).toBe('Das Kürzel „P1“ hat schon das Projekt an Stelle 1 („Großes Projekt“).');
    expect(message('TEILBUDGET_UEBERSCHRITTEN')).toContain('„Teilzeitausbildung“ (60.000,00 € bis hier) dessen Betrag von 50.000,00 €');
    expect(message('ANTRAG_UEBER_ZUWEISUNG')).toBe('Die beantragte AQB-Zuwendung (789.999,99 €) übersteigt die Zuweisung von 787.100,00 € um 2.899,99 €.');
    // Expenses by hand: 650.000 (P1, incl. 50.000 Eigenmittel) + 60.000 + 100.000 + 10.000 + 10.000 + 10.000.
    expect(result.totals).toEqual({ aqbCents: 789_999_99, expensesCents: 840_000_00, allocationCents: 787_100_00 });
  });

  it('names every schema error by its JSON path and refuses unknown fields', async () => {
    const result = await checkAntragText(database.db, SCHEMA_ERRORS);
    expect(result.ok).toBe(false);
    expect(new Set(result.problems.map((p) => p.code))).toEqual(new Set(['SCHEMA_UNGUELTIG']));
    const paths = result.problems.map((p) => p.path);
    for (const path of ['$.projects[0].key', '$.projects[0].title', '$.projects[0].measureType', '$.projects[0].start', '$.projects[0].expenses[0].category', '$.projects[0].expenses[0].amountCents', '$.projects[0].funding[0].amountCents', '$.projects[0]']) {
      expect(paths, path).toContain(path);
    }
    expect(result.problems.find((p) => p.path === '$.projects[0]')!.message).toBe('Unbekannte Felder: budget');
    expect(result.problems.find((p) => p.path === '$.projects[0].expenses[0].amountCents')!.message).toBe('Betrag darf nicht negativ sein');
  });

  it('reports broken JSON, an unknown district and year, an unknown Teilbudget and a missing allocation', async () => {
    expect((await checkAntragText(database.db, '{"schema": "aqb.antrag/1",')).problems.map((p) => p.code)).toEqual(['JSON_UNGUELTIG']);
    const unknown = await checkAntragText(database.db, variant({ year: 2031, district: { ags: '06999' } }));
    expect(unknown.problems.filter((p) => !p.code.startsWith('LAUFZEIT')).map((p) => [p.code, p.path])).toEqual([
      ['GEBIETSKOERPERSCHAFT_UNBEKANNT', '$.district.ags'],
      ['JAHR_UNBEKANNT', '$.year'],
    ]);
    const antrag = JSON.parse(VALID);
    antrag.projects[0].teilbudget = 'Gibt es nicht';
    const noPart = await checkAntragText(database.db, JSON.stringify(antrag));
    expect(noPart.problems.map((p) => [p.code, p.path])).toEqual([['TEILBUDGET_UNBEKANNT', '$.projects[0].teilbudget']]);
    expect(noPart.problems[0]!.message).toContain('(vorhanden: „Teilzeitausbildung“)');
    const noAllocation = await checkAntragText(database.db, variant({ district: { ags: '06411' } }));
    expect(noAllocation.problems.map((p) => p.code)).toEqual(['ZUWEISUNG_FEHLT']);
    expect(noAllocation.totals.allocationCents).toBeNull();
  });

  it('has a fixture line for every code (the list cannot grow unnoticed)', () => {
    expect(ANTRAG_PROBLEM_CODES).toHaveLength(13);
  });

  it('is published in the OpenAPI document as AntragInterchange', async () => {
    const { buildOpenApiDocument } = await import('../api/openapi');
    const schema = (buildOpenApiDocument().components?.schemas as Record<string, { properties: Record<string, { const?: string; items?: { additionalProperties?: boolean } }>; required: string[] }>).AntragInterchange!;
    expect(schema.properties.schema!.const).toBe('aqb.antrag/1');
    expect(schema.required).toEqual(['schema', 'year', 'district', 'projects']);
    expect(schema.properties.projects!.items!.additionalProperties).toBe(false);
  });
});

describe('aqb antrag import', () => {
  it('stores the file as the draft: projects created, Träger added, § 5 of the draft follows, audited once per change', async () => {
    await createDraft(database, accounts.hmsi.actor, { year: 2025, ags: OWN_AGS });
    const file = JSON.parse(VALID.replaceAll('2024-', '2025-'));
    const before = await chainLength();
    const result = await importAntragText(database, { actor: accounts.districtOwn.actor }, JSON.stringify({ ...file, year: 2025 }));
    expect(result.blocking).toEqual([]);
    expect(result.stored).toBe(true);
    expect(result.created).toEqual(['P1', 'P2']);
    expect(result.agreementVersion).toBe(2);
    // P1 is 60.000 €, P2 15.000 €: within the 100.000 € allocation, nothing to clear up.
    expect(result.problems).toEqual([]);
    expect((await chainLength()) - before).toBeGreaterThanOrEqual(6); // 2 Träger, 2 projects, agreement, antrag.import
    const p2 = await getProject(database.db, 2025, OWN_AGS, 'P2');
    expect(p2).toMatchObject({ title: 'Ausbildungsbegleitung im Rheingau', measureType: 2, start: '2025-02-01', plannedPlaces: 12, targetGroups: ['SGB III'] });
    expect(p2.provider?.name).toBe('Jugendwerkstatt Rheingau e. V.');
    const measures = (await getAgreement(database.db, 2025, OWN_AGS)).content.measures;
    expect(measures.map((m) => m.projects.map((p) => p.title))).toEqual([['Projekt „Zukunft“'], ['Ausbildungsbegleitung im Rheingau'], [], []]);
  });

  it('replaces listed projects, lets unlisted ones fall away (records kept) and stores despite allocation warnings', async () => {
    const file = JSON.parse(VALID.replaceAll('2024-', '2025-'));
    file.year = 2025;
    // P1 alone, without Träger and asking 120.000 € of a 100.000 € allocation: stored, with both noted.
    file.projects = [
      { ...file.projects[0], title: 'Projekt „Zukunft“ (neu)', provider: null, expenses: [{ category: 'personal', label: 'Personal', amountCents: 12_000_000 }], funding: [{ source: 'aqb', amountCents: 12_000_000 }] },
    ];
    const result = await importAntragText(database, { actor: null, via: 'cli:test' }, JSON.stringify(file));
    expect(result.stored).toBe(true);
    expect(result.updated).toEqual(['P1']);
    expect(result.dropped).toEqual(['P2']);
    expect(result.problems.map((p) => p.code)).toEqual(['PROJEKT_UNVOLLSTAENDIG', 'ANTRAG_UEBER_ZUWEISUNG']);
    expect((await findProjects(database.db, 2025, OWN_AGS)).map((p) => [p.key, p.title])).toEqual([['P1', 'Projekt „Zukunft“ (neu)']]);
    expect((await getProject(database.db, 2025, OWN_AGS, 'P2')).status).toBe('entfallen');
    const events = (await database.db.execute(sql`select after from audit_events where action = 'antrag.import' order by sequence desc limit 1`)) as unknown as { rows: { after: { via?: string; dropped: string[] } }[] };
    expect(events.rows[0]!.after).toMatchObject({ via: 'cli:test', dropped: ['P2'] });
  });

  it('stores nothing when a problem blocks the draft (schema, duplicate key, plan, Laufzeit)', async () => {
    const before = await chainLength();
    const projectsBefore = await findProjects(database.db, 2024, OWN_AGS, { includeDropped: true });
    for (const text of [ALL_PROBLEMS, SCHEMA_ERRORS, '{']) {
      const result = await importAntragText(database, { actor: null, via: 'cli:test' }, text);
      expect(result.stored).toBe(false);
      expect(result.blocking.length).toBeGreaterThan(0);
    }
    const blocked = await importAntragText(database, { actor: null, via: 'cli:test' }, ALL_PROBLEMS);
    expect(blocked.blocking.map((p) => p.code)).toEqual(['FINANZIERUNGSPLAN_UNAUSGEGLICHEN', 'LAUFZEIT_UNGUELTIG', 'PROJEKT_DOPPELT']);
    expect(await chainLength()).toBe(before);
    expect(await findProjects(database.db, 2024, OWN_AGS, { includeDropped: true })).toEqual(projectsBefore);
  });

  it('refuses another district’s account and HMSI (only the district keeps its projects)', async () => {
    await expect(importAntragText(database, { actor: accounts.districtOther.actor }, VALID)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(importAntragText(database, { actor: accounts.hmsi.actor }, VALID)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await findProjects(database.db, 2024, OTHER_AGS)).every((p) => p.provider === null)).toBe(true);
  });
});
