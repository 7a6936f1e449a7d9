import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFontCoverage } from './documents/font-coverage';
import { AgsSchema, checkText, cleanParam, findDisallowedCharacter, isAllowedCharacter, parseEuro, parseGermanDate, parseYear, text, writeCsv } from './input';

const require = createRequire(import.meta.url);
const font = (pkg: string, file: string) => readFontCoverage(readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file)));
const fira = font('@expo-google-fonts/fira-sans', '400Regular/FiraSans_400Regular.ttf');
const notoSans = font('@expo-google-fonts/noto-sans', '400Regular/NotoSans_400Regular.ttf');

describe('allowed characters', () => {
  it('all have a glyph in the shipped document fonts (Fira Sans, else Noto Sans), so accepted text always renders', () => {
    const missing: string[] = [];
    let inFira = 0;
    let allowed = 0;
    for (let code = 0; code <= 0x10ffff; code++) {
      if (!isAllowedCharacter(code)) continue;
      allowed++;
      if (fira.has(code)) inFira++;
      else if (!notoSans.has(code)) missing.push(`U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
    }
    expect(missing).toEqual([]);
    // Nearly all of them in the documents' own typeface (a few rare letters and spaces come from Noto Sans).
    expect(inFira / allowed).toBeGreaterThan(0.85);
  });

  it('accept German and European Latin text with typographic punctuation, € and §', () => {
    for (const ok of ['Straße „Jugend stärken“ – 2. Runde', 'Łódź, Český Krumlov, Brașov, Ærø, Øresund', '§ 4 Abs. 2: 787.100,00 € … ½ ‰', 'ẞ GROSS', 'Ausbildung → Beruf']) {
      expect(findDisallowedCharacter(ok), ok).toBeNull();
    }
  });

  it('refuse CJK, full-width signs, emoji (also in sequences), flags, control characters, NUL and lone surrogates, naming the character', () => {
    const cases: Array<[string, string]> = [
      ['Projekt 漢字', '„漢“ (U+6F22)'],
      ['Ｆörderung', '„Ｆ“ (U+FF26)'],
      ['Daumen 👍🏽', '„👍“ (U+1F44D)'],
      ['Familie 👨‍👩‍👧', '„👨“ (U+1F468)'],
      ['Flagge 🇩🇪', '„🇩“ (U+1F1E9)'],
      ['Glocke\u0007', 'ein Steuerzeichen (U+0007)'],
      ['Null\u0000Byte', 'das Nullzeichen (U+0000)'],
      ['halb \ud800 Zeichen', 'eine ungültige Zeichenkodierung (U+D800)'],
      ['zero\u200bwidth', 'ein unsichtbares oder Sonderleerzeichen (U+200B)'],
      ['zwei\nZeilen', 'ein Zeilenumbruch (U+000A)'],
    ];
    for (const [input, named] of cases) {
      const message = checkText(input, 500);
      expect(message, input).toContain(named);
      expect(message).toContain('Erlaubt sind Buchstaben lateinischer Schrift');
    }
    expect(checkText('zwei\nZeilen', 500, { multiline: true })).toBeNull();
  });

  it('text(max) trims, NFC-normalises and limits the length', () => {
    expect(text(10).parse('  Übung ')).toBe('Übung');
    expect(text(10).parse('U\u0308bung')).toBe('Übung');
    expect(checkText('x'.repeat(11), 10)).toBe('Höchstens 10 Zeichen');
    expect(checkText('   ', 10)).toBe('Darf nicht leer sein');
    expect(text(10, { min: 0 }).parse('')).toBe('');
  });

  it('never accepts a string that holds a disallowed code point (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (value) => {
        const result = text(100, { min: 0 }).safeParse(value);
        if (!result.success) return true;
        return [...result.data].every((char) => isAllowedCharacter(char.codePointAt(0)!));
      }),
    );
  });

  it('cleanParam drops query values with NUL, control characters or lone surrogates', () => {
    expect(cleanParam('Jugend')).toBe('Jugend');
    expect(cleanParam('a\u0000b')).toBeUndefined();
    expect(cleanParam('\udc00')).toBeUndefined();
    expect(cleanParam('x'.repeat(201))).toBeUndefined();
  });
});

describe('parseEuro (the one parser for typed amounts)', () => {
  it('reads German notation', () => {
    expect(parseEuro('787.100,00')).toEqual({ ok: true, cents: 787_100_00 });
    expect(parseEuro('787100')).toEqual({ ok: true, cents: 787_100_00 });
    expect(parseEuro(' 968.540,5 € ')).toEqual({ ok: true, cents: 968_540_50 });
    expect(parseEuro('1.140.300,-')).toEqual({ ok: true, cents: 1_140_300_00 });
    expect(parseEuro('27 700 000 EUR')).toEqual({ ok: true, cents: 27_700_000_00 });
    expect(parseEuro('1\u202f000,50')).toEqual({ ok: true, cents: 1_000_50 });
  });

  it('refuses what could be read two ways, with a German message', () => {
    for (const bad of ['787,100.00', '1.00.000', '12,345', '', '27,700,000', '1.5', '-5', 'zehn']) {
      const result = parseEuro(bad);
      expect(result.ok, bad).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/Betrag|Komma|Cent|mehrdeutig/);
    }
  });
});

describe('parseGermanDate, parseYear, AGS', () => {
  it('reads German and ISO dates and refuses days that do not exist', () => {
    expect(parseGermanDate('1.7.2024')).toBe('2024-07-01');
    expect(parseGermanDate('01.07.2024')).toBe('2024-07-01');
    expect(parseGermanDate('2024-07-01')).toBe('2024-07-01');
    expect(parseGermanDate('31.2.2025')).toBeNull();
    expect(parseGermanDate('2025-13-01')).toBeNull();
    expect(parseGermanDate('morgen')).toBeNull();
  });

  it('reads years and AGS', () => {
    expect(parseYear('2025')).toBe(2025);
    expect(parseYear('1999')).toBeNull();
    expect(parseYear('20255')).toBeNull();
    expect(AgsSchema.safeParse('06439').success).toBe(true);
    expect(AgsSchema.safeParse('07439').success).toBe(false);
    expect(AgsSchema.safeParse('06439\u0000').success).toBe(false);
  });
});

describe('writeCsv', () => {
  it('writes BOM, semicolons, CRLF, quotes where needed and guards formulas', () => {
    const csv = writeCsv([
      ['Name', 'Wert'],
      ['=HYPERLINK("x")', '+1'],
      ['a;b', 'zwei\nZeilen'],
      ['@SUM(A1)', '-2'],
    ]);
    expect(csv).toBe('\uFEFFName;Wert\r\n"\'=HYPERLINK(""x"")";\'+1\r\n"a;b";"zwei\nZeilen"\r\n\'@SUM(A1);\'-2\r\n');
  });
});
