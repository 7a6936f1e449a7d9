import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { recordAuditEvent } from '../../platform/audit/store';
import type { Executor } from '../../platform/db/client';
import { AppError, isAppError } from '../../platform/errors';
import { csrfToken } from '../../platform/http/csrf';
import type { RouteDeps } from '../../platform/http/deps';
import { isHttps } from '../../platform/http/security-headers';
import { logger } from '../../platform/logger';
import { OidcFailure, type OidcClient } from '../../platform/oidc';
import { assignWaitingAccount, findWaitingAccounts, getWaitingAccount, OIDC_MESSAGES, OIDC_REQUEST_TIMEOUT_MS, recordOidcRefusal, saveOidcRequest, signInWithOidc, takeOidcRequest } from './oidc-sign-in';
import { findDistricts, getDistrict } from '../districts/service';
import { createApiToken, findApiTokens, revokeApiToken } from './api-tokens';
import { findDemoAccounts } from './demo-users';
import { clearSessionCookie, clientMeta, getCurrentUser, getSession, requireActor, requirePermission, safeReturnPath, sessionCookieName, setSessionCookie } from './middleware';
import { SignInSchema } from './schema';
import { deleteSession, isTotpRequired, nextStage, resolveSession, rotateSession, setPendingTotpSecret, type ResolvedSession, type SessionStage } from './sessions';
import { completeTotpSignIn, MESSAGES, signInWithPassword } from './sign-in';
import { generateTotpSecret, totpUri, verifyTotp } from './totp';
import { checkNewPassword, createUser, deactivateUser, enableTotp, getUser, getUserRow, findUsers, isCurrentPassword, reactivateUser, resetUserAccess, setPassword, updateUser } from './users';
import { AccountPage, type AccountPageProps, ConfirmPage } from './views/account-page';
import { ForcedPasswordPage, OidcRefusedPage, OidcWaitingPage, SignInPage, TotpCodePage, TotpSetupPage } from './views/sign-in-pages';
import { UserEditPage, UsersPage, type UsersPageProps, WaitingAccountPage } from './views/users-page';
import { renderPage } from '../../ui/render';

const STAGE_PATHS: Record<SessionStage, string> = {
  password_change: '/anmelden/passwort',
  totp_setup: '/anmelden/zwei-faktor-einrichten',
  totp: '/anmelden/code',
  active: '/',
};

function withWeiter(path: string, weiter: string): string {
  return weiter === '/' ? path : `${path}?weiter=${encodeURIComponent(weiter)}`;
}

/** Where the browser goes once a sign-in step is done. */
/** Where a finished sign-in lands: the page asked for, else "Meine Aufgaben" (the start page after sign-in). */
function landing(weiter: string): string {
  return weiter === '/' ? '/aufgaben' : weiter;
}

function stagePath(stage: SessionStage, weiter: string): string {
  return stage === 'active' ? landing(weiter) : withWeiter(STAGE_PATHS[stage], weiter);
}

async function form(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') out[key] = value;
  return out;
}

function noStore(c: Context): void {
  c.header('Cache-Control', 'no-store');
}

/** The pending session in the given stage, or a redirect to where the sign-in really stands. */
function pendingIn(c: Context, stage: SessionStage): ResolvedSession | null {
  const session = getSession(c);
  return session && session.stage === stage ? session : null;
}

/** The signed-in session user of an HTML page (API tokens have no session and no account pages). */
function requireSessionUser(c: Context) {
  const user = getCurrentUser(c);
  const session = getSession(c);
  if (!user || !session || session.stage !== 'active') throw new AppError('UNAUTHENTICATED');
  return { user, session };
}

/** The cookie tying a sign-in begun at the identity provider to this browser (like the session cookie: __Host- behind HTTPS). */
function oidcCookieName(c: Context): string {
  return isHttps(c.req.url, c.req.header('x-forwarded-proto')) ? '__Host-aqb-oidc' : 'aqb-oidc';
}

export interface AccessRouteDeps extends RouteDeps {
  /** The sign-in with the state's identity provider; without it its routes answer 404. */
  oidc?: OidcClient;
}

