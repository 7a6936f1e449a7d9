import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * The whole configuration, parsed once at start-up. A bad value stops the process with a German
 * message naming the variable (see formatConfigError).
 */
const DatabaseUrlSchema = z
  .string()
  .trim()
  .min(1, 'darf nicht leer sein')
  .refine(
    (value) => value === 'memory://' || value.startsWith('file:') || /^postgres(ql)?:\/\/.+/.test(value),
    'erwartet "file:./pfad" (eingebettete Datenbank), "memory://" oder "postgres://…"',
  );

/** "127.0.0.1, 10.0.0.0/8, ::1" → entries; each an IPv4/IPv6 address or CIDR range. */
const TrustedProxiesSchema = z
  .string()
  .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean))
  .superRefine((entries, ctx) => {
    for (const entry of entries) {
      const [address = '', prefix, extra] = entry.split('/');
      const family = isIP(address);
      const maxPrefix = family === 6 ? 128 : 32;
      const isValidPrefix = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
      if (family === 0 || !isValidPrefix || extra !== undefined) {
        ctx.addIssue({ code: 'custom', message: `„${entry}“ ist keine IP-Adresse und kein Adressbereich (erwartet z. B. 127.0.0.1, 10.0.0.0/8 oder ::1)` });
      }
    }
  });

/** Default Aktenzeichen of an Antrag (issue 13): `RPKS-57-AQB-<year>-<AGS>`. */
/**
 * The role names of the access module (src/modules/access/policy.ts), repeated here because the
 * platform layer cannot import a module; access/policy.test.ts checks that both lists agree.
 */
export const OIDC_ROLE_NAMES = ['hmsi', 'district', 'rp', 'admin'] as const;
export type OidcRoleName = (typeof OIDC_ROLE_NAMES)[number];

/** The callback path of the sign-in with the Landeskonto; OIDC_REDIRECT_URL must end with it. */
export const OIDC_CALLBACK_PATH = '/anmelden/landeskonto/rueckkehr';

/** https://… — plain http only for a provider on this machine (development, tests). */
const OidcUrlSchema = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      const isLoopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback);
    } catch {
      return false;
    }
  }, 'erwartet eine https://-Adresse (http:// nur für localhost oder 127.0.0.1)');

/** "a, b c" → ["a", "b", "c"] */
const ListSchema = z.string().transform((value) => value.split(/[\s,]+/).map((entry) => entry.trim()).filter(Boolean));

/** "GK-Koordination=district, HMSI-AQB=hmsi" → { "GK-Koordination": "district", … } */
const RoleMapSchema = z.string().transform((value, ctx) => {
  const map: Record<string, OidcRoleName> = {};
  for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
    const index = entry.lastIndexOf('=');
    const claimValue = entry.slice(0, index).trim();
    const role = entry.slice(index + 1).trim();
    if (index <= 0 || !claimValue) {
      ctx.addIssue({ code: 'custom', message: `„${entry}“: erwartet Anspruchswert=Rolle, z. B. GK-AQB=district` });
    } else if (!(OIDC_ROLE_NAMES as readonly string[]).includes(role)) {
      ctx.addIssue({ code: 'custom', message: `„${entry}“: unbekannte Rolle „${role}“ (erlaubt sind hmsi, district, rp, admin)` });
    } else {
      map[claimValue] = role as OidcRoleName;
    }
  }
  return map;
});

const ClaimNameSchema = z.string().trim().max(100, 'höchstens 100 Zeichen').regex(/^[A-Za-z0-9_:.\/-]+$/, 'nur Buchstaben, Ziffern und _ : . / -');

export const DEFAULT_AKTENZEICHEN_PATTERN = 'RPKS-57-AQB-{jahr}-{ags}';

