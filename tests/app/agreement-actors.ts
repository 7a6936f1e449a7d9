import { createApiToken, createUser } from '../../src/modules/access/service';
import type { Actor } from '../../src/modules/access/policy';
import type { AppDatabase } from '../../src/platform/db/client';
import { allocations } from '../../src/modules/budget-years/tables';

/**
 * Test accounts for the agreement workflow tests: one real user per role with a personal API
 * token, so HTTP requests authenticate through the real session/API-token middleware.
 */
export type RoleKey = 'hmsi' | 'districtOwn' | 'districtOther' | 'rp' | 'admin';
export interface TestAccount {
  actor: Actor;
  token: string;
}

export const OWN_AGS = '06439'; // Rheingau-Taunus-Kreis
export const OTHER_AGS = '06533'; // Landkreis Limburg-Weilburg

export async function createTestAccounts(database: AppDatabase, suffix = ''): Promise<Record<RoleKey, TestAccount>> {
  const specs: Record<RoleKey, { role: Actor['role']; ags?: string }> = {
    hmsi: { role: 'hmsi' },
    districtOwn: { role: 'district', ags: OWN_AGS },
    districtOther: { role: 'district', ags: OTHER_AGS },
    rp: { role: 'rp' },
    admin: { role: 'admin' },
  };
  const accounts = {} as Record<RoleKey, TestAccount>;
  for (const [key, spec] of Object.entries(specs) as [RoleKey, (typeof specs)[RoleKey]][]) {
    accounts[key] = await database.db.transaction(async (tx) => {
      const { user } = await createUser(tx, null, { email: `${key}${suffix}@test.example`, name: `Test ${key}`, role: spec.role, ags: spec.ags });
      const { token } = await createApiToken(tx, user.id, `Test ${key}`);
      const actor: Actor = spec.role === 'district' ? { userId: user.id, role: 'district', ags: spec.ags! } : { userId: user.id, role: spec.role as 'hmsi' };
      return { actor, token };
    });
  }
  return accounts;
}

/** Sets an allocation for a district/year (the test database has none for RTK 2025). */
export async function setAllocation(database: AppDatabase, year: number, ags: string, amountCents: number): Promise<void> {
  await database.db
    .insert(allocations)
    .values({ year, ags, amountCents, source: 'test' })
    .onConflictDoUpdate({ target: [allocations.year, allocations.ags], set: { amountCents } });
}

/** A CSRF cookie + token pair for form posts (GET any page, read the aqb-csrf cookie). */
export async function csrfPair(app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }): Promise<{ cookie: string; token: string }> {
  const response = await app.request('/');
  const setCookie = response.headers.get('set-cookie') ?? '';
  const match = /aqb-csrf=([^;]+)/.exec(setCookie);
  if (!match) throw new Error('no CSRF cookie');
  return { cookie: `aqb-csrf=${match[1]}`, token: match[1]! };
}
