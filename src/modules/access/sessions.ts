import { and, eq, lt, ne, or } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client';
import type { Actor } from './policy';
import type { SessionUser } from './schema';
import { sessions, users } from './tables';
import { generateSessionId, hashToken } from './tokens';

/** Signed-in sessions end after 30 minutes without a request … */
export const IDLE_TIMEOUT_MS = 30 * 60_000;
/** … and 12 hours after sign-in, whatever the activity. */
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/** A half-finished sign-in (password given, second factor or new password still missing). */
export const PENDING_TIMEOUT_MS = 10 * 60_000;
/** last_seen_at is written at most this often, so every request does not cost a write. */
const TOUCH_INTERVAL_MS = 60_000;

export type SessionStage = (typeof sessions.$inferSelect)['stage'];
type UserRow = typeof users.$inferSelect;

export interface ResolvedSession {
  /** SHA-256 of the cookie value (the row id). */
  id: string;
  stage: SessionStage;
  pendingTotpSecret: string | null;
  /** How the sign-in began: password or the state's identity provider. */
  method: SessionMethod;
  user: UserRow;
}

export type SessionMethod = (typeof sessions.$inferSelect)['method'];

export function toSessionUser(user: UserRow): SessionUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role, ags: user.ags };
}

/** The policy actor of a user row; a district user without AGS (never written by the service) is refused. */
export function toActor(user: UserRow): Actor | null {
  if (user.role === 'district') return user.ags ? { userId: user.id, role: 'district', ags: user.ags } : null;
  return { userId: user.id, role: user.role };
}

/** What a user must still do after the password: change it, set up TOTP, enter a code – or nothing. */
export function nextStage(user: Pick<UserRow, 'role' | 'mustChangePassword' | 'totpEnabled'>, afterPassword = true): SessionStage {
  if (afterPassword && user.mustChangePassword) return 'password_change';
  if (user.totpEnabled) return 'totp';
  return isTotpRequired(user.role) ? 'totp_setup' : 'active';
}

/** HMSI, RP and administrators must use a second factor; district users may. */
export function isTotpRequired(role: UserRow['role']): boolean {
  return role === 'hmsi' || role === 'rp' || role === 'admin';
}

/**
 * Starts a session in the given stage and returns the cookie value (only its hash is stored).
 * Always a new id: a session id seen before sign-in is never promoted (session fixation).
 */
export async function createSession(
  db: Executor,
  input: { userId: number; stage: SessionStage; ip: string | null; userAgent: string | null; now?: Date; pendingTotpSecret?: string | null; method?: SessionMethod },
): Promise<string> {
  const now = input.now ?? new Date();
  const token = generateSessionId();
  const lifetime = input.stage === 'active' ? ABSOLUTE_TIMEOUT_MS : PENDING_TIMEOUT_MS;
  await db.insert(sessions).values({
    id: hashToken(token),
    userId: input.userId,
    stage: input.stage,
    pendingTotpSecret: input.pendingTotpSecret ?? null,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + lifetime),
    ip: input.ip?.slice(0, 100) ?? null,
    userAgent: input.userAgent?.slice(0, 500) ?? null,
    method: input.method ?? 'password',
  });
  return token;
}

/**
 * The session behind a cookie value, or null when it is unknown, expired (idle or absolute), or
 * its account is deactivated. Expired sessions are deleted on the way; activity is recorded.
 */
export async function resolveSession(db: Executor, token: string, now: Date = new Date()): Promise<ResolvedSession | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const id = hashToken(token);
  const [row] = await db.select({ session: sessions, user: users }).from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(sessions.id, id));
  if (!row) return null;
  const { session, user } = row;
  const isIdle = now.getTime() - session.lastSeenAt.getTime() > IDLE_TIMEOUT_MS;
  if (isIdle || now >= session.expiresAt || !user.isActive) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  return { id, stage: session.stage, pendingTotpSecret: session.pendingTotpSecret, method: session.method, user };
}

/** Ends one session (sign-out). */
export async function deleteSession(db: Executor, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user (deactivation; a password change keeps only the current one). */
export async function deleteUserSessions(db: Executor, userId: number, exceptSessionId?: string): Promise<void> {
  await db.delete(sessions).where(exceptSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId)) : eq(sessions.userId, userId));
}

/** Replaces a session by a new id in a new stage (privilege change ⇒ new id); returns the new cookie value. */
export async function rotateSession(db: Executor, old: ResolvedSession, stage: SessionStage, meta: { ip: string | null; userAgent: string | null }): Promise<string> {
  await deleteSession(db, old.id);
  return createSession(db, { userId: old.user.id, stage, ip: meta.ip, userAgent: meta.userAgent, method: old.method });
}

/** Remembers the TOTP secret offered during setup until the user confirms it with a code. */
export async function setPendingTotpSecret(db: Executor, sessionId: string, secret: string): Promise<void> {
  await db.update(sessions).set({ pendingTotpSecret: secret }).where(eq(sessions.id, sessionId));
}

/** Removes expired sessions (all, not only touched ones); returns how many. */
export async function purgeExpiredSessions(db: Executor, now: Date = new Date()): Promise<number> {
  const idleBefore = new Date(now.getTime() - IDLE_TIMEOUT_MS);
  const deleted = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleBefore)))
    .returning({ id: sessions.id });
  return deleted.length;
}
