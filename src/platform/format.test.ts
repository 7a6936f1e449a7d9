import { describe, expect, it } from 'vitest';
import { formatDate, formatDatePadded, formatEuro, formatEuroAgreement, formatEuroNumber, isWeekend } from './format';

describe('German formatting', () => {
  it.each([
    [78_710_000, '787.100,00 €'],
    [89_521_000, '895.210,00 €'],
    [0, '0,00 €'],
    [5, '0,05 €'],
    [96_854_050, '968.540,50 €'],
    [2_770_000_000, '27.700.000,00 €'],
    [-37_485_000, '-374.850,00 €'],
  ])('formatEuro(%i) = %s', (cents, text) => {
    expect(formatEuro(cents)).toBe(text);
  });

  it('keeps exact cents for amounts beyond float precision of euros', () => {
    expect(formatEuroNumber(9_007_199_254_740_99)).toBe('9.007.199.254.740,99');
  });

  it('prints agreement amounts as the documents do', () => {
    expect(formatEuroAgreement(78_710_000)).toBe('787.100 Euro');
    expect(formatEuroAgreement(96_854_050)).toBe('968.540,50 Euro');
  });

  it('rejects fractional cents', () => {
    expect(() => formatEuro(1.5)).toThrow(TypeError);
  });

  it('formats dates in the style of the agreements', () => {
    expect(formatDate('2024-07-01')).toBe('1.7.2024');
    expect(formatDate('2025-08-14')).toBe('14.8.2025');
    expect(formatDatePadded('2025-08-02')).toBe('02.08.2025');
  });

  it('knows weekends independent of the time zone', () => {
    expect(isWeekend('2025-08-02')).toBe(true); // Saturday: the LW 2025 ministry signature
    expect(isWeekend('2024-07-01')).toBe(false);
    expect(isWeekend('2025-08-03')).toBe(true);
  });
});

describe('German validation messages', () => {
  it('zod speaks German wherever a schema has no message of its own', async () => {
    await import('./errors');
    const { z } = await import('zod');
    const result = z.object({ year: z.number(), to: z.enum(['entwurf', 'in_abstimmung']) }).safeParse({ year: 'x' });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message);
    expect(messages[0]).toMatch(/^Ungültige Eingabe/);
    expect(messages[1]).toMatch(/^Ungültige Option/);
  });
});
