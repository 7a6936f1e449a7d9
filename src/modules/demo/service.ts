import { removeDemoUsers, seedDemoUsers } from '../access/service';
import { findAllocationsForYear, insertDemoAllocations, removeDemoAllocations } from '../budget-years/service';
import { insertAgreementIfMissing, publishSeededAgreements, recordTemplateOnSeededVersions, removeDemoAgreements } from '../agreements/service';
import { AGREEMENT_SCHEMA_ID, type AgreementInterchange, type Measure } from '../documents/schema';
import type { AgreementStatus } from '../agreements/status';
import { findBudgetYears, REAL_YEARS } from '../budget-years/service';
import { findDistricts } from '../districts/service';
import type { District } from '../districts/schema';
import type { Executor } from '../../platform/db/client';
import { removeDemoMeetings, seedDemoMeetings } from '../meetings/service';
import { removeDemoParticipants, seedDemoParticipants } from '../participants/service';
import { findProjects, planDemoProjects } from '../projects/service';
import { removeDemoPayments, seedDemoPayments } from '../payments/service';
import { removeDemoDeviations } from '../steering/service';
import { removeDemoStateReports } from '../state-report/service';
import { removeDemoSurveys, seedDemoSurveys } from '../surveys/service';
import { removeDemoEvents, seedDemoEvents } from '../events/service';
import { removeDemoGoodPractice, seedDemoGoodPractice } from '../good-practice/service';
import { DEMO_LANDESBUDGET_CENTS, DEMO_PEOPLE, DEMO_PROJECTS, DEMO_WEIGHTS } from './data';
import { demoProjectFigures } from './figures';

/** Shares the demo budget of a year over the districts without a real allocation, in whole 10 €. */
function demoAmounts(districts: District[], fixed: Map<string, number>): Map<string, number> {
  const open = districts.filter((d) => !fixed.has(d.ags));
  if (open.length === 0) return new Map();
  const rest = DEMO_LANDESBUDGET_CENTS - [...fixed.values()].reduce((a, b) => a + b, 0);
  const weightSum = open.reduce((sum, d) => sum + (DEMO_WEIGHTS[d.ags] ?? 100), 0);
  const amounts = new Map<string, number>();
  let assigned = 0;
  for (const d of open) {
    const share = Math.floor((rest * (DEMO_WEIGHTS[d.ags] ?? 100)) / weightSum / 1000) * 1000;
    amounts.set(d.ags, share);
    assigned += share;
  }
  // The rounding rest goes to the largest district so the year adds up to the demo budget.
  const largest = open.reduce((a, b) => ((DEMO_WEIGHTS[a.ags] ?? 0) >= (DEMO_WEIGHTS[b.ags] ?? 0) ? a : b));
  amounts.set(largest.ags, (amounts.get(largest.ags) ?? 0) + rest - assigned);
  return amounts;
}

function pick<T>(list: readonly T[], seed: number, count: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < count; i++) {
    const item = list[(seed + i * 3) % list.length] as T;
    if (!out.includes(item)) out.push(item);
  }
  return out;
}

function statusFor(year: number, index: number): AgreementStatus | undefined {
  if (year <= 2024) return index % 7 === 3 ? 'unterzeichnet' : 'veroeffentlicht';
  const cycle: (AgreementStatus | undefined)[] = ['veroeffentlicht', 'unterzeichnet', 'zur_unterschrift', 'in_abstimmung', 'entwurf', undefined];
  return cycle[index % cycle.length];
}

function demoAgreement(district: District, year: number, amountCents: number, index: number, status: AgreementStatus): AgreementInterchange {
  const measures: Measure[] = ([1, 2, 3, 4] as const).map((type) => ({
    type,
    projects: pick(DEMO_PROJECTS[type], index + year, type === 4 ? index % 3 : 1 + ((index + type) % 3)).map((title) => ({ title })),
  }));
  const signed = status === 'unterzeichnet' || status === 'veroeffentlicht';
  const genus = index % 2 === 0 ? 'f' : 'm';
  const landDay = 1 + (index % 20);
  return {
    schema: AGREEMENT_SCHEMA_ID,
    year,
    district: { ags: district.ags, name: district.officialName },
    amountCents,
    measures,
    signatures: {
      land: signed ? { place: 'Wiesbaden', date: `${year}-06-${String(landDay).padStart(2, '0')}`, name: 'Heike Hofmann', title: 'Staatsministerin' } : null,
      district: signed
        ? {
            place: district.signingPlace,
            date: `${year}-07-${String(landDay + 3).padStart(2, '0')}`,
            name: DEMO_PEOPLE[genus][index % 4] as string,
            title: district.headTitle[genus],
          }
        : null,
    },
  };
}

