import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatEuroNumber } from './format';
import { parseEuro as parseEuroInput } from './input';

describe('parseEuro (typed amounts)', () => {
  it.each([
    ['27700000', 2_770_000_000],
    ['27.700.000', 2_770_000_000],
    ['27.700.000,00', 2_770_000_000],
    ['300.000', 30_000_000],
    ['968.540,50', 96_854_050],
    ['968.540,5', 96_854_050],
    ['1.000.000 €', 100_000_000],
    ['  1.000.000€  ', 100_000_000],
    ['27 700 000', 2_770_000_000],
    ['1\u202f000\u202f000,01 EUR', 100_000_001],
    ['0', 0],
    ['0,07', 7],
    ['787.100', 78_710_000],
    ['1.000,- €', 100_000],
    ['895.210,--', 89_521_000],
  ])('accepts %s', (text, cents) => {
    expect(parseEuroInput(text)).toEqual({ ok: true, cents });
  });

  it.each([
    ['27,700,000', /mehrere Kommas/],
    ['1.00.000', /Dreiergruppen/],
    ['1,000', /mehrdeutig/],
    ['12.5', /Komma verwenden/],
    ['-5', /negativ/],
    ['−5.000', /negativ/],
    ['abc', /nur Ziffern/],
    ['12a', /nur Ziffern/],
    ['', /Bitte geben Sie einen Betrag ein/],
    ['   ', /Bitte geben Sie einen Betrag ein/],
    ['€', /Bitte geben Sie einen Betrag ein/],
    ['1.000 000', /Dreiergruppen/],
    ['1.000,', /fehlen die Cent/],
    [',50', /Vor dem Komma/],
    ['99999999999999', /zu groß/],
  ])('rejects %s', (text, message) => {
    const result = parseEuroInput(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('reads back every amount the formatting module prints', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000_00 }), (cents) => {
        expect(parseEuroInput(formatEuroNumber(cents))).toEqual({ ok: true, cents });
        expect(parseEuroInput(`${formatEuroNumber(cents)} €`)).toEqual({ ok: true, cents });
      }),
      { numRuns: 500 },
    );
  });
});
