import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadShippedDistricts, loadSonderstatusstaedte } from '../../districts/master-data';
import { parseWeights, runKeyScenario } from './key-scenario';

const csv = readFileSync(new URL('./fixtures/indicators-2026.csv', import.meta.url), 'utf8');
const errorsCsv = readFileSync(new URL('./fixtures/indicators-errors.csv', import.meta.url), 'utf8');
const districts = loadShippedDistricts();

describe('parseWeights', () => {
  const names = ['a', 'b'];
  it('reads the CLI form, decimal commas and equal weights when empty', () => {
    expect(parseWeights('a=0.6,b=0.4', names)).toEqual({ ok: true, weights: { a: 0.6, b: 0.4 } });
    expect(parseWeights('a=0,6; b=0,4', names)).toEqual({ ok: true, weights: { a: 0.6, b: 0.4 } });
    expect(parseWeights('', names)).toEqual({ ok: true, weights: { a: 1, b: 1 } });
  });
  it('refuses unknown names, bad numbers, duplicates and all-zero weights in German', () => {
    expect(parseWeights('c=1', names)).toMatchObject({ ok: false, messages: [expect.stringContaining('unbekannten Indikator „c“')] });
    expect(parseWeights('a=-1', names)).toMatchObject({ ok: false, messages: [expect.stringContaining('keine Gewichtung')] });
    expect(parseWeights('a=1,a=2', names)).toMatchObject({ ok: false, messages: [expect.stringContaining('doppelt')] });
    expect(parseWeights('a=0,b=0', names)).toMatchObject({ ok: false, messages: [expect.stringContaining('Alle Gewichte sind 0')] });
  });
});

describe('runKeyScenario', () => {
  it('distributes 27.700.000 € over the 26 districts to the cent, in whole 10 €', () => {
    const result = runKeyScenario({ budgetCents: 27_700_000_00, csvText: csv, weightsText: 'sgb2_bedarfsgemeinschaften=0.6,jugendarbeitslose=0.4' }, districts);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.allocations).toHaveLength(26);
    expect(result.allocations.reduce((s, a) => s + a.amountCents, 0)).toBe(27_700_000_00);
    expect(result.allocations.every((a) => a.amountCents % 1000 === 0)).toBe(true);
    expect(result.weights).toEqual({ sgb2_bedarfsgemeinschaften: 0.6, jugendarbeitslose: 0.4 });
  });

  it('reports the error fixture per line and floors above the budget', () => {
    const bad = runKeyScenario({ budgetCents: 1_000_00, csvText: errorsCsv }, districts, loadSonderstatusstaedte());
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.some((e) => e.line === 7 && e.message.includes('doppelt'))).toBe(true);
    expect(bad.errors.some((e) => e.line === 0 && e.message.includes('Es fehlt eine Zeile'))).toBe(true);
    const floors = runKeyScenario({ budgetCents: 1_000_000_00, csvText: csv, floorCents: 50_000_00 }, districts);
    expect(floors).toMatchObject({ ok: false, errors: [{ field: 'floor', message: expect.stringContaining('übersteigen das Budget') }] });
  });
});
