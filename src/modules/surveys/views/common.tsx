import type { Child } from 'hono/jsx';
import { formatDate } from '../../../platform/format';
import { CsrfField } from '../../../ui/forms';

export const surveysPath = '/umfragen';
export const surveyPath = (id: number, page?: string) => `/umfragen/${id}${page ? `/${page}` : ''}`;
export const responsePath = (id: number, ags: string, page?: string) => `/umfragen/${id}/antwort/${ags}${page ? `/${page}` : ''}`;

export const dateText = (iso: string | null) => (iso ? formatDate(iso) : '–');

/** A one-button form (POST with CSRF and version), e.g. "Nach oben" in the editor. */
export function ActionForm({ action, csrf, version, fields = {}, children, variant = 'secondary' }: { action: string; csrf: string; version: number; fields?: Record<string, string>; children: Child; variant?: 'primary' | 'secondary' | 'tertiary' }) {
  return (
    <form method="post" action={action} class="survey-inline-form">
      <CsrfField token={csrf} />
      <input type="hidden" name="version" value={String(version)} />
      {Object.entries(fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button class={`kern-btn kern-btn--${variant}`} type="submit">
        <span class="kern-label">{children}</span>
      </button>
    </form>
  );
}

/** A labelled check box in the KERN style. */
export function CheckBox({ id, name, label, checked, describedBy }: { id: string; name: string; label: string; checked: boolean; describedBy?: string }) {
  return (
    <div class="kern-form-check">
      <input class="kern-form-check__checkbox" type="checkbox" id={id} name={name} value="1" checked={checked} aria-describedby={describedBy} />
      <label class="kern-label" for={id}>
        {label}
      </label>
    </div>
  );
}

/** A labelled radio button in the KERN style. */
export function Radio({ id, name, value, label, checked }: { id: string; name: string; value: string; label: string; checked: boolean }) {
  return (
    <div class="kern-form-check">
      <input class="kern-form-check__radio" type="radio" id={id} name={name} value={value} checked={checked} />
      <label class="kern-label" for={id}>
        {label}
      </label>
    </div>
  );
}
