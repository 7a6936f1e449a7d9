import { asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import { AppError, unwrapZod } from '../../platform/errors';
import { recordAuditEvent } from '../../platform/audit/store';
import { getDistrict } from '../districts/service';
import { generateOneTimePassword, hashPassword, validatePasswordPolicy, verifyPassword } from './passwords';
import { CreateUserSchema, normaliseEmail, type SessionUser } from './schema';
import { deleteUserSessions, toActor, toSessionUser } from './sessions';
import { revokeAllApiTokens } from './api-tokens';
import { users } from './tables';
import type { Actor, UserId } from './policy';

export type UserRow = typeof users.$inferSelect;

/** What lists and the audit trail show of an account – never hashes or secrets. */
export interface UserSummary extends SessionUser {
  isActive: boolean;
  totpEnabled: boolean;
  mustChangePassword: boolean;
  isDemo: boolean;
  createdAt: Date;
}

function toSummary(row: UserRow): UserSummary {
  return { ...toSessionUser(row), isActive: row.isActive, totpEnabled: row.totpEnabled, mustChangePassword: row.mustChangePassword, isDemo: row.isDemo, createdAt: row.createdAt };
}

/** How a change without a signed-in account arrived (`cli:<os-user>`), recorded in the audit event. */
export interface AuditVia {
  via?: string;
}

function viaOf(options: AuditVia): { via?: string } {
  return options.via ? { via: options.via } : {};
}

function auditView(row: UserRow) {
  return { email: row.email, name: row.name, role: row.role, ags: row.ags, isActive: row.isActive, totpEnabled: row.totpEnabled };
}

/**
 * Creates an account with a one-time password (returned once, stored only as argon2id hash; the
 * first sign-in must replace it). Throws VALIDATION_FAILED (German field messages) for bad input,
 * an unknown AGS or an e-mail address already in use. Audited as "user.create".
 */
export async function createUser(tx: Executor, actorId: UserId | null, input: unknown, options: AuditVia = {}): Promise<{ user: UserSummary; oneTimePassword: string }> {
  const data = unwrapZod(CreateUserSchema.safeParse(input));
  if (data.ags) {
    try {
      await getDistrict(tx, data.ags);
    } catch {
      throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'ags', message: `Die Gebietskörperschaft mit dem AGS ${data.ags} gibt es nicht.` }] });
    }
  }
  const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, data.email));
  if (existing) {
    throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'email', message: 'Für diese E-Mail-Adresse gibt es bereits ein Konto.' }] });
  }
  const oneTimePassword = generateOneTimePassword();
  const [row] = await tx
    .insert(users)
    .values({ email: data.email, name: data.name, role: data.role, ags: data.ags ?? null, passwordHash: await hashPassword(oneTimePassword), mustChangePassword: true })
    .returning();
  if (!row) throw new Error('Konto wurde nicht angelegt');
  await recordAuditEvent(tx, { actorId, action: 'user.create', recordType: 'user', recordId: row.id, before: null, after: { ...auditView(row), ...viaOf(options) } });
  return { user: toSummary(row), oneTimePassword };
}

/**
 * Changes an account's name, e-mail address, role and district (administrators; the same rules
 * as for a new account). When role or district change, the account's sessions end and its API
 * tokens are revoked, so no old permission lives on. An administrator cannot change their own
 * role (that could lock the installation out). Audited as "user.update" with before and after.
 */
export async function updateUser(tx: Executor, actorId: UserId | null, userId: string | number, input: unknown): Promise<UserSummary> {
  const row = await getUserRow(tx, userId);
  const data = unwrapZod(CreateUserSchema.safeParse(input));
  if (data.ags) {
    try {
      await getDistrict(tx, data.ags);
    } catch {
      throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'ags', message: `Die Gebietskörperschaft mit dem AGS ${data.ags} gibt es nicht.` }] });
    }
  }
  if (actorId !== null && row.id === actorId && data.role !== row.role) {
    throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'role', message: 'Ihre eigene Rolle können Sie nicht ändern; bitten Sie eine andere Administratorin oder einen anderen Administrator.' }] });
  }
  const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, data.email));
  if (existing && existing.id !== row.id) {
    throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'email', message: 'Für diese E-Mail-Adresse gibt es bereits ein Konto.' }] });
  }
  const [after] = await tx.update(users).set({ email: data.email, name: data.name, role: data.role, ags: data.ags ?? null }).where(eq(users.id, row.id)).returning();
  if (!after) throw new AppError('NOT_FOUND');
  const permissionsChanged = after.role !== row.role || after.ags !== row.ags;
  let revokedTokens = 0;
  if (permissionsChanged) {
    await deleteUserSessions(tx, row.id);
    revokedTokens = await revokeAllApiTokens(tx, row.id);
  }
  await recordAuditEvent(tx, { actorId, action: 'user.update', recordType: 'user', recordId: row.id, before: auditView(row), after: { ...auditView(after), sessionsEnded: permissionsChanged, revokedTokens } });
  return toSummary(after);
}

/** All accounts, active first, then by name. */
export async function findUsers(db: Executor): Promise<UserSummary[]> {
  const rows = await db.select().from(users).orderBy(asc(users.name), asc(users.id));
  return rows.map(toSummary).sort((a, b) => Number(b.isActive) - Number(a.isActive));
}

/** One account by id (as string or number); throws NOT_FOUND. */
export async function getUser(db: Executor, userId: string | number): Promise<UserSummary> {
  return toSummary(await getUserRow(db, userId));
}

export async function getUserRow(db: Executor, userId: string | number): Promise<UserRow> {
  const id = Number(userId);
  const [row] = Number.isSafeInteger(id) ? await db.select().from(users).where(eq(users.id, id)) : [];
  if (!row) throw new AppError('NOT_FOUND', 'Dieses Konto gibt es nicht.');
  return row;
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, normaliseEmail(email)));
  return row;
}

