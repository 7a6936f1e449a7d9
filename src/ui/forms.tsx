import type { Child } from 'hono/jsx';

/** Field errors keyed by field name; the message is shown next to the field and in the summary. */
export type FieldErrors = Record<string, string | undefined>;

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

export const idFor = (name: string) => `feld-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** Error summary at the top of a form, linking to each field (WCAG 3.3.1). */
export function ErrorSummary({ errors, labels, idPrefix = '' }: { errors: FieldErrors; labels?: Record<string, string>; /** When the fields carry `id={prefix + name}` (two forms with one field name on a page). */ idPrefix?: string }) {
  const entries = Object.entries(errors).filter((e): e is [string, string] => Boolean(e[1]));
  if (entries.length === 0) return null;
  return (
    <div class="kern-alert kern-alert--danger" role="alert" tabindex={-1} id="fehler">
      <div class="kern-alert__header">
        <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
        <h2 class="kern-title">Bitte prüfen Sie Ihre Eingaben</h2>
      </div>
      <div class="kern-alert__body">
        <ul class="kern-list kern-list--bullet">
          {entries.map(([name, message]) => (
            <li>
              <a class="kern-link" href={`#${idFor(idPrefix + name)}`}>
                {labels?.[name] ? `${labels[name]}: ` : ''}
                {message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

interface FieldProps {
  name: string;
  /** The element id when several fields of one name share a page (defaults to one derived from `name`). */
  id?: string;
  label: string;
  value?: string | number | null;
  error?: string;
  hint?: string;
  required?: boolean;
  /** Marks a field the system could not fill (e.g. missing in an imported file): to be typed in. */
  missing?: boolean;
}

function FieldMessages({ name, error, hint }: { name: string; error?: string; hint?: string }) {
  return (
    <>
      {hint ? (
        <p class="kern-hint" id={`${idFor(name)}-hinweis`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="kern-error" id={`${idFor(name)}-fehler`}>
          <span class="kern-icon kern-icon--danger" aria-hidden="true"></span>
          <span>{error}</span>
        </p>
      ) : null}
    </>
  );
}

function describedBy(name: string, error?: string, hint?: string): string | undefined {
  const ids = [hint ? `${idFor(name)}-hinweis` : '', error ? `${idFor(name)}-fehler` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** Label, hint and error around one control; the control gets id, name and the aria links. */
function Field(props: FieldProps & { control: (a11y: { id: string; name: string; required?: boolean; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => Child }) {
  const key = props.id ?? props.name;
  const id = idFor(key);
  return (
    <div class={`kern-form-input${props.error ? ' kern-form-input--error' : ''}${props.missing ? ' form-input--missing' : ''}`}>
      <label class="kern-label" for={id}>
        {props.label}
        {props.required ? null : <span class="kern-label__optional"> – optional</span>}
      </label>
      <FieldMessages name={key} error={props.error} hint={props.hint} />
      {props.control({
        id,
        name: props.name,
        required: props.required,
        'aria-invalid': props.error ? 'true' : undefined,
        'aria-describedby': describedBy(key, props.error, props.hint),
      })}
    </div>
  );
}

const inputClass = (error?: string) => `kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`;

/** A labelled text input with hint and error linked by aria-describedby. */
export function TextField(props: FieldProps & { type?: string; autocomplete?: string; inputmode?: string; maxlength?: number }) {
  return (
    <Field
      {...props}
      control={(a11y) => (
        <input
          {...a11y}
          class={inputClass(props.error)}
          type={props.type ?? 'text'}
          value={props.value ?? ''}
          autocomplete={props.autocomplete}
          inputmode={props.inputmode as 'text'}
          maxlength={props.maxlength}
        />
      )}
    />
  );
}

/** A labelled multi-line input. */
export function TextArea(props: FieldProps & { rows?: number; maxlength?: number }) {
  return (
    <Field
      {...props}
      control={(a11y) => (
        <textarea {...a11y} class={inputClass(props.error)} rows={props.rows ?? 4} maxlength={props.maxlength}>
          {props.value ?? ''}
        </textarea>
      )}
    />
  );
}

/** A labelled select. */
export function SelectField(props: FieldProps & { options: { value: string; label: string }[] }) {
  return (
    <Field
      {...props}
      control={(a11y) => (
        <div class="kern-form-input__select-wrapper">
          <select {...a11y} class="kern-form-input__select">
            {props.options.map((o) => (
              <option value={o.value} selected={String(props.value ?? '') === o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      )}
    />
  );
}

export function SubmitButton({ children, variant = 'primary', name, value }: { children: Child; variant?: 'primary' | 'secondary' | 'tertiary'; name?: string; value?: string }) {
  return (
    <button class={`kern-btn kern-btn--${variant}`} type="submit" name={name} value={value}>
      <span class="kern-label">{children}</span>
    </button>
  );
}

/** A success or info notice after a redirect (e.g. "Gespeichert."). */
export function Notice({ kind = 'success', title, children }: { kind?: 'success' | 'info' | 'warning' | 'danger'; title: string; children?: Child }) {
  return (
    <div class={`kern-alert kern-alert--${kind}`} role={kind === 'danger' ? 'alert' : 'status'}>
      <div class="kern-alert__header">
        <span class={`kern-icon kern-icon--${kind === 'danger' ? 'danger' : kind}`} aria-hidden="true"></span>
        <p class="kern-title">{title}</p>
      </div>
      {children ? <div class="kern-alert__body">{children}</div> : null}
    </div>
  );
}
