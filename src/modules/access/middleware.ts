import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AppError } from '../../platform/errors';
import { bindCsrfToSession, csrfToken } from '../../platform/http/csrf';
import type { RouteDeps } from '../../platform/http/deps';
import { getClientAddress } from '../../platform/http/client-address';
import { isHttps } from '../../platform/http/security-headers';
import { authenticateApiToken } from './api-tokens';
import { getActor, setActor } from './context';
import { authorize, can, type Action, type Actor, type PolicyResource, ROLE_LABELS } from './policy';
import type { NavItem, PageViewer } from '../../ui/layout';
import type { SessionUser } from './schema';
import { resolveSession, toActor, toSessionUser, type ResolvedSession } from './sessions';
import type { ClientMeta } from './sign-in';

/**
 * Session cookie: `__Host-aqb-session` (Secure, Path=/, no Domain) behind HTTPS; over plain HTTP
 * (local development, tests) browsers refuse Secure cookies, so the un-prefixed `aqb-session`.
 */
export function sessionCookieName(c: Context): string {
  return isHttps(c.req.url, c.req.header('x-forwarded-proto')) ? '__Host-aqb-session' : 'aqb-session';
}

export function setSessionCookie(c: Context, token: string): void {
  const name = sessionCookieName(c);
  // Lax, not Strict: a link from an e-mail to an agreement should arrive signed in. No Max-Age:
  // the cookie ends with the browser (shared office computers); the server enforces the timeouts.
  setCookie(c, name, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure: name.startsWith('__Host-') });
  // Every new session id gets its own CSRF token (the old one stops working).
  bindCsrfToSession(c, token);
}

export function clearSessionCookie(c: Context): void {
  const name = sessionCookieName(c);
  deleteCookie(c, name, { path: '/', secure: name.startsWith('__Host-') });
  bindCsrfToSession(c, null);
}

/**
 * The client address for throttling (the socket peer, or what a proxy listed in TRUSTED_PROXIES
 * forwarded, see platform/http/client-address.ts) and the user agent.
 */
export function clientMeta(c: Context): ClientMeta {
  return { ip: getClientAddress(c), userAgent: c.req.header('user-agent')?.slice(0, 500) ?? null };
}

/**
 * Resolves who is calling: a personal API token (`Authorization: Bearer aqb_…`) or the session
 * cookie. Sets the actor (null for anonymous visitors and half-finished sign-ins); a bad bearer
 * token is refused with 401 instead of silently falling back to anonymous.
 */
export function sessionMiddleware(deps: RouteDeps): MiddlewareHandler {
  const { db } = deps.database;
  return async (c, next) => {
    setActor(c, null);
    const authorization = c.req.header('authorization');
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      const caller = match ? await authenticateApiToken(db, match[1] as string) : null;
      if (!caller) throw new AppError('UNAUTHENTICATED', 'Das API-Token ist ungültig, widerrufen oder gehört zu einem deaktivierten Konto.');
      setActor(c, caller.actor);
      c.set('viewer', viewerOf(c, caller.actor, caller.name));
      c.set('authMethod', 'token');
      return next();
    }
    const token = getCookie(c, sessionCookieName(c));
    if (token) {
      const session = await resolveSession(db, token);
      if (!session) {
        clearSessionCookie(c);
      } else if (session.stage === 'active') {
        const actor = toActor(session.user);
        setActor(c, actor);
        if (actor) {
          const user = toSessionUser(session.user);
          c.set('sessionUser', user);
          c.set('viewer', viewerOf(c, actor, user.name));
        }
        c.set('authMethod', 'session');
      }
      if (session) c.set('session', session);
    }
    await next();
  };
}