/**
 * The policy actor of an active account, for commands run on someone's behalf (`aqb import --als`).
 * Throws NOT_FOUND (German) for an unknown or deactivated account.
 */
export async function getActorByEmail(db: Executor, email: string): Promise<Actor> {
  const row = await findUserByEmail(db, email);
  const actor = row && row.isActive ? toActor(row) : null;
  if (!actor) throw new AppError('NOT_FOUND', `Ein aktives Konto mit der E-Mail-Adresse ${normaliseEmail(email)} gibt es nicht.`);
  return actor;
}

/** Display names for user ids, e.g. for history pages; unknown ids are missing from the map. */
export async function findUserNames(db: Executor, userIds: readonly (number | null)[]): Promise<Map<number, string>> {
  const ids = [...new Set(userIds.filter((id): id is number => id !== null && Number.isSafeInteger(id)))];
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Deactivates an account and ends all its sessions at once; its API tokens stop working because
 * token authentication checks `is_active`. Audited. An administrator cannot deactivate themself.
 */
export async function deactivateUser(tx: Executor, actorId: UserId | null, userId: string | number, options: AuditVia = {}): Promise<void> {
  const row = await getUserRow(tx, userId);
  if (actorId !== null && row.id === actorId) throw new AppError('CONFLICT', 'Sie können Ihr eigenes Konto nicht deaktivieren.');
  if (!row.isActive) return;
  const [after] = await tx.update(users).set({ isActive: false }).where(eq(users.id, row.id)).returning();
  await deleteUserSessions(tx, row.id);
  await recordAuditEvent(tx, { actorId, action: 'user.deactivate', recordType: 'user', recordId: row.id, before: auditView(row), after: after ? { ...auditView(after), ...viaOf(options) } : null });
}

/** Reactivates an account (a new one-time password is not needed: the old password still applies). */
export async function reactivateUser(tx: Executor, actorId: UserId | null, userId: string | number): Promise<void> {
  const row = await getUserRow(tx, userId);
  if (row.isActive) return;
  const [after] = await tx.update(users).set({ isActive: true }).where(eq(users.id, row.id)).returning();
  await recordAuditEvent(tx, { actorId, action: 'user.reactivate', recordType: 'user', recordId: row.id, before: auditView(row), after: after ? auditView(after) : null });
}

/** German field messages for a new password (policy + repetition), empty when it may be used. */
export function checkNewPassword(user: Pick<UserRow, 'email' | 'name'>, password: string, repeat: string): Record<string, string> {
  const errors: Record<string, string> = {};
  const policy = validatePasswordPolicy(password, user);
  if (policy.length) errors.newPassword = policy.join(' ');
  else if (password !== repeat) errors.repeatPassword = 'Die beiden Passwörter stimmen nicht überein.';
  return errors;
}

/**
 * Sets a new password (after checkNewPassword) and clears the one-time flag. Other sessions of
 * the user end; `keepSessionId` survives. Every API token of the account is revoked too (a
 * password change is what people do when they fear someone else got in). Audited without any
 * password material, with the number of revoked tokens.
 */
export async function setPassword(tx: Executor, user: UserRow, password: string, keepSessionId?: string): Promise<void> {
  await tx.update(users).set({ passwordHash: await hashPassword(password), mustChangePassword: false }).where(eq(users.id, user.id));
  await deleteUserSessions(tx, user.id, keepSessionId);
  const revoked = await revokeAllApiTokens(tx, user.id);
  await recordAuditEvent(tx, { actorId: user.id, action: 'user.changePassword', recordType: 'user', recordId: user.id, before: null, after: revoked > 0 ? { revokedApiTokens: revoked } : null });
}

/** Checks the current password (account page). */
export async function isCurrentPassword(user: UserRow, password: string): Promise<boolean> {
  return verifyPassword(user.passwordHash, password);
}

/** Stores a confirmed TOTP secret and the step of the confirming code (so it cannot be replayed). */
export async function enableTotp(tx: Executor, user: UserRow, secret: string, timeStep: number): Promise<void> {
  await tx.update(users).set({ totpSecret: secret, totpEnabled: true, lastTotpStep: timeStep }).where(eq(users.id, user.id));
  await recordAuditEvent(tx, { actorId: user.id, action: 'user.enableTotp', recordType: 'user', recordId: user.id, before: { totpEnabled: user.totpEnabled }, after: { totpEnabled: true } });
}

/**
 * Resets an account's access (forgotten password, lost authenticator): a new one-time password,
 * TOTP switched off (set up again at the next sign-in where required), all sessions ended.
 * Returns the one-time password once. Audited without secrets.
 */
export async function resetUserAccess(tx: Executor, actorId: UserId | null, userId: string | number, options: AuditVia = {}): Promise<{ user: UserSummary; oneTimePassword: string }> {
  const row = await getUserRow(tx, userId);
  const oneTimePassword = generateOneTimePassword();
  const [after] = await tx
    .update(users)
    .set({ passwordHash: await hashPassword(oneTimePassword), mustChangePassword: true, totpSecret: null, totpEnabled: false, lastTotpStep: null })
    .where(eq(users.id, row.id))
    .returning();
  if (!after) throw new AppError('NOT_FOUND', 'Dieses Konto gibt es nicht.');
  await deleteUserSessions(tx, row.id);
  await revokeAllApiTokens(tx, row.id);
  await recordAuditEvent(tx, { actorId, action: 'user.resetAccess', recordType: 'user', recordId: row.id, before: auditView(row), after: { ...auditView(after), ...viaOf(options) } });
  return { user: toSummary(after), oneTimePassword };
}
