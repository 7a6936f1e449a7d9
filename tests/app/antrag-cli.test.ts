import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/app/cli/main';
import { addSubBudget } from '../../src/modules/budget-years/service';
import { findProjects } from '../../src/modules/projects/service';
import type { AppDatabase } from '../../src/platform/db/client';
import { buildUser } from '../factories';
import { createTestDatabase } from '../support/test-database';

// `aqb antrag check|import` through the command line on a prepared test database (the fixtures of
// src/modules/funding/fixtures: a clean file, one with each problem of issue 13 once, schema errors).
let database: AppDatabase;
const env = { DATABASE_URL: 'memory://', AQB_DEMO: '0' };
const cli = { runtime: async () => ({ database, close: async () => {} }) };
const fixture = (name: string) => fileURLToPath(new URL(`../../src/modules/funding/fixtures/${name}`, import.meta.url));

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => void (out += t), err: (t) => void (err += t) }, env, cli);
  return { code, out, err };
}

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.transaction((tx) => addSubBudget(tx, { year: 2024, name: 'Teilzeitausbildung', amountCents: 50_000_00, paragraphText: 'Teilzeitausbildung mit 50.000 Euro.', actor: null }));
}, 120_000);
afterAll(async () => {
  await database?.close();
});

describe('aqb antrag check', () => {
  it('passes the clean file (exit 0) and prints the totals', async () => {
    const text = await run(['antrag', 'check', fixture('antrag-valid.json')]);
    expect(text.code).toBe(0);
    expect(text.out).toContain('keine Probleme gefunden');
    expect(text.out).toContain('AQB-Zuwendung beantragt: 75.000,00 €');
    expect(text.out).toContain('Zuweisung:               787.100,00 €');
    const json = await run(['antrag', 'check', fixture('antrag-valid.json'), '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual({ ok: true, problems: [], totals: { aqbCents: 75_000_00, expensesCents: 97_000_00, allocationCents: 787_100_00 } });
  });

  it('reports every listed code of the problem fixture with path and message, exit 1', async () => {
    const json = await run(['antrag', 'check', fixture('antrag-all-problems.json'), '--json']);
    expect(json.code).toBe(1);
    const result = JSON.parse(json.out) as { ok: boolean; problems: { code: string; path: string; message: string }[]; totals: unknown };
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.code).sort()).toEqual(
      ['ANTRAG_UEBER_ZUWEISUNG', 'FINANZIERUNGSPLAN_UNAUSGEGLICHEN', 'LAUFZEIT_UNGUELTIG', 'PROJEKT_DOPPELT', 'PROJEKT_UNVOLLSTAENDIG', 'TEILBUDGET_UEBERSCHRITTEN'].sort(),
    );
    for (const p of result.problems) expect(Object.keys(p)).toEqual(['code', 'path', 'message']);
    expect(result.totals).toEqual({ aqbCents: 789_999_99, expensesCents: 840_000_00, allocationCents: 787_100_00 });
    const text = await run(['antrag', 'check', fixture('antrag-all-problems.json')]);
    expect(text.code).toBe(1);
    expect(text.out).toContain('6 Probleme');
    expect(text.out).toContain('PROJEKT_DOPPELT  $.projects[5].key');
    expect(text.out).toContain('P4: Das Ende (31.5.2024) liegt vor dem Beginn (1.6.2024).');
  });

  it('reports schema errors by path; a missing file or argument is exit 2', async () => {
    const schema = await run(['antrag', 'check', fixture('antrag-schema-errors.json')]);
    expect(schema.code).toBe(1);
    expect(schema.out).toContain('SCHEMA_UNGUELTIG  $.projects[0].expenses[0].category');
    expect((await run(['antrag', 'check', '/nicht/da.json'])).err).toContain('gibt es nicht');
    expect((await run(['antrag', 'check'])).code).toBe(2);
  });
});

describe('aqb antrag import', () => {
  it('refuses a file with blocking problems (exit 1, nothing stored), stores a clean one as the system or a district account', async () => {
    const before = await findProjects(database.db, 2024, '06439');
    const blocked = await run(['antrag', 'import', fixture('antrag-all-problems.json')]);
    expect(blocked.code).toBe(1);
    expect(blocked.out).toContain('nicht gespeichert – 3 Probleme');
    expect(await findProjects(database.db, 2024, '06439')).toEqual(before);

    const other = await buildUser(database, 'district', { ags: '06533' });
    const refused = await run(['antrag', 'import', fixture('antrag-valid.json'), '--als', other.email]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('darf Projekte dieser Gebietskörperschaft nicht ändern');

    const own = await buildUser(database, 'district', { ags: '06439' });
    const stored = await run(['antrag', 'import', fixture('antrag-valid.json'), '--als', own.email]);
    expect(stored.code).toBe(0);
    expect(stored.out).toContain('als Entwurf gespeichert');
    expect((await findProjects(database.db, 2024, '06439')).map((p) => p.key)).toEqual(['P1', 'P2']);
    const again = await run(['antrag', 'import', fixture('antrag-valid.json'), '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ stored: true, created: [], updated: ['P1', 'P2'], dropped: [] });
  });
});
