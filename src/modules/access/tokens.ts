import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Session ids and personal API tokens. Both are 256-bit random values; the database stores only
 * their SHA-256 hash (no salt needed at this entropy), so a leaked table opens no session.
 */

export const API_TOKEN_PREFIX = 'aqb_';
const API_TOKEN_PATTERN = /^aqb_[A-Za-z0-9_-]{43}$/;

/** 32 random bytes, base64url (43 characters). Store `hashToken(id)`, send the id in the cookie. */
export function generateSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A new personal API token: `token` is shown to the user exactly once, `hash` is stored, `hint`
 * ("aqb_AbCd…") helps the user recognise the token in a list.
 */
export function generateApiToken(): { token: string; hash: string; hint: string } {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token), hint: `${token.slice(0, API_TOKEN_PREFIX.length + 4)}…` };
}

/** True for strings shaped like our API tokens – lets the auth layer reject junk before a lookup. */
export function isApiTokenFormat(value: string): boolean {
  return API_TOKEN_PATTERN.test(value);
}

/** SHA-256 as lowercase hex; the only form in which tokens and session ids are stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time check of a presented token against a stored hash. */
export function tokenMatchesHash(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  // Both are 32 bytes for a well-formed stored hash; the length check only guards corrupt rows.
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
