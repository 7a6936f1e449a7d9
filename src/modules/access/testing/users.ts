import type { AppDatabase } from '../../../platform/db/client';
import type { Role } from '../policy';
import { generateTotpSecret } from '../totp';
import { createUser, enableTotp, getUserRow, setPassword } from '../users';

let counter = 0;

/**
 * An account ready to sign in with `password` (no one-time password left); with `totp` the
 * second factor is set up with a fresh secret (returned).
 */
export async function makeUser(
  database: AppDatabase,
  role: Role,
  options: { password?: string; totp?: boolean; ags?: string; email?: string; name?: string } = {},
): Promise<{ id: number; email: string; password: string; totpSecret: string | null }> {
  counter += 1;
  const email = options.email ?? `${role}-${counter}-${Math.random().toString(36).slice(2, 8)}@test.aqb.example`;
  const password = options.password ?? 'Kirschbaum-Wiesenweg-42';
  const totpSecret = options.totp ? generateTotpSecret() : null;
  const id = await database.db.transaction(async (tx) => {
    const { user } = await createUser(tx, null, { email, name: options.name ?? `Test ${role} ${counter}`, role, ags: role === 'district' ? (options.ags ?? '06439') : undefined });
    const row = await getUserRow(tx, user.id);
    await setPassword(tx, row, password);
    if (totpSecret) await enableTotp(tx, row, totpSecret, 0);
    return user.id;
  });
  return { id, email, password, totpSecret };
}
