import { and, count, desc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { Database, Executor } from '../../platform/db/client';
import { recordAuditEvent } from '../../platform/audit/store';
import { hashPassword, needsRehash, verifyPassword } from './passwords';
import { normaliseEmail } from './schema';
import { createSession, nextStage, purgeExpiredSessions, rotateSession, type ResolvedSession, type SessionStage } from './sessions';
import { loginAttempts, users } from './tables';
import { verifyTotp } from './totp';

/** Failed attempts per account (e-mail) within the window before sign-in is refused … */
export const MAX_FAILURES_PER_ACCOUNT = 5;
/**
 * … wrong second-factor codes per account within the window: counted on their own and never
 * reset by a correct password (only by a correct code), so knowing the password does not buy
 * more guesses at the six digits.
 */
export const MAX_TOTP_FAILURES_PER_ACCOUNT = 5;
/** … and per client address (higher: an office shares one address). */
export const MAX_FAILURES_PER_ADDRESS = 20;
export const THROTTLE_WINDOW_MS = 15 * 60_000;

export const MESSAGES = {
  wrongCredentials: 'E-Mail-Adresse oder Passwort ist falsch.',
  throttled: 'Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie 15 Minuten und versuchen Sie es dann erneut.',
  totpThrottled: 'Zu viele falsche Codes. Die Anmeldung für dieses Konto ist für 15 Minuten gesperrt; ein richtiges Passwort hebt die Sperre nicht auf.',
  wrongCode: 'Der Code ist falsch oder schon verwendet. Bitte geben Sie den aktuellen sechsstelligen Code aus Ihrer Authenticator-App ein.',
} as const;

export interface ClientMeta {
  ip: string | null;
  userAgent: string | null;
}

// Verifying against a real hash for unknown accounts takes as long as for known ones (no timing oracle).
let dummyHash: Promise<string> | undefined;

/**
 * True when the account or the address has too many recent failures. Per account only failures
 * after its last success count; the same answer for unknown accounts (no user enumeration).
 */
export async function isThrottled(db: Executor, email: string, ip: string | null, now: Date = new Date()): Promise<boolean> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  if ((await recentFailures(db, email, 'password', since)) >= MAX_FAILURES_PER_ACCOUNT) return true;
  if (ip === null) return false;
  const [address] = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.ip, ip), eq(loginAttempts.isSuccess, false), gt(loginAttempts.at, since)));
  return Number(address?.n ?? 0) >= MAX_FAILURES_PER_ADDRESS;
}

/** Failures of one step for an account in the window, counted from that step's last success. */
async function recentFailures(db: Executor, email: string, step: AttemptStep, since: Date): Promise<number> {
  const [lastSuccess] = await db
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.step, step), eq(loginAttempts.isSuccess, true), gt(loginAttempts.at, since)))
    .orderBy(desc(loginAttempts.at))
    .limit(1);
  const from = lastSuccess && lastSuccess.at > since ? lastSuccess.at : since;
  const [row] = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.step, step), eq(loginAttempts.isSuccess, false), gt(loginAttempts.at, from)));
  return Number(row?.n ?? 0);
}

/** True when the account has MAX_TOTP_FAILURES_PER_ACCOUNT wrong codes in the window since its last correct one. */
export async function isSecondFactorLocked(db: Executor, email: string, now: Date = new Date()): Promise<boolean> {
  return (await recentFailures(db, email, 'totp', new Date(now.getTime() - THROTTLE_WINDOW_MS))) >= MAX_TOTP_FAILURES_PER_ACCOUNT;
}

type AttemptStep = 'password' | 'totp';

export async function recordAttempt(db: Executor, email: string, ip: string | null, isSuccess: boolean, now: Date = new Date(), step: AttemptStep = 'password'): Promise<void> {
  await db.insert(loginAttempts).values({ email, ip, isSuccess, at: now, step });
}

/** Deletes attempts older than the window; returns how many. */
export async function purgeLoginAttempts(db: Executor, now: Date = new Date()): Promise<number> {
  const rows = await db
    .delete(loginAttempts)
    .where(lt(loginAttempts.at, new Date(now.getTime() - THROTTLE_WINDOW_MS)))
    .returning({ id: loginAttempts.id });
  return rows.length;
}

export type SignInResult = { ok: true; token: string; stage: SessionStage } | { ok: false; message: string };

/** Why a sign-in step failed, as the audit trail records it (never the password or the code). */
type FailureReason = 'unbekanntes_konto' | 'falsches_passwort' | 'deaktiviert' | 'gesperrt' | 'falscher_code';

/**
 * A failed sign-in step: the attempt (for throttling) and the audit event in one transaction. The
 * actor is unknown (null); the event names the account when there is one, never the typed address
 * of an unknown one (a mistyped password in the e-mail field must not end up in the trail).
 */
