import { generate, generateSecret, generateURI, verify } from 'otplib';

/**
 * Second factor: RFC 6238 TOTP (SHA-1, 6 digits, 30 s – what every authenticator app expects),
 * via otplib v13. The secret is Base32; store it encrypted or at least never log it.
 */

export const TOTP_ISSUER = 'AQB-Steuerung';
export const TOTP_PERIOD_SECONDS = 30;

/** A fresh Base32 secret of 20 random bytes (160 bit, the RFC 4226 recommendation). */
export function generateTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI for the QR code, labelled "AQB-Steuerung:<account>" with issuer AQB-Steuerung. */
export function totpUri(secret: string, accountName: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: accountName, secret });
}

export type TotpCheck = { valid: true; timeStep: number } | { valid: false };

/**
 * Checks a 6-digit code, accepting the previous, current and next 30-second step (clock drift).
 * Pass the `timeStep` of the last accepted code as `afterTimeStep` so a code cannot be replayed;
 * store the returned `timeStep` on success. Never throws for malformed input.
 */
export async function verifyTotp(
  secret: string,
  code: string,
  options: { now?: Date; afterTimeStep?: number } = {},
): Promise<TotpCheck> {
  // People paste codes as "123 456".
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return { valid: false };
  const epoch = Math.floor((options.now ?? new Date()).getTime() / 1000);
  try {
    const result = await verify({
      secret,
      token,
      epoch,
      // ±30 s around now covers exactly the neighbouring step on each side.
      epochTolerance: TOTP_PERIOD_SECONDS,
      ...(options.afterTimeStep === undefined ? {} : { afterTimeStep: options.afterTimeStep }),
    });
    // The functional API's result type also covers HOTP, which has no timeStep.
    return result.valid && 'timeStep' in result ? { valid: true, timeStep: result.timeStep } : { valid: false };
  } catch {
    // Malformed secret and the like: a failed login, not a server error.
    return { valid: false };
  }
}

/** The code for a given moment – for tests and the setup page's "does your app show this?" check. */
export async function generateTotpCode(secret: string, now: Date = new Date()): Promise<string> {
  return generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
}
