import * as client from 'openid-client';
import type { OidcConfig } from './env';

/**
 * The relying party of the sign-in with the state's identity provider (OpenID Connect,
 * authorization code flow with PKCE and nonce), on `openid-client`. Protocol only: which account
 * a person gets is decided by the access module (oidc-sign-in.ts). Nothing here logs a token.
 */

/** What the callback must check, remembered between the redirect to the provider and the return. */
export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** What the provider confirmed about the person, from the validated ID token (and the UserInfo endpoint). */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  /** Every claim of the ID token, merged with UserInfo where the provider has that endpoint. */
  claims: Record<string, unknown>;
  /** Authentication methods (`amr`) and context class (`acr`) the provider reports. */
  amr: string[];
  acr: string | undefined;
}

/** Why a return from the provider was refused; each has a German message (see OIDC_FAILURE_MESSAGES). */
export type OidcFailureReason = 'state_falsch' | 'anbieter_abgelehnt' | 'code_ungueltig' | 'token_abgelaufen' | 'token_ungueltig' | 'anbieter_nicht_erreichbar';

export class OidcFailure extends Error {
  constructor(
    readonly reason: OidcFailureReason,
    /** A short technical detail for the audit trail (an OAuth error code, never a token). */
    readonly detail: string,
  ) {
    super(`OIDC: ${reason} (${detail})`);
    this.name = 'OidcFailure';
  }
}

export interface OidcClientOptions {
  /**
   * Seconds the relying party's clock is off (openid-client's clockSkew); tests move it to make a
   * fresh ID token look expired. Production leaves it at 0.
   */
  clockSkewSeconds?: number;
}

export interface OidcClient {
  readonly config: OidcConfig;
  /** The address to send the browser to, and the checks to remember for its return. */
  beginSignIn(): Promise<{ url: string; checks: OidcChecks }>;
  /**
   * Validates the return (state, code exchange with the PKCE verifier, ID token signature,
   * issuer, audience, expiry, nonce) and returns the identity; throws OidcFailure.
   */
  completeSignIn(query: URLSearchParams, checks: OidcChecks): Promise<OidcIdentity>;
  /** The provider's end-session address with the way back to this site, or null when it has none. */
  endSessionUrl(): Promise<string | null>;
}

/** env.ts allows plain http only for a provider on loopback (development, tests). */
function isPlainHttp(url: string): boolean {
  return new URL(url).protocol === 'http:';
}

/** The codes openid-client/oauth4webapi use for an ID token outside its lifetime. */
const TIMESTAMP_CODES = new Set(['OAUTH_JWT_TIMESTAMP_CHECK_FAILED']);

function toFailure(error: unknown): OidcFailure {
  if (error instanceof OidcFailure) return error;
  const e = error as { code?: string; error?: string; name?: string; message?: string; cause?: unknown };
  if (e.name === 'AuthorizationResponseError') return new OidcFailure('anbieter_abgelehnt', String(e.error ?? 'error'));
  if (e.name === 'ResponseBodyError' && e.error === 'invalid_grant') return new OidcFailure('code_ungueltig', 'invalid_grant');
  if (e.code && TIMESTAMP_CODES.has(e.code)) return new OidcFailure('token_abgelaufen', e.code);
  if (e.code === 'OAUTH_INVALID_RESPONSE' && /state/i.test(e.message ?? '')) return new OidcFailure('state_falsch', 'state');
  const cause = e.cause as { code?: string } | undefined;
  if (e.name === 'TypeError' || cause?.code === 'ECONNREFUSED' || e.code === 'ECONNREFUSED') return new OidcFailure('anbieter_nicht_erreichbar', cause?.code ?? e.code ?? 'fetch');
  if (e.name === 'ResponseBodyError') return new OidcFailure('code_ungueltig', String(e.error ?? 'error'));
  return new OidcFailure('token_ungueltig', String(e.code ?? e.name ?? 'error').slice(0, 80));
}

/**
 * A client for the configured provider. The provider's metadata is fetched at the first use (not
 * at start-up, so the application starts while the provider is down) and kept; a failed fetch is
 * retried at the next sign-in.
 */
export function createOidcClient(config: OidcConfig, options: OidcClientOptions = {}): OidcClient {
  let discovered: Promise<client.Configuration> | undefined;

  function configuration(): Promise<client.Configuration> {
    discovered ??= (async () => {
      const insecure = isPlainHttp(config.issuer);
      const metadata: Partial<client.ClientMetadata> = { redirect_uris: [config.redirectUrl], response_types: ['code'] };
      if (options.clockSkewSeconds) metadata[client.clockSkew] = options.clockSkewSeconds;
      return client.discovery(new URL(config.issuer), config.clientId, metadata, client.ClientSecretBasic(config.clientSecret), {
        execute: insecure ? [client.allowInsecureRequests] : [],
        timeout: 10,
      });
    })().catch((error: unknown) => {
      discovered = undefined;
      throw new OidcFailure('anbieter_nicht_erreichbar', String((error as { code?: string }).code ?? (error as Error).name ?? 'discovery').slice(0, 80));
    });
    return discovered;
  }

  return {
    config,
    async beginSignIn() {
      const server = await configuration();
      const checks: OidcChecks = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
      const url = client.buildAuthorizationUrl(server, {
        redirect_uri: config.redirectUrl,
        scope: config.scopes.join(' '),
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url: url.toString(), checks };
    },
    async completeSignIn(query, checks) {
      const server = await configuration();
      // The address the provider sent the browser to, rebuilt from the configured redirect URL:
      // behind a proxy the request's own URL names the internal host.
      const current = new URL(config.redirectUrl);
      current.search = query.toString();
      if (query.get('state') !== checks.state && !query.has('error')) throw new OidcFailure('state_falsch', 'state');
      try {
        const tokens = await client.authorizationCodeGrant(server, current, { pkceCodeVerifier: checks.codeVerifier, expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true });
        const idClaims = tokens.claims();
        if (!idClaims) throw new OidcFailure('token_ungueltig', 'no_id_token');
        let claims: Record<string, unknown> = { ...idClaims };
        if (server.serverMetadata().userinfo_endpoint) {
          const info = await client.fetchUserInfo(server, tokens.access_token, idClaims.sub);
          // The ID token's own claims (iss, sub, amr, acr …) win over UserInfo.
          claims = { ...info, ...idClaims };
        }
        const amr = Array.isArray(idClaims.amr) ? idClaims.amr.filter((v): v is string => typeof v === 'string') : [];
        return { issuer: idClaims.iss, subject: idClaims.sub, claims, amr, acr: typeof idClaims.acr === 'string' ? idClaims.acr : undefined };
      } catch (error) {
        throw toFailure(error);
      }
    },
    async endSessionUrl() {
      let server: client.Configuration;
      try {
        server = await configuration();
      } catch {
        return null;
      }
      if (!server.serverMetadata().end_session_endpoint) return null;
      return client.buildEndSessionUrl(server, { client_id: config.clientId, post_logout_redirect_uri: config.postLogoutRedirectUrl }).toString();
    },
  };
}
