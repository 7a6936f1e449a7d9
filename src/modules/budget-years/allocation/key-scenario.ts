/**
 * One distribution-key run from raw user input (CSV text, weights text, floor and rounding), as
 * the web form and the CLI receive it. Pure: the caller passes the districts; nothing is stored.
 * Every problem comes back as a German message with its CSV line (0 = not tied to a line).
 */
import type { District } from '../../districts/schema';
import { type Allocation, DEFAULT_ROUND_TO_CENTS, distributeBudget } from './distribute';
import { parseIndicatorCsv } from './indicator-csv';

export interface KeyInputError {
  /** CSV line (1-based); 0 when the error concerns the file as a whole or another field. */
  line: number;
  /** Which input the error belongs to: the file, the weights, the floor, the rounding or the budget. */
  field: 'key' | 'weights' | 'floor' | 'round' | 'budget';
  message: string;
}

export interface KeyScenarioInput {
  budgetCents: number;
  csvText: string;
  /** "name=0.6,other=0.4"; empty or undefined = all indicators weighted equally. */
  weightsText?: string;
  floorCents?: number;
  roundToCents?: number;
}

export type KeyScenarioResult =
  | { ok: true; allocations: Allocation[]; indicators: Record<string, Record<string, number>>; weights: Record<string, number>; roundToCents: number }
  | { ok: false; errors: KeyInputError[] };

/** "a=0.6, b=0,4" (comma or semicolon between pairs; decimal point, or comma inside ";"-lists) → weights. */
export function parseWeights(text: string, indicators: readonly string[]): { ok: true; weights: Record<string, number> } | { ok: false; messages: string[] } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, weights: Object.fromEntries(indicators.map((name) => [name, 1])) };
  const pairs = trimmed.includes(';') ? trimmed.split(';') : trimmed.split(/,(?=\s*[^\d\s])/);
  const weights: Record<string, number> = {};
  const messages: string[] = [];
  for (const pair of pairs.map((p) => p.trim()).filter((p) => p !== '')) {
    const match = /^([^=]+)=\s*([0-9]+(?:[.,][0-9]+)?)\s*$/.exec(pair);
    if (!match) {
      messages.push(`„${pair}“ ist keine Gewichtung der Form „indikator=0,6“ (Zahl ≥ 0).`);
      continue;
    }
    const name = match[1]!.trim();
    if (!indicators.includes(name)) {
      messages.push(`Die Gewichtung nennt den unbekannten Indikator „${name}“ (bekannt: ${indicators.join(', ')}).`);
      continue;
    }
    if (name in weights) {
      messages.push(`Der Indikator „${name}“ ist doppelt gewichtet.`);
      continue;
    }
    weights[name] = Number(match[2]!.replace(',', '.'));
  }
  if (messages.length > 0) return { ok: false, messages };
  if (!Object.values(weights).some((w) => w > 0)) {
    return { ok: false, messages: ['Alle Gewichte sind 0: Mindestens ein Indikator braucht ein Gewicht größer als 0.'] };
  }
  return { ok: true, weights };
}

/**
 * Parses the indicator CSV against the districts, the weights against its header, and distributes
 * the budget. Succeeds only with an allocation for every district that sums to the budget.
 */
export function runKeyScenario(input: KeyScenarioInput, districts: District[], sonderstatusstaedte: string[] = []): KeyScenarioResult {
  const roundToCents = input.roundToCents ?? DEFAULT_ROUND_TO_CENTS;
  const csv = parseIndicatorCsv(input.csvText, districts, { sonderstatusstaedte });
  if (!csv.ok) return { ok: false, errors: csv.errors.map((e) => ({ line: e.line, field: 'key', message: e.message })) };
  const weights = parseWeights(input.weightsText ?? '', csv.indicators);
  if (!weights.ok) return { ok: false, errors: weights.messages.map((message) => ({ line: 0, field: 'weights', message })) };
  const result = distributeBudget({
    budgetCents: input.budgetCents,
    indicators: csv.rows,
    weights: weights.weights,
    floorCents: input.floorCents,
    roundToCents,
  });
  if (!result.ok) return { ok: false, errors: result.errors.map((e) => ({ line: 0, field: fieldOf(e.message), message: e.message })) };
  return { ok: true, allocations: result.allocations, indicators: Object.fromEntries(csv.rows), weights: weights.weights, roundToCents };
}

function fieldOf(message: string): KeyInputError['field'] {
  if (message.includes('Mindestbetr')) return 'floor';
  if (message.includes('Gewicht')) return 'weights';
  if (message.includes('Rundung')) return 'round';
  if (message.includes('Budget')) return 'budget';
  return 'key';
}
