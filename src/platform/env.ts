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
  // Outgoing mail (issue 15): without SMTP_URL mails wait in the outbox (/admin/postausgang).
  SMTP_URL: z.string().trim().regex(/^smtps?:\/\/[^\s]+$/, 'muss mit smtp:// oder smtps:// beginnen, z. B. smtp://benutzer:passwort@mail.example.org:587').optional(),
  MAIL_FROM: z.string().trim().max(200, 'höchstens 200 Zeichen').regex(/^[^\r\n]*@[^\r\n]*$/, 'muss eine E-Mail-Adresse enthalten, z. B. "AQB-Steuerung <aqb@example.org>"').default('AQB-Steuerung <aqb-steuerung@localhost>'),
  // The address links in mails point to (the address users open in the browser).
  AQB_BASIS_URL: z.string().trim().regex(/^https?:\/\/[^\s\/]+(\/[^\s]*)?$/, 'muss mit http:// oder https:// beginnen, z. B. https://aqb.example.org').optional(),
});

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
    SMTP_URL: blankToUndefined(env.SMTP_URL),
    MAIL_FROM: blankToUndefined(env.MAIL_FROM),
    AQB_BASIS_URL: blankToUndefined(env.AQB_BASIS_URL),
  });
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), message: issue.message })));
  }
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
  };
}

/** The German start-up message for a configuration error. */
export function formatConfigError(error: ConfigError): string {
  const lines = error.problems.map((p) => `  – ${p.variable}: ${p.message}`);
  return ['AQB-Steuerung startet nicht: die Konfiguration ist ungültig.', ...lines].join('\n');
}
