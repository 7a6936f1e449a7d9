/**
 * Year-to-year diff (portal comparison, staff version diffs): two consecutive years of one
 * district with 20 / 100 / 200 / 400 projects (≈ 70 % carried over, some reworded, the rest new),
 * composed with the year's template and compared section by section.
 *   project    diffAgreementSections (lines aligned first, words only inside edited lines)
 *   reference  the former way: one word diff (jsdiff diffWordsWithSpace) over each whole section
 * Goals: linear (time per project at 400 ≤ 2 × at 20 — allowing for fixed costs) and ≤ 20 ms at 400.
 */
import { performance } from 'node:perf_hooks';
import { diffWordsWithSpace } from 'diff';
import { loadShippedDistricts } from '../src/modules/districts/master-data';
import { type AgreementSection, composeAgreement, defaultTemplate, diffAgreementSections, documentSections } from '../src/modules/documents/service';
import { buildDemoAgreement } from '../tests/factories';
import type { AgreementInterchange } from '../src/modules/documents/schema';
import { finish, report, ROUNDS, rounds, summarize } from './lib/stats';

const SIZES = [20, 100, 200, 400];
const district = loadShippedDistricts().find((d) => d.ags === '06439')!;

function withProjects(base: AgreementInterchange, titles: string[]): AgreementInterchange {
  const measures = base.measures.map((m) => ({ ...m, projects: [] as { title: string }[] }));
  titles.forEach((title, i) => measures[Math.min(3, Math.floor((i / titles.length) * 4))]!.projects.push({ title }));
  return { ...base, measures };
}

function titlesFor(count: number, year: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    // Deterministic: 70 % identical across years, 10 % reworded, 20 % new.
    const kind = (i * 37) % 10;
    if (kind < 7) return `Qualifizierung und Coaching für Zielgruppe ${i} im Handwerk und in der Pflege`;
    if (kind < 8) return `Qualifizierung und Coaching für Zielgruppe ${i} im Handwerk${year % 2 ? ' und in der Pflege' : ', verlängert'}`;
    return `Neues Projekt ${year}-${i}: Ausbildungsvorbereitung mit Einzelcoaching`;
  });
}

function sectionsFor(count: number, year: number): AgreementSection[] {
  const agreement = withProjects(buildDemoAgreement(district, year), titlesFor(count, year));
  return documentSections(composeAgreement({ agreement, district, template: defaultTemplate(year) }));
}

/** The former algorithm, kept here as the reference: a word diff over each whole section. */
function wholeSectionWordDiff(before: AgreementSection[], after: AgreementSection[]): number {
  const byKey = new Map(before.map((s) => [s.key, s]));
  let tokens = 0;
  for (const section of after) tokens += diffWordsWithSpace(byKey.get(section.key)?.text ?? '', section.text).length;
  return tokens;
}

function time(fn: () => unknown, repeat: number): number {
  const start = performance.now();
  for (let i = 0; i < repeat; i++) fn();
  return (performance.now() - start) / repeat;
}

console.log(`diff bench: RTK, 2024 → 2025, ${ROUNDS} rounds each (min / median / max per comparison)\n`);
const medians = new Map<number, number>();
for (const size of SIZES) {
  const before = sectionsFor(size, 2024);
  const after = sectionsFor(size, 2025);
  const repeat = size <= 100 ? 20 : 5;
  const project = summarize(await rounds(ROUNDS, async () => time(() => diffAgreementSections(before, after), repeat), 1));
  const reference = summarize(await rounds(ROUNDS, async () => time(() => wholeSectionWordDiff(before, after), Math.max(1, Math.floor(repeat / 5))), 1));
  medians.set(size, project.median);
  report({
    what: `Year-to-year diff, ${size} projects`,
    project,
    unit: 'ms',
    reference: { label: 'whole-section word diff (former)', value: reference },
    ratio: project.median / reference.median,
    goal: size === 400 ? '≤ 20 ms at 400 projects' : 'fast (no own goal)',
    met: size === 400 ? project.median <= 20 : true,
  });
}
const perProject20 = medians.get(20)! / 20;
const perProject400 = medians.get(400)! / 400;
const growth = perProject400 / perProject20;
console.log(`\nLinearity: ${(perProject20 * 1000).toFixed(1)} µs per project at 20, ${(perProject400 * 1000).toFixed(1)} µs at 400 (factor ${growth.toFixed(2)}; quadratic would be 20)`);
report({
  what: 'Year-to-year diff grows linearly (time per project 400 vs 20)',
  project: { min: growth, median: growth, max: growth },
  unit: '×',
  goal: 'linear: factor ≤ 2',
  met: growth <= 2,
});
finish();
