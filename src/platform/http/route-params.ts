import { AppError } from '../errors';
import { isAgs } from '../input';

/**
 * Path and form values every module's routes read the same way: a malformed path segment is a
 * page that does not exist (404, so ids and codes reveal nothing); a missing or malformed
 * optimistic-lock `version` in a form is a German validation error asking to reload the page.
 */
export function yearParam(value: string | undefined): number {
  if (!value || !/^\d{4}$/.test(value)) throw new AppError('NOT_FOUND');
  return Number(value);
}

export function agsParam(value: string | undefined): string {
  if (!isAgs(value)) throw new AppError('NOT_FOUND');
  return value;
}

/** A record id (serial) in the path. */
export function idParam(value: string | undefined): number {
  if (!value || !/^\d{1,9}$/.test(value)) throw new AppError('NOT_FOUND');
  return Number(value);
}

/**
 * The hidden `version` field of a form. `min` is the lowest version a record can have: 1 for a
 * stored record, 0 where the form may also create the first one ("no record yet").
 */
export function formVersion(body: Record<string, unknown>, min: 0 | 1 = 1): number {
  const value = body.version;
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value) || Number(value) < min) {
    throw new AppError('VALIDATION_FAILED', 'Die Version des Formulars fehlt. Bitte laden Sie die Seite neu.', { issues: [{ path: 'version', message: 'Fehlt' }] });
  }
  return Number(value);
}
