import type { PlannedOutcome } from '../catalogs/schema';
import { DEMO_WEIGHTS } from './data';

/** Places per project: base + 0…spread, before the district's size factor (the demo participant records have 6–29 entries a project). */
const PLACES: Record<1 | 2 | 3 | 4, { base: number; spread: number }> = {
  1: { base: 18, spread: 12 },
  2: { base: 14, spread: 10 },
  3: { base: 16, spread: 12 },
  4: { base: 12, spread: 8 },
};

/**
 * Shares of the places reaching each outcome, in per cent (varied by ±10 points). A participant has
 * one Verbleib, so the shares of a Maßnahmenart stay below 100 % together.
 */
const OUTCOME_SHARES: Record<1 | 2 | 3 | 4, Partial<Record<PlannedOutcome, number>>> = {
  1: { uebergang_ausbildung: 45, uebergang_beschaeftigung: 15 },
  2: { ausbildungsabschluss: 65 },
  3: { qualifizierung_abgeschlossen: 45, uebergang_beschaeftigung: 25 },
  4: { qualifizierung_abgeschlossen: 85 },
};

/** A small stable hash (FNV-1a) so the spread does not depend on the order of the seeding. */
function spreadOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * Invented planned places and outcomes of a demo project (Eckdaten, § 6), per Maßnahmenart:
 * 1 Ausbildungsvorbereitung → Übergänge in Ausbildung (and a few in Beschäftigung), 2 Ausbildung
 * → Ausbildungsabschlüsse, 3 Qualifizierung → abgeschlossene Qualifizierungen and Übergänge in
 * Beschäftigung, 4 Fortbildung of the Fachkräfte → abgeschlossene Qualifizierungen. Deterministic
 * (no randomness: the same district, year and project give the same figures on every start),
 * varied across districts by their size and a spread from AGS, year and project key.
 */
export function demoProjectFigures(project: { year: number; ags: string; key: string; measureType: 1 | 2 | 3 | 4 }): { plannedPlaces: number; plannedOutcomes: Partial<Record<PlannedOutcome, number>> } {
  const h = spreadOf(`${project.year}/${project.ags}/${project.key}`);
  const { base, spread } = PLACES[project.measureType];
  // Larger districts plan larger projects: from ×0,86 (Odenwaldkreis) up to ×1,5 (Frankfurt).
  const size = 0.8 + (0.7 * Math.min(DEMO_WEIGHTS[project.ags] ?? 200, 1078)) / 1078;
  const plannedPlaces = Math.max(4, Math.round((base + (h % (spread + 1))) * size));
  const plannedOutcomes: Partial<Record<PlannedOutcome, number>> = {};
  let shift = h >>> 8;
  for (const [code, share] of Object.entries(OUTCOME_SHARES[project.measureType]) as Array<[PlannedOutcome, number]>) {
    const percent = share - 10 + (shift % 21);
    shift = Math.floor(shift / 21);
    plannedOutcomes[code] = Math.min(plannedPlaces, Math.max(1, Math.round((plannedPlaces * percent) / 100)));
  }
  return { plannedPlaces, plannedOutcomes };
}
