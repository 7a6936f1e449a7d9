import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/env';
import {
  configurePasswordHashing,
  generateOneTimePassword,
  hashPassword,
  loadCommonPasswords,
  needsRehash,
  validatePasswordPolicy,
  verifyPassword,
} from './passwords';

const TOO_SHORT = 'Das Passwort muss mindestens 12 Zeichen lang sein.';
const COMMON = 'Dieses Passwort ist zu verbreitet und leicht zu erraten. Bitte wählen Sie ein anderes.';
const EMAIL = 'Das Passwort darf Ihre E-Mail-Adresse nicht enthalten.';
const NAME = 'Das Passwort darf Ihren Namen nicht enthalten.';

describe('hashPassword / verifyPassword', () => {
  it('hashes with argon2id and, in the default configuration, OWASP parameters, salted, and verifies', async () => {
    // The suite runs with a lowered cost (vitest.config.ts); the server's default is what counts here.
    configurePasswordHashing(loadConfig({}).passwordHash);
    try {
      const first = await hashPassword('Kreisverwaltung-Limburg 7');
      const second = await hashPassword('Kreisverwaltung-Limburg 7');
      expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(first).not.toBe(second);
      expect(await verifyPassword(first, 'Kreisverwaltung-Limburg 7')).toBe(true);
      expect(await verifyPassword(first, 'Kreisverwaltung-Limburg 8')).toBe(false);
      expect(needsRehash(first)).toBe(false);
    } finally {
      configurePasswordHashing(loadConfig(process.env).passwordHash);
    }
  });

  it('marks a hash made with a lower cost than configured for rehashing at the next sign-in', async () => {
    const weak = await hashPassword('Kreisverwaltung-Limburg 7');
    expect(weak).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
    configurePasswordHashing(loadConfig({}).passwordHash);
    try {
      expect(needsRehash(weak)).toBe(true);
    } finally {
      configurePasswordHashing(loadConfig(process.env).passwordHash);
    }
  });

  it('verifies composed and decomposed umlauts alike', async () => {
    const stored = await hashPassword('Gr\u00fcne Wiese am Main');
    expect(await verifyPassword(stored, 'Gru\u0308ne Wiese am Main')).toBe(true);
  });

  it('answers false – never throws – for a garbage hash, and asks to rehash it', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever')).toBe(false);
    expect(needsRehash('not-a-hash')).toBe(true);
  });
});

describe('validatePasswordPolicy', () => {
  const user = { email: 'anna.schmidt@wetteraukreis.de', name: 'Anna Schmidt' };

  it.each([
    ['Kurz1!', [TOO_SHORT]],
    ['hallo123', [TOO_SHORT, COMMON]],
    ['passwort1234', [COMMON]],
    ['Passwort1234', [COMMON]],
    ['Sommer2024!', [TOO_SHORT, COMMON]],
    ['Fussball123456', [COMMON]],
    ['qwertzuiopü', [TOO_SHORT, COMMON]],
    ['123456789012', [COMMON]],
    ['anna.schmidt2025', [EMAIL, NAME]],
    ['Brückenbau-Schmidt-77', [EMAIL, NAME]],
    ['Teilzeitausbildung im Vogelsberg', []],
    ['vier Wörter ohne Sinn', []],
  ])('%s → %o', (password, expected) => {
    expect(validatePasswordPolicy(password, user)).toEqual(expected);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(validatePasswordPolicy('äöüäöüäöüäö')).toEqual([TOO_SHORT]);
    expect(validatePasswordPolicy('Üx-Hälö-Gröbß')).toEqual([]);
  });

  it('refuses white space and invisible characters, repeats, sequences and the product’s own words (issue 11)', () => {
    const WEAK = /zu leicht zu erraten|die zu AQB-Steuerung gehören/;
    expect(validatePasswordPolicy(' '.repeat(12))).toEqual(['Das Passwort darf nicht nur aus Leerzeichen oder unsichtbaren Zeichen bestehen.']);
    expect(validatePasswordPolicy('\u200b'.repeat(12))).toEqual(['Das Passwort darf nicht nur aus Leerzeichen oder unsichtbaren Zeichen bestehen.']);
    // Zero-width characters do not make a short password long.
    expect(validatePasswordPolicy('Tür\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b')).toEqual([TOO_SHORT]);
    for (const weak of ['abcabcabcabc', 'Zielvereinbarung', 'ＡＢＣＤＥＦＧＨＩＪＫＬ', 'aaaaaaaaaaaaaaaa', 'qwertzuiopasdf']) {
      expect(validatePasswordPolicy(weak).join(' '), weak).toMatch(WEAK);
    }
    expect(validatePasswordPolicy('Zielvereinbarung-Hessen-2025')).toEqual([expect.stringContaining('fast nur aus Wörtern, die zu AQB-Steuerung gehören')]);
    // The German feedback of the estimator is part of the message.
    expect(validatePasswordPolicy('abcabcabcabc')[0]).toContain('Sich wiederholende Zeichenmuster');
    expect(validatePasswordPolicy('Kirschbaum-Wiesenweg-42')).toEqual([]);
  });

  it('ignores name parts shorter than three letters', () => {
    expect(validatePasswordPolicy('Jo bleibt ein Raetsel', { name: 'Jo Li' })).toEqual([]);
  });

  it('ships at least 1000 lowercase common passwords', () => {
    const list = loadCommonPasswords();
    expect(list.size).toBeGreaterThanOrEqual(1000);
    for (const entry of ['123456', 'passwort', 'hallo123', 'qwertz', 'sommer2025', 'winter2024!']) expect(list.has(entry)).toBe(true);
    for (const entry of list) expect(entry).toBe(entry.toLowerCase());
  });
});

describe('generateOneTimePassword', () => {
  it('is long, readable and passes the own policy', () => {
    const password = generateOneTimePassword();
    expect(password).toMatch(/^[a-hjkmnp-z2-9]{5}(-[a-hjkmnp-z2-9]{5}){3}$/);
    expect(password.replaceAll('-', '').length).toBeGreaterThanOrEqual(16);
    expect(validatePasswordPolicy(password)).toEqual([]);
  });

  it('does not repeat', () => {
    const seen = new Set(Array.from({ length: 500 }, generateOneTimePassword));
    expect(seen.size).toBe(500);
  });
});
