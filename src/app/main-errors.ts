import { ConfigError, formatConfigError } from '../platform/env';
import { isAppError } from '../platform/errors';

/** Turns a start-up failure into a German message and exit code for the console. */
export function describeFatal(error: unknown): string {
  if (error instanceof ConfigError) return formatConfigError(error);
  if (isAppError(error)) {
    const issues = error.issues.map((i) => `  – ${i.path ? `${i.path}: ` : ''}${i.message}`);
    return [`Fehler: ${error.message}`, ...issues].join('\n');
  }
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '28P01' || code === '3D000') {
    return `Fehler: Die Datenbank ist nicht erreichbar (${code}). Bitte DATABASE_URL prüfen.`;
  }
  if (code === 'EADDRINUSE') return 'Fehler: Der Port ist bereits belegt. Bitte mit PORT einen anderen Port wählen.';
  return `Fehler: ${(error as Error)?.message ?? String(error)}`;
}
