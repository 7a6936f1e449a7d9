import { and, asc, eq, isNull, lt } from 'drizzle-orm';
import type { Database, Executor } from '../../platform/db/client';
import { recordAuditEvent } from '../../platform/audit/store';
import { AppError, unwrapZod } from '../../platform/errors';
import type { OidcConfig } from '../../platform/env';
import type { OidcChecks, OidcFailureReason, OidcIdentity } from '../../platform/oidc';
import { isAgs } from '../../platform/input';
import { getDistrict } from '../districts/service';
import type { Role, UserId } from './policy';
import { CreateUserSchema, normaliseEmail } from './schema';
import { createSession, nextStage, purgeExpiredSessions, type SessionStage } from './sessions';
import type { ClientMeta } from './sign-in';
import { oidcSignInRequests, oidcWaitingAccounts, users } from './tables';
import { generateSessionId, hashToken } from './tokens';

/** A sign-in begun at the provider must come back within this time. */
export const OIDC_REQUEST_TIMEOUT_MS = 10 * 60_000;

/**
 * Stored as the password hash of accounts created by the sign-in with the Landeskonto: no Argon2id
 * hash, so no password ever matches (an administrator can still give a one-time password).
 */
const NO_PASSWORD = '!landeskonto';

/** Why a sign-in with the Landeskonto was refused, as the audit trail records it. */
export type OidcRefusalReason = OidcFailureReason | 'unbekannte_gebietskoerperschaft' | 'mehrdeutige_rolle' | 'keine_email' | 'deaktiviert' | 'anderes_landeskonto';

/** The German message a person reads for each refusal. */
export const OIDC_MESSAGES: Record<OidcRefusalReason, string> = {
  state_falsch: 'Die Anmeldung mit dem Landeskonto ist abgelaufen oder wurde nicht in diesem Browser begonnen. Bitte beginnen Sie sie noch einmal auf der Anmeldeseite.',
  anbieter_abgelehnt: 'Der Identitätsanbieter des Landes hat die Anmeldung abgebrochen oder abgelehnt. Bitte versuchen Sie es noch einmal.',
  code_ungueltig: 'Die Rückmeldung des Identitätsanbieters ist ungültig oder wurde schon verwendet. Bitte beginnen Sie die Anmeldung noch einmal.',
  token_abgelaufen: 'Die Bestätigung des Identitätsanbieters ist abgelaufen. Bitte prüfen Sie die Uhrzeit Ihres Geräts und melden Sie sich noch einmal an.',
  token_ungueltig: 'Die Bestätigung des Identitätsanbieters ließ sich nicht prüfen. Bitte melden Sie sich noch einmal an; hält der Fehler an, wenden Sie sich an die Administration.',
  anbieter_nicht_erreichbar: 'Der Identitätsanbieter des Landes ist zurzeit nicht erreichbar. Bitte versuchen Sie es später noch einmal oder melden Sie sich mit Ihrem Passwort an.',
  unbekannte_gebietskoerperschaft: 'Ihr Landeskonto nennt eine Gebietskörperschaft, die AQB-Steuerung nicht kennt. Die Anmeldung wurde abgewiesen; bitte wenden Sie sich an die Administration des AQB-Verfahrens im HMSI.',
  mehrdeutige_rolle: 'Ihr Landeskonto nennt mehrere Rollen im AQB-Verfahren. Die Anmeldung wurde abgewiesen; bitte wenden Sie sich an die Administration des AQB-Verfahrens im HMSI.',
  keine_email: 'Ihr Landeskonto übermittelt keine E-Mail-Adresse. Ohne sie kann AQB-Steuerung kein Konto zuordnen; bitte wenden Sie sich an die Administration.',
  deaktiviert: 'Ihr Konto in AQB-Steuerung ist deaktiviert. Bitte wenden Sie sich an die Administration des AQB-Verfahrens im HMSI.',
  anderes_landeskonto: 'Für Ihre E-Mail-Adresse gibt es bereits ein Konto, das mit einem anderen Landeskonto verbunden ist. Bitte wenden Sie sich an die Administration.',
};

// ── The request between redirect and return ──────────────────────────────────

/**
 * Remembers a sign-in begun at the provider under a new browser cookie value (only its SHA-256
 * is stored) and returns that value. Expired requests of everybody are deleted on the way.
 */
