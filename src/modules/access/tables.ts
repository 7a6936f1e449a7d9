import { boolean, char, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { districts } from '../districts/tables';
import { ROLES } from './policy';

/**
 * Accounts. `email` is stored lower-cased (the service normalises it); a district user carries
 * the AGS of the one district they work for, nobody else does (the service is the only writer and
 * checks it).
 */
export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    ags: char('ags', { length: 5 }).references(() => districts.ags),
    passwordHash: text('password_hash').notNull(),
    /** Set for one-time passwords: the next sign-in must choose a new password first. */
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    totpSecret: text('totp_secret'),
    totpEnabled: boolean('totp_enabled').notNull().default(false),
    /** Time step of the last accepted TOTP code; an equal or older step is a replay. */
    lastTotpStep: integer('last_totp_step'),
    isActive: boolean('is_active').notNull().default(true),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The state's identity provider (OIDC) this account is linked to: issuer and subject, set at
     * the first sign-in with the Landeskonto. Both or neither; one subject links to one account.
     */
    oidcIssuer: text('oidc_issuer'),
    oidcSubject: text('oidc_subject'),
  },
  (t) => [uniqueIndex('users_email').on(t.email), uniqueIndex('users_oidc_identity').on(t.oidcIssuer, t.oidcSubject)],
);

/**
 * Server-side sessions. `id` is the SHA-256 of the cookie value, so the table opens no session.
 * `stage` is what the sign-in still needs before the session counts as signed in.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    stage: text('stage', { enum: ['password_change', 'totp_setup', 'totp', 'active'] }).notNull(),
    /** The secret offered during TOTP setup, until the user confirms it with a code. */
    pendingTotpSecret: text('pending_totp_secret'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** Absolute end, whatever the activity. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** How the session began: the local password or the state's identity provider (sign-out ends that one's session too). */
    method: text('method', { enum: ['password', 'oidc'] }).notNull().default('password'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/**
 * A sign-in begun at the identity provider and not yet come back: what the callback must check
 * (state, nonce, the PKCE verifier). `id` is the SHA-256 of the browser's cookie, so the
 * request belongs to the browser that began it; the callback deletes the row (one use).
 */
export const oidcSignInRequests = pgTable('oidc_sign_in_requests', {
  id: text('id').primaryKey(),
  state: text('state').notNull(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  /** Where the browser goes after the sign-in (a local path). */
  returnPath: text('return_path').notNull().default('/'),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/**
 * People who signed in with the Landeskonto whose claims name no role (or no district): no account
 * yet; an administrator assigns role and district (/admin/benutzer), which creates the linked account.
 */
export const oidcWaitingAccounts = pgTable(
  'oidc_waiting_accounts',
  {
    id: serial('id').primaryKey(),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('oidc_waiting_identity').on(t.issuer, t.subject)],
);

/** Personal API tokens (`Authorization: Bearer aqb_…`); only the SHA-256 is stored. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    hint: text('hint').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.tokenHash), index('api_tokens_user').on(t.userId)],
);

/** Every sign-in attempt, for throttling per account (email) and per address. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    ip: text('ip'),
    /** Which step: the password or the second factor (TOTP); throttled separately. */
    step: text('step', { enum: ['password', 'totp'] }).notNull().default('password'),
    isSuccess: boolean('is_success').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_attempts_email_at').on(t.email, t.at), index('login_attempts_ip_at').on(t.ip, t.at)],
);
