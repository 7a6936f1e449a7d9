import { describe, expect, it } from 'vitest';
import { generateTotpCode, generateTotpSecret, totpUri, verifyTotp } from './totp';

// Mid-step, so ±30 s never straddles more than one neighbouring step.
const NOW = new Date((30 * 58_000_000 + 15) * 1000);
const at = (offsetSeconds: number) => new Date(NOW.getTime() + offsetSeconds * 1000);

describe('TOTP', () => {
  it('generates a Base32 secret of 160 bits', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(generateTotpSecret()).not.toBe(secret);
  });

  it('builds an otpauth URI with issuer AQB-Steuerung', () => {
    const uri = new URL(totpUri('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 'anna.schmidt@wetteraukreis.de'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/AQB-Steuerung:anna.schmidt@wetteraukreis.de');
    expect(uri.searchParams.get('issuer')).toBe('AQB-Steuerung');
    expect(uri.searchParams.get('secret')).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it.each([
    [-60, false],
    [-30, true],
    [0, true],
    [30, true],
    [60, false],
  ])('a code from %i s away is accepted: %s', async (offset, expected) => {
    const secret = generateTotpSecret();
    const code = await generateTotpCode(secret, at(offset));
    expect((await verifyTotp(secret, code, { now: NOW })).valid).toBe(expected);
  });

  it('accepts a code typed with a space and refuses its replay', async () => {
    const secret = generateTotpSecret();
    const code = await generateTotpCode(secret, NOW);
    const first = await verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, { now: NOW });
    expect(first.valid).toBe(true);
    if (!first.valid) return;
    expect((await verifyTotp(secret, code, { now: NOW, afterTimeStep: first.timeStep })).valid).toBe(false);
  });

  it.each(['', '12345', '1234567', 'abcdef'])('refuses malformed code %j without throwing', async (code) => {
    expect(await verifyTotp(generateTotpSecret(), code, { now: NOW })).toEqual({ valid: false });
  });

  it('refuses a code for another secret and a broken secret', async () => {
    const code = await generateTotpCode(generateTotpSecret(), NOW);
    expect((await verifyTotp(generateTotpSecret(), code, { now: NOW })).valid).toBe(false);
    expect(await verifyTotp('not base32!', code, { now: NOW })).toEqual({ valid: false });
  });
});