export async function saveOidcRequest(db: Executor, checks: OidcChecks, returnPath: string, now: Date = new Date()): Promise<string> {
  const cookie = generateSessionId();
  await db.delete(oidcSignInRequests).where(lt(oidcSignInRequests.expiresAt, now));
  await db.insert(oidcSignInRequests).values({ id: hashToken(cookie), ...checks, returnPath, expiresAt: new Date(now.getTime() + OIDC_REQUEST_TIMEOUT_MS) });
  return cookie;
}

/** Takes (deletes) the request of a browser cookie: one return per request; null when unknown or expired. */
export async function takeOidcRequest(db: Executor, cookie: string | undefined, now: Date = new Date()): Promise<(OidcChecks & { returnPath: string }) | null> {
  if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) return null;
  const [row] = await db.delete(oidcSignInRequests).where(eq(oidcSignInRequests.id, hashToken(cookie))).returning();
  if (!row || row.expiresAt <= now) return null;
  return { state: row.state, nonce: row.nonce, codeVerifier: row.codeVerifier, returnPath: row.returnPath };
}

// ── From claims to an account ───────────────────────────────────────────────

type ClaimMapping = { role: Role | null; ags: string | null } | { refused: 'unbekannte_gebietskoerperschaft' | 'mehrdeutige_rolle'; value?: string };

function claimStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/**
 * Role and district from the configured claims. Role claim values without a mapping are ignored
 * (a groups claim lists much else); two different mapped roles are refused. A district claim that
 * names no Gebietskörperschaft is refused. `role: null` means: an administrator decides.
 */
async function mapClaims(db: Executor, config: OidcConfig, claims: Record<string, unknown>): Promise<ClaimMapping> {
  let role: Role | null = null;
  if (config.roleClaim) {
    const roles = [...new Set(claimStrings(claims[config.roleClaim]).map((value) => config.roleMap[value]).filter((r): r is Role => r !== undefined))];
    if (roles.length > 1) return { refused: 'mehrdeutige_rolle' };
    role = roles[0] ?? null;
  }
  let ags: string | null = null;
  if (config.districtClaim) {
    const value = claimStrings(claims[config.districtClaim])[0]?.trim();
    if (value) {
      const known = isAgs(value) ? await getDistrict(db, value).then(() => true, () => false) : false;
      if (!known) return { refused: 'unbekannte_gebietskoerperschaft', value: value.slice(0, 20) };
      ags = value;
    }
  }
  if (role !== 'district') ags = null;
  // A district user without a district cannot work: the administrator assigns it.
  if (role === 'district' && !ags) role = null;
  return { role, ags };
}

function displayName(claims: Record<string, unknown>, email: string): string {
  const name = typeof claims.name === 'string' ? claims.name.trim() : '';
  const parts = [claims.given_name, claims.family_name].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return (name || parts.join(' ') || email).slice(0, 200);
}

/** Whether the provider reports a second factor (an `amr` value or the `acr` configured as sufficient). */
export function hasProviderSecondFactor(config: OidcConfig, identity: Pick<OidcIdentity, 'amr' | 'acr'>): boolean {
  return identity.amr.some((method) => config.mfaAmr.includes(method)) || (identity.acr !== undefined && config.mfaAcr.includes(identity.acr));
}

export type OidcSignInResult =
  | { ok: true; token: string; stage: SessionStage; linked: boolean; created: boolean }
  | { ok: false; waiting: true; name: string }
  | { ok: false; waiting: false; reason: OidcRefusalReason; message: string };

/**
 * A refused sign-in with the Landeskonto: audited as `session.oidcRefused` with the reason (and
 * for protocol failures the OAuth error code), never a token or a claim beyond the district value.
 */
export async function recordOidcRefusal(db: Database, reason: OidcRefusalReason, userId: UserId | null, detail?: Record<string, string>): Promise<{ ok: false; waiting: false; reason: OidcRefusalReason; message: string }> {
  await db.transaction(async (tx) => {
    await recordAuditEvent(tx, { actorId: null, action: 'session.oidcRefused', recordType: 'user', recordId: userId, before: null, after: { reason, ...detail } });
  });
  return { ok: false, waiting: false, reason, message: OIDC_MESSAGES[reason] };
}

