import { parseEuro, parseGermanDate } from '../../platform/input';
import type { FieldErrors } from '../../ui/forms';

/** Form values as typed: every field a string of bounded length (multipart files and arrays are ignored). */
export function formString(body: Record<string, unknown>, name: string, max = 2000): string {
  const value = body[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** Collects field errors while turning typed euro amounts and German dates into cents and ISO dates. */
export class FormReader {
  readonly errors: FieldErrors = {};
  constructor(private readonly body: Record<string, unknown>) {}

  text(name: string, max = 2000): string {
    return formString(this.body, name, max);
  }

  /** Cents, or 0 with a field error ("" is an error only when required). */
  euro(name: string, required = true): number | null {
    const raw = this.text(name, 40).trim();
    if (raw === '' && !required) return null;
    const result = parseEuro(raw);
    if (!result.ok) {
      this.errors[name] ??= result.message;
      return null;
    }
    return result.cents;
  }

  date(name: string, required = true): string | null {
    const raw = this.text(name, 40).trim();
    if (raw === '' && !required) return null;
    const iso = parseGermanDate(raw);
    if (!iso) this.errors[name] ??= 'Bitte geben Sie ein gültiges Datum an (z. B. 5.5.2025).';
    return iso;
  }

  integer(name: string): number | null {
    const raw = this.text(name, 20).trim();
    if (raw === '') return null;
    if (!/^\d{1,6}$/.test(raw)) {
      this.errors[name] ??= 'Bitte geben Sie eine ganze Zahl ein.';
      return null;
    }
    return Number(raw);
  }

  /** The hidden `version` of the page; null (and a page-level error) when missing or broken. */
  version(): number | null {
    const raw = this.text('version', 20);
    return /^\d{1,9}$/.test(raw) ? Number(raw) : null;
  }

  get ok(): boolean {
    return Object.values(this.errors).every((e) => !e);
  }
}

/** Service issue paths → form field names; unknown paths land on `fallback`. */
export function fieldErrorsOf(issues: ReadonlyArray<{ path: string; message: string }>, names: (path: string) => string | undefined, fallback: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[names(issue.path) ?? fallback] ??= issue.message;
  return errors;
}
