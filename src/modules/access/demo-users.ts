import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { hashPassword } from './passwords';
import type { Role } from './policy';
import { users } from './tables';

/**
 * Demo accounts, one per role (two districts, to show tenancy). Their passwords and TOTP secrets
 * are public on purpose: the sign-in page lists them while demo data is loaded, and removing the
 * demo data deletes the accounts. Never used without AQB_DEMO.
 */
export const DEMO_ACCOUNTS: readonly { email: string; name: string; role: Role; ags: string | null; password: string; totpSecret: string | null }[] = [
  { email: 'hmsi@demo.aqb.example', name: 'Hanna Demo (HMSI)', role: 'hmsi', ags: null, password: 'Demo-HMSI-Passwort', totpSecret: 'DEMOHMSIAQB2345DEMOHMSIAQB234567' },
  { email: 'rtk@demo.aqb.example', name: 'Ralf Demo (Rheingau-Taunus-Kreis)', role: 'district', ags: '06439', password: 'Demo-RTK-Passwort', totpSecret: null },
  { email: 'lm@demo.aqb.example', name: 'Lena Demo (Limburg-Weilburg)', role: 'district', ags: '06533', password: 'Demo-LM-Passwort', totpSecret: null },
  { email: 'rp@demo.aqb.example', name: 'Rita Demo (RP Kassel)', role: 'rp', ags: null, password: 'Demo-RP-Passwort', totpSecret: 'DEMORPKASSELAQB2DEMORPKASSELAQB2' },
  { email: 'admin@demo.aqb.example', name: 'Adam Demo (Administration)', role: 'admin', ags: null, password: 'Demo-Admin-Passwort', totpSecret: 'DEMOADMINAQB2345DEMOADMINAQB2345' },
];

/** Creates the missing demo accounts (flagged is_demo). Idempotent; an existing account is left as it is. */
export async function seedDemoUsers(tx: Executor): Promise<void> {
  const existing = new Set((await tx.select({ email: users.email }).from(users).where(inArray(users.email, DEMO_ACCOUNTS.map((a) => a.email)))).map((r) => r.email));
  for (const account of DEMO_ACCOUNTS) {
    if (existing.has(account.email)) continue;
    await tx
      .insert(users)
      .values({
        email: account.email,
        name: account.name,
        role: account.role,
        ags: account.ags,
        passwordHash: await hashPassword(account.password),
        mustChangePassword: false,
        totpSecret: account.totpSecret,
        totpEnabled: account.totpSecret !== null,
        isDemo: true,
      })
      .onConflictDoNothing();
  }
}

/** Deletes the demo accounts with their sessions and tokens (cascade). */
export async function removeDemoUsers(tx: Executor): Promise<void> {
  await tx.delete(users).where(eq(users.isDemo, true));
}

/** The demo accounts present and active in this database – empty when demo data is off. */
export async function findDemoAccounts(db: Executor): Promise<typeof DEMO_ACCOUNTS> {
  const rows = await db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.isDemo, true), eq(users.isActive, true)));
  const present = new Set(rows.map((r) => r.email));
  return DEMO_ACCOUNTS.filter((a) => present.has(a.email));
}
