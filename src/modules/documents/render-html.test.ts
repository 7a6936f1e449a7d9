import { HtmlValidate } from 'html-validate';
import { describe, expect, it } from 'vitest';
import { composeAgreement } from './compose';
import { buildDemoAgreement } from '../../../tests/factories';
import { districtByAgs } from './fixtures/agreements';
import { RTK_2024 } from './service';
import { renderHtml } from './render-html';
import { defaultTemplate } from './template';

const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-trailing-whitespace': 'off' } });

function page(fragment: string): string {
  return `<!DOCTYPE html>\n<html lang="de">\n<head>\n<title>Zielvereinbarung</title>\n</head>\n<body>\n<main>\n${fragment}</main>\n</body>\n</html>\n`;
}

describe('renderHtml', () => {
  it('is valid HTML inside a page, for a signed and an unsigned agreement', async () => {
    const unsigned = buildDemoAgreement(districtByAgs('06414'), 2025, { signed: false });
    for (const agreement of [RTK_2024, unsigned]) {
      const doc = composeAgreement({ agreement, district: districtByAgs(agreement.district.ags), template: defaultTemplate(agreement.year) });
      const report = await validator.validateString(page(renderHtml(doc)));
      const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (Zeile ${m.line})`));
      expect(messages).toEqual([]);
    }
  });

  it('keeps the heading order: h1, then h2 per §, h3 below', () => {
    const doc = composeAgreement({ agreement: RTK_2024, district: districtByAgs('06439'), template: defaultTemplate(2024) });
    const levels = [...renderHtml(doc).matchAll(/<h(\d)>/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    levels.slice(1).forEach((level, i) => expect(level - (levels[i] ?? 1)).toBeLessThanOrEqual(1));
  });
});