/** The staff navigation entries and the permission each needs: a person sees only what they may open. */
const STAFF_NAVIGATION: Array<NavItem & { action?: Action }> = [
  { href: '/aufgaben', label: 'Meine Aufgaben' },
  { href: '/kalender', label: 'Kalender', action: 'calendar.read' },
  { href: '/', label: 'Landesübersicht' },
  { href: '/zielvereinbarungen', label: 'Zielvereinbarungen', action: 'agreement.read' },
  { href: '/projekte', label: 'Projekte', action: 'project.read' },
  { href: '/antraege', label: 'Anträge', action: 'antrag.read' },
  { href: '/mittel', label: 'Mittel', action: 'payment.read' },
  { href: '/foerderuebersicht', label: 'Förderübersicht', action: 'funding.overview' },
  { href: '/steuerung', label: 'Steuerung', action: 'monitoring.read' },
  { href: '/abweichungen', label: 'Abweichungen', action: 'deviation.read' },
  { href: '/umsetzungsbesprechungen', label: 'Umsetzungsbesprechungen', action: 'meeting.read' },
  { href: '/zielerreichung', label: 'Zielerreichung', action: 'achievement.read' },
  { href: '/landesbericht', label: 'Landesbericht', action: 'stateReport.read' },
  { href: '/vorlagen', label: 'Vorlagen', action: 'template.edit' },
  { href: '/jahre', label: 'AQB-Jahre', action: 'allocation.read' },
  { href: '/teilnehmende', label: 'Teilnehmende', action: 'participants.read' },
  { href: '/umfragen', label: 'Umfragen', action: 'survey.read' },
  { href: '/tagungen', label: 'Tagungen', action: 'event.read' },
  { href: '/gute-praxis', label: 'Gute Praxis', action: 'goodPractice.read' },
  { href: '/import', label: 'Import', action: 'import.run' },
  { href: '/admin/benutzer', label: 'Benutzer', action: 'user.manage' },
  { href: '/admin/protokoll', label: 'Protokoll', action: 'audit.read' },
  { href: '/admin/rueckmeldungen', label: 'Rückmeldungen', action: 'feedback.manage' },
  { href: '/admin/sicherung', label: 'Sicherung', action: 'system.backup' },
  { href: '/admin/postausgang', label: 'Postausgang', action: 'mail.manage' },
  { href: '/admin/briefkoepfe', label: 'Briefköpfe', action: 'masterdata.edit' },
];

/** The navigation of a signed-in person: the entries whose permission the policy grants them. */
export function staffNavigation(actor: Actor): NavItem[] {
  return STAFF_NAVIGATION.filter((item) => !item.action || can(actor, item.action)).map(({ href, label }) => ({ href, label }));
}

/** What the page shell shows of the signed-in person. */
function viewerOf(c: Context, actor: Actor, name: string): PageViewer {
  return { name, roleLabel: ROLE_LABELS[actor.role], csrfToken: csrfToken(c), nav: staffNavigation(actor) };
}

/** The session of the request, signed in or still signing in (stage ≠ active); null without one. */
export function getSession(c: Context): ResolvedSession | null {
  return c.get('session') ?? null;
}

/** The signed-in user (session sign-ins only, not API tokens) for views: name, role, AGS. */
export function getCurrentUser(c: Context): SessionUser | null {
  return c.get('sessionUser') ?? null;
}

/**
 * The signed-in actor, or UNAUTHENTICATED (the app redirects HTML requests to /anmelden?weiter=…
 * and answers /api/ requests with 401 JSON).
 */
export function requireActor(c: Context): Actor {
  const actor = getActor(c);
  if (!actor) throw new AppError('UNAUTHENTICATED');
  return actor;
}

/**
 * A signed-in actor allowed to do `action` (on `resource`), via `authorize()`; returns the actor.
 * Throws UNAUTHENTICATED without a sign-in (even for actions open to anonymous visitors – use
 * `can`/`authorize` with `getActor(c)` there), else FORBIDDEN / NOT_FOUND as the policy decides.
 */
export function requirePermission(c: Context, action: Action, resource?: PolicyResource): Actor {
  const actor = requireActor(c);
  authorize(actor, action, resource);
  return actor;
}

/** A safe local target for "weiter": a path on this site, never another origin. */
export function safeReturnPath(value: string | undefined | null): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\') || /[\u0000-\u001f]/.test(value)) return '/';
  return value;
}

/** Where an unauthenticated HTML request is sent: the sign-in page, coming back afterwards. */
export function loginRedirectPath(c: Context): string {
  const url = new URL(c.req.url);
  const back = c.req.method === 'GET' ? `${url.pathname}${url.search}` : '/';
  return back === '/' ? '/anmelden' : `/anmelden?weiter=${encodeURIComponent(back)}`;
}