/**
 * Signs in the person the provider confirmed. The account is found by issuer + subject; else an
 * account with the same (not unverified) e-mail address is linked to it; else one is created when
 * the claims name the role (and a district user's district) — otherwise the person waits for an
 * administrator (oidc_waiting_accounts). Claims that name a role update a linked account's role.
 * A second factor reported by the provider counts; otherwise the local TOTP step applies (and its
 * setup where the role requires it). Every outcome is audited.
 */
export async function signInWithOidc(db: Database, config: OidcConfig, identity: OidcIdentity, meta: ClientMeta): Promise<OidcSignInResult> {
  const { claims } = identity;
  const [known] = await db.select().from(users).where(and(eq(users.oidcIssuer, identity.issuer), eq(users.oidcSubject, identity.subject)));
  const mapping = await mapClaims(db, config, claims);
  if ('refused' in mapping) return recordOidcRefusal(db, mapping.refused, known?.id ?? null, mapping.value ? { value: mapping.value } : undefined);
  const rawEmail = typeof claims.email === 'string' ? normaliseEmail(claims.email) : '';
  const email = rawEmail && CreateUserSchema.shape.email.safeParse(rawEmail).success ? rawEmail : '';
  let user = known;
  if (!user && !email) return recordOidcRefusal(db, 'keine_email', null);
  if (!user) {
    const [byEmail] = await db.select().from(users).where(eq(users.email, email));
    if (byEmail) {
      // An address the provider itself calls unverified links nothing.
      if (byEmail.oidcSubject !== null || claims.email_verified === false) return recordOidcRefusal(db, 'anderes_landeskonto', byEmail.id);
      user = byEmail;
    }
  }
  if (user && !user.isActive) return recordOidcRefusal(db, 'deaktiviert', user.id);
  const name = displayName(claims, email);
  if (!user && mapping.role === null) {
    await db.transaction(async (tx) => {
      const [existing] = await tx.select().from(oidcWaitingAccounts).where(and(eq(oidcWaitingAccounts.issuer, identity.issuer), eq(oidcWaitingAccounts.subject, identity.subject)));
      if (existing) {
        await tx.update(oidcWaitingAccounts).set({ lastSeenAt: new Date(), email, name }).where(eq(oidcWaitingAccounts.id, existing.id));
      } else {
        const [row] = await tx.insert(oidcWaitingAccounts).values({ issuer: identity.issuer, subject: identity.subject, email, name }).returning();
        await recordAuditEvent(tx, { actorId: null, action: 'user.oidcWaiting', recordType: 'oidc_waiting_account', recordId: row?.id ?? null, before: null, after: { email, name } });
      }
    });
    return { ok: false, waiting: true, name };
  }
  const hasMfa = hasProviderSecondFactor(config, identity);
  return db.transaction(async (tx) => {
    let linked = false;
    let created = false;
    let row = user;
    if (!row) {
      const [inserted] = await tx
        .insert(users)
        .values({ email, name, role: mapping.role as Role, ags: mapping.ags, passwordHash: NO_PASSWORD, mustChangePassword: false, oidcIssuer: identity.issuer, oidcSubject: identity.subject })
        .returning();
      if (!inserted) throw new Error('Konto wurde nicht angelegt');
      row = inserted;
      created = true;
      await recordAuditEvent(tx, { actorId: null, action: 'user.create', recordType: 'user', recordId: row.id, before: null, after: { email, name, role: row.role, ags: row.ags, via: 'oidc' } });
      await tx.delete(oidcWaitingAccounts).where(and(eq(oidcWaitingAccounts.issuer, identity.issuer), eq(oidcWaitingAccounts.subject, identity.subject)));
    } else if (row.oidcSubject === null) {
      const [after] = await tx.update(users).set({ oidcIssuer: identity.issuer, oidcSubject: identity.subject }).where(and(eq(users.id, row.id), isNull(users.oidcSubject))).returning();
      if (!after) throw new AppError('CONFLICT', OIDC_MESSAGES.anderes_landeskonto);
      row = after;
      linked = true;
      await recordAuditEvent(tx, { actorId: row.id, action: 'user.oidcLink', recordType: 'user', recordId: row.id, before: null, after: { email: row.email } });
    }
    // The provider's claims are the source of role and district where they name them.
    if (mapping.role !== null && (mapping.role !== row.role || mapping.ags !== row.ags)) {
      const before = { role: row.role, ags: row.ags };
      const [after] = await tx.update(users).set({ role: mapping.role, ags: mapping.ags }).where(eq(users.id, row.id)).returning();
      if (after) row = after;
      await recordAuditEvent(tx, { actorId: null, action: 'user.update', recordType: 'user', recordId: row.id, before, after: { role: row.role, ags: row.ags, via: 'oidc' } });
    }
    const stage: SessionStage = hasMfa ? 'active' : nextStage(row, false);
    await purgeExpiredSessions(tx);
    const token = await createSession(tx, { userId: row.id, stage, ip: meta.ip, userAgent: meta.userAgent, method: 'oidc' });
    await recordAuditEvent(tx, {
      actorId: row.id,
      action: 'session.signIn',
      recordType: 'user',
      recordId: row.id,
      before: null,
      after: { stage, method: 'oidc', secondFactor: hasMfa ? 'anbieter' : stage === 'active' ? 'keiner' : 'lokal' },
    });
    return { ok: true as const, token, stage, linked, created };
  });
}