const EnvSchema = z.object({
  PORT: z.coerce
    .number({ error: 'muss eine Zahl sein' })
    .int('muss eine ganze Zahl sein')
    .min(1, 'muss zwischen 1 und 65535 liegen')
    .max(65535, 'muss zwischen 1 und 65535 liegen')
    .default(3000),
  // Loopback unless said otherwise: behind a reverse proxy on the same machine nothing else should reach the app.
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  TRUSTED_PROXIES: TrustedProxiesSchema.default([]),
  DATABASE_URL: DatabaseUrlSchema.default('file:./data/aqb'),
  AQB_DEMO: z.enum(['0', '1'], { error: 'erlaubt sind 0 (aus) und 1 (an)' }).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent'], { error: 'erlaubt sind debug, info, warn, error, silent' }).default('info'),
  // Argon2id cost of password hashes. The defaults are OWASP's minimum; only the test suite lowers them.
  PASSWORD_HASH_MEMORY_KIB: z.coerce
    .number({ error: 'muss eine Zahl sein' })
    .int('muss eine ganze Zahl sein')
    .min(64, 'muss mindestens 64 (KiB) sein')
    .max(4_194_304, 'höchstens 4194304 (KiB)')
    .default(19_456),
  PASSWORD_HASH_TIME_COST: z.coerce.number({ error: 'muss eine Zahl sein' }).int('muss eine ganze Zahl sein').min(1, 'mindestens 1').max(10, 'höchstens 10').default(2),
  // Bearer token for GET /metrics; without it the endpoint does not exist (404).
  METRICS_TOKEN: z.string().trim().min(24, 'muss mindestens 24 Zeichen lang sein (z. B. openssl rand -hex 32)').max(256, 'höchstens 256 Zeichen').regex(/^[\x21-\x7e]+$/, 'nur sichtbare ASCII-Zeichen ohne Leerzeichen').optional(),
  AQB_PORTAL_CACHE_MB: z.coerce
    .number({ error: 'muss eine Zahl sein' })
    .int('muss eine ganze Zahl sein')
    .min(0, 'darf nicht negativ sein')
    .max(4096, 'höchstens 4096')
    .default(32),
  // The Aktenzeichen RP Kassel gives an Antrag at its Eingang; {jahr} and {ags} are filled in.
  AQB_AKTENZEICHEN_MUSTER: z
    .string()
    .trim()
    .max(80, 'höchstens 80 Zeichen')
    .regex(/^[A-Za-z0-9ÄÖÜäöüß .\/_{}-]+$/, 'nur Buchstaben, Ziffern, Leerzeichen und . / _ - sowie {jahr} und {ags}')
    .refine((pattern) => pattern.includes('{jahr}') && pattern.includes('{ags}'), 'muss {jahr} und {ags} enthalten, damit jedes Aktenzeichen eindeutig ist')
    .default(DEFAULT_AKTENZEICHEN_PATTERN),
  // Participant records are deleted at the end of this many years after the project's end (issue 14).
  AQB_TEILNEHMENDE_AUFBEWAHRUNG_JAHRE: z.coerce.number({ error: 'muss eine Zahl sein' }).int('muss eine ganze Zahl sein').min(1, 'mindestens 1 (Jahr)').max(30, 'höchstens 30 (Jahre)').default(5),
  // Sign-in with the state's identity provider (OpenID Connect, authorization code + PKCE).
  OIDC_ISSUER: OidcUrlSchema.optional(),
  OIDC_CLIENT_ID: z.string().trim().max(500, 'höchstens 500 Zeichen').optional(),
  OIDC_CLIENT_SECRET: z.string().max(2000, 'höchstens 2000 Zeichen').optional(),
  OIDC_REDIRECT_URL: OidcUrlSchema.refine((value) => !URL.canParse(value) || new URL(value).pathname === OIDC_CALLBACK_PATH, `muss auf ${OIDC_CALLBACK_PATH} enden, z. B. https://aqb.hessen.de${OIDC_CALLBACK_PATH}`).optional(),
  OIDC_SCOPES: ListSchema.refine((scopes) => scopes.includes('openid'), 'muss „openid“ enthalten').default(['openid', 'email', 'profile']),
  OIDC_ROLE_CLAIM: ClaimNameSchema.optional(),
  OIDC_ROLE_MAP: RoleMapSchema.optional(),
  OIDC_DISTRICT_CLAIM: ClaimNameSchema.optional(),
  OIDC_MFA_AMR: ListSchema.default(['mfa', 'otp', 'hwk']),
  OIDC_MFA_ACR: ListSchema.default([]),
  // Outgoing mail (issue 15): without SMTP_URL mails wait in the outbox (/admin/postausgang).
  SMTP_URL: z.string().trim().regex(/^smtps?:\/\/[^\s]+$/, 'muss mit smtp:// oder smtps:// beginnen, z. B. smtp://benutzer:passwort@mail.example.org:587').optional(),
  MAIL_FROM: z.string().trim().max(200, 'höchstens 200 Zeichen').regex(/^[^\r\n]*@[^\r\n]*$/, 'muss eine E-Mail-Adresse enthalten, z. B. "AQB-Steuerung <aqb@example.org>"').default('AQB-Steuerung <aqb-steuerung@localhost>'),
  // The address links in mails point to (the address users open in the browser).
  AQB_BASIS_URL: z.string().trim().regex(/^https?:\/\/[^\s\/]+(\/[^\s]*)?$/, 'muss mit http:// oder https:// beginnen, z. B. https://aqb.example.org').optional(),
});

