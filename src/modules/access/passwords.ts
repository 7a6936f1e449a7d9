import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hash, parseOptions, verify, type Options } from '@node-rs/argon2';

/**
 * Password hashing (argon2id), the password policy and one-time passwords for new accounts.
 * Passwords are NFC-normalised first, so "ä" typed as one or two code points verifies alike.
 */

/**
 * OWASP Password Storage Cheat Sheet, argon2id minimum: m = 19 MiB, t = 2, p = 1.
 * `algorithm: 2` is Argon2id; the package's const enum cannot be imported under isolatedModules.
 * Memory and time cost come from the configuration (PASSWORD_HASH_MEMORY_KIB,
 * PASSWORD_HASH_TIME_COST, src/platform/env.ts): the server and the CLI apply it at start-up,
 * and only the test suite lowers it.
 */
let argon2Options: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 };

/** Applies the configured Argon2id cost to new hashes (and to the rehash check). */
export function configurePasswordHashing(cost: { memoryCost: number; timeCost: number }): void {
  argon2Options = { ...argon2Options, memoryCost: cost.memoryCost, timeCost: cost.timeCost };
}

export const MIN_PASSWORD_LENGTH = 12;
/** Upper bound so nobody can make the server hash megabytes per login attempt. */
export const MAX_PASSWORD_LENGTH = 256;

/** Hashes a password as an argon2id PHC string (salt included). */
export async function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), argon2Options);
}

/** True when the password matches the stored hash; false for a wrong password or an unreadable hash. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH * 4) return false;
  try {
    return await verify(storedHash, password.normalize('NFC'));
  } catch {
    return false;
  }
}

/** True when a stored hash uses weaker (or other) parameters than today's; rehash after a successful login. */
export function needsRehash(storedHash: string): boolean {
  try {
    const parsed = parseOptions(storedHash);
    return (
      parsed.algorithm !== argon2Options.algorithm ||
      parsed.memoryCost < (argon2Options.memoryCost ?? 0) ||
      parsed.timeCost < (argon2Options.timeCost ?? 0) ||
      parsed.outputLen < (argon2Options.outputLen ?? 0)
    );
  } catch {
    return true;
  }
}

let commonPasswords: Set<string> | undefined;

