import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeAgreement } from './compose';
import { districtByAgs } from './fixtures/agreements';
import { LW_2025, RTK_2024 } from './service';
import { applyCorrections, type Correction, firstDifference, normaliseReference, normaliseRendering } from './fixtures/normalise';
import { renderMarkdown } from './render-markdown';
import { renderText } from './render-text';
import { defaultTemplate } from './template';
import type { AgreementInterchange } from './schema';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const RTK = 'Rheingau-Taunus-Kreis';

/** Every deliberate difference from the published RTK 2024 text (DOMAIN.md 3.5). */
const RTK_CORRECTIONS: Correction[] = [
  { wrong: 'Heike Hofmann Heike Hofmann', right: 'Heike Hofmann', reason: 'Signaturbild-Text wiederholt den Namen', count: 1 },
  { wrong: 'erfolgsversprechende', right: 'erfolgversprechende', reason: 'Rechtschreibung (so auch 2025)', count: 1 },
  { wrong: `dem Landkreis ${RTK}`, right: `dem ${RTK}`, reason: '"Landkreis" vor einem Namen auf -Kreis (Titel, § 2, § 4)', count: 3 },
  { wrong: `des Landkreises ${RTK}`, right: `des ${RTK}es`, reason: 'Genitiv des Namens selbst (Präambel, § 5, Unterschrift)', count: 3 },
  { wrong: `der Landkreis ${RTK}`, right: `der ${RTK}`, reason: '"Landkreis" vor einem Namen auf -Kreis (§ 2)', count: 1 },
  { wrong: `Der Landkreis ${RTK}`, right: `Der ${RTK}`, reason: '"Landkreis" vor einem Namen auf -Kreis (§ 5, § 6, § 7)', count: 3 },
  { wrong: `den Landkreis ${RTK}`, right: `den ${RTK}`, reason: '"Landkreis" vor einem Namen auf -Kreis (§ 5)', count: 1 },
];

/** Every deliberate difference from the published LW 2025 text (DOMAIN.md 3.5). */
const LW_CORRECTIONS: Correction[] = [
  { wrong: 'dem Landkreis Landkreis Limburg-Weilburg', right: 'dem Landkreis Limburg-Weilburg', reason: '"Landkreis Landkreis" (Titel)', count: 1 },
  {
    wrong: 'des Landkreises Landkreis Limburg-Weilburg',
    right: 'des Landkreises Limburg-Weilburg',
    reason: '"Landkreises Landkreis" (Präambel; Unterschrift "Landrat / des Landkreises / Landkreis Limburg-Weilburg")',
    count: 2,
  },
  { wrong: '14.08.2025', right: '14.8.2025', reason: 'Datum ohne führende Nullen wie alle anderen Daten (formatDate)', count: 1 },
];

function render(agreement: AgreementInterchange): string {
  return renderText(composeAgreement({ agreement, district: districtByAgs(agreement.district.ags), template: defaultTemplate(agreement.year) }));
}

function expectSameText(actual: string, expected: string): void {
  if (actual !== expected) expect.fail(`Text weicht von der Referenz ab ${firstDifference(actual, expected)}`);
}

describe('fidelity to the published agreements', () => {
  it('RTK 2024: equals the reference text after the listed corrections', () => {
    const expected = applyCorrections(normaliseReference(fixture('rheingau-taunus-kreis_2024.md')), RTK_CORRECTIONS);
    expectSameText(normaliseRendering(render(RTK_2024)), expected);
  });

  it('LW 2025: equals the reference text after the listed corrections', () => {
    const expected = applyCorrections(normaliseReference(fixture('limburg-weilburg_2025.txt')), LW_CORRECTIONS);
    expectSameText(normaliseRendering(render(LW_2025)), expected);
  });

  it('notices a changed word, a changed amount and a dropped project', () => {
    const expected = applyCorrections(normaliseReference(fixture('limburg-weilburg_2025.txt')), LW_CORRECTIONS);
    const changedProject = structuredClone(LW_2025);
    changedProject.measures[2]!.projects[0]!.title = 'Berufsperspektive für Frauen';
    const changedAmount = { ...LW_2025, amountCents: 895_211_00 };
    const dropped = structuredClone(LW_2025);
    dropped.measures[0]!.projects.pop();
    for (const variant of [changedProject, changedAmount, dropped]) {
      expect(normaliseRendering(render(variant))).not.toBe(expected);
    }
  });

  it('a correction that no longer matches the reference fails loudly', () => {
    const reference = normaliseReference(fixture('rheingau-taunus-kreis_2024.md'));
    expect(() => applyCorrections(reference, [{ wrong: 'Landkreis Landkreis', right: 'x', reason: 'kommt 2024 nicht vor', count: 1 }])).toThrow(/0×/);
  });

  it('the Markdown rendering says the same words as the text rendering', () => {
    for (const agreement of [RTK_2024, LW_2025]) {
      const doc = composeAgreement({ agreement, district: districtByAgs(agreement.district.ags), template: defaultTemplate(agreement.year) });
      const markdown = renderMarkdown(doc).replace(/\\(.)/g, '$1').replace(/\\$/gm, '');
      expect(normaliseReference(markdown)).toBe(normaliseRendering(renderText(doc)));
    }
  });
});