/** The relying party's settings for the state's identity provider (all from OIDC_* variables). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The callback address registered at the provider (ends with OIDC_CALLBACK_PATH). */
  redirectUrl: string;
  /** Where the provider sends the browser after its sign-out: the sign-in page of this site. */
  postLogoutRedirectUrl: string;
  scopes: string[];
  /** The claim naming the role (a string or a list of strings); undefined: administrators assign roles. */
  roleClaim: string | undefined;
  /** Claim value → role; without OIDC_ROLE_MAP the role names themselves (hmsi, district, rp, admin). */
  roleMap: Record<string, OidcRoleName>;
  /** The claim carrying the AGS of a district user's Gebietskörperschaft. */
  districtClaim: string | undefined;
  /** `amr` values that count as a second factor at the provider (then no local TOTP code is asked). */
  mfaAmr: string[];
  /** `acr` values that count as a second factor. */
  mfaAcr: string[];
}

export type DatabaseTarget =
  | { kind: 'pglite-file'; url: string; dataDir: string }
  | { kind: 'pglite-memory'; url: string }
  | { kind: 'postgres'; url: string };

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  /** Demo data on: default on for the embedded database, off for PostgreSQL. */
  demo: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Argon2id cost for new password hashes (weaker stored hashes are rehashed at sign-in). */
  passwordHash: { memoryCost: number; timeCost: number };
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); empty: none. */
  trustedProxies: string[];
  /** Memory budget of the public portal's page cache in bytes (0: no cache). */
  portalCacheBytes: number;
  /** Bearer token of GET /metrics (undefined: no metrics endpoint). */
  metricsToken: string | undefined;
  /** AQB_AKTENZEICHEN_MUSTER: the Aktenzeichen proposed at the Eingang of an Antrag ({jahr}, {ags}). */
  aktenzeichenPattern: string;
  /** Participant records are deleted at the end of the n-th year after their project's end. */
  participantRetentionYears: number;
  /** Sign-in with the Landeskonto; undefined when OIDC_ISSUER is not set. */
  oidc: OidcConfig | undefined;
  /** SMTP_URL: the mail server (undefined: mails stay in the outbox). */
  smtpUrl: string | undefined;
  /** MAIL_FROM: the sender of every mail. */
  mailFrom: string;
  /** AQB_BASIS_URL without a trailing slash: links in mails (default http://localhost:PORT). */
  baseUrl: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(problems.map((p) => `${p.variable}: ${p.message}`).join('; '));
    this.name = 'ConfigError';
  }
}

/** Parses `DATABASE_URL` into a target. `file:./data/aqb` → PGlite directory `./data/aqb`. */
export function parseDatabaseTarget(url: string): DatabaseTarget {
  if (url === 'memory://') return { kind: 'pglite-memory', url };
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    return { kind: 'pglite-file', url, dataDir: path || './data/aqb' };
  }
  return { kind: 'postgres', url };
}

