import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgreementInterchangeSchema } from '../documents/schema';
import { loadShippedDistricts } from '../districts/master-data';
import { parseAgreementText } from './parse-agreement';

const districts = loadShippedDistricts();
const documents = ['rheingau-taunus-kreis_2024.md', 'limburg-weilburg_2025.txt'].map((name) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'),
);
const ERROR_CODES = ['NOT_AN_AGREEMENT', 'MISSING_YEAR', 'MISSING_AMOUNT', 'AMOUNT_OUT_OF_RANGE', 'UNKNOWN_DISTRICT', 'INVALID_AGREEMENT', 'TEXT_TOO_LARGE'];

type Mutation = (lines: string[]) => string[];

const noiseLine = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.constantFrom('§ 4', '§ 5', '- ', '•', '#### Ausbildung', '4. Weiterbildung Personal', 'Wiesbaden, den 31.2.2024', '0 Euro', '999.999.999.999 Euro', 'und dem Landkreis Kassel', '**', '\u0000', '\uFFFD', '\u202E'),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((seed): Mutation => (lines) => lines.filter((_, i) => (i * 31 + seed) % 5 !== 0)),
  fc.tuple(fc.nat(), noiseLine).map(([at, noise]): Mutation => (lines) => {
    const copy = [...lines];
    copy.splice(at % (copy.length + 1), 0, noise);
    return copy;
  }),
  fc.nat().map((at): Mutation => (lines) => lines.slice(0, at % (lines.length + 1))),
  fc.tuple(fc.nat(), fc.nat()).map(([at, seed]): Mutation => (lines) => {
    // Shuffle the characters of one line.
    const copy = [...lines];
    const index = at % Math.max(1, copy.length);
    const chars = [...(copy[index] ?? '')];
    for (let i = chars.length - 1; i > 0; i--) {
      const j = (seed + i * 7) % (i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    copy[index] = chars.join('');
    return copy;
  }),
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 200 })).map(([at, junk]): Mutation => (lines) => {
    const copy = [...lines];
    const index = at % Math.max(1, copy.length);
    copy[index] = `${copy[index] ?? ''}${junk}`;
    return copy;
  }),
  fc.constant<Mutation>((lines) => lines.map((line) => line.replace(/-/g, ' '))),
  fc.constant<Mutation>((lines) => [lines.join(' ')]),
  fc.constant<Mutation>((lines) => lines.flatMap((line) => line.split(/(?<=\s)/))),
);

describe('parseAgreementText on mutated documents', () => {
  // "Never hangs" is guarded by the test timeout, not by timed assertions (speed belongs in bench/).
  it('returns a valid agreement or a coded error — never throws, never hangs', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...documents), fc.array(mutation, { minLength: 1, maxLength: 5 }), fc.constantFrom('\n', '\r\n'), (text, mutations, eol) => {
        const lines = mutations.reduce((current, mutate) => mutate(current), text.split('\n'));
        const input = lines.join(eol);
        const result = parseAgreementText(input, { districts, allocationCents: () => 1 });
        if (result.ok) {
          expect(AgreementInterchangeSchema.safeParse(result.agreement).success).toBe(true);
          for (const warning of result.warnings) expect(typeof warning.message).toBe('string');
        } else {
          expect(ERROR_CODES).toContain(result.error.code);
          expect(result.error.message.length).toBeGreaterThan(0);
          // The safety net in parseAgreementText must not be what keeps the parser alive.
          expect(result.error.message).not.toContain('konnte nicht ausgewertet werden');
        }
      }),
      { numRuns: 600, seed: 20_251_121 },
    );
  });

  it('survives arbitrary unicode input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (text) => {
        const result = parseAgreementText(`Zielvereinbarung 2025 Ausbildungs- und Qualifizierungsbudget\n${text}`, { districts });
        expect(result.ok || ERROR_CODES.includes(result.error.code)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('finishes on pathological input (long lines, many blank lines, repeated headings)', { timeout: 20_000 }, () => {
    const inputs = [
      `Zielvereinbarung 2025 Qualifizierungsbudget ${'Landkreis '.repeat(50_000)}`,
      `Zielvereinbarung 2025 Qualifizierungsbudget${'\n'.repeat(200_000)}`,
      `Zielvereinbarung 2025 Qualifizierungsbudget\n${'2. Ausbildung\n- x\n'.repeat(20_000)}`,
      `Zielvereinbarung 2025 Qualifizierungsbudget ${'1'.repeat(100_000)} Euro`,
      `Zielvereinbarung 2025 Qualifizierungsbudget ${'Rheingau  \n '.repeat(30_000)}`,
    ];
    for (const input of inputs) {
      const result = parseAgreementText(input, { districts });
      expect(result.ok || ERROR_CODES.includes(result.error.code)).toBe(true);
    }
  });
});
