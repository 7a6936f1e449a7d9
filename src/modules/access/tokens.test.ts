import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { API_TOKEN_PREFIX, generateApiToken, generateSessionId, hashToken, isApiTokenFormat, tokenMatchesHash } from './tokens';

describe('tokens', () => {
  it('makes API tokens with the aqb_ prefix and stores only their SHA-256 hash', () => {
    const { token, hash, hint } = generateApiToken();
    expect(token.startsWith(API_TOKEN_PREFIX)).toBe(true);
    expect(isApiTokenFormat(token)).toBe(true);
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hash).not.toContain(token.slice(4));
    expect(hint).toBe(`${token.slice(0, 8)}…`);
  });

  it('never repeats a token or session id', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generateApiToken().token));
    const sessions = new Set(Array.from({ length: 1000 }, generateSessionId));
    expect(tokens.size).toBe(1000);
    expect(sessions.size).toBe(1000);
  });

  it('session ids carry 256 bits in base64url', () => {
    expect(generateSessionId()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ['aqb_', false],
    ['aqb_' + 'a'.repeat(42), false],
    ['aqb_' + 'a'.repeat(43), true],
    ['xyz_' + 'a'.repeat(43), false],
    ['aqb_' + 'a'.repeat(42) + '!', false],
  ])('isApiTokenFormat(%j) → %s', (value, expected) => {
    expect(isApiTokenFormat(value)).toBe(expected);
  });

  it('matches a token only against its own hash, also for corrupt stored hashes', () => {
    const { token, hash } = generateApiToken();
    expect(tokenMatchesHash(token, hash)).toBe(true);
    expect(tokenMatchesHash(token + 'x', hash)).toBe(false);
    expect(tokenMatchesHash(token, generateApiToken().hash)).toBe(false);
    expect(tokenMatchesHash(token, 'abc')).toBe(false);
    expect(tokenMatchesHash(token, '')).toBe(false);
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
