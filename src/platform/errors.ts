import { z } from 'zod';

// Every zod message a user can see is German: the built-in texts for checks without a message of
// our own come from zod's German locale. errors.ts is loaded by every entry point (server, CLI,
// tests through the modules), so this runs before any parsing.
z.config(z.locales.de());

/**
 * One error type with documented codes. Services throw AppError; the HTTP layer and the CLI map
 * the code to a status and show the German message. Nothing else reaches a user.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 422, message: 'Die Eingaben sind nicht gültig.' },
  NOT_FOUND: { status: 404, message: 'Die Seite oder der Datensatz wurde nicht gefunden.' },
  FORBIDDEN: { status: 403, message: 'Dafür fehlt Ihnen die Berechtigung.' },
  UNAUTHENTICATED: { status: 401, message: 'Bitte melden Sie sich an.' },
  CONFLICT: { status: 409, message: 'Der Datensatz wurde inzwischen geändert.' },
  INVALID_STATE_TRANSITION: { status: 409, message: 'Dieser Statuswechsel ist nicht erlaubt.' },
  TEMPLATE_MISSING: { status: 404, message: 'Für dieses AQB-Jahr ist keine Vorlage hinterlegt.' },
  UNKNOWN_DISTRICT: { status: 404, message: 'Diese Gebietskörperschaft ist nicht bekannt.' },
  NOT_AN_AGREEMENT: { status: 422, message: 'Der Text ist keine Zielvereinbarung.' },
  UNSUPPORTED_FILE: { status: 415, message: 'Dieses Dateiformat wird nicht unterstützt.' },
  FILE_TOO_LARGE: { status: 413, message: 'Die Datei ist zu groß.' },
  DATABASE_UNAVAILABLE: { status: 503, message: 'Die Datenbank ist zurzeit nicht erreichbar.' },
  DATABASE_LOCKED: { status: 503, message: 'Die Datenbank wird bereits von einem anderen Prozess verwendet.' },
  CONFIG_INVALID: { status: 500, message: 'Die Konfiguration ist ungültig.' },
  BACKUP_INVALID: { status: 422, message: 'Die Sicherungsdatei ist beschädigt oder unvollständig.' },
  RESTORE_REFUSED: { status: 409, message: 'Die Wiederherstellung wurde abgelehnt.' },
  RENDER_FAILED: { status: 500, message: 'Das Dokument konnte nicht erzeugt werden.' },
  INTERNAL: { status: 500, message: 'Ein interner Fehler ist aufgetreten.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldIssue {
  /** Dotted path of the field ("measures.2.projects.0.title"), empty for the whole input. */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[];
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message?: string, options?: { issues?: FieldIssue[]; details?: Record<string, unknown>; cause?: unknown }) {
    super(message ?? ERROR_CODES[code].message, { cause: options?.cause });
    this.name = 'AppError';
    this.code = code;
    this.issues = options?.issues ?? [];
    this.details = options?.details;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Turns zod issues into field issues with dotted paths. */
export function issuesFromZod(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** Throws VALIDATION_FAILED with every issue when the zod result failed; returns the data otherwise. */
export function unwrapZod<T>(
  result: { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } },
  message = ERROR_CODES.VALIDATION_FAILED.message,
): T {
  if (result.success) return result.data;
  throw new AppError('VALIDATION_FAILED', message, { issues: issuesFromZod(result.error) });
}

/** Everything from "params:" on: Drizzle puts the bound values (request data) there. */
const QUERY_PARAMS = /\nparams:[\s\S]*?(?=\n\s+at |$)/g;

/**
 * What the log may say about an error: its name, code and message (and stack) without request
 * data. A failed query's bound parameters – titles, names, whole form bodies – are cut, so no
 * request content and no personal data ends up in the log; the cause chain is followed for the
 * database's own message (e.g. "invalid byte sequence").
 */
export function describeErrorForLog(error: unknown): { error: string; stack?: string; cause?: string } {
  const strip = (text: string) => text.replace(QUERY_PARAMS, '\nparams: [entfernt]');
  if (!(error instanceof Error)) return { error: typeof error === 'string' ? strip(error).slice(0, 500) : typeof error };
  const code = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? `${error.cause.name}: ${strip(error.cause.message).slice(0, 500)}` : undefined;
  return {
    error: `${error.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${strip(error.message).slice(0, 1000)}`,
    ...(error.stack ? { stack: strip(error.stack) } : {}),
    ...(cause ? { cause } : {}),
  };
}