// ── Accounts waiting for an administrator ───────────────────────────────────

export interface WaitingAccount {
  id: number;
  email: string;
  name: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** People who signed in with the Landeskonto and wait for a role, oldest first. */
export async function findWaitingAccounts(db: Executor): Promise<WaitingAccount[]> {
  return db
    .select({ id: oidcWaitingAccounts.id, email: oidcWaitingAccounts.email, name: oidcWaitingAccounts.name, firstSeenAt: oidcWaitingAccounts.firstSeenAt, lastSeenAt: oidcWaitingAccounts.lastSeenAt })
    .from(oidcWaitingAccounts)
    .orderBy(asc(oidcWaitingAccounts.firstSeenAt), asc(oidcWaitingAccounts.id));
}

export async function getWaitingAccount(db: Executor, id: string | number): Promise<WaitingAccount & { issuer: string; subject: string }> {
  const n = Number(id);
  const [row] = Number.isSafeInteger(n) ? await db.select().from(oidcWaitingAccounts).where(eq(oidcWaitingAccounts.id, n)) : [];
  if (!row) throw new AppError('NOT_FOUND', 'Diese wartende Anmeldung gibt es nicht (mehr).');
  return row;
}

/**
 * An administrator assigns role (and a district user's district) to a waiting Landeskonto: the
 * account is created, linked to issuer + subject, and the next sign-in enters. The same rules as
 * for a new account (CreateUserSchema); audited as `user.create` with `via: oidc`.
 */
export async function assignWaitingAccount(tx: Executor, actorId: UserId, id: string | number, input: { role?: string; ags?: string }): Promise<{ id: number; name: string }> {
  const waiting = await getWaitingAccount(tx, id);
  const data = unwrapZod(CreateUserSchema.safeParse({ email: waiting.email, name: waiting.name, role: input.role || undefined, ags: input.ags }));
  if (data.ags) {
    const known = await getDistrict(tx, data.ags).then(() => true, () => false);
    if (!known) throw new AppError('VALIDATION_FAILED', undefined, { issues: [{ path: 'ags', message: `Die Gebietskörperschaft mit dem AGS ${data.ags} gibt es nicht.` }] });
  }
  const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, data.email));
  if (existing) throw new AppError('CONFLICT', 'Für diese E-Mail-Adresse gibt es inzwischen ein Konto; es wird bei der nächsten Anmeldung mit dem Landeskonto verbunden.');
  const [row] = await tx
    .insert(users)
    .values({ email: data.email, name: data.name, role: data.role, ags: data.ags ?? null, passwordHash: NO_PASSWORD, mustChangePassword: false, oidcIssuer: waiting.issuer, oidcSubject: waiting.subject })
    .returning();
  if (!row) throw new Error('Konto wurde nicht angelegt');
  await tx.delete(oidcWaitingAccounts).where(eq(oidcWaitingAccounts.id, waiting.id));
  await recordAuditEvent(tx, { actorId, action: 'user.create', recordType: 'user', recordId: row.id, before: null, after: { email: row.email, name: row.name, role: row.role, ags: row.ags, via: 'oidc' } });
  return { id: row.id, name: row.name };
}
