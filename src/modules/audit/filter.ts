/**
 * The audit log's filter from the query string (/admin/protokoll?art=…&person=…): parsed, checked,
 * with German messages per field, and turned back into a query string for paging and export.
 */
import type { AuditFilter } from '../../platform/audit/store';
import { parseGermanDate } from '../../platform/input';

export interface AuditFilterForm {
  art: string;
  datensatz: string;
  person: string;
  aktion: string;
  von: string;
  bis: string;
}

export const EMPTY_FILTER_FORM: AuditFilterForm = { art: '', datensatz: '', person: '', aktion: '', von: '', bis: '' };


export function parseAuditFilter(query: Record<string, string | undefined>): { form: AuditFilterForm; filter: AuditFilter; errors: Record<string, string> } {
  const read = (key: keyof AuditFilterForm, max: number) => (query[key] ?? '').trim().slice(0, max);
  const form: AuditFilterForm = { art: read('art', 60), datensatz: read('datensatz', 120), person: read('person', 20), aktion: read('aktion', 80), von: read('von', 12), bis: read('bis', 12) };
  const errors: Record<string, string> = {};
  const filter: AuditFilter = {};
  if (form.art) filter.recordType = form.art;
  if (form.datensatz) filter.recordId = form.datensatz;
  if (form.aktion) filter.action = form.aktion;
  if (form.person === 'system') filter.actor = 'system';
  else if (form.person) {
    const id = Number(form.person);
    if (Number.isSafeInteger(id) && id > 0) filter.actor = id;
    else errors.person = 'Bitte wählen Sie eine Person aus der Liste.';
  }
  for (const key of ['von', 'bis'] as const) {
    if (!form[key]) continue;
    const iso = parseGermanDate(form[key]);
    if (iso) filter[key === 'von' ? 'from' : 'to'] = iso;
    else errors[key] = 'Bitte geben Sie ein gültiges Datum ein (TT.MM.JJJJ).';
  }
  if (filter.from && filter.to && filter.from > filter.to) errors.bis = 'Das Enddatum liegt vor dem Anfangsdatum.';
  return { form, filter: Object.keys(errors).length ? {} : filter, errors };
}

/** The filter as query string (without leading "?"), empty parts left out. */
export function filterQuery(form: AuditFilterForm, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...form, ...extra })) if (value) params.set(key, value);
  return params.toString();
}
