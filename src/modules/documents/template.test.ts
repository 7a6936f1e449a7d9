import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors';
import { listPlaceholders, validateTemplateText } from './placeholders';
import { defaultTemplate, SEED_TEMPLATE_YEARS, YearTemplateContentSchema } from './template';

describe('validateTemplateText', () => {
  it('accepts the vocabulary, with and without inner spaces', () => {
    expect(validateTemplateText('{{gk.Nom}} finanziert im Jahr {{ jahr }} {{betrag}} für {{gk.akk}}.')).toEqual([]);
  });

  it('rejects unknown placeholders with a German message naming them', () => {
    const [message] = validateTemplateText('und dem Landkreis {{gk.name2}}');
    expect(message).toMatch(/^Unbekannter Platzhalter „\{\{gk\.name2\}\}“/);
    expect(message).toContain('{{gk.dat}}');
  });

  it('rejects stray and empty braces', () => {
    expect(validateTemplateText('Betrag {{betrag}')).toHaveLength(1);
    expect(validateTemplateText('{{}}')[0]).toMatch(/Leerer Platzhalter/);
  });

  it('lists every placeholder with a German description and an example', () => {
    const names = listPlaceholders().map((p) => p.placeholder);
    for (const expected of ['{{jahr}}', '{{gk.nom}}', '{{gk.Nom}}', '{{gk.gen}}', '{{gk.dat}}', '{{gk.akk}}', '{{betrag}}', '{{buendnis}}']) {
      expect(names).toContain(expected);
    }
    for (const p of listPlaceholders()) {
      expect(p.description.length).toBeGreaterThan(10);
      expect(validateTemplateText(p.placeholder)).toEqual([]);
    }
  });
});

describe('YearTemplateContentSchema', () => {
  it('accepts both seed templates', () => {
    for (const year of SEED_TEMPLATE_YEARS) expect(YearTemplateContentSchema.safeParse(defaultTemplate(year)).success).toBe(true);
  });

  it('reports an unknown placeholder at its field path', () => {
    const template = defaultTemplate(2025);
    template.sections[5]!.paragraphs[0] = '{{landkreis}} und das HMSI …';
    const result = YearTemplateContentSchema.safeParse(template);
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path).toEqual(['sections', 5, 'paragraphs', 0]);
    expect(issue.message).toContain('{{landkreis}}');
  });

  it('allows closing paragraphs only in § 4 and § 5 and needs § 1–§ 7 in order', () => {
    const extra = defaultTemplate(2024);
    extra.sections[0]!.closingParagraphs = ['Nachsatz'];
    expect(YearTemplateContentSchema.safeParse(extra).success).toBe(false);
    const swapped = defaultTemplate(2024);
    [swapped.sections[0], swapped.sections[1]] = [swapped.sections[1]!, swapped.sections[0]!];
    expect(YearTemplateContentSchema.safeParse(swapped).success).toBe(false);
  });

  it('refuses placeholders in plain-text fields such as the signature lines', () => {
    const template = defaultTemplate(2024);
    template.ministry.signatureLines = ['{{gk.nom}}'];
    expect(YearTemplateContentSchema.safeParse(template).success).toBe(false);
  });
});

describe('defaultTemplate', () => {
  it('carries the year differences of the two reference agreements', () => {
    const t2024 = defaultTemplate(2024);
    const t2025 = defaultTemplate(2025);
    expect(t2024.buendnisPeriod).toBe('2020 bis 2024');
    expect(t2025.buendnisPeriod).toBe('2025 bis 2029');
    expect(t2024.sections[1]!.paragraphs[1]).toContain('Sprachförderangebote');
    expect(t2025.sections[1]!.paragraphs[1]).toContain('Migrationshintergrund');
    expect(t2024.sections[0]!.paragraphs[0]).toContain('Querschnittsorientierte Handlungsansätze');
    expect(t2025.sections[0]!.paragraphs[0]).toContain('Der flexible und ganzheitliche Handlungsansatz');
    expect(t2024.numberMeasureTypes).toBe(false);
    expect(t2025.numberMeasureTypes).toBe(true);
  });

  it('contains none of the reference defects and never writes a district type noun itself', () => {
    for (const year of SEED_TEMPLATE_YEARS) {
      const text = JSON.stringify(defaultTemplate(year));
      expect(text).not.toMatch(/erfolgsversprechend/);
      // District words come only from placeholders; "Landkreise und kreisfreien Städte" (plural) is generic text.
      expect(text).not.toMatch(/\b(Landkreis|Landkreises|Kreis|Kreises|Stadt)\s+\{\{/);
      expect(text).not.toMatch(/\bLandkreis(es)?\b(?! und)/);
    }
  });

  it('throws TEMPLATE_MISSING for a year without a seed', () => {
    const error = (() => {
      try {
        defaultTemplate(2026);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('TEMPLATE_MISSING');
  });
});
