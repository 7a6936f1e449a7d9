/** One district's Mittelankündigung from a scenario, before the year is fixed: built on demand, never stored. */
import type { Executor } from '../../../platform/db/client';
import { AppError } from '../../../platform/errors';
import { isRealIsoDate } from '../../../platform/input';
import { findDistricts } from '../../districts/service';
import { findLetterhead } from '../../letterheads/service';
import { getScenario, isAllocationFixed, type Scenario } from '../allocation/scenarios';
import { getBudgetYear } from '../years';
import { buildLetter, type LetterData } from './letter-model';

/**
 * The scenario to preview letters from. NOT_FOUND for an unknown scenario; CONFLICT once the
 * year is fixed (then the real letters exist and are downloaded from the year page).
 */
export async function getPreviewScenario(db: Executor, year: number, scenarioId: number): Promise<Scenario> {
  await getBudgetYear(db, year);
  const scenario = await getScenario(db, year, scenarioId);
  if (await isAllocationFixed(db, year)) {
    throw new AppError('CONFLICT', `Die Zuweisung für ${year} ist festgelegt: Die Mittelankündigungen sind erzeugt und stehen auf der Seite des AQB-Jahres ${year}.`);
  }
  return scenario;
}

/**
 * The letter the district would get if the scenario were fixed with `announcedOn` as its date,
 * marked "Entwurf – Vorschau". VALIDATION_FAILED (field issues `ags`, `datum`) for a district that
 * is not in the scenario or a date that does not exist.
 */
export async function buildPreviewLetter(db: Executor, scenario: Scenario, ags: string, announcedOn: string): Promise<LetterData> {
  const issues = [];
  const allocation = scenario.allocations.find((a) => a.ags === ags);
  if (!allocation) issues.push({ path: 'ags', message: 'Bitte wählen Sie eine Gebietskörperschaft aus dem Szenario.' });
  if (!isRealIsoDate(announcedOn)) issues.push({ path: 'datum', message: 'Bitte geben Sie ein gültiges Datum an, z. B. 19.12.2025.' });
  if (issues.length > 0 || !allocation) throw new AppError('VALIDATION_FAILED', issues[0]!.message, { issues });
  const year = await getBudgetYear(db, scenario.year);
  const district = (await findDistricts(db)).find((d) => d.ags === ags)!;
  return buildLetter({
    district,
    year: scenario.year,
    amountCents: allocation.amountCents,
    announcedOn,
    // As fixScenario does: without a recorded Landesbudget the scenario's budget becomes it.
    landesbudgetCents: year.landesbudgetCents ?? scenario.budgetCents,
    sender: await findLetterhead(db, 'hmsi'),
    isPreview: true,
  });
}