/** Sign-in, sign-out, account page, user administration. */
export function accessRoutes(deps: AccessRouteDeps) {
  const { db } = deps.database;
  const { oidc } = deps;
  const app = new Hono();

  async function advance(c: Context, session: ResolvedSession, stage: SessionStage, weiter: string, tx: Executor = db) {
    const token = await rotateSession(tx, session, stage, clientMeta(c));
    setSessionCookie(c, token);
    return c.redirect(stagePath(stage, weiter), 303);
  }

  async function demoAccounts() {
    return (await findDemoAccounts(db)).map((a) => ({ ...a }));
  }

  // ── Sign-in ─────────────────────────────────────────────────────────────────
  app.get('/anmelden', async (c) => {
    noStore(c);
    const weiter = safeReturnPath(c.req.query('weiter'));
    const session = getSession(c);
    if (session) return c.redirect(stagePath(session.stage, weiter), 303);
    const notice = c.req.query('abgemeldet') !== undefined ? 'Sie haben sich abgemeldet.' : c.req.query('abgelaufen') !== undefined ? 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.' : undefined;
    return renderPage(c, <SignInPage csrf={csrfToken(c)} weiter={weiter} notice={notice} demoAccounts={await demoAccounts()} hasOidc={oidc !== undefined} />);
  });

  app.post('/anmelden', async (c) => {
    noStore(c);
    const body = await form(c);
    const weiter = safeReturnPath(body.weiter);
    const parsed = SignInSchema.safeParse(body);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
      return renderPage(c, <SignInPage csrf={csrfToken(c)} weiter={weiter} email={body.email} errors={errors} demoAccounts={await demoAccounts()} hasOidc={oidc !== undefined} />, 422);
    }
    const result = await signInWithPassword(db, parsed.data, clientMeta(c));
    if (!result.ok) {
      const status = result.message === MESSAGES.throttled ? 429 : 401;
      return renderPage(c, <SignInPage csrf={csrfToken(c)} weiter={weiter} email={parsed.data.email} failure={result.message} demoAccounts={await demoAccounts()} hasOidc={oidc !== undefined} />, status);
    }
    // A session the browser had before (half-finished sign-in, other account) ends: new id on sign-in.
    await endPreviousSession(c);
    setSessionCookie(c, result.token);
    return c.redirect(stagePath(result.stage, weiter), 303);
  });

  /** Ends the browser's earlier session (half-finished sign-in, other account): a sign-in always gets a new id. */
  async function endPreviousSession(c: Context) {
    const previous = getCookie(c, sessionCookieName(c));
    if (previous) {
      const old = await resolveSession(db, previous);
      if (old) await deleteSession(db, old.id);
    }
  }

  // ── Sign-in with the Landeskonto (OpenID Connect, authorization code + PKCE) ──
  app.post('/anmelden/landeskonto', async (c) => {
    noStore(c);
    if (!oidc) throw new AppError('NOT_FOUND');
    const body = await form(c);
    const weiter = safeReturnPath(body.weiter);
    let begun;
    try {
      begun = await oidc.beginSignIn();
    } catch (error) {
      if (!(error instanceof OidcFailure)) throw error;
      logger.warn('Identitätsanbieter nicht erreichbar', { reason: error.reason, detail: error.detail });
      return renderPage(c, <SignInPage csrf={csrfToken(c)} weiter={weiter} failure={OIDC_MESSAGES.anbieter_nicht_erreichbar} demoAccounts={await demoAccounts()} hasOidc />, 503);
    }
    const cookie = await saveOidcRequest(db, begun.checks, weiter);
    const name = oidcCookieName(c);
    // Lax: the provider's redirect back is a top-level GET from another site, which must carry it.
    setCookie(c, name, cookie, { path: '/', httpOnly: true, sameSite: 'Lax', secure: name.startsWith('__Host-'), maxAge: OIDC_REQUEST_TIMEOUT_MS / 1000 });
    return c.redirect(begun.url, 303);
  });

  app.get('/anmelden/landeskonto/rueckkehr', async (c) => {
    noStore(c);
    if (!oidc) throw new AppError('NOT_FOUND');
    const name = oidcCookieName(c);
    const request = await takeOidcRequest(db, getCookie(c, name));
    deleteCookie(c, name, { path: '/', secure: name.startsWith('__Host-') });
    const refuse = async (reason: Parameters<typeof recordOidcRefusal>[1], detail?: Record<string, string>, status: 400 | 403 | 503 = 400) => {
      const refusal = await recordOidcRefusal(db, reason, null, detail);
      return renderPage(c, <OidcRefusedPage message={refusal.message} />, status);
    };
    if (!request) return refuse('state_falsch', { detail: 'keine_anfrage' });
    let identity;
    try {
      identity = await oidc.completeSignIn(new URL(c.req.url).searchParams, request);
    } catch (error) {
      if (!(error instanceof OidcFailure)) throw error;
      return refuse(error.reason, { detail: error.detail }, error.reason === 'anbieter_nicht_erreichbar' ? 503 : 400);
    }
    const result = await signInWithOidc(db, oidc.config, identity, clientMeta(c));
    if (!result.ok) {
      if (result.waiting) return renderPage(c, <OidcWaitingPage name={result.name} />, 403);
      return renderPage(c, <OidcRefusedPage message={result.message} />, 403);
    }
    await endPreviousSession(c);
    setSessionCookie(c, result.token);
    return c.redirect(stagePath(result.stage, request.returnPath), 303);
  });

  app.post('/abmelden', async (c) => {
    const session = getSession(c);
    if (session) {
      await db.transaction(async (tx) => {
        await deleteSession(tx, session.id);
        await recordAuditEvent(tx, { actorId: session.user.id, action: 'session.signOut', recordType: 'user', recordId: session.user.id, before: null, after: session.method === 'oidc' ? { method: 'oidc' } : null });
      });
    }
    clearSessionCookie(c);
    // Signed in with the Landeskonto: the provider's session ends too, where it offers an end-session endpoint.
    if (session?.method === 'oidc' && oidc) {
      const endSession = await oidc.endSessionUrl();
      if (endSession) return c.redirect(endSession, 303);
    }
    return c.redirect('/anmelden?abgemeldet', 303);
  });

  // Forced password change after a one-time password.
  app.get('/anmelden/passwort', (c) => {
    noStore(c);
    const weiter = safeReturnPath(c.req.query('weiter'));
    if (!pendingIn(c, 'password_change')) return c.redirect(withWeiter('/anmelden', weiter), 303);
    return renderPage(c, <ForcedPasswordPage csrf={csrfToken(c)} weiter={weiter} />);
  });

  app.post('/anmelden/passwort', async (c) => {
    noStore(c);
    const body = await form(c);
    const weiter = safeReturnPath(body.weiter);
    const session = pendingIn(c, 'password_change');
    if (!session) return c.redirect(withWeiter('/anmelden', weiter), 303);
    const errors = checkNewPassword(session.user, body.newPassword ?? '', body.repeatPassword ?? '');
    if (await isCurrentPassword(session.user, body.newPassword ?? '')) errors.newPassword ??= 'Bitte wählen Sie ein anderes als das Einmalpasswort.';
    if (Object.keys(errors).length) return renderPage(c, <ForcedPasswordPage csrf={csrfToken(c)} weiter={weiter} errors={errors} />, 422);
    return db.transaction(async (tx) => {
      await setPassword(tx, session.user, body.newPassword as string, session.id);
      return advance(c, session, nextStage({ ...session.user, mustChangePassword: false }), weiter, tx);
    });
  });

  // TOTP setup during sign-in (required roles) …
  async function setupSecret(session: ResolvedSession): Promise<string> {
    if (session.pendingTotpSecret) return session.pendingTotpSecret;
    const secret = generateTotpSecret();
    await setPendingTotpSecret(db, session.id, secret);
    return secret;
  }

  app.get('/anmelden/zwei-faktor-einrichten', async (c) => {
    noStore(c);
    const weiter = safeReturnPath(c.req.query('weiter'));
    const session = pendingIn(c, 'totp_setup');
    if (!session) return c.redirect(withWeiter('/anmelden', weiter), 303);
    const secret = await setupSecret(session);
    return renderPage(c, <TotpSetupPage csrf={csrfToken(c)} weiter={weiter} action="/anmelden/zwei-faktor-einrichten" secret={secret} uri={totpUri(secret, session.user.email)} isRequired />);
  });

  app.post('/anmelden/zwei-faktor-einrichten', async (c) => {
    noStore(c);
    const body = await form(c);
    const weiter = safeReturnPath(body.weiter);
    const session = pendingIn(c, 'totp_setup');
    if (!session?.pendingTotpSecret) return c.redirect(withWeiter('/anmelden', weiter), 303);
    const check = await verifyTotp(session.pendingTotpSecret, body.code ?? '');
    if (!check.valid) {
      const secret = session.pendingTotpSecret;
      return renderPage(c, <TotpSetupPage csrf={csrfToken(c)} weiter={weiter} action="/anmelden/zwei-faktor-einrichten" secret={secret} uri={totpUri(secret, session.user.email)} isRequired error={MESSAGES.wrongCode} />, 422);
    }
    return db.transaction(async (tx) => {
      await enableTotp(tx, session.user, session.pendingTotpSecret as string, check.timeStep);
      return advance(c, session, 'active', weiter, tx);
    });
  });

  // … and the code at every later sign-in.
  app.get('/anmelden/code', (c) => {
    noStore(c);
    const weiter = safeReturnPath(c.req.query('weiter'));
    if (!pendingIn(c, 'totp')) return c.redirect(withWeiter('/anmelden', weiter), 303);
    return renderPage(c, <TotpCodePage csrf={csrfToken(c)} weiter={weiter} />);
  });

  app.post('/anmelden/code', async (c) => {
    noStore(c);
    const body = await form(c);
    const weiter = safeReturnPath(body.weiter);
    const session = pendingIn(c, 'totp');
    if (!session) return c.redirect(withWeiter('/anmelden', weiter), 303);
    const result = await completeTotpSignIn(db, session, body.code ?? '', clientMeta(c));
    if (!result.ok) {
      const isThrottled = result.message === MESSAGES.throttled || result.message === MESSAGES.totpThrottled;
      return renderPage(c, <TotpCodePage csrf={csrfToken(c)} weiter={weiter} error={result.message} />, isThrottled ? 429 : 422);
    }
    setSessionCookie(c, result.token);
    return c.redirect(landing(weiter), 303);
  });

  // ── Account page ────────────────────────────────────────────────────────────
  async function accountProps(c: Context, extra: Partial<AccountPageProps> = {}): Promise<AccountPageProps> {
    const { user } = requireSessionUser(c);
    const row = await getUserRow(db, user.id);
    const district = user.ags ? await getDistrict(db, user.ags).catch(() => null) : null;
    return {
      csrf: csrfToken(c),
      user,
      districtName: district?.officialName ?? null,
      totpEnabled: row.totpEnabled,
      totpRequired: isTotpRequired(row.role),
      tokens: await findApiTokens(db, user.id),
      isDemo: row.isDemo,
      ...extra,
    };
  }

  const ACCOUNT_NOTICES: Record<string, string> = {
    passwort: 'Ihr Passwort wurde geändert. Ihre anderen Sitzungen sind beendet und Ihre API-Tokens widerrufen.',
    'zwei-faktor': 'Die Zwei-Faktor-Anmeldung ist eingerichtet.',
    widerrufen: 'Das API-Token wurde widerrufen. Es funktioniert ab sofort nicht mehr.',
  };

  app.get('/konto', async (c) => {
    noStore(c);
    const notice = ACCOUNT_NOTICES[c.req.query('gespeichert') ?? ''];
    return renderPage(c, <AccountPage {...await accountProps(c, notice ? { notice } : {})} />);
  });

  app.post('/konto/passwort', async (c) => {
    const { session } = requireSessionUser(c);
    const body = await form(c);
    const row = await getUserRow(db, session.user.id);
    const errors: Record<string, string> = {};
    if (!(await isCurrentPassword(row, body.currentPassword ?? ''))) errors.currentPassword = 'Das bisherige Passwort ist falsch.';
    Object.assign(errors, checkNewPassword(row, body.newPassword ?? '', body.repeatPassword ?? ''));
    if (Object.keys(errors).length) return renderPage(c, <AccountPage {...await accountProps(c, { passwordErrors: errors })} />, 422);
    await db.transaction(async (tx) => setPassword(tx, row, body.newPassword as string, session.id));
    return c.redirect('/konto?gespeichert=passwort', 303);
  });

  app.get('/konto/zwei-faktor', async (c) => {
    noStore(c);
    const { session } = requireSessionUser(c);
    const row = await getUserRow(db, session.user.id);
    if (row.totpEnabled) return c.redirect('/konto', 303);
    const secret = await setupSecret(session);
    return renderPage(c, <TotpSetupPage csrf={csrfToken(c)} weiter="/" action="/konto/zwei-faktor" secret={secret} uri={totpUri(secret, row.email)} isRequired={isTotpRequired(row.role)} />);
  });

  app.post('/konto/zwei-faktor', async (c) => {
    noStore(c);
    const { session } = requireSessionUser(c);
    const body = await form(c);
    const row = await getUserRow(db, session.user.id);
    if (row.totpEnabled || !session.pendingTotpSecret) return c.redirect('/konto', 303);
    const secret = session.pendingTotpSecret;
    const check = await verifyTotp(secret, body.code ?? '');
    if (!check.valid) {
      return renderPage(c, <TotpSetupPage csrf={csrfToken(c)} weiter="/" action="/konto/zwei-faktor" secret={secret} uri={totpUri(secret, row.email)} isRequired={isTotpRequired(row.role)} error={MESSAGES.wrongCode} />, 422);
    }
    await db.transaction(async (tx) => {
      await enableTotp(tx, row, secret, check.timeStep);
      await setPendingTotpSecret(tx, session.id, '');
    });
    return c.redirect('/konto?gespeichert=zwei-faktor', 303);
  });

  app.post('/konto/api-tokens', async (c) => {
    noStore(c);
    const { user } = requireSessionUser(c);
    requirePermission(c, 'apiToken.manage', { ownerUserId: user.id });
    const body = await form(c);
    try {
      const created = await db.transaction((tx) => createApiToken(tx, user.id, body.name ?? ''));
      // Shown once, in this response (not after a redirect): the plain token is stored nowhere.
      return renderPage(c, <AccountPage {...await accountProps(c, { newToken: { name: created.summary.name, token: created.token } })} />, 201);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      return renderPage(c, <AccountPage {...await accountProps(c, { tokenErrors: { name: error.issues[0]?.message ?? error.message }, tokenName: body.name })} />, 422);
    }
  });

  app.get('/konto/api-tokens/:id/widerrufen', async (c) => {
    const { user } = requireSessionUser(c);
    const token = (await findApiTokens(db, user.id)).find((t) => String(t.id) === c.req.param('id') && !t.revokedAt);
    if (!token) throw new AppError('NOT_FOUND', 'Dieses API-Token gibt es nicht oder es ist schon widerrufen.');
    return renderPage(c, 
      <ConfirmPage
        csrf={csrfToken(c)}
        title="API-Token widerrufen"
        text={`Wollen Sie das API-Token „${token.name}“ (${token.hint}) widerrufen? Programme, die es benutzen, werden sofort abgewiesen. Das lässt sich nicht rückgängig machen.`}
        action={`/konto/api-tokens/${token.id}/widerrufen`}
        confirmLabel="Ja, widerrufen"
        backHref="/konto#api-tokens"
      />,
    );
  });

  app.post('/konto/api-tokens/:id/widerrufen', async (c) => {
    const { user } = requireSessionUser(c);
    requirePermission(c, 'apiToken.manage', { ownerUserId: user.id });
    await db.transaction((tx) => revokeApiToken(tx, user.id, c.req.param('id')));
    return c.redirect('/konto?gespeichert=widerrufen', 303);
  });

  // Who am I – for API clients checking their token (session or Bearer).
  app.get('/api/konto', async (c) => {
    const actor = requireActor(c);
    const user = await getUser(db, actor.userId);
    return c.json({ id: user.id, name: user.name, email: user.email, role: user.role, ags: user.ags });
  });

  // ── User administration ─────────────────────────────────────────────────────
  async function usersProps(c: Context, extra: Partial<UsersPageProps> = {}): Promise<UsersPageProps> {
    const actor = requirePermission(c, 'user.manage');
    const me = getCurrentUser(c);
    return {
      csrf: csrfToken(c),
      currentUser: { id: actor.userId, name: me?.name ?? '' },
      users: await findUsers(db),
      waiting: await findWaitingAccounts(db),
      districts: (await findDistricts(db)).map((d) => ({ ags: d.ags, name: d.officialName })),
      ...extra,
    };
  }

  const USER_NOTICES: Record<string, string> = {
    geaendert: 'Das Konto wurde geändert.',
    deaktiviert: 'Das Konto wurde deaktiviert; seine Sitzungen und API-Tokens gelten nicht mehr.',
    reaktiviert: 'Das Konto wurde wieder aktiviert.',
    zugewiesen: 'Das Landeskonto hat Rolle und Zuständigkeit erhalten; die Person kann sich jetzt mit dem Landeskonto anmelden.',
  };

  app.get('/admin/benutzer', async (c) => {
    noStore(c);
    const notice = USER_NOTICES[Object.keys(c.req.queries()).find((k) => k in USER_NOTICES) ?? ''];
    return renderPage(c, <UsersPage {...await usersProps(c, notice ? { notice } : {})} />);
  });

  app.post('/admin/benutzer', async (c) => {
    noStore(c);
    const actor = requirePermission(c, 'user.manage');
    const body = await form(c);
    const values = { name: body.name, email: body.email, role: body.role, ags: body.ags };
    try {
      const created = await db.transaction((tx) => createUser(tx, actor.userId, { name: body.name, email: body.email, role: body.role || undefined, ags: body.ags }));
      return renderPage(c, <UsersPage {...await usersProps(c, { created: { name: created.user.name, email: created.user.email, oneTimePassword: created.oneTimePassword } })} />, 201);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      const errors: Record<string, string> = {};
      for (const issue of error.issues) errors[issue.path.split('.')[0] || 'name'] ??= issue.message;
      return renderPage(c, <UsersPage {...await usersProps(c, { errors, values })} />, 422);
    }
  });

  async function userEditPage(c: Context, id: string, values?: Record<string, string | undefined>, errors: Record<string, string> = {}, status = 200) {
    const user = await getUser(db, id);
    const districts = (await findDistricts(db)).map((d) => ({ ags: d.ags, name: d.officialName }));
    const shown = values ?? { name: user.name, email: user.email, role: user.role, ags: user.ags ?? '' };
    return renderPage(c, <UserEditPage csrf={csrfToken(c)} user={user} values={shown} errors={errors} districts={districts} />, status as 200);
  }

  app.get('/admin/benutzer/:id/bearbeiten', (c) => {
    noStore(c);
    requirePermission(c, 'user.manage');
    return userEditPage(c, c.req.param('id'));
  });

  app.post('/admin/benutzer/:id/bearbeiten', async (c) => {
    noStore(c);
    const actor = requirePermission(c, 'user.manage');
    const body = await form(c);
    const values = { name: body.name, email: body.email, role: body.role, ags: body.ags };
    try {
      await db.transaction((tx) => updateUser(tx, actor.userId, c.req.param('id'), { name: body.name, email: body.email, role: body.role || undefined, ags: body.ags }));
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      const errors: Record<string, string> = {};
      for (const issue of error.issues) errors[issue.path.split('.')[0] || 'name'] ??= issue.message;
      return userEditPage(c, c.req.param('id'), values, errors, 422);
    }
    return c.redirect('/admin/benutzer?geaendert', 303);
  });

  app.get('/admin/benutzer/:id/deaktivieren', async (c) => {
    requirePermission(c, 'user.manage');
    const user = await getUser(db, c.req.param('id'));
    return renderPage(c, 
      <ConfirmPage
        csrf={csrfToken(c)}
        title="Konto deaktivieren"
        text={`Wollen Sie das Konto von ${user.name} (${user.email}) deaktivieren? Alle Sitzungen enden sofort, API-Tokens werden abgewiesen. Sie können das Konto später wieder aktivieren.`}
        action={`/admin/benutzer/${user.id}/deaktivieren`}
        confirmLabel="Ja, deaktivieren"
        backHref="/admin/benutzer"
      />,
    );
  });

  app.post('/admin/benutzer/:id/deaktivieren', async (c) => {
    const actor = requirePermission(c, 'user.manage');
    await db.transaction((tx) => deactivateUser(tx, actor.userId, c.req.param('id')));
    return c.redirect('/admin/benutzer?deaktiviert', 303);
  });

  app.get('/admin/benutzer/:id/zuruecksetzen', async (c) => {
    requirePermission(c, 'user.manage');
    const user = await getUser(db, c.req.param('id'));
    return renderPage(c, 
      <ConfirmPage
        csrf={csrfToken(c)}
        title="Zugang zurücksetzen"
        text={`Wollen Sie den Zugang von ${user.name} (${user.email}) zurücksetzen? Das bisherige Passwort und die Zwei-Faktor-Anmeldung gelten dann nicht mehr, alle Sitzungen enden, und Sie erhalten ein neues Einmalpasswort.`}
        action={`/admin/benutzer/${user.id}/zuruecksetzen`}
        confirmLabel="Ja, zurücksetzen"
        backHref="/admin/benutzer"
      />,
    );
  });

  app.post('/admin/benutzer/:id/zuruecksetzen', async (c) => {
    noStore(c);
    const actor = requirePermission(c, 'user.manage');
    if (Number(c.req.param('id')) === actor.userId) throw new AppError('CONFLICT', 'Ihren eigenen Zugang ändern Sie unter „Mein Konto“.');
    const reset = await db.transaction((tx) => resetUserAccess(tx, actor.userId, c.req.param('id')));
    return renderPage(c, <UsersPage {...await usersProps(c, { created: { name: reset.user.name, email: reset.user.email, oneTimePassword: reset.oneTimePassword }, createdKind: 'reset' })} />);
  });

  // A Landeskonto waiting for role and district (first sign-in without claims for them).
  async function waitingPage(c: Context, id: string, values: Record<string, string | undefined> = {}, errors: Record<string, string> = {}, status = 200) {
    const waiting = await getWaitingAccount(db, id);
    const districts = (await findDistricts(db)).map((d) => ({ ags: d.ags, name: d.officialName }));
    return renderPage(c, <WaitingAccountPage csrf={csrfToken(c)} account={waiting} values={values} errors={errors} districts={districts} />, status as 200);
  }

  app.get('/admin/benutzer/wartend/:id', (c) => {
    noStore(c);
    requirePermission(c, 'user.manage');
    return waitingPage(c, c.req.param('id'));
  });

  app.post('/admin/benutzer/wartend/:id', async (c) => {
    noStore(c);
    const actor = requirePermission(c, 'user.manage');
    const body = await form(c);
    try {
      await db.transaction((tx) => assignWaitingAccount(tx, actor.userId, c.req.param('id'), { role: body.role, ags: body.ags }));
    } catch (error) {
      if (!isAppError(error) || error.code !== 'VALIDATION_FAILED') throw error;
      const errors: Record<string, string> = {};
      for (const issue of error.issues) errors[issue.path.split('.')[0] || 'role'] ??= issue.message;
      return waitingPage(c, c.req.param('id'), { role: body.role, ags: body.ags }, errors, 422);
    }
    return c.redirect('/admin/benutzer?zugewiesen', 303);
  });

  app.post('/admin/benutzer/:id/reaktivieren', async (c) => {
    const actor = requirePermission(c, 'user.manage');
    await db.transaction((tx) => reactivateUser(tx, actor.userId, c.req.param('id')));
    return c.redirect('/admin/benutzer?reaktiviert', 303);
  });

  return app;
}