async function recordFailure(db: Database, email: string, userId: number | null, reason: FailureReason, meta: ClientMeta, action = 'session.signInFailed'): Promise<void> {
  await db.transaction(async (tx) => {
    if (reason !== 'gesperrt') await recordAttempt(tx, email, meta.ip, false, new Date(), reason === 'falscher_code' ? 'totp' : 'password');
    await recordAuditEvent(tx, { actorId: null, action, recordType: 'user', recordId: userId, before: null, after: { reason } });
  });
}

/**
 * Step 1 of signing in: e-mail and password. On success a NEW session starts in the stage the
 * account still needs (password change, TOTP setup, TOTP code, or signed in). Failures give one
 * message whatever the reason; too many failures give the throttling message. Every outcome is
 * an audit event (`session.signIn`, `session.signInFailed` with the reason).
 */
export async function signInWithPassword(db: Database, input: { email: string; password: string }, meta: ClientMeta): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (await isThrottled(db, email, meta.ip)) {
    await recordFailure(db, email, user?.id ?? null, 'gesperrt', meta);
    return { ok: false, message: MESSAGES.throttled };
  }
  let isValid = false;
  if (user) {
    isValid = await verifyPassword(user.passwordHash, input.password);
  } else {
    dummyHash ??= hashPassword('kein-konto-vorhanden');
    await verifyPassword(await dummyHash, input.password);
  }
  if (!user || !isValid || !user.isActive) {
    await recordFailure(db, email, user?.id ?? null, !user ? 'unbekanntes_konto' : !isValid ? 'falsches_passwort' : 'deaktiviert', meta);
    return { ok: false, message: MESSAGES.wrongCredentials };
  }
  const rehashed = needsRehash(user.passwordHash) ? await hashPassword(input.password) : null;
  const stage = nextStage(user);
  const token = await db.transaction(async (tx) => {
    await recordAttempt(tx, email, meta.ip, true);
    // Housekeeping on the (rare) successful sign-in instead of a scheduler: old sessions and attempts go.
    await purgeExpiredSessions(tx);
    await purgeLoginAttempts(tx);
    if (rehashed) await tx.update(users).set({ passwordHash: rehashed }).where(eq(users.id, user.id));
    const created = await createSession(tx, { userId: user.id, stage, ip: meta.ip, userAgent: meta.userAgent });
    await recordAuditEvent(tx, { actorId: user.id, action: 'session.signIn', recordType: 'user', recordId: user.id, before: null, after: { stage } });
    return created;
  });
  return { ok: true, token, stage };
}

/**
 * Checks a TOTP code against a secret with replay protection: the step must be newer than the
 * account's last accepted step, and it is stored in the same statement (a concurrent second use
 * of the code updates no row). Returns the accepted step or null.
 */
export async function acceptTotpCode(db: Executor, userId: number, secret: string, code: string, lastStep: number | null): Promise<number | null> {
  const check = await verifyTotp(secret, code, lastStep === null ? {} : { afterTimeStep: lastStep });
  if (!check.valid) return null;
  const updated = await db
    .update(users)
    .set({ lastTotpStep: check.timeStep })
    .where(and(eq(users.id, userId), or(isNull(users.lastTotpStep), lt(users.lastTotpStep, check.timeStep))))
    .returning({ id: users.id });
  return updated.length === 1 ? check.timeStep : null;
}

/**
 * Step 2 for accounts with TOTP: a valid, unused code turns the pending session into a signed-in
 * one under a new id. Wrong codes are counted per account on their own (MAX_TOTP_FAILURES_PER_ACCOUNT,
 * not reset by the password step) and per address like every failure.
 */
export async function completeTotpSignIn(db: Database, session: ResolvedSession, code: string, meta: ClientMeta): Promise<SignInResult> {
  const { user } = session;
  if (session.stage !== 'totp' || !user.totpSecret) return { ok: false, message: MESSAGES.wrongCode };
  if (await isSecondFactorLocked(db, user.email)) {
    await recordFailure(db, user.email, user.id, 'gesperrt', meta, 'session.secondFactorFailed');
    return { ok: false, message: MESSAGES.totpThrottled };
  }
  if (await isThrottled(db, user.email, meta.ip)) {
    await recordFailure(db, user.email, user.id, 'gesperrt', meta, 'session.secondFactorFailed');
    return { ok: false, message: MESSAGES.throttled };
  }
  const step = await acceptTotpCode(db, user.id, user.totpSecret, code, user.lastTotpStep);
  if (step === null) {
    await recordFailure(db, user.email, user.id, 'falscher_code', meta, 'session.secondFactorFailed');
    return { ok: false, message: MESSAGES.wrongCode };
  }
  const token = await db.transaction(async (tx) => {
    await recordAttempt(tx, user.email, meta.ip, true, new Date(), 'totp');
    const rotated = await rotateSession(tx, session, 'active', meta);
    await recordAuditEvent(tx, { actorId: user.id, action: 'session.secondFactor', recordType: 'user', recordId: user.id, before: null, after: { stage: 'active' } });
    return rotated;
  });
  return { ok: true, token, stage: 'active' };
}