/**
 * Loads the demo data set (allocations, agreements and their projects' participant records for 2024
 * and 2025, flagged is_demo) where
 * real data is missing. Idempotent: existing records are never overwritten.
 */
export async function seedDemo(tx: Executor): Promise<void> {
  const districts = await findDistricts(tx);
  // Only the seeded years get demo records: a year the ministry creates (2026, …) stays real-only.
  const demoYears = new Set<number>(REAL_YEARS.map((y) => y.year));
  for (const { year } of (await findBudgetYears(tx)).filter((y) => demoYears.has(y.year))) {
    const existing = await findAllocationsForYear(tx, year);
    const fixed = new Map(existing.filter((a) => !a.isDemo).map((a) => [a.ags, a.amountCents]));
    const amounts = demoAmounts(districts, fixed);
    await insertDemoAllocations(tx, year, amounts);
    for (const [index, district] of districts.entries()) {
      const amount = amounts.get(district.ags);
      const status = statusFor(year, index);
      if (amount === undefined || !status) continue;
      await insertAgreementIfMissing(tx, {
        content: demoAgreement(district, year, amount, index, status),
        status,
        source: 'demo',
        isDemo: true,
        publishedAt: status === 'veroeffentlicht' ? new Date(`${year}-07-${String(10 + (index % 15)).padStart(2, '0')}T10:00:00Z`) : null,
      });
    }
  }
  // The demo projects' Eckdaten (§ 6): planned places and outcomes per Maßnahmenart, before the
  // Anträge of the money path are built from the projects and before the meetings' agendas read them.
  await seedDemoProjectFigures(tx, districts, [...demoYears]);
  // Demo agreements were "rendered" from the year's current template: record it like for real ones.
  await recordTemplateOnSeededVersions(tx, ['demo']);
  // Published demo agreements get their frozen PDF (is_demo) like the real ones.
  await publishSeededAgreements(tx);
  // One demo account per role, listed on the sign-in page while demo data is loaded.
  await seedDemoUsers(tx);
  // Invented participant records (Kennungen DEMO-…) for the demo projects, so the statistics pages are not empty.
  await seedDemoParticipants(tx);
  // One demo survey (Umfrage, § 7) sent to all districts, with some answers, so the results pages are not empty.
  await seedDemoSurveys(tx);
  // One demo conference with registrations, and a few demo projects in the good-practice catalogue.
  await seedDemoEvents(tx);
  await seedDemoGoodPractice(tx);
  // The money path of 2025 for three districts: demo Bescheid, Abrufe, Auszahlungen, Verwendungen, one Rückforderung.
  await seedDemoPayments(tx);
  // Last: the autumn meetings (§ 6) build their agendas from all the figures above.
  await seedDemoMeetings(tx);
}

/** Planned places and outcomes for the demo projects still without them (real projects are never touched). */
async function seedDemoProjectFigures(tx: Executor, districts: District[], years: number[]): Promise<void> {
  const figures = [];
  for (const year of years) {
    for (const district of districts) {
      for (const project of await findProjects(tx, year, district.ags)) {
        if (!project.isDemo || project.plannedPlaces !== null) continue;
        figures.push({ projectId: project.id, ...demoProjectFigures(project) });
      }
    }
  }
  await planDemoProjects(tx, figures);
}

/** Removes every demo-flagged record (AQB_DEMO=0). Real records are untouched. */
export async function removeDemo(tx: Executor): Promise<void> {
  // The demo meetings first: their agendas and minutes quote the demo figures.
  await removeDemoMeetings(tx);
  await removeDemoSurveys(tx);
  await removeDemoEvents(tx);
  await removeDemoGoodPractice(tx);
  await removeDemoUsers(tx);
  await removeDemoParticipants(tx);
  // Before the demo projects: the money records and the demo Bescheide name them.
  await removeDemoPayments(tx);
  // Deviations may name demo projects: they go before the projects do.
  await removeDemoDeviations(tx);
  // Landesberichte released with demo figures (their snapshot holds them).
  await removeDemoStateReports(tx);
  await removeDemoAgreements(tx);
  await removeDemoAllocations(tx);
}
