import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OidcConfig } from '../../src/platform/env';

/**
 * A real OpenID provider (the certified `oidc-provider` package) on loopback for the OIDC tests.
 * Its login and consent are one interaction that this helper answers itself: it signs in the
 * account the test chose with `nextLogin` (with the `amr`/`acr` the test wants) and grants the
 * requested scopes. Everything else — authorization endpoint, PKCE, code, token endpoint, ID token
 * signature, UserInfo, end-session — is the provider's own code.
 */

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  /** Custom claims, e.g. the role claim `aqb_rolle` and the district claim `ags`. */
  [claim: string]: unknown;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The relying party's configuration for this provider (redirect to http://localhost …). */
  config(overrides?: Partial<OidcConfig>): OidcConfig;
  /** Adds or replaces an account at the provider. */
  setAccount(id: string, claims: TestAccount): void;
  /** Who signs in at the next interaction, and how the provider says they did. */
  nextLogin(login: { accountId: string; amr?: string[]; acr?: string }): void;
  /**
   * Follows the browser's way from the authorization URL through the provider's interaction to
   * the redirect back to the relying party (fetch, a fresh cookie jar per call). Returns the
   * callback address (path and query on the relying party).
   */
  authorize(authorizationUrl: string): Promise<string>;
  close(): Promise<void>;
}

export const CLIENT_ID = 'aqb-steuerung';
export const CLIENT_SECRET = 'test-client-secret-0123456789abcdef';

/**
 * oidc-provider warns about Node 20 ("Unsupported runtime") while it works, and about its
 * in-memory storage (right for a test): those two lines are dropped, every other warning stays.
 */
const SILENCED = ['Unsupported runtime', 'in-memory adapter'];
async function importProvider() {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && SILENCED.some((text) => (args[0] as string).includes(text))) return;
    warn(...args);
  };
  return { Provider: (await import('oidc-provider')).default, restore: () => (console.warn = warn) };
}

/** `appOrigin`: where the relying party runs (default http://localhost, the in-process TestClient). */
export async function startTestProvider(options: { idTokenTtlSeconds?: number; appOrigin?: string } = {}): Promise<TestProvider> {
  const origin = options.appOrigin ?? 'http://localhost';
  const redirectUrl = `${origin}/anmelden/landeskonto/rueckkehr`;
  const postLogoutUrl = `${origin}/anmelden?abgemeldet`;
  const { Provider, restore } = await importProvider();
  const accounts = new Map<string, TestAccount>();
  let login: { accountId: string; amr?: string[]; acr?: string } | undefined;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server: Server = createServer((req, res) => handler?.(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [redirectUrl],
        post_logout_redirect_uris: [postLogoutUrl],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    jwks: { keys: [jwk as never] },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    pkce: { required: () => true },
    // amr and acr in the ID token at every sign-in, as the state's provider sends them (oidc-provider otherwise only on request).
    claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name', 'aqb_rolle', 'ags'] },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    ttl: { IdToken: options.idTokenTtlSeconds ?? 3600, AccessToken: 3600, AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600 },
    async findAccount(_ctx: unknown, id: string) {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
  } as never);
  const callback = provider.callback();

  handler = (req, res) => {
    if (!req.url?.startsWith('/interaction/')) {
      callback(req, res);
      return;
    }
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (!login) throw new Error('test provider: no nextLogin set');
        const grant = new provider.Grant({ accountId: login.accountId, clientId: String(details.params.client_id) });
        grant.addOIDCScope(String(details.params.scope));
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { login: { accountId: login.accountId, amr: login.amr, acr: login.acr }, consent: { grantId } }, { mergeWithLastSubmission: false });
      } catch (error) {
        res.statusCode = 500;
        res.end(String(error));
      }
    })();
  };

  return {
    issuer,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    config: (overrides = {}) => ({
      issuer,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUrl,
      postLogoutRedirectUrl: postLogoutUrl,
      scopes: ['openid', 'email', 'profile'],
      roleClaim: 'aqb_rolle',
      roleMap: { hmsi: 'hmsi', district: 'district', rp: 'rp', admin: 'admin' },
      districtClaim: 'ags',
      mfaAmr: ['mfa', 'otp', 'hwk'],
      mfaAcr: [],
      ...overrides,
    }),
    setAccount: (id, claims) => accounts.set(id, claims),
    nextLogin: (next) => {
      login = next;
    },
    async authorize(authorizationUrl) {
      const jar = new Map<string, string>();
      let url = authorizationUrl;
      for (let hop = 0; hop < 10; hop++) {
        const response = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
        for (const line of response.headers.getSetCookie()) {
          const [pair = ''] = line.split(';');
          const index = pair.indexOf('=');
          jar.set(pair.slice(0, index), pair.slice(index + 1));
        }
        const location = response.headers.get('location');
        if (!location) throw new Error(`test provider: no redirect from ${url} (${response.status}): ${(await response.text()).slice(0, 300)}`);
        const next = new URL(location, url);
        if (next.origin === origin) return `${next.pathname}${next.search}`;
        url = next.toString();
      }
      throw new Error('test provider: too many redirects');
    },
    close: () =>
      new Promise<void>((resolve) => {
        restore();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