/** Reads the configuration from an environment map; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blankToUndefined = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value);
  const result = EnvSchema.safeParse({
    PORT: blankToUndefined(env.PORT),
    HOST: blankToUndefined(env.HOST),
    DATABASE_URL: blankToUndefined(env.DATABASE_URL),
    AQB_DEMO: blankToUndefined(env.AQB_DEMO),
    LOG_LEVEL: blankToUndefined(env.LOG_LEVEL),
    PASSWORD_HASH_MEMORY_KIB: blankToUndefined(env.PASSWORD_HASH_MEMORY_KIB),
    PASSWORD_HASH_TIME_COST: blankToUndefined(env.PASSWORD_HASH_TIME_COST),
    TRUSTED_PROXIES: blankToUndefined(env.TRUSTED_PROXIES),
    AQB_PORTAL_CACHE_MB: blankToUndefined(env.AQB_PORTAL_CACHE_MB),
    METRICS_TOKEN: blankToUndefined(env.METRICS_TOKEN),
    AQB_AKTENZEICHEN_MUSTER: blankToUndefined(env.AQB_AKTENZEICHEN_MUSTER),
    AQB_TEILNEHMENDE_AUFBEWAHRUNG_JAHRE: blankToUndefined(env.AQB_TEILNEHMENDE_AUFBEWAHRUNG_JAHRE),
    OIDC_ISSUER: blankToUndefined(env.OIDC_ISSUER),
    OIDC_CLIENT_ID: blankToUndefined(env.OIDC_CLIENT_ID),
    OIDC_CLIENT_SECRET: blankToUndefined(env.OIDC_CLIENT_SECRET),
    OIDC_REDIRECT_URL: blankToUndefined(env.OIDC_REDIRECT_URL),
    OIDC_SCOPES: blankToUndefined(env.OIDC_SCOPES),
    OIDC_ROLE_CLAIM: blankToUndefined(env.OIDC_ROLE_CLAIM),
    OIDC_ROLE_MAP: blankToUndefined(env.OIDC_ROLE_MAP),
    OIDC_DISTRICT_CLAIM: blankToUndefined(env.OIDC_DISTRICT_CLAIM),
    OIDC_MFA_AMR: blankToUndefined(env.OIDC_MFA_AMR),
    OIDC_MFA_ACR: blankToUndefined(env.OIDC_MFA_ACR),
    SMTP_URL: blankToUndefined(env.SMTP_URL),
    MAIL_FROM: blankToUndefined(env.MAIL_FROM),
    AQB_BASIS_URL: blankToUndefined(env.AQB_BASIS_URL),
  });
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), message: issue.message })));
  }
  const oidc = parseOidc(result.data);
  const database = parseDatabaseTarget(result.data.DATABASE_URL);
  const demo = result.data.AQB_DEMO === undefined ? database.kind !== 'postgres' : result.data.AQB_DEMO === '1';
  return {
    port: result.data.PORT,
    host: result.data.HOST,
    database,
    demo,
    logLevel: result.data.LOG_LEVEL,
    passwordHash: { memoryCost: result.data.PASSWORD_HASH_MEMORY_KIB, timeCost: result.data.PASSWORD_HASH_TIME_COST },
    trustedProxies: result.data.TRUSTED_PROXIES,
    portalCacheBytes: result.data.AQB_PORTAL_CACHE_MB * 1024 * 1024,
    metricsToken: result.data.METRICS_TOKEN,
    aktenzeichenPattern: result.data.AQB_AKTENZEICHEN_MUSTER,
    participantRetentionYears: result.data.AQB_TEILNEHMENDE_AUFBEWAHRUNG_JAHRE,
    smtpUrl: result.data.SMTP_URL,
    mailFrom: result.data.MAIL_FROM,
    baseUrl: (result.data.AQB_BASIS_URL ?? `http://localhost:${result.data.PORT}`).replace(/\/+$/, ''),
    oidc,
  };
}

/** The OIDC settings: none without OIDC_ISSUER; with it, client id, secret and redirect address are required. */
function parseOidc(data: z.infer<typeof EnvSchema>): OidcConfig | undefined {
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret, OIDC_REDIRECT_URL: redirectUrl } = data;
  if (!issuer) {
    const stray = (['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL', 'OIDC_ROLE_CLAIM', 'OIDC_DISTRICT_CLAIM'] as const).filter((name) => data[name] !== undefined);
    if (stray.length) throw new ConfigError(stray.map((variable) => ({ variable, message: 'ist gesetzt, aber OIDC_ISSUER fehlt (ohne OIDC_ISSUER gibt es keine Anmeldung mit dem Landeskonto)' })));
    return undefined;
  }
  const missing: { variable: string; message: string }[] = [];
  if (!clientId) missing.push({ variable: 'OIDC_CLIENT_ID', message: 'fehlt: die Client-ID, unter der AQB-Steuerung beim Identitätsanbieter registriert ist' });
  if (!clientSecret) missing.push({ variable: 'OIDC_CLIENT_SECRET', message: 'fehlt: das Client-Geheimnis aus der Registrierung beim Identitätsanbieter' });
  if (!redirectUrl) missing.push({ variable: 'OIDC_REDIRECT_URL', message: `fehlt: die beim Identitätsanbieter eingetragene Rücksprungadresse, z. B. https://aqb.hessen.de${OIDC_CALLBACK_PATH}` });
  if (data.OIDC_ROLE_MAP && !data.OIDC_ROLE_CLAIM) missing.push({ variable: 'OIDC_ROLE_MAP', message: 'ist gesetzt, aber OIDC_ROLE_CLAIM fehlt (welcher Anspruch nennt die Rolle?)' });
  if (missing.length || !clientId || !clientSecret || !redirectUrl) throw new ConfigError(missing);
  const identityMap = Object.fromEntries(OIDC_ROLE_NAMES.map((role) => [role, role])) as Record<string, OidcRoleName>;
  return {
    issuer,
    clientId,
    clientSecret,
    redirectUrl,
    postLogoutRedirectUrl: new URL('/anmelden?abgemeldet', redirectUrl).toString(),
    scopes: data.OIDC_SCOPES,
    roleClaim: data.OIDC_ROLE_CLAIM,
    roleMap: data.OIDC_ROLE_MAP ?? identityMap,
    districtClaim: data.OIDC_DISTRICT_CLAIM,
    mfaAmr: data.OIDC_MFA_AMR,
    mfaAcr: data.OIDC_MFA_ACR,
  };
}

/** The German start-up message for a configuration error. */
export function formatConfigError(error: ConfigError): string {
  const lines = error.problems.map((p) => `  – ${p.variable}: ${p.message}`);
  return ['AQB-Steuerung startet nicht: die Konfiguration ist ungültig.', ...lines].join('\n');
}