/** The shipped list, lowercase; loaded once on first use. */
export function loadCommonPasswords(): ReadonlySet<string> {
  commonPasswords ??= new Set(
    readFileSync(new URL('./data/common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
  return commonPasswords;
}

function isCommon(password: string): boolean {
  const list = loadCommonPasswords();
  const lower = password.toLocaleLowerCase('de-DE');
  if (list.has(lower)) return true;
  // "Passwort2025!" or "fussball123456" reach 12 characters by padding a listed word with digits and symbols.
  const core = lower.replace(/[^\p{L}]+$/u, '').replace(/^[^\p{L}]+/u, '');
  return core !== lower && core.length > 0 && list.has(core);
}

/** Words of this product and its domain: a password made of them is guessed first. */
export const PRODUCT_WORDS = [
  'aqb',
  'aqbsteuerung',
  'aqb-steuerung',
  'steuerung',
  'zielvereinbarung',
  'zielvereinbarungen',
  'ausbildungsbudget',
  'qualifizierungsbudget',
  'ausbildungs- und qualifizierungsbudget',
  'hessen',
  'hessisch',
  'hmsi',
  'sozialministerium',
  'arbeitswelt',
  'landesbudget',
  'teilbudget',
  'gebietskörperschaft',
  'landkreis',
  'regierungspräsidium',
  'wiesbaden',
];

/** zxcvbn score (0–4) a new password needs: 3 = "safely unguessable" (≈ 10^8 guesses and more). */
export const MIN_PASSWORD_SCORE = 3;

interface StrengthResult {
  score: number;
  feedback: { warning: string | null; suggestions: string[] };
}
let estimator: { check(password: string, userInputs?: string[]): StrengthResult } | undefined;

/**
 * zxcvbn-ts with its common and German dictionaries and German feedback, built on first use
 * (≈ 0.5 s; only setting a password needs it, never a sign-in).
 */
function strengthEstimator() {
  if (!estimator) {
    const require = createRequire(import.meta.url);
    const { ZxcvbnFactory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
    const de = require('@zxcvbn-ts/language-de') as typeof import('@zxcvbn-ts/language-de');
    estimator = new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...de.dictionary, aqb: PRODUCT_WORDS },
      graphs: common.adjacencyGraphs,
      translations: de.translations,
    }) as unknown as typeof estimator;
  }
  return estimator!;
}

/**
 * The characters that count for the length: NFKC (full-width letters become normal ones), no
 * invisible format characters (zero-width spaces, joiners, bidi marks), runs of white space as one.
 */
export function countedCharacters(password: string): string {
  return password
    .normalize('NFKC')
    .replace(/[\p{Cf}\p{Cc}\p{Zl}\p{Zp}]/gu, '')
    .replace(/\s+/gu, ' ');
}

/** Parts of a name or e-mail local part long enough to matter ("anna.schmidt" → anna, schmidt, anna.schmidt). */
function personalParts(value: string | undefined): string[] {
  if (!value) return [];
  const lower = value.toLocaleLowerCase('de-DE').trim();
  const parts = lower.split(/[\s.\-_+@]+/u);
  return [lower, ...parts].filter((part) => [...part].length >= 3);
}

/**
 * Checks a new password against the policy and returns German messages, empty when it is fine:
 * at least 12 characters counted after normalisation (invisible characters do not count), not
 * only white space, not a common password, not containing the e-mail local part or the name, and
 * strong enough for the zxcvbn estimate (German and common dictionaries, the product's own words,
 * repeats and sequences such as "abcabcabcabc").
 */
export function validatePasswordPolicy(password: string, user: { email?: string; name?: string } = {}): string[] {
  const messages: string[] = [];
  const normalized = password.normalize('NFC');
  const counted = countedCharacters(normalized);
  const length = [...counted].length;
  if (counted.trim() === '') {
    messages.push('Das Passwort darf nicht nur aus Leerzeichen oder unsichtbaren Zeichen bestehen.');
    return messages;
  }
  if (length < MIN_PASSWORD_LENGTH) messages.push(`Das Passwort muss mindestens ${MIN_PASSWORD_LENGTH} Zeichen lang sein.`);
  if ([...normalized].length > MAX_PASSWORD_LENGTH) messages.push(`Das Passwort darf höchstens ${MAX_PASSWORD_LENGTH} Zeichen lang sein.`);
  const isTooCommon = isCommon(normalized);
  if (isTooCommon) {
    messages.push('Dieses Passwort ist zu verbreitet und leicht zu erraten. Bitte wählen Sie ein anderes.');
  }

  const lower = normalized.toLocaleLowerCase('de-DE');
  const localPart = user.email?.split('@')[0];
  if (personalParts(localPart).some((part) => lower.includes(part))) {
    messages.push('Das Passwort darf Ihre E-Mail-Adresse nicht enthalten.');
  }
  if (personalParts(user.name).some((part) => lower.includes(part))) {
    messages.push('Das Passwort darf Ihren Namen nicht enthalten.');
  }
  // "Zielvereinbarung-Hessen-2025": long, but nothing an attacker of this product would not try first.
  let rest = lower;
  for (const word of [...PRODUCT_WORDS].sort((a, b) => b.length - a.length)) rest = rest.replaceAll(word, '');
  if (!isTooCommon && rest !== lower && rest.replace(/[^\p{L}]/gu, '').length < 4) {
    messages.push('Das Passwort besteht fast nur aus Wörtern, die zu AQB-Steuerung gehören (z. B. „Zielvereinbarung“, „Hessen“). Bitte wählen Sie andere Wörter.');
  }
  if (messages.length === 0) {
    const inputs = [...personalParts(localPart), ...personalParts(user.name)];
    const result = strengthEstimator().check(counted.slice(0, MAX_PASSWORD_LENGTH), inputs);
    if (result.score < MIN_PASSWORD_SCORE) {
      const hint = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
      messages.push(`Das Passwort ist zu leicht zu erraten (z. B. Wiederholungen, Wörter aus dem Wörterbuch oder von AQB-Steuerung). ${hint || 'Bitte wählen Sie ein längeres Passwort aus mehreren nicht zusammengehörenden Wörtern.'}`.trim());
    }
  }
  return messages;
}

// No 0/O, 1/l/I: the password is read off a letter or a screen and typed in by hand.
const READABLE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A one-time password for a new or reset account: 20 random characters from an unambiguous
 * alphabet in groups of five ("k7mq2-…"), ≈ 99 bits of entropy.
 */
export function generateOneTimePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 5; i++) group += READABLE_ALPHABET[randomInt(READABLE_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}
